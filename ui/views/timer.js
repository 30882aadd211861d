// The timer: what runs, large, with its target, note and billable flag, Stop and Switch;
// when nothing runs, Start and Continue, and the targets used lately one click away.
// A pending idle question comes first, above all of it.

import { call } from '../api.js';
import { clock, h, hours, kbd, PRODUCT_NAMES } from '../dom.js';
import * as idleQuestion from './idle.js';
import picker from './picker.js';

let container = null;
let ctx = null;
let ticker = null;
let state = null;
let skew = 0;
let choosing = false; // the idle split's picker is open

function elapsedSeconds(entry) {
  return (Date.now() - skew - Date.parse(entry.start)) / 1000;
}

function targetBlock(entry) {
  if (!entry.label) {
    return h('div', { class: 'timer-target' },
      h('div', { class: 'timer-name', testid: 'timer-target' }, 'No target'),
      h('div', { class: 'timer-project muted' }, 'Stays on this machine until you give it one'));
  }
  return h('div', { class: 'timer-target' },
    h('div', { class: 'timer-name', testid: 'timer-target', title: entry.target }, entry.label.name),
    h('div', { class: 'timer-project muted', testid: 'timer-project' },
      [entry.label.project, PRODUCT_NAMES[entry.label.product]].filter(Boolean).join(' · ')));
}

async function stop() {
  try {
    const result = await call('stop_timer');
    ctx.toast(result.discarded
      ? 'Discarded: it ran under a minute (Zoho logs whole minutes)'
      : `Stopped · ${result.entry.duration} on ${result.entry.label ? result.entry.label.name : 'no target'}`);
  } catch (e) { ctx.toast(e.message, null, 'error'); }
}

async function continueEntry(id) {
  try {
    await call('continue_entry', { id });
  } catch (e) { ctx.toast(e.message, null, 'error'); }
}

function running(entry) {
  const note = h('input', {
    class: 'note-input', type: 'text', value: entry.note, placeholder: 'What are you doing? (note)',
    testid: 'timer-note', 'aria-label': 'Note',
  });
  const saveNote = async () => {
    if (note.value.trim() === entry.note) return;
    try { await call('edit_running', { change: { note: note.value } }); } catch (e) { ctx.toast(e.message, null, 'error'); }
  };
  note.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); note.blur(); }
  });
  note.addEventListener('blur', saveNote);
  const billable = h('input', { type: 'checkbox', checked: entry.billable, testid: 'timer-billable' });
  billable.addEventListener('change', async () => {
    try { await call('edit_running', { change: { billable: billable.checked } }); } catch (e) { ctx.toast(e.message, null, 'error'); }
  });
  const elapsed = h('div', { class: 'timer-clock', testid: 'timer-elapsed', 'aria-live': 'off' }, clock(elapsedSeconds(entry)));
  clearInterval(ticker);
  ticker = setInterval(() => { elapsed.textContent = clock(elapsedSeconds(entry)); }, 1000);
  return h('section', { class: 'card timer-card running', testid: 'timer-running', dataset: { entryId: entry.id } },
    h('div', { class: 'timer-state' }, h('span', { class: 'pulse' }), 'Tracking since ', h('span', { testid: 'timer-since' }, entry.from)),
    targetBlock(entry),
    elapsed,
    note,
    h('label', { class: 'check' }, billable, 'Billable'),
    h('div', { class: 'actions' },
      h('button', { class: 'button danger big', testid: 'timer-stop', onclick: stop }, 'Stop ', kbd('S')),
      h('button', { class: 'button big', testid: 'timer-switch', onclick: () => ctx.show('picker') }, 'Switch ', kbd('W'))));
}

function idle(last) {
  const children = [
    h('div', { class: 'timer-state muted' }, 'Not tracking'),
    h('div', { class: 'timer-clock idle', testid: 'timer-elapsed' }, '0:00:00'),
    h('div', { class: 'actions' },
      h('button', { class: 'button primary big', testid: 'timer-start', onclick: () => ctx.show('picker') }, 'Start… ', kbd('/')),
      last && h('button', {
        class: 'button big', testid: 'timer-continue', title: 'Continue the last entry',
        onclick: () => continueEntry(last.id),
      }, 'Continue ', kbd('C'))),
  ];
  if (!last) {
    children.push(h('p', { class: 'muted small teach', testid: 'timer-empty' },
      'Press / to pick what you work on, or Q to log time you already spent. ',
      'Punch works on its own; connect Zoho in Accounts when you want your time sent there.'));
  }
  if (last) {
    children.push(h('p', { class: 'muted small', testid: 'timer-last' },
      'Last: ', h('strong', {}, last.label ? last.label.full : 'No target'), last.note ? ` · ${last.note}` : ''));
  }
  return h('section', { class: 'card timer-card', testid: 'timer-idle' }, ...children);
}

async function recentList() {
  const items = await call('pick_targets', { query: '', limit: 5 });
  const recent = items.filter((i) => i.recent);
  if (recent.length === 0) return null;
  return h('section', { class: 'recent' },
    h('h3', { class: 'section-title' }, 'Recent'),
    h('ul', { class: 'list', testid: 'timer-recent' }, recent.map((item) =>
      h('li', {},
        h('button', {
          class: 'row-button', testid: 'timer-recent-item', dataset: { target: item.target },
          onclick: async () => {
            try { await call('start_timer', { input: { target: item.target, account: item.account } }); } catch (e) { ctx.toast(e.message, null, 'error'); }
          },
        },
        h('span', { class: 'row-main' }, item.name),
        h('span', { class: 'row-sub muted' }, [item.project, ...item.aliases.filter((a) => a !== item.name)].filter(Boolean).join(' · ')))))));
}

function openSplit() {
  if (!state || !state.idle) return;
  choosing = true;
  clearInterval(ticker);
  idleQuestion.split(container, ctx, state.idle, () => { choosing = false; refresh().catch(() => {}); });
}

async function refresh() {
  if (!container || choosing) return;
  const status = await call('status');
  state = status;
  skew = Date.now() - Date.parse(status.now);
  const main = status.running ? running(status.running) : idle(status.last);
  if (!status.running) clearInterval(ticker);
  const summary = h('div', { class: 'today-line' },
    h('button', { class: 'link', testid: 'timer-today', onclick: () => ctx.show('today') },
      'Today ', h('strong', {}, hours(status.today_minutes))),
    h('button', { class: 'link', testid: 'timer-quick-log', onclick: () => ctx.show('quick-log') }, 'Log past time ', kbd('Q')));
  const recent = await recentList().catch(() => null);
  if (!container || choosing) return;
  const question = status.idle ? idleQuestion.card(status.idle, ctx, openSplit) : '';
  const keep = document.activeElement && document.activeElement.dataset.testid === 'timer-note';
  // Don't pull the note out from under the user's fingers, unless the question came or went.
  if (keep && !!status.idle === !!container.querySelector('[data-testid="idle-question"]')) return;
  container.replaceChildren(question, main, summary, recent || '');
}

export default {
  render(el, context) {
    choosing = false;
    container = h('div', { class: 'view timer-view', testid: 'view-timer' });
    ctx = context;
    el.append(container);
    return refresh().catch((e) => ctx.toast(e.message, null, 'error'));
  },
  refresh() { refresh().catch(() => {}); },
  onKey(e) {
    if (choosing) return picker.onKey(e);
    if (e.ctrlKey || e.altKey || e.metaKey) return false;
    if (document.activeElement && ['INPUT', 'SELECT'].includes(document.activeElement.tagName)) return false;
    if (state && state.idle && idleQuestion.onKey(e, ctx, openSplit)) return true;
    const key = e.key.toLowerCase();
    if (key === 's' && state && state.running) { stop(); return true; }
    if (key === 'w' && state && state.running) { ctx.show('picker'); return true; }
    if (key === 'c' && state && !state.running && state.last) { continueEntry(state.last.id); return true; }
    if (e.key === 'Enter' && state && !state.running && document.activeElement === document.body) { ctx.show('picker'); return true; }
    return false;
  },
  onEscape() {
    if (!choosing) return false;
    choosing = false;
    refresh().catch(() => {});
    return true;
  },
  dispose() { clearInterval(ticker); container = null; choosing = false; },
};
