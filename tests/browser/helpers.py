"""Helpers for the browser tests: find Chromium, run ``streamlit run``, record page requests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: The project root (holds ``.streamlit/config.toml``); ``streamlit run`` is started from here.
PROJECT_ROOT = Path(__file__).resolve().parents[2]

#: Debian's Chromium: the real binary first (starts in about 0.35 s), then the wrapper script.
CHROMIUM_CANDIDATES = (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium"))

#: Launch flags for headless Chromium with no network side traffic (no sandbox: containers).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

#: Hosts a page may talk to in the offline tests.
LOCAL_HOSTS = frozenset({"127.0.0.1"})

#: Servers started by :func:`running_streamlit` and not yet stopped (their logs go into the
#: report of a failing test).
RUNNING_SERVERS: list[StreamlitProcess] = []

#: Timings the browser tests measured, ``(label, seconds)``; printed in pytest's summary.
TIMINGS: list[tuple[str, float]] = []

# Schemes that never leave the browser.
_LOCAL_SCHEMES = frozenset({"data", "blob", "about", "chrome", "chrome-extension"})


def chromium_path() -> Path | None:
    """Return the Chromium executable to drive, or None when none is installed."""
    for candidate in CHROMIUM_CANDIDATES:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("chromium")
    return Path(found) if found else None


def playwright_available() -> bool:
    """Tell whether the playwright package can be imported."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def browser_missing_reason() -> str | None:
    """Explain what is missing to run browser tests, or None when everything is there."""
    missing = []
    if not playwright_available():
        missing.append("the playwright Python package is not installed")
    if chromium_path() is None:
        missing.append(
            "Chromium is not installed (apt-get install -y --no-install-recommends "
            "chromium fonts-noto-cjk; never `playwright install`)"
        )
    return "; ".join(missing) or None


def is_ci() -> bool:
    """Tell whether we run under CI (``CI=true``), where browser tests must not be skipped."""
    return os.environ.get("CI", "").strip().lower() == "true"


def require_browser() -> None:
    """Skip (locally) or fail (under ``CI=true``) when Chromium or playwright is missing."""
    import pytest

    reason = browser_missing_reason()
    if reason is None:
        return
    if is_ci():
        pytest.fail(f"browser tests cannot run under CI=true: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (set CI=true to make this a failure)")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitProcess(subprocess.Popen):
    """A ``streamlit run`` process whose output goes to a log file."""

    log_path: Path

    def log_text(self) -> str:
        """Return what the server printed so far."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no log)"


def stop_streamlit(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop a server started by :func:`start_streamlit` (terminate, then kill)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


def _health_ok(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def start_streamlit(
    script: Path,
    env: Mapping[str, str] | None,
    cwd: Path,
    *,
    port: int | None = None,
    timeout: float = 60.0,
) -> tuple[StreamlitProcess, str]:
    """Run ``streamlit run SCRIPT`` headless on 127.0.0.1 and wait until it is healthy.

    Parameters
    ----------
    script : Path
        The app's main script. Streamlit serves the ``static/`` folder *next to this script*
        at ``/app/static/``.
    env : mapping of str to str, optional
        Extra environment variables, laid over ``os.environ``.
    cwd : Path
        Working directory: its ``.streamlit/config.toml`` applies and, with ``python -m``, it
        is on ``sys.path`` (so the project's packages import).
    port : int, optional
        Port to listen on; a free one by default.
    timeout : float
        Seconds to wait for ``GET /_stcore/health`` to answer ``ok``.

    Returns
    -------
    tuple of (StreamlitProcess, str)
        The running process (stop it with :func:`stop_streamlit`) and the base URL,
        e.g. ``http://127.0.0.1:40123``.

    Raises
    ------
    RuntimeError
        The server exited or did not become healthy in time; the message holds its log.
    """
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    full_env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    fd, log_name = tempfile.mkstemp(prefix="streamlit-test-", suffix=".log")
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        # Nothing edits the app during a test: no need for a file watcher.
        "--server.fileWatcherType",
        "none",
    ]
    with os.fdopen(fd, "wb") as log:
        process = StreamlitProcess(
            cmd, cwd=str(cwd), env=full_env, stdout=log, stderr=subprocess.STDOUT
        )
    process.log_path = Path(log_name)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            problem = f"streamlit exited with code {process.returncode} before answering"
            break
        if _health_ok(base_url):
            return process, base_url
        time.sleep(0.2)
    else:
        problem = f"streamlit did not answer with 'ok' within {timeout:.0f} s:"
        stop_streamlit(process)
    log_text = process.log_text()
    process.log_path.unlink(missing_ok=True)
    raise RuntimeError(f"{problem} {base_url}/_stcore/health. Log:\n{log_text}")


@contextlib.contextmanager
def running_streamlit(
    script: Path, env: Mapping[str, str] | None = None, cwd: Path = PROJECT_ROOT
) -> Iterator[tuple[StreamlitProcess, str]]:
    """Context manager around :func:`start_streamlit` that always stops the server."""
    process, base_url = start_streamlit(script, env, cwd)
    RUNNING_SERVERS.append(process)
    try:
        yield process, base_url
    finally:
        RUNNING_SERVERS.remove(process)
        stop_streamlit(process)
        process.log_path.unlink(missing_ok=True)


@dataclass
class RequestLog:
    """Every URL a page (and its iframes) requested, websockets included."""

    urls: list[str] = field(default_factory=list)

    def non_local(self, allowed_hosts: frozenset[str] = LOCAL_HOSTS) -> list[str]:
        """Return the requested URLs whose host is not in ``allowed_hosts``."""
        outside = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in _LOCAL_SCHEMES:
                continue
            if parts.hostname not in allowed_hosts:
                outside.append(url)
        return outside

    def matching(self, fragment: str) -> list[str]:
        """Return the requested URLs containing ``fragment``."""
        return [url for url in self.urls if fragment in url]


def record_requests(page: Any) -> RequestLog:
    """Start recording the URLs ``page`` requests (the page's ``request`` event covers iframes)."""
    log = RequestLog()
    page.on("request", lambda request: log.urls.append(request.url))
    page.on("websocket", lambda ws: log.urls.append(ws.url))
    return log


def seeded_database(directory: Path, users: Mapping[str, tuple[str, str]] = {}) -> str:  # noqa: B006  (read only)
    """A new SQLite database in ``directory``, migrated and seeded as on a first start, with
    these accounts (username → (password, role)); its URL."""
    from db.session import make_engine, session_scope
    from planner.accounts.users import create_user
    from planner.runtime.startup import ensure_database_ready

    url = f"sqlite:///{directory / 'planner.db'}"
    engine = make_engine(url)
    try:
        ensure_database_ready(engine)
        with session_scope(engine) as session:
            for username, (password, role) in users.items():
                create_user(session, username=username, password=password, role=role)
    finally:
        engine.dispose()
    return url
