"""Feedback from residents through the public pages: checks, limits, and where it lands.

The protocol (check, then count, then store) is one action,
``planner.portal.actions.submit_feedback``; this module holds its steps.

A message becomes a ``Suggestion`` in status "received", so it appears in the staff triage
queue like suggestions from surveys. The optional phone number, building and 单元 go into the
separate ``FeedbackContact`` row, which only staff pages read, and which is deleted when the
message is marked spam or after the retention period (:func:`purge_contacts`).

**Limits** (:class:`FeedbackLimits`) are counted in the database (``planner.limits``), so every
app process and every browser session share them: per network (the sender's /24 for IPv4, /64
for IPv6: one machine has many addresses of its network), per compound and overall. A script
that opens a new browser session, or takes the next address, for each message gains nothing.
A message past a limit is **held, never refused**: it is stored in status "held", out of the
triage queue and the statistics, until staff release it or mark it spam (a view of its own,
with bulk actions on every page of a filter). So a flood can no longer close a compound, or
the city, to the residents who write meanwhile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from db.models import Building, FeedbackContact, Site
from planner import limits
from planner.audit import Actor
from planner.errors import Refused
from planner.privacy import normalise_phone
from planner.surveys.suggestions import (
    CATEGORIES,
    QueueFilter,
    mark_spam,
    matching_ids,
    receive_feedback,
    suggest_category,
)
from planner.works.queries import get_item

if TYPE_CHECKING:
    from planner.settings import PlannerSettings

MIN_CHARS = 5
UNIT = re.compile(r"^[0-9A-Za-z一二三四五六七八九十]{1,4}$")
AUDIT_ACTOR = "portal"


class FeedbackRefused(Refused):
    """Feedback that cannot be accepted (a message key, its values, the form field)."""


@dataclass(frozen=True)
class Feedback:
    """What a resident typed into the feedback form."""

    site_id: int
    text: str
    category: str = ""  # empty: suggested from the text's keywords
    building_number: str = ""
    unit_number: str = ""
    phone: str = ""
    #: The work a report is about (from a work's "report a defect" link); None: none.
    work_item_id: int | None = None


def check_feedback(feedback: Feedback, max_chars: int = 500) -> Feedback:
    """The feedback cleaned (text trimmed, phone in E.164), or ``FeedbackRefused``: checked
    before anything is counted or written, so a typo does not use up a resident's limit."""
    text = feedback.text.strip()
    if len(text) < MIN_CHARS:
        raise FeedbackRefused("feedback.error.too_short", field="text", minimum=MIN_CHARS)
    if len(text) > max_chars:
        raise FeedbackRefused("feedback.error.too_long", field="text", maximum=max_chars)
    category = feedback.category or suggest_category(text)
    if category not in CATEGORIES:
        raise FeedbackRefused("feedback.error.category", field="category")
    phone = ""
    if feedback.phone.strip():
        phone = normalise_phone(feedback.phone) or ""
        if not phone:
            raise FeedbackRefused("feedback.error.phone", field="phone")
    unit = feedback.unit_number.strip()
    if unit and not UNIT.match(unit):
        raise FeedbackRefused("feedback.error.unit", field="unit")
    return Feedback(
        feedback.site_id,
        text,
        category,
        feedback.building_number.strip()[:32],
        unit,
        phone,
        feedback.work_item_id,
    )


def store_feedback(
    session: Session, feedback: Feedback, *, max_chars: int = 500, held: bool = False
) -> int:
    """Check and store one piece of feedback in the caller's transaction; returns the new
    suggestion's id. Raises ``FeedbackRefused``. ``held``: past a limit
    (:func:`admit_feedback`), it is stored held for review."""
    clean = check_feedback(feedback, max_chars)
    if session.get(Site, clean.site_id) is None:
        raise FeedbackRefused("feedback.error.site")
    if clean.building_number:
        known = session.exec(
            select(Building.id).where(
                Building.site_id == clean.site_id, Building.number == clean.building_number
            )
        ).first()
        if known is None:
            raise FeedbackRefused("feedback.error.building", field="building")
    if clean.work_item_id is not None:
        work = get_item(session, clean.work_item_id)
        if work is None or work.site_id != clean.site_id:
            raise FeedbackRefused("feedback.error.work")
    # The message becomes a suggestion through its owner, which audits that feedback came in
    # (its category and work, not who sent it or their number).
    suggestion = receive_feedback(
        session,
        site_id=clean.site_id,
        text=clean.text,
        category=clean.category,
        actor=Actor.system(AUDIT_ACTOR),
        reported_work_item_id=clean.work_item_id,
        held=held,
    )
    assert suggestion.id is not None
    if clean.phone or clean.building_number or clean.unit_number:
        session.add(
            FeedbackContact(
                suggestion_id=suggestion.id,
                phone=clean.phone,
                building_number=clean.building_number,
                unit_number=clean.unit_number,
            )
        )
    session.flush()
    return suggestion.id


def feedback_contacts(session: Session, suggestion_ids: list[int]) -> dict[int, FeedbackContact]:
    """The private contact rows of some suggestions (for staff pages only)."""
    if not suggestion_ids:
        return {}
    rows = session.exec(
        select(FeedbackContact).where(col(FeedbackContact.suggestion_id).in_(suggestion_ids))
    ).all()
    return {row.suggestion_id: row for row in rows}


# ---------------------------------------------------------------------------------------------
# Limits held in the database


@dataclass(frozen=True)
class FeedbackLimits:
    """How much feedback goes straight to the queue: per network (/24, /64), per compound,
    and overall; what is past a limit is held for review."""

    per_client: limits.Limit = limits.Limit(3, 600)
    per_site: limits.Limit = limits.Limit(30, 3600)
    overall: limits.Limit = limits.Limit(300, 3600)

    @classmethod
    def from_settings(cls, settings: PlannerSettings) -> FeedbackLimits:
        """The limits the settings describe (``PLANNER_FEEDBACK_*``)."""
        return cls(
            limits.Limit(settings.feedback_limit, settings.feedback_window_seconds),
            limits.Limit(settings.feedback_site_limit_per_hour, 3600),
            limits.Limit(settings.feedback_total_limit_per_hour, 3600),
        )


@dataclass(frozen=True)
class Admission:
    """Whether a message goes to the triage queue or is held for review, and which limit
    held it ("network", "site", "overall"; empty when it was not held)."""

    held: bool = False
    limit: str = ""


def admit_feedback(
    engine: Any, *, client: str, site_id: int, allowed: FeedbackLimits = FeedbackLimits()
) -> Admission:
    """Count one message from ``client`` (an address) about ``site_id``: past a limit it is
    held for review, never refused. The narrowest limit is counted first, and a message held
    by it is not counted in the wider ones, so one network's flood uses up neither its
    compound's share nor everyone's."""
    for kind, name, limit in (
        ("network", limits.bucket("feedback.net", limits.network_of(client)), allowed.per_client),
        ("site", f"feedback.site:{int(site_id)}", allowed.per_site),
        ("overall", "feedback.all", allowed.overall),
    ):
        if not limits.hit(engine, name, limit).allowed:
            return Admission(True, kind)
    return Admission()


def mark_feedback_spam(session: Session, suggestion_ids: list[int], *, actor: Actor | str) -> int:
    """Mark open suggestions as spam and delete their private contact data; returns how many."""
    marked = mark_spam(session, suggestion_ids, actor=actor)
    if marked:
        session.execute(
            delete(FeedbackContact).where(col(FeedbackContact.suggestion_id).in_(marked))
        )
        session.flush()
    return len(marked)


def spam_matching(session: Session, query: QueueFilter, *, actor: Actor | str) -> int:
    """Mark every open or held suggestion a queue filter matches as spam (every page of it),
    deleting their contact data; how many."""
    return mark_feedback_spam(session, matching_ids(session, query), actor=actor)


def purge_contacts(session: Session, *, older_than_days: int, now: datetime | None = None) -> int:
    """Delete the contact data (phone, building, 单元) of feedback sent more than
    ``older_than_days`` ago; the messages themselves stay. Returns how many were deleted."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=older_than_days)
    result = session.execute(delete(FeedbackContact).where(col(FeedbackContact.sent_at) < cutoff))
    session.flush()
    return result.rowcount or 0  # type: ignore[attr-defined]  # a DELETE's result is a CursorResult


def contacts_older_than(session: Session, *, days: int, now: datetime | None = None) -> int:
    """How many contact rows :func:`purge_contacts` would delete."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    return int(
        session.exec(
            select(func.count())
            .select_from(FeedbackContact)
            .where(FeedbackContact.sent_at < cutoff)
        ).one()
    )
