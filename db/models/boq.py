"""Tables of the bills of quantities: rate sets and their unit rates."""

from __future__ import annotations

__all__: list[str] = []
