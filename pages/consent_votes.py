"""Owners' consent votes (民法典 art. 278): the works they gate, the votes, recording a vote."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from pages._common import current_actor, get_engine, get_settings, page_start
from pages._errors import show_refusal
from pages._widgets import flash, name_of, show_flashes
from planner.errors import Refused
from planner.i18n import scope_name, t
from planner.markup import md_t
from planner.surveys import actions, consent, reads

lang = page_start("consent_votes")
st.title(t("consent.title", lang))
show_flashes()
rules = consent.ConsentRules.from_settings(get_settings())
st.caption(
    md_t(
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


def place(number: str | None, unit: str | None = "") -> str:
    """ "3号楼2单元", "3号楼" or "全小区"."""
    if not number:
        return t("consent.whole_site", lang)
    if unit:
        return t("consent.place_unit", lang, number=number, unit=unit)
    return t("consent.place_building", lang, number=number)


engine = get_engine()
sites = {s.id: s for s in reads.all_sites(engine)}
numbers = reads.building_numbers(engine)
gated = reads.gated_works(engine, rules)
votes = reads.votes(engine, rules)

st.subheader(t("consent.blocked_items", lang))
if not gated:
    st.info(t("consent.no_items", lang))
else:
    blocked = [g for g in gated if g.status.blocked]
    if blocked:
        st.warning(md_t("consent.items_blocked", lang, count=len(blocked)))
    st.dataframe(
        pd.DataFrame(
            {
                t("consent.col.site", lang): [name_of(sites[g.site_id], lang) for g in gated],
                t("consent.col.place", lang): [
                    place(g.building_number, g.unit_number) for g in gated
                ],
                t("consent.col.work", lang): [scope_name(g.scope_key, lang) for g in gated],
                t("consent.col.state", lang): [
                    t(
                        "consent.state.blocked" if g.status.blocked else "consent.state.cleared",
                        lang,
                    )
                    for g in gated
                ],
                t("consent.col.detail", lang): [g.status.message(lang) for g in gated],
            }
        ),
        hide_index=True,
    )

st.subheader(t("consent.votes", lang))
if not votes:
    st.info(t("consent.no_votes", lang))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("consent.col.site", lang): [name_of(sites[v.site_id], lang) for v in votes],
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
                    f"{v.consenting_area_m2 / v.owners_area_m2:.0%}"
                    for v in votes
                ],
                t("consent.col.result", lang): [v.result.summary(lang) for v in votes],
            }
        ),
        hide_index=True,
    )

with st.expander(t("consent.record", lang)):
    site_id = st.selectbox(
        t("consent.f.site", lang),
        list(sites),
        format_func=lambda i: name_of(sites[i], lang),
        key="cv_site",
    )
    buildings = reads.building_numbers(engine, site_id)
    site_items = {row.id: row for row in reads.votable_items(engine, site_id)}
    building_id = st.selectbox(
        t("consent.f.building", lang),
        [None, *buildings],
        format_func=lambda b: t("consent.whole_site", lang) if b is None else place(buildings[b]),
        key=f"cv_building_{site_id}",
    )
    unit = st.text_input(t("consent.f.unit", lang), key="cv_unit")
    # No default matter: the matter decides the threshold, so it is chosen, never assumed.
    matter = st.selectbox(
        t("consent.f.matter", lang),
        [m.value for m in consent.ConsentMatter],
        index=None,
        placeholder=t("consent.f.matter_choose", lang),
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
            else f"{place(site_items[i].building_number, site_items[i].unit_number)}"
            f" · {scope_name(site_items[i].scope_key, lang)}"
        ),
        key=f"cv_item_{site_id}",
    )
    needed = consent.requirement_for(site_items[work_item_id].scope_key) if work_item_id else None
    if needed is not None:
        required = t(f"consent.matter.{needed.matter.value}", lang)
        st.caption(md_t("consent.f.required_matter", lang, matter=required))
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
            matter=matter or "",
            title=title,
            counts=counts,
            building_id=building_id,
            unit_number=unit,
            work_item_id=work_item_id,
            vote_date=vote_date,
            consultation_rounds=int(rounds),
        )
        try:
            recorded = actions.record_vote(engine, new, actor=actor, rules=rules)
        except Refused as refused:
            show_refusal(refused, lang, headline="consent.refused")
        else:
            flash("success", t("consent.saved", lang, result=recorded.result.summary(lang)))
            st.rerun()
