"""Work items of the illustrative sample and of synthetic cities (``planner.runtime.seed``):
their one writer when a database is seeded. Seeding audits each programme once, not each
item."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlmodel import Session

from db import bulk
from db.models import WorkItem, WorkStatus, utcnow
from geodata.sample.rates import RATES as SAMPLE_RATES
from geodata.sample.synthetic_city import SyntheticBuilding

#: The scope types every synthetic building gets.
SYNTHETIC_SCOPE_KEYS = ("roof_waterproofing", "wall_insulation", "facade_paint")

#: Their indicative rates (CNY per m²), read from geodata/sample/rates.py, the one source.
SYNTHETIC_RATES: dict[str, float] = {
    key: float(SAMPLE_RATES[key].value) for key in SYNTHETIC_SCOPE_KEYS
}


def seed_work_items(session: Session, rows: Iterable[Mapping[str, Any]]) -> int:
    """Add work items from their column values (not audited one by one); returns how many."""
    items = [WorkItem(**values) for values in rows]
    session.add_all(items)
    return len(items)


def seed_work_items_in_bulk(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert many work items at once (``COPY`` on PostgreSQL); returns how many."""
    bulk.insert_rows(session, WorkItem, rows)
    return len(rows)


def synthetic_work_items(
    programme_id: int,
    scope_ids: Mapping[str, int],
    buildings: Sequence[SyntheticBuilding],
    building_ids: Iterable[tuple[int, int]],
) -> Iterator[dict[str, Any]]:
    """Roof, wall and facade items of each synthetic building, with varied progress.

    ``building_ids`` gives (building id, site id) of each building, in the same order.
    """
    now = utcnow()
    for b, (building_id, site_id) in zip(buildings, building_ids, strict=True):
        for key, rate in SYNTHETIC_RATES.items():
            planned = b.quantities[key]
            completed = round(planned * b.progress, 0)
            status = (
                WorkStatus.COMPLETED
                if completed >= planned
                else WorkStatus.IN_PROGRESS
                if completed > 0
                else WorkStatus.PLANNED
            )
            yield {
                "programme_id": programme_id,
                "scope_type_id": scope_ids[key],
                "site_id": site_id,
                "building_id": building_id,
                "planned_quantity": planned,
                "completed_quantity": completed,
                "unit_rate": rate,
                "status": status.value,
                "contractor": "",
                "note": "",
                "version": 1,
                "updated_at": now,
            }
