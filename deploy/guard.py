"""What the app's own server enforces on every request, before Streamlit or a route sees it.

Pure ASGI middleware for ``deploy/asgi.py`` (``st.App(middleware=...)``: it runs before
Streamlit's own), so that the limits hold with or without a proxy in front:

- **Bodies read with a limit before anything else.** A request body larger than
  :data:`MAX_BODY_BYTES` (1 MB, as nginx allows) is refused with 413 from its
  ``Content-Length`` alone, and a body without one (chunked) is counted as it arrives and
  refused the moment it passes the limit; the route never holds more. File uploads
  (``/_stcore/upload_file/``) are Streamlit's, bounded by ``server.maxUploadSize`` the same
  way. (An 800 MB ``POST /auth/login-cookie`` took a process from 312 MB to 1.69 GB.)
- **Security headers sent by the app itself**: a Content-Security-Policy suited to Streamlit
  (the same as ``deploy/nginx/planner-proxy.conf``: inline scripts and styles and
  WebAssembly, ``eval`` only in the components' frames, ``frame-ancestors 'self'``),
  ``X-Frame-Options``, ``X-Content-Type-Options``, ``Referrer-Policy``,
  ``Permissions-Policy``.
- **Operations only for the machine or staff**: Streamlit's ``/_stcore/metrics`` answers
  only a request from this machine (the visitor's address as ``planner.limits`` reads it:
  behind the named proxy, the address the proxy was asked from) or with a staff or admin
  login; anyone else gets 404.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Largest request body outside file uploads (the same as nginx's client_max_body_size).
MAX_BODY_BYTES = 1024 * 1024
UPLOAD_PREFIX = "/_stcore/upload_file/"
METRICS_PATH = "/_stcore/metrics"

_SOURCES = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'{eval}; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: "
    "https://tile.openstreetmap.org https://*.tianditu.gov.cn https://*.is.autonavi.com; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self' blob: data:; "
    "worker-src 'self' blob:; media-src 'self' blob: data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
#: The policy of the pages, and of the components' frames (the map runs the script it is sent).
CSP = _SOURCES.format(eval="")
CSP_COMPONENTS = _SOURCES.format(eval=" 'unsafe-eval'")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(self)"),
)


class _TooLarge(Exception):
    """The body passed the limit while it was read."""


async def _answer(send: Send, status: int, body: bytes = b"") -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes (413) before the app reads them whole."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UPLOAD_PREFIX):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        try:
            if declared is not None and int(declared) > self.limit:
                await _answer(send, 413, b"request body too large")
                return
        except ValueError:
            await _answer(send, 400, b"bad content-length")
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _TooLarge:
            if not started:
                await _answer(send, 413, b"request body too large")


class SecurityHeaders:
    """Add the security headers to every HTTP response the app sends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = CSP_COMPONENTS if scope["path"].startswith("/component/") else CSP
        added = ((b"content-security-policy", policy.encode()), *SECURITY_HEADERS)
        names = {name for name, _ in added}

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message["headers"] = [*kept, *added]
            await send(message)

        await self.app(scope, receive, with_headers)


def _header_map(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers") or ()}


def visitor_is_local(scope: Scope) -> bool:
    """Whether the request comes from this machine (behind the named proxy: the visitor the
    proxy forwarded; ``planner.limits.client_address``)."""
    from planner import limits
    from planner.settings import load_settings

    settings = load_settings()
    client = scope.get("client") or (None, None)
    address = limits.client_address(
        _header_map(scope),
        client[0],
        header=settings.trusted_proxy_header,
        hops=settings.trusted_proxy_count,
        proxies=settings.trusted_proxies,
    )
    if limits.is_local(address):
        # Without a named proxy header, a local proxy's connection would look local too:
        # a request a proxy forwarded (it says so) is not the machine's own.
        forwarded = any(k.lower() in ("x-forwarded-for", "x-real-ip") for k in _header_map(scope))
        return bool(settings.trusted_proxy_header) or not forwarded
    return False


def _staff_cookie(scope: Scope) -> bool:
    """Whether the request carries a live staff or admin login (the HttpOnly cookie)."""
    from http.cookies import SimpleCookie

    from deploy.login_cookie import signed_in_user
    from planner.accounts.access import Role
    from planner.accounts.sessions import LOGIN_COOKIE_NAME

    cookies = SimpleCookie()
    try:
        cookies.load(_header_map(scope).get("cookie", ""))
    except Exception:  # noqa: BLE001  (a malformed cookie header is no login)
        return False
    morsel = cookies.get(LOGIN_COOKIE_NAME)
    user = signed_in_user(morsel.value) if morsel is not None else None
    return user is not None and user.role in (Role.STAFF, Role.ADMIN)


async def may_see_operations(scope: Scope) -> bool:
    """Local requests, and staff or admin logins, may see metrics and health details."""
    if visitor_is_local(scope):
        return True
    return await anyio.to_thread.run_sync(_staff_cookie, scope)


class OperationsGuard:
    """``/_stcore/metrics`` only for this machine or staff (404 for anyone else)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].rstrip("/") == METRICS_PATH:
            if not await may_see_operations(scope):
                await _answer(send, 404, json.dumps({"detail": "not found"}).encode())
                return
        await self.app(scope, receive, send)
