"""Messages of overdue works (逾期: past the planned end, not complete) and of today."""

MESSAGES: dict[str, dict[str, str]] = {
    "overdue.label": {"zh": "逾期", "en": "Overdue"},
    "overdue.today": {"zh": "今天", "en": "Today"},
    "overdue.days": {"zh": "逾期 {days} 天", "en": "{days} days overdue"},
    "overdue.schedule_count": {
        "zh": "{count} 项工程已过计划完工日期仍未完成（逾期），见下表。",
        "en": "{count} works are past their planned end and not complete (overdue): see below.",
    },
    "overdue.none": {
        "zh": "没有逾期的工程。",
        "en": "No work is overdue.",
    },
    "overdue.title": {"zh": "逾期工程", "en": "Overdue works"},
    "overdue.col.work": {"zh": "工程", "en": "Work"},
    "overdue.col.planned_end": {"zh": "计划完工", "en": "Planned end"},
    "overdue.col.days": {"zh": "逾期天数", "en": "Days overdue"},
    "overdue.col.progress": {"zh": "完成", "en": "Done"},
    "overdue.dashboard": {
        "zh": "逾期工程：{count} 项",
        "en": "Overdue works: {count}",
    },
    "map.colour.overdue": {"zh": "逾期", "en": "Overdue"},
    "map.legend.overdue_title": {"zh": "逾期工程", "en": "Overdue works"},
    "map.legend.overdue": {"zh": "有逾期工程", "en": "Has an overdue work"},
    "map.legend.on_time": {"zh": "无逾期", "en": "Nothing overdue"},
}
