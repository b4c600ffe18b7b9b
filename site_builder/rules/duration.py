"""PR303: a plan longer than one academic year needs a reason (policy: 若有特殊可在立项时说明)."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

NEEDS_REASON = Rule(
    "PR303",
    "计划周期超过 12 个月须说明",
    "项目原则上在 1 学年内完成。`duration_months`\uff08计划周期\uff09超过 12 时\uff0c必须填写 "
    "`duration_reason`\uff08特殊情况说明\uff09。",
)

# The policy's one academic year; a longer plan needs `duration_reason`.
MAX_MONTHS = 12
MESSAGES = Catalogue(
    {
        "PR303": "{field} 为 {months}\uff0c超过 {limit} 个月\uff0c须填写 {reason}\u3002请添加\u201cduration_reason: \u2026\u201d说明原因\uff0c或把周期改为 {limit} 个月以内\u3002",
    }
)


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    months = project.data.get("duration_months", MAX_MONTHS)
    if months > MAX_MONTHS and not project.data.get("duration_reason"):
        yield NEEDS_REASON.at(
            project.path,
            project.pos(("duration_months",)),
            MESSAGES(
                "PR303",
                field=programme.schema.describe(("duration_months",)),
                months=months,
                limit=MAX_MONTHS,
                reason=programme.schema.describe(("duration_reason",)),
            ),
            "duration_months",
        )
