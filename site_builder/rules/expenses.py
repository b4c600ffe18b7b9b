"""PR310 (warning): spending more than the grant is allowed but should be explained."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.figures import grant_of, spent_of, yuan
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

OVER_GRANT = Rule(
    "PR310",
    "支出超过资助经费",
    "经费支出合计超过立项资助经费。这只是提醒\uff1a请核对金额\uff0c超出部分由支部自行承担。",
    severity="warning",
)

MESSAGES = Catalogue(
    {
        "PR310": "{field} 合计 {spent} 元\uff0c超过资助经费 {grant} 元\uff08超出 {over} 元\uff09\u3002请核对各笔金额\u3002",
    }
)


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    if not project.data.get("expenses"):
        return
    spent, grant = spent_of(project.data), grant_of(project.data)
    if spent > grant:
        yield OVER_GRANT.at(
            project.path,
            project.key_pos(("expenses",)),
            MESSAGES(
                "PR310",
                field=programme.schema.describe(("expenses",)),
                spent=yuan(spent),
                grant=yuan(grant),
                over=yuan(spent - grant),
            ),
            "expenses",
        )
