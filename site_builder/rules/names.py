"""PR311: each item of a name list (executors, tags) holds one name, not several run together.

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

MESSAGES = Catalogue(
    {
        "PR311": "{field} 的第 {number} 项\u201c{item}\u201d中有{chars}\uff0c整项会被当成一个{title}\u3002方括号中的各项之间要用英文逗号加空格分开\uff0c写成 {key}: [{parts}]\u3002",
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
