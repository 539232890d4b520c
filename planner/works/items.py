"""Work items: listing them for a site or a building, validating edits, saving them safely.

Editing follows one path, whatever the UI: the rows as loaded (``WorkItemRow``, with the
``version`` each item had), the raw values a person typed (``WorkItemChange``), a pure
validation (``validate_changes``: errors refuse the save, warnings do not), and one transaction
that writes every change or none (``save_changes``). An item saved by someone else since it
was loaded has a newer ``version``; the conditional ``UPDATE ... WHERE version = :loaded``
then matches no row and the whole save is refused (``StaleWorkItemError``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from db.models import (
    Building,
    Programme,
    ProgrammeSite,
    ScopeType,
    Site,
    WorkItem,
    utcnow,
)
from planner import audit, ids
from planner.audit import ACTOR_MAX_LENGTH, Actor, AuditActorError
from planner.catalogue import PIPE_SIZES, SCOPE_BY_KEY, AppliesTo
from planner.i18n import normalise_lang, t, unit_name
from planner.works.estimates import (
    DEFAULT_PARAMETERS,
    EstimateParameters,
    estimate_for,
    item_estimates,
)
from planner.works.fields import (
    AUDIT_ENTITY,
    CONTRACTOR_MAX_LENGTH,
    DATE_FIELDS,
    DATE_PAIRS,
    EDITABLE_FIELDS,
    NUMBER_FIELDS,
    READ_ONLY_COLUMNS,
    REQUIRED_FIELDS,
    STATUSES,
    WorkItemRow,
)
from planner.works.pipe_sizes import editor_options as pipe_size_options
from planner.works.queries import counted, scoped_select
from planner.works.refusals import (
    DuplicateWorkItemError,
    InvalidChangesError,
    NeedsReason,
    SaveRefused,
    StaleWorkItemError,
    reason_note,
)
from planner.works.validation import (
    Issue,
    NewWorkItem,
    ValidationResult,
    WorkItemChange,
    changes_from_editor,
    editor_frame,
    parse_date,
    parse_number,
    row_values,
    validate_changes,
    validate_new_item,
)

# The editor's vocabulary and validation, used through this module by pages and other domains.
__all__ = [
    "AUDIT_ENTITY",
    "CONTRACTOR_MAX_LENGTH",
    "DATE_FIELDS",
    "DATE_PAIRS",
    "EDITABLE_FIELDS",
    "NUMBER_FIELDS",
    "READ_ONLY_COLUMNS",
    "REQUIRED_FIELDS",
    "STATUSES",
    "WorkItemRow",
    "Issue",
    "NewWorkItem",
    "ValidationResult",
    "WorkItemChange",
    "changes_from_editor",
    "editor_frame",
    "parse_date",
    "parse_number",
    "pipe_size_options",
    "row_values",
    "validate_changes",
    "validate_new_item",
    "DuplicateWorkItemError",
    "InvalidChangesError",
    "NeedsReason",
    "SaveRefused",
    "StaleWorkItemError",
]


# --- Reading -------------------------------------------------------------------------------


def list_work_items(
    session: Session,
    *,
    site_id: int,
    building_id: int | None = None,
    programme_id: int | None = None,
    include_building_items: bool = False,
) -> list[WorkItemRow]:
    """Work items of a site (its site-level items) or of one building.

    Parameters
    ----------
    site_id : int
        The site.
    building_id : int, optional
        Only this building's items.
    programme_id : int, optional
        Only items of this programme.
    include_building_items : bool
        With no ``building_id``: also the items of the site's buildings.
    """
    query = (
        scoped_select(WorkItem, ScopeType)
        .where(WorkItem.site_id == site_id)
        .order_by(WorkItem.building_id, ScopeType.id, WorkItem.id)
    )
    if building_id is not None:
        query = query.where(WorkItem.building_id == building_id)
    elif not include_building_items:
        query = query.where(col(WorkItem.building_id).is_(None))
    if programme_id is not None:
        query = query.where(WorkItem.programme_id == programme_id)
    return [
        WorkItemRow(
            id=item.id,
            programme_id=item.programme_id,
            site_id=item.site_id,
            building_id=item.building_id,
            scope_key=scope.key,
            scope_name_zh=scope.name_zh,
            scope_name_en=scope.name_en,
            unit=scope.unit,
            planned_quantity=item.planned_quantity,
            completed_quantity=item.completed_quantity,
            unit_rate=item.unit_rate,
            planned_start=item.planned_start,
            planned_end=item.planned_end,
            actual_start=item.actual_start,
            actual_end=item.actual_end,
            status=item.status,
            contractor=item.contractor,
            version=item.version,
            unit_number=item.unit_number,
            pipe_dn=item.pipe_dn,
        )
        for item, scope in session.exec(query).all()
    ]


@dataclass(frozen=True)
class SiteOption:
    """A site to choose in the editor."""

    id: int
    name_zh: str
    name_en: str

    def name(self, lang: str | None) -> str:
        """The site's name in ``lang`` (Chinese when it has no English name)."""
        return self.name_en if normalise_lang(lang) == "en" and self.name_en else self.name_zh


@dataclass(frozen=True)
class BuildingOption:
    """A building to choose in the editor."""

    id: int
    number: str

    def label(self, lang: str | None) -> str:
        """The building's label in ``lang``: 3号楼, or Building 3."""
        return t("works.building_label", lang, number=self.number)


@dataclass(frozen=True)
class ScopeOption:
    """A catalogue entry that can be added as a work item."""

    key: str
    name_zh: str
    name_en: str
    unit: str
    per_unit: bool = False  # added per 单元 (the item must name one)

    def label(self, lang: str | None) -> str:
        """Name and unit, e.g. "屋面防水（m²）"."""
        name = self.name_zh if normalise_lang(lang) == "zh" else self.name_en
        return t("works.scope_label", lang, name=name, unit=unit_name(self.unit, lang))


def programme_sites(session: Session, programme_id: int) -> list[SiteOption]:
    """The sites of a programme, in id order."""
    sites = session.exec(
        select(Site.id, Site.name_zh, Site.name_en)
        .join(ProgrammeSite, col(ProgrammeSite.site_id) == col(Site.id))
        .where(ProgrammeSite.programme_id == programme_id)
        .order_by(col(Site.id))
    ).all()
    # stored rows: their ids are set:
    return [SiteOption(id=i, name_zh=zh, name_en=en) for i, zh, en in sites]  # type: ignore[arg-type]


def site_building_options(session: Session, site_id: int) -> list[BuildingOption]:
    """The buildings of a site, in natural order of their numbers (2 before 10)."""
    rows = session.exec(
        select(Building.id, Building.number).where(Building.site_id == site_id)
    ).all()
    # stored rows: their ids are set:
    options = [BuildingOption(id=i, number=n) for i, n in rows]  # type: ignore[arg-type]
    return sorted(options, key=lambda b: _natural(b.number) + (b.id,))


def _is_number(text: str) -> bool:
    """True for plain ASCII digits ("12"; not "²", which ``isdigit`` accepts)."""
    return text.isascii() and text.isdigit()


def _natural(number: str) -> tuple[int, int, str]:
    """Sort key: numbers first, by value, then other labels by text."""
    return (0, int(number), "") if _is_number(number) else (1, 0, number)


@dataclass(frozen=True)
class ProgrammeOption:
    """A programme to choose (in the editor, and in every page's programme picker)."""

    id: int
    year: int
    name_zh: str
    name_en: str
    key: str = ""
    kind: str = ""

    def label(self, lang: str | None) -> str:
        """Year and name, e.g. 2023 · 2023年老旧小区改造 (in English: the English name, if any)."""
        name = self.name_en if normalise_lang(lang) == "en" and self.name_en else self.name_zh
        return f"{self.year} · {name}"


def programme_options(session: Session) -> list[ProgrammeOption]:
    """All programmes, newest year first."""
    return [
        # stored rows: their ids are set:
        ProgrammeOption(p.id, p.year, p.name_zh, p.name_en, p.key, p.kind)  # type: ignore[arg-type]
        for p in session.exec(
            select(Programme).order_by(col(Programme.year).desc(), col(Programme.id))
        )
    ]


@dataclass(frozen=True)
class LinkedPlace:
    """What a link to the editor asks for, checked against the database (None: not given)."""

    programme_id: int | None
    site_id: int | None
    building_id: int | None


def linked_place(session: Session, params: Mapping[str, Any]) -> LinkedPlace:
    """Read ``?programme=<id>&site=<id>&building=<id>`` (each optional), checked.

    Ids that do not exist are dropped; a building alone gives its site, and the building's
    site wins when the two disagree. With a site, the programme is the one asked for if it
    holds the site, else the newest programme that does.
    """
    programme_id = ids.parse_id(params.get("programme"))
    site_id = ids.parse_id(params.get("site"))
    building_id = ids.parse_id(params.get("building"))
    building = session.get(Building, building_id) if building_id is not None else None
    if building is not None:
        site_id = building.site_id
    elif site_id is not None and session.get(Site, site_id) is None:
        site_id = None
    if site_id is None:
        if programme_id is not None and session.get(Programme, programme_id) is None:
            programme_id = None
        return LinkedPlace(programme_id, None, None)
    holding = session.exec(
        select(Programme.id)
        .join(ProgrammeSite, col(ProgrammeSite.programme_id) == col(Programme.id))
        .where(ProgrammeSite.site_id == site_id)
        .order_by(col(Programme.year).desc(), col(Programme.id))
    ).all()
    if programme_id not in holding:
        programme_id = holding[0] if holding else None
    return LinkedPlace(programme_id, site_id, building.id if building else None)


def addable_scope_types(
    session: Session, *, programme_id: int, site_id: int, building_id: int | None
) -> list[ScopeOption]:
    """Scope types that apply at this level and are not yet items here in this programme.

    A building takes building-level scope types (roof, walls, elevator...), a site without a
    building the site-level ones (mains, parking, street lights...).
    """
    level = AppliesTo.BUILDING if building_id is not None else AppliesTo.SITE
    present = select(WorkItem.scope_type_id).where(
        counted(),
        WorkItem.programme_id == programme_id,
        WorkItem.site_id == site_id,
        WorkItem.building_id == building_id
        if building_id is not None
        else col(WorkItem.building_id).is_(None),
    )
    taken = set(session.exec(present).all())
    scopes = session.exec(
        select(ScopeType).where(col(ScopeType.applies_to) == level).order_by(col(ScopeType.id))
    ).all()
    # A per-unit work (an elevator) may be added once per 单元, a pipe once per DN: they
    # stay addable.
    return [
        ScopeOption(s.key, s.name_zh, s.name_en, s.unit, per_unit=_per_unit(s.key))
        for s in scopes
        if s.id not in taken or _per_unit(s.key) or s.key in PIPE_SIZES
    ]


def _per_unit(scope_key: str) -> bool:
    scope = SCOPE_BY_KEY.get(scope_key)
    return bool(scope and scope.per_unit)


# --- Saving --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveOutcome:
    """What a save wrote: the ids of the changed items, and the warnings it passed over."""

    item_ids: list[int]
    warnings: list[Issue]


@dataclass(frozen=True)
class AddOutcome:
    """The id of the added item, and the warnings its addition passed over."""

    item_id: int
    warnings: list[Issue]


def clean_actor(actor: Actor | str | None) -> Actor:
    """The actor as the audit records it; refuses an empty or too long name."""
    who = Actor.coerce(actor)
    if not who.label.strip():
        raise InvalidChangesError.of([Issue("works.error.actor")])
    try:
        return who.checked()
    except AuditActorError:
        raise InvalidChangesError.of(
            [Issue("works.error.actor_too_long", params={"max": ACTOR_MAX_LENGTH})]
        ) from None


def save_changes(
    session: Session,
    changes: Iterable[WorkItemChange],
    *,
    actor: Actor | str,
    reason: str | None = None,
    params: EstimateParameters = DEFAULT_PARAMETERS,
) -> SaveOutcome:
    """Write edited work items, all or nothing, refusing to overwrite anyone else's save.

    Call inside one transaction (the action ``planner.works.actions.save_work_changes`` opens
    it), which commits when this returns. Each changed item gets its new values, ``version``
    + 1, ``updated_at`` and an ``AuditEntry`` (action "update", the changed fields before and
    after). Nothing is
    written when this raises: validation refuses before any write, and a stale item rolls
    the session back before ``StaleWorkItemError`` leaves.

    Parameters
    ----------
    session : Session
        The session of the transaction.
    changes : iterable of WorkItemChange
        Loaded rows (with their ``version``) and raw new values, as from
        ``changes_from_editor``.
    actor : str
        Who saves (written in the audit entries).
    reason : str, optional
        Why: required when a change needs a confirmation (``NeedsReason``); kept as the note
        of the audit entries of those changes.
    params : EstimateParameters
        The geometry estimate's assumptions and threshold (the configured ones).

    Returns
    -------
    SaveOutcome
        The ids of the items written (those with a real change) and the warnings.

    Raises
    ------
    InvalidChangesError
        A value is refused, or the actor is empty; nothing was written.
    NeedsReason
        A change needs a reason and none was given; nothing was written.
    StaleWorkItemError
        Items whose version in the database is no longer the loaded one (saved by someone else
        or deleted since); nothing was written.
    """
    who = clean_actor(actor)
    changes = list(changes)
    estimates = item_estimates(
        session, [(c.row.id, c.row.building_id, c.row.scope_key) for c in changes], params
    )
    result = validate_changes(changes, estimates=estimates, threshold=params.deviation_threshold)
    if result.errors:
        raise InvalidChangesError.of(result.errors)
    note = reason_note(result, reason)
    now = utcnow()
    stale: list[WorkItemRow] = []
    written: list[int] = []
    for change in result.changes:
        row = change.row
        # The version check and the write are one statement: a concurrent save either
        # commits first (the version no longer matches: no row) or waits for ours.
        statement = (
            update(WorkItem)
            .where(col(WorkItem.id) == row.id, col(WorkItem.version) == row.version)
            .values(**change.values, version=WorkItem.version + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if session.exec(statement).rowcount != 1:
            stale.append(row)
            continue
        loaded = row_values(row)
        audit.record(
            session,
            who,
            "update",
            AUDIT_ENTITY,
            {k: loaded[k] for k in change.values},
            change.values,
            entity_id=row.id,
            note=note if row.id in result.confirmed_items else "",
            at=now,
        )
        written.append(row.id)
    if stale:
        session.rollback()
        raise StaleWorkItemError.of_rows(stale)
    session.flush()
    return SaveOutcome(item_ids=written, warnings=result.warnings)


UNIT_MAX_LENGTH = 16  # work_item.unit_number is VARCHAR(16)


def _checked_unit(item: NewWorkItem, building: Building | None) -> str | None:
    """The 单元 a new item names, checked: only on a building, within its 单元 count, and
    required for a per-unit work (an elevator serves one 单元)."""
    unit = (item.unit_number or "").strip() or None
    if unit is None:
        if building is not None and _per_unit(item.scope_key):
            raise InvalidChangesError.of([Issue("works.error.unit_required", item.scope_key)])
        return None
    if building is None or len(unit) > UNIT_MAX_LENGTH:
        raise InvalidChangesError.of([Issue("works.error.unit_invalid", item.scope_key)])
    if unit.isdigit() and not 1 <= int(unit) <= max(building.units, 1):
        raise InvalidChangesError.of(
            [Issue("works.error.unit_range", item.scope_key, params={"units": building.units})]
        )
    return unit


def add_work_item(
    session: Session,
    new: NewWorkItem,
    *,
    actor: Actor | str,
    reason: str | None = None,
    params: EstimateParameters = DEFAULT_PARAMETERS,
) -> AddOutcome:
    """Add a work item from the catalogue to a site or building of a programme, audited.

    Call inside one transaction (``planner.works.actions.add_work_item`` opens it), which
    commits when this returns.

    Raises
    ------
    InvalidChangesError
        A value is refused, the scope type does not apply at that level, or the actor is empty.
    NeedsReason
        The planned quantity is far from the geometry estimate and no ``reason`` was given.
    DuplicateWorkItemError
        That scope type is already an item of that site or building in that programme.
    ValueError
        The programme does not hold the site, or the building is not on the site.
    """
    who = clean_actor(actor)
    estimate = estimate_for(session, new.building_id, new.scope_key, params)
    result = validate_new_item(new, estimate=estimate, threshold=params.deviation_threshold)
    if result.errors or result.new_item is None:
        raise InvalidChangesError.of(result.errors)
    note = reason_note(result, reason)
    item = result.new_item
    if session.get(Programme, item.programme_id) is None:
        raise ValueError(f"no programme {item.programme_id}")
    if session.get(ProgrammeSite, (item.programme_id, item.site_id)) is None:
        raise ValueError(f"programme {item.programme_id} does not hold site {item.site_id}")
    building = None
    if item.building_id is not None:
        building = session.get(Building, item.building_id)
        if building is None or building.site_id != item.site_id:
            raise ValueError(f"building {item.building_id} is not on site {item.site_id}")
    unit = _checked_unit(item, building)
    scope = session.exec(select(ScopeType).where(ScopeType.key == item.scope_key)).one()
    same_place = (
        WorkItem.building_id == item.building_id
        if item.building_id is not None
        else (col(WorkItem.building_id).is_(None))
    )
    same_unit = (
        WorkItem.unit_number == unit if unit is not None else col(WorkItem.unit_number).is_(None)
    )
    existing = session.exec(
        select(WorkItem.id).where(
            counted(),
            WorkItem.programme_id == item.programme_id,
            WorkItem.site_id == item.site_id,
            WorkItem.scope_type_id == scope.id,
            same_place,
            same_unit,
            WorkItem.pipe_dn == item.pipe_dn
            if item.pipe_dn is not None
            else col(WorkItem.pipe_dn).is_(None),
        )
    ).first()
    if existing is not None:
        raise DuplicateWorkItemError.of([Issue("works.error.duplicate", item.scope_key)])
    values = item.field_values()
    if values.get("pipe_dn") is None:  # no size: the column's default, not in the audit
        values.pop("pipe_dn", None)
    work_item = WorkItem(
        programme_id=item.programme_id,
        scope_type_id=scope.id,  # type: ignore[arg-type]  # stored rows: their ids are set
        site_id=item.site_id,
        building_id=item.building_id,
        unit_number=unit,
        takes_green_space=bool(item.takes_green_space),
        **values,  # type: ignore[arg-type]  # checked values of WorkItem's own fields, by name
    )
    session.add(work_item)
    session.flush()
    audit.record(
        session,
        who,
        "create",
        work_item,
        after={
            "scope": item.scope_key,
            "building_id": item.building_id,
            **({"unit_number": unit} if unit else {}),
            **({"takes_green_space": True} if item.takes_green_space else {}),
            **values,
        },
        note=note,
        at=work_item.updated_at,
    )
    session.flush()
    # stored rows: their ids are set:
    return AddOutcome(item_id=work_item.id, warnings=result.warnings)  # type: ignore[arg-type]
