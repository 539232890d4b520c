"""AppTest fixtures: the app on its own seeded SQLite database."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from db.session import make_engine, session_scope
from pages._auth import TOKEN_KEY
from planner.accounts.access import Role
from planner.accounts.sessions import issue_login_token
from planner.accounts.users import authenticate, create_user
from planner.runtime.startup import ensure_database_ready

ROOT = Path(__file__).resolve().parents[2]
#: One account per role in the test database; the password is the same for all.
TEST_USERS = {Role.STAFF: "staff_wang", Role.ENGINEER: "engineer_li", Role.ADMIN: "admin_zhao"}
TEST_PASSWORD = "test password 2023"


@pytest.fixture(scope="session")
def seeded_db_template(tmp_path_factory) -> Path:
    """A SQLite file migrated and seeded once per test run (copied for each test)."""
    path = tmp_path_factory.mktemp("template") / "planner.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        for role, username in TEST_USERS.items():
            create_user(session, username=username, password=TEST_PASSWORD, role=role)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def role_tokens(seeded_db_template) -> dict[Role, str]:
    """A login token for each test account, valid in every copy of the template database."""
    engine = make_engine(f"sqlite:///{seeded_db_template}")
    tokens = {}
    with session_scope(engine) as session:
        for role, username in TEST_USERS.items():
            user = authenticate(session, username, TEST_PASSWORD)
            tokens[role] = issue_login_token(session, user)
    engine.dispose()
    return tokens


class _NavigationOnlyPagesManager(PagesManager):
    """AppTest's pages manager, minus the legacy pages/ mode.

    AppTest resets Streamlit's "legacy pages/ folder" flag before every run, so each run would
    start in that mode, and the frame's way out of it (a rerun, see pages/_streamlit_compat.py)
    would swallow button clicks. AppTest assigns the reset to this subclass, leaving the flag
    that Streamlit reads at False. The way out itself is covered by the browser tests and by
    tests/pages/test_streamlit_compat.py.
    """


@pytest.fixture
def anonymous_app(seeded_db_template, tmp_path, monkeypatch) -> AppTest:
    """The whole app (entry point and navigation) on a fresh copy of the seeded database,
    seen by a visitor who has not logged in."""
    monkeypatch.setattr(app_test_module, "PagesManager", _NavigationOnlyPagesManager)
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    db_file = tmp_path / "planner.db"
    shutil.copy(seeded_db_template, db_file)
    monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{db_file}")
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:=\"'&])")


def shown(text: object) -> str:
    """Markdown source as a reader sees it: escapes read, the invisible joiner that stops
    autolinks dropped (``planner.markup``)."""
    return _ESCAPED.sub(r"\1", str(text)).replace("\u2060", "")


def page_source(at: AppTest) -> str:
    """The Markdown source of markdown, metrics, captions, titles and info boxes, joined."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        parts += [str(el.value) for el in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def page_text(at: AppTest) -> str:
    """All visible text of markdown, metrics, captions, titles and info boxes, joined, as a
    reader sees it (Markdown's escapes read)."""
    return shown(page_source(at))


def log_in_as(at: AppTest, role: Role | None, tokens: dict[Role, str]) -> AppTest:
    """Make ``at`` a session of the test account with ``role`` (None: not logged in)."""
    if role is None:
        at.session_state[TOKEN_KEY] = None
    else:
        at.session_state[TOKEN_KEY] = tokens[role]
    return at


@pytest.fixture
def app(anonymous_app, role_tokens) -> AppTest:
    """The whole app on a fresh copy of the seeded database, logged in as bureau staff."""
    return log_in_as(anonymous_app, Role.STAFF, role_tokens)


@pytest.fixture
def admin_app(anonymous_app, role_tokens) -> AppTest:
    """The whole app on a fresh copy of the seeded database, logged in as an administrator."""
    return log_in_as(anonymous_app, Role.ADMIN, role_tokens)
