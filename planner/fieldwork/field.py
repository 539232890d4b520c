"""The field report: what a supervisor on site records for one work item, in one save.

A report holds the completed quantity, a note and photos. Saving writes the work item's new
quantity through the works editor's own path (``planner.works.items.save_changes``: validation,
``UPDATE ... WHERE version = :loaded``, audit), the report and the photos, all in the caller's
one transaction. The photos are checked and copied before anything is written; a refused
photo is named with its reason and left out, while the quantity, the note and the good photos
are saved (:func:`split_photos`), so one bad file never costs the rest of a report. An item
saved by someone else since the page loaded it is refused even when the quantity did not
change (``StaleWorkItemError``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from sqlmodel import Session

from db.models import FieldReport, PhotoStage, WorkStatus
from planner import audit
from planner.audit import Actor
from planner.errors import Refused
from planner.fieldwork.images import (
    PhotoLimits,
    PhotoRefused,
    ProcessedPhoto,
    process_photo,
    read_checked,
)
from planner.fieldwork.imports import RefusedFile
from planner.fieldwork.locate import BuildingLocator
from planner.fieldwork.photos import PhotoTarget, store_photo
from planner.works.estimates import DEFAULT_PARAMETERS, EstimateParameters
from planner.works.items import (
    InvalidChangesError,
    Issue,
    StaleWorkItemError,
    WorkItemChange,
    WorkItemRow,
    clean_actor,
    list_work_items,
    parse_number,
    save_changes,
)
from planner.works.queries import get_item

_log = logging.getLogger(__name__)

NOTE_MAX = 2000
AUDIT_ENTITY = "field_report"


def is_todays_work(row: WorkItemRow, today: date) -> bool:
    """Work that goes on today: in progress, planned to run today, or finished today."""
    if row.status == WorkStatus.IN_PROGRESS:
        return True
    if row.status == WorkStatus.PLANNED and row.planned_start and row.planned_start <= today:
        return row.planned_end is None or today <= row.planned_end
    return row.status == WorkStatus.COMPLETED and row.actual_end == today


def site_works(
    session: Session, *, site_id: int, programme_id: int, today: date, todays_only: bool = True
) -> list[WorkItemRow]:
    """The work items of a compound (site level and every building) in a programme; with
    ``todays_only`` only the works going on today (see :func:`is_todays_work`)."""
    rows = list_work_items(
        session, site_id=site_id, programme_id=programme_id, include_building_items=True
    )
    return [r for r in rows if is_todays_work(r, today)] if todays_only else rows


class RefusedPhoto(Refused):
    """One refused file of a save: its name, then why (``file_name`` among the values)."""

    def message(self, lang: str | None) -> str:
        """ "IMG_1.jpg: 不是图片" and its English twin."""
        values = dict(self.values)
        name = values.pop("file_name", "")
        return f"{name}: {PhotoRefused(self.key, **values).message(lang)}"


class FieldRefused(Refused):
    """Photos refused by a save (nothing was written): one reason per refused file, so the
    person can fix them all at once; ``files`` keeps them as :class:`RefusedFile`."""

    files: list[RefusedFile]

    @classmethod
    def of_files(cls, files: list[RefusedFile]) -> FieldRefused:
        """The refusal naming each refused file and why."""
        refused = cls(
            "field.refused_photos",
            field="photos",
            reasons=[
                RefusedPhoto(f.key, field="photos", file_name=f.name, **f.values) for f in files
            ],
        )
        refused.files = list(files)
        return refused


def split_photos(
    files: Iterable[tuple[str, int, IO[bytes]]], limits: PhotoLimits
) -> tuple[list[tuple[str, ProcessedPhoto]], list[RefusedFile]]:
    """Check and copy uploaded files ``(name, size, stream)``: the good ones, and each refused
    file with its reason (a file Pillow cannot read in any way counts as damaged)."""
    accepted: list[tuple[str, ProcessedPhoto]] = []
    refused: list[RefusedFile] = []
    for name, size, stream in files:
        try:
            accepted.append((name, process_photo(read_checked(stream, size, limits), limits)))
        except PhotoRefused as refusal:
            refused.append(RefusedFile(name, refusal.key, dict(refusal.values)))
        except Exception:  # one unreadable file never costs the others
            _log.warning("photo %r could not be read", name, exc_info=True)
            refused.append(RefusedFile(name, "photo.error.damaged"))
    return accepted, refused


def check_photos(
    files: Iterable[tuple[str, int, IO[bytes]]], limits: PhotoLimits
) -> list[tuple[str, ProcessedPhoto]]:
    """Check and copy uploaded files ``(name, size, stream)``; raises ``FieldRefused``
    naming every refused file (so the person can fix them all at once)."""
    accepted, refused = split_photos(files, limits)
    if refused:
        raise FieldRefused.of_files(refused)
    return accepted


@dataclass(frozen=True)
class FieldOutcome:
    """What a field save wrote: the report, the photos, and the editor's warnings."""

    report_id: int
    photo_ids: list[int]
    item_changed: bool
    warnings: list[Issue]
    #: Photos left out, each with its reason (the rest of the report was saved).
    refused: list[RefusedFile] = field(default_factory=list)


def save_field_report(
    session: Session,
    row: WorkItemRow,
    *,
    completed_quantity: object,
    note: str = "",
    photos: Sequence[tuple[str, ProcessedPhoto]] = (),
    stage: str = PhotoStage.DURING.value,
    actor: Actor | str,
    today: date,
    locator: BuildingLocator | None = None,
    reason: str | None = None,
    params: EstimateParameters = DEFAULT_PARAMETERS,
) -> FieldOutcome:
    """Record a field report on ``row`` (the item as the page loaded it), all or nothing.

    The quantity goes through ``save_changes`` (validated, version-checked, audited); a
    planned item with work done becomes "in progress", started today unless it has a start.
    Call inside a transaction (``planner.fieldwork.actions.save_field_report`` opens it),
    which commits when this returns.

    Raises
    ------
    InvalidChangesError
        The quantity is refused (not a number, negative, empty), the note is too long, or
        there is nothing to save.
    NeedsReason
        The completed quantity goes down or exceeds the planned one, and no ``reason``.
    StaleWorkItemError
        Someone saved the item since ``row`` was loaded; nothing was written.
    PhotoRefused
        A photo is already stored for the compound; nothing was written (the caller's
        transaction rolls back).
    """
    who = clean_actor(actor)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidChangesError.of([Issue("field.error.note_too_long", params={"max": NOTE_MAX})])
    values: dict[str, object] = {"completed_quantity": completed_quantity}
    try:
        quantity = parse_number(completed_quantity)
    except ValueError:
        quantity = None  # save_changes names the error
    if row.status == WorkStatus.PLANNED and quantity:
        values["status"] = WorkStatus.IN_PROGRESS.value
        if row.actual_start is None:
            values["actual_start"] = today
    if quantity == row.completed_quantity and not note and not photos:
        raise InvalidChangesError.of([Issue("field.error.nothing")])
    outcome = save_changes(
        session, [WorkItemChange(row, values)], actor=who, reason=reason, params=params
    )
    if not outcome.item_ids:  # nothing changed in the item: still refuse a stale page
        current = get_item(session, row.id)
        if current is None or current.version != row.version:
            session.rollback()
            raise StaleWorkItemError.of_rows([row])
    after = quantity if quantity is not None else row.completed_quantity
    report = FieldReport(
        work_item_id=row.id,
        reported_by=who.label,
        completed_before=row.completed_quantity,
        completed_after=after,
        note=note,
    )
    session.add(report)
    session.flush()
    assert report.id is not None
    audit.record(
        session,
        who,
        "create",
        report,
        after={
            "work_item_id": row.id,
            "completed_before": row.completed_quantity,
            "completed_after": after,
            "note": note,
            "photos": len(photos),
        },
        at=report.reported_at,
    )
    photo_ids = []
    for name, photo in photos:
        target = PhotoTarget(
            site_id=row.site_id,
            stage=stage,
            work_item_id=row.id,
            field_report_id=report.id,
        )
        stored = store_photo(session, photo, target, actor=who, file_name=name, locator=locator)
        session.flush()
        photo_ids.append(stored.id)
    # stored rows: their ids are set:
    return FieldOutcome(report.id, photo_ids, bool(outcome.item_ids), outcome.warnings)  # type: ignore[arg-type]
