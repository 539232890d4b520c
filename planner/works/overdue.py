"""Overdue works (逾期), the one rule: a work is overdue when its planned end has passed
(before today, in the city's time) and it is not complete.

Complete means its status is "completed" or its actual end is recorded. A work with no
planned end is never overdue. The schedule, the dashboard and the planning map all ask this
module, so the three always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from db.models import WorkStatus
from planner.i18n import t

#: The city's clock (Jiayuguan, UTC+8): "today" is the local date.
CITY_TIME = timezone(timedelta(hours=8))


def city_today(now: datetime | None = None) -> date:
    """Today's date in the city (UTC+8), from ``now`` (the clock's by default): an aware time,
    or a naive one in UTC (a stored time as SQLite gives it back)."""
    moment = now or datetime.now(UTC)
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(CITY_TIME).date()


def is_complete(status: str, actual_end: date | None) -> bool:
    """Whether a work is done: status "completed", or an actual end recorded."""
    return status == WorkStatus.COMPLETED.value or actual_end is not None


def is_overdue(
    planned_end: date | None, status: str, actual_end: date | None, *, today: date
) -> bool:
    """Whether a work is past its planned end (strictly before ``today``) and not complete."""
    return planned_end is not None and planned_end < today and not is_complete(status, actual_end)


def days_overdue(planned_end: date | None, *, today: date) -> int:
    """Whole days since the planned end (0 when not past)."""
    return max((today - planned_end).days, 0) if planned_end is not None else 0


@dataclass(frozen=True)
class OverdueWork:
    """An overdue work as lists show it: its id, compound, label parts and how late it is."""

    item_id: int
    site_id: int
    label_zh: str
    label_en: str
    planned_end: date
    days: int
    status: str

    def label(self, lang: str) -> str:
        """The work's name in ``lang``."""
        return self.label_en if lang == "en" else self.label_zh


def overdue_table(works: list[OverdueWork], lang: str) -> list[dict[str, object]]:
    """Rows of a table of overdue works, with headers in ``lang``: the work, its planned end,
    the days since, its status."""
    return [
        {
            t("overdue.col.work", lang): w.label(lang),
            t("overdue.col.planned_end", lang): w.planned_end.isoformat(),
            t("overdue.col.days", lang): w.days,
            t("works.col.status", lang): t(f"status.{w.status}", lang),
        }
        for w in works
    ]
