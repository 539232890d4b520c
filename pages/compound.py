"""My compound (public, no login): find a compound, see its works, progress, survey, answers;
share its link and QR code, print its notice, send feedback. Laid out for a phone first."""

from __future__ import annotations

import streamlit as st

from pages._common import get_engine, get_settings, page_start
from pages._feedback_form import feedback_form
from pages._fieldwork_public import render_public_fieldwork
from pages._finder import finder
from pages._money_public import render_public_funds
from planner.fieldwork import reads as field_reads
from planner.i18n import t
from planner.markup import md, md_t
from planner.portal import reads, wording
from planner.portal import view as pv
from planner.portal.notice import compound_url, qr_png, share_files, share_link
from planner.portal.view import markdown_text

lang = page_start("compound")
engine = get_engine()
settings = get_settings()


def open_site(key: str) -> None:
    st.query_params["site"] = key


def compound(key: str) -> None:
    page = reads.compound_page(engine, key)
    if page is None:
        st.warning(t("portal.unknown_site", lang))
        st.button(t("portal.back", lang), on_click=st.query_params.clear)
        return
    view, site_id = page.view, page.site_id
    st.button(t("portal.back", lang), on_click=st.query_params.clear, type="tertiary")
    # The staff's view and preview; residents are sent to the plain page (deploy/plain_pages.py).
    st.caption(t("web.staff_preview", lang))
    st.link_button(t("web.plain_page", lang), compound_url("", view.key))
    st.title(markdown_text(view.name(lang)))
    note = wording.illustrative_note(view, lang)
    if note:
        st.caption(markdown_text(note))
    facts = wording.facts_line(view, lang)
    if facts:
        st.markdown(markdown_text(facts))
    if view.programmes:
        st.caption(markdown_text(wording.programmes_line(view, lang)))

    st.header(t("portal.works", lang))
    st.caption(markdown_text(wording.as_of_line(view, lang)))
    if view.progress is not None:
        st.progress(view.progress, text=f"{t('portal.overall', lang)} {view.progress:.0%}")
        st.caption(t("portal.overall_help", lang))
    if not view.works:
        st.info(t("portal.no_works", lang))
    for work in view.works:
        card = wording.work_card(work, lang)
        with st.container(border=True):
            st.markdown(f"**{markdown_text(card.title)}**")
            st.caption(markdown_text(card.plain))
            st.progress(work.progress, text=markdown_text(card.line))
            st.caption(markdown_text(card.when))
            if card.overdue:
                st.markdown(f":red[{markdown_text(card.overdue)}]")

    st.header(t("portal.recent", lang))
    if not view.recent:
        st.caption(md_t("portal.recent_none", lang, days=120))
    for change in view.recent:
        text = wording.change_line(change, lang)
        st.markdown(f"- {change.day.isoformat()}　{markdown_text(text)}")

    st.header(t("portal.survey", lang))
    figures = wording.survey_figures(view, lang)
    if not figures:
        st.caption(t("portal.survey_none", lang))
    else:
        for column, (label, value) in zip(st.columns(3), figures, strict=True):
            column.metric(md(label), value)
        st.caption(t("portal.survey_note", lang))
    received = wording.suggestions_line(view, lang)
    if received:
        st.markdown(markdown_text(received))

    st.header(t("portal.adopted", lang))
    if not view.adopted:
        st.caption(t("portal.adopted_none", lang))
    for adopted in view.adopted:
        with st.container(border=True):
            st.caption(t(f"survey.category.{adopted.category}", lang))
            st.markdown(markdown_text(adopted.text))
            if adopted.answer:  # as text: no Markdown around what staff typed
                st.markdown(markdown_text(wording.adopted_answer_line(adopted, lang)))
            if adopted.scope_key:
                st.caption(markdown_text(wording.adopted_work_line(adopted, lang)))

    render_public_funds(engine, site_id, lang)  # the 公示 of funds: sources and amounts

    st.header(t("portal.share", lang))
    url, absolute = share_link(settings.public_base_url, view.key)
    st.caption(t("portal.share_link" if absolute else "portal.share_path", lang))
    st.code(url, language=None)
    if absolute:
        st.image(qr_png(url, scale=5), width=180)
        who = {"contact": settings.portal_contact, "contact_phone": settings.portal_contact_phone}
        for label, content, name, mime in share_files(view, url, lang=lang, **who):
            icon = ":material/print:" if mime == "text/html" else None
            st.download_button(t(label, lang), content, name, mime, width="stretch", icon=icon)
    contact = wording.contact_text(settings.portal_contact, settings.portal_contact_phone)
    st.caption(markdown_text(t("portal.contact", lang, contact=contact)))

    render_public_fieldwork(engine, site_id, view.key, lang, settings)  # before / after
    work = field_reads.linked_work(engine, site_id, st.query_params)  # ?site=…&work=…
    feedback_form(engine, settings, lang, site_id, page.buildings, work=work)


# The link's ?site= as typed, forwarded or forged: repeated, huge, NUL bytes (see clean_site_key).
site_values = st.query_params.get_all("site")
site_key = pv.clean_site_key(site_values)
if site_key:
    compound(site_key)
elif site_values:
    st.warning(t("portal.unknown_site", lang))
    st.button(t("portal.back", lang), on_click=st.query_params.clear)
else:
    finder(engine, lang, open_site)
