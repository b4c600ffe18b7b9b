"""What the catalogue's listings share: the listing table (a card per row on a phone), the cut
into pages of at most LISTING_ROWS rows, an index page's table, and stable file names for free
text. The pages themselves are catalogue.py, categories.py, units.py, branches.py and tags.py;
their prose is in templates/listing.md.j2 and listing-index.md.j2."""

from __future__ import annotations

import hashlib
import html
from collections import defaultdict
from collections.abc import Callable, Iterable

from site_builder.showcase.labels import academic_year
from site_builder.showcase.pages.markdown import (
    UNSEARCHED,
    branch_link,
    front,
    md_text,
    project_link,
    table,
    template,
)
from site_builder.showcase.public import PublicProject

# Listings grow with the programme, so each index page links to one page per year, category,
# unit, branch and tag, and each of those is cut into pages of at most LISTING_ROWS projects: no
# page grows with the number of projects (a full page of 100 rows is about 70 KB of HTML; the
# sortable, filterable catalogue is drawn in the browser from the open data instead).
LISTING_ROWS = 100
# The static listings' columns and their headers (also each cell's label on a phone, and the
# names showcase.css picks the short columns by).
COLUMNS = {
    "title": "项目",
    "year": "立项学年",
    "category": "立项方向",
    "unit": "单位",
    "branch": "支部",
    "stage": "阶段",
}


def _cell(v: PublicProject, column: str, from_dir: str) -> str:
    """A link cell is Markdown (markdown="span", read by md_in_html); any other is plain text,
    HTML-escaped and left as it is."""
    if column == "title":  # no label: the title heads the row's card on a phone
        return f'<td markdown="span">{project_link(v, from_dir)}</td>'
    label = COLUMNS[column]
    if column == "branch":
        return f'<td data-label="{label}" markdown="span">{branch_link(v, from_dir)}</td>'
    text = {
        "year": academic_year(v.year),
        "category": v.category_label,
        "unit": v.unit,
        "stage": v.stage_label,
    }[column]
    return f'<td data-label="{label}">{html.escape(text)}</td>'


def listing_table(views: list[PublicProject], from_dir: str, columns: tuple[str, ...]) -> str:
    """A listing as an HTML table (each row a card on a phone, see showcase.css) whose links
    are Markdown, so MkDocs checks and rewrites them as in any page."""
    head = "".join(f'<th scope="col">{COLUMNS[c]}</th>' for c in columns)
    rows = [
        "<tr markdown>" + "".join(_cell(v, c, from_dir) for c in columns) + "</tr>" for v in views
    ]
    return (
        '<table class="showcase-listing" markdown>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody markdown>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
    )


def short_ids(names: Iterable[str]) -> dict[str, str]:
    """Stable ASCII file names for free text (units, tags): a short hash of the text, longer
    only where two names would share one. Adding a unit never renames another unit's page."""
    names = sorted(set(names))
    digests = {n: hashlib.sha256(n.encode("utf-8")).hexdigest() for n in names}
    ids: dict[str, str] = {}
    for name in names:
        size = 8
        while any(digests[o][:size] == digests[name][:size] for o in names if o != name):
            size += 4
        ids[name] = digests[name][:size]
    return ids


def _chunks(views: list[PublicProject]) -> list[list[PublicProject]]:
    return [views[i : i + LISTING_ROWS] for i in range(0, len(views), LISTING_ROWS)] or [[]]


def _page_name(folder: str, key: str, number: int, sep: str = "-") -> str:
    return f"{folder}/{key}.md" if number == 1 else f"{folder}/{key}{sep}{number}.md"


def listing_pages(
    folder: str,
    key: str,
    title: str,
    intro: dict[str, object],
    views: list[PublicProject],
    columns: tuple[str, ...],
    sep: str = "-",
) -> dict[str, str]:
    """One listing (a year, a category, a unit, a branch), cut into pages of at most
    LISTING_ROWS rows: `key.md`, then `key<sep>2.md`, ... (`sep` must keep those names apart
    from every other key's). `intro`: the listing's kind and the values its introduction in
    templates/listing.md.j2 names."""
    chunks = _chunks(views)
    pages: dict[str, str] = {}
    for number, chunk in enumerate(chunks, 1):
        name = _page_name(folder, key, number, sep)
        pager = None
        if len(chunks) > 1:  # every page of the listing, linked from its neighbours by name
            pager = [
                {
                    "number": n,
                    "link": None if n == number else _page_name("", key, n, sep).lstrip("/"),
                }
                for n in range(1, len(chunks) + 1)
            ]
        heading = title if len(chunks) == 1 else f"{title}\uff08第 {number} 页\uff09"
        pages[name] = front(heading, extra=UNSEARCHED) + template(
            "listing.md.j2",
            heading=md_text(heading),
            **intro,
            count=len(views),
            pager=pager,
            table=listing_table(chunk, folder, columns) if chunk else None,
        )
    return pages


def index_table(rows: list[tuple[str, str, int]], first: str) -> str | None:
    """An index page's table: name (linked to its listing, relative to the index), count; None
    when there is no row."""
    if not rows:
        return None
    return table([first, "项目数"], [[f"[{label}]({link})", str(n)] for label, link, n in rows])


def grouped(
    views: list[PublicProject], key: Callable[[PublicProject], str]
) -> dict[str, list[PublicProject]]:
    """`views` by `key`, each group in the views' order."""
    groups: dict[str, list[PublicProject]] = defaultdict(list)
    for v in views:
        groups[key(v)].append(v)
    return groups
