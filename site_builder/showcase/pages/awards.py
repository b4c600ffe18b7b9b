"""The 优秀成果 gallery (awards.md) and one page per award year (awards/<year>.md): award cards
(templates/award-cards.md.j2), the prose in templates/awards.md.j2 and award-year.md.j2."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from urllib.parse import quote

from site_builder.showcase.labels import academic_year, award_name
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.markdown import (
    AWARDS_DIR,
    UNSEARCHED,
    front,
    md_text,
    project_link,
    template,
    up,
)
from site_builder.showcase.public import PublicProject

GALLERY_PAGE = "awards.md"
# The gallery shows the cards of its newest AWARD_YEARS award years; older years are linked.
AWARD_YEARS = 5
ONE_LINE = 60  # characters of a project's summary on an award card


def awarded(views: list[PublicProject]) -> list[PublicProject]:
    """The awarded projects, newest award year first, then by rank and title."""
    found = [v for v in views if v.award_year]
    found.sort(key=lambda v: (-(v.award_year or 0), v.award_rank or "", v.title, v.key))
    return found


def one_line(text: str, limit: int = ONE_LINE) -> str:
    """The first sentence of `text`, cut at `limit` characters."""
    first = re.split(r"(?<=[\u3002\uff01\uff1f!?])", text.strip(), maxsplit=1)[0]
    return first if len(first) <= limit else first[: limit - 1] + "\u2026"


def award_cards(views: list[PublicProject], from_dir: str) -> list[dict[str, str | None]]:
    """The values of templates/award-cards.md.j2 for `views`, escaped for where they land: the
    card's lines are Markdown inside an HTML block (md_text), the placeholder is raw HTML."""
    cards: list[dict[str, str | None]] = []
    for v in views:
        cover = None
        if v.cover:
            cover = f"![]({up(from_dir)}{quote(v.cover, safe='/')})"
        cards.append(
            {
                "link": project_link(v, from_dir),
                "award": md_text(award_name(v.award_year or v.year, v.award_title, v.award_rank)),
                "intake": academic_year(v.year),
                "unit": md_text(v.unit),
                "total": str(v.total) if v.total is not None else "\u2014",
                "line": md_text(one_line(v.summary)),
                "cover": cover,
                "category": re.sub(r"[^a-z0-9-]", "", v.category),
                "placeholder": html.escape(v.category_label),
            }
        )
    return cards


def awards_pages(views: list[PublicProject]) -> dict[str, str]:
    """The gallery: the cards of the newest AWARD_YEARS award years, newest first, and links to
    one page per award year (`awards/<year>.md`), so the gallery does not grow with the years."""
    by_year: dict[int, list[PublicProject]] = defaultdict(list)
    for v in awarded(views):
        by_year[v.award_year or 0].append(v)
    years = list(by_year)  # in award order: the newest year first
    pages: dict[str, str] = {}
    for year in years:
        pages[f"{AWARDS_DIR}/{year}.md"] = front(award_name(year), extra=UNSEARCHED) + template(
            "award-year.md.j2",
            title=award_name(year),
            cards=award_cards(by_year[year], AWARDS_DIR),
        )
    pages[GALLERY_PAGE] = front("优秀成果", extra=UNSEARCHED) + template(
        "awards.md.j2",
        shown=[
            {"title": award_name(y), "cards": award_cards(by_year[y], "")}
            for y in years[:AWARD_YEARS]
        ],
        older=[
            {"title": award_name(y), "link": f"{AWARDS_DIR}/{y}.md"} for y in years[AWARD_YEARS:]
        ],
    )
    return pages


def pages(context: Context) -> dict[str, str]:
    return awards_pages(context.views)
