"""The one way an action or a page read opens the database: a session per user action.

- :func:`transaction` is what every action (``planner/<domain>/actions.py``) writes in: one
  session, committed when the block ends, rolled back on any error, so an action writes all
  of its rows or none;
- :func:`reading` is what the named reads a page needs (``planner/<domain>/reads.py``) read
  in: nothing is committed.

Both turn a busy database into :class:`planner.errors.Busy` (a refusal that says "try
again"), so a page or a command never looks at a driver's error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.session import read_session, session_scope
from planner.errors import busy_refused

__all__ = ["Engine", "Session", "reading", "transaction"]


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One action's transaction: committed on success, rolled back on any error."""
    with busy_refused(), session_scope(engine) as session:
        yield session


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """A session for reading (nothing committed; closed on leaving)."""
    with busy_refused(), read_session(engine) as session:
        yield session
