"""What a restore must not bring back: logins that were ended, passwords that were changed,
accounts that were disabled after the backup was taken.

A backup holds the ``login_session`` rows live at its time, and each account's password hash
and status. Restored as they are, a token revoked by "log out everywhere" became valid again
(403 → 204 at the login-cookie route), an old password worked again and a disabled account
came back. So a restore (``planner restore``) is wrapped:

- :func:`snapshot` reads, before the restore, each account's password hash and status as the
  database holds them now;
- :func:`after_restore` then revokes **every** login session (whatever the backup held: each
  browser logs in again), and gives each account found in both the hash and the status it
  had just before the restore (a newer password or a disabling wins over the backup's older
  state). Accounts only in the backup keep the backup's state (a restore onto an empty
  database, after a loss, brings the accounts back); accounts made after the backup are gone,
  as everything else made since.

The caller says what was done (``RestoreReport``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import inspect, select, update
from sqlalchemy.engine import Engine
from sqlmodel import col

from db.models import LoginSession, UserAccount
from planner import audit
from planner.transactions import transaction


@dataclass(frozen=True)
class AccountState:
    """An account's security state: password hash, active or not."""

    password_hash: str
    active: bool


@dataclass(frozen=True)
class RestoreReport:
    """What :func:`after_restore` did: logins ended, accounts given their newer state."""

    sessions_ended: int
    accounts_kept: int


def snapshot(engine: Engine) -> dict[str, AccountState]:
    """Each account's current password hash and status, by username (empty for a database
    without accounts yet)."""
    if not inspect(engine).has_table(UserAccount.__tablename__):
        return {}
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                col(UserAccount.username), col(UserAccount.password_hash), col(UserAccount.active)
            )
        ).all()
    return {name: AccountState(hash_, bool(active)) for name, hash_, active in rows}


def after_restore(
    engine: Engine, before: dict[str, AccountState], *, actor: str = "cli"
) -> RestoreReport:
    """End every login session and give each account its state from before the restore."""
    now = datetime.now(UTC)
    kept = 0
    with transaction(engine) as session:
        ended = session.execute(
            update(LoginSession)
            .where(col(LoginSession.revoked_at).is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
        accounts = session.execute(select(UserAccount)).scalars().all()
        for account in accounts:
            state = before.get(account.username)
            if state is None:
                continue
            if (account.password_hash, account.active) != (state.password_hash, state.active):
                account.password_hash, account.active = state.password_hash, state.active
                account.session_epoch += 1
                account.failed_logins, account.locked_until = 0, None
                session.add(account)
                kept += 1
        session.flush()
        audit.record(
            session,
            actor,
            "restore",
            "database",
            after={"sessions_ended": int(ended or 0), "accounts_kept": kept},
        )
    return RestoreReport(int(ended or 0), kept)
