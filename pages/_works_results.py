"""What the works editor says after a save: kept for the reloaded editor, never drawn away.

A save reloads the editor (a new snapshot, its ``nonce`` one higher) and shows its messages
above it on every run of that snapshot, until the next save, reload or change of place: a
double click's second rerun must not draw the first click's result away. A second send that
found the first one saved keeps the first one's messages (they say what was saved); the add
form's first send is remembered (:func:`remember_add`), since by its second send the list of
kinds no longer offers what it added and the form's choice has moved to another.
"""

from __future__ import annotations

import streamlit as st

from planner.markup import md

_RESULTS, _ADDED = "works_flash", "works_add_sent"


def keep(messages: list[tuple[str, str]], nonce: int) -> None:
    """Keep ``(kind, text)`` messages for the snapshot after ``nonce`` (the reloaded one)."""
    kept = st.session_state.get(_RESULTS)
    again = kept and kept["nonce"] == nonce + 1
    if not (again and {kind for kind, _ in messages} == {"info"}):
        st.session_state[_RESULTS] = {"nonce": nonce + 1, "messages": messages}


def kept_for(nonce: int) -> list[tuple[str, str]]:
    """The messages kept for the snapshot ``nonce``; older ones are dropped."""
    kept = st.session_state.get(_RESULTS)
    if kept and kept["nonce"] != nonce:  # another place, or reloaded since
        st.session_state.pop(_RESULTS, None)
        return []
    return kept["messages"] if kept else []


def show(kind: str, messages: list[str], where: object = st) -> None:
    """Show each message as ``st.<kind>`` (made safe for Markdown: names the row and field)."""
    for message in messages:
        getattr(where, kind)(md(message))


def remember_add(nonce: int, label: str) -> None:
    """Remember what the add form of snapshot ``nonce`` sends (its first send only)."""
    st.session_state.setdefault(_ADDED, {}).setdefault(nonce, label)


def added(nonce: int) -> str | None:
    """What the add form of snapshot ``nonce`` first sent, if it sent anything."""
    return st.session_state.get(_ADDED, {}).get(nonce)
