"""The roster's branches under their general branches (catalogue/branches.md) and one listing
per branch (catalogue/branches/<branch id>.md), even one with nothing public yet: other pages
link every branch by its id. Prose in templates/branches.md.j2 and listing.md.j2."""

from __future__ import annotations

from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.listings import grouped, index_table, listing_pages
from site_builder.showcase.pages.markdown import (
    BRANCHES_DIR,
    UNSEARCHED,
    branch_path,
    front,
    md_text,
    template,
)


def pages(context: Context) -> dict[str, str]:
    roster = context.programme.roster
    groups = grouped(context.views, lambda v: v.branch_id)
    index = []
    pages: dict[str, str] = {}
    for general in roster.general_branches.values():
        rows = [
            (
                md_text(roster.branches[b].name),
                branch_path(b).removeprefix("catalogue/"),
                len(groups.get(b, [])),
            )
            for b in general.branches
        ]
        index.append({"name": md_text(general.name), "table": index_table(rows, "党支部")})
        for b in general.branches:
            pages.update(
                listing_pages(
                    BRANCHES_DIR,
                    b,
                    roster.branches[b].name,
                    {
                        "kind": "branch",
                        "general": md_text(general.name),
                        "calendar": f"../../calendar/{b}.ics",
                    },
                    groups.get(b, []),
                    ("title", "year", "category", "unit", "stage"),
                    # Branch ids may end in "-2"; none holds "--", so page 2 is never a branch.
                    sep="--",
                )
            )
    pages["catalogue/branches.md"] = front("按支部", extra=UNSEARCHED) + template(
        "branches.md.j2", groups=index
    )
    return pages
