"""Bills of quantities (工程量清单 / 招标控制价): the bill as data, from the work items.

A programme is a 建设项目; each site a 单项工程; inside it one 单位工程 per profession
(建筑与装饰 01, 安装 03, 市政 04, 园林绿化 05), each priced with its own 取费
(``planner.boq.fees``). ``planner.boq_workbook.workbook`` writes the GB 50500-2013 form set from it.

- Quantities are the sums of the work items' **planned** quantities per site and scope type
  (``QuantityBasis.PLANNED``, the default) or of their completed quantities, rounded as the
  standard asks: counted units (个, 套, 处, 座 …) to whole numbers, t to 3 decimals, the rest to
  2. Geometry estimates are never mixed in. Lines no work item names (groundworks with the
  mains, removal of the old membrane, scaffolding) come from ``planner.boq.generated``.
- Each 综合单价 (the programme's rate set, ``planner.boq.rates``) is split into 人工/材料/机械 +
  管理费 + 利润 with the profession's rates (``fees.build_up``); the unit totals mirror the
  workbook's formulas (``UnitTotals``).
- Codes: 9 national digits from the edition's catalogue plus a 3-digit sequence from 001 per
  distinct item (item and 项目特征). With ``Numbering.BILL`` (default) the sequence runs over
  the whole bill (GB 50500-2013 条文说明 4.2.2: no duplicate codes in one bill, across 单位工程
  too); with ``Numbering.SITE`` each 单位工程 is numbered on its own. 补充项目 are coded
  ``<profession>B<3 digits>`` the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from sqlmodel import Session, select

from db.models import Site
from planner import programmes
from planner.boq.catalogue import DIVISION_OF, BoqItemDef, Edition, item_for
from planner.boq.choices import Numbering, OutdoorUnit, Pricing, QuantityBasis
from planner.boq.editions import EditionNotice, edition_notice
from planner.boq.fees import (
    PROFESSION_UNITS,
    ZERO_BUILD_UP,
    BuildUp,
    FeeError,
    FeeTable,
    build_up,
    money,
)
from planner.boq.generated import (
    GENERATED_RATES,
    GROUNDWORK_DEFAULTS,
    VERTICAL_SCOPES,
    Groundwork,
    building_lines,
    generated_item,
    groundwork_lines,
    groundwork_settings,
)
from planner.boq.measured import (
    OUTDOOR_FEE_PROFESSION,
    OUTDOOR_UNIT_NAME,
    paint_description,
    pipe_description,
)
from planner.boq.pipe_items import PIPE_WORK_DIVISIONS
from planner.boq.pricing import Analysis, QuotaError
from planner.boq.quota import load_book
from planner.boq.rates import RateTable, load_rates
from planner.boq.totals import UnitTotals, unit_totals
from planner.boq.units import bill_unit, round_quantity
from planner.catalogue import PIPE_SIZES, SCOPE_TYPES
from planner.errors import Refused
from planner.works.estimates import EstimateParameters
from planner.works.queries import (
    SUBSTRATE_SCOPE,
    bill_quantities,
    largest_quantity_by_site,
    planned_date_range,
    planned_days_by_site,
)

Progress = Callable[[float, str], None]


class BoqError(Refused):
    """A bill that cannot be made (a message key of ``planner/messages/boq.py``, its values)."""


@dataclass(frozen=True)
class BoqSelection:
    """What to bill: a programme, optionally only some sites or only some buildings.

    ``building_ids`` (e.g. the buildings selected on the map) keeps only those buildings'
    work items; ``site_ids`` keeps all work items of those sites (buildings and site-level).
    """

    programme_id: int
    site_ids: tuple[int, ...] | None = None
    building_ids: tuple[int, ...] | None = None
    label: str = ""


@dataclass(frozen=True)
class BoqOptions:
    """Edition, quantity basis, numbering, 取费 and groundwork settings of a bill.

    ``fee_overrides`` (``"01.management"`` or ``"vat"`` → per cent) and
    ``groundwork_overrides`` (``"storm_drain.depth_m"`` → value) change the defaults for this
    export; ``estimates`` adds a check sheet.
    """

    edition: Edition = Edition.GB2013
    basis: QuantityBasis = QuantityBasis.PLANNED
    numbering: Numbering = Numbering.BILL
    estimates: EstimateParameters | None = None
    fee_overrides: tuple[tuple[str, float], ...] = ()
    groundwork_overrides: tuple[tuple[str, float], ...] = ()
    pricing: Pricing = Pricing.QUOTA
    outdoor: OutdoorUnit = OutdoorUnit.PROFESSION

    def __post_init__(self) -> None:
        # Accept the plain strings of a form or the command line.
        object.__setattr__(self, "edition", Edition(self.edition))
        object.__setattr__(self, "outdoor", OutdoorUnit(self.outdoor))
        object.__setattr__(self, "pricing", Pricing(self.pricing))
        object.__setattr__(self, "basis", QuantityBasis(self.basis))
        object.__setattr__(self, "numbering", Numbering(self.numbering))

    def fees(self) -> FeeTable:
        """The 取费 of this export (raises ``FeeError`` for a bad override)."""
        return FeeTable.defaults().with_overrides(dict(self.fee_overrides))

    def groundworks(self) -> dict[str, Groundwork]:
        """The groundwork assumptions of this export (raises ``FeeError`` for a bad one)."""
        return groundwork_settings(dict(self.groundwork_overrides))


#: 分部 of the generated lines: (order, name), beside those of the scope types.
_GENERATED_DIVISIONS: dict[str, tuple[int, str]] = {
    "trench": (-1, "土石方工程"),
    "backfill": (-1, "土石方工程"),
    "spoil": (-1, "土石方工程"),
    "membrane_removal": (3, "拆除工程"),
    "pavement_break": (3, "拆除工程"),
    "reinstatement": (8, "道路及交通设施工程"),
    "gully": (10, "市政管网工程"),
    **PIPE_WORK_DIVISIONS,  # bedding, road layers, fittings, chambers by type
}
MEASURE_DIVISION = (99, "单价措施项目")
#: Scope types priced as one lump (a 综合项 of 项 or 座 with no measurable content): not
#: 分部分项 items but 专业工程暂估价 (GB 50500-2013 2.0.19, 表-12-3), in 其他项目费.
PROFESSIONAL_WORKS = frozenset({"rainwater_pump_station", "traffic_facilities"})
_SCOPE_ORDER = {s.key: i for i, s in enumerate(SCOPE_TYPES)}
_GENERATED_ORDER = {k: 100 + i for i, k in enumerate(_GENERATED_DIVISIONS)}


@dataclass
class BoqLine:
    """One item of a 表-08 block: a scope type (or a generated item) of a 单位工程."""

    site_id: int
    scope_key: str
    item: BoqItemDef
    description: str
    quantity: float
    planned: float
    completed: float
    unit_rate: float | None
    provisional_rate: float | None
    rate_indicative: bool
    work_items: int
    code: str = ""
    rate_source: str = ""
    measure: bool = False
    generated: bool = False
    build: BuildUp = ZERO_BUILD_UP
    analysis: Analysis | None = None  # priced through 定额 (None: the all-in price, 估算)
    lump: bool = False  # a 专业工程暂估价 (表-12-3), not a 表-08 item
    pipe_dn: int | None = None  # a pipe line's nominal diameter (its items', DN mm)
    on_insulation: bool | None = None  # facade paint on new insulation / old plaster
    outdoor: bool = False  # an outdoor pipe or its groundworks (the 室外配套 unit's)

    @property
    def division(self) -> tuple[int, str]:
        """(order, name) of the 分部 the line is grouped under."""
        if self.measure:
            return MEASURE_DIVISION
        if self.generated:
            return _GENERATED_DIVISIONS[self.scope_key]
        return DIVISION_OF.get(self.scope_key, (len(DIVISION_OF), "其他项目"))

    @property
    def name(self) -> str:
        """项目名称: the name as the standard spells it (ours for a 补充项目)."""
        return self.item.std_name

    @property
    def unit(self) -> str:
        """计量单位 as printed (m2, m3)."""
        return bill_unit(self.item.unit)

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Bill order: 分部, the catalogue's order, then DN (smallest first) and 基层 (old
        plaster before new insulation)."""
        order = _GENERATED_ORDER if self.generated else _SCOPE_ORDER
        return (
            self.division[0],
            order.get(self.scope_key, 999),
            self.pipe_dn or 0,
            int(bool(self.on_insulation)),
        )

    @cached_property
    def amount(self) -> Decimal:
        """合价 = ROUND(工程量 × 综合单价, 2), 综合单价 the build-up's sum; 0 without a rate.
        A 专业工程暂估价 is its quantity at the rate set's all-in price (暂估金额)."""
        if self.lump:
            return money(Decimal(str(self.quantity)) * money(self.unit_rate or 0))
        return money(Decimal(str(self.quantity)) * self.build.unit_rate)

    @cached_property
    def provisional(self) -> Decimal | None:
        """其中：暂估价 = ROUND(工程量 × 暂估单价, 2), or None."""
        if self.provisional_rate is None:
            return None
        return money(Decimal(str(self.quantity)) * money(self.provisional_rate))


@dataclass
class BoqUnit:
    """A 单位工程: one profession's lines of a site."""

    site_id: int
    project_name: str
    profession: str
    lines: list[BoqLine] = field(default_factory=list)
    totals: UnitTotals | None = None
    works: list[BoqLine] = field(default_factory=list)  # 专业工程暂估价 (表-12-3)
    #: The 室外配套 unit: the outdoor pipes and their groundworks, priced with the fee set
    #: of ``profession`` (市政, ``OUTDOOR_FEE_PROFESSION``).
    outdoor: bool = False

    @property
    def name(self) -> str:
        """``<site> <profession's 单位工程 name>`` (``<site> 室外配套工程``)."""
        if self.outdoor:
            return f"{self.project_name} {OUTDOOR_UNIT_NAME}"
        return f"{self.project_name} {PROFESSION_UNITS.get(self.profession, self.profession)}"

    @property
    def item_lines(self) -> list[BoqLine]:
        """The 分部分项 lines (not 单价措施)."""
        return [ln for ln in self.lines if not ln.measure]

    @property
    def measure_lines(self) -> list[BoqLine]:
        """The 单价措施 lines."""
        return [ln for ln in self.lines if ln.measure]

    @property
    def all_lines(self) -> list[BoqLine]:
        """The 表-08 lines, then the 专业工程暂估价 (what a contract of the unit holds)."""
        return self.lines + self.works

    @property
    def total(self) -> Decimal:
        """招标控制价 of the unit."""
        assert self.totals is not None
        return self.totals.total


@dataclass
class BoqProject:
    """A 单项工程 (a site) with its 单位工程."""

    site_id: int
    site_key: str
    name: str
    units: list[BoqUnit] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        """Sum of its units' 招标控制价."""
        return sum((u.total for u in self.units), Decimal("0"))


@dataclass
class Bill:
    """A bill of quantities ready to write."""

    programme_key: str
    programme_name: str
    year: int
    selection_label: str
    options: BoqOptions
    rates: RateTable
    projects: list[BoqProject]
    fees: FeeTable
    groundworks: dict[str, Groundwork]
    notice: EditionNotice | None = None
    dates: tuple[date | None, date | None] = (None, None)

    @property
    def units(self) -> list[BoqUnit]:
        """All 单位工程, project by project."""
        return [unit for project in self.projects for unit in project.units]

    @property
    def lines(self) -> list[BoqLine]:
        """All lines, unit by unit."""
        return [line for unit in self.units for line in unit.lines]

    @property
    def total(self) -> Decimal:
        """The 招标控制价 of the whole selection."""
        return sum((u.total for u in self.units), Decimal("0"))

    @property
    def items_total(self) -> Decimal:
        """Sum of all 合价 (分部分项 and 单价措施)."""
        return sum((line.amount for line in self.lines), Decimal("0"))

    @property
    def works(self) -> list[BoqLine]:
        """All 专业工程暂估价 (表-12-3), unit by unit."""
        return [line for unit in self.units for line in unit.works]

    def quantity_totals(self) -> dict[str, float]:
        """Exported quantity per scope key over all units (generated lines excluded; the
        专业工程暂估价 included)."""
        totals: dict[str, float] = defaultdict(float)
        for line in self.lines + self.works:
            if not line.generated:
                totals[line.scope_key] += line.quantity
        return dict(totals)

    @property
    def unrated_scopes(self) -> list[str]:
        """Scope keys billed without a 综合单价."""
        unrated = (
            ln.scope_key for ln in self.lines if ln.unit_rate is None and ln.analysis is None
        )
        return sorted(set(unrated))


# --- Building the bill ---------------------------------------------------------------------------


def _facade_areas(
    session: Session, selection: BoqSelection, basis: QuantityBasis
) -> dict[int, float]:
    """Per site: Σ over buildings of max(facade coating, wall insulation)."""
    areas = largest_quantity_by_site(
        session,
        selection.programme_id,
        ["facade_paint", "wall_insulation"],
        site_ids=selection.site_ids,
        building_ids=selection.building_ids,
    )
    planned = basis == QuantityBasis.PLANNED
    return {site: (t.planned if planned else t.completed) for site, t in areas.items()}


def build_bill(session: Session, selection: BoqSelection, options: BoqOptions) -> Bill:
    """Gather the selection's work items into a priced bill.

    Raises BoqError for an unknown programme, an empty selection, bad settings, or a code
    sequence that would pass 999.
    """
    programme = programmes.get_programme(session, selection.programme_id)
    if programme is None:
        raise BoqError("boq.err.no_programme", programme=selection.programme_id)
    try:
        fees, groundworks = options.fees(), options.groundworks()
    except FeeError as error:  # the setting's own reason below
        raise BoqError("boq.err.setting", field=error.field, reasons=[error]) from error
    rates = load_rates(session, selection.programme_id)
    book = load_book(session, programme.id) if options.pricing == Pricing.QUOTA else None  # type: ignore[arg-type]
    totals = bill_quantities(
        session,
        selection.programme_id,
        site_ids=selection.site_ids,
        building_ids=selection.building_ids,
    )
    if not totals:
        raise BoqError("boq.err.empty_selection")
    planned = options.basis == QuantityBasis.PLANNED
    facades = _facade_areas(session, selection, options.basis)
    days = planned_days_by_site(
        session,
        selection.programme_id,
        VERTICAL_SCOPES,
        site_ids=selection.site_ids,
        building_ids=selection.building_ids,
    )
    site_ids = {key[0] for key in totals}
    names = site_names(session, site_ids)
    scope_lines: dict[int, list[BoqLine]] = defaultdict(list)
    for (site_id, key, dn, on_insulation), total in sorted(totals.items(), key=_bill_order):
        rate = rates.entries.get(key)
        item = item_for(key, options.edition)
        paint = key == SUBSTRATE_SCOPE
        description = rate.effective_description if rate else ""
        if paint:
            description = paint_description(description, on_insulation)
        scope_lines[site_id].append(
            BoqLine(
                site_id=site_id,
                scope_key=key,
                item=item,
                description=pipe_description(description, dn),
                pipe_dn=dn,
                on_insulation=on_insulation if paint else None,
                outdoor=key in PIPE_SIZES,
                quantity=round_quantity(total.planned if planned else total.completed, item.unit),
                planned=total.planned,
                completed=total.completed,
                unit_rate=rate.unit_rate if rate else None,
                provisional_rate=rate.provisional_rate if rate else None,
                rate_indicative=rate.indicative if rate else True,
                work_items=total.items,
                rate_source=rate.source if rate else "",
            )
        )
    projects = []
    builds: dict[tuple[float | None, str], BuildUp] = {}
    for site_id in sorted(site_ids, key=lambda i: (names[i][1], i)):
        lines = scope_lines[site_id] + _generated(
            site_id,
            scope_lines[site_id],
            (facades.get(site_id, 0.0), days.get(site_id, 0)),
            groundworks,
            options,
        )
        project = BoqProject(site_id, names[site_id][0], names[site_id][1])
        for (profession, outdoor), group in unit_groups(lines, options.outdoor):
            ordered = sorted(group, key=lambda ln: ln.sort_key)
            works = [ln for ln in ordered if ln.scope_key in PROFESSIONAL_WORKS]
            unit_lines = [ln for ln in ordered if ln.scope_key not in PROFESSIONAL_WORKS]
            for line in works:
                line.lump = True
            for line in unit_lines:
                if book is not None and book.covers(line.scope_key):
                    try:
                        line.analysis = book.analysis(line.scope_key)
                    except QuotaError as error:  # its own reason below
                        raise BoqError(
                            "boq.err.pricing", field="prices", reasons=[error]
                        ) from error
                    line.build = line.analysis.build(fees, profession)
                    continue
                build_key = (line.unit_rate, profession)
                if build_key not in builds:
                    builds[build_key] = build_up(line.unit_rate, fees, profession)
                line.build = builds[build_key]
            unit = BoqUnit(
                site_id, project.name, profession, unit_lines, works=works, outdoor=outdoor
            )
            unit.totals = unit_totals(unit, fees)
            project.units.append(unit)
        projects.append(project)
    assign_codes([u for p in projects for u in p.units], options.numbering)
    dates = planned_date_range(session, selection.programme_id)
    return Bill(
        programme_key=programme.key,
        programme_name=programme.name_zh,
        year=programme.year,
        selection_label=selection.label,
        options=options,
        rates=rates,
        projects=projects,
        fees=fees,
        groundworks=groundworks,
        notice=edition_notice(options.edition, dates, programme.year),
        dates=dates,
    )


def site_names(session: Session, site_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Key and Chinese name of the sites (the shared site table, read)."""
    rows = session.exec(select(Site.id, Site.key, Site.name_zh)).all()
    return {sid: (key, name) for sid, key, name in rows if sid in site_ids}


def _bill_order(entry: tuple[tuple[int, str, int | None, bool], object]) -> tuple:
    site_id, key, dn, on_insulation = entry[0]
    return site_id, key, dn or 0, on_insulation


def _unit_order(unit: tuple[str, bool]) -> tuple[int, bool]:
    order = list(PROFESSION_UNITS)
    profession, outdoor = unit
    return (order.index(profession) if profession in order else len(order)), outdoor


def unit_groups(
    lines: Sequence[BoqLine], outdoor: OutdoorUnit
) -> list[tuple[tuple[str, bool], list[BoqLine]]]:
    """A site's lines per 单位工程, in bill order: ((fee profession, 室外配套?), lines). Per
    profession by the codes' first two digits; with ``OutdoorUnit.COMBINED`` the outdoor
    pipes and their groundworks form one 室外配套 unit with the 市政 fee set."""
    groups: dict[tuple[str, bool], list[BoqLine]] = defaultdict(list)
    for line in lines:
        if outdoor == OutdoorUnit.COMBINED and line.outdoor:
            groups[OUTDOOR_FEE_PROFESSION, True].append(line)
        else:
            groups[line.item.profession, False].append(line)
    return [(unit, groups[unit]) for unit in sorted(groups, key=_unit_order)]


def _generated(
    site_id: int,
    lines: Sequence[BoqLine],
    building: tuple[float, int],
    groundworks: dict[str, Groundwork],
    options: BoqOptions,
) -> list[BoqLine]:
    """The generated lines of one site: removal, scaffolding and 垂直运输 (``building``: the
    facade area and the days of the building works), groundworks of its mains."""
    quantity: dict[str, float] = defaultdict(float)  # a pipe's lines of every DN together
    sizes: dict[str, dict[int | None, float]] = defaultdict(dict)  # main → DN → pipe length
    for line in lines:
        quantity[line.scope_key] += line.quantity
        if line.scope_key in GROUNDWORK_DEFAULTS:
            of_main = sizes[line.scope_key]
            of_main[line.pipe_dn] = of_main.get(line.pipe_dn, 0.0) + line.quantity
    mains = {key: sizes[key] for key in GROUNDWORK_DEFAULTS if key in sizes}
    facade_area, days = building
    generated = building_lines(quantity.get("roof_waterproofing", 0.0), facade_area, days)
    ground = groundwork_lines(
        mains, groundworks, own_reinstatement="pavement_restoration" in quantity
    )
    result = []
    for g in generated + ground:
        item = generated_item(g.key, options.edition)
        rate = GENERATED_RATES[g.key]
        result.append(
            BoqLine(
                site_id=site_id,
                scope_key=g.key,
                item=item,
                description=g.description,
                quantity=round_quantity(g.quantity, item.unit),
                planned=g.quantity,
                completed=0.0,
                unit_rate=rate.unit_rate,
                provisional_rate=None,
                rate_indicative=True,
                work_items=0,
                rate_source=rate.source,
                measure=g.measure,
                generated=True,
                outdoor=g in ground,  # the mains' groundworks: the 室外配套 unit's
            )
        )
    return result


def assign_codes(units: Sequence[BoqUnit], numbering: Numbering = Numbering.BILL) -> None:
    """Give every line its 12-digit code (or 补充项目 code), numbered from 001 per base.

    Lines with the same base (9 digits) get consecutive sequence numbers in bill order, one
    per distinct (单位工程, item, 项目特征); with ``Numbering.SITE`` the count restarts in
    each 单位工程. A 补充项目 (``<profession>B``) is defined once for the whole bill with its
    rule and content (``planner.boq.supplementary``): the same item (scope, 项目特征) keeps
    one code in every 单位工程, whatever the numbering.
    """
    counters: dict[str, int] = defaultdict(int)
    supplementary: dict[str, int] = defaultdict(int)
    defined: dict[tuple[str, str, str], str] = {}
    for unit in units:
        if numbering == Numbering.SITE:
            counters.clear()
        seen: dict[tuple[str, str, str], str] = {}
        for line in unit.all_lines:
            base = line.item.base
            key = (base, line.scope_key, line.description)
            if line.item.supplementary:
                if key not in defined:
                    supplementary[base] += 1
                    if supplementary[base] > 999:
                        raise BoqError("boq.err.sequence_overflow", base=base)
                    defined[key] = f"{base}{supplementary[base]:03d}"
                line.code = defined[key]
                continue
            if key in seen:  # cannot happen with one line per item; kept for safety
                line.code = seen[key]
                continue
            counters[base] += 1
            if counters[base] > 999:
                raise BoqError("boq.err.sequence_overflow", base=base)
            line.code = f"{base}{counters[base]:03d}"
            seen[key] = line.code
