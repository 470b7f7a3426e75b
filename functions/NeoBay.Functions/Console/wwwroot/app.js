// The console's shell: language switch, session, hash routes → pages.
import { t, setLang, lang, translateShell } from './i18n.js';
import { session, signOut } from './api.js';
import { errorBox, show } from './dom.js';
import { signInPage } from './pages/signin.js';
import { queuePage } from './pages/queue.js';
import { applicationPage } from './pages/application.js';
import { grantPage } from './pages/grant.js';
import { renewalsPage } from './pages/renewals.js';
import { overviewPage } from './pages/overview.js';
import { bindingsPage } from './pages/bindings.js';
import { batchesPage, batchPage } from './pages/batches.js';

const routes = [
  [/^#\/queue$/, queuePage],
  [/^#\/applications\/([\w-]+)$/, applicationPage],
  [/^#\/grants\/([\w-]+)$/, grantPage],
  [/^#\/renewals$/, renewalsPage],
  [/^#\/overview$/, overviewPage],
  [/^#\/bindings$/, () => bindingsPage()],
  [/^#\/batches$/, () => batchesPage()],
  [/^#\/batches\/([\w.-]+)$/, (id) => batchPage(id)],
];

async function route() {
  const current = session();
  const nav = document.getElementById('nav');
  nav.hidden = !current;
  document.getElementById('signout').hidden = !current;
  document.getElementById('who').textContent = current ? t('who', { sub: current.sub, role: t(`role.${current.role}`) }) : '';
  nav.querySelector('a[href="#/batches"]').hidden = current?.role !== 'admin'; // the batches page is the admins'
  for (const link of nav.querySelectorAll('a')) {
    if (location.hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!current) return signInPage(route);
  if (!location.hash || location.hash === '#/' || location.hash === '#/signin') { location.hash = '#/queue'; return; }
  for (const [pattern, page] of routes) {
    const match = location.hash.match(pattern);
    if (match) {
      try {
        await page(...match.slice(1));
      } catch (error) {
        show(t('error.generic', { message: '' }), errorBox(error));
      }
      return;
    }
  }
  location.hash = '#/queue';
}

function syncLanguageButton() {
  const button = document.getElementById('lang');
  const other = lang() === 'en' ? 'zh-CN' : 'en';
  button.textContent = t('lang.switch');
  button.setAttribute('lang', other);
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(lang() === 'en' ? 'zh-CN' : 'en');
  translateShell();
  syncLanguageButton();
  route();
});
document.getElementById('signout').addEventListener('click', () => { signOut(); location.hash = '#/signin'; route(); });
window.addEventListener('hashchange', route);
window.addEventListener('neobay:signedout', () => { if (!session()) route(); });

setLang(lang());
translateShell();
syncLanguageButton();
route().then(() => { performance.mark('neobay-ready'); document.documentElement.dataset.ready = 'true'; });
