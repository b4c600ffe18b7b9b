"""PR303: a plan longer than one academic year needs a reason (policy: 若有特殊可在立项时说明)."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

NEEDS_REASON = Rule(
    "PR303",
    "计划周期超过 12 个月须说明",
    "项目原则上在 1 学年内完成。`duration_months`\uff08计划周期\uff09超过 12 时\uff0c必须填写 "
    "`duration_reason`\uff08特殊情况说明\uff09。",
)


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    months = project.data.get("duration_months", 12)
    if months > 12 and not project.data.get("duration_reason"):
        yield NEEDS_REASON.at(
            project.path,
            project.pos(("duration_months",)),
            f"{programme.schema.describe(('duration_months',))} 为 {months}\uff0c超过 12 个月\uff0c"
            f"须填写 {programme.schema.describe(('duration_reason',))}。"
            "请添加“duration_reason: …”说明原因\uff0c或把周期改为 12 个月以内。",
            "duration_months",
        )
