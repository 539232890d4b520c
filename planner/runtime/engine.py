"""The engine the app and the command line work on: one place makes it and prepares it.

``engine_for(url)`` makes an engine for the database at ``url`` and makes the database ready
(migrated, the catalogue synced, the sample seeded into a new one: ``planner.runtime.startup``).
The pages cache it once per process (``pages/_common.get_engine``); they never import
``db.session`` or ``db.config`` themselves.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from db.config import database_url as _configured_url
from db.session import make_engine
from planner.runtime.startup import ensure_database_ready

__all__ = ["Engine", "database_url", "engine_for"]


def database_url() -> str:
    """The configured database (``PLANNER_DATABASE_URL``, else the SQLite file in the data
    folder)."""
    return _configured_url()


def engine_for(url: str) -> Engine:
    """An engine for ``url``, the database migrated and seeded as on first start."""
    engine = make_engine(url)
    ensure_database_ready(engine)
    return engine
