"""PB401: the body has the second-level sections its stage needs (policy's own headings)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from site_builder.diagnostics import Diagnostic
from site_builder.programme import Programme
from site_builder.project import Project
from site_builder.rules.base import Rule
from site_builder.workflow import PLACEHOLDER, required_sections

MISSING = Rule(
    "PB401",
    "缺少正文章节",
    "正文须有与阶段相应的二级标题:申报时“## 为什么开展活动”“## 怎样开展活动”“## 预期目标”,"
    "中期检查起加“## 中期进展”,结题起加“## 结题报告”。",
)

UNFINISHED = Rule(
    "PB407",
    "正文仍有待填写的提示",
    f"`python -m site_builder new` 在各章节下写了以“{PLACEHOLDER}”开头的提示行。"
    "请把它换成实际内容后再提交。",
)

_H2 = re.compile(r"^ {0,3}##[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def headings(body: str) -> dict[str, int]:
    """Second-level ATX headings outside fenced code, with their 0-based line in the body."""
    found: dict[str, int] = {}
    fence: str | None = None
    for i, line in enumerate(body.split("\n")):
        mark = _FENCE.match(line)
        if mark:
            if fence is None:
                fence = mark.group(1)[0] * 3
            elif line.strip().startswith(fence):
                fence = None
            continue
        if fence is None:
            match = _H2.match(line)
            if match:
                found.setdefault(match.group(1).strip(), i)
    return found


def split_sections(body: str) -> dict[str, str]:
    """The body's second-level sections (outside fenced code): heading → Markdown text.
    A heading that occurs twice keeps its first section, as `headings` reads it."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    fence: str | None = None
    for line in body.split("\n"):
        mark = _FENCE.match(line)
        if mark:
            if fence is None:
                fence = mark.group(1)[0] * 3
            elif line.strip().startswith(fence):
                fence = None
        elif fence is None:
            match = _H2.match(line)
            if match:
                heading = match.group(1).strip()
                current = sections.setdefault(heading, []) if heading not in sections else None
                continue
        if current is not None:
            current.append(line)
    return {k: "\n".join(v).strip("\n") for k, v in sections.items()}


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    yield from check_unfinished(project, programme)
    stage = project.stage
    if stage is None or stage not in programme.schema.stages:
        return
    present = headings(project.body)
    label = programme.schema.label("stage", stage)
    for section in required_sections(stage):
        if section.heading not in present:
            yield MISSING.at(
                project.path,
                (project.doc.body_line, 1),
                f"阶段为 {stage}({label})时,正文须有章节“## {section.heading}”"
                f"({section.hint})。请在正文中加入这一行标题并填写内容。",
            )


def check_unfinished(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    for i, line in enumerate(project.body.split("\n")):
        if line.lstrip().startswith(PLACEHOLDER):
            yield UNFINISHED.at(
                project.path,
                (project.doc.body_line + i, 1),
                f"正文第 {i + 1} 行仍是待填写的提示“{line.strip()[:30]}”。请写上实际内容并删除这一行。",
            )
