// Zoho accounts: each with its state (ok, needs login), sign in again, disconnect; and
// connecting a new one through the browser or a Self Client code. Punch works without.

import { call } from '../api.js';
import { h, PRODUCT_NAMES } from '../dom.js';

let ctx = null;
let container = null;
let form = null; // null, or { mode: 'connect' } / { mode: 'login', name }
let busy = false;

const DCS = [
  ['com', 'zoho.com (US)'], ['eu', 'zoho.eu (Europe)'], ['in', 'zoho.in (India)'], ['com.au', 'zoho.com.au (Australia)'],
  ['jp', 'zoho.jp (Japan)'], ['ca', 'zohocloud.ca (Canada)'], ['sa', 'zoho.sa (Saudi Arabia)'], ['uk', 'zoho.uk (UK)'],
  ['com.cn', 'zoho.com.cn (China)'],
];

function field(label, input, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), input, hint && h('span', { class: 'hint muted small' }, hint));
}

function select(testid, options, value) {
  return h('select', { testid }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

function whom(a) {
  if (a.product === 'books') return a.org ? `Organization ${a.org}` : '';
  if (a.product === 'projects') return a.portal ? `Portal ${a.portal}` : '';
  return a.user || '';
}

function signInPart() {
  const method = select('connect-method', [['code', 'A Self Client code'], ['browser', 'Sign in with the browser']], 'code');
  const code = h('input', { type: 'text', testid: 'connect-code', placeholder: '1000.xxxx…', autocomplete: 'off', spellcheck: 'false' });
  const codeField = field('Code', code, 'From the Self Client’s Generate Code tab, used within its lifetime.');
  const browserHint = h('p', { class: 'hint muted small', hidden: true },
    'Punch opens Zoho’s consent page in your browser and listens on 127.0.0.1:28417–28419 for the answer.');
  method.addEventListener('change', () => {
    codeField.hidden = method.value !== 'code';
    browserHint.hidden = method.value !== 'browser';
  });
  return {
    nodes: [field('Sign in with', method), codeField, browserHint],
    value: () => (method.value === 'code' ? { kind: 'code', code: code.value } : { kind: 'browser' }),
  };
}

function connectForm() {
  const product = select('connect-product', [['books', 'Zoho Books'], ['people', 'Zoho People'], ['projects', 'Zoho Projects']], 'people');
  const dc = select('connect-dc', DCS, 'com');
  const clientId = h('input', { type: 'text', testid: 'connect-client-id', autocomplete: 'off', spellcheck: 'false' });
  const secret = h('input', { type: 'password', testid: 'connect-client-secret', autocomplete: 'off' });
  const org = h('input', { type: 'text', testid: 'connect-org', placeholder: 'found for you when there is one' });
  const portal = h('input', { type: 'text', testid: 'connect-portal', placeholder: 'found for you when there is one' });
  const user = h('input', { type: 'text', testid: 'connect-user', placeholder: 'you@example.com' });
  const name = h('input', { type: 'text', testid: 'connect-name', placeholder: 'defaults to the product' });
  const mirror = h('input', { type: 'checkbox', testid: 'connect-mirror' });
  const orgField = field('Organization ID', org);
  const portalField = field('Portal', portal);
  const userField = field('User (email or employee ID)', user, 'Whose time is logged.');
  const mirrorField = h('label', { class: 'check' }, mirror, 'Run Zoho’s own timer while Punch’s runs');
  const sync = () => {
    orgField.hidden = product.value !== 'books';
    portalField.hidden = product.value !== 'projects';
    userField.hidden = product.value !== 'people';
    mirrorField.hidden = product.value === 'projects';
  };
  product.addEventListener('change', sync);
  sync();
  const signIn = signInPart();
  const error = h('div', { class: 'form-error', testid: 'connect-error', role: 'alert' });
  const submit = h('button', { class: 'button primary', type: 'submit', testid: 'connect-submit' }, 'Connect');
  const el = h('form', {
    class: 'card form', testid: 'connect-form',
    onsubmit: async (e) => {
      e.preventDefault();
      if (busy) return;
      busy = true;
      error.textContent = '';
      submit.disabled = true;
      submit.textContent = signIn.value().kind === 'browser' ? 'Waiting for Zoho in your browser…' : 'Connecting…';
      try {
        const result = await call('connect_account', {
          input: {
            product: product.value, dc: dc.value, client_id: clientId.value, client_secret: secret.value,
            org: org.value, portal: portal.value, user: user.value, name: name.value,
            mirror_timer: mirror.checked && product.value !== 'projects', sign_in: signIn.value(),
          },
        });
        form = null;
        ctx.toast(result.targets === null
          ? `Connected ${result.account.name}; its targets could not be fetched yet`
          : `Connected ${result.account.name} · ${result.targets} targets for the picker`);
        refresh();
      } catch (err) {
        error.textContent = err.message;
      } finally {
        busy = false;
        submit.disabled = false;
        submit.textContent = 'Connect';
      }
    },
  },
  h('h3', {}, 'Connect a Zoho account'),
  h('p', { class: 'muted small' }, 'Create a client once in Zoho’s API console (api-console.zoho.com, or your data center’s), then copy its Client ID and Secret here.'),
  h('div', { class: 'grid-2' }, field('Product', product), field('Data center', dc)),
  field('Client ID', clientId),
  field('Client Secret', secret),
  ...signIn.nodes,
  orgField, portalField, userField,
  field('Name in Punch', name),
  mirrorField,
  error,
  h('div', { class: 'actions' }, submit,
    h('button', { class: 'button', type: 'button', testid: 'connect-cancel', onclick: () => { form = null; refresh(); } }, 'Cancel')));
  requestAnimationFrame(() => clientId.focus());
  return el;
}

function loginForm(name) {
  const signIn = signInPart();
  const error = h('div', { class: 'form-error', testid: 'login-error', role: 'alert' });
  return h('form', {
    class: 'card form', testid: 'login-form',
    onsubmit: async (e) => {
      e.preventDefault();
      try {
        await call('login_account', { name, signIn: signIn.value() });
        form = null;
        ctx.toast(`Signed in to ${name} again`);
        refresh();
      } catch (err) { error.textContent = err.message; }
    },
  },
  h('h3', {}, `Sign in to ${name} again`),
  ...signIn.nodes, error,
  h('div', { class: 'actions' },
    h('button', { class: 'button primary', type: 'submit', testid: 'login-submit' }, 'Sign in'),
    h('button', { class: 'button', type: 'button', onclick: () => { form = null; refresh(); } }, 'Cancel')));
}

async function disconnect(account, force = false) {
  try {
    const removed = await call('disconnect_account', { name: account.name, force });
    ctx.toast(removed.revoked ? `Disconnected ${account.name}` : `Disconnected ${account.name} (Zoho was not reachable: revoke its token in the API console)`);
    refresh();
  } catch (e) {
    if (e.code === 'conflict' && window.confirm(`${e.message}\n\nDisconnect anyway?`)) {
      disconnect(account, true);
    } else if (e.code !== 'conflict') {
      ctx.toast(e.message, null, 'error');
    }
  }
}

function accountCard(a) {
  const needsLogin = a.state === 'needs_login';
  return h('li', { class: 'card account', testid: 'account', dataset: { name: a.name, state: a.state } },
    h('div', { class: 'account-head' },
      h('span', { class: `chip chip-${a.product}` }, PRODUCT_NAMES[a.product]),
      // Named after its product (the default), the name would only repeat the chip.
      h('strong', { class: `account-name${a.name === a.product ? ' same-as-product' : ''}`, testid: 'account-name' }, a.name),
      h('span', { class: `state ${needsLogin ? 'warn' : 'ok'}`, testid: 'account-state' }, needsLogin ? 'Needs login' : 'Connected')),
    h('div', { class: 'muted small' }, [whom(a), `zoho.${a.dc}`, a.timer_mode === 'mirror' ? 'Zoho’s timer runs with Punch’s' : 'Sends logs when a timer stops'].filter(Boolean).join(' · ')),
    needsLogin && h('p', { class: 'hint small', testid: 'account-needs-login' },
      'Zoho no longer accepts this account’s sign-in. Its time waits here; sign in again to send it.'),
    h('div', { class: 'actions' },
      needsLogin && h('button', { class: 'button primary small', testid: 'account-login', onclick: () => { form = { mode: 'login', name: a.name }; refresh(); } }, 'Sign in again'),
      h('button', { class: 'button small', testid: 'account-disconnect', onclick: () => disconnect(a) }, 'Disconnect')));
}

async function syncNow(button) {
  button.disabled = true;
  button.textContent = 'Syncing…';
  try {
    const s = await call('sync_now');
    const parts = [`Sent ${s.pushed}`, `merged ${s.pulled}`];
    if (s.rejected) parts.push(`${s.rejected} refused`);
    if (s.pending) parts.push(`${s.pending} still waiting`);
    ctx.toast(s.error ? `${s.error.message}` : parts.join(', '), null, s.error ? 'error' : 'info');
  } catch (e) { ctx.toast(e.message, null, 'error'); }
  button.disabled = false;
  button.textContent = 'Sync now';
}

async function refresh() {
  if (!container || busy) return;
  const list = await call('list_accounts');
  const parts = [h('h2', { class: 'view-title' }, 'Zoho accounts')];
  if (form && form.mode === 'connect') parts.push(connectForm());
  else if (form && form.mode === 'login') parts.push(loginForm(form.name));
  if (list.length === 0 && !form) {
    parts.push(h('div', { class: 'empty', testid: 'accounts-empty' },
      h('p', { class: 'empty-title' }, 'No Zoho account yet'),
      h('p', {}, 'Punch works locally: start timers and log time now, and connect Zoho Books, People or Projects when you are ready. Nothing is lost: time waits here until it can be sent.'),
      h('div', { class: 'actions center' },
        h('button', { class: 'button primary', testid: 'accounts-connect', onclick: () => { form = { mode: 'connect' }; refresh(); } }, 'Connect Zoho'))));
  } else if (list.length > 0) {
    parts.push(h('ul', { class: 'accounts', testid: 'accounts' }, list.map(accountCard)));
    if (!form) {
      const syncButton = h('button', { class: 'button', testid: 'accounts-sync' }, 'Sync now');
      syncButton.addEventListener('click', () => syncNow(syncButton));
      const refreshButton = h('button', { class: 'button', testid: 'accounts-refresh-catalog' }, 'Refresh targets');
      refreshButton.addEventListener('click', async () => {
        refreshButton.disabled = true;
        try { const n = await call('refresh_catalog'); ctx.toast(`${n} targets cached for the picker`); } catch (e) { ctx.toast(e.message, null, 'error'); }
        refreshButton.disabled = false;
      });
      parts.push(h('div', { class: 'actions' },
        h('button', { class: 'button primary', testid: 'accounts-connect', onclick: () => { form = { mode: 'connect' }; refresh(); } }, 'Connect another'),
        syncButton, refreshButton));
    }
  }
  container.replaceChildren(...parts);
}

export default {
  render(el, context) {
    ctx = context;
    form = null;
    container = h('div', { class: 'view accounts-view', testid: 'view-accounts' });
    el.append(container);
    return refresh().catch((e) => ctx.toast(e.message, null, 'error'));
  },
  refresh() { if (!form) refresh().catch(() => {}); },
  onKey(e) {
    if ((e.key === 'n' || e.key === 'Enter') && !form && !(document.activeElement && ['INPUT', 'SELECT'].includes(document.activeElement.tagName))) {
      form = { mode: 'connect' }; refresh(); return true;
    }
    return false;
  },
  onEscape() {
    if (form && !busy) { form = null; refresh(); return true; }
    return false;
  },
  dispose() { container = null; },
};
