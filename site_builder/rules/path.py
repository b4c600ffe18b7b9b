"""PF114/PF115: where the file stands decides its year and its stable URL."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.file_rules import BAD_PATH, YEAR_MISMATCH
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme
from site_builder.core.project import MAX_SLUG, PATH_RE, Project

# The online forms check a new file's name with these too (the rule pack carries them).
MESSAGES = Catalogue(
    {
        "PF114": (
            "文件位置 {path} 不符合 projects/<四位年度>/<简称>.md。简称只用小写字母、数字和连字符\uff0c"
            "如 projects/2026/cs-teachers-01.md。"
        ),
        "PF114.long": "简称 {slug} 超过 {limit} 个字符。请缩短文件名。",
    }
)


def path_problem(path: str) -> str | None:
    """Chinese reason why `path` is not a valid project path, or None."""
    match = PATH_RE.fullmatch(path)
    if match is None:
        return MESSAGES("PF114", path=path)
    if len(match.group("slug")) > MAX_SLUG:
        return MESSAGES("PF114.long", slug=match.group("slug"), limit=MAX_SLUG)
    return None


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    problem = path_problem(project.path)
    if problem:
        yield BAD_PATH.at(project.path, (1, 1), problem)
        return
    year = project.data.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and str(year) != project.folder_year:
        yield YEAR_MISMATCH.at(
            project.path,
            project.pos(("year",)),
            f"year\uff08立项年度\uff09为 {year}\uff0c但文件位于 {project.folder_year} 文件夹。"
            f"请把 year 改为 {project.folder_year}\uff0c或把文件移到 projects/{year}/。",
            "year",
        )
