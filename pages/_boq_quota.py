"""The 定额 section of the rate-library tab: import a programme's 定额 library, 信息价 and
清单→定额 mapping (all or nothing), edit the mapping (planner.boq.quota does the work)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from pages._common import current_actor, get_settings
from pages._errors import show_refusal
from pages._widgets import flash
from planner.boq import actions, reads
from planner.boq.quota import MAPPING_COLUMNS, illustrative_files
from planner.errors import Refused
from planner.i18n import t
from planner.markup import md_t
from planner.uploads import UploadLimits

QUOTA_NONCE = "boq_quota_nonce"
KINDS = ("quota", "prices", "mapping")


def quota_section(engine: Any, programme: Any, lang: str, *, result_key: str) -> None:
    """Heading, what is stored, the three uploads and the mapping editor."""
    programme_id = programme.id
    st.subheader(t("boq.quota.heading", lang))
    st.caption(t("boq.quota.intro", lang))
    overview = reads.quota_overview(engine, programme_id)
    scopes = len({m.scope_key for m in overview.mapping})
    st.info(md_t("boq.quota.summary", lang, quotas=overview.quotas, prices=overview.prices,
                 scopes=scopes))  # fmt: skip
    nonce = st.session_state.get(QUOTA_NONCE, 0)
    actor = current_actor()

    def done(written: dict[str, int]) -> None:
        counts = {kind: written.get(kind, "—") for kind in KINDS}
        flash("success", t("boq.quota.imported", lang, **counts))
        st.session_state[QUOTA_NONCE] = nonce + 1
        st.session_state.pop(result_key, None)  # a bill made before used the old prices
        st.rerun()

    def run(files: dict[str, tuple[bytes, str]]) -> None:
        limits = UploadLimits.from_settings(get_settings(), "rates")  # as the CLI's
        try:
            written = actions.import_quota(engine, programme_id, files, actor=actor, limits=limits)
        except Refused as refused:  # every bad row of every file, nothing written
            show_refusal(refused, lang)
        else:
            done(written)

    cols = st.columns(3)
    uploads = {
        kind: cols[i].file_uploader(
            t(f"boq.quota.file.{kind}", lang), type=["xlsx", "csv"], key=f"boq_{kind}_{nonce}"
        )
        for i, kind in enumerate(KINDS)
    }
    buttons = st.columns(2)
    if buttons[0].button(t("boq.quota.import", lang), key="boq_quota_import"):
        run({k: (u.getvalue(), u.name) for k, u in uploads.items() if u is not None})
    if buttons[1].button(t("boq.quota.load_illustrative", lang), key="boq_quota_sample"):
        run(illustrative_files())
    st.caption(t("boq.quota.illustrative", lang))

    st.markdown(f"**{t('boq.quota.mapping', lang)}**")
    frame = pd.DataFrame(
        [[m.scope_key, m.quota_code, float(m.content), m.note] for m in overview.mapping],
        columns=list(MAPPING_COLUMNS),
    )
    edited = st.data_editor(
        frame,
        key=f"boq_mapping_{programme_id}_{nonce}",
        hide_index=True,
        num_rows="dynamic",
        column_config={
            "scope_key": st.column_config.TextColumn(t("boq.quota.col.scope", lang)),
            "quota_code": st.column_config.TextColumn(t("boq.quota.col.quota", lang)),
            "content": st.column_config.NumberColumn(
                t("boq.quota.col.content", lang), min_value=0.0, format="%.6f"
            ),
            "note": st.column_config.TextColumn(t("boq.quota.col.note", lang), width="large"),
        },
    )
    if st.button(t("boq.quota.save_mapping", lang), key="boq_mapping_save"):
        records = edited.astype(object).where(edited.notna(), None).to_dict("records")
        try:
            count = actions.save_mapping(engine, programme_id, records, actor=actor)
        except Refused as refused:
            show_refusal(refused, lang)
        else:
            done({"mapping": count})
