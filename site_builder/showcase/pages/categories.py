"""The directions (catalogue/categories.md) and one listing per direction
(catalogue/categories/<key>.md); prose in templates/categories.md.j2 and listing.md.j2."""

from __future__ import annotations

from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.listings import grouped, index_table, listing_pages
from site_builder.showcase.pages.markdown import CATEGORIES_DIR, UNSEARCHED, front, template


def pages(context: Context) -> dict[str, str]:
    groups = grouped(context.views, lambda v: v.category)
    categories = context.programme.schema.categories
    rows = [
        (label, f"categories/{key}.md", len(groups.get(key, [])))
        for key, label in categories.items()
    ]
    pages = {
        "catalogue/categories.md": front("按立项方向", extra=UNSEARCHED)
        + template("categories.md.j2", table=index_table(rows, "立项方向"))
    }
    for key, label in categories.items():
        pages.update(
            listing_pages(
                CATEGORIES_DIR,
                key,
                label,
                {"kind": "category"},
                groups.get(key, []),
                ("title", "year", "unit", "branch", "stage"),
            )
        )
    return pages
