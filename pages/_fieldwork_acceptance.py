"""The acceptance tab of the field progress page: record an acceptance (date, result,
participants, defects, photos), see the warranty, mark defects fixed."""

from __future__ import annotations

from datetime import date

import streamlit as st

from db.session import Engine, read_session, session_scope
from pages._common import current_actor, get_settings
from pages._widgets import flash
from planner.fieldwork import acceptance as acc
from planner.fieldwork.field import FieldRefused, check_photos
from planner.fieldwork.images import EXTENSIONS, PhotoLimits, PhotoRefused
from planner.fieldwork.warranty import WarrantyPolicy
from planner.i18n import t
from planner.markup import md, md_refusal, md_t
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
        format_func=lambda i: f"#{i} {by_id[i].scope_name(lang)}",
        key="field_acceptance_work",
    )
    row = by_id[item_id]
    policy = WarrantyPolicy.from_settings(get_settings())
    with read_session(engine) as session:
        records = acc.acceptances(session, item_id)
        passed = acc.accepted_on(session, [item_id]).get(item_id)
        defects = [
            d for d in acc.open_defects(session, site_id=row.site_id) if d.work_item_id == item_id
        ]
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
                with session_scope(engine) as session:
                    acc.fix_defect(
                        session,
                        defect.id,
                        version=defect.version,
                        fixed_on=today,
                        actor=current_actor(),
                    )
            except acc.AcceptanceRefused as refused:
                st.error(md_t(refused.key, lang, **refused.values))
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
    try:
        photos = check_photos([(f.name, f.size, f) for f in uploads or []], limits)
        with session_scope(engine) as session:
            acc.record_acceptance(session, new, actor=current_actor(), today=today, photos=photos)
    except FieldRefused as refused:
        for message in [t("field.refused_photos", lang), *refused.messages(lang)]:
            st.error(md(message))
    except acc.AcceptanceRefused as refused:
        st.error(md_t(refused.key, lang, **refused.values))
    except PhotoRefused as refused:
        st.error(md_refusal(refused, lang))
    else:
        flash("success", t("acceptance.saved", lang))
        st.rerun()
