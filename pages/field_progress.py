"""Field progress (现场进度), for a supervisor on site with a phone: today's works of one
compound; per work the completed quantity, a note and photos in one save; the photos of the
compound (public or not, deleted with an audit entry); acceptance and defects; bulk import.

Laid out in one column so that it reads at 390 px. Links: ``?site=<id>`` opens a compound.
"""

from __future__ import annotations

import streamlit as st

from pages._common import get_engine, get_settings, page_start
from pages._fieldwork_acceptance import render_acceptance
from pages._fieldwork_field import local_today, render_field_report
from pages._fieldwork_gallery import render_gallery
from pages._fieldwork_import import render_import
from pages._widgets import programme_picker, show_flashes
from planner.fieldwork import reads as field_reads
from planner.fieldwork.images import PhotoLimits
from planner.i18n import t
from planner.works import reads

lang = page_start("field_progress")
engine, settings = get_engine(), get_settings()
limits = PhotoLimits.from_settings(settings)
today = local_today()
st.title(t("page.field_progress", lang))
show_flashes()

programmes = reads.programme_options(engine)
if not programmes:
    st.info(t("field.no_programmes", lang))
    st.stop()
link = reads.linked_place(engine, st.query_params)
programme = programme_picker(
    programmes,
    lang=lang,
    label=t("works.programme", lang),
    key="field_programme",
    default_id=link.programme_id or reads.programme_to_show(engine),
)
sites = reads.programme_sites(engine, programme.id)
if not sites:
    st.info(t("works.no_sites", lang))
    st.stop()
site_ids = [s.id for s in sites]
start = site_ids.index(link.site_id) if link.site_id in site_ids else 0
site = st.selectbox(t("field.site", lang), sites, index=start, format_func=lambda s: s.name(lang))
show_all = st.toggle(t("field.show_all", lang), key="field_show_all")
place = {"site_id": site.id, "programme_id": programme.id, "today": today}
all_works = field_reads.site_works(engine, **place, todays_only=False)
works = all_works if show_all else field_reads.site_works(engine, **place)

# One section at a time (a segmented control keeps the choice across reruns, where tabs
# would jump back to the first after a toggle, and only the chosen section is drawn).
SECTIONS = ("report", "photos", "acceptance", "import")
section = st.segmented_control(
    t("field.section", lang),
    SECTIONS,
    default="report",
    format_func=lambda k: t(f"field.tab.{k}", lang),
    key="field_section",
    label_visibility="collapsed",
    width="stretch",
)
if section in (None, "report"):
    render_field_report(engine, works, lang=lang, limits=limits, today=today, settings=settings)
elif section == "photos":
    render_gallery(engine, site.id, all_works, lang=lang)
elif section == "acceptance":
    render_acceptance(engine, all_works, lang=lang, limits=limits, today=today)
else:
    render_import(engine, site.id, lang=lang, limits=limits, settings=settings)
