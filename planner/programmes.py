"""Programmes and their key figures (the numbers the yearly report gives)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import (
    Building,
    Programme,
    ProgrammeKind,
    ProgrammeSite,
    ScopeType,
    Site,
    SiteKind,
    WorkItem,
)
from planner.catalogue import SCOPE_BY_KEY, SCOPE_TYPES
from planner.progress import ProgressInput, weighted_progress


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


def list_programmes(session: Session) -> list[Programme]:
    """All programmes, newest year first."""
    return list(session.exec(select(Programme).order_by(Programme.year.desc(), Programme.id)).all())


def list_years(session: Session) -> list[int]:
    """Years that have at least one programme, newest first."""
    return list(
        session.exec(select(Programme.year).distinct().order_by(Programme.year.desc())).all()
    )


def programme_summary(
    session: Session, *, year: int, kind: str = ProgrammeKind.COMPOUND_RENOVATION
) -> ProgrammeSummary:
    """Key figures of the ``kind`` programmes of ``year``.

    Compounds are the compound sites in those programmes, buildings and households theirs;
    quantities are summed over the programmes' work items per scope type key.
    """
    programmes = session.exec(
        select(Programme).where(Programme.year == year, Programme.kind == kind)
    ).all()
    ids = [p.id for p in programmes]
    site_ids = list(
        session.exec(
            select(ProgrammeSite.site_id)
            .join(Site, Site.id == ProgrammeSite.site_id)
            .where(ProgrammeSite.programme_id.in_(ids), Site.kind == SiteKind.COMPOUND)  # type: ignore[attr-defined]
            .distinct()
        ).all()
    )
    buildings = session.exec(
        select(func.count()).select_from(Building).where(Building.site_id.in_(site_ids))  # type: ignore[attr-defined]
    ).one()
    households = session.exec(
        select(func.coalesce(func.sum(Site.households), 0)).where(Site.id.in_(site_ids))  # type: ignore[union-attr]
    ).one()
    rows = session.exec(
        select(
            ScopeType.key,
            func.sum(WorkItem.completed_quantity),
            func.sum(WorkItem.planned_quantity),
        )
        .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
        .where(WorkItem.programme_id.in_(ids))  # type: ignore[attr-defined]
        .group_by(ScopeType.key)
        .order_by(ScopeType.key)
    ).all()
    items = session.exec(
        select(WorkItem.planned_quantity, WorkItem.completed_quantity, WorkItem.unit_rate).where(
            WorkItem.programme_id.in_(ids)  # type: ignore[attr-defined]
        )
    ).all()
    return ProgrammeSummary(
        year=year,
        kind=str(kind),
        programmes=[p.key for p in programmes],
        compounds=len(site_ids),
        buildings=int(buildings),
        households=int(households),
        completed={key: float(done or 0) for key, done, _ in rows},
        planned={key: float(plan or 0) for key, _, plan in rows},
        progress=weighted_progress(ProgressInput(p, c, r) for p, c, r in items),
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
    query = select(Programme).order_by(Programme.year.desc(), Programme.id)
    if year is not None:
        query = query.where(Programme.year == year)
    result = []
    for programme in session.exec(query).all():
        items = session.exec(
            select(
                WorkItem.planned_quantity, WorkItem.completed_quantity, WorkItem.unit_rate
            ).where(WorkItem.programme_id == programme.id)
        ).all()
        result.append(
            ProgrammeProgress(
                id=programme.id,  # type: ignore[arg-type]
                key=programme.key,
                year=programme.year,
                kind=programme.kind,
                name_zh=programme.name_zh,
                name_en=programme.name_en,
                progress=weighted_progress(ProgressInput(p, c, r) for p, c, r in items),
            )
        )
    return result
