"""Ending every login of an account: the one write on login sessions that both a password
change or a disabled account (``planner.accounts.users``) and "log out everywhere"
(``planner.accounts.sessions``) need. Kept apart so neither module imports the other back."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlmodel import Session, col

from db.models import LoginSession


def revoke_user_sessions(session: Session, user_id: int) -> int:
    """Revoke every live login session of an account; returns how many."""
    result = session.execute(
        update(LoginSession)
        .where(col(LoginSession.user_id) == user_id, col(LoginSession.revoked_at).is_(None))
        .values(revoked_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    session.flush()
    # an UPDATE's result is a CursorResult:
    return result.rowcount or 0  # type: ignore[attr-defined]
