"""`calendar.ics`: the programme's windows from the settings (`data/programme.yml` `calendar:`)
as all-day events repeating every year, for subscribing from a phone's calendar.

The site is rebuilt only when something changes, so each window is one event with a yearly
RRULE rather than one event per year. Written with `icalendar` (maintained, RFC 5545 folding and
escaping). Reproducible: the first year is the earliest programme year on the site (the current
one when none is public yet), DTSTAMP is that year's 1 January, and UIDs are the windows' keys at
the site's host."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from site_builder.core.programme import Settings, Window
from site_builder.core.safetext import safe_text
from site_builder.showcase.links import Site
from site_builder.showcase.pages.home import cycle_year
from site_builder.showcase.public import PublicProject

CALENDAR_PATH = "calendar.ics"
CALENDAR_NAME = "彩神党支部工作\u201c立项活动\u201d工作日历"
PRODID = "-//site_builder//party-branch projects//ZH"
# offset 0: the programme year itself; 1: the next year (the settings' own wording).
WHEN = {0: "立项当年", 1: "立项次年", 2: "立项后第二年"}


def _day(year: int, month_day: str) -> date:
    """MM-DD in `year`; a day the month lacks (the settings allow 02-30) becomes its last."""
    month, day = (int(x) for x in month_day.split("-"))
    return date(year, month, min(day, stdlib_calendar.monthrange(year, month)[1]))


def window_days(window: Window, year: int) -> tuple[date, date]:
    """First and last day of the window of programme year `year` (the end may fall in the
    following calendar year when it is earlier in the year than the start)."""
    start = _day(year + window.offset, window.start)
    end = _day(year + window.offset, window.end)
    if end < start:
        end = _day(year + window.offset + 1, window.end)
    return start, end


def first_year(views: list[PublicProject], today: date) -> int:
    return min((v.year for v in views), default=cycle_year(today))


def _description(window: Window) -> str:
    sm, sd = (int(x) for x in window.start.split("-"))
    em, ed = (int(x) for x in window.end.split("-"))
    when = WHEN.get(window.offset, "")
    return f"{window.title}\uff1a{when} {sm} 月 {sd} 日至 {em} 月 {ed} 日\u3002每年重复\u3002"


def programme_calendar(
    views: list[PublicProject], settings: Settings, site: Site, today: date
) -> str:
    year = first_year(views, today)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    stamp = datetime(year, 1, 1, tzinfo=UTC)
    for key, window in settings.calendar.items():
        start, end = window_days(window, year)
        event = Event()
        event.add("uid", safe_text(f"{key}-window@{site.host}"))
        event.add("dtstamp", stamp)
        event.add("summary", safe_text(window.title))
        event.add("dtstart", start)
        event.add("dtend", end + timedelta(days=1))  # exclusive: the day after the last
        event.add("rrule", {"freq": "yearly"})
        event.add("description", safe_text(_description(window)))
        event.add("url", site.url)
        event.add("transp", "TRANSPARENT")  # a window, not a busy time
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")
