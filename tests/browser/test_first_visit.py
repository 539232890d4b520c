"""The first visitor after a server start sees the app's own menu, never Streamlit's file menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from db.session import make_engine
from planner.runtime.startup import ensure_database_ready
from tests.browser.helpers import PROJECT_ROOT

# Records, from the first byte of the page on, whether Streamlit's automatic menu of the files
# in pages/ (data-testid "stSidebarNav") is ever put on the page, however briefly.
WATCH_FOR_FILE_MENU = """
window.__fileMenuSeen = [];
new MutationObserver(() => {
  const nav = document.querySelector('[data-testid="stSidebarNav"]');
  if (nav) window.__fileMenuSeen.push(nav.innerText);
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture(scope="module")
def fresh_app(
    tmp_path_factory: pytest.TempPathFactory, streamlit_server: Callable[..., str]
) -> str:
    """A server just started on a seeded database: no page has run in it yet."""
    db_file = tmp_path_factory.mktemp("first_visit") / "planner.db"
    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    engine.dispose()
    return streamlit_server(PROJECT_ROOT / "streamlit_app.py", env={"PLANNER_DATABASE_URL": url})


def test_first_visitor_never_sees_the_file_menu(page: Any, fresh_app: str) -> None:
    page.add_init_script(WATCH_FOR_FILE_MENU)
    page.goto(f"{fresh_app}/compound")  # the first request this process serves
    sidebar = page.get_by_test_id("stSidebar")
    page.get_by_text("查找我的小区").first.wait_for(timeout=60_000)
    # Our menu, drawn from the page registry (its links arrive just after the page's heading).
    sidebar.get_by_text("概览", exact=True).wait_for(timeout=30_000)
    page.wait_for_timeout(1_000)
    assert page.evaluate("() => window.__fileMenuSeen") == []
    text = sidebar.inner_text()
    assert "auth" not in text and "common" not in text and "widgets" not in text
