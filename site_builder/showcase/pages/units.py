"""The units (catalogue/units.md) and one listing per unit (catalogue/units/<id>.md, the id a
short hash of the unit's name); prose in templates/units.md.j2 and listing.md.j2."""

from __future__ import annotations

from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.listings import grouped, index_table, listing_pages, short_ids
from site_builder.showcase.pages.markdown import UNITS_DIR, UNSEARCHED, front, md_text, template


def pages(context: Context) -> dict[str, str]:
    groups = grouped(context.views, lambda v: v.unit)
    ids = short_ids(groups)
    units = sorted(groups)
    rows = [(md_text(u), f"units/{ids[u]}.md", len(groups[u])) for u in units]
    pages = {
        "catalogue/units.md": front("按单位", extra=UNSEARCHED)
        + template("units.md.j2", table=index_table(rows, "单位"))
    }
    for unit in units:
        pages.update(
            listing_pages(
                UNITS_DIR,
                ids[unit],
                unit,
                {"kind": "unit"},
                groups[unit],
                ("title", "year", "category", "branch", "stage"),
            )
        )
    return pages
