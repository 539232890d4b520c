"""Bills of quantities for engineers: export (xlsx/csv), the code catalogue, the rate library.

"Selected on the map" reads the planning map's selection from the session
(``map_selected_site`` / ``map_selected_building``) or from the query parameters
``?programme=<id>&site=<id>&buildings=<id>,<id>`` (a link from another page).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlmodel import Session, select

from db.models import Building, ProgrammeSite, Site
from db.session import session_scope
from pages._common import current_actor, get_engine, get_settings, page_start
from planner.boq import bill as boq
from planner.boq.catalogue import CodeStatus, Edition
from planner.boq.rates import (
    FILE_COLUMNS,
    RateValidationError,
    export_rates_csv,
    export_rates_xlsx,
    import_rates,
    load_rates,
    rate_file_rows,
    save_rates,
    validate_rate_rows,
)
from planner.i18n import scope_name, t
from planner.programmes import list_programmes
from planner.works.estimates import EstimateParameters

RESULT = "boq_result"
RATES_NONCE = "boq_rates_nonce"
FLASH = "boq_flash"

lang = page_start()
st.title(t("boq.title", lang))
st.caption(t("boq.intro", lang))
st.warning(t("boq.edition_warning", lang), icon=":material/warning:")
engine = get_engine()


def status_label(status: str) -> str:
    """The code status in words; UNVERIFIED carries a warning mark."""
    return t(f"boq.status.{status}", lang)


def _int_list(text: str | None) -> tuple[int, ...]:
    return tuple(int(p) for p in (text or "").split(",") if p.strip().isdigit())


def map_selection(session: Session, programme_id: int) -> tuple[boq.BoqSelection, str] | None:
    """The selection handed over by the map (query parameters first, then the session)."""
    params = st.query_params
    site_id = int(params["site"]) if params.get("site", "").isdigit() else None
    building_ids = _int_list(params.get("buildings"))
    if site_id is None and not building_ids:
        site_id = st.session_state.get("map_selected_site")
        building = st.session_state.get("map_selected_building")
        building_ids = (building,) if building else ()
    if site_id is None:
        return None
    in_programme = session.exec(
        select(ProgrammeSite.site_id).where(
            ProgrammeSite.programme_id == programme_id, ProgrammeSite.site_id == site_id
        )
    ).first()
    site = session.get(Site, site_id)
    if in_programme is None or site is None:
        return None
    name = site.name_zh if lang == "zh" or not site.name_en else site.name_en
    if building_ids:
        numbers = session.exec(
            select(Building.number).where(
                Building.site_id == site_id,
                Building.id.in_(building_ids),  # type: ignore[union-attr]
            )
        ).all()
        if numbers:
            text = t(
                "boq.map_buildings", lang, name=name, count=len(numbers), numbers=", ".join(numbers)
            )
            label = f"{site.name_zh} {'、'.join(numbers)}#"
            return boq.BoqSelection(programme_id, (site_id,), building_ids, label), text
    return boq.BoqSelection(programme_id, (site_id,), None, site.name_zh), t(
        "boq.map_site", lang, name=name
    )


with Session(engine) as session:
    programmes = {p.id: p for p in list_programmes(session)}
if not programmes:
    st.info(t("boq.err.empty_selection", lang))
    st.stop()
ids = list(programmes)
wanted = st.query_params.get("programme", "")
default = int(wanted) if wanted.isdigit() and int(wanted) in programmes else None
if default is None:
    default = next((i for i in ids if programmes[i].key == "p2023"), ids[0])
programme_id = st.selectbox(
    t("boq.programme", lang),
    ids,
    index=ids.index(default),
    format_func=lambda i: (
        f"{programmes[i].year} · "
        + (
            programmes[i].name_en
            if lang == "en" and programmes[i].name_en
            else programmes[i].name_zh
        )
    ),
    key="boq_programme",
)
programme = programmes[programme_id]
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
with export_tab, Session(engine) as session:
    scopes = ["programme", "site", "map"]
    from_link = bool(st.query_params.get("site") or st.query_params.get("buildings"))
    scope = st.radio(
        t("boq.scope", lang),
        scopes,
        index=2 if from_link else 0,
        format_func=lambda s: t(f"boq.scope.{s}", lang),
        horizontal=True,
        key="boq_scope",
    )
    selection: boq.BoqSelection | None = boq.BoqSelection(programme_id, label="整个计划")
    if scope == "site":
        sites = dict(
            session.exec(
                select(Site.id, Site.name_zh)
                .join(ProgrammeSite, ProgrammeSite.site_id == Site.id)
                .where(ProgrammeSite.programme_id == programme_id)
                .order_by(Site.name_zh)
            ).all()
        )
        site_ids = list(sites)
        site_id = st.selectbox(
            t("boq.site", lang), site_ids, format_func=sites.get, key=f"boq_site_{programme_id}"
        )
        selection = (
            boq.BoqSelection(programme_id, (site_id,), None, sites[site_id]) if site_id else None
        )
    elif scope == "map":
        found = map_selection(session, programme_id)
        if found is None:
            st.info(t("boq.map_none", lang))
            selection = None
        else:
            selection, text = found
            st.caption(text)
    cols = st.columns(2)
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
    with_estimates = st.checkbox(t("boq.estimates", lang), key="boq_estimates")
    options = boq.BoqOptions(
        edition=edition,
        basis=basis,
        numbering=numbering,
        estimates=EstimateParameters.from_settings(get_settings()) if with_estimates else None,
    )
    signature = repr((selection, options))
    if selection is not None and st.button(
        t("boq.generate", lang), type="primary", key="boq_generate"
    ):
        bar = st.progress(0.0)

        def report(share: float, name: str) -> None:
            bar.progress(min(max(share, 0.0), 1.0), text=t("boq.progress", lang, name=name))

        try:
            bill, data = boq.export_bill(session, selection, options, progress=report)
        except boq.BoqError as error:
            st.error(t(error.message_key, lang, **error.values))
        else:
            bar.empty()
            st.session_state[RESULT] = {
                "signature": signature,
                "xlsx": data,
                "csv": boq.csv_bytes(bill),
                "file": f"工程量清单_{programme.key}_{edition}.xlsx",
                "sheets": len(bill.sheets),
                "lines": len(bill.lines),
                "total": f"{bill.total:,.2f}",
                "unrated": [scope_name(k, lang) for k in bill.unrated_scopes],
                "unverified": sorted(
                    {ln.code for ln in bill.lines if ln.item.status == CodeStatus.UNVERIFIED}
                ),
                "preview": [
                    {
                        t("boq.col.site", lang): sheet.name,
                        t("boq.col.code", lang): line.code,
                        t("boq.col.name", lang): line.name,
                        t("boq.col.unit", lang): line.item.unit,
                        t("boq.col.quantity", lang): line.quantity,
                        t("boq.col.completed", lang): line.completed,
                        t("boq.col.rate", lang): line.unit_rate,
                        t("boq.col.amount", lang): float(line.amount),
                        t("boq.col.status", lang): status_label(line.item.status.value),
                    }
                    for sheet in bill.sheets
                    for line in sheet.lines
                ],
            }
    result = st.session_state.get(RESULT)
    if result and result["signature"] != signature:
        st.info(t("boq.stale", lang))
    elif result:
        st.success(
            t(
                "boq.done",
                lang,
                sheets=result["sheets"],
                lines=result["lines"],
                total=result["total"],
            )
        )
        if result["unverified"]:
            codes = ", ".join(result["unverified"][:12]) + (
                " …" if len(result["unverified"]) > 12 else ""
            )
            st.warning(
                t("boq.unverified_in_bill", lang, count=len(result["unverified"]), codes=codes)
            )
        if result["unrated"]:
            st.warning(t("boq.unrated", lang, scopes="、".join(result["unrated"])))
        dl = st.columns(2)
        dl[0].download_button(
            t("boq.download_xlsx", lang),
            result["xlsx"],
            file_name=result["file"],
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="boq_download_xlsx",
            icon=":material/download:",
        )
        dl[1].download_button(
            t("boq.download_csv", lang),
            result["csv"],
            file_name=result["file"].removesuffix(".xlsx") + ".csv",
            mime="text/csv",
            key="boq_download_csv",
            icon=":material/download:",
        )
        st.subheader(t("boq.preview", lang))
        st.dataframe(pd.DataFrame(result["preview"]), hide_index=True)

# --- Catalogue -----------------------------------------------------------------------------------
with catalogue_tab:
    st.caption(t("boq.catalogue.intro", lang))
    rows = boq.catalogue_table(edition)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("boq.col.scope", lang): scope_name(r["scope_key"], lang),
                    t("boq.col.code", lang): r["code"],
                    t("boq.col.std_name", lang): r["std_name"],
                    t("boq.col.unit", lang): r["unit"],
                    t("boq.col.status", lang): status_label(r["status"]),
                    t("boq.col.appendix", lang): r["appendix"],
                    t("boq.col.reference", lang): r["reference"],
                    t("boq.col.note", lang): r["note"],
                    t("boq.col.source", lang): r["source"],
                }
                for r in rows
            ]
        ),
        hide_index=True,
        key=f"boq_catalogue_{edition}",
    )

# --- Rate library --------------------------------------------------------------------------------
with rates_tab:
    st.caption(t("boq.rates.intro", lang))
    for kind, text in st.session_state.pop(FLASH, []):
        getattr(st, kind)(text)
    with Session(engine) as session:
        table = load_rates(session, programme_id)
    if not table.stored:
        st.info(t("boq.rates.defaults_only", lang))
    entries = table.rows()
    frame = pd.DataFrame(rate_file_rows(entries)[1:], columns=list(FILE_COLUMNS))
    frame["scope_name"] = [scope_name(e.scope_key, lang) for e in entries]
    frame["indicative"] = frame["indicative"].astype(bool)
    nonce = st.session_state.get(RATES_NONCE, 0)
    edited = st.data_editor(
        frame,
        key=f"boq_rates_{programme_id}_{nonce}",
        hide_index=True,
        disabled=["scope_key", "scope_name", "unit"],
        column_config={
            "scope_key": None,
            "scope_name": st.column_config.TextColumn(t("boq.col.scope", lang)),
            "unit": st.column_config.TextColumn(t("boq.col.unit", lang)),
            "unit_rate": st.column_config.NumberColumn(
                t("boq.col.rate", lang), min_value=0.0, format="%.2f"
            ),
            "provisional_rate": st.column_config.NumberColumn(
                t("boq.rates.col.provisional", lang), min_value=0.0, format="%.2f"
            ),
            "indicative": st.column_config.CheckboxColumn(t("boq.rates.col.indicative", lang)),
            "source": st.column_config.TextColumn(t("boq.col.source", lang), width="large"),
            "description": st.column_config.TextColumn(
                t("boq.rates.col.description", lang), width="large"
            ),
        },
    )
    actor = current_actor()  # the logged-in user, recorded in the audit entry

    def _errors_text(errors) -> list[str]:  # noqa: ANN001
        lines = []
        for e in errors:
            message = t(e.message_key, lang, **dict(e.values))
            if e.row:
                lines.append(
                    t("boq.rates.row_error", lang, row=e.row, column=e.column, message=message)
                )
            else:
                lines.append(t("boq.rates.file_error", lang, message=message))
        return lines

    if st.button(t("boq.rates.save", lang), type="primary", key="boq_rates_save"):
        records = edited.astype(object).where(edited.notna(), None).to_dict("records")
        new_entries, errors = validate_rate_rows(records)
        if errors:
            st.error("  \n".join([t("boq.rates.rejected", lang), *_errors_text(errors)]))
        else:
            with session_scope(engine) as session:
                count = save_rates(session, programme_id, new_entries, actor=actor)
            key = "boq.rates.saved" if count else "boq.rates.unchanged"
            st.session_state[FLASH] = [("success", t(key, lang, count=count))]
            st.session_state[RATES_NONCE] = nonce + 1
            st.session_state.pop(RESULT, None)  # a bill made before used the old rates
            st.rerun()

    upload = st.file_uploader(
        t("boq.rates.import", lang), type=["xlsx", "csv"], key=f"boq_rates_upload_{nonce}"
    )
    if upload is not None and st.button(t("boq.rates.import_button", lang), key="boq_import"):
        try:
            with session_scope(engine) as session:
                count = import_rates(
                    session, programme_id, upload.getvalue(), upload.name, actor=actor
                )
        except RateValidationError as error:
            st.error("  \n".join([t("boq.rates.rejected", lang), *_errors_text(error.errors)]))
        else:
            st.session_state[FLASH] = [("success", t("boq.rates.imported", lang, count=count))]
            st.session_state[RATES_NONCE] = nonce + 1
            st.session_state.pop(RESULT, None)
            st.rerun()

    ex = st.columns(2)
    ex[0].download_button(
        t("boq.rates.export_xlsx", lang),
        export_rates_xlsx(entries),
        file_name=f"综合单价_{programme.key}.xlsx",
        key="boq_rates_xlsx",
        icon=":material/download:",
    )
    ex[1].download_button(
        t("boq.rates.export_csv", lang),
        export_rates_csv(entries),
        file_name=f"综合单价_{programme.key}.csv",
        mime="text/csv",
        key="boq_rates_csv",
        icon=":material/download:",
    )
