"""Export GIS data: every site and building with status and progress, as GeoJSON or GeoPackage."""

from __future__ import annotations

import streamlit as st

from geodata.io import EXPORT_CRS
from pages._common import get_engine, page_start
from planner.gis.export import FORMATS, export_bytes, export_columns, file_name
from planner.i18n import t
from planner.markup import md, md_t

MIME = {"geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3"}

lang = page_start("geodata_export")
st.title(t("gis.export.title", lang))
st.caption(t("gis.export.intro", lang))
fmt = st.radio(
    t("gis.export.format", lang),
    FORMATS,
    format_func={"geojson": "GeoJSON", "gpkg": "GeoPackage"}.__getitem__,
    horizontal=True,
    key="gis_export_format",
)
crs = st.radio(
    t("gis.export.crs", lang),
    EXPORT_CRS,
    format_func=lambda c: t(f"gis.export.crs.{c}", lang),
    key=f"gis_export_crs_{lang}",
)
with st.spinner(t("gis.progress.exporting", lang)):
    data, counts = export_bytes(get_engine(), fmt=fmt, crs=crs)
st.caption(
    md_t(
        "gis.export.counts",
        lang,
        sites=counts.get("sites", 0),
        buildings=counts.get("buildings", 0),
        unassigned=counts.get("unassigned_buildings", 0),
    )
)
for layer, columns in export_columns().items():
    if layer in counts:
        st.caption(f"{md(layer)}: " + md_t("gis.export.columns", lang, columns=", ".join(columns)))
name = file_name(fmt, crs)
st.download_button(
    md_t("gis.export.download", lang, name=name),
    data,
    file_name=name,
    mime=MIME[fmt],
    key="gis_export_download",
    icon=":material/download:",
    on_click="ignore",
)
