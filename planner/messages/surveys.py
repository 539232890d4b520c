"""Messages of the surveys, suggestions and consent pages and commands."""

_ROLES = {
    "response_id": ("答卷序号", "Response number"),
    "submitted_at": ("提交时间", "Submitted at"),
    "support": ("是否支持", "Support"),
    "building": ("楼栋", "Building"),
    "unit": ("单元", "单元 (stairwell unit)"),
    "floor_area": ("房屋面积（㎡）", "Floor area (m²)"),
    "suggestion": ("意见建议", "Suggestion"),
    "question": ("问题（统计答案）", "Question (answers counted)"),
    "ignore": ("不导入", "Do not import"),
    "personal": ("个人信息（不保存）", "Personal data (not stored)"),
}
_CATEGORIES = {
    "lighting": ("照明", "Lighting"),
    "parking": ("停车", "Parking"),
    "drainage": ("排水", "Drainage"),
    "bus_stop": ("公交站点", "Bus stops"),
    "road": ("道路及开口", "Roads and openings"),
    "utility_pipes": ("管线同步敷设", "Utility pipes"),
    "greening": ("绿化", "Greening"),
    "elevator": ("电梯", "Elevators"),
    "heating": ("供暖保温", "Heating and insulation"),
    "safety": ("安全消防", "Safety"),
    "sanitation": ("环境卫生", "Sanitation"),
    "property_management": ("物业管理", "Property management"),
    "other": ("其他", "Other"),
}
_STATUSES = {
    "received": ("已收到", "Received"),
    "evaluating": ("评估中", "Evaluating"),
    "adopted": ("已采纳", "Adopted"),
    "not_adopted": ("未采纳", "Not adopted"),
    "spam": ("垃圾信息", "Spam"),
    "held": ("待审核", "Held for review"),
}
_CHANNELS = {
    "online": ("线上问卷", "Online questionnaire"),
    "door_to_door": ("入户征求意见", "Door to door"),
    "meeting": ("居民会议", "Residents' meeting"),
}
_SUPPORT = {"yes": ("支持", "Yes"), "no": ("不支持", "No"), "abstain": ("弃权/不确定", "Abstain")}
_MATTERS = {
    "rules": ("制定和修改业主大会议事规则", "Rules of procedure of the owners' assembly"),
    "covenant": ("制定和修改管理规约", "Management covenant"),
    "committee": ("选举或更换业主委员会", "Owners' committee"),
    "property_management": ("选聘和解聘物业服务企业", "Hiring or dismissing the property manager"),
    "use_funds": ("使用维修资金", "Using the maintenance funds"),
    "raise_funds": ("筹集维修资金", "Raising maintenance funds"),
    "rebuild": ("改建、重建建筑物及其附属设施", "Rebuilding (改建), e.g. elevator retrofit"),
    "common_use": ("改变共有部分用途或利用共有部分经营", "Changing the use of common parts"),
    "other": ("其他重大事项", "Other major matters"),
}


def _table(prefix: str, table: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    return {f"{prefix}.{key}": {"zh": zh, "en": en} for key, (zh, en) in table.items()}


MESSAGES: dict[str, dict[str, str]] = {
    # Page titles
    "page.survey_import": {"zh": "导入问卷", "en": "Import surveys"},
    "page.survey_stats": {"zh": "问卷统计", "en": "Survey statistics"},
    "page.suggestion_triage": {"zh": "意见建议处理", "en": "Suggestion triage"},
    "page.held_feedback": {"zh": "待审核留言", "en": "Held feedback"},
    "held.title": {"zh": "待审核留言", "en": "Feedback held for review"},
    "held.intro": {
        "zh": "超过限额（同一网段、同一小区或全市每小时）的居民留言不会被拒绝，而是在此等待审核："
        "确认是居民的留言就放行到意见建议处理，刷屏则标为垃圾信息。",
        "en": "Residents' messages past a limit (per network, compound or city-wide per hour) "
        "are not refused but wait here: release those from residents into triage, mark "
        "floods as spam.",
    },
    "held.contains": {"zh": "留言包含", "en": "Text contains"},
    "held.empty": {"zh": "没有待审核的留言。", "en": "No feedback is held."},
    "held.count": {"zh": "待审核留言：{count} 条", "en": "Held feedback: {count}"},
    "held.bulk_help": {
        "zh": "以下操作作用于符合筛选条件的全部 {count} 条留言（所有页），不只是当前页。",
        "en": "The actions below apply to all {count} messages of this filter, on every "
        "page, not only the one shown.",
    },
    "held.confirm": {
        "zh": "我已查看，操作全部 {count} 条",
        "en": "I have looked at them: act on all {count}",
    },
    "held.release": {"zh": "全部放行（{count} 条）", "en": "Release all ({count})"},
    "held.spam": {"zh": "全部标为垃圾信息（{count} 条）", "en": "Mark all as spam ({count})"},
    "held.released": {
        "zh": "已放行 {count} 条留言到意见建议处理。",
        "en": "{count} messages released into triage.",
    },
    "page.consent_votes": {"zh": "业主表决", "en": "Owners' consent votes"},
    **_table("survey.role", _ROLES),
    **_table("survey.category", _CATEGORIES),
    **_table("survey.status", _STATUSES),
    **_table("survey.channel", _CHANNELS),
    **_table("survey.support", _SUPPORT),
    **_table("consent.matter", _MATTERS),
    # Import: file errors
    "survey.error.empty_file": {"zh": "文件为空。", "en": "The file is empty."},
    "survey.error.no_rows": {
        "zh": "文件只有表头，没有答卷。",
        "en": "The file has a header but no responses.",
    },
    "survey.error.too_many_rows": {
        "zh": "文件超过 {limit} 行，请拆分后导入。",
        "en": "The file has more than {limit} rows; split it.",
    },
    "survey.error.xls": {
        "zh": "不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV。",
        "en": "Old .xls files are not supported: save as .xlsx or CSV in Excel.",
    },
    "survey.error.xlsx": {
        "zh": "无法读取该 XLSX 文件：文件已损坏或不是 Excel 文件。"
        "请在 Excel 中另存为 .xlsx 后重新导入。",
        "en": "This XLSX file cannot be read: it is damaged or not an Excel file. Save it as "
        ".xlsx in Excel and import it again.",
    },
    "survey.error.csv": {
        "zh": "无法读取该 CSV 文件：内容不是有效的表格（例如有超长的单元格）。"
        "请在 Excel 中另存为 CSV 后重新导入。",
        "en": "This CSV file cannot be read: its content is not a valid table (for example "
        "an overlong cell). Save it as CSV in Excel and import it again.",
    },
    "survey.error.encoding": {
        "zh": "无法识别文件编码（既非 UTF-8 也非 GBK/GB18030）。",
        "en": "Unknown text encoding (neither UTF-8 nor GBK/GB18030).",
    },
    # Import: column and row errors
    "survey.error.at_row_only": {"zh": "第 {row} 行：{reason}", "en": "Row {row}: {reason}"},
    "survey.error.at_row": {
        "zh": "第 {row} 行，列「{column}」：{reason}",
        "en": "Row {row}, column “{column}”: {reason}",
    },
    "survey.error.at_column": {
        "zh": "列「{column}」：{reason}",
        "en": "Column “{column}”: {reason}",
    },
    "survey.error.unknown_column": {
        "zh": "文件中没有这一列",
        "en": "the file has no such column",
    },
    "survey.error.unknown_role": {"zh": "未知的用途「{value}」", "en": "unknown role “{value}”"},
    "survey.error.role_twice": {
        "zh": "「{value}」只能对应一列",
        "en": "only one column can be “{value}”",
    },
    "survey.error.missing_column": {
        "zh": "缺少必需的列：{value}",
        "en": "A required column is missing: {value}",
    },
    "survey.error.missing_id": {"zh": "缺少答卷序号", "en": "the response number is empty"},
    "survey.error.support_empty": {
        "zh": "未填写是否支持",
        "en": "no answer on support",
    },
    "survey.error.support_value": {
        "zh": "无法识别的值「{value}」（应为支持 / 不支持 / 弃权）",
        "en": "unknown value “{value}” (expected yes / no / abstain)",
    },
    "survey.error.datetime": {
        "zh": "无法识别的时间「{value}」",
        "en": "not a date and time: “{value}”",
    },
    "survey.error.too_long": {"zh": "内容过长「{value}…」", "en": "too long: “{value}…”"},
    "survey.error.area": {
        "zh": "面积应为 0 至 10000 之间的数字，而不是「{value}」",
        "en": "the area must be a number between 0 and 10,000, not “{value}”",
    },
    "survey.error.duplicate_in_file": {
        "zh": "与第 {value} 行是同一份答卷",
        "en": "the same response as row {value}",
    },
    # Import page
    "survey.import.title": {"zh": "导入问卷结果", "en": "Import survey results"},
    "survey.import.intro": {
        "zh": "支持问卷星等导出的 CSV（UTF-8 或 GBK）与 XLSX 文件。"
        "先预览、核对列的用途，再确认导入；"
        "IP 地址、姓名、电话等个人信息不会保存。",
        "en": "CSV (UTF-8 or GBK) and XLSX exports, e.g. from Wenjuanxing. Preview and check "
        "the column roles, then confirm; IP addresses, names and phone numbers are never stored.",
    },
    "survey.import.site": {"zh": "小区 / 工程", "en": "Compound / works"},
    "survey.import.survey": {"zh": "导入到问卷", "en": "Import into survey"},
    "survey.import.new_survey": {"zh": "新建问卷…", "en": "New survey…"},
    "survey.import.new_title": {"zh": "问卷名称", "en": "Survey title"},
    "survey.import.channel": {"zh": "调查方式", "en": "Channel"},
    "survey.import.file": {"zh": "问卷文件（CSV 或 XLSX）", "en": "Survey file (CSV or XLSX)"},
    "survey.import.read": {
        "zh": "已读取「{name}」：{rows} 份答卷，{columns} 列，编码 {encoding}。",
        "en": "Read “{name}”: {rows} responses, {columns} columns, encoding {encoding}.",
    },
    "survey.import.mapping": {"zh": "列的用途（已自动建议）", "en": "Column roles (suggested)"},
    "survey.import.preview": {
        "zh": "预览（前 20 行，不含个人信息）",
        "en": "Preview (first 20 rows, no personal data)",
    },
    "survey.import.errors": {
        "zh": "发现 {count} 处问题，整份文件未导入：",
        "en": "{count} problem(s) found; nothing has been imported:",
    },
    "survey.import.valid": {
        "zh": "全部 {count} 份答卷有效。",
        "en": "All {count} responses are valid.",
    },
    "survey.import.already": {
        "zh": "其中 {count} 份已在数据库中，不会重复导入。",
        "en": "{count} of them are already stored and will not be added again.",
    },
    "survey.import.only_valid": {
        "zh": "仅导入有效的 {count} 份答卷（跳过有问题的行）",
        "en": "Import only the {count} valid responses (skip the rows with problems)",
    },
    "survey.import.confirm": {"zh": "确认导入", "en": "Import"},
    "survey.import.done": {
        "zh": "已导入 {added} 份答卷（{suggestions} 条建议）；"
        "已存在 {present} 份；跳过 {skipped} 行。",
        "en": "Imported {added} responses ({suggestions} suggestions); {present} already "
        "stored; {skipped} rows skipped.",
    },
    "survey.import.skipped_rows": {
        "zh": "跳过的行：{rows}",
        "en": "Rows skipped: {rows}",
    },
    "survey.import.no_sites": {"zh": "尚无小区或工程。", "en": "There are no sites yet."},
    "survey.import.title_required": {"zh": "请填写问卷名称。", "en": "Enter a survey title."},
    "survey.error.site_unknown": {
        "zh": "没有名为「{name}」的小区或项目。",
        "en": "No site is named “{name}”.",
    },
    "survey.error.site_ambiguous": {
        "zh": "名为「{name}」的地点不止一个：{matches}。请用编号指明。",
        "en": "Several sites answer to “{name}”: {matches}. Name one by its key.",
    },
    "survey.error.channel": {
        "zh": "未知的问卷渠道「{channel}」。",
        "en": "Unknown survey channel “{channel}”.",
    },
    "survey.error.survey_unknown": {
        "zh": "所选问卷已不存在，请重新选择。",
        "en": "The chosen survey no longer exists; choose again.",
    },
    # Statistics page
    "survey.stats.title": {"zh": "问卷统计", "en": "Survey statistics"},
    "survey.stats.scope": {"zh": "统计范围", "en": "Scope"},
    "survey.stats.by_site": {"zh": "按小区 / 工程", "en": "By site"},
    "survey.stats.by_programme": {"zh": "按改造计划", "en": "By programme"},
    "survey.stats.site": {"zh": "小区 / 工程", "en": "Site"},
    "survey.stats.programme": {"zh": "改造计划", "en": "Programme"},
    "survey.stats.none": {
        "zh": "尚无问卷或意见建议。可在「导入问卷」页导入。",
        "en": "No surveys or suggestions yet. Import one on the “Import surveys” page.",
    },
    "survey.stats.responses": {"zh": "答卷", "en": "Responses"},
    "survey.stats.support_rate": {"zh": "支持率", "en": "Support rate"},
    "survey.stats.area_support_rate": {"zh": "按面积支持率", "en": "Support by floor area"},
    "survey.stats.suggestions": {"zh": "意见建议", "en": "Suggestions"},
    "survey.stats.adoption_rate": {"zh": "采纳率", "en": "Adoption rate"},
    "survey.stats.support_counts": {
        "zh": "支持 {yes} · 不支持 {no} · 弃权/不确定 {abstain}（支持率 = 支持 ÷ 全部答卷）",
        "en": "Yes {yes} · No {no} · Abstain {abstain} (support rate = yes ÷ all responses)",
    },
    "survey.stats.adoption_help": {
        "zh": "采纳率 = 已采纳 ÷ 已决定（已采纳 + 未采纳）",
        "en": "Adoption rate = adopted ÷ decided (adopted + not adopted)",
    },
    "survey.stats.answers": {"zh": "各题答案", "en": "Answers per question"},
    "survey.stats.free_text": {
        "zh": "「{question}」为开放题（{count} 条回答），不作图、不公开原文。",
        "en": "“{question}” is open text ({count} answers): not charted, texts not shown.",
    },
    "survey.stats.count": {"zh": "人数", "en": "Count"},
    "survey.stats.by_category": {"zh": "意见建议分类", "en": "Suggestions by category"},
    "survey.stats.by_status": {"zh": "处理状态", "en": "By status"},
    "survey.stats.adopted_links": {
        "zh": "已采纳并形成工程项目的建议",
        "en": "Adopted suggestions and the works they led to",
    },
    "survey.stats.col.category": {"zh": "分类", "en": "Category"},
    "survey.stats.col.answer": {"zh": "答复", "en": "Answer"},
    "survey.stats.col.work_item": {"zh": "工程项目", "en": "Work item"},
    "survey.stats.col.site": {"zh": "小区 / 工程", "en": "Site"},
    "survey.stats.col.status": {"zh": "状态", "en": "Status"},
    "survey.stats.col.count": {"zh": "条数", "en": "Count"},
    "survey.stats.illustrative": {
        "zh": "示例数据：汇总数字取自公开报道，逐条记录为示例。",
        "en": "Illustrative: totals from the public report, individual rows synthetic.",
    },
    # Triage page
    "survey.triage.title": {"zh": "意见建议处理", "en": "Suggestion triage"},
    "survey.triage.site": {"zh": "小区 / 工程", "en": "Site"},
    "survey.triage.all_sites": {"zh": "全部", "en": "All"},
    "survey.triage.statuses": {"zh": "状态", "en": "Status"},
    "survey.triage.empty": {"zh": "没有符合条件的意见建议。", "en": "No suggestions match."},
    "survey.triage.queue": {"zh": "待处理队列（{count} 条）", "en": "Queue ({count})"},
    "survey.triage.col.id": {"zh": "编号", "en": "No."},
    "survey.triage.col.site": {"zh": "小区 / 工程", "en": "Site"},
    "survey.triage.col.reported": {"zh": "反映的工程", "en": "About the work"},
    "survey.triage.reported": {"zh": "居民反映的工程", "en": "Reports about a work"},
    "survey.triage.reported_all": {"zh": "全部（不限工程）", "en": "All (any work or none)"},
    "survey.triage.col.text": {"zh": "内容", "en": "Text"},
    "survey.triage.col.category": {"zh": "分类", "en": "Category"},
    "survey.triage.col.status": {"zh": "状态", "en": "Status"},
    "survey.triage.col.answer": {"zh": "公开答复", "en": "Public answer"},
    "survey.triage.col.work_item": {"zh": "工程项目", "en": "Work item"},
    "survey.triage.option": {"zh": "{no} 号：{text}", "en": "No. {no}: {text}"},
    "survey.triage.pick": {"zh": "处理哪一条", "en": "Suggestion to handle"},
    "survey.triage.keyword_hint": {
        "zh": "按关键词建议的分类：{category}",
        "en": "Category suggested by keywords: {category}",
    },
    "survey.triage.category": {"zh": "分类", "en": "Category"},
    "survey.triage.status": {"zh": "状态", "en": "Status"},
    "survey.triage.answer": {
        "zh": "公开答复（将向居民公开）",
        "en": "Public answer (shown to residents)",
    },
    "survey.triage.link": {"zh": "采纳后的工程项目", "en": "Work item for the adopted suggestion"},
    "survey.triage.link.none": {"zh": "暂不关联", "en": "No link yet"},
    "survey.triage.link.existing": {"zh": "关联已有项目", "en": "Link an existing item"},
    "survey.triage.link.new": {"zh": "新建项目", "en": "Create a new item"},
    "survey.triage.work_item": {"zh": "工程项目", "en": "Work item"},
    "survey.triage.no_items": {"zh": "该处尚无工程项目。", "en": "This site has no work items."},
    "survey.triage.programme": {"zh": "改造计划", "en": "Programme"},
    "survey.triage.scope": {"zh": "工程类别", "en": "Scope type"},
    "survey.triage.quantity": {"zh": "计划工程量", "en": "Planned quantity"},
    "survey.triage.save": {"zh": "保存", "en": "Save"},
    "survey.triage.saved": {"zh": "已保存建议 #{id}。", "en": "Suggestion #{id} saved."},
    "survey.triage.refused": {"zh": "未保存：", "en": "Not saved:"},
    "survey.triage.error.missing": {"zh": "该建议不存在。", "en": "No such suggestion."},
    "survey.triage.error.category": {"zh": "未知的分类。", "en": "Unknown category."},
    "survey.triage.error.transition": {
        "zh": "状态不能这样变更（已收到 → 评估中 → 已采纳 / 未采纳）。",
        "en": "That status change is not allowed (received → evaluating → adopted / not adopted).",
    },
    "survey.triage.error.answer_length": {"zh": "答复过长。", "en": "The answer is too long."},
    "survey.triage.error.answer_required": {
        "zh": "作出决定（采纳或不采纳）时须填写公开答复。",
        "en": "A decision (adopted or not) needs a public answer.",
    },
    "survey.triage.error.link_needs_adopted": {
        "zh": "只有已采纳的建议才能关联工程项目。",
        "en": "Only an adopted suggestion can be linked to a work item.",
    },
    "survey.triage.error.work_item_site": {
        "zh": "工程项目须属于同一小区 / 工程。",
        "en": "The work item must be on the suggestion's site.",
    },
    "survey.triage.error.new_work_item": {
        "zh": "无法新建该工程项目（可能已存在或不适用于此处）。",
        "en": "The work item cannot be created (it may exist already or not apply here).",
    },
    # Consent
    "consent.title": {
        "zh": "业主共同决定（民法典第二百七十八条）",
        "en": "Owners' votes (Civil Code art. 278)",
    },
    "consent.people": {"zh": "人", "en": "owners"},
    "consent.passed": {"zh": "通过", "en": "passed"},
    "consent.failed": {"zh": "未通过", "en": "failed"},
    "consent.test.quorum_area": {
        "zh": "参与表决面积 {share}（{part} / {whole} {unit}），需 {threshold}：{outcome}",
        "en": "Area taking part {share} ({part} / {whole} {unit}), needs {threshold}: {outcome}",
    },
    "consent.test.quorum_headcount": {
        "zh": "参与表决人数 {share}（{part} / {whole} {unit}），需 {threshold}：{outcome}",
        "en": "Owners taking part {share} ({part} / {whole} {unit}), needs {threshold}: {outcome}",
    },
    "consent.test.approval_area": {
        "zh": "同意面积 {share}（{part} / {whole} {unit}），需 {threshold}：{outcome}",
        "en": "Area consenting {share} ({part} / {whole} {unit}), needs {threshold}: {outcome}",
    },
    "consent.test.approval_headcount": {
        "zh": "同意人数 {share}（{part} / {whole} {unit}），需 {threshold}：{outcome}",
        "en": "Owners consenting {share} ({part} / {whole} {unit}), needs {threshold}: {outcome}",
    },
    "consent.result.passed": {"zh": "表决通过", "en": "Vote passed"},
    "consent.result.failed": {"zh": "表决未通过：{tests}", "en": "Vote failed: {tests}"},
    "consent.unit": {"zh": "{unit}单元：", "en": "单元 {unit}:"},
    "consent.block.cleared": {
        "zh": "已获业主表决通过（{matter}）",
        "en": "Owners' vote passed ({matter})",
    },
    "consent.block.no_vote": {
        "zh": "暂停：须经业主表决（{matter}），尚无表决记录。",
        "en": "Blocked: needs the owners' vote ({matter}); no vote recorded.",
    },
    "consent.block.vote_failed": {
        "zh": "暂停：业主表决未通过（{matter}）。",
        "en": "Blocked: the owners' vote failed ({matter}).",
    },
    "consent.block.unit_missing": {
        "zh": "暂停：按单元表决（{matter}），但该工程项目未注明单元：请先在工程项目中填写单元。",
        "en": "Blocked: voted per 单元 ({matter}), but the work item names no 单元: "
        "set its 单元 first.",
    },
    "consent.block.ignored": {
        "zh": "（另有 {count} 次关联表决因事项、楼栋或单元不符而不计入。）",
        "en": "({count} linked vote(s) not counted: another matter, building or 单元.)",
    },
    "consent.error.matter_for_scope": {
        "zh": "该工程项目须按法律规定的事项表决（加装电梯为改建、重建，第七项）。",
        "en": "The work item must be voted on the matter the law requires "
        "(an elevator is rebuilding, item 7).",
    },
    "consent.error.item_without_unit": {
        "zh": "该工程项目未注明单元，无法记录按单元的表决。",
        "en": "The work item names no 单元, so a per-单元 vote cannot be recorded for it.",
    },
    "consent.error.unit_of_item": {
        "zh": "表决的单元须与工程项目注明的单元一致。",
        "en": "The vote's 单元 must be the one the work item names.",
    },
    "consent.f.matter_choose": {"zh": "请选择表决事项", "en": "Choose the matter"},
    "consent.f.required_matter": {
        "zh": "该工程项目须表决的事项：{matter}",
        "en": "The matter this work item must be voted on: {matter}",
    },
    "consent.error.negative": {"zh": "数量不能为负。", "en": "Counts cannot be negative."},
    "consent.error.no_owners": {
        "zh": "业主总面积和总人数须大于 0。",
        "en": "The owners' total area and headcount must be above 0.",
    },
    "consent.error.participants_above_owners": {
        "zh": "参与表决的面积或人数不能超过业主总数。",
        "en": "Participants cannot exceed the owners (area or headcount).",
    },
    "consent.error.consenting_above_participants": {
        "zh": "同意的面积或人数不能超过参与表决的。",
        "en": "Consenting owners cannot exceed the participants (area or headcount).",
    },
    "consent.error.area_decimals": {
        "zh": "面积最多保留两位小数。",
        "en": "Areas take at most two decimals.",
    },
    "consent.error.matter": {"zh": "未知的表决事项。", "en": "Unknown matter."},
    "consent.error.title": {"zh": "请填写表决名称。", "en": "Enter a title."},
    "consent.error.site": {"zh": "小区不存在。", "en": "No such site."},
    "consent.error.building": {
        "zh": "楼栋不属于该小区。",
        "en": "The building is not on that site.",
    },
    "consent.error.unit_without_building": {
        "zh": "按单元表决须先选择楼栋。",
        "en": "A 单元 needs a building.",
    },
    "consent.error.unit_range": {
        "zh": "该楼栋没有这个单元。",
        "en": "The building has no such 单元.",
    },
    "consent.error.work_item": {
        "zh": "工程项目不属于该小区。",
        "en": "The work item is not on that site.",
    },
    "consent.error.per_unit": {
        "zh": "加装电梯须按单元表决：请填写单元。",
        "en": "Elevator retrofit is voted per 单元: enter the 单元.",
    },
    "consent.error.work_item_building": {
        "zh": "表决的楼栋须与工程项目的楼栋一致。",
        "en": "The vote's building must be the work item's building.",
    },
    "consent.error.rounds": {"zh": "征询轮次至少为 1。", "en": "At least one round."},
    # Consent page
    "consent.rules": {
        "zh": "{city}适用规则：{source}。参与表决 {quorum}（面积与人数）；"
        "筹集维修资金、改建重建、改变共有部分用途 {special}；其他事项 {ordinary}"
        "（以{base}为基数）。",
        "en": "Rules for {city}: {source}. Taking part {quorum} (area and headcount); raising "
        "funds, rebuilding, changing the use of common parts {special}; other matters "
        "{ordinary} (of the {base}).",
    },
    "consent.rules.no_quorum": {"zh": "不设门槛", "en": "no threshold"},
    "consent.base.participants": {"zh": "参与表决者", "en": "participants"},
    "consent.base.owners": {"zh": "全体业主", "en": "all owners"},
    "consent.blocked_items": {"zh": "需业主表决的工程项目", "en": "Works that need a vote"},
    "consent.no_items": {
        "zh": "目前没有需要业主表决的工程项目（如加装电梯）。",
        "en": "No work item needs a vote at present (e.g. elevator retrofit).",
    },
    "consent.items_blocked": {
        "zh": "{count} 个工程项目因未获业主表决通过而暂停。",
        "en": "{count} work item(s) blocked until the owners' vote passes.",
    },
    "consent.col.site": {"zh": "小区", "en": "Site"},
    "consent.col.place": {"zh": "位置", "en": "Place"},
    "consent.col.work": {"zh": "工程项目", "en": "Work item"},
    "consent.col.state": {"zh": "状态", "en": "State"},
    "consent.col.detail": {"zh": "说明", "en": "Detail"},
    "consent.col.title": {"zh": "表决事项", "en": "Vote"},
    "consent.col.matter": {"zh": "类别", "en": "Matter"},
    "consent.col.rounds": {"zh": "征询轮次", "en": "Rounds"},
    "consent.col.consent_share": {
        "zh": "同意（人数 / 面积，占全体）",
        "en": "Consent (headcount / area, of all owners)",
    },
    "consent.col.result": {"zh": "结果", "en": "Result"},
    "consent.state.blocked": {"zh": "暂停", "en": "Blocked"},
    "consent.state.cleared": {"zh": "可以开工", "en": "Cleared"},
    "consent.votes": {"zh": "表决记录", "en": "Votes"},
    "consent.no_votes": {"zh": "尚无表决记录。", "en": "No votes recorded yet."},
    "consent.whole_site": {"zh": "全小区", "en": "Whole site"},
    "consent.place_building": {"zh": "{number}号楼", "en": "Building {number}"},
    "consent.place_unit": {"zh": "{number}号楼{unit}单元", "en": "Building {number}, 单元 {unit}"},
    "consent.record": {"zh": "录入表决结果", "en": "Record a vote"},
    "consent.f.site": {"zh": "小区", "en": "Site"},
    "consent.f.building": {"zh": "楼栋（可不选）", "en": "Building (optional)"},
    "consent.f.unit": {"zh": "单元（加装电梯必填）", "en": "单元 (required for elevators)"},
    "consent.f.matter": {"zh": "表决事项类别", "en": "Matter"},
    "consent.f.title": {"zh": "表决名称", "en": "Title"},
    "consent.f.work_item": {"zh": "所涉工程项目（可不选）", "en": "Work item it gates (optional)"},
    "consent.f.none": {"zh": "（无）", "en": "(none)"},
    "consent.f.date": {"zh": "表决日期", "en": "Date of the vote"},
    "consent.f.rounds": {"zh": "征询轮次", "en": "Consultation rounds"},
    "consent.f.owners_area": {"zh": "业主专有部分总面积（㎡）", "en": "Owners' total area (m²)"},
    "consent.f.owners_count": {"zh": "业主总人数", "en": "Owners (headcount)"},
    "consent.f.participants_area": {"zh": "参与表决面积（㎡）", "en": "Area taking part (m²)"},
    "consent.f.participants_count": {"zh": "参与表决人数", "en": "Owners taking part"},
    "consent.f.consenting_area": {"zh": "同意面积（㎡）", "en": "Area consenting (m²)"},
    "consent.f.consenting_count": {"zh": "同意人数", "en": "Owners consenting"},
    "consent.f.submit": {"zh": "保存表决结果", "en": "Save the vote"},
    "consent.saved": {"zh": "已保存：{result}", "en": "Saved: {result}"},
    "consent.refused": {"zh": "未保存：", "en": "Not saved:"},
    "survey.triage.error.stale": {
        "zh": "该建议在您打开后已被他人修改：请重新载入后再保存。",
        "en": "Someone changed this suggestion since you opened it: reload it, then save again.",
    },
    "survey.triage.order": {"zh": "排序", "en": "Order"},
    "survey.triage.order.newest": {"zh": "最新在前", "en": "Newest first"},
    "survey.triage.order.oldest": {"zh": "最早在前", "en": "Oldest first"},
    "survey.triage.page": {"zh": "页码（共 {pages} 页）", "en": "Page (of {pages})"},
    "survey.triage.spam": {"zh": "批量标记为垃圾信息", "en": "Mark as spam (bulk)"},
    "survey.triage.spam_help": {
        "zh": "选中的未处理建议将移出队列，其联系方式立即删除。",
        "en": "The chosen open suggestions leave the queue; their contact data is deleted at once.",
    },
    "survey.triage.spam_pick": {"zh": "选择要标记的建议", "en": "Suggestions to mark"},
    "survey.triage.spam_done": {
        "zh": "已将 {count} 条建议标记为垃圾信息。",
        "en": "{count} suggestion(s) marked as spam.",
    },
    "survey.error.too_large": {
        "zh": "文件过大（上限 {limit_mb} MB）：请拆分后分批导入。",
        "en": "The file is too large (limit {limit_mb} MB): split it and import the parts.",
    },
    "survey.error.extra_fields": {
        "zh": "该行比表头多 {value} 个字段（可能是内容中的逗号未加引号），请检查后重新导出。",
        "en": "This row has {value} more field(s) than the header (perhaps an unquoted comma): "
        "check it and export again.",
    },
}
