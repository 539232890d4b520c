"""The ministry's monthly 调度 figures per compound (``planner report ministry``).

One row per compound of the year's old-compound programmes, as of the end of the month (or of
the year): its buildings and households, year built, the categories of its works, whether and
when works started and finished, its planned (概算) and completed (计量) investment, its funds
per source 下达/到位/拨付, and the content quantities of its works. Columns carry the names the
ministry's 调度 uses (docs/money.md). A field the data cannot fill is left empty and listed
with its reason in ``unfilled``; nothing is estimated to fill a gap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypedDict

from sqlmodel import Session

from db.models import ProgrammeKind
from planner import programmes, sites
from planner.amounts import ZERO, exact
from planner.catalogue import SCOPE_BY_KEY, ScopeCategory
from planner.money import store
from planner.money.pricing import period_end
from planner.money.queries import SourceFunds, funds_by_source
from planner.money.rules import FundingSource
from planner.works.queries import item_dates

KM = Decimal(1000)


@dataclass(frozen=True)
class Content:
    """A content quantity: its JSON key, the ministry's column name, how it is made."""

    key: str
    column: str
    scope_key: str | None  # None: no kind of work in the catalogue holds it
    per: Decimal = Decimal(1)  # divisor from the work items' unit (m → km)


CONTENTS: tuple[Content, ...] = (
    Content("water_supply_km", "改造供水管线（公里）", "water_supply_main", KM),
    Content("drainage_km", "改造排水管线（公里）", "drainage_main", KM),
    Content("gas_km", "改造供气管线（公里）", None),
    Content("heating_km", "改造供热管线（公里）", "heating_main", KM),
    Content("elevators", "加装电梯（部）", "elevator_retrofit"),
    Content("parking_spaces", "增设停车位（个）", "parking_spaces"),
    Content("charging_piles", "增设充电桩（个）", None),
    Content("energy_retrofit_m2", "建筑节能改造面积（平方米）", "wall_insulation"),
)
#: Why a whole column stays empty.
EMPTY_COLUMNS: dict[str, str] = {
    "建筑面积（万平方米）": "楼栋未登记建筑面积（占地面积×层数只是估算，不填）",
    "改造供气管线（公里）": "改造内容目录中没有供气管线",
    "增设充电桩（个）": "改造内容目录中没有充电桩",
}
CATEGORY_NAMES = {
    ScopeCategory.BASIC: "基础类",
    ScopeCategory.IMPROVEMENT: "完善类",
    ScopeCategory.UPGRADE: "提升类",
}
KIND_NAMES = (("allocated", "下达"), ("received", "到位"), ("disbursed", "拨付"))
SOURCE_NAMES = {
    FundingSource.CENTRAL_BUDGET: "中央预算内投资",
    FundingSource.CENTRAL_SUBSIDY: "中央财政补助资金",
    FundingSource.PROVINCIAL: "省级财政资金",
    FundingSource.LOCAL: "市县财政资金",
    FundingSource.SPECIAL_BOND: "地方政府专项债券",
    FundingSource.RESIDENTS: "居民出资",
    FundingSource.UTILITY: "管线单位出资",
    FundingSource.SOCIAL_CAPITAL: "社会资本",
}


@dataclass(frozen=True)
class CompoundRow:
    """One compound's row of the report."""

    name: str
    sub_district: str
    community: str
    buildings: int
    households: int
    year_built: int | None
    categories: str
    started: bool
    started_on: date | None
    finished: bool
    finished_on: date | None
    planned_investment: Decimal | None
    completed_investment: Decimal
    funds: list[SourceFunds]
    content: dict[str, Decimal | None]


class Totals(TypedDict):
    """The report's total row: counts, money and content quantities (None: unknown)."""

    compounds: int
    buildings: int
    households: int
    started: int
    finished: int
    planned_investment: Decimal | None
    completed_investment: Decimal
    funds: dict[str, dict[str, Decimal]]
    content: dict[str, Decimal | None]


@dataclass(frozen=True)
class MinistryReport:
    """The report: its period, rows, totals and the fields left empty."""

    year: int
    month: int | None
    as_of: date
    programme_keys: list[str]
    rows: list[CompoundRow]
    unfilled: list[tuple[str, str]] = field(default_factory=list)
    illustrative: bool = False
    #: Funds entered for a programme as a whole (no compound): a row of their own.
    unplaced: list[SourceFunds] = field(default_factory=list)

    @property
    def totals(self) -> Totals:
        """Compounds, buildings, households and the sums of the money and content columns."""
        content = {c.key: _sum_or_none(r.content[c.key] for r in self.rows) for c in CONTENTS}
        funds: dict[str, dict[str, Decimal]] = {}
        every = [f for r in self.rows for f in r.funds] + self.unplaced
        for source in FundingSource:
            funds[source.value] = {
                kind: sum((getattr(f, kind) for f in every if f.source == source.value), ZERO)
                for kind, _ in KIND_NAMES
            }
        planned = [r.planned_investment for r in self.rows]
        return {
            "compounds": len(self.rows),
            "buildings": sum(r.buildings for r in self.rows),
            "households": sum(r.households for r in self.rows),
            "started": sum(1 for r in self.rows if r.started),
            "finished": sum(1 for r in self.rows if r.finished),
            "planned_investment": _sum_or_none(planned),
            "completed_investment": sum((r.completed_investment for r in self.rows), ZERO),
            "funds": funds,
            "content": content,
        }


def _sum_or_none(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum, or None when any value is missing (a total of unknowns is unknown)."""
    found = list(values)
    known = [v for v in found if v is not None]
    return None if len(known) < len(found) else sum(known, ZERO)


def ministry_report(session: Session, year: int, month: int | None = None) -> MinistryReport:
    """The report of ``year`` (to the end of ``month``, or of the year)."""
    period = f"{year:04d}-{month or 12:02d}"
    as_of = period_end(period)
    chosen = programmes.programmes_of_year(session, year, ProgrammeKind.COMPOUND_RENOVATION)
    ids = [p.id for p in chosen if p.id is not None]
    site_ids = programmes.compound_ids_of(session, ids)
    items = item_dates(session, ids)
    by_site: dict[int, list] = defaultdict(list)
    for item in items:
        by_site[item.site_id].append(item)
    measured = _measured_by_site(session, ids, period)
    budgets: dict[int, Decimal] = {}
    for programme_id in ids:
        for site_id, row in store.compound_budgets(session, programme_id).items():
            budgets[site_id] = budgets.get(site_id, ZERO) + row.amount
    entries = store.funding(session, ids, until=as_of)
    funded: dict[int | None, list] = defaultdict(list)
    for entry in entries:
        funded[entry.site_id].append(entry)
    rows = []
    for site_id in site_ids:
        site = sites.get_site(session, site_id)
        assert site is not None
        buildings, households = sites.building_and_household_counts(session, [site_id])
        mine = by_site.get(site_id, [])
        starts = [i.actual_start for i in mine if i.actual_start and i.actual_start <= as_of]
        ends = [i.actual_end for i in mine if i.actual_end and i.actual_end <= as_of]
        finished = bool(mine) and len(ends) == len(mine)
        rows.append(
            CompoundRow(
                name=site.name_zh,
                sub_district=site.sub_district,
                community=site.community,
                buildings=buildings,
                households=households,
                year_built=site.year_built,
                categories="、".join(
                    CATEGORY_NAMES[c]
                    for c in ScopeCategory
                    if any(
                        SCOPE_BY_KEY[i.scope_key].category == c
                        for i in mine
                        if i.scope_key in SCOPE_BY_KEY
                    )
                ),  # fmt: skip
                started=bool(starts),
                started_on=min(starts) if starts else None,
                finished=finished,
                finished_on=max(ends) if finished else None,
                planned_investment=budgets.get(site_id),
                completed_investment=measured.get(site_id, ZERO),
                funds=funds_by_source(funded.get(site_id, [])),
                content=_content(mine),
            )
        )
    rows.sort(key=lambda r: r.name)
    return MinistryReport(
        year=year,
        month=month,
        as_of=as_of,
        programme_keys=[p.key for p in chosen],
        rows=rows,
        unfilled=_unfilled(rows, funded.get(None, [])),
        illustrative=any(p.illustrative for p in chosen),
        unplaced=funds_by_source(funded.get(None, [])) if funded.get(None) else [],
    )


def _content(items: list) -> dict[str, Decimal | None]:
    """The content quantities of a compound's works (planned, as the programme holds them)."""
    planned: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for item in items:
        planned[item.scope_key] += exact(item.planned)
    return {c.key: None if c.scope_key is None else planned[c.scope_key] / c.per for c in CONTENTS}


def _measured_by_site(
    session: Session, programme_ids: list[int], period: str
) -> dict[int, Decimal]:
    """完成投资 per compound: its contract lines' value in each contract's last 计量 up to
    the period."""
    contract_ids = [c.id for pid in programme_ids for _, c in store.contracts(session, pid) if c.id]
    latest = store.latest_measurements(session, contract_ids, until=period)
    lines = {ln.id: ln.site_id for ln in store.contract_lines(session, contract_ids)}
    result: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in store.measured_lines(session, [m.id for m in latest.values() if m.id]):
        result[lines[row.line_id]] += row.value
    return dict(result)


def _unfilled(rows: list[CompoundRow], unplaced: list) -> list[tuple[str, str]]:
    """(column, reason) of every field left empty."""
    found = list(EMPTY_COLUMNS.items())
    missing_year = [r.name for r in rows if r.year_built is None]
    if missing_year:
        found.append(("建成年代", "未登记：" + "、".join(missing_year)))
    missing_budget = [r.name for r in rows if r.planned_investment is None]
    if missing_budget:
        found.append(("计划投资（元）", "未录入概算：" + "、".join(missing_budget)))
    if unplaced:
        found.append(("资金来源", f"{len(unplaced)} 笔资金未分到小区：列在“未分到小区”一行"))
    return found
