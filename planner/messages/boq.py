"""Messages of the boq pages and commands."""

MESSAGES: dict[str, dict[str, str]] = {}
