"""``planner privacy purge``: contact data of old feedback is deleted, the messages stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from db.models import FeedbackContact, Site, Suggestion
from db.session import session_scope
from planner.cli.main import main
from planner.portal.actions import submit_feedback
from planner.portal.feedback import Feedback


def test_purge_deletes_old_contact_data_only(seeded_engine, db_url, monkeypatch, capsys):
    monkeypatch.setenv("PLANNER_DATABASE_URL", db_url)
    with session_scope(seeded_engine) as session:
        site_id = session.exec(select(Site.id).where(Site.key == "c2023_02")).one()
    client = "203.0.113.9"
    old = submit_feedback(
        seeded_engine, Feedback(site_id, "旧的意见：路灯不亮", phone="13912345678"), client=client
    )
    new = submit_feedback(
        seeded_engine, Feedback(site_id, "新的意见：路面破损", phone="13812345678"), client=client
    )
    old_id, new_id = old.suggestion_id, new.suggestion_id
    with session_scope(seeded_engine) as session:
        contact = session.get(FeedbackContact, old_id)
        contact.sent_at = datetime.now(UTC) - timedelta(days=200)
        session.add(contact)
    assert main(["privacy", "purge", "--dry-run", "--json"]) == 0
    assert '"contacts": 1' in capsys.readouterr().out
    assert main(["privacy", "purge"]) == 0
    assert "deleted the contact data of 1 feedback message(s) older than 180 days" in (
        capsys.readouterr().out
    )
    with Session(seeded_engine) as session:
        assert session.get(FeedbackContact, old_id) is None
        assert session.get(FeedbackContact, new_id) is not None
        assert session.get(Suggestion, old_id) is not None  # the message itself stays
