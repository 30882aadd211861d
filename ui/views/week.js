// The week: one bar per day, billable and non-billable stacked, drawn as SVG, with the
// totals and where the time went.

import { call } from '../api.js';
import { h, hours, svg } from '../dom.js';

let ctx = null;
let container = null;
let offset = 0;

const W = 380;
const H = 200;
const PAD = { top: 18, bottom: 34, left: 8, right: 8 };

function chart(week) {
  const max = Math.max(8 * 60, ...week.days.map((d) => d.minutes));
  const scale = (H - PAD.top - PAD.bottom) / max;
  const slot = (W - PAD.left - PAD.right) / week.days.length;
  const barW = Math.min(34, slot * 0.56);
  const baseline = H - PAD.bottom;
  const guides = [];
  for (let m = 120; m <= max; m += 120) {
    const y = baseline - m * scale;
    guides.push(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'guide' }));
    guides.push(svg('text', { x: W - PAD.right, y: y - 3, class: 'guide-label', 'text-anchor': 'end', text: `${m / 60}h` }));
  }
  const bars = week.days.map((d, i) => {
    const x = PAD.left + slot * i + (slot - barW) / 2;
    const billH = d.billable_minutes * scale;
    const nonH = (d.minutes - d.billable_minutes) * scale;
    const title = `${d.weekday} ${d.date}: ${hours(d.minutes)} (${hours(d.billable_minutes)} billable)`;
    return svg('g', { class: `day${d.is_today ? ' today' : ''}`, testid: 'week-bar', 'data-date': d.date, 'data-minutes': d.minutes, 'data-billable-minutes': d.billable_minutes },
      svg('title', { text: title }),
      svg('rect', { x, y: baseline - billH, width: barW, height: Math.max(0, billH), rx: 3, class: 'bar-billable' }),
      svg('rect', { x, y: baseline - billH - nonH, width: barW, height: Math.max(0, nonH), rx: 3, class: 'bar-nonbillable' }),
      d.minutes > 0 && svg('text', { x: x + barW / 2, y: baseline - billH - nonH - 5, class: 'bar-value', 'text-anchor': 'middle', text: hours(d.minutes) }),
      svg('text', { x: x + barW / 2, y: baseline + 16, class: 'bar-label', 'text-anchor': 'middle', text: d.weekday }),
      svg('text', { x: x + barW / 2, y: baseline + 28, class: 'bar-date', 'text-anchor': 'middle', text: d.date.slice(8) }));
  });
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'week-chart', role: 'img', 'aria-label': `Hours per day, ${week.title}`, testid: 'week-chart' },
    ...guides,
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: baseline, y2: baseline, class: 'axis' }),
    ...bars);
}

async function refresh() {
  if (!container) return;
  const week = await call('week_report', { offset });
  const header = h('div', { class: 'day-header' },
    h('button', { class: 'icon-button', testid: 'week-prev', title: 'Previous week (←)', 'aria-label': 'Previous week', onclick: () => { offset -= 1; refresh(); } }, '‹'),
    h('div', { class: 'day-title' },
      h('h2', { testid: 'week-title' }, offset === 0 ? 'This week' : week.title),
      h('div', { class: 'muted small' }, offset === 0 ? week.title : '')),
    h('button', { class: 'icon-button', testid: 'week-next', title: 'Next week (→)', 'aria-label': 'Next week', disabled: offset >= 0, onclick: () => { offset += 1; refresh(); } }, '›'));
  const totals = h('div', { class: 'totals' },
    h('div', { class: 'total' }, h('div', { class: 'total-value', testid: 'week-total' }, hours(week.total_minutes)), h('div', { class: 'muted small' }, 'total')),
    h('div', { class: 'total' }, h('div', { class: 'total-value billable', testid: 'week-billable' }, hours(week.billable_minutes)), h('div', { class: 'muted small' }, 'billable')),
    h('div', { class: 'total' }, h('div', { class: 'total-value muted' }, hours(week.total_minutes - week.billable_minutes)), h('div', { class: 'muted small' }, 'non-billable')));
  const legend = h('div', { class: 'legend small muted' },
    h('span', { class: 'swatch billable' }), 'Billable', h('span', { class: 'swatch nonbillable' }), 'Non-billable');
  const targets = week.targets.length === 0
    ? h('div', { class: 'empty', testid: 'week-empty' }, h('p', { class: 'empty-title' }, 'Nothing tracked this week'),
      h('p', {}, 'Time you track or log shows up here, day by day.'))
    : h('ul', { class: 'list targets', testid: 'week-targets' }, week.targets.map((t) =>
      h('li', { class: 'target-row', testid: 'week-target', dataset: { target: t.target || '' } },
        h('span', { class: 'row-main' }, t.label),
        h('span', { class: 'row-value' }, t.total))));
  container.replaceChildren(header, totals, chart(week), legend, h('h3', { class: 'section-title' }, 'Where it went'), targets);
}

export default {
  render(el, context) {
    ctx = context;
    offset = 0;
    container = h('div', { class: 'view week-view', testid: 'view-week' });
    el.append(container);
    return refresh().catch((e) => ctx.toast(e.message, null, 'error'));
  },
  refresh() { refresh().catch(() => {}); },
  onKey(e) {
    if (e.key === 'ArrowLeft') { offset -= 1; refresh(); return true; }
    if (e.key === 'ArrowRight' && offset < 0) { offset += 1; refresh(); return true; }
    return false;
  },
  dispose() { container = null; },
};
