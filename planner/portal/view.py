"""What residents see of their own compound: works in plain words, progress, recent changes,
survey results as aggregates, adopted suggestions with the bureau's answers.

Everything here is for the public pages, so nothing personal leaves this module: no names of
staff or residents, no contractor contacts, no phone numbers (a number typed into a
suggestion's text is masked), and survey results only as counts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import Building, Programme, ProgrammeSite, Site, WorkStatus
from geodata.sample import REPORTED_PROGRAMME
from planner.markup import md
from planner.portal.milestones import Milestone, compound_milestones
from planner.privacy import mask_personal_numbers
from planner.progress import ProgressAccumulator, item_progress
from planner.surveys.adopted import AdoptedSuggestion as StoredAdoption
from planner.surveys.adopted import adopted_suggestions
from planner.surveys.statistics import SurveyStats, site_stats
from planner.works.overdue import city_today, is_complete, is_overdue
from planner.works.queries import ScopedItem, items_with_scope, progress_by_site


@dataclass(frozen=True)
class PublicWork:
    """One kind of work on the compound, all its buildings added up."""

    scope_key: str
    unit: str
    planned: float
    completed: float
    start: date | None
    end: date | None
    finished: date | None  # the last actual end, once everything is done
    buildings: int  # how many buildings it covers (0: the compound as a whole)
    #: The earliest planned end of its overdue items (``planner.works.overdue``, the staff
    #: pages' rule) on the page's day; None: nothing of it is overdue.
    overdue_since: date | None = None
    started: bool = False  # some of it begun (a start recorded, a quantity done, or done)

    @property
    def progress(self) -> float:
        """Completed share (0..1)."""
        return item_progress(self.planned, self.completed)


#: A milestone of the compound's works ("最近更新"): see ``planner.portal.milestones``.
RecentChange = Milestone


@dataclass(frozen=True)
class AdoptedSuggestion:
    """A resident suggestion the bureau adopted, with its public answer."""

    category: str
    text: str  # personal numbers masked
    answer: str
    decided: date | None
    scope_key: str | None


@dataclass(frozen=True)
class PublicSiteView:
    """Everything the public compound page shows."""

    key: str
    name_zh: str
    name_en: str
    kind: str
    sub_district: str
    community: str
    households: int | None
    buildings: int
    length_m: float | None  # a road's length (linear works), when the data has one
    illustrative: bool
    #: Illustrative, and in the sample programme whose totals are the 2023 public report's
    #: (``geodata.sample.REPORTED_PROGRAMME``): the page may say its totals are the report's.
    reported_totals: bool
    programmes: tuple[tuple[int, str, str], ...]  # (year, name_zh, name_en)
    progress: float | None
    works: tuple[PublicWork, ...]
    recent: tuple[RecentChange, ...]
    survey: SurveyStats
    adopted: tuple[AdoptedSuggestion, ...]
    as_of: date  # the day the figures and the overdue marks are as of (the city's today)

    def name(self, lang: str) -> str:
        """The site's name in ``lang``."""
        return self.name_en or self.name_zh if lang == "en" else self.name_zh

    @property
    def stage(self) -> str:
        """Where its works stand: "done" (every kind finished), "ongoing" (some begun) or
        "planned" (none begun, or none registered)."""
        if self.works and all(w.finished for w in self.works):
            return "done"
        return "ongoing" if any(w.started for w in self.works) else "planned"


def get_site_by_key(session: Session, key: str) -> Site | None:
    """The site with the stable public key (the ``?site=`` of its link), or None."""
    return session.exec(select(Site).where(Site.key == key[:64])).first()


def public_site_view(session: Session, site: Site, *, today: date | None = None) -> PublicSiteView:
    """The public view of ``site`` (see the module docstring for what is left out) on
    ``today`` (the city's today by default): what is overdue, and what changed lately."""
    assert site.id is not None
    today = today or city_today()
    # In catalogue order (the scope type's id), as the works are listed everywhere.
    rows = sorted(items_with_scope(session, site_id=site.id), key=_catalogue_order)
    overall = ProgressAccumulator()
    grouped: dict[str, list[ScopedItem]] = defaultdict(list)
    units: dict[str, str] = {}
    for row in rows:
        overall.add(row.item.planned_quantity, row.item.completed_quantity, row.item.unit_rate)
        grouped[row.scope_key].append(row)
        units[row.scope_key] = row.unit
    works = tuple(
        _public_work(key, units[key], [r.item for r in items], today)
        for key, items in grouped.items()
    )
    joined = session.exec(
        select(Programme)
        .join(ProgrammeSite, col(ProgrammeSite.programme_id) == col(Programme.id))
        .where(ProgrammeSite.site_id == site.id)
        .order_by(col(Programme.year))
    ).all()
    programmes = tuple((p.year, p.name_zh, p.name_en) for p in joined)
    buildings = session.exec(
        select(func.count()).select_from(Building).where(Building.site_id == site.id)
    ).one()
    scope_of_item: dict[int | None, str] = {row.id: row.scope_key for row in rows}
    adopted = adopted_suggestions(session, site.id)
    return PublicSiteView(
        key=site.key,
        name_zh=site.name_zh,
        name_en=site.name_en,
        kind=site.kind,
        sub_district=site.sub_district,
        community=site.community,
        households=site.households,
        buildings=buildings,
        length_m=site.length_m,
        illustrative=site.illustrative,
        reported_totals=site.illustrative and any(p.key == REPORTED_PROGRAMME for p in joined),
        programmes=programmes,
        progress=overall.value(),
        works=works,
        recent=tuple(compound_milestones(session, rows, adopted, today=today)),
        survey=site_stats(session, site.id),
        adopted=tuple(_adopted(adopted, scope_of_item)),
        as_of=today,
    )


def _catalogue_order(row: ScopedItem) -> tuple[int, int]:
    return (row.item.scope_type_id, row.id)


def _public_work(scope_key: str, unit: str, items: list[Any], today: date) -> PublicWork:
    starts = [i.actual_start or i.planned_start for i in items if i.actual_start or i.planned_start]
    ends = [i.planned_end for i in items if i.planned_end]
    planned = sum(i.planned_quantity for i in items)
    completed = sum(min(i.completed_quantity, i.planned_quantity) for i in items)
    actual_ends = [i.actual_end for i in items]
    finished = max(actual_ends) if items and all(actual_ends) and completed >= planned else None
    late = [
        i.planned_end
        for i in items
        if is_overdue(i.planned_end, i.status, i.actual_end, today=today)
    ]
    started = any(
        i.actual_start
        or i.completed_quantity > 0
        or i.status == WorkStatus.IN_PROGRESS
        or is_complete(i.status, i.actual_end)
        for i in items
    )
    return PublicWork(
        scope_key=scope_key,
        unit=unit,
        planned=planned,
        completed=completed,
        start=min(starts) if starts else None,
        end=max(ends) if ends else None,
        finished=finished,
        buildings=len({i.building_id for i in items if i.building_id is not None}),
        overdue_since=min(late) if late else None,
        started=started,
    )


def _adopted(
    adopted: list[StoredAdoption], scope_of_item: dict[int | None, str]
) -> list[AdoptedSuggestion]:
    return [
        AdoptedSuggestion(
            category=s.category,
            text=mask_personal_numbers(s.text),
            answer=mask_personal_numbers(s.public_answer),
            decided=s.decided_at.date() if s.decided_at else None,
            scope_key=scope_of_item.get(s.work_item_id),
        )
        for s in adopted
    ]


def markdown_text(text: str) -> str:
    """``text`` as Streamlit's Markdown shows it as typed (``planner.markup.md``: no markup,
    no links, no autolinked ``www.`` address, no image fetched from elsewhere)."""
    return md(text)


@dataclass(frozen=True)
class MapSite:
    """A site as the public finder map draws it (public properties only)."""

    id: int
    key: str
    name_zh: str
    name_en: str
    kind: str
    status: str
    geometry: dict
    progress: float


def public_map_sites(session: Session) -> list[MapSite]:
    """Every site with its outline and cost-weighted progress, for the finder map."""
    progress = progress_by_site(session)
    return [
        MapSite(
            s.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            s.key,
            s.name_zh,
            s.name_en,
            s.kind,
            s.status,
            json.loads(s.geometry),
            progress.get(s.id, 0.0),  # type: ignore[arg-type]  # stored rows: their ids are set
        )
        for s in session.exec(select(Site).order_by(col(Site.id))).all()
    ]


def building_numbers(session: Session, site_id: int) -> list[str]:
    """The numbers of a compound's buildings, for the feedback form."""
    numbers = session.exec(select(Building.number).where(Building.site_id == site_id)).all()
    return sorted(numbers, key=lambda n: (len(n), n))


def clean_site_key(values: list[str]) -> str | None:
    """The ``?site=`` of a public link, or None when it cannot be a site's key.

    Links are typed, cut, forwarded and forged: the parameter may be repeated (the first
    counts), huge, or hold NUL bytes and other control characters (which PostgreSQL refuses
    in a query). Such a value is no key: the page says the link is not valid.
    """
    if not values:
        return None
    key = values[0].strip()
    if not key or len(key) > 64 or any(ord(c) < 32 or ord(c) == 127 for c in key):
        return None
    return key
