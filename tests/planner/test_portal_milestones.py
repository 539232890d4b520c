""" "最近更新" on a compound's public page: milestones, never raw staff edits."""

from __future__ import annotations

import math
from datetime import date, timedelta

from sqlmodel import select

from db.models import Site, Suggestion
from db.session import session_scope
from planner.audit import utcnow
from planner.fieldwork import acceptance as acc
from planner.portal import wording
from planner.portal.view import get_site_by_key, public_site_view
from planner.surveys import suggestions as sg
from planner.works.items import WorkItemChange, list_work_items, save_changes

SITE = "c2024_02"  # 2024's sample compound: its works are all still planned, nothing done


def _today() -> date:
    return utcnow().date()  # the audit's clock (UTC)


def _roofs(engine):
    """The compound's two roof waterproofing items (nothing done yet)."""
    with session_scope(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.key == SITE)).one()
        rows = list_work_items(session, site_id=site_id, include_building_items=True)
    roofs = sorted((r for r in rows if r.scope_key == "roof_waterproofing"), key=lambda r: r.id)
    assert [r.completed_quantity for r in roofs] == [0.0, 0.0]
    return roofs


def _save(engine, *values: tuple[int, dict]) -> None:
    """One save of the editor, as staff make it (audited)."""
    with session_scope(engine) as session:
        rows = {
            r.id: r
            for r in list_work_items(
                session,
                site_id=session.exec(select(Site.id).where(Site.key == SITE)).one(),
                include_building_items=True,
            )
        }
        # A reason with each save: above planned and corrections need one (issue #20).
        changes = [WorkItemChange(rows[i], v) for i, v in values]
        save_changes(session, changes, actor="王工", reason="现场复核")


def _recent(engine, lang: str = "zh", today: date | None = None) -> list[str]:
    with session_scope(engine) as session:
        view = public_site_view(session, get_site_by_key(session, SITE), today=today or _today())
    return [wording.change_line(m, lang) for m in view.recent]


def test_a_mistake_and_its_correction_show_only_the_corrected_state(seeded_engine):
    first, second = _roofs(seeded_engine)
    # Staff type 5000 by mistake (the roofs look all done), then correct it to 300 and 200.
    _save(seeded_engine, (first.id, {"completed_quantity": 5000}))
    _save(seeded_engine, (second.id, {"completed_quantity": 5000}))
    _save(
        seeded_engine,
        (first.id, {"completed_quantity": 300}),
        (second.id, {"completed_quantity": 200}),
    )
    # 500 of 1,725 m²: 29 %. The wrong 100 % never was news, nor is the drop from it.
    assert _recent(seeded_engine) == ["屋面防水：已完成 25%", "屋面防水：开工"]
    text = "\n".join(_recent(seeded_engine) + _recent(seeded_engine, "en"))
    assert "5000" not in text and "5,000" not in text and "全部完成" not in text
    assert "完成量" not in text  # no raw field names of the editor


def test_quarters_and_completion_are_news_once_each(seeded_engine):
    first, second = _roofs(seeded_engine)
    total = first.planned_quantity + second.planned_quantity
    reached = int(first.planned_quantity / total * 4) * 25  # the quarter the first roof reaches
    assert 25 <= reached < 100
    _save(seeded_engine, (first.id, {"completed_quantity": first.planned_quantity}))
    _save(seeded_engine, (second.id, {"completed_quantity": second.planned_quantity}))  # all done
    assert _recent(seeded_engine) == [
        "屋面防水：全部完成",
        f"屋面防水：已完成 {reached}%",
        "屋面防水：开工",
    ]
    assert _recent(seeded_engine, "en")[0] == "Roof waterproofing: all done"
    # A later correction down (a quantity measured again) leaves what still holds: 75 %.
    again = math.ceil(0.8 * total - first.planned_quantity)
    _save(seeded_engine, (second.id, {"completed_quantity": again}))
    held = ["屋面防水：已完成 75%"] + ([f"屋面防水：已完成 {reached}%"] if reached < 75 else [])
    assert _recent(seeded_engine) == [*held, "屋面防水：开工"]
    # Out of the window (120 days), nothing is recent.
    assert _recent(seeded_engine, today=_today() + timedelta(days=200)) == []


def test_a_typed_start_day_is_the_day_the_work_started(seeded_engine):
    first, _second = _roofs(seeded_engine)
    started = _today() - timedelta(days=3)
    _save(seeded_engine, (first.id, {"status": "in_progress", "actual_start": started}))
    with session_scope(seeded_engine) as session:
        view = public_site_view(session, get_site_by_key(session, SITE), today=_today())
    assert [(m.day, wording.change_line(m, "zh")) for m in view.recent] == [
        (started, "屋面防水：开工")
    ]


def test_a_passed_acceptance_and_an_adopted_suggestion_are_news(seeded_engine):
    first, _second = _roofs(seeded_engine)
    with session_scope(seeded_engine) as session:
        for result in ("failed", "passed"):  # a failed inspection is no news
            acc.record_acceptance(
                session,
                acc.NewAcceptance(first.id, _today(), result, "住建局 李工"),
                actor="test",
                today=_today(),
            )
        suggestion = Suggestion(
            site_id=first.site_id, text="屋顶漏水，请做防水。", category="other"
        )
        session.add(suggestion)
        session.flush()
        sg.apply_triage(
            session,
            sg.TriageChange(
                suggestion.id,
                category="heating",
                status="adopted",
                public_answer="已采纳，随屋面防水一并施工。",
                work_item_id=first.id,
            ),
            actor="王工",
        )
    assert _recent(seeded_engine) == [
        "采纳居民建议（供暖保温），纳入工程：屋面防水",
        "屋面防水：验收合格",
    ]


def test_the_sample_compounds_have_no_raw_edits_as_news(seeded_engine):
    with session_scope(seeded_engine) as session:
        view = public_site_view(session, get_site_by_key(session, "c2023_01"), today=_today())
    # The sample's works were done in 2023: nothing in the last 120 days.
    assert view.recent == ()
