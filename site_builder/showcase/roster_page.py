"""The roster's public part as a page: general branches and branches with their ids and names, so
nobody has to open data/roster.yml to find an id. Never a login or a panel member: who may change
what is the repository's business, not the site's."""

from __future__ import annotations

from site_builder.core.programme import Programme
from site_builder.showcase.pages.markdown import front, md_text, table

ROSTER_PAGE = "roster.md"
TITLE = "党总支与支部"


def roster_page(programme: Programme) -> str:
    roster, info = programme.roster, programme.schema
    gb_title, branch_title = info.title(("general_branch",)), info.title(("branch",))
    parts = [
        front(TITLE),
        f"# {TITLE}\n\n"
        f"项目文件中的 `general_branch`\uff08{gb_title}\uff09和 `branch`\uff08{branch_title}\uff09"
        "要填下面的**编号**\uff0c不填中文名称\u3002本页由名册 `data/roster.yml` 自动生成\u3002\n\n"
        "第一次提交之前\uff0c还要请人把你的 GitHub 账号登记到名册中\uff0c"
        "见[第一次使用](guide/first-time.md)\u3002\n",
    ]
    for gb in roster.general_branches.values():
        rows = [[f"`{b}`", md_text(roster.branches[b].name)] for b in gb.branches]
        parts.append(
            f"\n## {md_text(gb.name)}\n\n党总支编号\uff08填在 `general_branch`\uff09\uff1a`{gb.id}`\n\n"
            + table(["支部编号\uff08填在 `branch`\uff09", "支部名称"], rows)
        )
    return "".join(parts)
