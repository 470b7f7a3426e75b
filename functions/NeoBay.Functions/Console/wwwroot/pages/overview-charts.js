// The fund's charts on the overview (issue 17): commitments by fiscal year × article (stacked: issued, approved not yet
// issued), applications by measure and outcome (stacked by status), and the service days (average bar, p90 tick).
// Drawn as SVG from GET /admin/reports/commitments and /admin/reports/applications; every figure is also text and in the <title>.
import { t, yuan } from '../i18n.js';
import { api } from '../api.js';
import { h, s } from '../dom.js';

const ISSUED = '#146c2e', APPROVED = '#0b57d0', INK = '#1b1b1f';
const STATUS_COLOURS = {
  submitted: '#5f6368', evaluating: '#8a5300', eligible: '#00677d', ineligible: '#6a1b9a', approved: '#146c2e',
  rejected: '#b3261e', withdrawn: '#9aa0a6', evaluationFailed: '#3c4043',
};

export async function fundCharts() {
  const [commitments, applications] = await Promise.all([api('/admin/reports/commitments'), api('/admin/reports/applications')]);
  const rows = commitments.body.rows;
  const report = applications.body;
  return [
    h('h2', { id: 'chart-commitments' }, t('fund.commitments')),
    rows.length ? [
      stacked(rows.map(r => ({
        label: `${r.fiscalYear} · ${r.article}`,
        segments: [{ value: r.issued, colour: ISSUED }, { value: Math.max(0, r.approved - r.issued), colour: APPROVED }],
        text: t('fund.approvedIssued', { approved: yuan(r.approved), issued: yuan(r.issued) }),
      })), 'chart-commitments'),
      legend([[ISSUED, t('fund.issued')], [APPROVED, t('fund.notIssued')]]),
      h('p', { class: 'muted' }, t('fund.basis')),
    ] : h('p', {}, t('over.none')),
    h('h2', { id: 'chart-outcomes' }, t('fund.outcomes')),
    report.byMeasure.length ? [
      stacked(report.byMeasure.map(m => {
        const shown = Object.entries(m.outcomes).filter(([, n]) => n > 0);
        return {
          label: m.measure,
          segments: shown.map(([status, n]) => ({ value: n, colour: STATUS_COLOURS[status] ?? INK, name: `${t(`status.${status}`)} ${n}` })),
          text: `${shown.map(([status, n]) => `${t(`status.${status}`)} ${n}`).join(' · ')}${t('fund.total', { total: m.total })}`,
        };
      }), 'chart-outcomes'),
      legend(Object.keys(STATUS_COLOURS).filter(k => report.byMeasure.some(m => m.outcomes[k] > 0)).map(k => [STATUS_COLOURS[k], t(`status.${k}`)])),
    ] : h('p', {}, t('over.none')),
    h('h2', { id: 'chart-days' }, t('fund.days')),
    days(report.serviceDays),
  ];
}

/** Horizontal stacked bars: rows of { label, segments: [{ value, colour, name? }], text }; the text is written beside the bar. */
function stacked(rows, labelledBy) {
  const width = 760, left = 120, right = 300, bar = 20, gap = 8;
  const max = Math.max(1, ...rows.map(r => r.segments.reduce((sum, x) => sum + Number(x.value), 0)));
  const scale = (v) => (Number(v) / max) * (width - left - right);
  const height = rows.length * (bar + gap) + gap;
  return s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': labelledBy },
    s('title', {}, rows.map(r => `${r.label}: ${r.text}`).join('; ')),
    rows.map((r, i) => {
      const y = gap + i * (bar + gap);
      let x = left;
      const parts = r.segments.filter(p => Number(p.value) > 0).map(p => {
        const w = Math.max(1, scale(p.value));
        const rect = s('rect', { x, y, width: w, height: bar, fill: p.colour }, p.name ? s('title', {}, p.name) : null);
        x += w;
        return rect;
      });
      return s('g', { class: 'bar' },
        s('title', {}, `${r.label}: ${r.text}`),
        s('text', { x: left - 8, y: y + bar * 0.72, 'text-anchor': 'end' }, r.label),
        parts,
        s('text', { x: x + 6, y: y + bar * 0.72 }, r.text));
    }));
}

/** Days: per row (all, then each measure) and figure (→ decision, → first payment), a bar of the average and a tick at p90. */
function days(d) {
  const rows = [d.overall, ...d.byMeasure].flatMap(r => [['decision', r], ['firstPayment', r]].map(([kind, row]) => ({
    label: `${row.measure ?? t('fund.all')} · ${t(`fund.${kind}`)}`, f: row[kind],
  })));
  if (!rows.some(r => r.f.count > 0)) return h('p', {}, t('over.none'));
  const width = 760, left = 220, right = 260, bar = 16, gap = 10;
  const max = Math.max(1, ...rows.map(r => r.f.p90Days ?? 0));
  const x = (v) => left + (v / max) * (width - left - right);
  const height = rows.length * (bar + gap) + gap;
  const text = (f) => f.count ? t('fund.daysFigures', { average: f.averageDays.toFixed(1), p90: f.p90Days, count: f.count }) : t('fund.noDays');
  return [
    s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': 'chart-days' },
      s('title', {}, rows.map(r => `${r.label}: ${text(r.f)}`).join('; ')),
      rows.map((r, i) => {
        const y = gap + i * (bar + gap);
        const end = r.f.count ? Math.max(left + 1, x(r.f.averageDays)) : left;
        return s('g', { class: 'bar' },
          s('title', {}, `${r.label}: ${text(r.f)}`),
          s('text', { x: left - 8, y: y + bar * 0.8, 'text-anchor': 'end' }, r.label),
          r.f.count ? [
            s('rect', { x: left, y, width: end - left, height: bar, fill: APPROVED }),
            s('line', { x1: x(r.f.p90Days), x2: x(r.f.p90Days), y1: y - 3, y2: y + bar + 3, stroke: INK, 'stroke-width': 3 }),
          ] : null,
          s('text', { x: Math.max(end, r.f.count ? x(r.f.p90Days) : left) + 8, y: y + bar * 0.8 }, text(r.f)));
      })),
    h('p', { class: 'muted' }, t('fund.daysRule')),
  ];
}

function legend(entries) {
  return h('p', { class: 'muted' }, entries.map(([colour, name]) => h('span', {},
    s('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, s('rect', { width: 12, height: 12, fill: colour })), ` ${name}  `)));
}
