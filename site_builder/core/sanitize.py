"""HTML sanitising with nh3 (ammonia): what a rendered project page may contain."""

from __future__ import annotations

import nh3

from site_builder.core.safetext import safe_text

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    # Sizes and lazy loading come from the page builder (the body cannot write attributes).
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align"},
    "th": {"align"},
}


def clean_html(html: str) -> str:
    return nh3.clean(
        safe_text(html),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


# Printed forms keep text structure only: no images (they would be requests), no attributes but a
# link's address.
PRINT_TAGS = TAGS - {
    "img",
    "div",
    "span",
    "details",
    "summary",
    "abbr",
    "dl",
    "dt",
    "dd",
    "sub",
    "sup",
}


def clean_print_html(html: str) -> str:
    return nh3.clean(
        safe_text(html),
        tags=PRINT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
