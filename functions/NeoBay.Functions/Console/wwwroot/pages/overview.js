// Overview: applications per status, approved amounts by measure and fiscal year (bars), decisions per month (line).
// Drawn as inline SVG with text labels on the marks, so the page reads the same on paper.
import { t, yuan } from '../i18n.js';
import { api } from '../api.js';
import { h, s, show } from '../dom.js';
import { fundCharts } from './overview-charts.js';

const COLORS = ['#0b57d0', '#146c2e', '#8a5300', '#6a1b9a', '#b3261e', '#00677d'];

export async function overviewPage() {
  const [o, fund] = await Promise.all([api('/overview').then(r => r.body), fundCharts()]);
  const statuses = Object.entries(o.statuses);
  const years = [...new Set(o.grants.map(g => g.fiscalYear))].sort();
  const measuresShown = [...new Set(o.grants.map(g => g.measure))].sort();
  show(t('over.title'),
    h('p', { class: 'no-print' }, h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('over.print'))),
    h('h2', { id: 'chart-statuses' }, t('over.statuses')),
    hbar(statuses.map(([k, v]) => [t(`status.${k}`), v, String(v)]), 'chart-statuses'),
    h('h2', { id: 'chart-amounts' }, t('over.amounts')),
    o.grants.length ? [
      hbar(o.grants.map(g => [`${g.measure} · ${g.fiscalYear}`, g.amount, `${yuan(g.amount)}（${g.grants}）`, COLORS[years.indexOf(g.fiscalYear) % COLORS.length]]), 'chart-amounts'),
      h('p', { class: 'muted' }, years.map((y, i) => h('span', {},
        s('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, s('rect', { width: 12, height: 12, fill: COLORS[i % COLORS.length] })), ` ${y}  `)))
    ] : h('p', {}, t('over.none')),
    h('h2', { id: 'chart-months' }, t('over.months')),
    o.months.length ? line(o.months, 'chart-months') : h('p', {}, t('over.none')),
    fund,
    h('p', { class: 'visually-hidden' }, measuresShown.join(', ')));
}

/** Horizontal bars: [label, value, shown text, colour?] rows; the label and the figure are text beside each bar. */
function hbar(rows, labelledBy) {
  const width = 760, left = 200, right = 190, bar = 20, gap = 8;
  const max = Math.max(1, ...rows.map(r => Number(r[1])));
  const height = rows.length * (bar + gap) + gap;
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': labelledBy },
    s('title', {}, rows.map(r => `${r[0]}: ${r[2]}`).join('; ')),
    rows.map(([label, value, text, colour], i) => {
      const y = gap + i * (bar + gap);
      const w = Math.max(1, (Number(value) / max) * (width - left - right));
      return s('g', {},
        s('text', { x: left - 8, y: y + bar * 0.72, 'text-anchor': 'end' }, label),
        s('rect', { x: left, y, width: w, height: bar, fill: colour ?? COLORS[0] }),
        s('text', { x: left + w + 6, y: y + bar * 0.72 }, text));
    }));
}

/** Monthly decisions: two lines (approved solid, rejected dashed) with a value label at every point. */
function line(months, labelledBy) {
  const width = 760, height = 260, left = 40, right = 20, top = 20, bottom = 40;
  const max = Math.max(1, ...months.flatMap(m => [m.approved, m.rejected]));
  const x = (i) => left + (months.length === 1 ? (width - left - right) / 2 : i * (width - left - right) / (months.length - 1));
  const y = (v) => top + (1 - v / max) * (height - top - bottom);
  const series = [['approved', COLORS[1], null], ['rejected', COLORS[4], '6 4']];
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': labelledBy },
    s('title', {}, months.map(m => `${m.month}: ${t('over.approved')} ${m.approved}, ${t('over.rejected')} ${m.rejected}`).join('; ')),
    s('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#1b1b1f' }),
    months.map((m, i) => s('text', { x: x(i), y: height - bottom + 18, 'text-anchor': 'middle' }, m.month)),
    series.map(([key, colour, dash]) => s('g', {},
      s('polyline', { points: months.map((m, i) => `${x(i)},${y(m[key])}`).join(' '), fill: 'none', stroke: colour, 'stroke-width': 2.5, 'stroke-dasharray': dash }),
      months.map((m, i) => [s('circle', { cx: x(i), cy: y(m[key]), r: 4, fill: colour }), s('text', { x: x(i) + 6, y: y(m[key]) - 6 }, `${t(`over.${key}`)} ${m[key]}`)]))));
}
