"""Who may open which page: the role matrix, the login form, the menu, logging out."""

from __future__ import annotations

import os

import pytest
from sqlmodel import Session, delete

from db.models import UserAccount
from db.session import make_engine
from planner.accounts.access import PAGES, Audience, Role, may_view
from tests.pages.conftest import TEST_PASSWORD, TEST_USERS, log_in_as, page_text, shown

ROLES = [None, Role.STAFF, Role.ENGINEER, Role.ADMIN]
EXPECTED_AUDIENCES = {
    None: {Audience.PUBLIC},
    Role.STAFF: {Audience.PUBLIC, Audience.STAFF, Audience.ENGINEERING},
    Role.ENGINEER: {Audience.PUBLIC, Audience.ENGINEERING},
    Role.ADMIN: set(Audience),
}


def _refused(at) -> bool:
    """The run stopped at the login form or the 'not allowed' message."""
    login = any("仅供工作人员使用" in w.value for w in at.warning)
    not_allowed = any("无权查看" in e.value for e in at.error)
    return login or not_allowed


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.url_path)
def test_role_matrix_renders_allowed_pages_and_refuses_the_others(
    anonymous_app, role_tokens, role, spec
):
    at = log_in_as(anonymous_app, role, role_tokens)
    at.run()
    at.switch_page(spec.path).run()
    assert not at.exception, at.exception
    allowed = spec.audience in EXPECTED_AUDIENCES[role]
    assert may_view(role, spec) == allowed
    if allowed:
        assert not _refused(at), f"{spec.url_path} refused for {role}"
    else:
        assert _refused(at), f"{spec.url_path} rendered for {role}"
        # Nothing of the page's own content ran: only the gate's messages are there.
        assert at.dataframe.len == 0 and at.metric.len == 0


def test_anonymous_visitor_sees_a_login_form_on_a_staff_page_then_the_page(anonymous_app):
    at = anonymous_app.run()
    at.switch_page("pages/dashboard.py").run()
    assert "仅供工作人员使用" in page_text(at)
    assert at.metric.len == 0
    at.text_input[0].input(TEST_USERS[Role.STAFF])
    at.text_input[1].input(TEST_PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.metric.len > 0  # the dashboard's key figures
    assert any("staff_wang" in shown(c.value) for c in at.sidebar.caption)


def test_wrong_password_is_refused_with_a_message(anonymous_app):
    at = anonymous_app.run()
    at.switch_page("pages/login.py").run()
    at.text_input[0].input(TEST_USERS[Role.ADMIN])
    at.text_input[1].input("not the password")
    at.button[0].click().run()
    assert any("用户名或密码不正确" in e.value for e in at.error)
    assert not any("admin_zhao" in shown(c.value) for c in at.sidebar.caption)


def test_repeated_failures_lock_the_account_for_a_while(anonymous_app):
    at = anonymous_app.run()
    at.switch_page("pages/login.py").run()
    for _ in range(5):
        at.text_input[0].input(TEST_USERS[Role.ADMIN])
        at.text_input[1].input("wrong password!")
        at.button[0].click().run()
    at.text_input[0].input(TEST_USERS[Role.ADMIN])
    at.text_input[1].input(TEST_PASSWORD)  # right, but the account is locked now
    at.button[0].click().run()
    assert any("用户名或密码不正确" in e.value for e in at.error)
    assert not at.session_state["auth_token"]  # not logged in, in any browser


def test_too_many_attempts_from_one_address_are_refused(anonymous_app, monkeypatch):
    monkeypatch.setenv("PLANNER_LOGIN_LIMIT_PER_CLIENT", "3")
    from pages._auth import _settings

    _settings.clear()
    try:
        at = anonymous_app.run()
        at.switch_page("pages/login.py").run()
        for name in ("nobody1", "nobody2", "nobody3", "nobody4"):  # other names, one address
            at.text_input[0].input(name)
            at.text_input[1].input("wrong password!")
            at.button[0].click().run()
        assert any("登录尝试过多" in e.value for e in at.error)
    finally:
        _settings.clear()


def test_menu_lists_only_the_pages_of_the_role(anonymous_app, role_tokens):
    at = anonymous_app.run()
    anonymous_links = {link.label for link in at.sidebar.get("page_link")}
    assert "工作人员登录" in anonymous_links and "规划地图" not in anonymous_links
    log_in_as(at, Role.ENGINEER, role_tokens).run()
    engineer_links = {link.label for link in at.sidebar.get("page_link")}
    assert "规划地图" in engineer_links and "用户管理" not in engineer_links
    assert "工作人员登录" not in engineer_links
    log_in_as(at, Role.ADMIN, role_tokens).run()
    admin_links = {link.label for link in at.sidebar.get("page_link")}
    assert {"规划地图", "用户管理", "操作记录"} <= admin_links


def test_logout_returns_to_the_login_form(app):
    at = app.run()
    at.switch_page("pages/schedule.py").run()
    assert not _refused(at)
    at.sidebar.button(key="logout").click().run()
    at.switch_page("pages/schedule.py").run()
    assert _refused(at)


def test_login_form_says_how_to_create_the_first_account(anonymous_app):
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        session.exec(delete(UserAccount))
        session.commit()
    engine.dispose()
    at = anonymous_app.run()
    at.switch_page("pages/login.py").run()
    assert any("planner user add" in i.value for i in at.info)
