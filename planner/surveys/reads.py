"""What the pages and commands read of surveys, suggestions and votes: one named query per
thing shown, each in its own read-only session (``planner.transactions.reading``), returning
plain values, never database rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine

from planner import sites
from planner.sites import SiteRef
from planner.surveys import adopted, consent, imports, retention, statistics, suggestions
from planner.surveys.adopted import AdoptedLink
from planner.surveys.consent import ConsentStatus, GatedWork
from planner.surveys.consent_rules import ConsentResult, ConsentRules
from planner.surveys.imports import ImportPreview
from planner.surveys.statistics import SurveyStats
from planner.surveys.suggestions import QueuePage, WorkItemOption
from planner.transactions import reading
from planner.works.items import ProgrammeOption, programme_options


def all_sites(engine: Engine) -> list[SiteRef]:
    """Every site, compounds before linear works, by Chinese name."""
    with reading(engine) as session:
        return sites.site_refs(session)


def find_site(engine: Engine, name: str) -> SiteRef:
    """The site whose key, Chinese or English name is ``name``; ``SiteNotFound`` (a
    refusal) when none or several are."""
    with reading(engine) as session:
        return SiteRef.of(statistics.find_site(session, name))


def survey_sites(engine: Engine) -> list[SiteRef]:
    """Sites that have a survey or a suggestion, by Chinese name."""
    with reading(engine) as session:
        return [SiteRef.of(site) for site in statistics.sites_with_surveys(session)]


def survey_programmes(engine: Engine) -> list[ProgrammeOption]:
    """Programmes holding a site with a survey or a suggestion, oldest first."""
    with reading(engine) as session:
        wanted = {p.id for p in statistics.programmes_with_surveys(session)}
        return sorted(
            (p for p in programme_options(session) if p.id in wanted), key=lambda p: (p.year, p.id)
        )


def site_surveys(engine: Engine, site_id: int) -> dict[int, str]:
    """A site's surveys (title by id), oldest first."""
    with reading(engine) as session:
        return {s.id: s.title for s in statistics.site_surveys(session, site_id) if s.id}


def already_imported(engine: Engine, survey_id: int, preview: ImportPreview) -> int:
    """How many of the file's valid rows the survey holds already (nothing is written)."""
    with reading(engine) as session:
        survey = statistics.get_survey(session, survey_id)
        if survey is None or not preview.responses:
            return 0
        report = imports.write_import(
            session, survey, preview, actor="", only_valid=True, dry_run=True
        )
        return report.already_present


def site_stats(engine: Engine, site_id: int) -> SurveyStats:
    """The survey statistics of a site."""
    with reading(engine) as session:
        return statistics.site_stats(session, site_id)


def programme_stats(engine: Engine, programme_id: int) -> SurveyStats:
    """The survey statistics of a programme's sites."""
    with reading(engine) as session:
        return statistics.programme_stats(session, programme_id)


def adopted_links(engine: Engine, site_ids: Iterable[int]) -> list[AdoptedLink]:
    """Adopted suggestions of these sites that led to a work item."""
    with reading(engine) as session:
        return adopted.adopted_links(session, list(site_ids))


# --- Triage ----------------------------------------------------------------------------------


def triage_queue(
    engine: Engine,
    *,
    site_id: int | None = None,
    statuses: Iterable[str] | None = None,
    reported_work_item_id: int | None = None,
    order: str = "newest",
    page: int = 1,
    contains: str | None = None,
) -> QueuePage:
    """One page of suggestions for staff, filtered and sorted (see ``triage_queue``);
    ``contains``: only those whose text holds this piece."""
    with reading(engine) as session:
        return suggestions.triage_queue(
            session,
            site_id=site_id,
            statuses=statuses,
            reported_work_item_id=reported_work_item_id,
            order=order,
            page=page,
            contains=contains,
        )


def reported_works(engine: Engine, site_id: int | None = None) -> list[WorkItemOption]:
    """The work items residents' reports are about (a defect link), of one site or all."""
    with reading(engine) as session:
        return suggestions.reported_work_items(session, site_id=site_id)


def work_item_options(engine: Engine, site_id: int) -> list[WorkItemOption]:
    """The site's work items, to link on adoption."""
    with reading(engine) as session:
        return suggestions.site_work_item_options(session, site_id)


def site_programme_options(engine: Engine, site_id: int) -> list[ProgrammeOption]:
    """The programmes that hold the site (where a new work item can be created)."""
    with reading(engine) as session:
        return suggestions.site_programme_options(session, site_id)


def site_programme_id(engine: Engine, site_id: int) -> int | None:
    """The site's programme when it belongs to exactly one."""
    with reading(engine) as session:
        return statistics.site_programme_id(session, site_id)


# --- Consent ---------------------------------------------------------------------------------


def blocked_work_items(
    engine: Engine, work_item_ids: Sequence[int], rules: ConsentRules
) -> dict[int, ConsentStatus]:
    """The given work items that may not start yet for want of a passed vote, by id."""
    with reading(engine) as session:
        return consent.blocked_work_items(session, work_item_ids, rules)


def gated_works(engine: Engine, rules: ConsentRules) -> list[GatedWork]:
    """Every work item that needs a vote, with its consent status."""
    with reading(engine) as session:
        return consent.gated_works(session, rules)


@dataclass(frozen=True)
class VoteRow:
    """A recorded vote as the consent page lists it, with its result under the rules."""

    id: int
    site_id: int
    building_id: int | None
    unit_number: str
    title: str
    matter: str
    consultation_rounds: int
    owners_count: int
    consenting_count: int
    owners_area_m2: float
    consenting_area_m2: float
    vote_date: date | None
    result: ConsentResult


def votes(engine: Engine, rules: ConsentRules) -> list[VoteRow]:
    """Every recorded vote, by site and then in the order recorded, evaluated."""
    with reading(engine) as session:
        return [
            VoteRow(
                v.id,  # type: ignore[arg-type]
                v.site_id,
                v.building_id,
                v.unit_number,
                v.title,
                v.matter,
                v.consultation_rounds,
                v.owners_count,
                v.consenting_count,
                float(v.owners_area_m2),
                float(v.consenting_area_m2),
                v.vote_date,
                consent.evaluate_vote(v, rules),
            )
            for v in consent.list_votes(session)
        ]


def building_numbers(engine: Engine, site_id: int | None = None) -> dict[int, str]:
    """Building number by id (of one site, or of all)."""
    with reading(engine) as session:
        return sites.building_numbers(session, site_id)


@dataclass(frozen=True)
class VotableItem:
    """A work item of a site a vote can be linked to."""

    id: int
    scope_key: str
    building_number: str | None
    unit_number: str | None


def votable_items(engine: Engine, site_id: int) -> list[VotableItem]:
    """The work items of a site a vote can be linked to (site-level first)."""
    with reading(engine) as session:
        return [
            VotableItem(row.id, row.scope_key, row.building_number, row.item.unit_number)
            for row in consent.votable_items(session, site_id)
        ]


def spam_to_delete(engine: Engine, *, received_before: datetime) -> int:
    """How many spam messages ``actions.delete_old_spam`` would delete (``--dry-run``)."""
    with reading(engine) as session:
        return retention.delete_old_spam(
            session, received_before=received_before, actor="dry-run", dry_run=True
        )


def numbers_to_mask(engine: Engine, *, received_before: datetime) -> int:
    """How many suggestions received before ``received_before`` hold phone or ID numbers
    that ``actions.mask_old_numbers`` would mask (``planner privacy purge --dry-run``)."""
    with reading(engine) as session:
        return retention.mask_old_numbers(
            session, received_before=received_before, actor="dry-run", dry_run=True
        )
