"""What a visitor sees when an action refuses, or when a page fails.

A refusal (``planner.errors.Refused``, raised by an action or a page read) is shown by
:func:`show_refusal`: its reasons in the visitor's language, those that belong to a form field
named by the field's label, and what was typed stays in the form. "Busy, try again" is one of
them (``planner.errors.Busy``). Every reason is shown through ``planner.markup.md_refusal``:
its values (a column, a file name, a site's name) may come from a file or a person.

Anything else is a bug: ``.streamlit/config.toml`` sets ``client.showErrorDetails = "none"``,
so Streamlit itself shows no stack trace or SQL to anyone. The frame catches what a page
raises (:func:`show_failure`) and shows "something went wrong" with an error number; the full
trace goes to the server log under the same number, so staff can find it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from typing import Any

import streamlit as st

from planner.errors import Busy, Refused
from planner.i18n import t
from planner.markup import md_refusal, md_t

_log = logging.getLogger("planner.errors")


def show_refusal(
    refused: Refused,
    lang: str,
    *,
    headline: str | None = None,
    fields: Mapping[str, str] | None = None,
    container: Any = None,
    brief: bool = False,
) -> None:
    """Show why an action wrote nothing: ``headline`` (a message key) first, if given, then
    every reason (only the refusal's own with ``brief``, when the page lists the others
    already); a reason that belongs beside a field starts with that field's label
    (``fields``: field name → the label the form shows)."""
    place = container or st
    if isinstance(refused, Busy):
        place.warning(md_refusal(refused, lang))
        return
    if headline:
        place.error(t(headline, lang))
    labels = fields or {}
    for reason in [refused] if brief else refused.walk():
        label = labels.get(reason.field) if reason.field else None
        if label:  # the label is ours; the reason's values may come from a file or a person
            place.error(
                md_t("error.beside_field", lang, field=label, reason=md_refusal(reason, lang))
            )
        else:
            place.error(md_refusal(reason, lang))


def show_failure(error: Exception, lang: str) -> str:
    """Log ``error`` with a new error number and tell the visitor; returns the number."""
    error_id = secrets.token_hex(4)
    if isinstance(error, Busy):
        _log.warning("error %s: busy: %s", error_id, error.__cause__ or error)
        st.warning(md_refusal(error, lang))
    elif isinstance(error, Refused):  # a refusal no page caught: still the user's language
        _log.warning("error %s: refused: %s", error_id, error)
        for reason in error.walk():
            st.error(md_refusal(reason, lang))
    else:
        _log.error("error %s", error_id, exc_info=error)
        st.error(md_t("error.unexpected", lang, error_id=error_id))
    return error_id
