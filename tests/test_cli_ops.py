"""Operations from the command line: backup and restore, production settings, health, serve."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from db.migrate import head_revision
from db.session import make_engine
from planner.cli.main import main
from planner.runtime.deployment import DeploymentSettings, check_health, production_problems
from planner.runtime.startup import ensure_database_ready
from tests.browser.helpers import free_port
from tests.deploy.cluster import PROJECT_ROOT, start_app, wait_healthy

SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def planner(capsys: pytest.CaptureFixture[str]):
    """Run the command line in this process (as ``planner --database-url URL ...``)."""

    def run(*args: str, url: str) -> Result:
        capsys.readouterr()
        code = main(["--database-url", url, *args])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def _count(url: str, table: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()


def _execute(url: str, statement: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def test_backup_then_restore_brings_back_what_was_lost(
    planner, db_url: str, tmp_path: Path
) -> None:
    assert planner("seed", url=db_url).returncode == 0
    items, feedback = _count(db_url, "work_item"), _count(db_url, "suggestion")
    backup = tmp_path / "planner.backup"
    result = planner("backup", str(backup), url=db_url)
    assert result.returncode == 0, result.stderr
    assert "backed up" in result.stdout and backup.stat().st_size > 10_000
    assert backup.stat().st_mode & 0o077 == 0  # personal data: owner only

    # Something goes wrong after the backup: rows deleted, one changed.
    _execute(db_url, "DELETE FROM suggestion")
    _execute(db_url, "DELETE FROM work_item WHERE id % 2 = 0")
    _execute(db_url, "UPDATE site SET name_zh = 'wrong' WHERE key = 'c2023_01'")
    assert _count(db_url, "work_item") < items

    refused = planner("restore", str(backup), url=db_url)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    restored = planner("restore", str(backup), "--yes", url=db_url)
    assert restored.returncode == 0, restored.stderr
    assert (_count(db_url, "work_item"), _count(db_url, "suggestion")) == (items, feedback)
    summary = planner("summary", "--year", "2023", "--json", url=db_url)
    assert json.loads(summary.stdout)["compounds"] == 19
    engine = make_engine(db_url)
    with engine.connect() as connection:
        name = connection.execute(text("SELECT name_zh FROM site WHERE key = 'c2023_01'"))
        assert name.scalar_one() == "广汇小区"
    engine.dispose()


def test_restore_refuses_the_wrong_kind_of_file_and_changes_nothing(planner, db_url, tmp_path):
    assert planner("seed", url=db_url).returncode == 0
    items = _count(db_url, "work_item")
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    other_kind = tmp_path / "other.backup"
    if db_url.startswith("sqlite"):
        other_kind.write_bytes(b"PGDMP" + b"\0" * 100)
    else:
        sqlite3.connect(other_kind).close()
        other_kind.write_bytes(b"SQLite format 3\x00" + b"\0" * 100)
    for path in (junk, other_kind, tmp_path / "missing.backup"):
        result = planner("restore", str(path), "--yes", url=db_url)
        assert result.returncode == 1 and "restore failed" in result.stderr, result.stderr
    assert _count(db_url, "work_item") == items


def test_restore_refuses_a_sqlite_file_that_is_not_a_planner_database(planner, tmp_path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    assert planner("seed", url=url).returncode == 0
    stranger = tmp_path / "stranger.db"
    with sqlite3.connect(stranger) as connection:
        connection.execute("CREATE TABLE t (x)")
    result = planner("restore", str(stranger), "--yes", url=url)
    assert result.returncode == 1 and "not a planner database" in result.stderr
    assert _count(url, "site") == 23


def test_production_refuses_to_start_without_its_settings(planner, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    monkeypatch.setenv("PLANNER_ENV", "production")
    required = (
        "PLANNER_PUBLIC_BASE_URL",
        "PLANNER_SECRET_FILE",
        "PLANNER_DATABASE_URL",
        "PLANNER_TRUSTED_PROXY_HEADER",
    )
    for name in required:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file of the checkout applies
    result = planner("serve", "--dry-run", url=url)
    assert result.returncode == 2
    for setting in required:
        assert setting in result.stderr
    assert not (tmp_path / "planner.db").exists()

    secret = tmp_path / "secret"
    secret.write_text(SECRET)
    secret.chmod(0o644)
    monkeypatch.setenv("PLANNER_PUBLIC_BASE_URL", "https://gaizao.example.gov.cn")
    monkeypatch.setenv("PLANNER_SECRET_FILE", str(secret))
    monkeypatch.setenv("PLANNER_DATABASE_URL", url)
    monkeypatch.setenv("PLANNER_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
    loose = planner("serve", "--dry-run", url=url)
    assert loose.returncode == 2 and "readable by others" in loose.stderr
    secret.chmod(0o600)
    ok = planner("serve", "--dry-run", "--workers", "3", "--port", "9001", url=url)
    assert ok.returncode == 0, ok.stderr
    assert [line.split("--server.port ")[1].split()[0] for line in ok.stdout.splitlines()] == [
        "9001",
        "9002",
        "9003",
    ]


def test_production_problems_name_each_missing_or_wrong_setting(tmp_path: Path) -> None:
    assert production_problems(DeploymentSettings(env="development")) == []
    short = tmp_path / "short"
    short.write_text("too short")
    short.chmod(0o600)
    problems = production_problems(
        DeploymentSettings(
            env="production",
            public_base_url="gaizao.example.gov.cn",
            secret_file=short,
            database_url="postgresql+psycopg://planner@127.0.0.1/planner",
        )
    )
    assert [p.setting for p in problems] == [
        "PLANNER_PUBLIC_BASE_URL",
        "PLANNER_SECRET_FILE",
        "PLANNER_TRUSTED_PROXY_HEADER",  # behind the proxy every visitor would be one client
    ]
    assert "not an http(s) address" in str(problems[0]) and "at least 32" in str(problems[1])


def test_the_app_process_itself_refuses_to_start_in_production_without_settings(tmp_path) -> None:
    env = {
        **os.environ,
        "PLANNER_ENV": "production",
        "PLANNER_PUBLIC_BASE_URL": "https://gaizao.example.gov.cn",
        "PLANNER_SECRET_FILE": str(tmp_path / "missing-secret"),
        "PLANNER_DATABASE_URL": f"sqlite:///{tmp_path / 'planner.db'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "streamlit", "run", "deploy/asgi.py",
         "--server.port", str(free_port()), "--server.headless", "true"],
        capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "PLANNER_SECRET_FILE" in result.stdout + result.stderr


def test_health_check_tells_an_unreachable_database(planner, tmp_path) -> None:
    engine = make_engine(
        f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none?connect_timeout=2"
    )
    health = check_health(engine)
    engine.dispose()
    assert not health.ok and health.database.startswith("error: OperationalError")
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    result = planner("health", "--json", url=url)
    assert result.returncode == 1  # a new file: no schema yet
    assert json.loads(result.stdout)["database"] == "schema is not current"


@pytest.mark.slow
def test_health_endpoint_answers_503_while_the_schema_is_not_current(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    app = start_app(url)
    try:
        body = wait_healthy(app)
        assert body["status"] == "ok" and body["rss_bytes"] > 50_000_000
        assert body["worker"] == str(app.port) and body["sessions"] == 0
        _execute(url, "UPDATE alembic_version SET version_num = '0009'")
        status, body = app.health()
        assert status == 503 and body["database"] == "schema is not current"
        _execute(url, f"UPDATE alembic_version SET version_num = '{head_revision()}'")
        assert app.health()[0] == 200
    finally:
        app.stop()
        app.log_path.unlink(missing_ok=True)


@pytest.mark.slow
def test_serve_restarts_a_worker_that_dies_and_stops_all_on_sigterm(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    engine = make_engine(url)
    ensure_database_ready(engine)
    engine.dispose()
    first = free_port()
    while free_port() == first + 1:  # the second port must be free too: try again
        first = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "planner.cli", "serve", "--workers", "2", "--port", str(first)],
            cwd=PROJECT_ROOT, env={**os.environ, "PLANNER_DATABASE_URL": url},
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        workers = [_Port(first), _Port(first + 1)]
        pids = [w.wait_pid() for w in workers]
        os.kill(pids[0], signal.SIGKILL)
        deadline = time.monotonic() + 90
        while workers[0].pid() in (None, pids[0]):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        assert workers[1].pid() == pids[1]  # the other one was left alone
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=30) == 0
        assert workers[0].pid() is None and workers[1].pid() is None
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()


class _Port:
    """The pid of the app process answering on a port, from its health endpoint."""

    def __init__(self, port: int) -> None:
        self.port = port

    def pid(self) -> int | None:
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health", timeout=3) as r:
                return json.loads(r.read())["pid"]
        except OSError:
            return None

    def wait_pid(self, timeout: float = 90) -> int:
        deadline = time.monotonic() + timeout
        while (pid := self.pid()) is None:
            assert time.monotonic() < deadline, f"nothing healthy on port {self.port}"
            time.sleep(0.3)
        return pid
