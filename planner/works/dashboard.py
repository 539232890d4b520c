"""The programme dashboard: key figures, progress per site, quantities, budget, estimate checks.

Query functions return plain dataclasses; the builders at the end turn them into plotly
figures and pandas tables in the chosen language, so the page only lays them out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, col, select

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
from planner.i18n import scope_name, t
from planner.progress import ProgressInput, weighted_progress
from planner.works.estimates import ESTIMATED_SCOPE_KEYS, BuildingEstimateRow, EstimateParameters
from planner.works.queries import counted, progress_by_site, scoped_select
from planner.works.templates import (
    TEMPLATES,
    BuildingOption,
    CompoundOption,
    CreatedProgramme,
    PlanPreview,
)


@dataclass(frozen=True)
class Budget:
    """Money of a programme, CNY.

    ``planned_yuan`` is Σ planned quantity × rate, ``spent_yuan`` Σ completed quantity × rate
    (both estimates, 估算; items without a rate are left out and counted in
    ``unrated_items``); ``approved_yuan`` is the programme's approved 概算, when entered. The
    pages show the money through ``planner.money``'s cost chain; these serve the progress.
    """

    planned_yuan: float
    spent_yuan: float
    approved_yuan: Decimal | None
    unrated_items: int

    @property
    def spent_share(self) -> float:
        """Spent ÷ planned cost (0 when nothing is planned)."""
        return self.spent_yuan / self.planned_yuan if self.planned_yuan > 0 else 0.0


@dataclass(frozen=True)
class ProgrammeFigures:
    """Key figures of one programme.

    ``compounds`` and ``households`` are those of its compound sites; ``buildings`` counts
    the buildings that have work items in the programme.
    """

    programme_id: int
    key: str
    year: int
    kind: str
    name_zh: str
    name_en: str
    sites: int
    compounds: int
    buildings: int
    households: int
    work_items: int
    progress: float | None
    budget: Budget


def programme_figures(session: Session, programme_id: int) -> ProgrammeFigures | None:
    """Key figures, progress (cost-weighted) and budget of a programme; None if unknown."""
    programme = session.get(Programme, programme_id)
    if programme is None:
        return None
    sites = session.exec(
        select(Site.kind, Site.households)
        .join(ProgrammeSite, col(ProgrammeSite.site_id) == col(Site.id))
        .where(ProgrammeSite.programme_id == programme_id)
    ).all()
    buildings = session.exec(
        select(func.count(func.distinct(WorkItem.building_id))).where(
            WorkItem.programme_id == programme_id, counted()
        )
    ).one()
    items = session.exec(
        select(WorkItem.planned_quantity, WorkItem.completed_quantity, WorkItem.unit_rate).where(
            WorkItem.programme_id == programme_id, counted()
        )
    ).all()
    rated = [(p, c, r) for p, c, r in items if r is not None]
    budget = Budget(
        # fsum: the same items give the same sum on every database and in every order.
        planned_yuan=math.fsum(p * r for p, _, r in rated),
        spent_yuan=math.fsum(c * r for _, c, r in rated),
        approved_yuan=programme.budget_yuan,
        unrated_items=len(items) - len(rated),
    )
    compounds = [h for kind, h in sites if kind == SiteKind.COMPOUND]
    return ProgrammeFigures(
        programme_id=programme_id,
        key=programme.key,
        year=programme.year,
        kind=programme.kind,
        name_zh=programme.name_zh,
        name_en=programme.name_en,
        sites=len(sites),
        compounds=len(compounds),
        buildings=int(buildings),
        households=sum(h or 0 for h in compounds),
        work_items=len(items),
        progress=weighted_progress(ProgressInput(p, c, r) for p, c, r in items),
        budget=budget,
    )


@dataclass(frozen=True)
class SiteProgress:
    """A site of a programme with its cost-weighted progress (None: no work items)."""

    site_id: int
    kind: str
    name_zh: str
    name_en: str
    progress: float | None


def site_progress(session: Session, programme_id: int) -> list[SiteProgress]:
    """Progress of every site of a programme, most advanced first, then by name."""
    progress = progress_by_site(session, [programme_id])
    sites = session.exec(
        select(Site.id, Site.kind, Site.name_zh, Site.name_en)
        .join(ProgrammeSite, col(ProgrammeSite.site_id) == col(Site.id))
        .where(ProgrammeSite.programme_id == programme_id)
    ).all()
    # stored rows: their ids are set:
    rows = [SiteProgress(sid, kind, zh, en, progress.get(sid)) for sid, kind, zh, en in sites]  # type: ignore[arg-type]
    return sorted(rows, key=lambda r: (-(r.progress or 0.0), r.name_zh, r.site_id))


@dataclass(frozen=True)
class ScopeQuantity:
    """Planned and completed quantity and cost (CNY) of one scope type in a programme."""

    scope_key: str
    unit: str
    planned: float
    completed: float
    planned_yuan: float
    spent_yuan: float

    @property
    def share(self) -> float:
        """Completed share of planned (0..1), capped at 1."""
        return min(self.completed / self.planned, 1.0) if self.planned > 0 else 0.0


def scope_quantities(session: Session, programme_id: int) -> list[ScopeQuantity]:
    """Quantities and costs per scope type of a programme, in catalogue order."""
    rows = session.exec(
        scoped_select(
            ScopeType.key,
            ScopeType.unit,
            WorkItem.planned_quantity,
            WorkItem.completed_quantity,
            WorkItem.unit_rate,
        ).where(WorkItem.programme_id == programme_id)
    ).all()
    grouped: dict[str, list[tuple[str, float, float, float | None]]] = {}
    for key, unit, planned, completed, rate in rows:
        grouped.setdefault(key, []).append((unit, planned, completed, rate))
    order = {scope.key: i for i, scope in enumerate(SCOPE_TYPES)}
    return [
        ScopeQuantity(
            scope_key=key,
            unit=values[0][0],
            planned=math.fsum(v[1] for v in values),
            completed=math.fsum(v[2] for v in values),
            planned_yuan=math.fsum(v[1] * v[3] for v in values if v[3] is not None),
            spent_yuan=math.fsum(v[2] * v[3] for v in values if v[3] is not None),
        )
        for key, values in sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order)))
    ]


def compound_choices(session: Session, programme_id: int, lang: str) -> dict[int, str]:
    """Names in ``lang`` by site id of the programme's compounds that have buildings."""
    rows = session.exec(
        select(Site.id, Site.name_zh, Site.name_en)
        .join(ProgrammeSite, col(ProgrammeSite.site_id) == col(Site.id))
        .where(
            ProgrammeSite.programme_id == programme_id,
            col(Site.id).in_(select(Building.site_id)),
        )
        .order_by(Site.name_zh, col(Site.id))
    ).all()
    # stored rows: their ids are set:
    return {site_id: localised(zh, en, lang) for site_id, zh, en in rows}  # type: ignore[misc]


@dataclass(frozen=True)
class ProgrammeDashboard:
    """Everything the status part of the dashboard shows for one programme."""

    figures: ProgrammeFigures
    sites: list[SiteProgress]
    quantities: list[ScopeQuantity]
    compounds: dict[int, str]


def load_dashboard(session: Session, programme_id: int, lang: str) -> ProgrammeDashboard | None:
    """Figures, progress per site, quantities and compound names of a programme (or None)."""
    figures = programme_figures(session, programme_id)
    if figures is None:
        return None
    return ProgrammeDashboard(
        figures=figures,
        sites=site_progress(session, programme_id),
        quantities=scope_quantities(session, programme_id),
        compounds=compound_choices(session, programme_id, lang),
    )


# --- Presentation (language-aware, no Streamlit) ----------------------------------------------


def localised(name_zh: str, name_en: str, lang: str) -> str:
    """The name in ``lang``; the Chinese one when there is no English name."""
    return name_en if lang == "en" and name_en else name_zh


def compound_labels(options: Iterable[CompoundOption], lang: str) -> dict[int, str]:
    """Names in ``lang`` by compound id."""
    return {c.id: localised(c.name_zh, c.name_en, lang) for c in options}


def building_labels(options: Iterable[BuildingOption], lang: str) -> dict[int, str]:
    """ "compound, building number (floors)" in ``lang`` by building id."""
    return {
        b.id: t(
            "dashboard.next.building_label",
            lang,
            site=localised(b.site_name_zh, b.site_name_en, lang),
            number=b.number,
            floors=b.floors,
        )
        for b in options
    }


def template_labels(lang: str) -> dict[str, str]:
    """Names in ``lang`` by scope template key."""
    return {tpl.key: localised(tpl.name_zh, tpl.name_en, lang) for tpl in TEMPLATES}


def kind_labels(lang: str) -> dict[str, str]:
    """Names in ``lang`` by programme kind."""
    return {kind.value: t(f"kind.{kind.value}", lang) for kind in ProgrammeKind}


def format_yuan(amount: float | None, lang: str) -> str:
    """Money for display in yuan to the fen, thousands grouped ("1,234,567.80 元", as the cost
    chain's tiles beside it, ``planner.money.wording.yuan``); "—" for None."""
    if amount is None:
        return "—"
    return t("dashboard.yuan", lang, amount=f"{amount:,.2f}")


def key_metrics(figures: ProgrammeFigures, lang: str) -> list[tuple[str, str]]:
    """(label, value) of the programme's key figures, in display order: counts and progress,
    then the completed work's estimate (Σ completed × rate) and its share. The money itself,
    估算 to 审定价, is the cost chain of ``planner.money`` (one figure per stage)."""
    budget = figures.budget
    return [
        (t("dashboard.compounds", lang), f"{figures.compounds:,}"),
        (t("dashboard.buildings", lang), f"{figures.buildings:,}"),
        (t("dashboard.households", lang), f"{figures.households:,}"),
        (t("dashboard.progress", lang), f"{(figures.progress or 0):.0%}"),
        (t("dashboard.budget_spent", lang), format_yuan(budget.spent_yuan, lang)),
        (t("dashboard.budget_spent_share", lang), f"{budget.spent_share:.0%}"),
    ]


def quantities_table(rows: list[ScopeQuantity], lang: str) -> pd.DataFrame:
    """Quantities and costs per scope type (costs in CNY, share in %)."""
    return pd.DataFrame(
        {
            t("dashboard.col.scope", lang): [scope_name(r.scope_key, lang) for r in rows],
            t("dashboard.col.unit", lang): [r.unit for r in rows],
            t("dashboard.col.planned", lang): [r.planned for r in rows],
            t("dashboard.col.completed", lang): [r.completed for r in rows],
            t("dashboard.col.share", lang): [r.share * 100 for r in rows],
            t("dashboard.col.planned_yuan", lang): [r.planned_yuan for r in rows],
            t("dashboard.col.spent_yuan", lang): [r.spent_yuan for r in rows],
        }
    )


def estimate_table(rows: list[BuildingEstimateRow], lang: str) -> pd.DataFrame:
    """Entered, estimated (m²) and deviation (%) per building and scope, and what to check."""
    data: dict[str, list[object]] = {
        t("dashboard.col.building", lang): [r.number for r in rows],
        t("dashboard.col.floors", lang): [r.floors for r in rows],
    }
    for key in ESTIMATED_SCOPE_KEYS:
        name = scope_name(key, lang)
        data[t("dashboard.col.entered", lang, scope=name)] = [r.entered.get(key) for r in rows]
        data[t("dashboard.col.estimated", lang, scope=name)] = [
            round(r.estimate.quantities[key], 1) for r in rows
        ]
        data[t("dashboard.col.deviation", lang, scope=name)] = [
            None
            if key not in r.deviations or r.deviations[key].relative is None
            # None was excluded on the line above:
            else round(r.deviations[key].relative * 100, 1)  # type: ignore[operator]
            for r in rows
        ]
    data[t("dashboard.col.check", lang)] = [
        "⚠ "
        + t("schedule.list_separator", lang).join(scope_name(k, lang) for k in r.flagged_scopes)
        if r.flagged_scopes
        else ""
        for r in rows
    ]
    return pd.DataFrame(data)


def estimate_caption(params: EstimateParameters, lang: str) -> str:
    """How the estimates are made, with the parameters in force."""
    return t(
        "dashboard.estimate_method",
        lang,
        upturn=f"{params.roof_upturn_ratio:.0%}",
        storey=f"{params.storey_height_m:g}",
        window=f"{params.window_ratio:.0%}",
        threshold=f"{params.deviation_threshold:.0%}",
    )


def flag_summary(rows: list[BuildingEstimateRow], lang: str) -> tuple[bool, str]:
    """Whether any building of ``rows`` has a flagged quantity, and the sentence saying so."""
    flagged = sum(1 for r in rows if r.flagged_scopes)
    if flagged:
        return True, t("dashboard.flagged", lang, n=flagged)
    return False, t("dashboard.none_flagged", lang)


def preview_metrics(preview: PlanPreview, lang: str) -> list[tuple[str, str]]:
    """(label, value) of a next-year plan: estimated budget and number of work items."""
    return [
        (t("dashboard.next.estimated_budget", lang), format_yuan(preview.total_yuan, lang)),
        (t("dashboard.next.items", lang), f"{len(preview.items):,}"),
    ]


def saved_message(created: CreatedProgramme, lang: str) -> str:
    """The confirmation shown once a next-year programme is saved."""
    return t(
        "dashboard.next.saved",
        lang,
        code=created.key,
        sites=created.sites,
        items=created.work_items,
        budget=format_yuan(created.total_yuan, lang),
    )


def preview_table(preview: PlanPreview, lang: str) -> pd.DataFrame:
    """Quantity and cost (CNY) per scope type of a next-year plan."""
    rows = preview.by_scope()
    return pd.DataFrame(
        {
            t("dashboard.col.scope", lang): [scope_name(k, lang) for k, _, _ in rows],
            t("dashboard.col.unit", lang): [SCOPE_BY_KEY[k].unit for k, _, _ in rows],
            t("dashboard.col.planned", lang): [q for _, q, _ in rows],
            t("dashboard.col.planned_yuan", lang): [c for _, _, c in rows],
        }
    )
