"""PR309: a slug names one project across all years (it is the page's stable address)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.programme import Programme
from site_builder.core.project import Collection
from site_builder.core.rule import Rule

DUPLICATE = Rule(
    "PR309",
    "简称重复",
    "文件名\uff08简称\uff09在所有年度中必须唯一\uff0c它决定项目网页的固定地址。请为新项目换一个简称。",
)


def check_all(collection: Collection, programme: Programme) -> Iterator[Diagnostic]:
    # Paths alone decide this, so the pull-request check needs no file contents for it.
    by_slug: dict[str, list[str]] = defaultdict(list)
    for path in collection.paths:
        if path.endswith(".md"):
            by_slug[path.rsplit("/", 1)[-1].removesuffix(".md")].append(path)
    for slug, same in by_slug.items():
        if len(same) < 2:
            continue
        listing = "、".join(sorted(same))
        for path in same:
            yield DUPLICATE.at(
                path, (1, 1), f"简称 {slug} 被多个文件使用\uff1a{listing}。请把新文件改名。"
            )
