"""Writing many rows of one table at once, in the caller's transaction: ``COPY`` on
PostgreSQL, batched ``executemany`` elsewhere. Knows no table: the package that owns a table
calls it with its own rows (``planner.sites``, ``planner.programmes``, ``planner.works``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, SQLModel

BATCH = 5000


def insert_rows(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (column → value, the same columns in each) into ``model``'s table."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), BATCH):
            session.execute(insert(model), rows[start : start + BATCH])
        return
    table = model.__table__  # type: ignore[attr-defined]  # set by SQLAlchemy on each table class
    columns = list(rows[0])
    quote = connection.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    driver = connection.connection.driver_connection
    assert driver is not None  # a connection in use has its driver's connection
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])
