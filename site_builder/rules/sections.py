"""PB401: the body has the second-level sections its stage needs (policy's own headings).
PB407: no prompt line is left in the body."""

from __future__ import annotations

import re
from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.markdown import headings, lines
from site_builder.core.messages import Catalogue
from site_builder.core.process import PLACEHOLDER, is_prompt, required_sections
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

MISSING = Rule(
    "PB401",
    "缺少正文章节",
    "正文须有与阶段相应的二级标题\uff1a申报时“## 为什么开展活动”“## 怎样开展活动”“## 预期目标”\uff0c"
    "中期检查起加\u201c## 中期进展\u201d\uff0c结题起加\u201c## 结题报告\u201d\u3002"
    "标题以两个英文井号开头\uff0c`##` 后有一个空格\uff0c文字与规定完全一致\u3002",
)

UNFINISHED = Rule(
    "PB407",
    "正文仍有待填写的提示",
    f"`python -m site_builder new` 和申报指南的模板在各章节下写了以\u201c{PLACEHOLDER}\u201d开头的提示行\u3002"
    "请把它换成实际内容后再提交\uff08只删去括号或改动标点也仍算提示\uff09\u3002",
)

MESSAGES = Catalogue(
    {
        "PB401": "{need}\uff08{hint}\uff09\u3002请在正文中加入这一行标题并填写内容\u3002",
        "PB401.need": "阶段为 {stage}\uff08{label}\uff09时\uff0c正文须有章节\u201c## {heading}\u201d",
        "PB401.near": "{need}\u3002{fix}",
        "PB401.want": "请把这一行改为\u201c## {heading}\u201d",
        "PB401.words": "这一行\u201c{shown}\u201d的标题文字要与规定完全一致\u3002{want}\u3002",
        "PB401.full_width_hash": "这一行\u201c{shown}\u201d用了中文井号\u201c\uff03\u201d\u3002{want}\uff0c`##` 是两个英文井号\u3002",
        "PB401.no_hashes": "这一行\u201c{shown}\u201d要写成二级标题\u3002{want}\uff08前面加 `## `\uff09\u3002",
        "PB401.hash_count": "这一行\u201c{shown}\u201d的井号个数不对\uff1a章节标题用两个井号 `##`\u3002{want}\u3002",
        "PB401.no_space": "这一行\u201c{shown}\u201d中 `##` 后要有一个空格\u3002{want}\u3002",
        "PB401.wide_space": "这一行\u201c{shown}\u201d中 `##` 后要用英文空格\uff0c不能用全角空格\u3002{want}\u3002",
        "PB401.indented": "这一行\u201c{shown}\u201d前面不要有空格\u3002{want}\u3002",
        "PB401.exact": "{want}\uff0c标题文字要与规定完全一致\u3002",
        # What keeps a text from standing as one section's content (the online forms ask for
        # each section alone; section_problems).
        "PB401.inner": (
            "这一行\u201c{shown}\u201d是二级标题\uff0c会把正文分成新的一节\u3002小标题请用\u201c### \u201d\u3002"
        ),
        "PB401.open_fence": (
            "代码块没有结束\uff1a以 ``` 或 ~~~ 开始的代码块要用同样的一行结束\uff0c"
            "否则后面的章节标题都会被当作代码\u3002"
        ),
        "PB407": "这一行仍是待填写的提示{where}\u3002请把它换成实际内容\uff0c不要保留提示文字\u3002",
        "PB407.where": "\uff08\u201c## {section}\u201d一节\uff09",
    }
)

# A line that was meant as a section heading: hash signs of either width (or none), then text.
HEADING_LIKE = re.compile("^[ \t]*([#\uff03]*)([ \t\u3000]*)(.*?)[ \t#\uff03]*$")
# Decoration around a heading's text: bold marks, trailing colons, spaces.
DECORATION = "*_ \t\u3000:\uff1a"


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    yield from check_unfinished(project, programme)
    stage = project.stage
    if stage is None:
        return
    present = headings(project.body)
    label = stage.label
    for section in required_sections(stage):
        if section.heading in present:
            continue
        need = MESSAGES("PB401.need", stage=stage, label=label, heading=section.heading)
        near = _near_miss(project.body, section.heading)
        if near is not None:
            index, fix = near
            yield MISSING.at(
                project.path,
                (project.doc.body_line + index, 1),
                MESSAGES("PB401.near", need=need, fix=fix),
            )
            continue
        yield MISSING.at(
            project.path,
            (project.doc.body_line, 1),
            MESSAGES("PB401", need=need, hint=section.hint),
        )


def _near_miss(body: str, heading: str) -> tuple[int, str] | None:
    """The first line outside code meant as `heading` but not written as its second-level
    heading: (0-based index in the body, what to change)."""
    for i, line, code, found in lines(body):
        if code or heading not in line:
            continue
        variant = _near_variant(line, found, heading)
        if variant is not None:
            want = MESSAGES("PB401.want", heading=heading)
            return i, MESSAGES(f"PB401.{variant}", shown=line.strip(), want=want)
    return None


def _near_variant(line: str, found: str | None, heading: str) -> str | None:
    """Which PB401 hint fits a line holding `heading` (`found`: its heading text, if any)."""
    if found is not None:  # a second-level heading with other words around the required ones
        return "words"
    hashes, space, text = HEADING_LIKE.match(line).groups()  # type: ignore[union-attr]
    if "\uff03" in hashes:
        return "full_width_hash"
    if text.strip(DECORATION) != heading:
        return None
    if not hashes:
        return "no_hashes"
    if len(hashes) != 2:
        return "hash_count"
    if not space:
        return "no_space"
    if "\u3000" in space:
        return "wide_space"
    if line[:1] in " \t":
        return "indented"
    return "exact"


def check_unfinished(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    section: str | None = None
    for i, line, _, heading in lines(project.body):
        if heading is not None:
            section = heading
        elif is_prompt(line):
            where = MESSAGES("PB407.where", section=section) if section else ""
            yield UNFINISHED.at(
                project.path,
                (project.doc.body_line + i, 1),
                MESSAGES("PB407", where=where),
            )


def section_problems(text: str) -> list[tuple[int, str]]:
    """What keeps `text` from standing as one section's content, as (1-based line in `text`,
    message): a second-level heading of its own (it would start another section) or a code block
    left open (it would hide the headings after it)."""
    found = [
        (i + 1, MESSAGES("PB401.inner", shown=line.strip()))
        for i, line, _, heading in lines(text)
        if heading is not None
    ]
    *_, (i, _, _, after) = lines(text + "\n## " + _NEXT)
    if after is None:
        found.append((i, MESSAGES("PB401.open_fence")))
    return found


# A heading standing after a section's text: read as a heading unless a code block is still open.
_NEXT = "x"
