"""PR309: a slug names one project across all years (it is the page's stable address)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from site_builder.diagnostics import Diagnostic
from site_builder.programme import Programme
from site_builder.project import Project
from site_builder.rules.base import Rule

DUPLICATE = Rule(
    "PR309",
    "简称重复",
    "文件名(简称)在所有年度中必须唯一,它决定项目网页的固定地址。请为新项目换一个简称。",
)


def check_all(projects: list[Project], programme: Programme) -> Iterator[Diagnostic]:
    by_slug: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        by_slug[project.slug].append(project)
    for slug, same in by_slug.items():
        if len(same) < 2:
            continue
        paths = "、".join(sorted(p.path for p in same))
        for project in same:
            yield DUPLICATE.at(
                project.path, (1, 1), f"简称 {slug} 被多个文件使用:{paths}。请把新文件改名。"
            )
