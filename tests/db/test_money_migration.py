"""Migration 0013_money on a database that holds a programme: nothing of it is lost, and the
programme's float 概算 comes back as an exact Decimal, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, select

from db.migrate import upgrade_to_head
from db.models import Programme
from tests.db.test_downgrades import _migrate


def test_upgrading_keeps_the_programme_and_makes_its_budget_exact(seeded_engine):
    engine = seeded_engine
    _migrate(engine, "downgrade", "0012_report_work_item")
    with engine.begin() as connection:
        works = connection.exec_driver_sql("SELECT count(*) FROM work_item").scalar_one()
        connection.exec_driver_sql(
            "UPDATE programme SET budget_yuan = 119500000.1 WHERE key = 'p2023'"
        )
    upgrade_to_head(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM work_item").scalar_one() == works
    with Session(engine) as session:
        programme = session.exec(select(Programme).where(Programme.key == "p2023")).one()
    assert programme.budget_yuan == Decimal("119500000.10")
    assert isinstance(programme.budget_yuan, Decimal)
