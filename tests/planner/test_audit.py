"""The audit log's one door: every change recorded with who (account id and username) and what."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from db.models import AuditEntry, Programme
from db.session import session_scope
from planner import audit
from planner.audit import Actor, AuditActorError


def test_record_keeps_the_account_and_the_values(seeded_engine):
    with session_scope(seeded_engine) as session:
        programme = session.exec(select(Programme).where(Programme.key == "p2023")).one()
        entry = audit.record(
            session,
            Actor("王工", user_id=7, username="wang"),
            "update",
            programme,
            before={"budget_yuan": 1.0},
            after={"budget_yuan": 2.0, "名称": "新"},
            note="test",
        )
        session.flush()
        entry_id, programme_id = entry.id, programme.id
    with Session(seeded_engine) as session:
        stored = session.get(AuditEntry, entry_id)
        assert stored is not None
        assert (stored.actor, stored.user_id, stored.username) == ("王工", 7, "wang")
        assert (stored.entity, stored.entity_id) == ("programme", programme_id)
        assert json.loads(stored.after) == {"budget_yuan": 2.0, "名称": "新"}
        assert "名称" in stored.after  # Chinese stays readable in the log
        assert audit.latest_entry_id(session) >= entry_id


def test_a_bare_name_has_no_account(seeded_engine):
    with session_scope(seeded_engine) as session:
        entry = audit.record(session, "cli", "import", "survey", after={"n": 1}, entity_id=3)
        session.flush()
        assert (entry.actor, entry.user_id, entry.username, entry.entity_id) == ("cli", None, "", 3)


@pytest.mark.parametrize("actor", ["", "   ", "x" * 101, Actor("ok", 1, "u" * 65)])
def test_an_actor_without_a_name_or_too_long_is_refused(seeded_engine, actor):
    with Session(seeded_engine) as session:
        with pytest.raises(AuditActorError):
            audit.record(session, actor, "update", "programme", entity_id=1)
        assert not session.new  # nothing added
