"""The real planning map in Chromium: drawn offline from the app, a click lists the buildings."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from db.seed import ensure_database_ready
from db.session import make_engine
from tests.browser.helpers import PROJECT_ROOT, TIMINGS, record_requests

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SCREENSHOT = Path("/tmp/planning_map.png")

# Zooms the map to the compound with this name (as a user would) and marks one of its
# footprints for the mouse. The click itself is a real mouse click on that path; a footprint
# click selects its compound.
MARK_BUILDING_OF = """
(name) => {
  let siteId = null;
  map_div.eachLayer((layer) => {
    const p = layer.feature && layer.feature.properties;
    if (p && p.kind === "compound" && p.name === name) {
      siteId = p.id;
      map_div.fitBounds(layer.getBounds(), {animate: false});
    }
  });
  let marked = 0;
  map_div.eachLayer((layer) => {
    const p = layer.feature && layer.feature.properties;
    if (p && p.kind === "building" && p.site_id === siteId && marked === 0 && layer._path) {
      layer._path.setAttribute("data-test", "target-building");
      marked += 1;
    }
  });
  return siteId;
}
"""


@pytest.fixture(scope="module")
def planner_app(
    tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]
) -> str:
    """``streamlit run streamlit_app.py`` on its own seeded SQLite database."""
    db_file = tmp_path_factory.mktemp("planner_app") / "planner.db"
    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    engine.dispose()
    return streamlit_server(PROJECT_ROOT / "streamlit_app.py", env={"PLANNER_DATABASE_URL": url})


def test_map_page_draws_all_compounds_offline_and_lists_buildings_on_click(
    page: Any, planner_app: str
) -> None:
    requests = record_requests(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    started = time.monotonic()
    page.goto(f"{planner_app}/planning_map")  # a direct link to the page, as a bookmark would
    frame = page.frame_locator(MAP_IFRAME)
    compounds = frame.locator("path.site-compound")
    compounds.nth(18).wait_for(state="visible", timeout=60_000)
    TIMINGS.append(
        ("planning map, first load: navigation -> 19 compounds", time.monotonic() - started)
    )

    assert compounds.count() == 19
    assert frame.locator("path.building-footprint").count() == 179
    assert frame.locator(".progress-legend").count() == 1
    # Our navigation, not Streamlit's automatic pages/ menu.
    nav = page.get_by_test_id("stSidebarNav")
    assert "规划地图" in nav.inner_text() and "概览" in nav.inner_text()
    assert "common" not in nav.inner_text()
    page.get_by_text("点击地图上的小区，查看其楼栋。").wait_for()

    map_frame = next(f for f in page.frames if f.name or f.url != page.url and f != page.main_frame)
    site_id = map_frame.evaluate(MARK_BUILDING_OF, "广汇小区")
    assert isinstance(site_id, int)
    target = frame.locator('path[data-test="target-building"]')
    target.hover()
    assert "号楼" in frame.locator(".leaflet-tooltip").inner_text()
    target.click()

    page.get_by_text("广汇小区 的楼栋").wait_for(timeout=30_000)
    table = page.get_by_test_id("stDataFrame")
    table.wait_for()
    # The selected compound's footprints are drawn emphasised after the rerun.
    frame.locator("path.building-highlight").first.wait_for(state="visible", timeout=30_000)
    assert frame.locator("path.building-highlight").count() > 20  # the largest compound
    page.screenshot(path=str(SCREENSHOT))

    assert dialogs == []
    assert requests.non_local() == [], "the page requested something outside 127.0.0.1"
