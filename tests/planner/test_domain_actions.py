"""The actions (``planner/<domain>/actions.py``): each writes all of its rows or none, audits
what it wrote, refuses with the one family (``planner.errors.Refused``) keeping nothing, and
turns a busy database into ``Busy``. On SQLite and PostgreSQL (``seeded_engine``)."""

from __future__ import annotations

import io
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from db.models import (
    AuditEntry,
    FeedbackContact,
    FieldReport,
    ScopeType,
    Site,
    SitePhoto,
    Suggestion,
    Survey,
    SurveyResponse,
    UserAccount,
    WorkItem,
)
from db.session import make_engine
from planner.accounts import actions as accounts
from planner.accounts.users import AccountError
from planner.audit import Actor
from planner.errors import Busy, Refused
from planner.fieldwork import actions as fieldwork
from planner.fieldwork.field import FieldRefused
from planner.fieldwork.images import PhotoLimits
from planner.i18n import MESSAGES
from planner.portal import actions as portal
from planner.portal.feedback import Feedback, FeedbackLimits, FeedbackRefused
from planner.runtime.startup import ensure_database_ready
from planner.surveys import actions as surveys
from planner.surveys import imports as si
from planner.surveys.suggestions import TriageChange, TriageRefused
from planner.works import actions as works
from planner.works import reads as works_reads
from planner.works.items import InvalidChangesError, NewWorkItem, WorkItemChange
from tests.planner.fieldwork_images import gps_jpeg, truncated_jpeg

SURVEYS = Path(__file__).resolve().parents[1] / "data" / "surveys"
STAFF = Actor("王工", 7, "staff_wang")


def _count(engine, table, *where) -> int:  # noqa: ANN001
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(table).where(*where)).one()


def _site(engine, key: str = "c2023_01") -> int:  # noqa: ANN001
    with Session(engine) as session:
        return session.exec(select(Site.id).where(Site.key == key)).one()


def _programme(engine, site_id: int) -> int:  # noqa: ANN001
    """The newest programme holding the site."""
    return works_reads.linked_place(engine, {"site": str(site_id)}).programme_id


def _item(engine, site_id: int, scope: str) -> int:  # noqa: ANN001
    with Session(engine) as session:
        return session.exec(
            select(WorkItem.id)
            .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
            .where(WorkItem.site_id == site_id, ScopeType.key == scope)
            .order_by(WorkItem.id)
        ).first()


def test_every_refusal_class_is_one_family_and_speaks_both_languages():
    from planner.accounts.users import AccountError
    from planner.boq.bill import BoqError
    from planner.boq.fees import FeeError
    from planner.boq.rates import RateValidationError
    from planner.fieldwork.acceptance import AcceptanceRefused
    from planner.fieldwork.images import PhotoRefused
    from planner.gis.reading import ImportError_
    from planner.programmes import ProgrammeKeyTaken
    from planner.surveys.consent_rules import InvalidVoteError
    from planner.surveys.files import FileRefused
    from planner.surveys.statistics import SiteNotFound
    from planner.works.items import SaveRefused
    from planner.works.templates import DraftError

    family = (
        AccountError, BoqError, FeeError, RateValidationError, AcceptanceRefused, PhotoRefused,
        FieldRefused, ImportError_, ProgrammeKeyTaken, InvalidVoteError, FileRefused,
        si.ImportRefused, SiteNotFound, TriageRefused, SaveRefused, DraftError,
        FeedbackRefused, Busy,
    )  # fmt: skip
    assert all(issubclass(cls, Refused) for cls in family)
    from planner import limits

    assert limits.Busy is Busy  # no slot free: the same "try again"
    assert set(MESSAGES["error.busy"]) == {"zh", "en"}


# --- works ------------------------------------------------------------------------------------


def test_a_save_with_one_refused_row_writes_no_row_and_no_audit(seeded_engine):
    site_id = _site(seeded_engine)
    rows = works_reads.work_items(seeded_engine, site_id=site_id)
    audits = _count(seeded_engine, AuditEntry)
    changes = [
        WorkItemChange(rows[0], {"contractor": "乙公司"}),  # valid
        WorkItemChange(rows[1], {"planned_quantity": -1}),  # refused
    ]
    with pytest.raises(InvalidChangesError) as refused:
        works.save_work_changes(seeded_engine, changes, actor=STAFF)
    assert refused.value.field == "planned_quantity"
    assert len(refused.value.messages("zh")) == 1  # the one reason, in the row's words
    after = works_reads.work_items(seeded_engine, site_id=site_id)
    assert [(r.contractor, r.version) for r in after] == [(r.contractor, r.version) for r in rows]
    assert _count(seeded_engine, AuditEntry) == audits

    saved = works.save_work_changes(seeded_engine, changes[:1], actor=STAFF)
    assert saved.item_ids == [rows[0].id]
    with Session(seeded_engine) as session:
        entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.entity, entry.entity_id, entry.username) == (
        "work_item",
        rows[0].id,
        "staff_wang",
    )


def test_adding_the_same_work_twice_is_refused(seeded_engine):
    site_id = _site(seeded_engine)
    programme_id = _programme(seeded_engine, site_id)
    new = NewWorkItem(programme_id, site_id, None, "signs", planned_quantity=3)
    added = works.add_work_item(seeded_engine, new, actor=STAFF)
    before = _count(seeded_engine, WorkItem)
    with pytest.raises(Refused) as refused:
        works.add_work_item(seeded_engine, new, actor=STAFF)
    assert refused.value.key == "works.error.duplicate"
    assert _count(seeded_engine, WorkItem) == before
    assert _count(seeded_engine, AuditEntry, AuditEntry.entity_id == added.item_id) == 1


# --- surveys ----------------------------------------------------------------------------------


def _preview(name: str) -> si.ImportPreview:
    return si.build_preview(si.read_table((SURVEYS / name).read_bytes(), name))


def test_importing_a_survey_finds_or_creates_the_survey_then_writes_the_import(seeded_engine):
    site_id = _site(seeded_engine)
    surveys_before = _count(seeded_engine, Survey)
    dry = surveys.import_survey(
        seeded_engine, _preview("wjx_gbk.csv"), site_id=site_id, title="二次问卷",
        actor=STAFF, dry_run=True,
    )  # fmt: skip
    assert (dry.report.added, dry.survey_id) == (6, None)
    assert _count(seeded_engine, Survey) == surveys_before  # not even the new survey is kept
    done = surveys.import_survey(
        seeded_engine, _preview("wjx_gbk.csv"), site_id=site_id, title="二次问卷", actor=STAFF
    )
    assert done.report.added == 6 and done.survey_title == "二次问卷"
    again = surveys.import_survey(
        seeded_engine, _preview("wjx_gbk.csv"), site_id=site_id, title="二次问卷", actor=STAFF
    )
    assert (again.survey_id, again.report.added, again.report.already_present) == (
        done.survey_id,
        0,
        6,
    )
    assert _count(seeded_engine, Survey) == surveys_before + 1
    assert _count(seeded_engine, AuditEntry, AuditEntry.action == "import") == 2


def test_a_survey_file_with_errors_keeps_nothing_not_even_the_new_survey(seeded_engine):
    site_id = _site(seeded_engine)
    counts = (_count(seeded_engine, Survey), _count(seeded_engine, SurveyResponse))
    with pytest.raises(si.ImportRefused) as refused:
        surveys.import_survey(
            seeded_engine, _preview("bad_values.csv"), site_id=site_id, title="坏文件", actor=STAFF
        )
    assert refused.value.key == "survey.import.errors" and len(refused.value.errors) == 4
    assert refused.value.messages("en")[1].startswith("Row 3, column “是否支持”")
    assert (_count(seeded_engine, Survey), _count(seeded_engine, SurveyResponse)) == counts
    with pytest.raises(Refused) as untitled:
        surveys.import_survey(
            seeded_engine, _preview("wjx_gbk.csv"), site_id=site_id, title=" ", actor=STAFF
        )
    assert (untitled.value.key, untitled.value.field) == ("survey.import.title_required", "title")


def test_a_triage_whose_new_work_item_is_refused_writes_nothing(seeded_engine):
    site_id = _site(seeded_engine)
    sent = portal.submit_feedback(
        seeded_engine, Feedback(site_id, "小区路灯太少，晚上很暗。"), client="192.0.2.1"
    )
    programme_id = _programme(seeded_engine, site_id)
    items = _count(seeded_engine, WorkItem)
    change = TriageChange(
        sent.suggestion_id,
        status="adopted",
        public_answer="已采纳。",
        new_work_item=NewWorkItem(programme_id, site_id, None, "signs", planned_quantity=-2),
        version=1,
    )
    with pytest.raises(TriageRefused) as refused:
        surveys.triage_suggestion(seeded_engine, change, actor=STAFF)
    # Its own reason, then the works editor's, below it.
    assert refused.value.keys == ["survey.triage.error.new_work_item", "works.error.negative"]
    assert refused.value.reasons[0].field == "planned_quantity"
    assert _count(seeded_engine, WorkItem) == items
    with Session(seeded_engine) as session:
        kept = session.get(Suggestion, sent.suggestion_id)
        assert (kept.status, kept.version, kept.work_item_id) == ("received", 1, None)
    fixed = TriageChange(
        sent.suggestion_id,
        status="adopted",
        public_answer="已采纳。",
        new_work_item=NewWorkItem(programme_id, site_id, None, "signs", planned_quantity=2),
        version=1,
    )
    saved = surveys.triage_suggestion(seeded_engine, fixed, actor=STAFF)
    assert (saved.status, saved.version) == ("adopted", 2) and saved.work_item_id is not None
    assert _count(seeded_engine, WorkItem) == items + 1


# --- portal -----------------------------------------------------------------------------------


def test_feedback_is_checked_before_it_is_counted(seeded_engine):
    """Check, then count, then store: typos do not use up a resident's limit."""
    site_id = _site(seeded_engine)
    allowed = FeedbackLimits.from_settings(type("S", (), {
        "feedback_limit": 2, "feedback_window_seconds": 600,
        "feedback_site_limit_per_hour": 30, "feedback_total_limit_per_hour": 300,
    })())  # fmt: skip
    for _ in range(3):
        with pytest.raises(FeedbackRefused) as typo:
            portal.submit_feedback(
                seeded_engine, Feedback(site_id, "短"), client="c", allowed=allowed
            )
        assert (typo.value.key, typo.value.field) == ("feedback.error.too_short", "text")
    sent = [
        portal.submit_feedback(seeded_engine, Feedback(site_id, text), client="c", allowed=allowed)
        for text in ("第一条正常的意见。", "第二条正常的意见。")
    ]
    assert [s.held for s in sent] == [False, False]  # the typos used up nothing
    third = portal.submit_feedback(
        seeded_engine, Feedback(site_id, "第三条正常的意见。"), client="c", allowed=allowed
    )
    # Past the limit a message is held for review, never refused (issue #21, item 2).
    assert (third.held, third.limit) == (True, "network")
    with Session(seeded_engine) as session:
        assert session.get(Suggestion, third.suggestion_id).status == "held"


def test_a_report_about_a_work_of_another_compound_keeps_nothing(seeded_engine):
    site_id, other = _site(seeded_engine, "c2023_01"), _site(seeded_engine, "c2023_02")
    with Session(seeded_engine) as session:
        foreign = session.exec(select(WorkItem.id).where(WorkItem.site_id == other)).first()
    assert foreign is not None
    before = (_count(seeded_engine, Suggestion), _count(seeded_engine, FeedbackContact))
    with pytest.raises(FeedbackRefused) as refused:
        portal.submit_feedback(
            seeded_engine,
            Feedback(site_id, "路灯不亮了。", phone="13912345678", work_item_id=foreign),
            client="192.0.2.2",
        )
    assert refused.value.key == "feedback.error.work"
    assert (_count(seeded_engine, Suggestion), _count(seeded_engine, FeedbackContact)) == before
    own = _item(seeded_engine, site_id, "street_lights")
    sent = portal.submit_feedback(
        seeded_engine,
        Feedback(site_id, "路灯不亮了。", phone="13912345678", work_item_id=own),
        client="192.0.2.2",
    )
    with Session(seeded_engine) as session:
        assert session.get(Suggestion, sent.suggestion_id).reported_work_item_id == own
        entry = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "suggestion", AuditEntry.entity_id == sent.suggestion_id
            )
        ).one()
    assert f'"reported_work_item_id": {own}' in entry.after and "139" not in entry.after
    assert portal.mark_spam(seeded_engine, [sent.suggestion_id], actor=STAFF) == 1
    assert _count(seeded_engine, FeedbackContact) == before[1]  # the phone went with it


# --- fieldwork --------------------------------------------------------------------------------


def test_a_field_report_keeps_the_good_photos_and_names_the_refused_one(seeded_engine):
    site_id = _site(seeded_engine)
    programme_id = _programme(seeded_engine, site_id)
    row = works_reads.work_items(seeded_engine, site_id=site_id, programme_id=programme_id)[0]

    def uploads() -> list[tuple[str, int, io.BytesIO]]:
        return [
            ("good.jpg", len(gps_jpeg()), io.BytesIO(gps_jpeg())),
            ("broken.jpg", len(truncated_jpeg()), io.BytesIO(truncated_jpeg())),
        ]

    options = {"actor": STAFF, "today": date(2024, 5, 1), "limits": PhotoLimits()}
    outcome = fieldwork.save_field_report(
        seeded_engine, row, completed_quantity=row.completed_quantity + 1,
        uploads=uploads(), building_match_m=60, reason="追加检修段", **options,
    )  # fmt: skip
    assert [f.name for f in outcome.refused] == ["broken.jpg"]
    assert len(outcome.photo_ids) == 1 and outcome.item_changed
    assert _count(seeded_engine, FieldReport) == 1 and _count(seeded_engine, SitePhoto) == 1
    again = works_reads.work_items(seeded_engine, site_id=site_id, programme_id=programme_id)[0]
    assert again.completed_quantity == row.completed_quantity + 1
    # Nothing but a refused photo: refused as a whole, naming it; nothing more stored.
    with pytest.raises(FieldRefused) as refused:
        fieldwork.save_field_report(
            seeded_engine, again, completed_quantity=again.completed_quantity,
            uploads=uploads()[1:], building_match_m=60, **options,
        )  # fmt: skip
    assert [f.name for f in refused.value.files] == ["broken.jpg"]
    assert refused.value.messages("en")[1].startswith("broken.jpg: ")
    assert _count(seeded_engine, AuditEntry, AuditEntry.entity == "field_report") == 1


# --- accounts ---------------------------------------------------------------------------------


def test_account_actions_refuse_before_writing_and_audit_what_they_write(seeded_engine):
    users = _count(seeded_engine, UserAccount)
    with pytest.raises(AccountError) as mismatch:
        accounts.add_user(
            seeded_engine, username="zhang", password="a long secret phrase 2024",
            password_again="another phrase", role="staff", actor=STAFF,
        )  # fmt: skip
    assert (mismatch.value.key, mismatch.value.field) == (
        "users.password_mismatch",
        "password_again",
    )
    assert _count(seeded_engine, UserAccount) == users
    added = accounts.add_user(
        seeded_engine, username="zhang", password="a long secret phrase 2024", role="staff",
        actor=STAFF,
    )  # fmt: skip
    assert added == accounts.UserAdded("zhang", "staff")
    me = Actor("张工", 9, "zhang")
    with pytest.raises(AccountError) as own:
        accounts.disable_user(seeded_engine, "zhang", actor=me)
    assert own.value.key == "account.error.self"
    accounts.disable_user(seeded_engine, "zhang", actor=STAFF)
    with Session(seeded_engine) as session:
        assert (
            not session.exec(select(UserAccount).where(UserAccount.username == "zhang"))
            .one()
            .active
        )
        actions = session.exec(
            select(AuditEntry.action).where(AuditEntry.entity == "user_account")
        ).all()
    assert sorted(actions) == ["create", "disable"]


# --- a busy database --------------------------------------------------------------------------


def test_a_busy_database_is_refused_as_busy_and_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_SQLITE_BUSY_TIMEOUT_MS", "0")  # give up at once
    path = tmp_path / "busy.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_database_ready(engine)
    site_id = _site(engine)
    before = _count(engine, Suggestion)
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        with pytest.raises(Busy) as busy:
            portal.submit_feedback(
                engine, Feedback(site_id, "数据库正忙时提交的意见。"), client="192.0.2.3"
            )
    finally:
        other.rollback()
        other.close()
    assert busy.value.message("zh") == MESSAGES["error.busy"]["zh"]
    assert _count(engine, Suggestion) == before
    engine.dispose()
