"""Import a survey export: choose site and survey, upload, check the column roles, confirm.

Nothing is written until the confirm button, and then only a valid file (or, when asked, its
valid rows); personal columns (IP, names, phones) are neither stored nor previewed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from pages._common import current_actor, get_engine, get_settings, page_start
from pages._errors import show_refusal
from pages._widgets import flash, name_of, show_flashes
from planner.errors import Refused
from planner.i18n import t
from planner.markup import md, md_t
from planner.surveys import actions, reads
from planner.surveys import imports as si
from planner.surveys import statistics as surveys
from planner.uploads import UploadLimits

NEW = "__new__"

lang = page_start("survey_import")
st.title(t("survey.import.title", lang))
st.caption(t("survey.import.intro", lang))
show_flashes()

engine = get_engine()
sites = reads.all_sites(engine)
if not sites:
    st.info(t("survey.import.no_sites", lang))
    st.stop()
names = {s.id: name_of(s, lang) for s in sites}
site_id = st.selectbox(
    t("survey.import.site", lang), list(names), format_func=names.__getitem__, key="si_site"
)
existing = reads.site_surveys(engine, site_id)

choice = st.selectbox(
    t("survey.import.survey", lang),
    [*existing, NEW],
    format_func=lambda i: t("survey.import.new_survey", lang) if i == NEW else existing[i],
    key=f"si_survey_{site_id}",
)
upload = st.file_uploader(t("survey.import.file", lang), type=["csv", "xlsx"], key="si_file")
if upload is None:
    st.stop()
if choice == NEW:
    default_title = Path(upload.name).stem
    title = st.text_input(t("survey.import.new_title", lang), default_title, key="si_title")
    channel = st.selectbox(
        t("survey.import.channel", lang),
        list(surveys.CHANNELS),
        format_func=lambda c: t(f"survey.channel.{c}", lang),
        key="si_channel",
    )

bounds = UploadLimits.from_settings(get_settings(), "survey")  # the same as the CLI's
kept = st.session_state.get("si_table")
try:
    if upload.size > bounds.max_bytes:  # refused before the file is read
        raise si.FileRefused("survey.error.too_large", limit_mb=bounds.max_bytes // (1024 * 1024))
    if kept is None or kept[0] != upload.file_id:  # read and parsed once per file
        kept = st.session_state["si_table"] = (
            upload.file_id,
            si.read_table(upload.getvalue(), upload.name, limits=bounds),
        )
    table = kept[1]
except si.FileRefused as refused:
    show_refusal(refused, lang)
    st.stop()
st.caption(
    md_t(
        "survey.import.read",
        lang,
        name=table.file_name,
        rows=len(table.rows),
        columns=len(table.columns),
        encoding=table.encoding,
    )
)

with st.expander(t("survey.import.mapping", lang), expanded=True):
    suggested = si.suggest_mapping(table.columns)
    mapping = {
        column: st.selectbox(
            md(column),  # a column header from the file
            si.ROLES,
            index=si.ROLES.index(suggested[column]),
            format_func=lambda r: t(f"survey.role.{r}", lang),
            key=f"si_role_{table.sha256[:12]}_{n}",
        )
        for n, column in enumerate(table.columns)
    }
preview = si.build_preview(table, mapping)
st.subheader(t("survey.import.preview", lang))
st.dataframe(pd.DataFrame(preview.preview_rows()), hide_index=True)

if preview.errors:
    st.error(md_t("survey.import.errors", lang, count=len(preview.errors)))
    st.dataframe(
        pd.DataFrame(
            {"#": [e.row for e in preview.errors], "": [e.message(lang) for e in preview.errors]}
        ),
        hide_index=True,
    )
else:
    st.success(md_t("survey.import.valid", lang, count=len(preview.responses)))

only_valid = False
if preview.errors and preview.can_import_valid_rows:
    only_valid = st.checkbox(
        md_t("survey.import.only_valid", lang, count=len(preview.responses)), key="si_only_valid"
    )
if choice != NEW:
    present = reads.already_imported(engine, choice, preview)
    if present:
        st.info(md_t("survey.import.already", lang, count=present))

actor = current_actor()  # the import is recorded under the logged-in user
ready = preview.is_valid or only_valid
if st.button(t("survey.import.confirm", lang), type="primary", disabled=not ready):
    new = choice == NEW
    try:
        done = actions.import_survey(
            engine,
            preview,
            site_id=site_id,
            survey_id=None if new else choice,
            title=title if new else "",
            channel=channel if new else "online",
            actor=actor or "staff",
            only_valid=only_valid,
        )
    except Refused as refused:  # a title, or the file's errors (the table above lists them)
        show_refusal(refused, lang, brief=isinstance(refused, si.ImportRefused))
        st.stop()
    report = done.report
    done_text = t(
        "survey.import.done",
        lang,
        added=report.added,
        suggestions=report.suggestions_added,
        present=report.already_present,
        skipped=report.skipped_invalid,
    )
    flash("success", done_text)
    if report.invalid_rows:
        rows = ", ".join(str(r) for r in report.invalid_rows)
        flash("warning", t("survey.import.skipped_rows", lang, rows=rows))
    st.rerun()
