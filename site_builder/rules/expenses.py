"""PR310 (warning): spending more than the grant is allowed but should be explained."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.figures import grant_of, spent_of, yuan
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

OVER_GRANT = Rule(
    "PR310",
    "支出超过资助经费",
    "经费支出合计超过立项资助经费。这只是提醒\uff1a请核对金额\uff0c超出部分由支部自行承担。",
    severity="warning",
)


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    if not project.data.get("expenses"):
        return
    spent, grant = spent_of(project.data), grant_of(project.data)
    if spent > grant:
        yield OVER_GRANT.at(
            project.path,
            project.key_pos(("expenses",)),
            f"{programme.schema.describe(('expenses',))} 合计 {yuan(spent)} 元\uff0c超过资助经费 "
            f"{yuan(grant)} 元\uff08超出 {yuan(spent - grant)} 元\uff09。请核对各笔金额。",
            "expenses",
        )
