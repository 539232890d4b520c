"""Input that is never lost: a change that needs a reason asks for it beside what was typed,
and a form carries a one-time token so a double click stores once.

When an action refuses with ``NeedsReason`` (``planner.works.quantities``: far from the
estimate, completed above planned, completed going down), :func:`ask` keeps its reasons and
reruns; the form, drawn again with what was typed, shows them with a confirmation box and a
reason field (:func:`confirm_fields`), and the next send passes the reason to the action.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
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


def ask(key: str, refused: Refused, lang: str) -> None:
    """Keep ``refused``'s reasons for the form ``key`` and draw the page again (the form keeps
    what was typed), now asking for a confirmation and a reason."""
    st.session_state[f"{key}_pending"] = refused.messages(lang)
    st.rerun()


def refused_or_ask(
    refused: Refused,
    key: str,
    lang: str,
    done: Callable[[list[tuple[str, str]]], None] | None = None,
    **where: Any,
) -> None:
    """A change that needs a reason asks for it (:func:`ask`: what was typed stays); any other
    refusal is shown with its reasons (``where``: ``show_refusal``'s headline, container). A
    form sent twice says it was saved, through ``done`` when given (the page's own "saved":
    it shows the saved rows)."""
    if isinstance(refused, NeedsReason):
        ask(key, refused, lang)
    if refused.key == ALREADY_SAVED:  # a double click: the first send saved it
        if done is not None:
            done([("info", t(ALREADY_SAVED, lang))])
        st.info(t(ALREADY_SAVED, lang))
        return
    show_refusal(refused, lang, **where)


def pending(key: str) -> bool:
    """Whether the form ``key`` waits for a confirmation."""
    return bool(st.session_state.get(f"{key}_pending"))


def clear(key: str) -> None:
    """The form ``key`` no longer waits for a confirmation (saved, or reloaded)."""
    for suffix in ("_pending", "_ok", "_reason"):
        st.session_state.pop(f"{key}{suffix}", None)


def confirm_fields(key: str, lang: str, place: Any = None) -> tuple[bool, str]:
    """In the form ``key`` (or ``place``), when it waits: why, a confirmation box and the reason;
    returns (confirmed, reason). When it does not wait: nothing drawn, (True, "")."""
    messages = st.session_state.get(f"{key}_pending") or []
    if not messages:
        return True, ""
    where = place or st
    where.warning(t("works.confirm.headline", lang))
    for message in messages:
        where.warning(md(message), icon=":material/help:")
    confirmed = where.checkbox(t("works.confirm.check", lang), key=f"{key}_ok")
    reason = where.text_input(t("works.reason", lang), key=f"{key}_reason", max_chars=500)
    return confirmed, reason


def form_token(key: str, nonce: object) -> str:
    """The one-time token of the form ``key`` as drawn now (``nonce`` changes after each save,
    so the next form gets a new one; a refused send keeps it, it was not claimed)."""
    base = st.session_state.setdefault(_BASE, secrets.token_urlsafe(24))
    return hashlib.sha256(f"{base}:{key}:{nonce}".encode()).hexdigest()[:48]
