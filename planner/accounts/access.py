"""Who sees which page: the page registry, grouped by audience, and the roles that see them.

The app's navigation is built from ``PAGES``. A visitor who has not logged in sees the public
pages only; a logged-in user sees the audiences of their role (``ROLE_AUDIENCES``). The frame
checks the role before it runs a page, and every page checks it again (``pages/_common.py``),
so a typed URL of a page the visitor may not see shows the login form, not data.
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
    ADMIN = "admin"


class Role(StrEnum):
    """What a logged-in user does; visitors without a login have no role."""

    STAFF = "staff"  # housing-bureau planner
    ENGINEER = "engineer"  # cost engineer: bills of quantities
    ADMIN = "admin"  # manages accounts; sees everything


ROLE_AUDIENCES: dict[Role | None, frozenset[Audience]] = {
    None: frozenset({Audience.PUBLIC}),
    Role.STAFF: frozenset({Audience.PUBLIC, Audience.STAFF, Audience.ENGINEERING}),
    Role.ENGINEER: frozenset({Audience.PUBLIC, Audience.ENGINEERING}),
    Role.ADMIN: frozenset(Audience),
}


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its file, title message key, icon, audience and URL path.

    The URL path is the page's key too: each page declares it, ``page_start("compound")``.
    """

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
    PageSpec("pages/compound.py", "page.compound", ":material/home:", Audience.PUBLIC, "compound"),
    PageSpec("pages/login.py", "page.login", ":material/login:", Audience.PUBLIC, "login"),
    PageSpec("pages/user_admin.py", "page.users", ":material/group:", Audience.ADMIN, "user_admin"),
    PageSpec("pages/audit_log.py", "page.audit", ":material/history:", Audience.ADMIN, "audit_log"),
    # Engineers see the map and the works they price, read-only (the side panel offers them
    # no editing; the works editor stays staff's).
    PageSpec(
        "pages/planning_map.py", "page.map", ":material/map:", Audience.ENGINEERING, "planning_map"
    ),
    PageSpec(
        "pages/work_items_editor.py",
        "page.works",
        ":material/edit_note:",
        Audience.STAFF,
        "work_items_editor",
    ),
    PageSpec("pages/schedule.py", "page.schedule", ":material/event:", Audience.STAFF, "schedule"),
    PageSpec(
        "pages/field_progress.py",
        "page.field_progress",
        ":material/photo_camera:",
        Audience.STAFF,
        "field_progress",
    ),
    PageSpec(
        "pages/dashboard.py", "page.dashboard", ":material/monitoring:", Audience.STAFF, "dashboard"
    ),
    PageSpec(
        "pages/survey_stats.py",
        "page.survey_stats",
        ":material/bar_chart:",
        Audience.STAFF,
        "survey_stats",
    ),
    PageSpec(
        "pages/suggestion_triage.py",
        "page.suggestion_triage",
        ":material/rule:",
        Audience.STAFF,
        "suggestion_triage",
    ),
    PageSpec(
        "pages/held_feedback.py",
        "page.held_feedback",
        ":material/pending:",
        Audience.STAFF,
        "held_feedback",
    ),
    PageSpec(
        "pages/survey_import.py",
        "page.survey_import",
        ":material/upload_file:",
        Audience.STAFF,
        "survey_import",
    ),
    PageSpec(
        "pages/consent_votes.py",
        "page.consent_votes",
        ":material/how_to_vote:",
        Audience.STAFF,
        "consent_votes",
    ),
    PageSpec(
        "pages/boq_export.py",
        "page.boq_export",
        ":material/request_quote:",
        Audience.ENGINEERING,
        "boq_export",
    ),
    # Staff enter and approve, engineers read (the actions check the role again).
    PageSpec("pages/money.py", "page.money", ":material/payments:", Audience.ENGINEERING, "money"),
    PageSpec(
        "pages/geodata_import.py",
        "page.geodata_import",
        ":material/upload_file:",
        Audience.STAFF,
        "geodata_import",
    ),
    PageSpec(
        "pages/geodata_export.py",
        "page.geodata_export",
        ":material/download:",
        Audience.STAFF,
        "geodata_export",
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


def audiences_for(role: Role | str | None) -> frozenset[Audience]:
    """The audiences a visitor with ``role`` (None: not logged in) may see."""
    return ROLE_AUDIENCES[Role(role) if role else None]


def may_view(role: Role | str | None, spec: PageSpec) -> bool:
    """Whether a visitor with ``role`` may open the page ``spec``."""
    return spec.audience in audiences_for(role)


def page_by_key(key: str, pages: Iterable[PageSpec] = PAGES) -> PageSpec | None:
    """The registered page whose key (its URL path, e.g. "compound") is ``key``; None for a
    key the registry does not know (such a page is refused like a staff page)."""
    return next((spec for spec in pages if spec.url_path == key), None)


#: The working page each role lands on after logging in (instead of the login page).
LANDING: dict[Role, str] = {
    Role.STAFF: "planning_map",
    Role.ENGINEER: "boq_export",
    Role.ADMIN: "user_admin",
}


def landing_page(role: Role | str) -> PageSpec:
    """The page a user with ``role`` lands on after logging in: staff the planning map,
    engineers the bill of quantities, admins the users."""
    spec = page_by_key(LANDING[Role(role)])
    assert spec is not None and may_view(role, spec)  # the registry holds each landing page
    return spec
