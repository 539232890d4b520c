"""``planner privacy purge``: contact data of old feedback is deleted, the messages stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from db.models import FeedbackContact, FeedbackReceipt, Site, Suggestion, SuggestionStatus
from db.session import session_scope
from planner.cli.main import main
from planner.history.reads import HistoryQuery, audit_lines
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


def test_purge_deletes_old_spam_and_keeps_held_and_recent_messages(
    seeded_engine, db_url, monkeypatch, capsys
):
    """A flood marked spam does not stay for good: past the retention period it is deleted
    with its contact data and its status page; a held message (not yet looked at) and recent
    spam stay. The audit log says what was done, in words."""
    monkeypatch.setenv("PLANNER_DATABASE_URL", db_url)
    with session_scope(seeded_engine) as session:
        site_id = session.exec(select(Site.id).where(Site.key == "c2023_03")).one()

    def sent(text: str, status: SuggestionStatus, days_ago: int) -> int:
        done = submit_feedback(
            seeded_engine, Feedback(site_id, text, phone="13712345678"), client="198.51.100.7"
        )
        with session_scope(seeded_engine) as session:
            row = session.get(Suggestion, done.suggestion_id)
            row.status = status.value
            row.received_at = datetime.now(UTC) - timedelta(days=days_ago)
            session.add(row)
        return done.suggestion_id

    old_spam = [sent(f"免费领取礼品第{n}号，加微信", SuggestionStatus.SPAM, 200) for n in range(3)]
    new_spam = sent("最近的广告留言，加微信", SuggestionStatus.SPAM, 10)
    held = sent("被暂扣的留言：单元门坏了很久", SuggestionStatus.HELD, 200)
    assert main(["privacy", "purge", "--dry-run", "--json"]) == 0
    assert '"spam": 3' in capsys.readouterr().out
    with Session(seeded_engine) as session:
        assert session.get(Suggestion, old_spam[0]) is not None  # a dry run deletes nothing
    assert main(["privacy", "purge"]) == 0
    assert "deleted 3 spam message(s) of that age" in capsys.readouterr().out
    with Session(seeded_engine) as session:
        for gone in old_spam:
            assert session.get(Suggestion, gone) is None
            assert session.get(FeedbackContact, gone) is None
            assert not session.exec(
                select(FeedbackReceipt).where(FeedbackReceipt.suggestion_id == gone)
            ).all()
        assert session.get(Suggestion, new_spam) is not None
        assert session.get(Suggestion, held) is not None
    line = audit_lines(seeded_engine, HistoryQuery(text="垃圾留言"), "zh")[0]
    assert "删除了保留期满的垃圾留言" in line.sentence and "条数 3" in line.sentence, line
    assert main(["privacy", "purge", "--json"]) == 0  # nothing left to delete
    assert '"spam": 0' in capsys.readouterr().out
