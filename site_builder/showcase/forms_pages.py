"""The online forms (在线填报): /apply/, /update/ and /panel/.

Pure, like `pages`: each page is Markdown holding its form as raw HTML, every label, help text,
choice and limit generated here from the schema, the roster and the settings, and the same
definitions embedded as JSON for `docs/javascripts/forms.js`, which checks and writes the file in
the visitor's browser. Nothing here is secret and nothing is sent anywhere: the pages carry no
project data and no panel member's name; the list of public projects /update/ offers (and /apply/
checks a file name against) is the site's open data, api/projects.json, read from the same site.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from site_builder.core import process
from site_builder.core.loader import _BAD_CHARS, MAX_BYTES
from site_builder.core.markdown import _FENCE, _H2
from site_builder.core.process import (
    PROGRESS_SECTION,
    REPORT_PARTS,
    REPORT_SECTION,
    SECTIONS,
    TRANSITIONS,
    Stage,
)
from site_builder.core.programme import Programme
from site_builder.core.project import MAX_SLUG, PATH_RE
from site_builder.rules import body_safety, names

APPLY_PAGE = "apply.md"
UPDATE_PAGE = "update.md"
PANEL_PAGE = "panel.md"
BRANCH = "main"
# GitHub answers 414 to an address over 8191 bytes (its docs on URL query parameters); above
# this margin the form copies the file and opens the page with the file name only.
MAX_URL = 7000
SPEC_ID = "sb-form-spec"
WITHDRAWN = Stage.WITHDRAWN

# Front-matter keys of an application, in the order the form asks for them.
APPLY_KEYS = (
    "title",
    "category",
    "general_branch",
    "branch",
    "unit",
    "secretary",
    "executors",
    "applied_on",
    "summary",
    "duration_months",
    "duration_reason",
    "tags",
)
# Keys typed as several names or words, one per line or separated by commas.
LIST_KEYS = ("executors", "tags")
# Texts that may span several lines; the others are one line.
LONG_KEYS = ("summary", "duration_reason")
SPLIT_HINT = "每行写一项\uff0c也可以用逗号、顿号或分号隔开。"
# Form-specific help where the schema's description speaks of editing the file by hand.
HELP = {
    "general_branch": "选择项目所属的党总支\uff08名单来自名册 data/roster.yml\uff09。",
    "branch": "只列出所选党总支下属的党支部。",
    "unit": "选择党总支后自动填入\uff0c可以修改。",
    "executors": "项目执行者的姓名\uff0c至少一人。" + SPLIT_HINT,
    "tags": "可选\uff0c若干个简短的关键词\uff0c用于网站的标签。" + SPLIT_HINT,
    "applied_on": "写作 YYYY-MM-DD\uff0c默认为今天。立项年度由它决定。",
    "duration_months": "计划用几个月完成\uff0c默认 12 个月\uff1b超过 12 个月须填写特殊情况说明。",
}
MARKDOWN_HINT = (
    "可以使用 Markdown\uff1a空一行另起一段\uff0c以“- ”开头为列表\uff0c以“### ”开头为小标题\uff1b"
    "不能写 HTML 标签\uff0c也不能再写“## ”二级标题。"
)


def form_pages(programme: Programme, repository: str | None) -> dict[str, str]:
    """The three form pages. `repository`: checked address (links.repository_of) or None."""
    return {
        APPLY_PAGE: apply_page(programme, repository),
        UPDATE_PAGE: update_page(programme, repository),
        PANEL_PAGE: panel_page(programme, repository),
    }


# ------------------------------------------------------------------------ shared


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _js_regex(expr: re.Pattern[str]) -> list[str]:
    """[source, flags] for JavaScript's RegExp, from the expression the Python side uses.
    Characters outside printable ASCII become \\uXXXX escapes (both engines read them), so no raw
    control character reaches the page; named groups take JavaScript's spelling."""
    source = expr.pattern.replace("(?P<", "(?<")
    source = re.sub(r"[^\x21-\x7e]", lambda m: f"\\u{ord(m.group()):04x}", source)
    flags = ("m" if expr.flags & re.MULTILINE else "") + ("i" if expr.flags & re.IGNORECASE else "")
    return [source, flags]


def _spec(data: dict[str, Any]) -> str:
    """The definitions as a JSON script element. `<`, `>` and `&` are escaped, so no text in it
    (a roster name, say) can close the element or start markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{SPEC_ID}">{text}</script>'


def _front(title: str) -> str:
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n"


def _common(programme: Programme, repository: str | None, page: str) -> dict[str, Any]:
    """What every form needs: the file checks the validator makes, as patterns and limits."""
    return {
        "page": page,
        "repository": repository,
        "branch": BRANCH,
        "max_url": MAX_URL,
        "max_bytes": MAX_BYTES,
        "bad_chars": _js_regex(_BAD_CHARS),
        "separators": "".join(names.SEPARATORS),
        "path_pattern": _js_regex(PATH_RE),
        "h2": _js_regex(_H2),
        "fence": _js_regex(_FENCE),
        # PB407's test for a prompt line left in (process.is_prompt), piece by piece.
        "prompt": {
            "placeholder": process.PLACEHOLDER,
            "maybe": _js_regex(process._MAYBE),
            "start": _js_regex(process._PLACEHOLDER_START),
            "mark": process._MARK,
            "letters": list(process._PROMPTS),
        },
        "body": {
            "tag": _js_regex(body_safety._TAG),
            "attr": _js_regex(body_safety._ATTR),
            "autolink": _js_regex(body_safety._AUTOLINK),
            "inline_link": _js_regex(body_safety._INLINE_LINK),
            "ref_def": _js_regex(body_safety._REF_DEF),
            "scheme": _js_regex(body_safety._SCHEME),
            "invisible": _js_regex(body_safety._INVISIBLE),
            "schemes": sorted(body_safety.ALLOWED_SCHEMES),
        },
    }


_NODE_KEYS = (
    "title",
    "type",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "pattern",
    "format",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "default",
)


def _node(programme: Programme, path: tuple[str | int, ...]) -> dict[str, Any]:
    """The schema's limits for one field (and for its list items), as the form checks them."""
    info = programme.schema
    node = info.node(path) or {}
    out = {k: node[k] for k in _NODE_KEYS if k in node}
    if node.get("type") == "array":
        out["items"] = _node(programme, (*path, 0))
    return out


def _required(text: str) -> str:
    return f'{text}<span class="sb-required">\uff08必填\uff09</span>'


def _control(tag: str, key: str, ident: str, attrs: str = "", inner: str = "") -> str:
    name = _esc(key)
    if tag == "input":
        return f'<input id="{ident}" name="{name}" type="text" {attrs}>'
    return f'<{tag} id="{ident}" name="{name}" {attrs}>{inner}</{tag}>'


def _field(
    key: str,
    label: str,
    control: str,
    help_text: str,
    *,
    hidden: bool = False,
    counter: bool = True,
) -> str:
    """One labelled field: label, control, help, counter, and the line for its message."""
    ident = f"f-{key}"
    cls = "sb-field" + (" sb-hidden" if hidden else "")
    count = f'<span class="sb-count" id="{ident}-count"></span>' if counter else ""
    return (
        f'<div class="{cls}" data-field="{_esc(key)}">'
        f'<label for="{ident}">{label}</label>{control}'
        f'<p class="sb-help">{_esc(help_text)}{count}</p>'
        f'<p class="sb-msg" id="{ident}-msg" aria-live="polite"></p></div>'
    )


def _output(file_label: str, open_label: str, open_id: str, note: str) -> str:
    """The result: the status line, the text to paste, and the two buttons."""
    return (
        '<div class="sb-output">'
        '<p class="sb-status" id="form-status" aria-live="polite"></p>'
        f'<label for="file-text">{_esc(file_label)}</label>'
        '<textarea id="file-text" readonly rows="14" spellcheck="false"></textarea>'
        '<p class="sb-buttons">'
        '<button type="button" class="md-button" id="copy-file">复制</button>'
        f'<button type="button" class="md-button md-button--primary" id="{open_id}">'
        f"{_esc(open_label)}</button></p>"
        '<p class="sb-note" id="github-note" aria-live="polite"></p>'
        f'<p class="sb-help">{_esc(note)}</p>'
        "</div>"
    )


NOSCRIPT = (
    "<noscript><p>本页的表格在浏览器中运行\uff0c需要启用 JavaScript。"
    "也可以按“用网页编辑器提交”中的步骤手工填写。</p></noscript>"
)


# ------------------------------------------------------------------------ 在线申报


def _apply_spec(programme: Programme, repository: str | None) -> dict[str, Any]:
    info, roster, settings = programme.schema, programme.roster, programme.settings
    window = settings.calendar.get("application")
    return {
        **_common(programme, repository, "apply"),
        "order": list(info.schema["properties"]),
        "required": list(info.schema.get("required", [])),
        "fields": {key: _node(programme, (key,)) for key in APPLY_KEYS},
        "lists": list(LIST_KEYS),
        "long": list(LONG_KEYS),
        "year": _node(programme, ("year",)),
        "stage": Stage.APPLIED,
        "sections": [
            {"heading": s.heading, "hint": s.hint}
            for s in SECTIONS
            if s.from_stage is Stage.APPLIED
        ],
        "general_branches": [
            {
                "id": gb.id,
                "name": gb.name,
                "unit": gb.default_unit,
                "branches": [{"id": b, "name": roster.branches[b].name} for b in gb.branches],
            }
            for gb in roster.general_branches.values()
        ],
        "window": (
            {
                "title": window.title,
                "start": window.start,
                "end": window.end,
                "offset": window.offset,
            }
            if window
            else None
        ),
        "max_slug": MAX_SLUG,
        "template": "apply.md",
    }


def apply_page(programme: Programme, repository: str | None) -> str:
    info = programme.schema
    required = set(info.schema.get("required", []))
    fields = []
    for key in APPLY_KEYS:
        node = info.node((key,)) or {}
        title = node.get("title", key)
        label = _required(_esc(title)) if key in required else _esc(title)
        if key == "duration_reason":
            label = _required(_esc(title))
        help_text = HELP.get(key, node.get("description", ""))
        ident = f"f-{key}"
        counter = True
        if key == "category":
            options = '<option value="">请选择</option>' + "".join(
                f'<option value="{_esc(k)}">{_esc(v)}</option>' for k, v in info.categories.items()
            )
            control, counter = _control("select", key, ident, inner=options), False
        elif key == "general_branch":
            options = '<option value="">请选择</option>' + "".join(
                f'<option value="{_esc(gb.id)}">{_esc(gb.name)}</option>'
                for gb in programme.roster.general_branches.values()
            )
            control, counter = _control("select", key, ident, inner=options), False
        elif key == "branch":
            control = _control(
                "select", key, ident, "disabled", '<option value="">请先选择党总支</option>'
            )
            counter = False
        elif key == "duration_months":
            low, high = node.get("minimum", 1), node.get("maximum", 24)
            default = node.get("default", 12)
            options = "".join(
                f'<option value="{n}"{" selected" if n == default else ""}>{n} 个月</option>'
                for n in range(low, high + 1)
            )
            control, counter = _control("select", key, ident, inner=options), False
        elif key in LIST_KEYS or key in LONG_KEYS:
            rows = 3 if key in LIST_KEYS else 4
            control = _control("textarea", key, ident, f'rows="{rows}"')
        elif key == "applied_on":
            control = _control("input", key, ident, 'inputmode="numeric" placeholder="YYYY-MM-DD"')
            counter = False
        else:
            control = _control("input", key, ident)
        fields.append(
            _field(key, label, control, help_text, hidden=key == "duration_reason", counter=counter)
        )
    sections = [
        _field(
            s.heading,
            _required(_esc(s.heading)),
            _control(
                "textarea", s.heading, f"f-{s.heading}", f'rows="8" placeholder="{_esc(s.hint)}"'
            ),
            f"写明\uff1a{s.hint}。{MARKDOWN_HINT}",
        )
        for s in SECTIONS
        if s.from_stage is Stage.APPLIED
    ]
    slug_help = (
        f"文件名和项目网页的固定地址\uff1a只用小写字母、数字和连字符\uff0c最多 {MAX_SLUG} 个字符\uff0c"
        "已按“支部编号-年度-序号”给出建议\uff0c可以修改。本页只能看到已公开的项目\uff1b"
        "未公开的项目是否已用了这个简称\uff0c提交后由自动检查\uff08PR309 简称重复\uff09最终确认。"
    )
    slug = _field(
        "slug",
        _required("项目简称\uff08文件名\uff09"),
        _control("input", "slug", "f-slug", 'autocapitalize="off" spellcheck="false"'),
        slug_help,
    )
    form = (
        '<form class="sb-form" id="sb-apply" novalidate autocomplete="off">'
        "<fieldset><legend>项目信息</legend>"
        + "".join(fields)
        + '<p class="sb-help" id="year-note"></p>'
        "</fieldset>"
        "<fieldset><legend>申报书正文</legend>" + "".join(sections) + "</fieldset>"
        "<fieldset><legend>文件</legend>" + slug + "</fieldset>"
        "</form>"
    )
    output = _output(
        "生成的项目文件",
        "在 GitHub 上提交",
        "open-github",
        "“在 GitHub 上提交”会在新窗口打开 GitHub 的新建文件页面并填好文件名和内容\uff1b"
        "内容较长时先复制到剪贴板\uff0c请在编辑区粘贴。之后点“提交更改\uff08Commit changes\uff09”\uff0c"
        "选择新建分支并发起拉取请求\uff0c在拉取请求页面选用申报模板\uff08template=apply.md\uff09。",
    )
    return (
        _front("在线申报") + "# 在线申报\n\n"
        "在下面逐项填写申报信息\uff0c本页会随时检查并生成一个完整的项目文件\uff0c"
        "再帮你在 GitHub 上新建这个文件、发起拉取请求。"
        "填写的内容只在你的浏览器中处理\uff0c不会发送到任何地方\uff1b离开本页前请先提交或复制保存。\n\n"
        "不方便使用本页时\uff0c也可以按[用网页编辑器提交](guide/submit.md)手工编写。"
        "各项的写法见[申报指南](guide/apply.md)。\n\n"
        + form
        + "\n\n"
        + output
        + "\n\n"
        + NOSCRIPT
        + "\n\n"
        + _spec(_apply_spec(programme, repository))
        + "\n"
    )


# ------------------------------------------------------------------------ 阶段材料


def _update_spec(programme: Programme, repository: str | None) -> dict[str, Any]:
    info = programme.schema
    progress, report = PROGRESS_SECTION, REPORT_SECTION
    return {
        **_common(programme, repository, "update"),
        "progress": {"heading": progress.heading, "hint": progress.hint},
        "report": {"heading": report.heading, "parts": list(REPORT_PARTS)},
        "fields": {
            "concluded_on": _node(programme, ("concluded_on",)),
            "expense": {
                k: _node(programme, ("expenses", 0, k)) for k in ("date", "item", "amount")
            },
            "expenses": _node(programme, ("expenses",)),
            "withdrawal": {k: _node(programme, ("withdrawal", k)) for k in ("date", "reason")},
        },
        "stages": {s: info.label("stage", s) for s in info.stages},
        # What the branch may add, from which public stage (the process's transitions).
        "actions": {
            "progress": {
                "from": _sources(programme, progress.from_stage, None),
                "to": None,
                "template": "midterm.md",
            },
            "conclude": {
                "from": _sources(programme, report.from_stage, "branch"),
                "to": report.from_stage,
                "template": "conclude.md",
            },
            "withdraw": {
                "from": _sources(programme, WITHDRAWN, "branch"),
                "to": WITHDRAWN,
                "template": "withdraw.md",
            },
        },
    }


def _sources(programme: Programme, target: str, actor: str | None) -> list[str]:
    """The public stages a project moves to `target` from (by `actor`, if given). Progress is
    written while the project is still in the stage the panel's midterm step leaves."""
    public = programme.schema.public_stages
    return sorted(
        {
            t.source
            for t in TRANSITIONS
            if t.target == target and t.source in public and (actor is None or actor in t.actors)
        }
    )


def update_page(programme: Programme, repository: str | None) -> str:
    t = programme.schema.title
    progress, report = PROGRESS_SECTION, REPORT_SECTION
    chooser = (
        "<fieldset><legend>选择项目</legend>"
        '<div class="sb-field" data-field="filter"><label for="f-filter">查找</label>'
        '<input id="f-filter" name="filter" type="search" placeholder="项目名称、支部或简称">'
        '<p class="sb-help">只列出网站上公开的项目\uff08已立项及以后的阶段\uff09。'
        "已申报、尚未立项的项目请直接在仓库中编辑。</p></div>"
        '<div class="sb-field" data-field="project"><label for="f-project">项目</label>'
        '<select id="f-project" name="project" disabled><option value="">正在载入项目列表……</option>'
        "</select>"
        '<p class="sb-msg" id="f-project-msg" aria-live="polite"></p></div>'
        '<p class="sb-help" id="project-info" aria-live="polite"></p>'
        '<div class="sb-field" data-field="action"><label for="f-action">要提交的材料</label>'
        '<select id="f-action" name="action" disabled>'
        '<option value="">请先选择项目</option>'
        f'<option value="progress">{_esc(progress.heading)}\uff08已立项的项目\uff0c次年 3 月前\uff09</option>'
        '<option value="conclude">结题\uff08中期检查之后\uff09</option>'
        '<option value="withdraw">撤项</option>'
        "</select>"
        '<p class="sb-msg" id="f-action-msg" aria-live="polite"></p></div>'
        "</fieldset>"
    )
    progress_part = (
        '<fieldset class="sb-action sb-hidden" data-action="progress">'
        f"<legend>{_esc(progress.heading)}</legend>"
        + _field(
            progress.heading,
            _required(_esc(progress.heading)),
            _control(
                "textarea",
                progress.heading,
                f"f-{progress.heading}",
                f'rows="8" placeholder="{_esc(progress.hint)}"',
            ),
            f"写明\uff1a{progress.hint}。{MARKDOWN_HINT}阶段保持“已立项”不变\uff0c中期检查意见由评审组填写。",
        )
        + "</fieldset>"
    )
    expense_title = t(("expenses",))
    conclude_part = (
        '<fieldset class="sb-action sb-hidden" data-action="conclude">'
        "<legend>结题</legend>"
        + _field(
            "concluded_on",
            _required(_esc(t(("concluded_on",)))),
            _control(
                "input",
                "concluded_on",
                "f-concluded_on",
                'inputmode="numeric" placeholder="YYYY-MM-DD"',
            ),
            "写作 YYYY-MM-DD\uff0c默认为今天\uff0c不能早于该项目上一环节的日期。",
            counter=False,
        )
        + f'<div class="sb-expenses" id="expenses"><p class="sb-label">{_esc(expense_title)}</p>'
        '<p class="sb-help">每一笔支出写一行\uff1a日期、事项\uff08'
        f"{_esc(t(('expenses', 0, 'item')))}\uff09和金额\uff08元\uff0c大于 0\uff0c最多两位小数\uff09。"
        "支出明细不在网站上公开\uff0c网站只显示合计。</p>"
        '<div id="expense-rows"></div>'
        '<p class="sb-buttons"><button type="button" class="md-button" id="add-expense">'
        "增加一笔</button></p>"
        '<p class="sb-total" id="expense-total" aria-live="polite"></p></div>'
        + "".join(
            _field(
                part,
                _required(_esc(part)),
                _control("textarea", part, f"f-{part}", 'rows="6"'),
                f"{_esc(report.heading)}的一部分\uff1a{part}。{MARKDOWN_HINT}",
            )
            for part in REPORT_PARTS
        )
        + "</fieldset>"
    )
    withdraw_part = (
        '<fieldset class="sb-action sb-hidden" data-action="withdraw">'
        f"<legend>{_esc(t(('withdrawal',)))}</legend>"
        + _field(
            "withdrawal.date",
            _required(_esc(t(("withdrawal", "date")))),
            _control(
                "input",
                "withdrawal.date",
                "f-withdrawal.date",
                'inputmode="numeric" placeholder="YYYY-MM-DD"',
            ),
            "写作 YYYY-MM-DD\uff0c默认为今天。",
            counter=False,
        )
        + _field(
            "withdrawal.reason",
            _required(_esc(t(("withdrawal", "reason")))),
            _control("textarea", "withdrawal.reason", "f-withdrawal.reason", 'rows="3"'),
            "写明撤项的原因。撤项后项目不在网站上显示\uff0c也不能自行恢复。",
        )
        + "</fieldset>"
    )
    output = (
        '<div class="sb-output">'
        '<p class="sb-status" id="form-status" aria-live="polite"></p>'
        '<ol class="sb-steps" id="update-steps"></ol>'
        '<label for="update-front">加入前置信息的内容\uff08放在第二个 --- 之前\uff09</label>'
        '<textarea id="update-front" readonly rows="8" spellcheck="false"></textarea>'
        '<p class="sb-buttons"><button type="button" class="md-button" id="copy-front">复制</button></p>'
        '<label for="update-body">加入正文末尾的内容</label>'
        '<textarea id="update-body" readonly rows="10" spellcheck="false"></textarea>'
        '<p class="sb-buttons"><button type="button" class="md-button" id="copy-body">复制</button>'
        '<button type="button" class="md-button md-button--primary" id="open-github">'
        "在 GitHub 上编辑</button></p>"
        '<p class="sb-note" id="github-note" aria-live="polite"></p>'
        "</div>"
    )
    return (
        _front("阶段材料") + "# 阶段材料\n\n"
        "项目立项以后\uff0c支部要补充中期进展、提交结题材料\uff0c或者申请撤项。"
        "在本页选择项目和要提交的材料\uff0c按提示填写\uff0c本页会给出要加入项目文件的全部内容\uff0c"
        "再在 GitHub 上打开该文件的编辑页面。填写的内容只在你的浏览器中处理。\n\n"
        "手工编写的方法见[用网页编辑器提交](guide/submit.md)。\n\n"
        '<form class="sb-form" id="sb-update" novalidate autocomplete="off">'
        + chooser
        + progress_part
        + conclude_part
        + withdraw_part
        + "</form>\n\n"
        + output
        + "\n\n"
        + NOSCRIPT
        + "\n\n"
        + _spec(_update_spec(programme, repository))
        + "\n"
    )


# ------------------------------------------------------------------------ 评审组


def _panel_spec(programme: Programme, repository: str | None) -> dict[str, Any]:
    info, settings = programme.schema, programme.settings
    return {
        **_common(programme, repository, "panel"),
        "approval": {
            k: _node(programme, ("approval", k)) for k in ("date", "decision", "grant", "opinion")
        },
        "acceptance": {
            k: _node(programme, ("acceptance", k)) for k in ("date", "result", "opinion", "total")
        },
        "reviewer": _node(programme, ("acceptance", "scores", 0, "reviewer")),
        "scores": _node(programme, ("acceptance", "scores")),
        "criteria": [
            {
                "key": c,
                "title": info.title(("acceptance", "scores", 0, c)),
                "max": settings.rubric[c],
            }
            for c in info.criteria
        ],
        "threshold": settings.award_threshold,
        "standard_grant": settings.standard_grant,
        "labels": {
            "decision": _labels(programme, ("approval", "decision")),
            "result": _labels(programme, ("acceptance", "result")),
        },
    }


def _labels(programme: Programme, path: tuple[str, ...]) -> dict[str, str]:
    return (programme.schema.node(path) or {}).get("x-labels", {})


def _choice(key: str, ident: str, labels: dict[str, str]) -> str:
    options = "".join(f'<option value="{_esc(k)}">{_esc(v)}</option>' for k, v in labels.items())
    return _control("select", key, ident, inner=options)


def panel_page(programme: Programme, repository: str | None) -> str:
    info, settings = programme.schema, programme.settings
    t = info.title
    date_attrs = 'inputmode="numeric" placeholder="YYYY-MM-DD"'
    approval = (
        '<form class="sb-form" id="sb-approval" novalidate autocomplete="off">'
        f"<fieldset><legend>{_esc(t(('approval',)))}</legend>"
        + _path_field("approval")
        + _field(
            "approval.date",
            _required(_esc(t(("approval", "date")))),
            _control("input", "approval.date", "f-approval.date", date_attrs),
            "写作 YYYY-MM-DD\uff0c默认为今天。",
            counter=False,
        )
        + _field(
            "approval.decision",
            _required(_esc(t(("approval", "decision")))),
            _choice(
                "approval.decision",
                "f-approval.decision",
                _labels(programme, ("approval", "decision")),
            ),
            "同意立项时阶段改为“已立项”\uff0c不予立项时改为“未立项”。",
            counter=False,
        )
        + _field(
            "approval.grant",
            _required(_esc(t(("approval", "grant")))),
            _control("input", "approval.grant", "f-approval.grant", 'inputmode="numeric"'),
            f"同意立项时填写\uff0c标准为 {settings.standard_grant} 元。",
            counter=False,
        )
        + _field(
            "approval.opinion",
            _esc(t(("approval", "opinion"))),
            _control("textarea", "approval.opinion", "f-approval.opinion", 'rows="3"'),
            "评审组的意见\uff0c可选。",
        )
        + "</fieldset></form>"
        + _block_output("approval", "把项目文件中的 stage 一行换成以下内容", "在 GitHub 上编辑")
    )
    criteria = "、".join(
        f"{t(('acceptance', 'scores', 0, c))}\uff08满分 {settings.rubric[c]} 分\uff09"
        for c in info.criteria
    )
    scores_node = info.node(("acceptance", "scores")) or {}
    top = scores_node.get("maxItems", 30)
    low = scores_node.get("minItems", 1)
    count_options = "".join(
        f'<option value="{n}"{" selected" if n == 3 else ""}>{n} 位</option>'
        for n in range(low, top + 1)
    )
    acceptance = (
        '<form class="sb-form" id="sb-acceptance" novalidate autocomplete="off">'
        f"<fieldset><legend>{_esc(t(('acceptance',)))}</legend>"
        + _path_field("acceptance")
        + _field(
            "acceptance.date",
            _required(_esc(t(("acceptance", "date")))),
            _control("input", "acceptance.date", "f-acceptance.date", date_attrs),
            "写作 YYYY-MM-DD\uff0c默认为今天。",
            counter=False,
        )
        + _field(
            "reviewers",
            "评委人数",
            _control("select", "reviewers", "f-reviewers", inner=count_options),
            f"每位评委按五项标准打分\uff1a{criteria}。",
            counter=False,
        )
        + '<div id="score-rows"></div>'
        '<div class="sb-total" id="acceptance-summary" aria-live="polite">'
        f'<p>{_esc(t(("acceptance", "total")))}\uff1a<strong id="acceptance-total">—</strong>'
        f"\uff08满分 {settings.max_total} 分\uff1b各评委合计的平均值\uff0c保留一位小数\uff0c四舍五入\uff09</p>"
        f'<p id="award-eligible"></p></div>'
        + _field(
            "acceptance.result",
            _required(_esc(t(("acceptance", "result")))),
            _choice(
                "acceptance.result",
                "f-acceptance.result",
                _labels(programme, ("acceptance", "result")),
            ),
            "通过验收时阶段改为“通过验收”\uff0c否则改为“未通过验收”。",
            counter=False,
        )
        + _field(
            "acceptance.opinion",
            _esc(t(("acceptance", "opinion"))),
            _control("textarea", "acceptance.opinion", "f-acceptance.opinion", 'rows="3"'),
            "评审组的验收意见\uff0c可选。",
        )
        + "</fieldset></form>"
        + _block_output("acceptance", "把项目文件中的 stage 一行换成以下内容", "在 GitHub 上编辑")
    )
    return (
        _front("评审组\uff1a立项批复与验收评分") + "# 评审组\uff1a立项批复与验收评分\n\n"
        "评审组成员用本页写出立项批复和验收评分\uff0c复制到项目文件中\uff08由评审组成员提交拉取请求\uff0c"
        "再请另一位评审组成员批准\uff09。评委姓名和分数只在你的浏览器中计算\uff0c不会发送到任何地方\uff0c"
        "也不在网站上公开。填写方法见[评审组工作](guide/review.md)\uff0c评分标准见[验收评分标准](rubric.md)。\n\n"
        "## 立项批复\n\n" + approval + "\n\n## 验收评分\n\n"
        f"总评分按各评委合计的平均值计算\uff0c与自动检查的算法相同\uff1b达到 {settings.award_threshold} 分"
        "且通过验收的项目可参加优秀成果评比。\n\n"
        + acceptance
        + "\n\n"
        + NOSCRIPT
        + "\n\n"
        + _spec(_panel_spec(programme, repository))
        + "\n"
    )


def _path_field(form: str) -> str:
    """The project file a panel block goes into (for the edit link); one per form."""
    return _field(
        f"{form}.path",
        "项目文件",
        _control(
            "input",
            f"{form}.path",
            f"f-{form}.path",
            'autocapitalize="off" spellcheck="false" placeholder="projects/2026/eng-teachers-2026-01.md"',
        ),
        "填写拉取请求中的项目文件\uff0c即可直接打开它的编辑页面。",
        counter=False,
    )


def _block_output(name: str, label: str, open_label: str) -> str:
    return (
        f'<div class="sb-output" id="{name}-output">'
        f'<p class="sb-status" id="{name}-status" aria-live="polite"></p>'
        f'<label for="{name}-text">{_esc(label)}</label>'
        f'<textarea id="{name}-text" readonly rows="10" spellcheck="false"></textarea>'
        '<p class="sb-buttons">'
        f'<button type="button" class="md-button" id="copy-{name}">复制</button>'
        f'<button type="button" class="md-button md-button--primary" id="open-{name}">'
        f"{_esc(open_label)}</button></p>"
        f'<p class="sb-note" id="{name}-note" aria-live="polite"></p>'
        "</div>"
    )
