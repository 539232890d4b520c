"""Issue #21, items 2 and 4: feedback caps that denied residents, and triage's stale saves.

Replayed as reproduced, addresses made distinct (documentation ranges). Messages go through
the same calls as the compound page's form (check, count, store), many of them; one of each
kind goes through the page itself. Imports sit inside the tests, so each runs, and fails on
its own, against the code before the fix too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlmodel import Session, select

from db.session import make_engine, session_scope
from planner.runtime.startup import ensure_database_ready

ROOT = Path(__file__).resolve().parents[2]
REAL = "3号楼楼道灯坏了一个月了，晚上老人上下楼很危险，请尽快维修。"


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'portal.db'}")
    ensure_database_ready(engine)
    yield engine
    engine.dispose()


def _site_id(engine, key: str) -> int:
    from planner.portal.view import get_site_by_key

    with Session(engine) as session:
        return get_site_by_key(session, key).id


def _send(engine, address: str, site_id: int, text: str) -> str:
    """One message as the compound page's form sends it (the portal's action: check, count,
    store): "received", "held" or "refused", as stored."""
    from db.models import Suggestion
    from planner.portal import actions
    from planner.portal import feedback as fb

    message = fb.Feedback(site_id, text)
    try:
        sent = actions.submit_feedback(engine, message, client=address)
    except fb.FeedbackRefused:
        return "refused"
    with Session(engine) as session:
        return str(session.get(Suggestion, sent.suggestion_id).status)


# ---------------------------------------------------------------------------------------------
# Item 2: feedback caps deny residents


def test_item02_ten_addresses_cannot_close_a_compound(engine):
    """10 addresses × 3 messages closed one compound for 34 minutes; a resident writing from
    another address was refused. Now the surplus is held for review and the resident's
    message is stored."""
    site = _site_id(engine, "c2023_02")
    outcomes = [
        _send(engine, f"198.51.{100 + i}.{10 + i}", site, f"刷屏消息{i}-{n}：停车位不够用")
        for i in range(10)
        for n in range(3)
    ]
    assert "refused" not in outcomes
    assert _send(engine, "192.0.2.44", site, REAL) in ("received", "held")


def test_item02_a_city_wide_flood_does_not_refuse_a_resident_elsewhere(engine):
    """102 addresses × 3 messages (89 s) closed feedback city-wide; a real resident of an
    untouched compound was refused. Now nothing is refused, and what is past the limits is
    held, out of the triage queue."""
    from planner.surveys.suggestions import triage_queue

    sites = [_site_id(engine, f"c2023_{n:02d}") for n in range(1, 11)]
    outcomes = [
        _send(engine, f"203.0.{i}.{i % 250 + 1}", sites[i % 10], f"刷屏{i}-{n}：路灯路灯")
        for i in range(102)
        for n in range(3)
    ]
    assert "refused" not in outcomes
    untouched = _site_id(engine, "c2023_15")
    assert _send(engine, "192.0.2.99", untouched, REAL) in ("received", "held")
    with Session(engine) as session:
        queue = triage_queue(session, statuses=["received", "evaluating"], page_size=200)
        held = triage_queue(session, statuses=["held"], page_size=1)
    assert held.total >= 6  # past the overall limit (300 an hour)
    assert queue.total + held.total >= 307


def test_item02_limits_count_per_24_and_per_64(engine):
    """One machine has a whole network of addresses: the limit counts per /24 (IPv4) and per
    /64 (IPv6), so the fourth message from a fourth address of one /24 is held."""
    site = _site_id(engine, "c2023_03")
    same_24 = [_send(engine, f"198.51.100.{n}", site, f"第{n}条：积水排水") for n in (1, 2, 3, 4)]
    assert same_24[:3] == ["received"] * 3 and same_24[3] == "held"
    assert _send(engine, "198.51.101.1", site, "隔壁网段：积水排水") == "received"
    same_64 = [
        _send(engine, f"2001:db8:5:7::{n:x}", site, f"IPv6 第{n}条：积水") for n in (1, 2, 3, 4)
    ]
    assert same_64[:3] == ["received"] * 3 and same_64[3] == "held"
    assert _send(engine, "2001:db8:5:8::1", site, "另一个 /64：积水") == "received"


def test_item02_the_resident_sees_a_thank_you_not_a_refusal(anonymous_app, monkeypatch):
    """Through the compound page: a flood from one network, then a resident of that network
    sends a message: it is stored (held) and the page thanks them, no error."""
    import pages._auth as auth
    from db.models import Suggestion

    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    site = _site_id(engine, "c2023_02")
    for n in range(4):
        _send(engine, f"198.51.100.{n + 1}", site, f"刷屏消息{n}：停车位不够用")
    monkeypatch.setattr(auth, "client_address", lambda: "198.51.100.200", raising=False)
    at = anonymous_app
    at.query_params["site"] = "c2023_02"
    at.run()
    at.switch_page("pages/compound.py").run()
    at.text_area(key="feedback_text").input(REAL)
    at.button[-1].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "已收到" in at.success[0].value
    with Session(engine) as session:
        stored = session.exec(select(Suggestion).where(Suggestion.text == REAL)).one()
    engine.dispose()
    assert stored.status == "held"


def test_item02_bulk_actions_act_on_every_page_of_a_filter(app):
    """The triage queue's bulk spam marking acted on one page of 50: the held view marks
    (or releases) every message of its filter, here 120 over three pages."""
    from db.models import FeedbackContact, Suggestion

    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    site = _site_id(engine, "c2023_04")
    for i in range(125):  # one network: 3 go to the queue, 122 are held
        _send(engine, f"198.51.100.{i % 200 + 1}", site, f"刷屏第{i}条：垃圾垃圾垃圾")
    from planner.portal import feedback as fb

    with session_scope(engine) as session:  # a held message that came with a phone number
        held_one = session.exec(select(Suggestion).where(Suggestion.status == "held")).first()
        session.add(FeedbackContact(suggestion_id=held_one.id, phone="+8613912345678"))
    at = app.run()
    at.switch_page("pages/held_feedback.py").run()
    assert not at.exception
    assert at.subheader[0].value == "待审核留言：122 条"
    at.text_input(key="held_contains").input("第12").run()  # 第12, 第120…第124 (held ones)
    assert at.subheader[0].value.startswith("待审核留言：")
    some = int(at.subheader[0].value.split("：")[1].split(" ")[0])
    at.checkbox(key="held_confirm").check().run()
    at.button(key="held_release").click().run()
    assert not at.exception
    at.text_input(key="held_contains").input("").run()
    assert at.subheader[0].value == f"待审核留言：{122 - some} 条"
    at.checkbox(key="held_confirm").check().run()
    at.button(key="held_spam").click().run()
    assert not at.exception
    with Session(engine) as session:
        statuses = session.exec(select(Suggestion.status).where(Suggestion.site_id == site)).all()
        contacts = session.exec(select(FeedbackContact.phone)).all()
    engine.dispose()
    assert statuses.count("spam") == 122 - some and "held" not in statuses
    assert statuses.count("received") == 3 + some
    assert "+8613912345678" not in contacts and fb is not None


# ---------------------------------------------------------------------------------------------
# Item 4: triage cannot detect a stale save


def test_item04_triage_keeps_the_version_from_the_moment_of_the_pick(app):
    """Staff A picks a suggestion and types an answer; meanwhile staff B saves an answer to
    it; A's save is refused as stale instead of overwriting B's public answer."""
    from db.models import Suggestion
    from planner.surveys import suggestions as sg

    at = app.run()
    at.switch_page("pages/suggestion_triage.py").run()
    picked = at.selectbox(key="tr_pick").value
    key = f"tr_{picked}"
    at.selectbox(key=f"{key}_status").set_value("not_adopted").run()
    at.text_area(key=f"{key}_answer").input("A 的答复：暂不具备条件。").run()
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with session_scope(engine) as session:  # B, in another browser
        version = session.get(Suggestion, picked).version
        change = sg.TriageChange(
            picked, status="evaluating", public_answer="B 的答复：正在评估。", version=version
        )
        sg.apply_triage(session, change, actor="staff B")
    at.button(key=f"{key}_save").click().run()
    assert not at.exception
    assert any("已被他人修改" in e.value for e in at.error), [e.value for e in at.error]
    with Session(engine) as session:
        saved = session.get(Suggestion, picked)
    engine.dispose()
    assert (saved.status, saved.public_answer) == ("evaluating", "B 的答复：正在评估。")
    assert at.text_area(key=f"{key}_answer").value == "A 的答复：暂不具备条件。"  # kept as typed


# ---------------------------------------------------------------------------------------------
# Item 5: phone numbers on the public page

#: The number as it was written to slip past the masking (each showed on the public page).
HIDDEN_NUMBERS = {
    "zero_width_joiner": "\u200d".join("13912345678"),
    "newlines": "139\n1234\n5678",
    "tabs": "139\t1234\t5678",
    "commas": "139,1234,5678",
    "underscores": "139_1234_5678",
    "chinese_numerals": "一三九一二三四五六七八",
    "financial_numerals": "壹叁玖壹贰叁肆伍陆柒捌",
}


def _digits_left(text: str) -> str:
    """The digits a reader sees in ``text`` (format characters dropped, numerals read)."""
    import unicodedata

    numerals = dict(zip("〇零一二三四五六七八九", "00123456789", strict=True))
    numerals |= dict(zip("壹贰叁肆伍陆柒捌玖", "123456789", strict=True))
    seen = [c for c in text if unicodedata.category(c) != "Cf"]
    return "".join(numerals.get(c, c) for c in seen if c.isdigit() or c in numerals)


@pytest.mark.parametrize("written", list(HIDDEN_NUMBERS), ids=list(HIDDEN_NUMBERS))
def test_item05_phone_numbers_are_masked_however_hidden(written):
    from planner.portal.view import mask_personal_numbers

    typed = HIDDEN_NUMBERS[written]
    masked = mask_personal_numbers(f"路灯坏了，联系我{typed}谢谢")
    assert "13912345678" not in _digits_left(masked), repr(masked)
    assert masked.startswith("路灯坏了，联系我") and masked.endswith("谢谢")


def test_item05_hidden_numbers_do_not_show_on_the_public_page_after_adoption(anonymous_app):
    """Each way of writing the number, adopted and shown on the compound's public page."""
    from db.models import Suggestion
    from planner.surveys import suggestions as sg

    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    site = _site_id(engine, "c2023_05")
    with session_scope(engine) as session:
        for name, typed in HIDDEN_NUMBERS.items():
            suggestion = Suggestion(
                site_id=site, text=f"{name}：电话{typed}，楼道灯坏了", category="lighting"
            )
            session.add(suggestion)
            session.flush()
            sg.apply_triage(
                session,
                sg.TriageChange(
                    suggestion.id, status="adopted", public_answer=f"已采纳，回电{typed}"
                ),
                actor="staff",
            )
    engine.dispose()
    at = anonymous_app
    at.query_params["site"] = "c2023_05"
    at.run()
    at.switch_page("pages/compound.py").run()
    assert not at.exception
    from tests.pages.conftest import page_text

    shown = page_text(at).replace("\\", "")  # as read: Markdown's escapes dropped
    assert "zero_width_joiner" in shown  # the adopted suggestions are on the page
    assert "13912345678" not in _digits_left(shown)


def test_item05_purge_masks_numbers_in_stored_message_text(tmp_path):
    """A number typed into a message's text stayed after `planner privacy purge`; now the
    purge masks it in messages past the retention period (and keeps newer ones for staff)."""
    from datetime import UTC, datetime, timedelta

    from db.models import Suggestion
    from planner.cli.main import main

    url = f"sqlite:///{tmp_path / 'purge.db'}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    site = _site_id(engine, "c2023_02")
    old = datetime.now(UTC) - timedelta(days=200)
    with session_scope(engine) as session:
        session.add(
            Suggestion(
                site_id=site,
                text="联系我 139\n1234\n5678 路灯",
                category="lighting",
                received_at=old,
            )
        )
        session.add(
            Suggestion(site_id=site, text="新的留言：一三九一二三四五六七八", category="other")
        )
    assert main(["--database-url", url, "privacy", "purge"]) == 0
    with Session(engine) as session:
        stored = session.exec(select(Suggestion.text).where(Suggestion.site_id == site)).all()
    engine.dispose()
    aged = next(t for t in stored if t.endswith("路灯") and t.startswith("联系我"))
    assert "1234" not in aged and "5678" not in aged, aged
    assert "新的留言：一三九一二三四五六七八" in stored  # within retention: staff still read it


def test_item05_a_timer_and_a_compose_job_run_the_purge():
    import configparser

    import yaml

    timer = configparser.ConfigParser(interpolation=None)
    timer.read(ROOT / "deploy" / "systemd" / "planner-purge.timer")
    assert timer["Timer"]["OnCalendar"].strip()
    service = configparser.ConfigParser(interpolation=None)
    service.read(ROOT / "deploy" / "systemd" / "planner-purge.service")
    assert service["Service"]["ExecStart"].endswith("planner privacy purge")
    compose = yaml.safe_load((ROOT / "deploy" / "compose" / "compose.yaml").read_text("utf-8"))
    assert "privacy purge" in " ".join(compose["services"]["purge"]["command"])


# ---------------------------------------------------------------------------------------------
# Item 10: out-of-range ids broke pages on PostgreSQL

OUT_OF_RANGE = ("2147483648", str(2**63), "9" * 5000)


def test_item10_ids_are_read_within_their_columns_range():
    from planner.ids import MAX_ID, parse_id, parse_ids

    assert parse_id(str(MAX_ID)) == MAX_ID
    assert [parse_id(v) for v in OUT_OF_RANGE] == [None, None, None]
    assert parse_ids(f"3,{2**31},4,x,3") == (3, 4)


@pytest.mark.postgres
def test_item10_out_of_range_ids_show_the_page_on_postgresql(monkeypatch):
    """`/compound?site=c2023_02&work=2147483648` (and 2^63, and 5,000 digits) showed
    "出现了意外错误" and logged a traceback each time on PostgreSQL; staff pages with
    ``?building=`` and ``?site=`` likewise. Now such an id names nothing and the page shows."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import app_test as app_test_module

    from pages._auth import TOKEN_KEY
    from planner.accounts.sessions import issue_login_token
    from planner.accounts.users import authenticate, create_user
    from tests.conftest import clean_postgres_url
    from tests.pages.conftest import _NavigationOnlyPagesManager, page_text

    url = clean_postgres_url()
    engine = make_engine(url)
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        create_user(session, username="staff_ids", password="ids test password 2026", role="staff")
        token = issue_login_token(
            session, authenticate(session, "staff_ids", "ids test password 2026")
        )
    engine.dispose()
    monkeypatch.setattr(app_test_module, "PagesManager", _NavigationOnlyPagesManager)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    monkeypatch.chdir(ROOT)
    visits = [
        ("pages/compound.py", {"site": "c2023_02", "work": "{v}"}, None),
        ("pages/work_items_editor.py", {"building": "{v}", "site": "{v}"}, token),
        ("pages/field_progress.py", {"building": "{v}", "site": "{v}"}, token),
        ("pages/boq_export.py", {"site": "{v}", "buildings": "{v}", "programme": "{v}"}, token),
        ("pages/planning_map.py", {"programme": "{v}"}, token),
    ]
    for value in OUT_OF_RANGE:
        for page, params, login in visits:
            at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
            at.session_state[TOKEN_KEY] = login
            for name, pattern in params.items():
                at.query_params[name] = pattern.format(v=value)
            at.run()
            at.switch_page(page).run()
            assert not at.exception, (page, value[:20], at.exception)
            assert "出现了意外错误" not in page_text(at), (page, value[:20])
