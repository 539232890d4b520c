"""The rules of a work item's quantities as someone types them, one function per rule.

Every door that writes a quantity goes through here (through ``planner.works.validation``):
the works editor and its "add" form, the field report on a phone, the command line and the
imports that add work items (a suggestion adopted in triage). Pure: no database.

Refusals (the save writes nothing):

- a quantity is a number in the item's unit: "12.5", "1,268", "787 m²" on a m² item; "5 m"
  on a m² item is refused, and so is a fraction of a counted unit (2.5 个 parking spaces);
- a planned quantity is positive: "-5" is refused (never saved as 5), so is 0 (an item of
  nothing is a mistake: withdraw it instead); a completed quantity is not negative.

Confirmations (the save goes through only with a reason, which the audit entry keeps):

- a planned quantity further than the threshold from the geometry estimate
  (``planner.works.estimates``: 99,999 m² of roof on a 787 m² roof);
- a completed quantity above the planned one;
- a completed quantity that goes down (a correction: the public page shows the corrected
  state, the reason says why).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from planner.works.estimates import compare

#: Units counted in whole pieces (a fraction of a parking space is a typing mistake).
COUNTED_UNITS: frozenset[str] = frozenset({"个", "套", "部", "项", "座", "块", "处", "段", "台"})
#: What people type after a number for each unit of the catalogue (compared in lower case).
UNIT_SPELLINGS: dict[str, frozenset[str]] = {
    "m²": frozenset({"m²", "m2", "㎡", "平方米", "平米", "sqm", "sq m"}),
    "m": frozenset({"m", "米", "延米"}),
    "t": frozenset({"t", "吨"}),
}
#: A reason must say something (two characters: "返工" is a reason) and fit the audit note.
REASON_MIN, REASON_MAX = 2, 500

_NUMBER = re.compile(r"^\s*([-+−]?\s*[0-9][0-9,，]*(?:\.[0-9]*)?|[-+−]?\s*\.[0-9]+)\s*(.*?)\s*$")


_UNIT_WORD = re.compile(r"^[^\d.,，+\-−]+$")


class QuantityError(ValueError):
    """A typed quantity that breaks a rule: ``key`` is the message, ``params`` its values."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def unit_matches(typed: str, unit: str) -> bool:
    """Whether ``typed`` (what follows the number) names ``unit``."""
    word = typed.strip().lower()
    return word == unit.lower() or word in UNIT_SPELLINGS.get(unit, frozenset())


def parse_quantity(value: object, unit: str | None = None) -> float | None:
    """A quantity as typed: a finite number, or None when nothing was typed.

    Numbers and numeric text are taken ("12.5", "1,268", "−5" with any minus sign); text may
    end with the item's ``unit`` ("787 m²", "787平方米"), never with another one.

    Raises
    ------
    QuantityError
        ``works.error.not_number``, or ``works.error.wrong_unit`` naming the item's unit.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise QuantityError("works.error.not_number")
    if isinstance(value, str):
        found = _NUMBER.match(value)
        if not found:
            raise QuantityError("works.error.not_number")
        digits, rest = found.groups()
        if rest and not _UNIT_WORD.match(rest):  # "12..5", "1 2": not a number and a unit
            raise QuantityError("works.error.not_number")
        if rest and (unit is None or not unit_matches(rest, unit)):
            raise QuantityError("works.error.wrong_unit", unit=unit or "")
        text = digits.replace(",", "").replace("，", "").replace("−", "-").replace(" ", "")
        try:
            number = float(text)
        except ValueError:
            raise QuantityError("works.error.not_number") from None
    else:
        try:
            number = float(value)  # type: ignore[arg-type]  # ints, floats, numpy scalars, Decimal
        except (TypeError, ValueError):
            raise QuantityError("works.error.not_number") from None
        if math.isnan(number) and not isinstance(value, float | int):
            return None  # pd.NA and friends: an emptied cell
        if math.isnan(number):
            return None
    if not math.isfinite(number):
        raise QuantityError("works.error.not_number")
    return number


def check_planned(number: float, unit: str | None) -> float:
    """A planned quantity: positive (not 0, not negative), whole for a counted unit."""
    if number < 0:
        raise QuantityError("works.error.negative")
    if number == 0:
        raise QuantityError("works.error.zero")
    return _whole_if_counted(number, unit)


def check_completed(number: float, unit: str | None) -> float:
    """A completed quantity: not negative, whole for a counted unit."""
    if number < 0:
        raise QuantityError("works.error.negative")
    return _whole_if_counted(number, unit)


def _whole_if_counted(number: float, unit: str | None) -> float:
    if unit in COUNTED_UNITS and not float(number).is_integer():
        raise QuantityError("works.error.whole", unit=unit)
    return number


def shown(value: float) -> str:
    """A quantity as a message quotes it: 99,999 or 522.5."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


@dataclass(frozen=True)
class Confirmation:
    """A change that goes through only with a reason: its message key and values."""

    key: str
    field: str
    params: dict[str, object]


def beyond_estimate(
    planned: float, estimate: float | None, threshold: float
) -> Confirmation | None:
    """A planned quantity further than ``threshold`` (0.25: ±25 %) from its geometry estimate."""
    if estimate is None:
        return None
    deviation = compare(planned, estimate, threshold)
    if not deviation.flagged:
        return None
    percent = "—" if deviation.relative is None else f"{deviation.relative:+.0%}"
    return Confirmation(
        "works.confirm.estimate",
        "planned_quantity",
        {
            "entered": shown(planned),
            "estimate": shown(round(estimate)),
            "deviation": percent,
            "threshold": f"{threshold:.0%}",
        },
    )


def above_planned(completed: float, planned: float) -> Confirmation | None:
    """A completed quantity above the planned one."""
    if completed <= planned:
        return None
    return Confirmation(
        "works.confirm.above_planned",
        "completed_quantity",
        {"completed": shown(completed), "planned": shown(planned)},
    )


def went_down(before: float, after: float) -> Confirmation | None:
    """A completed quantity lower than it was: a correction, which needs its reason."""
    if after >= before:
        return None
    return Confirmation(
        "works.confirm.decrease",
        "completed_quantity",
        {"before": shown(before), "after": shown(after)},
    )


def clean_reason(reason: str | None) -> str | None:
    """The reason as recorded (trimmed), None when none was given.

    Raises
    ------
    QuantityError
        ``works.error.reason_short`` or ``works.error.reason_long``.
    """
    text = (reason or "").strip()
    if not text:
        return None
    if len(text) < REASON_MIN:
        raise QuantityError("works.error.reason_short", min=REASON_MIN)
    if len(text) > REASON_MAX:
        raise QuantityError("works.error.reason_long", max=REASON_MAX)
    return text
