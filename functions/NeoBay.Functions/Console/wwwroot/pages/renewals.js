// The yearly renewal run: status per shard with progress bars; start/resume for admins.
import { t, yuan, date } from '../i18n.js';
import { api, session } from '../api.js';
import { h, show, errorBox, table, announce } from '../dom.js';

const SHARDS = 16;
let year = new Date().getFullYear();

export async function renewalsPage() {
  let report = null;
  let problem = null;
  try {
    report = (await api(`/admin/renewals/${year}`)).body;
  } catch (error) {
    if (error.status !== 404) problem = error;
  }
  const admin = session()?.role === 'admin';
  const message = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); year = Number(new FormData(e.target).get('year')); renewalsPage(); } },
    h('div', { class: 'field' }, h('label', { for: 'year' }, t('renew.year')), h('input', { id: 'year', name: 'year', type: 'number', min: '2024', max: '2035', value: String(year) })),
    h('button', { type: 'submit' }, t('renew.load')),
    admin ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try {
        await api(`/admin/renewals/${year}`, { method: 'POST' });
        announce(t('renew.started'));
        await renewalsPage();
      } catch (error) {
        message.replaceChildren(errorBox(error));
      }
    } }, t('renew.start')) : null);

  if (!report) return show(t('renew.title'), form, message, problem ? errorBox(problem) : h('p', {}, t('renew.notStarted', { year })));

  const byShard = new Map((report.shardProgress ?? []).map(s => [s.shard, s]));
  const shards = Array.from({ length: report.shards ?? SHARDS }, (_, n) => {
    const s = byShard.get(n);
    const label = `${t('renew.shard', { n })}: ${s?.done ? t('renew.done') : t('renew.running')}`;
    return h('div', { class: 'shard' },
      h('div', { id: `shard-${n}` }, label),
      h('progress', { max: '1', value: s?.done ? '1' : null, 'aria-labelledby': `shard-${n}` }),
      h('div', { class: 'muted' }, t('renew.pages', { pages: s?.pages ?? 0, grants: s?.grants ?? 0 })));
  });
  const totals = report.totals;
  show(t('renew.title'), form, message,
    h('p', {}, `${report.fiscalYear} · ${t(report.status === 'complete' ? 'renew.done' : 'renew.running')} · ${date(report.startedAt)} · ${report.startedBy}`),
    h('div', {}, h('label', { for: 'overall' }, t('renew.progress', { done: report.shardsDone, total: report.shards })),
      h('progress', { id: 'overall', max: String(report.shards), value: String(report.shardsDone) })),
    h('div', { class: 'shards' }, shards),
    h('h2', {}, t('renew.totals')),
    table(['', ...['grants', 'issued', 'issuedAmount', 'claimsOpened', 'failed'].map(k => h('th', { class: 'num', scope: 'col' }, t(`renew.${k}`)))],
      [['Σ', totals], ...Object.entries(report.byMeasure ?? {})].map(([m, x]) => h('tr', {}, h('th', { scope: 'row' }, m),
        h('td', { class: 'num' }, x.grants), h('td', { class: 'num' }, x.issued), h('td', { class: 'num' }, yuan(x.issuedAmount)),
        h('td', { class: 'num' }, x.claimsOpened), h('td', { class: 'num' }, x.failed)))),
    report.failures?.length ? [h('h2', {}, t('renew.failures')), h('ul', {}, report.failures.map(f => h('li', {}, f)))] : null);
}
