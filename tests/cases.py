"""Shared test data: the hostile files (refused by the loader and the rules) and one failing
project per rule. Several test modules use them; no test module imports another."""

from __future__ import annotations

from factory import body, front, render

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
]
