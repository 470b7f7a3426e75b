// Small DOM helpers: h() builds elements (text is always set as text, never as HTML).
import { t } from './i18n.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) if (value != null) el.setAttribute(name, value);
  for (const child of children.flat(Infinity)) if (child != null) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

/** Replaces main's content, sets the page title and moves focus to the new heading (screen readers hear the page change). */
export function show(title, ...content) {
  const main = document.getElementById('main');
  const heading = h('h1', { tabindex: '-1' }, title);
  main.replaceChildren(heading, ...content.flat(Infinity).filter(c => c != null && c !== false));
  document.title = `${title} · ${t('app.title')}`;
  heading.focus();
  return main;
}

export function announce(text) {
  const region = document.getElementById('announce');
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 30);
}

export const statusBadge = (status) => h('span', { class: `status-${status}` }, t(`status.${status}`));

/** The days-left badge: overdue (negative) in red and first, today, soon (≤ 10), or plenty. */
export function daysLeft(item) {
  const n = item.workingDaysLeft;
  if (n == null) return h('span', { class: 'muted' }, t('left.none'));
  if (n < 0) return h('span', { class: 'badge overdue' }, t('left.overdue', { n: -n }));
  if (n === 0) return h('span', { class: 'badge overdue' }, t('left.today'));
  return h('span', { class: `badge ${n <= 10 ? 'soon' : 'ok'}` }, t('left.days', { n }));
}

export function errorBox(error) {
  const message = error?.status === 403 ? t('error.forbidden') : error?.status === 404 ? t('error.notFound') : t('error.generic', { message: error?.message ?? error });
  return h('div', { class: 'alert', role: 'alert' }, message);
}

export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map(x => typeof x === 'string' ? h('th', { scope: 'col' }, x) : x))),
    h('tbody', {}, rows));
}
