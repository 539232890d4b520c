"""Fixtures of the planner tests: the seeded sample shared by a module's tests, and the bill of
its 广汇小区 (the compound the bill tests measure by hand)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.session import make_engine
from planner.boq.bill import Bill, BoqOptions, BoqSelection, build_bill
from planner.boq.selection import resolve_selection
from planner.runtime.startup import ensure_database_ready
from tests.conftest import clean_postgres_url, copy_sqlite

#: The sample's compound the bill tests price (2023 compound programme; 805 households).
GUANGHUI = "广汇小区"


def guanghui_selection(session: Session) -> BoqSelection:
    """广汇小区 in the 2023 programme, as the bill tests select it."""
    return resolve_selection(session, year=2023, site_name=GUANGHUI)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def module_seeded_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """The database migrated and seeded with the sample, once per backend for the test module
    that asks for it: its tests share it (one that writes leaves what the others read).

    On SQLite a copy of the file seeded once per run (``sqlite_seeded_template``); on
    PostgreSQL the clean test schema, migrated and seeded.
    """
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("seeded_module") / "planner.db"
        copy_sqlite(request.getfixturevalue("sqlite_seeded_template"), path)
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = make_engine(clean_postgres_url())
        ensure_database_ready(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def guanghui_bill(module_seeded_engine: Engine) -> Callable[..., Bill]:
    """``guanghui_bill(options=None) -> Bill``: 广汇小区's 2023 bill, built when called, on the
    module's database as it is then (``BoqOptions()`` without options)."""

    def bill(options: BoqOptions | None = None) -> Bill:
        with Session(module_seeded_engine) as session:
            selection = guanghui_selection(session)
            return build_bill(session, selection, BoqOptions() if options is None else options)

    return bill
