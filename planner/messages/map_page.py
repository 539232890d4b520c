"""Messages of the staff planning map: filters, colour modes, basemaps, work items."""

MESSAGES: dict[str, dict[str, str]] = {}
