"""Import GIS data: upload, choose layer and coordinate system, map attributes, preview, confirm.

Nothing is written until the confirm button; the write plans again and refuses if the data
changed since the preview (planner/gis/apply.py). Below, staff attach unassigned buildings.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geodata.io import ACCEPTED_CRS
from maps.import_preview import PreviewFeature, preview_map
from pages._common import current_actor, get_engine, get_settings, page_start
from pages._common import static_assets_installed as serve_leaflet
from pages._errors import show_refusal
from pages._widgets import flash, show_flashes
from planner.errors import Refused
from planner.gis import actions, reads
from planner.gis import apply as gi
from planner.gis import upload as gu
from planner.i18n import t
from planner.markup import md, md_refusal, md_t

PREVIEW, UPLOAD = "gis_preview", "gis_upload_kept"

lang = page_start("geodata_import")
st.title(t("gis.import.title", lang))
st.caption(t("gis.import.intro", lang))
show_flashes()
engine, settings = get_engine(), get_settings()


def progress_bar():  # noqa: ANN201
    """A progress bar, and the callback the import's steps report to."""
    bar = st.progress(0.0)
    return bar, lambda f, key: bar.progress(min(max(f, 0.0), 1.0), text=t(key, lang))


def unassigned_section() -> None:
    """Buildings kept unassigned by earlier imports, and the form that attaches one."""
    st.subheader(t("gis.unassigned.title", lang))
    waiting = reads.unassigned_buildings(engine)
    if not waiting:
        st.caption(t("gis.unassigned.none", lang))
        return
    labels = gu.unassigned_labels(waiting, lang)
    label = t("gis.unassigned.building", lang)
    chosen = st.selectbox(label, list(labels), format_func=labels.get, key="gis_unassigned")
    near = reads.nearest_compounds(engine, chosen)
    compounds = reads.compound_names(engine, lang)
    row = next(u for u in waiting if u.id == chosen)
    options = near + [i for i in compounds if i not in near]
    if not options:
        return
    with st.form(f"gis_attach_{chosen}"):
        site_id = st.selectbox(
            t("gis.unassigned.compound", lang), options, format_func=compounds.__getitem__
        )
        number = st.text_input(t("gis.unassigned.number", lang), row.number, key="gis_attach_no")
        floors = st.number_input(
            t("gis.unassigned.floors", lang), min_value=1, max_value=60, value=row.floors or 6
        )
        if st.form_submit_button(t("gis.unassigned.attach", lang), key="gis_attach"):
            values = {"number": number, "floors": int(floors)}
            try:
                actions.attach_unassigned_building(
                    engine, chosen, site_id, actor=current_actor(), **values
                )
            except Refused as refused:
                show_refusal(refused, lang)
            else:
                done = t("gis.unassigned.attached", lang, site=compounds[site_id], number=number)
                flash("success", done)
                st.rerun()


kind = st.radio(
    t("gis.import.kind", lang),
    gi.KINDS,
    format_func=lambda k: t(f"gis.kind.{k}", lang),
    horizontal=True,
    key=f"gis_kind_{lang}",
)
upload = st.file_uploader(
    t("gis.import.file", lang), type=["geojson", "json", "gpkg", "zip", "kml"], key="gis_upload"
)
if upload is None:
    st.session_state.pop(PREVIEW, None)
    st.session_state.pop(UPLOAD, None)
    unassigned_section()
    st.stop()

kept = st.session_state.get(UPLOAD)
if kept is None or kept.digest != gu.digest(upload.getvalue()):  # read once per file
    kept = st.session_state[UPLOAD] = gu.KeptUpload.for_settings(
        upload.getvalue(), upload.name, settings
    )
digest = kept.digest
try:
    layers = kept.layers()
except gi.ImportError_ as error:
    show_refusal(error, lang)
    st.stop()
names = [layer.name for layer in layers]
layer = None
if len(names) > 1:
    layer = st.selectbox(
        t("gis.import.layer", lang),
        names,
        index=names.index(kind) if kind in names else None,
        placeholder=t("gis.import.layer", lang),
        key=f"gis_layer_{digest}",
    )
    if layer is None:
        st.stop()
crs_options = list(ACCEPTED_CRS)
crs = st.session_state.get(f"gis_crs_{digest}")
parsed = None
try:
    parsed = kept.parse(kind, layer=layer, crs=crs)
except gi.ImportError_ as error:
    if not error.key.startswith("gis.error.crs_required"):
        show_refusal(error, lang)
        st.stop()
    st.warning(md_refusal(error, lang))
crs = st.selectbox(
    t("gis.import.crs", lang),
    crs_options,
    index=crs_options.index(crs) if crs in crs_options else None,
    format_func=lambda c: f"{c} · {ACCEPTED_CRS[c]}",
    placeholder=t("gis.import.crs_file", lang, crs=parsed.crs_name)
    if parsed
    else t("gis.import.crs_choose", lang),
    key=f"gis_crs_{digest}",
)
if parsed is None:
    st.stop()
with st.expander(t("gis.import.mapping", lang), expanded=False):
    st.caption(t("gis.import.mapping_help", lang))
    field_map: dict[str, str | None] = {}
    for name in gi.FIELDS[kind]:
        options = [None, *parsed.columns]
        suggested = parsed.field_map.get(name)
        field_map[name] = st.selectbox(
            md(name),
            options,
            index=options.index(suggested) if suggested in options else 0,
            format_func=lambda c: t("gis.import.no_column", lang) if c is None else c,
            key=f"gis_map_{digest}_{kind}_{name}",
        )
if field_map != parsed.field_map:
    parsed = kept.parse(kind, layer=layer, crs=crs, field_map=field_map)
st.caption(md_t("gis.import.crs_used", lang, crs=parsed.crs_name))

preview_key = (digest, kind, parsed.layer, parsed.crs_name, str(sorted(field_map.items())))
if st.button(t("gis.import.preview", lang), key="gis_preview_button", type="primary"):
    bar, report = progress_bar()
    plan = reads.plan_import(engine, parsed, progress=report)
    bar.empty()
    st.session_state[PREVIEW] = (preview_key, parsed, plan)

stored = st.session_state.get(PREVIEW)
if stored is None or stored[0] != preview_key:
    st.stop()
_, parsed, plan = stored

counts = plan.counts
for column, action in zip(st.columns(len(gi.ACTIONS)), gi.ACTIONS, strict=True):
    column.metric(t(f"gis.action.{action}", lang), counts[action])
st.dataframe(pd.DataFrame(gu.preview_table(plan, lang)), hide_index=True, width="stretch")
serve_leaflet()
drawn = sum(1 for row in plan.rows if row.geometry is not None)
if drawn > gi.PREVIEW_MAP_LIMIT:
    st.caption(md_t("gis.import.map_limited", lang, shown=gi.PREVIEW_MAP_LIMIT, total=drawn))
shapes = [PreviewFeature(s.geometry, s.action, s.text) for s in gi.preview_features(plan, lang)]
st_folium(preview_map(shapes), key=f"gis_map_{digest}", height=420, returned_objects=[])

if not any(counts[a] for a in ("create", "update", "unassigned")):
    st.info(t("gis.import.nothing", lang))
    st.stop()
skip = False
if counts["refused"]:
    st.warning(md_t("gis.error.refused", lang, n=counts["refused"]))
    skip = st.checkbox(md_t("gis.import.skip_refused", lang, n=counts["refused"]), key="gis_skip")
disabled = bool(counts["refused"]) and not skip
if st.button(t("gis.import.confirm", lang), key="gis_confirm", type="primary", disabled=disabled):
    bar, report = progress_bar()
    try:
        result = actions.import_geodata(
            engine, parsed, plan, actor=current_actor(), skip_refused=skip, progress=report
        )
    except Refused as refused:
        bar.empty()
        show_refusal(refused, lang)
    else:
        st.session_state.pop(PREVIEW, None)
        flash("success", t("gis.done", lang, summary=t("gis.summary", lang, **result.counts)))
        st.rerun()
