"""PR301/PR302: the branch and general branch come from the roster and belong together."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

UNKNOWN_UNIT = Rule(
    "PR301",
    "名册中没有该党总支或支部",
    "`general_branch`(所属党总支)和 `branch`(项目所在支部)必须是名册 data/roster.yml 中的编号。",
)
WRONG_PARENT = Rule(
    "PR302",
    "支部不属于所填党总支",
    "`branch`(项目所在支部)必须属于 `general_branch`(所属党总支)。",
)


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    roster, info = programme.roster, programme.schema
    gb, br = project.data.get("general_branch"), project.data.get("branch")
    if gb not in roster.general_branches:
        known = "、".join(f"{g.id}({g.name})" for g in roster.general_branches.values())
        yield UNKNOWN_UNIT.at(
            project.path,
            project.pos(("general_branch",)),
            f"{info.describe(('general_branch',))}: “{gb}” 不在名册中。可选:{known}。",
            "general_branch",
        )
    if br not in roster.branches:
        hint = ""
        if gb in roster.general_branches:
            ids = roster.general_branches[gb].branches
            hint = "该党总支下的支部:" + "、".join(f"{b}({roster.branches[b].name})" for b in ids)
        yield UNKNOWN_UNIT.at(
            project.path,
            project.pos(("branch",)),
            f"{info.describe(('branch',))}: “{br}” 不在名册中。{hint or '请查阅 data/roster.yml。'}",
            "branch",
        )
    elif gb in roster.general_branches and roster.branches[br].general_branch != gb:
        actual = roster.branches[br].general_branch
        yield WRONG_PARENT.at(
            project.path,
            project.pos(("branch",)),
            f"{info.describe(('branch',))}: “{br}” 属于党总支 {actual}"
            f"({roster.general_branches[actual].name}),不属于 {gb}。"
            f"请把 general_branch 改为 {actual},或改正支部编号。",
            "branch",
        )
