"""What an admin does from the audit log: revert one audited change.

A revert is a new change, audited like any other ("revert"), never an erasure: the log keeps
the change and its revert. It is refused as stale when the record changed since (a later
entry about it, or values that are no longer the ones the change wrote), so a revert never
overwrites someone else's later work.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from planner import audit
from planner.audit import Actor
from planner.history.sentences import EntryFacts
from planner.transactions import transaction
from planner.works import items
from planner.works.revert import RevertRefused, revert_item_change

__all__ = ["revert_change"]


def revert_change(engine: Engine, entry_id: int, *, actor: Actor | str) -> None:
    """Put back the values from before the audited change ``entry_id``, as a new audited
    change by ``actor``.

    Raises ``RevertRefused``: ``history.error.stale`` (the record changed since),
    ``history.error.gone`` (the record or the entry no longer exists),
    ``history.error.not_revertible`` (a kind of change that cannot be put back: only the
    changes of a work item's values can); ``Busy`` when the database was busy.
    """
    who = items.clean_actor(actor)
    with transaction(engine) as session:
        stored = audit.get_entry(session, entry_id)
        if stored is None:
            raise RevertRefused("history.error.gone")
        entry = EntryFacts.of(stored)
        if entry.entity != "work_item" or entry.entity_id is None:
            raise RevertRefused("history.error.not_revertible")
        if audit.changed_since(session, stored):
            raise RevertRefused("history.error.stale")
        revert_item_change(
            session, entry.entity_id, before=entry.before or {}, after=entry.after or {}, actor=who
        )
