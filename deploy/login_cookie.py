"""The login cookie, set by the server as HttpOnly (a route of the app's ASGI server).

A Streamlit page runs over a websocket and cannot send HTTP headers, so after a login the page
hands the login session's value to this route once (``POST``, same origin only), and the route
answers with ``Set-Cookie: planner_login=…; HttpOnly; SameSite=Strict; Path=/`` (``Secure``
over https, also behind a proxy that says so in ``X-Forwarded-Proto``). From then on no script
in the page can read the cookie; the browser sends it with every request, and Streamlit reads
it from the websocket's handshake. ``DELETE`` clears it (logout). The value is checked against
the database first: only a live login session's value is ever set, so the route cannot plant
someone else's login (and a cross-site request is refused by its ``Origin``, compared with
the address the browser used: behind a proxy on any port, since nginx passes the browser's
``Host`` on whole). The body is read with a limit before anything else (``_bounded_body``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import anyio
from starlette.requests import Request
from starlette.responses import Response

from db.session import make_engine, session_scope
from planner import limits
from planner.accounts.sessions import LOGIN_COOKIE_NAME, TOKEN_MAX_LENGTH, user_from_session
from planner.accounts.users import SignedInUser
from planner.secrets import load_signing_keys
from planner.settings import load_settings

#: Where the page sends the login session's value (pages/_auth.py writes the call).
ROUTE = "/auth/login-cookie"

_engine = None


def signed_in_user(token: str) -> SignedInUser | None:
    """The user of a live login session's value (signature, row, account), or None."""
    global _engine
    settings = load_settings()
    if _engine is None:
        _engine = make_engine(
            settings.resolved_database_url(),
            sqlite_busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        )
    with session_scope(_engine) as session:
        return user_from_session(session, token, keys=load_signing_keys(settings))


def _checked(token: str) -> bool:
    """Whether ``token`` is a live login session's value."""
    return signed_in_user(token) is not None


def _origins(request: Request) -> set[str]:
    """The addresses (``host[:port]``) this server is reached at, as a browser names them.

    The ``Host`` the browser sent (nginx passes it on whole, port and all: ``$http_host``); the
    ``X-Forwarded-Host`` of a proxy the deployment names (``PLANNER_TRUSTED_PROXIES``); the
    public address (``PLANNER_PUBLIC_BASE_URL``). A default port may be written or left out.
    """
    settings = load_settings()
    names = {request.headers.get("host", "")}
    client = request.client.host if request.client else None
    if settings.trusted_proxy_header and limits.from_proxy(client, settings.trusted_proxies):
        names.update(h.strip() for h in request.headers.get("x-forwarded-host", "").split(","))
    if settings.public_base_url:
        names.add(urlsplit(settings.public_base_url).netloc)
    found = set()
    for name in filter(None, names):
        found.add(name.lower())
        host, _, port = name.lower().rpartition(":")
        if port in ("80", "443") and host:
            found.add(host)
    return found


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin:
        return False
    parts = urlsplit(origin)
    netloc = parts.netloc.lower()
    default = {"http": "80", "https": "443"}.get(parts.scheme, "")
    return netloc in _origins(request) or f"{netloc}:{default}" in _origins(request)


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
    return request.url.scheme == "https" or forwarded == "https"


async def _bounded_body(request: Request, limit: int) -> bytes | None:
    """The body, read with a limit before anything else: None once it passes ``limit``
    (judged from ``Content-Length`` first, then counted as it arrives)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


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
    body = await _bounded_body(request, TOKEN_MAX_LENGTH)
    if body is None:
        return Response(status_code=413, headers={"Connection": "close"})
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
