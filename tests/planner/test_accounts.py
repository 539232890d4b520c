"""Staff accounts: password hashing, login checks, tokens, disabling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from db.models import AuditEntry, UserAccount
from db.session import session_scope
from planner.accounts.access import Role
from planner.accounts.users import (
    AccountError,
    authenticate,
    create_user,
    issue_login_token,
    list_users,
    set_active,
    set_password,
    user_from_token,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def engine(seeded_engine):
    with session_scope(seeded_engine) as session:
        create_user(session, username="wang", password=PASSWORD, role="staff", display_name="王工")
    return seeded_engine


def test_create_user_stores_only_an_argon2_hash_and_audits(engine):
    with session_scope(engine) as session:
        user = session.exec(select(UserAccount).where(UserAccount.username == "wang")).one()
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        entry = session.exec(select(AuditEntry).where(AuditEntry.entity == "user_account")).one()
        assert entry.action == "create" and PASSWORD not in (entry.after or "")


@pytest.mark.parametrize(
    ("username", "password", "role", "key"),
    [
        ("Wang Gong", PASSWORD, "staff", "account.error.username"),
        ("ab", PASSWORD, "staff", "account.error.username"),
        ("li", PASSWORD, "staff", "account.error.username"),
        ("lisi", "short", "staff", "account.error.password_short"),
        ("lisi", PASSWORD, "mayor", "account.error.role"),
        ("wang", PASSWORD, "staff", "account.error.taken"),
    ],
)
def test_create_user_refuses_bad_input_with_a_message(engine, username, password, role, key):
    with pytest.raises(AccountError) as caught, session_scope(engine) as session:
        create_user(session, username=username, password=password, role=role)
    assert caught.value.key == key
    with session_scope(engine) as session:
        assert [u.username for u in list_users(session)] == ["wang"]


def test_authenticate_accepts_the_right_password_only(engine):
    with session_scope(engine) as session:
        user = authenticate(session, "wang", PASSWORD)
        assert user is not None and user.role is Role.STAFF and user.label == "王工"
        assert authenticate(session, "wang", PASSWORD + "x") is None
        assert authenticate(session, "nobody", PASSWORD) is None
        assert authenticate(session, "wang", "") is None
        account = session.exec(select(UserAccount)).one()
        assert account.last_login_at is not None


def test_disabled_account_cannot_log_in_and_its_tokens_stop_working(engine):
    with session_scope(engine) as session:
        user = authenticate(session, "wang", PASSWORD)
        token = issue_login_token(session, user)
        assert user_from_token(session, token) == user
    with session_scope(engine) as session:
        set_active(session, "wang", False, actor="admin")
    with session_scope(engine) as session:
        assert authenticate(session, "wang", PASSWORD) is None
        assert user_from_token(session, token) is None
        set_active(session, "wang", True, actor="admin")
    with session_scope(engine) as session:
        assert user_from_token(session, token) is None  # still void: the epoch moved on
        assert authenticate(session, "wang", PASSWORD) is not None


def test_new_password_voids_old_tokens_and_the_old_password(engine):
    with session_scope(engine) as session:
        token = issue_login_token(session, authenticate(session, "wang", PASSWORD))
        set_password(session, "wang", "another long password")
    with session_scope(engine) as session:
        assert user_from_token(session, token) is None
        assert authenticate(session, "wang", PASSWORD) is None
        assert authenticate(session, "wang", "another long password") is not None


def test_token_expires_and_refuses_tampering(engine):
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    with session_scope(engine) as session:
        user = authenticate(session, "wang", PASSWORD)
        token = issue_login_token(session, user, now=now, max_age=timedelta(hours=1))
        assert user_from_token(session, token, now=now + timedelta(minutes=59)) == user
        assert user_from_token(session, token, now=now + timedelta(minutes=61)) is None
        session_id, signature = token.split(".")
        assert len(session_id) >= 43 and str(user.id) != session_id  # 256 random bits
        forged = f"{session_id[:-1]}{'A' if session_id[-1] != 'A' else 'B'}.{signature}"
        assert user_from_token(session, forged, now=now) is None
        assert user_from_token(session, f"{session_id}.{'0' * 64}", now=now) is None
        for junk in ("", "abc", "1.2.3", "1.2.3.4.5", "x" * 500, None):
            assert user_from_token(session, junk, now=now) is None


def test_five_wrong_passwords_lock_the_account_for_a_while(engine):
    start = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    for minute in range(5):
        with session_scope(engine) as session:
            at = start + timedelta(minutes=minute)
            assert authenticate(session, "wang", "wrong password", now=at) is None
    with session_scope(engine) as session:
        # Locked: even the right password is refused, from any browser.
        assert authenticate(session, "wang", PASSWORD, now=start + timedelta(minutes=10)) is None
    with session_scope(engine) as session:
        later = start + timedelta(minutes=4 + 16)
        assert authenticate(session, "wang", PASSWORD, now=later) is not None


def test_a_right_password_resets_the_count_of_failures(engine):
    start = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    with session_scope(engine) as session:
        for _ in range(4):
            authenticate(session, "wang", "wrong password", now=start)
        assert authenticate(session, "wang", PASSWORD, now=start) is not None
        for _ in range(4):
            authenticate(session, "wang", "wrong password", now=start)
        assert authenticate(session, "wang", PASSWORD, now=start) is not None


def test_a_new_password_lifts_a_lockout(engine):
    with session_scope(engine) as session:
        for _ in range(5):
            authenticate(session, "wang", "wrong password")
        assert authenticate(session, "wang", PASSWORD) is None
        set_password(session, "wang", "a brand new password", actor="admin")
        assert authenticate(session, "wang", "a brand new password") is not None
