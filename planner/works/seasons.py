"""Season arithmetic: days of the year, date ranges, and periods that repeat every year.

An :class:`AnnualPeriod` such as the heating season (15 October to 15 April) may wrap over the
new year; :meth:`AnnualPeriod.in_year` gives its pieces within one calendar year so ranges can
be intersected with it. Dates are calendar days and ranges include their first and last day.

Also here, as data: a city's climate table (:class:`ClimateTable`, monthly means with their
source and status) and the 冬期施工 period it gives under JGJ/T 104 (:meth:`ClimateTable.winter`);
which scope types freezing stops (:data:`WINTER_WORKS`); and the window before the heating
season in which a heating main must already be finished (:func:`before_period`).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from planner.i18n import MESSAGES, t

MonthDay = tuple[int, int]
"""A day of the year as (month, day); (2, 29) is allowed and simply absent in common years."""

_LONGEST_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February of a leap year
_DAY = timedelta(days=1)


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


# --- Winter works (冬期施工) and the heating handover ---------------------------------------

#: JGJ/T 104-2011 《建筑工程冬期施工规程》: winter works begin when the outdoor daily mean stays
#: below 5 °C on 5 consecutive days, and end when it stays above 5 °C on 5 consecutive days.
WINTER_THRESHOLD_C = 5.0
WINTER_RUN_DAYS = 5

_REFERENCE_YEAR = 2023  # a common year: the climate table gives one value per calendar day


@dataclass(frozen=True)
class ClimateTable:
    """Monthly mean air temperatures of a city: data, with where they come from.

    Parameters
    ----------
    city : str
        The city the figures describe.
    monthly_mean_c : tuple of float
        Twelve monthly means, January to December, °C.
    source : str
        The publication (or the words "illustrative") the figures come from.
    status : str
        ``"已核实"`` when checked against ``source``, ``"未核实"`` (not checked) otherwise.
    """

    city: str
    monthly_mean_c: tuple[float, ...]
    source: str
    status: str

    def said(self, lang: str) -> tuple[str, str]:
        """The city and the status in the reader's language (as stored where the catalogue
        has no word for them: a bureau's own table)."""
        keys = (f"schedule.climate.{self.city}", f"schedule.climate.{self.status}")
        city, status = (
            t(k, lang) if k in MESSAGES else w
            for k, w in zip(keys, (self.city, self.status), strict=True)
        )
        return city, status

    def __post_init__(self) -> None:
        if len(self.monthly_mean_c) != 12:
            raise ValueError("a climate table gives twelve monthly means")

    def daily_mean(self, day: date) -> float:
        """The normal daily mean on ``day``: monthly means placed on the 15th, linear between.

        Examples
        --------
        >>> JIAYUGUAN_CLIMATE.daily_mean(date(2023, 7, 15))
        22.7
        """
        day = _in_reference_year(day)
        anchors = [date(_REFERENCE_YEAR, m, 15) for m in range(1, 13)]
        means = self.monthly_mean_c
        if day < anchors[0]:  # between 15 December and 15 January
            before, after = anchors[-1].replace(year=_REFERENCE_YEAR - 1), anchors[0]
            t0, t1 = means[-1], means[0]
        elif day >= anchors[-1]:
            before, after = anchors[-1], anchors[0].replace(year=_REFERENCE_YEAR + 1)
            t0, t1 = means[-1], means[0]
        else:
            month = max(i for i, a in enumerate(anchors) if a <= day)
            before, after = anchors[month], anchors[month + 1]
            t0, t1 = means[month], means[month + 1]
        share = (day - before).days / (after - before).days
        return round(t0 + (t1 - t0) * share, 3)

    def winter(
        self, threshold_c: float = WINTER_THRESHOLD_C, run_days: int = WINTER_RUN_DAYS
    ) -> AnnualPeriod | None:
        """The 冬期施工 period of JGJ/T 104 on the table's normals; None if it never comes.

        Winter begins on the first day of the first ``run_days`` days in a row below
        ``threshold_c`` after the warmest month, and lasts until the day before the first
        ``run_days`` days in a row above it.

        Examples
        --------
        >>> JIAYUGUAN_CLIMATE.winter()
        AnnualPeriod(start=(10, 30), end=(3, 21))
        """
        warmest = max(range(12), key=lambda m: self.monthly_mean_c[m])
        first = date(_REFERENCE_YEAR, warmest + 1, 15)
        days = [first + timedelta(days=n) for n in range(365)]
        temps = [self.daily_mean(day) for day in days]
        start = _first_run(temps, lambda t: t < threshold_c, run_days, 0)
        if start is None:
            return None
        after = _first_run(temps, lambda t: t > threshold_c, run_days, start)
        if after is None:
            return None  # winter all year round: every day is bound
        last = days[after] - _DAY
        return AnnualPeriod((days[start].month, days[start].day), (last.month, last.day))


def _first_run(
    temps: list[float], test: Callable[[float], bool], run_days: int, begin: int
) -> int | None:
    count = 0
    for i in range(begin, len(temps)):
        count = count + 1 if test(temps[i]) else 0
        if count == run_days:
            return i - run_days + 1
    return None


def _in_reference_year(day: date) -> date:
    if (day.month, day.day) == (2, 29):
        day = day.replace(day=28)
    return day.replace(year=_REFERENCE_YEAR)


#: Jiayuguan's monthly means. Illustrative: typical of the city's published normals but not
#: checked against a cited publication (状态：未核实); replace them with the 嘉峪关市气象局
#: 1991–2020 normals (or the project's 冬期施工方案 dates) before relying on the winter dates.
JIAYUGUAN_CLIMATE = ClimateTable(
    city="嘉峪关市",
    monthly_mean_c=(-7.9, -3.7, 3.4, 10.8, 16.7, 21.0, 22.7, 21.3, 15.9, 8.6, 0.7, -6.1),
    source="示例数值，未引自正式出版物 / illustrative values, no cited source",
    status="未核实",
)


class WinterWork(StrEnum):
    """Kinds of work that freezing stops: what binds a scope type to 冬期施工."""

    CONCRETE = "concrete"  # 混凝土: strength before frost (JGJ/T 104 ch. 6)
    MORTAR = "mortar"  # 砂浆 (masonry, bedding, adhesive and render of insulation systems)
    ASPHALT = "asphalt"  # 沥青混合料: not laid below 5 °C on these roads
    TRENCHING = "trenching"  # 沟槽开挖回填: frozen ground, no frozen backfill
    PLANTING = "planting"  # 栽植: not into frozen soil
    MARKING_PAINT = "marking_paint"  # 标线涂料: needs a dry surface above 5 °C
    MEMBRANE = "membrane"  # 防水卷材/涂膜: not laid below 5 °C
    COATING = "coating"  # 外墙涂料: not applied below 5 °C


_W = WinterWork
#: Which kinds of winter-bound work each scope type involves.
WINTER_WORKS: dict[str, frozenset[WinterWork]] = {
    "roof_waterproofing": frozenset({_W.MEMBRANE}),
    "wall_insulation": frozenset({_W.MORTAR}),
    "facade_paint": frozenset({_W.COATING}),
    "water_supply_main": frozenset({_W.TRENCHING}),
    "drainage_main": frozenset({_W.TRENCHING, _W.MORTAR}),
    "heating_main": frozenset({_W.TRENCHING}),
    "parking_spaces": frozenset({_W.MORTAR, _W.MARKING_PAINT}),
    "road_repair": frozenset({_W.ASPHALT}),
    "storm_drain": frozenset({_W.TRENCHING, _W.MORTAR}),
    "greening_water_supply": frozenset({_W.TRENCHING}),
    "pavement_restoration": frozenset({_W.ASPHALT}),
    "traffic_facilities": frozenset({_W.MARKING_PAINT, _W.CONCRETE}),
    "rainwater_pump_station": frozenset({_W.CONCRETE, _W.TRENCHING}),
    "replanting": frozenset({_W.PLANTING}),
    "concrete_road": frozenset({_W.CONCRETE}),
    "elevator_retrofit": frozenset({_W.CONCRETE}),
}
WINTER_BOUND_SCOPES: frozenset[str] = frozenset(WINTER_WORKS)

#: Days a heating main must be finished before the heating season starts: strength and
#: tightness tests, flushing and the trial run (CJJ 28-2014 ch. 8) before the heat comes on.
#: A planning margin, not a figure of the standard: the bureau's heat supplier may set another.
HEATING_HANDOVER_DAYS = 15


def before_period(start: MonthDay, days: int) -> AnnualPeriod | None:
    """The ``days`` days just before ``start`` (e.g. the handover window before heat-up).

    Examples
    --------
    >>> before_period((10, 15), 15)
    AnnualPeriod(start=(9, 30), end=(10, 14))
    """
    if days <= 0:
        return None
    if not 0 < days < 365:
        raise ValueError(f"a window of {days} days is not part of a year")
    first_day = _first_on_or_after(_REFERENCE_YEAR, start)
    first, last = first_day - timedelta(days=days), first_day - _DAY
    return AnnualPeriod((first.month, first.day), (last.month, last.day))
