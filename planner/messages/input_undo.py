"""Messages of input checked as it is typed, never lost, and undoable (issue #20): the
quantity rules, the reasons they ask for, withdrawing and restoring a work item, a form sent
twice, photos refused one by one."""

MESSAGES: dict[str, dict[str, str]] = {
    # The quantity rules (planner.works.quantities)
    "works.error.zero": {
        "zh": "「{row}」的{field}必须大于 0（填写的是：{value}）；录错的项目请撤回。",
        "en": "{row}: {field} must be more than 0 (entered: {value}); withdraw an item "
        "entered by mistake.",
    },
    "works.error.wrong_unit": {
        "zh": "「{row}」的{field}应以 {unit} 计（填写的是：{value}）。",
        "en": "{row}: {field} is counted in {unit} (entered: {value}).",
    },
    "works.error.whole": {
        "zh": "「{row}」的{field}按{unit}计，须为整数（填写的是：{value}）。",
        "en": "{row}: {field} is counted in whole {unit} (entered: {value}).",
    },
    "works.error.reason_short": {
        "zh": "原因至少 {min} 个字。",
        "en": "Give a reason of at least {min} characters.",
    },
    "works.error.reason_long": {
        "zh": "原因最多 {max} 个字。",
        "en": "The reason has at most {max} characters.",
    },
    # Changes that go through only with a reason
    "works.confirm.estimate": {
        "zh": "「{row}」的{field} {entered} 与按楼栋图形估算的 {estimate} 相差 {deviation}"
        "（超过 ±{threshold}）。请核实，确认无误请填写原因。",
        "en": "{row}: {field} {entered} is {deviation} from the {estimate} estimated from "
        "the building's outline (beyond ±{threshold}). Check it; if it is right, give a reason.",
    },
    "works.confirm.above_planned": {
        "zh": "「{row}」的{field}（{completed}）超过计划工程量（{planned}）。确认无误请填写原因。",
        "en": "{row}: {field} ({completed}) exceeds the planned quantity ({planned}). If it is "
        "right, give a reason.",
    },
    "works.confirm.decrease": {
        "zh": "「{row}」的{field}由 {before} 减为 {after}。更正已报完成量须填写原因。",
        "en": "{row}: {field} goes down from {before} to {after}. Correcting a reported "
        "quantity needs a reason.",
    },
    "works.confirm.headline": {
        "zh": "以下修改须确认并填写原因后才会保存（已填写的内容均保留）：",
        "en": "These changes are saved only once confirmed with a reason (what you typed is kept):",
    },
    "works.reason": {"zh": "原因（记入操作记录）", "en": "Reason (kept in the audit log)"},
    "works.confirm.check": {"zh": "我已核实，确认保存", "en": "I have checked: save it"},
    "works.confirm.submit": {"zh": "确认并保存", "en": "Confirm and save"},
    "works.confirm.unchecked": {
        "zh": "请勾选确认，并填写原因。",
        "en": "Tick the confirmation and give a reason.",
    },
    # Withdrawing and restoring a work item
    "works.withdraw.title": {"zh": "撤回或恢复项目", "en": "Withdraw or restore an item"},
    "works.withdraw.item": {"zh": "要撤回的项目", "en": "Item to withdraw"},
    "works.withdraw.submit": {"zh": "撤回项目", "en": "Withdraw the item"},
    "works.withdraw.help": {
        "zh": "撤回的项目不再计入合计、地图、工程量清单和公示页面，可随时恢复；撤回记入操作记录。",
        "en": "A withdrawn item leaves the totals, the maps, the bill and the public page, "
        "and can be restored at any time; the withdrawal is kept in the audit log.",
    },
    "works.withdraw.done": {
        "zh": "已撤回「{row}」。可在下方“已撤回的项目”中恢复。",
        "en": "{row} withdrawn. It can be restored below, under “Withdrawn items”.",
    },
    "works.withdraw.list": {"zh": "已撤回的项目", "en": "Withdrawn items"},
    "works.withdraw.line": {
        "zh": "{row} · 计划 {planned} · 撤回于 {when}",
        "en": "{row} · planned {planned} · withdrawn {when}",
    },
    "works.withdraw.restore": {"zh": "恢复", "en": "Restore"},
    "works.withdraw.restored": {"zh": "已恢复「{row}」。", "en": "{row} restored."},
    "works.withdraw.none": {"zh": "此处没有可撤回的项目。", "en": "Nothing here to withdraw."},
    "works.withdraw.missing": {
        "zh": "没有编号为 {id} 的项目。",
        "en": "There is no work item {id}.",
    },
    "works.withdraw.already": {
        "zh": "「{row}」已撤回。",
        "en": "{row} is withdrawn already.",
    },
    "works.withdraw.not_withdrawn": {
        "zh": "「{row}」未撤回，无需恢复。",
        "en": "{row} is not withdrawn: nothing to restore.",
    },
    "works.withdraw.taken": {
        "zh": "此处已另有「{row}」项目；请先撤回那一项，再恢复这一项。",
        "en": "Another {row} item stands here now; withdraw it first, then restore this one.",
    },
    # A form sent twice
    "input.already_saved": {
        "zh": "此表单已保存过（重复点击或重复提交），未重复保存。",
        "en": "This form was saved already (a double click or a resend): nothing saved twice.",
    },
    # Field reports: photos refused one by one
    "field.partly_saved": {
        "zh": "已保存完成量、说明和 {photos} 张照片；以下照片未保存，请检查后重新上传：",
        "en": "The quantity, the note and {photos} photo(s) are saved; these photos were not, "
        "check them and upload them again:",
    },
    "field.reason": {
        "zh": "原因（完成量减少或超过计划量时必填）",
        "en": "Reason (needed when the completed quantity goes down or exceeds the plan)",
    },
}
