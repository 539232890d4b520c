"""What a person does to work items, one function each: save the editor's changes, add a
work item, save next year's planned programme.

Each action opens and commits its own transaction (``planner.transactions.transaction``):
all of its rows or none. It checks what was typed, writes through this package's own
functions (which audit every change, ``planner.audit.record``), refuses with a
:class:`planner.errors.Refused` (``SaveRefused``, ``DraftError``; ``Busy`` when the database
was busy) and returns plain values. The editor page, the dashboard and the triage action call
them; nothing else writes work items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.engine import Engine

from planner.audit import Actor
from planner.transactions import transaction
from planner.works import items, submissions, templates, withdrawal
from planner.works.estimates import DEFAULT_PARAMETERS, EstimateParameters
from planner.works.items import AddOutcome, NewWorkItem, SaveOutcome, WorkItemChange
from planner.works.templates import DEFAULT_RATES, CreatedProgramme, ProgrammeDraft

__all__ = [
    "add_work_item",
    "restore_work_item",
    "save_planned_programme",
    "save_work_changes",
    "withdraw_work_item",
]


def save_work_changes(
    engine: Engine,
    changes: Iterable[WorkItemChange],
    *,
    actor: Actor | str,
    reason: str | None = None,
    params: EstimateParameters = DEFAULT_PARAMETERS,
    token: str | None = None,
) -> SaveOutcome:
    """Save edited work items, all or nothing (``planner.works.items.save_changes``).

    Raises ``InvalidChangesError`` (a value refused), ``NeedsReason`` (a change far from the
    estimate, above planned or going down, and no ``reason``), ``StaleWorkItemError``
    (someone else saved one of the items since it was loaded) or ``AlreadySubmitted`` (this
    form's ``token`` was saved already); nothing is written then.
    """
    changes = list(changes)
    with transaction(engine) as session:
        submissions.claim(session, token, "works_edit")
        outcome = items.save_changes(session, changes, actor=actor, reason=reason, params=params)
        if not outcome.item_ids:  # nothing saved: the form's token stays free for its real save
            session.rollback()
        return outcome


def add_work_item(
    engine: Engine,
    new: NewWorkItem,
    *,
    actor: Actor | str,
    reason: str | None = None,
    params: EstimateParameters = DEFAULT_PARAMETERS,
    token: str | None = None,
) -> AddOutcome:
    """Add a work item from the catalogue to a site or building of a programme.

    Raises ``InvalidChangesError``, ``NeedsReason``, ``DuplicateWorkItemError`` or
    ``AlreadySubmitted``; nothing is written then.
    """
    with transaction(engine) as session:
        submissions.claim(session, token, "works_add")
        return items.add_work_item(session, new, actor=actor, reason=reason, params=params)


def withdraw_work_item(
    engine: Engine,
    item_id: int,
    *,
    actor: Actor | str,
    reason: str | None = None,
    version: int | None = None,
) -> None:
    """Withdraw a work item entered by mistake (a soft delete, audited, restorable): it
    leaves totals, maps, the bill and the public page. Raises ``WithdrawRefused``."""
    with transaction(engine) as session:
        withdrawal.withdraw(session, item_id, actor=actor, reason=reason, version=version)


def restore_work_item(
    engine: Engine,
    item_id: int,
    *,
    actor: Actor | str,
    reason: str | None = None,
    version: int | None = None,
) -> None:
    """Bring a withdrawn work item back as it was, audited. Raises ``WithdrawRefused``."""
    with transaction(engine) as session:
        withdrawal.restore(session, item_id, actor=actor, reason=reason, version=version)


def save_planned_programme(
    engine: Engine,
    draft: ProgrammeDraft,
    *,
    actor: Actor | str,
    params: EstimateParameters,
    rates: Mapping[str, float] = DEFAULT_RATES,
) -> CreatedProgramme:
    """Create next year's programme, its sites and planned work items from a draft, audited.

    Raises ``DraftError`` when the draft breaks a rule or its key was taken meanwhile; then
    nothing is written.
    """
    with transaction(engine) as session:
        return templates.create_planned_programme(
            session, draft, actor=actor, params=params, rates=rates
        )
