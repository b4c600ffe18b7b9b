"""HTML sanitising with nh3 (ammonia): what a rendered project page may contain."""

from __future__ import annotations

import html
import re

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


# A scheme (`https:`, `data:` ...), a protocol-relative or site-absolute path (`//`, `/`; a
# browser reads `\\` as `/`): anything but an address relative to the page.
_NOT_RELATIVE = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|[/\\])")
_HIDDEN = re.compile(r"[\s\x00-\x20\u200b-\u200d\u2060]+")


def _own_images_only(element: str, attribute: str, value: str) -> str | None:
    """An image keeps its source only when it is relative to the page (the project's own photo,
    published by the site); every other source is dropped, so no page makes a visitor's browser
    fetch an image from elsewhere, whatever validation missed."""
    if element != "img" or attribute != "src":
        return value  # nh3 asks for every attribute of every element: answer the rest at once
    clean = _HIDDEN.sub("", html.unescape(value)).lower()
    if not clean or _NOT_RELATIVE.match(clean):
        return None
    return value


# Built once: every project page is cleaned with the same settings (nh3.clean would convert them
# for each page).
_PAGE_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    attribute_filter=_own_images_only,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_html(html_text: str) -> str:
    return _PAGE_CLEANER.clean(safe_text(html_text))


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
        # The paragraph indent of a body's indented lines (core.bodytext), the only class kept.
        allowed_classes={"p": {"sb-indent"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
