"""The vocabulary of a work item as people edit it: its fields, and the row as loaded.

Shared by the editor (``planner.works.items``), the pure validation
(``planner.works.validation``) and the field view on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.models import WorkStatus
from planner.i18n import normalise_lang
from planner.progress import item_progress

#: The fields of a work item that staff edit, in the order of the editor's columns.
EDITABLE_FIELDS: tuple[str, ...] = (
    "planned_quantity",
    "completed_quantity",
    "unit_rate",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "status",
    "contractor",
    "pipe_dn",
)
#: Read-only columns shown before the editable ones.
READ_ONLY_COLUMNS: tuple[str, ...] = ("scope", "unit")
NUMBER_FIELDS: tuple[str, ...] = ("planned_quantity", "completed_quantity", "unit_rate")
#: Whole numbers: a pipe's nominal diameter (DN, mm), only on pipe items
#: (``planner.catalogue.PIPE_SIZES``; ``planner.works.pipe_sizes`` checks it).
INTEGER_FIELDS: tuple[str, ...] = ("pipe_dn",)
DATE_FIELDS: tuple[str, ...] = ("planned_start", "planned_end", "actual_start", "actual_end")
#: (start, end) pairs: an end before its start is refused.
DATE_PAIRS: tuple[tuple[str, str], ...] = (
    ("planned_start", "planned_end"),
    ("actual_start", "actual_end"),
)
#: Quantities that may not be left empty (the unit rate may: not every item is priced yet).
REQUIRED_FIELDS: frozenset[str] = frozenset({"planned_quantity", "completed_quantity"})
STATUSES: tuple[str, ...] = tuple(s.value for s in WorkStatus)
CONTRACTOR_MAX_LENGTH = 200  # work_item.contractor is VARCHAR(200)
AUDIT_ENTITY = "work_item"


@dataclass(frozen=True)
class WorkItemRow:
    """A work item as shown in lists and editors, with its scope type's key, names and unit."""

    id: int
    programme_id: int
    site_id: int
    building_id: int | None
    scope_key: str
    scope_name_zh: str
    scope_name_en: str
    unit: str
    planned_quantity: float
    completed_quantity: float
    unit_rate: float | None
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    status: str
    contractor: str
    version: int
    unit_number: str | None = None  # the 单元 of a per-unit work (an elevator)
    pipe_dn: int | None = None  # a pipe's nominal diameter (DN, mm)

    @property
    def progress(self) -> float:
        """Completed share of the planned quantity (0..1)."""
        return item_progress(self.planned_quantity, self.completed_quantity)

    def scope_name(self, lang: str | None) -> str:
        """The scope type's name in ``lang``, with the 单元 when the item names one."""
        name = self.scope_name_zh if normalise_lang(lang) == "zh" else self.scope_name_en
        if self.unit_number:
            name += (
                f" · {self.unit_number}单元"
                if normalise_lang(lang) == "zh"
                else (f" · unit {self.unit_number}")
            )
        return name
