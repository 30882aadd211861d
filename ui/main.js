// The window's frame: which view shows, the keys that work everywhere, the status bar,
// toasts with undo, and re-reading the store whenever it changes.

import { call, onShowView, onStoreChanged } from './api.js';
import { h, kbd, typing } from './dom.js';
import timer from './views/timer.js';
import picker from './views/picker.js';
import quickLog from './views/quicklog.js';
import today from './views/today.js';
import week from './views/week.js';
import accounts from './views/accounts.js';
import settings from './views/settings.js';

const VIEWS = { timer, picker, 'quick-log': quickLog, today, week, accounts, settings };
const TAB_KEYS = { 1: 'timer', 2: 'today', 3: 'week', 4: 'accounts', 5: 'settings' };

const root = document.getElementById('view');
let current = null;
let currentName = null;
let launchedAs = null;
let previous = 'timer';

const ctx = {
  show,
  toast,
  refreshStatus,
  back() {
    show(previous && previous !== currentName ? previous : 'timer');
  },
  /** After a start or a log from a window opened only for it, the window goes away. */
  leaveAfterAction() {
    if (currentName === launchedAs && (launchedAs === 'quick-log' || launchedAs === 'picker')) {
      call('close_window');
      return true;
    }
    return false;
  },
  /** Esc at the top of a view: a window opened for one quick thing closes again. */
  leave() {
    if (currentName === launchedAs && (launchedAs === 'quick-log' || launchedAs === 'picker')) {
      call('close_window');
    } else if (currentName === 'picker' || currentName === 'quick-log') {
      ctx.back();
    } else if (currentName !== 'timer') {
      show('timer');
    } else {
      // Esc on the timer, the top of the window, puts the window away.
      call('close_window');
    }
  },
};

function show(name, options = {}) {
  const view = VIEWS[name] || timer;
  if (current && current.dispose) current.dispose();
  if (currentName && currentName !== name) previous = currentName;
  currentName = VIEWS[name] ? name : 'timer';
  current = view;
  document.body.dataset.view = currentName;
  for (const tab of document.querySelectorAll('[data-view]')) {
    const active = tab.dataset.view === currentName;
    tab.classList.toggle('active', active);
    tab.setAttribute('aria-selected', String(active));
  }
  root.replaceChildren();
  // A view's render gives back the promise of its first draw with the store's data.
  return view.render(root, ctx, options);
}

// --- status bar -----------------------------------------------------------------------

async function refreshStatus() {
  const el = document.getElementById('sync-status');
  try {
    const status = await call('status');
    const parts = [];
    if (status.rejected > 0) {
      parts.push(h('button', { class: 'link danger', testid: 'status-rejected', onclick: () => show('today') },
        `${status.rejected} refused by Zoho`));
    }
    if (status.pending > 0) {
      parts.push(h('button', { class: 'link', testid: 'status-pending', title: 'Sync now', onclick: syncNow },
        `${status.pending} waiting to sync`));
    }
    if (parts.length === 0) parts.push(h('span', { class: 'muted' }, 'All synced'));
    el.replaceChildren(...parts.flatMap((p, i) => (i ? [h('span', { class: 'dot' }, '·'), p] : [p])));
    idleBanner(status.idle);
  } catch (e) {
    el.textContent = e.message;
  }
}

/** On views other than the timer, a line that leads to the pending idle question. */
function idleBanner(question) {
  const el = document.getElementById('idle-banner');
  el.hidden = !question;
  if (!question) { el.replaceChildren(); return; }
  el.replaceChildren(h('button', {
    class: 'idle-banner-button', testid: 'idle-banner-open', onclick: () => show('timer'),
  },
  h('span', { class: 'idle-mark', 'aria-hidden': 'true' }),
  h('span', { class: 'idle-banner-text' }, `The timer ran ${question.duration} ${question.away}`),
  h('span', { class: 'idle-banner-go' }, 'Answer →')));
}

async function syncNow() {
  toast('Syncing…');
  try {
    const s = await call('sync_now');
    if (s.error) toast(s.error.message, null, 'error');
    else toast(`Sent ${s.pushed} to Zoho${s.rejected ? `, ${s.rejected} refused` : ''}${s.pending ? `, ${s.pending} still waiting` : ''}`);
  } catch (e) { toast(e.message, null, 'error'); }
}

// --- toasts ---------------------------------------------------------------------------

let toastTimer = null;
/** A short message; with `action` ({label, run}) a button (undo) for a few seconds. */
function toast(message, action = null, kind = 'info') {
  const el = document.getElementById('toast');
  clearTimeout(toastTimer);
  el.className = `toast toast-${kind}`;
  el.replaceChildren(h('span', { testid: 'toast-message' }, message));
  if (action) {
    el.append(h('button', {
      class: 'link', testid: 'toast-action',
      onclick: async () => { el.hidden = true; await action.run(); },
    }, action.label, ' ', kbd('Ctrl Z')));
    ctx.undo = async () => { el.hidden = true; ctx.undo = null; await action.run(); };
  } else {
    ctx.undo = null;
  }
  el.hidden = false;
  toastTimer = setTimeout(() => { el.hidden = true; ctx.undo = null; }, action ? 8000 : 4000);
}

// --- help -----------------------------------------------------------------------------

const SHORTCUTS = [
  ['/', 'Find a target and start'], ['Q', 'Quick log'], ['S', 'Stop the timer'],
  ['W', 'Switch to another target'], ['C', 'Continue the last entry'],
  ['1 – 5', 'Timer, Today, Week, Accounts, Settings'], ['↑ ↓', 'Move in lists'],
  ['Enter', 'Start, log, save'], ['E', 'Edit the selected entry'], ['Del', 'Delete it'],
  ['Ctrl Z', 'Undo a delete'], ['K D C P', 'Idle question: Keep, Discard, Discard and continue, Split'], ['← →', 'Previous / next day or week'], ['Esc', 'Close, cancel, go back'],
];

function toggleHelp(open) {
  const el = document.getElementById('help');
  const show = open ?? el.hidden;
  if (show) {
    el.replaceChildren(h('div', { class: 'sheet', role: 'dialog', 'aria-label': 'Keyboard shortcuts' },
      h('h2', {}, 'Keyboard shortcuts'),
      h('dl', { class: 'shortcuts' }, SHORTCUTS.flatMap(([k, what]) => [h('dt', {}, kbd(k)), h('dd', {}, what)])),
      h('button', { class: 'button', testid: 'help-close', onclick: () => toggleHelp(false) }, 'Close')));
  }
  el.hidden = !show;
}

// --- keys -----------------------------------------------------------------------------

document.addEventListener('keydown', async (e) => {
  const help = document.getElementById('help');
  if (e.key === 'Escape') {
    if (!help.hidden) { toggleHelp(false); e.preventDefault(); return; }
    if (current.onEscape && current.onEscape(e)) { e.preventDefault(); return; }
    e.preventDefault();
    ctx.leave();
    return;
  }
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && ctx.undo && !typing(e.target)) {
    e.preventDefault();
    ctx.undo();
    return;
  }
  if (e.altKey && TAB_KEYS[e.key]) { e.preventDefault(); show(TAB_KEYS[e.key]); return; }
  if (current.onKey && current.onKey(e)) { e.preventDefault(); return; }
  if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
  if (TAB_KEYS[e.key]) { show(TAB_KEYS[e.key]); e.preventDefault(); return; }
  switch (e.key) {
    case '/': e.preventDefault(); show('picker'); break;
    case 'q': case 'Q': case 'l': e.preventDefault(); show('quick-log'); break;
    case '?': e.preventDefault(); toggleHelp(); break;
    default:
  }
});

for (const el of document.querySelectorAll('[data-view]')) {
  el.addEventListener('click', () => show(el.dataset.view));
}
document.getElementById('help-button').addEventListener('click', () => toggleHelp());

// --- live changes -----------------------------------------------------------------------

let pending = null;
onStoreChanged(() => {
  // Several changes in a burst redraw once.
  if (pending) return;
  pending = requestAnimationFrame(() => {
    pending = null;
    refreshStatus();
    if (current && current.refresh) current.refresh();
  });
});
onShowView((name) => show(name));

// Follow the system's light/dark choice as it changes (CSS does the rest).
const dark = window.matchMedia('(prefers-color-scheme: dark)');
const applyScheme = () => { document.documentElement.dataset.scheme = dark.matches ? 'dark' : 'light'; };
dark.addEventListener('change', applyScheme);
applyScheme();

/** Once the first view and the status bar show the store's data and that frame is on
 *  screen: `body[data-ready]` for the tests, `ui_ready` for the bench's first paint. */
function firstPaint() {
  // The first callback runs before the frame is painted, the second after it was.
  requestAnimationFrame(() => requestAnimationFrame(() => {
    document.body.dataset.ready = 'true';
    call('ui_ready').catch(() => {});
  }));
}

(async () => {
  launchedAs = await call('initial_view').catch(() => 'timer');
  await Promise.allSettled([show(launchedAs), refreshStatus()]);
  firstPaint();
})();
