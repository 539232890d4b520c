"""Feedback through the plain form (/p/<key>/feedback): never lost, stored once, CSRF-safe,
within the database-held limits, and a status page that tells the sender nothing private."""

from __future__ import annotations

import html

from sqlmodel import Session

from db.models import Suggestion, SuggestionStatus
from tests.public_web.conftest import (
    SITE,
    count_contacts,
    form_fields,
    send,
    settings,
    stored,
)
from tests.public_web.serving import Client, serving

TEXT = "三号楼门口的路灯坏了，晚上很黑，请尽快修理"


def test_a_double_tap_or_a_resend_stores_one_message(plain):
    visitor = plain.visitor()
    form = visitor.get(f"/p/{SITE}/feedback")
    fields = {**form_fields(form), "text": TEXT}
    first = visitor.post(f"/p/{SITE}/feedback", fields)
    second = visitor.post(f"/p/{SITE}/feedback", fields)  # the same form, sent again
    assert first.status == second.status == 303
    assert first.headers["location"] == second.headers["location"]
    assert len(stored(plain.engine, TEXT)) == 1
    status = visitor.get(first.headers["location"])
    assert status.status == 200 and "已收到您的意见" in status.text
    # Another text, or the same text from another browser, is a new message.
    assert send(visitor, TEXT + "，谢谢").status == 303
    assert send(Client(plain.base), TEXT).status == 303
    assert len(stored(plain.engine, TEXT)) == 2


def test_back_after_sending_then_send_again_stores_one_message(seeded_engine):
    """Back from the status page shows the form anew (a fresh one-time key) with the text the
    browser kept; sending it again is the same message: stored once, the first reference,
    and the sender's limit not used up by it."""
    with serving(seeded_engine, settings(feedback_limit=2)) as (base, _pages):
        visitor = Client(base)
        form = visitor.get(f"/p/{SITE}/feedback")
        assert form.headers["cache-control"] == "no-store"  # Back asks the server again
        first = visitor.post(f"/p/{SITE}/feedback", {**form_fields(form), "text": TEXT})
        again = visitor.get(f"/p/{SITE}/feedback")  # Back: a new form, a new key
        assert form_fields(again)["request_key"] != form_fields(form)["request_key"]
        typed = TEXT.replace("，", "， \n", 1) + " "  # kept as typed, give or take a space
        second = visitor.post(f"/p/{SITE}/feedback", {**form_fields(again), "text": typed})
        assert first.status == second.status == 303
        assert first.headers["location"] == second.headers["location"]
        assert len(stored(seeded_engine, TEXT)) == 1
        # With a phone number added it is not the same message: nothing typed is dropped.
        with_phone = send(visitor, TEXT, phone="13912345678")
        assert with_phone.headers["location"] != first.headers["location"]
    held = [m.status for m in stored(seeded_engine, TEXT)]
    assert held == ["received", "received"]  # the resend did not count against the 2


def test_a_refused_message_comes_back_with_what_was_typed_and_the_reason_beside_it(plain):
    visitor = plain.visitor()
    wrong_phone = send(visitor, TEXT, phone="12345", unit="3")
    assert wrong_phone.status == 422
    assert html.escape(TEXT) in wrong_phone.text and 'value="12345"' in wrong_phone.text
    assert 'id="phone-error"' in wrong_phone.text and "电话号码格式不正确" in wrong_phone.text
    assert 'aria-invalid="true"' in wrong_phone.text
    short = send(visitor, "路灯")
    assert short.status == 422 and ">路灯</textarea>" in short.text
    assert 'id="text-error"' in short.text
    assert stored(plain.engine, TEXT) == [] and stored(plain.engine, "路灯") == []


def test_a_text_past_the_stated_limit_is_refused_and_kept_whole(plain):
    visitor = plain.visitor()
    form = visitor.get(f"/p/{SITE}/feedback")
    assert "5 到 500 个字" in form.text  # the limit is stated
    assert "maxlength" not in form.text.split("<textarea")[1].split(">")[0]  # nothing cut
    long_text = "路灯不亮" * 130  # 520 characters
    answer = send(visitor, long_text)
    assert answer.status == 422
    assert long_text in answer.text
    assert "共 520 个字，最多 500 个字，请删减 20 个字" in answer.text
    assert stored(plain.engine, long_text) == []


def test_a_post_without_the_forms_token_or_cookie_is_refused_and_keeps_the_text(plain):
    visitor = plain.visitor()
    fields = form_fields(visitor.get(f"/p/{SITE}/feedback"))
    no_token = visitor.post(f"/p/{SITE}/feedback", {**fields, "csrf": "", "text": TEXT})
    assert no_token.status == 403 and html.escape(TEXT) in no_token.text
    # Another site's page posting in the visitor's browser has neither cookie nor token; a
    # token taken from another visitor's form does not match this visitor's cookie.
    stranger = Client(plain.base)
    forged = stranger.post(f"/p/{SITE}/feedback", {**fields, "text": TEXT})
    assert forged.status == 403
    assert stored(plain.engine, TEXT) == []
    # The form sent back carries a fresh token: sending it again works.
    retry = visitor.post(f"/p/{SITE}/feedback", {**form_fields(no_token), "text": TEXT})
    assert retry.status == 303 and len(stored(plain.engine, TEXT)) == 1


def test_the_limits_hold_from_many_addresses(seeded_engine):
    """Behind the proxy each message comes from another address: one network's flood is held
    past its limit, and the compound's limit holds across networks (held, never refused)."""
    limits = settings(
        feedback_limit=2,
        feedback_site_limit_per_hour=5,
        trusted_proxy_header="X-Forwarded-For",
        trusted_proxies="127.0.0.1/32",
    )
    with serving(seeded_engine, limits) as (base, _pages):
        for n in range(4):  # one /24, four addresses
            visitor = Client(base)
            address = {"X-Forwarded-For": f"203.0.113.{10 + n}"}
            page = visitor.request(f"/p/{SITE}/feedback", headers=address)
            fields = {**form_fields(page), "text": f"{TEXT}（同一网段 {n}）"}
            answer = visitor.request(f"/p/{SITE}/feedback", fields, address)
            assert answer.status == 303
        for n in range(6):  # six networks
            visitor = Client(base)
            address = {"X-Forwarded-For": f"198.{51 + n}.100.7"}
            page = visitor.request(f"/p/{SITE}/feedback", headers=address)
            fields = {**form_fields(page), "text": f"{TEXT}（不同网段 {n}）"}
            assert visitor.request(f"/p/{SITE}/feedback", fields, address).status == 303
    with Session(seeded_engine) as session:
        same = [stored(seeded_engine, f"{TEXT}（同一网段 {n}）")[0].status for n in range(4)]
        spread = [stored(seeded_engine, f"{TEXT}（不同网段 {n}）")[0].status for n in range(6)]
        assert session is not None
    assert same == ["received", "received", "held", "held"]
    # The compound's 5 an hour: 2 from the first network, 3 more, then held.
    assert spread == ["received"] * 3 + ["held"] * 3


def test_the_status_page_says_where_a_message_stands_and_nothing_private(plain):
    visitor = plain.visitor()
    sent = send(visitor, TEXT, phone="13912345678", building="1", unit="2")
    assert sent.status == 303, sent.text
    reference_path = sent.headers["location"].split("?")[0]
    other = send(Client(plain.base), "另一位居民的意见：楼道灯不亮", phone="13800000000")
    assert other.status == 303
    assert count_contacts(plain.engine) == 2
    stranger = Client(plain.base)  # anyone with the reference sees the same page
    page = stranger.get(reference_path)
    assert page.status == 200
    for private in ("13912345678", "139", TEXT, "另一位居民", "13800000000", "楼栋"):
        assert private not in page.text, private
    assert "已收到，等待处理" in page.text and "暂无答复" in page.text
    # The bureau decides: the state and its public answer appear; still nothing private.
    (suggestion,) = stored(plain.engine, TEXT)
    with Session(plain.engine) as session:
        row = session.get(Suggestion, suggestion.id)
        assert row is not None
        row.status = SuggestionStatus.ADOPTED
        row.public_answer = "已列入今年路灯更换计划，联系电话 13912345678 的居民已回访。"
        session.add(row)
        session.commit()
    page = stranger.get(reference_path)
    assert "已采纳" in page.text and "已列入今年路灯更换计划" in page.text
    assert "13912345678" not in page.text  # a number typed into an answer is masked
    assert stranger.get("/p/feedback/AAAAAAAAAA").status == 404
    assert stranger.get("/p/feedback/1").status == 404  # ids are not references
