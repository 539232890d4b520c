"""A small programme of our own for hand-computed money cases (not the sample).

One compound (示例测试小区) with one building: 1,000 m² of roof waterproofing and 2,000 m² of
wall insulation, rates 60 and 80 yuan; a second compound with a water main. Contracts in the
hand-computed cases are entered with their own priced lines, so every figure can be worked
out on paper: 控制价 60,000.00 + 160,000.00 = 220,000.00 yuan.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import Session, select

from db.models import Building, Programme, ProgrammeSite, ScopeType, Site, WorkItem
from db.session import session_scope
from geodata import crs
from planner.accounts.access import Role
from planner.accounts.users import create_user
from planner.audit import Actor
from planner.catalogue_table import sync_scope_catalogue
from planner.money.pricing import LineDraft

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[98.28, 39.80], [98.281, 39.80], [98.281, 39.801], [98.28, 39.801],
                     [98.28, 39.80]]],
}  # fmt: skip
FOOTPRINT = {
    "type": "Polygon",
    "coordinates": [[[98.2802, 39.8002], [98.2808, 39.8002], [98.2808, 39.8004],
                     [98.2802, 39.8004], [98.2802, 39.8002]]],
}  # fmt: skip


@dataclass(frozen=True)
class Fixture:
    """Ids of the fixture's rows and its people."""

    programme_id: int
    site_id: int
    other_site_id: int
    roof_item: int
    wall_item: int
    clerk: Actor  # enters
    checker: Actor  # approves
    second_checker: Actor
    engineer: Actor


def _person(session: Session, username: str, role: Role) -> Actor:
    user = create_user(session, username=username, password="money test password 2023", role=role)
    return Actor(username, user.id, username)


def build(engine) -> Fixture:
    """Write the fixture programme (migrations and catalogue must be in place)."""
    with session_scope(engine) as session:
        scopes = sync_scope_catalogue(session)
        programme = Programme(
            key="pmoney", year=2023, kind="compound_renovation", name_zh="资金测试"
        )
        session.add(programme)
        ids = []
        for key, name in (("cm_1", "示例测试小区"), ("cm_2", "示例测试二区")):
            geo = crs.geometry_columns(SQUARE)
            site = Site(key=key, kind="compound", name_zh=name, households=40,
                        year_built=1995, **crs.site_columns(geo, "compound"))  # fmt: skip
            session.add(site)
            session.flush()
            session.add(ProgrammeSite(programme_id=programme.id, site_id=site.id))
            ids.append(site.id)
        geo = crs.geometry_columns(FOOTPRINT)
        building = Building(site_id=ids[0], number="1", floors=6, units=2, households=24,
                            **crs.building_columns(geo))  # fmt: skip
        session.add(building)
        session.flush()

        def item(scope: str, site_id: int, planned: float, rate: float, building_id=None) -> int:
            row = WorkItem(programme_id=programme.id, scope_type_id=scopes[scope].id,
                           site_id=site_id, building_id=building_id,
                           planned_quantity=planned, unit_rate=rate)  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

        roof = item("roof_waterproofing", ids[0], 1000, 60.0, building.id)
        wall = item("wall_insulation", ids[0], 2000, 80.0, building.id)
        item("water_supply_main", ids[1], 300, 120.0)
        people = [
            _person(session, "clerk", Role.STAFF),
            _person(session, "checker", Role.STAFF),
            _person(session, "checker2", Role.ADMIN),
            _person(session, "engineer", Role.ENGINEER),
        ]
        return Fixture(programme.id, ids[0], ids[1], roof, wall, *people)


def hand_lines(fx: Fixture) -> list[LineDraft]:
    """Two priced lines: roof 1,000 m² for 60,000.00; insulation 2,000 m² for 160,000.00."""
    return [
        LineDraft(fx.site_id, "01", "roof_waterproofing", "010902001001", "屋面卷材防水", "m2",
                  Decimal("1000"), Decimal("60000.00")),
        LineDraft(fx.site_id, "01", "wall_insulation", "011001003001", "保温隔热墙面", "m2",
                  Decimal("2000"), Decimal("160000.00")),
    ]  # fmt: skip


def set_completed(engine, item_id: int, completed: float) -> None:
    """What the field pages record: the completed quantity of a work item."""
    with session_scope(engine) as session:
        session.exec(
            update(WorkItem).where(WorkItem.id == item_id).values(completed_quantity=completed)
        )


def scope_id(session: Session, key: str) -> int:
    """The id of a scope type."""
    return session.exec(select(ScopeType.id).where(ScopeType.key == key)).one()
