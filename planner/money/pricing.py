"""The arithmetic of a contract, with no database: its priced lines, measured value, 进度款 with
预付款 recovery, settlement and retention. Every amount is rounded by ``planner.amounts``.

- A contract line's ``control_amount`` is its share of its 单位工程's 控制价 (the bill's 合价 of
  the line, grossed up by the unit's 措施, 规费 and 税金): the unit's 控制价 allocated over its
  lines in proportion to their 合价, so the lines of a 标段 add up to its 控制价 to the fen.
- The 合同价 is the 中标价, or the 控制价 × (1 − 下浮率) rounded to the fen; it is allocated over
  the lines the same way, so the contract's lines add up to the 合同价 exactly.
- A line measured at quantity q is worth ``fen(amount × q ÷ quantity)``: the whole line amount
  once the billed quantity is reached, proportionally more or less otherwise.
- A 进度款 is ``fen(period value × progress rate)``, less the 预付款 recovered from it:
  ``fen(period value × advance rate)``, never more than what is left to recover, so the
  advance is back in full when the whole 合同价 has been measured.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from planner.amounts import ZERO, allocate, fen


@dataclass(frozen=True)
class LineDraft:
    """A bill line of a 标段 before it is a contract line."""

    site_id: int
    profession: str
    scope_key: str
    code: str
    name: str
    unit: str
    quantity: Decimal
    control_amount: Decimal


def control_amounts(unit_total: Decimal, line_amounts: Sequence[Decimal]) -> list[Decimal]:
    """The 单位工程's 控制价 over its lines, in proportion to their 合价."""
    return allocate(unit_total, list(line_amounts))


def contract_price(
    control_price: Decimal, *, discount_rate: Decimal | None, bid_price: Decimal | None
) -> Decimal:
    """The 合同价: the 中标价 when given, else the 控制价 less the 下浮率, to the fen."""
    if bid_price is not None:
        return bid_price
    return fen(control_price * (1 - (discount_rate or Decimal(0))))


def line_amounts(price: Decimal, control: Sequence[Decimal]) -> list[Decimal]:
    """The 合同价 over the lines, in proportion to their share of the 控制价."""
    return allocate(price, list(control))


def measured_value(amount: Decimal, quantity: Decimal, measured: Decimal) -> Decimal:
    """The value of a line measured at ``measured`` (0 for a line of no quantity)."""
    if quantity <= 0:
        return ZERO
    return fen(amount * measured / quantity)


@dataclass(frozen=True)
class ProgressPayment:
    """A 进度款: gross, the 预付款 recovered from it, and what is paid."""

    gross: Decimal
    recovery: Decimal

    @property
    def amount(self) -> Decimal:
        """Paid: gross − recovery."""
        return self.gross - self.recovery


def progress_payment(
    period_value: Decimal,
    *,
    progress_rate: Decimal,
    advance_rate: Decimal,
    advance_left: Decimal,
) -> ProgressPayment:
    """The 进度款 of a period's measured value (``advance_left``: 预付款 not yet recovered)."""
    gross = fen(period_value * progress_rate)
    recovery = min(advance_left, fen(period_value * advance_rate))
    return ProgressPayment(gross=gross, recovery=max(recovery, ZERO))


def advance_payment(price: Decimal, advance_rate: Decimal) -> Decimal:
    """The 预付款 of a contract."""
    return fen(price * advance_rate)


def retention(final_price: Decimal, retention_rate: Decimal) -> Decimal:
    """The 质保金 held back from the final price."""
    return fen(final_price * retention_rate)


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months (the month's last day when the day does not exist)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(period: str) -> date:
    """The last day of a ``YYYY-MM`` period."""
    year, month = (int(part) for part in period.split("-"))
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> str | None:
    """``YYYY-MM`` (also ``YYYY-M`` or ``YYYY年M月``) normalised, or None."""
    cleaned = text.strip().replace("年", "-").replace("月", "").replace("/", "-")
    parts = cleaned.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    year, month = int(parts[0]), int(parts[1])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}"
