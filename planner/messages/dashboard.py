"""Messages of the programme dashboard, next-year planning and geometry estimates."""

MESSAGES: dict[str, dict[str, str]] = {}
