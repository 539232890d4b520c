"""For the public compound page: before/after photos per work; acceptance and warranty with a
link to report a defect, in a section of their own (an accepted work may have no photo). The
compound page calls, in its ``compound(key)`` view::

    render_public_fieldwork(engine, site_id, view.key, lang, settings)

Only photos marked public are shown, and only their public copies (no location or device
data); bytes come from the database (``st.image(bytes)``), never from files on disk.
"""

from __future__ import annotations

import streamlit as st

from planner.fieldwork import reads
from planner.fieldwork.public import acceptance_lines, defect_report_query
from planner.fieldwork.warranty import WarrantyPolicy
from planner.handles import Engine
from planner.i18n import scope_name, t
from planner.markup import md_t
from planner.portal.view import markdown_text
from planner.settings import PlannerSettings


def render_public_fieldwork(
    engine: Engine, site_id: int, site_key: str, lang: str, settings: PlannerSettings
) -> None:
    """The sections "before and after" (works with public photos) and "acceptance and
    warranty" (works accepted, all or in part): each only when it has something to show."""
    policy = WarrantyPolicy.from_settings(settings)
    shown = reads.public_fieldwork(engine, site_id, policy)
    works, images = shown.works, shown.images
    with_photos = [w for w in works if w.pairs]
    if with_photos:
        st.header(t("public.title", lang))
    for work in with_photos:
        with st.container(border=True):
            st.markdown(f"**{markdown_text(scope_name(work.scope_key, lang))}**")
            for pair in work.pairs:
                before_col, after_col = st.columns(2)
                for col, photo_id, stage in (
                    (before_col, pair.before_id, "before"),
                    (after_col, pair.after_id, "after"),
                ):
                    label = t(f"photo.stage.{stage}", lang)
                    if pair.building_number:
                        label += " · " + t(
                            "works.building_label", lang, number=pair.building_number
                        )
                    if photo_id is not None and images.get(photo_id):
                        col.image(images[photo_id], caption=label)
                    else:
                        col.caption(md_t("public.no_photo", lang, stage=label))
    accepted = [(w, lines) for w in works if (lines := acceptance_lines(w, lang)) is not None]
    if accepted:
        st.header(t("public.acceptance_title", lang))
    for work, lines in accepted:
        with st.container(border=True):
            st.markdown(f"**{markdown_text(scope_name(work.scope_key, lang))}**")
            st.caption(markdown_text(lines.accepted))
            if lines.warranty:
                st.caption(markdown_text(lines.warranty))
            if work.warranty_until is not None:
                query = defect_report_query(site_key, work.work_item_id)
                st.page_link(
                    "pages/compound.py",
                    label=t("public.report_defect", lang),
                    query_params=query,
                    icon=":material/report:",
                )
