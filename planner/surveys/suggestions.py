"""Residents' suggestions: keyword categories, the staff triage queue, decisions.

A suggestion moves received → evaluating → adopted / not adopted. Deciding needs a public
answer (what residents are told); adopting can link the work item the suggestion led to, or
create it from the scope catalogue (through ``planner.works.items.add_work_item``, so the new
item is validated and audited like one added in the works editor). Every change is audited.

Categories come from keywords as a starting point; staff can always change them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, func, update
from sqlmodel import Session, col, select

from db.models import ProgrammeSite, Site, Suggestion, SuggestionStatus, utcnow
from planner import audit
from planner.audit import Actor
from planner.errors import Refused
from planner.i18n import scope_name, t
from planner.works import items as wi
from planner.works.queries import get_item, items_with_scope

__all__ = [
    "CATEGORIES",
    "QueueRow",
    "SuggestionStatus",
    "TriageChange",
    "TriageRefused",
    "apply_triage",
    "QueueFilter",
    "mark_spam",
    "matching_ids",
    "release_held",
    "receive_feedback",
    "suggest_category",
    "triage_queue",
]

AUDIT_ENTITY = "suggestion"
ANSWER_MAX_LENGTH = 2000

#: Categories in display order, each with the keywords (Chinese and English, lower case) that
#: suggest it. The first category with the most keyword hits wins; none: "other".
CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "lighting": ("路灯", "照明", "灯光", "太暗", "亮化", "灯", "light", "lamp"),
    "parking": ("停车", "车位", "充电桩", "充电", "parking", "charging"),
    "drainage": ("排水", "积水", "下水", "雨水", "内涝", "管网", "drain", "flood", "sewer"),
    "bus_stop": ("公交", "站台", "站点", "候车", "bus"),
    "road": ("道路", "路面", "开口", "坑洼", "人行道", "路口", "road", "pavement", "crossing"),
    "utility_pipes": ("管线", "同步", "燃气", "给水", "自来水", "电缆", "pipe", "utility"),
    "greening": ("绿化", "树", "草坪", "花坛", "绿地", "green", "tree", "planting"),
    "elevator": ("电梯", "elevator", "lift"),
    "heating": ("暖气", "供暖", "供热", "保温", "heating", "insulation"),
    "safety": ("监控", "消防", "安防", "门禁", "安全", "cctv", "fire", "security"),
    "sanitation": ("垃圾", "卫生", "保洁", "垃圾分类", "rubbish", "waste", "litter"),
    "property_management": ("物业", "管理费", "property management"),
    "other": (),
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_KEYWORDS)

#: Where a scope type of the catalogue fits, to propose it when a suggestion is adopted.
CATEGORY_SCOPES: dict[str, tuple[str, ...]] = {
    "lighting": ("street_lights",),
    "parking": ("parking_spaces",),
    "drainage": ("drainage_main", "storm_drain"),
    "bus_stop": ("traffic_facilities",),
    "road": ("road_repair", "pavement_restoration", "concrete_road"),
    "utility_pipes": ("water_supply_main", "greening_water_supply"),
    "greening": ("replanting",),
    "elevator": ("elevator_retrofit",),
    "heating": ("heating_main", "wall_insulation"),
    "safety": ("signs", "smart_security"),
}

S = SuggestionStatus
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.EVALUATING, S.ADOPTED, S.NOT_ADOPTED, S.SPAM}),
    S.EVALUATING: frozenset({S.RECEIVED, S.ADOPTED, S.NOT_ADOPTED, S.SPAM}),
    # A decision can be reopened (it goes back to evaluation).
    S.ADOPTED: frozenset({S.EVALUATING}),
    S.NOT_ADOPTED: frozenset({S.EVALUATING}),
    S.SPAM: frozenset({S.RECEIVED}),  # a message marked spam by mistake comes back
    S.HELD: frozenset({S.RECEIVED, S.EVALUATING, S.SPAM}),  # released, or spam
}
#: What the triage queue leaves out unless asked for: spam, and feedback held for review
#: (it has a view of its own, pages/held_feedback.py).
SET_ASIDE = frozenset({S.SPAM.value, S.HELD.value})
#: Statuses bulk spam marking may change (decided suggestions stay decided).
OPEN = (S.RECEIVED, S.EVALUATING, S.HELD)
DECIDED = frozenset({S.ADOPTED.value, S.NOT_ADOPTED.value})


def suggest_category(text: str) -> str:
    """The category whose keywords occur most often in ``text`` ("other" when none does).

    >>> suggest_category("小区晚上太暗，建议加密路灯")
    'lighting'
    """
    lowered = text.lower()
    best, best_hits = "other", 0
    for category, keywords in CATEGORY_KEYWORDS.items():
        hits = sum(lowered.count(word) for word in keywords)
        if hits > best_hits:
            best, best_hits = category, hits
    return best


class TriageRefused(Refused):
    """A triage change was refused (one reason per problem; ``keys`` gives their keys)."""


@dataclass(frozen=True)
class QueueRow:
    """A suggestion as the triage queue shows it."""

    id: int
    site_id: int
    site_name_zh: str
    site_name_en: str
    text: str
    category: str
    suggested_category: str
    status: str
    public_answer: str
    work_item_id: int | None
    received_at: datetime | None = None
    version: int = 1
    reported_work_item_id: int | None = None  # the work a resident's report is about
    reported_work: WorkItemOption | None = None  # that work's scope and building

    def site_name(self, lang: str | None) -> str:
        """The site's name in ``lang``."""
        return self.site_name_en if lang == "en" and self.site_name_en else self.site_name_zh


@dataclass(frozen=True)
class QueuePage:
    """One page of the triage queue, and how many suggestions match in all."""

    rows: list[QueueRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """How many pages the matching suggestions fill (at least one)."""
        return max(1, -(-self.total // self.page_size))


ORDERS = ("newest", "oldest")
MAX_PAGE_SIZE = 200


def triage_queue(
    session: Session,
    *,
    site_id: int | None = None,
    statuses: Iterable[str] | None = None,
    category: str | None = None,
    reported_work_item_id: int | None = None,
    order: str = "newest",
    page: int = 1,
    page_size: int = 50,
    contains: str | None = None,
) -> QueuePage:
    """One page of suggestions for staff, filtered, sorted and cut in SQL.

    Newest first by default (``order="oldest"`` for the other way), so a resident's new
    message is on the first page however many old ones wait; spam and held feedback are shown
    only when their status is asked for. ``reported_work_item_id`` keeps the reports about one
    work (sent from its "report a defect" link); ``contains`` those whose text holds a piece.
    """
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    page = max(1, page)
    where = _queue_where(
        QueueFilter(site_id, _tuple(statuses), category, contains or None, reported_work_item_id)
    )
    total = session.exec(select(func.count()).select_from(Suggestion).where(*where)).one()
    newest = order != "oldest"
    received = col(Suggestion.received_at).desc() if newest else col(Suggestion.received_at).asc()
    ident = col(Suggestion.id).desc() if newest else col(Suggestion.id).asc()
    query = (
        select(Suggestion, Site.name_zh, Site.name_en)
        .join(Site, col(Site.id) == col(Suggestion.site_id))
        .where(*where)
        .order_by(received, ident)
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    rows = [
        QueueRow(
            id=s.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            site_id=s.site_id,
            site_name_zh=zh,
            site_name_en=en,
            text=s.text,
            category=s.category,
            suggested_category=suggest_category(s.text),
            status=s.status,
            public_answer=s.public_answer,
            work_item_id=s.work_item_id,
            received_at=s.received_at,
            version=s.version,
            reported_work_item_id=s.reported_work_item_id,
        )
        for s, zh, en in session.exec(query).all()
    ]
    reported = {r.reported_work_item_id for r in rows if r.reported_work_item_id is not None}
    if reported:
        works = {
            i.id: WorkItemOption(i.id, i.scope_key, i.building_number, i.item.programme_id)
            for i in items_with_scope(session, item_ids=reported)
        }
        rows = [
            replace(r, reported_work=works.get(r.reported_work_item_id))
            if r.reported_work_item_id is not None
            else r
            for r in rows
        ]
    return QueuePage(rows, int(total), page, page_size)


@dataclass(frozen=True)
class QueueFilter:
    """Which suggestions a queue shows, and a bulk action changes: every page of them."""

    site_id: int | None = None
    statuses: tuple[str, ...] | None = None  # None: all but spam and held
    category: str | None = None
    contains: str | None = None  # a piece of the text
    reported_work_item_id: int | None = None  # the reports about one work


def _tuple(statuses: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if statuses is None else tuple(statuses)


def _queue_where(query: QueueFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if query.site_id is not None:
        where.append(col(Suggestion.site_id) == query.site_id)
    if query.statuses is not None:
        where.append(col(Suggestion.status).in_(list(query.statuses)))
    else:
        where.append(col(Suggestion.status).not_in(SET_ASIDE))
    if query.category is not None:
        where.append(col(Suggestion.category) == query.category)
    if query.contains:
        where.append(col(Suggestion.text).contains(query.contains, autoescape=True))
    if query.reported_work_item_id is not None:
        where.append(col(Suggestion.reported_work_item_id) == query.reported_work_item_id)
    return where


def matching_ids(session: Session, query: QueueFilter) -> list[int]:
    """The ids of every suggestion the filter matches, on every page of the queue."""
    ids = session.exec(select(col(Suggestion.id)).where(*_queue_where(query))).all()
    return [i for i in ids if i is not None]


def release_held(session: Session, query: QueueFilter, *, actor: Actor | str) -> list[int]:
    """Release every held suggestion the filter matches into the triage queue ("received"),
    audited one by one; returns their ids."""
    who = wi.clean_actor(actor)
    held = replace(query, statuses=(S.HELD.value,))
    rows = session.exec(select(Suggestion).where(*_queue_where(held))).all()
    for suggestion in rows:
        suggestion.status = S.RECEIVED
        suggestion.version += 1
        session.add(suggestion)
        audit.record(
            session,
            who,
            "release",
            suggestion,
            {"status": S.HELD.value},
            {"status": S.RECEIVED.value},
        )
    session.flush()
    return [s.id for s in rows]  # type: ignore[misc]


@dataclass(frozen=True)
class TriageChange:
    """What staff set on one suggestion (None: leave as it is)."""

    suggestion_id: int
    category: str | None = None
    status: str | None = None
    public_answer: str | None = None
    work_item_id: int | None = None  # link to an existing item (with status adopted)
    new_work_item: wi.NewWorkItem | None = None  # or create one from the catalogue
    version: int | None = None  # the version the editor loaded: refused if it moved on


def _snapshot(s: Suggestion) -> dict[str, object]:
    return {
        "category": s.category,
        "status": s.status,
        "public_answer": s.public_answer,
        "work_item_id": s.work_item_id,
    }


def apply_triage(session: Session, change: TriageChange, *, actor: Actor | str) -> Suggestion:
    """Categorise, answer, decide one suggestion, in the caller's transaction, audited.

    Raises
    ------
    TriageRefused
        Unknown category or status, a move the workflow does not allow, a decision without
        a public answer, a work item of another site, or a refused new work item.
    """
    who = wi.clean_actor(actor)
    suggestion = session.get(Suggestion, change.suggestion_id)
    if suggestion is None:
        raise TriageRefused.from_keys(["survey.triage.error.missing"])
    if change.version is not None and suggestion.version != change.version:
        raise TriageRefused.from_keys(["survey.triage.error.stale"])
    before = _snapshot(suggestion)
    problems: list[str] = []
    category = change.category if change.category is not None else suggestion.category
    if category not in CATEGORIES:
        problems.append("survey.triage.error.category")
    status = change.status if change.status is not None else suggestion.status
    if status != suggestion.status and status not in TRANSITIONS.get(suggestion.status, ()):
        problems.append("survey.triage.error.transition")
    answer = (
        change.public_answer if change.public_answer is not None else suggestion.public_answer
    ).strip()
    if len(answer) > ANSWER_MAX_LENGTH:
        problems.append("survey.triage.error.answer_length")
    if status in DECIDED and not answer:
        problems.append("survey.triage.error.answer_required")
    linking = change.work_item_id is not None or change.new_work_item is not None
    if linking and status != S.ADOPTED:
        problems.append("survey.triage.error.link_needs_adopted")
    if change.work_item_id is not None:
        item = get_item(session, change.work_item_id)
        if item is None or item.site_id != suggestion.site_id:
            problems.append("survey.triage.error.work_item_site")
    if change.new_work_item is not None and change.new_work_item.site_id != suggestion.site_id:
        problems.append("survey.triage.error.work_item_site")
    if problems:
        raise TriageRefused.from_keys(problems)

    if change.new_work_item is not None:
        try:
            added = wi.add_work_item(session, change.new_work_item, actor=who)
        except wi.SaveRefused as refused:  # the works editor's reasons, below this one
            raise TriageRefused(
                "survey.triage.error.new_work_item", field="new_work_item", reasons=[refused]
            ) from refused
        except ValueError as refused:  # a place the programme does not hold
            raise TriageRefused.from_keys(["survey.triage.error.new_work_item"]) from refused
        suggestion.work_item_id = added.item_id
    elif change.work_item_id is not None:
        suggestion.work_item_id = change.work_item_id
    if status != S.ADOPTED:
        suggestion.work_item_id = None  # a link means "adopted and done as this item"
    suggestion.category, suggestion.public_answer = category, answer
    if status != suggestion.status:
        suggestion.decided_at = utcnow() if status in DECIDED else None
    suggestion.status = status
    after = _snapshot(suggestion)
    if after != before:
        _claim_version(session, suggestion, change.version)
        session.add(suggestion)
        audit.record(session, who, "update", suggestion, before, after)
    session.flush()
    return suggestion


def _claim_version(session: Session, suggestion: Suggestion, loaded: int | None) -> None:
    """Move the suggestion's version on by one, atomically, only from the version the editor
    loaded (``UPDATE … WHERE id = :id AND version = :loaded``): of two staff saving the same
    suggestion, the second is refused instead of overwriting the first."""
    expected = suggestion.version if loaded is None else loaded
    claimed = session.execute(
        update(Suggestion)
        .where(col(Suggestion.id) == suggestion.id, col(Suggestion.version) == expected)
        .values(version=expected + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
        raise TriageRefused.from_keys(["survey.triage.error.stale"])
    suggestion.version = expected + 1
    session.flush()


@dataclass(frozen=True)
class WorkItemOption:
    """A work item of the suggestion's site, to link on adoption."""

    id: int
    scope_key: str
    building_number: str | None
    programme_id: int

    def label(self, lang: str | None) -> str:
        """ "路灯" or "3号楼 · 屋面防水" (no id: it means nothing to a reader)."""
        place = (
            t("works.building_label", lang, number=self.building_number) + " · "
            if self.building_number
            else ""
        )
        return f"{place}{scope_name(self.scope_key, lang)}"


def site_work_item_options(session: Session, site_id: int) -> list[WorkItemOption]:
    """The site's work items, site-level first, then by building."""
    options = [
        WorkItemOption(s.id, s.scope_key, s.building_number, s.item.programme_id)
        for s in items_with_scope(session, site_id=site_id)
    ]
    return sorted(options, key=lambda o: (o.building_number is not None, o.id))


def category_for_scope(scope_key: str) -> str | None:
    """The category a scope type's works belong to (to preselect a report about one)."""
    return next((c for c, keys in CATEGORY_SCOPES.items() if scope_key in keys), None)


def proposed_scope_keys(category: str) -> tuple[str, ...]:
    """Catalogue scope types that fit a category (to preselect when adopting)."""
    return CATEGORY_SCOPES.get(category, ())


def site_programme_options(session: Session, site_id: int) -> list[wi.ProgrammeOption]:
    """The programmes that hold the site (where a work item for it can be created)."""
    holding = set(
        session.exec(select(ProgrammeSite.programme_id).where(ProgrammeSite.site_id == site_id))
    )
    return [p for p in wi.programme_options(session) if p.id in holding]


# ---------------------------------------------------------------------------------------------
# Suggestions from the public portal, and what the public sees of them


def receive_feedback(
    session: Session,
    *,
    site_id: int,
    text: str,
    category: str,
    actor: Actor | str,
    reported_work_item_id: int | None = None,
    held: bool = False,
) -> Suggestion:
    """File a resident's message from the public pages as a suggestion in status "received"
    (or "held", past a limit: it waits for staff to release it or mark it spam).

    The caller (``planner.portal.actions.submit_feedback``) has checked the text and the
    category; ``reported_work_item_id`` is the work a report is about (a work of the site,
    checked here). The audit entry records that feedback came in, its category and work,
    never the sender.
    """
    if category not in CATEGORIES:
        raise TriageRefused.from_keys(["survey.triage.error.category"])
    if reported_work_item_id is not None:
        item = get_item(session, reported_work_item_id)
        if item is None or item.site_id != site_id:
            raise TriageRefused.from_keys(["survey.triage.error.work_item_site"])
    suggestion = Suggestion(
        site_id=site_id,
        text=text,
        category=category,
        status=SuggestionStatus.HELD if held else SuggestionStatus.RECEIVED,
        reported_work_item_id=reported_work_item_id,
    )
    session.add(suggestion)
    session.flush()
    after: dict[str, object] = {"category": category, "source": "portal"}
    if reported_work_item_id is not None:
        after["reported_work_item_id"] = reported_work_item_id
    audit.record(session, actor, "create", suggestion, after=after)
    return suggestion


def reported_work_items(session: Session, *, site_id: int | None = None) -> list[WorkItemOption]:
    """The work items that residents' reports are about (of one site, or all), by id."""
    query = select(Suggestion.reported_work_item_id).where(
        Suggestion.reported_work_item_id.is_not(None)  # type: ignore[union-attr]
    )
    if site_id is not None:
        query = query.where(Suggestion.site_id == site_id)
    ids = {i for i in session.exec(query.distinct()).all() if i is not None}
    if not ids:
        return []
    return [
        WorkItemOption(s.id, s.scope_key, s.building_number, s.item.programme_id)
        for s in items_with_scope(session, item_ids=ids)
    ]


def mark_spam(session: Session, suggestion_ids: Iterable[int], *, actor: Actor | str) -> list[int]:
    """Mark open suggestions (received or evaluating) as spam, in bulk, audited one by one.

    Returns the ids that were marked (others were decided already, or gone). The caller that
    holds their private contact data deletes it (``planner.portal.feedback.mark_feedback_spam``).
    """
    who = wi.clean_actor(actor)
    ids = list(dict.fromkeys(suggestion_ids))
    if not ids:
        return []
    rows = session.exec(
        select(Suggestion).where(
            col(Suggestion.id).in_(ids),
            col(Suggestion.status).in_(OPEN),
        )
    ).all()
    marked = []
    for suggestion in rows:
        before = {"status": suggestion.status}
        suggestion.status = S.SPAM
        suggestion.version += 1
        session.add(suggestion)
        audit.record(session, who, "spam", suggestion, before, {"status": S.SPAM.value})
        marked.append(suggestion.id)
    session.flush()
    return marked  # type: ignore[return-value]  # stored rows: their ids are set


def queue_table(rows: list[QueueRow], lang: str) -> dict[str, list[object]]:
    """The queue as table columns with localised names (id, site, text, category, status,
    answer, work item)."""
    columns: dict[str, list[object]] = {
        t(f"survey.triage.col.{k}", lang): []
        for k in ("id", "site", "reported", "text", "category", "status", "answer", "work_item")
    }
    for row in rows:
        values = (
            row.id,
            row.site_name(lang),
            row.reported_work.label(lang) if row.reported_work else "",
            row.text,
            t(f"survey.category.{row.category}", lang),
            t(f"survey.status.{row.status}", lang),
            row.public_answer or "",
            str(row.work_item_id) if row.work_item_id else "",
        )
        for column, value in zip(columns.values(), values, strict=True):
            column.append(value)
    return columns
