"""The policy's three printed forms as standalone HTML: 申报表, 中期检查表, 验收评审表.

Pure: a validated project and the programme in, one HTML string out. Every field label is the
schema's Chinese title; every value from the project is escaped; the body sections are rendered
from Markdown and sanitised. The HTML needs nothing from outside (inline CSS, system CJK fonts)
and forbids itself to load anything (Content-Security-Policy), so it prints the same anywhere.
Forms carry non-public data (reviewers' names and scores) and are never part of the site.

A blank form (`blank=True`, the midterm and acceptance forms) carries the project's own data and
leaves the panel's boxes and score cells empty, to hand out before the panel has written anything.
"""

from __future__ import annotations

import html
from datetime import date

from markupsafe import Markup

from site_builder.core.errors import SiteBuilderError
from site_builder.core.figures import (
    compute_total,
    grant_of,
    reviewer_sum,
    spent_of,
    to_decimal,
    yuan,
)
from site_builder.core.markdown import split_sections
from site_builder.core.process import PLAN_SECTIONS, REPORT_SECTIONS, SECTIONS
from site_builder.core.programme import FieldPath, Programme
from site_builder.core.project import Project
from site_builder.core.safetext import safe_text
from site_builder.core.sanitize import clean_print_html
from site_builder.core.templates import render
from site_builder.rules.body_safety import render_print

FORM_TITLES: dict[str, str] = {
    "apply": "彩神党支部工作“立项活动”项目申报表",
    "midterm": "彩神党支部工作“立项活动”中期检查表",
    "acceptance": "彩神党支部工作“立项活动”验收评审表",
}
FORMS = tuple(FORM_TITLES)
# Not one of the policy's forms: the branch's closing report with its itemised expenses, printed
# for the year's dossier.
REPORT_TITLE = "彩神党支部工作“立项活动”项目结题报告"
BLANK_FORMS = ("midterm", "acceptance")
# An empty cell that still holds a line's height, for a hand-written entry.
EMPTY = "\u3000"
BLANK_DATE = "\u3000\u3000\u5e74\u3000\u3000\u6708\u3000\u3000\u65e5"  # "  年  月  日"
FOOTER = "中共彩神委员会印制"

PROGRESS_SECTION = next(s.heading for s in SECTIONS if s.from_stage == "midterm")

# The page around the form and its styling (form.css) are templates in this package, for staff to
# edit; the policy that keeps a form from loading anything stays here.
PACKAGE = "site_builder.panel"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'"


class FormError(SiteBuilderError):
    """The project has not reached the stage the form needs; the message is Chinese."""

    code = "SB401"


# ---------------------------------------------------------------- helpers shared with reports


def cn_date(value: object) -> str:
    """`2025-05-07` → `2025年5月7日`; anything unparsable is shown as it is."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.year}年{day.month}月{day.day}日"


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML (the body never reaches the page unsanitised)."""
    return clean_print_html(render_print(text))


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _money(value: object) -> str:
    """An amount in yuan as the reports show it (`185.5` → `185.50`); anything else as it is."""
    amount = to_decimal(value)
    return yuan(amount) if amount is not None else str(value)


def _text(value: object) -> str:
    """Plain text with line breaks kept."""
    return "<br>".join(_esc(part) for part in str(value).split("\n"))


# ---------------------------------------------------------------- the forms


class _Form:
    """Builds one form for one project; `title(path)` is the schema's Chinese title."""

    def __init__(
        self, kind: str, project: Project, programme: Programme, blank: bool = False
    ) -> None:
        self.kind = kind
        self.blank = blank
        self.project = project
        self.programme = programme
        self.info = programme.schema
        self.data = project.data
        self.sections = split_sections(project.body)

    def title(self, path: FieldPath) -> str:
        return self.info.title(path)

    def value(self, *path: str) -> str:
        """The display text (escaped HTML) of a front-matter value."""
        value = self.project.get(*path)
        if value is None:
            return ""
        key = path[-1] if len(path) == 1 else None
        if path == ("branch",):
            branch = self.programme.roster.branches.get(value)
            return _esc(branch.name if branch else value)
        if path == ("general_branch",):
            general = self.programme.roster.general_branches.get(value)
            return _esc(general.name if general else value)
        if key in ("category", "stage"):
            return _esc(self.info.label(key, value))
        if isinstance(value, list):
            return _esc("、".join(str(v) for v in value))
        if self.info.is_date(path):
            return _esc(cn_date(value))
        labels = self.info.labels(path)
        if labels:
            return _esc(labels.get(value, value))
        return _text(value)

    def rows(self, *paths: tuple[str, ...]) -> str:
        """A two-column table: schema title | value, for the fields present."""
        cells = [
            f"<tr><th>{_esc(self.title(p))}</th><td>{self.value(*p)}</td></tr>"
            for p in paths
            if self.project.get(*p) not in (None, "", [])
        ]
        return f'<table class="fields">{"".join(cells)}</table>'

    def section(self, heading: str) -> str:
        text = self.sections.get(heading, "")
        if not text and self.blank:  # not written yet: room to write it by hand
            return f'<h2>{_esc(heading)}</h2><div class="box"><div class="blank"></div></div>'
        return f'<h2>{_esc(heading)}</h2><div class="section">{render_markdown(text)}</div>'

    # -- refusal

    def missing(self) -> str | None:
        """What the project lacks for this form (Chinese), or None. A blank form needs only the
        branch's side: an approved project (midterm), a concluded one (acceptance)."""
        if self.blank:
            if self.kind == "midterm" and not grant_of(self.data):
                return "尚未立项"
            if self.kind == "acceptance" and not self.data.get("concluded_on"):
                return f"尚未结题\uff08没有{self.title(('concluded_on',))} concluded_on\uff09"
            return None
        if self.kind == "apply":
            absent = [h for h in PLAN_SECTIONS if h not in self.sections]
            if absent:
                return "正文缺少章节" + "、".join(f"“## {h}”" for h in absent)
            return None
        if self.kind == "midterm":
            lacks = []
            if not isinstance(self.data.get("midterm"), dict):
                lacks.append(f"{self.title(('midterm',))}记录\uff08midterm\uff09")
            if PROGRESS_SECTION not in self.sections:
                lacks.append(f"正文章节“## {PROGRESS_SECTION}”")
            return "尚无" + "和".join(lacks) if lacks else None
        acceptance = self.data.get("acceptance")
        if not isinstance(acceptance, dict) or not acceptance.get("scores"):
            return f"尚无{self.title(('acceptance',))}记录\uff08acceptance\uff09"
        return None

    # -- the three bodies

    def apply(self) -> str:
        branch_title = f"{self.title(('branch',))}\uff08盖章\uff09"
        cover_rows = [
            (self.title(("title",)), self.value("title"), ""),
            (self.title(("unit",)), self.value("unit"), ""),
            (self.title(("executors",)), self.value("executors"), ""),
            (branch_title, self.value("branch"), "stamp"),
            (self.title(("secretary",)), self.value("secretary"), ""),
            (self.title(("applied_on",)), self.value("applied_on"), ""),
        ]
        cover = "".join(
            f'<tr class="{cls}"><th>{_esc(label)}:</th><td>{value}</td></tr>'
            for label, value, cls in cover_rows
        )
        overview = self.rows(
            ("year",),
            ("category",),
            ("general_branch",),
            ("duration_months",),
            ("duration_reason",),
            ("tags",),
            ("summary",),
        )
        plan = "".join(self.section(h) for h in PLAN_SECTIONS)
        general = self.title(("general_branch",))
        approval = self.data.get("approval")
        if isinstance(approval, dict):
            decision = self.rows(
                ("approval", "decision"),
                ("approval", "grant"),
                ("approval", "opinion"),
                ("approval", "date"),
            )
        else:
            decision = '<div class="blank"></div>'
        return (
            '<section class="cover">'
            f"<h1>{_esc(FORM_TITLES['apply'])}</h1>"
            f'<table class="cover-fields">{cover}</table>'
            f'<p class="footer">{_esc(FOOTER)}</p>'
            "</section>"
            '<section class="page-break">'
            f"<h1>{_esc(FORM_TITLES['apply'])}</h1>"
            f"{overview}{plan}"
            f'<div class="box"><p class="label">{_esc(general)}意见</p>'
            '<div class="blank"></div>'
            '<p class="signature"><span>签字\uff08盖章\uff09\uff1a<span class="line"></span></span>'
            "<span>　　年　　月　　日</span></p></div>"
            f'<div class="box"><p class="label">{_esc(self.title(("approval",)))}</p>'
            f"{decision}</div>"
            f'<p class="footer">{_esc(FOOTER)}</p>'
            "</section>"
        )

    def _identity(self, *extra: tuple[str, ...]) -> str:
        return self.rows(
            ("title",),
            ("year",),
            ("category",),
            ("unit",),
            ("branch",),
            ("secretary",),
            ("executors",),
            *extra,
        )

    def midterm(self) -> str:
        check = self.title(("midterm",))
        opinion = (
            '<div class="blank"></div>'
            if self.blank
            else f"<p>{self.value('midterm', 'opinion')}</p>"
        )
        day = BLANK_DATE if self.blank else self.value("midterm", "date")
        return (
            f"<h1>{_esc(FORM_TITLES['midterm'])}</h1>"
            + self._identity(("approval", "grant"))
            + self.section(PROGRESS_SECTION)
            + f"<h2>{_esc(check)}</h2>"
            + f'<div class="box"><p class="label">{_esc(self.title(("midterm", "opinion")))}</p>'
            + f"{opinion}</div>"
            + '<p class="signature"><span>评审组组长签字\uff1a<span class="line"></span></span>'
            + f"<span>{_esc(self.title(('midterm', 'date')))}:"
            + f"{day}</span></p>"
            + f'<p class="footer">{_esc(FOOTER)}</p>'
        )

    def acceptance(self) -> str:
        criteria = self.info.criteria
        rubric = self.programme.settings.rubric
        scores = [] if self.blank else self.data["acceptance"]["scores"]
        full = sum(rubric.get(c, 0) for c in criteria)
        head = "".join(
            f"<th>{_esc(self.title(('acceptance', 'scores', 0, c)))}"
            f'<span class="max">\uff08满分 {rubric.get(c, 0)} 分\uff09</span></th>'
            for c in criteria
        )
        reviewer = self.title(("acceptance", "scores", 0, "reviewer"))
        if self.blank:
            return self._blank_acceptance(head, full, reviewer)
        lines = []
        for score in scores:
            cells = "".join(f'<td class="num">{_esc(score.get(c, ""))}</td>' for c in criteria)
            lines.append(
                f"<tr><th>{_esc(score.get('reviewer', ''))}</th>{cells}"
                f'<td class="num">{reviewer_sum(score, criteria)}</td></tr>'
            )
        total = compute_total(scores, criteria)
        table = (
            '<table class="scores">'
            f"<thead><tr><th>{_esc(reviewer)}</th>{head}"
            f'<th>合计<span class="max">\uff08满分 {full} 分\uff09</span></th></tr></thead>'
            f"<tbody>{''.join(lines)}</tbody>"
            f'<tfoot><tr><th colspan="{len(criteria) + 1}">'
            f"{_esc(self.title(('acceptance', 'total')))}\uff08各评委合计的平均值\uff09</th>"
            f'<td class="num total">{_esc(total)}</td></tr></tfoot>'
            "</table>"
        )
        verdict = self.rows(("acceptance", "result"), ("acceptance", "opinion"))
        return (
            f"<h1>{_esc(FORM_TITLES['acceptance'])}</h1>"
            + self._identity(("concluded_on",), ("acceptance", "date"))
            + f"<h2>{_esc(self.title(('acceptance', 'scores')))}</h2>"
            + table
            + f"<h2>{_esc(self.title(('acceptance',)))}</h2>"
            + verdict
            + '<p class="signature"><span>评审组组长签字\uff1a<span class="line"></span></span>'
            + "<span>日期\uff1a　　　年　　月　　日</span></p>"
            + f'<p class="footer">{_esc(FOOTER)}</p>'
        )

    def report(self) -> str:
        """The closing report: the project, the report's sections and the itemised expenses."""
        expenses = self.data.get("expenses") or []
        columns = ("date", "item", "amount")
        head = "".join(f"<th>{_esc(self.title(('expenses', 0, c)))}</th>" for c in columns)
        lines = "".join(
            f"<tr><td>{_esc(cn_date(e.get('date', '')))}</td><td>{_esc(e.get('item', ''))}</td>"
            f'<td class="num">{_esc(_money(e.get("amount", "")))}</td></tr>'
            for e in expenses
            if isinstance(e, dict)
        )
        if not lines:
            lines = f'<tr><td colspan="{len(columns)}">\uff08无\uff09</td></tr>'
        spent = yuan(spent_of(self.data))
        grant = yuan(grant_of(self.data))
        table = (
            f'<table class="scores"><thead><tr>{head}</tr></thead><tbody>{lines}</tbody>'
            f'<tfoot><tr><th colspan="{len(columns) - 1}">支出合计\uff08资助 {_esc(grant)} 元\uff09</th>'
            f'<td class="num total">{_esc(spent)}</td></tr></tfoot></table>'
        )
        return (
            f"<h1>{_esc(REPORT_TITLE)}</h1>"
            + self._identity(("approval", "grant"), ("concluded_on",))
            + "".join(self.section(h) for h in REPORT_SECTIONS)
            + f"<h2>{_esc(self.title(('expenses',)))}</h2>"
            + table
            + f'<p class="footer">{_esc(FOOTER)}</p>'
        )

    def _blank_acceptance(self, head: str, full: int, reviewer: str) -> str:
        """The scoring sheet for the meeting: one empty row per panel member, no total, the
        result to tick and the opinion to write."""
        criteria = self.info.criteria
        cells = f'<td class="num">{EMPTY}</td>' * (len(criteria) + 1)
        # Room for a name written by hand (the empty cells alone would shrink the column).
        rows = f"<tr><th>{EMPTY * 5}</th>{cells}</tr>" * max(len(self.programme.roster.panel), 3)
        table = (
            '<table class="scores">'
            f"<thead><tr><th>{_esc(reviewer)}</th>{head}"
            f'<th>合计<span class="max">\uff08满分 {full} 分\uff09</span></th></tr></thead>'
            f"<tbody>{rows}</tbody>"
            f'<tfoot><tr><th colspan="{len(criteria) + 1}">'
            f"{_esc(self.title(('acceptance', 'total')))}\uff08各评委合计的平均值\uff09</th>"
            f'<td class="num total">{EMPTY}</td></tr></tfoot>'
            "</table>"
        )
        labels = self.info.labels(("acceptance", "result"))
        ticks = "\u3000\u3000".join(f"\u25a1 {_esc(label)}" for label in labels.values())
        verdict = (
            '<table class="fields">'
            f"<tr><th>{_esc(self.title(('acceptance', 'result')))}</th><td>{ticks}</td></tr></table>"
            f'<div class="box"><p class="label">{_esc(self.title(("acceptance", "opinion")))}</p>'
            '<div class="blank"></div></div>'
        )
        return (
            f"<h1>{_esc(FORM_TITLES['acceptance'])}</h1>"
            + self._identity(("concluded_on",))
            + f"<h2>{_esc(self.title(('acceptance', 'scores')))}</h2>"
            + table
            + f"<h2>{_esc(self.title(('acceptance',)))}</h2>"
            + verdict
            + '<p class="signature"><span>评审组组长签字\uff1a<span class="line"></span></span>'
            + f"<span>日期\uff1a{EMPTY}{BLANK_DATE}</span></p>"
            + f'<p class="footer">{_esc(FOOTER)}</p>'
        )


def missing_data(
    kind: str, project: Project, programme: Programme, blank: bool = False
) -> str | None:
    """Why `kind` cannot be filled from `project` (Chinese, naming the file), or None."""
    reason = _Form(kind, project, programme, blank).missing()
    if reason is None:
        return None
    stage = project.stage or ""
    label = programme.schema.label("stage", stage)
    which = "空白" if blank else ""
    return f"{project.path}: 阶段为 {stage}\uff08{label}\uff09\uff0c{reason}\uff0c不能生成{which}《{FORM_TITLES[kind]}》。"


def render_form(kind: str, project: Project, programme: Programme, blank: bool = False) -> str:
    """The whole form as one standalone HTML document. Raises FormError (never a partial form)."""
    if kind not in FORM_TITLES or (blank and kind not in BLANK_FORMS):
        raise ValueError(f"unknown form {kind!r}" + (" (blank)" if blank else ""))
    form = _Form(kind, project, programme, blank)
    problem = missing_data(kind, project, programme, blank)
    if problem:
        raise FormError(problem)
    content = getattr(form, kind)()
    page = render(
        PACKAGE,
        "form.html.j2",
        kind=kind,
        form_title=FORM_TITLES[kind],
        name=project.data.get("title", project.key),
        # Both are HTML already: the constant policy and the form, built from escaped values.
        csp=Markup(CSP),
        content=Markup(content),
    )
    return safe_text(page)  # no control or direction character reaches the printed page


def render_closing_report(project: Project, programme: Programme) -> str | None:
    """The closing report as one standalone HTML document, or None before the project is
    concluded (no `concluded_on`)."""
    if not project.data.get("concluded_on"):
        return None
    page = render(
        PACKAGE,
        "form.html.j2",
        kind="report",
        form_title=REPORT_TITLE,
        name=project.data.get("title", project.key),
        csp=Markup(CSP),
        content=Markup(_Form("report", project, programme).report()),
    )
    return safe_text(page)  # as the forms: no control or direction character on the page


def output_name(kind: str, project: Project, blank: bool = False) -> str:
    """`2025-eng-rural-skills-service-apply` (without extension); `…-midterm-blank`."""
    return f"{project.folder_year}-{project.slug}-{kind}" + ("-blank" if blank else "")
