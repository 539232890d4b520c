"""Named reads of work items with their scope type: the door the other domains read through.

Only ``planner.works`` reads the ``work_item`` table. What the bill of quantities, the owners'
votes, the portal, the triage queue and the GIS export need of it is asked here, by name; the
join of a work item with its scope type is written once, in :func:`scoped_select`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from db.models import Building, ScopeType, WorkItem
from planner.progress import ProgressAccumulator, ProgressInput, weighted_progress
from planner.works.overdue import is_overdue


@dataclass(frozen=True)
class ScopedItem:
    """A work item with its scope type's key and unit, and its building's number (if any)."""

    item: WorkItem
    scope_key: str
    unit: str
    building_number: str | None

    @property
    def id(self) -> int:
        """The work item's id."""
        assert self.item.id is not None
        return self.item.id


@dataclass(frozen=True)
class ScopeTotal:
    """Planned and completed quantity summed over some work items of one scope type."""

    planned: float
    completed: float
    items: int = 0


def counted() -> Any:
    """The condition of an item that counts: not withdrawn. Every read of work items for a
    total, a map, the bill, a list or the public page has it (``scoped_select`` adds it)."""
    return col(WorkItem.withdrawn_at).is_(None)


def scoped_select(*columns: Any) -> Any:
    """``SELECT columns FROM work_item JOIN scope_type`` of the items that count (withdrawn
    ones left out): the one place this join is written (the works modules build their own
    queries on it)."""
    return select(*columns).join(ScopeType, ScopeType.id == WorkItem.scope_type_id).where(counted())


def _in(column: Any, values: Iterable[int]) -> Any:
    return column.in_(list(values))


def _narrowed(
    query: Any, site_ids: Sequence[int] | None, building_ids: Sequence[int] | None
) -> Any:
    """``query`` of work items narrowed to these sites and buildings (None: all of them)."""
    if site_ids is not None:
        query = query.where(_in(WorkItem.site_id, site_ids))
    if building_ids is not None:
        query = query.where(_in(WorkItem.building_id, building_ids))
    return query


def items_with_scope(
    session: Session,
    *,
    item_ids: Iterable[int] | None = None,
    site_id: int | None = None,
    programme_ids: Iterable[int] | None = None,
    scope_keys: Iterable[str] | None = None,
) -> list[ScopedItem]:
    """Work items matching every given filter, with scope key, unit and building number.

    Sorted by site, site-level items first, then building, catalogue order, id.
    """
    query = scoped_select(WorkItem, ScopeType.key, ScopeType.unit, Building.number).outerjoin(
        Building,
        Building.id == WorkItem.building_id,
    )
    if item_ids is not None:
        query = query.where(_in(WorkItem.id, item_ids))
    if site_id is not None:
        query = query.where(WorkItem.site_id == site_id)
    if programme_ids is not None:
        query = query.where(_in(WorkItem.programme_id, programme_ids))
    if scope_keys is not None:
        query = query.where(col(ScopeType.key).in_(list(scope_keys)))
    query = query.order_by(
        WorkItem.site_id,
        col(WorkItem.building_id).is_not(None),
        WorkItem.building_id,
        ScopeType.id,
        WorkItem.id,
    )
    return [ScopedItem(item, key, unit, number) for item, key, unit, number in session.exec(query)]


def item_with_scope(session: Session, item_id: int) -> ScopedItem | None:
    """One work item with its scope, or None when there is no such item."""
    found = items_with_scope(session, item_ids=[item_id])
    return found[0] if found else None


def get_item(session: Session, item_id: int) -> WorkItem | None:
    """The work item with this id, or None."""
    return session.get(WorkItem, item_id)


def item_ids(
    session: Session, *, site_id: int | None = None, scope_keys: Iterable[str] | None = None
) -> list[int]:
    """Ids of the work items (of one site, of some scope types), in id order."""
    query = scoped_select(WorkItem.id)
    if site_id is not None:
        query = query.where(WorkItem.site_id == site_id)
    if scope_keys is not None:
        query = query.where(col(ScopeType.key).in_(list(scope_keys)))
    return list(session.exec(query.order_by(WorkItem.id)).all())


def progress_inputs(session: Session, programme_ids: Sequence[int]) -> list[ProgressInput]:
    """Planned, completed and rate of every item of the programmes (for a weighted progress)."""
    rows = session.exec(
        select(WorkItem.planned_quantity, WorkItem.completed_quantity, WorkItem.unit_rate).where(
            _in(WorkItem.programme_id, programme_ids), counted()
        )
    ).all()
    return [ProgressInput(p, c, r) for p, c, r in rows]


def progress_by_site(
    session: Session, programme_ids: Sequence[int] | None = None
) -> dict[int, float]:
    """Cost-weighted progress of every site with work items (in the given programmes)."""
    query = select(
        WorkItem.site_id, WorkItem.planned_quantity, WorkItem.completed_quantity, WorkItem.unit_rate
    ).where(counted())
    if programme_ids is not None:
        query = query.where(_in(WorkItem.programme_id, programme_ids))
    grouped: dict[int, list[ProgressInput]] = defaultdict(list)
    for site_id, planned, completed, rate in session.exec(query).all():
        grouped[site_id].append(ProgressInput(planned, completed, rate))
    return {site_id: weighted_progress(items) or 0.0 for site_id, items in grouped.items()}


def building_progress(session: Session) -> dict[int, tuple[ProgressAccumulator, set[str]]]:
    """Per building with items of its own: its progress terms and the statuses of its items."""
    rows = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types select() for up to 4 columns
            WorkItem.building_id,
            WorkItem.planned_quantity,
            WorkItem.completed_quantity,
            WorkItem.unit_rate,
            WorkItem.status,
        ).where(col(WorkItem.building_id).is_not(None), counted())
    ).all()
    result: dict[int, tuple[ProgressAccumulator, set[str]]] = {}
    for building_id, planned, completed, rate, status in rows:
        acc, statuses = result.setdefault(building_id, (ProgressAccumulator(), set()))
        acc.add(planned, completed, rate)
        statuses.add(status)
    return result


def quantities_by_scope(session: Session, programme_ids: Sequence[int]) -> dict[str, ScopeTotal]:
    """Planned and completed quantity per scope key over the programmes' items."""
    rows = session.exec(
        scoped_select(
            ScopeType.key,
            func.sum(WorkItem.planned_quantity),
            func.sum(WorkItem.completed_quantity),
            func.count(),
        )
        .where(_in(WorkItem.programme_id, programme_ids))
        .group_by(ScopeType.key)
        .order_by(ScopeType.key)
    ).all()
    return {
        key: ScopeTotal(float(planned or 0), float(done or 0), int(n))
        for key, planned, done, n in rows
    }


def quantities_by_site_and_scope(
    session: Session,
    programme_id: int,
    *,
    site_ids: Sequence[int] | None = None,
    building_ids: Sequence[int] | None = None,
) -> dict[tuple[int, str], ScopeTotal]:
    """Planned and completed quantity per (site, scope key) of a programme's items.

    ``site_ids`` and ``building_ids`` narrow the items (a selection on the map).
    """
    query = scoped_select(
        WorkItem.site_id,
        ScopeType.key,
        func.sum(WorkItem.planned_quantity),
        func.sum(WorkItem.completed_quantity),
        func.count(),
    ).where(WorkItem.programme_id == programme_id)
    query = _narrowed(query, site_ids, building_ids)
    rows = session.exec(query.group_by(WorkItem.site_id, ScopeType.key)).all()
    return {
        (site_id, key): ScopeTotal(float(planned or 0), float(done or 0), int(n))
        for site_id, key, planned, done, n in rows
    }


#: (site id, scope key, pipe DN or None, on new wall insulation): how the bill measures.
BillKey = tuple[int, str, int | None, bool]
#: Scope types measured apart by the building's other works: paint on new insulation is
#: another item than paint on old plaster (a different 基层).
SUBSTRATE_SCOPE, INSULATION_SCOPE = "facade_paint", "wall_insulation"


def bill_quantities(
    session: Session,
    programme_id: int,
    *,
    site_ids: Sequence[int] | None = None,
    building_ids: Sequence[int] | None = None,
) -> dict[BillKey, ScopeTotal]:
    """Planned and completed quantity per (site, scope key, pipe DN, on insulation) of a
    programme's items: a pipe's items apart by their DN (None: not stated), facade paint
    apart by whether its building gets wall insulation in the programme (paint on the new
    insulation's render, or on the old plaster); the flag is False for every other scope.
    """
    # Two plain queries, joined here: the programme's insulated buildings, then the sums, paint
    # per building. (A correlated EXISTS, or a join the database plans from stale statistics
    # after a bulk import, made the city's bill, 20,000 buildings, run for minutes.)
    insulated = set(
        session.exec(
            scoped_select(WorkItem.building_id)
            .where(
                WorkItem.programme_id == programme_id,
                col(WorkItem.building_id).is_not(None),
                col(ScopeType.key) == INSULATION_SCOPE,
            )
            .distinct()
        ).all()
    )
    paint_building = case(
        (col(ScopeType.key) == SUBSTRATE_SCOPE, col(WorkItem.building_id)), else_=None
    )
    query = scoped_select(
        WorkItem.site_id,
        ScopeType.key,
        WorkItem.pipe_dn,
        paint_building,
        func.sum(WorkItem.planned_quantity),
        func.sum(WorkItem.completed_quantity),
        func.count(),
    ).where(WorkItem.programme_id == programme_id)
    query = _narrowed(query, site_ids, building_ids)
    rows = session.exec(
        query.group_by(WorkItem.site_id, ScopeType.key, WorkItem.pipe_dn, paint_building)
    )
    sums: dict[BillKey, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for site_id, key, dn, building, planned, done, n in rows.all():
        total = sums[(site_id, key, dn, building is not None and building in insulated)]
        total[0] += float(planned or 0)
        total[1] += float(done or 0)
        total[2] += int(n)
    return {k: ScopeTotal(p, d, int(n)) for k, (p, d, n) in sums.items()}


def started_programme_ids(session: Session) -> set[int]:
    """Programmes with any work begun (a completed quantity or an actual start)."""
    return set(
        session.exec(
            select(WorkItem.programme_id)
            .where((col(WorkItem.completed_quantity) > 0) | col(WorkItem.actual_start).is_not(None))
            .where(counted())
            .distinct()
        ).all()
    )


# --- for the bill of quantities


def largest_quantity_by_site(
    session: Session,
    programme_id: int,
    scope_keys: Sequence[str],
    *,
    site_ids: Sequence[int] | None = None,
    building_ids: Sequence[int] | None = None,
) -> dict[int, ScopeTotal]:
    """Per site: over its buildings, the sum of each building's largest quantity among
    ``scope_keys`` (planned and completed apart), e.g. the facade area a scaffold covers when a
    building has both a coating and an insulation item."""
    per_key = scoped_select(
        WorkItem.site_id,
        WorkItem.building_id,
        func.sum(WorkItem.planned_quantity).label("planned"),
        func.sum(WorkItem.completed_quantity).label("completed"),
    ).where(WorkItem.programme_id == programme_id, col(ScopeType.key).in_(list(scope_keys)))
    per_key = _narrowed(per_key, site_ids, building_ids)
    keyed = per_key.group_by(WorkItem.site_id, WorkItem.building_id, ScopeType.key).subquery()
    per_building = (
        select(
            keyed.c.site_id,
            func.max(keyed.c.planned).label("planned"),
            func.max(keyed.c.completed).label("completed"),
        )
        .group_by(keyed.c.site_id, keyed.c.building_id)
        .subquery()
    )
    rows = session.exec(
        select(
            per_building.c.site_id,
            func.sum(per_building.c.planned),
            func.sum(per_building.c.completed),
            func.count(),
        ).group_by(per_building.c.site_id)
    ).all()
    return {
        site_id: ScopeTotal(float(planned or 0), float(done or 0), int(n))
        for site_id, planned, done, n in rows
    }


def planned_days_by_site(
    session: Session,
    programme_id: int,
    scope_keys: Sequence[str],
    *,
    site_ids: Sequence[int] | None = None,
    building_ids: Sequence[int] | None = None,
) -> dict[int, int]:
    """Per site: calendar days from the earliest planned start to the latest planned end of its
    items of ``scope_keys`` (both ends counted; sites without both dates left out)."""
    query = scoped_select(
        WorkItem.site_id, func.min(WorkItem.planned_start), func.max(WorkItem.planned_end)
    ).where(WorkItem.programme_id == programme_id, col(ScopeType.key).in_(list(scope_keys)))
    query = _narrowed(query, site_ids, building_ids)
    days: dict[int, int] = {}
    for site_id, first, last in session.exec(query.group_by(WorkItem.site_id)).all():
        if first is not None and last is not None and last >= first:
            days[site_id] = (last - first).days + 1
    return days


def planned_date_range(session: Session, programme_id: int) -> tuple[Any, Any]:
    """The earliest planned start and the latest planned end (dates, or None) of a programme's
    items."""
    first, last = session.exec(
        select(func.min(WorkItem.planned_start), func.max(WorkItem.planned_end)).where(
            WorkItem.programme_id == programme_id, counted()
        )
    ).one()
    return first, last


# ---------------------------------------------------------------------------------------------
# What the planning map (``maps.planning``) reads of work items


def map_progress_rows(
    session: Session, programme_id: int
) -> list[tuple[int, int | None, str, float, float, float | None, str]]:
    """Every item of a programme as (site id, building id, scope key, planned, completed,
    rate, status): what the map's colours and filters are computed from."""
    return list(
        session.exec(
            scoped_select(
                WorkItem.site_id,
                WorkItem.building_id,
                ScopeType.key,
                WorkItem.planned_quantity,
                WorkItem.completed_quantity,
                WorkItem.unit_rate,
                WorkItem.status,
            ).where(WorkItem.programme_id == programme_id)
        ).all()
    )


def building_progress_inputs(
    session: Session, site_id: int, programme_id: int | None = None
) -> dict[int, list[ProgressInput]]:
    """The quantities and rates of each building's items on a site (in one programme if
    given), by building id: what a building's cost-weighted progress is computed from."""
    query = select(
        WorkItem.building_id,
        WorkItem.planned_quantity,
        WorkItem.completed_quantity,
        WorkItem.unit_rate,
    ).where(WorkItem.site_id == site_id, col(WorkItem.building_id).is_not(None), counted())
    if programme_id is not None:
        query = query.where(WorkItem.programme_id == programme_id)
    items: dict[int, list[ProgressInput]] = defaultdict(list)
    for building_id, planned, completed, rate in session.exec(query).all():
        # stored rows: their ids are set:
        items[building_id].append(ProgressInput(planned, completed, rate))  # type: ignore[index]
    return items


def items_fingerprint(session: Session, programme_id: int) -> tuple:
    """Aggregates of a programme's items that change with every saved edit (an edit raises
    ``version``) and with quantities or rates written without one: a cache of what is drawn
    or computed from them (the planning map, the cost chain) is stale when they differ."""
    row = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types select() for up to 4 columns
            func.count(),
            func.coalesce(func.sum(WorkItem.id), 0),
            func.coalesce(func.sum(WorkItem.version), 0),
            func.max(WorkItem.updated_at),
            func.coalesce(func.sum(WorkItem.planned_quantity), 0.0),
            func.coalesce(func.sum(WorkItem.completed_quantity), 0.0),
            func.coalesce(func.sum(WorkItem.scope_type_id), 0),
            func.coalesce(func.sum(WorkItem.unit_rate), 0.0),
        ).where(WorkItem.programme_id == programme_id, counted())
    ).one()
    return tuple(str(v) if v is not None and not isinstance(v, (int, float)) else v for v in row)


def newest_item_queries() -> tuple[Any, Any]:
    """(newest item id, number of items) as scalar subqueries, index-only, for a caller that
    checks in one statement whether anything changed (the map's quick version check)."""
    return (
        select(func.max(WorkItem.id)).scalar_subquery(),
        select(func.count()).select_from(WorkItem).scalar_subquery(),
    )


# --- for the money domain (the cost chain's 估算, the ministry's report)


def planned_costs(session: Session, programme_id: int) -> list[tuple[int, float, float]]:
    """(site id, planned quantity, rate) of every rated work item of a programme."""
    rows = session.exec(
        select(WorkItem.site_id, WorkItem.planned_quantity, WorkItem.unit_rate).where(
            WorkItem.programme_id == programme_id,
            col(WorkItem.unit_rate).is_not(None),
            counted(),
        )
    ).all()
    return [(site_id, planned, rate) for site_id, planned, rate in rows if rate is not None]


@dataclass(frozen=True)
class ItemDates:
    """What a report needs of one work item: where, what, how much, when it really ran."""

    site_id: int
    scope_key: str
    planned: float
    actual_start: Any
    actual_end: Any


def item_dates(session: Session, programme_ids: Sequence[int]) -> list[ItemDates]:
    """Site, scope key, planned quantity and actual dates of the programmes' items."""
    rows = session.exec(
        scoped_select(
            WorkItem.site_id,
            ScopeType.key,
            WorkItem.planned_quantity,
            WorkItem.actual_start,
            WorkItem.actual_end,
        )
        .where(_in(WorkItem.programme_id, programme_ids))
        .order_by(WorkItem.id)
    ).all()
    return [ItemDates(*row) for row in rows]


def overdue_places(
    session: Session, programme_id: int, *, today: date
) -> tuple[frozenset[int], frozenset[int]]:
    """The sites and the buildings of a programme with an overdue work on ``today``
    (``planner.works.overdue.is_overdue``): what the map's colour mode "overdue" draws."""
    rows = session.exec(
        scoped_select(
            WorkItem.site_id,
            WorkItem.building_id,
            WorkItem.planned_end,
            WorkItem.status,
            WorkItem.actual_end,
        ).where(WorkItem.programme_id == programme_id, col(WorkItem.planned_end) < today)
    ).all()
    late = [
        (site, building)
        for site, building, end, status, actual in rows
        if is_overdue(end, status, actual, today=today)
    ]
    return (
        frozenset(site for site, _ in late),
        frozenset(building for _, building in late if building is not None),
    )
