"""The change receipt reads the same in GitHub and on the site: docs/javascripts/shared/receipt.js,
run in Node over a corpus of changes generated from the shipped example projects (projects/) and
the test projects (tests/factory.py, tests/cases.py), must give byte for byte the text
site_builder/core/receipt.py gives (which `check` prints in its job summary), and the same
structure. One Node process runs the whole corpus.

The corpus: every stage transition each example can take (core/process.py targets), an edit of
every field of every example (text, numbers, lists, blocks, rows), sections added, changed and
removed, expense rows, three reviewers' scores (the total crossing the award threshold), photos
added and removed, new, deleted and renamed files, full-width text, escapes, long text, and every
hostile file the loader refuses (the code must agree).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from cases import CORPUS, GOOD
from factory import ROOT, TESTS, front, render

from site_builder.core import loader, receipt
from site_builder.core.process import STAGES, Stage, targets
from site_builder.core.programme import Programme
from site_builder.rules.pack import browser_spec

RUNNER = ROOT / "tests/receipt_parity.mjs"
REL = "projects/2026/parity-01.md"

Case = tuple[str, str, str | None, str | None, str | None]  # id, path, before, after, old path


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if found is None:
        pytest.fail(
            "Node.js is needed for the receipt parity test (Debian: apt-get install nodejs)"
        )
    return found


@pytest.fixture(scope="module")
def programme() -> Programme:
    return Programme.load(ROOT)


def dump(data: dict[str, Any], text: str) -> str:
    """A project file as tests/factory.py renders one (with the C dumper: the corpus is large)."""
    dumped = yaml.dump(
        data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000
    )
    return f"---\n{dumped}---\n{text}"


def examples() -> list[tuple[str, str]]:
    """(path, text) of every shipped example project and the test projects of every stage."""
    found = [
        (p.relative_to(ROOT).as_posix(), p.read_text("utf-8"))
        for p in sorted(ROOT.glob("projects/*/*.md"))
    ]
    for stage in STAGES:
        found.append((f"projects/2026/t-{stage.value}.md", render(front(stage.value))))
    # A body pasted from a word processor: full-width spaces, tabs, emoji, numbered lines.
    pasted = (TESTS / "data/word-paste.md").read_text("utf-8")
    found.append(("projects/2026/word-paste.md", render(front(), pasted)))
    return found


def split(text: str) -> tuple[dict[str, Any], str]:
    doc = loader.load_text(text)
    return doc.data, doc.body


def leaves(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict) and value:
        return [leaf for k, v in value.items() for leaf in leaves(v, (*path, k))]
    if isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
        return [leaf for i, v in enumerate(value) for leaf in leaves(v, (*path, i))]
    return [path]


def changed(value: Any) -> Any:
    """A different value of the same kind (or of another kind, for the odd ones)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "\uff08已修改\uff09" if value else "新内容"
    if isinstance(value, list):
        return [*value, "新增一项"]
    if value is None:
        return "补填"
    return "改为文字"


def set_at(data: dict[str, Any], path: tuple, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def advance(data: dict[str, Any], target: str) -> dict[str, Any]:
    """`data` moved to `target`, with the blocks the target's test project holds added."""
    head = copy.deepcopy(data)
    head["stage"] = target
    for key, value in front(target).items():
        head.setdefault(key, value)
    return head


def project_cases(path: str, text: str, seen: set) -> list[Case]:
    """The changes one example can take. Its field edits are those of a field (and kind of
    value) no example before it had: the first example that holds a field edits it."""
    data, text_body = split(text)
    cases: list[Case] = [
        (f"{path}:new", path, None, text, None),
        (f"{path}:deleted", path, text, None, None),
    ]
    renamed = path.replace(".md", "-renamed.md")
    cases.append((f"{path}:renamed", renamed, text, text, path))
    cases.append(
        (f"{path}:renamed-edited", renamed, text, text.replace("\u3002", "\uff1b", 1), path)
    )
    cases.append((f"{path}:same", path, text, text, None))
    cases.append((f"{path}:rewritten", path, text, dump(data, text_body), None))
    stage = Stage.parse(data.get("stage"))
    for target in targets(stage):
        cases.append(
            (
                f"{path}:to-{target.value}",
                path,
                text,
                dump(advance(data, target.value), text_body),
                None,
            )
        )
    for leaf in leaves(data):
        if not leaf or leaf == ("stage",):
            continue
        node = data
        for part in leaf:
            node = node[part]
        kind = (tuple(p for p in leaf if isinstance(p, str)), type(node).__name__)
        if kind in seen:
            continue
        seen.add(kind)
        after = dump(set_at(data, leaf, changed(node)), text_body)
        cases.append((f"{path}:edit-{'.'.join(map(str, leaf))}", path, text, after, None))
    for key in list(data):
        if key == "stage" or ("drop", key) in seen:
            continue
        seen.add(("drop", key))
        rest = {k: v for k, v in data.items() if k != key}
        cases.append((f"{path}:drop-{key}", path, text, dump(rest, text_body), None))
    lines = text_body.split("\n")
    slug = path.rsplit("/", 1)[1].removesuffix(".md")
    bodies = {
        "section-added": text_body
        + "\n## 新的章节\n\n新增的一段文字\uff0c含全角标点\uff1a\u201c引号\u201d\uff08括号\uff09\u3002\n",
        "section-changed": "\n".join(
            line + "\uff08补充说明\uff09"
            if i == next((j for j, x in enumerate(lines) if x and not x.startswith("#")), 0)
            else line
            for i, line in enumerate(lines)
        ),
        "section-removed": re.sub(r"\n## [^\n]*\n(?:(?!## )[^\n]*\n)*", "\n", text_body, count=1),
        "lines-inserted": text_body.replace("\n\n", "\n\n第一行新增\n\n第二行新增\n\n", 2),
        "preamble": "开头的一段话\u3002\n" + text_body,
        "photo-added": text_body
        + f"\n![活动照片\uff1a合影]({slug}/new-photo.jpg)\n\n![外部](https://example.org/x.png)\n",
        "photo-removed": re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text_body),
        "fenced-heading": text_body + "\n```\n## 不是章节\n```\n",
        "repeated-heading": text_body + "\n## 预期目标\n\n重复的章节\u3002\n",
        "empty": "",
        "long": text_body + "\n## 长文\n\n" + ("很长的一段文字\uff0c" * 400) + "\n",
        "crlf": text_body.replace("\n", "\r\n"),
    }
    for name, new_body in bodies.items():
        after = text.replace(text_body, new_body) if text_body else text + new_body
        cases.append((f"{path}:{name}", path, text, after, None))
    media = f"{path.removesuffix('.md')}/new-photo.jpg"
    cases.append((f"{path}:media-added", media, None, "", None))
    cases.append((f"{path}:media-removed", media, "", None, None))
    cases.append((f"{path}:media-replaced", media, "", "", None))
    cases.append((f"{path}:pdf-added", media.replace(".jpg", ".pdf"), None, "", None))
    return cases


SCORE_KEYS = ("completeness", "process", "participation", "education", "branch_building")


def score_rows(*rows: tuple[str, int]) -> list[dict[str, Any]]:
    """Reviewers whose five scores add up to the given sum (spread as evenly as possible)."""
    out = []
    for name, total in rows:
        base, extra = divmod(total, 5)
        out.append(
            {
                "reviewer": name,
                **{k: base + (1 if i < extra else 0) for i, k in enumerate(SCORE_KEYS)},
            }
        )
    return out


def scoring_cases() -> list[Case]:
    """Three reviewers scoring an acceptance: totals below, at and above the threshold, a score
    changed, a reviewer added and removed, a written total, scores that are not numbers."""
    concluded = front("concluded")
    text = render(concluded)
    cases: list[Case] = []
    variants = {
        "below": [("赵组长", 85), ("钱委员", 85), ("孙委员", 84)],  # 84.7
        "at": [("赵组长", 85), ("钱委员", 85), ("孙委员", 85)],  # 85.0
        "round-half": [("赵组长", 85), ("钱委员", 84)],  # 84.5
        "above": [("赵组长", 95), ("钱委员", 91), ("孙委员", 90)],
    }
    for name, rows in variants.items():
        after = advance(concluded, "accepted")
        after["acceptance"] = {**after["acceptance"], "scores": score_rows(*rows)}
        after["acceptance"].pop("total", None)
        accepted = render(after)
        cases.append((f"scores:{name}", REL, text, accepted, None))
        one = copy.deepcopy(after)
        one["acceptance"]["scores"][0]["completeness"] += 1
        cases.append((f"scores:{name}:one-changed", REL, accepted, render(one), None))
        more = copy.deepcopy(after)
        more["acceptance"]["scores"].append(score_rows(("李委员", 99))[0])
        cases.append((f"scores:{name}:reviewer-added", REL, accepted, render(more), None))
        fewer = copy.deepcopy(after)
        fewer["acceptance"]["scores"].pop()
        cases.append((f"scores:{name}:reviewer-removed", REL, accepted, render(fewer), None))
        cases.append((f"scores:{name}:new-file", REL, None, accepted, None))
    written = advance(concluded, "accepted")
    written["acceptance"] = {**written["acceptance"], "total": "88.5"}
    written["acceptance"].pop("scores")
    cases.append(("scores:written-only", REL, text, render(written), None))
    written["acceptance"]["total"] = 90
    cases.append(("scores:written-int", REL, text, render(written), None))
    odd = advance(concluded, "accepted")
    odd["acceptance"]["scores"][0]["process"] = "十八"
    cases.append(("scores:not-a-number", REL, text, render(odd), None))
    odd["acceptance"]["scores"] = "三位评委"
    cases.append(("scores:not-a-list", REL, text, render(odd), None))
    odd["acceptance"] = "已验收"
    cases.append(("scores:acceptance-not-a-block", REL, text, render(odd), None))
    return cases


def tricky_cases() -> list[Case]:
    """Values written every way the loader reads them, and the files it refuses."""
    base = GOOD
    values = [
        '"制表\\t符与\\u4e2d文\\\\反斜杠"',
        "'单引号里的''引号'''",
        '"控制字符\\x0b"',
        '"方向\\u202e覆盖"',
        "|\n  第一行\n  第二行\n\n  第三行",
        ">\n  折叠的\n  一行",
        "多行的\n  普通文字",
        "no",
        "010",
        "1e3",
        "1:20",
        "~",
        "null",
        "true",
        "",
        "+5",
        "-0",
        "123456789012345678",
        "1234567890123456789",
        "😀 表情与全角：，；（）？！",
        "[一, 二, 三]",
        "{a: 1}",
        "[]",
        "{}",
        "很" * 3000,
        '"' + "长" * 2000 + '"',
        "2026-05-08",
        "'2026-05-08'",
        "0x1F",
        "&a 锚点",
        "*a",
        "!!str 标签",
        "! 非特定标签",
    ]
    cases: list[Case] = []
    for i, value in enumerate(values):
        after = re.sub(
            r"^summary: .*$", lambda _m, v=value: f"summary: {v}", base, count=1, flags=re.M
        )
        cases.append((f"value:{i}", REL, base, after, None))
        after = re.sub(r"^unit: .*$", lambda _m, v=value: f"unit: {v}", base, count=1, flags=re.M)
        cases.append((f"value-unit:{i}", REL, None, after, None))
    for name, (content, _, _) in CORPUS.items():
        if isinstance(content, bytes):
            continue
        cases.append((f"corpus:{name}", REL, base, content, None))
        cases.append((f"corpus-before:{name}", REL, content, base, None))
    cases.append(("bom", REL, base, "\ufeff" + base, None))
    cases.append(("crlf", REL, base, base.replace("\n", "\r\n"), None))
    cases.append(("cr-only", REL, base, base.replace("\n", "\r"), None))
    cases.append(("second-document", REL, base, base + "---\na: 1\n", None))
    cases.append(("dots-end", REL, base, base.replace("\n---\n", "\n...\n", 1), None))
    cases.append(
        (
            "chinese-key",
            REL,
            base,
            base.replace("stage: applied", "stage: applied\n资助经费: 1000"),
            None,
        )
    )
    cases.append(
        ("stage-unknown", REL, base, base.replace("stage: applied", "stage: 已立项"), None)
    )
    cases.append(("stage-empty", REL, base, base.replace("stage: applied", "stage:"), None))
    cases.append(("stage-number", REL, base, base.replace("stage: applied", "stage: 3"), None))
    cases.append(
        (
            "stage-true",
            REL,
            base.replace("stage: applied", "stage: 1"),
            base.replace("stage: applied", "stage: true"),
            None,
        )
    )
    cases.append(("other-file", "README.md", "a", "b", None))
    cases.append(("other-new", "data/roster.yml", None, "x", None))
    cases.append(("bad-project-name", "projects/2026/Bad_Name.md", None, base, None))
    cases.append(("media-renamed", "projects/2026/x/b.png", "", "", "projects/2026/x/a.png"))
    cases.append(
        ("fields-and-body", REL, base, base.replace("李明", "李明明").replace("每月", "每周"), None)
    )
    return cases


def corpus() -> list[Case]:
    cases: list[Case] = []
    seen: set = set()
    for path, text in examples():
        cases += project_cases(path, text, seen)
    return cases + scoring_cases() + tricky_cases()


LIMIT = 50_000


def run_node(programme: Programme, cases: list[Case], tmp_path: Path) -> dict[str, Any]:
    spec = browser_spec(programme)
    payload = {
        "limit": LIMIT,
        "spec": spec,
        "cases": [
            dict(zip(("id", "path", "before", "after", "old_path"), c, strict=True)) for c in cases
        ],
    }
    data = tmp_path / "receipts.json"
    data.write_text(json.dumps(payload), encoding="utf-8")
    proc = subprocess.run(
        [node(), str(RUNNER), str(data)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def both(
    programme: Programme, tmp_path_factory: pytest.TempPathFactory
) -> tuple[list[Case], dict, dict]:
    cases = corpus()
    ids = [c[0] for c in cases]
    assert len(ids) == len(set(ids))
    browser = run_node(programme, cases, tmp_path_factory.mktemp("receipt"))
    python = {c[0]: receipt.receipt(programme, c[1], c[2], c[3], c[4]) for c in cases}
    return cases, python, browser


def test_the_texts_are_byte_identical(both: tuple[list[Case], dict, dict]) -> None:
    cases, python, browser = both
    differ = [c[0] for c in cases if receipt.text(python[c[0]]) != browser[c[0]]["text"]]
    first = differ[0] if differ else None
    assert not differ, (
        f"{len(differ)} of {len(cases)} differ, e.g. {first}:\n"
        f"{receipt.text(python[first])}\n---\n{browser[first]['text']}"
    )


def test_a_whole_pull_request_reads_the_same(both: tuple[list[Case], dict, dict]) -> None:
    """All receipts joined as `check` prints them, whole and cut at a size (the count of the rest)."""
    cases, python, browser = both
    receipts = [python[c[0]] for c in cases]
    assert browser["*all*"]["text"] == receipt.texts(receipts)
    cut = receipt.texts(receipts, LIMIT)
    assert browser["*all*"]["cut"] == cut and "\u2026\u2026其余" in cut


def test_the_structures_are_the_same(both: tuple[list[Case], dict, dict]) -> None:
    cases, python, browser = both
    differ = [c[0] for c in cases if python[c[0]].to_dict() != browser[c[0]]["receipt"]]
    assert not differ, f"{len(differ)} differ, e.g. {differ[:5]}"


def test_the_corpus_covers_what_the_receipt_says(both: tuple[list[Case], dict, dict]) -> None:
    """The corpus cannot silently shrink: every kind of line the receipt has occurs in it."""
    cases, python, _ = both
    receipts = list(python.values())
    assert len(cases) > 800
    assert {r.kind for r in receipts} == {"new", "deleted", "changed", "media", "other"}
    assert {s.status for r in receipts for s in r.sections} == {"added", "removed", "changed"}
    assert {line.op for r in receipts for s in r.sections for line in s.lines} == {
        "added",
        "removed",
        "gap",
    }
    assert any(line.start is not None for r in receipts for s in r.sections for line in s.lines)
    assert {m.status for r in receipts for m in r.images} == {"added", "removed"}
    assert {m.status for r in receipts for m in r.media} == {"added", "removed", "changed"}
    assert any(r.total and r.total.reached for r in receipts)
    assert any(r.total and not r.total.reached and r.total.after for r in receipts)
    assert any(r.total and r.total.after is None for r in receipts)
    assert any(r.format_only for r in receipts)
    assert any(r.old_path for r in receipts)
    # Every transition of every stage, from the examples and the test projects.
    transitions = {(r.stage_before, r.stage_after) for r in receipts if r.kind == "changed"}
    for source in STAGES:
        for target in targets(source):
            assert (source.label, target.label) in transitions
    # The loader's refusals, by code, as `check` names them.
    codes = {p.code for r in receipts for p in r.problems}
    assert codes >= {
        f"PF{n}" for n in (101, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 118)
    }


def test_the_browser_never_throws_on_garbage(programme: Programme, tmp_path: Path) -> None:
    """Any text at all: a receipt, not an exception, on both sides (and the same one)."""
    garbage = [
        "",
        "---",
        "---\n---",
        "---\n:\n---\n",
        "---\n? [a]\n: b\n---\n",
        "\x00",
        "---\na: [\n---\n",
        "---\n- - - -\n---\n",
        "\ud800",
        # Flow collections twenty thousand deep (40 KB): the YAML library's parser ran out of
        # memory on them, a crash of the reviewer's tab that no catch sees; a closing bracket in
        # quotes at every level does not hide the depth.
        "---\ntitle: " + "[" * 20_000 + "]" * 20_000 + "\n---\n",
        "---\ntitle: " + '[ "]", ' * 20_000 + "]" * 20_000 + "\n---\n",
    ]
    cases: list[Case] = [(f"garbage:{i}", REL, g, GOOD, None) for i, g in enumerate(garbage)]
    cases += [(f"garbage-after:{i}", REL, GOOD, g, None) for i, g in enumerate(garbage)]
    browser = run_node(programme, cases, tmp_path)
    for case in cases:
        python = receipt.text(receipt.receipt(programme, case[1], case[2], case[3]))
        assert browser[case[0]]["text"] == python, case[0]
