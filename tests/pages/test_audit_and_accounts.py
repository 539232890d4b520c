"""The audit log (sentences, filters, search, revert), the admin's account tools (a reset
password shown once, a role change, a form kept on refusal), landing after login and the
language kept in the URL."""

from __future__ import annotations

import os
from datetime import timedelta

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from db.models import AuditEntry, Suggestion, UserAccount, WorkItem
from db.session import make_engine
from planner.accounts.access import Role
from planner.audit import Actor
from planner.works import actions as works
from planner.works import reads as work_reads
from planner.works.validation import WorkItemChange
from tests.pages.conftest import ROOT, TEST_PASSWORD, TEST_USERS, log_in_as, page_text, shown

WANG = Actor("王工", 1, "staff_wang")


def _engine():
    return make_engine(os.environ["PLANNER_DATABASE_URL"])


def _first_item():
    engine = _engine()
    with Session(engine) as session:
        item = session.exec(
            select(WorkItem).where(WorkItem.building_id.is_(None)).order_by(WorkItem.id)
        ).first()
    row = next(r for r in work_reads.work_items(engine, site_id=item.site_id) if r.id == item.id)
    return engine, row


def _save(engine, row_id, site_id, values):
    row = next(r for r in work_reads.work_items(engine, site_id=site_id) if r.id == row_id)
    works.save_work_changes(engine, [WorkItemChange(row, values)], actor=WANG)


def _planned(engine, item_id) -> float:
    with Session(engine) as session:
        return session.get(WorkItem, item_id).planned_quantity


def test_the_log_reads_as_sentences_and_reverts_one_change(admin_app):
    engine, row = _first_item()
    _save(engine, row.id, row.site_id, {"planned_quantity": 99999})
    at = admin_app.run()
    at.switch_page("pages/audit_log.py").run()
    assert not at.exception
    log = at.dataframe[0].value
    assert list(log.columns) == ["时间", "操作人", "记录"]
    newest = log.iloc[0]["记录"]
    assert newest.startswith("王工 修改了改造项目") and "→ 99,999" in newest
    assert not log["记录"].str.contains("work_item|user_account|\\{", regex=True).any()
    at.text_input(key="audit_text").input("99,999").run()
    assert len(at.dataframe[0].value) == 1
    reverted = at.selectbox(key="audit_revert_entry").value
    at.button(key="audit_revert").click().run()
    assert not at.exception
    assert any("已撤销" in shown(s.value) for s in at.success)
    # The change just reverted is no longer the one offered (a second click would be refused).
    offered = at.selectbox(key="audit_revert_entry")
    assert offered.value != reverted and offered.index == 0  # the newest: the revert itself
    assert _planned(engine, row.id) == row.planned_quantity
    newest = at.dataframe[0].value.iloc[0]["记录"]
    assert newest.startswith("admin_zhao 撤销了对改造项目")
    engine.dispose()


def test_a_stale_revert_is_refused_and_writes_nothing(admin_app):
    engine, row = _first_item()
    _save(engine, row.id, row.site_id, {"planned_quantity": 99999})
    at = admin_app.run()
    at.switch_page("pages/audit_log.py").run()
    at.text_input(key="audit_text").input("99,999").run()
    _save(engine, row.id, row.site_id, {"contractor": "后来的修改"})  # someone else, meanwhile
    at.button(key="audit_revert").click().run()
    assert any("此后该记录又被修改过" in shown(e.value) for e in at.error)
    assert _planned(engine, row.id) == 99999
    with Session(engine) as session:
        assert not session.exec(select(AuditEntry).where(AuditEntry.action == "revert")).all()
    engine.dispose()


def test_the_filters_all_is_a_real_choice_not_an_empty_box(admin_app):
    at = admin_app.run()
    at.switch_page("pages/audit_log.py").run()
    for key in ("audit_actor", "audit_site", "audit_kind"):
        chosen = at.selectbox(key=key)
        # None would show as an empty "Choose an option" once the list is opened and closed.
        assert chosen.value is not None
        assert chosen.index == 0 and chosen.options[0] == "全部"


def test_the_log_filters_by_kind_and_compound_in_english(admin_app):
    engine, row = _first_item()
    _save(engine, row.id, row.site_id, {"contractor": "Jia Co"})
    at = admin_app.run()
    at.sidebar.radio[0].set_value("en").run()
    at.switch_page("pages/audit_log.py").run()
    at.selectbox(key="audit_kind").select("accounts").run()
    assert at.dataframe[0].value["What happened"].str.contains("account").all()
    at.selectbox(key="audit_kind").select("").run()  # All
    at.selectbox(key="audit_site").set_value(row.site_id).run()
    sentences = at.dataframe[0].value["What happened"]
    assert sentences.iloc[0].startswith("王工 changed the work") and "Jia Co" in sentences.iloc[0]
    engine.dispose()


def _password_hash(username: str) -> str:
    engine = _engine()
    with Session(engine) as session:
        account = session.exec(select(UserAccount).where(UserAccount.username == username)).one()
    engine.dispose()
    return account.password_hash


def test_a_reset_password_is_shown_once_and_must_be_changed(admin_app):
    at = admin_app.run()
    at.switch_page("pages/user_admin.py").run()
    at.selectbox(key="users_toggle_name").select("staff_wang").run()
    before = _password_hash("staff_wang")
    at.button(key="users_reset").click().run()  # one click only asks
    assert not at.exception
    assert not at.code and _password_hash("staff_wang") == before
    assert any("确认重置 staff_wang 的密码" in shown(w.value) for w in at.warning)
    at.button(key="users_reset_no").click().run()  # cancelled: nothing done, no longer asked
    assert not at.warning and _password_hash("staff_wang") == before
    at.button(key="users_reset").click().run()
    at.button(key="users_reset_yes").click().run()
    assert not at.exception
    [code] = at.code
    temporary = code.value
    assert len(temporary) == 19
    at.run()
    assert not at.code  # shown once
    # The account logs in with it and can do nothing but choose a new password.
    visitor = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    visitor.switch_page("pages/login.py").run()
    visitor.text_input[0].input("staff_wang")
    visitor.text_input[1].input(temporary)
    visitor.button[0].click().run()
    assert "请设置新密码" in page_text(visitor)
    visitor.text_input[0].input("my own new password 9")
    visitor.text_input[1].input("my own new password 9")
    visitor.button[0].click().run()
    assert not visitor.exception
    assert "规划地图" in page_text(visitor)  # landed on the staff's working page
    engine = _engine()
    with Session(engine) as session:
        account = session.exec(
            select(UserAccount).where(UserAccount.username == "staff_wang")
        ).one()
        assert not account.must_change_password
    engine.dispose()


def test_an_admin_changes_a_role_and_a_refused_form_keeps_what_was_typed(admin_app):
    at = admin_app.run()
    at.switch_page("pages/user_admin.py").run()
    at.selectbox(key="users_toggle_name").select("engineer_li").run()
    at.selectbox(key="users_role_engineer_li").select("staff")
    at.button(key="FormSubmitter:users_role-更改角色").click().run()
    assert any("engineer_li 的角色已改为" in shown(s.value) for s in at.success)
    at.text_input(key="add_username").input("zhang.san")
    at.text_input(key="add_display_name").input("张三")
    at.text_input(key="add_password").input("short")
    at.text_input(key="add_again").input("short")
    at.button(key="FormSubmitter:add_user-添加用户").click().run()
    assert any("密码至少 10 个字符" in shown(e.value) for e in at.error)
    assert at.text_input(key="add_username").value == "zhang.san"
    assert at.text_input(key="add_display_name").value == "张三"


def test_each_role_lands_on_its_working_page(anonymous_app):
    titles = {Role.STAFF: "规划地图", Role.ENGINEER: "工程量清单", Role.ADMIN: "用户管理"}
    for role, title in titles.items():
        at = log_in_as(anonymous_app, None, {})
        at.session_state["auth_token"] = None
        at.run()
        at.switch_page("pages/login.py").run()
        at.text_input[0].input(TEST_USERS[role])
        at.text_input[1].input(TEST_PASSWORD)
        at.button[0].click().run()
        assert not at.exception
        assert title in page_text(at), role
        assert not any("已登录" in shown(s.value) for s in at.main.success)  # no dead end
        at.sidebar.button(key="logout").click().run()


def test_the_language_is_taken_from_and_kept_in_the_url(anonymous_app):
    anonymous_app.query_params["lang"] = "en"
    at = anonymous_app.run()
    assert at.sidebar.radio[0].value == "en"
    assert at.title[0].value == "Renovation overview"
    at.sidebar.radio[0].set_value("zh").run()
    assert at.query_params["lang"] in ("zh", ["zh"])
    assert not at.title[0].value.isascii()
    at.sidebar.radio[0].set_value("en").run()
    assert at.query_params["lang"] in ("en", ["en"])


def test_triage_searches_the_text_of_suggestions(app):
    engine = _engine()
    with Session(engine) as session:
        text = session.exec(
            select(Suggestion.text)
            .where(Suggestion.status.in_(["received", "evaluating"]), Suggestion.text != "")
            .order_by(Suggestion.id)
        ).first()
    engine.dispose()
    word = text.strip()[:6]
    at = app.run()
    at.switch_page("pages/suggestion_triage.py").run()
    everything = at.subheader[0].value
    at.text_input(key="tr_search").input(word).run()
    assert not at.exception
    assert at.subheader[0].value != everything
    queue = at.dataframe[0].value
    assert len(queue) >= 1
    assert all(word in " ".join(map(str, row)) for row in queue.itertuples(index=False))
    at.text_input(key="tr_search").input("没有这样的建议内容zz").run()
    assert any("没有" in shown(i.value) for i in at.info)


def test_the_last_login_is_shown_in_the_city_time_as_the_audit_log(admin_app):
    engine = _engine()
    with Session(engine) as session:
        accounts = session.exec(select(UserAccount).where(UserAccount.last_login_at.is_not(None)))
        stored = {a.username: a.last_login_at for a in accounts}  # UTC
    engine.dispose()
    assert stored
    at = admin_app.run()
    at.switch_page("pages/user_admin.py").run()
    table = at.dataframe[0].value
    shown_logins = dict(zip(table["用户名"], table["最近登录"], strict=True))
    for username, at_utc in stored.items():
        city = at_utc.replace(tzinfo=None) + timedelta(hours=8)  # UTC+8
        assert shown_logins[username] == city.strftime("%Y-%m-%d %H:%M")
