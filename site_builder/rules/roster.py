"""PR301/PR302: the branch and general branch come from the roster and belong together."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme, Roster
from site_builder.core.project import Project
from site_builder.core.rule import Rule

UNKNOWN_UNIT = Rule(
    "PR301",
    "名册中没有该党总支或支部",
    "`general_branch`\uff08所属党总支\uff09和 `branch`\uff08项目所在支部\uff09必须是名册 data/roster.yml 中的编号。",
)
WRONG_PARENT = Rule(
    "PR302",
    "支部不属于所填党总支",
    "`branch`\uff08项目所在支部\uff09必须属于 `general_branch`\uff08所属党总支\uff09。",
)

MESSAGES = Catalogue(
    {
        "PR301.page": "网站\u201c党总支与支部\u201d页列出了全部编号\u3002",
        "PR301.general_branch_name": "\u201c{value}\u201d是党总支的名称\uff0c这里要填它的编号 {id}\u3002",
        "PR301.general_branches": "可选\uff1a{known}\u3002{page}",
        "PR301.branch_name": "\u201c{value}\u201d是支部的名称\uff0c这里要填它的编号 {id}\u3002",
        "PR301.unknown_parent": "所填的党总支\u201c{general_branch}\u201d也不在名册中\uff0c请先改正 general_branch\uff08所属党总支\uff09\uff0c再从它的支部中选择\u3002{also}",
        "PR301.guess": "是不是 {id}\uff08{name}\uff09\uff1f",
        "PR301.branches": "{guess}{id}\uff08{name}\uff09下的支部可选\uff1a{listed}\u3002{page}",
        "PR301.choice": "{id}\uff08{name}\uff09",
    }
)


def general_branch_hint(roster: Roster, value: object) -> str:
    """What to write instead of `value` in `general_branch`: the id of the general branch it
    names, or every general branch."""
    for gb in roster.general_branches.values():
        if value == gb.name:
            return MESSAGES("PR301.general_branch_name", value=value, id=gb.id)
    known = "\u3001".join(
        MESSAGES("PR301.choice", id=g.id, name=g.name) for g in roster.general_branches.values()
    )
    return MESSAGES("PR301.general_branches", known=known, page=MESSAGES("PR301.page"))


def branch_hint(
    roster: Roster, general_branch: object, value: object, *, list_general: bool = True
) -> str:
    """What to write instead of `value` in `branch`: the id of the branch it names, else the
    branches of `general_branch` (or, when that is unknown too, the general branches unless
    `list_general` is false: another message lists them)."""
    for branch in roster.branches.values():
        if value == branch.name:
            return MESSAGES("PR301.branch_name", value=value, id=branch.id)
    gb = roster.general_branches.get(general_branch) if isinstance(general_branch, str) else None
    if gb is None:
        also = general_branch_hint(roster, None) if list_general else ""
        return MESSAGES("PR301.unknown_parent", general_branch=general_branch, also=also)
    names = {b: roster.branches[b].name for b in gb.branches}
    guess = ""
    if isinstance(value, str) and len(value) >= 2:
        like = [b for b, name in names.items() if value in name]
        if len(like) == 1:
            guess = MESSAGES("PR301.guess", id=like[0], name=names[like[0]])
    listed = "\u3001".join(MESSAGES("PR301.choice", id=b, name=name) for b, name in names.items())
    return MESSAGES(
        "PR301.branches",
        guess=guess,
        id=gb.id,
        name=gb.name,
        listed=listed,
        page=MESSAGES("PR301.page"),
    )


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    roster, info = programme.roster, programme.schema
    gb, br = project.data.get("general_branch"), project.data.get("branch")
    if gb not in roster.general_branches:
        yield UNKNOWN_UNIT.at(
            project.path,
            project.pos(("general_branch",)),
            f"{info.describe(('general_branch',))}\uff1a\u201c{gb}\u201d不在名册中\u3002"
            + general_branch_hint(roster, gb),
            "general_branch",
        )
    if br not in roster.branches:
        yield UNKNOWN_UNIT.at(
            project.path,
            project.pos(("branch",)),
            f"{info.describe(('branch',))}\uff1a\u201c{br}\u201d不在名册中\u3002"
            + branch_hint(roster, gb, br, list_general=False),
            "branch",
        )
    elif gb in roster.general_branches and roster.branches[br].general_branch != gb:
        actual = roster.branches[br].general_branch
        yield WRONG_PARENT.at(
            project.path,
            project.pos(("branch",)),
            f"{info.describe(('branch',))}\uff1a“{br}”属于党总支 {actual}"
            f"\uff08{roster.general_branches[actual].name}\uff09\uff0c不属于 {gb}。"
            f"请把 general_branch 改为 {actual}\uff0c或改正支部编号。",
            "branch",
        )
