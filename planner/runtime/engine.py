"""The engine the app and the command line work on: one place makes it and prepares it.

``engine_for(url, sqlite_busy_timeout_ms=…)`` makes an engine for the database at ``url`` and
makes the database ready (migrated, the catalogue synced, the sample seeded into a new one:
``planner.runtime.startup``). The URL and the timeout come from the one settings model
(``PlannerSettings.resolved_database_url()``), read at the edge. The pages cache the engine
once per process (``pages/_common.get_engine``); they never import ``db.session`` themselves.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from db.session import SQLITE_BUSY_TIMEOUT_MS, make_engine
from planner.runtime.startup import ensure_database_ready

__all__ = ["Engine", "engine_for"]


def engine_for(url: str, *, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """An engine for ``url``, the database migrated and seeded as on first start."""
    engine = make_engine(url, sqlite_busy_timeout_ms=sqlite_busy_timeout_ms)
    ensure_database_ready(engine)
    return engine
