"""Suggestion categories from keywords, triage decisions, adoption linked to work items."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from db.models import AuditEntry, ScopeType, Site, Suggestion, WorkItem
from db.session import session_scope
from planner.surveys import suggestions as sg
from planner.works import items as wi


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("小区晚上太暗，建议加密路灯", "lighting"),
        ("希望增加停车位，规范停车", "parking"),
        ("雨后路面积水严重，建议改造排水管", "drainage"),
        ("建议优化公交站点布局", "bus_stop"),
        ("小区绿化太少，建议补植树木", "greening"),
        ("老人上下楼困难，希望加装电梯", "elevator"),
        ("Please add more street lights", "lighting"),
        ("谢谢政府", "other"),
    ],
)
def test_suggest_category_from_keywords(text, category):
    assert sg.suggest_category(text) == category


def _xinhua_suggestion(session: Session) -> Suggestion:
    return session.exec(
        select(Suggestion).join(Site, Site.id == Suggestion.site_id).where(Site.name_zh == "新华路")
    ).first()


def test_triage_categorise_answer_and_adopt_with_an_existing_item(seeded_engine):
    with session_scope(seeded_engine) as session:
        suggestion = _xinhua_suggestion(session)
        traffic = session.exec(
            select(WorkItem.id)
            .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
            .where(WorkItem.site_id == suggestion.site_id, ScopeType.key == "traffic_facilities")
        ).one()
        sg.apply_triage(
            session,
            sg.TriageChange(
                suggestion.id,
                category="bus_stop",
                status="adopted",
                public_answer="已采纳，公交站点随交通设施一并调整。",
                work_item_id=traffic,
            ),
            actor="王工",
        )
        suggestion_id = suggestion.id
    with Session(seeded_engine) as session:
        saved = session.get(Suggestion, suggestion_id)
        assert (saved.status, saved.work_item_id) == ("adopted", traffic)
        assert saved.decided_at is not None
        audit = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "suggestion", AuditEntry.entity_id == suggestion_id
            )
        ).one()
        assert audit.actor == "王工" and '"adopted"' in audit.after


def test_adopting_can_create_the_work_item(seeded_engine):
    with session_scope(seeded_engine) as session:
        suggestion = _xinhua_suggestion(session)
        [programme] = sg.site_programme_options(session, suggestion.site_id)
        new = wi.NewWorkItem(programme.id, suggestion.site_id, None, "road_repair", 120)
        sg.apply_triage(
            session,
            sg.TriageChange(
                suggestion.id, status="adopted", public_answer="已采纳。", new_work_item=new
            ),
            actor="staff",
        )
        item = session.get(WorkItem, suggestion.work_item_id)
        assert item.planned_quantity == 120 and item.site_id == suggestion.site_id


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"status": "not_adopted"}, "survey.triage.error.answer_required"),
        ({"category": "nonsense"}, "survey.triage.error.category"),
        ({"status": "evaluating", "work_item_id": 1}, "survey.triage.error.link_needs_adopted"),
    ],
)
def test_triage_refuses_bad_changes_and_writes_nothing(seeded_engine, change, key):
    with Session(seeded_engine) as session:
        suggestion_id = _xinhua_suggestion(session).id
    with pytest.raises(sg.TriageRefused) as refused:
        with session_scope(seeded_engine) as session:
            sg.apply_triage(session, sg.TriageChange(suggestion_id, **change), actor="staff")
    assert key in refused.value.keys
    with Session(seeded_engine) as session:
        assert session.get(Suggestion, suggestion_id).status == "evaluating"


def test_work_item_of_another_site_cannot_be_linked(seeded_engine):
    with Session(seeded_engine) as session:
        suggestion = _xinhua_suggestion(session)
        other = session.exec(
            select(WorkItem.id).where(WorkItem.site_id != suggestion.site_id)
        ).first()
        with pytest.raises(sg.TriageRefused) as refused:
            sg.apply_triage(
                session,
                sg.TriageChange(
                    suggestion.id, status="adopted", public_answer="好", work_item_id=other
                ),
                actor="staff",
            )
    assert refused.value.keys == ["survey.triage.error.work_item_site"]


def test_decided_suggestion_only_reopens_to_evaluating(seeded_engine):
    with session_scope(seeded_engine) as session:
        adopted = session.exec(select(Suggestion).where(Suggestion.status == "adopted")).one()
        with pytest.raises(sg.TriageRefused):
            sg.apply_triage(session, sg.TriageChange(adopted.id, status="received"), actor="s")
        sg.apply_triage(session, sg.TriageChange(adopted.id, status="evaluating"), actor="s")
        assert adopted.work_item_id is None and adopted.decided_at is None


def test_queue_is_paged_and_sorted_in_sql_newest_first(seeded_engine):
    with Session(seeded_engine) as session:
        queue = sg.triage_queue(session, page_size=100)
        open_only = sg.triage_queue(session, statuses=["received", "evaluating"])
        oldest = sg.triage_queue(session, order="oldest", page_size=1)
        last = sg.triage_queue(session, page=3, page_size=100)
    assert queue.total == 257 and len(queue.rows) == 100 and queue.pages == 3
    assert len(last.rows) == 57
    times = [(r.received_at, r.id) for r in queue.rows]
    assert times == sorted(times, reverse=True)
    everything = [(r.received_at, r.id) for r in queue.rows + last.rows]
    assert (oldest.rows[0].received_at, oldest.rows[0].id) == min(everything)
    assert open_only.total == 256
