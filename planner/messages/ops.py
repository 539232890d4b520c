"""Messages of running the planner as a service (what a page shows when the database is away)."""

MESSAGES: dict[str, dict[str, str]] = {
    "ops.database_unavailable": {
        "zh": "数据库暂时无法连接（可能正在重启或维护）。"
        "请稍候片刻后刷新页面；已保存的内容不会丢失。",
        "en": "The database cannot be reached just now (it may be restarting or under "
        "maintenance). Please reload the page in a moment; nothing saved is lost.",
    },
}
