// A day's entries with their way to Zoho (pending, synced, refused in Zoho's words):
// edit one in place, delete with undo, continue one, step through the days.

import { call } from '../api.js';
import { h, hours, kbd, syncBadge } from '../dom.js';
import picker from './picker.js';

let ctx = null;
let container = null;
let day = null; // null: today; else YYYY-MM-DD
let view = null;
let selected = 0;
let editing = null; // entry id
let choosing = null; // the edit form waiting for the picker

function shiftDay(delta) {
  const base = new Date(`${view ? view.from : new Date().toISOString().slice(0, 10)}T12:00:00`);
  base.setDate(base.getDate() + delta);
  const iso = `${base.getFullYear()}-${String(base.getMonth() + 1).padStart(2, '0')}-${String(base.getDate()).padStart(2, '0')}`;
  const todayIso = (() => { const t = new Date(); return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`; })();
  day = iso >= todayIso ? null : iso;
  selected = 0;
  editing = null;
  refresh();
}

function dayTitle(v) {
  if (v.is_today) return 'Today';
  const d = new Date(`${v.from}T12:00:00`);
  return d.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long' });
}

async function remove(entry) {
  try {
    await call('delete_entry', { id: entry.id });
    ctx.toast(`Deleted ${entry.duration}${entry.label ? ` on ${entry.label.name}` : ''}`, {
      label: 'Undo',
      run: async () => {
        try { await call('undo_delete', { id: entry.id }); ctx.toast('Brought back'); } catch (e) { ctx.toast(e.message, null, 'error'); }
      },
    });
  } catch (e) { ctx.toast(e.message, null, 'error'); }
}

async function continueEntry(entry) {
  try {
    await call('continue_entry', { id: entry.id });
    ctx.toast(`Continuing ${entry.label ? entry.label.name : 'the entry'}`);
  } catch (e) { ctx.toast(e.message, null, 'error'); }
}

function editForm(entry) {
  const field = (label, input) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input);
  const target = h('input', { type: 'text', value: entry.target || '', placeholder: 'books:…, @alias, or empty', testid: 'edit-target' });
  const choose = h('button', {
    class: 'button small', type: 'button', testid: 'edit-choose-target',
    onclick: () => {
      choosing = { entry, form: null };
      container.replaceChildren();
      picker.render(container, ctx, {
        onChoose: (item) => { choosing = null; refresh({ target: item.target, account: item.account }); },
        onCancel: () => { choosing = null; refresh(); },
      });
    },
  }, 'Choose…');
  const date = h('input', { type: 'date', value: entry.date, testid: 'edit-date' });
  const timed = !!entry.start;
  const from = h('input', { type: 'time', value: entry.from, testid: 'edit-from' });
  const to = h('input', { type: 'time', value: entry.to, testid: 'edit-to' });
  const duration = h('input', { type: 'text', value: timed ? '' : entry.duration, placeholder: '1h30m', testid: 'edit-duration' });
  const note = h('input', { type: 'text', value: entry.note, testid: 'edit-note' });
  const billable = h('input', { type: 'checkbox', checked: entry.billable, testid: 'edit-billable' });
  const error = h('div', { class: 'form-error', testid: 'edit-error', role: 'alert' });
  const saveRunning = async () => {
    // A running entry has no end yet: only its start, target, note and flag change.
    const change = { note: note.value, billable: billable.checked };
    const stored = 'storedTarget' in entry ? entry.storedTarget : entry.target;
    if (target.value.trim() !== (stored || '')) change.target = target.value.trim();
    if (entry.chosenAccount && target.value.trim() === entry.target) change.account = entry.chosenAccount;
    if (from.value && from.value !== entry.from) change.start = from.value;
    try {
      await call('edit_running', { change });
      editing = null;
      ctx.toast('Saved');
      refresh();
    } catch (e) { error.textContent = e.message; }
  };
  const save = async () => {
    if (entry.running) { await saveRunning(); return; }
    const change = {};
    const stored = 'storedTarget' in entry ? entry.storedTarget : entry.target;
    if (target.value.trim() !== (stored || '')) change.target = target.value.trim();
    // A target chosen in the picker goes to the account its catalog entry came from.
    if (entry.chosenAccount && target.value.trim() === entry.target) change.account = entry.chosenAccount;
    if (date.value && date.value !== entry.date) change.date = date.value;
    if (timed && (from.value !== entry.from || to.value !== entry.to)) { change.from = from.value; change.to = to.value; }
    if (!timed && duration.value.trim() && duration.value.trim() !== entry.duration) change.duration = duration.value.trim();
    if (note.value !== entry.note) change.note = note.value;
    if (billable.checked !== entry.billable) change.billable = billable.checked;
    // Saving unchanged still sends it again: the way to retry an entry Zoho refused.
    if (Object.keys(change).length === 0) change.note = note.value;
    try {
      await call('edit_entry', { id: entry.id, change });
      editing = null;
      ctx.toast('Saved');
      refresh();
    } catch (e) { error.textContent = e.message; }
  };
  const form = h('form', {
    class: 'edit-form', testid: 'edit-form',
    onsubmit: (e) => { e.preventDefault(); save(); },
    onkeydown: (e) => { if (e.key === 'Enter' && e.target.tagName === 'INPUT' && e.target.type !== 'checkbox') { e.preventDefault(); save(); } },
  },
  field('Target', h('div', { class: 'inline' }, target, choose)),
  entry.running
    ? field('Started at', from)
    : h('div', { class: 'grid-2' }, field('Date', date),
      timed ? h('div', { class: 'inline times' }, field('From', from), field('To', to)) : field('Duration', duration)),
  field('Note', note),
  h('label', { class: 'check' }, billable, 'Billable'),
  error,
  h('div', { class: 'actions' },
    h('button', { class: 'button primary', type: 'submit', testid: 'edit-save' }, 'Save ', kbd('Enter')),
    h('button', { class: 'button', type: 'button', testid: 'edit-cancel', onclick: () => { editing = null; refresh(); } }, 'Cancel ', kbd('Esc'))));
  requestAnimationFrame(() => note.focus());
  form.dataset.entryId = entry.id;
  form.setTarget = (t) => { target.value = t; };
  return form;
}

function entryRow(entry, index) {
  const isSelected = index === selected;
  const what = entry.label ? entry.label.full : 'No target';
  const row = h('li', {
    class: `entry${isSelected ? ' selected' : ''}${entry.running ? ' running' : ''}${entry.sync.state === 'rejected' ? ' refused' : ''}`,
    testid: 'entry', dataset: { entryId: entry.id, state: entry.sync.state }, tabindex: '-1',
    onclick: (e) => { if (e.target.closest('button')) return; selected = index; paintSelection(); },
  },
  h('div', { class: 'entry-time' },
    h('span', { class: 'entry-duration', testid: 'entry-duration' }, entry.duration),
    entry.running && h('span', { class: 'entry-running', testid: 'entry-running' }, 'running'),
    h('span', { class: 'entry-times muted', testid: 'entry-times' }, entry.times)),
  h('div', { class: 'entry-body' },
    h('div', { class: 'entry-what' },
      h('span', { class: 'entry-target', testid: 'entry-target', title: entry.target || '' }, what),
      !entry.billable && h('span', { class: 'chip muted', title: 'Non-billable' }, 'non-billable'),
      entry.overlaps.length > 0 && h('span', { class: 'chip warn', title: `Overlaps ${entry.overlaps.join(', ')}` }, 'overlap')),
    entry.note && h('div', { class: 'entry-note muted', testid: 'entry-note' }, entry.note)),
  h('div', { class: 'entry-side' },
    // A running entry is not on its way to Zoho yet: "running" says all there is.
    !entry.running && syncBadge(entry),
    h('div', { class: 'entry-actions' },
      h('button', { class: 'icon-button', title: 'Continue (C)', 'aria-label': 'Continue', testid: 'entry-continue', onclick: () => continueEntry(entry) }, '▶'),
      h('button', { class: 'icon-button', title: 'Edit (E)', 'aria-label': 'Edit', testid: 'entry-edit', onclick: () => { editing = entry.id; selected = index; refresh(); } }, '✎'),
      h('button', { class: 'icon-button', title: 'Delete (Del)', 'aria-label': 'Delete', testid: 'entry-delete', onclick: () => remove(entry) }, '✕'))),
  entry.sync.state === 'rejected' && entry.sync.error && h('div', { class: 'entry-refusal', testid: 'entry-refusal' },
    h('strong', {}, 'Zoho refused it: '), entry.sync.error.message,
    entry.sync.error.zoho_code ? ` (${entry.sync.error.zoho_code})` : '',
    h('div', { class: 'muted small' }, 'Fix it (E) and save to send it again.')));
  return row;
}

function paintSelection() {
  const rows = container.querySelectorAll('li.entry');
  rows.forEach((r, i) => r.classList.toggle('selected', i === selected));
  if (rows[selected]) rows[selected].scrollIntoView({ block: 'nearest' });
}

async function refresh(fromPicker = null) {
  if (!container || choosing) return;
  if (editing && !fromPicker && container.querySelector('[data-testid="edit-form"]')) return;
  view = await call('list_entries', { from: day, to: day });
  selected = Math.min(selected, Math.max(0, view.entries.length - 1));
  const header = h('div', { class: 'day-header' },
    h('button', { class: 'icon-button', testid: 'day-prev', title: 'Previous day (←)', 'aria-label': 'Previous day', onclick: () => shiftDay(-1) }, '‹'),
    h('div', { class: 'day-title' },
      h('h2', { testid: 'day-title' }, dayTitle(view)),
      h('div', { class: 'muted small' }, h('span', { testid: 'day-total' }, hours(view.total_minutes)), ' tracked')),
    h('button', { class: 'icon-button', testid: 'day-next', title: 'Next day (→)', 'aria-label': 'Next day', disabled: view.is_today, onclick: () => shiftDay(1) }, '›'));
  let body;
  if (view.entries.length === 0) {
    body = h('div', { class: 'empty', testid: 'today-empty' },
      h('p', { class: 'empty-title' }, view.is_today ? 'Nothing tracked today' : 'Nothing tracked on this day'),
      h('p', {}, 'Start a timer on what you are doing, or log time you already spent.'),
      h('div', { class: 'actions center' },
        h('button', { class: 'button primary', testid: 'today-start', onclick: () => ctx.show('picker') }, 'Start a timer ', kbd('/')),
        h('button', { class: 'button', testid: 'today-log', onclick: () => ctx.show('quick-log') }, 'Log time ', kbd('Q'))));
  } else {
    body = h('ul', { class: 'entries', testid: 'entries' }, view.entries.map((entry, i) =>
      (editing === entry.id
        ? h('li', { class: 'entry editing', dataset: { entryId: entry.id } },
          editForm(fromPicker ? { ...entry, target: fromPicker.target, chosenAccount: fromPicker.account, storedTarget: entry.target } : entry))
        : entryRow(entry, i))));
  }
  container.replaceChildren(header, body);
}

export default {
  render(el, context) {
    ctx = context;
    container = h('div', { class: 'view today-view', testid: 'view-today' });
    el.append(container);
    editing = null;
    choosing = null;
    return refresh().catch((e) => ctx.toast(e.message, null, 'error'));
  },
  refresh() { refresh().catch(() => {}); },
  onKey(e) {
    if (choosing) return picker.onKey(e);
    if (editing || !view || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (document.activeElement && ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName)) return false;
    const entry = view.entries[selected];
    switch (e.key) {
      case 'ArrowDown': case 'j': selected = Math.min(selected + 1, view.entries.length - 1); paintSelection(); return true;
      case 'ArrowUp': case 'k': selected = Math.max(selected - 1, 0); paintSelection(); return true;
      case 'ArrowLeft': shiftDay(-1); return true;
      case 'ArrowRight': if (!view.is_today) shiftDay(1); return true;
      case 'e': case 'Enter': if (entry) { editing = entry.id; refresh(); } return !!entry;
      case 'Delete': case 'Backspace': case 'd': if (entry) remove(entry); return !!entry;
      case 'c': if (entry) continueEntry(entry); return !!entry;
      default: return false;
    }
  },
  onEscape() {
    if (choosing) { choosing = null; refresh(); return true; }
    if (editing) { editing = null; refresh(); return true; }
    return false;
  },
  dispose() { container = null; },
};
