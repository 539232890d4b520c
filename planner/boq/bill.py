"""Bills of quantities (工程量清单): GB 50500-style workbook and CSV from the work items.

The layout is 表-08 分部分项工程和单价措施项目清单与计价表 of GB 50500-2013: two title rows
(table title; 工程名称 and 标段; the page numbers 第 X 页 共 Y 页 are in the printed page header,
since the title rows repeat on every page), the two-row column header, then per 分部 a heading
row, its items and a 分部小计 row, and a 合计 row. One sheet per site (单位工程), a summary
sheet (单位工程汇总表) first and a notes sheet (编制说明) last.

- Quantities are the sums of the work items' **planned** quantities per site and scope type
  (``QuantityBasis.PLANNED``, the default) or of their completed quantities; the workbook
  says which. Geometry estimates are never mixed in: on request they go to a separate sheet.
- 综合单价 come from the programme's rate set (``planner.boq.rates``); 合价 is the live formula
  ``=ROUND(工程量*综合单价,2)``, subtotals and totals are ``SUM`` formulas, so a rate changed in
  the spreadsheet carries through. Formulas carry their computed value too, for programs that
  do not recalculate.
- Codes: 9 national digits from the edition's catalogue (``planner.boq.catalogue``) plus a
  3-digit sequence from 001 per distinct item (scope type and 项目特征). With
  ``Numbering.BILL`` (default) the sequence runs over the whole bill, so the same item in two
  单位工程 gets two codes (GB 50500-2013 条文说明 4.2.2: no duplicate codes in one bill,
  including across 单位工程); with ``Numbering.SITE`` each 单位工程 is numbered on its own,
  for bills issued per 单位工程. 补充项目 are coded ``<profession>B<3 digits>`` the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property

from sqlmodel import Session

from planner import programmes, sites
from planner.boq.catalogue import (
    DIVISION_OF,
    BoqItemDef,
    Edition,
    catalogue_rows,
    item_for,
)
from planner.boq.rates import RateTable, load_rates
from planner.catalogue import SCOPE_TYPES
from planner.works.estimates import EstimateParameters
from planner.works.queries import quantities_by_site_and_scope

Progress = Callable[[float, str], None]


class QuantityBasis(StrEnum):
    """Which quantity of the work items a bill exports."""

    PLANNED = "planned"
    COMPLETED = "completed"


class Numbering(StrEnum):
    """How far the 3-digit code sequence runs: the whole bill or each 单位工程."""

    BILL = "bill"
    SITE = "site"


class BoqError(ValueError):
    """A bill that cannot be made; ``message_key``/``values`` for planner.i18n.t."""

    def __init__(self, message_key: str, **values: object):
        super().__init__(f"{message_key} {values}")
        self.message_key = message_key
        self.values = values


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
    """Edition, quantity basis and numbering of a bill; estimates for a check sheet."""

    edition: Edition = Edition.GB2013
    basis: QuantityBasis = QuantityBasis.PLANNED
    numbering: Numbering = Numbering.BILL
    estimates: EstimateParameters | None = None

    def __post_init__(self) -> None:
        # Accept the plain strings of a form or the command line.
        object.__setattr__(self, "edition", Edition(self.edition))
        object.__setattr__(self, "basis", QuantityBasis(self.basis))
        object.__setattr__(self, "numbering", Numbering(self.numbering))


def money(value: float | Decimal) -> Decimal:
    """Round to fen the way the spreadsheet's ROUND does (half away from zero)."""
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class BoqLine:
    """One item row of a 表-08 sheet: a scope type on a site."""

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

    @property
    def division(self) -> tuple[int, str]:
        """(order, name) of the 分部 the line is grouped under."""
        return DIVISION_OF.get(self.scope_key, (len(DIVISION_OF), "其他项目"))

    @property
    def name(self) -> str:
        """项目名称: the name as the standard spells it (ours for a 补充项目)."""
        return self.item.std_name

    @cached_property
    def amount(self) -> Decimal:
        """合价 = ROUND(工程量 × 综合单价, 2); 0 without a rate."""
        return money(Decimal(str(self.quantity)) * Decimal(str(self.unit_rate or 0)))

    @cached_property
    def provisional(self) -> Decimal | None:
        """其中：暂估价 = ROUND(工程量 × 暂估单价, 2), or None."""
        if self.provisional_rate is None:
            return None
        return money(Decimal(str(self.quantity)) * Decimal(str(self.provisional_rate)))


@dataclass
class BoqSheet:
    """One 单位工程 (a site) with its lines in bill order."""

    site_id: int
    site_key: str
    name: str
    lines: list[BoqLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        """Sum of the lines' 合价."""
        return sum((line.amount for line in self.lines), Decimal("0"))


@dataclass
class Bill:
    """A bill of quantities ready to write."""

    programme_key: str
    programme_name: str
    year: int
    selection_label: str
    options: BoqOptions
    rates: RateTable
    sheets: list[BoqSheet]

    @property
    def lines(self) -> list[BoqLine]:
        """All lines, sheet by sheet."""
        return [line for sheet in self.sheets for line in sheet.lines]

    @property
    def total(self) -> Decimal:
        """Sum of all 合价."""
        return sum((sheet.total for sheet in self.sheets), Decimal("0"))

    def quantity_totals(self) -> dict[str, float]:
        """Exported quantity per scope key over all sheets."""
        totals: dict[str, float] = defaultdict(float)
        for line in self.lines:
            totals[line.scope_key] += line.quantity
        return dict(totals)

    @property
    def unrated_scopes(self) -> list[str]:
        """Scope keys billed without a 综合单价."""
        return sorted({line.scope_key for line in self.lines if line.unit_rate is None})


# --- Building the bill ---------------------------------------------------------------------------


def build_bill(session: Session, selection: BoqSelection, options: BoqOptions) -> Bill:
    """Gather the selection's work items into a bill: one line per site and scope type.

    Raises BoqError for an unknown programme, an empty selection, or a code sequence that
    would pass 999.
    """
    programme = programmes.get_programme(session, selection.programme_id)
    if programme is None:
        raise BoqError("boq.err.no_programme", programme=selection.programme_id)
    rates = load_rates(session, selection.programme_id)
    totals = quantities_by_site_and_scope(
        session,
        selection.programme_id,
        site_ids=selection.site_ids,
        building_ids=selection.building_ids,
    )
    if not totals:
        raise BoqError("boq.err.empty_selection")
    site_ids = {site_id for site_id, _ in totals}
    names = {s.id: (s.key, s.name_zh) for s in sites.list_sites(session) if s.id in site_ids}
    sheets: dict[int, BoqSheet] = {
        sid: BoqSheet(sid, names[sid][0], names[sid][1]) for sid in sorted(site_ids)
    }
    for (site_id, key), total in totals.items():
        rate = rates.entries.get(key)
        sheets[site_id].lines.append(
            BoqLine(
                site_id=site_id,
                scope_key=key,
                item=item_for(key, options.edition),
                description=rate.effective_description if rate else "",
                quantity=total.planned
                if options.basis == QuantityBasis.PLANNED
                else total.completed,
                planned=total.planned,
                completed=total.completed,
                unit_rate=rate.unit_rate if rate else None,
                provisional_rate=rate.provisional_rate if rate else None,
                rate_indicative=rate.indicative if rate else True,
                work_items=total.items,
            )
        )
    order = {s.key: i for i, s in enumerate(SCOPE_TYPES)}
    ordered = sorted(sheets.values(), key=lambda s: (s.name, s.site_id))
    for sheet in ordered:
        sheet.lines.sort(key=lambda ln: (ln.division[0], order.get(ln.scope_key, 999)))
    assign_codes(ordered, options.numbering)
    return Bill(
        programme_key=programme.key,
        programme_name=programme.name_zh,
        year=programme.year,
        selection_label=selection.label,
        options=options,
        rates=rates,
        sheets=ordered,
    )


def assign_codes(sheets: Sequence[BoqSheet], numbering: Numbering = Numbering.BILL) -> None:
    """Give every line its 12-digit code (or 补充项目 code), numbered from 001 per base.

    Lines with the same base (9 digits, or ``<profession>B``) get consecutive sequence
    numbers in bill order, one per distinct (单位工程, scope type, 项目特征); with
    ``Numbering.SITE`` the count restarts in each sheet.
    """
    counters: dict[str, int] = defaultdict(int)
    for sheet in sheets:
        if numbering == Numbering.SITE:
            counters.clear()
        seen: dict[tuple[str, str, str], str] = {}
        for line in sheet.lines:
            base = line.item.base
            key = (base, line.scope_key, line.description)
            if key in seen:  # cannot happen with one line per scope type; kept for safety
                line.code = seen[key]
                continue
            counters[base] += 1
            if counters[base] > 999:
                raise BoqError("boq.err.sequence_overflow", base=base)
            line.code = f"{base}{counters[base]:03d}"
            seen[key] = line.code


def catalogue_table(edition: Edition | str) -> list[dict[str, str]]:
    """The code catalogue of ``edition`` as rows for display (status spelled out)."""
    return [
        {
            "scope_key": item.scope_key,
            "code": item.code9 or f"{item.profession}B###",
            "std_name": item.std_name,
            "unit": item.unit,
            "status": item.status.value,
            "appendix": item.appendix,
            "reference": item.reference_code,
            "note": item.note,
            "source": item.source,
        }
        for item in catalogue_rows(edition)
    ]
