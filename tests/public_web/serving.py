"""Serve the plain pages of ``public_web`` on a free local port (Uvicorn in a thread), and a
small HTTP client that keeps cookies: the tests speak HTTP as a browser would."""

from __future__ import annotations

import contextlib
import http.cookiejar
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette

from planner.settings import PlannerSettings
from public_web.app import PlainPages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(engine, settings: PlannerSettings | None = None) -> Iterator[tuple[str, PlainPages]]:
    """``(base URL, the pages)`` of the plain pages on ``engine``, while the block runs."""
    pages = PlainPages(lambda: engine, settings)
    app = Starlette(routes=pages.routes())
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", pages
    finally:
        server.should_exit = True
        thread.join(10)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


@dataclass
class Client:
    """A visitor: cookies kept, redirects not followed, any status returned."""

    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def request(
        self,
        path: str,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> Answer:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(
            self.base + path, data=body, headers=headers or {}, method=method
        )
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        try:
            with opener.open(req, timeout=30) as response:
                return Answer(response.status, _lower(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, _lower(error.headers), error.read())

    def get(self, path: str, **headers: str) -> Answer:
        return self.request(path, headers={k.replace("_", "-"): v for k, v in headers.items()})

    def post(self, path: str, data: dict[str, str], **headers: str) -> Answer:
        return self.request(path, data, {k.replace("_", "-"): v for k, v in headers.items()})


def _lower(headers) -> dict[str, str]:  # noqa: ANN001
    return {k.lower(): v for k, v in headers.items()}
