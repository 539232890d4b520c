"""Staff accounts: password hashing, login checks, tokens, disabling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from db.models import AuditEntry, UserAccount
from db.session import session_scope
from planner.accounts.access import Role
from planner.accounts.sessions import issue_login_token, user_from_token
from planner.accounts.users import (
    AccountError,
    authenticate,
    create_user,
    list_users,
    set_active,
    set_password,
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


def test_weak_passwords_are_refused_with_a_reason(engine):
    for weak, key in (
        ("aaaaaaaaaa", "account.error.password_weak"),
        ("1234567890", "account.error.password_weak"),
        ("password123", "account.error.password_weak"),
        ("zhao.liu-2023-secret", "account.error.password_name"),
    ):
        with pytest.raises(AccountError) as caught, session_scope(engine) as session:
            create_user(session, username="zhao.liu", password=weak, role="staff")
        assert caught.value.key == key, weak


def test_logout_and_log_out_everywhere_end_the_login_in_the_database(engine):
    from planner.accounts.sessions import end_session, log_out_everywhere, start_session

    with session_scope(engine) as session:
        user = authenticate(session, "wang", PASSWORD)
        first = start_session(session, user)
        second = start_session(session, user)
        assert user_from_token(session, first) == user
        assert end_session(session, first)  # logout
        assert user_from_token(session, first) is None  # the cookie is worth nothing now
        assert user_from_token(session, second) == user  # another browser stays
        assert log_out_everywhere(session, "wang", actor="admin") == 1
        assert user_from_token(session, second) is None


def test_a_copy_of_the_database_cannot_make_a_login(engine):
    """Only the hash of a login id is stored, and the cookie is signed with a key that is not
    in the database: a forged cookie for a stored row fails without the key."""
    from db.models import LoginSession
    from planner.accounts.sessions import start_session, user_from_session
    from planner.secrets import SigningKeys

    with session_scope(engine) as session:
        token = start_session(session, authenticate(session, "wang", PASSWORD))
        row = session.exec(select(LoginSession)).one()
        session_id = token.split(".")[0]
        assert session_id not in row.token_hash and token not in row.token_hash
        other_key = SigningKeys(b"k" * 40)
        forged = f"{session_id}.{other_key.sign(session_id)}"
        assert user_from_session(session, forged) is None


def test_signing_keys_come_from_a_setting_or_a_file_and_rotate(tmp_path):
    from planner.secrets import SecretError, load_signing_keys
    from planner.settings import PlannerSettings

    old, new = "o" * 40, "n" * 40
    keys = load_signing_keys(PlannerSettings(secret=new))
    assert keys.current == new.encode() and keys.previous == ()
    secret_file = tmp_path / "planner.key"
    secret_file.write_text(f"{new}\n{old}\n", "utf-8")
    rotating = load_signing_keys(PlannerSettings(secret="", secret_file=str(secret_file)))
    signed_with_old = load_signing_keys(PlannerSettings(secret=old)).sign("session")
    assert rotating.verify("session", signed_with_old)  # the old key still accepted
    assert rotating.sign("session") != signed_with_old  # new logins use the new key
    secret_file.write_text(f"{new}\n", "utf-8")  # grace period over
    assert not load_signing_keys(PlannerSettings(secret="", secret_file=str(secret_file))).verify(
        "session", signed_with_old
    )
    with pytest.raises(SecretError):
        load_signing_keys(PlannerSettings(secret="too short"))
    dev = load_signing_keys(PlannerSettings(secret="", secret_file=""), data_dir=tmp_path / "data")
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0  # only the owner reads
    assert dev == load_signing_keys(
        PlannerSettings(secret="", secret_file=""), data_dir=tmp_path / "data"
    )
