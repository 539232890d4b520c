"""Owners' consent votes (民法典 art. 278): the works they gate, the votes, recording a vote."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from sqlmodel import Session, select

from db.models import Building, ConsentMatter, ConsentVote, ScopeType, Site, WorkItem
from db.session import session_scope
from pages._common import current_actor, get_engine, get_settings, page_start
from planner.i18n import scope_name, t
from planner.surveys import consent

FLASH = "consent_flash"

lang = page_start()
st.title(t("consent.title", lang))
for kind, text in st.session_state.pop(FLASH, []):
    getattr(st, kind)(text)
rules = consent.ConsentRules.from_settings(get_settings())
st.caption(
    t(
        "consent.rules",
        lang,
        city=rules.city,
        source=rules.source,
        quorum=rules.quorum.label() if rules.quorum else t("consent.rules.no_quorum", lang),
        special=rules.special_majority.label(),
        ordinary=rules.ordinary_majority.label(),
        base=t(f"consent.base.{rules.approval_base}", lang),
    )
)


def site_name(site: Site) -> str:
    """The site's name in the chosen language."""
    return site.name_en if lang == "en" and site.name_en else site.name_zh


def place(number: str | None, unit: str = "") -> str:
    """ "3号楼2单元", "3号楼" or "全小区"."""
    if not number:
        return t("consent.whole_site", lang)
    if unit:
        return t("consent.place_unit", lang, number=number, unit=unit)
    return t("consent.place_building", lang, number=number)


engine = get_engine()
with Session(engine) as session:
    sites = {s.id: s for s in session.exec(select(Site).order_by(Site.kind, Site.name_zh))}
    numbers = dict(session.exec(select(Building.id, Building.number)).all())
    needing = consent.items_needing_consent(session)
    statuses = consent.consent_statuses(session, needing, rules)
    items = {
        w.id: (w, key)
        for w, key in session.exec(
            select(WorkItem, ScopeType.key)
            .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
            .where(WorkItem.id.in_(needing))  # type: ignore[union-attr]
        )
    }
    votes = list(session.exec(select(ConsentVote).order_by(ConsentVote.site_id, ConsentVote.id)))

st.subheader(t("consent.blocked_items", lang))
if not statuses:
    st.info(t("consent.no_items", lang))
else:
    blocked = [s for s in statuses.values() if s.blocked]
    if blocked:
        st.warning(t("consent.items_blocked", lang, count=len(blocked)))
    st.dataframe(
        pd.DataFrame(
            {
                t("consent.col.site", lang): [
                    site_name(sites[items[i][0].site_id]) for i in statuses
                ],
                t("consent.col.place", lang): [
                    place(numbers.get(items[i][0].building_id)) for i in statuses
                ],
                t("consent.col.work", lang): [
                    f"#{i} {scope_name(items[i][1], lang)}" for i in statuses
                ],
                t("consent.col.state", lang): [
                    t("consent.state.blocked" if s.blocked else "consent.state.cleared", lang)
                    for s in statuses.values()
                ],
                t("consent.col.detail", lang): [s.message(lang) for s in statuses.values()],
            }
        ),
        hide_index=True,
    )

st.subheader(t("consent.votes", lang))
if not votes:
    st.info(t("consent.no_votes", lang))
else:
    results = [consent.evaluate_vote(v, rules) for v in votes]
    st.dataframe(
        pd.DataFrame(
            {
                t("consent.col.site", lang): [site_name(sites[v.site_id]) for v in votes],
                t("consent.col.place", lang): [
                    place(numbers.get(v.building_id), v.unit_number) for v in votes
                ],
                t("consent.col.title", lang): [v.title for v in votes],
                t("consent.col.matter", lang): [
                    t(f"consent.matter.{v.matter}", lang) for v in votes
                ],
                t("consent.col.rounds", lang): [v.consultation_rounds for v in votes],
                t("consent.col.consent_share", lang): [
                    f"{v.consenting_count / v.owners_count:.0%} / "
                    f"{float(v.consenting_area_m2 / v.owners_area_m2):.0%}"
                    for v in votes
                ],
                t("consent.col.result", lang): [r.summary(lang) for r in results],
            }
        ),
        hide_index=True,
    )

with st.expander(t("consent.record", lang)):
    site_id = st.selectbox(
        t("consent.f.site", lang),
        list(sites),
        format_func=lambda i: site_name(sites[i]),
        key="cv_site",
    )
    with Session(engine) as session:
        buildings = dict(
            session.exec(
                select(Building.id, Building.number).where(Building.site_id == site_id)
            ).all()
        )
        site_items = {
            w.id: (w, key)
            for w, key in session.exec(
                select(WorkItem, ScopeType.key)
                .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
                .where(WorkItem.site_id == site_id)
                .order_by(WorkItem.id)
            )
        }
    building_id = st.selectbox(
        t("consent.f.building", lang),
        [None, *buildings],
        format_func=lambda b: t("consent.whole_site", lang) if b is None else place(buildings[b]),
        key=f"cv_building_{site_id}",
    )
    unit = st.text_input(t("consent.f.unit", lang), key="cv_unit")
    matter = st.selectbox(
        t("consent.f.matter", lang),
        [m.value for m in ConsentMatter],
        format_func=lambda m: t(f"consent.matter.{m}", lang),
        key="cv_matter",
    )
    title = st.text_input(t("consent.f.title", lang), key="cv_title")
    work_item_id = st.selectbox(
        t("consent.f.work_item", lang),
        [None, *site_items],
        format_func=lambda i: (
            t("consent.f.none", lang)
            if i is None
            else f"#{i} {place(numbers.get(site_items[i][0].building_id))} · "
            f"{scope_name(site_items[i][1], lang)}"
        ),
        key=f"cv_item_{site_id}",
    )
    vote_date = st.date_input(t("consent.f.date", lang), value=date.today(), key="cv_date")
    rounds = st.number_input(t("consent.f.rounds", lang), min_value=1, value=1, key="cv_rounds")
    left, right = st.columns(2)
    numbers_in = {}
    for name in ("owners", "participants", "consenting"):
        numbers_in[f"{name}_area"] = left.number_input(
            t(f"consent.f.{name}_area", lang),
            min_value=0.0,
            step=0.01,
            format="%.2f",
            key=f"cv_{name}_area",
        )
        numbers_in[f"{name}_count"] = right.number_input(
            t(f"consent.f.{name}_count", lang), min_value=0, step=1, key=f"cv_{name}_count"
        )
    actor = current_actor()  # the vote is recorded under the logged-in user
    if st.button(t("consent.f.submit", lang), type="primary", key="cv_submit"):
        # number_input returns floats: read them as the decimals they show (two places).
        counts = consent.VoteCounts(
            *(
                round(numbers_in[f"{n}_area"], 2) if k == "area" else int(numbers_in[f"{n}_count"])
                for n in ("owners", "participants", "consenting")
                for k in ("area", "count")
            )
        )
        new = consent.NewConsentVote(
            site_id=site_id,
            matter=matter,
            title=title,
            counts=counts,
            building_id=building_id,
            unit_number=unit,
            work_item_id=work_item_id,
            vote_date=vote_date,
            consultation_rounds=int(rounds),
        )
        try:
            with session_scope(engine) as session:
                vote = consent.record_vote(session, new, actor=actor)
                summary = consent.evaluate_vote(vote, rules).summary(lang)
        except consent.InvalidVoteError as refused:
            st.error(" ".join([t("consent.refused", lang), *refused.messages(lang)]))
        else:
            st.session_state[FLASH] = [("success", t("consent.saved", lang, result=summary))]
            st.rerun()
