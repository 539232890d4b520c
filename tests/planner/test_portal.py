"""The public compound view, feedback, the stable link, QR codes and the printed notice."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func
from sqlmodel import select

from db.models import (
    AuditEntry,
    FeedbackContact,
    FeedbackReceipt,
    Programme,
    ScopeType,
    Site,
    Suggestion,
    SuggestionStatus,
    WorkItem,
)
from db.session import session_scope
from planner.portal.actions import submit_feedback
from planner.portal.feedback import Feedback, FeedbackRefused
from planner.portal.notice import compound_url, notice_html, qr_png, qr_svg
from planner.portal.receipts import feedback_status
from planner.portal.view import (
    get_site_by_key,
    markdown_text,
    mask_personal_numbers,
    public_site_view,
)
from planner.works.queries import items_with_scope

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("电话13912345678", "电话***********"),
        ("座机0937-6221234，谢谢", "座机************，谢谢"),
        ("身份证62020019800101123X", "身份证******************"),
        ("3号楼2单元有12户", "3号楼2单元有12户"),  # short numbers stay
        ("订单号 139123456789012", "订单号 ***************"),  # a long run is masked too
    ],
)
def test_mask_personal_numbers(text, masked):
    assert mask_personal_numbers(text) == masked


def test_markdown_text_shows_markup_as_typed():
    escaped = markdown_text("![x](http://evil/x.png) <b>**bold**</b>")
    assert "![" not in escaped and "](" not in escaped and "<b>" not in escaped
    # As typed, once the escapes and the invisible joiner that stops autolinks are read.
    read = escaped.replace("\\", "").replace("\u2060", "")
    assert read == "![x](http://evil/x.png) <b>**bold**</b>"


def test_public_view_adds_up_the_works_of_guanghui(seeded_engine):
    with session_scope(seeded_engine) as session:
        site = get_site_by_key(session, "c2023_01")
        view = public_site_view(session, site)
        planned = dict(
            session.exec(
                select(ScopeType.key, func.sum(WorkItem.planned_quantity))
                .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
                .where(WorkItem.site_id == site.id)
                .group_by(ScopeType.key)
            ).all()
        )
    assert {w.scope_key: w.planned for w in view.works} == pytest.approx(planned)
    assert 0 < view.progress <= 1
    assert view.buildings > 0 and view.illustrative
    street_lights = [a for a in view.adopted if a.scope_key == "street_lights"]
    assert street_lights and street_lights[0].answer


def test_public_view_masks_a_number_typed_into_an_adopted_suggestion(seeded_engine):
    with session_scope(seeded_engine) as session:
        site = get_site_by_key(session, "c2023_02")
        session.add(
            Suggestion(
                site_id=site.id,
                text="请在3号楼前加装路灯，联系我13912345678",
                category="lighting",
                status=SuggestionStatus.ADOPTED,
                public_answer="已采纳。",
            )
        )
    with session_scope(seeded_engine) as session:
        view = public_site_view(session, get_site_by_key(session, "c2023_02"))
    assert "13912345678" not in json.dumps([a.text for a in view.adopted], ensure_ascii=False)
    assert any("***********" in a.text for a in view.adopted)


def _site_id(engine, key):
    with session_scope(engine) as session:
        return session.exec(select(Site.id).where(Site.key == key)).one()


def test_submit_feedback_keeps_the_phone_apart_and_out_of_the_log(seeded_engine):
    site_id = _site_id(seeded_engine, "c2023_01")
    sent = submit_feedback(
        seeded_engine,
        Feedback(site_id, "  小区停车位太少，希望增加车位  ", phone="139 1234 5678"),
        client="203.0.113.1",
    )
    suggestion_id = sent.suggestion_id
    with session_scope(seeded_engine) as session:
        stored = session.get(Suggestion, suggestion_id)
        assert (stored.text, stored.category, stored.status) == (
            "小区停车位太少，希望增加车位",
            "parking",
            "received",
        )
        assert session.get(FeedbackContact, suggestion_id).phone == "+8613912345678"
        entry = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "suggestion", AuditEntry.entity_id == suggestion_id
            )
        ).one()
        assert "139" not in (entry.after or "") and entry.actor == "portal"


@pytest.mark.parametrize(
    ("sent_at", "day"),
    [
        (datetime(2024, 3, 1, 17, 30, tzinfo=UTC), date(2024, 3, 2)),  # 01:30 in the city
        (datetime(2024, 3, 1, 15, 59, tzinfo=UTC), date(2024, 3, 1)),  # 23:59 in the city
    ],
)
def test_the_status_page_gives_the_day_it_was_sent_in_the_city(seeded_engine, sent_at, day):
    site_id = _site_id(seeded_engine, "c2023_01")
    sent = submit_feedback(seeded_engine, Feedback(site_id, "楼道灯坏了，请修理"), client="::1")
    with session_scope(seeded_engine) as session:
        receipt = session.get(FeedbackReceipt, sent.reference)
        receipt.created_at = sent_at
        session.add(receipt)
    with session_scope(seeded_engine) as session:
        assert feedback_status(session, sent.reference).sent == day


@pytest.mark.parametrize(
    ("feedback", "key"),
    [
        (Feedback(0, "短"), "feedback.error.too_short"),
        (Feedback(0, "x" * 501), "feedback.error.too_long"),
        (Feedback(0, "正常的建议内容", category="nonsense"), "feedback.error.category"),
        (Feedback(0, "正常的建议内容", phone="12345"), "feedback.error.phone"),
        (Feedback(0, "正常的建议内容", unit_number="2单元<"), "feedback.error.unit"),
        (Feedback(0, "正常的建议内容", building_number="99"), "feedback.error.building"),
    ],
)
def test_submit_feedback_refuses_bad_input_and_writes_nothing(seeded_engine, feedback, key):
    site_id = _site_id(seeded_engine, "c2023_01")
    with session_scope(seeded_engine) as session:
        before = session.exec(select(func.count()).select_from(Suggestion)).one()
    with pytest.raises(FeedbackRefused) as refused:
        submit_feedback(
            seeded_engine,
            Feedback(site_id, *list(feedback.__dict__.values())[1:]),
            client="203.0.113.2",
        )
    assert refused.value.key == key
    with session_scope(seeded_engine) as session:
        assert session.exec(select(func.count()).select_from(Suggestion)).one() == before


def test_compound_url_is_stable_and_quoted():
    assert compound_url("https://gz.example.cn/", "c2023_01") == (
        "https://gz.example.cn/p/c2023_01"
    )
    assert compound_url("http://h", "a b&c") == "http://h/p/a%20b%26c"


def test_qr_codes_are_png_and_svg():
    url = "https://gz.example.cn/p/c2023_01"
    assert qr_png(url).startswith(b"\x89PNG\r\n\x1a\n")
    svg = qr_svg(url)
    assert svg.startswith("<?xml") and "<svg" in svg and "<path" in svg


def test_notice_escapes_names_and_holds_the_works(seeded_engine):
    with session_scope(seeded_engine) as session:
        site = get_site_by_key(session, "c2023_01")
        site.name_zh = HOSTILE
        view = public_site_view(session, site)
        session.rollback()
    html = notice_html(view, "https://gz.example.cn/p/c2023_01", contact=HOSTILE, contact_phone="")
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "屋顶重做防水层" in html and "<svg" in html
    assert "@page" in html and "A4" in html
    assert "010902001" not in html  # plain words, not BoQ codes


@pytest.mark.parametrize("day", [date(2024, 6, 15), date(2024, 7, 1), date(2024, 9, 1)])
def test_a_work_is_overdue_on_the_public_page_as_on_the_staff_pages(seeded_engine, day):
    """One rule (planner.works.overdue): the public page marks the kinds of work of which the
    staff's overdue list names an item, from the earliest such item's planned end."""
    from planner.works.reads import overdue_works

    with session_scope(seeded_engine) as session:
        site = get_site_by_key(session, "c2024_01")
        view = public_site_view(session, site, today=day)
        programme_id = session.exec(select(Programme.id).where(Programme.key == "p2024")).one()
        site_id = site.id
        scope_of = {i.id: i.scope_key for i in items_with_scope(session, site_id=site_id)}
    staff = overdue_works(seeded_engine, programme_id, today=day, site_id=site_id)
    expected: dict[str, date] = {}
    for work in staff:
        scope = scope_of[work.item_id]
        expected[scope] = min(work.planned_end, expected.get(scope, work.planned_end))
    public = {w.scope_key: w.overdue_since for w in view.works if w.overdue_since}
    assert public == expected
    assert view.as_of == day
    assert bool(public) == (day > date(2024, 6, 15))  # the roofs' planned end: due that day
