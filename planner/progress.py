"""Progress of works: per item, and rolled up (building → site → programme) by cost.

An item's progress is its completed share of the planned quantity, capped at 100 %. Rolled
up, each item weighs by its planned cost (planned quantity × unit rate), so a kilometre of
heating main counts for more than a few signs. Items without a rate weigh as much as the
average rated item of the same roll-up, and when no item has a rate every item weighs the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, select

from db.models import WorkItem


@dataclass(frozen=True)
class ProgressInput:
    """What progress needs to know of one work item."""

    planned: float
    completed: float
    unit_rate: float | None = None


def item_progress(planned: float, completed: float) -> float:
    """Completed share of the planned quantity, between 0 and 1.

    Examples
    --------
    >>> item_progress(200, 50)
    0.25
    >>> item_progress(100, 130)  # more done than planned still counts as done
    1.0
    >>> item_progress(0, 0)
    0.0
    """
    if planned <= 0:
        return 1.0 if completed > 0 else 0.0
    return max(0.0, min(completed / planned, 1.0))


def weighted_progress(items: Iterable[ProgressInput]) -> float | None:
    """Cost-weighted progress of several items (0..1), or None when there are none.

    Examples
    --------
    >>> weighted_progress([ProgressInput(100, 100, 10.0), ProgressInput(100, 0, 30.0)])
    0.25
    """
    items = list(items)
    if not items:
        return None
    costs = [i.planned * i.unit_rate for i in items if i.unit_rate is not None and i.planned > 0]
    fallback = sum(costs) / len(costs) if costs else 1.0
    total_weight = 0.0
    done = 0.0
    for item in items:
        has_cost = item.unit_rate is not None and item.planned > 0
        weight = item.planned * item.unit_rate if has_cost else fallback  # type: ignore[operator]
        total_weight += weight
        done += weight * item_progress(item.planned, item.completed)
    return done / total_weight if total_weight > 0 else 0.0


def progress_by_site(
    session: Session, programme_ids: Sequence[int] | None = None
) -> dict[int, float]:
    """Cost-weighted progress of every site with work items (in the given programmes)."""
    query = select(
        WorkItem.site_id, WorkItem.planned_quantity, WorkItem.completed_quantity, WorkItem.unit_rate
    )
    if programme_ids is not None:
        query = query.where(WorkItem.programme_id.in_(programme_ids))  # type: ignore[attr-defined]
    grouped: dict[int, list[ProgressInput]] = defaultdict(list)
    for site_id, planned, completed, rate in session.exec(query).all():
        grouped[site_id].append(ProgressInput(planned, completed, rate))
    return {site_id: weighted_progress(items) or 0.0 for site_id, items in grouped.items()}
