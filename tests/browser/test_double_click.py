"""A real double click stores once (issue #20, "never lost"), in Chromium: a staff member
double-clicks 添加 in the works editor's add form, and a resident double-clicks 提交 on the
plain feedback form (JavaScript off, as on any phone). Each test checks that the second click
did reach the server (a second rerun of the app, a second POST of the form), then that the
database holds one new item, one new message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlmodel import Session, func, select

from db.models import AuditEntry, ScopeType, Site, Suggestion, WorkItem
from db.session import make_engine
from tests.browser.helpers import PROJECT_ROOT, seeded_database
from tests.public_web.serving import serving

USER, PASSWORD = "staff_wang", "double click test password"
SITE = "c2023_01"
FEEDBACK = "三单元门口的路灯坏了，晚上很黑，请尽快修理"


@pytest.fixture(scope="module")
def app_db(tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]):
    """The whole app on its own seeded database with a staff account; (base URL, db URL)."""
    url = seeded_database(tmp_path_factory.mktemp("double_click"), {USER: (PASSWORD, "staff")})
    base = streamlit_server(PROJECT_ROOT / "streamlit_app.py", env={"PLANNER_DATABASE_URL": url})
    return base, url


@pytest.fixture(scope="module")
def public_pages(app_db: tuple[str, str]) -> Iterator[tuple[str, Any]]:
    """The residents' plain pages (public_web) on the same database: (base URL, engine)."""
    engine = make_engine(app_db[1])
    try:
        with serving(engine) as (public, _pages):
            yield public, engine
    finally:
        engine.dispose()


def _count(url_or_engine: Any, statement: Any) -> int:
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        with Session(engine) as session:
            return session.exec(statement).one()
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()


def _site_id(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return session.exec(select(Site.id).where(Site.key == SITE)).one()
    finally:
        engine.dispose()


def _double_click(page: Any, target: Any, gap_ms: int = 20) -> None:
    """Two clicks of the mouse on ``target``, ``gap_ms`` apart, as a person double-clicks.

    Not ``locator.dblclick()``: its two clicks land in the same task, and Chromium then drops
    the first of two form submissions before it is sent; a person's second click comes later,
    when the first request is on its way."""
    target.click(trial=True)  # waits until it is visible, enabled and still; clicks nothing
    box = target.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(gap_ms)
    page.mouse.click(x, y)


def _items(url: str, scope: str) -> int:
    """Work items of ``scope`` in the compound (withdrawn ones too)."""
    return _count(
        url,
        select(func.count(WorkItem.id))
        .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
        .join(Site, Site.id == WorkItem.site_id)
        .where(Site.key == SITE, ScopeType.key == scope),
    )


#: Site-level kinds of work 光辉 does not have yet: (key, as the add form offers it).
NEW_SCOPES = (("signs", "消防及交通标识（块）"), ("smart_security", "智能安防设施（套）"))
CREATED = select(func.count(AuditEntry.id)).where(
    AuditEntry.entity == "work_item", AuditEntry.action == "create"
)


def test_a_double_click_on_add_stores_one_work_item(browser: Any, app_db: tuple[str, str]):
    base, url = app_db
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        page.goto(f"{base}/work_items_editor?site={_site_id(url)}")
        page.get_by_label("用户名").fill(USER)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("heading", name="工程项目编辑").wait_for()
        # Clicks that reach a button named 添加 (the app may draw it anew between the two).
        page.evaluate(
            "() => { window.addClicks = 0; document.addEventListener('click', e => {"
            " const b = e.target.closest('button');"
            " if (b && b.innerText.trim() === '添加') window.addClicks += 1; }, true); }"
        )
        doubled = 0  # double clicks whose both clicks reached the button
        for key, offered in NEW_SCOPES:
            before, entries = _items(url, key), _count(url, CREATED)
            form = page.get_by_test_id("stForm").filter(has_text="计划工程量")
            if not form.get_by_label("计划工程量").is_visible():  # the expander is closed
                page.get_by_text("添加工程项目").click()
            form.get_by_label("计划工程量").wait_for()
            form.get_by_test_id("stSelectbox").filter(has_text="改造内容").click()
            page.keyboard.type(offered[:2])
            page.get_by_role("option", name=offered).click()
            form.get_by_label("计划工程量").fill("8")
            clicks = page.evaluate("() => window.addClicks")
            _double_click(page, form.get_by_role("button", name="添加", exact=True))
            doubled += page.evaluate("() => window.addClicks") - clicks == 2
            # Wait for the save in the database, then for the page to settle (the second click's
            # own rerun comes after the first one's "已添加…").
            for _ in range(900):  # a loaded 2-core machine can take long over a first save
                if _items(url, key) > before:
                    break
                page.wait_for_timeout(100)
            page.wait_for_timeout(3000)  # time for a second save, were there one
            assert _items(url, key) == before + 1, offered
            assert _count(url, CREATED) == entries + 1  # one item added, audited once
            # and the page still says so: the second rerun did not draw the message away
            assert page.get_by_text(f"已添加「{offered}」").is_visible(), offered
            assert not page.get_by_test_id("stException").count()
        assert doubled, "no double click reached the button twice"
    finally:
        context.close()


def test_a_double_click_on_send_stores_one_message(browser: Any, public_pages) -> None:
    base, engine = public_pages
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", java_script_enabled=False
    )
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        posts: list[str] = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        page.goto(f"{base}/p/{SITE}/feedback")
        page.get_by_label("意见内容").fill(FEEDBACK)
        _double_click(page, page.get_by_role("button", name="提交"))
        page.get_by_role("heading", name="已收到您的意见").wait_for()
        page.wait_for_timeout(1000)  # both requests answered
        assert len(posts) == 2, posts  # the form was sent twice
        stored = select(func.count(Suggestion.id)).where(Suggestion.text == FEEDBACK)
        assert _count(engine, stored) == 1
        assert len(page.locator(".reference").inner_text()) == 10
    finally:
        context.close()
