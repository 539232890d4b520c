"""PostgreSQL goes away under a running app process, and comes back.

While the database refuses connections a page says so in plain words (no traceback) and the
health endpoint answers 503; once it accepts them again the same browser session's next run
works and the health endpoint answers 200, with nothing restarted: stale pooled connections
are replaced (``pool_pre_ping``). The database is a throw-away one of this test, closed to
connections with ``ALTER DATABASE ... ALLOW_CONNECTIONS false`` and its sessions ended, which is
what a restart does to the app (the shared server itself is not restarted).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from planner.i18n import t
from tests.conftest import postgres_base_url
from tests.deploy.cluster import start_app, wait_healthy
from tests.deploy.streamlit_client import StreamlitTab

pytestmark = pytest.mark.postgres


def _admin(sql: str) -> None:
    engine = create_engine(postgres_base_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(sql))
    finally:
        engine.dispose()


@pytest.fixture
def own_database():
    name = f"planner_dbloss_{os.getpid()}"
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {name}")
    url = make_url(postgres_base_url()).set(database=name).render_as_string(hide_password=False)
    try:
        yield name, url
    finally:
        _admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_page_says_the_database_is_away_and_works_again_when_it_is_back(own_database) -> None:
    name, url = own_database
    app = start_app(url)
    try:
        wait_healthy(app)
        # A thread of its own: the browser tests' Playwright keeps an event loop in this one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, _scenario(app, name)).result(timeout=300)
    finally:
        app.stop()
        app.log_path.unlink(missing_ok=True)


async def _scenario(app, name: str) -> None:  # noqa: ANN001
    tab = StreamlitTab(app.base_url)
    await tab.load_index()
    await tab.connect()
    try:
        run = await tab.run_page("compound", {"site": "c2023_01"})
        assert "广汇小区" in run.text()

        _admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        _admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        run = await tab.run_page("compound", {"site": "c2023_01"})
        assert run.exceptions == []
        assert t("ops.database_unavailable", "zh") in run.alerts
        assert "广汇小区" not in run.text()
        status, body = await asyncio.to_thread(app.health)
        assert status == 503 and body["database"].startswith("error: OperationalError")

        _admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        run = await tab.run_page("compound", {"site": "c2023_01"})
        assert "广汇小区" in run.text()
        assert t("ops.database_unavailable", "zh") not in run.alerts
        assert (await asyncio.to_thread(app.health))[0] == 200
    finally:
        await tab.close()
