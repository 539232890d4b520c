"""The feedback form of a compound's public page: checked, counted per network, compound and
overall in the database (past a limit a message is held for review, never refused), and kept
apart from the phone number (see planner.portal.feedback).

A link from a work under warranty (``?site=…&work=…``) opens the form on that work: it is
named above the form and at the start of the message, so staff see what the report is about.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from db.session import Engine, is_busy, session_scope
from pages import _auth  # called through the module: tests replace its client_address
from planner.i18n import scope_name, t
from planner.markup import md_t
from planner.portal import feedback as fb
from planner.surveys.suggestions import CATEGORIES, category_for_scope


def feedback_form(
    engine: Engine,
    settings: Any,
    lang: str,
    site_id: int,
    buildings: list[str],
    *,
    work_scope: str | None = None,
) -> None:
    """The form; ``work_scope`` names the work a defect report is about (from its link)."""
    st.header(t("feedback.title", lang))
    st.caption(t("feedback.intro", lang))
    if work_scope:
        st.info(md_t("feedback.about_work", lang, work=scope_name(work_scope, lang)))
    # The work goes first in the message; the visitor's part is shorter by as much.
    prefix = f"【{scope_name(work_scope, 'zh')}】" if work_scope else ""
    options = ["", *CATEGORIES]
    preset = category_for_scope(work_scope) if work_scope else None
    with st.form("feedback", clear_on_submit=True):
        auto = t("feedback.category_auto", lang)
        category = st.selectbox(
            t("feedback.category", lang),
            options,
            index=options.index(preset) if preset in options else 0,
            format_func=lambda c: t(f"survey.category.{c}", lang) if c else auto,
        )
        text = st.text_area(
            t("feedback.text", lang),
            max_chars=settings.feedback_max_chars - len(prefix),
            key="feedback_text",
        )
        building = st.selectbox(
            t("feedback.building", lang),
            ["", *buildings],
            format_func=lambda b: b or t("feedback.building_none", lang),
        )
        unit = st.text_input(t("feedback.unit", lang), max_chars=4, key="feedback_unit")
        phone = st.text_input(t("feedback.phone", lang), max_chars=16, key="feedback_phone")
        sent = st.form_submit_button(t("feedback.send", lang), type="primary")
    if not sent:
        return
    if prefix and text.strip():
        text = prefix + text  # the work the report is about
    message = fb.Feedback(site_id, text, category, building, unit, phone)
    allowed = fb.FeedbackLimits.from_settings(settings)
    try:
        fb.check_feedback(message, settings.feedback_max_chars)  # typos are not counted
        # Counted in the database per network, compound and overall: past a limit, held.
        client = _auth.client_address()
        admission = fb.admit_feedback(engine, client=client, site_id=site_id, allowed=allowed)
        with session_scope(engine) as session:
            fb.submit_feedback(
                session, message, max_chars=settings.feedback_max_chars, held=admission.held
            )
    except fb.FeedbackRefused as refused:
        st.error(md_t(refused.key, lang, **refused.values))
        return
    except Exception as error:
        if not is_busy(error):
            raise
        st.warning(t("error.busy", lang))
        return
    st.success(t("feedback.sent_held" if admission.held else "feedback.sent", lang))
