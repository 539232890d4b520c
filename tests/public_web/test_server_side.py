"""What the app's own server adds around the pages (deploy/compression.py,
deploy/plain_pages.py): text compressed for clients that take it, Streamlit's files included,
and anonymous visitors of the Streamlit compound page sent to the plain page."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Iterator

import brotli
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from deploy.compression import Compression, chosen_encoding
from deploy.plain_pages import AnonymousToPlainPages, plain_address
from tests.public_web.serving import Client, free_port

SCRIPT = ("function render(){return 'StreamlitSyntaxHighlighter';}\n" * 4000).encode()


def _script(_request: Request) -> Response:
    return Response(SCRIPT, media_type="application/javascript")


def _image(_request: Request) -> Response:
    return Response(b"\x89PNG" + bytes(5000), media_type="image/png")


def _small(_request: Request) -> Response:
    return PlainTextResponse("ok")


def _staff_page(_request: Request) -> Response:
    return PlainTextResponse("the Streamlit app")


@contextlib.contextmanager
def _serve(app: Starlette) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    routes = [
        Route("/static/js/main.js", _script),
        Route("/logo.png", _image),
        Route("/small", _small),
        Route("/compound", _staff_page),
    ]
    middleware = [Middleware(Compression), Middleware(AnonymousToPlainPages)]
    with _serve(Starlette(routes=routes, middleware=middleware)) as base:
        yield base


def test_scripts_go_out_in_brotli_or_gzip_as_the_client_takes_them(server):
    client = Client(server)
    br = client.get("/static/js/main.js", Accept_Encoding="gzip, deflate, br")
    assert br.headers["content-encoding"] == "br" and brotli.decompress(br.body) == SCRIPT
    assert int(br.headers["content-length"]) == len(br.body) < len(SCRIPT) / 20
    assert "accept-encoding" in br.headers["vary"].lower()
    gz = client.get("/static/js/main.js", Accept_Encoding="gzip")
    assert gz.headers["content-encoding"] == "gzip" and gzip.decompress(gz.body) == SCRIPT
    plain = client.get("/static/js/main.js")
    assert "content-encoding" not in plain.headers and plain.body == SCRIPT
    refused = client.get("/static/js/main.js", Accept_Encoding="br;q=0, gzip;q=0")
    assert "content-encoding" not in refused.headers


def test_images_small_bodies_and_ranges_pass_untouched(server):
    client = Client(server)
    assert "content-encoding" not in client.get("/logo.png", Accept_Encoding="br").headers
    assert "content-encoding" not in client.get("/small", Accept_Encoding="br").headers
    ranged = client.get("/static/js/main.js", Accept_Encoding="br", Range="bytes=0-99")
    assert "content-encoding" not in ranged.headers


def test_encoding_choice():
    assert chosen_encoding([(b"accept-encoding", b"gzip, deflate, br, zstd")]) == "br"
    assert chosen_encoding([(b"accept-encoding", b"gzip")]) == "gzip"
    assert chosen_encoding([(b"accept-encoding", b"identity")]) == ""
    assert chosen_encoding([]) == ""


def test_anonymous_visitors_of_the_staff_page_go_to_the_plain_page(server):
    client = Client(server)
    answer = client.get("/compound?site=c2023_01")
    assert answer.status == 303 and answer.headers["location"] == "/p/c2023_01"
    # A forged or stale login cookie is no login.
    forged = client.get("/compound?site=c2023_01", Cookie="planner_login=abc.def")
    assert forged.status == 303
    assert client.get("/compound").headers["location"] == "/p/"


def test_plain_addresses_of_staff_links():
    assert plain_address("site=c2023_01") == "/p/c2023_01"
    assert plain_address("site=c2023_01&lang=en") == "/p/c2023_01?lang=en"
    # A "report a defect" link: the form on that work (the form checks it is the compound's).
    assert plain_address("site=c2023_02&work=17") == "/p/c2023_02/feedback?work=17"
    assert plain_address("site=c2023_02&work=17&lang=en") == "/p/c2023_02/feedback?work=17&lang=en"
    assert plain_address("site=c2023_02&work=2147483648") == "/p/c2023_02/feedback"
    assert plain_address("site=a%2Fb") == "/p/a%2Fb"
    assert plain_address("site=" + "x" * 500) == "/p/"
    assert plain_address("") == "/p/"


def test_a_staff_login_opens_the_streamlit_compound_page(server, tmp_path, monkeypatch):
    """The staff's preview: with a live login the request goes on to Streamlit."""
    from db.session import make_engine, session_scope
    from deploy import login_cookie
    from planner.accounts import sessions
    from planner.accounts.sessions import LOGIN_COOKIE_NAME, issue_login_token
    from planner.accounts.users import authenticate, create_user
    from planner.runtime.startup import ensure_database_ready

    url = f"sqlite:///{tmp_path / 'planner.db'}"
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    monkeypatch.setenv("PLANNER_SECRET", "a test key that is long enough to sign cookies 1234")
    monkeypatch.setattr(login_cookie, "_engine", None)
    # The process's signing keys are read once: an earlier test's key would sign this token.
    monkeypatch.setattr(sessions, "_default_keys", None)
    engine = make_engine(url)
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        create_user(session, username="staff_li", password="preview password 1", role="staff")
        token = issue_login_token(session, authenticate(session, "staff_li", "preview password 1"))
    engine.dispose()
    client = Client(server)
    staff = client.get("/compound?site=c2023_01", Cookie=f"{LOGIN_COOKIE_NAME}={token}")
    assert staff.status == 200 and staff.text == "the Streamlit app"
    assert client.get("/compound?site=c2023_01").status == 303
    if login_cookie._engine is not None:
        login_cookie._engine.dispose()


def test_a_page_asked_for_by_many_at_once_is_rendered_once():
    """A page not yet cached, asked for by many visitors at the same moment (a notice just
    posted), is rendered by one of them; the others wait and take that page."""
    import threading
    import time
    from datetime import UTC, datetime

    from public_web.caching import PageCache, rendered

    cache = PageCache()
    made: list[int] = []

    def make():
        made.append(1)
        time.sleep(0.2)
        return rendered("<p>页面</p>", '"tag"', datetime.now(UTC))

    pages = []
    threads = [
        threading.Thread(target=lambda: pages.append(cache.get_or_make(("compound", "k"), make)))
        for _ in range(10)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(made) == 1
    assert len(pages) == 10 and all(page is pages[0] for page in pages)
    assert cache.get_or_make(("compound", "k"), make) is pages[0] and len(made) == 1
