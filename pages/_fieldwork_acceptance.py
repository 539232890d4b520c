"""The acceptance tab of the field progress page: record an acceptance (date, result,
participants, defects, photos), see the warranty, mark defects fixed."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pages._common import current_actor, get_settings
from pages._errors import show_refusal
from pages._widgets import flash
from planner.errors import Refused
from planner.fieldwork import acceptance as acc
from planner.fieldwork import actions, reads
from planner.fieldwork.images import EXTENSIONS, PhotoLimits
from planner.fieldwork.warranty import WarrantyPolicy
from planner.handles import Engine
from planner.i18n import t
from planner.markup import md, md_t
from planner.portal.view import markdown_text
from planner.works import items as wi


def render_acceptance(
    engine: Engine, works: list[wi.WorkItemRow], *, lang: str, limits: PhotoLimits, today: date
) -> None:
    """Acceptances, warranty and open defects of one work, and the form for a new one."""
    if not works:
        st.info(t("field.no_works", lang))
        return
    by_id = {w.id: w for w in works}
    item_id = st.selectbox(
        t("field.work", lang),
        list(by_id),
        format_func=lambda i: by_id[i].scope_name(lang),
        key="field_acceptance_work",
    )
    row = by_id[item_id]
    policy = WarrantyPolicy.from_settings(get_settings())
    found = reads.work_acceptance(engine, item_id, row.site_id)
    records, passed, defects = found.records, found.passed_on, found.open_defects
    if passed is not None:
        ends = policy.end_date(row.scope_key, passed)
        text = (
            md_t("acceptance.warranty_until", lang, day=ends.isoformat())
            if ends
            else t("acceptance.no_warranty", lang)
        )
        st.success(f"{md_t('acceptance.passed_on', lang, day=passed.isoformat())}　{text}")
        st.caption(md(policy.source(row.scope_key)))
    for record in records:
        result = t(f"acceptance.result.{record.result}", lang)
        people = markdown_text("、".join(record.participants))
        st.markdown(f"**{record.accepted_on.isoformat()}** · {md(result)} · {people}")
    for defect in defects:
        cols = st.columns([3, 1])
        cols[0].markdown(f"- {markdown_text(defect.description)}")
        if cols[1].button(t("acceptance.fixed", lang), key=f"fix_{defect.id}"):
            try:
                actions.fix_defect(
                    engine, defect.id, version=defect.version, fixed_on=today, actor=current_actor()
                )
            except Refused as refused:
                show_refusal(refused, lang)
            else:
                st.rerun()

    with st.form(f"acceptance_{item_id}", clear_on_submit=True):
        st.subheader(t("acceptance.new", lang))
        day = st.date_input(t("acceptance.date", lang), value=today, max_value=today)
        result = st.radio(
            t("acceptance.result", lang),
            acc.RESULTS,
            format_func=lambda r: t(f"acceptance.result.{r}", lang),
            horizontal=True,
        )
        participants = st.text_area(t("acceptance.participants", lang), height=80)
        defect_text = st.text_area(t("acceptance.defects", lang), height=80)
        note = st.text_input(t("acceptance.note", lang), max_chars=500)
        uploads = st.file_uploader(
            t("field.photos", lang), type=list(EXTENSIONS), accept_multiple_files=True
        )
        submitted = st.form_submit_button(t("acceptance.save", lang), type="primary")
    if not submitted:
        return
    new = acc.NewAcceptance(item_id, day, result, participants, defect_text, note)
    files = [(f.name, f.size, f) for f in uploads or []]
    try:
        actions.record_acceptance(
            engine, new, actor=current_actor(), today=today, uploads=files, limits=limits
        )
    except Refused as refused:  # photos (each named), the form's values, a stored photo
        show_refusal(refused, lang)
    else:
        flash("success", t("acceptance.saved", lang))
        st.rerun()
