"""The browser harness itself: skip/fail policy, request filtering, server start errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import helpers
from tests.browser.helpers import RequestLog, require_browser, start_streamlit


def test_chromium_flags_and_path():
    assert "--no-sandbox" in helpers.CHROMIUM_ARGS
    assert "--disable-quic" in helpers.CHROMIUM_ARGS
    path = helpers.chromium_path()
    assert path is None or path.name == "chromium"


@pytest.mark.parametrize("ci", ["", "false", "1"])
def test_missing_browser_skips_outside_ci(monkeypatch, ci):
    monkeypatch.setattr(helpers, "chromium_path", lambda: None)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        require_browser()


def test_missing_browser_fails_under_ci(monkeypatch):
    monkeypatch.setattr(helpers, "playwright_available", lambda: False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="playwright"):
        require_browser()


def test_request_log_flags_only_non_local_hosts():
    log = RequestLog(
        [
            "http://127.0.0.1:8501/app/static/vendor/leaflet/leaflet.js",
            "ws://127.0.0.1:8501/_stcore/stream",
            "data:image/png;base64,AAAA",
            "blob:http://127.0.0.1:8501/1234",
            "about:blank",
            "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
            "http://localhost:8501/",
            "https://tile.openstreetmap.org/1/1/1.png",
        ]
    )
    assert log.non_local() == [
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "http://localhost:8501/",
        "https://tile.openstreetmap.org/1/1/1.png",
    ]
    assert log.matching("leaflet.js") == [log.urls[0], log.urls[5]]


def test_start_streamlit_reports_the_log_when_the_server_dies(tmp_path: Path):
    with pytest.raises(RuntimeError, match="(?s)exited with code.*Log:"):
        start_streamlit(tmp_path / "missing_app.py", {}, helpers.PROJECT_ROOT, timeout=30)
