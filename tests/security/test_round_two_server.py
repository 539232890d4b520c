"""Issue #21, items 6, 11 and 12: the app's own server, replayed as reproduced.

The app runs as a deployment runs it (``deploy/asgi.py`` under ``streamlit run``, started the
way ``scripts/run.sh`` starts it, on a seeded SQLite database); the attacks are plain HTTP
requests. Item 11 logs in through Chromium behind the committed nginx configuration on a
non-default port (``tests/deploy/cluster.py``).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from db.session import make_engine, session_scope
from planner.runtime.startup import ensure_database_ready
from tests.browser.helpers import PROJECT_ROOT, free_port, stop_streamlit

pytestmark = pytest.mark.slow

STAFF, PASSWORD = "staff_sun", "server attack test password 2026"


def _get(url: str, **headers: str) -> tuple[int, Any, bytes]:
    """Status, headers (looked up regardless of case) and body of a GET."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _seeded(folder: Path) -> str:
    from planner.accounts.users import create_user

    url = f"sqlite:///{folder / 'planner.db'}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        create_user(session, username=STAFF, password=PASSWORD, role="staff")
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def app_server(tmp_path_factory) -> Iterator[tuple[int, str]]:
    """``deploy/asgi.py`` started as ``scripts/run.sh`` starts it: (port, database URL)."""
    import os

    url = _seeded(tmp_path_factory.mktemp("server"))
    port = free_port()
    log = tmp_path_factory.mktemp("log") / "server.log"
    env = {**os.environ, "PLANNER_DATABASE_URL": url, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "0"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "deploy/asgi.py",
             "--server.port", str(port), "--server.headless", "true",
             "--server.fileWatcherType", "none"],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(f"http://127.0.0.1:{port}/_stcore/health")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.3)
        yield port, url
    finally:
        stop_streamlit(process)


@pytest.fixture(scope="module")
def app_port(app_server) -> int:
    return app_server[0]


def _listening_addresses(port: int) -> set[str]:
    """The local addresses sockets listen on at ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port and len(address) == width:
                found.add(address)
    return found


def _rss(port: int) -> int:
    return json.loads(_get(f"http://127.0.0.1:{port}/api/health")[2])["rss_bytes"]


# ---------------------------------------------------------------------------------------------
# Item 6: unauthenticated memory, every interface, no headers


def _post(port: int, headers: str, chunks: Iterator[bytes]) -> tuple[int, int]:
    """Send a request head, then its body chunk by chunk while watching for an answer (as a
    client that keeps sending does); returns the status and how many body bytes went out
    before the server answered or closed."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=30)
    connection.sendall(
        f"POST /auth/login-cookie HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nContent-Type: text/plain\r\n{headers}\r\n".encode()
    )
    sent, answer = 0, b""
    connection.settimeout(0.05)
    for chunk in chunks:
        try:
            answer = connection.recv(4096)
            if answer:
                break
        except TimeoutError:
            pass
        try:
            connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(chunk)
    connection.settimeout(30)
    if not answer:
        try:
            answer = connection.recv(4096)
        except (ConnectionResetError, TimeoutError):
            answer = b""
    connection.close()
    return (int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0), sent


def test_item06_an_800_mb_login_cookie_post_is_refused_before_it_is_read(app_port):
    """``POST /auth/login-cookie`` with 800 MB took the process from 312 MB to 1.69 GB
    before its 400: now the body is refused from its length, before it is read."""
    before = _rss(app_port)
    size, chunk = 800 * 1024 * 1024, b"x" * (1024 * 1024)
    status, sent = _post(
        app_port, f"Content-Length: {size}\r\n", (chunk for _ in range(size // len(chunk)))
    )
    grown = _rss(app_port) - before
    assert status == 413, status
    assert sent < 64 * 1024 * 1024, f"the server read {sent / 2**20:.0f} MB before answering"
    assert grown < 100 * 2**20, f"the process grew by {grown / 2**20:.0f} MB"


def test_item06_a_chunked_body_is_counted_as_it_arrives(app_port):
    """Without a length (chunked), the body is refused once it passes the limit."""
    piece = b"y" * 65536
    framed = b"%x\r\n" % len(piece) + piece + b"\r\n"
    status, sent = _post(app_port, "Transfer-Encoding: chunked\r\n", (framed for _ in range(2048)))
    assert status == 413 and sent < 64 * 1024 * 1024
    assert _get(f"http://127.0.0.1:{app_port}/compound")[0] == 200  # the server carries on


def test_item06_the_app_listens_on_this_machine_only(app_port):
    """`scripts/run.sh` bound every interface; started the same way, the app now listens on
    127.0.0.1 only (an address must be given to open it)."""
    assert _listening_addresses(app_port) == {"0100007F"}  # 127.0.0.1, nothing else
    run_sh = (PROJECT_ROOT / "scripts" / "run.sh").read_text("utf-8")
    assert "--server.address 127.0.0.1" in run_sh


def test_item06_the_app_server_sends_the_security_headers_itself(app_port):
    status, headers, _ = _get(f"http://127.0.0.1:{app_port}/compound")
    assert status == 200
    csp = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert "'unsafe-eval'" not in csp
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert headers.get("X-Frame-Options") == "SAMEORIGIN"


# ---------------------------------------------------------------------------------------------
# Item 12: exposed operations


def test_item12_metrics_and_health_details_only_for_this_machine(app_port):
    """`/_stcore/metrics` was public, and `/api/health` showed database error text to anyone
    who reached the app port. A request the machine forwards for a visitor (as the proxy
    does) now gets no metrics and the health status alone; the machine itself gets both."""
    base = f"http://127.0.0.1:{app_port}"
    visitor = {"X-Forwarded-For": "198.51.100.9", "X-Real-IP": "198.51.100.9"}
    status, _headers, body = _get(f"{base}/_stcore/metrics", **visitor)
    assert status == 404 and b"session" not in body
    status, _headers, body = _get(f"{base}/api/health", **visitor)
    assert status == 200 and json.loads(body) == {"status": "ok"}
    status, _headers, body = _get(f"{base}/_stcore/metrics")
    assert status == 200
    local = json.loads(_get(f"{base}/api/health")[2])
    assert local["database"] == "ok" and "rss_bytes" in local


def test_item12_a_staff_login_may_see_the_metrics(app_server):
    from planner.accounts.sessions import LOGIN_COOKIE_NAME, log_in

    port, url = app_server
    base = f"http://127.0.0.1:{port}"
    engine = make_engine(url)
    token = log_in(engine, STAFF, PASSWORD, client="192.0.2.1").token
    engine.dispose()
    visitor = {"X-Forwarded-For": "198.51.100.9"}
    cookie = f"{LOGIN_COOKIE_NAME}={token}"
    assert _get(f"{base}/_stcore/metrics", Cookie=cookie, **visitor)[0] == 200


# ---------------------------------------------------------------------------------------------
# Item 11: behind nginx on a non-default port the login cookie was never set


@pytest.mark.browser
def test_item11_login_cookie_is_set_behind_nginx_on_a_non_default_port(tmp_path, browser: Any):
    """Two app processes behind the committed nginx site, listening on a free port (not
    80/443): a login through the form sets the HttpOnly cookie and a reload stays logged in
    (before: the route refused the Origin, so a reload logged staff out)."""
    from tests.deploy.cluster import require_nginx, running_cluster

    require_nginx()
    url = _seeded(tmp_path)
    with running_cluster(url, workers=2) as (nginx, _apps):
        assert nginx.port not in (80, 443)
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
        context.set_default_timeout(60_000)
        try:
            page = context.new_page()
            page.goto(f"{nginx.base_url}/planning_map")
            page.get_by_label("用户名").fill(STAFF)
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.get_by_text(f"已登录：{STAFF}").wait_for()

            def login_cookie() -> dict | None:
                cookies = context.cookies()
                return next((c for c in cookies if c["name"] == "planner_login"), None)

            deadline = time.monotonic() + 30
            while login_cookie() is None and time.monotonic() < deadline:
                page.wait_for_timeout(200)
            cookie = login_cookie()
            assert cookie is not None, "no login cookie behind nginx on a non-default port"
            assert cookie["httpOnly"] is True
            page.reload()
            page.get_by_text(f"已登录：{STAFF}").wait_for()
        finally:
            context.close()
