"""The report form of the field progress page: one work item, its quantity, a note, photos,
saved together (planner.fieldwork.actions.save_field_report)."""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from pages._common import current_actor
from pages._confirm import clear, confirm_fields, form_token, refused_or_ask
from pages._errors import show_refusal
from planner.errors import Refused
from planner.fieldwork import actions
from planner.fieldwork.field import FieldRefused
from planner.fieldwork.images import EXTENSIONS, LOCAL_TIME, PhotoLimits
from planner.fieldwork.photos import STAGES
from planner.handles import Engine
from planner.i18n import t
from planner.markup import md, md_t
from planner.settings import PlannerSettings
from planner.works import items as wi
from planner.works import reads as works_reads
from planner.works.estimates import EstimateParameters

LOADED = "field_loaded_rows"  # the rows as loaded, by id: their versions guard the save
NONCE, CONFIRM = "field_form_nonce", "field_report"  # a fresh form after each save
CHOSEN = "field_work_id"  # the work chosen, by id: its label changes with its progress
RESULT = "field_result"  # the last save's messages, shown once beside the form's button


def local_today() -> date:
    """Today in the city (China Standard Time), whatever the server's clock zone."""
    return datetime.now(LOCAL_TIME).date()


def work_labels(engine: Engine, rows: list[wi.WorkItemRow], lang: str) -> dict[int, str]:
    """ "3号楼 · 屋面防水 · 40%" per work item (site-level works without a building)."""
    numbers = works_reads.building_labels(engine, [r.site_id for r in rows], lang)
    return {
        r.id: " · ".join(
            p for p in (numbers.get(r.building_id), r.scope_name(lang), f"{r.progress:.0%}") if p
        )
        for r in rows
    }


def render_field_report(
    engine: Engine,
    works: list[wi.WorkItemRow],
    *,
    lang: str,
    limits: PhotoLimits,
    today: date,
    settings: PlannerSettings,
) -> None:
    """The list of works and the report form of the chosen one."""
    if not works:
        st.info(t("field.no_works_today", lang))
        return
    loaded: dict[int, wi.WorkItemRow] = st.session_state.setdefault(LOADED, {})
    for row in works:  # keep the version first seen until a save or a reload
        loaded.setdefault(row.id, row)
    labels = work_labels(engine, works, lang)
    ids = [r.id for r in works]
    chosen = st.session_state.get(CHOSEN)
    item_id = st.radio(
        t("field.work", lang),
        ids,
        index=ids.index(chosen) if chosen in ids else 0,  # kept when its label changes
        format_func=labels.get,
        key="field_work",
    )
    st.session_state[CHOSEN] = item_id
    row = loaded[item_id]
    st.progress(
        min(row.progress, 1.0),
        text=md_t(
            "field.quantity_line",
            lang,
            completed=f"{row.completed_quantity:,.2f}".rstrip("0").rstrip("."),
            planned=f"{row.planned_quantity:,.2f}".rstrip("0").rstrip("."),
            unit=row.unit,
        ),
    )
    camera = st.toggle(t("field.use_camera", lang), key="field_camera_on")
    nonce = st.session_state.setdefault(NONCE, 0)
    # Not cleared on send: a refused report keeps what was typed, the photos included; a
    # saved one gets a fresh form (a new nonce in its key).
    with st.form(f"field_report_{row.id}_{nonce}"):
        # No min_value: "-5" must reach the rules and be refused, not be turned into 0 or 5.
        quantity = st.number_input(
            md_t("field.completed", lang, unit=row.unit),
            value=float(row.completed_quantity),
            step=1.0,
        )
        beside_quantity = st.container()
        answer = confirm_fields(CONFIRM, lang, about=row.id)
        note = st.text_area(t("field.note", lang), max_chars=2000, height=80)
        stage = st.radio(
            t("field.stage", lang),
            STAGES[:3],
            index=1,
            format_func=lambda s: t(f"photo.stage.{s}", lang),
            horizontal=True,
        )
        uploads = st.file_uploader(
            t("field.photos", lang), type=list(EXTENSIONS), accept_multiple_files=True
        )
        beside_photos = st.container()
        shot = st.camera_input(t("field.camera", lang)) if camera else None
        submitted = st.form_submit_button(t("field.save", lang), type="primary", width="stretch")
    result = st.container()  # seen on a phone scrolled down to the button
    for kind, text in st.session_state.pop(RESULT, []):
        getattr(result, kind)(md(text))
    if not submitted:
        return
    files = [(f.name, f.size, f) for f in [*(uploads or []), *([shot] if shot else [])]]
    for upload in files:
        upload[2].seek(0)  # a file kept from a refused send is read again from its start
    try:
        outcome = actions.save_field_report(
            engine,
            row,
            completed_quantity=quantity,
            note=note,
            uploads=files,
            stage=stage,
            actor=current_actor(),
            today=today,
            limits=limits,
            building_match_m=settings.photo_building_match_m,
            reason=answer.reason_for(quantity),  # None unless confirmed for this value
            params=EstimateParameters.from_settings(settings),
            token=form_token(CONFIRM, (row.id, nonce)),
        )
    except FieldRefused as refused:  # only photos, all refused: each named with its reason
        show_refusal(refused, lang, container=beside_photos)
        return
    except Refused as refused:  # the quantity or the note, a stale page, a stored photo
        # A reason needed: drawn again with what was typed, asking why (pages._confirm).
        where = beside_quantity if refused.field == "completed_quantity" else st
        refused_or_ask(refused, answer, lang, quantity, headline="field.refused", container=where)
        if isinstance(refused, wi.StaleWorkItemError):
            st.session_state.pop(LOADED, None)  # load the newer version on the next run
        return
    shown = [("warning", warning.message(lang)) for warning in outcome.warnings]
    if outcome.refused:  # the rest is saved; these photos are named with their reasons
        shown.append(("warning", t("field.partly_saved", lang, photos=len(outcome.photo_ids))))
        shown += [("error", f"{file.name}: {file.reason(lang)}") for file in outcome.refused]
    else:
        shown.append(("success", t("field.saved", lang, photos=len(outcome.photo_ids))))
    st.session_state[RESULT] = shown
    st.session_state.pop(LOADED, None)
    st.session_state[NONCE] = nonce + 1
    clear(CONFIRM)
    st.rerun()
