"""What ``db.seed.seed_sample`` hands to the seeders of further domains (rates, surveys)."""

from __future__ import annotations

from dataclasses import dataclass

from db.models import Building, Programme, ScopeType, Site


@dataclass(frozen=True)
class SampleContext:
    """The rows ``seed_sample`` has just written, by key, for the seeders of further domains."""

    programmes: dict[str, Programme]
    sites: dict[str, Site]
    buildings: dict[tuple[str, str], Building]  # (site key, building number) -> building
    scopes: dict[str, ScopeType]
