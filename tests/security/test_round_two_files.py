"""Issue #21, item 15: the SQLite database was world-readable; the image ignored the lock."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import tomllib
from pathlib import Path

from db.session import make_engine, session_scope
from planner.runtime.startup import ensure_database_ready

ROOT = Path(__file__).resolve().parents[2]


def _loose(path: Path) -> str | None:
    """The path and mode when group or others may touch the file, else None."""
    if not path.exists():
        return None
    mode = path.stat().st_mode
    return f"{path.name} {stat.filemode(mode)}" if mode & 0o077 else None


def test_item15_the_sqlite_database_and_its_companions_are_owner_only(tmp_path):
    """With the usual umask (022) the database came out -rw-r--r--: anyone on the machine
    could copy password hashes and residents' phone numbers. Now the file, its -wal and
    -shm, a backup, and a database restored to a new file are owner-only."""
    from planner.cli.main import main

    previous = os.umask(0o022)
    try:
        url = f"sqlite:///{tmp_path / 'planner.db'}"
        engine = make_engine(url)
        ensure_database_ready(engine)
        with session_scope(engine) as session:  # a write while the engine holds the WAL open
            from planner.accounts.users import create_user

            create_user(
                session, username="staff_li", password="file mode test phrase 9", role="staff"
            )
        files = [tmp_path / n for n in ("planner.db", "planner.db-wal", "planner.db-shm")]
        assert (tmp_path / "planner.db-wal").exists()
        assert [f for f in map(_loose, files) if f] == []
        backup = tmp_path / "planner.backup"
        assert main(["--database-url", url, "backup", str(backup)]) == 0
        assert _loose(backup) is None
        engine.dispose()
        restored = tmp_path / "elsewhere" / "planner.db"
        restored.parent.mkdir()
        assert (
            main(["--database-url", f"sqlite:///{restored}", "restore", str(backup), "--yes"]) == 0
        )
        assert _loose(restored) is None
    finally:
        os.umask(previous)


def test_item15_a_database_file_left_readable_is_tightened_when_opened(tmp_path):
    """A file an older planner made world-readable is owner-only once the app opens it."""
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect():
        pass
    engine.dispose()
    assert _loose(path) is None


def test_item15_the_image_installs_from_the_lock_file_with_hashes():
    """`deploy/Dockerfile` installed with `pip install -e .` (open ranges resolved at build
    time). Now it copies the app's part of requirements.lock (requirements-app.lock, checked
    in tests/deploy/test_app_lock.py), installs it with --require-hashes, then the planner
    without dependencies; and every package of the project is in the image."""
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text("utf-8")
    runs = " ".join(re.findall(r"^RUN (.*?)(?<!\\)$", dockerfile.replace("\\\n", " "), re.M | re.S))
    assert re.search(r"pip install [^&]*--require-hashes -r requirements-app\.lock", runs), runs
    project = re.search(r"pip install [^&]*(-e \.|\s\.)", runs)
    assert project and "--no-deps" in project.group(0), project
    copied = {m.split()[0] for m in re.findall(r"^COPY (.+)$", dockerfile, re.M)}
    copied |= {w for line in re.findall(r"^COPY (.+)$", dockerfile, re.M) for w in line.split()}
    assert "requirements-app.lock" in copied
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    packages = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    for pattern in packages:
        assert pattern.rstrip("*") in copied, f"{pattern} is not copied into the image"
