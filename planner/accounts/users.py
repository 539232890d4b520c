"""Staff accounts: creating users, checking passwords, "stay logged in" tokens.

Passwords are hashed with Argon2id (``argon2-cffi``, its recommended parameters); only the hash
is stored. A login token is ``<user id>.<session epoch>.<expiry>.<signature>``, signed with
HMAC-SHA256 under a random key the app keeps in its database, so every server process accepts
it. Raising an account's ``session_epoch`` (new password, disabled account) voids its tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from db.models import AppSecret, UserAccount
from planner import audit
from planner.accounts.access import Role
from planner.audit import Actor

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,31}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
TOKEN_SECRET_NAME = "login_token_key"
DEFAULT_TOKEN_AGE = timedelta(hours=12)
#: After this many wrong passwords in a row an account refuses every password for a while,
#: from any browser (the login form's own limit is per browser session only).
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
#: The cookie the app keeps a login token in, so a reload or a new tab stays logged in.
LOGIN_COOKIE_NAME = "planner_login"

_hasher = PasswordHasher()
# Verified against when the username is unknown, so that a wrong name takes as long as a
# wrong password and does not tell which accounts exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A request about an account that cannot be met; ``key`` is a message key (planner.i18n)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key, values)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class SignedInUser:
    """Who is logged in, as the app keeps it for a browser session (no password, no hash)."""

    id: int
    username: str
    display_name: str
    role: Role

    @property
    def label(self) -> str:
        """The name to show and to record in audit entries."""
        return self.display_name or self.username

    @property
    def actor(self) -> Actor:
        """This user as the audit log records them: display name, account id and username."""
        return Actor(self.label[:100], self.id, self.username)


def _signed_in(user: UserAccount) -> SignedInUser:
    assert user.id is not None
    return SignedInUser(user.id, user.username, user.display_name, Role(user.role))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("account.error.password_short", minimum=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError("account.error.password_long", maximum=MAX_PASSWORD_LENGTH)


def _audit(
    session: Session, actor: Actor | str, action: str, user: UserAccount, after: dict
) -> None:
    audit.record(session, actor, action, user, after=after)


def get_user(session: Session, username: str) -> UserAccount | None:
    """The account with this username (exact, lower case), or None."""
    return session.exec(select(UserAccount).where(UserAccount.username == username)).first()


def has_accounts(session: Session) -> bool:
    """Whether any account exists (a new installation has none until an admin is added)."""
    return session.exec(select(UserAccount.id).limit(1)).first() is not None


def list_users(session: Session) -> list[UserAccount]:
    """Every account, by username."""
    return list(session.exec(select(UserAccount).order_by(UserAccount.username)).all())


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | str,
    display_name: str = "",
    actor: Actor | str = "system",
) -> UserAccount:
    """Add an account; raises ``AccountError`` for a bad name, password or role, or a taken name."""
    username = username.strip()
    if not USERNAME_PATTERN.match(username):
        raise AccountError("account.error.username")
    try:
        role = Role(role)
    except ValueError:
        raise AccountError("account.error.role", roles=", ".join(r.value for r in Role)) from None
    _check_password(password)
    if get_user(session, username) is not None:
        raise AccountError("account.error.taken", username=username)
    user = UserAccount(
        username=username,
        display_name=display_name.strip()[:100],
        role=role.value,
        password_hash=_hasher.hash(password),
    )
    session.add(user)
    session.flush()
    _audit(session, actor, "create", user, {"username": username, "role": role.value})
    return user


def set_active(
    session: Session, username: str, active: bool, *, actor: Actor | str = "system"
) -> None:
    """Disable (or enable again) an account; disabling logs it out everywhere."""
    user = get_user(session, username)
    if user is None:
        raise AccountError("account.error.unknown", username=username)
    if user.active == active:
        return
    user.active = active
    user.session_epoch += 1
    session.add(user)
    session.flush()
    _audit(session, actor, "enable" if active else "disable", user, {"active": active})


def set_password(
    session: Session, username: str, password: str, *, actor: Actor | str = "system"
) -> None:
    """Give an account a new password; logs it out everywhere."""
    user = get_user(session, username)
    if user is None:
        raise AccountError("account.error.unknown", username=username)
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    user.session_epoch += 1
    user.failed_logins, user.locked_until = 0, None  # a new password also lifts a lockout
    session.add(user)
    session.flush()
    _audit(session, actor, "set_password", user, {})


def authenticate(
    session: Session, username: str, password: str, *, now: datetime | None = None
) -> SignedInUser | None:
    """The user if the name and password match an active, unlocked account; None otherwise.

    Unknown names, wrong passwords, disabled and locked accounts all answer None, in about the
    same time, so a caller cannot tell them apart. ``MAX_FAILED_LOGINS`` wrong passwords in a
    row lock the account for ``LOCKOUT``; a right password resets the count.
    """
    now = now or datetime.now(UTC)
    user = get_user(session, username.strip())
    if user is None or len(password) > MAX_PASSWORD_LENGTH:
        try:
            _hasher.verify(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH] or "-")
        except VerificationError:
            pass
        return None
    try:
        _hasher.verify(user.password_hash, password)
        matched = True
    except (VerificationError, InvalidHashError):
        matched = False
    locked = user.locked_until is not None and _aware(user.locked_until) > now
    if locked or not user.active:
        return None
    if not matched:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        session.add(user)
        session.flush()
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    session.add(user)
    session.flush()
    return _signed_in(user)


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns: they are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _token_key(session: Session) -> bytes:
    secret = session.get(AppSecret, TOKEN_SECRET_NAME)
    if secret is None:
        secret = AppSecret(name=TOKEN_SECRET_NAME, value=secrets.token_urlsafe(32))
        session.add(secret)
        session.flush()
    return secret.value.encode()


def _signature(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def issue_login_token(
    session: Session,
    user: SignedInUser,
    *,
    now: datetime | None = None,
    max_age: timedelta = DEFAULT_TOKEN_AGE,
) -> str:
    """A signed token that lets the same browser log in again until it expires."""
    account = session.get(UserAccount, user.id)
    if account is None or not account.active:
        raise AccountError("account.error.unknown", username=user.username)
    expires = int(((now or datetime.now(UTC)) + max_age).timestamp())
    payload = f"{account.id}.{account.session_epoch}.{expires}"
    return f"{payload}.{_signature(_token_key(session), payload)}"


def user_from_token(
    session: Session, token: str | None, *, now: datetime | None = None
) -> SignedInUser | None:
    """The user a token was issued to, if its signature, expiry, epoch and account still hold."""
    if not token or len(token) > 200:
        return None
    parts = token.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts[:3]):
        return None
    payload, signature = ".".join(parts[:3]), parts[3]
    if not hmac.compare_digest(_signature(_token_key(session), payload), signature):
        return None
    user_id, epoch, expires = (int(p) for p in parts[:3])
    if expires < (now or datetime.now(UTC)).timestamp():
        return None
    account = session.get(UserAccount, user_id)
    if account is None or not account.active or account.session_epoch != epoch:
        return None
    return _signed_in(account)
