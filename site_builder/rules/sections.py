"""PB401: the body has the second-level sections its stage needs (policy's own headings)."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.markdown import headings
from site_builder.core.process import PLACEHOLDER, required_sections
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

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
