// Settings: the global hotkeys, what a tray click does, reminders, the long-timer and idle
// limits, autostart, keeping the window warm, and each account's timer mode.

import { call } from '../api.js';
import { h, kbd, PRODUCT_NAMES } from '../dom.js';

let ctx = null;
let container = null;
let dirty = false;

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input, hint && h('span', { class: 'hint muted small' }, hint));
}

function row(label, input) {
  return h('label', { class: 'field-row' }, h('span', { class: 'field-label' }, label), input);
}

function minutesInput(testid, value) {
  return h('input', { type: 'number', min: '1', max: '1440', testid, value: value ?? '', placeholder: 'off' });
}

function readMinutes(input) {
  const text = input.value.trim();
  return text === '' ? null : Number(text);
}

async function setMode(account, mode) {
  try {
    await call('set_timer_mode', { name: account.name, mode });
    ctx.toast(`${account.name}: ${mode === 'mirror' ? 'Zoho’s timer runs with Punch’s' : 'time is sent as logs when it stops'}`);
  } catch (e) { ctx.toast(e.message, null, 'error'); }
}

function render(view) {
  const s = view.settings;
  const hk = {
    toggle: h('input', { type: 'text', testid: 'settings-hotkey-toggle', value: s.hotkeys.toggle ?? '', placeholder: 'none' }),
    quick_log: h('input', { type: 'text', testid: 'settings-hotkey-quick-log', value: s.hotkeys.quick_log ?? '', placeholder: 'none' }),
    open_window: h('input', { type: 'text', testid: 'settings-hotkey-open-window', value: s.hotkeys.open_window ?? '', placeholder: 'none' }),
  };
  const trayClick = h('select', { testid: 'settings-tray-click' },
    h('option', { value: 'toggle', selected: s.tray_click === 'toggle' }, 'Stop, or continue the last entry'),
    h('option', { value: 'open_window', selected: s.tray_click === 'open_window' }, 'Open this window'));
  const longTimer = minutesInput('settings-long-timer', s.long_timer_minutes);
  const idle = minutesInput('settings-idle', s.idle_minutes);
  const pull = h('input', { type: 'number', min: '1', max: '1440', testid: 'settings-pull-every', value: s.pull_every_minutes });
  const remind = h('input', { type: 'checkbox', testid: 'settings-reminder', checked: s.reminder.enabled });
  const days = DAYS.map((d, i) => h('input', { type: 'checkbox', testid: `settings-reminder-day-${i + 1}`, checked: s.reminder.days.includes(i + 1), 'aria-label': d }));
  const start = h('input', { type: 'time', testid: 'settings-reminder-start', value: s.reminder.start });
  const end = h('input', { type: 'time', testid: 'settings-reminder-end', value: s.reminder.end });
  const quiet = h('input', { type: 'number', min: '1', max: '1440', testid: 'settings-reminder-quiet', value: s.reminder.quiet_minutes });
  const autostart = h('input', { type: 'checkbox', testid: 'settings-autostart', checked: view.autostart, disabled: !view.autostart_available });
  const warm = h('input', { type: 'checkbox', testid: 'settings-keep-warm', checked: s.keep_window_warm });
  const error = h('div', { class: 'form-error', testid: 'settings-error', role: 'alert' });
  const saved = h('span', { class: 'muted small', testid: 'settings-saved' });

  const save = async () => {
    error.textContent = '';
    const hotkey = (input) => (input.value.trim() === '' ? null : input.value.trim());
    const settings = {
      ...s,
      hotkeys: { toggle: hotkey(hk.toggle), quick_log: hotkey(hk.quick_log), open_window: hotkey(hk.open_window) },
      tray_click: trayClick.value,
      long_timer_minutes: readMinutes(longTimer),
      idle_minutes: readMinutes(idle),
      pull_every_minutes: Number(pull.value),
      reminder: {
        enabled: remind.checked,
        days: days.map((d, i) => (d.checked ? i + 1 : 0)).filter(Boolean),
        start: start.value, end: end.value, quiet_minutes: Number(quiet.value),
      },
      keep_window_warm: warm.checked,
    };
    try {
      await call('save_settings', { input: { settings, autostart: view.autostart_available ? autostart.checked : null } });
      dirty = false;
      saved.textContent = 'Saved';
      ctx.toast('Settings saved');
    } catch (e) { error.textContent = e.message; }
  };

  const modes = view.accounts.length === 0
    ? h('p', { class: 'muted small' }, 'Connect an account to choose how its timer reaches Zoho.')
    : h('ul', { class: 'list' }, view.accounts.map((a) => {
      const mode = h('select', { testid: 'settings-timer-mode', 'data-account': a.name, disabled: a.product === 'projects' },
        h('option', { value: 'log', selected: a.timer_mode === 'log' }, 'Send a log when it stops'),
        h('option', { value: 'mirror', selected: a.timer_mode === 'mirror' }, 'Run Zoho’s timer too'));
      mode.addEventListener('change', () => setMode(a, mode.value));
      return h('li', { class: 'setting-row' },
        h('span', {}, h('strong', {}, a.name), ' ', h('span', { class: 'muted small' }, PRODUCT_NAMES[a.product])), mode);
    }));

  const form = h('form', {
    class: 'settings-form', testid: 'settings-form',
    onsubmit: (e) => { e.preventDefault(); save(); },
    oninput: () => { dirty = true; saved.textContent = 'Unsaved changes'; },
  },
  h('section', { class: 'card' },
    h('h3', {}, 'Global shortcuts'),
    row('Start or stop', hk.toggle), row('Quick log', hk.quick_log), row('Open Punch', hk.open_window),
    h('p', { class: 'hint muted small' }, 'Like Super+Alt+T. Leave empty for none. On Wayland, bind them in your desktop’s settings to ',
      h('code', {}, 'punch toggle'), ' and ', h('code', {}, 'punch-app --view quick-log'), '.')),
  h('section', { class: 'card' },
    h('h3', {}, 'Tray'),
    field('A click on the icon', trayClick),
    h('label', { class: 'check' }, autostart, 'Start Punch’s tray when I log in'),
    h('label', { class: 'check' }, warm, 'Keep this window ready when closed'),
    h('span', { class: 'hint muted small check-hint' }, 'It opens instantly, and WebKit keeps its memory meanwhile.')),
  h('section', { class: 'card' },
    h('h3', {}, 'Nudges'),
    row('Ask about a timer running longer than (minutes)', longTimer),
    row('Ask about idle time after (minutes)', idle),
    h('p', { class: 'hint muted small' }, 'Leave a limit empty to never be asked.'),
    h('label', { class: 'check' }, remind, 'Remind me when nothing is tracked during working hours'),
    h('div', { class: 'days' }, days.map((d, i) => h('label', { class: 'day-check' }, d, DAYS[i]))),
    h('div', { class: 'grid-3' }, field('From', start), field('To', end), field('After (minutes)', quiet))),
  h('section', { class: 'card' },
    h('h3', {}, 'Sync'),
    row('Read changes from Zoho every (minutes)', pull),
    h('h4', {}, 'Timer mode per account'), modes),
  error,
  h('div', { class: 'actions sticky' },
    h('button', { class: 'button primary', type: 'submit', testid: 'settings-save' }, 'Save ', kbd('Ctrl S')), saved));
  container.replaceChildren(h('h2', { class: 'view-title' }, 'Settings'), form);
  form.save = save;
}

async function refresh(force = false) {
  if (!container || (dirty && !force)) return;
  try {
    render(await call('get_settings'));
  } catch (e) {
    container.replaceChildren(h('h2', { class: 'view-title' }, 'Settings'), h('div', { class: 'form-error', testid: 'settings-error' }, e.message));
  }
}

export default {
  render(el, context) {
    ctx = context;
    dirty = false;
    container = h('div', { class: 'view settings-view', testid: 'view-settings' });
    el.append(container);
    return refresh(true);
  },
  refresh() { refresh(); },
  onKey(e) {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      const form = container && container.querySelector('form');
      if (form && form.save) form.save();
      return true;
    }
    return false;
  },
  dispose() { container = null; },
};
