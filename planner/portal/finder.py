"""Finding a compound: by part of its name, its street (街道) or its community, among every
site of every programme, the newest programme's first, a page at a time with the total.

Each word of the search (split at any space, the full-width 全角空格 too) must be in the
name, the street or the community ("广汇 小区" finds 广汇小区); full-width letters and digits
(ｇｕａｎｇｈｕｉ, １９, as a Chinese keyboard may type them) match their plain forms too.

The public finder (the Streamlit page, the plain ``/p/`` page) and the home page's search box
read this; a list never stops silently: the total and the number of pages come with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from db.models import Programme, ProgrammeSite, Site

#: What a visitor may type (longer is cut): a name, a street, a community.
QUERY_MAX = 50
PAGE_SIZE = 20
PAGE_SIZE_MAX = 100


@dataclass(frozen=True)
class FoundCompound:
    """A site found by the search, with the newest programme it is part of (if any)."""

    key: str
    name_zh: str
    name_en: str
    kind: str
    sub_district: str
    community: str
    programme_year: int | None
    programme_zh: str
    programme_en: str

    def name(self, lang: str) -> str:
        """The site's name in ``lang``."""
        return (self.name_en or self.name_zh) if lang == "en" else self.name_zh

    def programme(self, lang: str) -> str:
        """The newest programme's name in ``lang`` ("" when in none)."""
        return (self.programme_en or self.programme_zh) if lang == "en" else self.programme_zh


@dataclass(frozen=True)
class FoundPage:
    """One page of the search's hits, and where it stands in all of them."""

    query: str  # as searched (trimmed, cut to QUERY_MAX)
    hits: tuple[FoundCompound, ...]
    total: int  # every site that matches
    page: int  # 1-based; a page past the end is the last one
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages the hits fill (at least 1)."""
        return max(1, -(-self.total // self.page_size))

    @property
    def first(self) -> int:
        """The 1-based position of the page's first hit (0 when there is none)."""
        return (self.page - 1) * self.page_size + 1 if self.hits else 0

    @property
    def last(self) -> int:
        """The 1-based position of the page's last hit (0 when there is none)."""
        return self.first + len(self.hits) - 1 if self.hits else 0


def clean_query(query: str) -> str:
    """What is searched for: at most ``QUERY_MAX`` characters, no control characters, each run
    of spaces (a full-width one too) one space, none at the ends."""
    text = "".join(c for c in query if ord(c) >= 32 and ord(c) != 127)
    return " ".join(text.split())[:QUERY_MAX].strip()


def _plain(word: str) -> str:
    """``word`` with its full-width letters and digits as plain ones (ｇ１ -> g1); the rest, the
    full-width brackets of "（样例）" included, as typed."""
    return "".join(
        chr(ord(c) - 0xFEE0) if "０" <= c <= "９" or "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ" else c
        for c in word
    )


def _matches(word: str) -> ColumnElement[bool]:
    """A site whose name (Chinese or English), street or community holds ``word`` (as typed,
    or with plain letters and digits). autoescape: "%" and "_" are characters, not wildcards."""
    return or_(
        *(
            condition
            for form in dict.fromkeys((word, _plain(word)))
            for condition in (
                col(Site.name_zh).contains(form, autoescape=True),
                func.lower(Site.name_en).contains(form.lower(), autoescape=True),
                col(Site.sub_district).contains(form, autoescape=True),
                col(Site.community).contains(form, autoescape=True),
            )
        )
    )


def find_compounds(
    session: Session, query: str, page: int = 1, page_size: int = PAGE_SIZE
) -> FoundPage:
    """Sites whose name (Chinese or English), street (sub-district) or community contains
    each word of ``query`` (every site for ""), the newest programme's first (by year, then
    the newer programme), then by name; page ``page`` of ``page_size`` (1..``PAGE_SIZE_MAX``)."""
    text = clean_query(query)
    size = min(max(int(page_size), 1), PAGE_SIZE_MAX)
    matches = [_matches(word) for word in dict.fromkeys(text.split())]
    total = session.exec(select(func.count()).select_from(Site).where(*matches)).one()
    pages = max(1, -(-total // size))
    number = min(max(int(page), 1), pages)
    newest = (
        select(
            col(ProgrammeSite.site_id).label("site_id"),
            func.max(Programme.year).label("year"),
            func.max(Programme.id).label("programme_id"),
        )
        .join(Programme, col(Programme.id) == col(ProgrammeSite.programme_id))
        .group_by(col(ProgrammeSite.site_id))
        .subquery()
    )
    statement = (
        select(Site)
        .outerjoin(newest, newest.c.site_id == col(Site.id))
        .where(*matches)
        .order_by(
            newest.c.year.is_(None),  # sites of no programme last
            newest.c.year.desc(),
            newest.c.programme_id.desc(),
            col(Site.name_zh),
            col(Site.id),
        )
        .offset((number - 1) * size)
        .limit(size)
    )
    sites = session.exec(statement).all()
    programmes = _newest_programmes(session, [s.id for s in sites if s.id is not None])
    hits = tuple(
        FoundCompound(
            s.key,
            s.name_zh,
            s.name_en,
            s.kind,
            s.sub_district,
            s.community,
            *programmes.get(s.id, (None, "", "")),  # type: ignore[arg-type]  # ids are set
        )
        for s in sites
    )
    return FoundPage(text, hits, total, number, size)


def _newest_programmes(session: Session, site_ids: list[int]) -> dict[int, tuple[int, str, str]]:
    """The newest programme (year, Chinese and English name) of each of these sites."""
    if not site_ids:
        return {}
    rows = session.exec(
        select(ProgrammeSite.site_id, Programme.year, Programme.name_zh, Programme.name_en)
        .join(Programme, col(Programme.id) == col(ProgrammeSite.programme_id))
        .where(col(ProgrammeSite.site_id).in_(site_ids))
        .order_by(col(Programme.year), col(Programme.id))
    ).all()
    return {site_id: (year, zh, en) for site_id, year, zh, en in rows}  # the newest wins
