"""Scope templates for next year's programme, and saving a planned programme from them.

A template turns chosen compounds and buildings into planned work items with quantities and
indicative unit rates, so the budget (Σ quantity × rate) can be seen before anything is saved:

``envelope`` (建筑外围护)
    Per chosen building: ``roof_waterproofing``, ``wall_insulation`` and ``facade_paint``,
    quantities from the geometry estimates (``planner.works.estimates``: roof = footprint ×
    (1 + upturn allowance), insulation = net facade, paint = net facade + reveals).
``mains`` (小区管网)
    Per chosen compound: ``water_supply_main``, ``drainage_main`` and ``heating_main``,
    length = the compound's households × a length per household (``MAINS_M_PER_HOUSEHOLD``).

Quantities are rounded to whole units, as in the sample programme; the preview and the saved
items use the same rounded quantities, so the saved budget equals the previewed one.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import (
    Building,
    ProgrammeKind,
    ScopeType,
    Site,
    SiteKind,
    WorkItem,
    WorkStatus,
)
from geodata.sample.rates import RATES as SAMPLE_RATES
from planner import audit, programmes
from planner.audit import Actor
from planner.catalogue import SCOPE_BY_KEY, AppliesTo
from planner.errors import Refused
from planner.i18n import t
from planner.works.estimates import EstimateParameters, estimate_building, number_order

#: Indicative unit rates (CNY per unit) of the templates' scope types: the rates of the sample
#: programme (geodata/sample/rates.py, the one place they are written), mostly from a c. 2021
#: Guangxi price list; the heating-main rate is a placeholder with no public source. Not Gansu
#: prices.
DEFAULT_RATES: dict[str, float] = {
    key: float(SAMPLE_RATES[key].value)
    for key in (
        "roof_waterproofing",
        "wall_insulation",
        "facade_paint",
        "water_supply_main",
        "drainage_main",
        "heating_main",
    )
}

#: 2023 report households, the base of the lengths per household below.
_HOUSEHOLDS_2023 = 6_757

#: Metres of main per household: the 2023 report totals ÷ its 6,757 households
#: (15,433 m water ≈ 2.28 m, 7,009 m drainage ≈ 1.04 m, 35,124 m heating ≈ 5.20 m each).
MAINS_M_PER_HOUSEHOLD: dict[str, float] = {
    "water_supply_main": 15_433 / _HOUSEHOLDS_2023,
    "drainage_main": 7_009 / _HOUSEHOLDS_2023,
    "heating_main": 35_124 / _HOUSEHOLDS_2023,
}


@dataclass(frozen=True)
class ScopeTemplate:
    """A named set of scope types applied per building or per compound."""

    key: str
    name_zh: str
    name_en: str
    applies_to: AppliesTo
    scope_keys: tuple[str, ...]


TEMPLATES: tuple[ScopeTemplate, ...] = (
    ScopeTemplate(
        "envelope",
        "建筑外围护（屋面防水、外墙保温、外墙涂料）",
        "Building envelope (roof waterproofing, wall insulation, facade paint)",
        AppliesTo.BUILDING,
        ("roof_waterproofing", "wall_insulation", "facade_paint"),
    ),
    ScopeTemplate(
        "mains",
        "小区管网（给水、排水、供热主管）",
        "Compound mains (water supply, drainage, heating)",
        AppliesTo.SITE,
        ("water_supply_main", "drainage_main", "heating_main"),
    ),
)

TEMPLATE_BY_KEY: dict[str, ScopeTemplate] = {tpl.key: tpl for tpl in TEMPLATES}


# --- Pure expansion ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildingInput:
    """What the templates need of a building; ``footprint`` in EPSG:4326 (lon/lat)."""

    building_id: int
    site_id: int
    floors: int
    footprint: BaseGeometry


@dataclass(frozen=True)
class CompoundInput:
    """What the templates need of a compound."""

    site_id: int
    households: int


@dataclass(frozen=True)
class PlannedItem:
    """One work item to be planned: a whole quantity at a unit rate (CNY per unit)."""

    site_id: int
    building_id: int | None
    scope_key: str
    quantity: float
    unit_rate: float | None
    template_key: str

    @property
    def cost_yuan(self) -> float:
        """Quantity × rate, CNY (0 without a rate)."""
        return self.quantity * self.unit_rate if self.unit_rate is not None else 0.0


def expand_templates(
    template_keys: Iterable[str],
    *,
    buildings: Sequence[BuildingInput],
    compounds: Sequence[CompoundInput],
    params: EstimateParameters,
    rates: Mapping[str, float] = DEFAULT_RATES,
) -> list[PlannedItem]:
    """Apply templates to buildings and compounds.

    Parameters
    ----------
    template_keys : iterable of str
        Keys of ``TEMPLATES``; an unknown key raises ``KeyError``.
    buildings : sequence of BuildingInput
        Buildings that get the per-building templates (footprints in EPSG:4326).
    compounds : sequence of CompoundInput
        Compounds that get the per-compound templates.
    params : EstimateParameters
        Assumptions of the geometry estimates.
    rates : mapping of str to float
        Unit rate (CNY per unit) by scope key; a scope without one is planned without a rate.

    Returns
    -------
    list of PlannedItem
        Buildings' items, then compounds' items, in template order; quantities rounded to
        whole m² (envelope) or m (mains); a quantity that rounds to 0 is not planned. A scope
        given twice for the same building or compound is planned once.
    """
    items: list[PlannedItem] = []
    seen: set[tuple[int, int | None, str]] = set()

    def add(site_id: int, building_id: int | None, key: str, quantity: float, tpl: str) -> None:
        whole = float(round(quantity))
        if whole <= 0 or (site_id, building_id, key) in seen:
            return
        seen.add((site_id, building_id, key))
        items.append(PlannedItem(site_id, building_id, key, whole, rates.get(key), tpl))

    templates = [TEMPLATE_BY_KEY[k] for k in template_keys]
    for tpl in (x for x in templates if x.applies_to == AppliesTo.BUILDING):
        for b in buildings:
            quantities = estimate_building(b.footprint, b.floors, params).quantities
            for key in tpl.scope_keys:
                add(b.site_id, b.building_id, key, quantities[key], tpl.key)
    for tpl in (x for x in templates if x.applies_to == AppliesTo.SITE):
        for c in compounds:
            for key in tpl.scope_keys:
                add(c.site_id, None, key, c.households * MAINS_M_PER_HOUSEHOLD[key], tpl.key)
    return items


# --- Choosing compounds and buildings ---------------------------------------------------------


@dataclass(frozen=True)
class CompoundOption:
    """A compound to offer in the next-year planner."""

    id: int
    name_zh: str
    name_en: str
    households: int
    buildings: int


@dataclass(frozen=True)
class BuildingOption:
    """A building to offer in the next-year planner."""

    id: int
    site_id: int
    site_name_zh: str
    site_name_en: str
    number: str
    floors: int


def list_compounds(session: Session) -> list[CompoundOption]:
    """All compounds with their households and number of buildings, by Chinese name."""
    counts = dict(
        session.exec(
            select(col(Building.site_id), func.count()).group_by(col(Building.site_id))
        ).all()
    )
    sites = session.exec(
        select(Site).where(Site.kind == SiteKind.COMPOUND).order_by(Site.name_zh, col(Site.id))
    ).all()
    return [
        # stored rows: their ids are set:
        CompoundOption(s.id, s.name_zh, s.name_en, s.households or 0, counts.get(s.id, 0))  # type: ignore[arg-type]
        for s in sites
    ]


def list_buildings(session: Session, site_ids: Sequence[int]) -> list[BuildingOption]:
    """Buildings of the given compounds, by compound name and building number."""
    rows = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types select() for up to 4 columns
            Building.id,
            Building.site_id,
            Site.name_zh,
            Site.name_en,
            Building.number,
            Building.floors,
        )
        .join(Site, Site.id == Building.site_id)
        .where(col(Building.site_id).in_(list(site_ids)))
    ).all()
    options = [BuildingOption(*row) for row in rows]
    return sorted(options, key=lambda o: (o.site_name_zh, o.site_id, number_order(o.number)))


def suggest_programme_key(session: Session, year: int) -> str:
    """A free programme key for ``year``: ``p2025``, else ``p2025_2``, ``p2025_3``, ..."""
    taken = set(programmes.keys_starting(session, f"p{year}"))
    key, n = f"p{year}", 1
    while key in taken:
        n += 1
        key = f"p{year}_{n}"
    return key


def draft_defaults(session: Session, year: int) -> dict[str, str]:
    """Suggested ``key``, ``name_zh`` and ``name_en`` of a new compound programme for ``year``."""
    return {
        "key": suggest_programme_key(session, year),
        "name_zh": t("dashboard.next.default_name_zh", "zh", year=year),
        "name_en": t("dashboard.next.default_name_en", "en", year=year),
    }


# --- Drafts, preview and saving ---------------------------------------------------------------

_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
#: Column sizes of db/models.py.
_MAX_KEY, _MAX_NAME, _MAX_ACTOR = 64, 200, 100
DEFAULT_ACTOR = "staff"


class DraftError(Refused):
    """A draft that cannot be saved (a message key and its values, the field it is about)."""


@dataclass(frozen=True)
class ProgrammeDraft:
    """A programme to be created: its fields, sites, buildings and templates."""

    key: str
    year: int
    name_zh: str
    name_en: str = ""
    kind: str = ProgrammeKind.COMPOUND_RENOVATION.value
    site_ids: tuple[int, ...] = ()
    building_ids: tuple[int, ...] = ()
    template_keys: tuple[str, ...] = ()
    budget_yuan: float | None = None

    def normalised(self) -> ProgrammeDraft:
        """Whitespace stripped; the English name falls back to the Chinese one."""
        name_zh = self.name_zh.strip()
        return ProgrammeDraft(
            key=self.key.strip(),
            year=int(self.year),
            name_zh=name_zh,
            name_en=self.name_en.strip() or name_zh,
            kind=self.kind,
            site_ids=tuple(dict.fromkeys(self.site_ids)),
            building_ids=tuple(dict.fromkeys(self.building_ids)),
            template_keys=tuple(dict.fromkeys(self.template_keys)),
            budget_yuan=self.budget_yuan,
        )


@dataclass(frozen=True)
class PlanPreview:
    """The work items a draft would create, with its estimated budget."""

    items: tuple[PlannedItem, ...]

    @property
    def total_yuan(self) -> float:
        """Σ quantity × rate, CNY."""
        return math.fsum(item.cost_yuan for item in self.items)

    def by_scope(self) -> list[tuple[str, float, float]]:
        """(scope key, total quantity, total cost in CNY) per scope type, in catalogue order."""
        totals: dict[str, list[float]] = {}
        for item in self.items:
            totals.setdefault(item.scope_key, []).append(item.quantity)
        costs = {k: math.fsum(i.cost_yuan for i in self.items if i.scope_key == k) for k in totals}
        order = list(SCOPE_BY_KEY)
        return [
            (key, math.fsum(totals[key]), costs[key]) for key in sorted(totals, key=order.index)
        ]


def validate_draft(session: Session, draft: ProgrammeDraft) -> ProgrammeDraft:
    """Check a draft against the rules and the database; return it normalised.

    Raises
    ------
    DraftError
        With the message key (``dashboard.error.*``) of the first problem found: empty or
        malformed key, key already used, empty name, bad year, unknown kind or template,
        a site that is not a compound, a building outside the chosen compounds.
    """
    draft = draft.normalised()
    if not draft.key:
        raise DraftError("dashboard.error.key_empty", field="key")
    if len(draft.key) > _MAX_KEY or not _KEY_PATTERN.match(draft.key):
        raise DraftError("dashboard.error.key_invalid", field="key", code=draft.key, max=_MAX_KEY)
    if programmes.key_taken(session, draft.key):
        raise DraftError("dashboard.error.key_taken", field="key", code=draft.key)
    if not draft.name_zh:
        raise DraftError("dashboard.error.name_empty", field="name_zh")
    if len(draft.name_zh) > _MAX_NAME or len(draft.name_en) > _MAX_NAME:
        raise DraftError("dashboard.error.name_long", field="name_zh", max=_MAX_NAME)
    if not 2000 <= draft.year <= 2100:
        raise DraftError("dashboard.error.year", field="year", year=draft.year)
    if draft.kind not in {k.value for k in ProgrammeKind}:
        raise DraftError("dashboard.error.kind", field="kind", kind=draft.kind)
    unknown = [k for k in draft.template_keys if k not in TEMPLATE_BY_KEY]
    if unknown:
        raise DraftError(
            "dashboard.error.template", field="template_keys", template=", ".join(unknown)
        )
    if not draft.site_ids:
        raise DraftError("dashboard.error.no_sites", field="site_ids")
    compounds = set(
        session.exec(
            select(Site.id).where(
                col(Site.id).in_(draft.site_ids),
                Site.kind == SiteKind.COMPOUND,
            )
        ).all()
    )
    if len(compounds) != len(draft.site_ids):
        raise DraftError("dashboard.error.sites", field="site_ids")
    if draft.building_ids:
        inside = session.exec(
            select(func.count())
            .select_from(Building)
            .where(
                col(Building.id).in_(draft.building_ids),
                col(Building.site_id).in_(draft.site_ids),
            )
        ).one()
        if inside != len(draft.building_ids):
            raise DraftError("dashboard.error.buildings", field="building_ids")
    return draft


def preview_plan(
    session: Session,
    draft: ProgrammeDraft,
    *,
    params: EstimateParameters,
    rates: Mapping[str, float] = DEFAULT_RATES,
) -> PlanPreview:
    """The work items the draft's templates give its compounds and buildings (nothing saved).

    Only buildings of the draft's compounds count; a compound's households are its recorded
    households, or the sum over its buildings when none are recorded. Unknown templates are
    ignored here (``validate_draft`` refuses them).
    """
    draft = draft.normalised()
    site_ids = list(draft.site_ids)
    rows = session.exec(
        select(Building.id, Building.site_id, Building.floors, Building.footprint).where(
            col(Building.id).in_(draft.building_ids),
            col(Building.site_id).in_(site_ids),
        )
    ).all()
    order = {bid: i for i, bid in enumerate(draft.building_ids)}
    buildings = sorted(
        # stored rows: their ids are set:
        (BuildingInput(bid, sid, floors, shape(json.loads(fp))) for bid, sid, floors, fp in rows),  # type: ignore[arg-type]
        key=lambda b: order[b.building_id],
    )
    from_buildings = dict(
        session.exec(
            select(Building.site_id, func.sum(Building.households))
            .where(col(Building.site_id).in_(site_ids))
            .group_by(col(Building.site_id))
        ).all()
    )
    recorded = dict(
        session.exec(
            select(Site.id, Site.households).where(
                col(Site.id).in_(site_ids),
                Site.kind == SiteKind.COMPOUND,
            )
        ).all()
    )
    compounds = [
        CompoundInput(sid, int(recorded[sid] or from_buildings.get(sid) or 0))
        for sid in site_ids
        if sid in recorded
    ]
    templates = [k for k in draft.template_keys if k in TEMPLATE_BY_KEY]
    items = expand_templates(
        templates, buildings=buildings, compounds=compounds, params=params, rates=rates
    )
    return PlanPreview(tuple(items))


@dataclass(frozen=True)
class CreatedProgramme:
    """What saving a draft wrote."""

    programme_id: int
    key: str
    sites: int
    work_items: int
    total_yuan: float
    audit_entries: int


AUDIT_NOTE = "next-year planning"


def create_planned_programme(
    session: Session,
    draft: ProgrammeDraft,
    *,
    actor: Actor | str,
    params: EstimateParameters,
    rates: Mapping[str, float] = DEFAULT_RATES,
) -> CreatedProgramme:
    """Create a programme, its sites and its planned work items from a draft, with audit rows.

    The caller owns the transaction (``planner.works.actions.save_planned_programme`` opens
    it): this function only flushes, so on any error nothing is kept once the caller rolls
    back.

    Parameters
    ----------
    session : Session
        An open session inside a transaction.
    draft : ProgrammeDraft
        The programme; checked with :func:`validate_draft` first.
    actor : str
        Who saves (audit); empty means ``DEFAULT_ACTOR``.
    params : EstimateParameters
        Assumptions of the geometry estimates.
    rates : mapping of str to float
        Unit rates, CNY per unit.

    Returns
    -------
    CreatedProgramme
        The new programme's id and counts; ``total_yuan`` equals the preview's.

    Raises
    ------
    DraftError
        When the draft breaks a rule, or its key was taken meanwhile.
    """
    who = Actor.coerce(actor)
    if not who.label.strip():
        who = Actor.system(DEFAULT_ACTOR)
    if len(who.label.strip()) > _MAX_ACTOR:
        raise DraftError("dashboard.error.actor_long", max=_MAX_ACTOR)
    draft = validate_draft(session, draft)
    preview = preview_plan(session, draft, params=params, rates=rates)
    scope_ids = dict(session.exec(select(ScopeType.key, ScopeType.id)).all())
    try:
        programme = programmes.create_programme(
            session,
            who,
            programmes.NewProgramme(
                key=draft.key,
                year=draft.year,
                kind=draft.kind,
                name_zh=draft.name_zh,
                name_en=draft.name_en,
                budget_yuan=draft.budget_yuan,
            ),
            site_ids=draft.site_ids,
            note=AUDIT_NOTE,
        )
    except programmes.ProgrammeKeyTaken as error:  # created by someone else since validation
        raise DraftError("dashboard.error.key_taken", field="key", code=draft.key) from error
    assert programme.id is not None
    work_items = [
        WorkItem(
            programme_id=programme.id,
            # stored rows: their ids are set:
            scope_type_id=scope_ids[item.scope_key],  # type: ignore[arg-type]
            site_id=item.site_id,
            building_id=item.building_id,
            planned_quantity=item.quantity,
            completed_quantity=0.0,
            unit_rate=item.unit_rate,
            status=WorkStatus.PLANNED.value,
            note=f"template: {item.template_key}",
        )
        for item in preview.items
    ]
    session.add_all(work_items)
    session.flush()
    for work_item, item in zip(work_items, preview.items, strict=True):
        after = work_item.model_dump(exclude={"updated_at"}) | {"scope_key": item.scope_key}
        audit.record(session, who, "create", work_item, after=after, note=AUDIT_NOTE)
    session.flush()
    return CreatedProgramme(
        programme_id=programme.id,
        key=programme.key,
        sites=len(draft.site_ids),
        work_items=len(work_items),
        total_yuan=preview.total_yuan,
        audit_entries=1 + len(draft.site_ids) + len(work_items),
    )
