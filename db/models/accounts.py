"""Tables of staff accounts and of what protects the app from a crowd.

- ``user_account``: users with a role and an Argon2 password hash;
- ``login_session``: server-side login sessions (the browser holds only a random id, the
  database only its SHA-256 hash), revoked on logout, a new password, a disabled account or
  "log out everywhere";
- ``rate_counter``: counts per key and time window (``planner.limits``), shared by every app
  process: wrong passwords per client address, feedback per client, per compound, overall;
- ``work_slot``: leases on a few slots, so that only so many costly password checks run at
  once across all app processes.

The key that signs login cookies is **not** here: it comes from a setting or a secret file
(``planner.secrets``), so that a copy of the database cannot be used to forge a login.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, String
from sqlmodel import Field, SQLModel

# The core module defines utcnow before it imports this one, so this import is complete.
from db.models import utcnow

__all__: list[str] = ["LoginSession", "RateCounter", "UserAccount", "WorkSlot"]


class UserAccount(SQLModel, table=True):
    """A person who logs in: bureau staff (planner), engineer or admin.

    Only the Argon2 hash of the password is stored. ``session_epoch`` grows whenever the
    password changes or the account is disabled (kept for the audit trail; the login sessions
    themselves are revoked in ``login_session``).
    """

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_type=String(64), unique=True, index=True)
    display_name: str = Field(default="", sa_type=String(100))
    role: str = Field(sa_type=String(16))
    password_hash: str = Field(sa_type=String(255))
    active: bool = Field(default=True)
    session_epoch: int = Field(default=1)
    # Failed logins in a row, and until when the account refuses every password after too many.
    # Counted with one atomic UPDATE ... RETURNING (planner.accounts.users), never read-then-write.
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    last_login_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    # Set when an admin gave a one-time temporary password: the next login must choose a new one.
    must_change_password: bool = Field(default=False)


class LoginSession(SQLModel, table=True):
    """One login: the hash of the random id the browser holds, whose, until when."""

    __tablename__ = "login_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=String(64), unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    expires_at: datetime = Field(sa_type=DateTime(timezone=True), index=True)
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    client: str = Field(default="", sa_type=String(64), description="address at login")


class RateCounter(SQLModel, table=True):
    """How many events a key had in one fixed window (``window_start``, seconds since 1970)."""

    __tablename__ = "rate_counter"

    bucket: str = Field(sa_type=String(160), primary_key=True)
    window_start: int = Field(sa_type=BigInteger, primary_key=True, index=True)
    count: int = Field(default=0)


class WorkSlot(SQLModel, table=True):
    """A slot of a pool of costly work (e.g. password checks): free, or leased until a time."""

    __tablename__ = "work_slot"

    pool: str = Field(sa_type=String(32), primary_key=True)
    slot: int = Field(primary_key=True)
    holder: str | None = Field(default=None, sa_type=String(64))
    expires_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
