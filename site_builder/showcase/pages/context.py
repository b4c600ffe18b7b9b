"""The one interface of the page kinds: each module of this package that writes pages has
`pages(context) -> {docs-relative path: Markdown}`, and `KINDS` in `__init__` lists them in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from site_builder.core.programme import Programme
from site_builder.showcase.links import Site
from site_builder.showcase.public import PublicProject


@dataclass(frozen=True)
class Context:
    """What a page may be built from: the public views only (newest year first), the programme
    (schema, roster, settings), the day the site is built for and the site's address (None:
    the pages that need it, the open-data page, are left out)."""

    views: list[PublicProject]
    programme: Programme
    today: date
    site: Site | None = None
