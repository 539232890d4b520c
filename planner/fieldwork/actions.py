"""What people do on site, one function each: save a field report, record an acceptance,
mark a defect fixed, show or hide a photo, delete a photo, import many photos at once.

Each action checks what it was given first (photos are checked and copied before anything is
written, so a refused photo refuses the whole save), then opens and commits its own
transaction (``planner.transactions.transaction``): all of its rows or none. It writes
through this package's modules (each change audited), refuses with a
:class:`planner.errors.Refused` (``FieldRefused``, ``PhotoRefused``, ``AcceptanceRefused``,
the works editor's ``SaveRefused``; ``Busy`` when the database was busy) and returns plain
values. The field page and ``planner import-photos`` call the same :func:`import_photos`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import IO

from sqlalchemy.engine import Engine

from db.models import PhotoStage
from planner.audit import Actor
from planner.fieldwork import acceptance, field, photos
from planner.fieldwork.acceptance import NewAcceptance
from planner.fieldwork.field import FieldOutcome, FieldRefused
from planner.fieldwork.images import PhotoLimits
from planner.fieldwork.imports import ImportReport, SourceFile, check_files, write_photos
from planner.fieldwork.locate import BuildingLocator
from planner.transactions import transaction
from planner.works import submissions
from planner.works.estimates import DEFAULT_PARAMETERS, EstimateParameters
from planner.works.items import InvalidChangesError, WorkItemRow

DEFAULT_LIMITS = PhotoLimits()

#: An uploaded file: its name, its size in bytes (as the browser says), and its bytes.
Upload = tuple[str, int, IO[bytes]]

__all__ = [
    "AcceptanceRecorded",
    "Upload",
    "delete_photo",
    "fix_defect",
    "import_photos",
    "record_acceptance",
    "save_field_report",
    "set_photo_public",
]


def save_field_report(
    engine: Engine,
    row: WorkItemRow,
    *,
    completed_quantity: object,
    note: str = "",
    uploads: Iterable[Upload] = (),
    stage: str = PhotoStage.DURING.value,
    actor: Actor | str,
    today: date,
    limits: PhotoLimits,
    building_match_m: float,
    reason: str | None = None,
    params: EstimateParameters = DEFAULT_PARAMETERS,
    token: str | None = None,
) -> FieldOutcome:
    """A field report on one work item (as the page loaded it): the completed quantity, a
    note and photos, saved together.

    A refused photo is left out and named in the outcome (``refused``), with its reason; the
    rest is saved. When every photo is refused and nothing else was given, ``FieldRefused``
    names them all. Raises ``InvalidChangesError``, ``NeedsReason`` or ``StaleWorkItemError``
    from the works editor's rules, ``PhotoRefused`` for a photo already stored, or
    ``AlreadySubmitted`` when this form (``token``) was saved already; nothing is written then.
    """
    checked, refused = field.split_photos(uploads, limits)
    with transaction(engine) as session:
        submissions.claim(session, token, "field_report")
        locator = BuildingLocator.for_site(session, row.site_id, building_match_m)
        try:
            outcome = field.save_field_report(
                session,
                row,
                completed_quantity=completed_quantity,
                note=note,
                photos=checked,
                stage=stage,
                actor=actor,
                today=today,
                locator=locator,
                reason=reason,
                params=params,
            )
        except InvalidChangesError as nothing:
            if refused and nothing.keys == ["field.error.nothing"]:  # only bad photos sent
                raise FieldRefused.of_files(refused) from None
            raise
    return replace(outcome, refused=refused)


@dataclass(frozen=True)
class AcceptanceRecorded:
    """The new acceptance record."""

    acceptance_id: int


def record_acceptance(
    engine: Engine,
    new: NewAcceptance,
    *,
    actor: Actor | str,
    today: date,
    uploads: Iterable[Upload] = (),
    limits: PhotoLimits = DEFAULT_LIMITS,
) -> AcceptanceRecorded:
    """Record an acceptance with its defects (each open until fixed) and photos, audited.

    Raises ``FieldRefused`` (photos), ``AcceptanceRefused`` (an unknown item or result, a
    day in the future, no participant, too much text) or ``PhotoRefused``; nothing is
    written then.
    """
    checked = field.check_photos(uploads, limits)
    with transaction(engine) as session:
        return AcceptanceRecorded(
            acceptance.record_acceptance(session, new, actor=actor, today=today, photos=checked)
        )


def fix_defect(
    engine: Engine, defect_id: int, *, version: int, fixed_on: date, actor: Actor | str
) -> None:
    """Mark a defect fixed, audited; ``AcceptanceRefused`` when it changed since it was
    loaded (``version``) or is fixed already."""
    with transaction(engine) as session:
        acceptance.fix_defect(session, defect_id, version=version, fixed_on=fixed_on, actor=actor)


def set_photo_public(engine: Engine, photo_id: int, public: bool, *, actor: Actor | str) -> bool:
    """Show a photo to residents (its public copy, without location or device) or hide it,
    audited; whether anything changed. ``PhotoRefused`` when the photo is gone."""
    with transaction(engine) as session:
        return photos.set_public(session, photo_id, public, actor=actor)


def delete_photo(engine: Engine, photo_id: int, *, actor: Actor | str) -> None:
    """Delete a photo and its copies, audited with what it was; ``PhotoRefused`` when it
    was deleted by someone else meanwhile."""
    with transaction(engine) as session:
        photos.delete_photo(session, photo_id, actor=actor)


def import_photos(
    engine: Engine,
    site_id: int,
    sources: Iterable[SourceFile],
    *,
    actor: Actor | str,
    limits: PhotoLimits,
    max_files: int,
    building_match_m: float,
    default_stage: str = PhotoStage.DURING.value,
    progress: Callable[[int, str], None] | None = None,
) -> ImportReport:
    """Check every file, then store the accepted photos in one transaction.

    Returns the report: the photos stored and each refused file with its reason (not an
    image, too big, too many pixels, damaged, encrypted, already stored...).
    """
    spool, refused = check_files(sources, limits, max_files=max_files, progress=progress)
    try:
        with transaction(engine) as session:
            locator = BuildingLocator.for_site(session, site_id, building_match_m)
            imported, duplicates = write_photos(
                session, site_id, spool, actor=actor, locator=locator, default_stage=default_stage
            )
    finally:
        spool.close()
    return ImportReport(imported=imported, refused=refused + duplicates)
