"""Progress of works: per item, and rolled up (building → site → programme) by cost.

An item's progress is its completed share of the planned quantity, capped at 100 %. Rolled
up, each item weighs by its planned cost (planned quantity × unit rate), so a kilometre of
heating main counts for more than a few signs. Items without a rate weigh as much as the
average rated item of the same roll-up, and when no item has a rate every item weighs the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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


class ProgressAccumulator:
    """Running terms of :func:`weighted_progress`, so a roll-up needs one pass and no lists.

    Rated items (a rate and a planned quantity) add their planned cost and cost × progress;
    the others count once each, to be weighed by the average rated cost at the end.
    """

    __slots__ = ("n_rated", "n_unrated", "rated_cost", "rated_done", "unrated_done")

    def __init__(self) -> None:
        self.rated_cost = 0.0
        self.rated_done = 0.0
        self.n_rated = 0
        self.n_unrated = 0
        self.unrated_done = 0.0

    def add(self, planned: float, completed: float, unit_rate: float | None) -> None:
        """Take one item into account."""
        progress = item_progress(planned, completed)
        if unit_rate is not None and planned > 0:
            cost = planned * unit_rate
            self.rated_cost += cost
            self.rated_done += cost * progress
            self.n_rated += 1
        else:
            self.n_unrated += 1
            self.unrated_done += progress

    def value(self) -> float | None:
        """Cost-weighted progress of the items added (0..1), or None when there were none."""
        if not self.n_rated and not self.n_unrated:
            return None
        fallback = self.rated_cost / self.n_rated if self.n_rated else 1.0
        total = self.rated_cost + fallback * self.n_unrated
        return (self.rated_done + fallback * self.unrated_done) / total if total > 0 else 0.0


def weighted_progress(items: Iterable[ProgressInput]) -> float | None:
    """Cost-weighted progress of several items (0..1), or None when there are none.

    Examples
    --------
    >>> weighted_progress([ProgressInput(100, 100, 10.0), ProgressInput(100, 0, 30.0)])
    0.25
    """
    acc = ProgressAccumulator()
    for item in items:
        acc.add(item.planned, item.completed, item.unit_rate)
    return acc.value()
