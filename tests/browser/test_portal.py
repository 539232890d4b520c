"""The resident portal in Chromium: phone width, hostile input shown as text, staff see it too."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from db.models import Site
from db.session import make_engine, session_scope
from planner.accounts.users import create_user
from planner.runtime.startup import ensure_database_ready
from tests.browser.helpers import PROJECT_ROOT, record_requests

HOSTILE = "<img src=x onerror=alert(1)>"
PHONE = "13912345678"
STAFF_USER, STAFF_PASSWORD = "staff_li", "portal test password"
PHONE_SCREENSHOT = Path("/tmp/compound_phone.png")
# In the map's frame: fit the view to the site whose (escaped) name holds "<img"; true if found.
ZOOM_TO_HOSTILE = """() => {
  for (const name of Object.keys(window)) {
    const map = window[name];
    if (!(map instanceof L.Map)) continue;
    let hit = null;
    map.eachLayer((l) => {
      if (l.feature && String(l.feature.properties.name).includes("&lt;img")) hit = l;
    });
    if (hit) { map.fitBounds(hit.getBounds(), {animate: false}); return true; }
  }
  return false;
}"""
FINDER_MAP = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def portal_app(tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]):
    """The whole app on its own seeded database, with one compound renamed to markup."""
    db_file = tmp_path_factory.mktemp("portal_app") / "planner.db"
    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        site = session.exec(select(Site).where(Site.key == "c2023_03")).one()
        site.name_zh = HOSTILE
        session.add(site)
        create_user(session, username=STAFF_USER, password=STAFF_PASSWORD, role="staff")
    engine.dispose()
    return streamlit_server(PROJECT_ROOT / "streamlit_app.py", env={"PLANNER_DATABASE_URL": url})


@pytest.fixture
def phone(browser: Any):
    """A phone-sized browser tab (390 px wide, as an iPhone 12-15), Chinese locale."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="zh-CN"
    )
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_compound_page_reads_well_at_phone_width(phone: Any, portal_app: str) -> None:
    requests = record_requests(phone)
    phone.goto(f"{portal_app}/compound?site=c2023_01")
    phone.get_by_role("heading", name="广汇小区").wait_for()
    phone.get_by_text("屋顶重做防水层，解决漏雨渗水").wait_for()
    phone.get_by_text("采纳的居民建议").wait_for()
    phone.wait_for_timeout(500)  # let the progress bars and the QR image settle
    # Nothing wider than the phone: no sideways scrolling.
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width} px wide"
    # Chinese is drawn with a CJK font, not missing-glyph boxes.
    assert phone.evaluate("() => document.fonts.check('16px \"Noto Sans CJK SC\"', '广汇小区')")
    phone.screenshot(path=str(PHONE_SCREENSHOT), full_page=True)
    assert PHONE_SCREENSHOT.stat().st_size > 20_000
    assert requests.non_local() == []


def test_hostile_feedback_shows_as_text_for_residents_and_staff(page: Any, portal_app: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # A resident sends markup and script as a suggestion, with a phone number.
    page.goto(f"{portal_app}/compound?site=c2023_02")
    page.get_by_text("提交意见或建议").wait_for()
    page.get_by_label("意见内容").fill(f"{HOSTILE} 路灯太暗 <script>alert(2)</script>")
    page.get_by_label("联系电话（可选，仅工作人员可见）").fill(PHONE)
    page.get_by_role("button", name="提交").click()
    page.get_by_text("已收到，感谢您的意见！").wait_for()

    # The finder map's tooltip shows a hostile compound name as text.
    page.goto(f"{portal_app}/compound")
    page.get_by_text("在地图上点选", exact=True).click()
    frame = page.frame_locator(FINDER_MAP)
    frame.locator("path.site-compound").first.wait_for(state="attached")
    map_frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    # Zoom to the compound whose name is markup, then hover the middle of the map.
    assert map_frame.evaluate(ZOOM_TO_HOSTILE)
    container = frame.locator(".leaflet-container").first
    container.scroll_into_view_if_needed()
    box = container.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert HOSTILE in tooltip.inner_text()
    assert frame.locator("img[src='x']").count() == 0

    # Staff open the triage queue: the text and the number are there, as text.
    page.goto(f"{portal_app}/suggestion_triage")
    page.get_by_label("用户名").fill(STAFF_USER)
    page.get_by_label("密码").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("联系方式（仅工作人员可见）").wait_for(timeout=30_000)
    # Newest first: the suggestion just sent is the one picked when the queue opens. It shows
    # in the picker as typed (the picker is an input: its value, not its text).
    picked = page.get_by_role("combobox", name="处理哪一条").input_value()
    assert "路灯太暗" in picked, picked
    assert HOSTILE in picked, picked
    assert PHONE in page.inner_text("body")
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("script:text('alert(2)')").count() == 0
    assert dialogs == [], "a script from a suggestion ran"


def test_compound_page_publishes_its_funds_readably_on_a_phone(phone: Any, portal_app: str) -> None:
    """The 公示 of funds: the total investment with its stage, the sources and amounts, at
    phone width, with nobody's name on it."""
    phone.goto(f"{portal_app}/compound?site=c2023_01")
    heading = phone.get_by_role("heading", name="资金公示")
    heading.wait_for()
    heading.scroll_into_view_if_needed()
    # The stage the sample has reached for this compound (审定价, 结算价 or 合同价).
    phone.get_by_text(re.compile(r"^总投资（(审定价|结算价|合同价)）$")).first.wait_for()
    source = phone.get_by_text("中央财政城镇保障性安居工程补助资金")
    source.wait_for()
    assert source.is_visible()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width} px wide"
    text = phone.inner_text("body")
    assert "示例施工单位" not in text and "示例经办人" not in text
    phone.screenshot(path="/tmp/compound_funds_phone.png")
