"""Messages of the gis pages and commands."""

MESSAGES: dict[str, dict[str, str]] = {}
