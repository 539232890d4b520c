"""Exact decimal columns: ``NUMERIC(p, s)`` in the database, ``Decimal`` in Python, never float.

PostgreSQL keeps ``NUMERIC`` exactly. SQLite has no decimal type: a ``NUMERIC`` column there
holds a binary float. A value of at most 15 significant digits survives that round trip
exactly (a double carries 15 to 17), so every column here is at most 15 digits wide and every
value read back is turned into a ``Decimal`` of the column's scale through its shortest
decimal form. SQL sums of such columns would be floats on SQLite: sums are made in Python.

The column refuses what it would have to round: a float (binary, inexact) and a Decimal with
more places than its scale. Rounding is the domain's decision, made in one place
(``planner.amounts.fen``), never silently by the storage.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Float, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

#: Widest column: 15 significant digits round-trip exactly through SQLite's doubles.
MAX_PRECISION = 15


class Exact(TypeDecorator):
    """``NUMERIC(precision, scale)`` holding ``Decimal`` values exactly on both databases."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int, *, sqlite_float: bool = False) -> None:
        if precision > MAX_PRECISION:
            raise ValueError(f"at most {MAX_PRECISION} digits survive SQLite exactly")
        super().__init__(precision=precision, scale=scale)
        self.precision, self.scale = precision, scale
        self.quantum = Decimal(1).scaleb(-scale)
        self.sqlite_float = sqlite_float

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            # Floats come back as floats (no SQLAlchemy warning about Decimal on SQLite);
            # process_result_value makes them exact Decimals of the column's scale. A column
            # that was FLOAT before it held exact amounts keeps that declared type on SQLite
            # (``sqlite_float``): SQLite changes a column's type only by copying its table,
            # and copying a table others refer to with ON DELETE CASCADE would empty theirs.
            # Both declared types hold the same doubles there.
            if self.sqlite_float:
                return dialect.type_descriptor(Float())
            return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=False))
        return dialect.type_descriptor(Numeric(self.precision, self.scale))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"an exact column takes Decimal or int, not {type(value).__name__}")
        number = Decimal(value)
        if not number.is_finite():
            raise ValueError(f"not a finite number: {number}")
        if number != number.quantize(self.quantum):
            raise ValueError(f"{number} has more than {self.scale} decimal places: round it first")
        if abs(number) >= Decimal(10) ** (self.precision - self.scale):
            raise ValueError(f"{number} does not fit NUMERIC({self.precision}, {self.scale})")
        return float(number) if dialect.name == "sqlite" else number

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:  # noqa: ARG002
        if value is None:
            return None
        # repr(float) is the shortest text that reads back as the same double: for a value
        # written from at most 15 digits it is that value's own digits.
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        return number.quantize(self.quantum)


def money_column(*, sqlite_float: bool = False) -> Exact:
    """Yuan to the fen: up to 9,999,999,999,999.99 (``sqlite_float``: see ``Exact``)."""
    return Exact(15, 2, sqlite_float=sqlite_float)


def quantity_column() -> Exact:
    """A measured quantity (m, m², 个 …) to three places."""
    return Exact(15, 3)


def ratio_column() -> Exact:
    """A share such as a 下浮率 or a payment percentage, as a fraction (0.0500 = 5 %)."""
    return Exact(7, 6)
