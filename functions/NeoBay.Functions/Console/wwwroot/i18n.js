// Console texts in zh-CN (default) and en. t(key, vars) replaces {name} placeholders.
const texts = {
  'zh-CN': {
    'app.title': '大零号湾资助审核控制台', skip: '跳到正文', loading: '加载中…', signout: '退出', 'nav.label': '主导航',
    'nav.queue': '待办', 'nav.overview': '概览', 'nav.renewals': '年度续拨', 'nav.bindings': '企业绑定',
    'bindings.title': '待审核的企业绑定', 'bindings.hint': '申请人请求代表企业办理；核验授权委托书后批准。姓名已脱敏。',
    'bindings.person': '申请人姓名', 'bindings.role': '身份', 'bindings.requested': '申请时间', 'bindings.letter': '授权委托书',
    'bindings.letterOk': '已核验', 'bindings.letterMissing': '未上传或未核验', 'bindings.empty': '没有待审核的绑定。',
    'bindings.approveFor': '批准 {uscc} 的绑定', 'bindings.rejectFor': '驳回 {uscc} 的绑定', 'bindings.reasonFor': '驳回 {uscc} 的理由',
    'bindings.done': '{uscc} 的绑定已{status}。', 'bindings.changed': '自您打开后此绑定已被更改，列表已重新加载。',
    'binding.approved': '批准', 'binding.rejected': '驳回', 'binding.pending': '待审核',
    'bindingRole.legalRepresentative': '法定代表人', 'bindingRole.employee': '员工', 'bindingRole.agent': '代理人',
    'lang.switch': 'English', 'who': '{sub}（{role}）',
    'role.reviewer': '审核人', 'role.admin': '管理员', 'role.applicant': '申请人', 'role.integrator': '集成方',
    'signin.title': '登录', 'signin.dev': '开发环境令牌', 'signin.devHint': '仅限本地开发：令牌由公开的开发密钥签名。',
    'signin.as': '以{role}身份登录', 'signin.paste': '或粘贴令牌', 'signin.pasteLabel': 'Bearer 令牌', 'signin.use': '使用此令牌',
    'signin.entra': '使用 Entra ID 登录', 'signin.none': '此部署未配置登录方式。', 'signin.bad': '令牌无法读取。', 'signin.expired': '登录已过期，请重新登录。',
    'queue.title': '待审核申请', 'queue.counts': '各状态数量', 'queue.all': '全部', 'queue.filters': '筛选',
    'filter.status': '状态', 'filter.measure': '措施', 'filter.applicant': '申请人统一社会信用代码', 'filter.from': '提交日期自', 'filter.to': '提交日期至',
    'filter.sort': '排序', 'filter.apply': '应用', 'filter.any': '不限',
    'sort.deadline': '剩余工作日（逾期在前）', 'sort.submitted': '提交时间（最早在前）', 'sort.newest': '提交时间（最新在前，须选状态）',
    'col.id': '申请编号', 'col.measure': '措施', 'col.applicant': '申请人', 'col.status': '状态', 'col.submitted': '提交时间', 'col.dueBy': '办结期限', 'col.left': '剩余工作日',
    'queue.more': '加载更多', 'queue.empty': '没有符合条件的申请。', 'queue.shown': '显示 {n} 条',
    'left.overdue': '逾期 {n} 个工作日', 'left.today': '今日到期', 'left.days': '{n} 个工作日', 'left.none': '—',
    'app.applicant': '申请人与事实', 'app.kind': '主体类型', 'app.uscc': '统一社会信用代码', 'app.name': '名称', 'app.inZone': '在功能区内', 'app.isSme': '中小企业',
    'app.project': '项目', 'app.facts': '申报事实', 'app.otherSupport': '其他支持', 'app.submittedOn': '提交日期',
    'app.decision': '引擎结论', 'app.eligible': '符合条件', 'app.ineligible': '不符合条件', 'app.amount': '测算金额', 'app.discretionary': '酌定金额（由审核确定）',
    'app.reasons': '原因', 'app.noReasons': '无', 'app.schedule': '拨付计划', 'app.trace': '计算过程', 'app.article': '依据条款',
    'app.documents': '材料', 'app.missing': '尚缺材料：{list}', 'app.noMissing': '所需材料均已核验。', 'app.download': '下载',
    'app.history': '办理记录', 'app.others': '该申请人的其他申请', 'app.none': '无', 'app.grant': '查看资助 {id}', 'app.sourceOffer': '免申即享：由事项 {id} 转入，事实来自可信来源，申请人不可修改',
    'app.deadline': '办结期限', 'app.notComplete': '材料尚未齐全，期限未起算',
    'doc.category': '类别', 'doc.file': '文件', 'doc.status': '核验状态', 'doc.size': '大小', 'doc.sha': 'SHA-256',
    'decide.title': '审核决定', 'decide.approve': '批准', 'decide.reject': '驳回', 'decide.amount': '批准金额（元，不超过 {max}）',
    'decide.amountFree': '批准金额（元，酌定）', 'decide.reason': '理由', 'decide.submit': '提交决定',
    'decide.conflict': '自您打开后此申请已被更改，已重新加载，请核对后再决定。', 'decide.done': '决定已记录：{status}。',
    'decide.needReason': '驳回须填写理由。', 'decide.tooMuch': '金额不得超过测算金额 {max} 元。',
    'grant.title': '资助 {id}', 'grant.ledger': '按财政年度的台账', 'grant.year': '{year} 财年', 'grant.total': '合计',
    'grant.stages': '分期拨付', 'grant.accept': '验收通过，释放第 {n} 期', 'grant.accepted': '第 {n} 期已释放。', 'grant.noStages': '没有待验收的分期。', 'grant.changed': '资助在您打开后已被修改，已重新载入。',
    'col.component': '组成', 'col.trigger': '触发', 'col.amount': '金额（元）', 'col.stage': '期次', 'col.fiscalYear': '财年',
    'renew.title': '年度续拨', 'renew.year': '财政年度', 'renew.load': '查看', 'renew.start': '启动或续跑', 'renew.notStarted': '{year} 财年尚未运行。',
    'renew.progress': '分片进度：{done} / {total}', 'renew.shard': '分片 {n}', 'renew.done': '完成', 'renew.running': '进行中',
    'renew.pages': '{pages} 页，{grants} 项资助', 'renew.totals': '合计', 'renew.grants': '资助数', 'renew.issued': '已下达', 'renew.issuedAmount': '下达金额（元）', 'renew.claimsOpened': '开启申报', 'renew.failed': '失败', 'renew.failures': '失败', 'renew.started': '已启动。',
    'over.title': '概览', 'over.statuses': '各状态申请数', 'over.amounts': '已批准资助金额（按措施与财年）', 'over.months': '每月决定数',
    'over.approved': '批准', 'over.rejected': '驳回', 'over.none': '暂无数据。', 'over.print': '打印',
    'error.generic': '出错了：{message}', 'error.forbidden': '当前角色无权执行此操作。', 'error.notFound': '未找到。',
    'status.submitted': '已提交', 'status.evaluating': '评估中', 'status.eligible': '符合条件', 'status.ineligible': '不符合条件',
    'status.approved': '已批准', 'status.rejected': '已驳回', 'status.withdrawn': '已撤回', 'status.evaluationFailed': '评估失败',
    'status.pending': '待核验', 'status.verified': '已核验', 'status.scheduled': '待拨付', 'status.issued': '已下达', 'status.paid': '已支付',
    'status.lapsed': '已失效', 'status.awaitingClaim': '待申报', 'status.active': '有效', 'status.revoked': '已撤销',
    'trigger.approval': '批准时', 'trigger.acceptance': '验收后', 'trigger.completion': '完成后', 'trigger.renewal': '年度续拨', 'trigger.claim': '年度申报',
    yes: '是', no: '否',
  },
  en: {
    'app.title': 'Greater Neo Bay grants console', skip: 'Skip to content', loading: 'Loading…', signout: 'Sign out', 'nav.label': 'Main',
    'nav.queue': 'Queue', 'nav.overview': 'Overview', 'nav.renewals': 'Renewals', 'nav.bindings': 'Bindings',
    'bindings.title': 'Company bindings to decide', 'bindings.hint': 'People asking to act for a company; approve once the authorisation letter is verified. Names are masked.',
    'bindings.person': 'Person', 'bindings.role': 'Acts as', 'bindings.requested': 'Requested', 'bindings.letter': 'Authorisation letter',
    'bindings.letterOk': 'verified', 'bindings.letterMissing': 'not uploaded or not verified', 'bindings.empty': 'No binding awaits a decision.',
    'bindings.approveFor': 'Approve the binding to {uscc}', 'bindings.rejectFor': 'Reject the binding to {uscc}', 'bindings.reasonFor': 'Reason to reject the binding to {uscc}',
    'bindings.done': 'The binding to {uscc} is {status}.', 'bindings.changed': 'This binding changed since you opened the list; the list was reloaded.',
    'binding.approved': 'approved', 'binding.rejected': 'rejected', 'binding.pending': 'pending',
    'bindingRole.legalRepresentative': 'legal representative', 'bindingRole.employee': 'employee', 'bindingRole.agent': 'agent',
    'lang.switch': '中文', 'who': '{sub} ({role})',
    'role.reviewer': 'reviewer', 'role.admin': 'admin', 'role.applicant': 'applicant', 'role.integrator': 'integrator',
    'signin.title': 'Sign in', 'signin.dev': 'Development tokens', 'signin.devHint': 'Local development only: tokens signed with the public development key.',
    'signin.as': 'Sign in as {role}', 'signin.paste': 'Or paste a token', 'signin.pasteLabel': 'Bearer token', 'signin.use': 'Use this token',
    'signin.entra': 'Sign in with Entra ID', 'signin.none': 'No sign-in method is configured here.', 'signin.bad': 'The token cannot be read.', 'signin.expired': 'Your session expired: sign in again.',
    'queue.title': 'Applications to decide', 'queue.counts': 'Count per status', 'queue.all': 'All', 'queue.filters': 'Filters',
    'filter.status': 'Status', 'filter.measure': 'Measure', 'filter.applicant': 'Applicant USCC', 'filter.from': 'Submitted from', 'filter.to': 'Submitted to',
    'filter.sort': 'Sort', 'filter.apply': 'Apply', 'filter.any': 'Any',
    'sort.deadline': 'Working days left (overdue first)', 'sort.submitted': 'Submitted (oldest first)', 'sort.newest': 'Submitted (newest first; pick a status)',
    'col.id': 'Application', 'col.measure': 'Measure', 'col.applicant': 'Applicant', 'col.status': 'Status', 'col.submitted': 'Submitted', 'col.dueBy': 'Due by', 'col.left': 'Working days left',
    'queue.more': 'Load more', 'queue.empty': 'No application matches.', 'queue.shown': '{n} shown',
    'left.overdue': 'Overdue by {n} working days', 'left.today': 'Due today', 'left.days': '{n} working days', 'left.none': '—',
    'app.applicant': 'Applicant and facts', 'app.kind': 'Kind', 'app.uscc': 'USCC', 'app.name': 'Name', 'app.inZone': 'In the zone', 'app.isSme': 'SME',
    'app.project': 'Project', 'app.facts': 'Declared facts', 'app.otherSupport': 'Other support', 'app.submittedOn': 'Submitted on',
    'app.decision': "Engine's decision", 'app.eligible': 'Eligible', 'app.ineligible': 'Not eligible', 'app.amount': 'Computed amount', 'app.discretionary': 'Discretionary (set by review)',
    'app.reasons': 'Reasons', 'app.noReasons': 'None', 'app.schedule': 'Payment schedule', 'app.trace': 'Calculation trace', 'app.article': 'Article',
    'app.documents': 'Documents', 'app.missing': 'Still missing: {list}', 'app.noMissing': 'Every required document is verified.', 'app.download': 'Download',
    'app.history': 'History', 'app.others': "The applicant's other applications", 'app.none': 'None', 'app.grant': 'Open grant {id}', 'app.sourceOffer': 'From offer {id} (免申即享): facts from trusted sources, not changeable by the applicant',
    'app.deadline': 'Service deadline', 'app.notComplete': 'Not complete yet: the deadline has not started',
    'doc.category': 'Category', 'doc.file': 'File', 'doc.status': 'Verification', 'doc.size': 'Size', 'doc.sha': 'SHA-256',
    'decide.title': 'Decision', 'decide.approve': 'Approve', 'decide.reject': 'Reject', 'decide.amount': 'Approved amount (yuan, at most {max})',
    'decide.amountFree': 'Approved amount (yuan, discretionary)', 'decide.reason': 'Reason', 'decide.submit': 'Submit decision',
    'decide.conflict': 'This application changed since you opened it. It has been reloaded: check it and decide again.', 'decide.done': 'Decision recorded: {status}.',
    'decide.needReason': 'A rejection needs a reason.', 'decide.tooMuch': 'The amount may not exceed the computed {max} yuan.',
    'grant.title': 'Grant {id}', 'grant.ledger': 'Ledger by fiscal year', 'grant.year': 'Fiscal year {year}', 'grant.total': 'Total',
    'grant.stages': 'Staged releases', 'grant.accept': 'Accept and release stage {n}', 'grant.accepted': 'Stage {n} released.', 'grant.noStages': 'No stage awaits acceptance.', 'grant.changed': 'The grant changed since you opened it; reloaded.',
    'col.component': 'Component', 'col.trigger': 'Trigger', 'col.amount': 'Amount (yuan)', 'col.stage': 'Stage', 'col.fiscalYear': 'Fiscal year',
    'renew.title': 'Yearly renewals', 'renew.year': 'Fiscal year', 'renew.load': 'Show', 'renew.start': 'Start or resume', 'renew.notStarted': 'No run for fiscal year {year} yet.',
    'renew.progress': 'Shards done: {done} / {total}', 'renew.shard': 'Shard {n}', 'renew.done': 'done', 'renew.running': 'running',
    'renew.pages': '{pages} pages, {grants} grants', 'renew.totals': 'Totals', 'renew.grants': 'Grants', 'renew.issued': 'Issued', 'renew.issuedAmount': 'Issued (yuan)', 'renew.claimsOpened': 'Claims opened', 'renew.failed': 'Failed', 'renew.failures': 'Failures', 'renew.started': 'Started.',
    'over.title': 'Overview', 'over.statuses': 'Applications per status', 'over.amounts': 'Approved amounts by measure and fiscal year', 'over.months': 'Decisions per month',
    'over.approved': 'approved', 'over.rejected': 'rejected', 'over.none': 'No data yet.', 'over.print': 'Print',
    'error.generic': 'Something went wrong: {message}', 'error.forbidden': 'Your role may not do this.', 'error.notFound': 'Not found.',
    'status.submitted': 'submitted', 'status.evaluating': 'evaluating', 'status.eligible': 'eligible', 'status.ineligible': 'not eligible',
    'status.approved': 'approved', 'status.rejected': 'rejected', 'status.withdrawn': 'withdrawn', 'status.evaluationFailed': 'evaluation failed',
    'status.pending': 'pending', 'status.verified': 'verified', 'status.scheduled': 'scheduled', 'status.issued': 'issued', 'status.paid': 'paid',
    'status.lapsed': 'lapsed', 'status.awaitingClaim': 'awaiting claim', 'status.active': 'active', 'status.revoked': 'revoked',
    'trigger.approval': 'on approval', 'trigger.acceptance': 'on acceptance', 'trigger.completion': 'on completion', 'trigger.renewal': 'yearly renewal', 'trigger.claim': 'yearly claim',
    yes: 'yes', no: 'no',
  },
};

// The batches page (payment runs and batches, docs/payments.md).
Object.assign(texts['zh-CN'], {
  'nav.batches': '支付批次', 'batches.title': '支付批次', 'batches.hint': '每次支付运行按财政年度和资金渠道（措施）各生成一个批次；账号已脱敏，仅支付文件含完整账号。',
  'batches.start': '发起支付运行', 'batches.running': '{run} 的支付运行进行中…', 'batches.complete': '{run} 的支付运行已完成：{n} 个批次。',
  'batches.run': '支付运行 {run}', 'batches.run.label': '支付运行', 'batches.batch': '批次', 'batches.fundingLine': '资金渠道', 'batches.payees': '收款人数',
  'batches.lines': '台账行数', 'batches.total': '合计（元）', 'batches.sha': '支付文件 SHA-256', 'batches.notExported': '尚未导出', 'batches.empty': '没有符合条件的批次。',
  'batches.detail': '支付批次 {id}', 'batches.back': '返回支付批次', 'batches.rows': '收款人（每人一行）', 'batches.noRows': '批次尚未封存，暂无收款行。',
  'batches.row': '行', 'batches.accountName': '户名', 'batches.bank': '开户行', 'batches.accountNumber': '账号', 'batches.cnaps': '行号（CNAPS）', 'batches.result': '银行结果',
  'batches.download': '下载支付文件', 'batches.downloadLines': '下载明细文件', 'batches.downloaded': '已下载，文件 SHA-256：{sha}',
  'batches.openHint': '批次仍在归集中，运行完成后方可下载支付文件。',
  'batch.open': '归集中', 'batch.sealed': '已封存', 'batch.exported': '已导出', 'batch.closed': '已结清',
  'result.paid': '已支付', 'result.returned': '已退回', 'result.none': '待回盘',
});
Object.assign(texts.en, {
  'nav.batches': 'Payments', 'batches.title': 'Payment batches', 'batches.hint': 'Each payment run makes one batch per fiscal year and funding line (the measure). Account numbers are masked; only the payment file carries them in full.',
  'batches.start': 'Start a payment run', 'batches.running': 'The payment run of {run} is running…', 'batches.complete': 'The payment run of {run} is complete: {n} batches.',
  'batches.run': 'Payment run {run}', 'batches.run.label': 'Payment run', 'batches.batch': 'Batch', 'batches.fundingLine': 'Funding line', 'batches.payees': 'Payees',
  'batches.lines': 'Ledger lines', 'batches.total': 'Total (yuan)', 'batches.sha': 'Payment file SHA-256', 'batches.notExported': 'not exported yet', 'batches.empty': 'No batch matches.',
  'batches.detail': 'Payment batch {id}', 'batches.back': 'Back to payment batches', 'batches.rows': 'Payees (one row each)', 'batches.noRows': 'The batch is not sealed yet: no rows.',
  'batches.row': 'Row', 'batches.accountName': 'Account name', 'batches.bank': 'Bank', 'batches.accountNumber': 'Account number', 'batches.cnaps': 'CNAPS code', 'batches.result': "Bank's result",
  'batches.download': 'Download the payment file', 'batches.downloadLines': 'Download the lines file', 'batches.downloaded': 'Downloaded; file SHA-256: {sha}',
  'batches.openHint': 'The batch is still gathering: its payment file can be downloaded once the run is complete.',
  'batch.open': 'open', 'batch.sealed': 'sealed', 'batch.exported': 'exported', 'batch.closed': 'closed',
  'result.paid': 'paid', 'result.returned': 'returned', 'result.none': 'awaiting result',
});

let current = localStorage.getItem('neobay.lang') === 'en' ? 'en' : 'zh-CN';

export const lang = () => current;
export const english = () => current === 'en';

export function setLang(value) {
  current = value === 'en' ? 'en' : 'zh-CN';
  localStorage.setItem('neobay.lang', current);
  document.documentElement.lang = current;
}

export function t(key, vars = {}) {
  const text = texts[current][key] ?? texts['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** Fills every element with data-i18n from the current language (the static shell). */
export function translateShell(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  document.title = t('app.title');
  document.getElementById('nav')?.setAttribute('aria-label', t('nav.label'));
}

export const yuan = (n) => n == null ? '—' : Number(n).toLocaleString(current, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const date = (iso) => iso ? new Date(iso).toLocaleString(current, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }) : '—';

// The fund's charts on the overview (issue 17, pages/overview-charts.js).
Object.assign(texts['zh-CN'], {
  'fund.commitments': '资金承诺（按财年与条款）', 'fund.approvedIssued': '已批准 {approved}，已下达 {issued}', 'fund.issued': '已下达',
  'fund.notIssued': '已批准未下达', 'fund.basis': '按计划财年统计。', 'fund.outcomes': '各措施申请结果', 'fund.days': '办理天数（材料齐全起）',
  'fund.all': '全部', 'fund.decision': '至决定', 'fund.firstPayment': '至首次支付', 'fund.daysFigures': '平均 {average} 天 · P90 {p90} 天（{count} 件）',
  'fund.noDays': '暂无', 'fund.total': '（共 {total} 件）', 'fund.daysRule': '按中国标准时间的自然日计；P90 为最近秩；首次支付为银行回单的支付日期，尚未支付时为首次下达日期。条为平均值，竖线为 P90。',
});
Object.assign(texts.en, {
  'fund.commitments': 'Commitments by fiscal year and article', 'fund.approvedIssued': 'approved {approved}, issued {issued}', 'fund.issued': 'issued',
  'fund.notIssued': 'approved, not yet issued', 'fund.basis': 'By planned fiscal year.', 'fund.outcomes': 'Applications by measure and outcome',
  'fund.days': 'Days from complete', 'fund.all': 'all', 'fund.decision': 'to decision', 'fund.firstPayment': 'to first payment',
  'fund.daysFigures': 'average {average} days · p90 {p90} days ({count})', 'fund.noDays': 'none yet', 'fund.total': ' ({total} in all)',
  'fund.daysRule': 'China Standard Time calendar days; p90 by nearest rank; the first payment is the bank’s paid date, or the first issuance while nothing is paid. Bar: average; tick: p90.',
});
