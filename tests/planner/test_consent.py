"""Consent votes under 民法典 art. 278: exact thresholds, four counters, blocked work items."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import update
from sqlmodel import Session, select

from db.models import Building, ConsentMatter, ConsentVote, Programme, Site
from db.session import session_scope
from planner.settings import PlannerSettings
from planner.surveys import consent
from planner.surveys.consent import (
    CIVIL_CODE_2021,
    PROPERTY_LAW_2007,
    Threshold,
    VoteCounts,
    evaluate,
)
from planner.works import items as wi

REBUILD, OTHER = ConsentMatter.REBUILD.value, ConsentMatter.PROPERTY_MANAGEMENT.value


def _counts(owners_area, owners, part_area, part, yes_area, yes) -> VoteCounts:
    return VoteCounts(owners_area, owners, part_area, part, yes_area, yes)


def _failed(result) -> list[str]:
    return [test.name for test in result.failed]


# --- Thresholds at and around their boundary (exact arithmetic) -----------------------------


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@given(owners=st.integers(min_value=1, max_value=10**9))
def test_quorum_headcount_passes_exactly_at_two_thirds(owners):
    boundary = _ceil_div(2 * owners, 3)  # the fewest owners who make ≥ 2/3
    q = CIVIL_CODE_2021.quorum
    assert q.met(boundary, owners)
    assert not q.met(boundary - 1, owners)


@given(cents=st.integers(min_value=1, max_value=10**12))
def test_quorum_area_passes_exactly_at_two_thirds_to_the_cent(cents):
    whole = Decimal(cents) / 100
    boundary = Decimal(_ceil_div(2 * cents, 3)) / 100
    q = CIVIL_CODE_2021.quorum
    assert q.met(boundary, whole)
    assert not q.met(boundary - Decimal("0.01"), whole)


@given(participants=st.integers(min_value=1, max_value=10**9))
def test_special_majority_passes_exactly_at_three_quarters(participants):
    boundary = _ceil_div(3 * participants, 4)
    special = CIVIL_CODE_2021.threshold_for(REBUILD)
    assert special.met(boundary, participants)
    assert not special.met(boundary - 1, participants)


@given(participants=st.integers(min_value=1, max_value=10**9))
def test_ordinary_majority_needs_more_than_half(participants):
    boundary = participants // 2 + 1  # the fewest that make "more than half"
    ordinary = CIVIL_CODE_2021.threshold_for(OTHER)
    assert ordinary.met(boundary, participants)
    assert not ordinary.met(boundary - 1, participants)
    if participants % 2 == 0:
        assert not ordinary.met(participants // 2, participants)  # exactly half fails


def test_floats_would_get_the_boundary_wrong_but_decimals_do_not():
    # 0.1 + 0.2 style: 2/3 of 300.03 m² is 200.02 m², which a float product misjudges.
    assert Threshold(Fraction(2, 3)).met(Decimal("200.02"), Decimal("300.03"))
    assert Threshold(Fraction(2, 3)).met(200.02, 300.03)  # floats are read as written
    assert not Threshold(Fraction(2, 3)).met(Decimal("200.01"), Decimal("300.03"))


@given(
    owners=st.integers(min_value=3, max_value=5000),
    area_cents=st.integers(min_value=300, max_value=10**9),
    data=st.data(),
)
def test_area_and_headcount_are_judged_separately(owners, area_cents, data):
    """Headcount at its boundary, area one cent below its own: only the area test fails."""
    owners_area = Decimal(area_cents) / 100
    part = _ceil_div(2 * owners, 3)
    part_area = Decimal(_ceil_div(2 * area_cents, 3)) / 100
    yes = _ceil_div(3 * part, 4)
    part_area_cents = int(part_area * 100)
    yes_area_ok = Decimal(_ceil_div(3 * part_area_cents, 4)) / 100
    area_short = data.draw(st.booleans())
    yes_area = yes_area_ok - Decimal("0.01") if area_short else yes_area_ok
    if yes_area < 0:
        return
    result = evaluate(
        _counts(owners_area, owners, part_area, part, yes_area, yes), REBUILD, CIVIL_CODE_2021
    )
    assert _failed(result) == (["approval_area"] if area_short else [])
    assert result.passed is not area_short
    # The other way round: area fine, one owner short.
    if yes >= 1:
        short = evaluate(
            _counts(owners_area, owners, part_area, part, yes_area_ok, yes - 1),
            REBUILD,
            CIVIL_CODE_2021,
        )
        assert _failed(short) == ["approval_headcount"]


@given(
    owners=st.integers(min_value=1, max_value=1000),
    area=st.integers(min_value=1, max_value=10**6),
    part_share=st.fractions(min_value=0, max_value=1),
    yes_share=st.fractions(min_value=0, max_value=1),
    matter=st.sampled_from([m.value for m in ConsentMatter]),
)
def test_result_passes_only_when_all_four_counters_pass(
    owners, area, part_share, yes_share, matter
):
    part = int(owners * part_share)
    part_area = Fraction(int(area * part_share * 100), 100)
    yes = int(part * yes_share)
    yes_area = Fraction(int(part_area * yes_share * 100), 100)
    result = evaluate(
        _counts(area, owners, part_area, part, yes_area, yes), matter, CIVIL_CODE_2021
    )
    need = Fraction(3, 4) if matter in ("raise_funds", "rebuild", "common_use") else Fraction(1, 2)
    strict = need == Fraction(1, 2)
    expected = {
        "quorum_area": 3 * part_area >= 2 * area,
        "quorum_headcount": 3 * part >= 2 * owners,
        "approval_area": part_area > 0
        and (yes_area > need * part_area if strict else yes_area >= need * part_area),
        "approval_headcount": part > 0 and (yes > need * part if strict else yes >= need * part),
    }
    assert {test.name: test.passed for test in result.tests} == expected
    assert result.passed == all(expected.values())


def test_quorum_failure_is_named_with_its_numbers():
    result = evaluate(
        _counts(Decimal("3000.00"), 30, Decimal("1500.00"), 25, 1400, 24), REBUILD, CIVIL_CODE_2021
    )
    assert _failed(result) == ["quorum_area"]
    assert result.summary("zh") == (
        "表决未通过：参与表决面积 50.0%（1,500.00 / 3,000.00 m²），需 ≥ 2/3：未通过"
    )
    assert "Area taking part 50.0% (1,500.00 / 3,000.00 m²), needs ≥ 2/3: failed" in result.summary(
        "en"
    )


def test_pre_2021_rule_counts_all_owners_and_has_no_quorum():
    # 20 of 30 owners take part and all agree: 2/3 of all owners, so 物权法 §76 passes ...
    counts = _counts(3000, 30, 2000, 20, 2000, 20)
    old = evaluate(counts, REBUILD, PROPERTY_LAW_2007)
    assert [t.name for t in old.tests] == ["approval_area", "approval_headcount"]
    assert old.passed
    # ... and so does the Civil Code (quorum exactly 2/3, 100 % of participants).
    assert evaluate(counts, REBUILD, CIVIL_CODE_2021).passed
    # 21 of 30 take part and 15 agree: 15/21 = 71 % < 3/4 fails the Civil Code, and 15/30 = 1/2
    # of all owners fails the old rule too.
    counts = _counts(3000, 30, 2100, 21, 1500, 15)
    assert _failed(evaluate(counts, REBUILD, CIVIL_CODE_2021)) == [
        "approval_area",
        "approval_headcount",
    ]
    assert not evaluate(counts, REBUILD, PROPERTY_LAW_2007).passed


def test_rules_come_from_settings_per_city():
    rules = consent.ConsentRules.from_settings(
        PlannerSettings(
            consent_city="某市",
            consent_preset="civil_code_2021",
            consent_special_majority=">=4/5",
            consent_source="某市加装电梯实施办法",
        )
    )
    assert rules.special_majority == Threshold(Fraction(4, 5))
    assert rules.quorum == Threshold(Fraction(2, 3)) and rules.city == "某市"
    old = consent.ConsentRules.from_settings(PlannerSettings(consent_preset="property_law_2007"))
    assert old.quorum is None and old.approval_base == "owners"
    assert Threshold.parse("≥ 3/4") == Threshold(Fraction(3, 4))
    assert Threshold.parse(">1/2") == Threshold(Fraction(1, 2), strict=True)
    with pytest.raises(ValueError):
        Threshold.parse("75%")


def test_rules_from_the_environment(monkeypatch):
    monkeypatch.setenv("PLANNER_CONSENT_PRESET", "property_law_2007")
    monkeypatch.setenv("PLANNER_CONSENT_QUORUM", ">=1/2")
    rules = consent.ConsentRules.from_settings(PlannerSettings())
    assert rules.quorum == Threshold(Fraction(1, 2)) and rules.key == "property_law_2007"


@pytest.mark.parametrize(
    ("counts", "key"),
    [
        ((100, 10, 120, 8, 50, 5), "consent.error.participants_above_owners"),
        ((100, 10, 80, 8, 90, 5), "consent.error.consenting_above_participants"),
        ((0, 0, 0, 0, 0, 0), "consent.error.no_owners"),
        ((100, 10, -1, 8, 0, 0), "consent.error.negative"),
    ],
)
def test_impossible_counts_are_refused(counts, key):
    with pytest.raises(consent.InvalidVoteError) as refused:
        evaluate(_counts(*counts), OTHER, CIVIL_CODE_2021)
    assert key in refused.value.keys


# --- The sample votes and the work items they gate --------------------------------------------


def test_sample_xiyu_garden_vote_passes_with_89_percent(seeded_engine):
    with Session(seeded_engine) as session:
        xiyu = session.exec(select(Site).where(Site.name_zh == "西域花园")).one()
        [vote] = session.exec(select(ConsentVote).where(ConsentVote.site_id == xiyu.id)).all()
    assert vote.matter == "property_management" and vote.consultation_rounds == 3
    assert round(100 * vote.consenting_count / vote.owners_count) == 89
    assert round(100 * vote.consenting_area_m2 / vote.owners_area_m2) == 89
    result = consent.evaluate_vote(vote, CIVIL_CODE_2021)
    assert result.passed and CIVIL_CODE_2021.threshold_for(vote.matter).strict  # > 1/2


def test_sample_elevator_vote_fails_by_headcount_only(seeded_engine):
    with Session(seeded_engine) as session:
        votes = session.exec(
            select(ConsentVote)
            .where(ConsentVote.matter == "rebuild")
            .order_by(ConsentVote.unit_number)
        ).all()
    outcomes = {v.unit_number: consent.evaluate_vote(v, CIVIL_CODE_2021) for v in votes}
    assert _failed(outcomes["1"]) == ["approval_headcount"]
    assert outcomes["2"].passed


def _elevator_item(session: Session, planned: int = 1, unit: str | None = "1") -> int:
    """Add an elevator retrofit for one 单元 of building 1 of the 2024 sample compound A."""
    building = session.exec(
        select(Building)
        .join(Site, Site.id == Building.site_id)
        .where(Site.key == "c2024_01", Building.number == "1")
    ).one()
    programme = session.exec(select(Programme).where(Programme.key == "p2024")).one()
    new = wi.NewWorkItem(
        programme.id, building.site_id, building.id, "elevator_retrofit", planned, unit_number=unit
    )
    return wi.add_work_item(session, new, actor="tester").item_id


def _vote(session, item_id, unit, yes, *, vote_date=None) -> None:
    item = session.get(wi.WorkItem, item_id)
    consent.record_vote(
        session,
        consent.NewConsentVote(
            site_id=item.site_id,
            building_id=item.building_id,
            unit_number=unit,
            matter=REBUILD,
            title=f"加装电梯 {unit}单元",
            counts=_counts(Decimal("980.00"), 14, Decimal("980.00"), 14, Decimal(yes * 70), yes),
            work_item_id=item_id,
            vote_date=vote_date,
        ),
        actor="tester",
    )


def test_elevator_item_is_cleared_only_by_a_passed_vote_of_its_own_unit(seeded_engine):
    rules = CIVIL_CODE_2021
    with session_scope(seeded_engine) as session:
        item_id = _elevator_item(session, unit="1")
        roof = session.exec(
            select(wi.WorkItem.id).where(wi.WorkItem.building_id.is_not(None))
        ).first()
        blocked = consent.blocked_work_items(session, [item_id, roof], rules)
        assert list(blocked) == [item_id]  # a roof needs no vote
        assert blocked[item_id].reason == "no_vote"
        assert "尚无表决记录" in blocked[item_id].message("zh")

        _vote(session, item_id, "1", 10)  # 10 of 14 = 71 % < 3/4
        status = consent.consent_status_for_work_item(session, item_id, rules)
        assert status.blocked and status.reason == "vote_failed"
        assert "同意人数 71.4%（10 / 14 人），需 ≥ 3/4：未通过" in status.message("zh")

        _vote(session, item_id, "1", 12)  # a second vote in 单元 1 decides now
        assert consent.blocked_work_items(session, [item_id], rules) == {}
        status = consent.consent_status_for_work_item(session, item_id, rules)
        assert not status.blocked and status.passed_units == ("1",)


def test_an_elevator_item_without_a_unit_stays_blocked(seeded_engine):
    # The editor refuses a new elevator without its 单元; one recorded before that rule (or
    # written by another tool) has none and must stay blocked.
    with session_scope(seeded_engine) as session:
        item_id = _elevator_item(session)
        session.exec(update(wi.WorkItem).where(wi.WorkItem.id == item_id).values(unit_number=None))
        status = consent.consent_status_for_work_item(session, item_id, CIVIL_CODE_2021)
        assert status.blocked and status.reason == "unit_missing"
        assert "未注明单元" in status.message("zh")


def test_a_stricter_city_rule_blocks_an_item_the_civil_code_clears(seeded_engine):
    strict = consent.ConsentRules.from_settings(PlannerSettings(consent_special_majority=">=9/10"))
    with session_scope(seeded_engine) as session:
        item_id = _elevator_item(session)
        _vote(session, item_id, "1", 12)  # 12 of 14 = 85.7 %
        assert not consent.blocked_work_items(session, [item_id], CIVIL_CODE_2021)
        assert (
            consent.blocked_work_items(session, [item_id], strict)[item_id].reason == "vote_failed"
        )


def test_recording_an_elevator_vote_needs_a_unit_of_its_building(seeded_engine):
    with session_scope(seeded_engine) as session:
        item_id = _elevator_item(session)
        item = session.get(wi.WorkItem, item_id)
        base = {
            "site_id": item.site_id,
            "matter": REBUILD,
            "title": "加装电梯",
            "counts": _counts(1000, 14, 1000, 14, 1000, 14),
            "work_item_id": item_id,
        }
        no_unit = consent.NewConsentVote(building_id=item.building_id, **base)
        assert "consent.error.unit_of_item" in consent.check_new_vote(session, no_unit)
        bad_unit = consent.NewConsentVote(building_id=item.building_id, unit_number="9", **base)
        problems = consent.check_new_vote(session, bad_unit)
        assert "consent.error.unit_range" in problems and "consent.error.unit_of_item" in problems
        other_matter = consent.NewConsentVote(
            building_id=item.building_id, unit_number="1", **{**base, "matter": "other"}
        )
        assert "consent.error.matter_for_scope" in consent.check_new_vote(session, other_matter)
        cents = consent.NewConsentVote(
            building_id=item.building_id,
            unit_number="1",
            **{**base, "counts": _counts(Decimal("1000.001"), 14, 1000, 14, 1000, 14)},
        )
        assert "consent.error.area_decimals" in consent.check_new_vote(session, cents)
        with pytest.raises(consent.InvalidVoteError):
            consent.record_vote(session, no_unit, actor="tester")
