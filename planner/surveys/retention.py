"""Personal numbers in stored suggestions, masked once they are past the retention period.

The public page masks phone and ID numbers whenever it shows a suggestion, but the stored
text kept them for good, long after the contact data sent with the same message was deleted.
:func:`mask_old_numbers` (run by ``planner privacy purge``) rewrites the text and the public
answer of suggestions received before a cutoff with ``planner.privacy``'s masking; the audit
log records how many were masked, never the numbers.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from db.models import Suggestion
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
