"""The data version the page cache is checked against: held in the database, bumped by
triggers on every public table, per compound, on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib

from sqlalchemy import text
from sqlmodel import Session

from db.models import Suggestion
from planner.portal import reads

MIGRATION = importlib.import_module("db.migrations.versions.0015_public_pages")


def _triggers(engine) -> set[str]:  # noqa: ANN001
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
        else:
            rows = connection.execute(
                text(
                    "SELECT DISTINCT trigger_name FROM information_schema.triggers "
                    "WHERE trigger_schema = current_schema()"
                )
            )
        return {name for (name,) in rows}


def test_every_public_table_has_its_triggers_at_the_head_revision(seeded_engine):
    """A later migration that rebuilds one of these tables (SQLite's batch mode copies it)
    drops its triggers: this test says so, and the migration must create them again."""
    expected = {
        MIGRATION._trigger(table, event)
        for table, _column in MIGRATION._watched()
        for event in MIGRATION.EVENTS
    }
    assert expected - _triggers(seeded_engine) == set()


def test_a_change_bumps_its_compound_and_a_programme_change_bumps_every_compound(seeded_engine):
    def version(key: str) -> str:
        found = reads.site_version(seeded_engine, key)
        assert found is not None
        return found[1].tag

    first, second = version("c2023_01"), version("c2023_02")
    with seeded_engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE work_item SET completed_quantity = 0 "
                "WHERE site_id = (SELECT id FROM site WHERE key = 'c2023_01')"
            )
        )
    assert version("c2023_01") != first and version("c2023_02") == second
    finder = reads.finder_version(seeded_engine).tag
    with seeded_engine.begin() as connection:
        connection.execute(text("UPDATE programme SET name_en = name_en || ' '"))
    assert version("c2023_02") != second and reads.finder_version(seeded_engine).tag != finder
    assert reads.site_version(seeded_engine, "no-such-key") is None


def test_the_finder_list_changes_with_names_and_programmes_not_with_works_or_feedback(
    seeded_engine,
):
    """The finder's pages stay cached while residents write and staff edit works; a renamed
    compound or a compound added to a programme shows at once."""

    def finder() -> str:
        return reads.finder_version(seeded_engine).tag

    before = finder()
    compound = reads.site_version(seeded_engine, "c2023_01")
    assert compound is not None
    with seeded_engine.begin() as connection:
        connection.execute(text("UPDATE work_item SET completed_quantity = 1"))
    with Session(seeded_engine) as session:
        session.add(Suggestion(site_id=compound[0], text="楼道灯不亮，请维修", category="other"))
        session.commit()
    assert finder() == before
    with seeded_engine.begin() as connection:
        connection.execute(text("UPDATE site SET community = '新社区' WHERE key = 'c2023_01'"))
    renamed = finder()
    assert renamed != before
    with seeded_engine.begin() as connection:
        connection.execute(
            text(
                "DELETE FROM programme_site WHERE site_id = "
                "(SELECT id FROM site WHERE key = 'c2023_02')"
            )
        )
    assert finder() != renamed
