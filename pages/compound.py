"""My compound (public, no login): find a compound, see its works, progress, survey, answers;
share its link and QR code, print its notice, send feedback. Laid out for a phone first."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import streamlit as st
from streamlit_folium import st_folium

from db.session import session_scope
from geodata.boundary import CITY_OUTLINE_ATTRIBUTION, load_city_outline
from geodata.maps import SiteMapFeature, add_city_outline, add_sites, clicked_site_id, offline_map
from pages._common import get_engine, get_settings, page_start, static_assets_installed
from planner.i18n import scope_name, t
from planner.portal import feedback as fb
from planner.portal.notice import compound_url, notice_html, qr_png, qr_svg
from planner.portal.view import (
    building_numbers,
    find_sites,
    get_site_by_key,
    markdown_text,
    public_map_sites,
    public_site_view,
)
from planner.surveys.suggestions import CATEGORIES

SENT_KEY = "feedback_sent_at"

lang = page_start()
engine = get_engine()
settings = get_settings()


def base_url() -> str:
    """Where residents reach the app: the setting, else the address this page was opened at."""
    if settings.public_base_url:
        return settings.public_base_url
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://localhost:8501"


def open_site(key: str) -> None:
    st.query_params["site"] = key


def finder() -> None:
    st.title(t("portal.find.title", lang))
    st.caption(t("portal.find.intro", lang))
    query = st.text_input(
        t("portal.find.search", lang),
        placeholder=t("portal.find.placeholder", lang),
        max_chars=50,
        key="portal_query",
    )
    with session_scope(engine) as session:
        hits = find_sites(session, query)
    if query and not hits:
        st.info(t("portal.find.none", lang, query=query))
    for hit in hits:
        name = hit.name_en or hit.name_zh if lang == "en" else hit.name_zh
        label = f"{name}　{hit.sub_district}" if hit.sub_district else name
        st.button(
            label, key=f"open_{hit.key}", on_click=open_site, args=(hit.key,), width="stretch"
        )

    with st.expander(t("portal.find.map", lang)):
        static_assets_installed()
        with session_scope(engine) as session:
            sites = public_map_sites(session)
        features = [
            SiteMapFeature(
                id=s.id,
                name=s.name_en or s.name_zh if lang == "en" else s.name_zh,
                kind=s.kind,
                status=s.status,
                progress=s.progress,
                geometry=s.geometry,
            )
            for s in sites
        ]
        m = offline_map((98.29, 39.80), 12)
        add_city_outline(m, load_city_outline(), CITY_OUTLINE_ATTRIBUTION)
        add_sites(m, features, lang)
        state = st_folium(m, key="portal_map", height=360, returned_objects=["last_active_drawing"])
        picked = clicked_site_id(state)
        if picked is not None:
            key = next((s.key for s in sites if s.id == picked), None)
            if key:
                open_site(key)
                st.rerun()


def compound(key: str) -> None:
    with session_scope(engine) as session:
        site = get_site_by_key(session, key)
        if site is None:
            st.warning(t("portal.unknown_site", lang))
            st.button(t("portal.back", lang), on_click=st.query_params.clear)
            return
        view = public_site_view(session, site)
        site_id = site.id
        buildings = building_numbers(session, site.id)
    st.button(t("portal.back", lang), on_click=st.query_params.clear, type="tertiary")
    st.title(view.name(lang))
    if view.illustrative:
        st.caption(t("portal.illustrative", lang))
    facts = t(
        "portal.facts",
        lang,
        sub_district=view.sub_district or "—",
        buildings=view.buildings,
        households=view.households if view.households is not None else "—",
    )
    st.markdown(markdown_text(facts))
    if view.programmes:
        names = "、".join(name if lang == "zh" else en or name for _y, name, en in view.programmes)
        st.caption(markdown_text(t("portal.programmes", lang, names=names)))

    st.header(t("portal.works", lang))
    if view.progress is not None:
        st.progress(view.progress, text=f"{t('portal.overall', lang)} {view.progress:.0%}")
        st.caption(t("portal.overall_help", lang))
    if not view.works:
        st.info(t("portal.no_works", lang))
    for work in view.works:
        with st.container(border=True):
            st.markdown(f"**{markdown_text(scope_name(work.scope_key, lang))}**")
            st.caption(t(f"portal.plain.{work.scope_key}", lang))
            line = t(
                "portal.work_line",
                lang,
                completed=f"{work.completed:,.0f}",
                planned=f"{work.planned:,.0f}",
                unit=work.unit,
                percent=f"{work.progress:.0%}",
            )
            st.progress(work.progress, text=line)
            if work.finished:
                when = t("portal.finished", lang, day=work.finished.isoformat())
            elif work.start and work.end:
                when = t(
                    "portal.when", lang, start=work.start.isoformat(), end=work.end.isoformat()
                )
            else:
                when = t("portal.when_unknown", lang)
            if work.buildings:
                when += "　" + t("portal.work_buildings", lang, count=work.buildings)
            st.caption(when)

    st.header(t("portal.recent", lang))
    if not view.recent:
        st.caption(t("portal.recent_none", lang, days=120))
    for change in view.recent:
        value = change.value
        if change.field == "status":
            value = t(f"status.{value}", lang)
        text = t(
            f"portal.change.{change.field}",
            lang,
            scope=scope_name(change.scope_key, lang),
            value=value,
        )
        st.markdown(f"- {change.day.isoformat()}　{markdown_text(text)}")

    st.header(t("portal.survey", lang))
    survey = view.survey
    if survey.responses == 0 and survey.suggestions == 0:
        st.caption(t("portal.survey_none", lang))
    else:
        cols = st.columns(3)
        cols[0].metric(t("portal.survey_responses", lang), f"{survey.responses:,}")
        rate = survey.support_rate
        cols[1].metric(t("portal.survey_support", lang), f"{float(rate):.0%}" if rate else "—")
        cols[2].metric(t("portal.survey_suggestions", lang), f"{survey.suggestions:,}")
        st.caption(t("portal.survey_note", lang))

    st.header(t("portal.adopted", lang))
    if not view.adopted:
        st.caption(t("portal.adopted_none", lang))
    for adopted in view.adopted:
        with st.container(border=True):
            st.caption(t(f"survey.category.{adopted.category}", lang))
            st.markdown(markdown_text(adopted.text))
            if adopted.answer:
                st.markdown(
                    f"**{t('portal.adopted_answer', lang)}**{markdown_text(adopted.answer)}"
                )
            if adopted.scope_key:
                scope = scope_name(adopted.scope_key, lang)
                st.caption(markdown_text(t("portal.adopted_work", lang, scope=scope)))

    st.header(t("portal.share", lang))
    url = compound_url(base_url(), view.key)
    st.caption(t("portal.share_link", lang))
    st.code(url, language=None)
    st.image(qr_png(url, scale=5), width=180)
    contact = settings.portal_contact + (
        f" {settings.portal_contact_phone}" if settings.portal_contact_phone else ""
    )
    notice = notice_html(
        view,
        url,
        contact=settings.portal_contact,
        contact_phone=settings.portal_contact_phone,
        lang=lang,
    )
    st.download_button(
        t("portal.qr_png", lang), qr_png(url), f"qr_{view.key}.png", "image/png", width="stretch"
    )
    st.download_button(
        t("portal.qr_svg", lang),
        qr_svg(url),
        f"qr_{view.key}.svg",
        "image/svg+xml",
        width="stretch",
    )
    st.download_button(
        t("portal.notice", lang),
        notice,
        f"notice_{view.key}.html",
        "text/html",
        width="stretch",
        icon=":material/print:",
    )
    st.caption(markdown_text(t("portal.contact", lang, contact=contact)))

    feedback_form(site_id, buildings)


def feedback_form(site_id: int, buildings: list[str]) -> None:
    st.header(t("feedback.title", lang))
    st.caption(t("feedback.intro", lang))
    with st.form("feedback", clear_on_submit=True):
        category = st.selectbox(
            t("feedback.category", lang),
            ["", *CATEGORIES],
            format_func=lambda c: (
                t("feedback.category_auto", lang) if not c else t(f"survey.category.{c}", lang)
            ),
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
    now = time.monotonic()
    recent, wait = fb.send_window(
        st.session_state.get(SENT_KEY, []),
        now,
        limit=settings.feedback_limit,
        window_seconds=settings.feedback_window_seconds,
    )
    st.session_state[SENT_KEY] = recent
    if wait:
        st.error(t("feedback.wait", lang, seconds=wait))
        return
    message = fb.Feedback(site_id, text, category, building, unit, phone)
    try:
        with session_scope(engine) as session:
            fb.submit_feedback(session, message, max_chars=settings.feedback_max_chars)
    except fb.FeedbackRefused as refused:
        st.error(t(refused.key, lang, **refused.values))
        return
    st.session_state[SENT_KEY] = [*recent, now]
    st.success(t("feedback.sent", lang))


site_key = st.query_params.get("site")
if site_key:
    compound(site_key)
else:
    finder()
