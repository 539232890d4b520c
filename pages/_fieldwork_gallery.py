"""The photos tab of the field progress page: thumbnails from the database, shown to
residents or not, captions, the public copy to check, deletion (audited)."""

from __future__ import annotations

import streamlit as st

from pages._common import current_actor
from pages._errors import show_refusal
from pages._widgets import flash
from planner.errors import Refused
from planner.fieldwork import actions, reads
from planner.fieldwork import photos as ph
from planner.handles import Engine
from planner.i18n import scope_name, t
from planner.markup import md_t
from planner.works import items as wi

PAGE_SIZE = 24


def _caption(photo: ph.PhotoRow, lang: str) -> str:
    parts = [t(f"photo.stage.{photo.stage}", lang)]
    if photo.building_number:
        parts.append(t("works.building_label", lang, number=photo.building_number))
    if photo.scope_key:
        parts.append(scope_name(photo.scope_key, lang))
    when = photo.taken_at or photo.uploaded_at
    parts.append(when.strftime("%Y-%m-%d"))
    if photo.lon is not None:
        parts.append(t("field.gps", lang))
    return " · ".join(parts)


def _set_public(engine: Engine, photo_id: int, key: str) -> None:
    actions.set_photo_public(engine, photo_id, bool(st.session_state[key]), actor=current_actor())


def render_gallery(engine: Engine, site_id: int, works: list[wi.WorkItemRow], *, lang: str) -> None:
    """Thumbnails of the compound's photos (of one work, if chosen), newest first."""
    by_id = {w.id: w for w in works}
    choice = st.selectbox(
        t("field.gallery_work", lang),
        [None, *by_id],
        format_func=lambda i: (
            t("field.all_works", lang) if i is None else by_id[i].scope_name(lang)
        ),
        key="field_gallery_work",
    )
    photos = reads.site_photos(engine, site_id=site_id, work_item_id=choice, limit=PAGE_SIZE)
    thumbs = reads.thumbnails(engine, [p.id for p in photos])
    if not photos:
        st.info(t("field.no_photos", lang))
        return
    st.caption(md_t("field.gallery_note", lang, count=len(photos)))
    for photo in photos:
        with st.container(border=True):
            if thumbs[photo.id]:
                st.image(thumbs[photo.id], caption=_caption(photo, lang))
            key = f"field_public_{photo.id}"
            st.toggle(
                t("field.public", lang),
                value=photo.public,
                key=key,
                on_change=_set_public,
                args=(engine, photo.id, key),
            )
            if photo.public:
                with st.expander(t("field.public_copy", lang)):
                    public = reads.public_copy(engine, photo.id)
                    if public:
                        st.image(public, caption=t("field.public_copy_note", lang))
            with st.popover(t("field.delete", lang), icon=":material/delete:"):
                st.caption(md_t("field.delete_confirm", lang, name=photo.file_name or photo.id))
                if st.button(t("field.delete_yes", lang), key=f"field_delete_{photo.id}"):
                    try:
                        actions.delete_photo(engine, photo.id, actor=current_actor())
                    except Refused as refused:
                        show_refusal(refused, lang)
                    else:
                        flash("success", t("field.deleted", lang))
                        st.rerun()
