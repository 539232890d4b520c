"""Tables of the resident portal: the private part of feedback sent through the public pages.

A resident's feedback becomes a ``Suggestion`` (text, category, status: what staff triage and,
once adopted, what the public page shows). What could identify the sender, the optional phone
number and the building and 单元, is kept apart in ``FeedbackContact``, which only staff pages
read. ``FeedbackReceipt`` is what the sender may see again: a reference number for the
status page, and the message's key (a double tap or a resend stores one message).

``PublicDataVersion`` counts changes of what the public pages show, per compound (``site_id``;
0: everything else, such as programmes, acceptance, the funds' contracts): the database's
triggers bump it (migration 0015), so every process knows when its cached pages are stale.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, String
from sqlmodel import Field, SQLModel

# The core module defines utcnow before it imports this one, so this import is complete.
from db.models import utcnow

__all__: list[str] = ["FeedbackContact", "FeedbackReceipt", "PublicDataVersion"]


class FeedbackContact(SQLModel, table=True):
    """Who sent a piece of portal feedback and how to reach them (staff only)."""

    __tablename__ = "feedback_contact"

    suggestion_id: int = Field(foreign_key="suggestion.id", primary_key=True, ondelete="CASCADE")
    phone: str = Field(default="", sa_type=String(20))
    building_number: str = Field(default="", sa_type=String(32))
    unit_number: str = Field(default="", sa_type=String(16))
    sent_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), index=True)


class FeedbackReceipt(SQLModel, table=True):
    """A sent message's public reference (its status page) and the message's key."""

    __tablename__ = "feedback_receipt"

    reference: str = Field(primary_key=True, sa_type=String(16))
    suggestion_id: int = Field(foreign_key="suggestion.id", index=True, ondelete="CASCADE")
    #: The key the page gave the message (None: none): a second submit finds the first.
    request_key: str | None = Field(default=None, sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class PublicDataVersion(SQLModel, table=True):
    """How often what a compound's public page shows has changed (written by triggers only)."""

    __tablename__ = "public_data_version"

    #: The compound (``site.id``), or 0 for what every public page shows.
    site_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    version: int = Field(default=0, sa_type=BigInteger)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
