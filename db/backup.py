"""Backups of the planner's database and their restore, on PostgreSQL and SQLite.

- PostgreSQL: ``pg_dump --format=custom`` (compressed, restorable table by table with
  ``pg_restore``), restored with ``pg_restore --clean --if-exists --single-transaction``: the
  database holds either the backup or what it held before, never half of each. When the URL
  confines the connection to one schema (``options=-csearch_path=NAME``), only that schema is
  dumped and restored.
- SQLite: the online backup API (``sqlite3.Connection.backup``), a consistent copy taken while
  the app keeps running; restored through the same API into the live file.

A backup is written to a temporary file beside the target and renamed into place only when it
is complete and readable, so a failed backup never leaves a truncated file under the final name.
A restore refuses a file of the other database kind, a file that is not a planner database, and
one whose schema is newer than the code; an older schema is migrated after the restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

from db.migrate import current_revision, head_revision, is_known_revision, upgrade_to_head
from db.session import private_database_file

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that could not be done (nothing was changed)."""


@dataclass(frozen=True)
class BackupResult:
    """What a backup wrote or a restore read."""

    path: Path
    kind: str  # "postgresql" or "sqlite"
    size_bytes: int
    revision: str | None


def backup_database(engine: Engine, target: Path) -> BackupResult:
    """Write a backup of ``engine``'s database to ``target`` (replaced only on success)."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder; name the backup file")
    target.parent.mkdir(parents=True, exist_ok=True)
    revision = current_revision(engine)
    if revision is None:
        raise BackupError("the database has no planner schema: nothing to back up")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        if engine.dialect.name == "postgresql":
            kind = "postgresql"
            _pg_dump(engine, temp)
            _run(["pg_restore", "--list", str(temp)], "pg_restore --list (checking the dump)")
        elif engine.dialect.name == "sqlite":
            kind = "sqlite"
            _sqlite_copy(_sqlite_path(engine), temp)
        else:
            raise BackupError(f"backups of {engine.dialect.name} databases are not supported")
        os.chmod(temp, 0o600)  # a backup holds password hashes and residents' phone numbers
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return BackupResult(target, kind, target.stat().st_size, revision)


def restore_database(engine: Engine, source: Path) -> BackupResult:
    """Replace ``engine``'s database with the backup in ``source``; migrate it to the head.

    The caller should stop the app processes first (or accept that their open pages show
    the restored data at their next click).
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(PGDUMP_MAGIC):
        kind = "postgresql"
    elif head == SQLITE_MAGIC:
        kind = "sqlite"
    else:
        raise BackupError(f"{source} is neither a pg_dump custom-format file nor a SQLite file")
    if kind != engine.dialect.name:
        raise BackupError(
            f"{source} is a {kind} backup; the target database is {engine.dialect.name}"
        )
    if kind == "sqlite":
        _check_sqlite_backup(source)
        engine.dispose()  # no pooled connection of ours holds a stale view of the file
        _sqlite_copy(source, _sqlite_path(engine))
        engine.dispose()
    else:
        _pg_restore(engine, source)
        engine.dispose()
    revision = current_revision(engine)
    if revision is None:
        raise BackupError(f"{source} restored no planner schema")
    _refuse_newer(revision, source)
    upgrade_to_head(engine)
    return BackupResult(source, kind, source.stat().st_size, revision)


def _refuse_newer(revision: str, source: Path) -> None:
    if not is_known_revision(revision):
        raise BackupError(
            f"{source} has schema {revision}, newer than this planner's {head_revision()}: "
            "restore it with the planner version that wrote it"
        )


# --- SQLite -------------------------------------------------------------------------------


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up or restore")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    private_database_file(Path(target))  # a new file is made owner-only (0600) first
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite backup API failed: {exc}") from exc
    finally:
        src.close()


def _check_sqlite_backup(source: Path) -> None:
    connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} fails SQLite's integrity check")
        row = connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if row is None:
            raise BackupError(f"{source} is a SQLite file but not a planner database")
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{source} cannot be read as SQLite: {exc}") from exc
    finally:
        connection.close()
    _refuse_newer(revision, source)


# --- PostgreSQL ---------------------------------------------------------------------------


def _libpq(engine: Engine) -> tuple[list[str], dict[str, str], str | None]:
    """Connection arguments for the PostgreSQL tools: argv, environment, confined schema."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # never on the command line
    args = []
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    args += ["--dbname", url.database or "postgres"]
    schema = None
    options = url.query.get("options")
    if isinstance(options, str) and "search_path=" in options:
        schema = options.split("search_path=", 1)[1].split()[0].split(",")[0]
    return args, env, schema


def _pg_dump(engine: Engine, target: Path) -> None:
    args, env, schema = _libpq(engine)
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args]
    if schema:
        command += ["--schema", schema]
    _run([*command, "--file", str(target)], "pg_dump", env=env)


def _pg_restore(engine: Engine, source: Path) -> None:
    args, env, schema = _libpq(engine)
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        *args,
    ]
    if schema:
        command += ["--schema", schema]
    _run([*command, str(source)], "pg_restore", env=env)


def _run(command: list[str], what: str, env: dict[str, str] | None = None) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")
