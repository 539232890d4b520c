"""What each plain page shows, as plain values for its template: the same wording functions
as the Streamlit compound page (``planner.portal.wording``, ``planner.money.wording``), so the
two views say the same things."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

from PIL import Image

from planner.fieldwork import reads as field_reads
from planner.fieldwork.public import PublicWork as FieldWork
from planner.fieldwork.public import acceptance_lines
from planner.fieldwork.warranty import WarrantyPolicy
from planner.handles import Engine
from planner.i18n import scope_name, t
from planner.money import reads as money_reads
from planner.money import wording as money_wording
from planner.portal import reads, wording
from planner.portal import view as pv
from planner.settings import PlannerSettings

#: Compounds per page of the finder.
PAGE_SIZE = 20
PREFIX = "/p"


def link(path: str, lang: str, **params: object) -> str:
    """A link of the plain pages keeping the language (``?lang=en``; Chinese needs none)."""
    query = {
        k: v for k, v in params.items() if v not in (None, "") and not (k == "page" and v == 1)
    }
    if lang == "en":
        query["lang"] = "en"
    return f"{PREFIX}{path}" + (f"?{urlencode(query)}" if query else "")


def site_path(key: str, tail: str = "") -> str:
    """``/<key>[/tail]`` with the key quoted for a path."""
    return f"/{quote(key, safe='')}{tail}"


@dataclass(frozen=True)
class Hit:
    """A compound in the finder's list."""

    href: str
    name: str
    place: str


@dataclass(frozen=True)
class Finder:
    """The finder: the query, one page of compounds and the links to the others."""

    query: str
    hits: list[Hit]
    total: int
    page: int
    pages: int
    previous: str
    next: str


def finder(engine: Engine, query: str, page: int, lang: str) -> Finder:
    """One page of the compounds whose name, street or community holds ``query``."""
    found = reads.find_compounds(engine, query, max(1, page), PAGE_SIZE)
    total, page, pages = found.total, found.page, found.pages
    hits = [
        Hit(
            link(site_path(h.key), lang),
            h.name_en or h.name_zh if lang == "en" else h.name_zh,
            "　".join(p for p in (h.sub_district, h.community) if p),
        )
        for h in found.hits
    ]
    return Finder(
        found.query,
        hits,
        total,
        page,
        pages,
        link("/", lang, q=query, page=page - 1) if page > 1 else "",
        link("/", lang, q=query, page=page + 1) if page < pages else "",
    )


@dataclass(frozen=True)
class Work:
    """A work as a card."""

    title: str
    plain: str
    line: str
    when: str
    overdue: str
    percent: int


@dataclass(frozen=True)
class Photo:
    """A thumbnail on the page, with its size (no layout shift) and words for those who
    cannot see it."""

    src: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class PhotoWork:
    """A work's before and after photos."""

    title: str
    pairs: list[tuple[Photo | None, Photo | None, str]]  # before, after, label


@dataclass(frozen=True)
class Accepted:
    """A work's acceptance, its warranty and, under warranty, the link to report a defect."""

    title: str
    accepted: str
    warranty: str
    report: str  # the feedback form on this work ("" without a warranty)


@dataclass(frozen=True)
class Compound:
    """Everything the compound page shows."""

    key: str
    name: str
    note: str  # about sample data ("" for real data)
    facts: str
    programmes: str
    as_of: str
    progress: int | None
    works: list[Work]
    recent: list[tuple[str, str]]
    survey: list[tuple[str, str]]  # none without a survey
    suggestions: str  # the messages received, without a survey
    adopted: list[tuple[str, str, str, str]]  # category, text, answer, work line
    investment: tuple[str, str] | None
    funds: list[tuple[str, str, str]]
    photos: list[PhotoWork]
    accepted: list[Accepted]
    contact: str


def _thumbnail_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:  # reads the header only
        return image.size


def _photos(works: list[FieldWork], engine: Engine, lang: str) -> list[PhotoWork]:
    """The works with public before/after photos, and their thumbnails."""
    works = [w for w in works if w.pairs]
    ids = [i for w in works for p in w.pairs for i in (p.before_id, p.after_id) if i is not None]
    thumbs = field_reads.public_thumbnails(engine, ids)
    shown = []
    for work in works:
        title = scope_name(work.scope_key, lang)
        pairs = []
        for pair in work.pairs:
            label = ""
            if pair.building_number:
                label = t("works.building_label", lang, number=pair.building_number)
            photos: list[Photo | None] = []
            for photo_id, stage in ((pair.before_id, "before"), (pair.after_id, "after")):
                data = thumbs.get(photo_id) if photo_id is not None else None
                if data is None or photo_id is None:
                    photos.append(None)
                    continue
                width, height = _thumbnail_size(data)
                alt = t("web.photo_alt", lang, work=title, stage=t(f"photo.stage.{stage}", lang))
                photos.append(Photo(f"{PREFIX}/photo/{photo_id}", width, height, alt))
            pairs.append((photos[0], photos[1], label))
        shown.append(PhotoWork(title, pairs))
    return shown


def _accepted(works: list[FieldWork], key: str, lang: str) -> list[Accepted]:
    """The works accepted (all or some of them): the day, the warranty, a defect's link."""
    shown = []
    for work in works:
        lines = acceptance_lines(work, lang)
        if lines is None:
            continue
        report = ""
        if work.warranty_until is not None:
            report = link(site_path(key, "/feedback"), lang, work=work.work_item_id)
        title = scope_name(work.scope_key, lang)
        shown.append(Accepted(title, lines.accepted, lines.warranty, report))
    return shown


def compound(
    engine: Engine, key: str, lang: str, settings: PlannerSettings, today: date | None = None
) -> Compound | None:
    """The compound page of ``key`` on ``today`` (the city's by default); None: no such
    compound."""
    page = reads.compound_page(engine, key, today=today)
    if page is None:
        return None
    view = page.view
    funds = money_reads.public_funds(engine, page.site_id)
    policy = WarrantyPolicy.from_settings(settings)
    field_works = field_reads.public_works(engine, page.site_id, policy)
    return Compound(
        key=view.key,
        name=view.name(lang),
        note=wording.illustrative_note(view, lang),
        facts=wording.facts_line(view, lang),
        programmes=wording.programmes_line(view, lang),
        as_of=wording.as_of_line(view, lang),
        progress=round(view.progress * 100) if view.progress is not None else None,
        works=[_work(w, lang) for w in view.works],
        recent=[(c.day.isoformat(), wording.change_line(c, lang)) for c in view.recent],
        survey=wording.survey_figures(view, lang),
        suggestions=wording.suggestions_line(view, lang),
        adopted=[
            (
                t(f"survey.category.{a.category}", lang),
                a.text,
                a.answer,
                wording.adopted_work_line(a, lang),
            )
            for a in view.adopted
        ],
        investment=money_wording.public_investment(funds, lang) if funds.has_figures else None,
        funds=money_wording.public_rows(funds, lang) if funds.has_figures else [],
        photos=_photos(field_works, engine, lang),
        accepted=_accepted(field_works, view.key, lang),
        contact=wording.contact_text(settings.portal_contact, settings.portal_contact_phone),
    )


def _work(work: pv.PublicWork, lang: str) -> Work:
    card = wording.work_card(work, lang)
    percent = round(work.progress * 100)
    return Work(card.title, card.plain, card.line, card.when, card.overdue, percent)
