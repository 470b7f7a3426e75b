// The queue: counts per status, filters (status, measure, applicant, submitted dates), sort, continuation paging,
// the service deadline with overdue applications first and marked.
import { t, english, date } from '../i18n.js';
import { api, measures } from '../api.js';
import { h, show, statusBadge, daysLeft, errorBox, table } from '../dom.js';

const STATUSES = ['submitted', 'evaluating', 'eligible', 'ineligible', 'approved', 'rejected', 'withdrawn', 'evaluationFailed'];
const PAGE = 50;

// The server filters (status, measure, applicant, submitted from/to), orders (oldest or newest submitted first), pages by
// continuation token and counts per status, from the queue's index; "deadline" orders the rows loaded so far by days left.
const state = { filters: { status: '', measure: '', uscc: '', from: '', to: '', sort: 'deadline' }, items: [], token: null, counts: null };

const sorters = {
  deadline: (a, b) => (a.workingDaysLeft ?? Infinity) - (b.workingDaysLeft ?? Infinity) || a.submittedAt.localeCompare(b.submittedAt),
};

async function load(more) {
  const f = state.filters;
  if (!more) { state.items = []; state.token = null; }
  const query = new URLSearchParams({ take: PAGE, sort: f.sort === 'newest' ? '-submitted' : 'submitted' });
  for (const name of ['status', 'measure', 'uscc', 'from', 'to']) if (f[name]) query.set(name, f[name]);
  if (more && state.token) query.set('continuationToken', state.token);
  if (!more) query.set('counts', 'true');
  const page = (await api(`/applications?${query}`)).body;
  state.items.push(...page.items);
  state.token = page.continuationToken;
  if (page.counts) state.counts = page.counts;
}

export async function queuePage() {
  const [catalog] = await Promise.all([measures(), load(false)]);
  render(catalog);
}

function render(catalog) {
  const f = state.filters;
  const titleOf = new Map(catalog.measures.map(m => [m.code, english() ? m.titleEn : m.titleZh]));
  const select = (id, label, options, value) => h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, name: id }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
  const input = (id, label, type, value, extra = {}) => h('div', { class: 'field' },
    h('label', { for: id }, label), h('input', { id, name: id, type, value, ...extra }));

  const form = h('form', { class: 'filters', 'aria-label': t('queue.filters'), onsubmit: async (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    Object.assign(f, { status: data.get('status'), measure: data.get('measure'), uscc: data.get('uscc').trim(), from: data.get('from'), to: data.get('to'), sort: data.get('sort') });
    await reload(catalog);
  } },
    select('status', t('filter.status'), [['', t('filter.any')], ...STATUSES.map(s => [s, t(`status.${s}`)])], f.status),
    select('measure', t('filter.measure'), [['', t('filter.any')], ...catalog.measures.map(m => [m.code, `${m.code} ${titleOf.get(m.code)}`])], f.measure),
    input('uscc', t('filter.applicant'), 'text', f.uscc, { size: '20', maxlength: '18', autocomplete: 'off' }),
    input('from', t('filter.from'), 'date', f.from),
    input('to', t('filter.to'), 'date', f.to),
    select('sort', t('filter.sort'), [['deadline', t('sort.deadline')], ['submitted', t('sort.submitted')], ['newest', t('sort.newest')]], f.sort),
    h('button', { type: 'submit' }, t('filter.apply')));

  const counts = state.counts ? h('section', { 'aria-labelledby': 'counts-title' },
    h('h2', { id: 'counts-title', class: 'visually-hidden' }, t('queue.counts')),
    h('ul', { class: 'counts' }, STATUSES.map(s => h('li', {},
      h('button', { type: 'button', 'aria-pressed': String(f.status === s), dataset: { status: s },
        onclick: async () => { f.status = f.status === s ? '' : s; await reload(catalog); } },
        `${t(`status.${s}`)} `, h('strong', {}, String(state.counts[s] ?? 0))))))) : null;

  const shown = sorters[f.sort] ? [...state.items].sort(sorters[f.sort]) : state.items;
  const rows = shown.map(item => h('tr', { class: item.workingDaysLeft != null && item.workingDaysLeft < 0 ? 'overdue' : null, dataset: { id: item.id } },
    h('td', {}, h('a', { href: `#/applications/${item.id}` }, item.id)),
    h('td', { title: titleOf.get(item.measure) ?? '' }, `${item.measure} ${titleOf.get(item.measure) ?? ''}`),
    h('td', {}, item.applicantUscc),
    h('td', {}, statusBadge(item.status)),
    h('td', {}, date(item.submittedAt)),
    h('td', {}, item.dueBy ?? '—'),
    h('td', {}, daysLeft(item))));

  show(t('queue.title'),
    counts,
    form,
    h('p', { class: 'muted', role: 'status' }, t('queue.shown', { n: shown.length })),
    shown.length === 0 ? h('p', {}, t('queue.empty')) :
      table([t('col.id'), t('col.measure'), t('col.applicant'), t('col.status'), t('col.submitted'), t('col.dueBy'), t('col.left')], rows, { 'aria-label': t('queue.title') }),
    state.token ? h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => { await load(true); render(catalog); } }, t('queue.more'))) : null);
}

async function reload(catalog) {
  try {
    await load(false);
    render(catalog);
  } catch (error) {
    document.getElementById('main').append(errorBox(error));
  }
}
