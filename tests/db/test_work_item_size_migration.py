"""Migration 0020_work_item_size: work_item.pipe_dn added and dropped in place, on SQLite and
PostgreSQL, with the public pages' triggers on work_item (0015_public_pages) kept both ways: a
batch copy of the table on SQLite would have dropped them."""

from __future__ import annotations

import importlib

from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from db.migrate import alembic_config, current_revision
from planner.portal import reads
from tests.public_web.test_freshness import _triggers

PUBLIC = importlib.import_module("db.migrations.versions.0015_public_pages")
WORK_ITEM_TRIGGERS = {PUBLIC._trigger("work_item", event) for event in PUBLIC.EVENTS}


def _migrate(engine: Engine, direction: str, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)


def _pipe_dn(engine: Engine) -> dict | None:
    columns = {c["name"]: c for c in inspect(engine).get_columns("work_item")}
    return columns.get("pipe_dn")


def test_pipe_dn_added_and_dropped_in_place_keeping_the_triggers(engine):
    _migrate(engine, "upgrade", "0019_quota_pricing")
    before = _triggers(engine)
    assert WORK_ITEM_TRIGGERS <= before
    assert _pipe_dn(engine) is None

    _migrate(engine, "upgrade", "0020_work_item_size")
    assert current_revision(engine) == "0020_work_item_size"
    column = _pipe_dn(engine)
    assert column is not None and column["nullable"]
    assert "INT" in str(column["type"]).upper()
    assert _triggers(engine) == before  # nothing rebuilt, nothing lost

    _migrate(engine, "downgrade", "0019_quota_pricing")
    assert _pipe_dn(engine) is None
    assert _triggers(engine) == before


def test_a_changed_pipe_size_bumps_the_public_page_of_its_compound(seeded_engine):
    """The triggers still fire on work_item after the column was added: a DN changed on one
    compound's main makes that compound's public page stale, not another's."""
    first = reads.site_version(seeded_engine, "c2023_01")
    second = reads.site_version(seeded_engine, "c2023_02")
    assert first is not None and second is not None
    with seeded_engine.begin() as connection:
        changed = connection.execute(
            text(
                "UPDATE work_item SET pipe_dn = 200 WHERE pipe_dn IS NOT NULL "
                "AND site_id = (SELECT id FROM site WHERE key = 'c2023_01')"
            )
        ).rowcount
    assert changed == 3  # its water, drainage and heating mains
    assert reads.site_version(seeded_engine, "c2023_01")[1].tag != first[1].tag  # type: ignore[index]
    assert reads.site_version(seeded_engine, "c2023_02")[1].tag == second[1].tag  # type: ignore[index]


def test_the_sample_seeds_its_pipe_sizes(seeded_engine):
    with seeded_engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.key, COUNT(*), MIN(w.pipe_dn), MAX(w.pipe_dn) FROM work_item w "
                "JOIN scope_type s ON s.id = w.scope_type_id GROUP BY s.key"
            )
        ).all()
    sizes = {key: (n, low, high) for key, n, low, high in rows}
    assert sizes["heating_main"] == (19, 125, 200)
    assert sizes["water_supply_main"] == (19, 100, 200)
    assert sizes["drainage_main"] == (19, 200, 300)
    assert sizes["storm_drain"] == (1, 500, 500)
    assert sizes["roof_waterproofing"][1:] == (None, None)
