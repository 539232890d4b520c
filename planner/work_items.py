"""Work items: listing them for a site or a building (editing builds on this module)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from db.models import ScopeType, WorkItem
from planner.progress import item_progress


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

    @property
    def progress(self) -> float:
        """Completed share of the planned quantity (0..1)."""
        return item_progress(self.planned_quantity, self.completed_quantity)


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
        select(WorkItem, ScopeType)
        .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
        .where(WorkItem.site_id == site_id)
        .order_by(WorkItem.building_id, ScopeType.id, WorkItem.id)
    )
    if building_id is not None:
        query = query.where(WorkItem.building_id == building_id)
    elif not include_building_items:
        query = query.where(WorkItem.building_id.is_(None))  # type: ignore[union-attr]
    if programme_id is not None:
        query = query.where(WorkItem.programme_id == programme_id)
    return [
        WorkItemRow(
            id=item.id,  # type: ignore[arg-type]
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
        )
        for item, scope in session.exec(query).all()
    ]
