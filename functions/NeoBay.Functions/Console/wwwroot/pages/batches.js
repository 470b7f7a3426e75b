// Payment runs and their batches (docs/payments.md): the list by run with status, payees, lines, total and file hash;
// "start a run" for admins (the queue works it; the page follows the run until it is complete); a batch's rows with the
// account numbers masked by the API, and the download of its two payment files (the first download records their SHA-256).
import { t, yuan, english } from '../i18n.js';
import { api, session } from '../api.js';
import { h, show, errorBox, table, announce } from '../dom.js';

const PAGE = 50;
const STATUSES = ['open', 'sealed', 'exported', 'closed'];
const filters = { status: '', fiscalYear: '' };

const batchStatus = (status) => h('span', { class: `badge batch-${status}` }, t(`batch.${status}`));

export async function batchesPage(notice = null) {
  const items = [];
  let token = null;
  const load = async () => {
    const query = new URLSearchParams({ take: PAGE });
    if (filters.status) query.set('status', filters.status);
    if (filters.fiscalYear) query.set('fiscalYear', filters.fiscalYear);
    if (token) query.set('continuationToken', token);
    const page = (await api(`/admin/payments/batches?${query}`)).body;
    items.push(...page.items);
    token = page.continuationToken;
  };
  await load();

  const message = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    filters.status = String(data.get('status') ?? '');
    filters.fiscalYear = String(data.get('fiscalYear') ?? '');
    batchesPage();
  } },
    h('div', { class: 'field' }, h('label', { for: 'batch-status' }, t('filter.status')),
      h('select', { id: 'batch-status', name: 'status' }, h('option', { value: '' }, t('filter.any')),
        STATUSES.map(s => h('option', { value: s, selected: filters.status === s }, t(`batch.${s}`))))),
    h('div', { class: 'field' }, h('label', { for: 'batch-year' }, t('col.fiscalYear')),
      h('input', { id: 'batch-year', name: 'fiscalYear', type: 'number', min: '2024', max: '2035', value: filters.fiscalYear })),
    h('button', { type: 'submit' }, t('filter.apply')),
    session()?.role === 'admin' ? h('button', { type: 'button', class: 'secondary', onclick: (e) => startRun(e.currentTarget, message) }, t('batches.start')) : null);

  const render = () => {
    const rows = [];
    let run = null;
    for (const b of items) {
      if (b.runId !== run) {
        run = b.runId;
        rows.push(h('tr', { class: 'run' }, h('th', { scope: 'rowgroup', colspan: '8', id: `run-${run}` }, t('batches.run', { run: runDay(run) }))));
      }
      rows.push(h('tr', { dataset: { id: b.id } },
        h('td', {}, h('a', { href: `#/batches/${encodeURIComponent(b.id)}` }, b.id)),
        h('td', {}, String(b.fiscalYear)),
        h('td', {}, b.fundingLine),
        h('td', {}, batchStatus(b.status)),
        h('td', { class: 'num' }, String(b.payees)),
        h('td', { class: 'num' }, String(b.lines)),
        h('td', { class: 'num' }, yuan(b.total)),
        h('td', {}, b.fileSha256 ? h('code', { title: b.fileSha256 }, `${b.fileSha256.slice(0, 12)}…`) : h('span', { class: 'muted' }, t('batches.notExported')))));
    }
    const num = (key) => h('th', { class: 'num', scope: 'col' }, t(key));
    show(t('batches.title'), notice, form, message,
      h('p', { class: 'muted' }, t('batches.hint')),
      items.length === 0 ? h('p', {}, t('batches.empty')) :
        table([t('batches.batch'), t('col.fiscalYear'), t('batches.fundingLine'), t('col.status'), num('batches.payees'), num('batches.lines'), num('col.amount'), t('doc.sha')],
          rows, { 'aria-label': t('batches.title') }),
      token ? h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await load(); render(); } catch (error) { document.getElementById('main').append(errorBox(error)); }
      } }, t('queue.more'))) : null);
  };
  render();
}

/** 20261201 → 2026-12-01 (the run is named by its CST day). */
const runDay = (run) => /^\d{8}$/.test(run) ? `${run.slice(0, 4)}-${run.slice(4, 6)}-${run.slice(6)}` : run;

/** POST /admin/payments/runs, then follows the run (the queue gathers it) until complete, and lists the batches again. */
async function startRun(button, message) {
  button.disabled = true;
  try {
    let report = (await api('/admin/payments/runs', { method: 'POST' })).body;
    const progress = h('p', { class: 'notice', role: 'status' }, t('batches.running', { run: runDay(report.runId) }));
    message.replaceChildren(progress);
    for (let i = 0; i < 600 && report.status !== 'complete'; i++) {
      await new Promise(resolve => setTimeout(resolve, 500));
      report = (await api(`/admin/payments/runs/${report.runId}`)).body;
    }
    const text = report.status === 'complete'
      ? t('batches.complete', { run: runDay(report.runId), n: report.batches.length })
      : t('batches.running', { run: runDay(report.runId) });
    announce(text);
    await batchesPage(h('p', { class: 'notice', role: 'status' }, text));
  } catch (error) {
    button.disabled = false;
    message.replaceChildren(errorBox(error));
  }
}

export async function batchPage(id, notice = null) {
  const detail = (await api(`/admin/payments/batches/${encodeURIComponent(id)}`)).body;
  const b = detail.batch;
  const admin = session()?.role === 'admin';
  const message = h('div', { 'aria-live': 'polite' });
  const facts = [
    ['batches.run.label', runDay(id.slice(0, 8))], ['col.fiscalYear', String(b.fiscalYear)], ['batches.fundingLine', b.fundingLine],
    ['col.status', batchStatus(b.status)], ['batches.payees', String(b.payees)], ['batches.lines', String(b.lines)],
    ['batches.total', yuan(b.total)], ['batches.sha', b.fileSha256 ? h('code', {}, b.fileSha256) : t('batches.notExported')],
  ];
  const downloads = admin ? h('p', { class: 'no-print' },
    b.status === 'open' ? h('span', { class: 'muted' }, t('batches.openHint')) : [
      h('button', { type: 'button', onclick: (e) => downloadFile(id, '', e.currentTarget, message) }, t('batches.download')), ' ',
      h('button', { type: 'button', class: 'secondary', onclick: (e) => downloadFile(id, 'lines', e.currentTarget, message) }, t('batches.downloadLines')),
    ]) : null;
  const rows = detail.rows.map(r => h('tr', { dataset: { row: String(r.row) } },
    h('td', { class: 'num' }, String(r.row)), h('td', {}, r.uscc), h('td', {}, r.accountName),
    h('td', {}, r.bank, h('br'), h('span', { class: 'muted' }, r.branch)),
    h('td', {}, h('code', {}, r.accountNumber)), h('td', {}, r.cnaps),
    h('td', { class: 'num' }, String(r.lines)), h('td', { class: 'num' }, yuan(r.amount)),
    h('td', {}, r.result ? [h('span', { class: `status-${r.result}` }, t(`result.${r.result}`)), r.paidOn ? ` ${r.paidOn}` : '', r.reason ? h('div', { class: 'muted' }, r.reason) : ''] : t('result.none'))));
  const num = (key) => h('th', { class: 'num', scope: 'col' }, t(key));
  show(t('batches.detail', { id }), notice,
    h('p', {}, h('a', { href: '#/batches' }, t('batches.back'))),
    h('dl', { class: 'facts panel' }, facts.map(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v)])),
    downloads, message,
    h('h2', { id: 'rows-title' }, t('batches.rows')),
    detail.rows.length === 0 ? h('p', {}, t('batches.noRows')) :
      table([num('batches.row'), t('col.applicant'), t('batches.accountName'), t('batches.bank'), t('batches.accountNumber'), t('batches.cnaps'), num('batches.lines'),
        num('col.amount'), t('batches.result')], rows, { 'aria-labelledby': 'rows-title' }));
}

/** The payment file (or its lines file) with the bearer token; saved by the browser as {batch}[-lines].csv. */
async function downloadFile(id, part, button, message) {
  button.disabled = true;
  try {
    const token = session()?.token;
    const response = await fetch(`/api/admin/payments/batches/${encodeURIComponent(id)}/file${part ? `?part=${part}` : ''}`,
      { headers: { Authorization: `Bearer ${token}`, 'Accept-Language': english() ? 'en' : 'zh-CN' }, cache: 'no-store' });
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw Object.assign(new Error(problem?.detail ?? problem?.title ?? `HTTP ${response.status}`), { status: response.status });
    }
    const blob = await response.blob();
    const link = h('a', { href: URL.createObjectURL(blob), download: `${id}${part ? '-lines' : ''}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    const text = t('batches.downloaded', { sha: response.headers.get('X-Content-SHA256') ?? '' });
    announce(text);
    await batchPage(id, h('p', { class: 'notice', role: 'status' }, text));
  } catch (error) {
    button.disabled = false;
    message.replaceChildren(errorBox(error));
  }
}
