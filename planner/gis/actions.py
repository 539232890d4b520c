"""What staff do with GIS files, one function each: import a confirmed plan of compounds or
buildings, attach a building an import kept unassigned to its compound.

Each action opens and commits its own transaction (``planner.transactions.transaction``),
writes through ``planner.sites`` (the owner of sites and buildings, every row audited) and
this package, refuses with a :class:`planner.errors.Refused` (``ImportError_``; ``Busy``
when the database was busy) and returns plain values. The import page and
``planner import-geodata`` call the same :func:`import_geodata`.
"""

from __future__ import annotations

import time

from sqlalchemy.engine import Engine

from planner.audit import Actor
from planner.gis.apply import (
    ImportPlan,
    ImportResult,
    ParsedFile,
    attach_building,
    checked_again,
    import_actor,
    write_plan,
    write_rows,
)
from planner.gis.reading import Progress
from planner.transactions import reading, transaction

__all__ = ["attach_unassigned_building", "import_geodata"]

#: On SQLite (one writer at a time for the whole file) an import commits after at most this
#: many rows or this many seconds of writing, then pauses a little longer than SQLite's busy
#: handler sleeps between tries (100 ms), so that a waiting writer (a resident's feedback)
#: gets the lock: it waits a fraction of a second, not the whole import.
SQLITE_BATCH_ROWS = 200
SQLITE_BATCH_SECONDS = 0.25
SQLITE_BREATHER_SECONDS = 0.12


def import_geodata(
    engine: Engine,
    parsed: ParsedFile,
    plan: ImportPlan,
    *,
    actor: Actor | str,
    skip_refused: bool = False,
    progress: Progress | None = None,
    batch_rows: int = SQLITE_BATCH_ROWS,
) -> ImportResult:
    """Write a confirmed import plan; see ``planner.gis.apply.write_plan`` for when it
    refuses (``ImportError_``: the data changed since the preview, or features were refused
    and not left out), and then nothing is written.

    On PostgreSQL the import is one transaction: other writers are not held up by it (row
    locks), and on any error nothing is written. On SQLite, whose write lock covers the whole
    database, it plans again (reading does not block anyone in WAL mode) and then commits in
    short batches (``batch_rows`` rows, a quarter of a second) with a pause between them, so
    public writes are never held up for more than a moment. An error in a later batch leaves
    the earlier batches written: the same file imported again shows them as unchanged and
    writes the rest (docs/gis.md).
    """
    if engine.dialect.name != "sqlite":
        with transaction(engine) as session:
            return write_plan(
                session, parsed, plan, actor=actor, skip_refused=skip_refused, progress=progress
            )
    with reading(engine) as session:
        fresh = checked_again(session, parsed, plan, skip_refused)
    who = import_actor(actor)
    rows = [r for r in fresh.rows if r.action not in ("unchanged", "refused")]
    audits, start = 0, 0
    while start < len(rows):
        began = time.monotonic()
        with transaction(engine) as session:
            end = start
            while end < len(rows) and end - start < batch_rows:
                audits += write_rows(
                    session, parsed, rows[end : end + 20], who, progress, end, len(rows)
                )
                end += 20
                if time.monotonic() - began > SQLITE_BATCH_SECONDS:
                    break
        start = end
        if start < len(rows):
            time.sleep(SQLITE_BREATHER_SECONDS)  # let a waiting writer in
    return ImportResult(counts=fresh.counts, audit_entries=audits)


def attach_unassigned_building(
    engine: Engine,
    unassigned_id: int,
    site_id: int,
    *,
    actor: Actor | str,
    number: str | None = None,
    floors: int | None = None,
    units: int | None = None,
    households: int | None = None,
) -> int:
    """Attach a building an import kept unassigned to a compound; returns the new building's
    id. ``ImportError_`` for an unknown building or compound, a number already used there,
    or no number or floors known; nothing is written then."""
    with transaction(engine) as session:
        return attach_building(
            session,
            unassigned_id,
            site_id,
            actor=actor,
            number=number,
            floors=floors,
            units=units,
            households=households,
        )
