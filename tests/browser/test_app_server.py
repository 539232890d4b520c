"""The app's own server (deploy/asgi.py, what scripts/run.sh and planner serve start): the
login cookie is set by the server as HttpOnly, and the maps are built before the first visit."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import Session, select

from db.models import Programme
from db.session import make_engine, session_scope
from maps.generated_files import GENERATED_DIR
from planner.accounts.users import create_user
from planner.runtime.startup import ensure_database_ready
from tests.browser.helpers import PROJECT_ROOT

USER, PASSWORD = "staff_qian", "server test password 2026"
STATIC = PROJECT_ROOT / "static"


@pytest.fixture(scope="module")
def app_server(
    tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]
) -> tuple[str, str, float]:
    """The app under its own server on a seeded database: (base URL, database URL, start)."""
    db_file = tmp_path_factory.mktemp("app_server") / "planner.db"
    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        create_user(session, username=USER, password=PASSWORD, role="staff")
    engine.dispose()
    started = time.time()
    base = streamlit_server(PROJECT_ROOT / "deploy" / "asgi.py", env={"PLANNER_DATABASE_URL": url})
    return base, url, started


def test_maps_are_built_before_the_first_visit(app_server) -> None:
    """The server builds every programme's map while it starts, before it takes traffic."""
    _base, url, started = app_server
    engine = make_engine(url)
    with Session(engine) as session:
        ids = session.exec(select(Programme.id)).all()
    engine.dispose()
    folder = STATIC / GENERATED_DIR
    for programme_id in ids:
        fresh = [
            m
            for m in folder.glob(f"p{programme_id}-wgs84-src-*.manifest")
            if m.stat().st_mtime >= started - 1
        ]
        assert fresh, f"programme {programme_id}'s map was not built at start"


def _log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/planning_map")
    page.get_by_label("用户名").fill(USER)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text(f"已登录：{USER}").wait_for(timeout=60_000)


def test_the_server_sets_the_login_cookie_httponly(page: Any, app_server) -> None:
    base, _url, _started = app_server
    _log_in(page, base)

    def login_cookie() -> dict | None:
        return next((c for c in page.context.cookies() if c["name"] == "planner_login"), None)

    deadline = time.monotonic() + 30
    while login_cookie() is None and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    cookie = login_cookie()
    assert cookie is not None, "no login cookie after logging in"
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert "planner_login" not in page.evaluate("() => document.cookie")  # no script reads it
    # A reload stays logged in: the browser sends the cookie, the server reads it.
    page.reload()
    page.get_by_text(f"已登录：{USER}").wait_for(timeout=60_000)
    # Logging out clears it (the server's route again: scripts cannot touch it).
    page.get_by_role("button", name="退出登录").click()
    deadline = time.monotonic() + 30
    while login_cookie() is not None and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert login_cookie() is None
    page.reload()
    page.get_by_label("用户名").wait_for(timeout=60_000)


def test_a_foreign_origin_cannot_plant_a_login_cookie(page: Any, app_server) -> None:
    base, _url, _started = app_server
    page.goto(f"{base}/compound")
    forged = page.request.post(
        f"{base}/auth/login-cookie", data="x.y", headers={"Origin": "http://evil.example"}
    )
    assert forged.status == 403
    unknown = page.request.post(
        f"{base}/auth/login-cookie", data="abc.def", headers={"Origin": base}
    )
    assert unknown.status == 403  # not a live session's value: nothing is set
    assert not [c for c in page.context.cookies() if c["name"] == "planner_login"]


def test_pages_work_under_the_app_servers_own_security_headers(page: Any, app_server) -> None:
    """Without nginx, the app's server sends the Content-Security-Policy itself
    (deploy/guard.py): the public page, the staff map (the st_folium frame) and the
    dashboard's charts work under it, with no violation in any frame."""
    from tests.browser.test_proxy_deployment import CSP_WATCH, _violations

    base, _url, _started = app_server
    page.context.add_init_script(CSP_WATCH)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    response = page.goto(f"{base}/compound?site=c2023_01")
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    page.get_by_role("heading", name="广汇小区").wait_for(timeout=60_000)
    _log_in(page, base)
    map_frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    map_frame.locator("#map_div[data-planner-drawn]").wait_for(state="attached", timeout=60_000)
    page.goto(f"{base}/dashboard")
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    assert _violations(page, console) == []
