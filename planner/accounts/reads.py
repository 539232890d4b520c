"""What the pages and commands read of accounts: one named query per thing shown, each in
its own session (``planner.transactions``), returning plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from planner.accounts import sessions, users
from planner.accounts.users import SignedInUser
from planner.secrets import SigningKeys
from planner.transactions import reading, transaction


@dataclass(frozen=True)
class UserRow:
    """An account as the admin page and ``planner user list`` show it."""

    username: str
    display_name: str
    role: str
    active: bool
    last_login_at: datetime | None
    live_sessions: int


def user_rows(engine: Engine) -> list[UserRow]:
    """Every account, by username, with its live logins."""
    with reading(engine) as session:
        live = sessions.live_session_counts(session)
        return [
            UserRow(
                u.username,
                u.display_name,
                u.role,
                u.active,
                u.last_login_at,
                live.get(u.id, 0),  # type: ignore[arg-type]
            )
            for u in users.list_users(session)
        ]


def has_accounts(engine: Engine) -> bool:
    """Whether any account exists (a new installation has none until an admin is added)."""
    with reading(engine) as session:
        return users.has_accounts(session)


def signed_in_user(
    engine: Engine, token: str | None, *, keys: SigningKeys, idle: timedelta
) -> SignedInUser | None:
    """The user of a live login session (None: no valid login). Checked on every page run;
    it notes now and then that the session is still in use (its idle time starts again)."""
    with transaction(engine) as session:
        return sessions.user_from_session(session, token, keys=keys, idle=idle)
