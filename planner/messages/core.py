"""Messages of the frame, the overview and the first map page."""

MESSAGES: dict[str, dict[str, str]] = {
    # Counting units of the catalogue (planner/catalogue.py), as a reader says them in each
    # language (planner.i18n.unit_name); metric units (m, m², t) are the same in both.
    "unit.个": {"zh": "个", "en": "items"},
    "unit.块": {"zh": "块", "en": "signs"},
    "unit.处": {"zh": "处", "en": "places"},
    "unit.套": {"zh": "套", "en": "sets"},
    "unit.座": {"zh": "座", "en": "stations"},
    "unit.段": {"zh": "段", "en": "sections"},
    "unit.部": {"zh": "部", "en": "lifts"},
    "unit.项": {"zh": "项", "en": "lump sum"},
    # Frame and navigation
    "app.title": {"zh": "老旧小区改造规划", "en": "Renovation Planner"},
    "app.subtitle": {
        "zh": "嘉峪关市老旧小区改造 · 规划与进度",
        "en": "Jiayuguan old-compound renovation · planning and progress",
    },
    "nav.public": {"zh": "公众", "en": "Public"},
    "nav.staff": {"zh": "工作人员", "en": "Staff"},
    "nav.engineering": {"zh": "工程", "en": "Engineering"},
    "page.overview": {"zh": "概览", "en": "Overview"},
    "page.map": {"zh": "规划地图", "en": "Planning map"},
    "page.works": {"zh": "工程项目编辑", "en": "Edit work items"},
    "page.schedule": {"zh": "进度计划", "en": "Schedule"},
    "page.dashboard": {"zh": "计划看板", "en": "Programme dashboard"},
    "sidebar.language": {"zh": "语言 / Language", "en": "语言 / Language"},
    "sidebar.illustrative": {
        "zh": "示例数据：小区位置与楼栋轮廓为示意，并非真实坐标；"
        "2023 年改造总量与嘉峪关市公开报道一致。",
        "en": "Sample data: compound locations and footprints are illustrative, not real "
        "coordinates; the 2023 totals equal Jiayuguan's published figures.",
    },
    # Overview
    "overview.title": {"zh": "改造概览", "en": "Renovation overview"},
    "overview.year": {"zh": "年度", "en": "Year"},
    "overview.programmes": {"zh": "改造计划", "en": "Programmes"},
    "overview.compounds": {"zh": "小区", "en": "Compounds"},
    "overview.buildings": {"zh": "住宅楼栋", "en": "Buildings"},
    "overview.households": {"zh": "涉及居民（户）", "en": "Households"},
    "overview.progress": {"zh": "总体进度（按造价加权）", "en": "Progress (cost-weighted)"},
    "overview.quantities": {"zh": "工程量", "en": "Quantities"},
    "overview.money": {"zh": "投资（元）", "en": "Money (CNY)"},
    "overview.chart_title": {
        "zh": "各项工程量：计划与已完成",
        "en": "Quantities by scope: planned and completed",
    },
    "overview.col.scope": {"zh": "改造内容", "en": "Scope"},
    "overview.col.unit": {"zh": "单位", "en": "Unit"},
    "overview.col.planned": {"zh": "计划", "en": "Planned"},
    "overview.col.completed": {"zh": "已完成", "en": "Completed"},
    "overview.col.share": {"zh": "完成率", "en": "Done"},
    "overview.empty": {
        "zh": "{year} 年尚无小区改造计划。",
        "en": "No compound renovation programme for {year} yet.",
    },
    "overview.other_programmes": {"zh": "同年其他工程", "en": "Other works that year"},
    # Map
    "map.title": {"zh": "规划地图", "en": "Planning map"},
    "map.programme": {"zh": "改造计划", "en": "Programme"},
    "map.click_hint": {
        "zh": "点击地图上的小区，查看其楼栋。",
        "en": "Click a compound on the map to list its buildings.",
    },
    "map.selected": {"zh": "已选小区：{name}", "en": "Selected compound: {name}"},
    "map.no_sites": {
        "zh": "该计划尚无带位置的小区。",
        "en": "This programme has no sites with a location yet.",
    },
    "map.no_buildings": {
        "zh": "该小区尚无楼栋记录。",
        "en": "No buildings recorded for this compound.",
    },
    "map.buildings_of": {"zh": "{name} 的楼栋", "en": "Buildings of {name}"},
    "map.col.number": {"zh": "楼号", "en": "No."},
    "map.col.floors": {"zh": "层数", "en": "Floors"},
    "map.col.units": {"zh": "单元", "en": "Units"},
    "map.col.households": {"zh": "户数", "en": "Households"},
    "map.col.year_built": {"zh": "建成年份", "en": "Built"},
    "map.col.area": {"zh": "基底面积（m²）", "en": "Footprint (m²)"},
    "map.col.progress": {"zh": "进度", "en": "Progress"},
    "map.progress": {"zh": "进度", "en": "Progress"},
    "map.legend": {"zh": "改造进度", "en": "Progress"},
    # Statuses and kinds
    "status.planned": {"zh": "计划中", "en": "Planned"},
    "status.in_progress": {"zh": "施工中", "en": "In progress"},
    "status.completed": {"zh": "已完成", "en": "Completed"},
    "status.suspended": {"zh": "暂停", "en": "Suspended"},
    "kind.compound_renovation": {"zh": "老旧小区改造", "en": "Compound renovation"},
    "kind.linear_works": {"zh": "线性工程", "en": "Linear works"},
    "kind.special_remediation": {"zh": "专项整治", "en": "Special remediation"},
}
