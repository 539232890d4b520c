"""The feedback form of a compound's public page; the action behind it checks, counts per
network, compound and overall, and stores (``planner.portal.actions.submit_feedback``): past
a limit a message is held for review, never refused.

A link from a work under warranty (``?site=…&work=…``) opens the form on that work: it is
named above the form, and the report carries it (staff filter the triage queue by it).
"""

from __future__ import annotations

import streamlit as st

from pages import _auth  # called through the module: tests replace its client_address
from pages._errors import show_refusal
from planner.errors import Refused
from planner.fieldwork.reads import ReportedWork
from planner.handles import Engine
from planner.i18n import scope_name, t
from planner.markup import md_t
from planner.portal import actions
from planner.portal.feedback import Feedback, FeedbackLimits
from planner.settings import PlannerSettings
from planner.surveys.suggestions import CATEGORIES, category_for_scope

#: Form fields and the message keys of their labels (a refusal is shown beside its field).
FIELDS = {
    "text": "feedback.text",
    "category": "feedback.category",
    "building": "feedback.building",
    "unit": "feedback.unit",
    "phone": "feedback.phone",
}


def feedback_form(
    engine: Engine,
    settings: PlannerSettings,
    lang: str,
    site_id: int,
    buildings: list[str],
    *,
    work: ReportedWork | None = None,
) -> None:
    """The form; ``work`` is the work a defect report is about (from its link)."""
    st.header(t("feedback.title", lang))
    st.caption(t("feedback.intro", lang))
    if work is not None:
        st.info(md_t("feedback.about_work", lang, work=scope_name(work.scope_key, lang)))
    options = ["", *CATEGORIES]
    preset = category_for_scope(work.scope_key) if work is not None else None
    with st.form("feedback", clear_on_submit=True):
        auto = t("feedback.category_auto", lang)
        category = st.selectbox(
            t("feedback.category", lang),
            options,
            index=options.index(preset) if preset in options else 0,
            format_func=lambda c: t(f"survey.category.{c}", lang) if c else auto,
        )
        text = st.text_area(
            t("feedback.text", lang), max_chars=settings.feedback_max_chars, key="feedback_text"
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
    work_id = work.work_item_id if work is not None else None
    message = Feedback(site_id, text, category, building, unit, phone, work_id)
    try:
        sent = actions.submit_feedback(
            engine,
            message,
            client=_auth.client_address(),
            allowed=FeedbackLimits.from_settings(settings),
            max_chars=settings.feedback_max_chars,
        )
    except Refused as refused:  # what was typed, or a busy database
        show_refusal(refused, lang, fields={k: t(v, lang) for k, v in FIELDS.items()})
        return
    st.success(t("feedback.sent_held" if sent.held else "feedback.sent", lang))
