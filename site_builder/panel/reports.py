"""The panel's reports as tables: counts, overdue items, money, award candidates.

Pure: validated projects, the programme and "today" in; tables (title, Chinese headers, rows of
typed cells) out. Formatting them as text, CSV or a workbook is `report_output`'s business.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from site_builder.core.figures import grant_of, spent_of, total_of
from site_builder.core.process import AWARD_CANDIDATES, Stage, stage_label
from site_builder.core.programme import Programme
from site_builder.core.project import Project

Cell = str | int | Decimal | None

YES, NO = "是", "否"
NOTICE = "公示中"
TOTAL = "合计"


@dataclass(frozen=True)
class Column:
    header: str
    # How the cells are shown: text as it is; int; money in yuan (two decimals when needed);
    # score with one decimal.
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    name: str  # short, for a sheet name
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _year_of(project: Project) -> int | None:
    year = project.data.get("year")
    return year if isinstance(year, int) else None


def _scope(year: int | None) -> str:
    return f"{year} 年度" if year is not None else "全部年度"


def _name(project: Project) -> str:
    return f"{project.data.get('title', '')}\uff08{project.key}\uff09"


def _branch(project: Project, programme: Programme) -> str:
    branch_id = project.data.get("branch", "")
    branch = programme.roster.branches.get(branch_id)
    return branch.name if branch else str(branch_id)


def _stage(project: Project, programme: Programme) -> str:
    return stage_label(project.stage)


def _ordered(projects: list[Project]) -> list[Project]:
    return sorted(projects, key=lambda p: (_year_of(p) or 0, p.path))


# ---------------------------------------------------------------- (a) counts


def stage_counts(projects: list[Project], programme: Programme, year: int | None = None) -> Table:
    """Projects by stage (rows) and category (columns), with row and column totals."""
    info = programme.schema
    stages, categories = info.stages, list(info.categories)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for project in projects:
        counts[(project.stage or "", project.data.get("category", ""))] += 1
    rows: list[tuple[Cell, ...]] = []
    for stage in stages:
        line = [counts[(stage, c)] for c in categories]
        rows.append((stage.label, *line, sum(line)))
    column_totals = [sum(counts[(s, c)] for s in stages) for c in categories]
    rows.append((TOTAL, *column_totals, sum(column_totals)))
    columns = (
        Column(info.title(("stage",))),
        *(Column(info.categories[c], "int") for c in categories),
        Column(TOTAL, "int"),
    )
    return Table("项目统计", f"项目统计\uff08{_scope(year)}\uff09", columns, tuple(rows))


# ---------------------------------------------------------------- (b) overdue


@dataclass(frozen=True)
class Overdue:
    project: Project
    item: str
    due: str  # what the 应完成日期 column shows
    days: int | None  # None: a reminder, not overdue


def _window(programme: Programme, key: str, year: int, extra_years: int = 0) -> tuple[date, date]:
    start, end = programme.settings.calendar[key].dates(year + extra_years)
    return date.fromisoformat(start), date.fromisoformat(end)


def _extra_years(project: Project) -> int:
    """Years added to the closing and acceptance dates for a plan longer than one year
    (特殊情况, 计划周期 over 12 months): 13–24 months → one more year."""
    months = project.data.get("duration_months", 12)
    if not isinstance(months, int) or months <= 12:
        return 0
    return -(-(months - 12) // 12)


def overdue_items(projects: list[Project], programme: Programme, today: date) -> list[Overdue]:
    """What is late against the calendar on `today`, then the reminders.

    - 已立项 with no mid-term check after the mid-term window's end;
    - 已立项 or 中期检查 with no closing report (concluded_on) after the acceptance window's end;
    - 已结题 not yet accepted after the acceptance window's end;
    - 提醒: a pending application (已申报) whose 填表日期 is outside the application window.
    """
    found: list[Overdue] = []
    reminders: list[Overdue] = []
    for project in _ordered(projects):
        year, stage, data = _year_of(project), project.stage, project.data
        if year is None:
            continue
        _, midterm_end = _window(programme, "midterm", year)
        _, acceptance_end = _window(programme, "acceptance", year, _extra_years(project))
        late: list[tuple[str, date]] = []
        if stage is Stage.APPROVED and not data.get("midterm"):
            late.append(("未进行中期检查", midterm_end))
        if stage in (Stage.APPROVED, Stage.MIDTERM) and not data.get("concluded_on"):
            late.append(("未提交结题报告", acceptance_end))
        if stage is Stage.CONCLUDED:
            late.append(("未进行验收评审", acceptance_end))
        found.extend(
            Overdue(project, item, due.isoformat(), (today - due).days)
            for item, due in late
            if today > due
        )
        if stage is Stage.APPLIED and isinstance(data.get("applied_on"), str):
            start, end = _window(programme, "application", year)
            applied = date.fromisoformat(data["applied_on"])
            if not start <= applied <= end:
                when = "晚于" if applied > end else "早于"
                reminders.append(
                    Overdue(
                        project,
                        f"提醒\uff1a填表日期 {applied.isoformat()} {when}申报期",
                        f"{start.isoformat()} 至 {end.isoformat()}",
                        None,
                    )
                )
    found.sort(key=lambda o: (o.due, o.project.path, o.item))
    return found + reminders


def overdue_table(
    projects: list[Project], programme: Programme, today: date, year: int | None = None
) -> Table:
    columns = (
        Column("项目"),
        Column("支部"),
        Column("阶段"),
        Column("事项"),
        Column("应完成日期"),
        Column("逾期天数", "int"),
    )
    rows = tuple(
        (
            _name(o.project),
            _branch(o.project, programme),
            _stage(o.project, programme),
            o.item,
            o.due,
            o.days,
        )
        for o in overdue_items(projects, programme, today)
    )
    title = f"逾期事项\uff08{_scope(year)}\uff0c截至 {today.isoformat()}\uff09"
    return Table("逾期事项", title, columns, rows)


# ---------------------------------------------------------------- (c) money


def funds_table(projects: list[Project], programme: Programme, year: int | None = None) -> Table:
    """Granted, spent, balance and an overspent flag per funded project; a total per year."""
    info = programme.schema
    columns = (
        Column("项目"),
        Column("支部"),
        Column("阶段"),
        Column(info.title(("approval", "grant")), "money"),
        Column("已支出\uff08元\uff09", "money"),
        Column("结余\uff08元\uff09", "money"),
        Column("是否超支"),
    )
    by_year: dict[int, list[Project]] = defaultdict(list)
    for project in _ordered(projects):
        if grant_of(project.data) > 0 or project.data.get("expenses"):
            by_year[_year_of(project) or 0].append(project)
    rows: list[tuple[Cell, ...]] = []
    overall = [Decimal(0), Decimal(0)]
    for project_year in sorted(by_year):
        granted = spent = Decimal(0)
        for project in by_year[project_year]:
            g, s = grant_of(project.data), spent_of(project.data)
            granted, spent = granted + g, spent + s
            rows.append(
                (
                    _name(project),
                    _branch(project, programme),
                    _stage(project, programme),
                    g,
                    s,
                    g - s,
                    YES if s > g else NO,
                )
            )
        rows.append(
            (f"{project_year} 年度{TOTAL}", None, None, granted, spent, granted - spent, None)
        )
        overall = [overall[0] + granted, overall[1] + spent]
    if len(by_year) > 1:
        rows.append(
            ("全部年度" + TOTAL, None, None, overall[0], overall[1], overall[0] - overall[1], None)
        )
    return Table("经费", f"经费\uff08{_scope(year)}\uff09", columns, tuple(rows))


# ---------------------------------------------------------------- (d) award candidates


def candidates_table(
    projects: list[Project], programme: Programme, year: int | None = None
) -> Table:
    """Accepted and awarded projects per year, ranked by total (ties share a rank)."""
    info, settings = programme.schema, programme.settings
    threshold, quota = settings.award_threshold, settings.awards_per_year
    by_year: dict[int, list[tuple[Decimal, Project]]] = defaultdict(list)
    for project in projects:
        if project.stage in AWARD_CANDIDATES:
            total = total_of(project.data, info.criteria)
            by_year[_year_of(project) or 0].append((total or Decimal(0), project))
    rows: list[tuple[Cell, ...]] = []
    for project_year in sorted(by_year):
        ranked = sorted(by_year[project_year], key=lambda tp: (-tp[0], tp[1].path))
        rank = 0
        for i, (total, project) in enumerate(ranked):
            if i == 0 or total != ranked[i - 1][0]:
                rank = i + 1
            awarded = project.stage is Stage.AWARDED or "award" in project.data
            # A nomination in its public notice counts against the quota but is no award yet.
            given = NOTICE if project.stage is Stage.NOMINATED else (YES if awarded else NO)
            rows.append(
                (
                    rank,
                    project_year,
                    _name(project),
                    _branch(project, programme),
                    _stage(project, programme),
                    total,
                    YES if total >= threshold else NO,
                    given,
                )
            )
    columns = (
        Column("名次", "int"),
        Column(info.title(("year",)), "int"),
        Column("项目"),
        Column("支部"),
        Column("阶段"),
        Column(info.title(("acceptance", "total")), "score"),
        Column(f"达到门槛\uff08{threshold} 分\uff09"),
        Column("是否已表彰"),
    )
    title = f"表彰候选\uff08{_scope(year)}\uff1b门槛\uff1a总评分不低于 {threshold} 分\uff1b名额\uff1a每年度至多 {quota} 个\uff09"
    return Table("表彰候选", title, columns, tuple(rows))


# ---------------------------------------------------------------- all four


def build_tables(
    projects: list[Project], programme: Programme, today: date, year: int | None = None
) -> list[Table]:
    """The four report tables for `projects` (already filtered to `year` when given)."""
    return [
        stage_counts(projects, programme, year),
        overdue_table(projects, programme, today, year),
        funds_table(projects, programme, year),
        candidates_table(projects, programme, year),
    ]


def select_year(projects: list[Project], year: int | None) -> list[Project]:
    return [p for p in projects if year is None or _year_of(p) == year]
