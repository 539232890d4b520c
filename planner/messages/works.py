"""Messages of editing work items."""

MESSAGES: dict[str, dict[str, str]] = {}
