"""What the public pages and the staff read of the portal: one named query per thing shown,
each in its own read-only session (``planner.transactions.reading``), returning plain values."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from planner.i18n import t
from planner.portal import feedback, finder, freshness, receipts
from planner.portal import view as pv
from planner.transactions import busy_refused, reading


def find_compounds(
    engine: Engine, query: str, page: int = 1, page_size: int = finder.PAGE_SIZE
) -> finder.FoundPage:
    """One page of the sites whose name, street or community contains ``query`` (every site
    for ""), newest programme first, with the total (``planner.portal.finder``)."""
    with reading(engine) as session:
        return finder.find_compounds(session, query, page, page_size)


def public_map_sites(engine: Engine) -> list[pv.MapSite]:
    """Every site with its outline and progress, for the finder map."""
    with reading(engine) as session:
        return pv.public_map_sites(session)


@dataclass(frozen=True)
class CompoundPage:
    """What a compound's public page shows: the public view, and the site's id and building
    numbers (for the feedback form)."""

    site_id: int
    view: pv.PublicSiteView
    buildings: list[str]


def compound_page(engine: Engine, key: str, *, today: date | None = None) -> CompoundPage | None:
    """The public page of the site with this key on ``today`` (the city's today by default:
    what is overdue); None: no such site."""
    with reading(engine) as session:
        site = pv.get_site_by_key(session, key)
        if site is None or site.id is None:
            return None
        view = pv.public_site_view(session, site, today=today)
        return CompoundPage(site.id, view, pv.building_numbers(session, site.id))


@dataclass(frozen=True)
class Contact:
    """How to reach the resident who sent a message (staff pages only, never public)."""

    suggestion_id: int
    phone: str
    building_number: str
    unit_number: str
    sent_at: datetime | None

    def text(self, lang: str) -> str:
        """ "联系方式 — 电话: +86…；楼号: 3" (only what was given)."""
        details = [
            f"{t(label, lang)}: {value}"
            for label, value in (
                ("feedback.phone", self.phone),
                ("feedback.building", self.building_number),
                ("feedback.unit", self.unit_number),
            )
            if value
        ]
        return f"{t('feedback.contact', lang)} — " + "；".join(details)


def feedback_contacts(engine: Engine, suggestion_ids: Sequence[int]) -> dict[int, Contact]:
    """The private contact data of some messages, by suggestion id."""
    with reading(engine) as session:
        return {
            i: Contact(i, c.phone, c.building_number, c.unit_number, c.sent_at)
            for i, c in feedback.feedback_contacts(session, list(suggestion_ids)).items()
        }


def contacts_older_than(engine: Engine, *, days: int) -> int:
    """How many contact rows a purge with this retention would delete."""
    with reading(engine) as session:
        return feedback.contacts_older_than(session, days=days)


@contextmanager
def _checking(engine: Engine) -> Iterator[Session]:
    """A session for one version check, on a connection in autocommit: the check is one
    statement, so it needs no transaction, and a visit of a cached page then costs one round
    trip to the database (and the pool's ping) instead of BEGIN, statement and ROLLBACK."""
    with busy_refused(), engine.connect() as connection:
        quick = connection.execution_options(isolation_level="AUTOCOMMIT")
        with Session(bind=quick) as session:
            yield session
        # leaving: the connection goes back to the pool in its default isolation level


def site_version(engine: Engine, key: str) -> tuple[int, freshness.DataVersion] | None:
    """The id and data version of the compound with this key (None: no such compound): what
    a cached plain page of it is checked against."""
    with _checking(engine) as session:
        return freshness.site_version(session, key)


def finder_version(engine: Engine) -> freshness.DataVersion:
    """The data version of the finder's list (names, streets, programmes; not works or
    feedback): what a cached finder page is checked against."""
    with _checking(engine) as session:
        return freshness.finder_version(session)


def feedback_status(engine: Engine, reference: str) -> receipts.FeedbackStatus | None:
    """Where the message with this reference stands (None: no such reference)."""
    clean = receipts.clean_reference(reference)
    if clean is None:
        return None
    with reading(engine) as session:
        return receipts.feedback_status(session, clean)
