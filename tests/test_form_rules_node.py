"""What the online forms call to check, run in Node, against the validator: shared/values.js reads
what is typed as the file will hold it and shared/rules.js judges it (the pages call nothing
else). The acceptance total over 500 random sheets; each application field's verdict on text that
is too short, too long, repeated, carries markup or a control character; one body section's text
judged alone (checkSection) exactly as the validator judges it inside the file, lines counted in
the section; the new file's name (checkPath) as the path rule judges it."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cases import ORDINARY_LINES, PROMPT_LINES
from factory import ROOT, body, front, render

from site_builder.core.figures import compute_total
from site_builder.core.loader import BAD_CHARS, LoadError, decode
from site_builder.core.process import SECTIONS, prompt_line
from site_builder.core.programme import Programme
from site_builder.core.tree import parse_project
from site_builder.panel.scaffold import split_names
from site_builder.rules import pack
from site_builder.rules.path import path_problem
from site_builder.rules.sections import section_problems
from site_builder.rules.validate import check_project

SHARED = ROOT / "docs/javascripts/shared"
NODE = shutil.which("node") or shutil.which("nodejs")


@pytest.fixture(scope="module")
def programme() -> Programme:
    return Programme.load(ROOT)


@pytest.fixture(scope="module")
def spec(programme: Programme) -> dict[str, Any]:
    return pack.browser_spec(programme)


def run_node(tmp_path: Path, script: str, data: object) -> Any:
    """`script` (an ES module body with `rules`, `values` and `data` in scope) in Node."""
    if NODE is None:
        pytest.fail("node 不存在\uff1a请安装 nodejs\uff08bash .ci/run 会安装\uff09。")
    source = tmp_path / "input.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    runner = tmp_path / "run.mjs"
    runner.write_text(
        'import {readFileSync} from "node:fs";\n'
        f"const rules = await import({json.dumps((SHARED / 'rules.js').as_uri())});\n"
        f"const values = await import({json.dumps((SHARED / 'values.js').as_uri())});\n"
        f"const data = JSON.parse(readFileSync({json.dumps(str(source))}, 'utf8'));\n" + script,
        encoding="utf-8",
    )
    proc = subprocess.run(
        [NODE, str(runner)], capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_acceptance_total_is_the_validators_on_random_sheets(
    tmp_path: Path, programme: Programme
) -> None:
    criteria, rubric = programme.schema.criteria, programme.settings.rubric
    rng = random.Random(7)
    sheets = [
        [{c: rng.randint(0, rubric[c]) for c in criteria} for _ in range(rng.randint(1, 30))]
        for _ in range(500)
    ]
    totals = run_node(
        tmp_path,
        "process.stdout.write(JSON.stringify(data.sheets.map("
        "(s) => rules.acceptanceTotal(s, data.criteria))));\n",
        {"sheets": sheets, "criteria": criteria},
    )
    assert totals == [str(compute_total(s, criteria)) for s in sheets]


VALUES = [
    "",
    "党员",
    "党员先锋",
    "之" * 40,
    "之" * 41,
    "a: b # c",
    "<b>粗体</b>",
    "a > b",
    "x\x07y",
    "  前后空格  ",
]

# As the application page reads a typed field and checks it (pages/apply.js).
FIELD_SCRIPT = """
const out = data.cases.map(([key, typed, isList]) => {
  const value = isList ? values.list(data.spec, typed) : values.text(typed);
  const found = rules.checkField(data.spec, key, value, {stage: "applied"});
  if (value !== undefined) found.push(...rules.checkChars(data.spec, String(value)));
  return [value === undefined ? null : value, found];
});
process.stdout.write(JSON.stringify(out));
"""


def test_field_verdicts_match_the_schema(
    tmp_path: Path, programme: Programme, spec: dict[str, Any]
) -> None:
    cases: list[tuple[str, str, bool]] = [
        (key, v, False) for key in ("title", "unit", "secretary", "summary") for v in VALUES
    ]
    cases += [
        ("executors", typed, True)
        for typed in ("李明", "李明\uff0c李明", "", "<x>", "李明\n何欣\u3001潘宇航", "x\x07y")
    ]
    found = run_node(tmp_path, FIELD_SCRIPT, {"spec": spec, "cases": cases})
    validator = programme.schema.validator
    for (key, typed, _), (value, diagnostics) in zip(cases, found, strict=True):
        if value is not None:  # read as the file will hold it
            listed = split_names(typed.replace("\n", ","))
            assert value == (listed if key == "executors" else typed.strip()), (key, typed)
        texts = value if isinstance(value, list) else [value] if value is not None else []
        schema_error = value is None or any(
            e.absolute_path and e.absolute_path[0] == key
            for e in validator.iter_errors({key: value})
        )
        markup = any("<" in t or ">" in t for t in texts)
        control = any(BAD_CHARS.search(t) for t in texts)
        assert bool(diagnostics) == (schema_error or markup or control), (key, typed, diagnostics)
        for d in diagnostics:
            assert d["severity"] == "error" and d["code"].startswith("P"), d
            if d["code"] == "PF103":
                with pytest.raises(LoadError) as refused:
                    decode("\n".join(texts).encode("utf-8"))
                assert d["message"] == refused.value.message, d
            else:
                assert d["path"].split(".")[0] == key, d
                assert programme.schema.title((key,)) in d["message"], d


HEADING = SECTIONS[2].heading
SECTION_TEXTS = [
    "含 HTML <b>粗体</b>",
    "<!-- 注释 -->",
    "[链接](javascript:alert(1))",
    "第一行\n\n[链接](&#106;avascript:alert(1))\n第四行 <i>x</i>",
    '属性 {: onclick="x()"}',
    "第一段\n\n## 预期目标\n\n混入的标题",
    "```\n没有结束的代码块",
    "```\n## 代码块中的井号\n```\n\n正文",
    "![网络图片](https://example.org/a.png)",
    "![照片](photo.jpg)\n\n[文件](notes.pdf)",
    "---\ntitle: 假的前置信息\n---",
    "[官网](https://example.org/a?b=1) 与 <https://example.org>",
    "正文\n\n" + prompt_line(SECTIONS[0]),
    *(f"第一段。\n\n{line}" for line in PROMPT_LINES),
    *ORDINARY_LINES,
]


def _validator_on_section(programme: Programme, text: str) -> set[tuple[str, str, int]]:
    """The validator's body findings for `text` as the last section of an application, each at
    its line counted in `text`; with what keeps `text` one section (section_problems)."""
    before = body().split(f"\n## {HEADING}\n", 1)[0]
    whole = before + f"\n## {HEADING}\n\n{text}\n"
    project, problems = parse_project(
        "projects/2026/form-01.md",
        render(front(), whole).encode("utf-8"),
        programme.schema.chinese_key_hint,
    )
    assert project is not None and not problems
    heading_line = project.body.split("\n").index(f"## {HEADING}") + 1
    found = {
        (d.code, d.message, d.line - project.doc.body_line + 1 - heading_line - 1)
        for d in check_project(project, programme)
        if d.code.startswith("PB") and d.code != "PB401"
    }
    return found | {("PB401", message, line) for line, message in section_problems(text)}


def test_one_section_alone_is_judged_as_inside_the_file(
    tmp_path: Path, programme: Programme, spec: dict[str, Any]
) -> None:
    found = run_node(
        tmp_path,
        "process.stdout.write(JSON.stringify(data.texts.map("
        "(t) => rules.checkSection(data.spec, data.heading, t, {slug: 'form-01'}))));\n",
        {"spec": spec, "heading": HEADING, "texts": SECTION_TEXTS},
    )
    refused = 0
    for text, diagnostics in zip(SECTION_TEXTS, found, strict=True):
        got = {(d["code"], d["message"], d["line"]) for d in diagnostics}
        assert got == _validator_on_section(programme, text), text
        refused += bool(got)
    assert 10 < refused < len(SECTION_TEXTS)


def test_file_names_and_characters_as_the_loader_and_the_path_rule_judge(
    tmp_path: Path, spec: dict[str, Any]
) -> None:
    slugs = ["eng-students-2026-01", "../x", "Eng-01", "x--y", "-x", "a" * 48, "a" * 49, "a b", ""]
    paths = [f"projects/2026/{s}.md" for s in slugs] + ["projects/26/x.md", "x.md"]
    texts = ["正常", "x\x07y", "a\u202eb", "a\ufeff", "第一行\n第二\x1b行"]
    found = run_node(
        tmp_path,
        "process.stdout.write(JSON.stringify({"
        "paths: data.paths.map((p) => rules.checkPath(data.spec, p)),"
        "texts: data.texts.map((t) => rules.checkChars(data.spec, t)),"
        "big: rules.checkSize(data.spec, 'x'.repeat(data.max + 1)),"
        "fits: rules.checkSize(data.spec, 'x'.repeat(data.max))}));\n",
        {"spec": spec, "paths": paths, "texts": texts, "max": spec["pack"]["form"]["max_bytes"]},
    )
    for path, diagnostics in zip(paths, found["paths"], strict=True):
        assert [d["message"] for d in diagnostics] == [m for m in [path_problem(path)] if m], path
    for text, diagnostics in zip(texts, found["texts"], strict=True):
        try:
            decode(text.encode("utf-8"))
            expected = []
        except LoadError as refused:
            expected = [(refused.message, refused.pos[0] if refused.pos else None)]
        assert [(d["message"], d["line"]) for d in diagnostics] == expected, repr(text)
    with pytest.raises(LoadError) as big:
        decode(b"x" * (spec["pack"]["form"]["max_bytes"] + 1))
    assert [d["message"] for d in found["big"]] == [big.value.message]
    assert found["fits"] == []


def test_github_text_is_shown_with_refused_characters_written_out(
    tmp_path: Path, spec: dict[str, Any]
) -> None:
    """/review/ and /mine/ show a pull request's title, branch and a check's messages through
    text.js's `visibleText`: every character the loader refuses is written out as the command line
    writes it (core.safetext.visible), the rest is left as it is."""
    from site_builder.core.safetext import visible

    titles = [
        "\u7533\u62a5\u202egnp.exe",
        "a\x1b[31m\u7ea2",
        "\u5148\u950b\u5c97\u2066x\u2069\ufeff\x7f",
        "\u666e\u901a\u7684\u6807\u9898\uff08\u7b2c 2 \u7248\uff09",
    ]
    script = (
        f"const text = await import({json.dumps((SHARED / 'text.js').as_uri())});\n"
        "process.stdout.write(JSON.stringify(data.titles.map((t) => text.visibleText(data.spec, t))));\n"
    )
    out = run_node(tmp_path, script, {"spec": spec, "titles": titles})
    assert out == [visible(t) for t in titles]
    assert out[0] == "\u7533\u62a5<U+202E>gnp.exe" and out[3] == titles[3]
    assert not any(BAD_CHARS.search(t) for t in out)


def test_a_deeply_nested_file_from_a_pull_request_does_not_crash_the_page(
    tmp_path: Path,
) -> None:
    """/review/ reads every open pull request's project file (approvers.js), the update form
    reads one (projectfile.js): flow collections twenty thousand deep (the YAML library's parser
    ran out of memory on them, a crash of the tab) are a file that does not load."""
    deep = "---\ntitle: " + '[ "]", ' * 20_000 + "]" * 20_000 + "\n---\n\n## x\n"
    script = (
        f"const approvers = await import({json.dumps((SHARED / 'approvers.js').as_uri())});\n"
        f"const projectfile = await import({json.dumps((SHARED / 'projectfile.js').as_uri())});\n"
        "let thrown = null;\n"
        "try { projectfile.readProject(data.deep); } catch (e) { thrown = String(e.message); }\n"
        "const fine = approvers.readProject(data.fine);\n"
        "process.stdout.write(JSON.stringify([approvers.readProject(data.deep), thrown,"
        " fine && fine.data.title]));\n"
    )
    fine = "---\ntitle: [a, {b: [c]}]\n---\n"
    out = run_node(tmp_path, script, {"deep": deep, "fine": fine})
    assert out == [None, "nested too deep", ["a", {"b": ["c"]}]]


def test_a_photos_alt_text_with_a_refused_character_is_marked(
    tmp_path: Path, spec: dict[str, Any]
) -> None:
    """The alt text goes into the body as typed (`![说明](<slug>/photo-1.jpg)`): a direction
    override or a control character in it is marked on the photo with PF103's message before
    anything is submitted, as an empty one is with PM610's (the file CI would refuse is never
    written). `ready` runs on stand-ins for the photo's elements."""
    script = (
        f"const {{PhotoPicker}} = await import({json.dumps((SHARED / 'photo-picker.js').as_uri())});\n"
        "const stand = (value) => ({value, focused: false, attrs: {}, focus() { this.focused = true; },"
        " setAttribute(k, v) { this.attrs[k] = v; }});\n"
        "const photo = (alt) => ({file: 'a.jpg', alt: stand(alt), msg: {textContent: ''},"
        " item: {classList: {toggle() {}}}});\n"
        "const picker = Object.create(PhotoPicker.prototype);\n"
        "picker.spec = data.spec; picker.busy = false;\n"
        "picker.photos = data.alts.map(photo);\n"
        "const ready = picker.ready();\n"
        "process.stdout.write(JSON.stringify({ready, msgs: picker.photos.map((p) => p.msg.textContent),"
        " focused: picker.photos.map((p) => p.alt.focused)}));\n"
    )
    alts = ["\u6d3b\u52a8\u73b0\u573a", "\u8bf4\u660e\u202e\u6587\u5b57", "a\x0bb"]
    out = run_node(tmp_path, script, {"spec": spec, "alts": alts})
    assert out["ready"] is False
    assert out["msgs"][0] == "" and "U+202E" in out["msgs"][1] and "U+000B" in out["msgs"][2]
    assert out["focused"] == [False, True, False]
    out = run_node(tmp_path, script, {"spec": spec, "alts": alts[:1]})
    assert out["ready"] is True and out["msgs"] == [""]
