"""Money as exact decimals, and the one place it is rounded to the fen.

Every amount of yuan the planner computes is a :class:`~decimal.Decimal`. A product or a
share (a quantity times a price, a percentage of an amount) is rounded to the fen by
:func:`fen` (half up, as 四舍五入 and the bill's ``ROUND(x, 2)`` do) and nowhere else; an amount
split over several lines is split by :func:`allocate`, whose parts add up to the whole to the
fen. Values that arrive as floats (a work item's typed quantity and rate) enter through
:func:`exact`, which takes the float's shortest decimal form: the digits a person typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def exact(value: Decimal | float | int | str) -> Decimal:
    """``value`` as a Decimal; a float through its shortest decimal form (``repr``)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def fen(value: Decimal) -> Decimal:
    """``value`` rounded half up to the fen: the one rounding of money in the planner."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` (to the fen) over ``weights``, proportionally, in parts to the fen that
    add up to ``total`` exactly (largest remainders get the leftover fen, earlier first).

    Weights must not be negative; with no positive weight the total is split evenly.
    """
    if not weights:
        if total != 0:
            raise ValueError("cannot allocate an amount over nothing")
        return []
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    if total != fen(total):
        raise ValueError(f"{total} is not an amount to the fen")
    basis = [w if sum(weights) > 0 else Decimal(1) for w in weights]
    whole = sum(basis, Decimal(0))
    sign = -1 if total < 0 else 1
    cents = abs(total) / CENT
    exact_shares = [cents * w / whole for w in basis]
    floors = [share.to_integral_value(rounding=ROUND_DOWN) for share in exact_shares]
    left = int(cents - sum(floors, Decimal(0)))
    order = sorted(range(len(basis)), key=lambda i: (-(exact_shares[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * f * CENT for f in floors]


def parse_amount(text: object, *, places: int = 2) -> Decimal:
    """A typed or imported amount as an exact Decimal with at most ``places`` decimals.

    Accepts ``1234.5``, ``"1,234.50"``, ``"１２３４"`` (full-width digits), a Decimal or an int;
    a float (a spreadsheet cell) through its shortest decimal form. Raises ``ValueError`` for
    anything else: empty text, words, more decimals than ``places``, infinities.
    """
    if isinstance(text, bool) or text is None:
        raise ValueError("not a number")
    if isinstance(text, Decimal | int | float):
        number = exact(text)
    else:
        cleaned = str(text).strip().translate(_FULL_WIDTH).replace(",", "").replace("，", "")
        cleaned = cleaned.removesuffix("元").strip()
        if not cleaned:
            raise ValueError("empty")
        try:
            number = Decimal(cleaned)
        except InvalidOperation as error:
            raise ValueError("not a number") from error
    if not number.is_finite():
        raise ValueError("not a number")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValueError("too many decimals")
    return number.quantize(Decimal(1).scaleb(-places)) if places == 2 else number


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
