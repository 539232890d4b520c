"""Seed the sample surveys, suggestions and consent votes (Xinhua Road, 西域花园, 广汇小区).

What comes from the 2024 report (``/work/shared/seed/facts.md``) and what is made up:

- Xinhua Road online questionnaire, February 2023: **730 responses**, **75 % support**,
  **256 valid suggestions** on bus-stop layout, road openings and pipes laid at the same time.
  The report gives no counts behind "75 %": 730 × 0.75 = 547.5 is not a count, so 548 "yes"
  are seeded (548 / 730 = 75.07 %, which rounds to the reported 75 %; 547 would be 74.93 %).
  The split of the other 182 into "no" and "abstain", every answer, date and suggestion text
  are synthetic (``illustrative``). The report does not say which suggestions were adopted,
  so the 256 are seeded as being evaluated.
- 西域花园: **89 %** consent to the property-management contract after **three rounds** of
  door-to-door consultation. The owners' headcount is the compound's 272 households; 242 of
  272 (88.97 %, rounded 89 %) consented, by area 89.00 % of a synthetic 29,340 m². The report
  does not say how many took part: every owner is assumed asked (three door-to-door rounds).
  It is an "other matter" under 民法典 art. 278 (selecting the property manager, item 4),
  needing more than half.
- 广汇小区: the denser street lights at the residents' suggestion (report), linked to the
  compound's street-light work item; the suggestion's wording is ours.
- An illustrative elevator vote in a sample compound, per 单元: 单元 1 fails the
  headcount test while passing by area, 单元 2 passes (no work item is linked; the sample
  programme has no elevator retrofit).

No row holds real personal data.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlmodel import Session

from db.models import (
    ConsentMatter,
    ConsentVote,
    Suggestion,
    SuggestionStatus,
    Support,
    Survey,
    SurveyChannel,
    SurveyResponse,
)
from planner.sample_context import SampleContext
from planner.works import queries

XINHUA_RESPONSES = 730
XINHUA_YES = 548  # 548 / 730 = 75.07 % → the reported 75 %
XINHUA_NO = 131  # synthetic split of the other 182
XINHUA_SUGGESTIONS = 256
SUPPORT_QUESTION = "您是否支持新华路管网改造提升工程？"
CONCERN_QUESTION = "您最关心工程的哪些方面？（多选）"
CONCERNS = ("公交站点布局", "道路开口", "管线同步敷设", "施工期间交通组织", "排水防涝")
SUPPORT_TEXT = {Support.YES: "支持", Support.NO: "不支持", Support.ABSTAIN: "不确定"}

# Synthetic wordings in the report's three themes (category, text).
SUGGESTION_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("bus_stop", "建议优化{place}附近公交站点布局，方便换乘。"),
    ("bus_stop", "{place}公交站台建议后移，避免占用路口。"),
    ("road", "建议在{place}增设道路开口，方便小区车辆出入。"),
    ("road", "{place}路口开口过多，建议合并，减少交通冲突。"),
    ("utility_pipes", "建议{place}段各类管线同步敷设，避免反复开挖。"),
    ("utility_pipes", "{place}段供热、燃气管线请与雨水管同步施工。"),
)
PLACES = ("雄关路口", "新华路北段", "新华路中段", "新华路南段", "铁路桥下", "体育场", "市场")


def seed_sample_surveys(session: Session, context: SampleContext) -> None:
    """Add them to a freshly seeded sample database (the caller commits)."""
    _seed_xinhua(session, context)
    _seed_guanghui(session, context)
    _seed_xiyu(session, context)
    _seed_elevator_example(session, context)
    session.flush()


def _seed_xinhua(session: Session, context: SampleContext) -> None:
    site = context.sites["xinhua_road"]
    survey = Survey(
        site_id=site.id,  # type: ignore[arg-type]  # stored rows: their ids are set
        programme_id=context.programmes["p2023_xinhua"].id,
        title="新华路管网改造提升工程网上问卷",
        channel=SurveyChannel.ONLINE,
        start_date=date(2023, 2, 1),
        end_date=date(2023, 2, 28),
        questions=json.dumps([SUPPORT_QUESTION, CONCERN_QUESTION], ensure_ascii=False),
        note=(
            "报告数据：730份答卷、支持率75%、有效建议256条（2023年2月）。"
            "逐份答卷、日期与建议措辞为示例数据。"
        ),
        illustrative=True,
    )
    session.add(survey)
    session.flush()
    rng = random.Random(42)
    supports = (
        [Support.YES] * XINHUA_YES
        + [Support.NO] * XINHUA_NO
        + [Support.ABSTAIN] * (XINHUA_RESPONSES - XINHUA_YES - XINHUA_NO)
    )
    rng.shuffle(supports)
    with_suggestion = set(rng.sample(range(XINHUA_RESPONSES), XINHUA_SUGGESTIONS))
    start = datetime(2023, 2, 1, 8, 0)
    suggestions = 0
    for n, support in enumerate(supports):
        concerns = rng.sample(CONCERNS, rng.randint(1, 3))
        response = SurveyResponse(
            survey_id=survey.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            response_key=hashlib.sha256(f"sample\x1fxinhua\x1f{n + 1}".encode()).hexdigest(),
            submitted_at=start + timedelta(minutes=rng.randint(0, 27 * 24 * 60)),
            support=support.value,
            answers=json.dumps(
                {SUPPORT_QUESTION: SUPPORT_TEXT[support], CONCERN_QUESTION: "┋".join(concerns)},
                ensure_ascii=False,
            ),
        )
        session.add(response)
        if n in with_suggestion:
            session.flush()
            category, template = SUGGESTION_TEMPLATES[suggestions % len(SUGGESTION_TEMPLATES)]
            suggestions += 1
            session.add(
                Suggestion(
                    site_id=site.id,  # type: ignore[arg-type]  # stored rows: their ids are set
                    survey_id=survey.id,
                    response_id=response.id,
                    text=template.format(place=rng.choice(PLACES)),
                    category=category,
                    status=SuggestionStatus.EVALUATING,
                    illustrative=True,
                )
            )
    session.flush()


def _seed_guanghui(session: Session, context: SampleContext) -> None:
    site = context.sites["c2023_01"]
    street_lights = next(
        iter(queries.items_with_scope(session, site_id=site.id, scope_keys=["street_lights"])),
        None,
    )
    session.add(
        Suggestion(
            site_id=site.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            text="小区夜间照明不足，建议加密安装路灯。",
            category="lighting",
            status=SuggestionStatus.ADOPTED,
            public_answer="已采纳：小区路灯已按居民建议加密安装。",
            work_item_id=street_lights.id if street_lights else None,
            received_at=datetime(2023, 3, 15, 9, 0),
            decided_at=datetime(2023, 4, 10, 9, 0),
            illustrative=True,
        )
    )


def _seed_xiyu(session: Session, context: SampleContext) -> None:
    site = context.sites["xiyu_garden"]
    owners = site.households or 272
    consenting = round(Fraction(89, 100) * owners)  # the count that rounds to the reported 89 %
    session.add(
        ConsentVote(
            site_id=site.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            matter=ConsentMatter.PROPERTY_MANAGEMENT,
            title="选聘物业服务企业（物业服务合同）",
            consultation_rounds=3,
            owners_area_m2=Decimal("29340.00"),
            owners_count=owners,
            participants_area_m2=Decimal("29340.00"),
            participants_count=owners,
            consenting_area_m2=Decimal("26112.60"),  # 89.00 % of the area
            consenting_count=consenting,  # 242 / 272 = 88.97 %, the reported 89 %
            note=(
                "报告数据：经三轮入户征求意见，89%的居民同意物业服务合同。"
                "面积与参与人数为示例数据（假定全体业主均已征询）。"
            ),
            illustrative=True,
        )
    )


def _seed_elevator_example(session: Session, context: SampleContext) -> None:
    building = context.buildings.get(("c2024_01", "1"))
    if building is None or context.scopes.get("elevator_retrofit") is None:
        return
    for unit, counts in (
        # owners 14 households of 72.50 m²; 单元1: 8 of 12 agree (66.7 % < 3/4) on 79.5 % area
        ("1", ("1015.00", 14, "880.00", 12, "700.00", 8)),
        ("2", ("1015.00", 14, "945.00", 13, "800.00", 11)),
    ):
        owners_area, owners, part_area, part, yes_area, yes = counts
        session.add(
            ConsentVote(
                site_id=building.site_id,
                building_id=building.id,
                unit_number=unit,
                matter=ConsentMatter.REBUILD,
                title=f"加装电梯（{building.number}号楼{unit}单元，样例）",
                vote_date=date(2024, 3, 20),
                owners_area_m2=Decimal(owners_area),
                owners_count=owners,
                participants_area_m2=Decimal(part_area),
                participants_count=part,
                consenting_area_m2=Decimal(yes_area),
                consenting_count=yes,
                note="示例数据：演示按单元表决及面积与人数结果不一致的情形。",
                illustrative=True,
            )
        )
