"""The showcase's generated pages: path → Markdown, from public views only.

Pure: no MkDocs here. The plugin adds these as virtual files; `export` writes them to disk. All
front-matter text goes through `md_text` (Markdown and HTML escaped) before it lands in a page,
including the values handed to the Markdown templates, which are not autoescaped.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from urllib.parse import quote

from site_builder.core.figures import yuan
from site_builder.core.markdown import lines
from site_builder.core.media import MediaFacts, fit, own_media_name
from site_builder.core.process import FINAL_STAGES, HEADINGS, SECTIONS, TRANSITIONS, Stage
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import RULES_PAGE
from site_builder.core.templates import render
from site_builder.rules.ruleset import REGISTRY
from site_builder.showcase import forms_pages
from site_builder.showcase.labels import academic_year, award_name
from site_builder.showcase.media import THUMB_SIDE, THUMBS, WEB_SIDE
from site_builder.showcase.public import Photo, PublicProject, public_view

# The package whose templates/ folder holds the prose staff edit (home.md.j2, rubric.md.j2).
PACKAGE = "site_builder.showcase"
PROJECT_DIR = "projects"
# Listings grow with the programme, so each index page links to one page per year, category,
# unit, branch and tag, and each of those is cut into pages of at most LISTING_ROWS projects: no
# page grows with the number of projects (a full page of 100 rows is about 70 KB of HTML; the
# sortable, filterable catalogue is drawn in the browser from the open data instead).
LISTING_ROWS = 100
YEARS_DIR = "catalogue/years"
CATEGORIES_DIR = "catalogue/categories"
UNITS_DIR = "catalogue/units"
# One page per branch of the roster, `catalogue/branches/<branch id>.md`: other pages (the
# roster's public page) link there by the branch's id.
BRANCHES_DIR = "catalogue/branches"
TAGS_DIR = "tags"
# The gallery shows the cards of its newest AWARD_YEARS award years; every award year also has
# its own page in AWARDS_DIR.
AWARDS_DIR = "awards"
AWARD_YEARS = 5
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
# The open data (built by opendata.py), which the catalogue page's script reads.
OPEN_DATA_PATH = "api/projects.json"
# Where the home page's "我要申报" button leads (docs-relative): the online application form.
APPLY_PAGE = forms_pages.APPLY_PAGE
ONE_LINE = 60  # characters of a project's summary on an award card
# Front matter of the pages search leaves out (the theme reads it, as Material's search did).
UNSEARCHED = {"search": {"exclude": True}}
# The class of the parts of a project page that search skips (search_index.EXCLUDE): the info
# table and the timeline, the same fields on every project, and the link back to the catalogue.
INFO_CLASS = "project-info"
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


def project_path(p: PublicProject) -> str:
    return f"{PROJECT_DIR}/{p.year}/{p.slug}.md"


def branch_path(branch_id: str) -> str:
    return f"{BRANCHES_DIR}/{branch_id}.md"


def _up(from_dir: str) -> str:
    """The way from a page in `from_dir` back to the docs root."""
    return "../" * len([x for x in from_dir.split("/") if x])


def _link(p: PublicProject, from_dir: str) -> str:
    return f"[{md_text(p.title)}]({_up(from_dir)}{project_path(p)})"


def _branch_link(p: PublicProject, from_dir: str) -> str:
    return f"[{md_text(p.branch)}]({_up(from_dir)}{branch_path(p.branch_id)})"


def _front(title: str, tags: Iterable[str] = (), extra: dict | None = None) -> str:
    meta = {"title": meta_text(title), **(extra or {})}
    tags = [meta_text(t) for t in tags]
    if tags:
        meta["tags"] = tags
    # JSON is valid YAML and quotes every string: nothing in it can be read as another type.
    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def cycle_year(today: date) -> int:
    """The programme year under way: a cycle starts with design in April."""
    return today.year if today.month >= 4 else today.year - 1


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


def pages_of(views: list[PublicProject], programme: Programme, today: date) -> dict[str, str]:
    pages = {
        "index.md": home_page(views, programme, today),
        "rubric.md": rubric_page(programme),
        "data-format.md": data_format_page(programme),
        RULES_PAGE: rules_reference_page(),
    }
    pages.update(awards_pages(views))
    pages.update(catalogue_by_year(views, programme))
    pages.update(catalogue_by_category(views, programme))
    pages.update(catalogue_by_unit(views))
    pages.update(catalogue_by_branch(views, programme))
    pages.update(tag_pages(views))
    for view in views:
        pages[project_path(view)] = project_page(view, programme)
    return pages


# ------------------------------------------------------------------------- home


def home_page(views: list[PublicProject], programme: Programme, today: date) -> str:
    """The home page: the numbers and links here, the prose in templates/home.md.j2."""
    year = cycle_year(today)
    calendar, current, upcoming = [], None, None
    for window in programme.settings.calendar.values():
        start, end = window.dates(year)
        if end < today.isoformat():
            state = "past"
        elif start <= today.isoformat():
            state = "current"
            current = window.title
        else:
            state = "next"
            upcoming = upcoming or window.title
        calendar.append({"title": window.title, "start": start, "end": end, "state": state})
    info = programme.schema
    stages = Counter(v.stage for v in views)
    categories = Counter(v.category for v in views)
    settings = programme.settings
    return _front("首页", extra=UNSEARCHED) + render(
        PACKAGE,
        "home.md.j2",
        standard_grant=settings.standard_grant,
        award_threshold=settings.award_threshold,
        year_label=academic_year(year),
        calendar=calendar,
        current=current,
        upcoming=upcoming,
        public_count=len(views),
        stages=[
            {"label": info.label("stage", s), "count": stages[s]}
            for s in info.stages
            if s in info.public_stages
        ],
        categories=[
            {"label": label, "count": categories[key]} for key, label in info.categories.items()
        ],
        awards=award_cards(awarded(views)[:3], ""),
        nominations=sum(1 for v in views if v.stage == Stage.NOMINATED),
        apply_link=APPLY_PAGE,
    )


# ------------------------------------------------------------------- award cards


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
            cover = f"![]({_up(from_dir)}{quote(v.cover, safe='/')})"
        cards.append(
            {
                "link": _link(v, from_dir),
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


# --------------------------------------------------------------------- listings


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
        return f'<td markdown="span">{_link(v, from_dir)}</td>'
    label = COLUMNS[column]
    if column == "branch":
        return f'<td data-label="{label}" markdown="span">{_branch_link(v, from_dir)}</td>'
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


def awards_pages(views: list[PublicProject]) -> dict[str, str]:
    """The gallery: the cards of the newest AWARD_YEARS award years, newest first, and links to
    one page per award year (`awards/<year>.md`), so the gallery does not grow with the years."""
    by_year: dict[int, list[PublicProject]] = defaultdict(list)
    for v in awarded(views):
        by_year[v.award_year or 0].append(v)
    years = list(by_year)  # in award order: the newest year first
    parts = [
        _front("优秀成果", extra=UNSEARCHED),
        "# 优秀成果\n\n学院每年从通过验收、总评分达到门槛的项目中评选 1—3 个优秀成果\uff0c颁发奖牌和奖金。\n",
    ]
    if not by_year:
        parts.append("\n暂无优秀成果。\n")
    pages: dict[str, str] = {}
    for year in years:
        cards = render(PACKAGE, "award-cards.md.j2", cards=award_cards(by_year[year], AWARDS_DIR))
        pages[f"{AWARDS_DIR}/{year}.md"] = (
            _front(award_name(year), extra=UNSEARCHED)
            + f"# {award_name(year)}\n\n[← 优秀成果](../awards.md)\u3002\n"
            + cards
        )
    for year in years[:AWARD_YEARS]:
        parts.append(f"\n## {award_name(year)}\n\n")
        parts.append(render(PACKAGE, "award-cards.md.j2", cards=award_cards(by_year[year], "")))
    if years[AWARD_YEARS:]:
        parts.append("\n## 往年优秀成果\n\n")
        parts += [f"- [{award_name(y)}]({AWARDS_DIR}/{y}.md)\n" for y in years[AWARD_YEARS:]]
    pages["awards.md"] = "".join(parts)
    return pages


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
    intro: str,
    views: list[PublicProject],
    columns: tuple[str, ...],
    sep: str = "-",
) -> dict[str, str]:
    """One listing (a year, a category, a unit, a branch), cut into pages of at most
    LISTING_ROWS rows: `key.md`, then `key<sep>2.md`, ... (`sep` must keep those names apart
    from every other key's)."""
    chunks = _chunks(views)
    pages: dict[str, str] = {}
    for number, chunk in enumerate(chunks, 1):
        name = _page_name(folder, key, number, sep)
        heading = title if len(chunks) == 1 else f"{title}\uff08第 {number} 页\uff09"
        around = [intro]
        if len(chunks) > 1:
            links = [
                f"[{n}]({_page_name(folder, key, n, sep).rsplit('/', 1)[-1]})"
                if n != number
                else str(n)
                for n in range(1, len(chunks) + 1)
            ]
            around.append(f"共 {len(views)} 项\uff0c分 {len(chunks)} 页\uff1a{' · '.join(links)}。")
        body = listing_table(chunk, folder, columns) if chunk else "暂无。\n"
        pages[name] = (
            _front(heading, extra=UNSEARCHED)
            + f"# {md_text(heading)}\n\n"
            + "\n\n".join(around)
            + "\n\n"
            + body
        )
    return pages


def _index_table(rows: list[tuple[str, str, int]], first: str) -> str:
    """An index page's table: name (linked to its listing, relative to the index), count."""
    if not rows:
        return "暂无公开的项目。\n"
    return _table([first, "项目数"], [[f"[{label}]({link})", str(n)] for label, link, n in rows])


def _grouped(
    views: list[PublicProject], key: Callable[[PublicProject], str]
) -> dict[str, list[PublicProject]]:
    groups: dict[str, list[PublicProject]] = defaultdict(list)
    for v in views:
        groups[key(v)].append(v)
    return groups


def catalogue_app(views: list[PublicProject], programme: Programme) -> str:
    """The place where docs/javascripts/catalogue.js draws the sortable, filterable table of
    every public project from the open data. Hidden until the script has the data; the labels
    it shows come from here, so the site names years, directions and stages one way."""
    info = programme.schema
    labels = {
        "years": [[y, academic_year(y)] for y in sorted({v.year for v in views}, reverse=True)],
        "categories": [[key, label] for key, label in info.categories.items()],
        "stages": [[s, info.label("stage", s)] for s in info.stages if s in info.public_stages],
    }
    text = html.escape(json.dumps(labels, ensure_ascii=False), quote=True)
    # The catalogue is catalogue/index.md: its address is a folder under any URL style.
    return (
        f'<div class="showcase-catalogue" data-api="../{OPEN_DATA_PATH}" '
        f'data-labels="{text}" hidden></div>\n'
    )


def catalogue_by_year(views: list[PublicProject], programme: Programme) -> dict[str, str]:
    groups = _grouped(views, lambda v: str(v.year))
    years = sorted(groups, reverse=True)
    rows = [(academic_year(int(y)), f"years/{y}.md", len(groups[y])) for y in years]
    pages = {
        "catalogue/index.md": _front("全部项目", extra=UNSEARCHED)
        + "# 项目目录\n\n另见[按立项方向](categories.md)\u3001[按单位](units.md)\u3001"
        "[按支部](branches.md)和[标签](../tags.md)\u3002"
        f"目前公开展示 {len(views)} 个项目\u3002\n\n"
        + catalogue_app(views, programme)
        + "\n## 按学年浏览\n\n"
        + _index_table(rows, "立项学年")
    }
    for y in years:
        pages.update(
            listing_pages(
                YEARS_DIR,
                y,
                academic_year(int(y)) + "立项",
                f"[← 项目目录](../index.md)\u3002本学年立项\u3001公开展示 {len(groups[y])} 个项目\u3002",
                groups[y],
                ("title", "category", "unit", "branch", "stage"),
            )
        )
    return pages


def catalogue_by_category(views: list[PublicProject], programme: Programme) -> dict[str, str]:
    groups = _grouped(views, lambda v: v.category)
    categories = programme.schema.categories
    rows = [
        (label, f"categories/{key}.md", len(groups.get(key, [])))
        for key, label in categories.items()
    ]
    pages = {
        "catalogue/categories.md": _front("按立项方向", extra=UNSEARCHED)
        + "# 项目目录\uff1a按立项方向\n\n实施办法规定的六个立项方向。\n\n"
        + _index_table(rows, "立项方向")
    }
    for key, label in categories.items():
        same = groups.get(key, [])
        pages.update(
            listing_pages(
                CATEGORIES_DIR,
                key,
                label,
                f"[← 按立项方向](../categories.md)。该方向公开展示 {len(same)} 个项目\uff0c按学年排列。",
                same,
                ("title", "year", "unit", "branch", "stage"),
            )
        )
    return pages


def catalogue_by_unit(views: list[PublicProject]) -> dict[str, str]:
    groups = _grouped(views, lambda v: v.unit)
    ids = short_ids(groups)
    units = sorted(groups)
    rows = [(md_text(u), f"units/{ids[u]}.md", len(groups[u])) for u in units]
    pages = {
        "catalogue/units.md": _front("按单位", extra=UNSEARCHED)
        + "# 项目目录\uff1a按单位\n\n"
        + _index_table(rows, "单位")
    }
    for unit in units:
        pages.update(
            listing_pages(
                UNITS_DIR,
                ids[unit],
                unit,
                f"[← 按单位](../units.md)。该单位公开展示 {len(groups[unit])} 个项目。",
                groups[unit],
                ("title", "year", "category", "branch", "stage"),
            )
        )
    return pages


def catalogue_by_branch(views: list[PublicProject], programme: Programme) -> dict[str, str]:
    """An index of the roster's branches under their general branches, and one page for each
    branch (even one with nothing public yet: other pages link every branch by its id)."""
    roster = programme.roster
    groups = _grouped(views, lambda v: v.branch_id)
    parts = [
        _front("按支部", extra=UNSEARCHED),
        "# 项目目录\uff1a按支部\n\n各党支部历年公开展示的项目\uff0c按党总支排列\u3002\n",
    ]
    pages: dict[str, str] = {}
    for general in roster.general_branches.values():
        rows = [
            (
                md_text(roster.branches[b].name),
                branch_path(b).removeprefix("catalogue/"),
                len(groups.get(b, [])),
            )
            for b in general.branches
        ]
        parts.append(f"\n## {md_text(general.name)}\n\n" + _index_table(rows, "党支部"))
        for b in general.branches:
            same = groups.get(b, [])
            pages.update(
                listing_pages(
                    BRANCHES_DIR,
                    b,
                    roster.branches[b].name,
                    f"[← 按支部](../branches.md)\u3002所属党总支\uff1a{md_text(general.name)}\u3002"
                    f"该支部历年公开展示 {len(same)} 个项目\uff0c按立项学年排列\u3002"
                    f"可在手机日历中[订阅本支部的工作日历](../../calendar/{b}.ics)\u3002",
                    same,
                    ("title", "year", "category", "unit", "stage"),
                    # Branch ids may end in "-2"; none holds "--", so page 2 is never a branch.
                    sep="--",
                )
            )
    pages["catalogue/branches.md"] = "".join(parts)
    return pages


def tag_pages(views: list[PublicProject]) -> dict[str, str]:
    """An index of the keywords, and one page per keyword holding the tags plugin's listing of
    just that keyword (the tag on a project page links there). One listing of every tag would
    hold every project several times over."""
    counts: Counter[str] = Counter()
    for v in views:
        counts.update(_page_tags(v))
    ids = short_ids(counts)
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    rows = [(md_text(t), f"{TAGS_DIR}/{ids[t]}.md", counts[t]) for t in ordered]
    pages = {
        "tags.md": _front("标签", extra=UNSEARCHED)
        + "# 标签\n\n按关键词和立项方向浏览已公开的项目。\n\n"
        + _index_table(rows, "关键词")
    }
    for tag in ordered:
        # The directive's argument is YAML; JSON is YAML, and the tag is written exactly as the
        # project pages carry it (meta_text), so the plugin matches them.
        listing = json.dumps({"include": [meta_text(tag)], "toc": False}, ensure_ascii=False)
        pages[f"{TAGS_DIR}/{ids[tag]}.md"] = (
            _front(tag, extra=UNSEARCHED)
            + f"# 标签\uff1a{md_text(tag)}\n\n[← 全部标签](../tags.md)。共 {counts[tag]} 个项目。\n\n"
            f"<!-- material/tags {listing} -->\n"
        )
    return pages


def _page_tags(v: PublicProject) -> list[str]:
    """The tags a project page carries: its category, then its keywords."""
    return list(dict.fromkeys([v.category_label, *v.tags]))


# ------------------------------------------------------------------ project page


def project_page(v: PublicProject, programme: Programme) -> str:
    t = programme.schema.title
    card = [
        [t(("year",)), academic_year(v.year)],
        [t(("category",)), md_text(v.category_label)],
        [t(("unit",)), md_text(v.unit)],
        [t(("general_branch",)), md_text(v.general_branch)],
        [t(("branch",)), _branch_link(v, f"{PROJECT_DIR}/{v.year}")],
        [t(("secretary",)), md_text(v.secretary)],
        [t(("executors",)), "、".join(md_text(e) for e in v.executors)],
        [t(("duration_months",)), f"{v.duration_months} 个月"],
        [t(("stage",)), md_text(v.stage_label)],
        ["资助经费", f"{yuan(v.grant)} 元"],
    ]
    if v.spent is not None:
        card.append(["经费支出合计", f"{yuan(v.spent)} 元"])
    if v.total is not None:
        card.append(["验收总评分", f"{v.total} 分"])
    parts = [_front(v.title, _page_tags(v)), f"# {md_text(v.title)}\n\n"]
    if v.award_year:
        badge = award_name(v.award_year, v.award_title, v.award_rank)
        parts.append(
            f'!!! success "{meta_text(badge)}"\n\n    本项目获评学院党支部“立项活动”{md_text(badge)}。\n\n'
        )
    if v.notice_start:
        span = f"{v.notice_start} 至 {v.notice_end}" if v.notice_end else v.notice_start
        parts.append(
            f'!!! info "{meta_text(v.stage_label)}"\n\n'
            f"    评审组拟将本项目评为优秀成果\uff0c公示期 {span}\u3002"
            "对拟表彰有异议的\uff0c请见[公示](../../notice.md)\u3002\n\n"
        )
    parts.append(f"{md_text(v.summary)}\n\n")
    parts.append(photo_strip(v))
    parts.append(f'<div class="{INFO_CLASS}" markdown>\n\n')
    parts.append(_table(["项目信息", ""], [[f"**{a}**", b] for a, b in card]))
    parts.append("\n## 项目进程\n\n")
    parts += [f"- {md_text(m.date)}\uff1a{m.label}\n" for m in v.timeline]
    parts.append("\n</div>\n")
    for heading in HEADINGS:
        if heading in v.sections:
            parts.append(f"\n## {heading}\n\n{sized_images(v.sections[heading], v)}\n")
    parts.append(downloads(v))
    parts.append(
        f'\n<div class="{INFO_CLASS} sb-noprint" markdown>\n\n---\n\n'
        "[返回项目目录](../../catalogue/index.md)\n\n</div>\n"
    )
    return "".join(parts)


# Sizes go on images through attr_list (enabled in mkdocs.yml); project bodies may not use it
# themselves (PB405), and the sanitiser lets through only width, height and loading.
def _size_attrs(size: tuple[int, int]) -> str:
    return f'{{ width="{size[0]}" height="{size[1]}" loading="lazy" }}'


def photo_strip(v: PublicProject) -> str:
    """The project's photos as a row of thumbnails, each a link to its web-size image (the
    lightbox opens it); printed, a grid of photos."""
    if not v.photos:
        return ""
    items = [
        f"[![{md_text(p.alt)}]({v.slug}/{THUMBS}/{p.name})"
        f"{_size_attrs(fit(p.width, p.height, THUMB_SIDE))}]({v.slug}/{p.name}){{ .sb-photo }}"
        for p in v.photos
    ]
    return " ".join(items) + "\n{ .sb-strip }\n\n"


_INLINE_IMAGE = re.compile(
    r"!\[(?:\\.|[^\[\]\\\n]|\[[^\[\]\n]*\])*\]\(\s*<?([^)\s>]*)>?\s*\)(?!\{)"
)


def sized_images(text: str, v: PublicProject) -> str:
    """`text` with width, height and lazy loading on each image of the project's own photos
    (outside code)."""
    photos: dict[str, Photo] = {p.name: p for p in v.photos}
    if not photos or "![" not in text:
        return text
    out = text.split("\n")

    def size(match: re.Match[str], line: str) -> str:
        name = own_media_name(match.group(1), v.slug)
        photo = photos.get(name or "")
        if photo is None or line[: match.start()].count("`") % 2:
            return match.group(0)
        return match.group(0) + _size_attrs(fit(photo.width, photo.height, WEB_SIDE))

    for i, line, code, _ in lines(text):
        if "![" in line and not code:
            out[i] = _INLINE_IMAGE.sub(lambda m, line=line: size(m, line), line)
    return "\n".join(out)


def downloads(v: PublicProject) -> str:
    """The outcome documents as a download list with their sizes."""
    if not v.documents:
        return ""
    rows = [
        f"- [{md_text(d.title)}]({v.slug}/{d.name})\uff08PDF\uff0c{_file_size(d.size)}\uff09"
        for d in v.documents
    ]
    return "\n## 成果文件\n\n" + "\n".join(rows) + "\n"


def _file_size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


# ----------------------------------------------------------------- guide pages


def rubric_page(programme: Programme) -> str:
    """The rubric page: the criteria and numbers here, the prose in templates/rubric.md.j2."""
    info, settings = programme.schema, programme.settings
    criteria = []
    for key in info.criteria:
        node = info.node(("acceptance", "scores", 0, key)) or {}
        criteria.append(
            {
                "key": key,
                "title": node.get("title", key),
                "description": node.get("description", ""),
                "points": settings.rubric[key],
            }
        )
    return _front("验收评分标准") + render(
        PACKAGE,
        "rubric.md.j2",
        criteria=criteria,
        max_total=settings.max_total,
        award_threshold=settings.award_threshold,
        awards_per_year=settings.awards_per_year,
        standard_grant=settings.standard_grant,
    )


def _required_from(key: str, programme: Programme) -> str:
    schema = programme.schema.schema
    if key in schema.get("required", []):
        return "申报起"
    stages = []
    for cond in schema.get("allOf", []):
        if key in cond.get("then", {}).get("required", []):
            stage = cond["if"]["properties"]["stage"]
            stages += stage.get("enum", [stage.get("const")])
    return "、".join(programme.schema.label("stage", s) for s in stages) or "可选"


def data_format_page(programme: Programme) -> str:
    info = programme.schema
    rows = []
    for key, node in info.schema["properties"].items():
        node = info.node((key,)) or node
        desc = node.get("description", "")
        if node.get("x-labels"):
            desc += " 可选值\uff1a" + "、".join(f"`{k}` {v}" for k, v in node["x-labels"].items())
        rows.append([f"`{key}`", node.get("title", ""), desc, _required_from(key, programme)])
    stage_rows = [
        [
            f"`{s}`",
            info.label("stage", s),
            "是" if s in info.public_stages else "否",
            "是" if s in FINAL_STAGES else "",
        ]
        for s in info.stages
    ]
    who = {"branch": "支部", "panel": "评审组"}
    transition_rows = [
        [
            info.label("stage", tr.source) if tr.source else "\uff08新文件\uff09",
            info.label("stage", tr.target),
            "或".join(who[a] for a in sorted(tr.actors)),
        ]
        for tr in TRANSITIONS
    ]
    section_rows = [
        [f"`## {s.heading}`", info.label("stage", s.from_stage) + "起", s.hint] for s in SECTIONS
    ]
    return (
        _front("数据格式")
        + "# 数据格式\n\n每个项目是一个文件 `projects/<年度>/<简称>.md`\uff1a开头两行 `---` 之间是项目信息\uff08YAML\uff09\uff0c"
        "其后是正文\uff08Markdown\uff09。本页由数据格式定义 `schema/project.schema.json` 自动生成。\n\n"
        "## 项目信息字段\n\n"
        + _table(["字段", "中文名称", "说明", "何时必填"], rows)
        + "\n## 正文章节\n\n"
        + _table(["二级标题", "何时必须有", "写什么"], section_rows)
        + "\n## 阶段\n\n"
        + _table(["阶段", "中文", "网站公开", "最终阶段"], stage_rows)
        + "\n## 阶段变化与提交人\n\n每个拉取请求只能让一个项目前进一步。\n\n"
        + _table(["从", "到", "由谁提交"], transition_rows)
    )


def rules_reference_page() -> str:
    groups = {
        "PF": "文件\uff08PF1xx\uff09",
        "PS": "数据格式\uff08PS2xx\uff09",
        "PR": "立项规则\uff08PR3xx\uff09",
        "PB": "正文\uff08PB4xx\uff09",
        "PM": "图片和成果文件\uff08PM6xx\uff09",
        "PT": "拉取请求\uff08PT5xx\uff09",
    }
    parts = [
        _front("检查规则"),
        "# 检查规则\n\n每条检查有固定的代码。出错时依次显示文件位置\uff08文件名、行号、列号\uff09、代码和说明\uff0c"
        "例如 `projects/2026/cs-01.md:12:3: PS201 category\uff08立项方向\uff09\uff1a…`。警告不会让检查失败。\n",
    ]
    for prefix, title in groups.items():
        parts.append(f"\n## {title}\n")
        for code, rule in sorted(REGISTRY.items()):
            if not code.startswith(prefix):
                continue
            # The heading is the bare code: its slug is `rule.anchor`, which messages link to.
            warning = "\uff08\u8b66\u544a\uff09" if rule.severity == "warning" else ""
            parts.append(f"\n### {code}\n\n**{rule.title}**{warning}\n\n{rule.doc}\n")
    return "".join(parts)
