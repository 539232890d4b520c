"""Login sessions kept on the server: the browser holds a random id, the database its hash.

A login (:func:`log_in`) creates a ``login_session`` row and gives the browser
``<random id>.<HMAC-SHA256 of the id>``: 256 random bits, signed with the key of
``planner.secrets`` (from a setting or a secret file, never the database). The database stores
only the SHA-256 of the id, so neither a copy of the database nor the key alone makes a login.

Every run checks the cookie's session (:func:`user_from_session`): its signature, that the row
exists, is not revoked, not expired (``PLANNER_SESSION_HOURS``) and not idle
(``PLANNER_SESSION_IDLE_MINUTES``), and that the account is active. Logging out revokes the
session; a new password and a disabled account revoke every session of the account; an admin
can end all sessions of an account ("log out everywhere", :func:`log_out_everywhere`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from db.models import LoginSession, UserAccount
from db.session import session_scope
from planner import audit, limits
from planner.accounts.revocation import revoke_user_sessions
from planner.accounts.users import (
    DEFAULT_CHECKS,
    LOCKOUT,
    MAX_FAILED_LOGINS,
    PASSWORD_CHECK_POOL,
    PasswordChecks,
    SignedInUser,
    authenticate,
    signed_in,
)
from planner.audit import Actor
from planner.secrets import SigningKeys, load_signing_keys
from planner.settings import PlannerSettings, load_settings

#: The cookie that holds the login session id, so a reload or a new tab stays logged in.
LOGIN_COOKIE_NAME = "planner_login"
DEFAULT_TOKEN_AGE = timedelta(hours=12)
TOKEN_MAX_LENGTH = 200
#: A session's "last seen" is written at most this often (not on every click).
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class LoginPolicy:
    """How logins are limited and how long they last (from the settings)."""

    per_client: limits.Limit = limits.Limit(30, 900)
    checks: PasswordChecks = DEFAULT_CHECKS
    age: timedelta = DEFAULT_TOKEN_AGE
    idle: timedelta = timedelta(minutes=120)

    @classmethod
    def from_settings(cls, settings: PlannerSettings) -> LoginPolicy:
        """The policy the settings describe."""
        return cls(
            per_client=limits.Limit(settings.login_limit_per_client, settings.login_window_seconds),
            checks=PasswordChecks(
                settings.password_checks_per_process, settings.password_checks_total
            ),
            age=timedelta(hours=settings.session_hours),
            idle=timedelta(minutes=settings.session_idle_minutes),
        )


_default_keys: SigningKeys | None = None


def default_keys() -> SigningKeys:
    """The signing keys of the environment's settings (read once per process)."""
    global _default_keys
    if _default_keys is None:
        _default_keys = load_signing_keys(load_settings())
    return _default_keys


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(
    session: Session,
    user: SignedInUser,
    *,
    keys: SigningKeys | None = None,
    client: str = "",
    now: datetime | None = None,
    age: timedelta = DEFAULT_TOKEN_AGE,
) -> str:
    """Create a login session for ``user``; returns the cookie value ``<id>.<signature>``."""
    now = now or datetime.now(UTC)
    keys = keys or default_keys()
    session_id = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=_hash(session_id),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + age,
            client=client[:64],
        )
    )
    session.flush()
    return f"{session_id}.{keys.sign(session_id)}"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _find(session: Session, token: str | None, keys: SigningKeys) -> LoginSession | None:
    if not token or len(token) > TOKEN_MAX_LENGTH or token.count(".") != 1:
        return None
    session_id, signature = token.split(".")
    if not session_id or not keys.verify(session_id, signature):
        return None
    return session.exec(
        select(LoginSession).where(LoginSession.token_hash == _hash(session_id))
    ).first()


def user_from_session(
    session: Session,
    token: str | None,
    *,
    keys: SigningKeys | None = None,
    now: datetime | None = None,
    idle: timedelta = timedelta(minutes=120),
) -> SignedInUser | None:
    """The user of a live login session, or None (bad signature, unknown, revoked, expired,
    idle too long, account disabled)."""
    now = now or datetime.now(UTC)
    row = _find(session, token, keys or default_keys())
    if row is None or row.revoked_at is not None or _aware(row.expires_at) <= now:
        return None
    if _aware(row.last_seen_at) + idle <= now:
        return None
    account = session.get(UserAccount, row.user_id)
    if account is None or not account.active:
        return None
    if _aware(row.last_seen_at) + TOUCH_EVERY <= now:
        row.last_seen_at = now
        session.add(row)
        session.flush()
    return signed_in(account)


def end_session(session: Session, token: str | None, *, keys: SigningKeys | None = None) -> bool:
    """Revoke the login session of ``token`` (logout); True when there was one."""
    row = _find(session, token, keys or default_keys())
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = datetime.now(UTC)
    session.add(row)
    session.flush()
    return True


def log_out_everywhere(session: Session, username: str, *, actor: Actor | str) -> int:
    """End every login of an account (all browsers), audited; returns how many ended."""
    account = session.exec(select(UserAccount).where(UserAccount.username == username)).first()
    if account is None or account.id is None:
        return 0
    ended = revoke_user_sessions(session, account.id)
    audit.record(session, actor, "log_out_everywhere", account, after={"sessions": ended})
    return ended


def live_session_counts(session: Session, *, now: datetime | None = None) -> dict[int, int]:
    """How many live login sessions each account has (for the admin page)."""
    now = now or datetime.now(UTC)
    rows = session.exec(
        select(LoginSession.user_id, LoginSession.expires_at).where(
            col(LoginSession.revoked_at).is_(None)
        )
    ).all()
    counts: dict[int, int] = {}
    for user_id, expires in rows:
        if _aware(expires) > now:
            counts[user_id] = counts.get(user_id, 0) + 1
    return counts


@dataclass(frozen=True)
class LoginOutcome:
    """The result of a login attempt: the user and cookie value, or why not (message key)."""

    user: SignedInUser | None = None
    token: str | None = None
    refused: str = ""  # "login.failed", "login.too_many", "login.busy"
    wait_seconds: int = 0


def log_in(
    engine: Engine,
    username: str,
    password: str,
    *,
    client: str,
    policy: LoginPolicy = LoginPolicy(),
    keys: SigningKeys | None = None,
) -> LoginOutcome:
    """One login attempt from ``client`` (an address): counted per address in the database,
    then the password checked (bounded), then a session started.

    Wrong passwords are also counted per account and client (``login.fail``, by the name as
    typed, so unknown names are treated alike). An account locked by wrong passwords stays
    locked for the clients that tried them, and a client with ``MAX_FAILED_LOGINS`` failures
    on a name is refused on it whatever the password; a client with no failure on the
    account still has its password checked. So an attacker's address can lock only itself
    out: one address gets five guesses per account per lockout, and every further address
    one guess while the account is locked.
    """
    decision = limits.hit(engine, limits.bucket("login.client", client), policy.per_client)
    if not decision.allowed:
        return LoginOutcome(refused="login.too_many", wait_seconds=decision.retry_after)
    pair = limits.bucket("login.fail", f"{username.strip().lower()}\n{client}")
    failed_here = limits.recent_count(engine, pair, int(LOCKOUT.total_seconds()))
    checks = policy.checks
    try:
        # A slot of the pool shared by every process, taken before the transaction starts (a
        # SQLite writer must not wait for itself), then the password checked and counted.
        with (
            limits.work_slot(engine, PASSWORD_CHECK_POOL, checks.total, wait=checks.wait_seconds),
            session_scope(engine) as session,
        ):
            user = authenticate(
                session,
                username,
                password,
                checks=checks,
                lock_applies=failed_here > 0,
                refuse=failed_here >= MAX_FAILED_LOGINS,
            )
            token = (
                start_session(session, user, keys=keys, client=client, age=policy.age)
                if user
                else None
            )
    except limits.Busy:
        return LoginOutcome(refused="login.busy", wait_seconds=5)
    if user is None:
        limits.hit(engine, pair, limits.Limit(MAX_FAILED_LOGINS, int(LOCKOUT.total_seconds())))
        return LoginOutcome(refused="login.failed")
    return LoginOutcome(user, token)


def purge_sessions(session: Session, *, now: datetime | None = None) -> int:
    """Delete login sessions that expired or were revoked more than a day ago."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=1)
    rows = session.exec(
        select(LoginSession).where(
            (col(LoginSession.expires_at) < cutoff) | (col(LoginSession.revoked_at) < cutoff)
        )
    ).all()
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


# The names the app used before login sessions were kept on the server.
def issue_login_token(
    session: Session,
    user: SignedInUser,
    *,
    now: datetime | None = None,
    max_age: timedelta = DEFAULT_TOKEN_AGE,
) -> str:
    """``start_session`` with the environment's keys (scripts, tests, benchmarks)."""
    return start_session(session, user, now=now, age=max_age)


def user_from_token(
    session: Session, token: str | None, *, now: datetime | None = None
) -> SignedInUser | None:
    """``user_from_session`` with the environment's keys and the default idle time."""
    return user_from_session(session, token, now=now)
