"""One audit entry as a sentence in the reader's language (no table names, no JSON).

"张三 修改了 建设小区 · 3号楼 · 屋面防水：计划工程量 787 → 99,999。" The entry's table becomes
what a person calls the thing (a work item by its compound, building and scope; a compound by
its name; an account by its username), its action a verb, and its values before and after
the fields' labels with their values in words (statuses, roles, yes/no, "empty"). Pure: the
names come in a :class:`Names` gathered by ``planner.history.reads``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from planner.i18n import MESSAGES, normalise_lang, scope_name, t

#: The city's clock (Jiayuguan, UTC+8): the log stores UTC and shows local time.
LOCAL_TIME = timezone(timedelta(hours=8))
TEXT_SHOWN = 40  # characters of a text value shown in a sentence
FIELDS_SHOWN = 6  # values named in one sentence

#: What kind of record a table holds, as the audit page's filter names it.
KINDS: dict[str, tuple[str, ...]] = {
    "works": ("work_item",),
    "places": ("site", "building", "unassigned_building", "programme", "programme_site"),
    "accounts": ("user_account", "login_session"),
    "residents": (
        "suggestion",
        "survey",
        "survey_import",
        "survey_response",
        "consent_vote",
        "feedback_contact",
    ),
    "fieldwork": (
        "site_photo",
        "field_report",
        "work_acceptance",
        "acceptance_defect",
    ),
    "rates": ("rate_set", "boq_rate"),
    "money": (
        "funding_entry",
        "compound_budget",
        "control_price_approval",
        "tender_section",
        "tender_section_unit",
        "contract",
        "contract_line",
        "measurement",
        "measurement_line",
        "contract_payment",
        "contract_change",
        "audit_adjustment",
    ),
}
KIND_OF: dict[str, str] = {table: kind for kind, tables in KINDS.items() for table in tables}
#: Actions whose note the program wrote itself (in English, for operators): not shown.
UNSAID_NOTES = frozenset({"seed"})
#: Values named by a catalogue of words: the field, and the message prefix of its values.
WORDED_VALUES = {"status": "status", "role": "role"}


#: The stored names of processes that act (not people), and the message that names each for a
#: person: the command line (``planner.cli``), the sample seeding
#: (``planner.sample_context.SEED_ACTOR``), the residents' portal, a page without an account.
SYSTEM_ACTORS = {
    "cli": "history.actor.cli",
    "system:seed": "history.actor.seed",
    "portal": "history.actor.portal",
    "staff": "history.actor.staff",
    "anonymous": "history.actor.anonymous",
}


def actor_name(actor: str, lang: str) -> str:
    """Who acted, in words: a process by its name in ``lang``, a person's name as stored."""
    key = SYSTEM_ACTORS.get(actor)
    return t(key, lang) if key else actor


@dataclass(frozen=True)
class EntryFacts:
    """An audit entry as plain values (``before`` and ``after`` parsed)."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    note: str = ""

    @classmethod
    def of(cls, entry: Any) -> EntryFacts:
        """From a stored ``audit_entry`` row."""
        return cls(
            entry.id,
            entry.at,
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_id,
            _parsed(entry.before),
            _parsed(entry.after),
            entry.note or "",
        )


def _parsed(text: str | None) -> Mapping[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


@dataclass(frozen=True)
class ItemName:
    """What names a work item: its compound, building, scope and 单元."""

    site_id: int
    scope_key: str
    building_number: str | None = None
    unit_number: str | None = None


@dataclass(frozen=True)
class Names:
    """The names the entries of a page refer to, by id."""

    sites: Mapping[int, tuple[str, str]] = field(default_factory=dict)
    buildings: Mapping[int, tuple[int, str]] = field(default_factory=dict)  # site id, number
    items: Mapping[int, ItemName] = field(default_factory=dict)
    accounts: Mapping[int, str] = field(default_factory=dict)  # username

    def site(self, site_id: int | None, lang: str) -> str:
        """The compound's name in ``lang`` (Chinese when it has no English one)."""
        zh, en = self.sites.get(site_id or 0, ("", ""))
        return (en or zh) if normalise_lang(lang) == "en" else zh


def local_time(moment: datetime) -> datetime:
    """A stored time (UTC; naive from SQLite) in the city's time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TIME)


def when_text(moment: datetime) -> str:
    """ "2026-12-07 15:31", the city's time: every staff page shows a stored time so (the audit
    log, a withdrawn work item, an account's last login), never the stored UTC."""
    return local_time(moment).strftime("%Y-%m-%d %H:%M")


def _thing(entry: EntryFacts, names: Names, lang: str) -> str:
    """What the entry is about, as a person names it."""
    values = {**(entry.before or {}), **(entry.after or {})}
    entity_id = entry.entity_id if entry.entity_id is not None else -1
    if entry.entity == "work_item" and entity_id in names.items:
        item = names.items[entity_id]
        parts = [names.site(item.site_id, lang)]
        if item.building_number is not None:
            parts.append(t("schedule.building", lang, number=item.building_number))
        scope = scope_name(item.scope_key, lang)
        if item.unit_number:
            scope += t("history.unit", lang, unit=item.unit_number)
        parts.append(scope)
        return t("history.thing.work_item", lang, name=" · ".join(p for p in parts if p))
    if entry.entity == "site" and entry.entity_id in names.sites:
        return t("history.thing.site", lang, name=names.site(entry.entity_id, lang))
    if entry.entity == "building" and entity_id in names.buildings:
        site_id, number = names.buildings[entity_id]
        building = t("schedule.building", lang, number=number)
        return t("history.thing.building", lang, name=f"{names.site(site_id, lang)} · {building}")
    if entry.entity == "user_account":
        username = names.accounts.get(entry.entity_id or 0) or str(values.get("username", ""))
        if username:
            return t("history.thing.account", lang, name=username)
    key = f"history.thing.{entry.entity}"
    if key in MESSAGES:
        return t(key, lang)
    return t(f"history.kind.{KIND_OF.get(entry.entity, 'other')}.one", lang)


def field_label(name: str, lang: str) -> str | None:
    """A field's label in ``lang``; None for a field the catalogue does not name."""
    for key in (f"works.col.{name}", f"history.field.{name}"):
        if key in MESSAGES:
            return t(key, lang)
    return None


def value_text(name: str, value: Any, lang: str) -> str:
    """A stored value in words: empty, yes/no, a status or role by name, a number, a date,
    a text cut to :data:`TEXT_SHOWN` characters."""
    if value is None or value == "":
        return t("history.empty", lang)
    if isinstance(value, bool):
        return t("history.yes" if value else "history.no", lang)
    if name in WORDED_VALUES and f"{WORDED_VALUES[name]}.{value}" in MESSAGES:
        return t(f"{WORDED_VALUES[name]}.{value}", lang)
    if isinstance(value, int | float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | dict):
        return t("history.values", lang, count=len(value))
    text = " ".join(str(value).split())
    return text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1] + "…"


def _details(entry: EntryFacts, lang: str) -> list[str]:
    before, after = entry.before or {}, entry.after or {}
    shown = []
    for name in list(after) + [k for k in before if k not in after]:
        label = field_label(name, lang)
        if label is None:
            continue
        if name in before and name in after:
            if before[name] == after[name]:
                continue
            shown.append(
                t(
                    "history.change",
                    lang,
                    field=label,
                    old=value_text(name, before[name], lang),
                    new=value_text(name, after[name], lang),
                )
            )
        else:
            value = after.get(name, before.get(name))
            shown.append(t("history.value", lang, field=label, value=value_text(name, value, lang)))
    return shown[:FIELDS_SHOWN]


def sentence(entry: EntryFacts, names: Names, lang: str) -> str:
    """The entry as one sentence: who did what to which thing, and the values it changed."""
    thing = _thing(entry, names, lang)
    verb = f"history.action.{entry.action}"
    did = t(verb if verb in MESSAGES else "history.action.other", lang, what=thing)
    text = t("history.said", lang, who=actor_name(entry.actor, lang), did=did)
    details = _details(entry, lang)
    if details:
        text += t("history.details", lang, details=t("history.separator", lang).join(details))
    else:
        text += t("history.full_stop", lang)
    if entry.note and entry.action not in UNSAID_NOTES:
        text += t("history.note", lang, note=value_text("note", entry.note, lang))
    return text


def city_day(moment: datetime) -> date:
    """The city's calendar day of a stored time."""
    return local_time(moment).date()
