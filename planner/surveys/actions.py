"""What staff do with residents' voice, one function each: import a survey file, triage a
suggestion, record an owners' vote.

Each action opens and commits its own transaction (``planner.transactions.transaction``):
all of its rows or none. It checks, writes through this package's modules (which audit every
change), refuses with a :class:`planner.errors.Refused` (``ImportRefused``, ``TriageRefused``,
``InvalidVoteError``; ``Busy`` when the database was busy) and returns plain values. The
survey import page and ``planner import-survey`` call the same :func:`import_survey`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine

from planner import sites
from planner.audit import Actor
from planner.errors import Refused
from planner.surveys import consent, imports, retention, statistics, suggestions
from planner.surveys.consent_rules import ConsentResult, ConsentRules
from planner.surveys.imports import ImportPreview, ImportReport
from planner.surveys.statistics import CHANNELS
from planner.transactions import transaction

__all__ = [
    "RecordedVote",
    "SurveyImported",
    "TriageSaved",
    "import_survey",
    "mask_old_numbers",
    "record_vote",
    "triage_suggestion",
]


@dataclass(frozen=True)
class SurveyImported:
    """What an import wrote (or, for a dry run, would write), and into which survey."""

    report: ImportReport
    survey_id: int | None  # None: a dry run into a survey that does not exist yet
    survey_title: str
    site_name_zh: str


def import_survey(
    engine: Engine,
    preview: ImportPreview,
    *,
    site_id: int,
    actor: Actor | str,
    survey_id: int | None = None,
    title: str = "",
    channel: str = "online",
    only_valid: bool = False,
    dry_run: bool = False,
) -> SurveyImported:
    """Import a checked survey file into a survey of a site, in one transaction.

    The survey is ``survey_id``, or else the site's survey called ``title`` (created with
    ``channel`` when there is none). A file with errors writes nothing unless ``only_valid``
    (then the invalid rows are skipped); rows already stored are counted, not added again.
    A dry run counts and keeps nothing, not even a new survey.

    Raises
    ------
    Refused
        No title for a new survey, an unknown channel, site or survey.
    ImportRefused
        The file's errors (with their rows and columns); nothing was written.
    """
    title = title.strip()
    if survey_id is None and not title:
        raise Refused("survey.import.title_required", field="title")
    if survey_id is None and channel not in CHANNELS:
        raise Refused("survey.error.channel", field="channel", channel=channel)
    with transaction(engine) as session:
        site = sites.get_site(session, site_id)
        if site is None:
            raise Refused("survey.error.site_unknown", field="site", name=str(site_id))
        if survey_id is not None:
            survey = statistics.get_survey(session, survey_id)
            if survey is None or survey.site_id != site_id:
                raise Refused("survey.error.survey_unknown", field="survey")
        else:
            survey = statistics.get_or_create_survey(
                session, site_id=site_id, title=title, channel=channel
            )
        report = imports.write_import(
            session, survey, preview, actor=actor, only_valid=only_valid, dry_run=dry_run
        )
        done = SurveyImported(
            report, survey.id if not dry_run or survey_id else None, survey.title, site.name_zh
        )
        if dry_run:
            session.rollback()  # not even a new survey is kept
    return done


@dataclass(frozen=True)
class TriageSaved:
    """A suggestion after triage: its status, version and the work item it links."""

    suggestion_id: int
    status: str
    version: int
    work_item_id: int | None


def triage_suggestion(
    engine: Engine, change: suggestions.TriageChange, *, actor: Actor | str
) -> TriageSaved:
    """Categorise, answer and decide one suggestion (adopting it may link a work item or add
    a new one through the works editor's rules), in one transaction, audited.

    Raises ``TriageRefused`` (every reason, a refused new work item's below its own), and
    nothing is written then; a save over someone else's newer save is refused too.
    """
    with transaction(engine) as session:
        saved = suggestions.apply_triage(session, change, actor=actor)
        assert saved.id is not None
        return TriageSaved(saved.id, str(saved.status), saved.version, saved.work_item_id)


@dataclass(frozen=True)
class RecordedVote:
    """A recorded vote and what the city's rules make of it."""

    vote_id: int
    result: ConsentResult


def record_vote(
    engine: Engine, new: consent.NewConsentVote, *, actor: Actor | str, rules: ConsentRules
) -> RecordedVote:
    """Record an owners' vote (民法典 art. 278), audited, and evaluate it under ``rules``.

    Raises ``InvalidVoteError`` with every problem found; nothing is written then.
    """
    with transaction(engine) as session:
        vote = consent.record_vote(session, new, actor=actor)
        assert vote.id is not None
        return RecordedVote(vote.id, consent.evaluate_vote(vote, rules))


def delete_old_spam(engine: Engine, *, received_before: datetime, actor: Actor | str) -> int:
    """Delete the messages marked spam and received before ``received_before`` (past the
    retention period), in one transaction, audited by how many; returns how many."""
    with transaction(engine) as session:
        return retention.delete_old_spam(session, received_before=received_before, actor=actor)


def mask_old_numbers(engine: Engine, *, received_before: datetime, actor: Actor | str) -> int:
    """Mask the phone and ID numbers typed into the text and public answer of suggestions
    received before ``received_before`` (past the retention period), in one transaction,
    audited by how many (never the numbers); returns how many suggestions changed."""
    with transaction(engine) as session:
        return retention.mask_old_numbers(session, received_before=received_before, actor=actor)
