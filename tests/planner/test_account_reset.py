"""Admins reset a password (one-time, changed at the next login) and change a role, audited;
each role lands on its working page."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from db.models import AuditEntry
from db.session import session_scope
from planner.accounts import actions
from planner.accounts.access import Role, landing_page, may_view
from planner.accounts.sessions import issue_login_token, user_from_token
from planner.accounts.users import AccountError, authenticate, create_user
from planner.audit import Actor

ADMIN = Actor("赵管理员", 1, "admin_zhao")
OLD = "an old long password 77"


@pytest.fixture
def engine(seeded_engine):
    with session_scope(seeded_engine) as session:
        create_user(session, username="staff_wang", password=OLD, role="staff")
    return seeded_engine


def _entries(engine, action):
    with Session(engine) as session:
        return session.exec(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_a_reset_gives_a_one_time_password_to_change_at_the_next_login(engine):
    with session_scope(engine) as session:
        token = issue_login_token(session, authenticate(session, "staff_wang", OLD))
    temporary = actions.reset_password(engine, "staff_wang", actor=ADMIN)
    assert len(temporary) == 19 and temporary.count("-") == 3
    with session_scope(engine) as session:
        assert user_from_token(session, token) is None  # every login ended
        assert authenticate(session, "staff_wang", OLD) is None
        user = authenticate(session, "staff_wang", temporary)
        assert user is not None and user.must_change_password
    (entry,) = _entries(engine, "reset_password")
    assert entry.actor == "赵管理员" and temporary not in (entry.after or "")
    # The temporary password cannot be kept; a good new one clears the flag.
    with pytest.raises(AccountError) as same:
        actions.change_own_password(engine, user.id, temporary, password_again=temporary)
    assert same.value.key == "account.error.password_same"
    with pytest.raises(AccountError) as differ:
        actions.change_own_password(engine, user.id, "my own new password 9", password_again="x")
    assert differ.value.field == "password_again"
    new = "my own new password 9"
    actions.change_own_password(engine, user.id, new, password_again=new)
    with session_scope(engine) as session:
        again = authenticate(session, "staff_wang", new)
        assert again is not None and not again.must_change_password
        assert authenticate(session, "staff_wang", temporary) is None
    assert len(_entries(engine, "change_own_password")) == 1


def test_an_admin_changes_a_role_audited_but_not_their_own(engine):
    assert actions.change_role(engine, "staff_wang", "engineer", actor=ADMIN) is True
    assert actions.change_role(engine, "staff_wang", "engineer", actor=ADMIN) is False
    (entry,) = _entries(engine, "change_role")
    assert '"staff"' in entry.before and '"engineer"' in entry.after
    with pytest.raises(AccountError) as own:
        actions.change_role(engine, "admin_zhao", "staff", actor=ADMIN)
    assert own.value.key == "account.error.self_change"
    with pytest.raises(AccountError):
        actions.reset_password(engine, "admin_zhao", actor=ADMIN)
    with pytest.raises(AccountError) as unknown:
        actions.change_role(engine, "nobody", "staff", actor=ADMIN)
    assert unknown.value.key == "account.error.unknown"
    with pytest.raises(AccountError) as bad:
        actions.change_role(engine, "staff_wang", "king", actor=ADMIN)
    assert bad.value.key == "account.error.role"


@pytest.mark.parametrize(
    ("role", "page"),
    [(Role.STAFF, "planning_map"), (Role.ENGINEER, "boq_export"), (Role.ADMIN, "user_admin")],
)
def test_each_role_lands_on_its_working_page(role, page):
    spec = landing_page(role)
    assert spec.url_path == page and may_view(role, spec)
