"""Residents to the plain pages: ``/compound`` (the Streamlit compound page) is the staff's
view and preview; a visitor without a staff login who opens it (an old QR code, a shared link)
is sent to the plain page of the same compound (``/p/<site key>``; the finder ``/p/`` without
one; for a "report a defect" link, ``&work=<id>``, the feedback form on that work). A staff
login goes on to Streamlit.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qs, quote

import anyio

from deploy import login_cookie
from deploy.guard import ASGIApp, Receive, Scope, Send
from planner.accounts.sessions import LOGIN_COOKIE_NAME
from planner.ids import parse_id

STAFF_PAGE = "/compound"
PLAIN = "/p"


def plain_address(query_string: str) -> str:
    """Where a ``/compound?…`` link goes on the plain pages."""
    params = parse_qs(query_string, keep_blank_values=False)
    site = (params.get("site") or [""])[0].strip()
    lang = "?lang=en" if (params.get("lang") or [""])[0] == "en" else ""
    if not site or len(site) > 64:
        return f"{PLAIN}/{lang}"
    page = f"{PLAIN}/{quote(site, safe='')}"
    if not params.get("work"):
        return page + lang
    # A "report a defect" link: the feedback form on that work (the form checks that it is
    # one of this compound's; an id that is none opens the form on no work).
    work = parse_id(params.get("work"))
    query = "&".join(q for q in (f"work={work}" if work else "", lang.lstrip("?")) if q)
    return f"{page}/feedback" + (f"?{query}" if query else "")


def _login_token(scope: Scope) -> str:
    for name, value in scope.get("headers") or ():
        if name.lower() == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header: no login
                return ""
            morsel = cookie.get(LOGIN_COOKIE_NAME)
            if morsel is not None:
                return morsel.value
    return ""


class AnonymousToPlainPages:
    """``GET /compound`` without a staff login → 303 to the plain page (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or scope["path"].rstrip("/") != STAFF_PAGE
        ):
            await self.app(scope, receive, send)
            return
        token = _login_token(scope)
        if token and await anyio.to_thread.run_sync(login_cookie.signed_in_user, token):
            await self.app(scope, receive, send)
            return
        location = plain_address(scope.get("query_string", b"").decode("latin-1"))
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("latin-1")),
                    (b"cache-control", b"no-store"),
                    (b"content-length", b"0"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})
