"""One app process for a deployment: the Streamlit app plus a health endpoint.

Run by ``planner serve`` as ``python -m streamlit run deploy/asgi.py --server.port P`` from
the repository root (Streamlit finds the ``app`` below and serves it with Uvicorn), or by any
ASGI server: ``uvicorn deploy.asgi:app``. Before the process listens it

1. refuses to start in production (``PLANNER_ENV=production``) when a required setting is
   missing (``planner.runtime.deployment.production_problems``), and
2. migrates and seeds a new database, once across all processes (``prepare_database``), and
3. builds every programme's planning map, or finds what another process built
   (``planner.runtime.warmup.warm_up``),

so a proxy never sends a visitor to a process that cannot serve them. The residents' plain
pages (``/p/…``: ``public_web``) are served here too, beside Streamlit; an anonymous visit to
the Streamlit compound page is sent to them (``deploy/plain_pages.py``), and every text
response, Streamlit's own scripts included, goes out compressed (``deploy/compression.py``).
``GET /api/health``
answers 200 with JSON when the database answers and its schema is current, else 503: the
proxy's and the process manager's check. It reports the process's resident memory and its
number of browser sessions too (the load test reads them). A page run that loses the database
(PostgreSQL restarting) shows a short message instead of a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import streamlit as st
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: the project's packages live beside deploy/
    sys.path.insert(0, str(ROOT))

from db.session import Engine, make_engine  # noqa: E402
from deploy import login_cookie  # noqa: E402
from deploy.compression import Compression  # noqa: E402
from deploy.guard import (  # noqa: E402
    BodyLimit,
    OperationsGuard,
    SecurityHeaders,
    may_see_operations,
)
from deploy.nodelay import set_nodelay_on_listeners  # noqa: E402
from deploy.plain_pages import AnonymousToPlainPages  # noqa: E402
from pages._streamlit_compat import active_sessions  # noqa: E402
from planner.i18n import normalise_lang, t  # noqa: E402
from planner.runtime.deployment import (  # noqa: E402
    check_health,
    prepare_database,
    process_memory_bytes,
    production_problems,
    worker_label,
)
from planner.runtime.warmup import warm_up  # noqa: E402
from planner.settings import PlannerSettings, load_settings  # noqa: E402
from public_web.app import PlainPages  # noqa: E402

# Tells the pages that this server sets the login cookie itself, as HttpOnly (see
# deploy/login_cookie.py); under a plain ``streamlit run`` the page writes it.
os.environ["PLANNER_LOGIN_COOKIE_ROUTE"] = login_cookie.ROUTE

#: Seconds the health check waits for the database before it answers 503.
HEALTH_TIMEOUT_SECONDS = 5.0

#: The settings, read once for this process (the pages read their own copy: pages/_common).
_settings = load_settings()
_problems = production_problems(_settings)
if _problems:
    lines = "\n".join(f"  - {problem}" for problem in _problems)
    raise SystemExit(f"refusing to start in production (PLANNER_ENV=production):\n{lines}")


def _engine(settings: PlannerSettings) -> Engine:
    return make_engine(
        settings.resolved_database_url(), sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )


# An engine of its own: the health check must answer even when every connection of the
# app's pool is busy with page runs.
_health_engine = _engine(_settings)

#: The engine of the plain pages (made on first use, after the database is prepared).
_public_engine: Engine | None = None


def _plain_pages_engine() -> Engine:
    global _public_engine
    if _public_engine is None:
        _public_engine = _engine(_settings)
    return _public_engine


#: The plain pages of this process (their page cache is filled in the background after a start).
_plain_pages = PlainPages(_plain_pages_engine, _settings)


async def health(request: Request) -> JSONResponse:
    """200 when the database answers with the expected schema, 503 otherwise.

    The details (database error text, schema, process, memory, sessions) only for this
    machine or a staff login (``deploy.guard``); anyone else who reaches the port learns the
    status alone.
    """
    result = None
    with anyio.move_on_after(HEALTH_TIMEOUT_SECONDS):
        result = await anyio.to_thread.run_sync(
            check_health, _health_engine, abandon_on_cancel=True
        )
    body: dict[str, object]
    if result is None:
        body = {"status": "unavailable", "database": f"no answer in {HEALTH_TIMEOUT_SECONDS} s"}
        ok = False
    else:
        body, ok = result.to_json_dict(), result.ok
    body.update(
        worker=worker_label(),
        pid=os.getpid(),
        rss_bytes=process_memory_bytes(),
        sessions=active_sessions(),
        public_pages_ahead=_plain_pages.rendered_ahead,
        public_pages_ready=_plain_pages.ahead_done,
    )
    if not await may_see_operations(request.scope):
        body = {"status": body["status"]}
    return JSONResponse(body, status_code=200 if ok else 503, headers={"Cache-Control": "no-store"})


def _on_script_error(exc: Exception) -> bool:
    """A page run that lost the database shows a plain message instead of a traceback.

    The engine checks connections before use (``pool_pre_ping``), so once the database is
    back the next run works: a reload is all a visitor needs. Other errors show as usual.
    """
    from sqlalchemy.exc import DBAPIError, OperationalError

    lost = isinstance(exc, OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
    if not lost:
        return False
    st.warning(t("ops.database_unavailable", normalise_lang(st.session_state.get("lang"))))
    return True


#: Libraries the pages use that must be imported by Streamlit itself during a script run:
#: a custom component registers itself when imported, with the runtime that then serves it.
_IMPORTED_IN_A_RUN = ("streamlit_folium",)


def _preload_libraries() -> int:
    """Import what the pages import (bar the components), then freeze the long-lived objects.

    The first page run of a process would otherwise pay for importing pandas, plotly, pyproj
    and the rest (about a second here), and Streamlit's full collection after every run would
    walk them (see pages/_common.freeze_long_lived_objects, which the first run still calls).
    """
    import gc
    import importlib

    from pages._common import PAGES_DIR, modules_imported_by

    for name in modules_imported_by(sorted(PAGES_DIR.glob("*.py"))):
        if name.split(".")[0] in _IMPORTED_IN_A_RUN:
            continue
        try:
            importlib.import_module(name)
        except ImportError:  # the page that needs it shows the error when visited
            continue
    if _settings.gc_freeze:
        gc.collect()
        gc.freeze()
    return gc.get_freeze_count()


@asynccontextmanager
async def _lifespan(_app: object) -> AsyncIterator[None]:
    engine = _engine(_settings)
    try:
        await anyio.to_thread.run_sync(prepare_database, engine)
        # Before the first visitor: every programme's map built (or found, if another
        # process built it), so the first visit after a start is as quick as any other.
        await anyio.to_thread.run_sync(warm_up, engine, ROOT / "static")
    finally:
        engine.dispose()
    _preload_libraries()
    set_nodelay_on_listeners()  # bound by now: see deploy/nodelay.py
    _plain_pages.prerender_in_background()
    yield
    _health_engine.dispose()
    if _public_engine is not None:
        _public_engine.dispose()


app = st.App(
    str(ROOT / "streamlit_app.py"),
    lifespan=_lifespan,
    # Before Streamlit's own: responses compressed, security headers added, bodies bounded,
    # operations kept in, anonymous visitors of the compound page sent to the plain pages.
    middleware=[
        Middleware(Compression),
        Middleware(SecurityHeaders),
        Middleware(BodyLimit),
        Middleware(OperationsGuard),
        Middleware(AnonymousToPlainPages),
    ],
    on_script_error=_on_script_error,
    routes=[
        Route("/api/health", health, methods=["GET", "HEAD"]),
        Route(login_cookie.ROUTE, login_cookie.login_cookie, methods=["POST", "DELETE"]),
        *_plain_pages.routes(),
    ],
)
