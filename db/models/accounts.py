"""Tables of staff accounts: users with a role and a password hash, and the app's signing key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlmodel import Field, SQLModel

# The core module defines utcnow before it imports this one, so this import is complete.
from db.models import utcnow

__all__: list[str] = ["AppSecret", "UserAccount"]


class UserAccount(SQLModel, table=True):
    """A person who logs in: bureau staff (planner), engineer or admin.

    Only the Argon2 hash of the password is stored. ``session_epoch`` grows whenever the
    password changes or the account is disabled, which invalidates every "stay logged in"
    token issued before.
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
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    last_login_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class AppSecret(SQLModel, table=True):
    """A random secret the app creates once and shares across its processes (e.g. the key
    that signs "stay logged in" cookies)."""

    __tablename__ = "app_secret"

    name: str = Field(sa_type=String(64), primary_key=True)
    value: str = Field(sa_type=String(255))
