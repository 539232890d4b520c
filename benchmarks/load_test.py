"""Load test: residents and staff on app processes behind nginx on PostgreSQL, with faults.

```bash
.venv/bin/python benchmarks/load_test.py                   # 4 phases of 60 s, prints the table
.venv/bin/python benchmarks/load_test.py --write-readme    # and rewrites benchmarks/README.md
.venv/bin/python benchmarks/load_test.py --duration 20 --residents 10 --staff 2   # a quick look
.venv/bin/python benchmarks/load_test.py --duration 30 --plain-only   # the plain pages alone
```

Everything runs on 127.0.0.1 and stops by itself: a private PostgreSQL cluster in a temporary
folder (so that restarting it disturbs no other database on the machine), the app processes
(``planner serve --workers 1 --port P`` each, as systemd runs them), nginx with the committed
configuration (tests/deploy/cluster.py), and the visitors: one asyncio process speaking
Streamlit's websocket protocol (tests/deploy/streamlit_client.py). Three phases, same load:

1. **two processes** behind nginx;
2. **one process** behind nginx (the baseline);
3. **faults**: two processes; one is killed (SIGKILL) a third into the phase, PostgreSQL is
   restarted (``pg_ctl restart -m fast``) at two thirds;
4. **plain pages**: two processes behind nginx, residents on the server-rendered pages
   (``/p/…``, ``public_web``) over plain HTTP/1.1 with keep-alive, as phones' browsers: the
   finder (a search), a compound, sometimes its notice, and one visit in ten sends feedback
   (the form, its POST with the form's CSRF token and one-time key, then the status page the
   answer leads to). No staff. Each visit is a new visitor (a new connection, no cache).

Afterwards every feedback and every edit the app confirmed is looked up in the database. Each
phase reports page views a second (a Streamlit page view: a resident's page opened with its
first script run; a plain one: an HTML page answered 200), beside the timings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import itertools
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from db.models import Site  # noqa: E402
from db.session import make_engine, session_scope  # noqa: E402
from planner.accounts.sessions import LOGIN_COOKIE_NAME, issue_login_token  # noqa: E402
from planner.accounts.users import authenticate, create_user  # noqa: E402
from planner.i18n import t  # noqa: E402
from planner.runtime.seed import seed_synthetic  # noqa: E402
from planner.runtime.startup import ensure_database_ready  # noqa: E402
from tests.browser.helpers import free_port  # noqa: E402
from tests.deploy.cluster import AppProcess, running_cluster  # noqa: E402
from tests.deploy.streamlit_client import (  # noqa: E402
    PageError,
    StreamlitTab,
    bool_value,
    json_value,
    string_value,
    trigger,
)

README = ROOT / "benchmarks" / "README.md"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
FEEDBACK_SHARE = 0.1  # one resident visit in ten sends feedback
RETRY_SECONDS = 30  # a visitor gives up on an action after this long
DATABASE_AWAY = t("ops.database_unavailable", "zh")  # what a page shows without its database
_EDIT_VALUES = itertools.count(1)  # every saved value is unique, to be found again afterwards


# --- PostgreSQL of its own ------------------------------------------------------------------


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free port (as the postgres user when root)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="planner-loadtest-pg-"))
        self.data, self.port = self.root / "data", free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self._ctl("start")
        subprocess.run(
            [*self.as_postgres, str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p",
             str(self.port), "-U", "postgres", "planner"],
            check=True, capture_output=True,
        )  # fmt: skip
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/planner"

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
            "-o", options, "-w", action, *extra,
        )  # fmt: skip

    def restart(self) -> float:
        started = time.perf_counter()
        self._ctl("restart", "-m", "fast")
        return time.perf_counter() - started

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._ctl("stop", "-m", "fast")
        shutil.rmtree(self.root, ignore_errors=True)


# --- what the visitors record ---------------------------------------------------------------


@dataclass
class Stats:
    """Timings (seconds) per action, errors, and what the app confirmed."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    causes: Counter = field(default_factory=Counter)  # why actions were interrupted
    interrupted: int = 0  # actions that failed once and succeeded on a retry
    reconnects: int = 0
    recovery: list[float] = field(default_factory=list)  # seconds from failure to success
    feedback: list[str] = field(default_factory=list)  # confirmed feedback texts
    edits: list[float] = field(default_factory=list)  # confirmed saved values
    stale: int = 0  # saves refused because another user saved first (correct behaviour)
    refused: list[str] = field(default_factory=list)  # other answers to a save
    views: int = 0  # resident page views answered (see the module docstring)

    def error(self, action: str, exc: BaseException) -> None:
        self.errors[action] += 1
        if len(self.error_samples) < 8:
            self.error_samples.append(f"{action}: {type(exc).__name__}: {str(exc)[:160]}")


class Visitor:
    """One tab; ``act`` retries an action through reconnects until it works or gives up."""

    def __init__(self, base_url: str, stats: Stats, cookies: dict[str, str] | None = None):
        self.tab = StreamlitTab(base_url, cookies)
        self.stats = stats
        self.connected = False

    async def open(self) -> None:
        await self.tab.load_index()
        await self.tab.connect()
        self.connected = True

    async def act(self, action, page, query=None, widgets=None, deadline=None, record=True):  # noqa: ANN001
        started = time.perf_counter()
        failed_at = None
        retrying = False
        while True:
            try:
                if not self.connected:
                    await self.open()
                    self.stats.reconnects += failed_at is not None
                run = await self.tab.run_page(page, query, widgets)
                if DATABASE_AWAY in run.alerts:
                    raise PageError(f"{page}: showed {DATABASE_AWAY!r}")
                elapsed = time.perf_counter() - started
                if failed_at is not None:
                    self.stats.interrupted += 1
                    self.stats.recovery.append(time.perf_counter() - failed_at)
                elif record:
                    self.stats.times[action].append(elapsed)
                return run
            except Exception as exc:  # noqa: BLE001  (a dropped connection, an error page...)
                failed_at = failed_at or time.perf_counter()
                await self.tab.close()
                self.connected = False
                if time.perf_counter() - failed_at > RETRY_SECONDS or (
                    deadline and time.monotonic() > deadline
                ):
                    self.stats.error(action, exc)
                    return None
                cause = (
                    "the page said the database is away"
                    if isinstance(exc, PageError) and DATABASE_AWAY in str(exc)
                    else f"{type(exc).__name__}: {str(exc)[:80]}"
                )
                if not retrying:
                    self.stats.causes[cause] += 1
                    retrying = True
                await asyncio.sleep(1.0)


async def resident(base_url: str, sites: list[str], stats: Stats, until: float, n: int) -> None:
    rng = random.Random(n)
    visit = 0
    while time.monotonic() < until:
        visit += 1
        visitor = Visitor(base_url, stats)
        key = rng.choice(sites)
        started = time.perf_counter()
        # GET the page, open the websocket, first run: retried as a whole, as a reload would.
        run = await visitor.act(
            "resident: open page", "compound", {"site": key}, deadline=until, record=False
        )
        if run is not None and visitor.connected:
            stats.views += 1
            stats.times["resident: time to content"].append(time.perf_counter() - started)
            await asyncio.sleep(rng.uniform(2, 6))  # reading
            if rng.random() < FEEDBACK_SHARE and time.monotonic() < until:
                text_ = f"load test {n}-{visit}: 楼道灯不亮"
                run = await visitor.act(
                    "resident: send feedback",
                    "compound",
                    {"site": key},
                    [string_value(run.widget("text_area"), text_),
                     trigger(run.widget("button", "提交"))],
                    deadline=until,
                )  # fmt: skip
                if run is not None and any("已收到" in a for a in run.alerts):
                    stats.feedback.append(text_)
        await visitor.tab.close()
        await asyncio.sleep(rng.uniform(0.5, 2))


SAVE, DISCARD = t("works.save", "zh"), t("works.reload", "zh")
CONFIRM, CONFIRM_BOX = t("works.confirm.submit", "zh"), t("works.confirm.check", "zh")
REASON = t("works.reason", "zh")


def _has(run, kind: str, label: str) -> bool:  # noqa: ANN001
    return any(w.kind == kind and w.label == label for w in run.widgets)


async def staff(base_url: str, token: str, site_ids: list[int], stats: Stats, until: float, n: int):
    rng = random.Random(1000 + n)
    visitor = Visitor(base_url, stats, {LOGIN_COOKIE_NAME: token})
    fetched: set[str] = set()
    while time.monotonic() < until:
        run = await visitor.act("staff: map page", "planning_map", deadline=until)
        if run is None:
            continue
        await _fetch_static(base_url, run, fetched, stats)
        await asyncio.sleep(rng.uniform(1, 3))
        site_id = rng.choice(site_ids)
        feature = {"type": "Feature", "id": site_id, "properties": {"k": "c"}, "geometry": None}
        click = json_value(run.widget("component_instance"), {"last_active_drawing": feature})
        run = await visitor.act("staff: map click", "planning_map", widgets=[click], deadline=until)
        await asyncio.sleep(rng.uniform(1, 3))
        run = await visitor.act("staff: editor", "work_items_editor", {"site": str(site_id)},
                                deadline=until)  # fmt: skip
        if run is None or time.monotonic() > until:
            continue
        if not _has(run, "button", SAVE):  # a confirmation left open by this tab: drop it
            drop = [trigger(run.widget("button", DISCARD))]
            run = await visitor.act(
                "staff: editor", "work_items_editor", {"site": str(site_id)}, drop, deadline=until
            )
            if run is None or not _has(run, "button", SAVE):
                continue
        await asyncio.sleep(rng.uniform(1, 3))
        value = 1 + next(_EDIT_VALUES) / 1000  # small (below any planned quantity), unique
        edit = {"edited_rows": {"0": {"completed_quantity": value}}, "added_rows": [],
                "deleted_rows": []}  # fmt: skip
        run = await visitor.act(
            "staff: save edit", "work_items_editor", {"site": str(site_id)},
            [string_value(run.widget("dataframe"), json.dumps(edit)),
             trigger(run.widget("button", SAVE))],
            deadline=until,
        )  # fmt: skip
        if run is not None and _has(run, "button", CONFIRM):
            # A completed quantity that goes down asks for a reason (#20): the clerk gives one.
            run = await visitor.act(
                "staff: save edit", "work_items_editor", {"site": str(site_id)},
                [bool_value(run.widget("checkbox", CONFIRM_BOX), True),
                 string_value(run.widget("text_input", REASON), "负载测试：按现场复核更正完成量"),
                 trigger(run.widget("button", CONFIRM))],
                deadline=until,
            )  # fmt: skip
        if run is not None:
            if any(a.startswith("已保存") for a in run.alerts):
                stats.edits.append(value)
            elif any("已被其他用户修改" in a for a in run.alerts):
                stats.stale += 1
            else:
                stats.refused.append("; ".join(run.alerts)[:160])
        # Back to the map with a clean editor state next time.
        visitor.tab.widget_values.clear()
        await asyncio.sleep(rng.uniform(1, 3))
    await visitor.tab.close()


async def _fetch_static(base_url: str, run, fetched: set[str], stats: Stats) -> None:  # noqa: ANN001
    """GET the map's data and script files once per tab, as a browser with a cache would."""
    blob = json.dumps(run.components)
    for path in sorted(set(re.findall(r"/app/static/[^\"'\s\\)]+", blob)) - fetched):
        fetched.add(path)
        started = time.perf_counter()
        try:
            await asyncio.to_thread(_http_get, base_url + path)
            stats.times["staff: map file"].append(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001
            stats.error("staff: map file", exc)


def _http_get(url: str) -> int:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read())


# --- residents on the plain pages -----------------------------------------------------------

PLAIN_SEARCHES = ("", "广汇", "小区", "钢城街道", "雄关", "示例社区1", "新华路", "synthetic")
NOTICE_SHARE = 0.2  # one plain visit in five opens the printable notice
BROWSER_ENCODINGS = "gzip, deflate, br"  # what a phone's browser accepts


class PlainClient:
    """One visitor's HTTP/1.1 connection (keep-alive) with a cookie jar: what a browser does
    for a plain page, without running anything (the pages need no JavaScript)."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.received = 0  # bytes on the wire, headers included

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None,
        encodings: str = BROWSER_ENCODINGS,
    ) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
        """Status, headers (lower-case names) and body (as sent: maybe compressed)."""
        body = urlencode(form).encode("utf-8") if form is not None else b""
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Accept: text/html,*/*",
            f"Accept-Encoding: {encodings}",
            "User-Agent: Mozilla/5.0 (Linux; Android 12) planner-load-test",
        ]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            head += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        message = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: again
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                attempt = 2  # a new connection that fails is a real failure
            try:
                assert self.writer is not None
                self.writer.write(message)
                await self.writer.drain()
                return await self._response(method)
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _response(self, method: str) -> tuple[int, dict[str, str], bytes]:
        assert self.reader is not None
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        size = len(status_line)
        while True:
            line = await self.reader.readuntil(b"\r\n")
            size += len(line)
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie, _, _ = value.partition(";")
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
            headers[name] = value
        body = b""
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            pass
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                line = await self.reader.readuntil(b"\r\n")
                length = int(line.split(b";")[0], 16)
                chunk = await self.reader.readexactly(length + 2)
                size += len(line) + len(chunk)
                if length == 0:
                    break
                body += chunk[:-2]
        elif "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
            size += len(body)
        else:
            body = await self.reader.read()
            size += len(body)
            await self.close()
        if headers.get("connection", "").lower() == "close":
            await self.close()
        self.received += size
        return status, headers, body


class _FormFields(HTMLParser):
    """The named fields of a page's first POST form, with their values, and its action."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._inside = self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self._done and a.get("method", "").lower() == "post":
            self._inside, self.action = True, a.get("action", "")
        elif self._inside and tag in ("input", "textarea", "select") and a.get("name"):
            self.fields.setdefault(a["name"], a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._inside:
            self._inside, self._done = False, True


def _decoded(headers: dict[str, str], body: bytes) -> str:
    import zlib

    if headers.get("content-encoding") == "gzip":
        body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
    return body.decode("utf-8", errors="replace")


async def plain_resident(
    base_url: str, sites: list[str], stats: Stats, until: float, n: int, think: float
) -> None:
    rng = random.Random(5000 + n)
    visit = 0
    while time.monotonic() < until:
        visit += 1
        client = PlainClient(base_url)  # a new visitor: a new connection, no cookies
        key = rng.choice(sites)

        try:
            search = "/p/?q=" + quote(rng.choice(PLAIN_SEARCHES))
            await _view(client, stats, "plain: finder", search)
            await asyncio.sleep(rng.uniform(0, think))
            await _view(client, stats, "plain: compound", f"/p/{key}")
            if rng.random() < NOTICE_SHARE:
                await asyncio.sleep(rng.uniform(0, think))
                await _view(client, stats, "plain: notice", f"/p/{key}/notice")
            if rng.random() < FEEDBACK_SHARE and time.monotonic() < until:
                await asyncio.sleep(rng.uniform(0, think))
                await _plain_feedback(client, key, stats, f"load test plain {n}-{visit}")
        finally:
            await client.close()
        await asyncio.sleep(rng.uniform(0, think))


async def _view(
    client: PlainClient, stats: Stats, action: str, path: str, encodings: str = BROWSER_ENCODINGS
) -> tuple[dict[str, str], bytes] | None:
    """GET a page as a view: timed when answered 200, an error otherwise."""
    started = time.perf_counter()
    try:
        status, headers, body = await client.request("GET", path, encodings=encodings)
    except Exception as exc:  # noqa: BLE001  (refused, reset, …: an error)
        stats.error(action, exc)
        return None
    if status != 200:
        stats.error(action, PageError(f"GET {path}: HTTP {status}"))
        return None
    stats.times[action].append(time.perf_counter() - started)
    stats.views += 1
    return headers, body


async def _plain_feedback(client: PlainClient, key: str, stats: Stats, label: str) -> None:
    """The form, its POST (303 to the status page: confirmed), then the status page."""
    shown = await _view(client, stats, "plain: feedback form", f"/p/{key}/feedback", "gzip")
    if shown is None:
        return
    parser = _FormFields()
    parser.feed(_decoded(*shown))
    if parser.action is None:
        stats.error("plain: send feedback", PageError(f"/p/{key}/feedback: no form"))
        return
    text_ = f"{label}：楼道灯不亮，请维修"
    fields = {**parser.fields, "text": text_}
    started = time.perf_counter()
    try:
        status, headers, _body = await client.request("POST", parser.action, fields)
    except Exception as exc:  # noqa: BLE001
        stats.error("plain: send feedback", exc)
        return
    where = headers.get("location", "")
    if status != 303 or "/p/feedback/" not in where:
        stats.error("plain: send feedback", PageError(f"POST: HTTP {status} {where[:60]}"))
        return
    stats.times["plain: send feedback"].append(time.perf_counter() - started)
    stats.feedback.append(text_)
    path = urlsplit(where)
    status_path = path.path + (f"?{path.query}" if path.query else "")
    await _view(client, stats, "plain: status", status_path)


async def run_plain_phase(name: str, url: str, workers: int, args, data) -> PhaseResult:  # noqa: ANN001
    stats = Stats()
    env = {"PLANNER_PRERENDER_PAGES": "0"} if args.no_prerender else None
    with running_cluster(url, workers=workers, env=env) as (nginx, apps):
        ahead = _wait_rendered_ahead(apps)
        for app in apps:  # each process renders the pages once, as its first visitors would
            warm = PlainClient(app.base_url)
            for path in ("/p/", f"/p/{data['sites'][0]}", f"/p/{data['sites'][0]}/notice"):
                status, _h, _b = await warm.request("GET", path)
                if status != 200:
                    raise RuntimeError(f"the plain pages are not served: GET {path}: {status}")
            await warm.close()
        unloaded = []
        for i in range(5):
            client = PlainClient(nginx.base_url)
            started = time.perf_counter()
            await client.request("GET", f"/p/{data['sites'][i]}")
            unloaded.append(time.perf_counter() - started)
            await client.close()
        samples: dict[str, dict] = {
            str(a.port): {"idle_rss": a.health()[1]["rss_bytes"]} for a in apps
        }
        roots = _server_roots(nginx, apps)
        server_before = _tree_cpu(roots)
        cpu_before, started = time.process_time(), time.monotonic()
        until = started + args.duration
        tasks = [
            asyncio.create_task(
                plain_resident(nginx.base_url, data["sites"], stats, until, i, args.plain_think)
            )
            for i in range(args.plain_residents)
        ]
        tasks.append(asyncio.create_task(_monitor(apps, until, samples)))
        await asyncio.gather(*tasks)
        seconds = time.monotonic() - started
        cpu = (time.process_time() - cpu_before) / seconds
        server_cpu = _tree_cpu(roots) - server_before
        # Then pages every process has rendered (cached), one after another: their own cost.
        cached = await _cached_views(nginx.base_url, apps, data["sites"][:10], roots)
    memory = {
        port: {
            "idle_mb": s["idle_rss"] / 2**20,
            "peak_mb": s.get("peak_rss", s["idle_rss"]) / 2**20,
            "peak_sessions": s.get("peak_sessions", 0),
        }
        for port, s in samples.items()
    }
    result = PhaseResult(name, stats, seconds, memory, unloaded, cpu, server_cpu=server_cpu)
    result.events.append(
        "pages rendered ahead by the processes after their start (public_web.app.prerender, "
        "before the phase): "
        + (
            "none (--no-prerender: every page is rendered on its first visit, in the phase)"
            if args.no_prerender
            else "; ".join(f"{pages} pages in {secs:.1f} s" for pages, secs in ahead)
        )
    )
    result.events.append(
        f"cached pages afterwards (10 compounds each rendered before, {cached[0]} GETs one "
        f"after another through nginx): {cached[1] * 1000:.1f} ms of server CPU and "
        f"{cached[2] * 1000:.1f} ms wall time per page, so two free cores would serve about "
        f"{2 / cached[1] if cached[1] > 0 else float('nan'):.0f} such views a second"
    )
    return result


def _wait_rendered_ahead(apps: list[AppProcess], timeout: float = 600.0) -> list[tuple[int, float]]:
    """Wait until every process has rendered its pages ahead (its health says so): (pages,
    seconds from healthy to ready) per process."""
    started = time.monotonic()
    ready: dict[int, tuple[int, float]] = {}
    while len(ready) < len(apps) and time.monotonic() - started < timeout:
        for app in apps:
            if app.port in ready:
                continue
            _status, body = app.health()
            if body.get("public_pages_ready"):
                ready[app.port] = (body.get("public_pages_ahead", 0), time.monotonic() - started)
        time.sleep(0.2)
    return [ready.get(a.port, (0, float("nan"))) for a in apps]


async def _cached_views(
    base_url: str, apps: list[AppProcess], keys: list[str], roots: list[int]
) -> tuple[int, float, float]:
    """GETs of compound pages every process has in its cache: (count, server CPU s per GET,
    wall s per GET)."""
    for app in apps:
        warm = PlainClient(app.base_url)
        for key in keys:
            await warm.request("GET", f"/p/{key}")
        await warm.close()
    count, before, started = 0, _tree_cpu(roots), time.perf_counter()
    for _round in range(20):
        client = PlainClient(base_url)
        for key in keys:
            status, _h, _b = await client.request("GET", f"/p/{key}")
            count += status == 200
        await client.close()
    wall = time.perf_counter() - started
    return count, (_tree_cpu(roots) - before) / max(count, 1), wall / max(count, 1)


# --- one phase ------------------------------------------------------------------------------


@dataclass
class PhaseResult:
    name: str
    stats: Stats
    seconds: float
    memory: dict[str, dict[str, float]]  # port -> idle/peak RSS (MB), peak sessions
    unloaded: list[float]
    generator_cpu: float  # share of one core the load generator used
    events: list[str] = field(default_factory=list)
    server_cpu: float = float("nan")  # CPU seconds the app, nginx and PostgreSQL used


#: The private cluster's data folder (its server's CPU counts as the app's).
_PG_DATA: list[Path] = []


def _server_roots(nginx, apps: list[AppProcess]) -> list[int]:  # noqa: ANN001
    """The process ids whose process trees serve the visitors: apps, nginx, PostgreSQL."""
    roots = [a.process.pid for a in apps] + [nginx.process.pid]
    for data in _PG_DATA:
        with contextlib.suppress(OSError, ValueError):
            roots.append(int((data / "postmaster.pid").read_text().split()[0]))
    return roots


def _tree_cpu(roots: list[int]) -> float:
    """CPU seconds used so far by these processes and all their descendants (those gone
    included: a parent's reaped children count in its cutime/cstime)."""
    tick = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # from the state on (field 3)
        pid = int(entry.name)
        parent[pid] = int(fields[1])
        cpu[pid] = sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
    chosen = {r for r in roots if r in cpu}
    while True:
        more = {p for p, pp in parent.items() if pp in chosen} - chosen
        if not more:
            break
        chosen |= more
    return sum(cpu[p] for p in chosen)


async def _monitor(apps: list[AppProcess], until: float, samples: dict) -> None:
    while time.monotonic() < until:
        for app in apps:
            status, body = await asyncio.to_thread(app.health, 2.0)
            if status == 200:
                entry = samples[str(app.port)]
                entry["peak_rss"] = max(entry.get("peak_rss", 0), body["rss_bytes"])
                entry["peak_sessions"] = max(entry.get("peak_sessions", 0), body["sessions"] or 0)
        await asyncio.sleep(2)


async def run_phase(name: str, url: str, workers: int, args, data, pg=None) -> PhaseResult:  # noqa: ANN001
    stats = Stats()
    events: list[str] = []
    with running_cluster(url, workers=workers) as (nginx, apps):
        # Warm each process as its first visitors would (the first run after a start imports
        # the pages); then five visits one after another: the unloaded time to content.
        for app in apps:
            tab = Visitor(app.base_url, Stats(), {LOGIN_COOKIE_NAME: data["tokens"][0]})
            await tab.open()
            for page, query in (("compound", {"site": "c2023_01"}), ("planning_map", None)):
                await tab.tab.run_page(page, query)
            await tab.tab.close()
        unloaded = []
        for i in range(5):
            started = time.perf_counter()
            visitor = Visitor(nginx.base_url, Stats())
            await visitor.open()
            await visitor.tab.run_page("compound", {"site": data["sites"][i]})
            unloaded.append(time.perf_counter() - started)
            await visitor.tab.close()
        samples: dict[str, dict] = {
            str(a.port): {"idle_rss": a.health()[1]["rss_bytes"]} for a in apps
        }
        roots = _server_roots(nginx, apps)
        server_before = _tree_cpu(roots)
        cpu_before, started = time.process_time(), time.monotonic()
        until = started + args.duration
        tasks = [
            asyncio.create_task(resident(nginx.base_url, data["sites"], stats, until, i))
            for i in range(args.residents)
        ] + [
            asyncio.create_task(
                staff(
                    nginx.base_url,
                    data["tokens"][i % len(data["tokens"])],
                    data["site_ids"],
                    stats,
                    until,
                    i,
                )
            )  # fmt: skip
            for i in range(args.staff)
        ]
        tasks.append(asyncio.create_task(_monitor(apps, until, samples)))
        if pg is not None:
            tasks.append(asyncio.create_task(_faults(apps, pg, started, args.duration, events)))
        await asyncio.gather(*tasks)
        seconds = time.monotonic() - started
        cpu = (time.process_time() - cpu_before) / seconds
        server_cpu = _tree_cpu(roots) - server_before
    memory = {
        port: {
            "idle_mb": s["idle_rss"] / 2**20,
            "peak_mb": s.get("peak_rss", s["idle_rss"]) / 2**20,
            "peak_sessions": s.get("peak_sessions", 0),
        }
        for port, s in samples.items()
    }
    return PhaseResult(name, stats, seconds, memory, unloaded, cpu, events, server_cpu)


async def _faults(apps: list[AppProcess], pg: PrivatePostgres, started: float, duration: float,
                  events: list[str]) -> None:  # fmt: skip
    await asyncio.sleep(max(0.0, started + duration / 3 - time.monotonic()))
    bodies = [(app, (await asyncio.to_thread(app.health))[1]) for app in apps]
    victim, body = max(bodies, key=lambda pair: pair[1].get("sessions") or 0)
    sessions = body.get("sessions")
    victim.process.send_signal(signal.SIGKILL)
    events.append(f"t={time.monotonic() - started:.0f} s: killed the process on port "
                  f"{victim.port} (SIGKILL) holding {sessions} sessions")  # fmt: skip
    await asyncio.sleep(max(0.0, started + 2 * duration / 3 - time.monotonic()))
    took = await asyncio.to_thread(pg.restart)
    events.append(f"t={time.monotonic() - started:.0f} s: restarted PostgreSQL "
                  f"(pg_ctl restart -m fast, {took:.1f} s)")  # fmt: skip
    survivor = next(a for a in apps if a is not victim)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, body = await asyncio.to_thread(survivor.health)
        if status == 200:
            events.append(f"t={time.monotonic() - started:.0f} s: the surviving process's health "
                          "endpoint answers 200 again (database ok)")  # fmt: skip
            break
        await asyncio.sleep(0.5)


# --- data, checks, report -------------------------------------------------------------------


def prepare_data(url: str, buildings: int, staff_count: int) -> dict:
    engine = make_engine(url)
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        seed_synthetic(session, buildings)
        tokens = []
        for i in range(staff_count):
            name, password = f"loadtest_staff_{i}", f"load test password {i}"
            create_user(session, username=name, password=password, role="staff")
            tokens.append(issue_login_token(session, authenticate(session, name, password)))
    with Session(engine) as session:
        sample = session.exec(
            select(Site.key, Site.id).where(Site.key.like("c2023_%")).order_by(Site.key)  # type: ignore[attr-defined]
        ).all()
        synthetic = session.exec(
            select(Site.key).where(Site.key.like("synthetic_%")).limit(200)  # type: ignore[attr-defined]
        ).all()
    engine.dispose()
    return {
        "sites": [k for k, _ in sample] + list(synthetic),
        "site_ids": [i for _, i in sample],
        "tokens": tokens,
    }


def verify(url: str, phases: list[PhaseResult]) -> dict[str, tuple[int, int]]:
    """Every confirmed feedback and edit is in the database: (found, confirmed)."""
    feedback = [t for p in phases for t in p.stats.feedback]
    edits = [v for p in phases for v in p.stats.edits]
    engine = make_engine(url)
    with engine.connect() as connection:
        texts = set(connection.execute(text("SELECT text FROM suggestion")).scalars())
        after = connection.execute(
            text("SELECT after FROM audit_entry WHERE entity = 'work_item' AND action = 'update'")
        ).scalars()
        saved = {json.loads(a or "{}").get("completed_quantity") for a in after}
    engine.dispose()
    return {
        "feedback": (sum(t in texts for t in feedback), len(feedback)),
        "edits": (sum(v in saved for v in edits), len(edits)),
    }


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(phases: list[PhaseResult], checks: dict, args, started: dt.datetime) -> str:  # noqa: ANN001
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Measured {started:%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, PostgreSQL 15 (a private cluster), nginx "
        f"{_nginx_version()}; {args.residents} residents + {args.staff} staff on the Streamlit "
        f"pages, {args.plain_residents} residents on the plain pages, for "
        f"{args.duration:.0f} s per phase; load average at the end {load}.",
        "",
        "| phase | action | count | p50 (s) | p95 (s) | max (s) | errors |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    actions = sorted(
        {a for p in phases for a in p.stats.times} | {a for p in phases for a in p.stats.errors}
    )
    for phase in phases:
        for action in actions:
            values = phase.stats.times.get(action, [])
            if not values and not phase.stats.errors.get(action):
                continue
            lines.append(
                f"| {phase.name} | {action} | {len(values)} | {_pct(values, 0.5):.2f} | "
                f"{_pct(values, 0.95):.2f} | {max(values, default=float('nan')):.2f} | "
                f"{phase.stats.errors.get(action, 0)} |"
            )
    lines += [
        "",
        "| phase | unloaded time to content (s, median of 5 visits) | per process: idle → peak "
        "RSS (MB), peak sessions | memory per session (MB) | load generator CPU |",
        "|---|---|---|---:|---:|",
    ]
    for phase in phases:
        per = "; ".join(
            f"{m['idle_mb']:.0f} → {m['peak_mb']:.0f}, {m['peak_sessions']}"
            for m in phase.memory.values()
        )
        growth = sum(m["peak_mb"] - m["idle_mb"] for m in phase.memory.values())
        sessions = sum(m["peak_sessions"] for m in phase.memory.values())
        per_session = growth / sessions if sessions else float("nan")
        lines.append(
            f"| {phase.name} | {statistics.median(phase.unloaded):.2f} | {per} | "
            f"{per_session:.1f} | {phase.generator_cpu:.0%} of a core |"
        )
    lines += [
        "",
        "| phase | resident page views | page views/s | p95 of a page view (s) | errors | "
        "server CPU per view (ms) | views/s two free cores would serve |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for phase in phases:
        s = phase.stats
        viewed = [v for action, values in s.times.items() if _is_view(action) for v in values]
        per_view = phase.server_cpu / s.views if s.views and phase.server_cpu > 0 else float("nan")
        lines.append(
            f"| {phase.name} | {s.views} | {s.views / phase.seconds:.1f} | "
            f"{_pct(viewed, 0.95):.2f} | {sum(s.errors.values())} | {per_view * 1000:.0f} | "
            f"{2 / per_view:.0f} |"
        )
    for phase in phases:
        s = phase.stats
        lines.append("")
        lines.append(
            f"**{phase.name}**: {s.reconnects} reconnects, {s.interrupted} actions interrupted "
            f"and completed on a retry (recovery p50 {_pct(s.recovery, 0.5):.1f} s, max "
            f"{max(s.recovery, default=float('nan')):.1f} s), {sum(s.errors.values())} actions "
            f"failed, {len(s.feedback)} feedback and {len(s.edits)} edits confirmed, {s.stale} "
            "saves refused as stale (another user had saved the item first)."
        )
        lines += [f"- {event}" for event in phase.events]
        lines += [f"- interrupted {n} ×: {cause}" for cause, n in s.causes.most_common(5)]
        lines += [f"- failed: {sample}" for sample in s.error_samples]
        lines += [f"- save answered: {answer}" for answer in sorted(set(s.refused))[:3]]
    found_f, all_f = checks["feedback"]
    found_e, all_e = checks["edits"]
    lines += ["", f"Afterwards in the database: {found_f} of {all_f} confirmed feedback messages, "
              f"{found_e} of {all_e} confirmed edits (audit log)."]  # fmt: skip
    return "\n".join(lines)


def _is_view(action: str) -> bool:
    """A resident's page view: a Streamlit page opened, or a plain page answered (GET)."""
    return action == "resident: time to content" or (
        action.startswith("plain: ") and action != "plain: send feedback"
    )


def _nginx_version() -> str:
    result = subprocess.run(["nginx", "-v"], capture_output=True, text=True, check=False)
    match = re.search(r"nginx/([\d.]+)", result.stderr)
    return match.group(1) if match else "?"


def write_readme(block: str, name: str = "load-results") -> None:
    """Put ``block`` between the README's markers of ``name`` (the faults run's results, or
    ``plain-load-results``: a run with the plain pages and no faults phase)."""
    content = README.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    content = pattern.sub(lambda _m: f"{start}\n{block}\n{end}", content)
    README.write_text(content, encoding="utf-8")


async def main_async(args) -> int:  # noqa: ANN001
    started = dt.datetime.now()
    pg = PrivatePostgres()
    _PG_DATA[:] = [pg.data]
    try:
        url = pg.start()
        print(f"PostgreSQL on port {pg.port}; seeding {args.buildings} buildings", flush=True)
        data = prepare_data(url, args.buildings, max(1, args.staff))
        phases = []
        plan = [
            ("two processes", 2, None),
            ("one process", 1, None),
            ("faults, two processes", 2, pg),
        ]
        for name, workers, faults in plan:
            if (name.startswith("faults") and args.skip_faults) or args.plain_only:
                continue
            print(f"phase: {name}", flush=True)
            phases.append(await run_phase(name, url, workers, args, data, faults))
        if not args.skip_plain:
            print("phase: plain pages, two processes", flush=True)
            phases.append(await run_plain_phase("plain pages, two processes", url, 2, args, data))
        checks = verify(url, phases)
    finally:
        pg.stop()
    block = report(phases, checks, args, started)
    print(block)
    if args.write_readme:
        plain = not args.skip_plain and (args.skip_faults or args.plain_only)
        write_readme(block, "plain-load-results" if plain else "load-results")
    lost = any(found != total for found, total in checks.values())
    return 1 if lost else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds per phase")
    parser.add_argument("--residents", type=int, default=50)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--buildings", type=int, default=20_000, help="synthetic buildings")
    parser.add_argument("--skip-faults", action="store_true")
    parser.add_argument("--plain-residents", type=int, default=50,
                        help="residents on the plain pages at once (phase 4)")  # fmt: skip
    parser.add_argument("--plain-think", type=float, default=0.5,
                        help="at most this many seconds between a plain visitor's pages")  # noqa: E501  # fmt: skip
    parser.add_argument("--skip-plain", action="store_true", help="no plain pages phase")
    parser.add_argument("--plain-only", action="store_true", help="only the plain pages phase")
    parser.add_argument("--no-prerender", action="store_true",
                        help="no pages rendered ahead (PLANNER_PRERENDER_PAGES=0)")  # fmt: skip
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    if args.duration > 600:
        parser.error("--duration is at most 600 s per phase")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
