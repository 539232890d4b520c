"""What "最近更新" tells residents: milestones of their compound's works, never raw edits.

A milestone is something a resident can see or wait for: a kind of work started, a quarter of
it done (25, 50, 75 %), all of it done (100 %), it passed its acceptance (验收合格), a resident
suggestion adopted. Staff edits are not news: a typing mistake and its correction ("完成量更新为
5000" then 500) show only as the corrected state.

How: the works' state now is the truth. The audit entries of the compound's work items in the
window are undone one by one, newest first, which gives the progress of each kind of work
(all its buildings added up, as the page shows it) before and after each saved change. A
threshold is news when the progress now is at or past it, on the day of the *last* change
that took the progress from below it to at or past it: a mistaken 100 % that was corrected
down never appears, and neither does the drop. One change that passes several thresholds is
one milestone (the highest).

Acceptances are the fieldwork's (the portal does not import it): their audit entries name the
work item, the day and the result; a passed one is news. Adopted suggestions come with the
day they were decided.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from db.models import WorkStatus
from planner.audit import entries_of_entity_since, entries_since
from planner.surveys.adopted import AdoptedSuggestion
from planner.works.queries import ScopedItem

RECENT_DAYS = 120
MAX_RECENT = 12
#: The shares of a kind of work whose reaching is news (1.0: all done).
THRESHOLDS = (0.25, 0.5, 0.75, 1.0)
#: How many audit entries of one compound's works are read back at most (a busy compound
#: has a few hundred in the window); past it, older milestones are not found, never wrong.
MAX_ENTRIES = 5000
_EPSILON = 1e-9
_BATCH = 200  # work items per query of their acceptances
#: The order of milestones on one day (the later in a work's life first).
_KIND_ORDER = {"adopted": 0, "accepted": 1, "progress": 2, "started": 3}


@dataclass(frozen=True)
class Milestone:
    """A milestone of the compound: what and when, no names.

    ``kind`` is "started", "progress" (``percent`` 25, 50, 75 or 100), "accepted" or
    "adopted" (``category``: the suggestion's category; ``scope_key``: the work it led to,
    if any).
    """

    day: date
    kind: str
    scope_key: str | None
    percent: int | None = None
    category: str | None = None


@dataclass
class _ItemState:
    planned: float
    completed: float
    status: str
    actual_start: str | None
    exists: bool = True


def _number(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _share(states: Iterable[_ItemState]) -> float | None:
    """Completed share of a kind of work, each item capped at its plan (as the page adds)."""
    present = [s for s in states if s.exists]
    planned = sum(s.planned for s in present)
    if planned <= 0:
        return None
    return sum(min(max(s.completed, 0.0), s.planned) for s in present) / planned


def _started(states: Iterable[_ItemState]) -> bool:
    return any(
        s.exists
        and (
            s.actual_start
            or s.status in (WorkStatus.IN_PROGRESS, WorkStatus.COMPLETED)
            or s.completed > 0
        )
        for s in states
    )


def _undo(state: _ItemState, entry_action: str, before: dict[str, Any]) -> None:
    """Set ``state`` back to what it was before the entry."""
    if entry_action == "create":
        state.exists = False
        return
    if "planned_quantity" in before:
        state.planned = _number(before["planned_quantity"], state.planned)
    if "completed_quantity" in before:
        state.completed = _number(before["completed_quantity"], state.completed)
    if "status" in before and before["status"]:
        state.status = str(before["status"])
    if "actual_start" in before:
        state.actual_start = before["actual_start"] or None


@dataclass(frozen=True)
class _Step:
    """One saved change of a kind of work: when, and its state before and after."""

    at: datetime
    share_before: float | None
    share_after: float | None
    started_before: bool
    started_after: bool


def work_milestones(
    session: Session, items: Sequence[ScopedItem], *, since: datetime
) -> list[Milestone]:
    """Started and 25/50/75/100 % of each kind of work, since ``since`` (see the module)."""
    states = {
        row.id: _ItemState(
            row.item.planned_quantity,
            row.item.completed_quantity,
            row.item.status,
            row.item.actual_start.isoformat() if row.item.actual_start else None,
        )
        for row in items
    }
    scope_of = {row.id: row.scope_key for row in items}
    by_scope: dict[str, list[int]] = defaultdict(list)
    for row in items:
        by_scope[row.scope_key].append(row.id)
    now_share = {s: _share(states[i] for i in ids) for s, ids in by_scope.items()}
    now_started = {s: _started(states[i] for i in ids) for s, ids in by_scope.items()}
    steps: dict[str, list[_Step]] = defaultdict(list)  # newest first
    for entry in entries_since(session, "work_item", states, since, limit=MAX_ENTRIES):
        if entry.entity_id not in states or entry.action not in ("create", "update"):
            continue
        try:
            before = json.loads(entry.before or "{}")
        except ValueError:
            continue
        scope = scope_of[entry.entity_id]
        members = [states[i] for i in by_scope[scope]]
        share_after, started_after = _share(members), _started(members)
        _undo(states[entry.entity_id], entry.action, before if isinstance(before, dict) else {})
        steps[scope].append(
            _Step(entry.at, _share(members), share_after, _started(members), started_after)
        )

    typed_starts: dict[str, list[date]] = defaultdict(list)  # as staff typed them
    for row in items:
        if row.item.actual_start is not None:
            typed_starts[row.scope_key].append(row.item.actual_start)
    found: list[Milestone] = []
    for scope in by_scope:
        found += _scope_milestones(scope, steps[scope], now_share[scope])
        # Started: on the first day typed as the actual start, else the day of the change
        # that started it (a quantity reported before any date was typed).
        crossing = next(
            (s.at.date() for s in steps[scope] if s.started_after and not s.started_before), None
        )
        day = min(typed_starts[scope]) if typed_starts[scope] else crossing
        if day is not None and now_started[scope]:
            found.append(Milestone(day, "started", scope))
    return [m for m in found if m.day >= since.date()]


def _scope_milestones(scope: str, steps: list[_Step], share_now: float | None) -> list[Milestone]:
    """25/50/75/100 % of one kind of work: each threshold still held now, on the day of the
    last change that reached it; one milestone per change (its highest threshold)."""
    found: dict[datetime, int] = {}
    for threshold in THRESHOLDS:
        if share_now is None or share_now < threshold - _EPSILON:
            continue
        for step in steps:  # newest first: the last crossing is the first found
            before = step.share_before if step.share_before is not None else 0.0
            after = step.share_after if step.share_after is not None else 0.0
            if before < threshold - _EPSILON <= after:
                found[step.at] = max(found.get(step.at, 0), round(threshold * 100))
                break
    return [Milestone(at.date(), "progress", scope, percent) for at, percent in found.items()]


def accepted_milestones(
    session: Session, items: Sequence[ScopedItem], *, since: datetime
) -> list[Milestone]:
    """Passed acceptances (验收合格) of the compound's works in the window, one per kind of
    work and day."""
    scope_of = {row.id: row.scope_key for row in items}
    if not scope_of:
        return []
    seen: set[tuple[str, date]] = set()
    ids = sorted(scope_of)
    for start in range(0, len(ids), _BATCH):  # the SQL narrows to these items' entries
        holds = [f'"work_item_id": {i}' for i in ids[start : start + _BATCH]]
        entries = entries_of_entity_since(
            session, "work_acceptance", since, limit=MAX_ENTRIES, after_holds=holds
        )
        for entry in entries:
            try:
                after = json.loads(entry.after or "{}")
                item_id = int(after.get("work_item_id"))
                day = date.fromisoformat(str(after.get("accepted_on")))
            except (ValueError, TypeError, AttributeError):
                continue
            if item_id in scope_of and after.get("result") == "passed" and day >= since.date():
                seen.add((scope_of[item_id], day))
    return [Milestone(day, "accepted", scope) for scope, day in seen]


def adopted_milestones(
    adopted: Iterable[AdoptedSuggestion], scope_of: dict[int, str], *, since: datetime
) -> list[Milestone]:
    """Suggestions adopted in the window, with the kind of work they led to (if any)."""
    return [
        Milestone(
            s.decided_at.date(),
            "adopted",
            scope_of.get(s.work_item_id) if s.work_item_id is not None else None,
            category=s.category,
        )
        for s in adopted
        if s.decided_at is not None and s.decided_at.date() >= since.date()
    ]


def compound_milestones(
    session: Session,
    items: Sequence[ScopedItem],
    adopted: Iterable[AdoptedSuggestion],
    *,
    today: date,
    days: int = RECENT_DAYS,
    limit: int = MAX_RECENT,
) -> list[Milestone]:
    """The compound's milestones of the last ``days`` days, newest first, at most ``limit``."""
    since = datetime.combine(today - timedelta(days=days), datetime.min.time())
    scope_of = {row.id: row.scope_key for row in items}
    found = (
        work_milestones(session, items, since=since)
        + accepted_milestones(session, items, since=since)
        + adopted_milestones(adopted, scope_of, since=since)
    )
    found = [m for m in found if m.day <= today]
    found.sort(key=lambda m: (-m.day.toordinal(), _KIND_ORDER[m.kind], -(m.percent or 0)))
    return found[:limit]
