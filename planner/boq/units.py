"""Units of a bill's quantities: how the standards write them, and their decimal places."""

from __future__ import annotations

from decimal import Decimal

#: Units counted in whole numbers (GB 50500-2013 4.2.4 / 表-08 practice), and t in thousandths.
COUNTED_UNITS = frozenset(
    {"个", "套", "处", "座", "部", "块", "段", "项", "樘", "根", "组", "台", "天"}
)


def bill_unit(unit: str) -> str:
    """The unit as the standards and GCCP write it (m2, m3 rather than m², m³)."""
    return unit.replace("²", "2").replace("³", "3")


def quantity_places(unit: str) -> int:
    """Decimal places of a quantity in ``unit``: 0 counted, 3 for t, 2 otherwise."""
    if unit in COUNTED_UNITS:
        return 0
    return 3 if unit == "t" else 2


def round_quantity(value: float, unit: str) -> float:
    """The billed quantity: rounded half up to the unit's places (an int when counted)."""
    places = quantity_places(unit)
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    return int(rounded) if places == 0 else float(rounded)
