"""The schedule: planned and actual dates as Gantt rows, and their conflicts with the climate.

Jiayuguan is cold and dry: exterior works (wall insulation, facade paint, roofing) need the
building season (April to October), and heating mains cannot be cut while the heating season
runs (15 October to 15 April, over the new year). The seasons come from
:class:`planner.settings.PlannerSettings` through :class:`ClimateRules`; nothing here reads the
environment. Dates are calendar days and ranges include both their first and last day.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import plotly.graph_objects as go
from sqlmodel import Session, select

from db.models import Building, ProgrammeSite, ScopeType, Site, WorkItem
from planner.catalogue import SCOPE_TYPES
from planner.i18n import normalise_lang, scope_name, t
from planner.settings import PlannerSettings

MonthDay = tuple[int, int]
"""A day of the year as (month, day); (2, 29) is allowed and simply absent in common years."""

_LONGEST_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February of a leap year
_DAY = timedelta(days=1)
_SCOPE_ORDER = {scope.key: i for i, scope in enumerate(SCOPE_TYPES)}

#: Exterior works that need the building season.
SEASON_BOUND_SCOPES: frozenset[str] = frozenset(
    {"wall_insulation", "facade_paint", "roof_waterproofing"}
)
#: Works that cut the district heating and so must stay out of the heating season.
HEATING_SCOPES: frozenset[str] = frozenset({"heating_main"})


# --- Season arithmetic ----------------------------------------------------------------------


def parse_month_day(text: str) -> MonthDay:
    """Parse ``"MM-DD"`` (as in the settings) into a valid ``(month, day)``.

    Parameters
    ----------
    text : str
        Month and day, e.g. ``"10-15"``.

    Returns
    -------
    tuple of int
        ``(month, day)``.

    Raises
    ------
    ValueError
        If the text is not ``MM-DD`` or names no day of the year (``"02-30"``).

    Examples
    --------
    >>> parse_month_day("04-15")
    (4, 15)
    """
    try:
        month_text, day_text = text.strip().split("-")
        month_day = (int(month_text), int(day_text))
    except ValueError as error:
        raise ValueError(f"not a month-day 'MM-DD': {text!r}") from error
    _check_month_day(month_day)
    return month_day


def _check_month_day(month_day: MonthDay) -> None:
    month, day = month_day
    if not (1 <= month <= 12 and 1 <= day <= _LONGEST_MONTH[month - 1]):
        raise ValueError(f"no such day of the year: {month:02d}-{day:02d}")


@dataclass(frozen=True, order=True)
class DateRange:
    """Calendar days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"range ends before it starts: {self.start} – {self.end}")

    @property
    def days(self) -> int:
        """Number of days in the range (1 when it starts and ends on the same day)."""
        return (self.end - self.start).days + 1

    def intersection(self, other: DateRange) -> DateRange | None:
        """The days both ranges share, or None."""
        start, end = max(self.start, other.start), min(self.end, other.end)
        return DateRange(start, end) if start <= end else None

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True)
class Overlap:
    """How a date range meets a period: days in common, and the first and last of them."""

    days: int
    first_day: date
    last_day: date


@dataclass(frozen=True)
class AnnualPeriod:
    """A period coming back every year, from ``start`` to ``end`` (both included).

    When ``start`` falls after ``end`` in the calendar the period wraps over the new year
    (15 October to 15 April). A bound on 29 February counts from 1 March (a start) or up to
    28 February (an end) in common years.
    """

    start: MonthDay
    end: MonthDay

    def __post_init__(self) -> None:
        _check_month_day(self.start)
        _check_month_day(self.end)

    @classmethod
    def outside_months(cls, first_month: int, last_month: int) -> AnnualPeriod | None:
        """The days outside the months ``first_month`` to ``last_month`` (inclusive).

        Parameters
        ----------
        first_month, last_month : int
            The allowed months, 1–12; a season may wrap (November to March is 11, 3).

        Returns
        -------
        AnnualPeriod or None
            The rest of the year, or None when the months cover the whole year.

        Examples
        --------
        >>> AnnualPeriod.outside_months(4, 10)
        AnnualPeriod(start=(11, 1), end=(3, 31))
        """
        for month in (first_month, last_month):
            if not 1 <= month <= 12:
                raise ValueError(f"no such month: {month}")
        allowed = (last_month - first_month) % 12 + 1
        if allowed == 12:
            return None
        after = last_month % 12 + 1
        before = (first_month - 2) % 12 + 1
        return cls((after, 1), (before, _LONGEST_MONTH[before - 1]))

    @property
    def wraps(self) -> bool:
        """Whether the period runs over the new year."""
        return self.start > self.end

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in the period."""
        month_day = (day.month, day.day)
        if self.wraps:
            return month_day >= self.start or month_day <= self.end
        return self.start <= month_day <= self.end

    def in_year(self, year: int) -> list[DateRange]:
        """The period's days within calendar year ``year``, as one or two ranges."""
        if self.wraps:
            return [
                DateRange(date(year, 1, 1), _last_on_or_before(year, self.end)),
                DateRange(_first_on_or_after(year, self.start), date(year, 12, 31)),
            ]
        first, last = _first_on_or_after(year, self.start), _last_on_or_before(year, self.end)
        return [DateRange(first, last)] if first <= last else []

    def overlap(self, dates: DateRange) -> Overlap | None:
        """Days of ``dates`` that fall in the period; None when there are none.

        Parameters
        ----------
        dates : DateRange
            Any range, over any number of years.

        Returns
        -------
        Overlap or None
            The number of days in the period, with the first and last of them.

        Examples
        --------
        >>> heating = AnnualPeriod((10, 15), (4, 15))
        >>> heating.overlap(DateRange(date(2023, 4, 10), date(2023, 4, 20))).days
        6
        """
        days, first, last = 0, None, None
        for year in range(dates.start.year, dates.end.year + 1):
            for piece in self.in_year(year):
                common = piece.intersection(dates)
                if common is not None:
                    days += common.days
                    first = first or common.start
                    last = common.end
        if first is None or last is None:
            return None
        return Overlap(days, first, last)


def _first_on_or_after(year: int, month_day: MonthDay) -> date:
    month, day = month_day
    if day > calendar.monthrange(year, month)[1]:  # 29 February in a common year
        return date(year, month + 1, 1)
    return date(year, month, day)


def _last_on_or_before(year: int, month_day: MonthDay) -> date:
    month, day = month_day
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


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
    """

    building_season_start_month: int = _SETTING_DEFAULTS["building_season_start_month"]
    building_season_end_month: int = _SETTING_DEFAULTS["building_season_end_month"]
    heating_season_start: MonthDay = parse_month_day(_SETTING_DEFAULTS["heating_season_start"])
    heating_season_end: MonthDay = parse_month_day(_SETTING_DEFAULTS["heating_season_end"])
    season_bound_scopes: frozenset[str] = SEASON_BOUND_SCOPES
    heating_scopes: frozenset[str] = HEATING_SCOPES

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


class ConflictRule(StrEnum):
    """Which climate rule a date range breaks."""

    OUTSIDE_BUILDING_SEASON = "outside_building_season"
    IN_HEATING_SEASON = "in_heating_season"


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
            end = max(self.actual_start, self.planned_end or self.actual_start)  # type: ignore[type-var]
        return _range(self.actual_start, end)

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
        select(WorkItem, ScopeType.key, Site.name_zh, Site.name_en, Building.number)
        .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
        .join(Site, Site.id == WorkItem.site_id)
        .outerjoin(Building, Building.id == WorkItem.building_id)  # type: ignore[arg-type]
    )
    if programme_id is not None:
        query = query.where(WorkItem.programme_id == programme_id)
    if site_id is not None:
        query = query.where(WorkItem.site_id == site_id)
    items = [
        ScheduleItem(
            id=item.id,  # type: ignore[arg-type]
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


def _span(ranges: Iterable[DateRange | None]) -> DateRange | None:
    present = [r for r in ranges if r is not None]
    if not present:
        return None
    return DateRange(min(r.start for r in present), max(r.end for r in present))


def _row_order(row: GanttRow) -> tuple:
    first = row.planned or row.actual
    return (first is None, first.start if first else date.max, row.label_zh, row.key)


def programme_schedule(
    session: Session, programme_id: int, *, rules: ClimateRules
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

    Returns
    -------
    list of GanttRow
        Every site of the programme (those without dated items too, with no ranges), earliest
        planned start first; each row carries the conflicts of its items.
    """
    items = schedule_items(session, programme_id=programme_id)
    by_site: dict[int, list[ScheduleItem]] = defaultdict(list)
    for item in items:
        by_site[item.site_id].append(item)
    conflicts_by_site: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in find_conflicts(items, rules):
        conflicts_by_site[conflict.item.site_id].append(conflict)
    sites = session.exec(
        select(Site.id, Site.name_zh, Site.name_en)
        .join(ProgrammeSite, ProgrammeSite.site_id == Site.id)
        .where(ProgrammeSite.programme_id == programme_id)
    ).all()
    names = {site_id: (zh, en) for site_id, zh, en in sites}
    for item in items:  # items on a site the programme does not list still show
        names.setdefault(item.site_id, (item.site_name_zh, item.site_name_en))
    rows = []
    for site_id, (name_zh, name_en) in names.items():
        site_items = by_site.get(site_id, [])
        rows.append(
            GanttRow(
                key=f"site:{site_id}",
                label_zh=name_zh,
                label_en=name_en or name_zh,
                site_id=site_id,
                item_id=None,
                items=len(site_items),
                dated_items=sum(1 for i in site_items if i.planned or i.actual),
                planned=_span(i.planned for i in site_items),
                actual=_span(i.actual for i in site_items),
                actual_open=any(i.actual_open for i in site_items),
                conflicts=tuple(conflicts_by_site.get(site_id, [])),
            )
        )
    return sorted(rows, key=_row_order)


def site_schedule(
    session: Session,
    site_id: int,
    programme_id: int | None = None,
    *,
    rules: ClimateRules,
) -> list[GanttRow]:
    """One row per work item of a site (its buildings' items too).

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
        )
        for item in items
    ]


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

    return t(
        "schedule.rules",
        lang,
        exterior=names(rules.season_bound_scopes),
        building_season=season_text(rules, ConflictRule.OUTSIDE_BUILDING_SEASON, lang),
        heating=names(rules.heating_scopes),
        heating_season=season_text(rules, ConflictRule.IN_HEATING_SEASON, lang),
    )


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


# --- The chart ------------------------------------------------------------------------------

PLANNED_COLOUR = "#9ecae1"
ACTUAL_COLOUR = "#08519c"
CONFLICT_COLOUR = "#d62728"
HEATING_SHADE = "#fdd0a2"
OFF_SEASON_SHADE = "#d9d9d9"
_MS_PER_DAY = 86_400_000


def gantt_figure(
    rows: Sequence[GanttRow], lang: str, *, rules: ClimateRules, title: str = ""
) -> go.Figure:
    """A Gantt chart of ``rows``: a planned and an actual bar per row, conflicts outlined red.

    The heating season and the days outside the building season are shaded behind the bars.

    Parameters
    ----------
    rows : sequence of GanttRow
        Rows to draw, top to bottom; rows with no dates are left out.
    lang : str
        Language of the labels ("zh" or "en").
    rules : ClimateRules
        The seasons to shade.
    title : str
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars on a date axis; each bar covers its days whole (end day included).
    """
    dated = [r for r in rows if r.planned or r.actual]
    fig = go.Figure()
    conflict_name = t("schedule.legend.conflict", lang)
    for kind, colour in ((DateKind.PLANNED, PLANNED_COLOUR), (DateKind.ACTUAL, ACTUAL_COLOUR)):
        bars = [(r, r.planned if kind == DateKind.PLANNED else r.actual) for r in dated]
        bars = [(r, d) for r, d in bars if d is not None]
        fig.add_trace(
            go.Bar(
                name=t(f"schedule.{kind.value}", lang),
                legendrank=1 if kind == DateKind.PLANNED else 2,
                orientation="h",
                y=[r.key for r, _ in bars],
                base=[d.start.isoformat() for _, d in bars],
                x=[d.days * _MS_PER_DAY for _, d in bars],
                offsetgroup=kind.value,
                marker={
                    "color": colour,
                    # Hatched: started, not finished; drawn to the planned end.
                    "pattern": {
                        "shape": [
                            "/" if kind == DateKind.ACTUAL and r.actual_open else ""
                            for r, _ in bars
                        ],
                        "fgcolor": PLANNED_COLOUR,
                    },
                },
                customdata=[
                    [
                        r.label(lang),
                        _bar_text(r, d, kind, lang),
                        _conflict_text(r, kind, rules, lang),
                    ]
                    for r, d in bars
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>%{fullData.name}: %{customdata[1]}"
                "<br>%{customdata[2]}<extra></extra>",
            )
        )
        # Conflicts: a red outline drawn over the same bars (same offset group).
        conflicted = [(r, d) for r, d in bars if r.has_conflict(kind)]
        fig.add_trace(
            go.Bar(
                name=conflict_name,
                legendgroup="conflict",
                legendrank=3,
                showlegend=kind == DateKind.PLANNED,
                orientation="h",
                y=[r.key for r, _ in conflicted],
                base=[d.start.isoformat() for _, d in conflicted],
                x=[d.days * _MS_PER_DAY for _, d in conflicted],
                offsetgroup=kind.value,
                marker={"color": "rgba(0,0,0,0)", "line": {"color": CONFLICT_COLOUR, "width": 3}},
                hoverinfo="skip",
            )
        )
    # Legend-only markers for the shaded seasons.
    legend = []
    if dated:
        span = _span([r.planned for r in dated] + [r.actual for r in dated])
        assert span is not None  # every dated row has a range
        shades = [(rules.heating_season, HEATING_SHADE, "schedule.legend.heating")]
        if rules.outside_building_season is not None:
            shades.append((rules.outside_building_season, OFF_SEASON_SHADE, "schedule.legend.off"))
        for period, shade, key in shades:
            pieces = [
                common
                for year in range(span.start.year, span.end.year + 1)
                for piece in period.in_year(year)
                if (common := piece.intersection(span)) is not None
            ]
            for piece in pieces:
                fig.add_vrect(
                    x0=piece.start.isoformat(),
                    x1=(piece.end + _DAY).isoformat(),
                    fillcolor=shade,
                    opacity=0.45,
                    line_width=0,
                    layer="below",
                )
            if pieces:
                legend.append((t(key, lang), shade))
    for name, colour in legend:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                legendrank=4,
                marker={"symbol": "square", "size": 12, "color": colour},
                hoverinfo="skip",
            )
        )
    fig.update_layout(
        title=title,
        barmode="group",
        bargap=0.25,
        height=160 + 34 * len(dated),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        margin={"l": 10, "r": 10, "t": 80 if title else 40, "b": 40},
    )
    fig.update_xaxes(type="date", tickformat="%Y-%m-%d", showgrid=True)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[r.key for r in dated],
        tickvals=[r.key for r in dated],
        ticktext=[("⚠ " if r.conflicts else "") + r.label(lang) for r in dated],
        autorange="reversed",
        title=None,
    )
    return fig


def _bar_text(row: GanttRow, dates: DateRange, kind: DateKind, lang: str) -> str:
    text = f"{dates} · {t('schedule.n_days', lang, days=dates.days)}"
    if kind == DateKind.ACTUAL and row.actual_open:
        text += " · " + t("schedule.actual_open", lang)
    return text


def _conflict_text(row: GanttRow, kind: DateKind, rules: ClimateRules, lang: str) -> str:
    rules_broken = sorted({c.rule for c in row.conflicts if c.kind == kind})
    if not rules_broken:
        return ""
    return "⚠ " + "; ".join(rule_text(rules, rule, lang) for rule in rules_broken)
