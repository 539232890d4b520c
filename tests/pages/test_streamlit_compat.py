"""The Streamlit internals of pages/_streamlit_compat.py, each both ways: inside the tested
versions (the internal) and outside them (the public fallback), with the same result."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from pages import _streamlit_compat as compat
from planner.versions import TestedRange
from tests.pages.conftest import ROOT, page_text

#: A range the installed Streamlit is never in: the code takes its public fallback.
UNTESTED = TestedRange("streamlit", (0,), (0, 1))


@pytest.fixture
def legacy_app(seeded_db_template, tmp_path, monkeypatch) -> AppTest:
    """The whole app as Streamlit starts it in a new process: in its legacy pages/ mode (AppTest
    resets the flag before every run), the first request asking for the compound page."""
    db_file = tmp_path / "planner.db"
    shutil.copy(seeded_db_template, db_file)
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{db_file}")
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("pages/compound.py")  # the first request: /compound
    return at


def _assert_compound_page_in_the_frame(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert "查找我的小区" in page_text(at)  # the page asked for, not the default one
    assert at.sidebar.radio, "the frame's sidebar (its language switch) is missing"
    assert compat.WANTED_KEY not in at.session_state


def test_the_installed_streamlit_is_in_the_tested_range():
    assert compat.use_internals(), (
        f"streamlit {compat.STREAMLIT.installed()} is outside {compat.STREAMLIT.specifier()}: "
        "test the internals on it, then widen the range here and in pyproject.toml"
    )


def test_a_first_request_in_legacy_mode_runs_its_page_in_the_frame(legacy_app):
    legacy_app.run()
    _assert_compound_page_in_the_frame(legacy_app)


def test_outside_the_tested_versions_the_public_fallback_does_the_same(legacy_app, monkeypatch):
    monkeypatch.setattr(compat, "STREAMLIT", UNTESTED)
    assert not compat.use_internals()
    legacy_app.run()
    _assert_compound_page_in_the_frame(legacy_app)


def test_the_fallback_keeps_the_query_parameters(legacy_app, monkeypatch, seeded_db_template):
    monkeypatch.setattr(compat, "STREAMLIT", UNTESTED)
    legacy_app.query_params["lang"] = "en"
    legacy_app.run()
    assert not legacy_app.exception, legacy_app.exception
    assert legacy_app.query_params.get("lang") in ("en", ["en"])


def test_session_count_is_left_out_outside_the_tested_versions(monkeypatch):
    class Boom:
        @classmethod
        def instance(cls):  # noqa: ANN206
            raise AssertionError("the fallback must not touch the runtime")

    monkeypatch.setattr("streamlit.runtime.Runtime", Boom)
    monkeypatch.setattr(compat, "STREAMLIT", UNTESTED)
    assert compat.active_sessions() is None


def test_session_count_without_a_server_is_none():
    assert compat.use_internals()
    assert compat.active_sessions() is None  # no Streamlit runtime in a test process
