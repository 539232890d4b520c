"""Staff accounts: creating users, checking passwords, failure counting and lockout.

Passwords are hashed with Argon2id (``argon2-cffi``, its recommended parameters: 64 MiB and
three passes per check); only the hash is stored. A new password must be long enough and not
guessable (``zxcvbn`` strength score, ``PLANNER_PASSWORD_MIN_SCORE``, told the local words
of ``planner.accounts.passwords``), and not made of local words alone.

What a crowd could do to logins is bounded here, for every app process at once:

- **wrong passwords** are counted with one atomic ``UPDATE … SET failed_logins =
  failed_logins + 1 … RETURNING`` (never read-then-write: ten parallel wrong passwords count
  ten), and ``MAX_FAILED_LOGINS`` in a row lock the account for ``LOCKOUT`` — for the
  clients that tried them: ``sessions.log_in`` lets a client that has not failed on the
  account check its password once even then, so one address cannot lock staff out of their
  accounts from another;
- **password checks at once** are bounded per process (a semaphore: memory at most
  ``per_process × 64 MiB`` above the idle process) and across processes (slots leased in the
  database, ``planner.limits.work_slot``, taken by ``sessions.log_in``); a check that finds
  no place in time answers "busy";
- **attempts per client address** are counted in the database (``planner.limits``) by the
  caller that knows the address (``planner.accounts.sessions.log_in``).

Login sessions (the browser's side of a login) are ``planner.accounts.sessions``.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, case, or_, update
from sqlmodel import Session, col, select

from db.models import UserAccount
from planner import audit, limits
from planner.accounts.access import Role
from planner.accounts.passwords import MIN_OWN_CHARS, local_remainder, strength
from planner.accounts.revocation import revoke_user_sessions
from planner.audit import Actor
from planner.errors import Refused

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,31}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
#: zxcvbn looks at this many characters (its time grows with the length).
STRENGTH_CHECK_CHARS = 100
#: After this many wrong passwords in a row an account refuses every password for a while.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
#: Memory one Argon2 check takes (argon2-cffi's default profile), for the stated bound.
ARGON2_MEMORY_MIB = 64
PASSWORD_CHECK_POOL = "password_check"

_hasher = PasswordHasher()
# Verified against when the username is unknown, so that a wrong name takes as long as a
# wrong password and does not tell which accounts exist.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(Refused):
    """A request about an account that cannot be met (a message key, its values, its field)."""


@dataclass(frozen=True)
class PasswordChecks:
    """How many password checks may run at once, per process and across all processes."""

    per_process: int = 2
    total: int = 4
    wait_seconds: float = 5.0

    @property
    def memory_bound_mib(self) -> int:
        """Most memory the checks of one process take at once (above an idle process)."""
        return self.per_process * ARGON2_MEMORY_MIB


DEFAULT_CHECKS = PasswordChecks()
_semaphores: dict[int, threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()


def _semaphore(size: int) -> threading.BoundedSemaphore:
    with _semaphores_lock:
        return _semaphores.setdefault(size, threading.BoundedSemaphore(size))


@contextmanager
def password_check_slot(checks: PasswordChecks) -> Iterator[None]:
    """Hold one of this process's places for a password check (``checks.per_process``):
    memory stays within ``checks.memory_bound_mib`` above the idle process. Raises
    ``limits.Busy`` when none comes free within ``checks.wait_seconds``. (The limit across
    processes is a pool of slots in the database, taken by ``sessions.log_in`` before its
    transaction starts.)"""
    gate = _semaphore(checks.per_process)
    if not gate.acquire(timeout=checks.wait_seconds):
        raise limits.Busy(PASSWORD_CHECK_POOL)
    try:
        yield
    finally:
        gate.release()


@dataclass(frozen=True)
class SignedInUser:
    """Who is logged in, as the app keeps it for a browser session (no password, no hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    #: An admin reset the password: nothing but choosing a new one until it is done.
    must_change_password: bool = False

    @property
    def label(self) -> str:
        """The name to show and to record in audit entries."""
        return self.display_name or self.username

    @property
    def actor(self) -> Actor:
        """This user as the audit log records them: display name, account id and username."""
        return Actor(self.label[:100], self.id, self.username)


def signed_in(user: UserAccount) -> SignedInUser:
    """The login view of an account row."""
    assert user.id is not None
    return SignedInUser(
        user.id, user.username, user.display_name, Role(user.role), user.must_change_password
    )


def check_new_password(password: str, *, username: str = "", min_score: int = 3) -> None:
    """Refuse a password that is too short, too long, or easy to guess (``AccountError``)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            "account.error.password_short", field="password", minimum=MIN_PASSWORD_LENGTH
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(
            "account.error.password_long", field="password", maximum=MAX_PASSWORD_LENGTH
        )
    if username and username.lower() in password.lower():
        raise AccountError("account.error.password_name", field="password")
    inputs = [username] if username else []
    if strength(password[:STRENGTH_CHECK_CHARS], inputs) < min_score:
        raise AccountError("account.error.password_weak", field="password")
    if len(local_remainder(password[:STRENGTH_CHECK_CHARS])) < MIN_OWN_CHARS:
        # Made of the city, a name, a year, 520/1314: guessed first, whatever zxcvbn says.
        raise AccountError("account.error.password_local", field="password", minimum=MIN_OWN_CHARS)


def get_user(session: Session, username: str) -> UserAccount | None:
    """The account with this username (exact, lower case), or None."""
    return session.exec(select(UserAccount).where(UserAccount.username == username)).first()


def get_account(session: Session, user_id: int) -> UserAccount | None:
    """The account with this id, or None."""
    return session.get(UserAccount, user_id)


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
    min_score: int = 3,
) -> UserAccount:
    """Add an account; raises ``AccountError`` for a bad name, password or role, or a taken name."""
    username = username.strip()
    if not USERNAME_PATTERN.match(username):
        raise AccountError("account.error.username", field="username")
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(
            "account.error.role", field="role", roles=", ".join(r.value for r in Role)
        ) from None
    check_new_password(password, username=username, min_score=min_score)
    if get_user(session, username) is not None:
        raise AccountError("account.error.taken", field="username", username=username)
    user = UserAccount(
        username=username,
        display_name=display_name.strip()[:100],
        role=role.value,
        password_hash=_hasher.hash(password),
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "create", user, after={"username": username, "role": role.value})
    return user


def set_active(
    session: Session, username: str, active: bool, *, actor: Actor | str = "system"
) -> None:
    """Disable (or enable again) an account; disabling ends every login of it."""
    user = get_user(session, username)
    if user is None:
        raise AccountError("account.error.unknown", username=username)
    if user.active == active:
        return
    user.active = active
    user.session_epoch += 1
    session.add(user)
    session.flush()
    if not active:
        # stored rows: their ids are set:
        revoke_user_sessions(session, user.id)  # type: ignore[arg-type]
    audit.record(session, actor, "enable" if active else "disable", user, after={"active": active})


def set_password(
    session: Session,
    username: str,
    password: str,
    *,
    actor: Actor | str = "system",
    min_score: int = 3,
) -> None:
    """Give an account a new password; ends every login of it and lifts a lockout."""
    user = get_user(session, username)
    if user is None:
        raise AccountError("account.error.unknown", username=username)
    check_new_password(password, username=username, min_score=min_score)
    user.password_hash = _hasher.hash(password)
    user.session_epoch += 1
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    session.flush()
    # stored rows: their ids are set:
    revoke_user_sessions(session, user.id)  # type: ignore[arg-type]
    audit.record(session, actor, "set_password", user, {})


#: Letters and digits of a temporary password, without the ones read alike (0/O, 1/l/I).
TEMPORARY_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_GROUPS, TEMPORARY_GROUP_LENGTH = 4, 4  # 16 characters: about 93 bits


def temporary_password() -> str:
    """A random one-time password to read out or hand over, e.g. ``k7Qm-Zp4t-…`` (16 letters
    and digits of :data:`TEMPORARY_ALPHABET` in groups of four, from ``secrets``)."""
    return "-".join(
        "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(TEMPORARY_GROUP_LENGTH))
        for _ in range(TEMPORARY_GROUPS)
    )


def _new_hash(session: Session, user: UserAccount, password: str, *, must_change: bool) -> None:
    """Store a new password of ``user``: every login of it ends and a lockout is lifted."""
    user.password_hash = _hasher.hash(password)
    user.session_epoch += 1
    user.failed_logins, user.locked_until = 0, None
    user.must_change_password = must_change
    session.add(user)
    session.flush()
    # stored rows: their ids are set:
    revoke_user_sessions(session, user.id)  # type: ignore[arg-type]


def reset_password(session: Session, username: str, *, actor: Actor | str) -> str:
    """Give an account a one-time temporary password (returned, never stored in clear or
    audited) that must be changed at its next login; every login of it ends, audited."""
    user = get_user(session, username)
    if user is None:
        raise AccountError("account.error.unknown", username=username)
    password = temporary_password()
    _new_hash(session, user, password, must_change=True)
    audit.record(session, actor, "reset_password", user, {}, {"must_change_password": True})
    return password


def set_own_password(
    session: Session, user_id: int, password: str, *, min_score: int = 3
) -> SignedInUser:
    """The logged-in person's own new password (after a reset: the forced change), checked
    like any new one; every login of the account ends (the caller logs in again), audited."""
    user = get_account(session, user_id)
    if user is None or not user.active:
        raise AccountError("account.error.unknown", username="")
    check_new_password(password, username=user.username, min_score=min_score)
    with password_check_slot(DEFAULT_CHECKS):
        same = _verify(user.password_hash, password)
    if same:
        raise AccountError("account.error.password_same", field="password")
    _new_hash(session, user, password, must_change=False)
    audit.record(session, signed_in(user).actor, "change_own_password", user, {}, {})
    return signed_in(user)


def set_role(session: Session, username: str, role: Role | str, *, actor: Actor | str) -> bool:
    """Change an account's role, audited (the role before and after); False when it had that
    role already. The new role holds from the account's next click (read on every run)."""
    user = get_user(session, username)
    if user is None:
        raise AccountError("account.error.unknown", username=username)
    try:
        new = Role(role)
    except ValueError:
        raise AccountError(
            "account.error.role", field="role", roles=", ".join(r.value for r in Role)
        ) from None
    if user.role == new.value:
        return False
    before = user.role
    user.role = new.value
    session.add(user)
    session.flush()
    audit.record(session, actor, "change_role", user, {"role": before}, {"role": new.value})
    return True


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns: they are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def count_failure(session: Session, user_id: int, *, now: datetime) -> tuple[int, bool]:
    """Count one wrong password, atomically; lock the account at ``MAX_FAILED_LOGINS``.

    One statement reads and writes the count (``UPDATE … RETURNING``), so parallel failures
    each add one. Returns the failures in a row now and whether this one locked the account.
    """
    reached = col(UserAccount.failed_logins) + 1 >= MAX_FAILED_LOGINS
    statement = (
        update(UserAccount)
        .where(col(UserAccount.id) == user_id)
        .values(
            failed_logins=case((reached, 0), else_=col(UserAccount.failed_logins) + 1),
            locked_until=case((reached, now + LOCKOUT), else_=col(UserAccount.locked_until)),
        )
        .returning(col(UserAccount.failed_logins), col(UserAccount.locked_until))
        .execution_options(synchronize_session=False)
    )
    failures, locked_until = session.execute(statement).one()
    session.flush()
    locked = failures == 0 and locked_until is not None and _aware(locked_until) > now
    return (MAX_FAILED_LOGINS if locked else failures), locked


def _clear_failures(
    session: Session, user_id: int, *, now: datetime, lock_applies: bool = True
) -> bool:
    """Reset the count after a right password, unless the account is locked or disabled
    meanwhile (checked in the same statement). Returns whether the login may go on.

    With ``lock_applies`` False (a client that has not failed on this account) a lock does
    not stop the login, and stays: the clients that tried the wrong passwords wait it out.
    """
    if not lock_applies:
        statement = (
            update(UserAccount)
            .where(col(UserAccount.id) == user_id, col(UserAccount.active).is_(True))
            .values(last_login_at=now)
            .returning(col(UserAccount.id))
            .execution_options(synchronize_session=False)
        )
        return session.execute(statement).first() is not None
    statement = (
        update(UserAccount)
        .where(
            and_(
                col(UserAccount.id) == user_id,
                col(UserAccount.active).is_(True),
                or_(col(UserAccount.locked_until).is_(None), col(UserAccount.locked_until) <= now),
            )
        )
        .values(failed_logins=0, locked_until=None, last_login_at=now)
        .returning(col(UserAccount.id))
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).first() is not None


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    now: datetime | None = None,
    checks: PasswordChecks = DEFAULT_CHECKS,
    lock_applies: bool = True,
    refuse: bool = False,
) -> SignedInUser | None:
    """The user if the name and password match an active, unlocked account; None otherwise.

    Unknown names, wrong passwords, disabled and locked accounts answer None after the same
    work: one Argon2 check (against a dummy hash when there is nothing to check), so neither
    the time nor the memory tells which names exist or are locked. ``lock_applies`` False
    lets a right password through an account's lock (the caller knows this client did not
    cause it, ``sessions.log_in``); ``refuse`` answers None whatever the password (this client
    is locked out of this account), after the same work. Raises ``limits.Busy`` when too many
    password checks run already.
    """
    now = now or datetime.now(UTC)
    user = get_user(session, username.strip())
    locked = user is not None and user.locked_until is not None and _aware(user.locked_until) > now
    with password_check_slot(checks):
        if user is None or refuse or (locked and lock_applies):
            _verify(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH] or "-")
            return None
        if len(password) > MAX_PASSWORD_LENGTH:
            _verify(_DUMMY_HASH, password[:MAX_PASSWORD_LENGTH])
            return None
        matched = _verify(user.password_hash, password)
    if not matched:
        # stored rows: their ids are set:
        count_failure(session, user.id, now=now)  # type: ignore[arg-type]
        return None
    # Unlocked: the count of failures in a row starts again. Locked, for a client that did
    # not cause the lock: the login goes on and the lock stays for the others.
    through_lock = locked and not lock_applies
    # stored rows: their ids are set:
    if not _clear_failures(session, user.id, now=now, lock_applies=not through_lock):  # type: ignore[arg-type]
        return None
    session.refresh(user)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        session.add(user)
    session.flush()
    return signed_in(user)
