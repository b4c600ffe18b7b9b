"""Working days as China's official calendar has them, and "today" in the programme's time zone.

A working day is Monday to Friday unless it is a public holiday or a day off moved by the State
Council's yearly notice, plus the weekend days that notice turns into working days (调休); the
college's own closures (`closures` in the settings) are never working days. The official part
comes from the `holidays` package (country CN), which follows the State Council's notices year by
year; nothing here keeps a list of holidays by hand.

The public notice (公示) of `notice_days` working days starting on a date runs on the first
`notice_days` working days from that date (the date itself counts when it is a working day); it
has run once its last day is over, so the award may be made from the next day on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

if TYPE_CHECKING:
    import holidays

DEFAULT_TIMEZONE = "Asia/Shanghai"
# A notice is never longer than this many calendar days, whatever the holidays: a guard against
# a settings file whose closures cover every day (the loop below would never end).
MAX_SPAN_DAYS = 400


def zone(name: str) -> ZoneInfo:
    """The time zone `name` (IANA, e.g. Asia/Shanghai); ValueError for an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(name) from None


def today_in(timezone: str, now: datetime | None = None) -> date:
    """The calendar date in `timezone` at `now` (default: the current moment). A CI runner's
    clock is UTC; at 07:00 in Shanghai it is still yesterday there."""
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(timezone)).date()


@lru_cache(maxsize=32)
def _official(year: int) -> holidays.HolidayBase:
    import holidays  # a third of a second: only when a working day is counted (not `validate`)

    return holidays.country_holidays("CN", years=year)


def is_official_workday(day: date) -> bool:
    """Whether `day` is a working day by the official calendar (holidays and 调休 included)."""
    return _official(day.year).is_working_day(day)


def official_year_known(year: int) -> bool:
    """Whether the library holds the State Council's notice for `year` (its days off and 调休);
    for a year it lacks (the notice comes out each November) it only estimates from the statutory
    holidays, with no make-up working days. tests/test_workdays.py holds this to the library."""
    from holidays.countries.china import ChinaStaticHolidays

    return year in ChinaStaticHolidays.special_public_holidays


def official_name(day: date) -> str | None:
    """The holiday's name (English, from the library) when `day` is a public holiday or day off."""
    return _official(day.year).get(day)


class WorkCalendar:
    """The official working days less the college's closures."""

    def __init__(self, closures: Iterable[date] = ()) -> None:
        self.closures = frozenset(closures)

    def is_workday(self, day: date) -> bool:
        return day not in self.closures and is_official_workday(day)

    def nth_workday(self, start: date, n: int) -> date:
        """The `n`-th working day counting from `start` (`start` itself counts when it is one);
        `n` >= 1. ValueError when none is found within MAX_SPAN_DAYS."""
        if n < 1:
            raise ValueError("n must be at least 1")
        day, found = start, 0
        for _ in range(MAX_SPAN_DAYS):
            if self.is_workday(day):
                found += 1
                if found == n:
                    return day
            day += timedelta(days=1)
        raise ValueError(f"no {n} working days within {MAX_SPAN_DAYS} days of {start}")

    def notice_end(self, start: date, days: int) -> date:
        """The last day of a notice of `days` working days starting on `start`."""
        return self.nth_workday(start, days)

    def estimated_years(self, start: date, end: date) -> list[int]:
        """The years from `start` to `end` whose official arrangement the library lacks."""
        return [y for y in range(start.year, end.year + 1) if not official_year_known(y)]

    def notice_over(self, start: date, days: int, today: date) -> bool:
        """Whether a notice of `days` working days starting on `start` has run by `today`
        (its last day is over). A notice of 0 days is over at once."""
        return days == 0 or today > self.notice_end(start, days)


def closure_days(ranges: Iterable[tuple[date, date]]) -> list[date]:
    """Every day of the given inclusive (start, end) ranges."""
    days: list[date] = []
    for start, end in ranges:
        day = start
        while day <= end:
            days.append(day)
            day += timedelta(days=1)
    return days
