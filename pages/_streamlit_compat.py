"""Every Streamlit internal the app uses, in one place, guarded by the versions it was tested on.

Inside :data:`STREAMLIT` (the range of ``streamlit`` in ``pyproject.toml``) two internals are
used; outside it each falls back to Streamlit's public API:

1. ``streamlit.runtime.pages_manager.PagesManager.uses_pages_directory``, a class attribute.
   Streamlit decides once per process, before the entry point runs, that an app whose main
   script has a ``pages/`` folder beside it is a legacy multipage app, and until ``st.navigation``
   has run once it runs ``pages/*.py`` directly (with an automatic menu), without the frame:
   the first visitor after a restart, or any AppTest run. The folder must stay ``pages/`` (the
   product's layout), so :func:`leave_legacy_pages_mode` clears the flag and reruns: the same
   request then runs through ``streamlit_app.py`` and finds its page (URL paths equal the page
   file names). **Fallback**: a page that finds itself run without the frame remembers its key
   and its query parameters and switches to the entry point (``st.switch_page``); the frame,
   once its ``st.navigation`` has run, switches to the remembered page
   (:func:`take_wanted_page`). Two more reruns, once per process, and the page is the same.
2. ``Runtime.instance()._session_mgr.list_active_sessions()``: the number of browser sessions
   a process holds, which the health endpoint reports (``deploy/asgi.py``, the load test reads
   it). **Fallback**: no figure (``None``; the health check is unchanged otherwise).

Tests: ``tests/pages/test_streamlit_compat.py`` runs both ways of each.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import streamlit as st

from planner.versions import TestedRange

#: The Streamlit versions the internals below were tested on (pyproject.toml says the same).
STREAMLIT = TestedRange("streamlit", (1, 67), (1, 68))

#: The entry point, as ``st.switch_page`` names it.
MAIN_SCRIPT = Path(__file__).resolve().parents[1] / "streamlit_app.py"
#: Where a page run without the frame leaves its key and query parameters (fallback only).
WANTED_KEY = "_planner_wanted_page"

_frame = threading.local()


def use_internals() -> bool:
    """Whether the installed Streamlit is one the internals were tested on."""
    return STREAMLIT.holds()


@contextmanager
def frame_running() -> Iterator[None]:
    """Marks the frame's run of a page (``navigation.run()``), so a page can tell whether it
    runs inside the frame (each script run has a thread of its own)."""
    _frame.running = True
    try:
        yield
    finally:
        _frame.running = False


def _legacy_flag() -> Any:
    """Streamlit's ``PagesManager`` class, or None without the legacy mode."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return None
    return PagesManager if hasattr(PagesManager, "uses_pages_directory") else None


def leave_legacy_pages_mode(page_key: str | None = None) -> None:
    """Hand a run that Streamlit started in its legacy ``pages/`` mode to the entry point.

    Called by the frame (``page_key`` None) and by every page (its key) first thing.
    """
    if use_internals():
        manager = _legacy_flag()
        if manager is not None and manager.uses_pages_directory:
            manager.uses_pages_directory = False
            st.rerun()
        return
    if page_key is None or getattr(_frame, "running", False):
        return
    st.session_state[WANTED_KEY] = (page_key, st.query_params.to_dict())
    st.switch_page(MAIN_SCRIPT)


def take_wanted_page() -> tuple[str, dict[str, Any]] | None:
    """The page (key, query parameters) that asked for the frame, once (fallback only)."""
    return st.session_state.pop(WANTED_KEY, None)


def active_sessions() -> int | None:
    """Browser sessions this process holds; None outside the tested versions or outside a
    running server."""
    if not use_internals():
        return None
    try:
        from streamlit.runtime import Runtime

        return len(Runtime.instance()._session_mgr.list_active_sessions())
    except Exception:  # noqa: BLE001  (no runtime in this process, or the detail moved)
        return None
