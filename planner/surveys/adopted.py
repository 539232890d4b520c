"""Adopted suggestions as others read them: the public compound page (what was adopted and
answered, never the sender) and the survey statistics (which work each adoption led to); and
where one message stands, for the sender's status page (its state and public answer only)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from db.models import Suggestion, SuggestionStatus
from planner.works.queries import items_with_scope

__all__ = [
    "AdoptedLink",
    "AdoptedSuggestion",
    "PublicStatus",
    "adopted_links",
    "adopted_suggestions",
    "public_status",
]


@dataclass(frozen=True)
class AdoptedSuggestion:
    """An adopted suggestion as the public compound page may show it (no sender, no contact)."""

    id: int
    category: str
    text: str
    public_answer: str
    decided_at: datetime | None
    work_item_id: int | None


def adopted_suggestions(session: Session, site_id: int) -> list[AdoptedSuggestion]:
    """The site's adopted suggestions, latest decision first."""
    rows = session.exec(
        select(Suggestion)
        .where(Suggestion.site_id == site_id, Suggestion.status == SuggestionStatus.ADOPTED)
        .order_by(col(Suggestion.decided_at).desc(), col(Suggestion.id).desc())
    ).all()
    return [
        AdoptedSuggestion(
            s.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            s.category,
            s.text,
            s.public_answer,
            s.decided_at,
            s.work_item_id,
        )
        for s in rows
    ]


@dataclass(frozen=True)
class AdoptedLink:
    """An adopted suggestion that led to a work item: its category, answer and the work."""

    category: str
    public_answer: str
    scope_key: str
    building_number: str | None


def adopted_links(session: Session, site_ids: Iterable[int]) -> list[AdoptedLink]:
    """The adopted suggestions of some sites that link a work item, with that item's scope."""
    adopted = session.exec(
        select(Suggestion.category, Suggestion.public_answer, Suggestion.work_item_id).where(
            Suggestion.status == SuggestionStatus.ADOPTED,
            col(Suggestion.site_id).in_(list(site_ids)),
            col(Suggestion.work_item_id).is_not(None),
        )
    ).all()
    items = {
        row.id: row for row in items_with_scope(session, item_ids={i for _c, _a, i in adopted if i})
    }
    return [
        AdoptedLink(category, answer, items[i].scope_key, items[i].building_number)
        for category, answer, i in adopted
        if i in items
    ]


@dataclass(frozen=True)
class PublicStatus:
    """Where a message stands as its sender may read it: never its text or who sent it."""

    site_id: int
    state: str  # "received", "evaluating", "adopted", "not_adopted"
    answer: str  # the public answer once decided, else ""


#: What a resident is told of each status: held and spam look like "received" (a sender is not
#: told that a limit held the message, nor that staff took it for spam).
_PUBLIC_STATES = {
    SuggestionStatus.RECEIVED: "received",
    SuggestionStatus.HELD: "received",
    SuggestionStatus.SPAM: "received",
    SuggestionStatus.EVALUATING: "evaluating",
    SuggestionStatus.ADOPTED: "adopted",
    SuggestionStatus.NOT_ADOPTED: "not_adopted",
}


def public_status(session: Session, suggestion_id: int) -> PublicStatus | None:
    """The public state of one suggestion (None: it does not exist)."""
    row = session.exec(
        select(Suggestion.site_id, Suggestion.status, Suggestion.public_answer).where(
            col(Suggestion.id) == suggestion_id
        )
    ).first()
    if row is None:
        return None
    site_id, status, answer = row
    state = _PUBLIC_STATES.get(SuggestionStatus(status), "received")
    decided = state in ("adopted", "not_adopted")
    return PublicStatus(site_id, state, answer if decided else "")
