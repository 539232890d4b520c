"""Input that is never lost: a change that needs a reason asks for it beside what was typed,
and a form carries a one-time token so a double click stores once.

When an action refuses with ``NeedsReason`` (``planner.works.quantities``: far from the
estimate, completed above planned, completed going down), :func:`ask` keeps its reasons and
reruns; the form, drawn again with what was typed, shows them with a confirmation box and a
reason field (:func:`confirm_fields`), and the next send passes the reason to the action.

A request is about one thing: the item or place it was asked on (``about``) and the values
sent (a fingerprint). Drawn on another item or place, it is dropped; a send with other
values, or with the box unticked, goes to the action without a reason, so that the rules
check the values again and ask again only if they still want a reason; a send refused for
something else (a value refused) drops it.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from pages._errors import show_refusal
from planner.errors import Refused
from planner.i18n import t
from planner.markup import md
from planner.works.refusals import NeedsReason

_BASE = "form_token_base"
#: The refusal of a form sent twice (``planner.works.submissions.AlreadySubmitted``).
ALREADY_SAVED = "input.already_saved"


def fingerprint(values: object) -> str:
    """A short digest of the values a request was about (their ``repr``)."""
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


@dataclass
class Answer:
    """The form ``key`` as drawn for ``about``: its confirmation box and reason (when asking),
    and ``box``, the place they were drawn in (emptied when the request is dropped)."""

    key: str
    about: object
    confirmed: bool
    reason: str
    box: Any

    def reason_for(self, values: object) -> str | None:
        """The reason to send with ``values``: the one typed, when the box is ticked and the
        request was about these values; else None (the rules ask again if they must)."""
        asked = st.session_state.get(f"{self.key}_pending")
        if not asked or not self.confirmed or asked["values"] != fingerprint(values):
            return None
        return self.reason

    def drop(self) -> None:
        """The request no longer applies: forget it and take it off the form."""
        clear(self.key)
        self.box.empty()


def ask(answer: Answer, refused: Refused, lang: str, values: object) -> None:
    """Keep ``refused``'s reasons for the form, about ``answer.about`` and ``values``, and draw
    the page again (the form keeps what was typed), now asking for a confirmation and a
    reason. Asked again for the same values: it also says to tick the box and give a reason;
    for other values: the box is to be ticked again."""
    key, sent = answer.key, fingerprint(values)
    before = st.session_state.get(f"{key}_pending") or {}
    again = before.get("about") == answer.about and before.get("values") == sent
    if before.get("values") != sent:  # a question about other values: the box ticked anew
        st.session_state.pop(f"{key}_ok", None)
    st.session_state[f"{key}_pending"] = {
        "messages": refused.messages(lang),
        "about": answer.about,
        "values": sent,
        "again": again,
    }
    st.rerun()


def refused_or_ask(
    refused: Refused,
    answer: Answer,
    lang: str,
    values: object,
    done: Callable[[list[tuple[str, str]]], None] | None = None,
    **where: Any,
) -> None:
    """A change that needs a reason asks for it (:func:`ask`: what was typed stays); any other
    refusal is shown with its reasons (``where``: ``show_refusal``'s headline, container) and
    drops a pending request, unless it is about the reason itself. A form sent twice says it
    was saved, through ``done`` when given (the page's own "saved": it shows the saved rows)."""
    if isinstance(refused, NeedsReason):
        ask(answer, refused, lang, values)
    if refused.key == ALREADY_SAVED:  # a double click: the first send saved it
        if done is not None:
            done([("info", t(ALREADY_SAVED, lang))])
        st.info(t(ALREADY_SAVED, lang))
        return
    if refused.field != "reason":  # e.g. "-5": the old question no longer applies
        answer.drop()
    show_refusal(refused, lang, **where)


def pending(key: str) -> bool:
    """Whether the form ``key`` waits for a confirmation."""
    return bool(st.session_state.get(f"{key}_pending"))


def clear(key: str) -> None:
    """The form ``key`` no longer waits for a confirmation (saved, or reloaded)."""
    for suffix in ("_pending", "_ok", "_reason"):
        st.session_state.pop(f"{key}{suffix}", None)


def confirm_fields(key: str, lang: str, about: object = None, place: Any = None) -> Answer:
    """In the form ``key`` (or ``place``), drawn for ``about`` (the item or place shown): when
    it waits for a confirmation about that, why, a confirmation box and the reason. A request
    about another item or place is dropped. Not waiting: nothing drawn, not confirmed."""
    asked = st.session_state.get(f"{key}_pending")
    if asked and asked["about"] != about:
        clear(key)
        asked = None
    box = (place or st).empty()
    if not asked:
        return Answer(key, about, False, "", box)
    with box.container():
        st.warning(t("works.confirm.headline", lang))
        if asked["again"]:
            st.error(t("works.confirm.unchecked", lang))
        for message in asked["messages"]:
            st.warning(md(message), icon=":material/help:")
        confirmed = st.checkbox(t("works.confirm.check", lang), key=f"{key}_ok")
        reason = st.text_input(t("works.reason", lang), key=f"{key}_reason", max_chars=500)
    return Answer(key, about, confirmed, reason, box)


def form_token(key: str, nonce: object) -> str:
    """The one-time token of the form ``key`` as drawn now (``nonce`` changes after each save,
    so the next form gets a new one; a refused send keeps it, it was not claimed)."""
    base = st.session_state.setdefault(_BASE, secrets.token_urlsafe(24))
    return hashlib.sha256(f"{base}:{key}:{nonce}".encode()).hexdigest()[:48]
