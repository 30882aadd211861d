// Small helpers for building the DOM without a framework, and the formats a person reads.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'testid') el.dataset.testid = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === 'testid') el.dataset.testid = value;
    else if (key === 'text') el.textContent = value;
    else el.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child) el.append(child);
  return el;
}

export function kbd(text) {
  return h('kbd', { text });
}

/** `1:05:09` from seconds. */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

/** `1h 30m` from minutes. */
export function hours(minutes) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  if (m === 0) return `${h}h`;
  return `${h}h ${m}m`;
}

export function localTime(iso) {
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** Is the user typing somewhere (so plain keys are text, not shortcuts)? */
export function typing(target) {
  const el = target instanceof Element ? target : document.activeElement;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export const PRODUCT_NAMES = { books: 'Books', people: 'People', projects: 'Projects' };

export function syncBadge(entry) {
  const state = entry.sync.state;
  const text = { local_only: 'local', pending: 'pending', synced: 'synced', rejected: 'refused' }[state] || state;
  const title = {
    local_only: 'No target: stays on this machine',
    pending: 'Waiting to be sent to Zoho',
    synced: 'In Zoho',
    rejected: entry.sync.error ? `Zoho refused it: ${entry.sync.error.message}` : 'Zoho refused it',
  }[state];
  return h('span', { class: `badge badge-${state}`, title, testid: 'entry-sync', dataset: { state } }, text);
}
