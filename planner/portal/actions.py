"""What residents and staff do with feedback, one function each: a resident sends a
message; staff mark a flood as spam; the retention period deletes old contact data.

Feedback's protocol lives here and only here: **check, then count, then store** — the
message is checked first (a typo does not use up a resident's limit), then counted against
the limits per client address, per compound and overall (in the database, across every app
process), then stored in one transaction: the suggestion through its owner
(``planner.surveys.suggestions.receive_feedback``, audited without the sender) and the private
contact row here. Each action refuses with a :class:`planner.errors.Refused`
(``FeedbackRefused``; ``Busy`` when the database was busy) and returns plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from planner.audit import Actor
from planner.portal import feedback
from planner.portal.feedback import Feedback, FeedbackLimits
from planner.transactions import transaction

DEFAULT_LIMITS = FeedbackLimits()

__all__ = ["FeedbackSent", "mark_spam", "purge_contacts", "submit_feedback"]


@dataclass(frozen=True)
class FeedbackSent:
    """The stored message: its suggestion's id (what staff triage)."""

    suggestion_id: int


def submit_feedback(
    engine: Engine,
    message: Feedback,
    *,
    client: str,
    allowed: FeedbackLimits = DEFAULT_LIMITS,
    max_chars: int = 500,
) -> FeedbackSent:
    """A resident's message from a compound's public page: checked, counted, stored.

    Raises
    ------
    FeedbackRefused
        What was typed is refused (the field it belongs beside), the compound, building or
        work is unknown, or a limit is reached ("feedback.wait" with the seconds to wait).
        Nothing is stored; a refusal of what was typed is not counted.
    """
    feedback.check_feedback(message, max_chars)  # typos are not counted
    feedback.admit_feedback(engine, client=client, site_id=message.site_id, allowed=allowed)
    with transaction(engine) as session:
        return FeedbackSent(feedback.store_feedback(session, message, max_chars=max_chars))


def mark_spam(engine: Engine, suggestion_ids: Sequence[int], *, actor: Actor | str) -> int:
    """Mark open messages as spam (audited one by one) and delete their private contact
    data, in one transaction; returns how many were marked."""
    with transaction(engine) as session:
        return feedback.mark_feedback_spam(session, list(suggestion_ids), actor=actor)


def purge_contacts(engine: Engine, *, older_than_days: int) -> int:
    """Delete the contact data (phone, building, 单元) of feedback sent more than
    ``older_than_days`` ago; the messages stay. Returns how many were deleted."""
    with transaction(engine) as session:
        return feedback.purge_contacts(session, older_than_days=older_than_days)
