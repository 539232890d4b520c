"""Benchmark: a resident's first visit to a compound's page on a phone, in one run.

Four pages, each opened in a fresh browser context (empty cache, no cookies but a staff login
where a page needs one), interleaved (every target once, then again), the median of
``--runs`` (3) per page and profile, headless Debian Chromium at 390×844 throttled through
the DevTools protocol:

* **good 4G, mid phone**: 60 ms round trip, 9 Mbit/s down, 4.5 Mbit/s up
  (``Network.emulateNetworkConditions``), CPU 2× slower (``Emulation.setCPUThrottlingRate``);
* **slow 4G, slow phone** (Lighthouse's mobile profile): 150 ms, 1.6 Mbit/s down,
  750 kbit/s up, CPU 4× slower.

The pages:

1. **plain**: ``/p/c2023_01``, the server-rendered page (``public_web``);
2. **Streamlit**: ``/compound?site=c2023_01``, the Streamlit compound page (opened with a
   staff login: anonymous visitors are sent to the plain page);
3. **empty Streamlit page**: a script holding one ``st.title`` under ``streamlit run`` (the
   floor of any Streamlit page);
4. **static floor**: the plain page's own HTML as a file (its stylesheet inlined, no images),
   served gzip-compressed by a trivial static server: the same text, no application at all.

Measured in the page (an init script: a ``MutationObserver`` notes when the element is in
the document, the next animation frame when it can be painted; ``performance.now()`` counts
from the navigation's start): **heading** (the ``h1`` with the compound's name) and **works**
(the first work of the list: ``ul.cards li`` on the plain page, the second progress bar on
the Streamlit page — the first is the overall one); **bytes**: every response's encoded
length (headers included) and the websocket frames received, until the network is quiet.

All servers on 127.0.0.1; the app is started as a deployment runs it (``planner serve``,
``deploy/asgi.py``) on a fresh SQLite database with the sample, plus four public photos of
the compound (before/after of two works) so that the plain page has thumbnails to load.

    .venv/bin/python benchmarks/portal_benchmark.py                  # prints the table
    .venv/bin/python benchmarks/portal_benchmark.py --write-readme   # also into README.md

Never needs the internet; never runs ``playwright install`` (uses Debian's Chromium).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import http.server
import io
import os
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from db.models import Site  # noqa: E402
from db.session import make_engine, session_scope  # noqa: E402
from planner.accounts.sessions import LOGIN_COOKIE_NAME, issue_login_token  # noqa: E402
from planner.accounts.users import authenticate, create_user  # noqa: E402
from planner.runtime.startup import ensure_database_ready  # noqa: E402
from tests.browser.helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    chromium_path,
    start_streamlit,
    stop_streamlit,
)
from tests.deploy.cluster import start_app, wait_healthy  # noqa: E402

README = Path(__file__).with_name("README.md")
SITE = "c2023_01"
SITE_NAME = "广汇小区"
VIEWPORT = {"width": 390, "height": 844}
TIMEOUT_MS = 180_000
QUIET_SECONDS = 1.0  # the network is quiet after this long without a response
TARGETS = {"ratio": 1.5, "bytes": 150_000}
#: Visits that did not show the heading and the works in time, per (profile, page).
failures: dict[tuple[str, str], int] = {}


@dataclass(frozen=True)
class Profile:
    name: str
    latency_ms: float
    down_bits: float
    up_bits: float
    cpu: float


PROFILES = (
    Profile("good 4G, mid phone (60 ms, 9 Mbit/s, CPU 2×)", 60, 9e6, 4.5e6, 2),
    Profile("slow 4G, slow phone (150 ms, 1.6 Mbit/s, CPU 4×)", 150, 1.6e6, 0.75e6, 4),
)


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    url: str
    heading: str  # CSS selector of the heading
    heading_text: str  # text the heading must hold ("" any)
    works: str  # CSS selector of one work of the list
    works_count: int  # how many of them mean "the list is there"
    cookie: tuple[str, str, str] | None = None  # (name, value, url)


MARKS = """
(() => {
  const spec = %s;
  const marks = {};
  window.__bench = marks;
  const note = (name) => {
    if (marks[name] !== undefined || marks["_" + name]) return;
    marks["_" + name] = true;
    // In the document now; painted at the next frame (rendering waits for the stylesheet).
    requestAnimationFrame(() => { marks[name] = performance.now(); });
  };
  const check = () => {
    const h = document.querySelector(spec.heading);
    if (h && (!spec.text || h.textContent.includes(spec.text))) note("heading");
    if (document.querySelectorAll(spec.works).length >= spec.count) note("works");
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true,
                                                 characterData: true});
  document.addEventListener("DOMContentLoaded", check);
})();
"""


# --- the servers ----------------------------------------------------------------------------


def prepare_database(path: Path) -> str:
    """The sample, a staff login, and four public photos of the compound; the login token."""
    from planner.fieldwork import photos
    from planner.fieldwork.images import PhotoLimits, process_photo
    from planner.works.queries import items_with_scope

    engine = make_engine(f"sqlite:///{path}")
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        create_user(session, username="bench_staff", password="bench password 2026", role="staff")
        site = session.exec(select(Site).where(Site.key == SITE)).one()
        assert site.id is not None
        works = items_with_scope(session, site_id=site.id)
        chosen = {}
        for row in works:  # two kinds of work, one item each
            chosen.setdefault(row.scope_key, row)
        for n, row in enumerate(list(chosen.values())[:2]):
            for stage in ("before", "after"):
                data = _phone_photo(seed=10 * n + (stage == "after"))
                stored = photos.store_photo(
                    session,
                    process_photo(data, PhotoLimits()),
                    photos.PhotoTarget(site.id, stage, work_item_id=row.id),
                    actor="benchmark",
                )
                photos.set_public(session, stored.id, True, actor="benchmark")
        user = authenticate(session, "bench_staff", "bench password 2026")
        token = issue_login_token(session, user)
    engine.dispose()
    return token


def _phone_photo(seed: int) -> bytes:
    """A 2000×1500 JPEG with a phone photo's texture (noise over shapes), ~0.6 MB."""
    from PIL import Image, ImageDraw, ImageFilter

    size = (2000, 1500)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(12):
        x, y = (seed * 97 + i * 211) % 1800, (seed * 53 + i * 137) % 1300
        draw.rectangle((x, y, x + 300, y + 200), fill=((i * 40) % 256, 120, (seed * 30) % 256))
    noise = Image.effect_noise(size, 40).convert("RGB").filter(ImageFilter.GaussianBlur(1))
    image = Image.blend(image, noise, 0.25)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def floor_html(base_url: str) -> bytes | None:
    """The plain page's HTML with its stylesheet inlined and no images (None: no plain page)."""
    try:
        with urllib.request.urlopen(f"{base_url}/p/{SITE}", timeout=30) as response:
            html = response.read().decode("utf-8")
    except OSError:
        return None
    if "<h1" not in html or SITE_NAME not in html:  # Streamlit's index.html for any path
        return None
    css = ""
    link = re.search(r'<link[^>]+href="([^"]+\.css[^"]*)"[^>]*>', html)
    if link:
        href = urljoin(f"{base_url}/p/{SITE}", link.group(1).replace("&amp;", "&"))
        with urllib.request.urlopen(href, timeout=30) as r:
            css = r.read().decode("utf-8")
        html = html.replace(link.group(0), f"<style>{css}</style>")
    html = re.sub(r"<img\b[^>]*>", "", html)
    return html.encode("utf-8")


class _Floor(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:  # noqa: N802  (the handler's protocol)
        body = self.body
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def serve_floor(body: bytes) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Floor", (_Floor,), {"body": body})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/floor.html"


# --- one visit ------------------------------------------------------------------------------


def visit(browser: Any, target: Target, profile: Profile) -> dict[str, float] | None:
    """A fresh context opens ``target`` under ``profile``: heading and works (s), bytes
    (None: the page did not show them within the timeout)."""
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(
        viewport=VIEWPORT, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    try:
        if target.cookie:
            name, value, url = target.cookie
            context.add_cookies([{"name": name, "value": value, "url": url}])
        spec = {
            "heading": target.heading,
            "text": target.heading_text,
            "works": target.works,
            "count": target.works_count,
        }
        context.add_init_script(MARKS % _js(spec))
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        received = {"http": 0.0, "ws": 0.0, "last": time.monotonic()}
        pending: set[str] = set()  # requests sent and not finished (or failed) yet

        def sent(event: dict) -> None:
            pending.add(event["requestId"])
            received["last"] = time.monotonic()

        def finished(event: dict) -> None:
            pending.discard(event["requestId"])
            received["http"] += event.get("encodedDataLength", 0)
            received["last"] = time.monotonic()

        def failed(event: dict) -> None:
            pending.discard(event["requestId"])
            received["last"] = time.monotonic()

        def data(_event: dict) -> None:
            received["last"] = time.monotonic()

        def frame(event: dict) -> None:
            response = event.get("response", {})
            data = response.get("payloadData", "")
            binary = response.get("opcode") == 2  # base64 in the event
            received["ws"] += len(data) * 3 / 4 if binary else len(data.encode("utf-8"))
            received["last"] = time.monotonic()

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.dataReceived", data)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", failed)
        cdp.on("Network.webSocketFrameReceived", frame)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": profile.latency_ms,
                # -1: not throttled (the warm-up visit)
                "downloadThroughput": profile.down_bits / 8 if profile.down_bits else -1,
                "uploadThroughput": profile.up_bits / 8 if profile.up_bits else -1,
            },
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu})
        try:
            page.goto(target.url, wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_function(
                "() => window.__bench && window.__bench.heading !== undefined"
                " && window.__bench.works !== undefined",
                timeout=TIMEOUT_MS,
                polling=100,
            )
        except PlaywrightError as error:  # counted as a failed visit, with what it showed
            shot = Path(tempfile.gettempdir()) / f"portal-bench-{target.key}-{time.time():.0f}.png"
            with contextlib.suppress(PlaywrightError):
                page.screenshot(path=str(shot))
            print(f"{target.label}: {str(error).splitlines()[0]} (screenshot {shot})")
            return None
        marks = page.evaluate("() => window.__bench")

        def quiet() -> float:
            """Bytes received once nothing is pending and nothing came for a second."""
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (
                pending or time.monotonic() - received["last"] < QUIET_SECONDS
            ):
                page.wait_for_timeout(200)
            return received["http"] + received["ws"]

        first_view = quiet()
        # Then read to the end of the page: the lazy thumbnails below the fold load too.
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(300)
        return {
            "heading": marks["heading"] / 1000,
            "works": marks["works"] / 1000,
            "bytes": first_view,
            "bytes_all": quiet(),
        }
    finally:
        context.close()


def _js(value: dict) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


# --- the run --------------------------------------------------------------------------------


EMPTY_APP = 'import streamlit as st\n\nst.title("空白页")\n'


def measure(targets: list[Target], runs: int) -> dict[tuple[str, str], list[dict]]:
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium)")
    results: dict[tuple[str, str], list[dict]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            for target in targets:  # once unthrottled: servers warm, caches of the app filled
                visit(browser, target, Profile("warm-up", 0, 0, 0, 1))
            for run in range(runs):
                for profile in PROFILES:
                    for target in targets:
                        result = visit(browser, target, profile)
                        if result is None:
                            failures[(profile.name, target.key)] = (
                                failures.get((profile.name, target.key), 0) + 1
                            )
                            continue
                        results.setdefault((profile.name, target.key), []).append(result)
                        print(
                            f"run {run + 1}, {profile.name[:7]}, {target.label}: heading "
                            f"{result['heading']:.2f} s, works {result['works']:.2f} s, "
                            f"{result['bytes'] / 1000:.0f} KB "
                            f"({result['bytes_all'] / 1000:.0f} KB read to the end)",
                            flush=True,
                        )
        finally:
            browser.close()
    return results


def table(targets: list[Target], results: dict, runs: int, started: dt.datetime) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Measured {started:%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, headless Chromium at 390×844, a fresh context per "
        f"visit, median of {runs} interleaved runs; load average at the end {load}.",
        "",
        "| profile | page | heading (s) | works list (s) | ÷ static floor (works) | KB, first "
        "view | KB, read to the end |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for profile in PROFILES:
        floor = results.get((profile.name, "floor"))
        floor_works = statistics.median(r["works"] for r in floor) if floor else None
        for target in targets:
            found = results.get((profile.name, target.key))
            if not found:
                continue
            heading = statistics.median(r["heading"] for r in found)
            works = statistics.median(r["works"] for r in found)
            size = statistics.median(r["bytes"] for r in found) / 1000
            size_all = statistics.median(r["bytes_all"] for r in found) / 1000
            ratio = f"{works / floor_works:.2f}×" if floor_works else "—"
            failed = failures.get((profile.name, target.key), 0)
            if failed:
                ratio += f" ({failed} of {runs} visits failed)"
            lines.append(
                f"| {profile.name} | {target.label} | {heading:.2f} | {works:.2f} | {ratio} | "
                f"{size:,.0f} | {size_all:,.0f} |"
            )
    plain = [results.get((p.name, "plain")) for p in PROFILES]
    floors = [results.get((p.name, "floor")) for p in PROFILES]
    if all(plain) and all(floors):
        ratios = [
            statistics.median(r["works"] for r in p) / statistics.median(r["works"] for r in f)
            for p, f in zip(plain, floors, strict=True)
        ]
        size = max(statistics.median(r["bytes_all"] for r in p) for p in plain if p)
        verdict = (
            "met" if max(ratios) <= TARGETS["ratio"] and size <= TARGETS["bytes"] else "NOT met"
        )
        lines += [
            "",
            f"Target (plain page within {TARGETS['ratio']}× the static floor on both profiles, "
            f"under {TARGETS['bytes'] // 1000} KB with its thumbnails): {verdict} "
            f"(ratios {', '.join(f'{r:.2f}×' for r in ratios)}; {size / 1000:.0f} KB).",
        ]
    return "\n".join(lines)


def write_readme(block: str) -> None:
    content = README.read_text(encoding="utf-8")
    start, end = "<!-- portal-results:start -->", "<!-- portal-results:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    content = pattern.sub(lambda _m: f"{start}\n{block}\n{end}", content)
    README.write_text(content, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    started = dt.datetime.now()
    folder = Path(tempfile.mkdtemp(prefix="planner-portal-bench-"))
    app = streamlit = floor_server = None
    try:
        token = prepare_database(folder / "planner.db")
        app = start_app(f"sqlite:///{folder / 'planner.db'}")
        wait_healthy(app, timeout=180)
        (folder / "empty.py").write_text(EMPTY_APP, encoding="utf-8")
        streamlit, empty_url = start_streamlit(folder / "empty.py", None, ROOT)
        base = app.base_url
        targets = []
        floor = floor_html(base)
        if floor is None:
            print("no plain page at /p/ (public_web not there yet): measuring the others")
        else:
            floor_server, floor_url = serve_floor(floor)
            targets.append(
                Target("plain", "plain page /p/c2023_01", f"{base}/p/{SITE}", "h1",
                       SITE_NAME, "ul.cards li", 1)
            )  # fmt: skip
            targets.append(
                Target("floor", "static file, same text (floor)", floor_url, "h1", SITE_NAME,
                       "ul.cards li", 1)
            )  # fmt: skip
        targets.append(
            Target("streamlit", "Streamlit /compound?site=c2023_01", f"{base}/compound?site={SITE}",
                   "h1", SITE_NAME, '[data-testid="stProgress"]', 2,
                   (LOGIN_COOKIE_NAME, token, base))
        )  # fmt: skip
        targets.append(Target("empty", "empty Streamlit page", empty_url, "h1", "空白页", "h1", 1))
        results = measure(targets, args.runs)
    finally:
        if floor_server is not None:
            floor_server.shutdown()
        if streamlit is not None:
            stop_streamlit(streamlit)
        if app is not None:
            app.stop()
    block = table(targets, results, args.runs, started)
    print(block)
    if args.write_readme:
        write_readme(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
