"""The online forms (在线填报): /apply/, /update/ and /panel/, the sign-in page /signin/ (登录) and
the signed-in person's pull requests /mine/ (我的提交) and the review page /review/ (待审批).

Pure, like `pages`: each page is Markdown holding its form as raw HTML, rendered from autoescaped
templates (templates/forms/) with every label, help text, choice and limit taken from the schema,
the roster, the settings, the programme definition and the application's questionnaire
(core/questionnaire.py, which the `new` command asks too); the same definitions are embedded as
JSON for the page's script (docs/javascripts/pages/<page>.js, named in the page's `module`
meta), which checks and writes the file in the visitor's browser. Nothing here is secret and
nothing is sent anywhere: the pages carry no project data and no panel member's name; the list of
public projects /update/ offers (and /apply/ checks a file name against) is the site's open data,
api/projects.json, read from the same site. The sign-in page embeds the repository and the
API address (mkdocs.yml extra.github_api) its script checks a person's token against; the token
goes to that address only (docs/javascripts/shared/github.js).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from site_builder.core import approvers, process, questionnaire
from site_builder.core.loader import BAD_CHARS
from site_builder.core.process import (
    FINAL_STAGES,
    PROGRESS_SECTION,
    REPORT_PARTS,
    REPORT_SECTION,
    TRANSITIONS,
    Stage,
)
from site_builder.core.programme import FieldPath, Programme
from site_builder.core.templates import render
from site_builder.rules import pack
from site_builder.showcase.links import DEFAULT_API, api_origin, owner_and_name

APPLY_PAGE = "apply.md"
UPDATE_PAGE = "update.md"
PANEL_PAGE = "panel.md"
SIGNIN_PAGE = "signin.md"
MINE_PAGE = "mine.md"
REVIEW_PAGE = "review.md"
ROSTER_FILE = "data/roster.yml"
BRANCH = "main"
# GitHub answers 414 to an address over 8191 bytes (its docs on URL query parameters); above
# this margin the form copies the file and opens the page with the file name only.
MAX_URL = 7000
SPEC_ID = "sb-form-spec"
PACKAGE = "site_builder.showcase"
MARKDOWN_HINT = (
    "空一行另起一段\uff0c以“- ”开头为列表\uff0c以“### ”开头为小标题\uff1b"
    "不能写网页代码\uff08如 <b>\uff09\uff0c也不能以“## ”开头另起大标题。"
)
NOSCRIPT = Markup(
    "<noscript><p>本页的表格在浏览器中运行\uff0c需要启用 JavaScript。"
    "也可以按“用网页编辑器提交”中的步骤手工填写。</p></noscript>"
)
# The pull-request templates (.github/PULL_REQUEST_TEMPLATE/) each step asks for.
PULL_TEMPLATES = ".github/PULL_REQUEST_TEMPLATE"
TEMPLATES = {
    "apply": "apply.md",
    "progress": "midterm.md",
    "conclude": "conclude.md",
    "withdraw": "withdraw.md",
    "acceptance": "accept.md",
}


def form_pages(
    programme: Programme, repository: str | None, api: str = DEFAULT_API
) -> dict[str, str]:
    """The three form pages, the sign-in page and the review page. `repository`: checked address
    (links.repository_of) or None; `api`: checked API address (links.api_of)."""
    return {
        APPLY_PAGE: apply_page(programme, repository, api),
        UPDATE_PAGE: update_page(programme, repository, api),
        PANEL_PAGE: panel_page(programme, repository, api),
        SIGNIN_PAGE: signin_page(repository, api),
        MINE_PAGE: mine_page(programme, repository, api),
        REVIEW_PAGE: review_page(programme, repository, api),
    }


# ------------------------------------------------------------------------ shared


def _spec(data: dict[str, Any]) -> Markup:
    """The definitions as a JSON script element. `<`, `>` and `&` are escaped, so no text in it
    (a roster name, say) can close the element or start markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # The characters no file may hold (the rule pack's patterns name some) stay escapes: no
    # invisible or direction-changing character reaches the page's source.
    text = BAD_CHARS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return Markup(f'<script type="application/json" id="{SPEC_ID}">{text}</script>')


def _html(name: str, /, **values: Any) -> Markup:
    """A form from its autoescaped template, on lines without indentation or blank lines (raw
    HTML inside Markdown)."""
    text = render(PACKAGE, f"forms/{name}", **values)
    return Markup("\n".join(line for line in text.splitlines() if line.strip()))


def _page(name: str, page: str, /, **values: Any) -> str:
    return render(PACKAGE, f"forms/{name}", module=f"pages/{page}.js", noscript=NOSCRIPT, **values)


def _common(
    programme: Programme, repository: str | None, page: str, api: str = DEFAULT_API
) -> dict[str, Any]:
    """What every form needs: the rules (`schema`, `pack`, `process`: rules/pack.py browser_spec,
    which docs/javascripts/shared/rules.js alone reads), where a file is submitted and, for a
    signed-in person, the API address and repository (docs/javascripts/shared/connect.js) and
    where each step's date is written (`timeline`: the project picker's dates). No limit,
    pattern or message of a rule is written here: the pages take them from the pack."""
    return {
        **pack.browser_spec(programme),
        **_connection(repository, api),
        "page": page,
        "max_url": MAX_URL,
        "timeline": [[stage.value, list(where)] for stage, where in process.TIMELINE],
    }


def _connection(repository: str | None, api: str) -> dict[str, Any]:
    """The repository and API address a signed-in page talks to."""
    owner, name = owner_and_name(repository) if repository else (None, None)
    return {
        "repository": repository,
        "owner": owner,
        "repo": name,
        "branch": BRANCH,
        "api": api,
        "api_origin": api_origin(api),
        "roster": ROSTER_FILE,
    }


def _title(programme: Programme) -> Callable[[FieldPath], str]:
    """A field's title for the templates: title(("approval", "date"))."""
    return lambda path: programme.schema.title(tuple(path))


# ------------------------------------------------------------------------ 在线申报


def pull_template(programme: Programme, name: str) -> str | None:
    """The text of the pull-request template `name` (.github/PULL_REQUEST_TEMPLATE/), the body of
    the pull request the site opens; None when the repository has none."""
    try:
        return (programme.root / PULL_TEMPLATES / name).read_text(encoding="utf-8")
    except OSError:
        return None


def _apply_spec(
    programme: Programme, repository: str | None, api: str = DEFAULT_API
) -> dict[str, Any]:
    roster = programme.roster
    stage = Stage.APPLIED
    return {
        **_common(programme, repository, "apply", api),
        "pull_template": pull_template(programme, TEMPLATES["apply"]),
        "questions": questionnaire.spec(programme),
        "year_from": questionnaire.YEAR_FROM,
        "stage": stage,
        "general_branches": [
            {
                "id": gb.id,
                "name": gb.name,
                "unit": gb.default_unit,
                "branches": [{"id": b, "name": roster.branches[b].name} for b in gb.branches],
            }
            for gb in roster.general_branches.values()
        ],
        "template": TEMPLATES["apply"],
    }


def apply_page(programme: Programme, repository: str | None, api: str = DEFAULT_API) -> str:
    spec = _apply_spec(programme, repository, api)
    months = programme.schema.node(("duration_months",)) or {}
    form = _html(
        "apply.html.j2",
        questions=questionnaire.questions(programme),
        months=[
            (n, f"{n} 个月") for n in range(months.get("minimum", 1), months.get("maximum", 24) + 1)
        ],
        sections=[
            {"heading": x.heading, "hint": x.hint} for x in process.required_sections(Stage.APPLIED)
        ],
        markdown_hint=MARKDOWN_HINT,
        template=TEMPLATES["apply"],
    )
    return _page("apply.md.j2", "apply", form=form, spec=_spec(spec))


# ------------------------------------------------------------------------ 阶段材料


def _sources(target: Stage, actor: str | None) -> list[Stage]:
    """The public stages a project moves to `target` from (by `actor`, if given), in the
    programme's order. Progress is written while the project is still in the stage the panel's
    midterm step leaves."""
    return [
        s
        for s in process.STAGES
        if s.public
        and any(
            t.source is s and t.target is target and (actor is None or actor in t.actors)
            for t in TRANSITIONS
        )
    ]


def _update_spec(
    programme: Programme, repository: str | None, api: str = DEFAULT_API
) -> dict[str, Any]:
    progress, report = PROGRESS_SECTION, REPORT_SECTION
    withdrawn = Stage.WITHDRAWN
    return {
        **_common(programme, repository, "update", api),
        "progress": {"heading": progress.heading, "hint": progress.hint},
        "report": {"heading": report.heading, "parts": list(REPORT_PARTS)},
        # What the branch may add, from which public stage (the process's transitions).
        "actions": {
            "progress": {
                "from": _sources(progress.from_stage, None),
                "to": None,
                "template": TEMPLATES["progress"],
            },
            "conclude": {
                "from": _sources(report.from_stage, "branch"),
                "to": report.from_stage,
                "template": TEMPLATES["conclude"],
            },
            "withdraw": {
                "from": _sources(withdrawn, "branch"),
                "to": withdrawn,
                "template": TEMPLATES["withdraw"],
            },
        },
    }


def update_page(programme: Programme, repository: str | None, api: str = DEFAULT_API) -> str:
    info = programme.schema
    progress, report = PROGRESS_SECTION, REPORT_SECTION
    spec = _update_spec(programme, repository, api)
    sources = {
        k: "\u3001".join(Stage(s).label for s in a["from"]) for k, a in spec["actions"].items()
    }
    actions = [
        ("progress", f"{progress.heading}\uff08{sources['progress']}的项目\uff0c次年 3 月前\uff09"),
        ("conclude", f"结题\uff08{sources['conclude']}的项目\uff09"),
        ("withdraw", info.title(("withdrawal",))),
    ]
    form = _html(
        "update.html.j2",
        title=_title(programme),
        actions=actions,
        progress={
            "heading": progress.heading,
            "hint": progress.hint,
            "keeps": "\u3001".join(Stage(s).label for s in spec["actions"]["progress"]["from"]),
        },
        report={"heading": report.heading, "parts": REPORT_PARTS},
        markdown_hint=MARKDOWN_HINT,
    )
    return _page("update.md.j2", "update", form=form, spec=_spec(spec))


# ------------------------------------------------------------------------ 评审组


def _outcomes(programme: Programme, block: str, field: str) -> tuple[dict[str, str], str]:
    """What the panel's `block.field` leads to: {value: stage}, from the schema's stage
    conditions (a stage that demands `field` to be a value) and the panel's steps into such a
    stage from one that does not yet have it; and the stage the block is written in."""
    demanded: dict[str, str] = {}
    for rule in programme.schema.schema.get("allOf", []):
        test = rule.get("if", {}).get("properties", {}).get("stage", {})
        stages = test.get("enum", [test["const"]] if "const" in test else [])
        then = rule.get("then", {}).get("properties", {}).get(block, {})
        value = then.get("properties", {}).get(field, {}).get("const")
        if value is not None:
            demanded.update(dict.fromkeys(stages, value))
    out: dict[str, str] = {}
    sources = set()
    for t in TRANSITIONS:
        if t.source and t.source not in demanded and t.target in demanded and "panel" in t.actors:
            out.setdefault(demanded[t.target], t.target)
            sources.add(t.source)
    (source,) = sources
    return out, source


def _panel_targets(source: Stage, programme: Programme) -> list[Stage]:
    """The stages the panel may move a project in `source` to, as the settings allow: with a
    public notice (`notice_days` > 0) not the steps kept for a programme without one."""
    notice = getattr(programme.settings, "notice_days", 0) or 0
    return [
        t.target
        for t in TRANSITIONS
        if t.source is source
        and "panel" in t.actors
        and not (notice and getattr(t, "without_notice_only", False))
    ]


def _award_step(programme: Programme) -> tuple[Stage, Stage]:
    """The panel's award step (表彰): from the stage a passed acceptance leads to, into the first
    stage that holds `award`: the notice's (a stage that is not final) when the settings ask for
    a public notice, else the award itself."""
    requires = {s for s in process.STAGES if any(r.field == "award" for r in s.requires)}
    source = next(
        s
        for s in process.STAGES
        if s not in requires and any(t in requires for t in _panel_targets(s, programme))
    )
    into = [t for t in _panel_targets(source, programme) if t in requires]
    notice = getattr(programme.settings, "notice_days", 0) or 0
    preferred = [t for t in into if (not t.final) == bool(notice)]
    return source, (preferred or into)[0]


def _midterm_step(programme: Programme) -> tuple[list[Stage], Stage]:
    """The panel's mid-term check (中期检查): into the stage that first asks for `midterm`."""
    target = next(s for s in process.STAGES if any(r.field == "midterm" for r in s.requires))
    return [s for s in process.sources(target, "panel") if s is not Stage.WITHDRAWN], target


def _panel_spec(
    programme: Programme, repository: str | None, api: str = DEFAULT_API
) -> dict[str, Any]:
    settings = programme.settings
    approval, approval_from = _outcomes(programme, "approval", "decision")
    acceptance, acceptance_from = _outcomes(programme, "acceptance", "result")
    midterm_from, midterm_to = _midterm_step(programme)
    award_from, award_to = _award_step(programme)
    notice = getattr(programme.settings, "notice_days", 0) or 0
    award_node = programme.schema.node(("award",)) or {}
    return {
        **_common(programme, repository, "panel", api),
        "standard_grant": settings.standard_grant,
        "outcomes": {"approval": approval, "acceptance": acceptance},
        "from": {
            "approval": approval_from,
            "acceptance": acceptance_from,
            "midterm": midterm_from,
            "award": award_from,
        },
        "midterm": {"to": midterm_to, "section": PROGRESS_SECTION.heading},
        "award": {
            "to": award_to,
            "quota": settings.awards_per_year,
            "notice_days": notice,
            # The notice's first day is asked where the schema knows it and a notice is held.
            "notice_start": bool(notice) and "notice_start" in award_node.get("properties", {}),
            "title": (programme.schema.node(("award", "title")) or {}).get("default", ""),
        },
        # The result that lets a project go on (to an award): the one leading to a stage that is
        # not final.
        "passed": next(v for v, s in acceptance.items() if s not in FINAL_STAGES),
        "templates": {
            "approval": None,
            "acceptance": TEMPLATES["acceptance"],
            "midterm": None,
            "award": None,
        },
    }


def _labels(programme: Programme, path: FieldPath) -> list[tuple[str, str]]:
    return list((programme.schema.node(path) or {}).get("x-labels", {}).items())


def panel_page(programme: Programme, repository: str | None, api: str = DEFAULT_API) -> str:
    info, settings = programme.schema, programme.settings
    spec = _panel_spec(programme, repository, api)
    title = _title(programme)

    def what(path: FieldPath, outcomes: dict[str, str]) -> str:
        labels = dict(_labels(programme, path))
        return (
            "\uff0c".join(
                f"{labels.get(v, v)}时阶段改为“{Stage(s).label}”" for v, s in outcomes.items()
            )
            + "。"
        )

    criteria = "、".join(
        f"{info.title(('acceptance', 'scores', 0, c))}\uff08满分 {settings.rubric[c]} 分\uff09"
        for c in info.criteria
    )
    scores_node = info.node(("acceptance", "scores")) or {}
    low, top = scores_node.get("minItems", 1), scores_node.get("maxItems", 30)

    def replacing(source: Stage | list[Stage]) -> str:
        stages = source if isinstance(source, list) else [source]
        names = "\u6216".join(f"\u201c{s.label}\u201d" for s in stages)
        return f"把项目文件开头写着阶段{names}的一行换成以下内容"

    award = spec["award"]
    approval = _html(
        "approval.html.j2",
        title=title,
        decisions=_labels(programme, ("approval", "decision")),
        decision_help=what(("approval", "decision"), spec["outcomes"]["approval"]),
        standard_grant=settings.standard_grant,
        replace_label=replacing(spec["from"]["approval"]),
    )
    midterm = _html(
        "midterm.html.j2",
        title=title,
        section=PROGRESS_SECTION.heading,
        replace_label=replacing(spec["from"]["midterm"]),
    )
    acceptance = _html(
        "acceptance.html.j2",
        title=title,
        reviewers=[(n, f"{n} 位") for n in range(low, top + 1)],
        reviewers_default=3,
        criteria=criteria,
        max_total=settings.max_total,
        results=_labels(programme, ("acceptance", "result")),
        result_help=what(("acceptance", "result"), spec["outcomes"]["acceptance"]),
        replace_label=replacing(spec["from"]["acceptance"]),
    )
    into = Stage(award["to"])
    rule = (
        f"每个表彰年度最多评出 {award['quota']} 项优秀成果\uff1b"
        f"只有通过验收且总评分达到 {settings.award_threshold} 分的项目才能参评。"
        + (
            f"提交后阶段改为\u201c{into.label}\u201d\uff0c公示 {award['notice_days']} 个工作日\u3002"
            if award["notice_days"]
            else f"提交后阶段改为\u201c{into.label}\u201d\u3002"
        )
    )
    award_html = _html(
        "award.html.j2",
        title=title,
        title_default=award["title"],
        notice_start=award["notice_start"],
        notice_days=award["notice_days"],
        rule=rule,
        replace_label=replacing(spec["from"]["award"]),
    )
    return _page(
        "panel.md.j2",
        "panel",
        picker=_html("panel_project.html.j2"),
        approval=approval,
        midterm=midterm,
        acceptance=acceptance,
        award=award_html,
        award_threshold=settings.award_threshold,
        spec=_spec(spec),
    )


# ------------------------------------------------------------------------ 我的提交


def mine_page(programme: Programme, repository: str | None, api: str = DEFAULT_API) -> str:
    """/mine/: the signed-in person's open pull requests with their checks (pages/mine.js). The
    rules come along: a check's finding is said with the field's Chinese title."""
    spec = {
        **_common(programme, repository, "mine", api),
        "forms": {"update": "../update/", "apply": "../apply/"},
    }
    return _page("mine.md.j2", "mine", form=_html("mine.html.j2"), spec=_spec(spec))


# ------------------------------------------------------------------------ 登录


def _signin_spec(repository: str | None, api: str) -> dict[str, Any]:
    return {"page": "signin", **_connection(repository, api)}


def signin_page(repository: str | None, api: str = DEFAULT_API) -> str:
    """/signin/: how to make a fine-grained token for this repository, and the form that checks
    it (pages/signin.js)."""
    spec = _signin_spec(repository, api)
    form = _html("signin.html.j2")
    return _page(
        "signin.md.j2",
        "signin",
        form=form,
        spec=_spec(spec),
        owner=spec["owner"],
        repo=spec["repo"],
        repository=repository,
        api=api,
        host=urlsplit(repository).netloc if repository else "github.com",
    )


# ------------------------------------------------------------------------ 待审批


def _review_spec(programme: Programme, repository: str | None, api: str) -> dict[str, Any]:
    """What pages/review.js needs: the sign-in's repository and API address, the rules (the change
    receipt reads the schema and the process), who approves what (core/approvers.py, the table
    `approvals` applies) and, for the panel's blocks, the stages each block starts from."""
    panel = _panel_spec(programme, repository, api)
    return {
        **_common(programme, repository, "review", api),
        "approvers": approvers.spec(),
        "blocks": panel["from"],
        "award_threshold": programme.settings.award_threshold,
    }


def review_page(programme: Programme, repository: str | None, api: str = DEFAULT_API) -> str:
    """/review/ (待审批): the pull requests the signed-in person may approve, each with its change
    receipt, approvals and actions (pages/review.js)."""
    spec = _review_spec(programme, repository, api)
    return _page("review.md.j2", "review", form=_html("review.html.j2"), spec=_spec(spec))
