"""Survey statistics of the sample: Xinhua Road 730 responses, 75 %, 256 suggestions."""

from __future__ import annotations

import json
from collections import Counter
from fractions import Fraction

from sqlmodel import Session, select

from db.models import Programme, ScopeType, Site, Suggestion, WorkItem
from planner.surveys import statistics as surveys


def _site(session: Session, name: str) -> Site:
    return surveys.find_site(session, name)


def test_xinhua_road_survey_has_the_report_figures(seeded_engine):
    with Session(seeded_engine) as session:
        stats = surveys.site_stats(session, _site(session, "新华路").id)
    assert stats.responses == 730
    assert stats.support_rate == Fraction(548, 730)
    assert round(stats.support_rate * 100) == 75
    assert stats.suggestions == 256
    assert {k for k, v in stats.suggestions_by_category.items() if v} == {
        "bus_stop",
        "road",
        "utility_pipes",
    }
    assert stats.adoption_rate is None  # the report does not say which were adopted
    [support_q, concerns_q] = stats.questions
    assert sum(support_q.counts.values()) == 730 and support_q.counts["支持"] == 548
    assert concerns_q.answered == 730 and "公交站点布局" in concerns_q.counts


def test_programme_stats_add_up_its_sites(seeded_engine):
    with Session(seeded_engine) as session:
        programme = session.exec(select(Programme).where(Programme.key == "p2023_xinhua")).one()
        assert surveys.programme_stats(session, programme.id).to_json() == surveys.site_stats(
            session, _site(session, "xinhua_road").id
        ).to_json() | {"sites": 1}


def test_guanghui_street_light_suggestion_is_adopted_and_linked(seeded_engine):
    with Session(seeded_engine) as session:
        guanghui = _site(session, "Guanghui Compound")
        stats = surveys.site_stats(session, guanghui.id)
        [suggestion] = session.exec(select(Suggestion).where(Suggestion.site_id == guanghui.id))
        key = session.exec(
            select(ScopeType.key)
            .join(WorkItem, WorkItem.scope_type_id == ScopeType.id)
            .where(WorkItem.id == suggestion.work_item_id)
        ).one()
    assert key == "street_lights" and suggestion.status == "adopted"
    assert stats.adoption_rate == 1 and stats.suggestions_by_category["lighting"] == 1


def test_statistics_hold_no_personal_data_or_free_text(seeded_engine):
    with Session(seeded_engine) as session:
        data = json.dumps(surveys.site_stats(session, _site(session, "新华路").id).to_json())
        texts = session.exec(select(Suggestion.text)).all()
    assert not any(text in data for text in texts)


def test_free_text_questions_are_counted_not_charted():
    many = Counter({f"答案{i}": 1 for i in range(surveys.MAX_CHART_OPTIONS + 1)})
    assert surveys._top(many) == {}
    assert surveys._top(Counter({"支持": 3, "不支持": 1})) == {"支持": 3, "不支持": 1}
    free = surveys.QuestionStats("您的意见", {}, answered=13)
    assert free.free_text
