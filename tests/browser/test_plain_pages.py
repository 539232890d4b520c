"""The residents' plain pages (/p/…) in Chromium: they read and send with JavaScript off, fit a
390 px phone, keep what was typed, and axe-core (its own bundled axe.min.js, injected into the
page: nothing fetched) finds no serious or critical accessibility violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.middleware import Middleware

from db.models import Suggestion
from db.session import make_engine
from deploy.compression import Compression
from deploy.guard import SecurityHeaders
from planner.runtime.startup import ensure_database_ready
from public_web.app import PlainPages
from tests.browser.helpers import record_requests
from tests.public_web.serving import free_port

SITE = "c2023_01"
TEXT = "二单元楼道灯不亮，晚上上下楼看不清台阶"


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """The plain pages behind the app server's own compression and security headers."""
    import threading
    import time

    import uvicorn

    url = f"sqlite:///{tmp_path_factory.mktemp('plain_pages') / 'planner.db'}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    pages = PlainPages(lambda: engine)
    app = Starlette(
        routes=pages.routes(), middleware=[Middleware(Compression), Middleware(SecurityHeaders)]
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", engine
    finally:
        server.should_exit = True
        thread.join(10)
        engine.dispose()


def _context(browser: Any, *, javascript: bool) -> Any:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        locale="zh-CN",
        java_script_enabled=javascript,
    )
    context.set_default_timeout(30_000)
    return context


def _stored(engine: Any, text: str) -> int:
    with Session(engine) as session:
        return len(session.exec(select(Suggestion).where(Suggestion.text == text)).all())


def test_read_and_send_feedback_with_javascript_off(browser: Any, plain_site) -> None:
    base, engine = plain_site
    context = _context(browser, javascript=False)
    try:
        page = context.new_page()
        requests = record_requests(page)
        page.goto(f"{base}/p/")
        page.get_by_label("小区名称、街道或社区").fill("广汇")
        page.get_by_role("button", name="搜索").click()
        page.get_by_role("link", name="广汇小区").click()
        page.get_by_role("heading", level=1, name="广汇小区").wait_for()
        page.get_by_text("屋顶重做防水层，解决漏雨渗水").wait_for()
        assert all(r.startswith(base) for r in requests.urls), requests.urls  # nothing fetched
        assert not any(r.endswith((".js", ".woff", ".woff2", ".ttf")) for r in requests.urls)
        page.get_by_role("link", name="提意见或报修").first.click()
        # Too long: refused, nothing cut, the reason beside the field.
        page.get_by_label("意见内容").fill(TEXT * 30)
        page.get_by_label("联系电话（可选，仅工作人员可见）").fill("13912345678")
        page.get_by_role("button", name="提交").click()
        page.get_by_text("请删减").wait_for()
        assert page.get_by_label("意见内容").input_value() == TEXT * 30
        assert page.get_by_label("联系电话（可选，仅工作人员可见）").input_value() == "13912345678"
        page.get_by_label("意见内容").fill(TEXT)
        sent_form = {
            name: page.locator(f'input[name="{name}"]').get_attribute("value") or ""
            for name in ("request_key", "csrf")
        }
        action = page.locator("form[method=post]").get_attribute("action")
        page.get_by_role("button", name="提交").click()
        page.get_by_role("heading", name="已收到您的意见").wait_for()
        reference = page.locator(".reference").inner_text()
        assert len(reference) == 10 and "13912345678" not in page.content()
        # The same form sent again (a double tap, a resend): the same message and reference.
        resent = {**sent_form, "text": TEXT, "phone": "13912345678"}
        again = context.request.post(f"{base}{action}", form=resent, max_redirects=0)
        assert again.status == 303 and reference in again.headers["location"]
        assert _stored(engine, TEXT) == 1
    finally:
        context.close()


def test_every_page_fits_a_390_px_phone(browser: Any, plain_site) -> None:
    base, _engine = plain_site
    context = _context(browser, javascript=True)
    try:
        page = context.new_page()
        for path in ("/p/", f"/p/{SITE}", f"/p/{SITE}/feedback", f"/p/{SITE}?lang=en"):
            page.goto(base + path)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
    finally:
        context.close()


def test_big_enough_to_tap_and_a_search_box_that_keeps_its_row(browser: Any, plain_site) -> None:
    """A finder row is one link, its whole height; the back links are 44 px high to tap; at
    320 px zoomed to 200 % (160 CSS px) the search box takes the row, its button below it."""
    base, _engine = plain_site
    context = _context(browser, javascript=False)
    try:
        page = context.new_page()
        page.goto(f"{base}/p/")
        row = page.locator(".hits li").first
        link = row.get_by_role("link").bounding_box()
        assert link["height"] >= 44 and link["width"] == row.bounding_box()["width"], link
        page.goto(f"{base}/p/{SITE}")
        assert page.get_by_role("link", name="查找其他小区").bounding_box()["height"] >= 44
        page.goto(f"{base}/p/{SITE}/feedback")
        assert page.get_by_role("link", name="返回小区页面").bounding_box()["height"] >= 44
        page.set_viewport_size({"width": 160, "height": 600})
        page.goto(f"{base}/p/")
        form = page.locator("form.search").bounding_box()
        box = page.get_by_role("searchbox").bounding_box()
        button = page.get_by_role("button", name="搜索").bounding_box()
        assert box["width"] >= form["width"] - 1, (box, form)
        assert button["y"] >= box["y"] + box["height"], (button, box)
    finally:
        context.close()


def test_the_notice_reads_on_a_phone_and_prints_each_date_whole(browser: Any, plain_site) -> None:
    """The printable 公示 on a phone (a mobile browser lays out a page without a viewport tag
    980 px wide, and shrinks it), and as laid out on A4 (174 mm between the margins): no date
    of the 计划工期 column broken over two lines, and no link back when printed."""
    base, _engine = plain_site
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    try:
        page = phone.new_page()
        page.goto(f"{base}/p/{SITE}/notice")
        assert page.evaluate("() => window.innerWidth") == 390
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        page.get_by_role("link", name="← 返回小区页面").click()
        page.get_by_role("heading", level=1, name="广汇小区").wait_for()
    finally:
        phone.close()
    a4 = browser.new_context(viewport={"width": 658, "height": 930}, locale="zh-CN")
    try:
        page = a4.new_page()
        page.emulate_media(media="print")
        page.goto(f"{base}/p/{SITE}/notice")
        lines = page.evaluate(
            "() => [...document.querySelectorAll('td .day')].map(d => d.getClientRects().length)"
        )
        assert lines and set(lines) == {1}, lines
        assert not page.get_by_role("link", name="← 返回小区页面").is_visible()
    finally:
        a4.close()


def test_axe_finds_no_serious_violation(browser: Any, plain_site) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base, _engine = plain_site
    context = _context(browser, javascript=True)
    axe = Axe()
    try:
        page = context.new_page()
        paths = [
            "/p/",
            "/p/?q=%E5%B9%BF",
            f"/p/{SITE}",
            f"/p/{SITE}?lang=en",
            f"/p/{SITE}/feedback",
            f"/p/{SITE}/notice",
        ]
        found = {}
        for path in paths:
            page.goto(base + path)
            violations = axe.run(page).response["violations"]
            found[path] = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        # A refused form, its reasons beside the fields.
        page.goto(f"{base}/p/{SITE}/feedback")
        page.get_by_label("意见内容").fill("灯")
        page.get_by_label("联系电话（可选，仅工作人员可见）").fill("12")
        page.get_by_role("button", name="提交").click()
        page.locator(".problems").wait_for()
        violations = axe.run(page).response["violations"]
        found["refused"] = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        assert all(ids == [] for ids in found.values()), found
    finally:
        context.close()
