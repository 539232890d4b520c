"""What the pages read of work items and programmes: one named query per thing shown.

Each opens its own read-only session (``planner.transactions.reading``; ``Busy`` when the
database was busy) and returns plain values (frozen dataclasses, numbers, dicts), never live
database rows, so no page holds a session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from planner import programmes as programme_rows
from planner.transactions import reading
from planner.works import dashboard as dash
from planner.works import items, summary, templates, withdrawal
from planner.works.estimates import BuildingEstimateRow, EstimateParameters
from planner.works.estimates import building_estimates as _estimates
from planner.works.items import (
    BuildingOption,
    LinkedPlace,
    ProgrammeOption,
    ScopeOption,
    SiteOption,
    WorkItemRow,
)
from planner.works.overdue import OverdueWork
from planner.works.queries import get_item
from planner.works.schedule import ClimateRules, GanttRow
from planner.works.schedule import overdue_works as _overdue_works
from planner.works.schedule import programme_schedule as _programme_schedule
from planner.works.schedule import site_schedule as _site_schedule
from planner.works.summary import ProgrammeProgress, ProgrammeSummary
from planner.works.withdrawal import WithdrawnItem


def programme_options(engine: Engine) -> list[ProgrammeOption]:
    """Every programme, newest year first (the programme pickers' choices)."""
    with reading(engine) as session:
        return items.programme_options(session)


def programme_by_key(engine: Engine, key: str) -> ProgrammeOption | None:
    """The programme with this key (as the command line names it), or None."""
    with reading(engine) as session:
        return next((p for p in items.programme_options(session) if p.key == key), None)


def programme_to_show(engine: Engine) -> int | None:
    """The programme a page opens on when the visitor has chosen none."""
    with reading(engine) as session:
        return summary.programme_to_show(session)


def linked_place(engine: Engine, params: Mapping[str, Any]) -> LinkedPlace:
    """The programme, site and building a link (``?programme=…&site=…&building=…``) asks
    for, checked against the database."""
    with reading(engine) as session:
        return items.linked_place(session, params)


def programme_sites(engine: Engine, programme_id: int) -> list[SiteOption]:
    """The sites of a programme."""
    with reading(engine) as session:
        return items.programme_sites(session, programme_id)


def site_buildings(engine: Engine, site_id: int) -> list[BuildingOption]:
    """The buildings of a site, in natural order of their numbers."""
    with reading(engine) as session:
        return items.site_building_options(session, site_id)


def building_labels(engine: Engine, site_ids: Sequence[int], lang: str) -> dict[int, str]:
    """ "3号楼" by building id, for the buildings of these sites."""
    with reading(engine) as session:
        return {
            b.id: b.label(lang)
            for site_id in dict.fromkeys(site_ids)
            for b in items.site_building_options(session, site_id)
        }


def work_items(
    engine: Engine,
    *,
    site_id: int,
    building_id: int | None = None,
    programme_id: int | None = None,
    include_building_items: bool = False,
) -> list[WorkItemRow]:
    """The work items of a site (its site-level items, or with its buildings') or of one
    building, as the editor loads them (with their versions)."""
    with reading(engine) as session:
        return items.list_work_items(
            session,
            site_id=site_id,
            building_id=building_id,
            programme_id=programme_id,
            include_building_items=include_building_items,
        )


def addable_scope_types(
    engine: Engine, *, programme_id: int, site_id: int, building_id: int | None
) -> list[ScopeOption]:
    """Scope types that can still be added at this place in this programme."""
    with reading(engine) as session:
        return items.addable_scope_types(
            session, programme_id=programme_id, site_id=site_id, building_id=building_id
        )


# --- The dashboard and next year's plan ---------------------------------------------------


def dashboard(engine: Engine, programme_id: int, lang: str) -> dash.ProgrammeDashboard | None:
    """Figures, progress per site, quantities and compounds of a programme (None: unknown)."""
    with reading(engine) as session:
        return dash.load_dashboard(session, programme_id, lang)


def building_estimates(
    engine: Engine, *, params: EstimateParameters, site_id: int, programme_id: int
) -> list[BuildingEstimateRow]:
    """Entered envelope quantities of a compound's buildings beside their estimates."""
    with reading(engine) as session:
        return _estimates(session, params=params, site_id=site_id, programme_id=programme_id)


def draft_defaults(engine: Engine, year: int) -> dict[str, str]:
    """A free programme key and names for a new programme of ``year``."""
    with reading(engine) as session:
        return templates.draft_defaults(session, year)


def planning_compounds(engine: Engine) -> list[templates.CompoundOption]:
    """Every compound, to choose for next year's programme."""
    with reading(engine) as session:
        return templates.list_compounds(session)


def planning_buildings(engine: Engine, site_ids: Sequence[int]) -> list[templates.BuildingOption]:
    """The buildings of the chosen compounds."""
    with reading(engine) as session:
        return templates.list_buildings(session, site_ids)


def plan_preview(
    engine: Engine, draft: templates.ProgrammeDraft, *, params: EstimateParameters
) -> templates.PlanPreview:
    """The work items and budget a draft would create (nothing saved)."""
    with reading(engine) as session:
        return templates.preview_plan(session, draft, params=params)


# --- Overview and schedule -----------------------------------------------------------------


def programme_years(engine: Engine) -> list[int]:
    """The years that have programmes, newest first."""
    with reading(engine) as session:
        return programme_rows.list_years(session)


def year_to_show(engine: Engine) -> int | None:
    """The year of the programme a page opens on (None: no programme)."""
    with reading(engine) as session:
        shown = programme_rows.get_programme(session, summary.programme_to_show(session) or 0)
        return shown.year if shown is not None else None


def programme_summary(engine: Engine, *, year: int, kind: str | None = None) -> ProgrammeSummary:
    """Key figures of the ``kind`` programmes (compound renovation by default) of ``year``."""
    with reading(engine) as session:
        if kind is None:
            return summary.programme_summary(session, year=year)
        return summary.programme_summary(session, year=year, kind=kind)


def programmes_with_progress(engine: Engine, *, year: int | None = None) -> list[ProgrammeProgress]:
    """Programmes (of ``year``) with their cost-weighted progress."""
    with reading(engine) as session:
        return summary.programmes_with_progress(session, year=year)


def programme_schedule(
    engine: Engine, programme_id: int, *, rules: ClimateRules, today: date | None = None
) -> list[GanttRow]:
    """One Gantt row per site of a programme, with its climate conflicts and overdue works."""
    with reading(engine) as session:
        return _programme_schedule(session, programme_id, rules=rules, today=today)


def site_schedule(
    engine: Engine,
    site_id: int,
    programme_id: int,
    *,
    rules: ClimateRules,
    today: date | None = None,
) -> list[GanttRow]:
    """One Gantt row per work item of a site in a programme (overdue ones marked)."""
    with reading(engine) as session:
        return _site_schedule(session, site_id, programme_id, rules=rules, today=today)


def overdue_works(
    engine: Engine, programme_id: int, *, today: date | None = None, site_id: int | None = None
) -> list[OverdueWork]:
    """The overdue works of a programme (``planner.works.overdue``), most days late first."""
    with reading(engine) as session:
        return _overdue_works(session, programme_id, today=today, site_id=site_id)


def withdrawn_items(
    engine: Engine, *, programme_id: int, site_id: int, building_id: int | None
) -> list[WithdrawnItem]:
    """The withdrawn items of one place in a programme (the editor offers to restore them)."""
    with reading(engine) as session:
        return withdrawal.withdrawn_items(
            session, programme_id=programme_id, site_id=site_id, building_id=building_id
        )


def work_item(engine: Engine, item_id: int) -> WorkItemRow | None:
    """One work item as the editor loads it (with its version), None when there is no such
    item or it is withdrawn (the command line's ``planner works set``)."""
    with reading(engine) as session:
        found = get_item(session, item_id)
        if found is None or found.withdrawn_at is not None:
            return None
        rows = items.list_work_items(
            session,
            site_id=found.site_id,
            building_id=found.building_id,
            programme_id=found.programme_id,
        )
        return next((r for r in rows if r.id == item_id), None)
