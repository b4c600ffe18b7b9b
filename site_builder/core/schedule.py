"""What is due when: the programme's calendar (the settings' windows) against each project's stage.

Pure: projects, the programme and a date in; duties out. A duty is one thing one party (a branch,
or the panel) must do for one project within a window, or a window that concerns every branch
(designing and applying). The reminder digest (`panel/reminders.py`) and the branches' calendars
(`showcase/ical.py`) are both made from these.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from site_builder.core.markdown import headings
from site_builder.core.process import PROGRESS_SECTION, Stage
from site_builder.core.programme import Programme, Window
from site_builder.core.project import Project

Actor = Literal["branch", "panel", "all"]  # all: every branch (a window, no project)
# The site's online form that does it; `guide` the panel's guide (awards have no form).
Form = Literal["apply", "update", "panel", "guide"]
Status = Literal["upcoming", "open", "overdue"]

# A window is announced this many days before it opens.
LOOKAHEAD_DAYS = 14
STATUS_LABELS: dict[str, str] = {"upcoming": "即将开始", "open": "进行中", "overdue": "已逾期"}
# Days the panel has to award a nomination once its notice has run, before it shows as late.
AWARD_DAYS = 14
# Duties that are no window of the settings, and their names.
TITLES = {"award": "评为优秀成果"}


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


@dataclass(frozen=True)
class Duty:
    actor: Actor
    key: str  # what kind of duty: a calendar key, or "award" for an award after the notice
    action: str  # what to do, Chinese, one sentence without the final mark
    form: Form
    start: date
    end: date  # the last day
    project: Project | None = None
    branch: str | None = None  # the project's branch (roster id)

    def status(self, today: date) -> Status | None:
        """Where `today` stands: before the window (within LOOKAHEAD_DAYS), inside, after it
        (only a project's duty can be late: a window for every branch just passes); None when
        there is nothing to say yet or any more."""
        if today > self.end:
            return "overdue" if self.project is not None else None
        if today >= self.start:
            return "open"
        if today >= self.start - timedelta(days=LOOKAHEAD_DAYS):
            return "upcoming"
        return None

    def days_left(self, today: date) -> int:
        return (self.end - today).days

    def days_late(self, today: date) -> int:
        return (today - self.end).days


def extra_years(project: Project) -> int:
    """Years added to the closing and acceptance dates for a plan longer than one year
    (计划周期 over 12 months): 13-24 months, one more year."""
    months = project.data.get("duration_months", 12)
    if not isinstance(months, int) or months <= 12:
        return 0
    return -(-(months - 12) // 12)


def _conclusion_window(programme: Programme, year: int) -> tuple[date, date]:
    """The closing report's window; without one in the settings, due the day before the
    acceptance window opens (from the first day of that year)."""
    calendar = programme.settings.calendar
    if "conclusion" in calendar:
        return window_days(calendar["conclusion"], year)
    start, _ = window_days(calendar["acceptance"], year)
    return date(start.year, 1, 1), start - timedelta(days=1)


def _title(programme: Programme, key: str) -> str:
    window = programme.settings.calendar.get(key)
    return window.title if window else TITLES.get(key, key)


def project_duties(project: Project, programme: Programme) -> list[Duty]:
    """What the project's current stage asks of whom, and when (whatever today is)."""
    year = project.data.get("year")
    stage = project.stage
    if not isinstance(year, int) or stage is None:
        return []
    calendar = programme.settings.calendar
    branch = project.data.get("branch") if isinstance(project.data.get("branch"), str) else None
    late = extra_years(project)
    duties: list[Duty] = []

    def add(actor: Actor, key: str, action: str, form: Form, days: tuple[date, date]) -> None:
        duties.append(Duty(actor, key, action, form, days[0], days[1], project, branch))

    if stage is Stage.APPLIED:
        add("panel", "review", "评审立项申请\uff0c决定立项或不立项", "panel",
            window_days(calendar["review"], year))  # fmt: skip
    elif stage is Stage.APPROVED:
        midterm = window_days(calendar["midterm"], year)
        if PROGRESS_SECTION.heading not in headings(project.body):
            add("branch", "midterm", "在项目文件中写好\u201c中期进展\u201d一节\uff0c供中期检查",
                "update", midterm)  # fmt: skip
        add("panel", "midterm", "进行中期检查\uff0c写明后续工作意见", "panel", midterm)
    elif stage is Stage.MIDTERM:
        add("branch", "conclusion", "提交结题报告\uff08结题日期\u3001经费支出和\u201c结题报告\u201d一节\uff09",
            "update", _conclusion_window(programme, year + late))  # fmt: skip
    elif stage is Stage.CONCLUDED:
        add("panel", "acceptance", "进行验收评审\uff0c给出各评委评分和验收结果", "panel",
            window_days(calendar["acceptance"], year + late))  # fmt: skip
    elif stage is Stage.NOMINATED:
        end = notice_end(project, programme)
        if end is not None:
            first = end + timedelta(days=1)
            add("panel", "award",
                "公示期满\uff0c评为优秀成果\uff08有异议并查实的\uff0c撤销拟表彰\uff09", "guide",
                (first, first + timedelta(days=AWARD_DAYS - 1)))  # fmt: skip
    return duties


def notice_end(project: Project, programme: Programme) -> date | None:
    """The last day of a nominated project's public notice (None without a valid start)."""
    start = project.get("award", "notice_start")
    days = programme.settings.notice_days
    try:
        first = date.fromisoformat(start) if isinstance(start, str) else None
        if first is None:
            return None
        return programme.settings.work_calendar.notice_end(first, days) if days else first
    except ValueError:
        return None


def programme_duties(programme: Programme, today: date) -> list[Duty]:
    """The windows that concern every branch (designing, applying) in `today`'s year."""
    calendar = programme.settings.calendar
    actions = {
        "design": "设计本支部下一年度的立项活动方案",
        "application": "提交立项申请\uff08经党总支推荐\uff09",
    }
    duties = []
    for key, action in actions.items():
        if key in calendar:
            start, end = window_days(calendar[key], today.year)
            duties.append(Duty("all", key, action, "apply", start, end))
    return duties


def window_title(programme: Programme, duty: Duty) -> str:
    """The window's name as the settings give it (项目验收 ...); for an award, 公示."""
    return _title(programme, duty.key)


def due(projects: list[Project], programme: Programme, today: date) -> list[tuple[Duty, Status]]:
    """Every duty with something to say on `today`, overdue first, then by date and project."""
    found: list[tuple[Duty, Status]] = []
    for duty in programme_duties(programme, today):
        status = duty.status(today)
        if status:
            found.append((duty, status))
    for project in projects:
        for duty in project_duties(project, programme):
            status = duty.status(today)
            if status:
                found.append((duty, status))
    order = {"overdue": 0, "open": 1, "upcoming": 2}
    found.sort(
        key=lambda ds: (
            order[ds[1]],
            ds[0].end,
            ds[0].project.path if ds[0].project else "",
            ds[0].actor,
        )
    )
    return found
