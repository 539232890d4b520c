"""冬期施工 from the climate table (JGJ/T 104), the works it binds, and the pre-heating window."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from db.models import Programme
from planner.works.schedule import (
    ClimateRules,
    ConflictRule,
    ScheduleItem,
    conflict_table,
    find_conflicts,
    rules_text,
    schedule_items,
)
from planner.works.seasons import (
    JIAYUGUAN_CLIMATE,
    WINTER_WORKS,
    AnnualPeriod,
    ClimateTable,
    WinterWork,
    before_period,
)

RULES = ClimateRules()


def item(scope: str, start: str, end: str, **kw) -> ScheduleItem:
    """A planned work item with ISO dates."""
    return ScheduleItem(
        kw.pop("id", 1), 1, scope, date.fromisoformat(start), date.fromisoformat(end), **kw
    )


def rules_of(work: ScheduleItem) -> list[ConflictRule]:
    return [c.rule for c in find_conflicts([work], RULES)]


# --- The climate table and the winter it gives ------------------------------------------------


def test_jiayuguan_winter_runs_from_late_october_to_late_march_and_is_marked_unverified():
    assert JIAYUGUAN_CLIMATE.status == "未核实"
    assert JIAYUGUAN_CLIMATE.source
    assert JIAYUGUAN_CLIMATE.winter() == AnnualPeriod((10, 30), (3, 21))
    assert RULES.winter == AnnualPeriod((10, 30), (3, 21))
    # The daily normals on the two edges, by hand: linear between 8.6 °C (15 October) and
    # 0.7 °C (15 November): 8.6 - 7.9 × 15/31 = 4.777 on 30 October, 5.032 the day before.
    assert JIAYUGUAN_CLIMATE.daily_mean(date(2023, 10, 30)) == pytest.approx(4.777, abs=1e-3)
    assert JIAYUGUAN_CLIMATE.daily_mean(date(2023, 10, 29)) > 5.0
    assert (
        JIAYUGUAN_CLIMATE.daily_mean(date(2024, 3, 21))
        < 5.0
        < JIAYUGUAN_CLIMATE.daily_mean(date(2024, 3, 22))
    )


def test_five_days_in_a_row_start_winter_not_one_cold_day():
    # A table whose December alone lies below 5 °C: winter is the days around it, and a
    # city with every month above 5 °C has none.
    mild = ClimateTable("示例", (6, 7, 9, 12, 16, 20, 22, 21, 17, 12, 8, 2), "test", "未核实")
    winter = mild.winter()
    assert winter is not None and winter.contains(date(2023, 12, 15))
    assert not winter.contains(date(2023, 11, 15)) and not winter.contains(date(2024, 1, 15))
    warm = ClimateTable("示例", (6,) * 12, "test", "未核实")
    assert warm.winter() is None
    with pytest.raises(ValueError):
        ClimateTable("示例", (1, 2, 3), "test", "未核实")


# --- Works bound to the winter ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "work"),
    [
        ("concrete_road", WinterWork.CONCRETE),
        ("wall_insulation", WinterWork.MORTAR),
        ("road_repair", WinterWork.ASPHALT),
        ("pavement_restoration", WinterWork.ASPHALT),
        ("water_supply_main", WinterWork.TRENCHING),
        ("replanting", WinterWork.PLANTING),
        ("parking_spaces", WinterWork.MARKING_PAINT),
        ("traffic_facilities", WinterWork.MARKING_PAINT),
        ("roof_waterproofing", WinterWork.MEMBRANE),
    ],
)
def test_each_kind_of_frost_bound_work_is_flagged_in_december_not_in_july(scope, work):
    assert work in WINTER_WORKS[scope]
    assert ConflictRule.WINTER_WORKS in rules_of(item(scope, "2023-12-01", "2023-12-10"))
    assert ConflictRule.WINTER_WORKS not in rules_of(item(scope, "2023-07-01", "2023-07-10"))


def test_the_december_concrete_road_counts_its_winter_days():
    [conflict] = find_conflicts([item("concrete_road", "2023-11-22", "2023-12-12")], RULES)
    assert conflict.rule == ConflictRule.WINTER_WORKS
    assert (conflict.days, conflict.first_day, conflict.last_day) == (
        21,
        date(2023, 11, 22),
        date(2023, 12, 12),
    )
    [row] = conflict_table([conflict], RULES, "zh")
    assert "冬期施工（10月30日至次年3月21日）" in row.values()
    # A road finished the day before winter passes.
    assert not find_conflicts([item("concrete_road", "2023-10-01", "2023-10-29")], RULES)


def test_works_freezing_does_not_stop_pass_in_winter():
    for scope in ("street_lights", "signs", "debris_removal", "smart_security"):
        assert not find_conflicts([item(scope, "2023-12-01", "2024-01-31")], RULES), scope


def test_the_rules_name_the_winter_and_the_handover_in_both_languages():
    zh, en = rules_text(RULES, "zh"), rules_text(RULES, "en")
    assert "冬期施工（JGJ/T 104：日平均气温连续5天低于5℃）：10月30日至次年3月21日" in zh
    assert "未核实" in zh and "嘉峪关市" in zh
    assert "供热主管须在供暖开始前15天完工（试压、冲洗、试运行）" in zh
    assert "Winter works (JGJ/T 104" in en and "30 October to 21 March" in en


# --- The heating main and the pre-heating window ----------------------------------------------


def test_a_heating_main_ending_the_day_before_heat_up_has_no_time_for_tests():
    assert before_period((10, 15), 15) == AnnualPeriod((9, 30), (10, 14))
    assert RULES.heating_handover == AnnualPeriod((9, 30), (10, 14))
    late = item("heating_main", "2023-06-01", "2023-10-14")
    [conflict] = find_conflicts([late], RULES)
    assert conflict.rule == ConflictRule.HEATING_HANDOVER
    assert (conflict.days, conflict.first_day, conflict.last_day) == (
        15,
        date(2023, 9, 30),
        date(2023, 10, 14),
    )
    assert not find_conflicts([item("heating_main", "2023-06-01", "2023-09-29")], RULES)
    # Other mains may run until winter.
    assert not find_conflicts([item("water_supply_main", "2023-06-01", "2023-10-14")], RULES)


def test_the_handover_window_follows_the_heating_season_setting():
    rules = ClimateRules(heating_season_start=(11, 1), heating_handover_days=20)
    assert rules.heating_handover == AnnualPeriod((10, 12), (10, 31))
    assert ClimateRules(heating_handover_days=0).heating_handover is None


# --- On the sample ----------------------------------------------------------------------------


def _items(session: Session, key: str) -> list[ScheduleItem]:
    programme = session.exec(select(Programme.id).where(Programme.key == key)).one()
    return schedule_items(session, programme_id=programme)


def test_on_the_sample_the_xiyu_december_works_are_winter_works(seeded_engine):
    with Session(seeded_engine) as session:
        compounds = find_conflicts(_items(session, "p2023"), RULES)
        xiyu = find_conflicts(_items(session, "p2023_xiyu"), RULES)
    assert compounds == []  # the 2023 compounds were built before winter
    flagged = {(c.item.scope_key, c.rule) for c in xiyu}
    assert ("concrete_road", ConflictRule.WINTER_WORKS) in flagged
    assert ("parking_spaces", ConflictRule.WINTER_WORKS) in flagged  # marking paint
    assert {scope for scope, _ in flagged} == {"concrete_road", "parking_spaces"}
