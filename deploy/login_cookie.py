"""The login cookie, set by the server as HttpOnly (a route of the app's ASGI server).

A Streamlit page runs over a websocket and cannot send HTTP headers, so after a login the page
hands the login session's value to this route once (``POST``, same origin only), and the route
answers with ``Set-Cookie: planner_login=…; HttpOnly; SameSite=Strict; Path=/`` (``Secure``
over https, also behind a proxy that says so in ``X-Forwarded-Proto``). From then on no script
in the page can read the cookie; the browser sends it with every request, and Streamlit reads
it from the websocket's handshake. ``DELETE`` clears it (logout). The value is checked against
the database first: only a live login session's value is ever set, so the route cannot plant
someone else's login (and a cross-site request is refused by its ``Origin``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import anyio
from starlette.requests import Request
from starlette.responses import Response

from db.session import make_engine, session_scope
from planner.accounts.sessions import LOGIN_COOKIE_NAME, TOKEN_MAX_LENGTH, user_from_session
from planner.secrets import load_signing_keys
from planner.settings import load_settings

#: Where the page sends the login session's value (pages/_auth.py writes the call).
ROUTE = "/auth/login-cookie"

_engine = None


def _checked(token: str) -> bool:
    """Whether ``token`` is a live login session's value (signature, row, account)."""
    global _engine
    settings = load_settings()
    if _engine is None:
        _engine = make_engine(
            settings.resolved_database_url(),
            sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        )
    with session_scope(_engine) as session:
        user = user_from_session(session, token, keys=load_signing_keys(settings))
    return user is not None


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host")


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
    return request.url.scheme == "https" or forwarded == "https"


async def login_cookie(request: Request) -> Response:
    """``POST`` a live session's value: set it as an HttpOnly cookie; ``DELETE``: clear it."""
    if not _same_origin(request):
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    if request.method == "DELETE":
        response.delete_cookie(
            LOGIN_COOKIE_NAME, path="/", httponly=True, samesite="strict", secure=_secure(request)
        )
        return response
    body = await request.body()
    if len(body) > TOKEN_MAX_LENGTH:
        return Response(status_code=400)
    token = body.decode("ascii", errors="replace")
    if not await anyio.to_thread.run_sync(_checked, token):
        return Response(status_code=403)
    hours = load_settings().session_hours
    response.set_cookie(
        LOGIN_COOKIE_NAME,
        token,
        max_age=int(hours * 3600),
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response
