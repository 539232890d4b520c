"""Fixtures for browser tests: headless Debian Chromium through Playwright, Streamlit servers.

Browser tests are skipped only when Chromium or the playwright package is missing *and* ``CI`` is
not ``"true"``; under ``CI=true`` a missing browser fails the tests instead.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import (
    PROJECT_ROOT,
    RUNNING_SERVERS,
    TIMINGS,
    require_browser,
    running_streamlit,
)

APPS_DIR = Path(__file__).parent / "apps"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser with ``browser`` (so ``-m "not browser"`` works)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[Any]:
    """On a failure, add the log (and exit code, if it died) of every running test server."""
    report = yield
    if report.failed and RUNNING_SERVERS:
        for server in RUNNING_SERVERS:
            state = "running" if server.poll() is None else f"exited with {server.returncode}"
            report.sections.append(
                (f"streamlit server {server.pid} ({state}) log", server.log_text()[-20_000:])
            )
    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Show the timings browser tests measured (relative figures: they vary with machine load)."""
    if TIMINGS:
        terminalreporter.section("browser timings")
        for label, seconds in TIMINGS:
            terminalreporter.write_line(f"{label}: {seconds:.2f} s")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context and page per test (no shared cookies or cache)."""
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="zh-CN")
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def copy_app(app_name: str, target_dir: Path) -> Path:
    """Copy ``apps/<app_name>`` into ``target_dir`` next to an empty ``static/`` folder.

    Streamlit serves the ``static/`` folder beside the *main script*, so each test app runs
    from its own temporary folder and never writes into the repository.
    """
    target_dir.mkdir(parents=True, exist_ok=True)
    (target_dir / "static").mkdir(exist_ok=True)
    script = target_dir / app_name
    shutil.copyfile(APPS_DIR / app_name, script)
    return script


@pytest.fixture(scope="module")
def streamlit_server() -> Iterator[Callable[..., str]]:
    """Factory ``serve(script, env=None, cwd=PROJECT_ROOT) -> base_url``; servers stop at teardown.

    ``cwd`` decides which ``.streamlit/config.toml`` applies; the ``static/`` folder served is
    the one next to ``script`` (see :func:`copy_app`).
    """
    with contextlib.ExitStack() as stack:

        def serve(script: Path, env: dict[str, str] | None = None, cwd: Path = PROJECT_ROOT) -> str:
            _process, base_url = stack.enter_context(running_streamlit(script, env, cwd))
            return base_url

        yield serve


@pytest.fixture(scope="module")
def offline_map_app(
    tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]
) -> str:
    """Base URL of ``apps/offline_map_app.py`` served by ``streamlit run`` from the project root."""
    require_browser()  # no point in starting a server the tests cannot drive
    script = copy_app("offline_map_app.py", tmp_path_factory.mktemp("offline_map_app"))
    return streamlit_server(script)
