"""Warranty periods: the legal minimums of 第四十条, heating seasons, contract settings."""

from __future__ import annotations

from datetime import date

import pytest

from planner.catalogue import SCOPE_BY_KEY
from planner.fieldwork.warranty import (
    LEGAL_MINIMUMS,
    WarrantyPolicy,
    WarrantySettingError,
    add_months,
)
from planner.settings import PlannerSettings

POLICY = WarrantyPolicy.from_settings(PlannerSettings())


def test_every_scope_type_has_a_rule_with_its_source():
    assert set(LEGAL_MINIMUMS) == set(SCOPE_BY_KEY)
    assert all(rule.source for rule in LEGAL_MINIMUMS.values())


@pytest.mark.parametrize(
    ("scope", "accepted", "ends"),
    [
        ("roof_waterproofing", date(2024, 6, 1), date(2029, 6, 1)),  # 5 years
        ("water_supply_main", date(2024, 6, 1), date(2026, 6, 1)),  # 2 years
        ("facade_paint", date(2024, 2, 29), date(2026, 2, 28)),  # leap day
        # 2 heating seasons (15 Oct – 15 Apr) that start after acceptance.
        ("heating_main", date(2024, 6, 1), date(2026, 4, 15)),
        ("heating_main", date(2024, 11, 1), date(2027, 4, 15)),  # the running one does not count
        ("road_repair", date(2024, 6, 1), date(2026, 6, 1)),  # contract default, 24 months
        ("debris_removal", date(2024, 6, 1), None),
    ],
)
def test_end_dates(scope, accepted, ends):
    assert POLICY.end_date(scope, accepted) == ends


def test_a_contract_may_agree_more_but_never_less_than_the_law():
    longer = WarrantyPolicy.from_settings(
        PlannerSettings(warranty_months={"roof_waterproofing": 96})
    )
    assert longer.end_date("roof_waterproofing", date(2024, 6, 1)) == date(2032, 6, 1)
    assert "合同约定 96 个月" in longer.source("roof_waterproofing")
    with pytest.raises(WarrantySettingError, match="below the legal minimum of 60 months"):
        WarrantyPolicy.from_settings(PlannerSettings(warranty_months={"roof_waterproofing": 36}))
    with pytest.raises(WarrantySettingError, match="unknown scope type"):
        WarrantyPolicy.from_settings(PlannerSettings(warranty_months={"roofs": 96}))


def test_add_months_keeps_the_last_day_of_short_months():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 12, 15), 14) == date(2026, 2, 15)
