"""The schedule: season arithmetic, climate conflicts, Gantt rows from the database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select

from db.models import Programme, ScopeType, Site, WorkItem
from planner.settings import PlannerSettings, load_settings
from planner.works.schedule import (
    AnnualPeriod,
    ClimateRules,
    ConflictRule,
    DateKind,
    DateRange,
    ScheduleItem,
    conflict_table,
    find_conflicts,
    parse_month_day,
    programme_schedule,
    rules_text,
    schedule_items,
    site_schedule,
)

#: The building-season and heating-season rules alone (winter works and the pre-heating
#: window have their own tests below, with the default rules).
RULES = ClimateRules(climate=None, heating_handover_days=0)
DEFAULT = ClimateRules()
HEATING = RULES.heating_season
OFF_SEASON = RULES.outside_building_season


def d(text: str) -> date:
    """A date from ISO text."""
    return date.fromisoformat(text)


def item(scope: str, planned: tuple[str, str] | None = None, actual=None, **kw) -> ScheduleItem:
    """A schedule item with ISO dates; ``actual`` may be (start, None) for ongoing work."""
    planned_start, planned_end = (d(x) if x else None for x in (planned or (None, None)))
    actual_start, actual_end = (d(x) if x else None for x in (actual or (None, None)))
    return ScheduleItem(
        id=kw.pop("id", 1),
        site_id=kw.pop("site_id", 1),
        scope_key=scope,
        planned_start=planned_start,
        planned_end=planned_end,
        actual_start=actual_start,
        actual_end=actual_end,
        **kw,
    )


def days_of(dates: DateRange) -> list[date]:
    """Every day of a range."""
    return [dates.start + timedelta(n) for n in range(dates.days)]


# --- Rules from the settings ----------------------------------------------------------------


def test_default_rules_are_the_settings_defaults(monkeypatch):
    for name in ("BUILDING_SEASON_START_MONTH", "HEATING_SEASON_START", "HEATING_SEASON_END"):
        monkeypatch.delenv(f"PLANNER_{name}", raising=False)
    assert ClimateRules.from_settings(PlannerSettings(_env_file=None)) == DEFAULT
    assert OFF_SEASON == AnnualPeriod((11, 1), (3, 31))
    assert HEATING == AnnualPeriod((10, 15), (4, 15))
    assert HEATING.wraps


def test_settings_from_the_environment_move_the_heating_season(monkeypatch):
    monkeypatch.setenv("PLANNER_HEATING_SEASON_START", "11-01")
    rules = replace(ClimateRules.from_settings(load_settings()), climate=None)
    rules = replace(rules, heating_handover_days=0)
    assert rules.heating_season == AnnualPeriod((11, 1), (4, 15))
    late_october = item("heating_main", ("2023-10-15", "2023-10-31"))
    assert find_conflicts([late_october], RULES)  # Jiayuguan's default: in the season
    assert not find_conflicts([late_october], rules)
    first_of_november = item("heating_main", ("2023-10-20", "2023-11-01"))
    [conflict] = find_conflicts([first_of_november], rules)
    assert (conflict.days, conflict.first_day) == (1, d("2023-11-01"))


def test_a_shorter_building_season_flags_april_roofing():
    rules = ClimateRules.from_settings(PlannerSettings(building_season_start_month=5))
    rules = replace(rules, climate=None)
    april = item("roof_waterproofing", ("2023-04-20", "2023-05-10"))
    assert not find_conflicts([april], RULES)
    [conflict] = find_conflicts([april], rules)
    assert conflict.rule == ConflictRule.OUTSIDE_BUILDING_SEASON
    assert (conflict.days, conflict.last_day) == (11, d("2023-04-30"))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"building_season_start_month": 0},
        {"building_season_end_month": 13},
        {"heating_season_start": (13, 1)},
        {"heating_season_end": (4, 31)},
        {"heating_season_end": (2, 30)},
    ],
)
def test_impossible_seasons_are_refused(kwargs):
    with pytest.raises(ValueError):
        ClimateRules(**kwargs)


@pytest.mark.parametrize("text", ["1015", "10-32", "00-10", "ab-cd", "10-15-01"])
def test_parse_month_day_refuses_what_is_no_day(text):
    with pytest.raises(ValueError):
        parse_month_day(text)


def test_parse_month_day_accepts_the_leap_day():
    assert parse_month_day("02-29") == (2, 29)
    assert parse_month_day(" 04-15 ") == (4, 15)


def test_rules_read_in_both_languages():
    assert rules_text(RULES, "zh") == (
        "气候规则：屋面防水、外墙保温、外墙涂料及外墙漆只在施工季（4月至10月）施工；"
        "供热主管不在供暖期（10月15日至次年4月15日）施工。"
    )
    english = rules_text(RULES, "en")
    assert "building season (April to October)" in english
    assert "heating season (15 October to 15 April)" in english


# --- Season arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        ("2023-10-14", False),
        ("2023-10-15", True),
        ("2023-12-31", True),
        ("2024-01-01", True),
        ("2024-04-15", True),
        ("2024-04-16", False),
        ("2024-07-01", False),
    ],
)
def test_heating_season_boundaries_are_included(day, inside):
    assert HEATING.contains(d(day)) is inside
    one_day = item("heating_main", (day, day))
    assert bool(find_conflicts([one_day], RULES)) is inside


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        ("2024-03-31", True),
        ("2024-04-01", False),
        ("2024-10-31", False),
        ("2024-11-01", True),
    ],
)
def test_building_season_is_whole_months(day, inside):
    assert OFF_SEASON.contains(d(day)) is inside
    assert bool(find_conflicts([item("facade_paint", (day, day))], RULES)) is inside


def test_a_range_across_the_new_year():
    overlap = HEATING.overlap(DateRange(d("2023-12-20"), d("2024-01-10")))
    assert (overlap.days, overlap.first_day, overlap.last_day) == (
        22,
        d("2023-12-20"),
        d("2024-01-10"),
    )


def test_a_range_entirely_in_winter_conflicts_on_every_day():
    winter = DateRange(d("2023-12-01"), d("2024-02-29"))  # 2024 is a leap year
    assert HEATING.overlap(winter).days == winter.days == 91
    assert OFF_SEASON.overlap(winter).days == 91


def test_a_range_touching_the_season_at_both_ends():
    overlap = HEATING.overlap(DateRange(d("2023-04-10"), d("2023-10-20")))
    assert (overlap.days, overlap.first_day, overlap.last_day) == (
        12,  # 10–15 April and 15–20 October
        d("2023-04-10"),
        d("2023-10-20"),
    )


def test_a_range_over_two_winters_counts_both():
    overlap = HEATING.overlap(DateRange(d("2022-06-01"), d("2024-06-30")))
    # 15 Oct 2022 – 15 Apr 2023 is 183 days, 15 Oct 2023 – 15 Apr 2024 (leap) is 184.
    assert (overlap.days, overlap.first_day, overlap.last_day) == (
        367,
        d("2022-10-15"),
        d("2024-04-15"),
    )


def test_a_summer_range_misses_the_heating_season():
    assert HEATING.overlap(DateRange(d("2023-04-16"), d("2023-10-14"))) is None


def test_a_leap_day_bound_in_common_and_leap_years():
    period = AnnualPeriod((2, 29), (3, 1))
    assert period.in_year(2023) == [DateRange(d("2023-03-01"), d("2023-03-01"))]
    assert period.in_year(2024) == [DateRange(d("2024-02-29"), d("2024-03-01"))]
    ending = AnnualPeriod((2, 20), (2, 29))
    assert ending.in_year(2023) == [DateRange(d("2023-02-20"), d("2023-02-28"))]
    assert AnnualPeriod((2, 29), (2, 29)).in_year(2023) == []


def test_outside_months_wraps_and_can_be_empty():
    assert AnnualPeriod.outside_months(4, 10) == AnnualPeriod((11, 1), (3, 31))
    assert AnnualPeriod.outside_months(11, 3) == AnnualPeriod((4, 1), (10, 31))
    assert AnnualPeriod.outside_months(3, 3) == AnnualPeriod((4, 1), (2, 29))
    assert AnnualPeriod.outside_months(1, 12) is None
    assert AnnualPeriod.outside_months(5, 4) is None
    all_year = ClimateRules(
        building_season_start_month=1, building_season_end_month=12, climate=None
    )
    assert not find_conflicts([item("roof_waterproofing", ("2023-12-01", "2024-01-31"))], all_year)


def test_a_heating_season_that_does_not_wrap():
    southern = ClimateRules(
        heating_season_start=(5, 1),
        heating_season_end=(9, 30),
        climate=None,
        heating_handover_days=0,
    )
    assert not southern.heating_season.wraps
    [conflict] = find_conflicts([item("heating_main", ("2023-04-20", "2023-05-10"))], southern)
    assert (conflict.days, conflict.first_day) == (10, d("2023-05-01"))
    assert not find_conflicts([item("heating_main", ("2023-10-01", "2024-03-31"))], southern)


def test_date_range_refuses_to_end_before_it_starts():
    with pytest.raises(ValueError):
        DateRange(d("2023-05-02"), d("2023-05-01"))


# --- Conflicts ------------------------------------------------------------------------------


def test_roofing_in_march_is_flagged_in_may_it_is_not():
    march = item("roof_waterproofing", ("2024-03-04", "2024-03-20"), id=1)
    may = item("roof_waterproofing", ("2024-05-04", "2024-05-20"), id=2)
    [conflict] = find_conflicts([march, may], RULES)
    assert conflict.item is march
    assert conflict.kind == DateKind.PLANNED
    assert conflict.rule == ConflictRule.OUTSIDE_BUILDING_SEASON
    assert conflict.dates == DateRange(d("2024-03-04"), d("2024-03-20"))
    assert conflict.days == 17


def test_heating_main_in_november_is_flagged_in_july_it_is_not():
    november = item("heating_main", ("2023-11-01", "2023-11-20"), ("2023-11-03", "2023-11-25"))
    july = item("heating_main", ("2023-07-01", "2023-07-31"), ("2023-07-02", "2023-08-02"), id=2)
    conflicts = find_conflicts([november, july], RULES)
    assert [(c.item.id, c.kind, c.rule, c.days) for c in conflicts] == [
        (1, DateKind.PLANNED, ConflictRule.IN_HEATING_SEASON, 20),
        (1, DateKind.ACTUAL, ConflictRule.IN_HEATING_SEASON, 23),
    ]


def test_heating_main_in_november_is_fine_for_the_building_season_rule():
    # November is outside the building season, but that rule binds exterior works only.
    [conflict] = find_conflicts([item("heating_main", ("2023-11-01", "2023-11-20"))], RULES)
    assert conflict.rule == ConflictRule.IN_HEATING_SEASON


def test_other_works_are_never_flagged():
    winter = ("2023-12-01", "2024-02-15")
    assert not find_conflicts(
        [item("parking_spaces", winter), item("debris_removal", winter)], RULES
    )


def test_insulation_in_early_april_breaks_no_rule():
    # 1–15 April is building season and heating season: only heating works must wait.
    assert not find_conflicts([item("wall_insulation", ("2023-04-01", "2023-04-15"))], RULES)
    assert find_conflicts([item("heating_main", ("2023-04-01", "2023-04-15"))], RULES)


def test_ongoing_work_runs_to_its_planned_end():
    ongoing = item("facade_paint", ("2023-09-01", "2023-11-10"), ("2023-09-05", None))
    assert ongoing.actual_open
    assert ongoing.actual == DateRange(d("2023-09-05"), d("2023-11-10"))
    kinds = [(c.kind, c.days) for c in find_conflicts([ongoing], RULES)]
    assert kinds == [(DateKind.PLANNED, 10), (DateKind.ACTUAL, 10)]
    late_start = item("facade_paint", ("2023-05-01", "2023-06-01"), ("2023-11-02", None))
    assert late_start.actual == DateRange(d("2023-11-02"), d("2023-11-02"))


def test_one_date_is_one_day_and_inverted_dates_are_skipped():
    assert item("roof_waterproofing", (None, "2023-03-01")).planned == DateRange(
        d("2023-03-01"), d("2023-03-01")
    )
    inverted = item("roof_waterproofing", ("2023-03-10", "2023-03-01"))
    assert inverted.planned is None
    assert not find_conflicts([inverted, item("roof_waterproofing")], RULES)


def test_conflict_table_names_the_item_in_both_languages():
    november = item(
        "heating_main",
        ("2023-11-01", "2023-11-20"),
        site_name_zh="广汇小区",
        site_name_en="Guanghui",
    )
    paint = item(
        "facade_paint",
        ("2023-10-20", "2023-11-05"),
        id=2,
        building_number="3",
        site_name_zh="广汇小区",
    )
    conflicts = find_conflicts([november, paint], RULES)
    [zh_heating, zh_paint] = conflict_table(conflicts, RULES, "zh")
    assert zh_heating["工程项目"] == "广汇小区 · 供热主管"
    assert zh_heating["违反的规则"] == "供暖期内（供暖期：10月15日至次年4月15日）"
    assert zh_heating["冲突天数"] == 20
    assert zh_heating["起止日期"] == "2023-11-01 – 2023-11-20"
    assert zh_paint["工程项目"] == "广汇小区 · 3号楼 · 外墙涂料及外墙漆"
    assert zh_paint["冲突时段"] == "2023-11-01 – 2023-11-05"
    en_heating = conflict_table(conflicts, RULES, "en")[0]
    assert en_heating["Work item"] == "Guanghui · Heating mains"
    assert en_heating["Rule broken"] == "In the heating season (15 October to 15 April)"
    assert conflict_table(conflicts, RULES, "en")[1]["Work item"].startswith(
        "广汇小区 · Building 3"
    )


# --- Properties -----------------------------------------------------------------------------

month_days = st.integers(1, 12).flatmap(
    lambda m: st.tuples(
        st.just(m), st.integers(1, (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[m - 1])
    )
)
periods = st.builds(AnnualPeriod, month_days, month_days)
ranges = st.builds(
    lambda start, length: DateRange(start, start + timedelta(length)),
    st.dates(date(2019, 1, 1), date(2027, 12, 31)),
    st.integers(0, 800),
)


@given(periods, ranges)
def test_overlap_counts_exactly_the_days_in_the_period(period, dates):
    inside = [day for day in days_of(dates) if period.contains(day)]
    overlap = period.overlap(dates)
    if not inside:
        assert overlap is None
    else:
        assert (overlap.days, overlap.first_day, overlap.last_day) == (
            len(inside),
            inside[0],
            inside[-1],
        )


@given(periods, ranges, st.integers(0, 800))
def test_overlap_adds_up_over_a_split_range(period, dates, cut):
    if dates.days < 2:
        return
    middle = dates.start + timedelta(cut % (dates.days - 1))
    parts = [DateRange(dates.start, middle), DateRange(middle + timedelta(1), dates.end)]
    total = sum(o.days for o in map(period.overlap, parts) if o is not None)
    whole = period.overlap(dates)
    assert total == (whole.days if whole else 0)


@given(st.integers(1, 12), st.integers(1, 12), st.dates(date(2019, 1, 1), date(2027, 12, 31)))
def test_outside_months_is_the_complement_of_the_season(first, last, day):
    season = {(first - 1 + n) % 12 + 1 for n in range((last - first) % 12 + 1)}
    period = AnnualPeriod.outside_months(first, last)
    outside = period is not None and period.contains(day)
    assert outside is (day.month not in season)


@given(
    st.sampled_from(["roof_waterproofing", "wall_insulation", "facade_paint", "heating_main"]),
    ranges,
)
def test_a_range_conflicts_iff_any_of_its_days_is_forbidden(scope, dates):
    work = ScheduleItem(1, 1, scope, planned_start=dates.start, planned_end=dates.end)
    period = HEATING if scope == "heating_main" else OFF_SEASON
    forbidden = sum(1 for day in days_of(dates) if period.contains(day))
    conflicts = find_conflicts([work], RULES)
    assert [c.days for c in conflicts] == ([forbidden] if forbidden else [])


# --- Queries on the seeded sample (SQLite and PostgreSQL) -----------------------------------


def _programme_id(session: Session, key: str) -> int:
    return session.exec(select(Programme.id).where(Programme.key == key)).one()


def _site_id(session: Session, name: str) -> int:
    return session.exec(select(Site.id).where(Site.name_zh == name)).one()


def _heating_main(session: Session, site_id: int) -> WorkItem:
    return session.exec(
        select(WorkItem)
        .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
        .where(ScopeType.key == "heating_main", WorkItem.site_id == site_id)
    ).one()


def test_the_sample_has_dated_works_and_no_conflicts(seeded_engine):
    with Session(seeded_engine) as session:
        items = schedule_items(session)
        total = session.exec(select(WorkItem)).all()
    assert len(items) == len(total) == 644
    assert all(i.planned for i in items)
    heating = [i for i in items if i.scope_key == "heating_main"]
    assert len(heating) == 19
    assert all(5 <= i.planned.start.month and i.actual.end.month <= 9 for i in heating)
    assert find_conflicts(items, RULES) == []


def test_programme_schedule_has_one_row_per_compound_spanning_its_items(seeded_engine):
    with Session(seeded_engine) as session:
        p2023 = _programme_id(session, "p2023")
        rows = programme_schedule(session, p2023, rules=RULES)
        guanghui = _site_id(session, "广汇小区")
        items = schedule_items(session, programme_id=p2023, site_id=guanghui)
    assert len(rows) == 19
    assert all(r.dated_items == r.items > 0 and not r.conflicts for r in rows)
    starts = [r.planned.start for r in rows]
    assert starts == sorted(starts)
    [row] = [r for r in rows if r.site_id == guanghui]
    assert row.key == f"site:{guanghui}"
    assert row.label("zh") == "广汇小区"
    assert row.items == len(items)
    assert row.planned == DateRange(
        min(i.planned_start for i in items), max(i.planned_end for i in items)
    )
    assert row.actual == DateRange(
        min(i.actual_start for i in items), max(i.actual_end for i in items)
    )


def test_site_schedule_has_one_row_per_item_site_level_first(seeded_engine):
    with Session(seeded_engine) as session:
        p2023 = _programme_id(session, "p2023")
        guanghui = _site_id(session, "广汇小区")
        rows = site_schedule(session, guanghui, p2023, rules=RULES)
        everything = site_schedule(session, guanghui, rules=RULES)
        n_items = len(session.exec(select(WorkItem).where(WorkItem.site_id == guanghui)).all())
    assert len(rows) == len(everything) == n_items
    assert all(r.item_id is not None and r.items == 1 for r in rows)
    labels = [r.label("zh") for r in rows]
    assert "供热主管" in labels
    first_building = labels.index("1号楼 · 屋面防水")
    assert all("号楼" not in label for label in labels[:first_building])
    assert labels[first_building : first_building + 3] == [
        "1号楼 · 屋面防水",
        "1号楼 · 外墙保温",
        "1号楼 · 外墙涂料及外墙漆",
    ]
    assert rows[first_building].label("en") == "Building 1 · Roof waterproofing"


def test_heating_main_moved_to_november_is_flagged(seeded_engine):
    with Session(seeded_engine) as session:
        p2023 = _programme_id(session, "p2023")
        guanghui = _site_id(session, "广汇小区")
        work = _heating_main(session, guanghui)
        work.planned_start, work.planned_end = date(2023, 11, 1), date(2023, 11, 20)
        session.add(work)
        session.commit()
        moved = work.id
        conflicts = find_conflicts(schedule_items(session, programme_id=p2023), RULES)
        site_rows = programme_schedule(session, p2023, rules=RULES)
        item_rows = site_schedule(session, guanghui, p2023, rules=RULES)
    [conflict] = conflicts
    assert conflict.item.id == moved
    assert conflict.item.site_name_zh == "广汇小区"
    assert (conflict.kind, conflict.rule, conflict.days) == (
        DateKind.PLANNED,
        ConflictRule.IN_HEATING_SEASON,
        20,
    )
    assert conflict.dates == DateRange(date(2023, 11, 1), date(2023, 11, 20))
    flagged = [r for r in site_rows if r.conflicts]
    assert [r.site_id for r in flagged] == [guanghui]
    assert flagged[0].has_conflict(DateKind.PLANNED)
    assert not flagged[0].has_conflict(DateKind.ACTUAL)
    assert flagged[0].planned.end == date(2023, 11, 20)  # the site's span grows to November
    assert [r.item_id for r in item_rows if r.conflicts] == [moved]
