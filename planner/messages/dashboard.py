"""Messages of the programme dashboard, next-year planning and geometry estimates."""

MESSAGES: dict[str, dict[str, str]] = {
    # Page and tabs
    "dashboard.title": {"zh": "计划看板", "en": "Programme dashboard"},
    "dashboard.tab.programme": {"zh": "计划执行情况", "en": "Programme status"},
    "dashboard.tab.next_year": {"zh": "编制下一年度计划", "en": "Plan next year"},
    "dashboard.programme": {"zh": "改造计划", "en": "Programme"},
    "dashboard.no_programmes": {
        "zh": "尚无改造计划，可在“编制下一年度计划”中新建。",
        "en": "No programme yet: create one under “Plan next year”.",
    },
    "dashboard.no_items": {
        "zh": "该计划尚无工程项目。",
        "en": "This programme has no work items yet.",
    },
    # Key figures
    "dashboard.compounds": {"zh": "小区", "en": "Compounds"},
    "dashboard.buildings": {"zh": "有工程的楼栋", "en": "Buildings with works"},
    "dashboard.households": {"zh": "涉及居民（户）", "en": "Households"},
    "dashboard.progress": {"zh": "进度（按造价加权）", "en": "Progress (cost-weighted)"},
    # The Σ quantity × rate figures are estimates (估算); the cost chain is planner.money's.
    "dashboard.budget_spent": {
        "zh": "已完成工程估算（完成量×单价）",
        "en": "Completed work, estimated (completed × rate)",
    },
    "dashboard.budget_spent_share": {"zh": "完成率（按估算）", "en": "Share done (by estimate)"},
    "dashboard.yuan": {"zh": "{amount} 元", "en": "CNY {amount}"},
    "dashboard.unrated": {
        "zh": "{n} 项工程没有单价，未计入估算。",
        "en": "{n} work items have no unit rate and are not in the estimates.",
    },
    # Charts and tables
    "dashboard.progress_chart": {
        "zh": "各小区进度（按造价加权）",
        "en": "Progress per compound (cost-weighted)",
    },
    "dashboard.quantities": {"zh": "工程量与估算", "en": "Quantities and estimates"},
    "dashboard.quantities_chart": {
        "zh": "各项工程量：计划与已完成",
        "en": "Quantities by scope: planned and completed",
    },
    "dashboard.col.site": {"zh": "小区 / 工程", "en": "Compound / site"},
    "dashboard.col.scope": {"zh": "改造内容", "en": "Scope"},
    "dashboard.col.unit": {"zh": "单位", "en": "Unit"},
    "dashboard.col.planned": {"zh": "计划", "en": "Planned"},
    "dashboard.col.completed": {"zh": "已完成", "en": "Completed"},
    "dashboard.col.share": {"zh": "完成率", "en": "Done"},
    "dashboard.col.planned_yuan": {"zh": "估算（元）", "en": "Estimate (CNY)"},
    "dashboard.col.spent_yuan": {"zh": "已完成估算（元）", "en": "Completed, estimated (CNY)"},
    # Estimates
    "dashboard.estimates": {
        "zh": "工程量核对：录入值与按几何估算",
        "en": "Quantity check: entered against geometry estimates",
    },
    "dashboard.estimate_site": {"zh": "小区", "en": "Compound"},
    "dashboard.no_compounds": {
        "zh": "该计划没有带楼栋的小区，无法估算。",
        "en": "This programme has no compound with buildings to estimate.",
    },
    "dashboard.estimate_method": {
        "zh": "估算方法：屋面防水 = 占地面积 ×（1 + {upturn} 泛水）；外墙涂料 = 周长 × 层数 × "
        "{storey} m；外墙保温 = 外墙涂料面积 ×（1 − {window} 门窗洞口）。面积与周长在 "
        "EPSG:4542 中计算。录入值偏离估算超过 ±{threshold} 时标记复核。",
        "en": "Estimates: roof waterproofing = footprint × (1 + {upturn} upturns); facade paint "
        "= perimeter × floors × {storey} m; wall insulation = facade × (1 − {window} openings). "
        "Areas and perimeters are measured in EPSG:4542. An entered quantity more than "
        "±{threshold} from its estimate is flagged for a check.",
    },
    "dashboard.flagged": {
        "zh": "{n} 栋楼的录入工程量需复核。",
        "en": "{n} buildings have entered quantities to check.",
    },
    "dashboard.none_flagged": {
        "zh": "录入工程量均在估算范围内。",
        "en": "All entered quantities are within range of their estimates.",
    },
    "dashboard.col.building": {"zh": "楼号", "en": "Building"},
    "dashboard.col.floors": {"zh": "层数", "en": "Floors"},
    "dashboard.col.entered": {"zh": "{scope} 录入（m²）", "en": "{scope} entered (m²)"},
    "dashboard.col.estimated": {"zh": "{scope} 估算（m²）", "en": "{scope} estimate (m²)"},
    "dashboard.col.deviation": {"zh": "{scope} 偏差（%）", "en": "{scope} deviation (%)"},
    "dashboard.col.check": {"zh": "需复核", "en": "To check"},
    # Next year
    "dashboard.next.intro": {
        "zh": "新建年度计划：选择小区和楼栋，套用改造模板，保存前先查看估算投资。",
        "en": "Create a programme: choose compounds and buildings, apply scope templates and "
        "see the estimated budget before saving.",
    },
    "dashboard.next.year": {"zh": "年度", "en": "Year"},
    "dashboard.next.kind": {"zh": "计划类型", "en": "Kind"},
    "dashboard.next.key": {"zh": "计划编号", "en": "Programme key"},
    "dashboard.next.name_zh": {"zh": "计划名称（中文）", "en": "Name (Chinese)"},
    "dashboard.next.name_en": {"zh": "计划名称（英文，可空）", "en": "Name (English, optional)"},
    "dashboard.next.default_name_zh": {"zh": "{year}年老旧小区改造", "en": "{year}年老旧小区改造"},
    "dashboard.next.default_name_en": {
        "zh": "{year} old-compound renovation",
        "en": "{year} old-compound renovation",
    },
    "dashboard.next.sites": {"zh": "小区", "en": "Compounds"},
    "dashboard.next.map_prefill": {
        "zh": "已预选地图上选中的小区：{name}",
        "en": "Preselected the compound chosen on the map: {name}",
    },
    "dashboard.next.buildings": {"zh": "楼栋", "en": "Buildings"},
    "dashboard.next.building_label": {
        "zh": "{site} {number}号楼（{floors}层）",
        "en": "{site} building {number} ({floors} floors)",
    },
    "dashboard.next.templates": {"zh": "改造模板", "en": "Scope templates"},
    "dashboard.next.budget": {
        "zh": "计划预算（元，可空）",
        "en": "Budget (CNY, optional)",
    },
    "dashboard.next.estimated_budget": {"zh": "估算投资", "en": "Estimated budget"},
    "dashboard.next.items": {"zh": "计划工程项目", "en": "Planned work items"},
    "dashboard.next.rates_note": {
        "zh": "单价为示例数据所用的参考单价（多为 2021 年前后广西维修价目，非甘肃价格），"
        "管网长度按 2023 年每户管长估算；正式预算前须替换。",
        "en": "Rates are the indicative rates of the sample data (mostly a c. 2021 Guangxi price "
        "list, not Gansu prices); main lengths use 2023 metres per household. Replace them "
        "before any real budget.",
    },
    "dashboard.next.save": {"zh": "保存计划", "en": "Save programme"},
    "dashboard.next.saved": {
        "zh": "已保存计划 {code}：{sites} 个小区，{items} 个工程项目，估算投资 {budget}。",
        "en": "Saved programme {code}: {sites} compounds, {items} work items, estimated "
        "budget {budget}.",
    },
    # Errors of the next-year planner
    "dashboard.error.key_empty": {"zh": "请填写计划编号。", "en": "Enter a programme key."},
    "dashboard.error.key_invalid": {
        "zh": "计划编号“{code}”无效：只能使用字母、数字、“_”和“-”，最多 {max} 个字符。",
        "en": "Programme key “{code}” is not valid: use letters, digits, “_” and “-”, "
        "at most {max} characters.",
    },
    "dashboard.error.key_taken": {
        "zh": "计划编号“{code}”已存在，请换一个。",
        "en": "A programme with key “{code}” exists already: choose another key.",
    },
    "dashboard.error.name_empty": {
        "zh": "请填写计划名称（中文）。",
        "en": "Enter the programme's Chinese name.",
    },
    "dashboard.error.name_long": {
        "zh": "计划名称最多 {max} 个字符。",
        "en": "A programme name has at most {max} characters.",
    },
    "dashboard.error.year": {
        "zh": "年度 {year} 不在 2000–2100 之间。",
        "en": "Year {year} is not between 2000 and 2100.",
    },
    "dashboard.error.kind": {
        "zh": "未知的计划类型：{kind}",
        "en": "Unknown programme kind: {kind}",
    },
    "dashboard.error.template": {
        "zh": "未知的改造模板：{template}",
        "en": "Unknown scope template: {template}",
    },
    "dashboard.error.no_sites": {
        "zh": "请至少选择一个小区。",
        "en": "Choose at least one compound.",
    },
    "dashboard.error.sites": {
        "zh": "所选小区中有不存在或不是小区的项。",
        "en": "A chosen site does not exist or is not a compound.",
    },
    "dashboard.error.buildings": {
        "zh": "所选楼栋须属于所选小区。",
        "en": "The chosen buildings must belong to the chosen compounds.",
    },
    "dashboard.error.actor_long": {
        "zh": "姓名最多 {max} 个字符。",
        "en": "A name has at most {max} characters.",
    },
}
