"""The audit log read as sentences, its filters and search, and reverting one change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from db.models import AuditEntry, Site, WorkItem
from db.session import session_scope
from planner import audit
from planner.audit import Actor
from planner.history import actions as history
from planner.history import reads
from planner.history.reads import HistoryQuery
from planner.history.sentences import city_day
from planner.works import actions as works
from planner.works import reads as work_reads
from planner.works.revert import RevertRefused
from planner.works.validation import WorkItemChange

WANG = Actor("王工", 1, "wang")
ZHAO = Actor("赵管理员", 3, "zhao")


def _an_item(engine):
    """A site-level work item of the sample, as the editor loads it, and its compound."""
    with Session(engine) as session:
        item = session.exec(
            select(WorkItem).where(WorkItem.building_id.is_(None)).order_by(WorkItem.id)
        ).first()
        site = session.get(Site, item.site_id)
        site_id, name = site.id, site.name_zh
    rows = work_reads.work_items(engine, site_id=site_id)
    return next(r for r in rows if r.id == item.id), site_id, name


def _newest_entry(engine) -> AuditEntry:
    with Session(engine) as session:
        return session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def _planned(engine, item_id) -> float:
    with Session(engine) as session:
        return session.get(WorkItem, item_id).planned_quantity


def test_a_change_reads_as_a_sentence_in_both_languages(seeded_engine):
    row, site_id, site_name = _an_item(seeded_engine)
    works.save_work_changes(
        seeded_engine, [WorkItemChange(row, {"planned_quantity": 99999})], actor=WANG
    )
    zh = reads.audit_lines(seeded_engine, HistoryQuery(site_id=site_id), "zh")[0]
    en = reads.audit_lines(seeded_engine, HistoryQuery(site_id=site_id), "en")[0]
    old = f"{row.planned_quantity:,.2f}".rstrip("0").rstrip(".")
    assert zh.who == "王工"
    assert zh.sentence.startswith(f"王工 修改了改造项目“{site_name}")
    assert f"计划工程量 {old} → 99,999" in zh.sentence
    assert f"Planned quantity {old} → 99,999" in en.sentence
    assert row.scope_name("en") in en.sentence
    for sentence in (zh.sentence, en.sentence):
        assert "work_item" not in sentence and "{" not in sentence
    assert zh.revertible


def test_filters_by_compound_person_kind_date_and_text(seeded_engine):
    row, site_id, site_name = _an_item(seeded_engine)
    works.save_work_changes(
        seeded_engine, [WorkItemChange(row, {"contractor": "甲建设"})], actor=WANG
    )
    mine = reads.audit_lines(seeded_engine, HistoryQuery(actor="王工"), "zh")
    assert len(mine) == 1 and "甲建设" in mine[0].sentence
    assert reads.audit_lines(seeded_engine, HistoryQuery(actor="王工", kind="accounts"), "zh") == []
    assert (
        len(reads.audit_lines(seeded_engine, HistoryQuery(actor="王工", kind="works"), "zh")) == 1
    )
    today = city_day(_newest_entry(seeded_engine).at)
    on_day = HistoryQuery(actor="王工", day_from=today, day_to=today)
    assert len(reads.audit_lines(seeded_engine, on_day, "zh")) == 1
    before = HistoryQuery(actor="王工", day_to=today - timedelta(days=1))
    assert reads.audit_lines(seeded_engine, before, "zh") == []
    found = reads.audit_lines(seeded_engine, HistoryQuery(text="甲建设"), "zh")
    assert [line.entry_id for line in found] == [mine[0].entry_id]
    assert reads.audit_lines(seeded_engine, HistoryQuery(text="乙建设"), "zh") == []
    # The compound filter keeps this compound's entries and drops the others'.
    other = reads.audit_lines(seeded_engine, HistoryQuery(site_id=site_id + 1000), "zh")
    assert all(line.entry_id != mine[0].entry_id for line in other)
    assert reads.audit_lines(seeded_engine, HistoryQuery(site_id=site_id), "zh")[0] == mine[0]
    choices = reads.audit_filter_choices(seeded_engine, "zh")
    assert "王工" in dict(choices.actors) and (site_id, site_name) in choices.sites


def test_a_day_is_the_citys_day_whatever_the_hour(seeded_engine):
    """23:30 and 00:30 in the city (15:30 and 16:30 UTC) fall on two days; the filter by day
    once read a city day as a UTC one on SQLite, and failed between 16:00 and 24:00 UTC."""
    late = datetime(2026, 3, 1, 15, 30, tzinfo=UTC)  # 1 March, 23:30 in the city
    early = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)  # 2 March, 00:30 in the city
    with session_scope(seeded_engine) as session:
        entries = [
            audit.record(session, "王工", "update", "site", {"note": "a"}, {"note": w}, at=at)
            for w, at in (("晚", late), ("早", early))
        ]
        session.flush()
        ids = [entry.id for entry in entries]

    def on(day: date) -> list[int]:
        query = HistoryQuery(actor="王工", day_from=day, day_to=day)
        return [line.entry_id for line in reads.audit_lines(seeded_engine, query, "zh")]

    assert on(date(2026, 3, 1)) == [ids[0]]
    assert on(date(2026, 3, 2)) == [ids[1]]


def test_an_admin_reverts_one_change_as_a_new_audited_change(seeded_engine):
    row, site_id, _ = _an_item(seeded_engine)
    works.save_work_changes(
        seeded_engine, [WorkItemChange(row, {"planned_quantity": 99999})], actor=WANG
    )
    mistake = _newest_entry(seeded_engine)
    history.revert_change(seeded_engine, mistake.id, actor=ZHAO)
    assert _planned(seeded_engine, row.id) == row.planned_quantity
    revert = _newest_entry(seeded_engine)
    assert (revert.action, revert.actor, revert.entity_id) == ("revert", "赵管理员", row.id)
    line = reads.audit_lines(seeded_engine, HistoryQuery(site_id=site_id), "zh")[0]
    assert line.sentence.startswith("赵管理员 撤销了对改造项目")
    assert "99,999 →" in line.sentence
    # The log keeps both: the change and its revert.
    with Session(seeded_engine) as session:
        assert session.get(AuditEntry, mistake.id) is not None


def test_a_revert_is_refused_when_the_item_changed_since(seeded_engine):
    row, _, _ = _an_item(seeded_engine)
    works.save_work_changes(
        seeded_engine, [WorkItemChange(row, {"planned_quantity": 99999})], actor=WANG
    )
    mistake = _newest_entry(seeded_engine)
    again = next(
        r for r in work_reads.work_items(seeded_engine, site_id=row.site_id) if r.id == row.id
    )
    works.save_work_changes(
        seeded_engine, [WorkItemChange(again, {"contractor": "乙"})], actor=WANG
    )
    with pytest.raises(RevertRefused) as refused:
        history.revert_change(seeded_engine, mistake.id, actor=ZHAO)
    assert refused.value.key == "history.error.stale"
    assert "此后该记录又被修改过" in refused.value.message("zh")
    assert _planned(seeded_engine, row.id) == 99999  # nothing written


def test_a_change_of_another_kind_is_not_revertible(seeded_engine):
    with Session(seeded_engine) as session:
        seeded = session.exec(select(AuditEntry).where(AuditEntry.action == "seed")).first()
    with pytest.raises(RevertRefused) as refused:
        history.revert_change(seeded_engine, seeded.id, actor=ZHAO)
    assert refused.value.key == "history.error.not_revertible"
    lines = reads.audit_lines(seeded_engine, HistoryQuery(actor=seeded.actor), "zh")
    assert lines and not any(line.revertible for line in lines)


def test_a_process_that_acted_is_named_in_words_not_by_its_stored_name(seeded_engine):
    """ "cli" and "system:seed" are stored as they are but read as 命令行 and 示例数据."""
    row, _, _ = _an_item(seeded_engine)
    works.save_work_changes(
        seeded_engine, [WorkItemChange(row, {"contractor": "丙建设"})], actor=Actor.system("cli")
    )
    for lang, word in (("zh", "命令行"), ("en", "Command line")):
        line = reads.audit_lines(seeded_engine, HistoryQuery(actor="cli"), lang)[0]
        assert line.who == word and line.sentence.startswith(word)
        assert "cli" not in line.sentence
        actors = dict(reads.audit_filter_choices(seeded_engine, lang).actors)
        assert actors["cli"] == word
    with Session(seeded_engine) as session:
        session.add(AuditEntry(actor="system:seed", action="create", entity="site", entity_id=1))
        session.commit()
    seeded = reads.audit_lines(seeded_engine, HistoryQuery(actor="system:seed"), "zh")[0]
    assert seeded.who == "示例数据" and "system:seed" not in seeded.sentence


def test_every_process_that_writes_the_log_has_a_name_in_words():
    from planner.cli import users as cli_users
    from planner.gis.apply import DEFAULT_ACTOR
    from planner.history.sentences import SYSTEM_ACTORS
    from planner.portal.feedback import AUDIT_ACTOR
    from planner.sample_context import SEED_ACTOR

    for stored in (cli_users.ACTOR.label, SEED_ACTOR, AUDIT_ACTOR, DEFAULT_ACTOR):
        assert stored in SYSTEM_ACTORS
