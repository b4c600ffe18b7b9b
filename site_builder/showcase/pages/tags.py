"""The keywords (tags.md) and one page per keyword (tags/<id>.md) holding the tags plugin's
listing of just that keyword (the tag on a project page links there): one listing of every tag
would hold every project several times over. Prose in templates/tags.md.j2 and tag.md.j2."""

from __future__ import annotations

import json
from collections import Counter

from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.listings import index_table, short_ids
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


def page_tags(v: PublicProject) -> list[str]:
    """The tags a project page carries: its category, then its keywords."""
    return list(dict.fromkeys([v.category_label, *v.tags]))


def pages(context: Context) -> dict[str, str]:
    counts: Counter[str] = Counter()
    for v in context.views:
        counts.update(page_tags(v))
    ids = short_ids(counts)
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    rows = [(md_text(t), f"{TAGS_DIR}/{ids[t]}.md", counts[t]) for t in ordered]
    pages = {
        TAGS_PAGE: front("标签", extra=UNSEARCHED)
        + template("tags.md.j2", table=index_table(rows, "关键词"))
    }
    for tag in ordered:
        # The directive's argument is YAML; JSON is YAML, and the tag is written exactly as the
        # project pages carry it (meta_text), so the plugin matches them.
        listing = json.dumps({"include": [meta_text(tag)], "toc": False}, ensure_ascii=False)
        pages[f"{TAGS_DIR}/{ids[tag]}.md"] = front(tag, extra=UNSEARCHED) + template(
            "tag.md.j2",
            tag=md_text(tag),
            count=counts[tag],
            listing=f"<!-- material/tags {listing} -->",
        )
    return pages
