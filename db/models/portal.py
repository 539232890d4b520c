"""Tables of the resident portal: the private part of feedback sent through the public pages.

A resident's feedback becomes a ``Suggestion`` (text, category, status: what staff triage and,
once adopted, what the public page shows). What could identify the sender, the optional phone
number and the building and 单元, is kept apart in ``FeedbackContact``, which only staff pages
read.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlmodel import Field, SQLModel

# The core module defines utcnow before it imports this one, so this import is complete.
from db.models import utcnow

__all__: list[str] = ["FeedbackContact"]


class FeedbackContact(SQLModel, table=True):
    """Who sent a piece of portal feedback and how to reach them (staff only)."""

    __tablename__ = "feedback_contact"

    suggestion_id: int = Field(foreign_key="suggestion.id", primary_key=True, ondelete="CASCADE")
    phone: str = Field(default="", sa_type=String(20))
    building_number: str = Field(default="", sa_type=String(32))
    unit_number: str = Field(default="", sa_type=String(16))
    sent_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), index=True)
