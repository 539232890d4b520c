"""Every migration can be undone: head → base → head gives the same schema, on both databases.

A bureau that upgrades and meets a problem must be able to step back with ``alembic downgrade``;
a downgrade that was never run is a guess. The schema is compared as the database reports it
(tables, columns with types and nullability, indexes, unique constraints, foreign keys).
"""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from db.migrate import alembic_config, current_revision, head_revision, upgrade_to_head


def _migrate(engine: Engine, direction: str, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)


def schema_of(engine: Engine) -> dict[str, dict]:
    """The schema as the database reports it, in a comparable form."""
    inspector = inspect(engine)
    schema = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        schema[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
            ],
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
            ),
            "unique": sorted(
                (u["name"], tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(table)
            ),
            "foreign_keys": sorted(
                (
                    tuple(f["constrained_columns"]),
                    f["referred_table"],
                    tuple(f["referred_columns"]),
                    (f.get("options") or {}).get("ondelete"),
                )
                for f in inspector.get_foreign_keys(table)
            ),
            "primary_key": tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
        }
    return schema


def test_head_to_base_to_head_gives_the_same_schema(engine):
    upgrade_to_head(engine)
    at_head = schema_of(engine)
    assert "work_item" in at_head

    _migrate(engine, "downgrade", "base")
    assert current_revision(engine) is None
    assert schema_of(engine) == {}, "downgrade to base left tables behind"

    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    assert schema_of(engine) == at_head


def test_each_step_down_and_up_again_restores_that_step(engine):
    """One revision at a time: each downgrade undoes exactly what its upgrade did."""
    revisions = [
        script.revision
        for script in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
    ]
    upgrade_to_head(engine)
    for revision in reversed(revisions):
        after = schema_of(engine)
        _migrate(engine, "downgrade", "-1")
        _migrate(engine, "upgrade", "+1")
        assert current_revision(engine) == revision
        assert schema_of(engine) == after, f"downgrade of {revision} does not undo its upgrade"
        _migrate(engine, "downgrade", "-1")


def test_downgrade_keeps_the_rows_of_older_tables(seeded_engine):
    """Stepping back past the newest revisions keeps the programme data the older ones hold."""
    engine = seeded_engine
    with engine.connect() as connection:
        before = connection.exec_driver_sql("SELECT count(*) FROM work_item").scalar_one()
    _migrate(engine, "downgrade", "0006")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM work_item").scalar_one() == before
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
