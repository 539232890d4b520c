"""The st_folium map draws, answers clicks and stays on 127.0.0.1 with no internet."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from maps.assets import LEAFLET_CSS_URL, LEAFLET_JS_URL
from tests.browser.helpers import TIMINGS, record_requests

pytestmark = pytest.mark.browser

SCREENSHOT = Path("/tmp/offline_map.png")
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Ids and order of the compounds in apps/offline_map_app.py (paths are drawn in this order).
SITE_IDS = [101, 102, 103]
FIRST_BUILDING_ID = 1000
HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def _open_map(page: Any, base_url: str) -> tuple[Any, float]:
    """Load the app and wait until the three compounds are drawn; return the frame and seconds."""
    started = time.monotonic()
    page.goto(base_url)
    frame = page.frame_locator(MAP_IFRAME)
    compounds = frame.locator("path.site-compound")
    compounds.nth(len(SITE_IDS) - 1).wait_for(state="visible", timeout=60_000)
    return frame, time.monotonic() - started


def _map_answer(page: Any, feature_id: int, timeout: float = 15.0) -> dict:
    """The JSON the app printed of what st_folium returned, once it shows feature ``feature_id``.

    Streamlit paints each element of a rerun as it arrives, so "selected: ..." can be on screen
    while the code block below still shows the previous run: poll until it has caught up.
    """
    deadline = time.monotonic() + timeout
    while True:
        answer = json.loads(page.get_by_test_id("stCode").inner_text())
        drawing = answer.get("last_active_drawing") or {}
        if drawing.get("id") == feature_id:
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"st_folium answer never showed feature {feature_id}: {answer}")
        page.wait_for_timeout(100)


def test_offline_map_draws_clicks_and_stays_local(page: Any, offline_map_app: str) -> None:
    requests = record_requests(page)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    frame, seconds = _open_map(page, offline_map_app)
    TIMINGS.append(("offline map, first load after server start: navigation -> drawn", seconds))

    # Everything the app data holds is drawn, with the classes the builders set.
    assert frame.locator("path.site-compound").count() == len(SITE_IDS)
    assert frame.locator("path.building-footprint").count() == 6
    assert frame.locator("path.building-footprint.building-highlight").count() == 2
    assert frame.locator(".progress-legend").count() == 1
    credits = frame.locator(".leaflet-control-attribution")
    assert "Outline: test data" in credits.inner_text() and "Leaflet" in credits.inner_text()
    assert credits.locator("svg").count() == 0  # Leaflet's name only, no flag before it
    outline = frame.locator(
        ".leaflet-overlay-pane path:not(.site-compound):not(.site-linear):not(.building-footprint)"
    )
    assert outline.count() == 1
    assert "leaflet-interactive" not in (outline.get_attribute("class") or "")
    page.get_by_text("selected: None").wait_for()

    # The user-typed name shows as text in the tooltip and never becomes an element.
    frame.locator("path.site-compound").nth(0).hover()
    tooltip = frame.locator(".foliumtooltip")
    tooltip.wait_for(state="visible")
    assert HOSTILE_NAME in tooltip.inner_text()
    assert frame.locator(".leaflet-tooltip img").count() == 0

    # A click on a compound returns its feature; the app turns it into the site id.
    frame.locator("path.site-compound").nth(1).click()
    page.get_by_text(f"selected: {SITE_IDS[1]}").wait_for()
    answer = _map_answer(page, SITE_IDS[1])
    assert set(answer) == {"last_active_drawing"}
    feature = answer["last_active_drawing"]
    assert feature["type"] == "Feature"
    assert feature["id"] == SITE_IDS[1]
    assert feature["geometry"]["type"] == "Polygon"
    assert feature["properties"] == {
        "id": SITE_IDS[1],
        "kind": "compound",
        "name": "新华小区",
        "progress_pct": 50,
        "status": "in_progress",
    }

    frame.locator("path.site-compound").nth(2).click()
    page.get_by_text(f"selected: {SITE_IDS[2]}").wait_for()

    # A click on a building footprint is not a site click.
    frame.locator("path.building-footprint").nth(0).click()
    page.get_by_text("selected: None").wait_for()
    building = _map_answer(page, FIRST_BUILDING_ID)["last_active_drawing"]
    assert building["properties"] == {
        "id": FIRST_BUILDING_ID,
        "kind": "building",
        "label": "1号楼",
        "site_id": SITE_IDS[0],
    }

    page.screenshot(path=str(SCREENSHOT), full_page=True)

    assert dialogs == [], "a script ran from map data"
    assert requests.non_local() == [], "the page requested something outside 127.0.0.1"
    assert requests.matching(LEAFLET_JS_URL), "Leaflet was not loaded from the app"
    assert requests.matching(LEAFLET_CSS_URL), "Leaflet's CSS was not loaded from the app"


def test_offline_map_redraws_on_reload(page: Any, offline_map_app: str) -> None:
    """A second load (warm server, new browser context) draws again: nothing cached breaks it."""
    requests = record_requests(page)
    _frame, seconds = _open_map(page, offline_map_app)
    TIMINGS.append(("offline map, warm server, new browser context: navigation -> drawn", seconds))
    started = time.monotonic()
    page.reload()
    frame = page.frame_locator(MAP_IFRAME)
    frame.locator("path.site-compound").nth(len(SITE_IDS) - 1).wait_for(state="visible")
    TIMINGS.append(("offline map, reload: navigation -> drawn", time.monotonic() - started))
    assert frame.locator("path.site-compound").count() == len(SITE_IDS)
    assert requests.non_local() == []
