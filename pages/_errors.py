"""What a visitor sees when a page fails: a sentence and a short error number, never a trace.

``.streamlit/config.toml`` sets ``client.showErrorDetails = "none"``, so Streamlit itself shows
no stack trace or SQL to anyone. The frame catches what a page raises and shows a message in
the visitor's language instead: "busy, try again" when the database was busy, else
"something went wrong" with an error number. The full trace goes to the server log under the
same number, so staff can find it.
"""

from __future__ import annotations

import logging
import secrets

import streamlit as st

from db.session import is_busy
from planner.i18n import t
from planner.markup import md_t

_log = logging.getLogger("planner.errors")


def show_failure(error: Exception, lang: str) -> str:
    """Log ``error`` with a new error number and tell the visitor; returns the number."""
    error_id = secrets.token_hex(4)
    if is_busy(error):
        _log.warning("error %s: database busy: %s", error_id, error)
        st.warning(t("error.busy", lang))
    else:
        _log.error("error %s", error_id, exc_info=error)
        st.error(md_t("error.unexpected", lang, error_id=error_id))
    return error_id
