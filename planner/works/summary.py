"""Key figures of a year's programmes, as the yearly report gives them, and their progress.

The overview page and ``planner summary`` show these: compounds, buildings and households of
the year's programmes, planned and completed quantities per scope type, and the cost-weighted
progress (``planner.progress``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from db.models import ProgrammeKind
from planner import programmes, sites
from planner.catalogue import SCOPE_BY_KEY, SCOPE_TYPES
from planner.progress import weighted_progress
from planner.works import queries


@dataclass(frozen=True)
class ProgrammeSummary:
    """Key figures of the programmes of one year and kind."""

    year: int
    kind: str
    programmes: list[str]
    compounds: int
    buildings: int
    households: int
    completed: dict[str, float] = field(default_factory=dict)
    planned: dict[str, float] = field(default_factory=dict)
    progress: float | None = None

    def to_json_dict(self) -> dict:
        """Plain JSON-ready dict; whole quantities are written as integers."""

        def clean(values: dict[str, float]) -> dict[str, float | int]:
            return {k: int(v) if float(v).is_integer() else round(v, 3) for k, v in values.items()}

        return {
            "year": self.year,
            "kind": self.kind,
            "programmes": self.programmes,
            "compounds": self.compounds,
            "buildings": self.buildings,
            "households": self.households,
            "completed": clean(self.completed),
            "planned": clean(self.planned),
            "progress": None if self.progress is None else round(self.progress, 4),
        }


def programme_summary(
    session: Session, *, year: int, kind: str = ProgrammeKind.COMPOUND_RENOVATION
) -> ProgrammeSummary:
    """Key figures of the ``kind`` programmes of ``year``.

    Compounds are the compound sites in those programmes, buildings and households theirs;
    quantities are summed over the programmes' work items per scope type key.
    """
    chosen = programmes.programmes_of_year(session, year, kind)
    ids = [p.id for p in chosen if p.id is not None]
    site_ids = programmes.compound_ids_of(session, ids)
    buildings, households = sites.building_and_household_counts(session, site_ids)
    totals = queries.quantities_by_scope(session, ids)
    return ProgrammeSummary(
        year=year,
        kind=str(kind),
        programmes=[p.key for p in chosen],
        compounds=len(site_ids),
        buildings=buildings,
        households=households,
        completed={key: total.completed for key, total in totals.items()},
        planned={key: total.planned for key, total in totals.items()},
        progress=weighted_progress(queries.progress_inputs(session, ids)),
    )


@dataclass(frozen=True)
class QuantityRow:
    """Planned and completed quantity of one scope type in a summary."""

    scope_key: str
    unit: str
    planned: float
    completed: float

    @property
    def share(self) -> float:
        """Completed share of planned (0..1), capped at 1."""
        return min(self.completed / self.planned, 1.0) if self.planned > 0 else 0.0


def quantity_rows(summary: ProgrammeSummary) -> list[QuantityRow]:
    """The summary's quantities in catalogue order (the report's seven figures first)."""
    order = {scope.key: i for i, scope in enumerate(SCOPE_TYPES)}
    keys = sorted(set(summary.planned) | set(summary.completed), key=lambda k: order.get(k, 999))
    return [
        QuantityRow(
            scope_key=key,
            unit=SCOPE_BY_KEY[key].unit if key in SCOPE_BY_KEY else "",
            planned=summary.planned.get(key, 0.0),
            completed=summary.completed.get(key, 0.0),
        )
        for key in keys
    ]


@dataclass(frozen=True)
class ProgrammeProgress:
    """A programme with its cost-weighted progress."""

    id: int
    key: str
    year: int
    kind: str
    name_zh: str
    name_en: str
    progress: float | None


def programmes_with_progress(
    session: Session, *, year: int | None = None
) -> list[ProgrammeProgress]:
    """Programmes (of ``year``, or all) with their cost-weighted progress."""
    result = []
    for programme in programmes.list_programmes(session, year=year):
        assert programme.id is not None
        result.append(
            ProgrammeProgress(
                id=programme.id,
                key=programme.key,
                year=programme.year,
                kind=programme.kind,
                name_zh=programme.name_zh,
                name_en=programme.name_en,
                progress=weighted_progress(queries.progress_inputs(session, [programme.id])),
            )
        )
    return result


def programme_to_show(session: Session) -> int | None:
    """The programme a page opens on when the visitor has chosen none.

    The newest programme whose works have begun (the one people are following), compound
    renovation before other kinds of the same year; without any begun, the newest programme.
    None when there is no programme.
    """
    candidates = programmes.list_programmes(session)
    if not candidates:
        return None
    started = queries.started_programme_ids(session)
    ranked = sorted(
        candidates,
        key=lambda p: (
            p.id in started,
            p.year,
            p.kind == ProgrammeKind.COMPOUND_RENOVATION,
            -(p.id or 0),
        ),
        reverse=True,
    )
    return ranked[0].id
