"""Suggestions past the retention period: personal numbers masked, spam deleted.

The public page masks phone and ID numbers whenever it shows a suggestion, but the stored
text kept them for good, long after the contact data sent with the same message was deleted.
:func:`mask_old_numbers` (run by ``planner privacy purge``) rewrites the text and the public
answer of suggestions received before a cutoff with ``planner.privacy``'s masking; the audit
log records how many were masked, never the numbers.

Messages marked spam were kept for good too: a flood that staff marked spam stayed in the
database. :func:`delete_old_spam` (the same command) deletes the spam received before the
cutoff, with its contact data and its status page's reference; the audit log records how
many. Held messages (kept back by the flood limits, not yet looked at) are not deleted: they
may be a resident's real message, and wait for staff (the held-feedback page).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from db.models import Suggestion, SuggestionStatus
from planner import audit
from planner.audit import Actor
from planner.privacy import mask_personal_numbers


def mask_old_numbers(
    session: Session, *, received_before: datetime, actor: Actor | str, dry_run: bool = False
) -> int:
    """Mask the personal numbers in the text and answer of suggestions received before
    ``received_before``; returns how many suggestions changed (or would, ``dry_run``)."""
    changed = 0
    rows = session.exec(select(Suggestion).where(col(Suggestion.received_at) < received_before))
    for suggestion in rows:
        text = mask_personal_numbers(suggestion.text)
        answer = mask_personal_numbers(suggestion.public_answer)
        if (text, answer) == (suggestion.text, suggestion.public_answer):
            continue
        changed += 1
        if not dry_run:
            suggestion.text, suggestion.public_answer = text, answer
            session.add(suggestion)
    if changed and not dry_run:
        session.flush()
        audit.record(session, actor, "mask_numbers", "suggestion", after={"suggestions": changed})
    return changed


def delete_old_spam(
    session: Session, *, received_before: datetime, actor: Actor | str, dry_run: bool = False
) -> int:
    """Delete the suggestions marked spam and received before ``received_before``, with their
    contact data and status-page references; returns how many (or would be, ``dry_run``)."""
    old_spam = select(Suggestion.id).where(
        col(Suggestion.status) == SuggestionStatus.SPAM.value,
        col(Suggestion.received_at) < received_before,
    )
    count = int(session.exec(select(func.count()).select_from(old_spam.subquery())).one())
    if not count or dry_run:
        return count
    # Their contact data and status-page references go with them: the portal's tables
    # reference a suggestion ON DELETE CASCADE (SQLite runs with foreign keys on).
    session.execute(delete(Suggestion).where(col(Suggestion.id).in_(old_spam.scalar_subquery())))
    session.flush()
    audit.record(session, actor, "delete_spam", "suggestion", after={"suggestions": count})
    return count
