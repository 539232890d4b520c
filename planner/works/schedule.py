"""The schedule: planned and actual dates as Gantt rows, and their conflicts with the climate.

Jiayuguan is cold and dry: exterior works (wall insulation, facade paint, roofing) need the
building season (April to October), and heating mains cannot be cut while the heating season
runs (15 October to 15 April, over the new year), nor reach the 15 days before it (pressure
tests and flushing). Concrete, mortar, asphalt, trenches, planting, marking paint, membranes
and coatings are flagged in 冬期施工, which a climate table gives (JGJ/T 104; the table and
the bindings are in :mod:`planner.works.seasons`). The seasons come from
:class:`planner.settings.PlannerSettings` through :class:`ClimateRules`; nothing here reads the
environment. Dates are calendar days and ranges include both their first and last day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select

from db.models import Building, ProgrammeSite, ScopeType, Site, WorkItem
from planner.catalogue import SCOPE_TYPES
from planner.i18n import normalise_lang, scope_name, t
from planner.settings import PlannerSettings
from planner.works.overdue import OverdueWork, city_today, days_overdue, is_overdue
from planner.works.queries import scoped_select
from planner.works.seasons import (
    HEATING_HANDOVER_DAYS,
    JIAYUGUAN_CLIMATE,
    WINTER_BOUND_SCOPES,
    AnnualPeriod,
    ClimateTable,
    DateRange,
    MonthDay,
    before_period,
    parse_month_day,
)

_DAY = timedelta(days=1)
_SCOPE_ORDER = {scope.key: i for i, scope in enumerate(SCOPE_TYPES)}

#: Exterior works that need the building season.
SEASON_BOUND_SCOPES: frozenset[str] = frozenset(
    {"wall_insulation", "facade_paint", "roof_waterproofing"}
)
#: Works that cut the district heating and so must stay out of the heating season.
HEATING_SCOPES: frozenset[str] = frozenset({"heating_main"})


# --- Rules and conflicts --------------------------------------------------------------------

_SETTING_DEFAULTS = {name: f.default for name, f in PlannerSettings.model_fields.items()}


@dataclass(frozen=True)
class ClimateRules:
    """When season-bound works may run. Defaults are :class:`PlannerSettings`' (Jiayuguan).

    Parameters
    ----------
    building_season_start_month, building_season_end_month : int
        Months of the building season, inclusive (April to October).
    heating_season_start, heating_season_end : tuple of int
        First and last day of the heating season as (month, day), inclusive; it wraps over
        the new year when the start falls after the end.
    season_bound_scopes : frozenset of str
        Scope keys allowed only in the building season.
    heating_scopes : frozenset of str
        Scope keys not allowed in the heating season.
    climate : ClimateTable or None
        The city's monthly means, from which 冬期施工 follows (JGJ/T 104); None: no winter rule.
    winter_scopes : frozenset of str
        Scope keys of works freezing stops (concrete, mortar, asphalt, trenching, planting,
        marking paint, membranes, coatings: :data:`planner.works.seasons.WINTER_WORKS`).
    heating_handover_days : int
        Days before the heating season a heating main must be finished (tests, flushing).
    """

    building_season_start_month: int = _SETTING_DEFAULTS["building_season_start_month"]
    building_season_end_month: int = _SETTING_DEFAULTS["building_season_end_month"]
    heating_season_start: MonthDay = parse_month_day(_SETTING_DEFAULTS["heating_season_start"])
    heating_season_end: MonthDay = parse_month_day(_SETTING_DEFAULTS["heating_season_end"])
    season_bound_scopes: frozenset[str] = SEASON_BOUND_SCOPES
    heating_scopes: frozenset[str] = HEATING_SCOPES
    climate: ClimateTable | None = JIAYUGUAN_CLIMATE
    winter_scopes: frozenset[str] = WINTER_BOUND_SCOPES
    heating_handover_days: int = HEATING_HANDOVER_DAYS

    def __post_init__(self) -> None:
        # Build both periods once: invalid months or days fail here, not at the first check.
        AnnualPeriod.outside_months(
            self.building_season_start_month, self.building_season_end_month
        )
        AnnualPeriod(self.heating_season_start, self.heating_season_end)

    @classmethod
    def from_settings(cls, settings: PlannerSettings) -> ClimateRules:
        """Rules with the seasons of ``settings`` (already read from the environment)."""
        return cls(
            building_season_start_month=settings.building_season_start_month,
            building_season_end_month=settings.building_season_end_month,
            heating_season_start=parse_month_day(settings.heating_season_start),
            heating_season_end=parse_month_day(settings.heating_season_end),
        )

    @property
    def outside_building_season(self) -> AnnualPeriod | None:
        """The days season-bound works must avoid (None when building is allowed all year)."""
        return AnnualPeriod.outside_months(
            self.building_season_start_month, self.building_season_end_month
        )

    @property
    def heating_season(self) -> AnnualPeriod:
        """The days heating works must avoid."""
        return AnnualPeriod(self.heating_season_start, self.heating_season_end)

    @property
    def winter(self) -> AnnualPeriod | None:
        """冬期施工 on the climate table's normals (None without a table or a winter)."""
        return None if self.climate is None else self.climate.winter()

    @property
    def heating_handover(self) -> AnnualPeriod | None:
        """The days before heat-up a heating main must not reach (None with 0 days)."""
        return before_period(self.heating_season_start, self.heating_handover_days)


class ConflictRule(StrEnum):
    """Which climate rule a date range breaks."""

    OUTSIDE_BUILDING_SEASON = "outside_building_season"
    IN_HEATING_SEASON = "in_heating_season"
    WINTER_WORKS = "winter_works"
    HEATING_HANDOVER = "heating_handover"


class DateKind(StrEnum):
    """Planned or actual dates of a work item."""

    PLANNED = "planned"
    ACTUAL = "actual"


@dataclass(frozen=True)
class ScheduleItem:
    """A work item's dates with what names it: site, building and scope type."""

    id: int
    site_id: int
    scope_key: str
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    programme_id: int | None = None
    building_id: int | None = None
    building_number: str | None = None
    site_name_zh: str = ""
    site_name_en: str = ""
    status: str = ""

    @property
    def planned(self) -> DateRange | None:
        """Planned dates; one given date alone is a one-day range; None if none or inverted."""
        return _range(self.planned_start, self.planned_end)

    @property
    def actual_open(self) -> bool:
        """Started but with no actual end yet."""
        return self.actual_start is not None and self.actual_end is None

    @property
    def actual(self) -> DateRange | None:
        """Actual dates; started work with no end runs to the planned end (its expected end)."""
        end = self.actual_end
        if self.actual_open:
            # actual_open means actual_start is set:
            end = max(self.actual_start, self.planned_end or self.actual_start)  # type: ignore[type-var]
        return _range(self.actual_start, end)

    def is_overdue(self, today: date) -> bool:
        """Past its planned end and not complete (``planner.works.overdue``)."""
        return is_overdue(self.planned_end, self.status, self.actual_end, today=today)

    def dates(self, kind: DateKind) -> DateRange | None:
        """The planned or the actual range."""
        return self.planned if kind == DateKind.PLANNED else self.actual

    def site_name(self, lang: str) -> str:
        """The site's name in ``lang`` (Chinese when it has no English name)."""
        if normalise_lang(lang) == "en" and self.site_name_en:
            return self.site_name_en
        return self.site_name_zh

    def label(self, lang: str, *, with_site: bool = True) -> str:
        """Site, building (if any) and scope type, e.g. 广汇小区 · 3号楼 · 屋面防水."""
        parts = [self.site_name(lang)] if with_site else []
        if self.building_number is not None:
            parts.append(t("schedule.building", lang, number=self.building_number))
        parts.append(scope_name(self.scope_key, lang))
        return " · ".join(part for part in parts if part)


def _range(start: date | None, end: date | None) -> DateRange | None:
    # Inverted dates are a data error the editor should refuse; they are not drawn or checked.
    start, end = start or end, end or start
    if start is None or end is None or end < start:
        return None
    return DateRange(start, end)


@dataclass(frozen=True)
class Conflict:
    """A work item's planned or actual dates that break a climate rule.

    ``days`` counts the days of ``dates`` inside the forbidden period, from ``first_day`` to
    ``last_day`` (which may span several winters).
    """

    item: ScheduleItem
    kind: DateKind
    dates: DateRange
    rule: ConflictRule
    days: int
    first_day: date
    last_day: date


def find_conflicts(items: Iterable[ScheduleItem], rules: ClimateRules) -> list[Conflict]:
    """Planned and actual dates that fall, on at least one day, where ``rules`` forbid them.

    Parameters
    ----------
    items : iterable of ScheduleItem
        Work items with their dates; undated items are skipped.
    rules : ClimateRules
        The seasons and which scope types they bind.

    Returns
    -------
    list of Conflict
        In the order of ``items``, planned dates before actual ones.

    Examples
    --------
    >>> roof = ScheduleItem(1, 1, "roof_waterproofing", date(2024, 3, 20), date(2024, 4, 10))
    >>> [(c.kind.value, c.days) for c in find_conflicts([roof], ClimateRules())]
    [('planned', 12)]
    """
    checks: list[tuple[frozenset[str], AnnualPeriod | None, ConflictRule]] = [
        (
            rules.season_bound_scopes,
            rules.outside_building_season,
            ConflictRule.OUTSIDE_BUILDING_SEASON,
        ),
        (rules.heating_scopes, rules.heating_season, ConflictRule.IN_HEATING_SEASON),
        (rules.winter_scopes, rules.winter, ConflictRule.WINTER_WORKS),
        (rules.heating_scopes, rules.heating_handover, ConflictRule.HEATING_HANDOVER),
    ]
    conflicts = []
    for item in items:
        for kind in DateKind:
            dates = item.dates(kind)
            if dates is None:
                continue
            for scopes, period, rule in checks:
                if item.scope_key not in scopes or period is None:
                    continue
                overlap = period.overlap(dates)
                if overlap is not None:
                    conflicts.append(
                        Conflict(
                            item,
                            kind,
                            dates,
                            rule,
                            overlap.days,
                            overlap.first_day,
                            overlap.last_day,
                        )
                    )
    return conflicts


# --- Queries: Gantt rows for a programme or a site ------------------------------------------


@dataclass(frozen=True)
class GanttRow:
    """One line of the chart: a site (its items' span) or one work item."""

    key: str
    label_zh: str
    label_en: str
    site_id: int
    item_id: int | None
    items: int
    dated_items: int
    planned: DateRange | None
    actual: DateRange | None
    actual_open: bool
    conflicts: tuple[Conflict, ...] = field(default=())
    overdue: int = 0  # overdue works on the row (an item's row: 1 or 0)

    def label(self, lang: str) -> str:
        """The row's name in ``lang``."""
        return self.label_en if normalise_lang(lang) == "en" else self.label_zh

    def has_conflict(self, kind: DateKind) -> bool:
        """Whether the planned (or actual) dates of the row break a rule."""
        return any(c.kind == kind for c in self.conflicts)


def schedule_items(
    session: Session, *, programme_id: int | None = None, site_id: int | None = None
) -> list[ScheduleItem]:
    """Work items (site- and building-level) of a programme and/or a site, dated or not.

    Sorted by site, building number (numerically), catalogue order of the scope, id.
    """
    query = (
        scoped_select(WorkItem, ScopeType.key, Site.name_zh, Site.name_en, Building.number)
        .join(Site, Site.id == WorkItem.site_id)
        .outerjoin(Building, Building.id == WorkItem.building_id)
    )
    if programme_id is not None:
        query = query.where(WorkItem.programme_id == programme_id)
    if site_id is not None:
        query = query.where(WorkItem.site_id == site_id)
    items = [
        ScheduleItem(
            id=item.id,
            site_id=item.site_id,
            scope_key=scope_key,
            planned_start=item.planned_start,
            planned_end=item.planned_end,
            actual_start=item.actual_start,
            actual_end=item.actual_end,
            programme_id=item.programme_id,
            building_id=item.building_id,
            building_number=number,
            site_name_zh=name_zh,
            site_name_en=name_en,
            status=item.status,
        )
        for item, scope_key, name_zh, name_en, number in session.exec(query).all()
    ]
    return sorted(items, key=_item_order)


def _item_order(item: ScheduleItem) -> tuple:
    number = item.building_number
    building = (0, 0, "") if number is None else (1, int(number) if number.isdigit() else 0, number)
    return (item.site_id, building, _SCOPE_ORDER.get(item.scope_key, len(_SCOPE_ORDER)), item.id)


def span_of(ranges: Iterable[DateRange | None]) -> DateRange | None:
    present = [r for r in ranges if r is not None]
    if not present:
        return None
    return DateRange(min(r.start for r in present), max(r.end for r in present))


def _row_order(row: GanttRow) -> tuple:
    first = row.planned or row.actual
    return (first is None, first.start if first else date.max, row.label_zh, row.key)


def programme_schedule(
    session: Session, programme_id: int, *, rules: ClimateRules, today: date | None = None
) -> list[GanttRow]:
    """One row per site of a programme, spanning the dates of the site's items in it.

    Parameters
    ----------
    session : Session
        An open session.
    programme_id : int
        The programme.
    rules : ClimateRules
        The seasons to check the items' dates against.
    today : date, optional
        The day overdue works are counted on (the city's today by default).

    Returns
    -------
    list of GanttRow
        Every site of the programme (those without dated items too, with no ranges), earliest
        planned start first; each row carries the conflicts of its items.
    """
    today = today or city_today()
    items = schedule_items(session, programme_id=programme_id)
    by_site: dict[int, list[ScheduleItem]] = defaultdict(list)
    for item in items:
        by_site[item.site_id].append(item)
    conflicts_by_site: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in find_conflicts(items, rules):
        conflicts_by_site[conflict.item.site_id].append(conflict)
    sites = session.exec(
        select(Site.id, Site.name_zh, Site.name_en)
        .join(ProgrammeSite, col(ProgrammeSite.site_id) == col(Site.id))
        .where(ProgrammeSite.programme_id == programme_id)
    ).all()
    names = {site_id: (zh, en) for site_id, zh, en in sites}
    for item in items:  # items on a site the programme does not list still show
        names.setdefault(item.site_id, (item.site_name_zh, item.site_name_en))
    rows = []
    for site_id, (name_zh, name_en) in names.items():
        # stored rows: their ids are set:
        site_items = by_site.get(site_id, [])  # type: ignore[arg-type]
        rows.append(
            GanttRow(
                key=f"site:{site_id}",
                label_zh=name_zh,
                label_en=name_en or name_zh,
                site_id=site_id,  # type: ignore[arg-type]  # stored rows: their ids are set
                item_id=None,
                items=len(site_items),
                dated_items=sum(1 for i in site_items if i.planned or i.actual),
                planned=span_of(i.planned for i in site_items),
                actual=span_of(i.actual for i in site_items),
                actual_open=any(i.actual_open for i in site_items),
                # stored rows: their ids are set:
                conflicts=tuple(conflicts_by_site.get(site_id, [])),  # type: ignore[arg-type]
                overdue=sum(1 for i in site_items if i.is_overdue(today)),
            )
        )
    return sorted(rows, key=_row_order)


def site_schedule(
    session: Session,
    site_id: int,
    programme_id: int | None = None,
    *,
    rules: ClimateRules,
    today: date | None = None,
) -> list[GanttRow]:
    """One row per work item of a site (its buildings' items too), overdue ones marked
    (as of ``today``, the city's today by default).

    Parameters
    ----------
    session : Session
        An open session.
    site_id : int
        The site.
    programme_id : int, optional
        Only the items of this programme (a compound may be in several).
    rules : ClimateRules
        The seasons to check the items' dates against.

    Returns
    -------
    list of GanttRow
        Site-level items first, then by building number and catalogue order.
    """
    today = today or city_today()
    items = schedule_items(session, programme_id=programme_id, site_id=site_id)
    conflicts: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in find_conflicts(items, rules):
        conflicts[conflict.item.id].append(conflict)
    return [
        GanttRow(
            key=f"item:{item.id}",
            label_zh=item.label("zh", with_site=False),
            label_en=item.label("en", with_site=False),
            site_id=item.site_id,
            item_id=item.id,
            items=1,
            dated_items=int(bool(item.planned or item.actual)),
            planned=item.planned,
            actual=item.actual,
            actual_open=item.actual_open,
            conflicts=tuple(conflicts.get(item.id, [])),
            overdue=int(item.is_overdue(today)),
        )
        for item in items
    ]


def overdue_works(
    session: Session,
    programme_id: int,
    *,
    today: date | None = None,
    site_id: int | None = None,
) -> list[OverdueWork]:
    """The overdue works of a programme (of one site), latest first (most days overdue)."""
    today = today or city_today()
    items = schedule_items(session, programme_id=programme_id, site_id=site_id)
    late = [
        OverdueWork(
            item_id=item.id,
            site_id=item.site_id,
            label_zh=item.label("zh"),
            label_en=item.label("en"),
            planned_end=item.planned_end,  # type: ignore[arg-type]  # overdue: it has one
            days=days_overdue(item.planned_end, today=today),
            status=item.status,
        )
        for item in items
        if item.is_overdue(today)
    ]
    return sorted(late, key=lambda w: (-w.days, w.label_zh, w.item_id))


# --- Wording --------------------------------------------------------------------------------


def _month_day_text(month_day: MonthDay, lang: str) -> str:
    month, day = month_day
    return t("schedule.month_day", lang, month=t(f"schedule.month.{month}", lang), day=day)


def season_text(rules: ClimateRules, rule: ConflictRule, lang: str) -> str:
    """The allowed or forbidden season of ``rule`` in words, e.g. 10月15日至次年4月15日."""
    if rule == ConflictRule.OUTSIDE_BUILDING_SEASON:
        start = t(f"schedule.month.{rules.building_season_start_month}", lang)
        end = t(f"schedule.month.{rules.building_season_end_month}", lang)
        wraps = rules.building_season_start_month > rules.building_season_end_month
    elif rule in (ConflictRule.WINTER_WORKS, ConflictRule.HEATING_HANDOVER):
        period = rules.winter if rule == ConflictRule.WINTER_WORKS else rules.heating_handover
        if period is None:
            return ""
        start, end = _month_day_text(period.start, lang), _month_day_text(period.end, lang)
        wraps = period.wraps
    else:
        start = _month_day_text(rules.heating_season_start, lang)
        end = _month_day_text(rules.heating_season_end, lang)
        wraps = rules.heating_season.wraps
    return t("schedule.range_wrapping" if wraps else "schedule.range", lang, start=start, end=end)


def rule_text(rules: ClimateRules, rule: ConflictRule, lang: str) -> str:
    """Short wording of a broken rule, e.g. 供暖期内（10月15日至次年4月15日）."""
    return t(f"schedule.rule.{rule.value}", lang, season=season_text(rules, rule, lang))


def rules_text(rules: ClimateRules, lang: str) -> str:
    """One sentence stating both rules with the scope types they bind."""

    def names(keys: frozenset[str]) -> str:
        ordered = sorted(keys, key=lambda k: (_SCOPE_ORDER.get(k, len(_SCOPE_ORDER)), k))
        return t("schedule.list_separator", lang).join(scope_name(k, lang) for k in ordered)

    text = t(
        "schedule.rules",
        lang,
        exterior=names(rules.season_bound_scopes),
        building_season=season_text(rules, ConflictRule.OUTSIDE_BUILDING_SEASON, lang),
        heating=names(rules.heating_scopes),
        heating_season=season_text(rules, ConflictRule.IN_HEATING_SEASON, lang),
    )
    if rules.winter is not None and rules.climate is not None:
        city, status = rules.climate.said(lang)
        season = season_text(rules, ConflictRule.WINTER_WORKS, lang)
        text += t("schedule.rules_winter", lang, season=season, city=city, status=status)
    if rules.heating_handover is not None:
        text += t(
            "schedule.rules_handover",
            lang,
            heating=names(rules.heating_scopes),
            days=rules.heating_handover_days,
        )
    return text


def conflict_table(
    conflicts: Sequence[Conflict], rules: ClimateRules, lang: str
) -> list[dict[str, object]]:
    """Conflicts as table rows with localized column names, sorted by site and item."""
    ordered = sorted(conflicts, key=lambda c: (_item_order(c.item), list(DateKind).index(c.kind)))
    rows: list[dict[str, object]] = []
    for c in ordered:
        kind = t(f"schedule.{c.kind.value}", lang)
        if c.kind == DateKind.ACTUAL and c.item.actual_open:
            kind = t("schedule.actual_open", lang)
        rows.append(
            {
                t("schedule.col.item", lang): c.item.label(lang),
                t("schedule.col.kind", lang): kind,
                t("schedule.col.dates", lang): str(c.dates),
                t("schedule.col.rule", lang): rule_text(rules, c.rule, lang),
                t("schedule.col.days", lang): c.days,
                t("schedule.col.conflict_days", lang): str(DateRange(c.first_day, c.last_day)),
            }
        )
    return rows
