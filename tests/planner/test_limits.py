"""Limits kept in the database: counted atomically, shared by every process, sliding windows."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from db.migrate import upgrade_to_head
from planner import limits

WINDOW = limits.Limit(3, 600)


@pytest.fixture
def db(engine):
    upgrade_to_head(engine)
    return engine


def test_a_key_gets_its_limit_then_a_wait(db):
    decisions = [limits.hit(db, "feedback.client:a", WINDOW, now=1000.0) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[-1].retry_after == 200  # until the window (600..1200) ends
    assert limits.hit(db, "feedback.client:b", WINDOW, now=1000.0).allowed  # another key


def test_the_previous_window_still_weighs(db):
    for _ in range(3):
        limits.hit(db, "k", WINDOW, now=1190.0)  # end of the window 600..1200
    # Just after the edge, most of those three still count: no double burst.
    assert not limits.hit(db, "k", WINDOW, now=1210.0).allowed
    assert limits.hit(db, "k", WINDOW, now=1790.0).allowed  # almost a window later


def test_parallel_hits_are_counted_exactly(db):
    allowed: list[bool] = []

    def one() -> None:
        allowed.append(limits.hit(db, "parallel", limits.Limit(5, 600), now=1000.0).allowed)

    threads = [threading.Thread(target=one) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 5


def test_peek_counts_nothing_and_old_counters_are_purged(db):
    assert limits.peek(db, "p", WINDOW, now=1000.0).allowed
    limits.hit(db, "p", WINDOW, now=1000.0)
    assert limits.purge_counters(db, older_than=timedelta(seconds=10), now=5000.0) == 1


def test_work_slots_bound_what_runs_at_once(db):
    with limits.work_slot(db, "pool", 1, wait=0.1):
        with pytest.raises(limits.Busy):
            with limits.work_slot(db, "pool", 1, wait=0.2):
                pass
    with limits.work_slot(db, "pool", 1, wait=0.1):  # released: free again
        pass


def test_client_address_trusts_only_the_configured_proxy_header():
    headers = {"X-Forwarded-For": "6.6.6.6, 10.0.0.7, 203.0.113.9"}
    assert limits.client_address(headers, "127.0.0.1") == "127.0.0.1"  # header not trusted
    one_hop = limits.client_address(headers, "127.0.0.1", header="x-forwarded-for", hops=1)
    assert one_hop == "203.0.113.9"  # the entry our proxy added; the client's own are ignored
    two = limits.client_address(headers, "127.0.0.1", header="X-Forwarded-For", hops=2)
    assert two == "10.0.0.7"
    assert limits.client_address({}, None, header="X-Real-IP") == "unknown"
