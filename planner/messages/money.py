"""Messages of the programme's money: the cost chain, funding, contracts, payments, the report."""

MESSAGES: dict[str, dict[str, str]] = {
    "page.money": {"zh": "资金与合同", "en": "Money and contracts"},
    "money.title": {"zh": "资金、合同与支付", "en": "Funding, contracts and payments"},
    "money.programme": {"zh": "改造计划", "en": "Programme"},
    "money.read_only": {
        "zh": "工程师账户只能查看；录入和审核由住建局工作人员办理。",
        "en": "Engineer accounts read only; staff enter and approve.",
    },
    "money.yuan": {"zh": "{amount} 元", "en": "CNY {amount}"},
    "money.none": {"zh": "—", "en": "—"},
    "money.illustrative": {
        "zh": "示例数据：资金、合同与支付均为演示用虚构数字。",
        "en": "Sample data: funding, contracts and payments are made-up figures for illustration.",
    },
    # The chain
    "money.tab.chain": {"zh": "投资链", "en": "Cost chain"},
    "money.tab.funding": {"zh": "资金来源", "en": "Funding"},
    "money.tab.contracts": {"zh": "标段与合同", "en": "Contracts"},
    "money.tab.payments": {"zh": "计量与支付", "en": "Measurement and payment"},
    "money.tab.settlement": {"zh": "结算与质保金", "en": "Settlement and retention"},
    "money.stage.estimate": {"zh": "估算（工程量×单价）", "en": "Estimate (quantity × rate)"},
    "money.stage.budget": {"zh": "概算（批复）", "en": "Approved budget (概算)"},
    "money.stage.control": {"zh": "招标控制价", "en": "Tender ceiling (控制价)"},
    "money.stage.contract": {"zh": "合同价", "en": "Contract price"},
    "money.stage.changes": {"zh": "变更/签证（已批准）", "en": "Approved changes"},
    "money.stage.settled": {"zh": "结算价", "en": "Settled price"},
    "money.stage.audited": {"zh": "审定价", "en": "Audited price"},
    "money.stage.contract_changes": {
        "zh": "合同价及已批准变更",
        "en": "contract price with approved changes",
    },
    "money.stage.mixed": {"zh": "各阶段合计", "en": "several stages"},
    "money.chain.caption": {
        "zh": "估算 = Σ 计划工程量 × 单价，仅供参考；招标控制价取自工程量清单（与导出的清单一致，"
        "精确到分）。金额均按分计，四舍五入只在一处进行。",
        "en": "The estimate is Σ planned quantity × rate, for reference only; the tender ceiling "
        "is the bill's own figure (as the exported bill prints it, to the fen). Amounts are "
        "exact to the fen, rounded in one place.",
    },
    "money.chain.contracts": {
        "zh": "合同 {n} 个，已结算 {settled} 个，已审定 {audited} 个。",
        "en": "{n} contracts, {settled} settled, {audited} audited.",
    },
    "money.chain.over_budget": {
        "zh": "招标控制价 {control} 高于批复概算 {budget}："
        "须报原概算审批部门审核（GB 50500-2013）。",
        "en": "The tender ceiling {control} is above the approved budget {budget}: it goes back "
        "to the body that approved the budget (GB 50500-2013).",
    },
    "money.chain.over_budget_approved": {
        "zh": "招标控制价高于概算，已报批（见审核记录）。",
        "en": "The tender ceiling is above the budget; the approval is on record.",
    },
    "money.chain.site_flags": {
        "zh": "{n} 个小区的招标控制价高于其概算，尚未报批。",
        "en": "{n} compounds have a tender ceiling above their budget, not yet approved.",
    },
    "money.col.compound": {"zh": "小区", "en": "Compound"},
    "money.col.flag": {"zh": "控制价超概算", "en": "Ceiling above budget"},
    "money.flag.open": {"zh": "⚠ 待报批", "en": "⚠ to approve"},
    "money.flag.approved": {"zh": "已报批", "en": "approved"},
    # Budgets and approvals
    "money.budget.title": {"zh": "录入批复概算", "en": "Enter an approved budget"},
    "money.budget.whole": {"zh": "整个计划", "en": "The whole programme"},
    "money.budget.where": {"zh": "适用范围", "en": "For"},
    "money.field.amount": {"zh": "金额（元）", "en": "Amount (CNY)"},
    "money.field.document_no": {"zh": "文号", "en": "Document number"},
    "money.field.approved_on": {"zh": "批复日期", "en": "Approved on"},
    "money.budget.save": {"zh": "保存概算", "en": "Save budget"},
    "money.budget.saved": {"zh": "已保存概算 {amount}。", "en": "Budget {amount} saved."},
    "money.approve_control.title": {
        "zh": "记录控制价超概算的审核意见",
        "en": "Record the approval of a ceiling above budget",
    },
    "money.approve_control.save": {"zh": "记录审核", "en": "Record approval"},
    "money.approve_control.saved": {"zh": "已记录审核。", "en": "Approval recorded."},
    # Funding
    "money.source.central_budget": {"zh": "中央预算内投资", "en": "Central budget investment"},
    "money.source.central_subsidy": {
        "zh": "中央财政城镇保障性安居工程补助资金",
        "en": "Central subsidy for urban affordable housing",
    },
    "money.source.provincial": {"zh": "省级财政资金", "en": "Provincial funds"},
    "money.source.local": {"zh": "市县财政资金", "en": "City and county funds"},
    "money.source.special_bond": {"zh": "地方政府专项债券", "en": "Local special-purpose bonds"},
    "money.source.residents": {
        "zh": "居民出资（含住宅专项维修资金）",
        "en": "Residents (incl. housing maintenance funds)",
    },
    "money.source.utility": {"zh": "管线/专营单位出资", "en": "Utility operators"},
    "money.source.social_capital": {"zh": "社会资本", "en": "Private capital"},
    "money.kind.allocation": {"zh": "下达", "en": "Allocated"},
    "money.kind.receipt": {"zh": "到位", "en": "Received"},
    "money.kind.disbursement": {"zh": "拨付", "en": "Disbursed"},
    "money.col.source": {"zh": "资金来源", "en": "Source"},
    "money.funding.title": {"zh": "录入资金", "en": "Enter funds"},
    "money.field.kind": {"zh": "类型", "en": "Kind"},
    "money.field.source": {"zh": "资金来源", "en": "Source"},
    "money.field.entry_on": {"zh": "日期", "en": "Date"},
    "money.field.site": {"zh": "小区（可不选：整个计划）", "en": "Compound (none: the programme)"},
    "money.field.scope": {"zh": "改造内容（可不选）", "en": "Kind of work (optional)"},
    "money.field.contract": {"zh": "支付的合同（可不选）", "en": "Contract paid (optional)"},
    "money.field.note": {"zh": "备注", "en": "Note"},
    "money.funding.save": {"zh": "保存", "en": "Save"},
    "money.funding.saved": {"zh": "已保存 {amount}。", "en": "{amount} saved."},
    "money.import.title": {
        "zh": "导入资金文件（CSV/XLSX）",
        "en": "Import a funding file (CSV/XLSX)",
    },
    "money.import.kind": {"zh": "文件内容", "en": "The file holds"},
    "money.import.allocations": {"zh": "资金下达/到位", "en": "Allocations and receipts"},
    "money.import.payments": {"zh": "资金拨付", "en": "Disbursements"},
    "money.import.check": {"zh": "检查", "en": "Check"},
    "money.import.save": {"zh": "导入", "en": "Import"},
    "money.import.checked": {
        "zh": "检查通过：{rows} 行，合计 {total}（尚未写入）。",
        "en": "Checked: {rows} rows, {total} in all (nothing written yet).",
    },
    "money.import.done": {
        "zh": "已导入 {rows} 行，合计 {total}。",
        "en": "Imported {rows} rows, {total} in all.",
    },
    "money.import.help": {
        "zh": "列：日期、文号、资金来源、金额，可选：小区、改造内容、类型（下达/到位）、"
        "标段、备注。"
        "任何一行有误则整个文件不导入。",
        "en": "Columns (headed in Chinese, as the file's first row): `日期` (date), `文号` "
        "(document number), `资金来源` (source), `金额` (amount); optional `小区` (compound), "
        "`改造内容` (scope), `类型` (kind: `下达` allocated / `到位` received), `标段` "
        "(tender section), `备注` (note). One refused row refuses the whole file.",
    },
    "money.import.row": {"zh": "第 {row} 行：{reason}", "en": "Row {row}: {reason}"},
    "money.import.refused": {
        "zh": "文件有 {rows} 行不能导入，未写入任何数据：",
        "en": "{rows} rows of the file are refused; nothing was written:",
    },
    "money.import.missing_columns": {
        "zh": "文件缺少列：{columns}。",
        "en": "The file lacks the columns: {columns}.",
    },
    "money.import.extra_cells": {
        "zh": "该行比表头多 {count} 个单元格",
        "en": "the row has {count} cells more than the header",
    },
    # Contracts
    "money.contract.title": {"zh": "新建标段与合同", "en": "New section and contract"},
    "money.field.section_code": {"zh": "标段编号", "en": "Section code"},
    "money.field.section_name": {"zh": "标段名称", "en": "Section name"},
    "money.field.compounds": {"zh": "包含的小区", "en": "Compounds"},
    "money.field.contractor": {"zh": "施工单位", "en": "Contractor"},
    "money.field.signed_on": {"zh": "签订日期", "en": "Signed on"},
    "money.field.discount_percent": {"zh": "下浮率（%）", "en": "Discount (%)"},
    "money.field.bid_price": {"zh": "或：中标价（元）", "en": "or: winning bid (CNY)"},
    "money.field.advance_percent": {"zh": "预付款（%）", "en": "Advance (%)"},
    "money.field.progress_percent": {"zh": "进度款（% 计量额）", "en": "Progress payment (%)"},
    "money.field.retention_percent": {"zh": "质保金（% 结算价）", "en": "Retention (%)"},
    "money.field.defects_months": {"zh": "缺陷责任期（月）", "en": "Defects period (months)"},
    "money.field.material_adjustment": {"zh": "允许材料调差", "en": "Material price adjustment"},
    "money.contract.save": {"zh": "创建合同", "en": "Create contract"},
    "money.contract.saved": {
        "zh": "已创建合同：合同价 {price}（控制价 {control}），预付款待审核。",
        "en": "Contract created: price {price} (ceiling {control}); the advance awaits approval.",
    },
    "money.contract.none": {"zh": "尚无合同。", "en": "No contract yet."},
    "money.col.section": {"zh": "标段", "en": "Section"},
    "money.col.contractor": {"zh": "施工单位", "en": "Contractor"},
    "money.col.compounds": {"zh": "小区数", "en": "Compounds"},
    "money.col.discount": {"zh": "下浮率", "en": "Discount"},
    "money.col.measured": {"zh": "累计计量", "en": "Measured"},
    "money.col.paid": {"zh": "已付（已审核）", "en": "Paid (approved)"},
    "money.col.pending": {"zh": "待审核", "en": "Awaiting approval"},
    "money.col.retention": {"zh": "质保金", "en": "Retention"},
    "money.col.due": {"zh": "质保金到期", "en": "Retention due"},
    # 计量, payments, changes
    "money.measure.title": {"zh": "月度计量", "en": "Monthly measurement"},
    "money.field.period": {"zh": "计量月份（YYYY-MM）", "en": "Month (YYYY-MM)"},
    "money.measure.save": {"zh": "按现场完成量计量", "en": "Measure the field's quantities"},
    "money.measure.saved": {
        "zh": "已计量：本期 {value}，进度款 {payment} 待审核。",
        "en": "Measured: {value} this period; progress payment {payment} awaits approval.",
    },
    "money.measure.caption": {
        "zh": "计量取各工程项目经现场核实的完成量（按清单行），按合同价计价。",
        "en": "A measurement takes the field-verified completed quantities per bill line, priced "
        "at the contract's prices.",
    },
    "money.pending.payments": {"zh": "待审核的支付", "en": "Payments awaiting approval"},
    "money.pending.changes": {"zh": "待审核的变更/签证", "en": "Changes awaiting approval"},
    "money.pending.none": {"zh": "没有待审核的事项。", "en": "Nothing awaits approval."},
    "money.pending.line": {
        "zh": "{section}　{kind}　{amount}　{detail}（申请人：{by}）",
        "en": "{section}  {kind}  {amount}  {detail} (asked by {by})",
    },
    "money.approve": {"zh": "审核通过", "en": "Approve"},
    "money.approved": {"zh": "已审核通过 {amount}。", "en": "Approved: {amount}."},
    "money.four_eyes": {
        "zh": "支付和变更须由申请人以外的另一位工作人员或管理员审核。",
        "en": "A payment or change is approved by another staff member or an administrator.",
    },
    "money.payment.advance": {"zh": "预付款", "en": "Advance"},
    "money.payment.progress": {"zh": "进度款", "en": "Progress payment"},
    "money.payment.final": {"zh": "结算款", "en": "Final payment"},
    "money.payment.retention": {"zh": "质保金返还", "en": "Retention release"},
    "money.change.title": {"zh": "登记变更/签证", "en": "Record a change"},
    "money.change.variation": {"zh": "设计变更", "en": "Variation"},
    "money.change.site_instruction": {"zh": "现场签证", "en": "Site instruction"},
    "money.change.material_adjustment": {"zh": "材料调差", "en": "Material price adjustment"},
    "money.field.reason": {"zh": "原因", "en": "Reason"},
    "money.field.change_amount": {
        "zh": "金额（元，可为负）",
        "en": "Amount (CNY, may be negative)",
    },
    "money.field.lines": {"zh": "涉及的清单行", "en": "Bill lines changed"},
    "money.change.save": {"zh": "登记", "en": "Record"},
    "money.change.saved": {"zh": "已登记，待审核。", "en": "Recorded; awaits approval."},
    # Settlement
    "money.settle.title": {"zh": "竣工结算", "en": "Settlement"},
    "money.field.accepted_on": {"zh": "竣工验收日期", "en": "Accepted on (竣工验收)"},
    "money.field.settled_on": {"zh": "结算日期", "en": "Settled on"},
    "money.settle.save": {"zh": "结算", "en": "Settle"},
    "money.settle.saved": {
        "zh": "结算价 {price}，质保金 {retention}。",
        "en": "Settled at {price}; retention {retention}.",
    },
    "money.audit.title": {"zh": "录入审定价", "en": "Enter the audited price"},
    "money.field.audited_price": {"zh": "审定价（元）", "en": "Audited price (CNY)"},
    "money.field.audited_on": {"zh": "审定日期", "en": "Audited on"},
    "money.field.adjustment_site": {"zh": "核减/核增的小区", "en": "Compound adjusted"},
    "money.field.adjustment_reason": {"zh": "审定说明", "en": "Reason of the adjustment"},
    "money.audit.save": {"zh": "保存审定价", "en": "Save audited price"},
    "money.audit.saved": {
        "zh": "审定价 {price} 已保存，结算款待审核。",
        "en": "Audited price {price} saved; the final payment awaits approval.",
    },
    "money.release.save": {"zh": "申请返还质保金", "en": "Ask to release the retention"},
    "money.release.saved": {
        "zh": "质保金 {amount} 返还待审核。",
        "en": "Retention {amount} release awaits approval.",
    },
    "money.alerts.title": {"zh": "质保金到期提醒", "en": "Retention releases coming up"},
    "money.alerts.none": {
        "zh": "{days} 天内没有到期的质保金。",
        "en": "No retention falls due within {days} days.",
    },
    "money.alerts.line": {
        "zh": "{programme} {section}（{contractor}）：质保金 {amount}，{due} 到期",
        "en": "{programme} {section} ({contractor}): retention {amount}, due {due}",
    },
    "money.alerts.overdue": {
        "zh": "{programme} {section}（{contractor}）：质保金 {amount}，已于 {due} 到期",
        "en": "{programme} {section} ({contractor}): retention {amount}, due since {due}",
    },
    "money.alerts.dashboard": {
        "zh": "{n} 笔质保金将在 60 天内到期或已到期，请在“资金与合同”中办理返还。",
        "en": "{n} retentions fall due within 60 days or are overdue: see Money and contracts.",
    },
    "money.field.contract_pick": {"zh": "合同", "en": "Contract"},
    # Public 公示
    "money.public.title": {"zh": "资金公示", "en": "Where the money comes from"},
    "money.public.investment": {"zh": "总投资（{stage}）", "en": "Total investment ({stage})"},
    # The stage of that figure, inside the label's brackets (lower case in English).
    "money.public.stage.budget": {"zh": "批复概算", "en": "approved budget"},
    "money.public.stage.contract": {"zh": "合同价", "en": "contract price"},
    "money.public.stage.contract_changes": {
        "zh": "合同价及已批准变更",
        "en": "contract price with approved changes",
    },
    "money.public.stage.settled": {"zh": "结算价", "en": "settled price"},
    "money.public.stage.audited": {"zh": "审定价", "en": "audited price"},
    "money.public.stage.mixed": {"zh": "各阶段合计", "en": "several stages"},
    "money.public.none": {
        "zh": "本小区的资金信息尚未公示。",
        "en": "This compound's funding is not published yet.",
    },
    "money.public.allocated": {"zh": "下达资金（元）", "en": "Allocated (CNY)"},
    "money.public.disbursed": {"zh": "已拨付（元）", "en": "Disbursed (CNY)"},
    "money.public.note": {
        "zh": "按政务公开要求公示本小区改造资金的来源和金额。",
        "en": "Published as open-government rules ask: the sources and amounts of the funds.",
    },
    # Refusals
    "money.refused.form": {
        "zh": "有 {count} 处需要修改，未保存：",
        "en": "{count} things to correct; nothing was saved:",
    },
    "money.refused.read_only": {
        "zh": "您的账户只能查看资金信息，不能录入或审核。",
        "en": "Your account may read the money pages but not enter or approve.",
    },
    "money.refused.same_person": {
        "zh": "申请人不能审核自己的申请，请由另一位工作人员审核。",
        "en": "You asked for this yourself: another person must approve it.",
    },
    "money.refused.nan": {"zh": "「{value}」不是数字", "en": "“{value}” is not a number"},
    "money.refused.decimals": {
        "zh": "「{value}」超过两位小数（金额精确到分）",
        "en": "“{value}” has more than two decimals (amounts are to the fen)",
    },
    "money.refused.not_positive": {
        "zh": "金额须大于零（{value}）",
        "en": "the amount must be above zero ({value})",
    },
    "money.refused.term_range": {
        "zh": "{value}% 超出允许范围 {low}%–{high}%（{source}）",
        "en": "{value}% is outside {low}%–{high}% ({source})",
    },
    "money.refused.date": {
        "zh": "「{value}」不是日期（如 2023-05-31）",
        "en": "“{value}” is not a date (e.g. 2023-05-31)",
    },
    "money.refused.future": {
        "zh": "日期 {value} 晚于今天",
        "en": "the date {value} is after today",
    },
    "money.refused.required": {"zh": "此项必填", "en": "required"},
    "money.refused.too_long": {"zh": "超过 {limit} 个字", "en": "longer than {limit} characters"},
    "money.refused.kind": {"zh": "未知的类型「{value}」", "en": "unknown kind “{value}”"},
    "money.refused.source": {
        "zh": "未知的资金来源「{value}」",
        "en": "unknown funding source “{value}”",
    },
    "money.refused.no_programme": {"zh": "没有这个改造计划。", "en": "There is no such programme."},
    "money.refused.site": {
        "zh": "该小区不在本计划中",
        "en": "the compound is not in this programme",
    },
    "money.refused.scope": {
        "zh": "未知的改造内容「{value}」",
        "en": "unknown kind of work “{value}”",
    },
    "money.refused.contract": {
        "zh": "本计划没有这个合同（标段）",
        "en": "no such contract (section) in this programme",
    },
    "money.refused.not_covered": {
        "zh": "{source}不能用于：{scopes}",
        "en": "{source} may not pay for: {scopes}",
    },
    "money.refused.price_basis": {
        "zh": "请填写下浮率或中标价（二者选一）",
        "en": "give either a discount or a winning bid (one of them)",
    },
    "money.refused.defects_months": {
        "zh": "缺陷责任期「{value}」须为 0–{limit} 个月（建质〔2017〕138号）",
        "en": "the defects period “{value}” must be 0–{limit} months (建质〔2017〕138号)",
    },
    "money.refused.units_taken": {
        "zh": "所选小区（单位工程）已在其他标段中。",
        "en": "A chosen compound (unit of work) is in another section already.",
    },
    "money.refused.no_units": {
        "zh": "请选择标段包含的小区。",
        "en": "Choose the section's compounds.",
    },
    "money.refused.section_code": {
        "zh": "标段编号「{value}」已存在",
        "en": "the section code “{value}” exists already",
    },
    "money.refused.no_lines": {
        "zh": "所选小区在清单中没有工程内容，无法计价。",
        "en": "The chosen compounds have no lines in the bill to price.",
    },
    "money.refused.bid_above_control": {
        "zh": "中标价高于招标控制价 {control} 元",
        "en": "the winning bid is above the tender ceiling CNY {control}",
    },
    "money.refused.over_contract": {
        "zh": "这笔支付 {amount} 元将使累计支付（含待审核 {committed} 元）"
        "超过合同价加已批准变更 {cap} 元，未保存。",
        "en": "This payment of CNY {amount} would take what is paid and asked (CNY {committed}) "
        "above the contract price with approved changes, CNY {cap}; nothing was saved.",
    },
    "money.refused.over_cost": {
        "zh": "这笔拨付 {amount} 元将使该小区累计拨付超过其总投资（{stage}）{investment} 元："
        "已拨付 {disbursed} 元，最多还可拨付 {left} 元",
        "en": "this disbursement of CNY {amount} would take what the compound was disbursed above "
        "its total investment ({stage}), CNY {investment}: CNY {disbursed} disbursed so far, at "
        "most CNY {left} more",
    },
    "money.refused.no_cost": {
        "zh": "该小区还没有总投资（无概算、无合同），拨付无从核对：请先录入其概算",
        "en": "the compound has no total investment yet (no approved budget, no contract) to "
        "check a disbursement against: enter its budget (概算) first",
    },
    "money.refused.settled": {"zh": "该合同已结算。", "en": "The contract is settled."},
    "money.refused.period_order": {
        "zh": "计量月份须晚于上次计量（{last}）",
        "en": "the month must come after the last measurement ({last})",
    },
    "money.refused.period": {
        "zh": "「{value}」不是月份（如 2023-05）",
        "en": "“{value}” is not a month (e.g. 2023-05)",
    },
    "money.refused.backwards": {
        "zh": "本次累计计量 {cumulative} 元少于上次 {previous} 元：完成量不能减少。",
        "en": "The measured total CNY {cumulative} is below the last one, CNY {previous}: "
        "completed quantities cannot go down.",
    },
    "money.refused.no_measurement": {
        "zh": "该合同尚无计量，无法结算。",
        "en": "The contract has no measurement to settle.",
    },
    "money.refused.pending_changes": {
        "zh": "尚有待审核的变更/签证，请先审核。",
        "en": "Changes await approval: approve them first.",
    },
    "money.refused.settled_before_acceptance": {
        "zh": "结算日期不能早于竣工验收日期",
        "en": "the settlement cannot come before the acceptance",
    },
    "money.refused.not_settled": {
        "zh": "该合同尚未结算。",
        "en": "The contract is not settled yet.",
    },
    "money.refused.audited": {
        "zh": "该合同已录入审定价。",
        "en": "The contract has its audited price already.",
    },
    "money.refused.adjustment_site": {
        "zh": "审定调整的小区不在该合同中。",
        "en": "An adjusted compound is not in this contract.",
    },
    "money.refused.adjustments_sum": {
        "zh": "各小区审定调整之和须等于审定价与结算价之差 {difference} 元。",
        "en": "The adjustments must add up to the audited price less the settled price, "
        "CNY {difference}.",
    },
    "money.refused.not_audited": {
        "zh": "须先录入审定价，才能返还质保金。",
        "en": "Enter the audited price before releasing the retention.",
    },
    "money.refused.retention_not_due": {
        "zh": "缺陷责任期至 {due} 才结束，质保金尚不能返还。",
        "en": "The defects period ends on {due}: the retention cannot be released yet.",
    },
    "money.refused.retention_released": {
        "zh": "质保金已申请返还。",
        "en": "The retention release was asked for already.",
    },
    "money.refused.nothing_to_approve": {
        "zh": "招标控制价没有高于概算（或尚无概算），无需报批。",
        "en": "The tender ceiling is not above the budget (or there is no budget): "
        "nothing to approve.",
    },
    "money.refused.duplicate": {
        "zh": "文号「{document}」的这笔资金已经登记过",
        "en": "this money of document “{document}” is recorded already",
    },
    "money.refused.duplicate_change": {
        "zh": "同样的变更/签证已登记，正等待审核。",
        "en": "The same change is recorded already and awaits approval.",
    },
    "money.refused.no_payment": {"zh": "没有这笔支付。", "en": "There is no such payment."},
    "money.refused.stale": {
        "zh": "该事项已被他人审核或修改，请刷新后再看。",
        "en": "Someone else approved or changed this meanwhile: reload and look again.",
    },
    "money.refused.no_material_adjustment": {
        "zh": "合同未约定材料调差",
        "en": "the contract does not allow material price adjustment",
    },
    "money.refused.change_lines": {
        "zh": "请选择该合同中同一小区的清单行",
        "en": "choose bill lines of this contract, all of one compound",
    },
    # The ministry's report
    "money.report.unfilled": {
        "zh": "以下字段数据中没有，留空：",
        "en": "These fields have no data and are left empty:",
    },
}
