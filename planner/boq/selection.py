"""Which work items a bill covers: the command line's names, a site, the map's selection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from db.models import Building, Programme, ProgrammeSite, Site
from planner import programmes
from planner.boq.bill import BoqError, BoqSelection
from planner.ids import parse_id, parse_ids

# --- Selections --------------------------------------------------------------------------------


def resolve_selection(
    session: Session,
    *,
    year: int,
    site_name: str | None = None,
    building_numbers: Sequence[str] = (),
    programme_key: str | None = None,
    kind: str | None = None,
) -> BoqSelection:
    """The selection the command line names (year, optional site, buildings, programme).

    Without ``site_name`` the programme of ``year`` and ``kind`` (default
    compound_renovation) is billed whole; with it, the programme of that year holding the
    site (give ``programme_key`` when several do).
    """
    query = select(Programme).where(Programme.year == year)
    if programme_key:
        query = query.where(Programme.key == programme_key)
    elif kind or not site_name:
        query = query.where(Programme.kind == (kind or "compound_renovation"))
    programmes = list(session.exec(query.order_by(col(Programme.id))).all())
    if not programmes:
        raise BoqError("boq.err.no_programme_year", year=year)
    if not site_name:
        if len(programmes) > 1:
            raise BoqError("boq.err.several_programmes", keys=", ".join(p.key for p in programmes))
        # stored rows: their ids are set:
        return BoqSelection(programmes[0].id, label="整个计划")  # type: ignore[arg-type]
    matches = session.exec(
        select(Programme.id, Site.id)
        .join(ProgrammeSite, col(ProgrammeSite.site_id) == col(Site.id))
        .join(Programme, col(Programme.id) == col(ProgrammeSite.programme_id))
        .where(
            col(Programme.id).in_([p.id for p in programmes]),
            (Site.name_zh == site_name) | (Site.name_en == site_name) | (Site.key == site_name),
        )
    ).all()
    if not matches:
        raise BoqError("boq.err.no_site", site=site_name, year=year)
    if len({m[0] for m in matches}) > 1:
        keys = [p.key for p in programmes if p.id in {m[0] for m in matches}]
        raise BoqError("boq.err.several_programmes", keys=", ".join(keys))
    programme_id, site_id = matches[0]
    if not building_numbers:
        # stored rows: their ids are set:
        return BoqSelection(programme_id, site_ids=(site_id,), label=site_name)  # type: ignore[arg-type]
    found = dict(
        session.exec(
            select(Building.number, Building.id).where(
                Building.site_id == site_id,
                col(Building.number).in_(list(building_numbers)),
            )
        ).all()
    )
    missing = [n for n in building_numbers if n not in found]
    if missing:
        raise BoqError("boq.err.no_building", numbers=", ".join(missing), site=site_name)
    return BoqSelection(
        programme_id,  # type: ignore[arg-type]  # stored rows: their ids are set
        site_ids=(site_id,),  # type: ignore[arg-type]  # stored rows: their ids are set
        # stored rows: their ids are set:
        building_ids=tuple(found[n] for n in building_numbers),  # type: ignore[misc]
        label=f"{site_name} {'、'.join(building_numbers)}#",
    )


def programme_sites(session: Session, programme_id: int) -> dict[int, str]:
    """The programme's sites: id -> Chinese name, by name."""
    return dict(
        session.exec(  # type: ignore[arg-type]  # rows of two columns: (key, value) pairs
            select(Site.id, Site.name_zh)
            .join(ProgrammeSite, col(ProgrammeSite.site_id) == col(Site.id))
            .where(ProgrammeSite.programme_id == programme_id)
            .order_by(Site.name_zh)
        ).all()
    )


@dataclass(frozen=True)
class MapSelection:
    """What the planning map hands over: a site of the programme, maybe some of its buildings."""

    selection: BoqSelection
    site_name_zh: str
    site_name_en: str
    building_numbers: tuple[str, ...] = ()


def map_selection(
    session: Session,
    programme_id: int,
    site_id: int | None,
    building_ids: Sequence[int] = (),
) -> MapSelection | None:
    """The selection for a site (and buildings) chosen on the map, or None when the site is
    not in the programme. Buildings of other sites are ignored."""
    if site_id is None:
        return None
    in_programme = session.exec(
        select(ProgrammeSite.site_id).where(
            ProgrammeSite.programme_id == programme_id, ProgrammeSite.site_id == site_id
        )
    ).first()
    site = session.get(Site, site_id)
    if in_programme is None or site is None:
        return None
    if building_ids:
        found = session.exec(
            select(Building.id, Building.number).where(
                Building.site_id == site_id,
                col(Building.id).in_(list(building_ids)),
            )
        ).all()
        if found:
            numbers = tuple(number for _, number in found)
            label = f"{site.name_zh} {'、'.join(numbers)}#"
            selection = BoqSelection(programme_id, (site_id,), tuple(building_ids), label)
            return MapSelection(selection, site.name_zh, site.name_en, numbers)
    return MapSelection(
        BoqSelection(programme_id, (site_id,), None, site.name_zh), site.name_zh, site.name_en
    )


def map_choice(
    query: dict[str, str], site_in_session: int | None, building_in_session: int | None
) -> tuple[int | None, tuple[int, ...]]:
    """(site id, building ids) of "selected on the map": the link's ``site``/``buildings``
    parameters first, else the map's selection kept in the session."""
    site_id = parse_id(query.get("site"))  # within the id column's range (planner.ids)
    building_ids = parse_ids(query.get("buildings"))
    if site_id is None and not building_ids:
        site_id = site_in_session
        building_ids = (building_in_session,) if building_in_session else ()
    return site_id, building_ids


def programme_for_link(session: Session, query: dict[str, str]) -> int | None:
    """The programme a link opens the page on: its ``programme``; else, for a link naming a
    site, the newest programme holding that site; else None (the caller's default)."""
    programme_id = parse_id(query.get("programme"))
    if programme_id is not None:
        return programme_id
    site_id = parse_id(query.get("site"))
    if site_id is not None:
        holding = programmes.programmes_of_site(session, site_id)
        if holding:
            return holding[0].id
    return None
