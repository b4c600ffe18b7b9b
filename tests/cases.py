"""Shared test data: the hostile files (refused by the loader and the rules) and one failing
project per rule. Several test modules use them; no test module imports another."""

from __future__ import annotations

from factory import body, front, render

from site_builder.core.process import SECTIONS, prompt_line

GOOD = render(front())
GOOD_LINES = GOOD.split("\n")


def replace_line(prefix: str, new: str) -> str:
    return "\n".join(new if line.startswith(prefix) else line for line in GOOD_LINES)


def line_no(text: str, prefix: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith(prefix))


def _bomb() -> str:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for p, c in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]")
    return "---\n" + "\n".join(rows) + "\n---\n"


def _nested() -> str:
    lines = ["---", "title:"]
    lines += ["  " * i + "k:" for i in range(1, 13)]
    return "\n".join(lines) + "\n---\n"


# name → (content, code, line)
CORPUS: dict[str, tuple[str | bytes, str, int]] = {
    "alias-bomb": (_bomb(), "PF109", 2),
    "anchor": (replace_line("unit:", "unit: &u 工程技术系"), "PF109", line_no(GOOD, "unit:")),
    "merge-key": (
        GOOD.replace("stage: applied", "stage: applied\n<<: {title: x}"),
        "PF109",
        line_no(GOOD, "stage:") + 1,
    ),
    "duplicate-key": (
        GOOD.replace("stage: applied", "stage: applied\ntitle: 另一个名称"),
        "PF110",
        line_no(GOOD, "stage:") + 1,
    ),
    "int-key": (
        GOOD.replace("stage: applied", "stage: applied\n2026: x"),
        "PF111",
        line_no(GOOD, "stage:") + 1,
    ),
    "bool-key": (
        GOOD.replace("stage: applied", "stage: applied\nfalse: x"),
        "PF111",
        line_no(GOOD, "stage:") + 1,
    ),
    "python-tag": (
        replace_line("unit:", "unit: !!python/object/apply:os.system ['id']"),
        "PF112",
        line_no(GOOD, "unit:"),
    ),
    "binary-tag": (
        replace_line("unit:", "unit: !!binary aGVsbG8="),
        "PF112",
        line_no(GOOD, "unit:"),
    ),
    "deep-nesting": (_nested(), "PF113", 12),
    "too-large": (GOOD + "很" * 90_000, "PF101", 1),
    "latin1": (
        GOOD.replace("李明", "Li").encode("utf-8").replace(b"Li", b"L\xe9", 1),
        "PF102",
        line_no(GOOD, "secretary:"),
    ),
    "utf16": (GOOD.encode("utf-16"), "PF102", 1),
    "nul-byte": (GOOD.replace("工程技术系", "工程\x00技术系"), "PF103", line_no(GOOD, "unit:")),
    "bidi-override": (
        GOOD.replace("工程技术系", "工程\u202e系术技"),
        "PF103",
        line_no(GOOD, "unit:"),
    ),
    "bidi-in-body": (GOOD + "\n正文\u2067隐藏\u2069\n", "PF103", len(GOOD_LINES) + 1),
    "no-front-matter": ("## 为什么开展活动\n\n内容\n", "PF104", 1),
    "multimarkdown-meta": ("title: 项目\nyear: 2026\n\n正文\n", "PF104", 1),
    "unclosed": (GOOD.replace("\n---\n", "\n\n", 1), "PF105", 1),
    "empty": ("---\n---\n" + body(), "PF106", 1),
    "list-front-matter": ("---\n- a\n- b\n---\n" + body(), "PF107", 2),
    "ascii-comma-in-flow": (
        GOOD.replace(
            "stage: applied",
            "stage: applied\nwithdrawal: {date: 2026-06-01, reason: 人员调动,无法开展}",
        ),
        "PF118",  # the split-off text becomes a key that is not a field name
        line_no(GOOD, "stage:") + 1,
    ),
    "escaped-key": (
        replace_line("stage:", '"\\x73tage": applied'),
        "PF118",
        line_no(GOOD, "stage:"),
    ),
    "quoted-nested-key": (
        GOOD.replace("stage: applied", "stage: applied\nwithdrawal: {'date': 2026-06-01}"),
        "PF118",
        line_no(GOOD, "stage:") + 1,
    ),
    "colon-in-value": (
        replace_line("title:", "title: 项目: 党员先锋岗: 建设"),
        "PF108",
        line_no(GOOD, "title:"),
    ),
    "tab-indent": (GOOD.replace("- 李明", "\t- 李明"), "PF108", line_no(GOOD, "- 李明")),
    "octal-looking": (
        replace_line("duration_months:", "duration_months: 010"),
        "PS203",
        line_no(GOOD, "duration_months:"),
    ),
    "yes-no-enum": (replace_line("category:", "category: no"), "PS201", line_no(GOOD, "category:")),
    "sexagesimal": (
        replace_line("duration_months:", "duration_months: 1:20"),
        "PS203",
        line_no(GOOD, "duration_months:"),
    ),
    "float-exp": (
        replace_line("duration_months:", "duration_months: 1e3"),
        "PS203",
        line_no(GOOD, "duration_months:"),
    ),
    "impossible-date": (
        replace_line("applied_on:", "applied_on: 2026-02-30"),
        "PS206",
        line_no(GOOD, "applied_on:"),
    ),
    "script-tag": (GOOD + "\n<script>fetch('//evil')</script>\n", "PB402", len(GOOD_LINES) + 1),
    "iframe": (
        GOOD + "\n<iframe src=https://evil.example></iframe>\n",
        "PB402",
        len(GOOD_LINES) + 1,
    ),
    "img-onerror": (GOOD + "\n<img src=x onerror=alert(1)>\n", "PB402", len(GOOD_LINES) + 1),
    "html-comment": (GOOD + "\n<!-- 给评审的悄悄话 -->\n", "PB403", len(GOOD_LINES) + 1),
    "javascript-link": (
        GOOD + "\n[详情](javascript:alert(document.cookie))\n",
        "PB404",
        len(GOOD_LINES) + 1,
    ),
    "javascript-spaced": (
        GOOD + "\n[详情](java%20script:alert(1)) [x](JaVaScRiPt:alert(1))\n",
        "PB404",
        len(GOOD_LINES) + 1,
    ),
    "data-image": (
        GOOD + "\n![图](data:text/html;base64,PHNjcmlwdD4=)\n",
        "PB404",
        len(GOOD_LINES) + 1,
    ),
    "attr-list": (
        GOOD + '\n[点我](https://example.org){: onclick="alert(1)"}\n',
        "PB405",
        len(GOOD_LINES) + 1,
    ),
    "title-markup": (
        replace_line("title:", "title: 先锋<img src=x onerror=alert(1)>"),
        "PB406",
        line_no(GOOD, "title:"),
    ),
    "workflow-command-title": (
        replace_line("title:", "title: '::error::伪造 ##[error]x'"),
        None,
        0,
    ),
    "missing-section": (
        GOOD.split("\n## 预期目标")[0] + "\n",
        "PB401",
        len(GOOD.split("\n---\n")[0].split("\n")) + 2,
    ),
    "wrong-branch": (
        replace_line("branch:", "branch: art-teachers"),
        "PR302",
        line_no(GOOD, "branch:"),
    ),
}


CASES: list[tuple[str, dict, str | None, str, str]] = [
    # (name, overrides, body or None, code, text of the line the message must point at)
    ("enum", {"category": "servce"}, None, "PS201", "category:"),
    ("required", {"summary": None}, None, "PS202", "---"),
    ("type", {"duration_months": "010"}, None, "PS203", "duration_months:"),
    ("unknown", {"titel": "x"}, None, "PS204", "titel:"),
    ("length", {"title": "短"}, None, "PS205", "title:"),
    ("date", {"applied_on": "2026-02-30"}, None, "PS206", "applied_on:"),
    ("range", {"duration_months": 30}, None, "PS207", "duration_months:"),
    ("pattern", {"branch": "Eng_Teachers"}, None, "PS208", "branch:"),
    ("items", {"executors": []}, None, "PS209", "executors:"),
    ("roster", {"branch": "nobody"}, None, "PR301", "branch:"),
    ("parent", {"branch": "art-teachers"}, None, "PR302", "branch:"),
    ("duration", {"duration_months": 18}, None, "PR303", "duration_months:"),
    ("angle", {"title": "<b>党员先锋岗</b>"}, None, "PB406", "title:"),
    ("section", {}, "\n## 为什么开展活动\n\n因为。\n", "PB401", ""),
    ("html", {}, body() + "\n<script>alert(1)</script>\n", "PB402", "<script>"),
    ("comment", {}, body() + "\n<!-- 隐藏 -->\n", "PB403", "<!--"),
    ("js-link", {}, body() + "\n[点我](javascript:alert(1))\n", "PB404", "[点我]"),
    ("entity-link", {}, body() + "\n[点我](javascript&#58;alert(1))\n", "PB404", "[点我]"),
    ("data-link", {}, body() + "\n![图](data:image/svg+xml;base64,AAAA)\n", "PB404", "![图]"),
    ("ref-link", {}, body() + "\n[x]: vbscript:msgbox\n", "PB404", "[x]:"),
    ("autolink", {}, body() + "\n<javascript:alert(1)>\n", "PB404", "<javascript"),
    ("relative", {}, body() + "\n[文件](../../etc/passwd)\n", "PB404", "[文件]"),
    ("attr", {}, body() + '\n段落文字\n{: onclick="alert(1)" }\n', "PB405", "{:"),
    ("attr-bare-word", {}, body() + "\n*强调*{ onclick }\n", "PB405", "*强调*"),
    # PB409 (a warning): emoji, named once each, at the first one's line.
    (
        "emoji",
        {},
        body() + "\n\u5fd7\u613f\u670d\u52a1\u3002\n\u6210\u679c\U0001f393\U0001f44d\U0001f393\n",
        "PB409",
        "\u6210\u679c",
    ),
    (
        "many-emoji",
        {},
        body() + "\n" + "".join(chr(0x1F600 + i) for i in range(10)) + "\n",
        "PB409",
        "\U0001f600",
    ),
    # PR314 (a warning): several names with spaces between, in one executor entry.
    ("spaced-names", {"executors": ["李明", "赵强 刘洋"]}, None, "PR314", "- 赵强"),
    (
        "spaced-names-full-width",
        {"executors": ["赵强\u3000刘洋\u3000何欣"]},
        None,
        "PR314",
        "- 赵强",
    ),
]


# ----- the beginners' mistakes (tests/test_beginner_messages.py; the rule parity test too)


def swap(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


FLOW_EXECUTORS = "executors:\n- 李明\n- 王芳\n"
OLD_GUIDE_BODY = (
    "\n## 为什么开展活动\n\n(写明开展这项活动的原因:本支部的实际情况\u3001要解决的问题\u3001与学院中心工作的联系\u3002)\n"
    "\n## 怎样开展活动\n\n(写明活动形式\u3001主要内容\u3001时间安排和每项工作任务的负责人\u3002)\n"
    "\n## 预期目标\n\n(写明要达到的具体目标,尽量可以检查,如次数\u3001人数\u3001形成的制度或成果\u3002)\n"
)


# name → (file text, line it must point at (text of the line's start), code, words in message)
BEGINNER_ROWS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "full-width-colon": (
        swap("secretary: 李明", "secretary\uff1a刘洋"),
        "secretary\uff1a",
        "PF108",
        ("把中文冒号\u201c\uff1a\u201d改为英文冒号加空格", "secretary: 刘洋"),
    ),
    "no-space-after-colon": (
        swap("unit: 工程技术系", "unit:工程技术系"),
        "unit:工程技术系",
        "PF108",
        ("冒号后面要加一个空格", "unit: 工程技术系"),
    ),
    "full-width-colon-on-line-2": (
        swap("title: 党员先锋岗建设行动", "title\uff1a党员先锋岗建设行动"),
        "title\uff1a",
        "PF108",
        ("中文冒号", "title: 党员先锋岗建设行动"),
    ),
    "chinese-commas-in-a-list": (
        swap(FLOW_EXECUTORS, "executors: [刘洋\uff0c何欣\uff0c张小龙]\n"),
        "executors:",
        "PR311",
        ("中文逗号\u201c\uff0c\u201d", "executors: [刘洋, 何欣, 张小龙]"),
    ),
    "enumeration-comma-in-tags": (
        swap("tags:\n- 先锋岗\n- 志愿服务\n", "tags: [先锋岗\u3001志愿服务]\n"),
        "tags:",
        "PR311",
        ("顿号\u201c\u3001\u201d", "tags: [先锋岗, 志愿服务]"),
    ),
    "no-space-after-hashes": (
        swap("## 预期目标", "##预期目标"),
        "##预期目标",
        "PB401",
        ("`##` 后要有一个空格", "## 预期目标"),
    ),
    "field-name-in-chinese": (
        swap("secretary: 李明", "支部书记: 刘洋"),
        "支部书记:",
        "PF118",
        ("字段名要用英文 `secretary`\uff08支部书记\uff09", "改为\u201csecretary\u201d"),
    ),
    "branch-by-its-chinese-name": (
        swap("branch: eng-teachers", "branch: 学生党支部"),
        "branch:",
        "PS208",
        (
            "是不是 eng-students\uff08工程系学生党支部\uff09",
            "可选\uff1aeng-teachers\uff08工程系教工党支部\uff09\u3001eng-students\uff08工程系学生党支部\uff09",
        ),
    ),
    "branch-full-name": (
        swap("branch: eng-teachers", "branch: 工程系学生党支部"),
        "branch:",
        "PS208",
        ("这里要填它的编号 eng-students",),
    ),
    "branch-wrong-id": (
        swap("branch: eng-teachers", "branch: eng-nobody"),
        "branch:",
        "PR301",
        (
            "可选\uff1aeng-teachers\uff08工程系教工党支部\uff09\u3001eng-students\uff08工程系学生党支部\uff09",
        ),
    ),
    "general-branch-by-name": (
        swap("general_branch: gb-eng", "general_branch: 工程系党总支"),
        "general_branch:",
        "PS208",
        ("这里要填它的编号 gb-eng",),
    ),
}

# Prompt lines in every bracket and punctuation style (PB407).
PROMPT_LINES: list[str] = [
    prompt_line(SECTIONS[0]),
    "(待填写)写明开展这项活动的原因:本支部的实际情况\u3001要解决的问题\u3001与学院中心工作的联系\u3002",
    "\u3010待填写\u3011请补充",
    "[待填写]",
    "待填写",
    "写明活动形式,主要内容,时间安排和每项工作任务的负责人",  # brackets deleted, commas changed
    "  \uff08写明项目进展和阶段性小结\uff09",
]
# Lines that are not prompts.
ORDINARY_LINES: list[str] = [
    "本支部共有待填写的表格三张\u3002",
    "写明了活动的时间\u3002",
    "## 预期目标",
    "形成党员先锋岗制度\u3002",
]
# A heading written nearly right, and words its PB401 message must hold.
NEAR_MISS_HEADINGS: list[tuple[str, str]] = [
    ("##预期目标", "`##` 后要有一个空格"),
    ("# 预期目标", "井号个数不对"),
    ("### 预期目标", "井号个数不对"),
    ("\uff03\uff03 预期目标", "中文井号"),
    ("##\u3000预期目标", "不能用全角空格"),
    ("**预期目标**", "要写成二级标题"),
    ("预期目标\uff1a", "要写成二级标题"),
    ("## 三\u3001预期目标", "标题文字要与规定完全一致"),
]
