"""The showcase's generated pages: path → Markdown, from public views only.

Pure: no MkDocs here. The plugin adds these as virtual files; `export` writes them to disk. All
front-matter text goes through `md_text` (Markdown and HTML escaped) before it lands in a page,
including the values handed to the Markdown templates, which are not autoescaped.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from site_builder.core.figures import yuan
from site_builder.core.process import FINAL_STAGES, HEADINGS, SECTIONS, TRANSITIONS
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import RULES_PAGE
from site_builder.core.templates import render
from site_builder.rules.ruleset import REGISTRY
from site_builder.showcase.public import PublicProject, public_view

# The package whose templates/ folder holds the prose staff edit (home.md.j2, rubric.md.j2).
PACKAGE = "site_builder.showcase"
PROJECT_DIR = "projects"
# Listings grow with the programme, so each index page links to one page per year, category, unit
# and tag, and each of those is cut into pages of at most LISTING_ROWS projects: no page grows
# with the number of projects (a page of 200 rows is about 70 KB of HTML).
LISTING_ROWS = 200
YEARS_DIR = "catalogue/years"
CATEGORIES_DIR = "catalogue/categories"
UNITS_DIR = "catalogue/units"
TAGS_DIR = "tags"
# Generated pages reached from an index page or a listing rather than the sidebar.
SUBPAGE_DIRS = (PROJECT_DIR, YEARS_DIR, CATEGORIES_DIR, UNITS_DIR, TAGS_DIR)
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


def _link(p: PublicProject, from_dir: str) -> str:
    depth = len([x for x in from_dir.split("/") if x])
    return f"[{md_text(p.title)}]({'../' * depth}{project_path(p)})"


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


def public_views(projects: list[Project], programme: Programme) -> list[PublicProject]:
    """The public views of `projects` (already valid), newest year first; the others dropped."""
    views = [v for v in (public_view(p, programme) for p in projects) if v is not None]
    views.sort(key=lambda v: (-v.year, v.title, v.slug))
    return views


def build_pages(projects: list[Project], programme: Programme, today: date) -> dict[str, str]:
    """Every generated page. `projects` must already be valid; non-public ones are dropped here."""
    return pages_of(public_views(projects, programme), programme, today)


def pages_of(views: list[PublicProject], programme: Programme, today: date) -> dict[str, str]:
    pages = {
        "index.md": home_page(views, programme, today),
        "awards.md": awards_page(views),
        "rubric.md": rubric_page(programme),
        "data-format.md": data_format_page(programme),
        RULES_PAGE: rules_reference_page(),
    }
    pages.update(catalogue_by_year(views))
    pages.update(catalogue_by_category(views, programme))
    pages.update(catalogue_by_unit(views))
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
    awards = [v for v in views if v.award_year]
    awards.sort(key=lambda v: (-(v.award_year or 0), v.award_rank or "", v.title))
    settings = programme.settings
    return _front("首页") + render(
        PACKAGE,
        "home.md.j2",
        standard_grant=settings.standard_grant,
        award_threshold=settings.award_threshold,
        year=year,
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
        awards=[
            {
                "link": _link(v, ""),
                "unit": md_text(v.unit),
                "year": v.award_year,
                "rank": md_text(v.award_rank or ""),
            }
            for v in awards[:3]
        ],
    )


# --------------------------------------------------------------------- listings


def _rows(views: list[PublicProject], from_dir: str, columns: tuple[str, ...]) -> list[list[str]]:
    cells = {
        "title": lambda v: _link(v, from_dir),
        "category": lambda v: md_text(v.category_label),
        "unit": lambda v: md_text(v.unit),
        "stage": lambda v: md_text(v.stage_label),
        "year": lambda v: f"{v.year}–{v.year + 1}",
    }
    return [[cells[c](v) for c in columns] for v in views]


def awards_page(views: list[PublicProject]) -> str:
    by_year: dict[int, list[PublicProject]] = defaultdict(list)
    for v in views:
        if v.award_year:
            by_year[v.award_year].append(v)
    parts = [
        _front("优秀成果"),
        "# 优秀成果\n\n学院每年从通过验收、总评分达到门槛的项目中评选 1—3 个优秀成果,颁发奖牌和奖金。\n",
    ]
    if not by_year:
        parts.append("\n暂无优秀成果。\n")
    for year in sorted(by_year, reverse=True):
        parts.append(f"\n## {year} 年度\n")
        for v in sorted(by_year[year], key=lambda v: (v.award_rank or "", v.title)):
            badge = md_text(" · ".join(x for x in (v.award_title, v.award_rank) if x))
            parts.append(
                f"\n### {md_text(v.title)}\n\n"
                f"**{badge}** · {md_text(v.unit)} · {md_text(v.branch)} · "
                f"{md_text(v.category_label)} · 总评分 {v.total}\n\n"
                f"{md_text(v.summary)}\n\n[查看项目详情 →]({project_path(v)})\n"
            )
    return "".join(parts)


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


def _page_name(folder: str, key: str, number: int) -> str:
    return f"{folder}/{key}.md" if number == 1 else f"{folder}/{key}-{number}.md"


def listing_pages(
    folder: str,
    key: str,
    title: str,
    intro: str,
    views: list[PublicProject],
    headers: list[str],
    columns: tuple[str, ...],
) -> dict[str, str]:
    """One listing (a year, a category, a unit), cut into pages of at most LISTING_ROWS rows."""
    chunks = _chunks(views)
    pages: dict[str, str] = {}
    for number, chunk in enumerate(chunks, 1):
        name = _page_name(folder, key, number)
        heading = title if len(chunks) == 1 else f"{title}(第 {number} 页)"
        around = [intro]
        if len(chunks) > 1:
            links = [
                f"[{n}]({_page_name(folder, key, n).rsplit('/', 1)[-1]})" if n != number else str(n)
                for n in range(1, len(chunks) + 1)
            ]
            around.append(f"共 {len(views)} 项,分 {len(chunks)} 页:{' · '.join(links)}。")
        body = _table(headers, _rows(chunk, folder, columns)) if chunk else "暂无。\n"
        pages[name] = (
            _front(heading) + f"# {md_text(heading)}\n\n" + "\n\n".join(around) + "\n\n" + body
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


def catalogue_by_year(views: list[PublicProject]) -> dict[str, str]:
    groups = _grouped(views, lambda v: str(v.year))
    years = sorted(groups, reverse=True)
    rows = [(f"{y}–{int(y) + 1} 学年", f"years/{y}.md", len(groups[y])) for y in years]
    pages = {
        "catalogue/index.md": _front("按年度")
        + "# 项目目录:按年度\n\n另见[按立项方向](categories.md)、[按单位](units.md)和[标签](../tags.md)。"
        f"目前公开展示 {len(views)} 个项目。\n\n" + _index_table(rows, "学年")
    }
    for y in years:
        pages.update(
            listing_pages(
                YEARS_DIR,
                y,
                f"{y}–{int(y) + 1} 学年",
                f"[← 按年度](../index.md)。本学年公开展示 {len(groups[y])} 个项目。",
                groups[y],
                ["项目", "立项方向", "单位", "阶段"],
                ("title", "category", "unit", "stage"),
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
        "catalogue/categories.md": _front("按立项方向")
        + "# 项目目录:按立项方向\n\n实施办法规定的六个立项方向。\n\n"
        + _index_table(rows, "立项方向")
    }
    for key, label in categories.items():
        same = groups.get(key, [])
        pages.update(
            listing_pages(
                CATEGORIES_DIR,
                key,
                label,
                f"[← 按立项方向](../categories.md)。该方向公开展示 {len(same)} 个项目,按学年排列。",
                same,
                ["项目", "学年", "单位", "阶段"],
                ("title", "year", "unit", "stage"),
            )
        )
    return pages


def catalogue_by_unit(views: list[PublicProject]) -> dict[str, str]:
    groups = _grouped(views, lambda v: v.unit)
    ids = short_ids(groups)
    units = sorted(groups)
    rows = [(md_text(u), f"units/{ids[u]}.md", len(groups[u])) for u in units]
    pages = {
        "catalogue/units.md": _front("按单位")
        + "# 项目目录:按单位\n\n"
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
                ["项目", "学年", "立项方向", "阶段"],
                ("title", "year", "category", "stage"),
            )
        )
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
        "tags.md": _front("标签")
        + "# 标签\n\n按关键词和立项方向浏览已公开的项目。\n\n"
        + _index_table(rows, "关键词")
    }
    for tag in ordered:
        # The directive's argument is YAML; JSON is YAML, and the tag is written exactly as the
        # project pages carry it (meta_text), so the plugin matches them.
        listing = json.dumps({"include": [meta_text(tag)], "toc": False}, ensure_ascii=False)
        pages[f"{TAGS_DIR}/{ids[tag]}.md"] = (
            _front(tag)
            + f"# 标签:{md_text(tag)}\n\n[← 全部标签](../tags.md)。共 {counts[tag]} 个项目。\n\n"
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
        [t(("year",)), f"{v.year}–{v.year + 1} 学年"],
        [t(("category",)), md_text(v.category_label)],
        [t(("unit",)), md_text(v.unit)],
        [t(("general_branch",)), md_text(v.general_branch)],
        [t(("branch",)), md_text(v.branch)],
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
        badge = " · ".join(x for x in (v.award_title, f"{v.award_year} 年度", v.award_rank) if x)
        parts.append(
            f'!!! success "{meta_text(badge)}"\n\n    本项目获评学院党支部“立项活动”{md_text(badge)}。\n\n'
        )
    parts.append(f"{md_text(v.summary)}\n\n")
    parts.append(_table(["项目信息", ""], [[f"**{a}**", b] for a, b in card]))
    parts.append("\n## 项目进程\n\n")
    parts += [f"- {md_text(m.date)}\uff1a{m.label}\n" for m in v.timeline]
    for heading in HEADINGS:
        if heading in v.sections:
            parts.append(f"\n## {heading}\n\n{v.sections[heading]}\n")
    parts.append("\n---\n\n[返回项目目录](../../catalogue/index.md)\n")
    return "".join(parts)


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
            desc += " 可选值:" + "、".join(f"`{k}` {v}" for k, v in node["x-labels"].items())
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
            info.label("stage", tr.source) if tr.source else "(新文件)",
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
        + "# 数据格式\n\n每个项目是一个文件 `projects/<年度>/<简称>.md`:开头两行 `---` 之间是项目信息(YAML),"
        "其后是正文(Markdown)。本页由数据格式定义 `schema/project.schema.json` 自动生成。\n\n"
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
        "PF": "文件(PF1xx)",
        "PS": "数据格式(PS2xx)",
        "PR": "立项规则(PR3xx)",
        "PB": "正文(PB4xx)",
        "PT": "拉取请求(PT5xx)",
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
