"""The import tab of the field progress page: many photos at once, from a zip archive or a
selection of files; every refused file is named with its reason."""

from __future__ import annotations

import io
from typing import Any

import streamlit as st

from pages._common import current_actor
from pages._errors import show_refusal
from planner.errors import Refused
from planner.fieldwork import actions
from planner.fieldwork import imports as imp
from planner.fieldwork.images import EXTENSIONS, PhotoLimits
from planner.fieldwork.photos import STAGES
from planner.handles import Engine
from planner.i18n import t
from planner.markup import md, md_t
from planner.settings import PlannerSettings


def _sources(files: list[Any]) -> tuple[list[imp.SourceFile], list[Any]]:
    """Uploaded images as sources, and the zip archives among the uploads (opened)."""
    sources, archives = [], []
    for f in files:
        if f.name.lower().endswith(".zip"):
            found, close = imp.zip_or_folder_sources(io.BytesIO(f.getvalue()))
            sources.extend(found)
            archives.append(close)
        else:
            sources.append(imp.SourceFile(f.name, f.size, lambda f=f: io.BytesIO(f.getvalue())))
    return sources, archives


def render_import(
    engine: Engine, site_id: int, *, lang: str, limits: PhotoLimits, settings: PlannerSettings
) -> None:
    """Upload, import, report."""
    st.caption(t("import.intro", lang))
    with st.form("field_import", clear_on_submit=True):
        files = st.file_uploader(
            t("import.files", lang), type=[*EXTENSIONS, "zip"], accept_multiple_files=True
        )
        stage = st.selectbox(
            t("import.stage", lang),
            STAGES,
            index=1,
            format_func=lambda s: t(f"photo.stage.{s}", lang),
        )
        submitted = st.form_submit_button(t("import.run", lang), type="primary")
    if not submitted or not files:
        return
    closers: list[Any] = []
    try:
        sources, closers = _sources(files)
        with st.spinner(t("import.working", lang)):
            report = actions.import_photos(
                engine,
                site_id,
                sources,
                actor=current_actor(),
                limits=limits,
                max_files=settings.photo_import_max_files,
                building_match_m=settings.photo_building_match_m,
                default_stage=stage,
            )
    except Refused as refused:  # a damaged archive, a busy database
        show_refusal(refused, lang)
        return
    finally:
        for close in closers:
            close()
    st.success(
        md_t("import.done", lang, imported=len(report.imported), refused=len(report.refused))
    )
    for refused in report.refused:
        st.error(f"{md(refused.name)}: {md(refused.reason(lang))}")
