"""PR305/PR306: scores within each criterion's maximum; the total is the reviewers' mean."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.figures import compute_total, to_decimal
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

OVER_MAX = Rule(
    "PR305",
    "得分超过该项满分",
    "每项验收标准的得分不能超过设置文件 data/programme.yml 中该项的满分\uff08默认 20 分\uff09。",
)
TOTAL = Rule(
    "PR306",
    "总评分与各评委得分不符",
    "`acceptance.total`\uff08总评分\uff09是各评委总分的平均值\uff0c保留一位小数\uff08四舍五入\uff09。"
    "可以不填\uff0c由工具计算\uff1b填写时必须与计算结果相等。",
)

MESSAGES = Catalogue(
    {
        "PR305": "{field} 为 {score} 分\uff0c超过该项满分 {top} 分\u3002请改正\u3002",
        "PR306": "{field} 写为 {written}\uff0c但 {count} 位评委总分的平均值为 {computed}\u3002请改为 {computed}\uff0c或删除该行由工具计算\u3002",
    }
)


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    acceptance = project.data.get("acceptance")
    if not acceptance:
        return
    info, rubric = programme.schema, programme.settings.rubric
    scores = acceptance["scores"]
    for i, score in enumerate(scores):
        for criterion in info.criteria:
            top = rubric[criterion]
            if score[criterion] > top:
                path = ("acceptance", "scores", i, criterion)
                yield OVER_MAX.at(
                    project.path,
                    project.pos(path),
                    MESSAGES("PR305", field=info.describe(path), score=score[criterion], top=top),
                    ".".join(map(str, path)),
                )
    written = acceptance.get("total")
    if written is None:
        return
    computed = compute_total(scores, info.criteria)
    if to_decimal(written) != computed:
        yield TOTAL.at(
            project.path,
            project.pos(("acceptance", "total")),
            MESSAGES(
                "PR306",
                field=info.describe(("acceptance", "total")),
                written=written,
                count=len(scores),
                computed=computed,
            ),
            "acceptance.total",
        )
