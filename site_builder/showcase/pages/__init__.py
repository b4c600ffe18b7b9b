"""The showcase's generated pages: docs-relative path → Markdown, from public views only.

Pure: no MkDocs here. The plugin adds these as virtual files; `export` writes them to disk.

One module per kind of page, each with `pages(context) -> {path: Markdown}` (`context.Context`:
the public views, the programme, today, the site's address), listed in order in `KINDS`; their prose is in
showcase/templates/, their shared helpers (front matter, tables, escaping, paths and links) in
`markdown.py`. Questions about the schema go to `Programme.schema` (core/programme.py), questions
about stages and transitions to core/process.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from site_builder.core.media import MediaFacts
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.showcase.links import Site
from site_builder.showcase.pages import (
    awards,
    branches,
    catalogue,
    categories,
    data_format,
    home,
    open_data,
    project,
    roster,
    rubric,
    rules_reference,
    statistics,
    tags,
    units,
)
from site_builder.showcase.pages.awards import (
    AWARD_YEARS,
    ONE_LINE,
    award_cards,
    awards_pages,
    one_line,
)
from site_builder.showcase.pages.catalogue import OPEN_DATA_PATH
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.home import APPLY_PAGE, cycle_year
from site_builder.showcase.pages.listings import LISTING_ROWS, short_ids
from site_builder.showcase.pages.markdown import (
    AWARDS_DIR,
    BRANCHES_DIR,
    CATEGORIES_DIR,
    PROJECT_DIR,
    TAGS_DIR,
    UNITS_DIR,
    UNSEARCHED,
    YEARS_DIR,
    branch_path,
    md_text,
    meta_text,
    project_path,
)
from site_builder.showcase.pages.project import INFO_CLASS
from site_builder.showcase.public import PublicProject, public_view

__all__ = [
    "APPLY_PAGE",
    "AWARDS_DIR",
    "AWARD_YEARS",
    "BRANCHES_DIR",
    "CATEGORIES_DIR",
    "INFO_CLASS",
    "KINDS",
    "LISTING_ROWS",
    "ONE_LINE",
    "OPEN_DATA_PATH",
    "PROJECT_DIR",
    "SUBPAGE_DIRS",
    "TAGS_DIR",
    "UNITS_DIR",
    "UNSEARCHED",
    "YEARS_DIR",
    "Context",
    "award_cards",
    "awards_pages",
    "branch_path",
    "build_pages",
    "cycle_year",
    "md_text",
    "meta_text",
    "one_line",
    "pages_of",
    "project_path",
    "public_views",
    "short_ids",
]

# Every kind of generated page, in the order the pages are handed to MkDocs.
KINDS = (
    home,
    rubric,
    data_format,
    rules_reference,
    awards,
    catalogue,
    categories,
    units,
    branches,
    tags,
    project,
    statistics,
    open_data,
    roster,
)
# Generated pages reached from an index page or a listing rather than the sidebar.
SUBPAGE_DIRS = (
    PROJECT_DIR,
    AWARDS_DIR,
    YEARS_DIR,
    CATEGORIES_DIR,
    UNITS_DIR,
    BRANCHES_DIR,
    TAGS_DIR,
)


def public_views(
    projects: list[Project],
    programme: Programme,
    media: Mapping[str, MediaFacts] | None = None,
) -> list[PublicProject]:
    """The public views of `projects` (already valid), newest year first; the others dropped.
    `media` (path → facts) gives the project pages their photos and documents."""
    views = [v for v in (public_view(p, programme, media) for p in projects) if v is not None]
    views.sort(key=lambda v: (-v.year, v.title, v.slug))
    return views


def build_pages(
    projects: list[Project],
    programme: Programme,
    today: date,
    media: Mapping[str, MediaFacts] | None = None,
) -> dict[str, str]:
    """Every generated page. `projects` must already be valid; non-public ones are dropped here."""
    return pages_of(public_views(projects, programme, media), programme, today)


def pages_of(
    views: list[PublicProject], programme: Programme, today: date, site: Site | None = None
) -> dict[str, str]:
    """Every generated page of `views` (public views only), kind by kind; without the site's
    address, every page but the open-data page."""
    context = Context(views, programme, today, site)
    pages: dict[str, str] = {}
    for kind in KINDS:
        made = kind.pages(context)
        clash = pages.keys() & made.keys()
        assert not clash, f"two kinds of page write {sorted(clash)}"
        pages.update(made)
    return pages
