"""The planning map as a workplace, in Chromium at 1440 and 390 px (issue #20, item 7).

It fills the page's width; compounds carry their names from the city's zoom on; a search by
name flies to the compound; the scale bar is metric only; the legend never covers a tooltip;
engineers see the map and the works, read-only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlmodel import select

from db.models import Programme, Site
from db.session import make_engine, session_scope
from planner.accounts.users import create_user
from planner.runtime.startup import ensure_database_ready
from tests.browser.helpers import PROJECT_ROOT

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
PASSWORD = "browser test password"
USERS = {"staff": "staff_map", "engineer": "engineer_map"}
WIDTHS = [1440, 390]

FIT_AND_POINT = """
([kind, id]) => {
  const pm = window.plannerMap;
  pm.map.fitBounds(pm.bounds(kind, id), {animate: false, maxZoom: 17});
  return pm.pointOf(kind, id);
}
"""


@pytest.fixture(scope="module")
def map_app(
    tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]
) -> tuple[str, dict[str, Any]]:
    """``streamlit run streamlit_app.py`` on its own seeded SQLite database, with a staff
    member and a cost engineer."""
    db_file = tmp_path_factory.mktemp("map_workplace") / "planner.db"
    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        for role, username in USERS.items():
            create_user(session, username=username, password=PASSWORD, role=role)
        programme = session.exec(select(Programme).where(Programme.key == "p2023")).one()
        sites = session.exec(select(Site.id, Site.name_zh)).all()
        ids = {"p2023": programme.id, "names": dict(sites)}
        ids["guanghui"] = next(i for i, n in sites if n == "广汇小区")
    engine.dispose()
    base_url = streamlit_server(
        PROJECT_ROOT / "streamlit_app.py", env={"PLANNER_DATABASE_URL": url}
    )
    return base_url, ids


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh page at 1440 px (a desk) or 390 px (a phone) wide."""
    width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 500 else 844}, locale="zh-CN"
    )
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _open_map(page: Any, base_url: str, ids: dict[str, Any], role: str) -> tuple[Any, Any]:
    """Log in as ``role`` and open the 2023 programme's map; wait until it is drawn."""
    page.goto(f"{base_url}/login")
    page.get_by_label("用户名").fill(USERS[role])
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_function("() => document.cookie.includes('planner_login=')")
    page.goto(f"{base_url}/planning_map?programme={ids['p2023']}")
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator("#map_div[data-planner-drawn]").wait_for(state="attached", timeout=60_000)
    map_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    return frame, map_frame


def _search(page: Any, typed: str) -> None:
    """Type into the search box and take the compound it offers."""
    search = page.get_by_test_id("stSelectbox").filter(has_text="按名称查找小区")
    search.click()
    page.keyboard.type(typed)
    page.get_by_role("option", name="广汇小区").click()


def test_the_map_fills_the_width_with_names_and_a_metric_scale(
    sized_page: Any, map_app: tuple[str, dict[str, Any]]
) -> None:
    page = sized_page
    base_url, ids = map_app
    frame, map_frame = _open_map(page, base_url, ids, "staff")

    # The map takes the width of the page's content column.
    content = page.evaluate(
        """() => {
          const el = document.querySelector('[data-testid="stMainBlockContainer"]');
          const style = getComputedStyle(el);
          return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        }"""
    )
    iframe = page.locator(MAP_IFRAME).bounding_box()
    assert iframe["width"] >= 0.98 * content, (iframe, content)

    # Metres and kilometres only: no feet, no miles.
    scale_lines = frame.locator(".leaflet-control-scale-line")
    assert scale_lines.count() == 1
    assert re.fullmatch(r"\d+ (m|km)", scale_lines.inner_text().strip())

    # At the city's zoom the compounds carry their names, none over another.
    map_frame.evaluate("() => window.plannerMap.map.setView([39.80, 98.29], 12, {animate: false})")
    map_frame.wait_for_function("() => window.plannerMap.labels().length > 0")
    labels = map_frame.evaluate("() => window.plannerMap.labels()")
    assert {label["text"] for label in labels} <= set(ids["names"].values())
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            ra, rb = a["rect"], b["rect"]
            assert not (ra[0] < rb[2] and ra[2] > rb[0] and ra[1] < rb[3] and ra[3] > rb[1])
    # Zoomed in on one compound, its name is drawn; zoomed out past the city, none.
    map_frame.evaluate(FIT_AND_POINT, ["c", ids["guanghui"]])
    map_frame.wait_for_function(
        f"() => window.plannerMap.labels().some(l => l.id === {ids['guanghui']})"
    )
    map_frame.evaluate("() => window.plannerMap.map.setZoom(9, {animate: false})")
    map_frame.wait_for_function("() => window.plannerMap.labels().length === 0")


def test_a_search_by_name_flies_to_the_compound(
    sized_page: Any, map_app: tuple[str, dict[str, Any]]
) -> None:
    page = sized_page
    base_url, ids = map_app
    _frame, map_frame = _open_map(page, base_url, ids, "staff")
    map_frame.evaluate("() => { window.__notReloaded = true; }")
    map_frame.evaluate("() => window.plannerMap.map.setView([39.80, 98.29], 11, {animate: false})")

    _search(page, "广汇")

    page.get_by_text("广汇小区 的楼栋").wait_for(timeout=30_000)
    map_frame.wait_for_function(
        f"() => document.getElementById('map_div').getAttribute('data-planner-flown') === "
        f"'{ids['guanghui']}'",
        timeout=30_000,
    )
    inside = map_frame.evaluate(
        f"""() => {{
          const pm = window.plannerMap, b = pm.bounds('c', {ids["guanghui"]});
          return pm.map.getBounds().contains(b) && pm.map.getZoom() >= 15;
        }}"""
    )
    assert inside
    assert map_frame.evaluate(f"() => window.plannerMap.state().selectedSite === {ids['guanghui']}")
    assert map_frame.evaluate("() => window.__notReloaded === true"), "the map was reloaded"


def test_the_legend_never_covers_the_tooltip(
    sized_page: Any, map_app: tuple[str, dict[str, Any]]
) -> None:
    page = sized_page
    base_url, ids = map_app
    frame, map_frame = _open_map(page, base_url, ids, "staff")
    map_frame.evaluate(FIT_AND_POINT, ["c", ids["guanghui"]])
    # Move the compound to just left of the legend and above its top edge, where a tooltip
    # opening to the right would run under the legend.
    point = map_frame.evaluate(
        """([id]) => {
          const pm = window.plannerMap;
          const legend = document.querySelector('.planner-legend').getBoundingClientRect();
          const map = document.getElementById('map_div').getBoundingClientRect();
          const target = [legend.left - map.left - 8, legend.top - map.top + 12];
          const here = pm.pointOf('c', id);
          pm.map.panBy([here[0] - target[0], here[1] - target[1]], {animate: false});
          return target;
        }""",
        [ids["guanghui"]],
    )
    hit = map_frame.evaluate("([x, y]) => window.plannerMap.hitAt(x, y)", point)
    assert hit is not None, "no feature under the pointer"
    frame.locator("#map_div").hover(position={"x": point[0], "y": point[1]})
    tooltip = frame.locator(".planner-tooltip")
    tooltip.wait_for(state="visible")
    covered = map_frame.evaluate(
        """() => {
          const t = document.querySelector('.planner-tooltip').getBoundingClientRect();
          const el = document.querySelector('.planner-legend');
          const l = el.getBoundingClientRect();
          const visible = getComputedStyle(el).visibility !== 'hidden' && l.width > 0;
          return visible && t.left < l.right && t.right > l.left && t.top < l.bottom &&
            t.bottom > l.top;
        }"""
    )
    assert not covered, "the legend covers the tooltip"
    # Away from the legend the legend is back.
    frame.locator("#map_div").hover(position={"x": 5, "y": 5})
    frame.locator(".planner-legend:not(.planner-legend-hidden)").wait_for(state="visible")


def test_engineers_see_the_map_and_the_works_read_only(
    sized_page: Any, map_app: tuple[str, dict[str, Any]]
) -> None:
    page = sized_page
    base_url, ids = map_app
    _open_map(page, base_url, ids, "engineer")
    page.get_by_text("点击地图上的小区，查看其楼栋。").wait_for()
    _search(page, "广汇")
    page.get_by_text("广汇小区 的楼栋").wait_for(timeout=30_000)
    page.get_by_text("小区级工程项目").wait_for()
    page.get_by_test_id("stDataFrame").nth(1).wait_for()
    page.get_by_text("只读：工程项目由住建局工作人员编辑。").wait_for()
    assert page.get_by_text("编辑该小区的工程项目").count() == 0
    page.get_by_text("导出该小区的工程量清单").first.wait_for()
    # The editor itself is the staff's: a typed address is refused.
    page.goto(f"{base_url}/work_items_editor")
    page.get_by_text("无权查看").first.wait_for()
