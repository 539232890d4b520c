"""A form sent twice stores once: each form carries a one-time token, claimed in the
transaction of the save it sends.

A double click on 保存, or a phone resending after a dropped connection, runs the same save
twice with the same token: the second finds the token taken (its row is the primary key, so
two processes cannot both claim it) and stores nothing; the page says it was saved already.
A page makes a new token (:func:`new_token`) for each fresh form.
"""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from db.models import FormSubmission
from planner.errors import Refused

TOKEN_MAX = 64


class AlreadySubmitted(Refused):
    """This form was sent and saved already (a double click, a resend): nothing more stored."""

    def __init__(self) -> None:
        super().__init__("input.already_saved")


def new_token() -> str:
    """A token for a new form (unguessable, URL-safe)."""
    return secrets.token_urlsafe(24)


def claim(session: Session, token: str | None, kind: str) -> None:
    """Claim ``token`` for a save of ``kind`` in the caller's transaction; ``AlreadySubmitted``
    when it was claimed before (the caller's transaction then writes nothing). No token: no
    claim (the command line, scripts)."""
    if not token:
        return
    token = token[:TOKEN_MAX]
    if session.exec(select(FormSubmission.token).where(FormSubmission.token == token)).first():
        raise AlreadySubmitted()
    session.add(FormSubmission(token=token, kind=kind[:32]))
    try:
        session.flush()  # a second claim at the same moment waits here for the first one
    except IntegrityError:  # the other claim committed first: this transaction writes nothing
        raise AlreadySubmitted() from None
