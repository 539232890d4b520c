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
        ("parking_spaces", date(2024, 6, 1), date(2026, 6, 1)),  # contract default, 24 months
        # 第四十条（一）: infrastructure and main structures for their design life.
        ("road_repair", date(2024, 6, 1), date(2034, 6, 1)),  # asphalt compound road, 10 y
        ("concrete_road", date(2023, 12, 15), date(2043, 12, 15)),  # concrete road, 20 y
        ("pavement_restoration", date(2024, 6, 1), date(2039, 6, 1)),  # trunk road, 15 y
        ("rainwater_pump_station", date(2024, 6, 1), date(2074, 6, 1)),  # station, 50 y
        ("elevator_retrofit", date(2024, 6, 1), date(2074, 6, 1)),  # lift shaft, 50 y
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


def test_infrastructure_and_structures_are_warranted_for_their_design_life_not_two_years():
    for scope in ("road_repair", "concrete_road", "pavement_restoration"):
        assert "（一）基础设施工程" in POLICY.source(scope)
        assert "设计文件规定的合理使用年限" in POLICY.source(scope)
        assert "未核实" in POLICY.source(scope)  # the default stands until the design says
    # A lift: the shaft for its design life, the machinery 2 years (四).
    assert "地基基础和主体结构工程" in POLICY.source("elevator_retrofit")
    assert "设备部分" in POLICY.source("elevator_retrofit")
    accepted = date(2024, 6, 1)
    assert POLICY.equipment_end_date("elevator_retrofit", accepted) == date(2026, 6, 1)
    assert POLICY.equipment_end_date("rainwater_pump_station", accepted) == date(2026, 6, 1)
    assert POLICY.equipment_end_date("road_repair", accepted) is None


def test_the_design_documents_set_the_design_life_through_the_setting():
    designed = WarrantyPolicy.from_settings(
        PlannerSettings(warranty_months={"concrete_road": 12 * 15})
    )
    assert designed.end_date("concrete_road", date(2024, 6, 1)) == date(2039, 6, 1)
    assert "设计文件规定的合理使用年限 15 年" in designed.source("concrete_road")
    with pytest.raises(WarrantySettingError, match="must be positive"):
        WarrantyPolicy.from_settings(PlannerSettings(warranty_months={"concrete_road": 0}))
