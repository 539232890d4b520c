"""What the plain pages say, as an outside tester read them on a phone: English without
Chinese leftovers, the sample-data note where it is true, a road as a road, overdue works
marked and the day the figures are as of, the notice on a phone and on A4, a survey box only
with a survey, and an accepted work's warranty with a link to report a defect."""

from __future__ import annotations

import html
import re
from datetime import date

from sqlmodel import Session, select

from db.models import Site
from planner.fieldwork import acceptance as acc
from planner.fieldwork.warranty import WarrantyPolicy
from planner.works.queries import items_with_scope
from tests.public_web.conftest import SITE, form_fields, send, settings, stored
from tests.public_web.serving import Client, serving

TEXT = "新装的路灯有两盏不亮了，晚上很黑，请维修"


def _visible(page: str) -> str:
    """The words of a page (tags, the stylesheet and the QR code dropped), unescaped."""
    page = re.sub(r"<style>.*?</style>|<svg.*?</svg>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


# -- English -------------------------------------------------------------------------------


def test_the_english_pages_say_their_units_and_labels_in_english(plain):
    visitor = plain.visitor()
    notice = _visible(visitor.get(f"/p/{SITE}/notice?lang=en").text)
    assert "242 items" in notice and "242 个" not in notice  # 广汇's parking spaces
    assert "36 sets" in notice and "套" not in notice
    form = visitor.get(f"/p/{SITE}/feedback?lang=en").text
    assert "Entrance (optional)" in form and "单元" not in form
    page = _visible(visitor.get(f"/p/{SITE}?lang=en").text)
    assert "Total investment (contract price)" in page
    assert "Contract price" not in page


# -- the sample-data note ------------------------------------------------------------------


def test_only_the_2023_programmes_compounds_say_their_totals_are_the_reports(plain):
    visitor = plain.visitor()
    for path in (f"/p/{SITE}", f"/p/{SITE}/notice"):
        assert "改造总量与 2023 年公开报告一致" in _visible(visitor.get(path).text), path
    for key in ("c2024_01", "xinhua_road", "xiyu_garden"):
        for path in (f"/p/{key}", f"/p/{key}/notice"):
            text = _visible(visitor.get(path).text)
            assert "2023 年公开报告" not in text, path
            assert "示意样例数据" in text, path
        english = _visible(visitor.get(f"/p/{key}?lang=en").text)
        assert "public report" not in english and "illustrative sample data" in english


# -- a road is no compound -----------------------------------------------------------------


def test_a_road_gives_its_length_not_zero_buildings(plain):
    visitor = plain.visitor()
    page = _visible(visitor.get("/p/xinhua_road").text)
    assert "全长 14,540 米" in page
    assert "栋楼" not in page and "— 户" not in page
    notice = _visible(visitor.get("/p/xinhua_road/notice").text)
    assert "改造范围：全长 14,540 米。" in notice and "0 栋楼" not in notice
    assert "14,540 m long" in _visible(visitor.get("/p/xinhua_road?lang=en").text)
    # A compound keeps its buildings and households.
    assert "23 栋楼　804 户" in _visible(visitor.get(f"/p/{SITE}").text)


# -- overdue works, and the day the figures are as of --------------------------------------


def test_overdue_works_are_marked_on_the_page_and_the_notice_as_on_the_staff_pages(
    seeded_engine,
):
    """c2024_01: the roofs were due on 2024-06-15, the wall insulation on 2024-08-20, the
    paint on 2024-09-30; none is finished (the staff pages' rule, planner.works.overdue)."""
    with serving(seeded_engine, settings()) as (base, pages):
        visitor = Client(base)
        pages.today = lambda: date(2024, 7, 1)
        first = visitor.get("/p/c2024_01")
        page = _visible(first.text)
        assert page.count("逾期") == 1 and "逾期：原计划 2024-06-15 完成" in page
        assert page.count("数据截至 2024-07-01") == 1
        notice = _visible(visitor.get("/p/c2024_01/notice").text)
        assert notice.count("逾期") == 1 and notice.count("数据截至 2024-07-01") == 1
        assert "Overdue: due by 2024-06-15" in visitor.get("/p/c2024_01?lang=en").text
        # A new day is a new page, though nothing changed in the data.
        pages.today = lambda: date(2024, 8, 21)
        later = visitor.get("/p/c2024_01", If_None_Match=first.headers["etag"])
        assert later.status == 200 and later.headers["etag"] != first.headers["etag"]
        later_page = _visible(later.text)
        assert later_page.count("逾期") == 2 and "原计划 2024-08-20 完成" in later_page
        assert "数据截至 2024-08-21" in later_page
        # Finished works are never overdue.
        assert "逾期" not in _visible(visitor.get(f"/p/{SITE}").text)


# -- the notice on a phone and on A4 -------------------------------------------------------


def test_the_notice_fits_a_phone_links_back_and_keeps_dates_whole(plain):
    visitor = plain.visitor()
    notice = visitor.get(f"/p/{SITE}/notice").text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in notice
    assert f'<a href="/p/{SITE}">' in notice  # back to the compound's page
    assert re.search(r"@media print \{[^}]*\.back \{ display: none; \}", notice)
    # Every date in the 计划工期 column whole (a break only between the two).
    assert "<span class='day'>2023-05-06</span> – <span class='day'>2023-07-03</span>" in notice
    assert re.search(r"\.day \{ white-space: nowrap; \}", notice)
    english = visitor.get(f"/p/{SITE}/notice?lang=en").text
    assert f'<a href="/p/{SITE}?lang=en">' in english


def test_the_notice_says_whether_the_works_are_done_under_way_or_to_come(plain):
    visitor = plain.visitor()
    for key, words in (
        (SITE, "已实施以下改造工程"),  # every work finished
        ("c2024_01", "正在实施以下改造工程"),  # the roofs begun
        ("c2024_02", "将实施以下改造工程"),  # nothing begun
    ):
        notice = _visible(visitor.get(f"/p/{key}/notice").text)
        assert words in notice, key
    english = _visible(visitor.get(f"/p/{SITE}/notice?lang=en").text)
    assert "the following works were carried out" in english


# -- the survey box ------------------------------------------------------------------------


def test_without_a_survey_there_are_no_zero_figures_and_messages_are_counted_apart(plain):
    visitor = plain.visitor()
    page = _visible(visitor.get(f"/p/{SITE}").text)
    assert "参与人次" not in page and "支持率" not in page
    assert "这个小区还没有登记居民调查结果" in page
    assert "已收到居民意见和建议：1 条" in page  # the adopted suggestion on street lights
    assert send(visitor, TEXT).status == 303
    page = _visible(visitor.get(f"/p/{SITE}").text)
    assert "已收到居民意见和建议：2 条" in page and "参与人次" not in page
    # A compound with a survey shows its figures, its suggestions among them.
    road = _visible(visitor.get("/p/xinhua_road").text)
    assert "参与人次" in road and "支持率" in road and "已收到居民意见和建议" not in road


# -- acceptance, warranty, a defect ----------------------------------------------------------


def _accept_street_lights(engine) -> int:  # noqa: ANN001
    """Record that 广汇's street lights passed acceptance on 2023-10-20 (no photos): their id."""
    with Session(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.key == SITE)).one()
        (lights,) = items_with_scope(session, site_id=site_id, scope_keys=["street_lights"])
        acc.record_acceptance(
            session,
            acc.NewAcceptance(lights.id, date(2023, 10, 20), "passed", "住建局 李工\n监理 张工"),
            actor="test",
            today=date(2023, 10, 21),
        )
        session.commit()
        return lights.id


def test_an_accepted_work_shows_its_warranty_and_a_link_to_report_a_defect(plain):
    lights = _accept_street_lights(plain.engine)
    policy = WarrantyPolicy.from_settings(settings())
    until = policy.end_date("street_lights", date(2023, 10, 20))
    assert until is not None
    visitor = plain.visitor()
    page = visitor.get(f"/p/{SITE}").text
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", page)
    # Acceptance under a heading of its own; no photo heading without photos.
    assert "竣工验收与保修" in headings and "改造前后照片" not in headings
    text = _visible(page)
    assert "2023-10-20 竣工验收合格" in text and f"保修期至 {until.isoformat()}" in text
    report = f"/p/{SITE}/feedback?work={lights}"
    assert f'<a href="{report}">发现质量问题？告诉我们</a>' in page
    # The link opens the form on that work, its category chosen; the report carries it.
    form = visitor.get(report)
    assert "反映「路灯」的问题" in _visible(form.text)
    assert form_fields(form)["work"] == str(lights)
    assert '<option value="lighting" selected>' in form.text
    sent = visitor.post(f"/p/{SITE}/feedback", {**form_fields(form), "text": TEXT})
    assert sent.status == 303
    (suggestion,) = stored(plain.engine, TEXT)
    assert suggestion.reported_work_item_id == lights and suggestion.category == "lighting"
    english = visitor.get(f"/p/{SITE}?lang=en").text
    assert f'<a href="{report}&amp;lang=en">Found a defect? Tell us</a>' in english


def test_a_work_of_another_compound_is_refused_and_the_message_kept(plain):
    with Session(plain.engine) as session:
        other_site = session.exec(select(Site.id).where(Site.key == "c2023_02")).one()
        other = items_with_scope(session, site_id=other_site)[0].id
    visitor = plain.visitor()
    # A link naming another compound's work opens the form on no work.
    form = visitor.get(f"/p/{SITE}/feedback?work={other}")
    assert form.status == 200 and "work" not in form_fields(form)
    assert "反映「" not in _visible(form.text)
    # A forged hidden field is checked when the form is sent: refused, the text kept.
    forged = visitor.post(
        f"/p/{SITE}/feedback", {**form_fields(form), "text": TEXT, "work": str(other)}
    )
    assert forged.status == 422 and html.escape(TEXT) in forged.text
    assert "链接所指的工程不属于这个小区" in forged.text
    assert "work" not in form_fields(forged) and stored(plain.engine, TEXT) == []
    # Sent again as it came back, it goes, about no work.
    again = visitor.post(f"/p/{SITE}/feedback", {**form_fields(forged), "text": TEXT})
    assert again.status == 303
    (suggestion,) = stored(plain.engine, TEXT)
    assert suggestion.reported_work_item_id is None
