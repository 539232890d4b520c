"""What the audit page reads: the entries as sentences, filtered, and the filters' choices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from planner import audit, sites
from planner.accounts import users
from planner.audit import AuditFilter
from planner.history.sentences import (
    KINDS,
    LOCAL_TIME,
    EntryFacts,
    ItemName,
    Names,
    actor_name,
    sentence,
    when_text,
)
from planner.transactions import reading
from planner.works import queries
from planner.works.revert import REVERT_ACTION, revertible_fields

#: Entries looked at for one page when text is searched (newest first); the page shows
#: at most ``HistoryQuery.limit`` of those whose sentence matches.
SEARCH_WINDOW = 5000


@dataclass(frozen=True)
class HistoryQuery:
    """The audit page's filters; None (or empty text) means any."""

    day_from: date | None = None
    day_to: date | None = None  # included
    actor: str | None = None
    site_id: int | None = None
    kind: str | None = None  # a key of ``planner.history.sentences.KINDS``
    text: str = ""
    limit: int = 200


@dataclass(frozen=True)
class HistoryLine:
    """One entry as the audit page shows it."""

    entry_id: int
    when: str
    who: str
    sentence: str
    revertible: bool


@dataclass(frozen=True)
class HistoryChoices:
    """What the filters offer: who acted (stored name, name shown), the compounds (id, name),
    the kinds of record."""

    actors: list[tuple[str, str]]
    sites: list[tuple[int, str]]
    kinds: list[str]


def _utc_start(day: date) -> datetime:
    """The start of the city's ``day`` in UTC, as times are stored: SQLite compares the stored
    text, so a bound time keeps its wall clock and drops its zone (midnight in the city was
    read as midnight UTC, 8 hours late)."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TIME).astimezone(UTC)


def _filter(session: Session, query: HistoryQuery, limit: int) -> AuditFilter:
    records = None
    if query.site_id is not None:
        records = (
            ("site", (query.site_id,)),
            ("building", tuple(sites.building_numbers(session, query.site_id))),
            ("work_item", tuple(queries.item_ids(session, site_id=query.site_id))),
        )
    return AuditFilter(
        actor=query.actor or None,
        since=_utc_start(query.day_from) if query.day_from else None,
        until=_utc_start(query.day_to + timedelta(days=1)) if query.day_to else None,
        entities=KINDS[query.kind] if query.kind in KINDS else None,
        records=records,
        limit=limit,
    )


def _names_for(session: Session, entries: Sequence[EntryFacts]) -> Names:
    """The names the entries refer to: compounds, buildings, work items, accounts."""
    ids: dict[str, set[int]] = {}
    for entry in entries:
        if entry.entity_id is not None:
            ids.setdefault(entry.entity, set()).add(entry.entity_id)
    items = {
        scoped.id: ItemName(
            scoped.item.site_id, scoped.scope_key, scoped.building_number, scoped.item.unit_number
        )
        for scoped in queries.items_with_scope(session, item_ids=ids.get("work_item", set()))
    }
    buildings = {}
    for building_id in ids.get("building", set()):
        building = sites.get_building(session, building_id)
        if building is not None:
            buildings[building_id] = (building.site_id, building.number)
    accounts = {}
    for user_id in ids.get("user_account", set()):
        account = users.get_account(session, user_id)
        if account is not None:
            accounts[user_id] = account.username
    site_names = {s.id: (s.name_zh, s.name_en) for s in sites.site_refs(session)}
    return Names(site_names, buildings, items, accounts)


def _revertible(entry: EntryFacts) -> bool:
    return (
        entry.entity == "work_item"
        and entry.entity_id is not None
        and entry.action in ("update", REVERT_ACTION)
        and revertible_fields(entry.before, entry.after)
    )


def audit_lines(engine: Engine, query: HistoryQuery, lang: str) -> list[HistoryLine]:
    """The entries matching ``query``, newest first, as sentences in ``lang``; text is
    searched in what the page shows (the sentence and who), case-insensitively, among the
    newest :data:`SEARCH_WINDOW` entries the other filters keep."""
    needle = " ".join(query.text.split()).casefold()
    with reading(engine) as session:
        limit = SEARCH_WINDOW if needle else query.limit
        entries = [
            EntryFacts.of(e)
            for e in audit.list_audit_entries(session, _filter(session, query, limit))
        ]
        names = _names_for(session, entries)
    lines = []
    for entry in entries:
        line = HistoryLine(
            entry.id,
            when_text(entry.at),
            actor_name(entry.actor, lang),
            sentence(entry, names, lang),
            _revertible(entry),
        )
        if needle and needle not in f"{line.who} {line.sentence}".casefold():
            continue
        lines.append(line)
        if len(lines) >= query.limit:
            break
    return lines


def audit_filter_choices(engine: Engine, lang: str) -> HistoryChoices:
    """The audit page's filters: who acted, the compounds by name in ``lang``, the kinds."""
    with reading(engine) as session:
        actors = audit.actor_names(session)
        refs = sites.site_refs(session)
    compounds = sorted(
        ((r.id, (r.name_en or r.name_zh) if lang == "en" else r.name_zh) for r in refs),
        key=lambda pair: pair[1],
    )
    named = [(actor, actor_name(actor, lang)) for actor in actors]
    return HistoryChoices(named, compounds, list(KINDS))
