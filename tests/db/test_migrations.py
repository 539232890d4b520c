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


def test_a_schema_the_code_does_not_know_is_newer():
    """Revision ids are names (``0012_…``), not numbers: a restore refuses a schema whose
    revision the code has no migration for (written by a newer planner)."""
    from db.migrate import head_revision, is_known_revision

    assert is_known_revision(head_revision()) and is_known_revision("0001")
    assert not is_known_revision("9999_from_a_newer_planner")
