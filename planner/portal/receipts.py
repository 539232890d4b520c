"""What a resident keeps of a sent message: a reference number and its status page; and the
message's key, so a double tap or a resend stores one message.

The reference is random (10 characters of an alphabet without look-alikes), not the message's
id: references cannot be counted through to find other people's messages. The status page
says only where the message stands and the bureau's public answer; never the text, the
phone number, the building, nor anything of other messages.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from db.models import FeedbackReceipt, Site
from planner.privacy import mask_personal_numbers
from planner.surveys.adopted import public_status
from planner.works.overdue import city_today

#: Characters of a reference: no 0/O, 1/I/L (read aloud over the phone, typed from paper).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 10
#: What a message's key may be (made by the page: the plain form's is 64 hex characters).
REQUEST_KEY_MAX = 64


def new_reference() -> str:
    """A fresh random reference ("K7M2QX9TRA")."""
    return "".join(secrets.choice(ALPHABET) for _ in range(REFERENCE_LENGTH))


def clean_reference(value: str) -> str | None:
    """The reference of a status link, or None when it cannot be one."""
    value = value.strip().upper()
    if len(value) != REFERENCE_LENGTH or any(c not in ALPHABET for c in value):
        return None
    return value


def clean_request_key(value: str) -> str | None:
    """A message's key, or None when there is none or it is not a plausible one."""
    value = value.strip()
    if not 16 <= len(value) <= REQUEST_KEY_MAX or not value.isascii() or not value.isprintable():
        return None
    return value


@dataclass(frozen=True)
class Receipt:
    """A stored message's reference, and whether it was held for review."""

    suggestion_id: int
    reference: str


def receipt_for_key(session: Session, request_key: str) -> Receipt | None:
    """The receipt of the message already sent with this key, if any."""
    row = session.exec(
        select(FeedbackReceipt).where(FeedbackReceipt.request_key == request_key)
    ).first()
    return Receipt(row.suggestion_id, row.reference) if row is not None else None


def add_receipt(session: Session, suggestion_id: int, request_key: str | None) -> str:
    """Give a newly stored message its reference (in the caller's transaction)."""
    reference = new_reference()
    while session.get(FeedbackReceipt, reference) is not None:  # 31^10: all but never
        reference = new_reference()
    session.add(
        FeedbackReceipt(reference=reference, suggestion_id=suggestion_id, request_key=request_key)
    )
    session.flush()
    return reference


@dataclass(frozen=True)
class FeedbackStatus:
    """What the status page of a message shows (nothing private: see the module)."""

    reference: str
    site_key: str
    site_name_zh: str
    site_name_en: str
    sent: date  # the city's day
    state: str  # "received", "evaluating", "adopted", "not_adopted"
    answer: str  # the bureau's public answer ("" until there is one)

    def site_name(self, lang: str) -> str:
        """The compound's name in ``lang``."""
        return self.site_name_en or self.site_name_zh if lang == "en" else self.site_name_zh


def feedback_status(session: Session, reference: str) -> FeedbackStatus | None:
    """The status of the message with this reference (None: no such reference)."""
    receipt = session.get(FeedbackReceipt, reference)
    if receipt is None:
        return None
    shown = public_status(session, receipt.suggestion_id)
    if shown is None:
        return None
    site = session.exec(select(Site).where(col(Site.id) == shown.site_id)).first()
    if site is None:
        return None
    return FeedbackStatus(
        reference=reference,
        site_key=site.key,
        site_name_zh=site.name_zh,
        site_name_en=site.name_en,
        sent=city_today(receipt.created_at),  # stored in UTC: 00:00-08:00 is the city's next day
        state=shown.state,
        answer=mask_personal_numbers(shown.answer),
    )
