"""What the sample's seeding (``planner.runtime.seed``) hands to the seeders of the domains
(rates, surveys): the shared rows it has just written, by key."""

from __future__ import annotations

from dataclasses import dataclass

from db.models import Building, Programme, ScopeType, Site

#: The audit log's actor of everything the sample seeding writes.
SEED_ACTOR = "system:seed"


@dataclass(frozen=True)
class SampleContext:
    """The rows the core seeding has just written, by key, for the seeders of the domains."""

    programmes: dict[str, Programme]
    sites: dict[str, Site]
    buildings: dict[tuple[str, str], Building]  # (site key, building number) -> building
    scopes: dict[str, ScopeType]
