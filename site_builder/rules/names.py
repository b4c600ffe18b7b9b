"""PR311: each item of a name list (executors, tags) holds one name, not several run together.
PR314 (a warning): an executor written as several names separated by spaces (`赵强 刘洋`).

Names typed in brackets with full-width commas (U+FF0C) load as ONE name: those commas are text to
YAML. The validator never guesses where a name ends; it names the character and shows the list
written right. (`new` and the forms split such input themselves.)"""

from __future__ import annotations

import re
from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

LIST_FIELDS = ("executors", "tags")
# What people type between names; `new` splits on the same characters (a test holds them equal).
SEPARATORS = {
    "\uff0c": "中文逗号\u201c\uff0c\u201d",
    "\u3001": "顿号\u201c\u3001\u201d",
    "\uff1b": "中文分号\u201c\uff1b\u201d",
    ",": "英文逗号\u201c,\u201d",
    ";": "英文分号\u201c;\u201d",
}
SPLIT = re.compile("[" + re.escape("".join(SEPARATORS)) + "]+")
# Two or more Chinese names of 2 to 4 characters with spaces (half- or full-width) between: one
# entry that looks like several people (the whole entry: fullmatch). A warning only: a name may
# really hold a space.
PEOPLE_FIELD = "executors"
SEVERAL = re.compile("[\u4e00-\u9fff]{2,4}(?:[ \u3000]+[\u4e00-\u9fff]{2,4})+")
SPACES = re.compile("[ \u3000]+")

MESSAGES = Catalogue(
    {
        "PR311": "{field} 的第 {number} 项\u201c{item}\u201d中有{chars}\uff0c整项会被当成一个{title}\u3002方括号中的各项之间要用英文逗号加空格分开\uff0c写成 {key}: [{parts}]\u3002",
        "PR314": "{field} 的第 {number} 项\u201c{item}\u201d像是用空格隔开的 {count} 个人名\uff0c会被当成一个人\u3002如果是几个人\uff0c请分开写成 {key}: [{parts}]\uff1b如果确是一个人的名字\uff0c可以不改\u3002",
    }
)

RUN_TOGETHER = Rule(
    "PR311",
    "一项中写了多个名字或关键词",
    "`executors`\uff08项目执行者\uff09和 `tags`\uff08关键词\uff09的每一项只写一个名字或关键词\u3002"
    "方括号中的各项之间用英文逗号加空格分开\uff0c如 `executors: [刘洋, 何欣, 张小龙]`\uff1b"
    "中文逗号\u201c\uff0c\u201d\u3001顿号\u201c\u3001\u201d或分号在 YAML 中只是文字\uff0c"
    "写在方括号中会让几个名字变成一项\u3002",
)

SEVERAL_NAMES = Rule(
    "PR314",
    "一项像是用空格隔开的几个人名",
    "`executors`\uff08项目执行者\uff09的一项写成\u201c赵强 刘洋\u201d这样用空格隔开的几个两到四字的名字时\uff0c"
    "会被当成一个人\u3002这是警告\uff0c不影响合并\uff1a是几个人就分开写\uff0c如 `executors: [赵强, 刘洋]`\uff1b"
    "确是一个人的名字可以不改\u3002在线申报会自动把空格隔开的名字分开\u3002",
    severity="warning",
)


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    info = programme.schema
    for key in LIST_FIELDS:
        items = project.data.get(key)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, str):
                continue
            found = [name for char, name in SEPARATORS.items() if char in item]
            if not found:
                continue
            parts = [p.strip() for x in items for p in SPLIT.split(str(x)) if p.strip()]
            chars = "\u3001".join(found)
            yield RUN_TOGETHER.at(
                project.path,
                project.pos((key, index)),
                MESSAGES(
                    "PR311",
                    field=info.describe((key,)),
                    number=index + 1,
                    item=item,
                    chars=chars,
                    title=info.title((key, index)),
                    key=key,
                    parts=", ".join(parts),
                ),
                key,
            )
            break
    yield from check_spaces(project, programme)


def check_spaces(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    """PR314: the first executor entry that looks like several space-separated names."""
    items = project.data.get(PEOPLE_FIELD)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if not isinstance(item, str) or not SEVERAL.fullmatch(item):
            continue
        parts = [p for x in items if isinstance(x, str) for p in _people(x)]
        info = programme.schema
        yield SEVERAL_NAMES.at(
            project.path,
            project.pos((PEOPLE_FIELD, index)),
            MESSAGES(
                "PR314",
                field=info.describe((PEOPLE_FIELD,)),
                number=index + 1,
                item=item,
                count=len(SPACES.split(item)),
                key=PEOPLE_FIELD,
                parts=", ".join(parts),
            ),
            PEOPLE_FIELD,
        )
        return


def _people(item: str) -> list[str]:
    return SPACES.split(item) if SEVERAL.fullmatch(item) else [item]
