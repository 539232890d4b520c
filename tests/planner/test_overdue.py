"""Overdue works (逾期): past the planned end and not complete, one rule for every page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from db.models import WorkItem
from planner.works import reads
from planner.works.overdue import city_today, days_overdue, is_overdue, overdue_table
from planner.works.schedule import ClimateRules

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("planned_end", "status", "actual_end", "late"),
    [
        (date(2026, 12, 6), "in_progress", None, True),  # yesterday, not done
        (date(2026, 12, 6), "planned", None, True),
        (date(2026, 12, 6), "suspended", None, True),
        (date(2026, 12, 7), "in_progress", None, False),  # ends today: not yet late
        (date(2026, 12, 6), "completed", None, False),
        (date(2026, 12, 6), "in_progress", date(2026, 12, 5), False),  # finished, status behind
        (None, "in_progress", None, False),  # no planned end: never overdue
    ],
)
def test_the_rule(planned_end, status, actual_end, late):
    assert is_overdue(planned_end, status, actual_end, today=TODAY) is late


def test_days_and_the_citys_today():
    assert days_overdue(date(2026, 11, 30), today=TODAY) == 7
    assert days_overdue(date(2026, 12, 30), today=TODAY) == 0
    # 17:00 UTC is already the next day in Jiayuguan (UTC+8).
    assert city_today(datetime(2026, 12, 7, 17, 0, tzinfo=UTC)) == date(2026, 12, 8)
    assert city_today(datetime(2026, 12, 7, 15, 0, tzinfo=UTC)) == date(2026, 12, 7)


def test_the_schedule_counts_and_lists_overdue_works(seeded_engine):
    with Session(seeded_engine) as session:
        item = session.exec(
            select(WorkItem).where(WorkItem.planned_end.is_not(None)).order_by(WorkItem.id)
        ).first()
        item.status, item.actual_end = "in_progress", None
        session.add(item)
        session.commit()
        item_id, site_id, programme_id, end = (
            item.id,
            item.site_id,
            item.programme_id,
            item.planned_end,
        )
    rules = ClimateRules()
    on_time = reads.programme_schedule(seeded_engine, programme_id, rules=rules, today=end)
    late_day = date.fromordinal(end.toordinal() + 3)
    late = reads.programme_schedule(seeded_engine, programme_id, rules=rules, today=late_day)
    row_then = next(r for r in late if r.site_id == site_id)
    assert row_then.overdue >= 1
    assert sum(r.overdue for r in late) > sum(r.overdue for r in on_time)
    items = reads.site_schedule(seeded_engine, site_id, programme_id, rules=rules, today=late_day)
    assert next(r for r in items if r.item_id == item_id).overdue == 1
    listed = reads.overdue_works(seeded_engine, programme_id, today=late_day)
    work = next(w for w in listed if w.item_id == item_id)
    assert work.days == 3 and work.planned_end == end
    table = overdue_table([work], "zh")
    assert table[0]["逾期天数"] == 3 and table[0]["状态"] == "施工中"
    assert list(overdue_table([work], "en")[0]) == ["Work", "Planned end", "Days overdue", "Status"]
