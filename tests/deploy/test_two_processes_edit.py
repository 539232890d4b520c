"""Two staff save the same work item through two app processes: the later save is refused.

Each staff member's session runs in its own operating-system process with its own Streamlit
runtime, engine and caches (AppTest driving the real entry point and editor page), on one
database, as behind the proxy. Both load the item, the first saves, the second saves on top
of what it loaded: the second is refused and the first one's value stays. Nothing one
process remembers may let an edit through that the database's version check refuses.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlmodel import Session, select

from db.models import Programme, Site, WorkItem
from db.session import make_engine, session_scope
from planner.accounts.sessions import issue_login_token
from planner.accounts.users import authenticate, create_user
from planner.runtime.startup import ensure_database_ready
from planner.works.items import list_work_items

ROOT = Path(__file__).resolve().parents[2]
STAFF = (("staff_a", "甲的密码 test 1"), ("staff_b", "乙的密码 test 2"))


def _staff_session(url: str, token: str, site_id: int, row: int, value: float, pipe) -> None:  # noqa: ANN001
    """One app process: open the editor, wait for "save", save ``value`` in ``row``."""
    os.environ["PLANNER_DATABASE_URL"] = url
    os.chdir(ROOT)
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import app_test as app_test_module

    from pages._auth import TOKEN_KEY

    class _NavigationOnly(PagesManager):
        pass  # see tests/pages/conftest.py: AppTest without the legacy pages/ mode

    app_test_module.PagesManager = _NavigationOnly
    PagesManager.uses_pages_directory = False
    try:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.session_state[TOKEN_KEY] = token
        at.run()
        at.switch_page("pages/work_items_editor.py")
        at.query_params["site"] = str(site_id)
        at.run()
        loaded = at.data_editor[0].value["completed_quantity"][row]
        pipe.send(("loaded", float(loaded)))
        assert pipe.recv() == "save"
        editor = at.data_editor[0]
        edit = {
            "edited_rows": {row: {"completed_quantity": value}},
            "added_rows": [],
            "deleted_rows": [],
        }
        at.session_state[editor.key] = edit
        next(b for b in at.button if b.label == "保存修改").click().run()
        # A completed quantity that goes down asks for a reason first, as a person gives it.
        confirm = [c for c in at.checkbox if c.label == "我已核实，确认保存"]
        if confirm:
            confirm[0].check()
            next(t for t in at.text_input if t.label.startswith("原因")).input("复测更正")
            at.session_state[editor.key] = edit
            next(b for b in at.button if b.label == "确认并保存").click().run()
        pipe.send(
            ("saved", [e.value for e in at.error], [s.value for s in at.success], os.getpid())
        )
    except Exception as exc:  # noqa: BLE001  (reported to the test, which fails with it)
        pipe.send(("crashed", repr(exc)))


@contextmanager
def _children_start_from_their_target() -> Iterator[None]:
    """A spawned child first runs this process's ``__main__`` file. A Streamlit script run in
    this pytest process (any AppTest test before this one) leaves the script installed as
    ``__main__``: the children would run the entry point at start, against the default
    database, two at once (a race to migrate ``data/planner.db``). While they start,
    ``__main__`` is a plain module with no file."""
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = saved


def test_stale_edit_is_refused_across_two_app_processes(db_url: str) -> None:
    engine = make_engine(db_url)
    ensure_database_ready(engine)
    tokens = []
    with session_scope(engine) as session:
        for username, password in STAFF:
            create_user(session, username=username, password=password, role="staff")
            tokens.append(issue_login_token(session, authenticate(session, username, password)))
    with Session(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.key == "c2023_01")).one()
        programme_id = session.exec(select(Programme.id).where(Programme.key == "p2023")).one()
        rows = list_work_items(session, site_id=site_id, programme_id=programme_id)
    heating = next(i for i, r in enumerate(rows) if r.scope_key == "heating_main")
    item_id = rows[heating].id

    context = multiprocessing.get_context("spawn")
    pipes, processes = [], []
    with _children_start_from_their_target():
        for token, value in zip(tokens, (111.0, 222.0), strict=True):
            mine, theirs = context.Pipe()
            process = context.Process(
                target=_staff_session, args=(db_url, token, site_id, heating, value, theirs)
            )
            process.start()
            pipes.append(mine)
            processes.append(process)
    try:
        loaded = [pipe.recv() for pipe in pipes]  # both have the item open, version 1
        assert all(message[0] == "loaded" for message in loaded), loaded
        results = []
        for pipe in pipes:  # first A saves, then B, each in its own process
            pipe.send("save")
            assert pipe.poll(120), "an app process did not answer"
            results.append(pipe.recv())
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    assert [r[0] for r in results] == ["saved", "saved"], results
    (_, errors_a, success_a, pid_a), (_, errors_b, success_b, pid_b) = results
    assert pid_a != pid_b
    assert errors_a == [] and success_a, results
    assert success_b == [] and any("在您载入后已被其他用户修改" in e for e in errors_b), results
    with Session(engine) as session:
        item = session.get(WorkItem, item_id)
        assert (item.completed_quantity, item.version) == (111.0, 2)
    engine.dispose()


@pytest.fixture(autouse=True)
def _no_database_url_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    """The children set their own PLANNER_DATABASE_URL; keep this process's untouched."""
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
