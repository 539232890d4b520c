"""Surveys per site and their statistics: responses, support, answers per question, suggestions.

The statistics are aggregates only (counts and shares): no answer text, no suggestion text, no
building or 单元 below the site, so the same figures can later be shown on a public page.
Support rate = "yes" ÷ all responses (abstentions count in the denominator); adoption rate =
adopted ÷ decided suggestions (adopted + not adopted); both exact fractions, rounded only
for display.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from db.models import (
    Programme,
    ProgrammeSite,
    Site,
    Suggestion,
    SuggestionStatus,
    Support,
    Survey,
    SurveyChannel,
    SurveyResponse,
)
from planner.errors import Refused
from planner.surveys.suggestions import CATEGORIES

MULTI_CHOICE_SEPARATOR = "┋"  # how 问卷星 joins the options of a multiple-choice answer
MAX_CHART_OPTIONS = 12  # more distinct answers than this: a free-text question, not charted
CHANNELS: tuple[str, ...] = tuple(c.value for c in SurveyChannel)

__all__ = [
    "CHANNELS",
    "QuestionStats",
    "SiteNotFound",
    "SurveyChannel",
    "SurveyStats",
    "find_site",
    "get_or_create_survey",
    "get_survey",
    "programme_stats",
    "programmes_with_surveys",
    "site_programme_id",
    "site_stats",
    "site_surveys",
    "sites_with_surveys",
]


class SiteNotFound(Refused):
    """No site (or more than one) answers to a name; ``matches`` names those that do."""

    @classmethod
    def of(cls, name: str, matches: list[str]) -> SiteNotFound:
        """The refusal for ``name``: unknown, or answered by several sites (``matches``)."""
        if not matches:
            return cls("survey.error.site_unknown", field="site", name=name)
        return cls(
            "survey.error.site_ambiguous", field="site", name=name, matches="、".join(matches)
        )

    @property
    def matches(self) -> list[str]:
        """The Chinese names of the sites that answer to the name (several, or none)."""
        found = self.values.get("matches")
        return str(found).split("、") if found else []


def find_site(session: Session, name: str) -> Site:
    """The site whose key, Chinese or English name is ``name`` (case-insensitive).

    Raises
    ------
    SiteNotFound
        None matches, or several do (``matches`` lists them).
    """
    wanted = name.strip().lower()
    found = session.exec(
        select(Site).where(
            or_(
                func.lower(Site.key) == wanted,
                func.lower(Site.name_zh) == wanted,
                func.lower(Site.name_en) == wanted,
            )
        )
    ).all()
    if len(found) != 1:
        raise SiteNotFound.of(name, [s.name_zh for s in found])
    return found[0]


def site_programme_id(session: Session, site_id: int) -> int | None:
    """The site's programme when it belongs to exactly one (else None)."""
    ids = session.exec(
        select(ProgrammeSite.programme_id).where(ProgrammeSite.site_id == site_id)
    ).all()
    return ids[0] if len(ids) == 1 else None


def get_or_create_survey(
    session: Session,
    *,
    site_id: int,
    title: str,
    channel: str = SurveyChannel.ONLINE,
) -> Survey:
    """The site's survey called ``title``, created (flushed) when there is none."""
    title = title.strip()[:200]
    if not title:
        raise ValueError("a survey needs a title")
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    survey = session.exec(
        select(Survey).where(Survey.site_id == site_id, Survey.title == title)
    ).first()
    if survey is None:
        survey = Survey(
            site_id=site_id,
            programme_id=site_programme_id(session, site_id),
            title=title,
            channel=channel,
        )
        session.add(survey)
        session.flush()
    return survey


def get_survey(session: Session, survey_id: int) -> Survey | None:
    """The survey with this id, or None."""
    return session.get(Survey, survey_id)


def site_surveys(session: Session, site_id: int) -> list[Survey]:
    """A site's surveys, oldest first."""
    return list(
        session.exec(select(Survey).where(col(Survey.site_id) == site_id).order_by(col(Survey.id)))
    )


@dataclass(frozen=True)
class QuestionStats:
    """How often each answer was given to one question (multiple choices split)."""

    question: str
    counts: dict[str, int]  # empty for a free-text question
    answered: int

    @property
    def free_text(self) -> bool:
        """True when the answers are too varied to chart (their texts are not given out)."""
        return self.answered > 0 and not self.counts


@dataclass(frozen=True)
class SurveyStats:
    """Aggregates of one site or one programme (no personal data)."""

    sites: int
    surveys: int
    responses: int
    support: dict[str, int]
    support_area_m2: dict[str, Fraction]
    questions: tuple[QuestionStats, ...]
    suggestions_by_category: dict[str, int]
    suggestions_by_status: dict[str, int]
    channels: dict[str, int] = field(default_factory=dict)

    @property
    def support_rate(self) -> Fraction | None:
        """Yes ÷ all responses (None without responses)."""
        return Fraction(self.support[Support.YES], self.responses) if self.responses else None

    @property
    def area_support_rate(self) -> Fraction | None:
        """Yes ÷ all, weighted by floor area, over the responses that give an area."""
        total = sum(self.support_area_m2.values(), Fraction(0))
        return self.support_area_m2[Support.YES] / total if total else None

    @property
    def suggestions(self) -> int:
        """All suggestions."""
        return sum(self.suggestions_by_status.values())

    @property
    def adoption_rate(self) -> Fraction | None:
        """Adopted ÷ decided (None while nothing is decided)."""
        adopted = self.suggestions_by_status[SuggestionStatus.ADOPTED]
        decided = adopted + self.suggestions_by_status[SuggestionStatus.NOT_ADOPTED]
        return Fraction(adopted, decided) if decided else None

    def to_json(self) -> dict[str, object]:
        """For ``planner survey-stats --json``: rates as decimals rounded to 4 places."""

        def rate(value: Fraction | None) -> float | None:
            return None if value is None else round(float(value), 4)

        return {
            "sites": self.sites,
            "surveys": self.surveys,
            "responses": self.responses,
            "support": dict(self.support),
            "support_rate": rate(self.support_rate),
            "area_weighted_support_rate": rate(self.area_support_rate),
            "suggestions": self.suggestions,
            "suggestions_by_category": {k: v for k, v in self.suggestions_by_category.items() if v},
            "suggestions_by_status": dict(self.suggestions_by_status),
            "adoption_rate": rate(self.adoption_rate),
            "questions": [
                {"question": q.question, "answered": q.answered, "counts": q.counts}
                for q in self.questions
            ],
        }


def site_stats(session: Session, site_id: int) -> SurveyStats:
    """The survey statistics of one site."""
    return _stats(session, [site_id])


def programme_stats(session: Session, programme_id: int) -> SurveyStats:
    """The survey statistics of every site of a programme, added up."""
    site_ids = list(
        session.exec(
            select(ProgrammeSite.site_id).where(ProgrammeSite.programme_id == programme_id)
        ).all()
    )
    return _stats(session, site_ids)


def sites_with_surveys(session: Session) -> list[Site]:
    """Sites that have a survey or a suggestion, by Chinese name."""
    ids = set(session.exec(select(Survey.site_id)).all()) | set(
        session.exec(select(Suggestion.site_id)).all()
    )
    if not ids:
        return []
    return list(session.exec(select(Site).where(col(Site.id).in_(ids)).order_by(Site.name_zh)))


def programmes_with_surveys(session: Session) -> list[Programme]:
    """Programmes holding a site with a survey or a suggestion."""
    site_ids = [s.id for s in sites_with_surveys(session)]
    if not site_ids:
        return []
    ids = set(
        session.exec(
            select(ProgrammeSite.programme_id).where(col(ProgrammeSite.site_id).in_(site_ids))
        ).all()
    )
    return list(
        session.exec(
            select(Programme)
            .where(col(Programme.id).in_(ids))
            .order_by(col(Programme.year), col(Programme.id))
        )
    )


def _stats(session: Session, site_ids: list[int]) -> SurveyStats:
    surveys = (
        list(session.exec(select(Survey).where(col(Survey.site_id).in_(site_ids))))
        if site_ids
        else []
    )
    survey_ids = [s.id for s in surveys]
    support: Counter[str] = Counter({s.value: 0 for s in Support})
    area: dict[str, Fraction] = {s.value: Fraction(0) for s in Support}
    answers: dict[str, Counter[str]] = {}
    answered: Counter[str] = Counter()
    order: list[str] = []
    for survey in surveys:
        order += [q for q in json.loads(survey.questions or "[]") if q not in order]
    responses = 0
    if survey_ids:
        rows = session.exec(
            select(
                col(SurveyResponse.support),
                col(SurveyResponse.floor_area_m2),
                col(SurveyResponse.answers),
            ).where(col(SurveyResponse.survey_id).in_(survey_ids))
        )
        for value, floor_area, answer_json in rows:
            responses += 1
            support[value] += 1
            if floor_area is not None:
                area[value] += Fraction(floor_area)
            for question, text in json.loads(answer_json or "{}").items():
                counter = answers.setdefault(question, Counter())
                answered[question] += 1
                for option in str(text).split(MULTI_CHOICE_SEPARATOR):
                    if option.strip():
                        counter[option.strip()] += 1
    questions = tuple(
        QuestionStats(q, _top(answers[q]), answered[q])
        for q in order + [q for q in answers if q not in order]
        if q in answers
    )
    by_category: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    # Spam is no suggestion, and held feedback is none yet: both are left out of every count.
    left_out = (SuggestionStatus.SPAM, SuggestionStatus.HELD)
    by_status: dict[str, int] = {s.value: 0 for s in SuggestionStatus if s not in left_out}
    if site_ids:
        for category, status, count in session.exec(
            select(Suggestion.category, Suggestion.status, func.count())
            .where(
                col(Suggestion.site_id).in_(site_ids),
                col(Suggestion.status).not_in(left_out),
            )
            .group_by(Suggestion.category, Suggestion.status)
        ):
            by_category[category] = by_category.get(category, 0) + count
            by_status[status] = by_status.get(status, 0) + count
    return SurveyStats(
        sites=len(set(site_ids)),
        surveys=len(surveys),
        responses=responses,
        support=dict(support),
        support_area_m2=area,
        questions=questions,
        suggestions_by_category=by_category,
        suggestions_by_status=by_status,
        channels=dict(Counter(s.channel for s in surveys)),
    )


def _top(counter: Counter[str]) -> dict[str, int]:
    """Answer counts of a choice question, most frequent first.

    A question with more distinct answers than ``MAX_CHART_OPTIONS`` is free text: its
    answers may name people or flats, so none is given out (an empty dict), only the count.
    """
    if len(counter) > MAX_CHART_OPTIONS:
        return {}
    return dict(counter.most_common())
