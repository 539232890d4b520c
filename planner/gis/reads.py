"""What the GIS pages read: one named query per thing shown, each in its own read-only
session (``planner.transactions.reading``), returning plain values."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from planner.gis import apply as gi
from planner.gis import upload as gu
from planner.gis.plan import ImportPlan
from planner.gis.reading import ParsedFile, Progress
from planner.transactions import reading


def plan_import(
    engine: Engine, parsed: ParsedFile, *, progress: Progress | None = None
) -> ImportPlan:
    """What importing the file would do, feature by feature (nothing is written)."""
    with reading(engine) as session:
        return gi.plan_import(session, parsed, progress=progress)


@dataclass(frozen=True)
class UnassignedRow:
    """A building an import kept unassigned, waiting to be attached to a compound."""

    id: int
    number: str
    floors: int | None
    footprint_area_m2: float
    source: str


def unassigned_buildings(engine: Engine) -> list[UnassignedRow]:
    """Buildings waiting to be attached, oldest import first."""
    with reading(engine) as session:
        return [
            UnassignedRow(u.id, u.number, u.floors, u.footprint_area_m2, u.source)  # type: ignore[arg-type]
            for u in gi.list_unassigned(session)
        ]


def nearest_compounds(engine: Engine, unassigned_id: int) -> list[int]:
    """The ids of the compounds nearest an unassigned building (those it touches first)."""
    with reading(engine) as session:
        return [s.id for s in gi.suggest_compounds(session, unassigned_id) if s.id is not None]


def compound_names(engine: Engine, lang: str) -> dict[int, str]:
    """Every compound's name in ``lang``, by id, in name order."""
    with reading(engine) as session:
        return gu.compound_names(session, lang)
