"""Progress per item and rolled up by cost."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.progress import ProgressInput, item_progress, weighted_progress


def test_item_progress_is_completed_share_capped_at_one():
    assert item_progress(200, 50) == 0.25
    assert item_progress(100, 130) == 1.0
    assert item_progress(100, -5) == 0.0
    assert item_progress(0, 0) == 0.0
    assert item_progress(0, 3) == 1.0


def test_weighted_progress_weighs_by_planned_cost():
    # 1,000 m of heating main at 400/m, all done; 19 signs at 100 each, none done.
    items = [ProgressInput(1000, 1000, 400.0), ProgressInput(19, 0, 100.0)]
    assert weighted_progress(items) == pytest.approx(400_000 / (400_000 + 1_900))


def test_items_without_rate_weigh_as_the_average_rated_item():
    items = [ProgressInput(10, 10, 10.0), ProgressInput(10, 0, 30.0), ProgressInput(5, 5, None)]
    # rated costs 100 and 300 (mean 200); the unrated item weighs 200 and is done
    assert weighted_progress(items) == pytest.approx((100 + 200) / (100 + 300 + 200))


def test_without_any_rate_every_item_weighs_the_same():
    assert weighted_progress([ProgressInput(10, 5), ProgressInput(4, 4)]) == pytest.approx(0.75)


def test_no_items_has_no_progress():
    assert weighted_progress([]) is None


quantities = st.floats(min_value=0, max_value=1e7, allow_nan=False)
rates = st.one_of(st.none(), st.floats(min_value=0.01, max_value=1e5, allow_nan=False))


@given(st.lists(st.builds(ProgressInput, quantities, quantities, rates), min_size=1, max_size=30))
def test_weighted_progress_stays_between_zero_and_one(items):
    value = weighted_progress(items)
    assert 0.0 <= value <= 1.0 + 1e-12


@given(st.lists(st.builds(ProgressInput, quantities, st.just(0.0), rates), min_size=1))
def test_nothing_completed_is_zero(items):
    items = [i for i in items if i.planned > 0] or [ProgressInput(1, 0)]
    assert weighted_progress(items) == 0.0
