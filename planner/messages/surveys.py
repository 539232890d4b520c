"""Messages of the surveys pages and commands."""

MESSAGES: dict[str, dict[str, str]] = {}
