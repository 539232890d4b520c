"""The ``scope_type`` table, kept equal to the catalogue in code (``planner.catalogue``).

Its one writer. ``planner.catalogue`` stays plain data with no database import, so anything
may read it; this module is what writes its rows (on every start and before a seed or an
import that needs the scope types' ids).
"""

from __future__ import annotations

from sqlmodel import Session, select

from db.models import ScopeType
from planner.catalogue import SCOPE_TYPES


def sync_scope_catalogue(session: Session) -> dict[str, ScopeType]:
    """Make the scope_type table match the catalogue in code; return the rows by key."""
    rows = {row.key: row for row in session.exec(select(ScopeType)).all()}
    for entry in SCOPE_TYPES:
        # A new row gets its fields on the next lines, as a stored one does.
        row = rows.get(entry.key) or ScopeType(key=entry.key)  # type: ignore[call-arg]
        row.name_zh, row.name_en, row.unit = entry.name_zh, entry.name_en, entry.unit
        row.category, row.applies_to = entry.category.value, entry.applies_to.value
        session.add(row)
        rows[entry.key] = row
    session.flush()
    return rows
