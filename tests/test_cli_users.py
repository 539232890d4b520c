"""``planner user``: staff accounts from the command line, as an administrator would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from db.session import make_engine, session_scope
from planner.accounts.users import authenticate


def run_user(*args: str, url: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLANNER_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "planner.cli", "user", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_user_add_list_disable_enable(sqlite_url):
    added = run_user(
        "add", "wang", "--role", "staff", "--display-name", "王工", "--password-stdin",
        url=sqlite_url, stdin="a long enough password\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "a long enough password" not in added.stdout + added.stderr
    listed = json.loads(run_user("list", "--json", url=sqlite_url).stdout)
    assert [(u["username"], u["role"], u["active"]) for u in listed] == [("wang", "staff", True)]
    assert "password" not in json.dumps(listed)

    assert run_user("disable", "wang", url=sqlite_url).returncode == 0
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        assert authenticate(session, "wang", "a long enough password") is None
    assert run_user("enable", "wang", url=sqlite_url).returncode == 0
    with session_scope(engine) as session:
        assert authenticate(session, "wang", "a long enough password") is not None
    engine.dispose()
    text = run_user("list", url=sqlite_url).stdout
    assert "wang" in text and "active" in text and "王工" in text


def test_user_add_refuses_a_short_password_and_writes_nothing(sqlite_url):
    result = run_user(
        "add", "lisi", "--role", "admin", "--password-stdin", url=sqlite_url, stdin="x\n"
    )
    assert result.returncode == 1
    assert "at least 10 characters" in result.stderr
    assert json.loads(run_user("list", "--json", url=sqlite_url).stdout) == []


def test_user_disable_of_an_unknown_user_fails_clearly(sqlite_url):
    result = run_user("disable", "nobody", url=sqlite_url)
    assert result.returncode == 1 and "No user nobody" in result.stderr


def test_user_set_password_replaces_the_old_one(sqlite_url):
    run_user(
        "add",
        "wang",
        "--role",
        "engineer",
        "--password-stdin",
        url=sqlite_url,
        stdin="first password!\n",
    )
    result = run_user(
        "set-password", "wang", "--password-stdin", url=sqlite_url, stdin="second password\n"
    )
    assert result.returncode == 0
    engine = make_engine(sqlite_url)
    with session_scope(engine) as session:
        assert authenticate(session, "wang", "first password!") is None
        assert authenticate(session, "wang", "second password") is not None
    engine.dispose()
