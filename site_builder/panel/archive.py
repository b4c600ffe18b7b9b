"""The year's dossier (年度台账) for the party committee: one ZIP with every project of a programme
year, public or not, its official forms and closing report as PDF, its own file, photos and
outcome files, the year's report as a workbook, a printed index with each project's stage history
(date, commit, author, approvers), and a manifest of every file's SHA-256.

Same inputs, same bytes: the entries' order is fixed (index, report, projects by path, manifest
last), every time stamp in the ZIP, the workbook and the PDFs is the dossier's time (`when`), and
nothing else that varies goes in (`reproducible`).

The dossier holds what the public site never shows (non-public projects, reviewers' names and
scores, panel opinions, itemised expenses) and says so on its cover and on every page of its
index; the command refuses to write it into the site's folders.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from markupsafe import Markup

from site_builder.core.history import Commit, StageChange
from site_builder.core.media import kind_of
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.safetext import safe_text
from site_builder.core.templates import render
from site_builder.panel.forms import (
    CSP,
    FOOTER,
    FORM_TITLES,
    FORMS,
    REPORT_TITLE,
    missing_data,
    render_closing_report,
    render_form,
)
from site_builder.panel.pdf import Page, Printed
from site_builder.panel.report_output import xlsx_bytes
from site_builder.panel.reports import build_tables
from site_builder.panel.reproducible import normalise_pdf, zip_bytes

PACKAGE = "site_builder.panel"
NOTICE = "内部材料\uff0c不得公开"
INDEX = "index.pdf"
MANIFEST = "manifest.json"
REPORT_NAME = "closing-report"
MANIFEST_VERSION = 1


def dossier_title(year: int) -> str:
    return f"彩神党支部工作“立项活动”{year} 年度台账"


def folder(year: int) -> str:
    """The one folder at the top of the ZIP, so that unpacking it spills nothing."""
    return f"dossier-{year}"


@dataclass(frozen=True)
class Entry:
    """One project of the dossier: what git and the working tree say about it."""

    project: Project
    source: bytes  # the project file as it is
    media: list[tuple[str, bytes]]  # its folder's files, by name
    history: list[StageChange]
    uncommitted: bool = False  # the working tree differs from the commit


@dataclass
class Dossier:
    year: int
    programme: Programme
    entries: list[Entry]
    commit: Commit
    when: datetime  # the dossier's time: every time stamp inside
    today: date  # the report's "today" (overdue items)
    reviews_given: bool
    uncommitted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Listing:
    """A file of the dossier: its path inside the top folder and what it is, in Chinese."""

    path: str
    what: str


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _day_time(when: datetime) -> str:
    return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"


# ---------------------------------------------------------------- what goes in


def project_dir(project: Project) -> str:
    return f"projects/{project.slug}"


def forms_of(entry: Entry, programme: Programme) -> list[str]:
    """The official forms the project's data fills (the others are not printed)."""
    return [k for k in FORMS if missing_data(k, entry.project, programme) is None]


def listings(entry: Entry, programme: Programme) -> list[Listing]:
    base = project_dir(entry.project)
    found = [Listing(f"{base}/{entry.project.slug}.md", "项目文件\uff08原文\uff09")]
    found += [Listing(f"{base}/{k}.pdf", FORM_TITLES[k]) for k in forms_of(entry, programme)]
    if entry.project.data.get("concluded_on"):
        found.append(Listing(f"{base}/{REPORT_NAME}.pdf", REPORT_TITLE))
    for name, _ in entry.media:
        what = "照片" if kind_of(name) == "image" else "成果文件"
        found.append(Listing(f"{base}/media/{name}", what))
    return found


def report_name(year: int) -> str:
    return f"report-{year}.xlsx"


# ---------------------------------------------------------------- the index


def _who(login: str, programme: Programme) -> str:
    for member in programme.roster.panel:
        if member.login.lower() == login.lower():
            return f"{member.name}\uff08{login}\uff09"
    return login


def _approvers(change: StageChange, dossier: Dossier) -> str:
    if not dossier.reviews_given:
        return "\u2014"
    if change.approvers is None:
        number = change.commit.pull_request
        return "无评审记录" + (f"\uff08#{number}\uff09" if number else "")
    if not change.approvers:
        return "无有效批准"
    return "\u3001".join(_who(login, dossier.programme) for login in change.approvers)


def _history_table(entry: Entry, dossier: Dossier) -> str:
    label = dossier.programme.schema.label
    if not entry.history:
        return '<p class="note">尚未提交到 git\uff0c没有阶段记录\u3002</p>'
    rows = []
    for change in entry.history:
        source = "\uff08新建\uff09" if change.source is None else label("stage", change.source)
        commit = change.commit
        number = commit.pull_request
        ref = commit.sha[:10] + (f"<br>拉取请求 #{number}" if number else "")
        # A file renamed before approval: its earlier name, where the change was made.
        renamed = (
            f'<br><span class="mono">{_esc(change.path)}</span>'
            if change.path != entry.project.path
            else ""
        )
        rows.append(
            f"<tr><td>{_esc(_day_time(commit.when))}</td>"
            f"<td>{_esc(source)} \u2192 {_esc(label('stage', change.target))}{renamed}</td>"
            f'<td class="mono">{ref}</td><td>{_esc(change.author)}</td>'
            f"<td>{_esc(_approvers(change, dossier))}</td></tr>"
        )
    head = "".join(f"<th>{h}</th>" for h in ("日期", "阶段变化", "提交", "作者", "批准人"))
    return f'<table class="history"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _public(project: Project, programme: Programme) -> str:
    return "公开" if project.stage in programme.schema.public_stages else "不公开"


def _branch(project: Project, programme: Programme) -> str:
    branch_id = project.data.get("branch", "")
    branch = programme.roster.branches.get(branch_id)
    return branch.name if branch else str(branch_id)


def index_html(dossier: Dossier) -> str:
    """The cover, the list of projects and each project's files and stage history."""
    programme, year = dossier.programme, dossier.year
    label = programme.schema.label
    entries = dossier.entries
    public = sum(1 for e in entries if e.project.stage in programme.schema.public_stages)
    commit = dossier.commit
    reviews = (
        "取自各拉取请求的评审记录\uff08最后一次有效评审为批准者\uff09"
        if dossier.reviews_given
        else "未提供拉取请求的评审记录\uff0c批准人一栏空缺"
    )
    state = (
        f"工作区有 {len(dossier.uncommitted)} 个文件未提交\uff0c台账按工作区的文件生成\uff0c"
        "阶段记录截至上述提交"
        if dossier.uncommitted
        else "与上述提交一致"
    )
    facts = [
        ("立项年度", f"{year} 年度"),
        (
            "项目数",
            f"{len(entries)} 个\uff08公开 {public} 个\uff0c不公开 {len(entries) - public} 个\uff09",
        ),
        ("生成依据", f"提交 {commit.sha}\uff08{_day_time(commit.when)}\uff09"),
        ("文件状态", state),
        ("台账时间", _day_time(dossier.when)),
        ("批准人", reviews),
        (
            "核对",
            f"{MANIFEST} 列出台账中每个文件的 SHA-256\u3002用同一提交\u3001同一评审记录重新生成\uff0c"
            "应得到完全相同的文件\u3002",
        ),
    ]
    fact_rows = "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in facts)
    contents = [
        (INDEX, "封面\u3001项目一览和各项目的阶段记录\uff08本文件\uff09"),
        (
            report_name(year),
            f"{year} 年度统计报表\uff08项目统计\u3001逾期事项\u3001经费\u3001表彰候选\uff09",
        ),
        ("projects/<项目简称>/", "各项目的表格\u3001结题报告\u3001项目文件\u3001照片和成果文件"),
        (MANIFEST, "文件清单和 SHA-256"),
    ]
    content_rows = "".join(
        f'<tr><td class="mono">{_esc(k)}</td><td>{_esc(v)}</td></tr>' for k, v in contents
    )
    cover = (
        '<section class="cover">'
        f"<h1>{_esc(dossier_title(year))}</h1>"
        f'<p class="notice">{_esc(NOTICE)}</p>'
        '<p class="warning">本台账供党委存档和检查使用\u3002它收录该年度的全部项目\uff0c'
        "包括不公开的项目\uff08申报中\u3001未立项\u3001未通过验收\u3001已撤项等\uff09\uff0c"
        "以及评审组成员的姓名\u3001分项评分\u3001评审意见和经费明细\u3002"
        "这些内容不在展示网站上公开\uff1b本台账不得公开\u3001转发或上传网站\u3002</p>"
        f'<table class="fields">{fact_rows}</table>'
        f'<h2>台账内容</h2><table class="fields">{content_rows}</table>'
        f'<p class="footer">{_esc(FOOTER)}</p>'
        "</section>"
    )
    overview = []
    for n, entry in enumerate(entries, 1):
        project = entry.project
        overview.append(
            f'<tr><td class="num">{n}</td><td>{_esc(project.data.get("title", ""))}</td>'
            f'<td class="mono">{_esc(project.slug)}</td><td>{_esc(_branch(project, programme))}</td>'
            f"<td>{_esc(label('stage', project.stage or ''))}</td>"
            f"<td>{_esc(_public(project, programme))}</td></tr>"
        )
    heads = "".join(
        f"<th>{h}</th>"
        for h in ("序号", "项目名称", "项目简称", "项目所在支部", "当前阶段", "公开")
    )
    table = (
        f'<table class="overview"><thead><tr>{heads}</tr></thead>'
        f"<tbody>{''.join(overview) or '<tr><td colspan=6>无</td></tr>'}</tbody></table>"
    )
    sections = []
    for n, entry in enumerate(entries, 1):
        project = entry.project
        files = "".join(
            f'<li><span class="mono">{_esc(item.path)}</span>\u3000{_esc(item.what)}</li>'
            for item in listings(entry, programme)
        )
        note = (
            '<p class="note">工作区中的这个文件与提交不同\uff08未提交的修改\uff09\uff0c'
            "台账中的表格按工作区的文件生成\u3002</p>"
            if entry.uncommitted
            else ""
        )
        fields = (
            f'<tr><th>项目简称</th><td class="mono">{_esc(project.key)}</td></tr>'
            f"<tr><th>项目所在支部</th><td>{_esc(_branch(project, programme))}</td></tr>"
            f"<tr><th>当前阶段</th><td>{_esc(label('stage', project.stage or ''))}"
            f"\uff08{_esc(_public(project, programme))}\uff09</td></tr>"
        )
        sections.append(
            '<section class="project">'
            f"<h2>{n}. {_esc(project.data.get('title', ''))}</h2>"
            f'<table class="fields">{fields}</table>{note}'
            f"<h3>阶段记录</h3>{_history_table(entry, dossier)}"
            f'<h3>台账中的文件</h3><ul class="files">{files}</ul>'
            "</section>"
        )
    body = (
        cover
        + '<section class="page-break">'
        + f"<h1>项目一览\uff08{year} 年度\uff0c共 {len(entries)} 个\uff09</h1>"
        + table
        + "</section>"
        + '<section class="page-break"><h1>各项目的阶段记录和文件</h1>'
        + "".join(sections)
        + "</section>"
    )
    page = render(
        PACKAGE,
        "dossier.html.j2",
        title=dossier_title(year),
        csp=Markup(CSP),
        content=Markup(body),
    )
    # Git author names and the reviews' logins are not checked by the loader: the index is
    # made safe as a whole, as the forms are.
    return safe_text(page)


def index_footer() -> str:
    """Every page of the index says what it is (Chromium's footer template)."""
    return (
        '<div style="width:100%;font-size:8pt;text-align:center;color:#000;'
        "font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;\">"
        f"{_esc(NOTICE)}\u3000\u3000"
        '第 <span class="pageNumber"></span> 页\uff0c共 <span class="totalPages"></span> 页</div>'
    )


# ---------------------------------------------------------------- the pages to print


def pages(dossier: Dossier) -> list[tuple[str, Page]]:
    """Every PDF of the dossier: (path inside the top folder, page to print), index first."""
    programme = dossier.programme
    found = [(INDEX, Page(INDEX, index_html(dossier), index_footer()))]
    for entry in dossier.entries:
        base = project_dir(entry.project)
        for kind in forms_of(entry, programme):
            found.append(
                (
                    f"{base}/{kind}.pdf",
                    Page(entry.project.path, render_form(kind, entry.project, programme)),
                )
            )
        report = render_closing_report(entry.project, programme)
        if report is not None:
            found.append((f"{base}/{REPORT_NAME}.pdf", Page(entry.project.path, report)))
    return found


# ---------------------------------------------------------------- the ZIP


def build(dossier: Dossier, print_pages: Callable[[list[Page]], Printed]) -> bytes:
    """The dossier as ZIP bytes. `print_pages` prints HTML to PDF (one browser for all)."""
    to_print = pages(dossier)
    printed = print_pages([page for _, page in to_print])
    pdfs = {
        path: normalise_pdf(data, dossier.when)
        for (path, _), data in zip(to_print, printed.pdfs, strict=True)
    }
    tables = build_tables(
        [e.project for e in dossier.entries], dossier.programme, dossier.today, dossier.year
    )
    files: list[tuple[str, bytes]] = [
        (INDEX, pdfs[INDEX]),
        (report_name(dossier.year), xlsx_bytes(tables, dossier.when)),
    ]
    for entry in dossier.entries:
        base = project_dir(entry.project)
        own = {f"{base}/{entry.project.slug}.md": entry.source}
        own.update({path: data for path, data in pdfs.items() if path.startswith(base + "/")})
        own.update({f"{base}/media/{name}": data for name, data in entry.media})
        files += [(item.path, own[item.path]) for item in listings(entry, dossier.programme)]
    manifest = manifest_bytes(dossier, files, printed.browser)
    top = folder(dossier.year)
    entries = [(f"{top}/{path}", data) for path, data in [*files, (MANIFEST, manifest)]]
    return zip_bytes(entries, dossier.when)


def manifest_bytes(dossier: Dossier, files: list[tuple[str, bytes]], browser: str) -> bytes:
    document = {
        "version": MANIFEST_VERSION,
        "title": dossier_title(dossier.year),
        "notice": NOTICE,
        "year": dossier.year,
        "commit": dossier.commit.sha,
        "time": dossier.when.isoformat(),
        "today": dossier.today.isoformat(),
        "uncommitted": dossier.uncommitted,
        "reviews": dossier.reviews_given,
        "chromium": browser,
        "projects": [e.project.key for e in dossier.entries],
        "files": [
            {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for path, data in files
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
