"""The keywords (tags.md) and one listing per keyword (tags/<id>.md, cut into pages of
LISTING_ROWS rows like every listing: tags/<id>-2.md, ...). The tag on a project page links to
its keyword's first page (`tag_pages` in the page's front matter, read by
overrides/partials/tags.html). Not the tags plugin's listings: a keyword of 800 projects made one
page of 151 KB, and the plugin cannot cut a listing into pages. Prose in templates/tags.md.j2 and
listing.md.j2."""

from __future__ import annotations

from collections import Counter

from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.listings import index_table, listing_pages, short_ids
from site_builder.showcase.pages.markdown import (
    TAGS_DIR,
    UNSEARCHED,
    front,
    md_text,
    meta_text,
    template,
)
from site_builder.showcase.public import PublicProject

TAGS_PAGE = "tags.md"
COLUMNS = ("title", "year", "unit", "stage")


def page_tags(v: PublicProject) -> list[str]:
    """The tags a project page carries: its category, then its keywords."""
    return list(dict.fromkeys([v.category_label, *v.tags]))


def tag_ids(views: list[PublicProject]) -> dict[str, str]:
    """Every tag → its listing's file name (without .md) in TAGS_DIR."""
    return short_ids(t for v in views for t in page_tags(v))


def tag_pages(views: list[PublicProject], directory_urls: bool = True) -> dict[str, dict[str, str]]:
    """Each project's key → {its tag as the page's meta holds it → its listing's address,
    relative to the site's root}."""
    ids = tag_ids(views)
    end = "/" if directory_urls else ".html"
    return {v.key: {meta_text(t): f"{TAGS_DIR}/{ids[t]}{end}" for t in page_tags(v)} for v in views}


def pages(context: Context) -> dict[str, str]:
    carrying: dict[str, list[PublicProject]] = {}  # newest year first, as the views
    for v in context.views:
        for t in page_tags(v):
            carrying.setdefault(t, []).append(v)
    counts = Counter({t: len(vs) for t, vs in carrying.items()})
    ids = short_ids(counts)
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    rows = [(md_text(t), f"{TAGS_DIR}/{ids[t]}.md", counts[t]) for t in ordered]
    pages = {
        TAGS_PAGE: front("标签", extra=UNSEARCHED)
        + template("tags.md.j2", table=index_table(rows, "关键词"))
    }
    for tag in ordered:
        # A hashed name is hexadecimal: "<id>-2" is never another tag's name.
        title = f"\u6807\u7b7e\uff1a{tag}"  # 标签：
        pages.update(
            listing_pages(TAGS_DIR, ids[tag], title, {"kind": "tag"}, carrying[tag], COLUMNS)
        )
    return pages
