"""What the bill-of-quantities page and commands read: one named query per thing shown,
each in its own read-only session (``planner.transactions.reading``), returning plain values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from planner.boq import quota, rates, selection, view
from planner.boq.bill import BoqSelection
from planner.boq.catalogue import Edition
from planner.boq.editions import EditionNotice
from planner.boq.pricing import Mapped
from planner.boq.rates import RateTable
from planner.boq.selection import MapSelection
from planner.transactions import reading


def rate_table(engine: Engine, programme_id: int) -> RateTable:
    """The programme's rates: its stored rate set, or the defaults."""
    with reading(engine) as session:
        return rates.load_rates(session, programme_id)


@dataclass(frozen=True)
class QuotaOverview:
    """What a programme holds for pricing through 定额."""

    quotas: int  # 子目
    prices: int
    mapping: list[Mapped]


def quota_overview(engine: Engine, programme_id: int) -> QuotaOverview:
    """The programme's 定额 library size, 信息价 count and mapping."""
    with reading(engine) as session:
        return QuotaOverview(
            len(quota.stored_quotas(session, programme_id)),
            len(quota.stored_prices(session, programme_id)),
            quota.stored_mapping(session, programme_id),
        )


def programme_for_link(engine: Engine, query: dict[str, str]) -> int | None:
    """The programme a link opens the page on (None: the page's default)."""
    with reading(engine) as session:
        return selection.programme_for_link(session, query)


def programme_sites(engine: Engine, programme_id: int) -> dict[int, str]:
    """The programme's sites: id → Chinese name, by name."""
    with reading(engine) as session:
        return selection.programme_sites(session, programme_id)


def map_selection(
    engine: Engine, programme_id: int, site_id: int | None, building_ids: Sequence[int] = ()
) -> MapSelection | None:
    """The selection of a site (and buildings) chosen on the map (None: not in the
    programme)."""
    with reading(engine) as session:
        return selection.map_selection(session, programme_id, site_id, building_ids)


def programme_notice(
    engine: Engine, programme_id: int, edition: Edition | str
) -> EditionNotice | None:
    """The edition notice a bill of this programme would carry."""
    with reading(engine) as session:
        return view.programme_notice(session, programme_id, edition)


def named_selection(
    engine: Engine,
    *,
    year: int,
    site_name: str | None = None,
    building_numbers: Sequence[str] = (),
    programme_key: str | None = None,
    kind: str | None = None,
) -> BoqSelection:
    """The selection the command line names; ``BoqError`` when it names nothing billable."""
    with reading(engine) as session:
        return selection.resolve_selection(
            session,
            year=year,
            site_name=site_name,
            building_numbers=building_numbers,
            programme_key=programme_key,
            kind=kind,
        )
