"""Messages of the schedule (Gantt chart, season conflicts)."""

MESSAGES: dict[str, dict[str, str]] = {}
