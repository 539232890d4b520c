"""What residents and staff do with feedback, one function each: a resident sends a
message; staff mark a flood as spam, release held messages or mark them spam, every page of
a filter at once; the retention period deletes old contact data.

Feedback's protocol lives here and only here: **check, then count, then store** — the
message is checked first (a typo does not use up a resident's limit), then counted against
the limits per network (/24, /64), per compound and overall (in the database, across every
app process), then stored in one transaction: the suggestion through its owner
(``planner.surveys.suggestions.receive_feedback``, audited without the sender) and the private
contact row here. A message past a limit is **held** for review (stored, out of the triage
queue), never refused. A message sent with a key (``request_key``: the plain form's is signed
from what was typed, see ``public_web.forms``) is stored once: a double tap or a resend gets
the first one's reference back, uncounted.
Each action refuses with a :class:`planner.errors.Refused`
(``FeedbackRefused``; ``Busy`` when the database was busy) and returns plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from planner.audit import Actor
from planner.portal import feedback, receipts
from planner.portal.feedback import Feedback, FeedbackLimits
from planner.surveys import suggestions
from planner.surveys.suggestions import QueueFilter
from planner.transactions import reading, transaction

DEFAULT_LIMITS = FeedbackLimits()

__all__ = [
    "FeedbackSent",
    "mark_spam",
    "mark_spam_matching",
    "purge_contacts",
    "release_held",
    "submit_feedback",
]


@dataclass(frozen=True)
class FeedbackSent:
    """The stored message: its suggestion's id (what staff triage), and whether it was held
    for review past a limit (``limit``: "network", "site" or "overall"; empty otherwise); its
    public ``reference`` (the status page), and ``repeated`` when the form had already been
    sent (nothing new stored)."""

    suggestion_id: int
    held: bool = False
    limit: str = ""
    reference: str = ""
    repeated: bool = False


def submit_feedback(
    engine: Engine,
    message: Feedback,
    *,
    client: str,
    allowed: FeedbackLimits = DEFAULT_LIMITS,
    max_chars: int = 500,
    request_key: str = "",
) -> FeedbackSent:
    """A resident's message from a compound's public page: checked, counted, stored.

    Past a limit (per network, compound or overall) the message is stored **held** for
    review instead of refused: ``FeedbackSent.held`` says so, and staff release it or mark it
    spam (``pages/held_feedback.py``). ``request_key``: the message's key (the page's); a message
    already stored under it is returned (``repeated``) and nothing is checked, counted or stored.

    Raises
    ------
    FeedbackRefused
        What was typed is refused (the field it belongs beside), or the compound, building or
        work is unknown. Nothing is stored; a refusal of what was typed is not counted.
    """
    key = receipts.clean_request_key(request_key)
    if key is not None and (first := _sent_before(engine, key)) is not None:
        return first
    feedback.check_feedback(message, max_chars)  # typos are not counted
    admission = feedback.admit_feedback(
        engine, client=client, site_id=message.site_id, allowed=allowed
    )
    try:
        with transaction(engine) as session:
            stored = feedback.store_feedback(
                session, message, max_chars=max_chars, held=admission.held
            )
            reference = receipts.add_receipt(session, stored, key)
    except IntegrityError:
        # The same form sent twice at once: the other request stored it first.
        if key is None or (first := _sent_before(engine, key)) is None:
            raise
        return first
    return FeedbackSent(stored, admission.held, admission.limit, reference)


def _sent_before(engine: Engine, key: str) -> FeedbackSent | None:
    with reading(engine) as session:
        found = receipts.receipt_for_key(session, key)
    if found is None:
        return None
    return FeedbackSent(found.suggestion_id, reference=found.reference, repeated=True)


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


def release_held(engine: Engine, query: QueueFilter, *, actor: Actor | str) -> int:
    """Release every held message the filter matches (every page of it) into the triage
    queue, audited one by one, in one transaction; returns how many."""
    with transaction(engine) as session:
        return len(suggestions.release_held(session, query, actor=actor))


def mark_spam_matching(engine: Engine, query: QueueFilter, *, actor: Actor | str) -> int:
    """Mark every open or held message the filter matches (every page of it) as spam and
    delete their contact data, in one transaction; returns how many."""
    with transaction(engine) as session:
        return feedback.spam_matching(session, query, actor=actor)
