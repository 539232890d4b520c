"""The real planning map in Chromium: drawn offline from the app, clicks list the work items."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from db.models import Building, Programme, Site
from db.session import make_engine, session_scope
from planner.accounts.users import create_user
from planner.runtime.startup import ensure_database_ready
from tests.browser.helpers import PROJECT_ROOT, TIMINGS, record_requests

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SCREENSHOT = Path("/tmp/planning_map.png")
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
STAFF_USER, STAFF_PASSWORD = "staff_wang", "browser test password"

# Fits the map to a feature ("c" compound, "b" building) without animation; returns a point
# of the map container where a click hits exactly that feature.
FIT_AND_POINT = """
([kind, id]) => {
  const pm = window.plannerMap;
  pm.map.fitBounds(pm.bounds(kind, id), {animate: false, maxZoom: 18});
  return pm.pointOf(kind, id);
}
"""


@pytest.fixture(scope="module")
def planner_app(
    tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]
) -> tuple[str, dict[str, Any]]:
    """``streamlit run streamlit_app.py`` on its own seeded SQLite database.

    One compound is renamed to a script-injection attempt, to check names reach the page as text.
    """
    db_file = tmp_path_factory.mktemp("planner_app") / "planner.db"
    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        guanghui = session.exec(select(Site).where(Site.name_zh == "广汇小区")).one()
        other = session.exec(select(Site).where(Site.name_zh == "安环南小区")).one()
        other.name_zh = HOSTILE_NAME
        session.add(other)
        create_user(session, username=STAFF_USER, password=STAFF_PASSWORD, role="staff")
        ids = {
            "p2023": session.exec(select(Programme.id).where(Programme.key == "p2023")).one(),
            "guanghui": guanghui.id,
            "hostile": other.id,
            "guanghui_buildings": list(
                session.exec(
                    select(Building.id).where(Building.site_id == guanghui.id).order_by(Building.id)
                ).all()
            ),
        }
    engine.dispose()
    base_url = streamlit_server(
        PROJECT_ROOT / "streamlit_app.py", env={"PLANNER_DATABASE_URL": url}
    )
    return base_url, ids


def _map_frame(page: Any) -> Any:
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def test_map_page_draws_all_compounds_offline_and_lists_work_items_on_click(
    page: Any, planner_app: tuple[str, dict[str, Any]]
) -> None:
    base_url, ids = planner_app
    requests = record_requests(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # A direct link to the page and the 2023 programme, as a bookmark would: staff only, so
    # first the login form.
    page.goto(f"{base_url}/planning_map?programme={ids['p2023']}")
    page.get_by_text("此页面仅供工作人员使用，请先登录。").wait_for()
    assert page.locator(MAP_IFRAME).count() == 0
    page.get_by_label("用户名").fill(STAFF_USER)
    page.get_by_label("密码").fill(STAFF_PASSWORD)
    started = time.monotonic()
    page.get_by_role("button", name="登录").click()
    frame = page.frame_locator(MAP_IFRAME)
    map_div = frame.locator("#map_div")
    frame.locator("#map_div[data-planner-drawn]").wait_for(state="attached", timeout=60_000)
    TIMINGS.append(("planning map, first load: login -> all drawn", time.monotonic() - started))

    map_frame = _map_frame(page)
    assert map_div.get_attribute("data-planner-error") is None
    assert map_frame.evaluate("() => window.plannerMap.counts()") == {
        "sites": 19,
        "buildings": 179,
        "shownSites": 19,
        "shownBuildings": 179,
    }
    legend = frame.locator(".planner-legend")
    assert legend.locator("[data-code]").count() == 5
    assert "进度" in legend.inner_text()
    # Our menu of the staff role's pages, not Streamlit's automatic pages/ menu.
    nav = page.get_by_test_id("stSidebar")
    page.get_by_text("已登录：staff_wang").wait_for()
    assert "规划地图" in nav.inner_text() and "概览" in nav.inner_text()
    assert "common" not in nav.inner_text() and "用户管理" not in nav.inner_text()
    assert page.get_by_test_id("stSidebarNav").count() == 0
    page.get_by_text("点击地图上的小区，查看其楼栋。").wait_for()

    # A user-typed name shows as text in the tooltip and never becomes an element.
    x, y = map_frame.evaluate(FIT_AND_POINT, ["c", ids["hostile"]])
    map_div.hover(position={"x": x, "y": y})
    tooltip = frame.locator(".planner-tooltip")
    tooltip.wait_for(state="visible")
    assert HOSTILE_NAME in tooltip.inner_text()
    assert frame.locator(".leaflet-tooltip img").count() == 0

    # A click on a compound selects it: its buildings and site-level items show beside.
    map_frame.evaluate("() => { window.__notReloaded = true; }")
    x, y = map_frame.evaluate(FIT_AND_POINT, ["c", ids["guanghui"]])
    map_div.click(position={"x": x, "y": y})
    page.get_by_text("广汇小区 的楼栋").wait_for(timeout=30_000)
    page.get_by_text("小区级工程项目").wait_for()
    page.get_by_test_id("stDataFrame").nth(1).wait_for()  # buildings and site-level items
    page.get_by_text("编辑该小区的工程项目").wait_for()
    map_frame.wait_for_function(
        f"() => window.plannerMap.state().selectedSite === {ids['guanghui']}", timeout=30_000
    )

    # A click on one of its footprints lists that building's own items; the compound stays.
    building = ids["guanghui_buildings"][0]
    x, y = map_frame.evaluate(FIT_AND_POINT, ["b", building])
    map_div.click(position={"x": x, "y": y})
    page.get_by_text("号楼的工程项目").wait_for(timeout=30_000)
    assert page.get_by_text("广汇小区 的楼栋").count() == 1
    page.get_by_text("编辑该楼栋的工程项目").wait_for()
    map_frame.wait_for_function(
        f"() => window.plannerMap.state().selectedBuilding === {building}", timeout=30_000
    )
    # The selection restyled the drawn map; the map was not loaded again.
    assert _map_frame(page).evaluate("() => window.__notReloaded === true")
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    assert dialogs == [], "a script ran from map data"
    assert requests.non_local() == [], "the page requested something outside 127.0.0.1"
    assert requests.matching("/app/static/js/planner-layer.js")
    assert requests.matching("/app/static/generated/map/p1-wgs84-")


def test_login_survives_a_reload_and_logout_ends_it(
    page: Any, planner_app: tuple[str, dict[str, Any]]
) -> None:
    base_url, _ids = planner_app
    page.goto(f"{base_url}/login")
    page.get_by_label("用户名").fill(STAFF_USER)
    page.get_by_label("密码").fill("wrong password")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("用户名或密码不正确").wait_for()
    page.get_by_label("密码").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("已登录：staff_wang").first.wait_for()
    # The frame writes the cookie from a tiny script right after the login run.
    page.wait_for_function("() => document.cookie.includes('planner_login=')")
    cookie = next(c for c in page.context.cookies() if c["name"] == "planner_login")
    assert cookie["sameSite"] == "Strict" and STAFF_PASSWORD not in cookie["value"]

    # A reload is a new Streamlit session: the cookie logs it in again.
    page.goto(f"{base_url}/schedule")
    page.get_by_text("已登录：staff_wang").wait_for()
    assert page.get_by_text("此页面仅供工作人员使用").count() == 0

    page.get_by_role("button", name="退出登录").click()
    page.get_by_text("此页面仅供工作人员使用，请先登录。").wait_for()
    page.wait_for_function(
        "() => !document.cookie.includes('planner_login=') || "
        "document.cookie.includes('planner_login=;') || /planner_login=(;|$)/.test(document.cookie)"
    )
    page.goto(f"{base_url}/schedule")
    page.get_by_text("此页面仅供工作人员使用，请先登录。").wait_for()
