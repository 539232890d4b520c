"""Owners' consent votes (民法典 第二百七十八条) and the work items they gate.

A vote has four counters against the owners' totals: the area (专有部分面积) and headcount of
the owners who took part, and of those who consented. Under the Civil Code (in force
2021-01-01) a vote is valid when at least 2/3 of the area **and** 2/3 of the owners take part;
then matters (6) raising maintenance funds, (7) 改建/重建 (which covers 加装电梯) and
(8) changing the use of common parts need at least 3/4 of the participating area **and**
headcount, every other matter more than 1/2 of both. Each test is computed with exact
rational arithmetic (``fractions.Fraction``), never with floats: a share of exactly 2/3 passes
"≥ 2/3", exactly 1/2 fails "> 1/2".

Thresholds are settings per city (``PlannerSettings.consent_*``): the default is the Civil
Code; the pre-2021 物权法 第七十六条 rule (no quorum, 2/3 resp. more than half of *all*
owners) is a preset, and each threshold can be overridden.

Which work needs a vote is ``CONSENT_SCOPES`` (see docs/surveys.md for the reasoning), and
``GREEN_SPACE_SCOPES`` for works built on green space (``work_item.takes_green_space``:
parking on a lawn is matter (8), three quarters). A work item that needs a vote is blocked
until its vote passes; an elevator retrofit is voted per 单元: the work item names its 单元,
and only a vote of that 单元 on matter (7) clears it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from sqlmodel import Session, col, select

from db.models import Building, ConsentMatter, ConsentVote, Site
from planner import audit
from planner.audit import Actor
from planner.i18n import t
from planner.surveys.consent_rules import (
    CIVIL_CODE_2021,
    PRESETS,
    PROPERTY_LAW_2007,
    ConsentResult,
    ConsentRules,
    ConsentTest,
    InvalidVoteError,
    Number,
    Threshold,
    VoteCounts,
    evaluate,
    exact,
)
from planner.works.queries import ScopedItem, item_with_scope, items_with_scope

# The arithmetic lives in planner.surveys.consent_rules; callers import it from here too.
__all__ = [
    "CIVIL_CODE_2021",
    "PRESETS",
    "PROPERTY_LAW_2007",
    "ConsentBlock",
    "ConsentMatter",
    "ConsentRequirement",
    "ConsentResult",
    "ConsentRules",
    "ConsentStatus",
    "ConsentTest",
    "InvalidVoteError",
    "GREEN_SPACE_SCOPES",
    "NewConsentVote",
    "Threshold",
    "VoteCounts",
    "blocked_work_items",
    "check_new_vote",
    "consent_status_for_work_item",
    "consent_statuses",
    "evaluate",
    "evaluate_vote",
    "gated_works",
    "items_needing_consent",
    "list_votes",
    "record_vote",
    "requirement_for",
    "votable_items",
]

AUDIT_ENTITY = "consent_vote"


def evaluate_vote(vote: ConsentVote, rules: ConsentRules) -> ConsentResult:
    """``evaluate`` for a stored vote."""
    return evaluate(VoteCounts.of(vote), vote.matter, rules)


# ---------------------------------------------------------------------------------------------
# Which works need a vote


@dataclass(frozen=True)
class ConsentRequirement:
    """The matter a scope type's works are voted as, and whether per 单元."""

    matter: ConsentMatter
    per_unit: bool = False


#: Scope types whose works need the owners' vote before they start. Elevator retrofit is
#: 改建 (art. 278 item 7), voted per 单元 (the owners who share the stairwell). The other
#: catalogue works are publicly funded repairs and upgrades of the existing common parts,
#: decided by the programme after consultation, not by an art. 278 vote (docs/surveys.md).
CONSENT_SCOPES: Mapping[str, ConsentRequirement] = {
    "elevator_retrofit": ConsentRequirement(ConsentMatter.REBUILD, per_unit=True),
}


#: Scope types whose works need a vote when they are built on green space: a car park on a
#: lawn changes the use of a common part (民法典 art. 278 item 8, three quarters), decided by
#: the owners of the whole compound. Works that keep to the paved ground need none.
GREEN_SPACE_SCOPES: Mapping[str, ConsentRequirement] = {
    "parking_spaces": ConsentRequirement(ConsentMatter.COMMON_USE),
}
#: Every scope type whose works may need a vote.
_MAY_NEED_VOTE: tuple[str, ...] = (*CONSENT_SCOPES, *GREEN_SPACE_SCOPES)


def requirement_for(
    scope_key: str, *, takes_green_space: bool = False
) -> ConsentRequirement | None:
    """What vote a work of ``scope_key`` needs (None: no vote needed).

    Parameters
    ----------
    scope_key : str
        The work's scope type.
    takes_green_space : bool, default False
        Whether the work is built on green space (``work_item.takes_green_space``).
    """
    if takes_green_space and scope_key in GREEN_SPACE_SCOPES:
        return GREEN_SPACE_SCOPES[scope_key]
    return CONSENT_SCOPES.get(scope_key)


def _requirement_of(item: Any, scope_key: str) -> ConsentRequirement | None:
    return requirement_for(scope_key, takes_green_space=bool(item.takes_green_space))


BlockReason = Literal["no_vote", "vote_failed", "unit_missing"]


@dataclass(frozen=True)
class UnitOutcome:
    """The deciding (latest) vote that counts for a work item."""

    vote_id: int
    unit_number: str
    result: ConsentResult


@dataclass(frozen=True)
class ConsentStatus:
    """Whether a work item that needs consent may go ahead, and why not.

    Only votes that the law lets decide the item count: linked to it, on the matter its scope
    type requires (an elevator is 改建, matter 7: three quarters), on its building, and for a
    per-单元 scope type on the 单元 the item names. The latest of those decides. Votes linked
    to the item that do not count (another matter, another 单元) are ``ignored``.
    """

    work_item_id: int
    scope_key: str
    requirement: ConsentRequirement
    outcomes: tuple[UnitOutcome, ...] = ()
    unit_number: str | None = None
    ignored: int = 0

    @property
    def passed_units(self) -> tuple[str, ...]:
        """The 单元 (or "" for a whole place) whose deciding vote passed."""
        return tuple(o.unit_number for o in self.outcomes if o.result.passed)

    @property
    def blocked(self) -> bool:
        """True until the deciding vote has passed."""
        return not self.passed_units

    @property
    def reason(self) -> BlockReason | None:
        """Why the item is blocked (None when it is not)."""
        if not self.blocked:
            return None
        if self.requirement.per_unit and not self.unit_number:
            return "unit_missing"
        return "vote_failed" if self.outcomes else "no_vote"

    def message(self, lang: str | None) -> str:
        """A sentence for the works table: what is missing, with the failed tests."""
        matter = t(f"consent.matter.{self.requirement.matter.value}", lang)
        ignored = " " + t("consent.block.ignored", lang, count=self.ignored) if self.ignored else ""
        if not self.blocked:
            return t("consent.block.cleared", lang, matter=matter) + ignored
        lines = [t(f"consent.block.{self.reason}", lang, matter=matter)]
        for outcome in self.outcomes:
            place = t("consent.unit", lang, unit=outcome.unit_number) if outcome.unit_number else ""
            lines.append(f"{place} {outcome.result.summary(lang)}".strip())
        return " ".join(lines) + ignored


#: What the works editor needs: a ConsentStatus that is blocked.
ConsentBlock = ConsentStatus


def vote_counts_for(vote: ConsentVote, item: Any, requirement: ConsentRequirement) -> bool:
    """Whether ``vote`` may decide ``item``: the matter the law requires for its scope type,
    its building, and for a per-单元 scope type the 单元 the item names."""
    if vote.matter != requirement.matter.value:
        return False
    if item.building_id is not None and vote.building_id != item.building_id:
        return False
    if requirement.per_unit:
        return bool(item.unit_number) and vote.unit_number.strip() == item.unit_number.strip()
    return True


def consent_statuses(
    session: Session, work_item_ids: Iterable[int], rules: ConsentRules
) -> dict[int, ConsentStatus]:
    """The consent status of each given work item that needs a vote (others are left out)."""
    ids = list(dict.fromkeys(work_item_ids))
    if not ids:
        return {}
    rows = items_with_scope(session, item_ids=ids, scope_keys=_MAY_NEED_VOTE)
    needing = {
        row.id: (row.item, row.scope_key, requirement)
        for row in rows
        if (requirement := _requirement_of(row.item, row.scope_key)) is not None
    }
    if not needing:
        return {}
    votes: dict[int, list[ConsentVote]] = {}
    for vote in session.exec(
        select(ConsentVote).where(col(ConsentVote.work_item_id).in_(list(needing)))
    ).all():
        # selected by work_item_id, so it is set:
        votes.setdefault(vote.work_item_id, []).append(vote)  # type: ignore[arg-type]
    statuses: dict[int, ConsentStatus] = {}
    for item_id, (item, key, requirement) in needing.items():
        linked = votes.get(item_id, [])
        counting = [v for v in linked if vote_counts_for(v, item, requirement)]
        latest = max(counting, key=lambda v: (v.vote_date or date.min, v.id or 0), default=None)
        statuses[item_id] = ConsentStatus(
            work_item_id=item_id,
            scope_key=key,
            requirement=requirement,
            outcomes=(
                # stored rows: their ids are set:
                (UnitOutcome(latest.id, latest.unit_number, evaluate_vote(latest, rules)),)  # type: ignore[arg-type]
                if latest is not None
                else ()
            ),
            unit_number=item.unit_number,
            ignored=len(linked) - len(counting),
        )
    return statuses


def blocked_work_items(
    session: Session, work_item_ids: Iterable[int], rules: ConsentRules
) -> dict[int, ConsentBlock]:
    """The given work items that may not start yet for want of a passed vote, by id."""
    return {i: s for i, s in consent_statuses(session, work_item_ids, rules).items() if s.blocked}


def consent_status_for_work_item(
    session: Session, work_item_id: int, rules: ConsentRules
) -> ConsentStatus | None:
    """The consent status of one work item (None when its scope type needs no vote)."""
    return consent_statuses(session, [work_item_id], rules).get(work_item_id)


def items_needing_consent(session: Session, site_id: int | None = None) -> list[int]:
    """Ids of the work items that need a vote (of one site, or all), in id order."""
    rows = items_with_scope(session, site_id=site_id, scope_keys=_MAY_NEED_VOTE)
    return sorted(row.id for row in rows if _requirement_of(row.item, row.scope_key))


# ---------------------------------------------------------------------------------------------
# Recording votes


@dataclass(frozen=True)
class NewConsentVote:
    """A vote to record: where, on what, and the counters (areas in m²)."""

    site_id: int
    matter: str
    title: str
    counts: VoteCounts
    building_id: int | None = None
    unit_number: str = ""
    work_item_id: int | None = None
    vote_date: date | None = None
    consultation_rounds: int = 1
    note: str = ""
    illustrative: bool = False


def check_new_vote(session: Session, new: NewConsentVote) -> list[str]:
    """Message keys of what is wrong with ``new`` (empty: it can be recorded)."""
    problems = list(new.counts.problems())
    c = new.counts
    areas = (c.owners_area, c.participants_area, c.consenting_area)
    if any((exact(a) * 100).denominator != 1 for a in areas):
        problems.append("consent.error.area_decimals")
    if new.matter not in {m.value for m in ConsentMatter}:
        problems.append("consent.error.matter")
    if not new.title.strip():
        problems.append("consent.error.title")
    if session.get(Site, new.site_id) is None:
        problems.append("consent.error.site")
    building = session.get(Building, new.building_id) if new.building_id is not None else None
    if new.building_id is not None and (building is None or building.site_id != new.site_id):
        problems.append("consent.error.building")
    unit = new.unit_number.strip()
    if unit and building is None:
        problems.append("consent.error.unit_without_building")
    if unit and building is not None and unit.isdigit() and not 1 <= int(unit) <= building.units:
        problems.append("consent.error.unit_range")
    if new.work_item_id is not None:
        row = item_with_scope(session, new.work_item_id)
        if row is None or row.item.site_id != new.site_id:
            problems.append("consent.error.work_item")
        else:
            item, key = row.item, row.scope_key
            requirement = _requirement_of(item, key)
            if requirement is not None and new.matter != requirement.matter.value:
                problems.append("consent.error.matter_for_scope")
            if requirement is not None and requirement.per_unit:
                if not item.unit_number:
                    problems.append("consent.error.item_without_unit")
                elif unit != item.unit_number.strip():
                    problems.append("consent.error.unit_of_item")
            if item.building_id is not None and new.building_id != item.building_id:
                problems.append("consent.error.work_item_building")
    if new.consultation_rounds < 1:
        problems.append("consent.error.rounds")
    return problems


def record_vote(session: Session, new: NewConsentVote, *, actor: Actor | str) -> ConsentVote:
    """Record a vote with an audit entry, in the caller's transaction (the action
    ``planner.surveys.actions.record_vote`` opens it).

    Raises
    ------
    InvalidVoteError
        Anything ``check_new_vote`` finds.
    """
    problems = check_new_vote(session, new)
    if problems:
        raise InvalidVoteError.from_keys(problems)
    c = new.counts
    vote = ConsentVote(
        site_id=new.site_id,
        building_id=new.building_id,
        unit_number=new.unit_number.strip(),
        matter=new.matter,
        title=new.title.strip(),
        work_item_id=new.work_item_id,
        vote_date=new.vote_date,
        consultation_rounds=new.consultation_rounds,
        owners_area_m2=_area(c.owners_area),
        owners_count=c.owners_count,
        participants_area_m2=_area(c.participants_area),
        participants_count=c.participants_count,
        consenting_area_m2=_area(c.consenting_area),
        consenting_count=c.consenting_count,
        note=new.note,
        illustrative=new.illustrative,
    )
    session.add(vote)
    session.flush()
    who = Actor.coerce(actor)
    audit.record(
        session,
        who if who.label else Actor.system("staff"),
        "create",
        vote,
        after={"matter": vote.matter, "title": vote.title, "work_item_id": vote.work_item_id},
    )
    session.flush()
    return vote


def _area(value: Number) -> Decimal:
    """An area for a NUMERIC(14, 2) column (``check_new_vote`` refuses more than 2 decimals)."""
    return (Decimal(exact(value).numerator * 100) // exact(value).denominator) / 100


# ---------------------------------------------------------------------------------------------
# What the consent page lists


@dataclass(frozen=True)
class GatedWork:
    """A work item that needs a vote, where it is, and its consent status."""

    id: int
    site_id: int
    building_number: str | None
    scope_key: str
    status: ConsentStatus
    unit_number: str | None = None


def gated_works(session: Session, rules: ConsentRules) -> list[GatedWork]:
    """Every work item whose scope type needs a vote, with its status, in id order."""
    rows = {
        row.id: row
        for row in items_with_scope(session, scope_keys=_MAY_NEED_VOTE)
        if _requirement_of(row.item, row.scope_key) is not None
    }
    statuses = consent_statuses(session, sorted(rows), rules)
    return [
        GatedWork(
            i,
            rows[i].item.site_id,
            rows[i].building_number,
            rows[i].scope_key,
            status,
            rows[i].item.unit_number,
        )
        for i, status in statuses.items()
    ]


def list_votes(session: Session) -> list[ConsentVote]:
    """Every recorded vote, by site and then in the order recorded."""
    return list(
        session.exec(
            select(ConsentVote).order_by(col(ConsentVote.site_id), col(ConsentVote.id))
        ).all()
    )


def votable_items(session: Session, site_id: int) -> list[ScopedItem]:
    """The work items of a site a vote can be linked to (all of them, site-level first)."""
    return items_with_scope(session, site_id=site_id)
