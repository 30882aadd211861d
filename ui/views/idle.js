// The idle question on the timer view: the timer ran while nobody was there, so Punch
// asks what that time was. Four answers, the same core command as `punch idle` and the
// tray's notification; Split… borrows the picker to choose the idle part's target.

import { call } from '../api.js';
import { h, kbd } from '../dom.js';
import picker from './picker.js';

const CAUSE_TITLES = { idle: 'Away from the keyboard', locked: 'Screen locked', sleep: 'Computer asleep' };

/** Sends `answer` (with the split's target); the toast says what it did. */
export async function answer(ctx, word, extra = {}) {
  try {
    const done = await call('answer_idle', { input: { answer: word, ...extra } });
    ctx.toast(done.message);
  } catch (e) {
    ctx.toast(e.message, null, 'error');
  }
}

/**
 * Opens the picker in `el` to choose the idle part's target ("No target" allowed);
 * `done()` runs when it is chosen or cancelled, so the caller draws itself again.
 */
export function split(el, ctx, question, done) {
  el.replaceChildren();
  picker.render(el, ctx, {
    title: `Where did ${question.times} (${question.duration}) go?`,
    allowNone: true,
    onChoose: async (item) => {
      done();
      await answer(ctx, 'split', item ? { target: item.target, account: item.account } : { target: null });
    },
    onCancel: done,
  });
}

/** The question's card; `onSplit` opens the picker. */
export function card(question, ctx, onSplit) {
  const entry = question.entry;
  const what = [entry.label ? entry.label.full : 'No target', entry.note].filter(Boolean).join(' · ');
  const button = (testid, cls, label, key, title, onclick) =>
    h('button', { class: `button ${cls}`, testid, title, onclick }, label, ' ', kbd(key));
  return h('section', {
    class: `card idle-card cause-${question.cause}`, testid: 'idle-question',
    role: 'group', 'aria-labelledby': 'idle-summary', dataset: { entryId: entry.id, cause: question.cause },
  },
  h('div', { class: 'idle-kicker', testid: 'idle-cause' }, h('span', { class: 'idle-mark', 'aria-hidden': 'true' }), CAUSE_TITLES[question.cause] || 'Away'),
  h('p', { class: 'idle-summary', id: 'idle-summary', testid: 'idle-summary' },
    'The timer ran ', h('strong', {}, question.times), ` (${question.duration}) ${question.away}`),
  h('p', { class: 'idle-entry muted small', testid: 'idle-entry' }, 'On ', what),
  h('div', { class: 'idle-actions' },
    button('idle-keep', 'primary', 'Keep', 'K', 'Count the time away as work', () => answer(ctx, 'keep')),
    button('idle-discard', '', 'Discard', 'D', `The entry ends at ${question.times.split('–')[0]}`, () => answer(ctx, 'discard')),
    button('idle-continue', '', 'Discard and continue', 'C', 'End at the start of the time away and start again now', () => answer(ctx, 'continue')),
    button('idle-split', '', 'Split…', 'P', 'Make the time away an entry of its own (a meeting, say)', onSplit)));
}

/** The keys that answer while the question shows; true when the key was used. */
export function onKey(e, ctx, onSplit) {
  switch (e.key.toLowerCase()) {
    case 'k': answer(ctx, 'keep'); return true;
    case 'd': answer(ctx, 'discard'); return true;
    case 'c': answer(ctx, 'continue'); return true;
    case 'p': onSplit(); return true;
    default: return false;
  }
}
