"""Shared fixtures: databases on SQLite and PostgreSQL, migrated and seeded."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pyproj
import pytest
import shapely
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from db.session import make_engine
from planner.runtime.startup import ensure_database_ready

# Login cookies are signed with a key from the environment (never the database): one for tests,
# shared by the test process and the app servers the browser tests start.
os.environ.setdefault("PLANNER_SECRET", "test-only signing key for login cookies, not secret")
# The app frame shows a failed page as a sentence with an error number; tests see the error.
os.environ.setdefault("PLANNER_RAISE_PAGE_ERRORS", "1")

POSTGRES_ENV = "PLANNER_TEST_POSTGRES_URL"
IN_CI = os.environ.get("CI") == "true"
# One schema per test run (process), so two runs on one server never drop each other's tables.
TEST_SCHEMA = f"planner_test_{os.getpid()}"


def pytest_report_header() -> list[str]:
    """Versions that explain geometry and database behaviour."""
    return [
        f"GEOS {shapely.geos_version_string}, PROJ {pyproj.proj_version_str}, "
        f"SQLite {sqlite3.sqlite_version}",
        f"PostgreSQL: {os.environ.get(POSTGRES_ENV) or 'not configured'} (CI={IN_CI})",
    ]


def postgres_base_url() -> str:
    """The PostgreSQL URL for tests; a skip locally, a failure under CI=true, when unset."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        message = f"{POSTGRES_ENV} is not set: PostgreSQL tests need it"
        if IN_CI:
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(message)
    return url


def clean_postgres_url() -> str:
    """Drop and recreate the test schema; return a URL whose connections use only it."""
    base = postgres_base_url()
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {TEST_SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {TEST_SCHEMA}"))
    finally:
        admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={TEST_SCHEMA}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session", autouse=True)
def _drop_postgres_test_schema():
    """Drop this run's PostgreSQL schema when the run ends (tests recreate it as they go)."""
    yield
    url = os.environ.get(POSTGRES_ENV)
    if url:
        admin = create_engine(url)
        try:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {TEST_SCHEMA} CASCADE"))
        finally:
            admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """An empty database, once on SQLite (a file) and once on PostgreSQL (a clean schema)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'planner.db'}"
    return clean_postgres_url()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the empty database of ``db_url``."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated and seeded with the sample once per test run."""
    path = tmp_path_factory.mktemp("seeded") / "planner.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_database_ready(engine)
    engine.dispose()
    return path


@pytest.fixture
def seeded_engine(engine: Engine, request: pytest.FixtureRequest) -> Engine:
    """The database migrated and seeded with the sample programme, as on first start.

    On SQLite the test gets a copy of a file seeded so once per run (the same database, two
    seconds less per test); on PostgreSQL its clean schema is migrated and seeded.
    """
    if engine.dialect.name != "sqlite":
        ensure_database_ready(engine)
        return engine
    engine.dispose()
    copy_sqlite(request.getfixturevalue("sqlite_seeded_template"), engine.url.database)
    return engine


def copy_sqlite(source: Path, target: str | Path) -> None:
    """Copy the SQLite database ``source`` into the file ``target`` (SQLite's own backup)."""
    with (
        closing(sqlite3.connect(source)) as database,
        closing(sqlite3.connect(target)) as copy,
    ):
        database.backup(copy)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """URL of an empty SQLite file database."""
    return f"sqlite:///{tmp_path / 'planner.db'}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session (Playwright sync API).

    Defined here, at the root, so that every test folder that drives Chromium (tests/browser,
    tests/security) shares it: a second ``sync_playwright()`` while one is open fails with
    "using Playwright Sync API inside the asyncio loop".
    """
    from playwright.sync_api import sync_playwright

    from tests.browser.helpers import CHROMIUM_ARGS, chromium_path, require_browser

    require_browser()

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=list(CHROMIUM_ARGS), headless=True
        )
        try:
            yield launched
        finally:
            launched.close()
