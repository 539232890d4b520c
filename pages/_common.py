"""What every page shares: the cached engine, the chosen language, the static assets."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from sqlalchemy.engine import Engine

from db.config import database_url
from db.seed import ensure_database_ready
from db.session import make_engine
from geodata.assets import install_static_assets
from planner.i18n import normalise_lang
from planner.settings import PlannerSettings, load_settings

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    ensure_database_ready(engine)
    return engine


def get_engine() -> Engine:
    """The process-wide engine for the configured database (migrated and seeded)."""
    return _engine_for(database_url())


@st.cache_resource(show_spinner=False)
def get_settings() -> PlannerSettings:
    """The planner settings, read from the environment once per process (do not mutate)."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def static_assets_installed() -> Path:
    """Copy Leaflet into static/ once per process; return the folder."""
    return install_static_assets(STATIC_DIR)


def leave_legacy_pages_mode() -> None:
    """Rerun through the entry point if Streamlit ran a page in its legacy pages/ mode.

    Streamlit decides once per process, before our entry point runs, whether an app with a
    ``pages/`` folder is a legacy multipage app; until ``st.navigation`` has been called it
    runs ``pages/*.py`` directly with an automatic menu, without our frame (the first visitor
    after a restart, or any AppTest run). Clearing that flag and rerunning hands the run to
    ``streamlit_app.py`` and its ``st.navigation``.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy mode
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_start() -> str:
    """Call first on every page: make sure the frame ran; return the chosen language."""
    leave_legacy_pages_mode()
    return current_lang()


def current_lang() -> str:
    """The language chosen in the sidebar ("zh" by default)."""
    return normalise_lang(st.session_state.get("lang"))
