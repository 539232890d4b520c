"""Two app processes behind the committed nginx configuration, on 127.0.0.1.

What a bureau's IT and its visitors would notice: every request of one browser reaches the same
process (so Streamlit's websocket and file uploads find their session), the pages work in
Chromium under the Content-Security-Policy (the map draws, charts show, nothing is blocked),
the security headers and limits are there, HSTS only over https, and when a process dies its
visitors carry on with the other one.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import ssl
import subprocess
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from db.session import make_engine, session_scope
from planner.accounts.sessions import LOGIN_COOKIE_NAME, issue_login_token
from planner.accounts.users import authenticate, create_user
from planner.cli.ops import MAX_UPLOAD_MB
from planner.runtime.startup import ensure_database_ready
from tests.browser.helpers import PROJECT_ROOT, free_port, require_browser
from tests.conftest import POSTGRES_ENV, clean_postgres_url
from tests.deploy.cluster import (
    AppProcess,
    Nginx,
    render_https_site,
    render_site,
    require_nginx,
    running_cluster,
    running_nginx,
    snippet_file,
)

pytestmark = pytest.mark.slow  # (and browser: every test under tests/browser)

STAFF_USER, STAFF_PASSWORD = "deploy_staff", "deploy test password"
SURVEY_CSV = Path(__file__).resolve().parents[1] / "data" / "surveys" / "simple_utf8_bom.csv"
# Collects Content-Security-Policy violations in every frame (Playwright adds it to iframes too).
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Nginx, list[AppProcess], str]]:
    """Two app processes on one database (PostgreSQL when configured) behind nginx."""
    require_nginx()
    require_browser()
    if os.environ.get(POSTGRES_ENV):
        url = clean_postgres_url()
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('cluster') / 'planner.db'}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        create_user(session, username=STAFF_USER, password=STAFF_PASSWORD, role="staff")
        token = issue_login_token(session, authenticate(session, STAFF_USER, STAFF_PASSWORD))
    engine.dispose()
    with running_cluster(url, workers=2) as (nginx, apps):
        yield nginx, apps, token


def _get(url: str, cookie: str | None = None, **headers: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(
        url, headers={**headers, **({"Cookie": cookie} if cookie else {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def _route_cookie(headers: dict) -> str:
    match = re.search(r"planner_route=([^;]+)", headers.get("Set-Cookie", ""))
    assert match, f"no route cookie in {headers}"
    return f"planner_route={match.group(1)}"


def _worker(base_url: str, cookie: str | None) -> str:
    status, _headers, body = _get(f"{base_url}/api/health", cookie)
    assert status == 200, body
    return json.loads(body)["worker"]


def _sessions(apps: list[AppProcess]) -> dict[str, int]:
    return {str(app.port): app.health()[1]["sessions"] for app in apps}


def _staff_context(browser: Any, base_url: str, token: str) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    context.set_default_timeout(45_000)
    context.add_cookies([{"name": LOGIN_COOKIE_NAME, "value": token, "url": base_url}])
    context.add_init_script(CSP_WATCH)
    return context


def _violations(page: Any, console: list[str]) -> list[str]:
    found = [m for m in console if "Content Security Policy" in m]
    for frame in page.frames:
        try:
            found += frame.evaluate("() => window.__cspViolations || []")
        except Exception:  # noqa: BLE001  (a frame that went away meanwhile)
            continue
    return found


def test_committed_config_passes_nginx_t_and_upload_limits_match(tmp_path: Path) -> None:
    require_nginx()
    snippet = snippet_file(tmp_path)
    text = snippet.read_text()
    upload = re.search(r"location /_stcore/upload_file/ \{(.*?)\}", text, re.S).group(1)
    assert f"client_max_body_size {MAX_UPLOAD_MB}m;" in upload
    # The same limit as Streamlit's own, set in the committed config (docs/security.md).
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    assert "client_max_body_size 1m;" in text  # everything else stays small
    port = free_port()
    with running_nginx({"planner": render_site([free_port(), free_port()], port, snippet)}, port):
        pass  # running_nginx runs `nginx -t` first and fails on any error


def test_one_browser_always_reaches_the_same_process(cluster) -> None:
    nginx, apps, _token = cluster
    status, headers, _ = _get(f"{nginx.base_url}/")
    assert status == 200
    cookie = _route_cookie(headers)
    assert "HttpOnly" in headers["Set-Cookie"] and "Secure" not in headers["Set-Cookie"]
    assert {_worker(nginx.base_url, cookie) for _ in range(12)} == {_worker(nginx.base_url, cookie)}
    # Browsers without the cookie are spread over both processes (16 fresh visitors: the
    # chance that all land on one of two is 2 in 65,536).
    assert {_worker(nginx.base_url, None) for _ in range(16)} == {str(a.port) for a in apps}


def test_security_headers_gzip_and_request_limits(cluster) -> None:
    nginx, _apps, _token = cluster
    status, headers, body = _get(f"{nginx.base_url}/")  # the app (/compound: staff only)
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert "default-src 'self'" in csp
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in headers  # plain http: no HSTS
    bundle = re.search(rb'src="(\./)?(static/js/[^"]+\.js)"', body)
    assert bundle, body[:500]
    status, headers, _ = _get(
        f"{nginx.base_url}/{bundle.group(2).decode()}", **{"Accept-Encoding": "gzip"}
    )
    # Compressed by nginx, or already by the app's server (deploy/compression.py), which
    # names the header in lower case as HTTP/1.1 allows.
    encoding = {k.lower(): v for k, v in headers.items()}.get("content-encoding")
    assert status == 200 and encoding == "gzip"
    # A large body anywhere but the upload route is refused by the proxy.
    connection = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=10)
    connection.request("POST", "/compound", body=b"x" * (2 * 1024 * 1024))
    assert connection.getresponse().status == 413
    connection.close()


def test_public_page_works_under_the_csp_and_its_websocket_stays_on_one_process(
    cluster, browser: Any
) -> None:
    nginx, apps, token = cluster
    before = _sessions(apps)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    context.set_default_timeout(45_000)
    # The Streamlit compound page is the staff's (residents are sent to the plain page /p/).
    context.add_cookies([{"name": LOGIN_COOKIE_NAME, "value": token, "url": nginx.base_url}])
    context.add_init_script(CSP_WATCH)
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        sockets: list[str] = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(f"{nginx.base_url}/compound?site=c2023_01")
        page.get_by_role("heading", name="广汇小区").wait_for()
        page.get_by_text("采纳的居民建议").wait_for()
        assert sockets and all(f":{nginx.port}/" in url for url in sockets)
        cookie = next(c for c in context.cookies() if c["name"] == "planner_route")
        mine = _worker(nginx.base_url, f"planner_route={cookie['value']}")
        after = _sessions(apps)
        other = next(port for port in after if port != mine)
        assert after[mine] == before[mine] + 1  # the websocket's session lives there
        assert after[other] == before[other]
        assert _violations(page, console) == []
    finally:
        context.close()


def test_staff_map_dashboard_and_upload_work_under_the_csp(cluster, browser: Any) -> None:
    nginx, _apps, token = cluster
    context = _staff_context(browser, nginx.base_url, token)
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{nginx.base_url}/planning_map")
        page.get_by_text(f"已登录：{STAFF_USER}").wait_for()
        map_frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
        map_frame.locator("#map_div[data-planner-drawn]").wait_for(state="attached", timeout=60_000)
        assert _violations(page, console) == []

        page.goto(f"{nginx.base_url}/dashboard")
        page.get_by_test_id("stPlotlyChart").first.wait_for()
        page.locator(".js-plotly-plot .main-svg").first.wait_for()
        assert _violations(page, console) == []

        # A file upload goes through the proxy to the process that holds the session.
        page.goto(f"{nginx.base_url}/survey_import")
        page.locator("input[type=file]").first.set_input_files(str(SURVEY_CSV))
        page.get_by_text("预览（前 20 行，不含个人信息）").wait_for()
        page.get_by_text("份答卷有效").wait_for()
        assert _violations(page, console) == []
    finally:
        context.close()


def test_hsts_and_secure_cookie_only_over_https(cluster, tmp_path: Path) -> None:
    _nginx, apps, _token = cluster
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    snippet = snippet_file(tmp_path)
    http_port, redirect_port, https_port = free_port(), free_port(), free_port()
    sites = {
        "planner": render_site([a.port for a in apps], http_port, snippet),
        "planner-https": render_https_site(https_port, redirect_port, snippet, cert, key),
    }
    with running_nginx(sites, https_port):
        insecure = ssl.create_default_context()
        insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", https_port, context=insecure)
        connection.request("GET", "/")  # the app (/compound sends residents to /p/)
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        assert response.getheader("Strict-Transport-Security") == "max-age=31536000"
        assert "; Secure" in response.getheader("Set-Cookie")
        connection.close()
        plain = http.client.HTTPConnection("127.0.0.1", redirect_port, timeout=10)
        plain.request("GET", "/compound?site=c2023_01", headers={"Host": "gaizao.example"})
        redirect = plain.getresponse()
        assert redirect.status == 301
        assert redirect.getheader("Location") == "https://gaizao.example/compound?site=c2023_01"
        assert redirect.getheader("Strict-Transport-Security") is None
        plain.close()


def test_when_a_process_dies_its_visitors_carry_on_with_the_other(cluster, browser: Any) -> None:
    """Runs last: it stops one of the module's two processes."""
    nginx, apps, token = cluster
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    context.set_default_timeout(60_000)
    context.add_cookies([{"name": LOGIN_COOKIE_NAME, "value": token, "url": nginx.base_url}])
    try:
        page = context.new_page()
        page.goto(f"{nginx.base_url}/compound?site=c2023_01")
        page.get_by_role("heading", name="广汇小区").wait_for()
        cookie = next(c for c in context.cookies() if c["name"] == "planner_route")
        mine = _worker(nginx.base_url, f"planner_route={cookie['value']}")
        victim = next(a for a in apps if str(a.port) == mine)
        survivor = next(a for a in apps if a is not victim)
        sessions_before = survivor.health()[1]["sessions"]
        victim.stop()  # SIGTERM, as a crash or `systemctl stop planner@PORT` would
        deadline = time.monotonic() + 60
        while survivor.health()[1].get("sessions", 0) <= sessions_before:
            assert time.monotonic() < deadline, "the page did not reconnect to the other process"
            time.sleep(0.5)
        # The same tab goes on working: switch the language, the page reruns in English.
        page.get_by_role("heading", name="广汇小区").wait_for()
        page.get_by_text("English").first.click()
        page.get_by_text("Residents' suggestions adopted").first.wait_for()
        assert _worker(nginx.base_url, f"planner_route={cookie['value']}") == str(survivor.port)
    finally:
        context.close()
