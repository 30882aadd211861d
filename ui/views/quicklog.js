// The quick-log box: past time in one line, with the CLI's grammar, and a live preview
// of what Punch understood (or why it can't log it yet) before Enter logs it.

import { call } from '../api.js';
import { h, kbd } from '../dom.js';

let ctx = null;
let input = null;
let preview = null;
let seq = 0;
let last = null;

const EXAMPLES = [
  ['1h30m @website fix login', 'today, on an alias'],
  ['yesterday 9:00-10:30 code review $', 'a range, billable'],
  ['45m standup !$', 'non-billable, no target yet'],
  ['mon 2h people:777 planning', 'a weekday and a target'],
];

function paint(p) {
  last = p;
  if (!p.error && !p.ok) { preview.replaceChildren(); return; }
  preview.className = `preview ${p.ok ? 'ok' : 'problem'}`;
  preview.replaceChildren(
    p.ok ? h('span', { class: 'preview-mark' }, '✓') : h('span', { class: 'preview-mark' }, '!'),
    h('div', {},
      p.summary && h('div', { testid: 'quicklog-summary' }, p.summary),
      p.error && h('div', { class: 'preview-error', testid: 'quicklog-error' }, p.error)));
  preview.dataset.ok = String(p.ok);
}

/** The box as tall as its text (up to the CSS's max-height), never a line more. */
function fit() {
  if (/[\r\n]/.test(input.value)) input.value = input.value.replace(/[\r\n]+/g, ' ');
  input.style.height = 'auto';
  input.style.height = `${input.scrollHeight + 2}px`;
}

async function update() {
  fit();
  const mine = ++seq;
  const p = await call('preview_quick_log', { text: input.value });
  if (mine !== seq) return;
  if (!input.value.trim()) { preview.replaceChildren(); preview.className = 'preview'; last = p; return; }
  paint(p);
}

async function submit() {
  try {
    const entry = await call('quick_log', { text: input.value });
    ctx.toast(`Logged ${entry.duration}${entry.label ? ` on ${entry.label.name}` : ''} · ${new Date(`${entry.date}T12:00:00`).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' })}`);
    input.value = '';
    fit();
    preview.replaceChildren();
    if (ctx.leaveAfterAction && ctx.leaveAfterAction()) return;
  } catch (e) {
    paint({ ok: false, summary: last && last.summary, error: e.message });
  }
}

export default {
  render(el, context) {
    ctx = context;
    // A textarea that grows, so a long expression stays whole on screen; it is still one
    // line to Punch: Enter logs it and a pasted line break becomes a space.
    input = h('textarea', {
      class: 'search quicklog-input', rows: '1', placeholder: 'yesterday 9:00-10:30 @website fix login',
      testid: 'quicklog-input', 'aria-label': 'Quick log', autocomplete: 'off', spellcheck: 'false',
    });
    input.addEventListener('input', update);
    preview = h('div', { class: 'preview', testid: 'quicklog-preview', 'aria-live': 'polite' });
    const examples = h('ul', { class: 'examples' }, EXAMPLES.map(([text, what]) =>
      h('li', {}, h('button', {
        class: 'row-button', onclick: () => { input.value = text; input.focus(); update(); },
      }, h('code', {}, text), h('span', { class: 'muted small' }, what)))));
    el.append(h('div', { class: 'view quicklog-view', testid: 'view-quick-log' },
      h('h2', { class: 'view-title' }, 'Log past time'),
      h('div', { class: 'search-wrap' }, input),
      preview,
      h('div', { class: 'actions' },
        h('button', { class: 'button primary', testid: 'quicklog-submit', onclick: submit }, 'Log ', kbd('Enter'))),
      h('h3', { class: 'section-title' }, 'Write it in any order'),
      h('p', { class: 'muted small' },
        'A date (today, yesterday, a weekday, 2026-11-23), a duration (1h30m, 90m, 1:30) or a range (09:00-10:30), ',
        'a target or @alias, $ for billable or !$ for not, and the rest is the note.'),
      examples));
    requestAnimationFrame(() => input.focus());
  },
  refresh() {},
  onKey(e) {
    if (e.key === 'Enter' && document.activeElement === input) { submit(); return true; }
    return false;
  },
  dispose() {},
};
