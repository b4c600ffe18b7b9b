"""The roster's public part as a page (roster.md): general branches and branches with their ids
and names, so nobody has to open data/roster.yml to find an id. Never a login or a panel member:
who may change what is the repository's business, not the site's. Prose in
templates/roster.md.j2."""

from __future__ import annotations

from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.markdown import front, md_text, table, template

ROSTER_PAGE = "roster.md"
TITLE = "党总支与支部"


def pages(context: Context) -> dict[str, str]:
    roster, info = context.programme.roster, context.programme.schema
    groups = [
        {
            "name": md_text(gb.name),
            "id": gb.id,
            "table": table(
                ["支部编号\uff08填在 `branch`\uff09", "支部名称"],
                [[f"`{b}`", md_text(roster.branches[b].name)] for b in gb.branches],
            ),
        }
        for gb in roster.general_branches.values()
    ]
    page = front(TITLE) + template(
        "roster.md.j2",
        title=TITLE,
        gb_title=info.title(("general_branch",)),
        branch_title=info.title(("branch",)),
        groups=groups,
    )
    return {ROSTER_PAGE: page}
