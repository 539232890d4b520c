"""For the public compound page: before/after photos per work, acceptance and warranty, and
how to report a defect. The compound page calls, in its ``compound(key)`` view::

    render_public_fieldwork(engine, site_id, view.key, lang, settings)

Only photos marked public are shown, and only their public copies (no location or device
data); bytes come from the database (``st.image(bytes)``), never from files on disk.
"""

from __future__ import annotations

import streamlit as st

from planner.fieldwork import reads
from planner.fieldwork.public import defect_report_query
from planner.fieldwork.warranty import WarrantyPolicy
from planner.handles import Engine
from planner.i18n import scope_name, t
from planner.markup import md_t
from planner.portal.view import markdown_text
from planner.settings import PlannerSettings


def render_public_fieldwork(
    engine: Engine, site_id: int, site_key: str, lang: str, settings: PlannerSettings
) -> None:
    """The section "before and after" of a compound: nothing when there is nothing to show."""
    policy = WarrantyPolicy.from_settings(settings)
    shown = reads.public_fieldwork(engine, site_id, policy)
    works, images = shown.works, shown.images
    if not works:
        return
    st.header(t("public.title", lang))
    for work in works:
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
            if work.accepted_on is not None:
                st.caption(md_t("acceptance.passed_on", lang, day=work.accepted_on.isoformat()))
            elif work.items_accepted:
                st.caption(
                    md_t(
                        "public.partly_accepted",
                        lang,
                        n=work.items_accepted,
                        total=work.items_total,
                    )
                )
            if work.warranty_until is not None:
                st.caption(
                    md_t("acceptance.warranty_until", lang, day=work.warranty_until.isoformat())
                )
                query = defect_report_query(site_key, work.work_item_id)
                st.page_link(
                    "pages/compound.py",
                    label=t("public.report_defect", lang),
                    query_params=query,
                    icon=":material/report:",
                )
