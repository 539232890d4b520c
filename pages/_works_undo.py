"""The works editor's undo: withdraw an item entered by mistake (a soft delete, audited), and
restore a withdrawn one (planner.works.actions.withdraw_work_item / restore_work_item)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pages._common import current_actor
from pages._errors import show_refusal
from planner.errors import Refused
from planner.handles import Engine
from planner.history.sentences import when_text
from planner.i18n import scope_name, t
from planner.markup import md_t
from planner.works import actions, reads
from planner.works.items import WorkItemRow
from planner.works.quantities import shown
from planner.works.withdrawal import WithdrawnItem


def _name(item: WithdrawnItem, lang: str) -> str:
    name = scope_name(item.scope_key, lang)
    if item.unit_number:
        name += f" · {item.unit_number}" + ("单元" if lang == "zh" else "")
    return name


def render_undo(
    engine: Engine,
    rows: list[WorkItemRow],
    programme_id: int,
    *,
    lang: str,
    done: Callable[[list[tuple[str, str]]], None],
    site_id: int,
    building_id: int | None,
) -> None:
    """Withdraw one of ``rows``; restore one of the place's withdrawn items."""
    withdrawn = reads.withdrawn_items(
        engine, programme_id=programme_id, site_id=site_id, building_id=building_id
    )
    with st.expander(t("works.withdraw.title", lang), expanded=bool(withdrawn)):
        st.caption(t("works.withdraw.help", lang))
        if not rows:
            st.caption(t("works.withdraw.none", lang))
        else:
            with st.form("works_withdraw"):
                item = st.selectbox(
                    t("works.withdraw.item", lang), rows, format_func=lambda r: r.scope_name(lang)
                )
                reason = st.text_input(t("works.reason", lang), max_chars=500)
                if st.form_submit_button(t("works.withdraw.submit", lang)):
                    try:
                        actions.withdraw_work_item(
                            engine,
                            item.id,
                            actor=current_actor(),
                            reason=reason,
                            version=item.version,
                        )
                    except Refused as refused:
                        show_refusal(refused, lang)
                    else:
                        text = t("works.withdraw.done", lang, row=item.scope_name(lang))
                        done([("success", text)])
        if withdrawn:
            st.caption(t("works.withdraw.list", lang))
        for gone in withdrawn:
            line, button = st.columns([4, 1], vertical_alignment="center")
            line.markdown(
                md_t(
                    "works.withdraw.line",
                    lang,
                    row=_name(gone, lang),
                    planned=shown(gone.planned_quantity),
                    when=when_text(gone.withdrawn_at),  # the city's time, as the audit log
                )
            )
            if button.button(t("works.withdraw.restore", lang), key=f"works_restore_{gone.id}"):
                try:
                    actions.restore_work_item(
                        engine, gone.id, actor=current_actor(), version=gone.version
                    )
                except Refused as refused:
                    show_refusal(refused, lang)
                else:
                    done([("success", t("works.withdraw.restored", lang, row=_name(gone, lang)))])
