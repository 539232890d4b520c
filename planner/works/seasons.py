"""Season arithmetic: days of the year, date ranges, and periods that repeat every year.

An :class:`AnnualPeriod` such as the heating season (15 October to 15 April) may wrap over the
new year; :meth:`AnnualPeriod.in_year` gives its pieces within one calendar year so ranges can
be intersected with it. Dates are calendar days and ranges include their first and last day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

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
