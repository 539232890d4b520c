"""Tables of resident surveys, responses, suggestions and consent votes."""

from __future__ import annotations

__all__: list[str] = []
