"""`calendar.ics`: the programme's windows from the settings (`data/programme.yml` `calendar:`)
as all-day events repeating every year, and the public notices (公示) of nominated projects; and
`calendar/<branch>.ics`, one per branch of the roster: the steps due for that branch's public
projects (mid-term check, closing report, acceptance, notice), beside the yearly design and
application windows. For subscribing from a phone's calendar.

The site is rebuilt only when something changes, so each window is one event with a yearly
RRULE rather than one event per year, and a project's steps are dated by the calendar, not by the
day of the build. Written with `icalendar` (maintained, RFC 5545 folding and escaping).
Reproducible: the first year is the earliest programme year on the site (the current one when
none is public yet), DTSTAMP is that year's 1 January, and UIDs are the windows' keys, or the
project's year, name and step, at the site's host. Only public projects appear, as on the site."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from site_builder.core.process import Stage
from site_builder.core.programme import Programme, Settings, Window
from site_builder.core.project import Project
from site_builder.core.safetext import safe_text
from site_builder.core.schedule import TITLES, project_duties, window_days
from site_builder.showcase.links import Site
from site_builder.showcase.pages.home import cycle_year
from site_builder.showcase.pages.markdown import project_path
from site_builder.showcase.public import PublicProject

CALENDAR_PATH = "calendar.ics"
BRANCH_CALENDAR_DIR = "calendar"
CALENDAR_NAME = "彩神党支部工作\u201c立项活动\u201d工作日历"
PRODID = "-//site_builder//party-branch projects//ZH"
# offset 0: the programme year itself; 1: the next year (the settings' own wording).
WHEN = {0: "立项当年", 1: "立项次年", 2: "立项后第二年"}
# The windows that concern every branch, repeated in each branch's calendar.
BRANCH_WINDOWS = ("design", "application")
NOTICE = "公示"


def first_year(views: list[PublicProject], today: date) -> int:
    return min((v.year for v in views), default=cycle_year(today))


def _description(window: Window) -> str:
    sm, sd = (int(x) for x in window.start.split("-"))
    em, ed = (int(x) for x in window.end.split("-"))
    when = WHEN.get(window.offset, "")
    return f"{window.title}\uff1a{when} {sm} 月 {sd} 日至 {em} 月 {ed} 日\u3002每年重复\u3002"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", safe_text(name))  # a branch's name from the roster
    return cal


def _event(
    uid: str, stamp: datetime, summary: str, days: tuple[date, date], description: str, url: str
) -> Event:
    event = Event()
    # Text from the settings and the projects, with the characters no writer puts out removed.
    event.add("uid", safe_text(uid))
    event.add("dtstamp", stamp)
    event.add("summary", safe_text(summary))
    event.add("dtstart", days[0])
    event.add("dtend", days[1] + timedelta(days=1))  # exclusive: the day after the last
    event.add("description", safe_text(description))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a window, not a busy time
    return event


def _window_event(key: str, window: Window, year: int, stamp: datetime, site: Site) -> Event:
    event = _event(
        f"{key}-window@{site.host}",
        stamp,
        window.title,
        window_days(window, year),
        _description(window),
        site.url,
    )
    event.add("rrule", {"freq": "yearly"})
    return event


def _notice_event(v: PublicProject, stamp: datetime, site: Site) -> Event | None:
    if not (v.notice_start and v.notice_end):
        return None
    days = (date.fromisoformat(v.notice_start), date.fromisoformat(v.notice_end))
    return _event(
        f"{v.year}-{v.slug}-notice@{site.host}",
        stamp,
        f"{NOTICE}\uff1a{v.title}",
        days,
        f"拟表彰项目\u201c{v.title}\u201d公示\uff0c{v.notice_start} 至 {v.notice_end}\u3002"
        "有异议请在公示期内提出\uff0c方式见网站的公示页\u3002",
        site.page("notice.md"),
    )


def programme_calendar(
    views: list[PublicProject], settings: Settings, site: Site, today: date
) -> str:
    year = first_year(views, today)
    cal = _calendar(CALENDAR_NAME)
    stamp = datetime(year, 1, 1, tzinfo=UTC)
    for key, window in settings.calendar.items():
        cal.add_component(_window_event(key, window, year, stamp, site))
    for v in sorted(views, key=lambda v: v.key):
        event = _notice_event(v, stamp, site)
        if event is not None:
            cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def branch_calendar_path(branch_id: str) -> str:
    return f"{BRANCH_CALENDAR_DIR}/{branch_id}.ics"


def branch_calendars(
    projects: list[Project],
    views: list[PublicProject],
    programme: Programme,
    site: Site,
    today: date,
) -> dict[str, str]:
    """`calendar/<branch>.ics` for every branch of the roster: the design and application
    windows, and for each of its public projects the steps still ahead of it by its stage
    (the branch's and the panel's, one event per step) and its public notice."""
    settings = programme.settings
    year = first_year(views, today)
    stamp = datetime(year, 1, 1, tzinfo=UTC)
    public = {v.key: v for v in views}
    by_branch: dict[str, list[tuple[Project, PublicProject]]] = {}
    for project in sorted(projects, key=lambda p: p.path):
        view = public.get(project.key)
        if view is not None:  # only what the site shows
            by_branch.setdefault(view.branch_id, []).append((project, view))
    # The same events in every branch's calendar: made once (a calendar only reads them).
    windows = [
        _window_event(key, settings.calendar[key], year, stamp, site)
        for key in BRANCH_WINDOWS
        if key in settings.calendar
    ]
    files = {}
    for branch_id, branch in programme.roster.branches.items():
        cal = _calendar(f"{CALENDAR_NAME}\uff1a{branch.name}")
        for window in windows:
            cal.add_component(window)
        for project, view in by_branch.get(branch_id, []):
            steps: dict[str, list[str]] = {}
            spans: dict[str, tuple[date, date]] = {}
            for duty in project_duties(project, programme):
                steps.setdefault(duty.key, []).append(duty.action)
                spans[duty.key] = (duty.start, duty.end)
            for key, actions in steps.items():
                title = (
                    settings.calendar[key].title
                    if key in settings.calendar
                    else TITLES.get(key, key)
                )
                cal.add_component(
                    _event(
                        f"{view.year}-{view.slug}-{key}@{site.host}",
                        stamp,
                        f"{title}\uff1a{view.title}",
                        spans[key],
                        "\uff1b".join(actions) + "\u3002",
                        site.page(project_path(view)),
                    )
                )
            if view.stage == Stage.NOMINATED:
                event = _notice_event(view, stamp, site)
                if event is not None:
                    cal.add_component(event)
        files[branch_calendar_path(branch_id)] = cal.to_ical().decode("utf-8")
    return files
