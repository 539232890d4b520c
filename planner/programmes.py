"""Programmes (年度改造计划) and the sites they hold: the one door to both tables.

A programme is a year's plan of one kind (compound renovation, linear works, special
remediation); ``programme_site`` says which sites it covers (a compound may appear in several
years). Every other module reads and writes these tables through the functions here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db import bulk
from db.models import Programme, ProgrammeKind, ProgrammeSite, Site, SiteKind
from planner import audit
from planner.amounts import exact, fen
from planner.audit import Actor
from planner.errors import Refused


class ProgrammeKeyTaken(Refused):
    """Another programme already has this key."""


@dataclass(frozen=True)
class NewProgramme:
    """A programme to create."""

    key: str
    year: int
    kind: str
    name_zh: str
    name_en: str = ""
    #: The approved 概算 (yuan; kept to the fen, ``planner.amounts.fen``).
    budget_yuan: Decimal | float | None = None


def list_programmes(session: Session, *, year: int | None = None) -> list[Programme]:
    """All programmes (of ``year``), newest year first."""
    query = select(Programme).order_by(col(Programme.year).desc(), col(Programme.id))
    if year is not None:
        query = query.where(Programme.year == year)
    return list(session.exec(query).all())


def get_programme(session: Session, programme_id: int) -> Programme | None:
    """The programme with this id, or None."""
    return session.get(Programme, programme_id)


def programme_by_key(session: Session, key: str) -> Programme | None:
    """The programme with this key (``p2023``), or None."""
    return session.exec(select(Programme).where(Programme.key == key)).first()


def key_taken(session: Session, key: str) -> bool:
    """Whether a programme already has this key."""
    return session.exec(select(Programme.id).where(Programme.key == key)).first() is not None


def keys_starting(session: Session, prefix: str) -> list[str]:
    """Programme keys that start with ``prefix`` (to propose the next free one)."""
    return list(
        session.exec(select(Programme.key).where(col(Programme.key).startswith(prefix))).all()
    )


def list_years(session: Session) -> list[int]:
    """Years that have at least one programme, newest first."""
    return list(
        session.exec(select(Programme.year).distinct().order_by(col(Programme.year).desc())).all()
    )


def programmes_of_year(
    session: Session, year: int, kind: str = ProgrammeKind.COMPOUND_RENOVATION
) -> list[Programme]:
    """The programmes of one year and kind."""
    return list(
        session.exec(select(Programme).where(Programme.year == year, Programme.kind == kind)).all()
    )


def site_ids_of(session: Session, programme_ids: Sequence[int]) -> list[int]:
    """Ids of the sites the programmes hold (each once, in id order)."""
    return list(
        session.exec(
            select(ProgrammeSite.site_id)
            .where(col(ProgrammeSite.programme_id).in_(list(programme_ids)))
            .distinct()
            .order_by(col(ProgrammeSite.site_id))
        ).all()
    )


def compound_ids_of(session: Session, programme_ids: Sequence[int]) -> list[int]:
    """Ids of the compounds (not linear works) the programmes hold."""
    return list(
        session.exec(
            select(ProgrammeSite.site_id)
            .join(Site, col(Site.id) == col(ProgrammeSite.site_id))
            .where(
                col(ProgrammeSite.programme_id).in_(list(programme_ids)),
                Site.kind == SiteKind.COMPOUND,
            )
            .distinct()
        ).all()
    )


def holds_site(session: Session, programme_id: int, site_id: int) -> bool:
    """Whether the programme covers the site."""
    return session.get(ProgrammeSite, (programme_id, site_id)) is not None


def programmes_of_site(session: Session, site_id: int) -> list[Programme]:
    """The programmes that cover a site, newest first."""
    return list(
        session.exec(
            select(Programme)
            .join(ProgrammeSite, col(ProgrammeSite.programme_id) == col(Programme.id))
            .where(ProgrammeSite.site_id == site_id)
            .order_by(col(Programme.year).desc(), col(Programme.id))
        ).all()
    )


def create_programme(
    session: Session,
    actor: Actor | str,
    new: NewProgramme,
    *,
    site_ids: Iterable[int] = (),
    illustrative: bool = False,
    note: str = "",
) -> Programme:
    """Create a programme holding ``site_ids``, audited; flushes, the caller commits.

    Raises
    ------
    ProgrammeKeyTaken
        Another programme has the key (checked by the database's unique index, so two people
        creating the same key at once cannot both succeed).
    """
    programme = Programme(
        key=new.key,
        year=new.year,
        kind=new.kind,
        name_zh=new.name_zh,
        name_en=new.name_en,
        budget_yuan=None if new.budget_yuan is None else fen(exact(new.budget_yuan)),
        illustrative=illustrative,
    )
    session.add(programme)
    try:
        session.flush()
    except IntegrityError as error:
        raise ProgrammeKeyTaken("dashboard.error.key_taken", field="key", code=new.key) from error
    audit.record(session, actor, "create", programme, after=programme.model_dump(), note=note)
    for site_id in site_ids:
        # stored rows: their ids are set:
        add_site(session, actor, programme.id, site_id, note=note)  # type: ignore[arg-type]
    return programme


def add_site(
    session: Session, actor: Actor | str, programme_id: int, site_id: int, *, note: str = ""
) -> None:
    """Let a programme cover a site, audited (nothing happens when it already does)."""
    if holds_site(session, programme_id, site_id):
        return
    session.add(ProgrammeSite(programme_id=programme_id, site_id=site_id))
    audit.record(
        session,
        actor,
        "create",
        "programme_site",
        after={"programme_id": programme_id, "site_id": site_id},
        entity_id=site_id,
        note=note,
    )


# ---------------------------------------------------------------------------------------------
# Seeding: the illustrative sample and synthetic cities (``planner.runtime.seed``), which
# audits each seeded programme once instead of every row.


def seed_programmes(session: Session, rows: Iterable[Mapping[str, Any]]) -> dict[str, Programme]:
    """Add programmes from their column values (not audited one by one); flushes."""
    programmes = {}
    for values in rows:
        programme = Programme(**values)
        session.add(programme)
        programmes[programme.key] = programme
    session.flush()
    return programmes


def seed_programme_sites(session: Session, pairs: Iterable[tuple[int, int]]) -> None:
    """Let programmes cover sites, given as (programme id, site id), in bulk (not audited)."""
    rows = [{"programme_id": p, "site_id": s} for p, s in pairs]
    bulk.insert_rows(session, ProgrammeSite, rows)


def set_budget(
    session: Session, actor: Actor | str, programme_id: int, amount: Decimal, *, note: str = ""
) -> None:
    """Set a programme's approved 概算 (yuan to the fen), audited; the caller commits."""
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise ValueError(f"no programme {programme_id}")
    before = programme.budget_yuan
    programme.budget_yuan = fen(amount)
    session.add(programme)
    audit.record(
        session,
        actor,
        "update",
        programme,
        {"budget_yuan": before},
        {"budget_yuan": programme.budget_yuan},
        note=note,
    )
