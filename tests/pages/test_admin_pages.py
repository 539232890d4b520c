"""The admin pages: managing accounts and reading the audit log."""

from __future__ import annotations

import os

from sqlmodel import select

from db.models import UserAccount
from db.session import make_engine, session_scope
from planner.accounts.users import authenticate
from tests.pages.conftest import shown


def _engine(at):  # the app's database: the fixture points PLANNER_DATABASE_URL at it
    return make_engine(os.environ["PLANNER_DATABASE_URL"])


def test_admin_adds_a_user_who_can_then_log_in(admin_app):
    at = admin_app.run()
    at.switch_page("pages/user_admin.py").run()
    assert not at.exception
    assert "staff_wang" in at.dataframe[0].value.to_string()
    inputs = at.text_input
    inputs[0].input("zhang.san")
    inputs[1].input("张三")
    inputs[2].input("a long enough password")
    inputs[3].input("a long enough password")
    at.button[0].click().run()
    assert not at.exception
    assert any("已添加用户 zhang.san" in shown(s.value) for s in at.success)
    engine = _engine(at)
    with session_scope(engine) as session:
        assert authenticate(session, "zhang.san", "a long enough password") is not None
        hashed = session.exec(
            select(UserAccount.password_hash).where(UserAccount.username == "zhang.san")
        ).one()
        assert hashed.startswith("$argon2id$")
    engine.dispose()


def test_admin_sees_a_clear_error_for_a_short_password(admin_app):
    at = admin_app.run()
    at.switch_page("pages/user_admin.py").run()
    inputs = at.text_input
    inputs[0].input("zhang.san")
    inputs[2].input("short")
    inputs[3].input("short")
    at.button[0].click().run()
    assert any("密码至少 10 个字符" in shown(e.value) for e in at.error)


def test_admin_disables_a_user_and_the_audit_log_shows_it(admin_app):
    at = admin_app.run()
    at.switch_page("pages/user_admin.py").run()
    at.selectbox(key="users_toggle_name").select("engineer_li").run()
    at.button(key="users_toggle").click().run()
    assert any("已停用 engineer_li" in shown(s.value) for s in at.success)
    at.switch_page("pages/audit_log.py").run()
    assert not at.exception
    log = at.dataframe[0].value
    disabled = log[log["记录"].str.contains("停用了账号“engineer_li”")]
    assert len(disabled) == 1 and disabled.iloc[0]["操作人"] == "admin_zhao"
    assert not log["记录"].str.contains("user_account|\\{", regex=True).any()


def test_admin_cannot_disable_their_own_account(admin_app):
    at = admin_app.run()
    at.switch_page("pages/user_admin.py").run()
    at.selectbox(key="users_toggle_name").select("admin_zhao").run()
    at.button(key="users_toggle").click().run()
    assert any("不能停用自己的账号" in shown(e.value) for e in at.error)


def test_audit_log_filters_by_actor(admin_app):
    at = admin_app.run()
    at.switch_page("pages/audit_log.py").run()
    everything = len(at.dataframe[0].value)
    box = at.selectbox(key="audit_actor")
    assert "示例数据" in box.options and "system:seed" not in box.options  # shown in words
    box.select("system:seed").run()  # the stored value stays the filter's value
    seeded = at.dataframe[0].value
    assert 0 < len(seeded) < everything
    assert set(seeded["操作人"]) == {"示例数据"}


def test_admin_logs_an_account_out_everywhere(admin_app, role_tokens):
    from planner.accounts.access import Role
    from planner.accounts.sessions import user_from_token

    engine = _engine(admin_app)
    with session_scope(engine) as session:
        assert user_from_token(session, role_tokens[Role.STAFF]) is not None
    at = admin_app.run()
    at.switch_page("pages/user_admin.py").run()
    at.selectbox(key="users_toggle_name").set_value("staff_wang").run()
    at.button(key="users_everywhere").click().run()
    assert not at.exception
    assert any("staff_wang" in shown(s.value) for s in at.success)
    with session_scope(engine) as session:
        assert user_from_token(session, role_tokens[Role.STAFF]) is None
    engine.dispose()
