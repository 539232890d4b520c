"""What people do with accounts and logins, one function each: log in and out, add an
account, disable or enable it, give it a new password, end its logins everywhere, purge
ended logins.

Each action opens and commits its own transaction (``planner.transactions.transaction``),
writes through ``planner.accounts.users`` and ``planner.accounts.sessions`` (every change to
an account audited), refuses with a :class:`planner.errors.Refused` (``AccountError``;
``Busy`` when the database was busy) and returns plain values. The admin page and
``planner user …`` call the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from planner.accounts import sessions, users
from planner.accounts.sessions import LoginOutcome, LoginPolicy
from planner.accounts.users import AccountError
from planner.audit import Actor
from planner.errors import busy_refused
from planner.secrets import SigningKeys
from planner.transactions import transaction

__all__ = [
    "UserAdded",
    "add_user",
    "change_own_password",
    "change_password",
    "change_role",
    "disable_user",
    "enable_user",
    "log_in",
    "log_out",
    "log_out_everywhere",
    "purge_sessions",
    "reset_password",
]


def log_in(
    engine: Engine,
    username: str,
    password: str,
    *,
    client: str,
    policy: LoginPolicy,
    keys: SigningKeys | None = None,
) -> LoginOutcome:
    """One login attempt from ``client`` (an address): counted per address in the database,
    then the password checked (bounded across processes), then a login session started
    (``planner.accounts.sessions.log_in``). The outcome says why not when it failed;
    ``Busy`` when the database was too busy to check."""
    with busy_refused():
        return sessions.log_in(engine, username, password, client=client, policy=policy, keys=keys)


def log_out(engine: Engine, token: str | None, *, keys: SigningKeys | None = None) -> bool:
    """End the login session of a cookie value; whether there was one."""
    with transaction(engine) as session:
        return sessions.end_session(session, token, keys=keys)


@dataclass(frozen=True)
class UserAdded:
    """The new account."""

    username: str
    role: str


def add_user(
    engine: Engine,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    actor: Actor | str,
    min_score: int = 3,
    password_again: str | None = None,
) -> UserAdded:
    """Add an account, audited. Raises ``AccountError``: the two passwords differ (when
    ``password_again`` is given), a bad or taken name, a weak password, an unknown role."""
    if password_again is not None and password != password_again:
        raise AccountError("users.password_mismatch", field="password_again")
    with transaction(engine) as session:
        user = users.create_user(
            session,
            username=username,
            password=password,
            role=role,
            display_name=display_name,
            actor=actor,
            min_score=min_score,
        )
        return UserAdded(user.username, user.role)


def disable_user(engine: Engine, username: str, *, actor: Actor | str) -> None:
    """Disable an account (every login of it ends), audited. Refused for one's own account
    (``account.error.self``) and an unknown one."""
    who = Actor.coerce(actor)
    if who.username and who.username == username:
        raise AccountError("account.error.self", field="username")
    with transaction(engine) as session:
        users.set_active(session, username, False, actor=who)


def enable_user(engine: Engine, username: str, *, actor: Actor | str) -> None:
    """Enable a disabled account again, audited (``AccountError`` for an unknown one)."""
    with transaction(engine) as session:
        users.set_active(session, username, True, actor=actor)


def change_password(
    engine: Engine,
    username: str,
    password: str,
    *,
    actor: Actor | str,
    min_score: int = 3,
    password_again: str | None = None,
) -> None:
    """Give an account a new password (every login of it ends, a lockout is lifted), audited.
    Raises ``AccountError``: the passwords differ, a weak password, an unknown account."""
    if password_again is not None and password != password_again:
        raise AccountError("users.password_mismatch", field="password_again")
    with transaction(engine) as session:
        users.set_password(session, username, password, actor=actor, min_score=min_score)


def log_out_everywhere(engine: Engine, username: str, *, actor: Actor | str) -> int:
    """End every login of an account (all browsers), audited; returns how many ended."""
    with transaction(engine) as session:
        return sessions.log_out_everywhere(session, username, actor=actor)


def purge_sessions(engine: Engine) -> int:
    """Delete login sessions that expired or were revoked more than a day ago."""
    with transaction(engine) as session:
        return sessions.purge_sessions(session)


def reset_password(engine: Engine, username: str, *, actor: Actor | str) -> str:
    """Give an account a one-time temporary password, to be shown once (returned, stored only
    as its hash); the account must choose a new one at its next login. Every login of it
    ends; audited. Refused for one's own account (``account.error.self``) and an unknown one."""
    who = Actor.coerce(actor)
    if who.username and who.username == username:
        raise AccountError("account.error.self_change", field="username")
    with transaction(engine) as session:
        return users.reset_password(session, username, actor=who)


def change_role(engine: Engine, username: str, role: str, *, actor: Actor | str) -> bool:
    """Change an account's role, audited; False when it had that role already. Refused for
    one's own account (an admin cannot demote the last admin by mistake: themselves)."""
    who = Actor.coerce(actor)
    if who.username and who.username == username:
        raise AccountError("account.error.self_change", field="username")
    with transaction(engine) as session:
        return users.set_role(session, username, role, actor=who)


def change_own_password(
    engine: Engine,
    user_id: int,
    password: str,
    *,
    password_again: str,
    min_score: int = 3,
) -> None:
    """The logged-in person's new password (the forced change after a reset), audited. Every
    login of the account ends: the page logs in again with the new password. Raises
    ``AccountError``: the passwords differ, a weak one, the temporary one again."""
    if password != password_again:
        raise AccountError("users.password_mismatch", field="password_again")
    with transaction(engine) as session:
        users.set_own_password(session, user_id, password, min_score=min_score)
