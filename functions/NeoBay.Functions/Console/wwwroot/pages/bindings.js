// Pending company bindings (一企一档): who asks to act for which company, whether the authorisation letter is verified;
// approve or reject (with a reason) on the binding's ETag. Names come masked from the API (张*).
import { t, date } from '../i18n.js';
import { api } from '../api.js';
import { h, show, errorBox, table, announce } from '../dom.js';

const PAGE = 50;

export async function bindingsPage(notice = null) {
  const items = [];
  let token = null;
  const load = async () => {
    const query = new URLSearchParams({ status: 'pending', take: PAGE });
    if (token) query.set('continuationToken', token);
    const page = (await api(`/bindings?${query}`)).body;
    items.push(...page.items);
    token = page.continuationToken;
  };
  await load();

  const render = () => {
    const rows = items.map(b => {
      const reason = h('input', { id: `reason-${b.id}`, type: 'text', maxlength: '2000', size: '24', autocomplete: 'off' });
      const message = h('div', { 'aria-live': 'polite' });
      const decide = async (approve, button) => {
        if (!approve && !reason.value.trim()) { message.replaceChildren(errorBox(t('decide.needReason'))); reason.focus(); return; }
        button.disabled = true;
        try {
          // The binding's strong ETag from the list: a binding changed since is refused (412) and the list reloads.
          const body = approve ? { approve: true } : { approve: false, reason: reason.value.trim() };
          const answer = (await api(`/bindings/${encodeURIComponent(b.id)}/decision`, { method: 'POST', body, headers: { 'If-Match': b.etag } })).body;
          const text = t('bindings.done', { uscc: b.uscc, status: t(`binding.${answer.status}`) });
          announce(text);
          await bindingsPage(h('p', { class: 'notice', role: 'status' }, text));
        } catch (error) {
          button.disabled = false;
          if (error.status === 412) { await bindingsPage(h('p', { class: 'notice', role: 'alert' }, t('bindings.changed'))); return; }
          message.replaceChildren(errorBox(error));
        }
      };
      return h('tr', { dataset: { id: b.id } },
        h('td', {}, b.uscc),
        h('td', {}, b.maskedName),
        h('td', {}, t(`bindingRole.${b.role}`)),
        h('td', {}, date(b.requestedAt)),
        h('td', {}, h('span', { class: `badge ${b.letterVerified ? 'ok' : 'soon'}` }, t(b.letterVerified ? 'bindings.letterOk' : 'bindings.letterMissing'))),
        h('td', {},
          h('button', { type: 'button', disabled: !b.letterVerified, 'aria-label': t('bindings.approveFor', { uscc: b.uscc }), onclick: (e) => decide(true, e.currentTarget) }, t('decide.approve')),
          ' ',
          h('label', { for: `reason-${b.id}`, class: 'visually-hidden' }, t('bindings.reasonFor', { uscc: b.uscc })),
          reason, ' ',
          h('button', { type: 'button', class: 'secondary', 'aria-label': t('bindings.rejectFor', { uscc: b.uscc }), onclick: (e) => decide(false, e.currentTarget) }, t('decide.reject')),
          message));
    });
    show(t('bindings.title'),
      notice,
      h('p', { class: 'muted' }, t('bindings.hint')),
      items.length === 0 ? h('p', {}, t('bindings.empty')) :
        table([t('col.applicant'), t('bindings.person'), t('bindings.role'), t('bindings.requested'), t('bindings.letter'), t('decide.title')], rows, { 'aria-label': t('bindings.title') }),
      token ? h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await load(); render(); } catch (error) { document.getElementById('main').append(errorBox(error)); }
      } }, t('queue.more'))) : null);
  };
  render();
}
