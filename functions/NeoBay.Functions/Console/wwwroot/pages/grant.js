// A grant: its ledger by fiscal year (scheduled, issued, lapsed …) and the staged releases with the accept action.
import { t, yuan, date } from '../i18n.js';
import { api, session } from '../api.js';
import { h, show, statusBadge, errorBox, table, announce } from '../dom.js';
import { takeNotice } from './application.js';

export async function grantPage(id, notice = takeNotice()) {
  const g = (await api(`/grants/${encodeURIComponent(id)}`)).body;
  const years = [...new Set(g.ledger.map(l => l.fiscalYear))].sort();
  const fen = (amount) => Math.round(Number(amount ?? 0) * 100);
  const ledger = years.map(year => {
    const lines = g.ledger.filter(l => l.fiscalYear === year);
    const total = lines.reduce((sum, l) => sum + fen(l.amount), 0) / 100;
    return h('section', { 'aria-labelledby': `fy-${year}` },
      h('h3', { id: `fy-${year}` }, t('grant.year', { year })),
      table([t('col.component'), t('col.trigger'), t('col.stage'), h('th', { class: 'num', scope: 'col' }, t('col.amount')), t('col.status')],
        [...lines.map(l => h('tr', { dataset: { component: l.component } },
          h('td', {}, l.component), h('td', {}, t(`trigger.${l.trigger}`)), h('td', {}, l.stage ?? '—'),
          h('td', { class: 'num' }, yuan(l.amount)), h('td', {}, statusBadge(l.status)))),
        h('tr', {}, h('th', { scope: 'row', colspan: '3' }, t('grant.total')), h('td', { class: 'num' }, h('strong', {}, yuan(total))), h('td', {}))],
        { 'aria-labelledby': `fy-${year}` }));
  });

  const me = session();
  const canAccept = me && ['reviewer', 'admin'].includes(me.role);
  const waiting = [...new Set(g.ledger.filter(l => l.status === 'scheduled' && ['acceptance', 'completion'].includes(l.trigger) && l.stage).map(l => l.stage))].sort((a, b) => a - b);
  const message = h('div', { 'aria-live': 'polite' });
  const stages = h('section', { class: 'panel no-print', 'aria-labelledby': 'stages-title' },
    h('h2', { id: 'stages-title' }, t('grant.stages')),
    waiting.length === 0 ? h('p', {}, t('grant.noStages')) :
      h('ul', {}, waiting.map(n => h('li', {}, h('button', { type: 'button', disabled: !canAccept, onclick: async (e) => {
        e.target.disabled = true;
        try {
          // The grant's strong ETag, as read: a grant changed since is refused (412) and the page reloads.
          await api(`/grants/${encodeURIComponent(g.id)}/stages/${n}/accept`, { method: 'POST', headers: { 'If-Match': g.etag } });
          const text = t('grant.accepted', { n });
          announce(text);
          await grantPage(g.id, h('p', { class: 'notice', role: 'status' }, text));
        } catch (error) {
          e.target.disabled = false;
          if (error.status === 412) {
            await grantPage(g.id, h('p', { class: 'notice', role: 'alert' }, t('grant.changed')));
            return;
          }
          message.replaceChildren(errorBox(error));
        }
      } }, t('grant.accept', { n }))))),
    message);

  show(t('grant.title', { id: g.id }),
    notice,
    h('p', {}, `${g.measure} · ${g.applicantUscc} · ${yuan(g.amount)} · `, statusBadge(g.status), ` · ${date(g.approvedAt)} · `,
      h('a', { href: `#/applications/${g.applicationId}` }, g.applicationId)),
    h('h2', {}, t('grant.ledger')),
    ledger,
    stages);
}
