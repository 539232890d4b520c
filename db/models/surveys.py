"""Tables of resident surveys, responses, suggestions and consent votes.

Personal data are kept out on purpose: a response stores the answers, the support given, and
optionally the building, 单元 and floor area (for area-weighted counts), never the
respondent's name, telephone or IP address (the import drops those columns). Areas are
``NUMERIC`` so that the consent arithmetic (民法典 art. 278) works on exact decimals.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column, DateTime, Numeric, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.enums import SurveyChannel
from db.models import utcnow

__all__ = [
    "ConsentMatter",
    "ConsentVote",
    "Suggestion",
    "SuggestionStatus",
    "Support",
    "Survey",
    "SurveyChannel",
    "SurveyImport",
    "SurveyResponse",
]


class Support(StrEnum):
    """A respondent's position on the works."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class SuggestionStatus(StrEnum):
    """Where a suggestion stands: received → evaluating → adopted / not adopted."""

    RECEIVED = "received"
    EVALUATING = "evaluating"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    SPAM = "spam"  # a flood or nonsense: out of the queue, its contact data deleted
    # Portal feedback past a limit (per network, compound or overall): stored, never refused,
    # and waiting for staff to release it into the queue or mark it spam.
    HELD = "held"


class ConsentMatter(StrEnum):
    """The matters of 民法典 第二百七十八条 (items 1–9)."""

    RULES = "rules"  # (1) 制定和修改业主大会议事规则
    COVENANT = "covenant"  # (2) 制定和修改管理规约
    COMMITTEE = "committee"  # (3) 选举业主委员会或者更换业主委员会成员
    PROPERTY_MANAGEMENT = "property_management"  # (4) 选聘和解聘物业服务企业或者其他管理人
    USE_FUNDS = "use_funds"  # (5) 使用建筑物及其附属设施的维修资金
    RAISE_FUNDS = "raise_funds"  # (6) 筹集建筑物及其附属设施的维修资金
    REBUILD = "rebuild"  # (7) 改建、重建建筑物及其附属设施 (covers 加装电梯)
    COMMON_USE = "common_use"  # (8) 改变共有部分的用途或者利用共有部分从事经营活动
    OTHER = "other"  # (9) 有关共有和共同管理权利的其他重大事项


class Survey(SQLModel, table=True):
    """A survey of one site's residents (one questionnaire, one round of visits)."""

    __tablename__ = "survey"
    __table_args__ = (UniqueConstraint("site_id", "title", name="uq_survey_site_title"),)

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id", index=True, ondelete="CASCADE")
    programme_id: int | None = Field(
        default=None, foreign_key="programme.id", index=True, ondelete="SET NULL"
    )
    title: str = Field(sa_type=String(200))
    channel: str = Field(default=SurveyChannel.ONLINE, sa_type=String(16))
    start_date: date | None = None
    end_date: date | None = None
    questions: str = Field(default="[]", sa_type=Text, description="JSON list of question texts")
    note: str = Field(default="", sa_type=Text)
    illustrative: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SurveyImport(SQLModel, table=True):
    """One import of a survey file: what came in, what was new, what was left out."""

    __tablename__ = "survey_import"

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    file_name: str = Field(sa_type=String(255))
    file_sha256: str = Field(sa_type=String(64), index=True)
    encoding: str = Field(sa_type=String(32))
    rows_in_file: int
    added: int
    already_present: int
    skipped_invalid: int
    actor: str = Field(sa_type=String(100))
    imported_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SurveyResponse(SQLModel, table=True):
    """One resident's answers. ``response_key`` makes a repeated import add nothing."""

    __tablename__ = "survey_response"
    __table_args__ = (UniqueConstraint("survey_id", "response_key", name="uq_survey_response_key"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True, ondelete="CASCADE")
    response_key: str = Field(sa_type=String(64))
    submitted_at: datetime | None = Field(
        default=None, sa_type=DateTime(timezone=False), description="local time as exported"
    )
    support: str = Field(sa_type=String(8), index=True)
    building_number: str = Field(default="", sa_type=String(32))
    unit_number: str = Field(default="", sa_type=String(16), description="单元")
    floor_area_m2: Decimal | None = Field(default=None, sa_type=Numeric(10, 2))
    answers: str = Field(default="{}", sa_type=Text, description="JSON: question -> answer")


class Suggestion(SQLModel, table=True):
    """A resident's suggestion, triaged by staff; an adopted one links to its work item."""

    __tablename__ = "suggestion"

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id", index=True, ondelete="CASCADE")
    survey_id: int | None = Field(
        default=None, foreign_key="survey.id", index=True, ondelete="SET NULL"
    )
    response_id: int | None = Field(
        default=None, foreign_key="survey_response.id", index=True, ondelete="CASCADE"
    )
    text: str = Field(sa_column=Column(Text, nullable=False))
    category: str = Field(sa_type=String(32), index=True)
    status: str = Field(default=SuggestionStatus.RECEIVED, sa_type=String(16), index=True)
    public_answer: str = Field(default="", sa_type=Text)
    work_item_id: int | None = Field(
        default=None, foreign_key="work_item.id", index=True, ondelete="SET NULL"
    )
    # The work a resident's report is about (sent from a work's "report a defect" link):
    # staff filter the queue by it. Not the adopted link above.
    reported_work_item_id: int | None = Field(
        default=None, foreign_key="work_item.id", index=True, ondelete="SET NULL"
    )
    received_at: datetime = Field(
        default_factory=utcnow, sa_type=DateTime(timezone=True), index=True
    )
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    illustrative: bool = Field(default=False)
    # Grows by one on every triage save: a save based on an older version is refused.
    version: int = Field(default=1)


class ConsentVote(SQLModel, table=True):
    """An owners' vote (民法典 art. 278) on a site, a building or one 单元 of a building.

    Four counters against the owners' totals: participants' area and headcount, consenting
    area and headcount. Pass or fail is computed (``planner.surveys.consent``), not
    stored, so a change of the city's thresholds shows at once.
    """

    __tablename__ = "consent_vote"

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id", index=True, ondelete="CASCADE")
    building_id: int | None = Field(
        default=None, foreign_key="building.id", index=True, ondelete="CASCADE"
    )
    unit_number: str = Field(default="", sa_type=String(16), description="单元; empty: whole")
    matter: str = Field(sa_type=String(32), index=True)
    title: str = Field(sa_type=String(200))
    work_item_id: int | None = Field(
        default=None, foreign_key="work_item.id", index=True, ondelete="SET NULL"
    )
    vote_date: date | None = None
    consultation_rounds: int = Field(default=1)
    owners_area_m2: Decimal = Field(sa_type=Numeric(14, 2))
    owners_count: int
    participants_area_m2: Decimal = Field(sa_type=Numeric(14, 2))
    participants_count: int
    consenting_area_m2: Decimal = Field(sa_type=Numeric(14, 2))
    consenting_count: int
    note: str = Field(default="", sa_type=Text)
    illustrative: bool = Field(default=False)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
