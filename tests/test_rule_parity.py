"""The browser and the validator cannot disagree: docs/javascripts/shared/rules.js, run in Node over
the same corpora the rule tests use (the hostile files, one failing project per rule, the
beginners' mistakes) and generated variations of them, must report exactly what the validator
reports for the rules the browser judges: the same codes at the same fields, with the same text
(and, in the body, at the same lines). One Node process runs the whole corpus.

What the browser cannot judge is out of scope, by list: the loader's refusals (the file is never a
project), paths, media, roster lookups, dates, awards and spending (rules/pack.py SHARED_CODES).
"""

from __future__ import annotations

import copy
import itertools
import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from cases import (
    BEGINNER_ROWS,
    CASES,
    CORPUS,
    GOOD,
    NEAR_MISS_HEADINGS,
    OLD_GUIDE_BODY,
    ORDINARY_LINES,
    PROMPT_LINES,
    swap,
)
from factory import ROOT, body, front, make_repo, render

from site_builder.core import jsregex
from site_builder.core.process import SECTIONS, prompt_line
from site_builder.core.programme import Programme
from site_builder.core.tree import parse_project
from site_builder.rules import body_safety, duration, pack, text_safety
from site_builder.rules.validate import check_project

RUNNER = ROOT / "tests/rule_parity.mjs"
REL = "projects/2026/parity-01.md"
SLUG = "parity-01"


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if found is None:
        pytest.fail("Node.js is needed for the rule parity test (Debian: apt-get install nodejs)")
    return found


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Programme:
    return Programme.load(make_repo(tmp_path_factory.mktemp("parity") / "repo"))


# ----------------------------------------------------------------------------- the corpora

HOSTILE_LINES = [
    "[a](javascript:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript&colon;alert(1))",
    "[a](java&Tab;script:alert(1))",
    "[a](java&NewLine;script:x)",
    "[a](&amp;#106;avascript:x)",
    "[a](&jscr;avascript:x)",
    "[a](&notin;javascript:x)",
    "[a](&notinva;x:y)",
    "[a](&ampx:y)",
    "[a](&#0;x:y) [b](&#128;x:y) [c](&#xD800;x:y) [d](&#1114112;x:y) [e](&#x1F;x:y)",
    "[a](JAVA\u200bSCRIPT:x)",
    "[a](mailto:someone@example.org) [b](https://example.org) [c](#anchor) [d](someone@example.org)",
    "[a](parity-01/photo.jpg) [b](parity-01/%E5%9B%BE.png) [c](parity-01/../x.jpg)",
    "[a](parity-01/a%2Fb.jpg) [b](parity-01/a?b.jpg) [c](parity-01/%FF.jpg) [d](other/photo.jpg)",
    "[a]( <javascript:x> ) [b](<https://example.org>)",
    "[ref]: javascript:alert(1)",
    "   [ref]: <data:text/html,x>",
    "[x]: vbscript:msgbox",
    "<javascript:alert(1)> <http://example.org> <a@b.example> <mailto:x@y.z>",
    "<ftp://example.org/\u00e9> <x+y:z>",
    "![p](https://example.org/a.png) ![p](//example.org/a.png) ![p](data:image/png;base64,AA)",
    "![p](\\\\example.org\\a.png) ![p](<https://e.org/a b.png>) ![p]( parity-01/a.jpg )",
    "![p][r1] ![r2] ![p][] ![外 链][R3]\n\n[r1]: https://example.org/1.png\n[r2]:\n  //example.org/2.png\n[外 链]: http://example.org/3.png\n[r3]: https://x.org/4.png",
    "![a [nested] b](https://example.org/n.png) ![esc \\] x](https://e.org/e.png)",
    "![unclosed [x](https://e.org/u.png)",
    "<div>x</div> < span> </p> <!doctype html> <?php ?>",
    "<!-- hidden --> <http://a.b/<!--x> 😀<b>tag after astral</b>",
    "<http://example.org/😀😀😀>  <b>x</b>",
    "文字{: .cls} {#id} {.cls} { onclick } {中文} {a=1} {中文 a=1} {中a} {x-y z}",
    "*x*{ onclick } ## 标题 {#anchor} {   :   } {\u3000onclick}",
    "{a\u00e9=1} {\u00e9a} {_x} {-x=1}",
    "普通文字,没有问题。含有全角〈尖括号〉的文字。",
    "\u3000[a](\u3000javascript:x) [b](\u00a0javascript:x) [c](\ufeffjavascript:x)",
    "[a](\u2028javascript:x)",
    "[a](java\u00adscript:x) [b](&shy;javascript:x) [c](&ZeroWidthSpace;javascript:x)",
    "[a](&#x2060;javascript:x) [b](&#8203;javascript:x) [c](&nbsp;javascript:x)",
    "[a](&Kfr;x:y) [b](&#x212A;x:y) [c](&#304;x:y)",
]

SPECIAL_TEXTS = [
    "",
    "a\n",
    "gb-eng\n",
    "2026-05-06\n",
    "88.5\n",
    "abc\u0085def\x1cghi\ufeffjkl\u3000mno\xa0pqr",
    "中文abc=1 中文 abc = 1 {中文abc=1}",
    "一二三 123 ١٢٣ ①②③ ²³",
    "😀 astral 𝒥 chars",
    "\t## 预期目标  ##",
    "##\u3000预期目标",
    "＃＃ 预期目标",
    "```\n## 预期目标\n```",
    "~~~~\n~~~\n",
    "  （待填写）写明",
    "【待填写】",
    "李明，王芳、张三；李四,王五;赵六",
]


def _case(cases: dict[str, str], name: str, text: str) -> None:
    assert name not in cases, name
    cases[name] = text


def generated() -> dict[str, str]:
    """Variations of a valid project: every field given wrong values, every stage with its
    blocks broken, the scores and the total, and hostile bodies."""
    cases: dict[str, str] = {}
    stages = ["applied", "approved", "rejected", "midterm", "concluded", "accepted", "failed"]
    stages += ["awarded", "withdrawn"]
    for stage in stages:
        _case(cases, f"stage-{stage}", render(front(stage)))
        _case(cases, f"stage-{stage}-no-body", render(front(stage), "\n正文。\n"))
        _case(cases, f"stage-{stage}-applied-body", render(front(stage), body("applied")))
        for key in ("approval", "midterm", "concluded_on", "expenses", "acceptance", "award"):
            data = front(stage)
            if key in data:
                _case(cases, f"stage-{stage}-without-{key}", render(front(stage, **{key: None})))
    bad: list[Any] = [
        "",
        "x",
        "<b>",
        0,
        -1,
        13,
        25,
        True,
        [],
        ["a"],
        {"a": 1},
        "2026-13-01",
        "0000-01-01",
        "2024-02-29",
        "2100-02-29",
        "2026-04-31",
        "长" * 250,
        " 中文 ",
        "1e3",
        "010",
        "\uff10\uff11",
        "\u2460",
        "a" * 45,
    ]
    for key in [*front(), "duration_reason", "nonsense", "__proto__", "constructor", "toString"]:
        for i, value in enumerate([None, *bad]):
            if value is None and key not in front():
                continue
            _case(cases, f"field-{key}-{i}", render(front(**{key: value}), body()))
    for months, reason in itertools.product(
        (12, 13, 24), (None, "短", "因为跨两个学年需要延长到十八个月")
    ):
        _case(
            cases,
            f"duration-{months}-{reason}",
            render(front(duration_months=months, duration_reason=reason)),
        )
    for i, executors in enumerate(
        [
            ["刘洋\uff0c何欣"],
            ["刘洋", "刘洋"],
            ["刘洋、何欣", "张三;李四"],
            [1, 2],
            ["李明", 5, "王芳,张三"],
            [f"人员{i:02d}" for i in range(31)],
            ["李"],
        ]
    ):
        _case(cases, f"executors-{i}", render(front(executors=executors)))
    for i, tags in enumerate(
        [
            ["a", "b", "c", "d", "e", "f", "g", "h", "i"],
            ["长" * 13],
            ["先锋岗\u3001志愿"],
            [""],
            ["x", "x"],
        ]
    ):
        _case(cases, f"tags-{i}", render(front(tags=tags)))
    # The panel's blocks, broken one way at a time.
    base = front("awarded")
    blocks: list[tuple[str, Any]] = [
        ("approval.decision", "rejected"),
        ("approval.decision", "maybe"),
        ("approval.grant", 0),
        ("approval.grant", "1000"),
        ("approval.grant", None),
        ("approval.date", "2026-02-30"),
        ("approval.opinion", "好"),
        ("approval.extra", "x"),
        ("midterm.opinion", None),
        ("midterm.date", "20270315"),
        ("acceptance.result", "failed"),
        ("acceptance.total", "88.0"),
        ("acceptance.total", "89"),
        ("acceptance.total", 89),
        ("acceptance.total", 90),
        ("acceptance.total", "89.04"),
        ("acceptance.total", "-1"),
        ("acceptance.total", None),
        ("acceptance.scores.0.completeness", 21),
        ("acceptance.scores.1.process", 101),
        ("acceptance.scores.0.education", "18"),
        ("acceptance.scores.0.reviewer", "赵"),
        ("acceptance.scores.0.bonus", 5),
        ("acceptance.scores.1.branch_building", None),
        ("acceptance.scores", []),
        ("expenses.0.amount", "0"),
        ("expenses.0.amount", "0.00"),
        ("expenses.0.amount", "12.345"),
        ("expenses.0.amount", "1,000"),
        ("expenses.0.amount", 0),
        ("expenses.0.amount", -5),
        ("expenses.0.amount", "00.10"),
        ("expenses.0.amount", "999.99"),
        ("expenses.0.amount", 900),
        ("expenses.0.amount", "814.5"),
        ("approval.grant", 100),
        ("approval.date", "2026-01-01"),
        ("midterm.date", "2026-05-01"),
        ("concluded_on", "2027-03-01"),
        ("acceptance.date", "2027-01-01"),
        ("award.year", 2026),
        ("award.year", 2028),
        ("award", {"year": 2027}),
        ("expenses.1.date", "2026-9-1"),
        ("expenses.1.item", "x"),
        ("award.year", 1999),
        ("award.prize", "12.5"),
        ("award.rank", ""),
        ("award.bonus", 1),
    ]
    for i, (where, value) in enumerate(blocks):
        data = copy.deepcopy(base)
        *parents, last = [int(p) if p.isdigit() else p for p in where.split(".")]
        node: Any = data
        for part in parents:
            node = node[part]
        if value is None:
            node.pop(last, None) if isinstance(node, dict) else None
        else:
            node[last] = value
        _case(cases, f"block-{i}-{where}", render(data))
    # Awards: to a project that failed, below the threshold, without an acceptance.
    failed = front("failed")
    failed["award"] = {"year": 2027}
    _case(cases, "award-failed", render(failed))
    low = copy.deepcopy(base)
    for score in low["acceptance"]["scores"]:
        score["completeness"] = 2
    low["acceptance"].pop("total")
    _case(cases, "award-low", render(low))
    low["acceptance"]["total"] = "73.5"
    _case(cases, "award-low-written", render(low))
    bare = front("concluded")
    bare["award"] = {"year": 2027}
    _case(cases, "award-without-acceptance", render(bare))
    # Scores that give every rounding case of the total.
    for i, sums in enumerate(
        [(90, 88), (90, 89), (91, 88, 88), (100, 100, 99), (1, 0, 0), (85, 86, 86)]
    ):
        data = copy.deepcopy(base)
        scores = []
        for n, total in enumerate(sums):
            parts = [total // 5] * 5
            parts[0] += total - sum(parts)
            keys = ["completeness", "process", "participation", "education", "branch_building"]
            scores.append({"reviewer": f"评委{n}号", **dict(zip(keys, parts, strict=True))})
        data["acceptance"]["scores"] = scores
        data["acceptance"].pop("total")
        _case(cases, f"total-none-{i}", render(data))
        for written in ("88.5", "89.0", 89, "0.3"):
            data["acceptance"]["total"] = written
            _case(cases, f"total-{i}-{written}", render(data))
    # Bodies.
    for i, line in enumerate(HOSTILE_LINES):
        _case(cases, f"body-{i}", render(front(), body() + "\n" + line + "\n"))
    for i, line in enumerate([*PROMPT_LINES, *ORDINARY_LINES]):
        _case(cases, f"prompt-{i}", render(front(), body() + "\n" + line + "\n"))
    for i, (written, _) in enumerate(NEAR_MISS_HEADINGS):
        _case(cases, f"near-{i}", swap("## 预期目标", written))
        _case(
            cases,
            f"near-midterm-{i}",
            render(
                front("midterm"),
                body("midterm").replace("## 中期进展", written.replace("预期目标", "中期进展")),
            ),
        )
    _case(cases, "old-guide-body", render(front(), OLD_GUIDE_BODY))
    _case(
        cases,
        "prompts-everywhere",
        render(front(), "".join(f"\n## {s.heading}\n\n{prompt_line(s)}\n" for s in SECTIONS)),
    )
    _case(cases, "heading-in-code", swap("## 预期目标\n", "```\n## 预期目标\n```\n"))
    _case(cases, "heading-in-tilde-code", swap("## 预期目标\n", "~~~~\n## 预期目标\n~~~\n"))
    _case(cases, "heading-decorated", swap("## 预期目标", "**预期目标：**"))
    _case(cases, "heading-indented", swap("## 预期目标", "  ## 预期目标"))
    return cases


# Pieces a fuzzed body is made of: Markdown's link, image and attribute syntax, markup, entities,
# every kind of space, astral characters, headings and prompts.
PIECES = [
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "]:",
    "<",
    ">",
    "{",
    "}",
    ":",
    "#",
    "##",
    "## ",
    "\\",
    "/",
    "//",
    "@",
    "&",
    ";",
    "&#106;",
    "&colon;",
    "&amp;",
    "&Tab;",
    "&notin",
    "javascript:",
    "data:",
    "http://e.org/a.png",
    "https://e.org",
    "mailto:a@b.c",
    "parity-01/a.jpg",
    "../x",
    "%2F",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\u3000",
    "\xa0",
    "\u200b",
    "\u1680",
    "\u2003",
    "![a](",
    "![a][r1]",
    "a",
    "Z",
    "x=1",
    ".c",
    "onclick",
    "中文",
    "😀",
    "𝒥",
    "<!--",
    "-->",
    "<b>",
    "</p>",
    "```",
    "~~~",
    "（待填写）",
    "写明",
    "预期目标",
    "为什么开展活动",
    "\uff03",
    "**",
    "r1",
    "[r1]: ",
]


def fuzzed(count: int = 300) -> dict[str, str]:
    """Bodies and front-matter texts put together at random from PIECES (a fixed seed: the same
    cases every run)."""
    rng = random.Random(17)
    cases: dict[str, str] = {}
    for i in range(count):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(5, 60)))
        cases[f"fuzz-body-{i}"] = render(front(), body() + "\n" + text + "\n")
    for i in range(count // 3):
        word = "".join(rng.choice(PIECES[:40] + PIECES[46:60]) for _ in range(rng.randint(1, 8)))
        key = rng.choice(["title", "unit", "summary", "secretary", "branch", "applied_on"])
        cases[f"fuzz-field-{i}"] = render(front(**{key: word.replace("\n", " ")}), body())
        cases[f"fuzz-tags-{i}"] = render(front(tags=[word.replace("\n", " ")]), body())
    return cases


def corpus() -> dict[str, str]:
    """Every case's file text, by name."""
    cases: dict[str, str] = {}
    for name, (content, _, _) in CORPUS.items():
        if isinstance(content, str):
            _case(cases, f"hostile/{name}", content)
    for name, overrides, text, _, _ in CASES:
        _case(cases, f"rule/{name}", render(front(**overrides), text))
    for name, (text, *_) in BEGINNER_ROWS.items():
        _case(cases, f"beginner/{name}", text)
    for name, text in generated().items():
        _case(cases, f"gen/{name}", text)
    for name, text in fuzzed().items():
        _case(cases, f"fuzz/{name}", text)
    _case(cases, "good", GOOD)
    return cases


# ----------------------------------------------------------------------------- both sides

Key = tuple[str, str | None, str, int | None]


Side = tuple[dict[str, Any], str, set[Key], bool, set[tuple[str, str]]]


def python_side(programme: Programme, text: str) -> Side | None:
    """The loaded front matter and body, and what the validator reports of the shared codes; None
    when the loader refuses the file. Without a finding the browser cannot know, the browser's
    WHEN_VALID rules must agree too.

    The validator's second look at a body, through the site's own Markdown renderer
    (`body_safety.check_rendered`), needs Python-Markdown and runs in Python only: the browser
    judges the source, as the validator's first look does, and the pull-request check adds what
    only the rendered page shows (under the same codes). So the comparison leaves that look out;
    `test_the_rendered_look_only_adds_findings` holds it to adding, never removing."""
    project, problems = parse_project(REL, text.encode("utf-8"), programme.schema.chinese_key_hint)
    if project is None:
        return None
    with mock.patch.object(body_safety, "check_rendered", lambda project, seen: iter(())):
        found = problems + check_project(project, programme)
    shared = set(pack.SHARED_CODES)
    hidden = any(d.severity == "error" and d.code not in shared for d in found)
    keys: set[Key] = set()
    for d in found:
        if d.code not in shared or (hidden and d.code in pack.WHEN_VALID):
            continue
        line = d.line - project.doc.body_line + 1 if d.field is None else None
        keys.add((d.code, d.field, d.message, line))
    return project.data, project.body, keys, hidden, {(d.code, d.message) for d in found}


def browser_keys(found: list[dict[str, Any]], hidden: bool) -> set[Key]:
    return {
        (d["code"], d["path"], d["message"], d.get("line"))
        for d in found
        if not (hidden and d["code"] in pack.WHEN_VALID)
    }


def run_node(payload: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    source = tmp_path / "parity-input.json"
    source.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [node(), str(RUNNER), str(source)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def spec(programme: Programme) -> dict[str, Any]:
    return {"schema": programme.schema.schema, "pack": pack.rule_pack(programme)}


def _compare(programme: Programme, texts: dict[str, str], tmp_path: Path) -> tuple[int, list[str]]:
    expected: dict[str, tuple[set[Key], bool]] = {}
    cases = []
    for name, text in texts.items():
        side = python_side(programme, text)
        if side is None:
            continue
        data, body_text, keys, hidden, _ = side
        expected[name] = (keys, hidden)
        cases.append({"id": name, "data": data, "body": body_text, "slug": SLUG})
    result = run_node({"spec": spec(programme), "cases": cases, "patterns": []}, tmp_path)
    return len(expected), _differences(expected, result)


def _differences(expected: dict[str, tuple[set[Key], bool]], result: dict[str, Any]) -> list[str]:
    differences = []
    for name, (keys, hidden) in expected.items():
        got = browser_keys(result["cases"][name], hidden)
        if got != keys:
            differences.append(
                f"{name}:\n  only Python: {sorted(keys - got, key=str)}\n"
                f"  only browser: {sorted(got - keys, key=str)}"
            )
    return differences


# ----------------------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return corpus()


@pytest.fixture(scope="module")
def sides(programme: Programme, texts: dict[str, str]) -> dict[str, Side | None]:
    """The validator's side of every case, worked out once for the module's tests."""
    return {name: python_side(programme, text) for name, text in texts.items()}


@pytest.fixture(scope="module")
def both(
    programme: Programme, sides: dict[str, Side | None], tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, tuple[set[Key], bool]], dict[str, Any]]:
    """The validator's findings per case, and the browser's (one Node run)."""
    expected: dict[str, tuple[set[Key], bool]] = {}
    cases = []
    for name, side in sides.items():
        if side is not None:
            data, body_text, keys, hidden, _ = side
            expected[name] = (keys, hidden)
            cases.append({"id": name, "data": data, "body": body_text, "slug": SLUG})
    payload = {"spec": spec(programme), "cases": cases, "patterns": []}
    return expected, run_node(payload, tmp_path_factory.mktemp("node"))


def test_the_browser_reports_what_the_validator_reports(
    both: tuple[dict[str, tuple[set[Key], bool]], dict[str, Any]],
) -> None:
    expected, result = both
    checked = len(expected)
    differences = _differences(expected, result)
    assert checked > 500
    assert not differences, f"{len(differences)} of {checked} cases differ:\n" + "\n".join(
        differences[:15]
    )


def test_every_shared_code_is_implemented_and_exercised(
    both: tuple[dict[str, tuple[set[Key], bool]], dict[str, Any]],
) -> None:
    """rules.js implements exactly the pack's list, and the corpus makes each code fire on both
    sides (a rule exported to the browser but never checked there fails here)."""
    expected, result = both
    assert result["codes"] == list(pack.SHARED_CODES)
    python_codes = {key[0] for keys, _ in expected.values() for key in keys}
    browser_codes = {d["code"] for found in result["cases"].values() for d in found}
    fired = set(pack.SHARED_CODES) - {"PS299"}  # no keyword of our schema falls back to it
    assert python_codes == fired
    assert browser_codes == fired


def _texts(cases: dict[str, str]) -> list[str]:
    """Every body, every line of the files, and the hostile and special texts, once each."""
    found: list[str] = [*SPECIAL_TEXTS, *HOSTILE_LINES]
    for text in cases.values():
        found.append(text.split("\n---\n", 1)[-1])
        found.extend(text.split("\n"))
    return list(dict.fromkeys(found))


def _py_matches(pattern: re.Pattern[str], text: str, mode: str) -> Any:
    def one(m: re.Match[str]) -> list[Any]:
        return [m.start(), m.end(), list(m.groups())]

    if mode == "match":
        m = pattern.match(text)
        return one(m) if m else None
    return [one(m) for m in pattern.finditer(text)]


def test_every_exported_pattern_compiles_in_javascript_and_matches_as_in_python(
    programme: Programme, texts: dict[str, str], tmp_path: Path
) -> None:
    samples = _texts(texts)
    # Each pattern as the rules use it: "match" at a position for those that may match nothing.
    items: list[tuple[str, re.Pattern[str], dict[str, str]]] = []
    exported = pack.rule_pack(programme)
    for group, table in pack.patterns().items():
        for name, pattern in table.items():
            items.append((f"{group}.{name}", pattern, exported[group]["patterns"][name]))
    for source, js in exported["schema"]["patterns"].items():
        items.append((f"schema:{source}", re.compile(source), {"source": js, "flags": "u"}))
    payload = {"spec": spec(programme), "cases": [], "patterns": []}
    modes = {}
    for name, pattern, js in items:
        modes[name] = "match" if pattern.match("") is not None else "finditer"
        payload["patterns"].append({"name": name, **js, "mode": modes[name], "texts": samples})
    result = run_node(payload, tmp_path)
    wrong = []
    for name, pattern, _ in items:
        for text, got in zip(samples, result["patterns"][name], strict=True):
            want = _py_matches(pattern, text, modes[name])
            if got != want:
                wrong.append(f"{name} on {text[:60]!r}: Python {want}, JavaScript {got}")
    assert not wrong, "\n".join(wrong[:20])


CONSTRUCTS = [
    r"^a$",
    r"(?m)^a$",
    r"\bword\b",
    r"[^\s<]",
    r"\w+",
    r"a{2,}b{,3}c{1}",
    r"x{y}",
    r"(?P<name>a)(?=b)(?!c)(?<=a)(?<!d)",
    r"[]a]",
    r"[^]a-]",
    r"\d+\.\d+",
    r"\A\x41\u4e2d\Z",
    r"a.b",
]
CONSTRUCT_TEXTS = [
    "a",
    "word wordy 中word word_x",
    "\x1c \ufeff \u3000 \x85",
    "aab",
    "x{y}",
    "ab",
    "]a",
    "-",
    "1.5 \u0661.\u0665",
    "A中",
    "a\n",
    "\n",
    "b\na\na\n",
    "a\rb a\u2028b a\nb",
]


def test_the_translation_of_python_constructs(programme: Programme, tmp_path: Path) -> None:
    items = []
    for i, source in enumerate(CONSTRUCTS):
        flags = re.MULTILINE if source.startswith("(?m)") else 0
        bare = source.removeprefix("(?m)")
        js = {"source": jsregex.to_js(bare, flags), "flags": "u"}
        items.append({"name": str(i), **js, "mode": "finditer", "texts": CONSTRUCT_TEXTS})
    result = run_node({"spec": spec(programme), "cases": [], "patterns": items}, tmp_path)
    for i, source in enumerate(CONSTRUCTS):
        pattern = re.compile(source)
        want = [_py_matches(pattern, t, "finditer") for t in CONSTRUCT_TEXTS]
        assert result["patterns"][str(i)] == want, source


@pytest.mark.parametrize("source", [r"(?i)a", r"a\Sb[\S]", r"(?#c)", r"(?P=n)"])
def test_an_untranslatable_construct_is_refused(source: str) -> None:
    with pytest.raises(jsregex.Unsupported):
        jsregex.to_js(source)


def test_the_acceptance_total_is_the_same_number(programme: Programme, tmp_path: Path) -> None:
    from site_builder.core.figures import compute_total

    criteria = programme.schema.criteria
    rows = []
    for i, sums in enumerate(itertools.product((0, 1, 49, 50, 88, 99, 100), repeat=3)):
        for n in (1, 2, 3):
            scores = [dict.fromkeys(criteria, 0) | {"completeness": s} for s in sums[:n]]
            rows.append({"id": f"{i}-{n}", "scores": scores, "criteria": criteria})
    rows.append({"id": "none", "scores": [], "criteria": criteria})
    result = run_node(
        {"spec": spec(programme), "cases": [], "patterns": [], "totals": rows}, tmp_path
    )
    for row in rows:
        want = compute_total(row["scores"], criteria)
        assert result["totals"][row["id"]] == (None if want is None else str(want)), row


# ----------------------------------------------------------------------------- one source


def test_a_rule_changed_in_python_changes_the_browser(
    programme: Programme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit, a pattern and a message changed in the Python rule modules only: the browser's
    verdicts and words follow, through the pack, and the two sides still agree."""
    texts = {
        "thirteen-months": render(front(duration_months=13)),
        "seven-months": render(front(duration_months=7)),
        "double-brackets": render(front(), body() + "\n[[维基式链接]]\n"),
        "angle": render(front(title="先锋<岗>建设行动")),
    }
    before = run_node(
        {
            "spec": spec(programme),
            "cases": [_payload(programme, t, n) for n, t in texts.items()],
            "patterns": [],
        },
        tmp_path,
    )["cases"]
    assert [d["code"] for d in before["thirteen-months"]] == ["PR303"]
    assert before["seven-months"] == [] and before["double-brackets"] == []

    monkeypatch.setattr(duration, "MAX_MONTHS", 6)
    monkeypatch.setattr(body_safety, "TAG", re.compile(r"<\s*[A-Za-z/!?]|\[\["))
    monkeypatch.setattr(
        text_safety,
        "MESSAGES",
        type(text_safety.MESSAGES)({"PB406": "{field} 不能有尖括号\u3002"}),
    )
    after = run_node(
        {
            "spec": spec(programme),
            "cases": [_payload(programme, t, n) for n, t in texts.items()],
            "patterns": [],
        },
        tmp_path,
    )["cases"]
    assert [d["code"] for d in after["seven-months"]] == ["PR303"]
    assert "超过 6 个月" in after["seven-months"][0]["message"]
    assert [d["code"] for d in after["double-brackets"]] == ["PB402"]
    assert [d["message"] for d in after["angle"]] == [
        "title\uff08项目名称\uff09 不能有尖括号\u3002"
    ]
    checked, differences = _compare(programme, texts, tmp_path)
    assert checked == len(texts) and not differences, differences


def _payload(programme: Programme, text: str, name: str) -> dict[str, Any]:
    side = python_side(programme, text)
    assert side is not None
    return {"id": name, "data": side[0], "body": side[1], "slug": SLUG}


def test_every_template_is_filled_alike(programme: Programme, tmp_path: Path) -> None:
    """The catalogue's syntax is what rules.js fills: plain names, doubled braces."""
    from site_builder.core.messages import placeholders

    for key, template in pack.messages().items():
        assert placeholders(template) is not None, key
        assert not re.search(
            r"\{(?![a-z_][a-z0-9_]*\})", template.replace("{{", "").replace("}}", "")
        ), key


FIELD_EDITS: list[tuple[str, str, Any]] = [
    ("applied", "title", "短"),
    ("applied", "title", "先锋<岗>建设"),
    ("applied", "executors", ["刘洋\uff0c何欣"]),
    ("applied", "executors", []),
    ("applied", "duration_months", 18),
    ("applied", "duration_months", "12"),
    ("applied", "branch", "学生党支部"),
    ("applied", "applied_on", "2026-02-30"),
    ("approved", "approval.grant", 0),
    ("approved", "approval.decision", "rejected"),
    ("accepted", "acceptance.total", "88.0"),
    ("accepted", "acceptance.scores.0.process", 25),
    ("applied", "summary", "好"),
]


def test_one_field_is_checked_as_the_whole_project_would_be(
    programme: Programme, tmp_path: Path
) -> None:
    """checkField: the field's own findings, in the validator's words, with the rest of the
    project around it (a stage-dependent rule needs the stage)."""
    fields, expected = [], {}
    for i, (stage, path, value) in enumerate(FIELD_EDITS):
        data = front(stage)
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = data
        for part in parents:
            node = node[part]
        node[last] = value
        side = python_side(programme, render(data))
        assert side is not None
        keys = side[2]
        expected[str(i)] = {
            (code, field, message, None)
            for code, field, message, _ in keys
            if field is not None and (field == path or field.startswith(path + "."))
        }
        fields.append({"id": str(i), "path": path, "value": value, "data": front(stage)})
    result = run_node(
        {"spec": spec(programme), "cases": [], "patterns": [], "fields": fields}, tmp_path
    )
    for i, (_, path, _) in enumerate(FIELD_EDITS):
        got = browser_keys(result["fields"][str(i)], False)
        assert got == expected[str(i)], path
        assert got, path  # every edit above is wrong somehow


@pytest.mark.browser
def test_the_module_runs_in_chromium_as_served(
    browser: Any,
    programme: Programme,
    texts: dict[str, str],
    both: tuple[dict[str, tuple[set[Key], bool]], dict[str, Any]],
) -> None:
    """rules.js and the vendored library load as native ES modules in the browser, without a
    build step, and report there what they report in Node (the body and schema cases)."""
    served = ROOT / "docs/javascripts"
    page = browser.new_page()

    def serve(route: Any) -> None:
        path = route.request.url.removeprefix("http://site.test/javascripts/")
        file = (served / path).resolve()
        if route.request.url == "http://site.test/":
            route.fulfill(body="<!doctype html><title>rules</title>", content_type="text/html")
        elif file.is_relative_to(served) and file.is_file():
            route.fulfill(body=file.read_bytes(), content_type="text/javascript")
        else:
            route.fulfill(status=404)

    page.route("http://site.test/**", serve)
    page.goto("http://site.test/")
    expected, result = both
    names = [n for n in expected if n.startswith(("rule/", "beginner/", "gen/body-", "gen/block-"))]
    cases = []
    for name in names:
        side = python_side(programme, texts[name])
        assert side is not None
        cases.append({"id": name, "data": side[0], "body": side[1], "slug": SLUG})
    found = page.evaluate(
        """async ([spec, cases]) => {
            const rules = await import("/javascripts/shared/rules.js");
            return cases.map((c) => rules.checkProject(spec, c.data, c.body, {slug: c.slug}));
        }""",
        [spec(programme), cases],
    )
    page.close()
    assert len(found) == len(names) > 100
    for name, diagnostics in zip(names, found, strict=True):
        assert diagnostics == result["cases"][name], name


def test_the_rendered_look_only_adds_findings(
    programme: Programme, texts: dict[str, str], sides: dict[str, Side | None]
) -> None:
    """What the browser leaves to the pull-request check: the validator's look at the rendered
    body adds findings (under PB404, PB408 and PF103) and never takes one away, and it finds the
    addresses hidden where only the renderer sees them."""
    added = 0
    for name, text in texts.items():
        project, problems = parse_project(
            REL, text.encode("utf-8"), programme.schema.chinese_key_hint
        )
        side = sides[name]
        if project is None or side is None:
            assert project is None and side is None
            continue
        whole = {(d.code, d.message) for d in problems + check_project(project, programme)}
        source = side[4]
        assert source <= whole
        assert {code for code, _ in whole - source} <= {"PB404", "PB408", "PF103"}
        added += len(whole - source)
    hidden = render(
        front("applied"), body("applied") + "\n> ![x][t]\n>\n> [t]: https://t.example/p.png\n"
    )
    project, _ = parse_project(REL, hidden.encode("utf-8"), programme.schema.chinese_key_hint)
    assert project is not None
    assert "PB408" in {d.code for d in check_project(project, programme)}
    assert added > 0
