"""Engine and session factory. One engine per process, one session per action."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

__all__ = ["Engine", "Session", "make_engine", "read_session", "session_scope"]


#: How long a SQLite write waits for another writer before it gives up ("database is locked",
#: which the pages show as "busy, try again"); the edge passes the setting
#: ``PLANNER_SQLITE_BUSY_TIMEOUT_MS`` (planner/settings.py).
SQLITE_BUSY_TIMEOUT_MS = 15_000


def make_engine(
    url: str, *, echo: bool = False, sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
) -> Engine:
    """Create an engine for ``url`` (SQLite or PostgreSQL), ready for multi-threaded use.

    The URL and the options come from the caller (the settings are read at the edge). Streamlit
    serves each browser session on its own thread, so SQLite connections must not be tied to
    the thread that opened them; an in-memory SQLite database keeps one shared connection
    (``StaticPool``) or every session would see an empty database.
    """
    if url.startswith("sqlite"):
        kwargs: dict[str, object] = {"connect_args": {"check_same_thread": False}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, echo=echo, **kwargs)
        if engine.url.database and engine.url.database != ":memory:":
            database = Path(engine.url.database)
            # Before SQLite opens (and would create) the file: owner-only from the start.
            event.listen(engine, "do_connect", lambda *_args: private_database_file(database))

        def pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
            _sqlite_pragmas(dbapi_connection, busy_timeout_ms=sqlite_busy_timeout_ms)

        event.listen(engine, "connect", pragmas)
        return engine
    # Several app processes share one server: a connection is checked before use (a restarted
    # server's dead connections are replaced, not handed to a page), replaced after 30 minutes
    # (firewalls between app and database drop idle connections silently), and a server that
    # does not answer fails a connection attempt after 10 s instead of the system's minutes.
    connect_args = {} if "connect_timeout" in url else {"connect_timeout": 10}
    return create_engine(
        url, echo=echo, pool_pre_ping=True, pool_recycle=1800, connect_args=connect_args
    )


#: Owner read and write only: the database holds password hashes and residents' numbers.
PRIVATE_MODE = 0o600
#: The files SQLite keeps beside a database in WAL mode.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_database_file(path: Path) -> None:
    """Create the SQLite file ``path`` owner-only (0600) before SQLite opens it, and take
    group and other permissions off an existing one and its ``-wal``/``-shm`` companions
    (SQLite gives those the database file's permissions when it creates them)."""
    if path.parent.is_dir() and not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE))
        except FileExistsError:
            pass
    for candidate in (path, *(path.with_name(path.name + s) for s in SQLITE_COMPANIONS)):
        try:
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(PRIVATE_MODE)
        except (FileNotFoundError, PermissionError):
            continue


def _sqlite_pragmas(dbapi_connection, *, busy_timeout_ms: int) -> None:  # noqa: ANN001
    """Enforce foreign keys (off by default in SQLite); WAL mode, so that readers never wait
    for a writer and a writer never waits for readers; wait for another writer a while."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={max(0, int(busy_timeout_ms))}")
    cursor.execute("PRAGMA journal_mode=WAL")  # kept by the file; "memory" for :memory:
    cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Open a session that commits on success and rolls back on any error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """Open a session for reading (nothing is committed; closed on leaving)."""
    with Session(engine) as session:
        yield session


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` means the database was busy (SQLite "database is locked" after the
    busy timeout, a PostgreSQL lock or statement timeout): worth a "try again", not a bug."""
    from sqlalchemy.exc import OperationalError

    if not isinstance(error, OperationalError):
        return False
    text = str(error.orig or error).lower()
    return any(
        marker in text
        for marker in (
            "database is locked",
            "database is busy",
            "lock timeout",
            "canceling statement",
        )
    )
