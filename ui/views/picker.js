// The target picker: fuzzy search over the cached catalog of every account, recent and
// frequent first. Enter starts the highlighted target (a switch when a timer runs), or,
// when opened to choose a target for an edit or an idle split, hands it back (the split
// may hand back "No target").

import { call } from '../api.js';
import { h, kbd, PRODUCT_NAMES } from '../dom.js';

let ctx = null;
let items = [];
let selected = 0;
let list = null;
let search = null;
let note = null;
let billable = null;
let options = {};
let seq = 0;

function row(item, index) {
  const chips = [
    h('span', { class: `chip chip-${item.product}` }, PRODUCT_NAMES[item.product] || item.product),
    ...item.aliases.filter((a) => a !== item.name).map((a) => h('span', { class: 'chip' }, a)),
    !item.active && h('span', { class: 'chip muted' }, 'inactive'),
  ];
  return h('li', {
    class: `pick${index === selected ? ' selected' : ''}`,
    role: 'option', 'aria-selected': String(index === selected),
    testid: 'picker-item', dataset: { target: item.target, index },
    onclick: () => { selected = index; choose(); },
    onmousemove: () => { if (selected !== index) { selected = index; paint(); } },
  },
  h('div', { class: 'pick-main' },
    h('span', { class: 'pick-name', testid: 'picker-item-name' }, item.name),
    item.recent && h('span', { class: 'pick-recent', title: `${item.uses} entries lately` }, 'recent')),
  h('div', { class: 'pick-sub muted' },
    h('span', { testid: 'picker-item-project' }, item.project || (item.name === item.target ? 'not in the catalog' : item.target)), ...chips));
}

function paint() {
  if (!list) return;
  if (items.length === 0) {
    const query = search.value.trim();
    list.replaceChildren(h('li', { class: 'empty', testid: 'picker-empty' },
      query
        ? h('p', {}, `Nothing matches “${query}”. Enter starts a timer without a target; give it one later.`)
        : h('div', {},
          h('p', { class: 'empty-title' }, 'No targets yet'),
          h('p', {}, 'Punch works locally: Enter starts a timer without a target. Connect Zoho in Accounts and its projects, tasks and jobs show up here.'),
          h('button', { class: 'button', testid: 'picker-connect', onclick: () => ctx.show('accounts') }, 'Connect Zoho'))));
    return;
  }
  list.replaceChildren(...items.map(row));
  const el = list.children[selected];
  if (el) el.scrollIntoView({ block: 'nearest' });
}

async function update() {
  const mine = ++seq;
  const found = await call('pick_targets', { query: search.value, limit: 60 });
  if (mine !== seq) return; // a later keystroke's answer wins
  items = found;
  selected = Math.min(selected, Math.max(0, items.length - 1));
  paint();
}

async function choose() {
  const item = items[selected];
  if (options.onChoose) {
    // With "No target" allowed, Enter on an empty list hands back no target.
    if (item) options.onChoose(item);
    else if (options.allowNone) options.onChoose(null);
    return;
  }
  try {
    const entry = await call('start_timer', {
      input: { target: item ? item.target : null, account: item ? item.account : null, note: note.value, billable: billable.checked },
    });
    ctx.toast(`Started ${entry.label ? entry.label.name : 'a timer without a target'}`);
    if (ctx.leaveAfterAction && ctx.leaveAfterAction()) return;
    ctx.show('timer');
  } catch (e) {
    ctx.toast(e.message, null, 'error');
  }
}

export default {
  render(el, context, opts = {}) {
    ctx = context;
    options = opts;
    selected = 0;
    search = h('input', {
      type: 'search', class: 'search', placeholder: options.onChoose ? 'Choose a target…' : 'What are you working on?',
      testid: 'picker-search', 'aria-label': 'Search targets', autocomplete: 'off', spellcheck: 'false',
    });
    search.addEventListener('input', () => { selected = 0; update(); });
    note = h('input', { type: 'text', class: 'note-input', placeholder: 'Note (optional)', testid: 'picker-note', 'aria-label': 'Note' });
    billable = h('input', { type: 'checkbox', checked: true, testid: 'picker-billable' });
    list = h('ul', { class: 'picker-list', role: 'listbox', testid: 'picker-list' });
    const footer = options.onChoose
      ? h('div', { class: 'picker-footer muted small' },
        options.allowNone && h('button', {
          class: 'button small', type: 'button', testid: 'picker-no-target',
          title: 'Keep it on this machine; give it a target later', onclick: () => options.onChoose(null),
        }, 'No target'),
        h('span', {}, kbd('Enter'), ' choose · ', kbd('Esc'), ' cancel'))
      : h('div', { class: 'picker-footer' },
        note,
        h('label', { class: 'check' }, billable, 'Billable'),
        h('span', { class: 'muted small' }, kbd('Enter'), ' start'));
    el.append(h('div', { class: 'view picker-view', testid: 'view-picker' },
      options.title && h('h2', { class: 'picker-title', testid: 'picker-title' }, options.title),
      h('div', { class: 'search-wrap' }, search), list, footer));
    const drawn = update().catch((e) => ctx.toast(e.message, null, 'error'));
    requestAnimationFrame(() => search.focus());
    return drawn;
  },
  refresh() { update(); },
  onKey(e) {
    if (e.key === 'ArrowDown') { selected = Math.min(selected + 1, items.length - 1); paint(); return true; }
    if (e.key === 'ArrowUp') { selected = Math.max(selected - 1, 0); paint(); return true; }
    if (e.key === 'Enter' && (document.activeElement === search || document.activeElement === note)) { choose(); return true; }
    if (e.key === '/' && document.activeElement !== search) { search.focus(); search.select(); return true; }
    return false;
  },
  onEscape() {
    if (options.onCancel) { options.onCancel(); return true; }
    return false;
  },
  dispose() { list = null; },
};
