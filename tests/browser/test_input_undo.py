"""Input checked as typed, never lost, undoable (issue #20), in Chromium at 1440 px and 390 px.

A staff member logs in and, as a new user would: types 99,999 m² into the roof of a building
whose roof the geometry puts at about 787 m² (asked for a confirmation and a reason before
anything is saved); types "-5" (refused beside the field, the "-5" still there); corrects a
completed quantity down on the field page (asked for a reason, the note kept meanwhile); sends a
field report with one bad photo among good ones (the quantity, the note and the good photo
saved, the bad one named); withdraws a mistaken item and restores it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlmodel import Session, col, select

from db.models import AuditEntry, Building, Programme, ScopeType, Site, SitePhoto, WorkItem
from db.session import make_engine
from tests.browser.helpers import PROJECT_ROOT, seeded_database
from tests.planner.fieldwork_images import gps_jpeg, not_an_image
from tests.public_web.serving import serving

USER, PASSWORD = "staff_li", "input undo test password"
WIDTHS = (1440, 390)
#: A building of 光辉 (c2023_01) per width, each with a roof of about 760-810 m² by its outline.
ROOF_BUILDING = {1440: "21", 390: "5"}
#: Their roofs by the outline, m² (footprint × 1.05), as the message rounds them.
ROOF_ESTIMATE = {"21": "761", "5": "812"}


@pytest.fixture(scope="module")
def undo_app(tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]):
    """The whole app on its own seeded database with a staff account; (base URL, db URL)."""
    url = seeded_database(tmp_path_factory.mktemp("input_undo"), {USER: (PASSWORD, "staff")})
    base = streamlit_server(PROJECT_ROOT / "streamlit_app.py", env={"PLANNER_DATABASE_URL": url})
    return base, url


@pytest.fixture(scope="module")
def public_pages(undo_app: tuple[str, str]) -> Iterator[str]:
    """The residents' plain pages (public_web, which deploy/asgi.py serves beside the app; the
    app here runs under plain ``streamlit run``) on the app's database: their base URL."""
    engine = make_engine(undo_app[1])
    try:
        with serving(engine) as (public, _pages):
            yield public
    finally:
        engine.dispose()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def tab(request: pytest.FixtureRequest, browser: Any):
    """A tab of the given width (a desktop, or a phone held upright), Chinese locale."""
    width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 400 else 844}, locale="zh-CN"
    )
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        page.width = width  # the test's own note of the width it runs at
        yield page
    finally:
        context.close()


def _query(url: str, statement: Any) -> list[Any]:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return list(session.exec(statement).all())
    finally:
        engine.dispose()


def _place(url: str, number: str) -> tuple[int, int, int]:
    """(site id, building id, roof item id) of building ``number`` of 光辉 in p2023."""
    ((site_id, building_id, item_id),) = _query(
        url,
        select(Site.id, Building.id, WorkItem.id)
        .join(Building, Building.site_id == Site.id)
        .join(WorkItem, WorkItem.building_id == Building.id)
        .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
        .join(Programme, Programme.id == WorkItem.programme_id)
        .where(
            Site.key == "c2023_01",
            Building.number == number,
            ScopeType.key == "roof_waterproofing",
            Programme.key == "p2023",
        ),
    )
    return site_id, building_id, item_id


def _item(url: str, item_id: int) -> WorkItem:
    (item,) = _query(url, select(WorkItem).where(WorkItem.id == item_id))
    return item


def _open(page: Any, base: str, path: str, heading: str) -> None:
    page.goto(f"{base}/{path}")
    page.get_by_label("用户名").fill(USER)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name=heading).wait_for()


def _fits(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.width, f"page is {width} px wide at {page.width} px"


def _confirm(page: Any, reason: str, button: str) -> None:
    page.get_by_text("我已核实，确认保存").first.click()
    page.get_by_label("原因（记入操作记录）").first.fill(reason)
    page.get_by_role("button", name=button).click()


def _type_planned(page: Any, text: str) -> None:
    """Type ``text`` into the first row's 计划工程量 in the editor's grid (a canvas: the first
    cell is clicked, then two cells right, Enter opens the cell's editor)."""
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)  # below the 35 px header row
    page.wait_for_timeout(300)
    editor = page.locator("#portal input:enabled, #portal textarea:enabled").first
    for _ in range(2):  # scope → unit → planned; a key lost to focus: one more step
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(150)
    for _ in range(3):
        page.keyboard.press("Enter")  # opens the cell's editor
        page.wait_for_timeout(400)
        if editor.count():
            break
        page.keyboard.press("Escape")  # a read-only cell (the unit): one to the right
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(150)
    editor.fill(text)
    editor.press("Enter")
    page.wait_for_timeout(500)


def test_99999_on_a_787_roof_asks_for_a_reason(tab: Any, undo_app: tuple[str, str]) -> None:
    base, url = undo_app
    site_id, building_id, item_id = _place(url, ROOF_BUILDING[tab.width])
    before = _item(url, item_id)
    _open(tab, base, f"work_items_editor?site={site_id}&building={building_id}", "工程项目编辑")
    _type_planned(tab, "99999")  # the first row: 屋面防水
    tab.get_by_role("button", name="保存修改").click()
    tab.get_by_text("须确认并填写原因后才会保存").wait_for()
    warning = tab.get_by_text("99,999", exact=False).first.inner_text()
    assert ROOF_ESTIMATE[ROOF_BUILDING[tab.width]] in warning and "±25%" in warning, warning
    assert _item(url, item_id).version == before.version  # nothing saved yet
    _fits(tab)
    _confirm(tab, "含地下车库顶板防水，已复测", "确认并保存")
    tab.get_by_text("已保存 1 个项目的修改。").wait_for()
    saved = _item(url, item_id)
    assert (saved.planned_quantity, saved.version) == (99999, before.version + 1)
    notes = _query(
        url,
        select(AuditEntry.note).where(
            AuditEntry.entity == "work_item", AuditEntry.entity_id == item_id
        ),
    )
    assert notes == ["含地下车库顶板防水，已复测"]


def test_minus_five_is_refused_and_stays_typed(tab: Any, undo_app: tuple[str, str]) -> None:
    base, url = undo_app
    site_id, _, _ = _place(url, "10")
    entries = len(_query(url, select(AuditEntry.id)))
    _open(tab, base, f"work_items_editor?site={site_id}", "工程项目编辑")
    # In the table: "-5" reaches the rules (the column has no minimum that drops the sign).
    _type_planned(tab, "-5")
    tab.get_by_role("button", name="保存修改").click()
    tab.get_by_text("计划工程量不能为负数（填写的是：-5）", exact=False).first.wait_for()
    assert len(_query(url, select(AuditEntry.id))) == entries  # nothing stored
    tab.get_by_role("button", name="放弃修改并重新载入").click()  # the add form waits for it
    planned = tab.get_by_label("计划工程量")
    planned.wait_for(state="attached")
    # In the add form: refused beside the field, still there as typed.
    tab.get_by_text("添加工程项目").click()
    planned.wait_for()
    planned.fill("-5")
    tab.get_by_role("button", name="添加", exact=True).click()
    tab.get_by_text("不能为负数（填写的是：-5）", exact=False).first.wait_for()
    assert tab.get_by_label("计划工程量").input_value() == "-5"  # kept as typed
    assert len(_query(url, select(AuditEntry.id))) == entries  # nothing stored
    _fits(tab)


def _public_page(tab: Any, public: str) -> tuple[float, list[str]]:
    """What the resident's plain page of 光辉 shows: (the completed quantities of its kinds of
    work added up, the items of "最近更新")."""
    tab.goto(f"{public}/p/c2023_01")
    tab.get_by_role("heading", name="最近更新").wait_for()
    lines = tab.locator("li.card p", has_text="已完成").all_inner_texts()
    completed = [
        float(line.split("已完成", 1)[1].split("/", 1)[0].strip().replace(",", ""))
        for line in lines
    ]
    assert completed, lines
    return sum(completed), tab.locator("ul.recent li").all_inner_texts()


def test_a_decreasing_completed_quantity_asks_for_a_reason(
    tab: Any, undo_app: tuple[str, str], public_pages: str
) -> None:
    base, url = undo_app
    site_id, _, _ = _place(url, "10")
    done_before, news_before = _public_page(tab, public_pages)  # before the correction
    _open(tab, base, f"field_progress?site={site_id}", "现场进度")
    tab.get_by_text("显示全部工程（不只今天的）").click()
    tab.get_by_role("button", name="一次保存").wait_for()
    quantity = tab.get_by_label("累计完成工程量")
    was = float(quantity.input_value().replace(",", ""))
    lower = was - 100
    quantity.fill(f"{lower:g}")
    tab.get_by_label("现场说明").fill("按实测更正")
    tab.get_by_role("button", name="一次保存").click()
    tab.get_by_text("更正已报完成量须填写原因", exact=False).first.wait_for()
    assert tab.get_by_label("现场说明").input_value() == "按实测更正"  # kept meanwhile
    assert float(tab.get_by_label("累计完成工程量").input_value()) == lower
    _fits(tab)
    _confirm(tab, "上次误报，按实测更正", "一次保存")
    tab.get_by_text("已保存：工程量、说明和 0 张照片。").wait_for()
    (note,) = _query(
        url,
        select(AuditEntry.note)
        .where(AuditEntry.entity == "work_item", AuditEntry.note == "上次误报，按实测更正")
        .order_by(col(AuditEntry.id).desc())
        .limit(1),
    )
    assert note == "上次误报，按实测更正"
    # The resident's page shows the corrected quantity, and the drop is not news.
    done_after, news_after = _public_page(tab, public_pages)
    assert abs(done_before - 100 - done_after) <= 1, (done_before, done_after)
    assert set(news_after) <= set(news_before), news_after  # nothing new in 最近更新


def test_a_field_report_with_one_bad_photo_keeps_the_rest(
    tab: Any, undo_app: tuple[str, str]
) -> None:
    base, url = undo_app
    site_id, _, _ = _place(url, "10")
    photos = len(_query(url, select(SitePhoto.id)))
    _open(tab, base, f"field_progress?site={site_id}", "现场进度")
    tab.get_by_text("显示全部工程（不只今天的）").click()
    tab.get_by_role("button", name="一次保存").wait_for()
    good = gps_jpeg(seed=tab.width)  # a photo of its own per width (a repeat is refused)
    tab.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(
        files=[
            {"name": f"roof_{tab.width}.jpg", "mimeType": "image/jpeg", "buffer": good},
            {"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": not_an_image()},
        ]
    )
    tab.get_by_text("notes.jpg").first.wait_for()
    tab.get_by_label("现场说明").fill("屋面卷材铺设完成")
    tab.get_by_role("button", name="一次保存").click()
    tab.get_by_text("以下照片未保存", exact=False).first.wait_for()
    tab.get_by_text("notes.jpg: ", exact=False).first.wait_for()
    _fits(tab)
    names = _query(url, select(SitePhoto.file_name))
    assert len(names) == photos + 1 and f"roof_{tab.width}.jpg" in names


def test_a_withdrawn_item_is_restored(tab: Any, undo_app: tuple[str, str]) -> None:
    base, url = undo_app
    number = {1440: "2", 390: "3"}[tab.width]
    site_id, building_id, item_id = _place(url, number)
    _open(tab, base, f"work_items_editor?site={site_id}&building={building_id}", "工程项目编辑")
    tab.get_by_text("撤回或恢复项目").click()
    form = tab.get_by_test_id("stForm").filter(has_text="撤回项目")
    form.get_by_label("原因（记入操作记录）").fill("录错楼栋")
    form.get_by_role("button", name="撤回项目").click()
    tab.get_by_text("已撤回「屋面防水」", exact=False).wait_for()
    assert _item(url, item_id).withdrawn_at is not None
    _fits(tab)
    tab.get_by_role("button", name="恢复").click()
    tab.get_by_text("已恢复「屋面防水」", exact=False).wait_for()
    assert _item(url, item_id).withdrawn_at is None
    actions = _query(
        url,
        select(AuditEntry.action, AuditEntry.note)
        .where(AuditEntry.entity == "work_item", AuditEntry.entity_id == item_id)
        .order_by(col(AuditEntry.id)),
    )
    assert actions == [("withdraw", "录错楼栋"), ("restore", "")]
