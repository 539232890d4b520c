"""Benchmark: the planning map at city scale against a naive folium baseline, in one run.

For each size (200, 2,000 and 20,000 buildings by default) the script seeds a synthetic city
(``planner.runtime.seed.seed_synthetic``, the same as ``planner seed --synthetic-buildings N``)
into a temporary SQLite file and measures, through ``streamlit run`` and headless Chromium on
127.0.0.1 only:

* **warm**: navigation → everything drawn, the browser (and its HTTP cache) already used;
* **fresh**: the same in a newly launched browser with an empty cache;
* **server s/rerun**: script time of the rerun a click on the map causes (from the
  ``new_session`` message that starts the run to the ``script_finished`` that ends it, as the
  browser receives them over the websocket);
* **bytes/building**: what a fresh browser downloads for the map — every HTTP response inside
  the map's iframe (encoded size, headers included) plus the websocket messages of the page
  load, which carry the map script — divided by the number of buildings.

"All drawn" means: for the planner page, the map container carries ``data-planner-drawn``
(set right after the canvas has drawn every feature with its colours); for the baseline, the
iframe holds one SVG path per building. The baseline (``benchmarks/baseline_map_app.py``)
reads every building into a GeoDataFrame on each run and shows it as folium's default
GeoJSON layer through ``st_folium``, with Leaflet served locally so that it draws offline. An
empty Streamlit page is measured too, as the floor of any page.

Times are medians of ``--runs`` repetitions; they depend on the machine and on what else runs
on it (the load average is printed). Run from the repository root::

    .venv/bin/python benchmarks/map_benchmark.py                 # prints the table
    .venv/bin/python benchmarks/map_benchmark.py --write-readme  # also rewrites README.md

Never needs the internet; never runs ``playwright install`` (uses Debian's Chromium).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make the project importable
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session, select  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from db.migrate import upgrade_to_head  # noqa: E402
from db.models import ProgrammeSite  # noqa: E402
from db.session import make_engine, session_scope  # noqa: E402
from maps.assets import install_static_assets  # noqa: E402
from planner.accounts.sessions import LOGIN_COOKIE_NAME as COOKIE_NAME  # noqa: E402
from planner.accounts.sessions import issue_login_token  # noqa: E402
from planner.accounts.users import authenticate, create_user  # noqa: E402
from planner.catalogue_table import sync_scope_catalogue  # noqa: E402
from planner.runtime.seed import seed_synthetic  # noqa: E402
from tests.browser.helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    chromium_path,
    start_streamlit,
    stop_streamlit,
)

SIZES = (200, 2_000, 20_000)
TARGETS = {"warm": 1.2, "fresh": 2.0, "server": 0.1, "bytes": 250}
VIEWPORT = {"width": 1400, "height": 1000}
LOAD_TIMEOUT_MS = 180_000
README = Path(__file__).with_name("README.md")
GC_OFF = "planner without gc.freeze"
APP_SERVER = "planner, app server (warm start)"
BENCHMARK_PASSWORD = "map timing 2026 staff login"
EMPTY_APP = 'import streamlit as st\n\nst.title("Empty page")\n'

PLANNER_DRAWN = """() => {
  const div = document.getElementById("map_div");
  return !!div && div.hasAttribute("data-planner-drawn");
}"""
BASELINE_DRAWN = """(n) => document.querySelectorAll("path.leaflet-interactive").length >= n"""

# Puts a compound of the planner map in view and returns a point that hits exactly it.
PLANNER_POINT = """(id) => {
  const pm = window.plannerMap;
  pm.map.fitBounds(pm.bounds("c", id), {animate: false, maxZoom: 17});
  return pm.pointOf("c", id);
}"""
# Puts the i-th building of the baseline map in view and returns its centre.
BASELINE_POINT = """(i) => {
  let k = 0, target = null;
  map_div.eachLayer((l) => { if (l.feature && k++ === i) { target = l; } });
  map_div.fitBounds(target.getBounds(), {animate: false, maxZoom: 18});
  const p = map_div.latLngToContainerPoint(target.getBounds().getCenter());
  return [p.x, p.y];
}"""


# --------------------------------------------------------------------------------------------
# Recording what a page loads and when the server runs the script
# --------------------------------------------------------------------------------------------


@dataclass
class Recorder:
    """HTTP requests of the map iframe, websocket bytes and script-run messages of one page."""

    page: Any
    requests: list[Any] = field(default_factory=list)
    ws_bytes: int = 0
    runs: list[tuple[float, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("requestfinished", lambda request: self.requests.append(request))
        self.page.on("websocket", self._websocket)

    def _websocket(self, ws: Any) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload: Any) -> None:
        now = time.monotonic()
        if isinstance(payload, str):
            self.ws_bytes += len(payload.encode("utf-8"))
            return
        self.ws_bytes += len(payload)
        kind = ForwardMsg.FromString(bytes(payload)).WhichOneof("type")
        if kind in ("new_session", "script_finished"):
            self.runs.append((now, kind))

    def map_http_bytes(self) -> int:
        """Encoded bytes (with headers) of every response inside the map iframe."""
        total = 0
        for request in self.requests:
            try:
                frame = request.frame
                if frame == self.page.main_frame:
                    continue
                sizes = request.sizes()
            except Exception:  # noqa: BLE001 - a detached frame: not part of the map
                continue
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total

    def reset(self) -> None:
        self.requests.clear()
        self.ws_bytes = 0
        self.runs.clear()


def _script_seconds(recorder: Recorder, since: int, timeout: float = 120.0) -> tuple[float, int]:
    """Script time of the rerun(s) after event ``since``: (seconds summed, number of runs).

    Waits until a run has finished and no new one started for 0.5 s (a page may rerun once
    more after a click); bounded by ``timeout``.
    """
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        recorder.page.wait_for_timeout(25)
        events = recorder.runs[since:]
        finished = events and events[-1][1] == "script_finished"
        if not finished:
            quiet_since = None
            continue
        quiet_since = quiet_since or time.monotonic()
        if time.monotonic() - quiet_since >= 0.5:
            total, runs, start = 0.0, 0, None
            for stamp, kind in events:
                if kind == "new_session":
                    start = stamp
                elif start is not None:
                    total += stamp - start
                    runs += 1
                    start = None
            return total, runs
    raise TimeoutError("the rerun after the click did not finish")


# --------------------------------------------------------------------------------------------
# The apps
# --------------------------------------------------------------------------------------------


@dataclass
class App:
    """One app to measure: how to start it, where its map is, how to know it is drawn."""

    name: str
    script: Path
    path: str
    drawn: str | None
    drawn_arg: Any = None
    click_point: str | None = None
    click_targets: list[Any] = field(default_factory=list)
    login_token: str | None = None  # the planner's map is for staff: a logged-in browser


def _new_context(browser: Any, app: App, base_url: str) -> Any:
    """A browser context (tab group) that carries the login cookie, as after a staff login."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    if app.login_token:
        context.add_cookies([{"name": COOKIE_NAME, "value": app.login_token, "url": base_url}])
    return context


def _postgres_schema_url(base: str, schema: str) -> str:
    """A clean schema on the PostgreSQL server of ``base``; a URL whose connections use it."""
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    finally:
        admin.dispose()
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _drop_postgres_schema(base: str, schema: str) -> None:
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    finally:
        admin.dispose()


def _seed(url: str, n_buildings: int) -> tuple[str, list[int], str]:
    engine = make_engine(url)
    upgrade_to_head(engine)
    with session_scope(engine) as session:
        sync_scope_catalogue(session)
        seed_synthetic(session, n_buildings)
        create_user(session, username="benchmark", password=BENCHMARK_PASSWORD, role="staff")
    with session_scope(engine) as session:
        token = issue_login_token(session, authenticate(session, "benchmark", BENCHMARK_PASSWORD))
    with Session(engine) as session:
        site_ids = list(session.exec(select(ProgrammeSite.site_id)).all())
    engine.dispose()
    # Five compounds spread over the city, for the clicks.
    picks = [site_ids[int(i * (len(site_ids) - 1) / 4)] for i in range(5)]
    return url, picks, token


_RECORDERS: dict[int, Recorder] = {}


def _map_frame(page: Any) -> Any | None:
    """The map's iframe (Streamlit may replace the element while the page settles)."""
    frames = [f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached()]
    return frames[-1] if frames else None


def _wait_drawn(page: Any, condition: str, arg: Any, timeout: float = 180.0) -> Any:
    """Poll (every 20 ms, bounded) until ``condition`` holds in the map's iframe."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frame = _map_frame(page)
        if frame is not None:
            try:
                if frame.evaluate(condition, arg):
                    return frame
            except Exception:  # noqa: BLE001 - navigating or detached: look again
                pass
        page.wait_for_timeout(20)
    raise TimeoutError("the map was not drawn in time")


def _timed_load(browser: Any, app: App, base_url: str, page: Any | None = None) -> dict:
    """Navigate to the app and wait until the map is drawn; seconds and bytes."""
    own_page = page is None
    if own_page:
        page = _new_context(browser, app, base_url).new_page()
        page.set_default_timeout(LOAD_TIMEOUT_MS)
    recorder = _RECORDERS.get(id(page)) or _RECORDERS.setdefault(id(page), Recorder(page))
    recorder.reset()
    started = time.monotonic()
    page.goto(f"{base_url}/{app.path}")
    if app.drawn is None:
        page.get_by_text("Empty page").wait_for()
    else:
        _wait_drawn(page, app.drawn, app.drawn_arg)
    seconds = time.monotonic() - started
    result = {
        "seconds": seconds,
        "http_bytes": recorder.map_http_bytes(),
        "ws_bytes": recorder.ws_bytes,
    }
    if own_page:
        _RECORDERS.pop(id(page), None)
        page.context.close()
    return result


def _launch(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=str(chromium_path()), args=list(CHROMIUM_ARGS), headless=True
    )


def measure(playwright: Any, app: App, env: dict[str, str], runs: int, clicks: int) -> dict:
    """Start the app, load it cold, fresh and warm, click; stop it."""
    process, base_url = start_streamlit(app.script, env, ROOT, timeout=120)
    try:
        browser = _launch(playwright)
        cold = _timed_load(browser, app, base_url)  # first load after start (files written)
        browser.close()
        fresh = []
        for _ in range(runs):
            browser = _launch(playwright)  # a new browser process: empty cache
            fresh.append(_timed_load(browser, app, base_url))
            browser.close()
        browser = _launch(playwright)
        page = _new_context(browser, app, base_url).new_page()
        page.set_default_timeout(LOAD_TIMEOUT_MS)
        _timed_load(browser, app, base_url, page)  # prime the cache
        warm = [_timed_load(browser, app, base_url, page) for _ in range(runs)]
        server, reruns = [], []
        if app.click_point:
            frame = _map_frame(page)
            recorder = _RECORDERS[id(page)]
            for target in app.click_targets[:clicks]:
                point = frame.evaluate(app.click_point, target)
                page.wait_for_timeout(300)  # let st_folium's debounced view update settle
                since = len(recorder.runs)
                frame.locator("#map_div").click(position={"x": point[0], "y": point[1]})
                seconds, count = _script_seconds(recorder, since)
                server.append(seconds)
                reruns.append(count)
        _RECORDERS.pop(id(page), None)
        browser.close()
    finally:
        stop_streamlit(process)
        process.log_path.unlink(missing_ok=True)
    first = fresh[0]
    return {
        "cold": cold["seconds"],
        "fresh": statistics.median(r["seconds"] for r in fresh),
        "fresh_all": [r["seconds"] for r in fresh],
        "warm": statistics.median(r["seconds"] for r in warm),
        "warm_all": [r["seconds"] for r in warm],
        "server": statistics.median(server) if server else None,
        "server_all": server,
        "reruns": reruns,
        "http_bytes": first["http_bytes"],
        "ws_bytes": first["ws_bytes"],
    }


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _mark(value: float | None, target: float) -> str:
    if value is None:
        return ""
    return " ✓" if value <= target else " ✗"


def table(results: list[dict], empty: dict | None) -> str:
    """The results as a Markdown table; ✓/✗ against the targets on the largest planner row."""
    lines = [
        "| buildings | map | warm nav → drawn (s) | fresh nav → drawn (s) | "
        "server s/rerun after click | bytes/building (fresh) | first load after start (s) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    largest = max((x["n"] for x in results), default=0)
    for r in results:
        n, m = r["n"], r["metrics"]
        total = m["http_bytes"] + m["ws_bytes"]
        per = total / n
        check = r["app"].startswith("planner") and n == largest

        def cell(value: float | None, target: float, digits: int = 2) -> str:
            return _fmt(value, digits) + (_mark(value, target) if check else "")  # noqa: B023

        lines.append(
            f"| {n:,} | {r['app']} | {cell(m['warm'], TARGETS['warm'])}"
            f" | {cell(m['fresh'], TARGETS['fresh'])}"
            f" | {cell(m['server'], TARGETS['server'], 3)}"
            f" | {per:,.0f}{_mark(per, TARGETS['bytes']) if check else ''}"
            f" ({total / 1e6:.2f} MB) | {_fmt(m['cold'])} |"
        )
    if empty:
        size = (empty["http_bytes"] + empty["ws_bytes"]) / 1e6
        lines.append(
            f"| — | empty Streamlit page | {_fmt(empty['warm'])} | {_fmt(empty['fresh'])} | — "
            f"| — ({size:.2f} MB) | {_fmt(empty['cold'])} |"
        )
    return "\n".join(lines)


def ratios(results: list[dict]) -> str:
    """Warm start (first load after a start ÷ a fresh browser on a warm server, same app) and
    scale (each size's fresh load ÷ the 20,000-building one, same app), from one run."""
    lines = []
    for r in results:
        if r["app"].startswith("planner") and r["metrics"]["fresh"]:
            m = r["metrics"]
            lines.append(
                f"- {r['n']:,} {r['app']}: first load after start ÷ fresh load = "
                f"{m['cold'] / m['fresh']:.2f} (target ≤ 1.5 under the app server)"
            )
    base = {r["app"]: r["metrics"]["fresh"] for r in results if r["n"] == 20_000}
    for r in results:
        if r["n"] > 20_000 and base.get(r["app"]):
            lines.append(
                f"- {r['n']:,} ÷ 20,000 buildings, {r['app']}, fresh load: "
                f"{r['metrics']['fresh'] / base[r['app']]:.2f} (target ≤ 2)"
            )
    return "\n".join(lines)


def against_baselines(results: list[dict], empty: dict | None) -> str:
    """At the largest size, each planner row beside the two baselines of the same run: the
    empty Streamlit page (the floor of any page) and the naive map. These hold when the
    machine's speed does not (it varies by about 2x from hour to hour)."""
    largest = max((r["n"] for r in results), default=0)
    naive = next((r["metrics"] for r in results if r["n"] == largest and "naive" in r["app"]), None)
    lines = []
    for r in results:
        if r["n"] != largest or not r["app"].startswith("planner"):
            continue
        m, parts = r["metrics"], []
        if empty and empty["warm"] and m["warm"]:
            parts.append(f"warm ÷ empty page {m['warm'] / empty['warm']:.1f}")
        if empty and empty["fresh"] and m["fresh"]:
            parts.append(f"fresh ÷ empty page {m['fresh'] / empty['fresh']:.1f}")
        if naive and naive["warm"] and m["warm"]:
            parts.append(f"warm ÷ naive {m['warm'] / naive['warm']:.2f}")
        if naive and naive["server"] and m["server"]:
            parts.append(f"server per click ÷ naive {m['server'] / naive['server']:.3f}")
        if parts:
            lines.append(f"- {largest:,} {r['app']}: " + "; ".join(parts))
    return "\n".join(lines)


def details(results: list[dict]) -> str:
    out = []
    for r in results:
        m = r["metrics"]
        out.append(
            f"- {r['n']:,} {r['app']}: warm {', '.join(_fmt(x) for x in m['warm_all'])} s; "
            f"fresh {', '.join(_fmt(x) for x in m['fresh_all'])} s; "
            f"server {', '.join(_fmt(x, 3) for x in m['server_all'])} s "
            f"(script runs per click: {m['reruns']}); "
            f"map HTTP {m['http_bytes'] / 1e3:,.0f} KB + websocket {m['ws_bytes'] / 1e3:,.0f} KB"
        )
    return "\n".join(out)


def environment() -> str:
    try:
        chromium = subprocess.run(
            [str(chromium_path()), "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "Chromium (version unknown)"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {chromium}, load average at the end {load}"
    )


def write_readme(report: str, section: str = "results") -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    if start in text and end in text:
        text = (
            text[: text.index(start) + len(start)] + "\n" + report + "\n" + text[text.index(end) :]
        )
    else:
        text = f"{text.rstrip()}\n\n{start}\n{report}\n{end}\n"
    README.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each load (median)")
    parser.add_argument("--clicks", type=int, default=5, help="clicks on the planner map")
    parser.add_argument("--baseline-clicks", type=int, default=3)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--skip-gc-variant",
        action="store_true",
        help="do not measure the planner again with PLANNER_GC_FREEZE=0",
    )
    parser.add_argument(
        "--skip-app-server",
        action="store_true",
        help="do not measure the page under the app's own server (deploy/asgi.py, warm start)",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="seed each size into a schema of this PostgreSQL server instead of a SQLite file",
    )
    parser.add_argument(
        "--write-readme", action="store_true", help="rewrite the results in README.md"
    )
    parser.add_argument(
        "--readme-section",
        default="results",
        help="which results block of README.md to rewrite (results, or province for the "
        "PostgreSQL province-scale run)",
    )
    args = parser.parse_args(argv)
    if chromium_path() is None:
        print(
            "Chromium is not installed (apt-get install chromium fonts-noto-cjk)", file=sys.stderr
        )
        return 2

    from playwright.sync_api import sync_playwright

    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="map-benchmark-") as tmp_name, sync_playwright() as pw:
        tmp = Path(tmp_name)
        # The baseline and the empty page run from their own folder with their own static/.
        apps_dir = tmp / "apps"
        (apps_dir / "static").mkdir(parents=True)
        shutil.copyfile(Path(__file__).with_name("baseline_map_app.py"), apps_dir / "baseline.py")
        (apps_dir / "empty.py").write_text(EMPTY_APP, encoding="utf-8")
        install_static_assets(apps_dir / "static")
        base_env = {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}

        empty = measure(
            pw, App("empty", apps_dir / "empty.py", "", None), base_env, args.runs, clicks=0
        )
        print(f"empty page: warm {empty['warm']:.2f} s, fresh {empty['fresh']:.2f} s", flush=True)
        for n in args.sizes:
            started = time.monotonic()
            if args.postgres:
                db_url = _postgres_schema_url(args.postgres, f"map_benchmark_{n}")
            else:
                db_url = f"sqlite:///{tmp / f'city{n}.db'}"
            url, picks, token = _seed(db_url, n)
            print(f"seeded {n:,} buildings in {time.monotonic() - started:.1f} s", flush=True)
            env = {**base_env, "PLANNER_DATABASE_URL": url}
            planner = App(
                "planner",
                ROOT / "streamlit_app.py",
                "planning_map",
                PLANNER_DRAWN,
                click_point=PLANNER_POINT,
                click_targets=picks,
                login_token=token,
            )
            m = measure(pw, planner, env, args.runs, args.clicks)
            results.append({"n": n, "app": "planner", "metrics": m})
            print(table(results[-1:], None).splitlines()[-1], flush=True)
            if not args.skip_app_server:
                # The same page under the app's own server (deploy/asgi.py, what run.sh and
                # planner serve start), which builds every map before it takes traffic.
                served = replace(planner, script=ROOT / "deploy" / "asgi.py")
                m = measure(pw, served, env, args.runs, args.clicks)
                results.append({"n": n, "app": APP_SERVER, "metrics": m})
                print(table(results[-1:], None).splitlines()[-1], flush=True)
            if not args.skip_gc_variant:
                # The same page without the app's gc.freeze(): Streamlit's full garbage
                # collection after each run then walks every library object too.
                no_gc = {**env, "PLANNER_GC_FREEZE": "0"}
                m = measure(pw, planner, no_gc, args.runs, args.clicks)
                results.append({"n": n, "app": GC_OFF, "metrics": m})
                print(table(results[-1:], None).splitlines()[-1], flush=True)
            if not args.skip_baseline:
                baseline = App(
                    "naive baseline",
                    apps_dir / "baseline.py",
                    "",
                    BASELINE_DRAWN,
                    drawn_arg=n,
                    click_point=BASELINE_POINT,
                    click_targets=[0, n // 2, n - 1],
                )
                m = measure(pw, baseline, env, args.runs, args.baseline_clicks)
                results.append({"n": n, "app": "naive baseline", "metrics": m})
                print(table(results[-1:], None).splitlines()[-1], flush=True)
            if args.postgres:
                _drop_postgres_schema(args.postgres, f"map_benchmark_{n}")

    report = "\n\n".join(
        [
            f"Measured {environment()}; database: "
            f"{'PostgreSQL' if args.postgres else 'SQLite file'}.",
            table(results, empty),
            "Ratios, from this run:\n\n"
            + "\n".join(x for x in (ratios(results), against_baselines(results, empty)) if x),
            f"Targets at {max(args.sizes):,} buildings (✓/✗ on the planner row): warm ≤ "
            f"{TARGETS['warm']} s, fresh ≤ {TARGETS['fresh']} s, server ≤ {TARGETS['server']} s "
            f"per rerun after a click, ≤ {TARGETS['bytes']} bytes per building.",
            "Every run (seconds):\n\n" + details(results),
        ]
    )
    print()
    print(report)
    if args.write_readme:
        write_readme(report, args.readme_section)
        print(f"\nwrote {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
