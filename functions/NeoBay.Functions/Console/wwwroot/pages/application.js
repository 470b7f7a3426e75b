// One application: applicant and facts, the engine's decision with reasons and trace (articles with the seed's
// sentence), documents (verification state, download by read SAS), history, the applicant's other applications,
// and the decision form (sends the ETag; a 412 reloads and says so).
import { t, english, yuan, date } from '../i18n.js';
import { api, measures, citations, session } from '../api.js';
import { h, show, statusBadge, daysLeft, errorBox, table, announce } from '../dom.js';

let pendingNotice = null;

export async function applicationPage(id) {
  const [answer, docs, history, catalog] = await Promise.all([
    api(`/applications/${encodeURIComponent(id)}`),
    api(`/applications/${encodeURIComponent(id)}/documents`).then(r => r.body).catch(() => null),
    api(`/applications/${encodeURIComponent(id)}/history`).then(r => r.body.items).catch(() => []),
    measures(),
  ]);
  const a = answer.body;
  const others = await api(`/applications?uscc=${encodeURIComponent(a.applicantUscc)}&take=50`).then(r => r.body.items.filter(i => i.id !== a.id)).catch(() => []);
  const cites = citations(catalog);
  const measure = catalog.measures.find(m => m.code === a.measure);
  const factName = new Map((catalog.facts ?? []).map(f => [f.name, english() ? f.en : f.zh]));
  const notice = pendingNotice;
  pendingNotice = null;

  const yesNo = (v) => t(v ? 'yes' : 'no');
  const applicant = h('section', { class: 'panel', 'aria-labelledby': 'applicant-title' },
    h('h2', { id: 'applicant-title' }, t('app.applicant')),
    h('dl', { class: 'facts' },
      h('dt', {}, t('app.name')), h('dd', {}, a.applicant?.name ?? '—'),
      h('dt', {}, t('app.uscc')), h('dd', {}, a.applicantUscc),
      h('dt', {}, t('app.kind')), h('dd', {}, a.applicant?.kind ?? '—'),
      h('dt', {}, t('app.inZone')), h('dd', {}, yesNo(a.applicant?.inZone)),
      h('dt', {}, t('app.isSme')), h('dd', {}, yesNo(a.applicant?.isSme)),
      h('dt', {}, t('app.project')), h('dd', {}, a.project ? `${a.project.key} ${a.project.name ?? ''}` : '—'),
      h('dt', {}, t('app.submittedOn')), h('dd', {}, a.submittedOn)),
    h('h3', {}, t('app.facts')),
    h('dl', { class: 'facts' }, Object.entries(a.facts ?? {}).map(([name, value]) => [
      h('dt', {}, factName.get(name) ?? name),
      h('dd', {}, typeof value === 'boolean' ? yesNo(value) : typeof value === 'number' ? yuanOrNumber(name, value) : Array.isArray(value) ? value.join(', ') : String(value))])),
    (a.otherSupport ?? []).length ? [h('h3', {}, t('app.otherSupport')), h('ul', {}, a.otherSupport.map(o => h('li', {}, `${o.policy}: ${yuan(o.amount)}`)))] : null);

  const deadline = h('p', {}, h('strong', {}, `${t('app.deadline')}: `),
    a.dueBy ? [a.dueBy, ' ', daysLeft(a)] : h('span', { class: 'muted' }, t('app.notComplete')));

  const d = a.decision;
  const decision = d ? h('section', { class: 'panel', 'aria-labelledby': 'decision-title' },
    h('h2', { id: 'decision-title' }, t('app.decision')),
    h('p', {}, h('strong', {}, d.eligible ? t('app.eligible') : t('app.ineligible')), ' · ',
      d.discretionary ? t('app.discretionary') : `${t('app.amount')}: ${yuan(d.amount)}`),
    h('h3', {}, t('app.reasons')),
    d.reasons.length ? h('ul', {}, d.reasons.map(r => h('li', {}, h('code', {}, r.code), ' ', r.message))) : h('p', {}, t('app.noReasons')),
    d.schedule.length ? [h('h3', {}, t('app.schedule')), table([t('col.fiscalYear'), t('col.component'), t('col.trigger'), h('th', { class: 'num', scope: 'col' }, t('col.amount'))],
      d.schedule.map(l => h('tr', {}, h('td', {}, l.fiscalYear), h('td', {}, l.component), h('td', {}, t(`trigger.${l.trigger}`)), h('td', { class: 'num' }, yuan(l.amount)))))] : null,
    h('h3', {}, t('app.trace')),
    h('ol', { class: 'trace', 'aria-label': t('app.trace') }, (d.trace ?? []).map((step, i) => h('li', { dataset: { rule: step.rule } },
      h('span', { class: 'cite', tabindex: '0', 'aria-describedby': `tip-${i}`, dataset: { article: step.article } }, step.article,
        h('span', { class: 'tip', role: 'tooltip', id: `tip-${i}` }, cites.get(step.article) ?? measure?.text ?? '')),
      ' · ', h('strong', {}, step.rule), step.detail ? ` — ${step.detail}` : '',
      h('div', { class: 'figures' }, Object.entries(step.figures ?? {}).map(([k, v]) => [h('span', {}, `${k} `), h('code', {}, v), '  ']))))))
    : null;

  const documents = h('section', { 'aria-labelledby': 'docs-title' },
    h('h2', { id: 'docs-title' }, t('app.documents')),
    docs ? [
      docs.missing.length ? h('p', { class: 'alert' }, t('app.missing', { list: docs.missing.map(m => english() ? m.en : m.zh).join('、') })) : h('p', { class: 'notice' }, t('app.noMissing')),
      table([t('doc.category'), t('doc.file'), t('doc.status'), h('th', { class: 'num', scope: 'col' }, t('doc.size')), t('doc.sha'), ''],
        docs.items.map(doc => h('tr', { dataset: { document: doc.documentId } },
          h('td', {}, categoryName(measure, doc.category)),
          h('td', {}, doc.fileName),
          h('td', {}, statusBadge(doc.status), doc.reason ? ` (${doc.reason})` : ''),
          h('td', { class: 'num' }, doc.size ?? doc.declaredSize),
          h('td', {}, doc.sha256 ? h('code', { title: doc.sha256 }, doc.sha256.slice(0, 12) + '…') : '—'),
          h('td', {}, doc.status === 'verified' ? h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('app.download')} ${doc.fileName}`,
            onclick: () => download(a.id, doc.documentId) }, t('app.download')) : ''))), { 'aria-label': t('app.documents') })] : errorBox({ status: 404 }));

  const historySection = h('section', { 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, t('app.history')),
    history.length ? h('ol', {}, history.map(e => h('li', {}, `${date(e.at)} · ${e.who} · ${e.what}`, e.from ? ` (${e.from} → ${e.to})` : '', e.why ? ` — ${e.why}` : ''))) : h('p', {}, t('app.none')),
    h('h2', {}, t('app.others')),
    others.length ? h('ul', {}, others.map(o => h('li', {}, h('a', { href: `#/applications/${o.id}` }, o.id), ` ${o.measure} `, statusBadge(o.status)))) : h('p', {}, t('app.none')));

  const me = session();
  const canDecide = me && ['reviewer', 'admin'].includes(me.role) && ['eligible', 'ineligible'].includes(a.status);
  show(`${a.id}`,
    notice,
    h('p', {}, `${a.measure} ${measure ? (english() ? measure.titleEn : measure.titleZh) : ''} · `, statusBadge(a.status)),
    a.source === 'offer' ? h('p', { class: 'source-offer' }, t('app.sourceOffer', { id: a.offerId ?? '' })) : null,
    deadline,
    a.grantId ? h('p', {}, h('a', { href: `#/grants/${a.grantId}` }, t('app.grant', { id: a.grantId }))) : null,
    canDecide ? decisionForm(a, answer.etag ?? a.etag) : null,
    h('div', { class: 'grid2' }, applicant, decision),
    documents,
    historySection);
}

function yuanOrNumber(name, value) {
  return /amount|investment|needs|expenditure|fee|revenue|cost/i.test(name) ? yuan(value) : String(value);
}

function categoryName(measure, category) {
  const doc = measure?.requiredDocuments?.find(r => r.category === category);
  return doc ? (english() ? doc.en : doc.zh) : category;
}

async function download(applicationId, documentId) {
  try {
    const ticket = (await api(`/applications/${encodeURIComponent(applicationId)}/documents/${encodeURIComponent(documentId)}`)).body;
    const link = h('a', { href: ticket.downloadUrl, rel: 'noopener', download: '' });
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) {
    document.getElementById('main').prepend(errorBox(error));
  }
}

const toFen = (text) => { const [yuanPart, fen = ''] = text.split('.'); return BigInt(yuanPart) * 100n + BigInt(fen.padEnd(2, '0')); };

function decisionForm(a, etag) {
  const d = a.decision;
  const computed = d?.amount == null ? null : Number(d.amount).toFixed(2);
  const canApprove = a.status === 'eligible';
  const message = h('div', { 'aria-live': 'assertive' });
  const amount = h('input', { id: 'amount', name: 'amount', type: 'text', inputmode: 'decimal', value: computed ?? '', size: '16', autocomplete: 'off', 'aria-describedby': 'amount-hint' });
  const reason = h('textarea', { id: 'reason', name: 'reason', rows: '2', cols: '50', maxlength: '500' });
  const radio = (value, label, checked, disabled) => h('label', {}, h('input', { type: 'radio', name: 'approve', value, checked, disabled }), ' ', label);
  const amountField = h('div', { class: 'field' },
    h('label', { for: 'amount' }, computed ? t('decide.amount', { max: yuan(d.amount) }) : t('decide.amountFree')), amount,
    h('span', { id: 'amount-hint', class: 'muted' }, computed ? `≤ ${computed}` : ''));

  const form = h('form', { class: 'decision-form panel no-print', 'aria-labelledby': 'decide-title', onsubmit: async (e) => {
    e.preventDefault();
    const approve = new FormData(form).get('approve') === 'true';
    const body = { approve };
    if (reason.value.trim()) body.reason = reason.value.trim();
    if (approve) {
      const text = amount.value.trim().replace(/,/g, '');
      if (text) {
        if (!/^\d{1,13}(\.\d{1,2})?$/.test(text)) { message.replaceChildren(errorBox(t('decide.tooMuch', { max: computed }))); return; }
        if (computed && toFen(text) > toFen(computed)) { message.replaceChildren(errorBox(t('decide.tooMuch', { max: computed }))); amount.focus(); return; }
      }
      // The amount goes as its decimal text, never through a binary double.
      const json = `{"approve":true${text ? `,"amount":${text}` : ''}${body.reason ? `,"reason":${JSON.stringify(body.reason)}` : ''}}`;
      return send(json);
    }
    if (!body.reason) { message.replaceChildren(errorBox(t('decide.needReason'))); reason.focus(); return; }
    return send(body);
  } },
    h('fieldset', {},
      h('legend', { id: 'decide-title' }, t('decide.title')),
      h('div', { class: 'choices', role: 'radiogroup', 'aria-label': t('decide.title') },
        radio('true', t('decide.approve'), canApprove, !canApprove), radio('false', t('decide.reject'), !canApprove, false)),
      h('div', { class: 'row' }, amountField, h('div', { class: 'field' }, h('label', { for: 'reason' }, t('decide.reason')), reason)),
      h('button', { type: 'submit' }, t('decide.submit')),
      message));

  async function send(body) {
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const result = (await api(`/applications/${encodeURIComponent(a.id)}/decision`, { method: 'POST', body, headers: { 'If-Match': etag } })).body;
      const done = t('decide.done', { status: t(`status.${result.status}`) });
      announce(done);
      pendingNotice = h('p', { class: 'notice', role: 'status' }, done);
      if (result.grantId) { location.hash = `#/grants/${result.grantId}`; return; }
      await applicationPage(a.id);
    } catch (error) {
      button.disabled = false;
      if (error.status === 412) {
        pendingNotice = h('div', { class: 'alert', role: 'alert', id: 'conflict' }, t('decide.conflict'));
        await applicationPage(a.id);
        return;
      }
      message.replaceChildren(errorBox(error));
    }
  }

  return form;
}

export function takeNotice() {
  const notice = pendingNotice;
  pendingNotice = null;
  return notice;
}
