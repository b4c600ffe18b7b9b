"""What every generated page is written with: its front matter, tables, escaped project text, the
paths of the generated pages and the links between them, and the page templates.

All front-matter text goes through `md_text` (Markdown and HTML escaped) before it lands in a
page, including the values handed to the Markdown templates, which are not autoescaped. Every
module that writes a page (the page kinds in this package, the statistics, roster and open-data
pages) uses these helpers; none spells front matter or a table itself.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable

from site_builder.core.templates import render
from site_builder.showcase.public import PublicProject

# The package whose templates/ folder holds the pages' prose, which staff edit.
PACKAGE = "site_builder.showcase"
PROJECT_DIR = "projects"
YEARS_DIR = "catalogue/years"
CATEGORIES_DIR = "catalogue/categories"
UNITS_DIR = "catalogue/units"
# One page per branch of the roster, `catalogue/branches/<branch id>.md`: other pages (the
# roster's public page) link there by the branch's id.
BRANCHES_DIR = "catalogue/branches"
TAGS_DIR = "tags"
# Every award year has its own page in AWARDS_DIR.
AWARDS_DIR = "awards"
# Front matter of the pages search leaves out (the theme reads it, as Material's search did).
UNSEARCHED = {"search": {"exclude": True}}
# Characters Python-Markdown (with the tables extension) treats as syntax and lets us escape.
_MD_ESCAPE = str.maketrans(
    {c: "\\" + c for c in "\\`*_{}[]()#+-.!|>"} | {"<": "&lt;", "&": "&amp;", "\n": " "}
)


def md_text(text: object) -> str:
    """User text made literal inside Markdown (inline), whatever characters it holds."""
    return str(text).translate(_MD_ESCAPE)


def meta_text(text: object) -> str:
    """User text for page meta (title, tags): the theme inserts it raw into HTML."""
    return html.escape(str(text), quote=True)


def front(title: str, tags: Iterable[str] = (), extra: dict | None = None) -> str:
    """A page's front matter: its title, tags and any `extra` keys (UNSEARCHED)."""
    meta = {"title": meta_text(title), **(extra or {})}
    tags = [meta_text(t) for t in tags]
    if tags:
        meta["tags"] = tags
    # JSON is valid YAML and quotes every string: nothing in it can be read as another type.
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; the cells must already be escaped (md_text) where they hold user text."""
    out = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def template(name: str, /, **values: object) -> str:
    """The page template `name` from showcase/templates/ filled with `values`."""
    return render(PACKAGE, name, **values)


# ------------------------------------------------------------------------- paths and links


def project_path(p: PublicProject) -> str:
    return f"{PROJECT_DIR}/{p.year}/{p.slug}.md"


def branch_path(branch_id: str) -> str:
    return f"{BRANCHES_DIR}/{branch_id}.md"


def up(from_dir: str) -> str:
    """The way from a page in `from_dir` back to the docs root."""
    return "../" * len([x for x in from_dir.split("/") if x])


def project_link(p: PublicProject, from_dir: str) -> str:
    """The project's title linked to its page, from a page in `from_dir`."""
    return f"[{md_text(p.title)}]({up(from_dir)}{project_path(p)})"


def branch_link(p: PublicProject, from_dir: str) -> str:
    """The project's branch linked to the branch's listing, from a page in `from_dir`."""
    return f"[{md_text(p.branch)}]({up(from_dir)}{branch_path(p.branch_id)})"
