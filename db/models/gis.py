"""Tables of geodata imports: buildings kept unassigned until staff attach them to a compound."""

from __future__ import annotations

__all__: list[str] = []
