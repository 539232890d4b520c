"""What every page shares: the cached engine, the chosen language, the static assets."""

from __future__ import annotations

import ast
import gc
import importlib
import importlib.util
from collections.abc import Callable, Iterable
from pathlib import Path

import streamlit as st

from maps.assets import install_static_assets
from pages._auth import current_user, require_access
from pages._streamlit_compat import leave_legacy_pages_mode
from planner.accounts.access import page_by_key
from planner.accounts.users import SignedInUser
from planner.audit import Actor
from planner.handles import Engine
from planner.i18n import DEFAULT_LANG, LANGUAGES, normalise_lang
from planner.settings import PlannerSettings, load_settings

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
OWN_PACKAGES = ("planner", "db", "geodata")
PAGES_DIR = Path(__file__).resolve().parent


#: Makes the engine of a database (its URL, the SQLite busy timeout), migrated and seeded, once
#: per process: the frame (``streamlit_app.py``, with ``planner.runtime.engine.engine_for``)
#: hands it over before any page runs. Pages never make or prepare an engine themselves.
EngineMaker = Callable[[str, int], Engine]
_engine_maker: list[EngineMaker] = []


def use_engine_maker(maker: EngineMaker) -> None:
    """Called by the frame on every run: how :func:`get_engine` gets its engine."""
    _engine_maker[:] = [maker]


def get_engine() -> Engine:
    """The process-wide engine for the configured database (migrated and seeded).

    The database settings are read on each call (as cheap as before): the frame's engine is
    cached per URL, so a process whose environment names another database gets that one."""
    if not _engine_maker:
        raise RuntimeError("the frame (streamlit_app.py) makes the engine: run the app with it")
    settings = load_settings()
    return _engine_maker[0](settings.resolved_database_url(), settings.sqlite_busy_timeout_ms)


@st.cache_resource(show_spinner=False)
def get_settings() -> PlannerSettings:
    """The planner settings, read from the environment once per process (do not mutate)."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def static_assets_installed() -> Path:
    """Copy Leaflet into static/ once per process; return the folder."""
    return install_static_assets(STATIC_DIR)


def modules_imported_by(paths: Iterable[Path]) -> list[str]:
    """Modules the given page scripts import at top level (read from their source, not run)."""
    names: set[str] = set()
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                if node.module.split(".")[0] in ("__future__", "pages"):
                    continue
                # ``from planner.works import items``: the name may be a submodule. Looked up
                # in our own packages only: finding a submodule imports its package, and a
                # component package (streamlit_folium) must be imported during a script run.
                if node.module.split(".")[0] not in OWN_PACKAGES:
                    continue
                spec = importlib.util.find_spec(node.module)
                if spec is not None and spec.submodule_search_locations is not None:
                    for alias in node.names:
                        candidate = f"{node.module}.{alias.name}"
                        if importlib.util.find_spec(candidate) is not None:
                            names.add(candidate)
    return sorted(n for n in names if n.split(".")[0] not in ("__future__", "pages"))


@st.cache_resource(show_spinner=False)
def freeze_long_lived_objects() -> int:
    """Import what the pages use, then move every object alive now out of the collector's sight.

    Streamlit runs a full garbage collection after every script run. With the app's libraries
    loaded (Streamlit, pandas, pyarrow, SQLAlchemy, folium, pyproj, plotly: some 200,000
    objects) a full collection costs about 0.2 s on a 2-CPU machine, on every rerun of every
    page, although those objects live as long as the process. ``gc.freeze()`` puts them in the
    permanent generation once per process, so the collections after each run only walk what
    the runs themselves created (benchmarks/README.md has the figures). Returns the number of
    frozen objects (0 when ``PLANNER_GC_FREEZE=0`` turns this off, for comparison).
    """
    if not get_settings().gc_freeze:
        return 0
    for name in modules_imported_by(sorted(PAGES_DIR.glob("*.py"))):
        try:
            importlib.import_module(name)
        except ImportError:  # the page that needs it will show the error when visited
            continue
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def page_start(page_key: str) -> str:
    """Call first on every page with its key (its URL path in ``planner.accounts.access.PAGES``,
    e.g. ``page_start("compound")``): make sure the frame ran, check the visitor's role against
    the page's audience (the login form and a stop if it does not match); return the chosen
    language."""
    leave_legacy_pages_mode(page_key)
    lang = current_lang()
    engine = get_engine()
    # Checked again here, not taken from the frame: the page may have run without the frame.
    require_access(engine, page_by_key(page_key), current_user(engine), lang)
    return lang


def signed_in_user() -> SignedInUser | None:
    """The logged-in user of this session, or None."""
    return current_user(get_engine())


def current_actor() -> Actor:
    """Who the audit log records for changes made in this session (account id and username)."""
    user = signed_in_user()
    return user.actor if user else Actor.system("anonymous")


LANG_KEY = "lang"  # the sidebar's choice, and the query parameter that keeps it


def current_lang() -> str:
    """The language chosen in the sidebar ("zh" by default)."""
    return normalise_lang(st.session_state.get(LANG_KEY))


def lang_from_url() -> None:
    """A new browser session (a reload, a shared link) starts in the language of the URL's
    ``?lang=``; the frame calls this before it draws the sidebar's choice."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get(LANG_KEY)
        if wanted in LANGUAGES:
            st.session_state[LANG_KEY] = wanted


def keep_lang_in_url(lang: str) -> None:
    """Write the chosen language into the URL (``?lang=en``) so that a reload keeps it; the
    default language leaves the URL as it is unless it names another one."""
    if st.query_params.get(LANG_KEY, DEFAULT_LANG) != lang:
        st.query_params[LANG_KEY] = lang
