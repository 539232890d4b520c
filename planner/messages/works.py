"""Messages of editing work items: the editor page, its columns, validation and saving."""

MESSAGES: dict[str, dict[str, str]] = {
    "works.takes_green_space": {
        "zh": "占用绿地（停车位建在绿地上：须经业主表决，民法典第二百七十八条第八项，四分之三）",
        "en": "Takes green space (parking built on a lawn: needs the owners' vote, Civil Code "
        "art. 278 item 8, three quarters)",
    },
    "works.unit_number": {
        "zh": "单元（加装电梯等按单元的工程必填）",
        "en": "单元 (stairwell; required for per-unit works such as elevators)",
    },
    "works.error.unit_required": {
        "zh": "{row}：请填写单元（每部电梯服务一个单元，只有该单元业主的表决才能放行）。",
        "en": "{row}: name the 单元 (each elevator serves one 单元; only its owners' vote "
        "clears it).",
    },
    "works.error.unit_invalid": {
        "zh": "{row}：单元只能填在楼栋的工程上，且不超过 16 个字符。",
        "en": "{row}: a 单元 belongs to a building's work and has at most 16 characters.",
    },
    "works.error.unit_range": {
        "zh": "{row}：该楼只有 {units} 个单元。",
        "en": "{row}: this building has {units} 单元 only.",
    },
    # The page
    "works.title": {"zh": "工程项目编辑", "en": "Edit work items"},
    "works.programme": {"zh": "改造计划", "en": "Programme"},
    "works.site": {"zh": "小区 / 工程", "en": "Compound / works"},
    "works.building": {"zh": "楼栋", "en": "Building"},
    "works.site_level": {"zh": "整个小区（小区级项目）", "en": "Whole site (site-level items)"},
    "works.building_label": {"zh": "{number}号楼", "en": "Building {number}"},
    "works.scope_label": {"zh": "{name}（{unit}）", "en": "{name} ({unit})"},
    "works.actor": {
        "zh": "保存的修改记入操作记录，操作人：{actor}",
        "en": "Saved changes go into the audit log under: {actor}",
    },
    "works.no_sites": {"zh": "该计划尚无小区或工程。", "en": "This programme has no sites yet."},
    "works.empty": {
        "zh": "此处尚无工程项目，可在下方添加。",
        "en": "No work items here yet; add one below.",
    },
    "works.save": {"zh": "保存修改", "en": "Save changes"},
    "works.reload": {"zh": "放弃修改并重新载入", "en": "Discard edits and reload"},
    "works.saved": {
        "zh": "已保存 {count} 个项目的修改。",
        "en": "Saved changes to {count} item(s).",
    },
    "works.nothing_to_save": {"zh": "没有需要保存的修改。", "en": "There are no changes to save."},
    "works.refused": {
        "zh": "未保存任何修改，请先处理以下问题：",
        "en": "Nothing was saved. Please resolve the following first:",
    },
    # Adding an item
    "works.add.title": {"zh": "添加工程项目", "en": "Add a work item"},
    "works.add.scope": {"zh": "改造内容", "en": "Scope"},
    "works.add.submit": {"zh": "添加", "en": "Add"},
    "works.add.none_left": {
        "zh": "适用于此处的改造内容均已添加。",
        "en": "Every scope type that applies here is already listed.",
    },
    "works.add.pending": {
        "zh": "表格中有未保存的修改：请先保存或放弃，再添加项目。",
        "en": "The table has unsaved edits: save or discard them before adding an item.",
    },
    "works.added": {"zh": "已添加「{row}」。", "en": "Added {row}."},
    # Columns (also name the fields in messages)
    "works.col.scope": {"zh": "改造内容", "en": "Scope"},
    "works.col.unit": {"zh": "单位", "en": "Unit"},
    "works.col.planned_quantity": {"zh": "计划工程量", "en": "Planned quantity"},
    "works.col.completed_quantity": {"zh": "已完成工程量", "en": "Completed quantity"},
    "works.col.unit_rate": {"zh": "综合单价（元）", "en": "Unit rate (CNY)"},
    "works.col.planned_start": {"zh": "计划开工", "en": "Planned start"},
    "works.col.planned_end": {"zh": "计划完工", "en": "Planned end"},
    "works.col.actual_start": {"zh": "实际开工", "en": "Actual start"},
    "works.col.actual_end": {"zh": "实际完工", "en": "Actual end"},
    "works.col.status": {"zh": "状态", "en": "Status"},
    "works.col.contractor": {"zh": "施工单位", "en": "Contractor"},
    "works.col.pipe_dn": {"zh": "管径（DN）", "en": "Pipe size (DN)"},
    "works.pipe_dn": {
        "zh": "管径（公称直径 DN，仅管道项目；清单按管径分项）",
        "en": "Pipe size (nominal diameter DN, pipes only; the bill has a line per size)",
    },
    "works.error.dn_invalid": {
        "zh": "「{row}」的{field}应为公称直径，如 DN150 或 150（填写的是：{value}）。",
        "en": "{row}: {field} must be a nominal diameter such as DN150 or 150 (entered: {value}).",
    },
    "works.error.dn_not_pipe": {
        "zh": "「{row}」不是管道项目，不能填写{field}（填写的是：{value}）。",
        "en": "{row} is not a pipe: it takes no {field} (entered: {value}).",
    },
    "works.error.dn_not_listed": {
        "zh": "「{row}」的{field}「{value}」不在可选管径中，应为：{allowed}。",
        "en": "{row}: {field} “{value}” is not one of its sizes; choose one of: {allowed}.",
    },
    # Validation
    "works.error.not_number": {
        "zh": "「{row}」的{field}必须是数字（填写的是：{value}）。",
        "en": "{row}: {field} must be a number (entered: {value}).",
    },
    "works.error.negative": {
        "zh": "「{row}」的{field}不能为负数（填写的是：{value}）。",
        "en": "{row}: {field} cannot be negative (entered: {value}).",
    },
    "works.error.required": {
        "zh": "「{row}」的{field}不能为空。",
        "en": "{row}: {field} cannot be empty.",
    },
    "works.error.not_date": {
        "zh": "「{row}」的{field}不是有效日期（填写的是：{value}）。",
        "en": "{row}: {field} is not a valid date (entered: {value}).",
    },
    "works.error.end_before_start": {
        "zh": "「{row}」的{field}（{end}）早于{start_field}（{start}）。",
        "en": "{row}: {field} ({end}) is before {start_field} ({start}).",
    },
    "works.error.unknown_status": {
        "zh": "「{row}」的{field}「{value}」无效，应为：{allowed}。",
        "en": "{row}: {field} “{value}” is not valid; choose one of: {allowed}.",
    },
    "works.error.too_long": {
        "zh": "「{row}」的{field}过长（最多 {max} 个字符）。",
        "en": "{row}: {field} is too long (at most {max} characters).",
    },
    "works.warning.completed_above_planned": {
        "zh": "「{row}」的{field}（{completed}）超过计划工程量（{planned}），"
        "请核实；修改仍会保存。",
        "en": "{row}: {field} ({completed}) exceeds the planned quantity ({planned}); "
        "please check it. The change is saved anyway.",
    },
    "works.error.unknown_scope": {
        "zh": "改造内容「{value}」不在目录中。",
        "en": "Scope “{value}” is not in the catalogue.",
    },
    "works.error.scope_needs_building": {
        "zh": "「{row}」按楼栋计量，请先选择楼栋。",
        "en": "{row} is measured per building: choose a building first.",
    },
    "works.error.scope_needs_site": {
        "zh": "「{row}」按小区计量，请选择“整个小区”。",
        "en": "{row} is measured for the whole site: choose the site, not a building.",
    },
    "works.error.duplicate": {
        "zh": "此处在该计划中已有「{row}」项目，请直接编辑它。",
        "en": "{row} is already a work item here in this programme; edit it instead.",
    },
    "works.error.actor": {
        "zh": "请填写您的姓名（将记入修改记录）。",
        "en": "Please enter your name (it is written in the change log).",
    },
    "works.error.actor_too_long": {
        "zh": "姓名过长（最多 {max} 个字符）。",
        "en": "The name is too long (at most {max} characters).",
    },
    # Concurrency
    "works.error.stale": {
        "zh": "「{row}」在您载入后已被其他用户修改。为免覆盖其修改，本次保存未写入任何内容；"
        "请重新载入后再编辑。",
        "en": "{row} was changed by another user after you loaded it. To keep their changes, "
        "nothing of this save was written; reload and edit again.",
    },
}
