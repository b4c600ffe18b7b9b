"""The catalogue (catalogue/index.md: the browser's sortable, filterable table and the years)
and one listing per year (catalogue/years/<year>.md); prose in templates/catalogue.md.j2 and
listing.md.j2."""

from __future__ import annotations

import html
import json

from site_builder.showcase.labels import academic_year
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.listings import grouped, index_table, listing_pages
from site_builder.showcase.pages.markdown import UNSEARCHED, YEARS_DIR, front, template
from site_builder.showcase.public import PublicProject

CATALOGUE_PAGE = "catalogue/index.md"
# The open data (built by opendata.py), for others to reuse.
OPEN_DATA_PATH = "api/projects.json"
# The slim index (built by slim.py), which the catalogue page's script reads.
SLIM_INDEX_PATH = "api/slim/index.json"


def catalogue_app(context: Context) -> str:
    """The place where docs/javascripts/catalogue.js draws the sortable, filterable table of
    every public project from the slim index. Hidden until the script has the data; the labels
    it shows come from here, so the site names years, directions and stages one way."""
    views, info = context.views, context.programme.schema
    labels = {
        "years": [[y, academic_year(y)] for y in sorted({v.year for v in views}, reverse=True)],
        "categories": [[key, label] for key, label in info.categories.items()],
        "stages": [[s.value, s.label] for s in info.stages if s.public],
    }
    text = html.escape(json.dumps(labels, ensure_ascii=False), quote=True)
    # The catalogue is catalogue/index.md: its address is a folder under any URL style.
    return (
        f'<div class="showcase-catalogue" data-api="../{SLIM_INDEX_PATH}" '
        f'data-labels="{text}" hidden></div>\n'
    )


def pages(context: Context) -> dict[str, str]:
    views = context.views
    groups: dict[str, list[PublicProject]] = grouped(views, lambda v: str(v.year))
    years = sorted(groups, reverse=True)
    rows = [(academic_year(int(y)), f"years/{y}.md", len(groups[y])) for y in years]
    pages = {
        CATALOGUE_PAGE: front("全部项目", extra=UNSEARCHED)
        + template(
            "catalogue.md.j2",
            count=len(views),
            app=catalogue_app(context),
            table=index_table(rows, "立项学年"),
        )
    }
    for y in years:
        pages.update(
            listing_pages(
                YEARS_DIR,
                y,
                academic_year(int(y)) + "立项",
                {"kind": "year"},
                groups[y],
                ("title", "category", "unit", "branch", "stage"),
            )
        )
    return pages
