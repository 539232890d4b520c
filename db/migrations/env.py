"""Alembic environment: migrates the planner's SQLModel metadata.

The planner passes its own connection in ``config.attributes["connection"]`` (see
``db.migrate``). The ``alembic`` command line itself is an edge of its own: it is given the
database by ``-x url=...`` or ``PLANNER_DATABASE_URL`` (``db/`` reads no planner settings).
"""

from __future__ import annotations

import os

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from db.session import make_engine

config = context.config
target_metadata = SQLModel.metadata


def _configure_and_run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite can only ALTER by copying tables; batch mode does that for us.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on the connection handed over by the planner, or on a new one."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(
        "PLANNER_DATABASE_URL"
    )
    if not url:
        raise SystemExit(
            "alembic: name the database with PLANNER_DATABASE_URL=... or -x url=... "
            "(the planner's own commands: planner db upgrade | current)"
        )
    engine = make_engine(url)
    with engine.connect() as connection:
        _configure_and_run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
