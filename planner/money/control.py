"""The 招标控制价 and the quantities of a programme, taken from its bill (``planner.boq``).

The 控制价 is exactly the figure the bill prints: the bill is built by ``planner.boq.bill`` with
the export's default options (the figure ``planner export-boq`` and the page's export print),
per compound (单项工程) and per 单位工程. A contract's lines are the bill's lines of its 标段;
the field-verified quantities a 计量 measures are the same bill built from the work items'
completed quantities.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from planner.amounts import ZERO, exact
from planner.boq.bill import Bill, BoqError, BoqOptions, BoqSelection, QuantityBasis, build_bill
from planner.boq.choices import OutdoorUnit
from planner.money.pricing import LineDraft, control_amounts

#: A 单位工程: (site id, profession code such as "01").
Unit = tuple[int, str]


@dataclass(frozen=True)
class ControlPrices:
    """The 控制价 of a programme's bill: in all, per compound, per 单位工程."""

    total: Decimal
    by_site: dict[int, Decimal]
    by_unit: dict[Unit, Decimal]


def programme_bill(
    session: Session,
    programme_id: int,
    *,
    site_ids: Iterable[int] | None = None,
    basis: QuantityBasis = QuantityBasis.PLANNED,
) -> Bill | None:
    """The programme's bill (of some compounds), or None when it has no work items."""
    selection = BoqSelection(
        programme_id, site_ids=tuple(sorted(site_ids)) if site_ids is not None else None
    )
    try:
        # Contracts are let per profession's 单位工程 (their sections name them so).
        options = BoqOptions(basis=basis, outdoor=OutdoorUnit.PROFESSION)
        return build_bill(session, selection, options)
    except BoqError:
        return None


def control_prices(session: Session, programme_id: int) -> ControlPrices | None:
    """The programme's 招标控制价 as its bill prints it, or None without a bill."""
    bill = programme_bill(session, programme_id)
    if bill is None:
        return None
    return ControlPrices(
        total=bill.total,
        by_site={p.site_id: p.total for p in bill.projects},
        by_unit={(u.site_id, u.profession): u.total for u in bill.units},
    )


def in_units(unit: Unit, chosen: Iterable[Unit]) -> bool:
    """Whether a 单位工程 is one of ``chosen`` (profession "": every unit of the compound)."""
    return any(site == unit[0] and profession in ("", unit[1]) for site, profession in chosen)


def section_lines(bill: Bill, units: Iterable[Unit]) -> list[LineDraft]:
    """The bill's lines of the chosen 单位工程, each with its share of its unit's 控制价."""
    chosen = list(units)
    drafts: list[LineDraft] = []
    for unit in bill.units:
        if not in_units((unit.site_id, unit.profession), chosen):
            continue
        shares = control_amounts(unit.total, [line.amount for line in unit.all_lines])
        for line, share in zip(unit.all_lines, shares, strict=True):
            drafts.append(
                LineDraft(
                    site_id=unit.site_id,
                    profession=unit.profession,
                    scope_key=line.scope_key,
                    code=line.code,
                    name=line.name,
                    unit=line.unit,
                    quantity=exact(line.quantity),
                    control_amount=share,
                )
            )
    return drafts


#: A group of bill lines measured together: (site id, profession, scope key). A compound's
#: trenches of several depths are one group; the group's completed quantity is shared by its
#: contract lines in proportion to their billed quantities.
LineGroup = tuple[int, str, str]


def completed_quantities(
    session: Session, programme_id: int, site_ids: Iterable[int]
) -> dict[LineGroup, Decimal]:
    """Per line group: the quantity the bill gives for the work items' completed quantities
    (the field's figures, rounded as the bill rounds them)."""
    bill = programme_bill(session, programme_id, site_ids=site_ids, basis=QuantityBasis.COMPLETED)
    result: dict[LineGroup, Decimal] = {}
    for unit in bill.units if bill is not None else []:
        for line in unit.all_lines:
            group = (unit.site_id, unit.profession, line.scope_key)
            result[group] = result.get(group, ZERO) + exact(line.quantity)
    return result


def section_control_price(prices: ControlPrices, units: Iterable[Unit]) -> Decimal:
    """The 控制价 of the chosen 单位工程."""
    chosen = list(units)
    return sum((total for unit, total in prices.by_unit.items() if in_units(unit, chosen)), ZERO)
