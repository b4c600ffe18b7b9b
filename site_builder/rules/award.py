"""PR307/PR308/PR312: who may be awarded, in which year, and how many a year (policy: 85 分以上,
1—3 个). The award year is the year of the acceptance (`acceptance.date`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.figures import total_of
from site_builder.core.messages import Catalogue
from site_builder.core.process import Stage
from site_builder.core.programme import Programme
from site_builder.core.project import Collection, Project
from site_builder.core.rule import Rule

NOT_ELIGIBLE = Rule(
    "PR307",
    "不符合表彰条件",
    "优秀成果须通过验收\uff08`acceptance.result: passed`\uff09\uff0c且总评分不低于设置中的门槛\uff08默认 85 分\uff09。",
)
QUOTA = Rule(
    "PR308",
    "表彰数量超过上限",
    "每个表彰年度评出的优秀成果不超过设置中的上限\uff08默认 3 个\uff09\uff0c拟表彰\uff08公示中\uff09和已表彰的合并计算\uff0c按所有项目文件统计。",
)

WRONG_YEAR = Rule(
    "PR312",
    "表彰年度不是验收年度",
    "`award.year`\uff08表彰年度\uff09须是验收评审日期 `acceptance.date` 所在的年份\uff1a优秀成果在验收那一年评出\uff0c"
    "每年的名额也按这一年统计。",
)

NOTICE_DATE = Rule(
    "PR313",
    "公示开始日期缺失或有误",
    "拟表彰\uff08`nominated`\uff09的项目须在 `award.notice_start` 写明公示开始日期\uff08设置了公示期时\uff09"
    "\uff0c且不能早于验收评审日期 `acceptance.date`\u3002",
)

MESSAGES = Catalogue(
    {
        "PR307": "{field}\uff1a该项目{problems}\uff0c不能评为优秀成果\u3002请删除 award\uff0c或核对验收评审\u3002",
        "PR307.not_passed": "尚未通过验收",
        "PR307.low": "总评分为 {total}\uff0c低于 {threshold} 分",
        "PR307.no_total": "无",
        "PR312": "{field} 为 {written}\uff0c但 {date_field} 为 {date}\u3002表彰年度是验收那一年\uff0c请改为 {year}\u3002",
    }
)

DATE_YEAR = re.compile(r"([0-9]{4})-[0-9]{2}-[0-9]{2}")


def award_year(project: Project) -> int | None:
    """The year an award counts in: that of `acceptance.date`, else the `award.year` written
    (a project awarded without an acceptance is reported by PR307)."""
    date = project.get("acceptance", "date")
    match = DATE_YEAR.fullmatch(date) if isinstance(date, str) else None
    if match:
        return int(match.group(1))
    year = project.get("award", "year")
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    if "award" not in project.data:
        return
    yield from _check_year(project, programme)
    yield from _check_notice(project, programme)
    acceptance = project.data.get("acceptance") or {}
    threshold = programme.settings.award_threshold
    total = total_of(project.data, programme.schema.criteria)
    problems = []
    if acceptance.get("result") != "passed":
        problems.append(MESSAGES("PR307.not_passed"))
    if total is None or total < threshold:
        shown = total if total is not None else MESSAGES("PR307.no_total")
        problems.append(MESSAGES("PR307.low", total=shown, threshold=threshold))
    if problems:
        yield NOT_ELIGIBLE.at(
            project.path,
            project.key_pos(("award",)),
            MESSAGES(
                "PR307",
                field=programme.schema.describe(("award",)),
                problems="\u3001".join(problems),
            ),
            "award",
        )


def _check_year(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    written, year = project.get("award", "year"), award_year(project)
    if not isinstance(written, int) or year is None or written == year:
        return
    info = programme.schema
    yield WRONG_YEAR.at(
        project.path,
        project.pos(("award", "year")),
        MESSAGES(
            "PR312",
            field=info.describe(("award", "year")),
            written=written,
            date_field=info.describe(("acceptance", "date")),
            date=project.get("acceptance", "date"),
            year=year,
        ),
        "award.year",
    )


def check_all(collection: Collection, programme: Programme) -> Iterator[Diagnostic]:
    # Only awarded files matter: the pull-request check loads just those (found by `git grep`).
    by_year: dict[int, list[Project]] = defaultdict(list)
    for project in collection.projects:
        year = award_year(project) if isinstance(project.data.get("award"), dict) else None
        if year is not None:
            by_year[year].append(project)
    limit = programme.settings.awards_per_year
    for year, awarded in sorted(by_year.items()):
        if len(awarded) <= limit:
            continue
        # Which are awards and which nominations still in their notice: both count.
        ranked = sorted(awarded, key=lambda p: p.path)
        groups = (
            ("已表彰", [p.key for p in ranked if p.stage is not Stage.NOMINATED]),
            ("拟表彰", [p.key for p in ranked if p.stage is Stage.NOMINATED]),
        )
        kinds = "\uff1b".join(
            f"{label}\uff1a" + "\u3001".join(keys) for label, keys in groups if keys
        )
        for project in awarded:
            yield QUOTA.at(
                project.path,
                project.pos(("award", "year")),
                f"{year} 年度的优秀成果和拟表彰项目共 {len(awarded)} 个\uff08{kinds}\uff09"
                f"\uff0c超过上限 {limit} 个\u3002请评审组确定名单后删除多余的 award\uff08评比表彰\uff09\u3002",
                "award.year",
            )


def _check_notice(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    info = programme.schema
    start = project.get("award", "notice_start")
    accepted = project.get("acceptance", "date")
    if project.stage is Stage.NOMINATED and start is None and programme.settings.notice_days:
        yield NOTICE_DATE.at(
            project.path,
            project.key_pos(("award",)),
            f"项目处于\u201c{project.stage.label}\u201d阶段\uff0c{info.describe(('award',))} 须写明 "
            f"notice_start\uff08{info.title(('award', 'notice_start'))}\uff09\uff0c"
            "如 notice_start: 2027-06-01\u3002",
            "award.notice_start",
        )
    elif isinstance(start, str) and isinstance(accepted, str) and start < accepted:
        yield NOTICE_DATE.at(
            project.path,
            project.pos(("award", "notice_start")),
            f"{info.describe(('award', 'notice_start'))} 为 {start}\uff0c早于 "
            f"{info.describe(('acceptance', 'date'))} {accepted}\u3002公示在验收之后\uff0c请改正日期\u3002",
            "award.notice_start",
        )
