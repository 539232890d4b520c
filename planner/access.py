"""Who sees which page: the page registry, grouped by audience.

The app's navigation is built from ``PAGES``; access control (logins and roles) hooks in here
by choosing which audiences a visitor may see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Audience(StrEnum):
    """The groups of people a page is made for, in navigation order."""

    PUBLIC = "public"
    STAFF = "staff"
    ENGINEERING = "engineering"


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its file, title message key, icon, audience and URL path."""

    path: str
    title_key: str
    icon: str
    audience: Audience
    url_path: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "pages/overview.py",
        "page.overview",
        ":material/dashboard:",
        Audience.PUBLIC,
        "overview",
        default=True,
    ),
    PageSpec("pages/planning_map.py", "page.map", ":material/map:", Audience.STAFF, "planning_map"),
    PageSpec(
        "pages/work_items_editor.py",
        "page.works",
        ":material/edit_note:",
        Audience.STAFF,
        "work_items_editor",
    ),
    PageSpec("pages/schedule.py", "page.schedule", ":material/event:", Audience.STAFF, "schedule"),
    PageSpec(
        "pages/dashboard.py", "page.dashboard", ":material/monitoring:", Audience.STAFF, "dashboard"
    ),
)


def pages_by_audience(
    audiences: Iterable[Audience], pages: Iterable[PageSpec] = PAGES
) -> dict[Audience, list[PageSpec]]:
    """Pages grouped by audience, for the audiences given; groups without pages are left out."""
    allowed = set(audiences)
    grouped: dict[Audience, list[PageSpec]] = {}
    for audience in Audience:
        if audience in allowed:
            members = [p for p in pages if p.audience == audience]
            if members:
                grouped[audience] = members
    return grouped
