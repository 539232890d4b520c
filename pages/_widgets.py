"""Page idioms shared by every page: messages that survive a rerun, names in the chosen
language, the programme picker, and how a table of quantities per scope is shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from planner.i18n import localised_name, t
from planner.markup import md

FLASH_KEY = "_flash_messages"


def flash(kind: str, text: str) -> None:
    """Keep a message ("success", "warning", "error", "info") for the next run of the page
    (a save usually reruns the page, which would otherwise drop it)."""
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def show_flashes() -> None:
    """Show, once, the messages kept by :func:`flash` (made safe for Markdown: a message
    often names what was typed, a file or a compound; text already made safe by
    ``planner.markup`` is shown as it is)."""
    for kind, text in st.session_state.pop(FLASH_KEY, []):
        getattr(st, kind)(md(text))


def name_of(thing: Any, lang: str) -> str:
    """A site's or programme's name in the chosen language (Chinese when there is no other)."""
    return localised_name(thing, lang)


def programme_label(programme: Any, lang: str) -> str:
    """ "2023 · 2023年老旧小区改造"."""
    return f"{programme.year} · {localised_name(programme, lang)}"


def programme_picker(
    programmes: Sequence[Any],
    *,
    lang: str,
    label: str,
    key: str,
    default_id: int | None,
    container: Any = None,
) -> Any:
    """A select box of programmes that remembers the choice across languages and pages.

    ``default_id`` is used until the visitor chooses (a page passes the programme named in
    its link, else ``planner.works.summary.programme_to_show``). The widget is keyed per
    language, since its labels change with it; the chosen id is kept in ``key``.
    """
    ids = [p.id for p in programmes]
    chosen = st.session_state.get(key)
    if chosen not in ids:
        chosen = default_id if default_id in ids else ids[0]
    by_id = {p.id: p for p in programmes}
    picked = (container or st).selectbox(
        md(label),
        ids,
        index=ids.index(chosen),
        format_func=lambda i: programme_label(by_id[i], lang),
        key=f"{key}_{lang}",
    )
    st.session_state[key] = picked
    return by_id[picked]


def quantities_columns(lang: str, prefix: str) -> dict[str, Any]:
    """The column config of a table of quantities per scope (the overview's, ``prefix``
    "overview"; the dashboard's, "dashboard", with its yuan): quantities with thousands
    grouped, the share done (0–100) as a bar with its "42%", yuan to the fen grouped."""
    number = st.column_config.NumberColumn(format="localized")
    money = st.column_config.NumberColumn(format="accounting")  # 1,234,567.80

    def label(key: str) -> str:
        return t(f"{prefix}.col.{key}", lang)

    config: dict[str, Any] = {
        label("planned"): number,
        label("completed"): number,
        label("share"): st.column_config.ProgressColumn(
            format="%.0f%%", min_value=0, max_value=100
        ),
    }
    if prefix == "dashboard":
        config.update({label("planned_yuan"): money, label("spent_yuan"): money})
    return config
