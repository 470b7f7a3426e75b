// Sign-in: development tokens (local host only) or Entra ID (entra.js), or a pasted token.
import { t } from '../i18n.js';
import { api, signIn } from '../api.js';
import { h, show, errorBox } from '../dom.js';
import { signInWithEntra, completeEntraSignIn } from '../entra.js';

export async function signInPage(done) {
  const settings = (await api('/console-settings')).body;
  if (settings.entra) {
    try {
      const token = await completeEntraSignIn(settings.entra);
      if (token && signIn(token)) { location.hash = '#/queue'; return done(); }
    } catch (error) {
      show(t('signin.title'), errorBox(error));
    }
  }

  const use = (token) => {
    if (signIn(token)) {
      if (location.hash === '#/queue') done(); else location.hash = '#/queue';
    } else {
      status.replaceChildren(errorBox(t('signin.bad')));
    }
  };
  const status = h('div', {});
  const sections = [];
  if (settings.developmentTokens.length > 0) {
    sections.push(h('section', { 'aria-labelledby': 'dev-title' },
      h('h2', { id: 'dev-title' }, t('signin.dev')),
      h('p', { class: 'muted' }, t('signin.devHint')),
      h('div', { class: 'tokens' }, settings.developmentTokens.map(choice =>
        h('button', { type: 'button', onclick: () => use(choice.token) }, t('signin.as', { role: t(`role.${choice.role}`) }))))));
  }
  if (settings.entra) {
    sections.push(h('section', {}, h('button', { type: 'button', onclick: () => signInWithEntra(settings.entra) }, t('signin.entra'))));
  }
  const pasted = h('textarea', { id: 'token', rows: '3', cols: '60', autocomplete: 'off', spellcheck: 'false' });
  sections.push(h('form', { class: 'panel', onsubmit: (e) => { e.preventDefault(); use(pasted.value); } },
    h('h2', {}, t('signin.paste')),
    h('div', { class: 'field' }, h('label', { for: 'token' }, t('signin.pasteLabel')), pasted),
    h('p', {}, h('button', { type: 'submit' }, t('signin.use')))));
  show(t('signin.title'), status, sections);
}
