"""Validating what someone typed into work items: pure, no database, no Streamlit.

Errors refuse the save, warnings do not; every issue names the row (scope type) and the field
in the reader's language. ``editor_frame`` is the table the editor shows and
``changes_from_editor`` reads its edit state back as ``WorkItemChange`` values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date, datetime
from typing import Any

import pandas as pd

from db.models import WorkStatus
from planner.catalogue import SCOPE_BY_KEY, AppliesTo
from planner.i18n import normalise_lang, scope_name, t, unit_name
from planner.works import quantities
from planner.works.fields import (
    CONTRACTOR_MAX_LENGTH,
    DATE_FIELDS,
    DATE_PAIRS,
    EDITABLE_FIELDS,
    NUMBER_FIELDS,
    REQUIRED_FIELDS,
    STATUSES,
    WorkItemRow,
)
from planner.works.pipe_sizes import PipeSizeError, check_pipe_dn, dn_label, parse_pipe_dn

# --- Validation (pure: no database, no Streamlit) ------------------------------------------


@dataclass(frozen=True)
class Issue:
    """One validation error or warning, turned into text in the reader's language.

    ``params`` hold the raw values of the message's placeholders; ``field`` and any parameter
    ending in ``_field`` are field names, shown as the editor's column headers.
    """

    key: str
    scope_key: str | None = None
    field: str | None = None
    params: Mapping[str, object] = dataclass_field(default_factory=dict)

    def message(self, lang: str | None) -> str:
        """The message in ``lang``, naming the row (scope type) and the field."""
        values: dict[str, object] = {}
        for name, value in self.params.items():
            values[name] = t(f"works.col.{value}", lang) if name.endswith("_field") else value
        if self.scope_key is not None:
            values["row"] = scope_name(self.scope_key, lang)
        if self.field is not None:
            values["field"] = t(f"works.col.{self.field}", lang)
        if self.key == "works.error.unknown_status":
            separator = "、" if normalise_lang(lang) == "zh" else ", "
            values["allowed"] = separator.join(t(f"status.{s}", lang) for s in STATUSES)
        return t(self.key, lang, **values)


@dataclass(frozen=True)
class WorkItemChange:
    """What someone changed in one loaded work item.

    ``row`` is the item as loaded (its ``version`` is the one the save expects to find);
    ``values`` maps field names to new values: raw as typed before validation, typed after.
    """

    row: WorkItemRow
    values: Mapping[str, object]


@dataclass(frozen=True)
class NewWorkItem:
    """A work item to add: a scope type on a site (or one of its buildings) in a programme.

    Quantities, dates and status are raw values, validated like edits.
    """

    programme_id: int
    site_id: int
    building_id: int | None
    scope_key: str
    planned_quantity: object = 0.0
    completed_quantity: object = 0.0
    unit_rate: object = None
    planned_start: object = None
    planned_end: object = None
    actual_start: object = None
    actual_end: object = None
    status: object = WorkStatus.PLANNED.value
    contractor: object = ""
    #: The 单元 of a building the item is for (an elevator retrofit is one 单元's): only
    #: that 单元's owners' vote can clear it (planner.surveys.consent).
    unit_number: str | None = None
    #: Built on green space (parking on a lawn): the owners' vote on item 8 of 民法典 art.
    #: 278 gates it (planner.surveys.consent).
    takes_green_space: bool = False
    #: A pipe's nominal diameter (DN, mm; raw as typed until validated): only on a pipe
    #: scope type, one of its sizes (``planner.works.pipe_sizes``).
    pipe_dn: object = None

    def field_values(self) -> dict[str, object]:
        """The editable fields and their values."""
        return {name: getattr(self, name) for name in EDITABLE_FIELDS}


@dataclass(frozen=True)
class ValidationResult:
    """Errors (the save is refused), warnings (it proceeds) and the changes with typed values.

    ``changes`` keeps only the fields whose value really differs from the loaded one, and only
    the items with at least one such field; ``new_item`` is a valid new item with typed values.
    """

    errors: list[Issue] = dataclass_field(default_factory=list)
    warnings: list[Issue] = dataclass_field(default_factory=list)
    changes: list[WorkItemChange] = dataclass_field(default_factory=list)
    new_item: NewWorkItem | None = None
    #: Changes that go through only with a reason (``planner.works.quantities``), and the
    #: ids of their items (0: the new item).
    confirmations: list[Issue] = dataclass_field(default_factory=list)
    confirmed_items: set[int] = dataclass_field(default_factory=set)

    @property
    def ok(self) -> bool:
        """True when nothing refuses the save."""
        return not self.errors


class _Invalid(ValueError):
    """A raw value that cannot be turned into the field's type (carries the message key)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:  # NaN, NaT and pd.NA: what an emptied cell holds in a DataFrame
        return bool(pd.isna(value))  # type: ignore[call-overload]  # any cell value: see except
    except (TypeError, ValueError):  # sequences: not a cell value
        return False


def parse_number(value: object) -> float | None:
    """A quantity or rate from an editor cell: a finite number, or None when empty.

    Accepts numbers and numeric text ("12.5", "1,268"); raises ``ValueError`` otherwise.
    """
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise _Invalid("works.error.not_number")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "").replace("，", ""))
        except ValueError:
            raise _Invalid("works.error.not_number") from None
    else:
        try:
            number = float(value)  # type: ignore[arg-type]  # numpy scalars, Decimal
        except (TypeError, ValueError):
            raise _Invalid("works.error.not_number") from None
    if not math.isfinite(number):
        raise _Invalid("works.error.not_number")
    return number


def parse_date(value: object) -> date | None:
    """A date from an editor cell: a date, a datetime or ISO text; None when empty.

    Raises ``ValueError`` for anything else.
    """
    if _is_blank(value):
        return None
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            raise _Invalid("works.error.not_date") from None
    raise _Invalid("works.error.not_date")


def _parse_field(name: str, value: object, unit: str | None = None, scope_key: str = "") -> object:
    """The typed value of one field (raises ``_Invalid`` with the message key); quantities
    follow ``planner.works.quantities`` (``unit``: the item's), a pipe size
    ``planner.works.pipe_sizes`` (``scope_key``: the item's)."""
    if name == "pipe_dn":
        return check_pipe_dn(scope_key, parse_pipe_dn(value))
    if name in ("planned_quantity", "completed_quantity"):
        number = quantities.parse_quantity(value, unit)
        if number is None:
            raise _Invalid("works.error.required")
        if name == "planned_quantity":
            return quantities.check_planned(number, unit)
        return quantities.check_completed(number, unit)
    if name in NUMBER_FIELDS:
        number = parse_number(value)
        if number is None and name in REQUIRED_FIELDS:
            raise _Invalid("works.error.required")
        if number is not None and number < 0:
            raise _Invalid("works.error.negative")
        return number
    if name in DATE_FIELDS:
        return parse_date(value)
    if name == "status":
        status = value.strip() if isinstance(value, str) else value
        if status not in STATUSES:
            raise _Invalid("works.error.unknown_status")
        return status
    if name == "contractor":
        text = "" if _is_blank(value) else str(value).strip()
        if len(text) > CONTRACTOR_MAX_LENGTH:
            raise _Invalid("works.error.too_long")
        return text
    raise KeyError(f"not an editable field: {name}")


def _shown(value: object) -> str:
    """A raw value as quoted in a message (kept short)."""
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _check(
    scope_key: str,
    loaded: Mapping[str, object],
    raw: Mapping[str, object],
    *,
    estimate: float | None = None,
    threshold: float = 0.25,
) -> tuple[list[Issue], list[Issue], dict[str, object]]:
    """Validate the ``raw`` new values of one row whose current values are ``loaded``.

    Returns errors, confirmations (changes that need a reason: ``estimate`` is the planned
    quantity the geometry suggests, if any) and the typed values of the fields in ``raw``
    that are valid.
    """
    errors: list[Issue] = []
    warnings: list[Issue] = []
    typed: dict[str, object] = {}
    scope = SCOPE_BY_KEY.get(scope_key)
    unit = scope.unit if scope else None
    for name in EDITABLE_FIELDS:
        if name not in raw:
            continue
        try:
            typed[name] = _parse_field(name, raw[name], unit, scope_key)
        except (_Invalid, quantities.QuantityError, PipeSizeError) as invalid:
            params: dict[str, object] = {"value": _shown(raw[name])}
            if invalid.key == "works.error.too_long":
                params["max"] = CONTRACTOR_MAX_LENGTH
            if isinstance(invalid, quantities.QuantityError | PipeSizeError):
                params.update(invalid.params)
            params.setdefault("unit", unit or "")
            errors.append(Issue(invalid.key, scope_key, name, params))
    merged = {**loaded, **typed}
    for start_field, end_field in DATE_PAIRS:
        if start_field not in typed and end_field not in typed:
            continue  # an old inconsistency does not block an unrelated edit
        start, end = merged.get(start_field), merged.get(end_field)
        if isinstance(start, date) and isinstance(end, date) and end < start:
            errors.append(
                Issue(
                    "works.error.end_before_start",
                    scope_key,
                    end_field,
                    {
                        "start_field": start_field,
                        "start": start.isoformat(),
                        "end": end.isoformat(),
                    },
                )
            )
    found: list[quantities.Confirmation | None] = []
    planned, completed = merged.get("planned_quantity"), merged.get("completed_quantity")
    if isinstance(typed.get("planned_quantity"), float | int) and planned != loaded.get(
        "planned_quantity"
    ):
        found.append(quantities.beyond_estimate(float(planned), estimate, threshold))  # type: ignore[arg-type]  # a number: checked above
    if "planned_quantity" in typed or "completed_quantity" in typed:
        if isinstance(planned, float | int) and isinstance(completed, float | int):
            if completed != loaded.get("completed_quantity") or planned != loaded.get(
                "planned_quantity"
            ):
                found.append(quantities.above_planned(completed, planned))
    before = loaded.get("completed_quantity")
    if isinstance(typed.get("completed_quantity"), float | int) and isinstance(before, float | int):
        found.append(quantities.went_down(float(before), float(completed)))  # type: ignore[arg-type]  # a number: checked above
    warnings += [Issue(c.key, scope_key, c.field, c.params) for c in found if c is not None]
    return errors, warnings, typed


def row_values(row: WorkItemRow) -> dict[str, object]:
    """The editable fields of a loaded row."""
    return {name: getattr(row, name) for name in EDITABLE_FIELDS}


def validate_changes(
    changes: Iterable[WorkItemChange],
    *,
    estimates: Mapping[int, float] | None = None,
    threshold: float = 0.25,
) -> ValidationResult:
    """Check edited work items; pure (no database).

    Rules: quantities follow ``planner.works.quantities`` (numbers in the item's unit, a
    planned quantity positive, a completed one not negative, neither empty), rates are
    numbers, not negative; dates must be dates and an end may not precede its start (planned
    and actual pairs); the status must be one of ``STATUSES``; the contractor fits 200
    characters. A planned quantity beyond the threshold from its estimate (``estimates``:
    item id → the geometry's figure), a completed one above the planned one and a completed
    one that goes down are confirmations: the save needs a reason.

    Parameters
    ----------
    changes : iterable of WorkItemChange
        Loaded rows with raw new values; unknown field names are ignored.

    Returns
    -------
    ValidationResult
        Errors and confirmations (each names the row's scope type and the field), and the
        changes with typed values, reduced to the fields that differ from the loaded values.
    """
    result = ValidationResult()
    for change in changes:
        loaded = row_values(change.row)
        errors, confirmations, typed = _check(
            change.row.scope_key,
            loaded,
            change.values,
            estimate=(estimates or {}).get(change.row.id),
            threshold=threshold,
        )
        changed = {name: value for name, value in typed.items() if loaded[name] != value}
        result.errors.extend(errors)
        if confirmations and changed:
            result.confirmations.extend(confirmations)
            result.confirmed_items.add(change.row.id)
        if changed:
            result.changes.append(WorkItemChange(change.row, changed))
    return result


def validate_new_item(
    new: NewWorkItem, *, estimate: float | None = None, threshold: float = 0.25
) -> ValidationResult:
    """Check a work item to add, with the rules of ``validate_changes``; pure (no database).

    Also refused: a scope type not in the catalogue, and one of the wrong level (a
    building-level type on a site, or a site-level type on a building).
    """
    scope = SCOPE_BY_KEY.get(new.scope_key)
    if scope is None:
        return ValidationResult(
            errors=[Issue("works.error.unknown_scope", params={"value": _shown(new.scope_key)})]
        )
    level = AppliesTo.BUILDING if new.building_id is not None else AppliesTo.SITE
    if scope.applies_to != level:
        key = (
            "works.error.scope_needs_building"
            if level == AppliesTo.SITE
            else ("works.error.scope_needs_site")
        )
        return ValidationResult(errors=[Issue(key, new.scope_key)])
    errors, confirmations, typed = _check(
        new.scope_key, {}, new.field_values(), estimate=estimate, threshold=threshold
    )
    # typed holds the checked values of NewWorkItem's own fields (by name, of mixed types)
    typed_item = None if errors else replace(new, **typed)  # type: ignore[arg-type]
    return ValidationResult(
        errors,
        new_item=typed_item,
        confirmations=confirmations,
        confirmed_items={0} if confirmations else set(),
    )


def changes_from_editor(
    rows: Sequence[WorkItemRow], editor_state: Mapping[str, Any] | None
) -> list[WorkItemChange]:
    """The changes in an ``st.data_editor`` state over ``rows`` (the table it was given).

    ``editor_state["edited_rows"]`` maps a row position to ``{column: raw value}``; the
    columns are field names (the headers are localized labels only). Read-only columns, rows
    beyond the table, added and deleted rows (the editor allows none) are ignored.
    """
    if not editor_state:
        return []
    changes: list[WorkItemChange] = []
    edited = editor_state.get("edited_rows") or {}
    for position in sorted(edited, key=int):
        index = int(position)
        if not 0 <= index < len(rows):
            continue
        values = {k: v for k, v in edited[position].items() if k in EDITABLE_FIELDS}
        if values:
            changes.append(WorkItemChange(rows[index], values))
    return changes


# --- The editor's table --------------------------------------------------------------------


def editor_frame(rows: Sequence[WorkItemRow], lang: str | None) -> pd.DataFrame:
    """The table ``st.data_editor`` shows: scope name and unit (read-only), then the fields.

    Column names are the field names (``READ_ONLY_COLUMNS + EDITABLE_FIELDS``), so an edit
    state names fields whatever the language; headers come from ``works.col.<name>``.
    Dates are date objects (pyarrow ``date32`` even when a column is all empty).
    """
    columns: dict[str, pd.Series] = {
        "scope": pd.Series([r.scope_name(lang) for r in rows], dtype="string"),
        "unit": pd.Series([unit_name(r.unit, lang) for r in rows], dtype="string"),
    }
    for name in EDITABLE_FIELDS:
        values = [getattr(r, name) for r in rows]
        if name in DATE_FIELDS:
            columns[name] = pd.Series(values, dtype="date32[pyarrow]")
        elif name == "pipe_dn":
            columns[name] = pd.Series([dn_label(v) for v in values], dtype="string")
        elif name in NUMBER_FIELDS:
            columns[name] = pd.Series(values, dtype="float64")
        else:
            columns[name] = pd.Series(values, dtype="string")
    return pd.DataFrame(columns)
