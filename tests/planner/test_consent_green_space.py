"""Parking built on green space: 民法典 art. 278 item 8 (改变共有部分用途), three quarters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, select

from db.models import ConsentMatter, Programme, Site
from db.session import session_scope
from planner.surveys import consent
from planner.surveys.consent import CIVIL_CODE_2021, VoteCounts
from planner.works import items as wi


def _parking(session: Session, *, green: bool, site_key: str = "c2024_01") -> int:
    """Add a parking work to a 2024 sample compound (site level)."""
    site = session.exec(select(Site).where(Site.key == site_key)).one()
    programme = session.exec(select(Programme).where(Programme.key == "p2024")).one()
    new = wi.NewWorkItem(programme.id, site.id, None, "parking_spaces", 40, takes_green_space=green)
    return wi.add_work_item(session, new, actor="tester").item_id


def _vote(session: Session, item_id: int, yes: int, matter: ConsentMatter) -> None:
    item = session.get(wi.WorkItem, item_id)
    consent.record_vote(
        session,
        consent.NewConsentVote(
            site_id=item.site_id,
            matter=matter.value,
            title="绿地改建停车位",
            # 200 owners of 16,000 m², all take part; ``yes`` of them consent, 80 m² each.
            counts=VoteCounts(
                Decimal("16000.00"), 200, Decimal("16000.00"), 200, Decimal(yes * 80), yes
            ),
            work_item_id=item_id,
        ),
        actor="tester",
    )


def test_requirement_for_parking_depends_on_green_space():
    assert consent.requirement_for("parking_spaces") is None
    needed = consent.requirement_for("parking_spaces", takes_green_space=True)
    assert needed is not None and needed.matter == ConsentMatter.COMMON_USE
    assert not needed.per_unit
    # Green space alone gates no other work: a roof stays a roof.
    assert consent.requirement_for("roof_waterproofing", takes_green_space=True) is None


def test_parking_on_green_space_waits_for_three_quarters_of_the_owners(seeded_engine):
    with session_scope(seeded_engine) as session:
        on_lawn = _parking(session, green=True)
        assert session.get(wi.WorkItem, on_lawn).takes_green_space
        blocked = consent.blocked_work_items(session, [on_lawn], CIVIL_CODE_2021)
        assert blocked[on_lawn].reason == "no_vote"
        assert on_lawn in consent.items_needing_consent(session)
        assert on_lawn in {g.id for g in consent.gated_works(session, CIVIL_CODE_2021)}

        _vote(session, on_lawn, 140, ConsentMatter.COMMON_USE)  # 70 %: a majority, not 3/4
        status = consent.consent_status_for_work_item(session, on_lawn, CIVIL_CODE_2021)
        assert status.blocked and status.reason == "vote_failed"
        assert "需 ≥ 3/4" in status.message("zh")

        _vote(session, on_lawn, 150, ConsentMatter.COMMON_USE)  # exactly 3/4 passes
        assert consent.blocked_work_items(session, [on_lawn], CIVIL_CODE_2021) == {}


def test_parking_on_paved_ground_needs_no_vote_and_a_vote_on_another_matter_is_refused(
    seeded_engine,
):
    with session_scope(seeded_engine) as session:
        paved = _parking(session, green=False)
        assert consent.consent_status_for_work_item(session, paved, CIVIL_CODE_2021) is None
        assert paved not in consent.items_needing_consent(session)
    with session_scope(seeded_engine) as session:
        on_lawn = _parking(session, green=True, site_key="c2024_02")
        with pytest.raises(consent.InvalidVoteError):
            _vote(session, on_lawn, 190, ConsentMatter.OTHER)  # item 9 cannot clear item 8
