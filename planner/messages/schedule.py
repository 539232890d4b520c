"""Messages of the schedule (Gantt chart, season conflicts)."""

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

MESSAGES: dict[str, dict[str, str]] = {
    "schedule.title": {"zh": "进度计划", "en": "Schedule"},
    "schedule.programme": {"zh": "改造计划", "en": "Programme"},
    "schedule.site": {"zh": "小区", "en": "Site"},
    "schedule.all_sites": {
        "zh": "全部小区（每个小区一条）",
        "en": "All sites (one bar per site)",
    },
    "schedule.chart_title_programme": {
        "zh": "{name}：各小区计划与实际工期",
        "en": "{name}: planned and actual dates by site",
    },
    "schedule.chart_title_site": {
        "zh": "{name}：各项工程计划与实际工期",
        "en": "{name}: planned and actual dates by work item",
    },
    "schedule.no_programmes": {"zh": "尚无改造计划。", "en": "No programme yet."},
    "schedule.no_dated_works": {
        "zh": "该计划尚无带日期的工程。",
        "en": "No dated works in this programme yet.",
    },
    "schedule.no_dated_works_site": {
        "zh": "该小区在此计划中尚无带日期的工程。",
        "en": "No dated works for this site in this programme yet.",
    },
    "schedule.undated": {
        "zh": "{count} 项工程未填日期，未在图中显示。",
        "en": "Works without dates, not shown: {count}.",
    },
    "schedule.rules": {
        "zh": "气候规则：{exterior}只在施工季（{building_season}）施工；"
        "{heating}不在供暖期（{heating_season}）施工。",
        "en": "Climate rules: {exterior} only in the building season ({building_season}); "
        "{heating} not in the heating season ({heating_season}).",
    },
    "schedule.rules_winter": {
        "zh": "冬期施工（JGJ/T 104：日平均气温连续5天低于5℃）：{season}，据{city}气候表"
        "（{status}）；其间混凝土、砂浆、沥青、沟槽、栽植、标线、防水卷材和外墙涂料须采取冬期措施"
        "或避开。",
        "en": " Winter works (JGJ/T 104: daily mean below 5 °C on 5 days in a row): {season}, "
        "from the climate table of {city} ({status}); concrete, mortar, asphalt, trenches, "
        "planting, marking paint, membranes and coatings need winter measures then or wait.",
    },
    "schedule.rules_handover": {
        "zh": "{heating}须在供暖开始前{days}天完工（试压、冲洗、试运行）。",
        "en": " {heating} must be finished {days} days before the heating season "
        "(pressure tests, flushing, trial run).",
    },
    "schedule.list_separator": {"zh": "、", "en": ", "},
    "schedule.climate.未核实": {"zh": "未核实", "en": "unverified"},
    "schedule.climate.嘉峪关市": {"zh": "嘉峪关市", "en": "Jiayuguan"},
    "schedule.range": {"zh": "{start}至{end}", "en": "{start} to {end}"},
    "schedule.range_wrapping": {"zh": "{start}至次年{end}", "en": "{start} to {end}"},
    "schedule.month_day": {"zh": "{month}{day}日", "en": "{day} {month}"},
    **{
        f"schedule.month.{number}": {"zh": f"{number}月", "en": name}
        for number, name in enumerate(_MONTHS_EN, start=1)
    },
    "schedule.building": {"zh": "{number}号楼", "en": "Building {number}"},
    "schedule.planned": {"zh": "计划", "en": "Planned"},
    "schedule.actual": {"zh": "实际", "en": "Actual"},
    "schedule.actual_open": {
        "zh": "实际（施工中，按计划完工日估算）",
        "en": "Actual (ongoing, to the planned end)",
    },
    "schedule.n_days": {"zh": "{days} 天", "en": "{days} days"},
    "schedule.legend.conflict": {"zh": "与气候规则冲突", "en": "Breaks a climate rule"},
    "schedule.legend.heating": {"zh": "供暖期", "en": "Heating season"},
    "schedule.legend.off": {"zh": "非施工季", "en": "Outside the building season"},
    "schedule.rule.outside_building_season": {
        "zh": "施工季以外（施工季：{season}）",
        "en": "Outside the building season ({season})",
    },
    "schedule.rule.in_heating_season": {
        "zh": "供暖期内（供暖期：{season}）",
        "en": "In the heating season ({season})",
    },
    "schedule.rule.winter_works": {
        "zh": "冬期施工（{season}）",
        "en": "Winter works, 冬期施工 ({season})",
    },
    "schedule.rule.heating_handover": {
        "zh": "供暖前试压冲洗期内（{season}）",
        "en": "In the pre-heating test window ({season})",
    },
    "schedule.conflicts": {"zh": "工期与气候规则冲突", "en": "Dates that break a climate rule"},
    "schedule.conflicts_found": {
        "zh": "发现 {count} 处工期与气候规则冲突。",
        "en": "Dates breaking a climate rule: {count}.",
    },
    "schedule.no_conflicts": {
        "zh": "未发现与气候规则冲突的工期。",
        "en": "No dates break a climate rule.",
    },
    "schedule.col.item": {"zh": "工程项目", "en": "Work item"},
    "schedule.col.kind": {"zh": "日期类型", "en": "Dates"},
    "schedule.col.dates": {"zh": "起止日期", "en": "From – to"},
    "schedule.col.rule": {"zh": "违反的规则", "en": "Rule broken"},
    "schedule.col.days": {"zh": "冲突天数", "en": "Days in conflict"},
    "schedule.col.conflict_days": {"zh": "冲突时段", "en": "Conflicting days"},
}
