"""PF114/PF115: where the file stands decides its year and its stable URL. PF119: no two names
under projects/ that a Windows or macOS checkout takes for one."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.file_rules import BAD_PATH, YEAR_MISMATCH
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme
from site_builder.core.project import MAX_SLUG, PATH_RE, Collection, Project
from site_builder.core.rule import Rule

COLLIDING = Rule(
    "PF119",
    "名称只有大小写或写法不同",
    "同一文件夹中的两个文件或文件夹\uff0c名称不能只有大小写不同\uff08如 `photo.png` 与 `PHOTO.png`\uff09"
    "\uff0c也不能只是同一个字的不同编码写法\uff1aWindows 和 macOS 把它们当作同一个\uff0c"
    "检出时一个会覆盖另一个\u3002请把其中一个改名\uff08并同时修改正文中的链接\uff09或删除\u3002",
)

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


def _fold(name: str) -> str:
    """A name as a case-insensitive, normalisation-insensitive file system sees it."""
    return unicodedata.normalize("NFC", name).casefold()


def check_all(collection: Collection, programme: Programme) -> Iterator[Diagnostic]:
    """PF119 for every group of paths under projects/ that differ only by case or Unicode
    normalisation, at the level where they first collide (files and folders alike)."""
    groups: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for path in collection.paths:
        parts = path.split("/")
        folded = tuple(_fold(p) for p in parts)
        for depth in range(2, len(parts) + 1):
            groups[folded[:depth]].add("/".join(parts[:depth]))
    for key, same in sorted(groups.items()):
        if len(same) < 2 or len(groups.get(key[:-1], ())) > 1:
            continue  # one name, or its folder already collides
        names = sorted(same)
        kind = "文件" if any(p in collection.paths for p in names) else "文件夹"
        listing = "\u3001".join(names)
        for path in names[1:]:
            yield COLLIDING.at(
                path,
                (1, 1),
                f"{listing} 只有大小写或字符的编码写法不同\uff1a在 Windows 和 macOS 上它们是同一个{kind}\uff0c"
                "检出时一个会覆盖另一个\u3002请把其中一个改名\uff08并同时修改正文中的链接\uff09或删除\u3002",
            )
