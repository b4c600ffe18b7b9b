"""PR304: the stage dates follow one another: 填表 ≤ 立项评审 ≤ 中期检查 ≤ 结题 ≤ 验收."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

ORDER = Rule(
    "PR304",
    "日期先后顺序不对",
    "日期须依次不早于前一环节\uff1a填表日期 ≤ 立项评审日期 ≤ 中期检查日期 ≤ 结题日期 ≤ 验收日期。",
)

SEQUENCE: tuple[tuple[str, ...], ...] = (
    ("applied_on",),
    ("approval", "date"),
    ("midterm", "date"),
    ("concluded_on",),
    ("acceptance", "date"),
)

MESSAGES = Catalogue(
    {
        "PR304": "{field} 为 {value}\uff0c早于 {previous} 的 {previous_value}\u3002请核对这两个日期\u3002",
        # A reminder, not a finding: an application dated outside the year's window (the `new`
        # command and the online form /apply/ give it; the panel's report lists such files too).
        "PR304.window": (
            "提醒\uff1a填表日期 {applied} {when} {year} 年的{title}时间\uff08{start} 至 {end}\uff09\u3002"
            "日期填错的\uff0c请改正{where}\uff1b确需在这段时间之外申报的\uff0c请先与评审组联系\u3002"
        ),
        "PR304.where_file": "文件中的 {key}",
        "PR304.where_form": "\u201c{title}\u201d",
        "PR304.late": "晚于",
        "PR304.early": "早于",
    }
)


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    info = programme.schema
    previous: tuple[tuple[str, ...], str] | None = None
    for path in SEQUENCE:
        value = project.get(*path)
        if not isinstance(value, str):
            continue
        # ISO dates (already checked by the schema) compare correctly as text.
        if previous and value < previous[1]:
            yield ORDER.at(
                project.path,
                project.pos(path),
                MESSAGES(
                    "PR304",
                    field=info.describe(path),
                    value=value,
                    previous=info.describe(previous[0]),
                    previous_value=previous[1],
                ),
                ".".join(path),
            )
        previous = (path, value)


def window_warning(applied: str, year: int, programme: Programme, where: str) -> str | None:
    """The reminder for an application dated `applied` (ISO) outside the application window of
    `year`, or None (also without a window in the settings). `where`: what to correct."""
    window = programme.settings.calendar.get("application")
    if window is None:
        return None
    start, end = window.dates(year)
    if start <= applied <= end:
        return None
    when = MESSAGES("PR304.late" if applied > end else "PR304.early")
    return MESSAGES(
        "PR304.window",
        applied=applied,
        when=when,
        year=year,
        title=window.title,
        start=start,
        end=end,
        where=where,
    )
