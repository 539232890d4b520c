"""Bills of quantities for engineers: export (xlsx/csv), the code catalogue, the rate library.

"Selected on the map" reads the planning map's selection from the session
(``map_selected_site`` / ``map_selected_building``) or from the query parameters
``?programme=<id>&site=<id>&buildings=<id>,<id>`` (a link from another page).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._boq_rates import rate_library
from pages._boq_settings import export_settings, outdoor_setting
from pages._common import get_engine, get_settings, page_start
from pages._errors import show_refusal
from pages._widgets import programme_picker, show_flashes
from planner.boq import bill as boq
from planner.boq import reads, selection, view
from planner.boq.catalogue import Edition
from planner.boq_workbook import actions, workbook
from planner.errors import Refused
from planner.i18n import t
from planner.markup import md_t
from planner.works import reads as works_reads
from planner.works.estimates import EstimateParameters

RESULT = "boq_result"

lang = page_start("boq_export")
st.title(t("boq.title", lang))
st.caption(t("boq.intro", lang))
st.warning(t("boq.edition_warning", lang), icon=":material/warning:")
show_flashes()
engine = get_engine()
params = st.query_params


programmes = works_reads.programme_options(engine)
default_id = reads.programme_for_link(engine, dict(params)) or works_reads.programme_to_show(engine)
if not programmes:
    st.info(t("boq.err.empty_selection", lang))
    st.stop()
programme = programme_picker(
    programmes,
    lang=lang,
    label=t("boq.programme", lang),
    key="boq_programme",
    default_id=default_id,
)
programme_id = programme.id
edition = st.radio(
    t("boq.edition", lang),
    [e.value for e in Edition],
    format_func=lambda e: t(f"boq.edition.{e}", lang),
    horizontal=True,
    key="boq_edition",
)
export_tab, catalogue_tab, rates_tab = st.tabs(
    [t(f"boq.tab.{k}", lang) for k in ("export", "catalogue", "rates")]
)

# --- Export --------------------------------------------------------------------------------------
with export_tab:
    from_link = bool(params.get("site") or params.get("buildings"))
    scope = st.radio(
        t("boq.scope", lang),
        ["programme", "site", "map"],
        index=2 if from_link else 0,
        format_func=lambda s: t(f"boq.scope.{s}", lang),
        horizontal=True,
        key="boq_scope",
    )
    chosen: boq.BoqSelection | None = boq.BoqSelection(programme_id, label="")
    if scope == "site":
        sites = reads.programme_sites(engine, programme_id)
        site_id = st.selectbox(
            t("boq.site", lang), list(sites), format_func=sites.get, key=f"boq_site_{programme_id}"
        )
        chosen = (
            boq.BoqSelection(programme_id, (site_id,), None, sites[site_id]) if site_id else None
        )
    elif scope == "map":
        site_id, building_ids = selection.map_choice(
            dict(params), st.session_state.get("map_selected_site"),
            st.session_state.get("map_selected_building"),
        )  # fmt: skip
        found = reads.map_selection(engine, programme_id, site_id, building_ids)
        chosen = found.selection if found else None
        if found is None:
            st.info(t("boq.map_none", lang))
        else:
            name = found.site_name_en if lang == "en" and found.site_name_en else found.site_name_zh
            numbers = found.building_numbers
            text = md_t(
                "boq.map_buildings", lang, name=name, count=len(numbers), numbers=", ".join(numbers)
            )
            st.caption(text if numbers else md_t("boq.map_site", lang, name=name))
    cols = st.columns(3)
    basis = cols[0].radio(
        t("boq.basis", lang),
        [b.value for b in boq.QuantityBasis],
        format_func=lambda b: t(f"boq.basis.{b}", lang),
        key="boq_basis",
    )
    numbering = cols[1].radio(
        t("boq.numbering", lang),
        [n.value for n in boq.Numbering],
        format_func=lambda n: t(f"boq.numbering.{n}", lang),
        key="boq_numbering",
    )
    pricing = cols[2].radio(
        t("boq.pricing", lang), [p.value for p in boq.Pricing],
        format_func=lambda p: t(f"boq.pricing.{p}", lang), key="boq_pricing",
    )  # fmt: skip
    with_estimates = st.checkbox(t("boq.estimates", lang), key="boq_estimates")
    estimates = EstimateParameters.from_settings(get_settings()) if with_estimates else None
    fee_overrides, groundwork_overrides = export_settings(lang)
    options = boq.BoqOptions(
        edition=edition, basis=basis, numbering=numbering, estimates=estimates,
        fee_overrides=fee_overrides, groundwork_overrides=groundwork_overrides, pricing=pricing,
        outdoor=outdoor_setting(lang),
    )  # fmt: skip
    notice = reads.programme_notice(engine, programme_id, edition)
    if notice is not None:
        (st.warning if notice.warning else st.info)(notice.text(lang), icon=":material/warning:")
    signature = repr((chosen, options))
    if chosen is not None and st.button(
        t("boq.generate", lang), type="primary", key="boq_generate"
    ):
        bar = st.progress(0.0)

        def report(share: float, name: str) -> None:
            bar.progress(min(max(share, 0.0), 1.0), text=md_t("boq.progress", lang, name=name))

        try:
            bill, data = actions.export_bill(engine, chosen, options, progress=report)
        except Refused as refused:
            show_refusal(refused, lang)
        else:
            bar.empty()
            file_name = f"工程量清单_{programme.key}_{edition}.xlsx"
            st.session_state[RESULT] = view.export_result(
                bill,
                data,
                workbook.csv_bytes(bill),
                signature=signature,
                file_name=file_name,
                lang=lang,
            )
            st.session_state[RESULT]["unpriced"] = workbook.unpriced_bytes(bill)
    result = st.session_state.get(RESULT)
    if result and result["signature"] != signature:
        st.info(t("boq.stale", lang))
    elif result:
        counts = {k: result[k] for k in ("projects", "units", "lines", "total")}
        st.success(md_t("boq.done", lang, **counts))
        if result["unverified_fees"]:
            st.warning(md_t("boq.fees_unverified", lang, count=result["unverified_fees"]))
        if result["unverified"]:
            codes = ", ".join(result["unverified"][:12]) + (
                " …" if len(result["unverified"]) > 12 else ""
            )
            st.warning(
                md_t("boq.unverified_in_bill", lang, count=len(result["unverified"]), codes=codes)
            )
        if result["unrated"]:
            st.warning(md_t("boq.unrated", lang, scopes="、".join(result["unrated"])))
        dl = st.columns(3)
        xlsx_mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        dl[0].download_button(
            t("boq.download_xlsx", lang), result["xlsx"], file_name=result["file"], mime=xlsx_mime,
            key="boq_download_xlsx", icon=":material/download:",
        )  # fmt: skip
        dl[1].download_button(
            t("boq.download_csv", lang), result["csv"], file_name=result["file"][:-5] + ".csv",
            mime="text/csv", key="boq_download_csv", icon=":material/download:",
        )  # fmt: skip
        dl[2].download_button(
            t("boq.download_unpriced", lang), result["unpriced"], mime=xlsx_mime,
            file_name=result["file"][:-5] + "_招标工程量清单.xlsx", key="boq_download_unpriced",
            icon=":material/download:", help=t("boq.download_unpriced.help", lang),
        )  # fmt: skip
        st.subheader(t("boq.preview", lang))
        st.dataframe(pd.DataFrame(result["preview"]), hide_index=True)

# --- Catalogue -----------------------------------------------------------------------------------
with catalogue_tab:
    st.caption(t("boq.catalogue.intro", lang))
    frame = pd.DataFrame(view.catalogue_rows(edition, lang))
    st.dataframe(frame, hide_index=True, key=f"boq_catalogue_{edition}")

# --- Rate library --------------------------------------------------------------------------------
with rates_tab:
    rate_library(engine, programme, lang, result_key=RESULT)
