"""`feed.xml`: an Atom 1.0 feed of projects as they become public and as awards are given.

Written with the standard library's ElementTree: Atom is a small fixed vocabulary, and the
serialiser escapes every text and attribute, so no extra dependency is needed.

Reproducible: no build time anywhere. Entry dates are the programme's own dates (approval;
acceptance for an award, see `award_date`), the feed's `updated` is its newest entry's date, and
ids are `tag:` URIs made of the site's host, the project's year and its file name, which never
change once the project is approved (renaming is refused, PT504)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from site_builder.core.process import Stage
from site_builder.core.safetext import safe_text
from site_builder.showcase.labels import award_name
from site_builder.showcase.links import Site
from site_builder.showcase.pages.markdown import project_path
from site_builder.showcase.public import PublicProject

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_PATH = "feed.xml"
MAX_ENTRIES = 100  # the whole history is in api/projects.json
# Dates carry no time of day: entries are dated at midnight, China Standard Time.
TIME_OF_DAY = "T00:00:00+08:00"
FEED_TITLE = "彩神党支部工作\u201c立项活动\u201d\uff1a项目动态"
FEED_SUBTITLE = "新立项的项目\u3001拟表彰项目的公示和新评出的优秀成果\uff0c最新的在前\u3002"
FEED_AUTHOR = "彩神党支部工作\u201c立项活动\u201d"

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    id: str
    date: str  # YYYY-MM-DD
    title: str
    project: PublicProject


def award_date(view: PublicProject) -> str:
    """An award is dated by the acceptance (the award year is the acceptance's year), but never
    before 1 January of the award year when the panel awarded it in a later year."""
    start = f"{view.award_year}-01-01"
    accepted = view.date_of(Stage.ACCEPTED)
    return max(accepted, start) if accepted else start


def entries(views: list[PublicProject], site: Site) -> list[Entry]:
    """Every event, newest first (ties: by id, so the order never depends on the input's)."""
    found: list[Entry] = []
    for v in views:
        approved = v.date_of(Stage.APPROVED)
        if approved:
            found.append(
                Entry(_tag(site, v, Stage.APPROVED), approved, f"新立项\uff1a{v.title}", v)
            )
        if v.stage == Stage.NOMINATED and v.notice_start:
            # 公示: the nomination, dated by the notice's first day, its last day in the title.
            until = f"\uff08至 {v.notice_end}\uff09" if v.notice_end else ""
            title = f"拟表彰公示{until}\uff1a{v.title}"
            found.append(Entry(_tag(site, v, Stage.NOMINATED), v.notice_start, title, v))
        if v.award_year:
            award = award_name(v.award_year, v.award_title, v.award_rank)
            title = f"{award}\uff1a{v.title}"
            found.append(Entry(_tag(site, v, Stage.AWARDED), award_date(v), title, v))
    found.sort(key=lambda e: e.id)
    found.sort(key=lambda e: e.date, reverse=True)
    return found


def _tag(site: Site, v: PublicProject, event: str) -> str:
    return f"tag:{site.host},{v.year}:projects/{v.year}/{v.slug}/{event}"


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    # Every text and attribute made safe: XML 1.0 cannot hold most control characters at all.
    element = ET.SubElement(
        parent, f"{{{ATOM}}}{name}", {k: safe_text(v) for k, v in attrs.items()}
    )
    if text is not None:
        element.text = safe_text(text)
    return element


def atom_feed(views: list[PublicProject], site: Site, today: date) -> str:
    """The feed as text. `today` dates only an empty feed."""
    items = entries(views, site)[:MAX_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: "zh-CN"})
    _sub(feed, "id", site.file(FEED_PATH))
    _sub(feed, "title", FEED_TITLE)
    _sub(feed, "subtitle", FEED_SUBTITLE)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=site.file(FEED_PATH))
    _sub(feed, "link", rel="alternate", type="text/html", href=site.url)
    newest = items[0].date if items else today.isoformat()
    _sub(feed, "updated", newest + TIME_OF_DAY)
    _sub(_sub(feed, "author"), "name", FEED_AUTHOR)
    for item in items:
        v = item.project
        entry = _sub(feed, "entry")
        _sub(entry, "id", item.id)
        _sub(entry, "title", item.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=site.page(project_path(v)))
        _sub(entry, "published", item.date + TIME_OF_DAY)
        _sub(entry, "updated", item.date + TIME_OF_DAY)
        _sub(_sub(entry, "author"), "name", v.branch)
        _sub(entry, "category", term=v.category, label=v.category_label)
        _sub(entry, "summary", v.summary, type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
