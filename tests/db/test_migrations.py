"""Migrations: the schema comes from Alembic, matches the models, and upgrades are repeatable."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from db.migrate import current_revision, head_revision, upgrade_to_head


def test_upgrade_creates_every_table(engine):
    upgrade_to_head(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables
    assert current_revision(engine) == head_revision()


def test_migrations_match_models(engine):
    upgrade_to_head(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_upgrade_twice_changes_nothing(engine):
    upgrade_to_head(engine)
    before = sorted(inspect(engine).get_table_names())
    upgrade_to_head(engine)
    assert sorted(inspect(engine).get_table_names()) == before
    assert current_revision(engine) == head_revision()
