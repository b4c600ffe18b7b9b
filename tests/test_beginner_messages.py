"""The mistakes beginners actually make (issue 12, part 2), each tried as a new user would: a file
written by hand, then `python -m site_builder validate`. Every message must name the exact line
and say what to change in words a non-programmer can act on."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cases import (
    BEGINNER_ROWS as ROWS,
)
from cases import (
    FLOW_EXECUTORS,
    NEAR_MISS_HEADINGS,
    OLD_GUIDE_BODY,
    ORDINARY_LINES,
    PROMPT_LINES,
    swap,
)
from clirun import cli_in_process
from factory import ROOT, body, front, make_repo, render, write

from site_builder.core.loader import LoadError, load_data_file, load_text
from site_builder.core.process import PLACEHOLDER, SECTIONS, is_prompt, prompt_line
from site_builder.core.programme import Programme
from site_builder.core.tree import parse_project
from site_builder.panel import scaffold
from site_builder.rules import names
from site_builder.rules.validate import check_project

GOOD = render(front())
YEAR = "projects/2026"


def line_of(text: str, start: str) -> int:
    """The 1-based line of `text` that starts with `start` (exactly one)."""
    found = [i for i, line in enumerate(text.split("\n"), 1) if line.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli_in_process(*args, cwd=root)


def guide_template() -> str:
    """The application template the guide tells people to copy into the web editor."""
    text = (ROOT / "docs/guide/submit.md").read_text(encoding="utf-8")
    match = re.search(r"```yaml\n(---\n.*?)```\n", text, re.S)
    assert match, "submit.md has no yaml template"
    return match.group(1)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str, str]]]:
    """Every row's file in one repository, validated once through the real command line."""
    root = make_repo(tmp_path_factory.mktemp("beginner") / "repo")
    for name, (text, *_) in ROWS.items():
        write(root, f"{YEAR}/{name}.md", text)
    proc = run(root, "validate")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    found: dict[str, list[tuple[int, str, str]]] = {}
    for line in proc.stdout.splitlines():
        match = re.match(rf"{YEAR}/([a-z0-9-]+)\.md:(\d+):\d+: ([A-Z]+\d+) (.*)$", line)
        if match:
            found.setdefault(match[1], []).append((int(match[2]), match[3], match[4]))
    return found


@pytest.mark.parametrize("name", ROWS)
def test_each_beginner_mistake_gets_its_line_and_an_actionable_message(
    results: dict[str, list[tuple[int, str, str]]], name: str
) -> None:
    text, start, code, words = ROWS[name]
    # One finding, no second report of the same problem under another code.
    [(line, got, message)] = results[name]
    assert (line, got) == (line_of(text, start), code), message
    for word in words:
        assert word in message, (word, message)


def test_a_chinese_field_name_is_not_also_reported_missing(
    results: dict[str, list[tuple[int, str, str]]],
) -> None:
    assert [code for _, code, _ in results["field-name-in-chinese"]] == ["PF118"]
    assert "{\u2026}" not in results["field-name-in-chinese"][0][2]  # no unrelated hint


def test_unknown_general_branch_and_branch(repo: Path) -> None:
    text = swap("general_branch: gb-eng", "general_branch: gb-none")
    text = swap("branch: eng-teachers", "branch: eng-nobody", text)
    write(repo, f"{YEAR}/both.md", text)
    proc = run(repo, "validate")
    found = re.findall(rf"^{YEAR}/both\.md:(\d+):\d+: (\w+) (.*)$", proc.stdout, re.M)
    assert [(int(line), code) for line, code, _ in found] == [
        (line_of(text, "general_branch:"), "PR301"),
        (line_of(text, "branch:"), "PR301"),
    ]
    lines = [message for _, _, message in found]
    assert (
        "可选\uff1agb-eng\uff08工程系党总支\uff09\u3001gb-art\uff08艺术系党总支\uff09" in lines[0]
    )
    assert "请先改正 general_branch" in lines[1] and "gb-art" not in lines[1]  # listed once


# ----- the prompt lines: one source for `new`, the guide and the online form -----------------


def test_the_guide_template_is_what_new_writes() -> None:
    template = guide_template()
    assert template.split("\n---\n", 1)[1] == scaffold.body_text()
    for section in SECTIONS[:3]:
        assert prompt_line(section) in template


def prompt_lines(text: str) -> list[int]:
    return [
        i for i, line in enumerate(text.split("\n"), 1) if PLACEHOLDER in line or "写明" in line
    ]


@pytest.mark.parametrize(
    "template",
    [
        pytest.param(lambda: guide_template(), id="the-guide-template-as-given"),
        pytest.param(
            lambda: render(front(), OLD_GUIDE_BODY), id="the-old-guide-template-with-its-own-texts"
        ),
        pytest.param(
            lambda: render(front(), body().replace("形成党员先锋岗制度", prompt_line(SECTIONS[2]))),
            id="one-prompt-left",
        ),
    ],
)
def test_a_template_left_as_given_is_refused_at_each_prompt_line(repo: Path, template: Any) -> None:
    text = template()
    write(repo, f"{YEAR}/template.md", text)
    proc = run(repo, "validate")
    found = re.findall(rf"^{YEAR}/template\.md:(\d+):1: PB407 (.*)$", proc.stdout, re.M)
    assert [int(line) for line, _ in found] == prompt_lines(text), proc.stdout
    for _, message in found:
        # One line is named (the position), and the hint is whole: no number, no cut text.
        assert not re.search(r"第 ?\d+ ?行", message) and message.endswith("\u3002")
        assert re.search(
            "\uff08\u201c## (为什么开展活动|怎样开展活动|预期目标)\u201d一节\uff09", message
        )


@pytest.mark.parametrize("line", PROMPT_LINES)
def test_every_bracket_and_punctuation_style_of_a_prompt_is_recognised(line: str) -> None:
    assert is_prompt(line)


@pytest.mark.parametrize("line", ORDINARY_LINES)
def test_ordinary_lines_are_not_prompts(line: str) -> None:
    assert not is_prompt(line)


# ----- near-miss headings ---------------------------------------------------------------------


@pytest.mark.parametrize(("written", "words"), NEAR_MISS_HEADINGS)
def test_a_heading_written_nearly_right_is_named_at_its_line(
    programme: Programme, written: str, words: str
) -> None:
    text = swap("## 预期目标", written)
    project, problems = parse_project(f"{YEAR}/x.md", text.encode("utf-8"))
    assert project is not None and not problems
    [d] = check_project(project, programme)
    assert (d.code, d.line) == ("PB401", line_of(text, written)), d.message
    assert words in d.message and "请把这一行改为\u201c## 预期目标\u201d" in d.message


def test_a_heading_inside_code_is_not_taken_for_the_section(programme: Programme) -> None:
    text = swap("## 预期目标\n", "```\n##预期目标\n```\n")
    project, _ = parse_project(f"{YEAR}/x.md", text.encode("utf-8"))
    assert project is not None
    [d] = check_project(project, programme)
    assert d.code == "PB401" and d.line == project.doc.body_line  # not the line inside the code


# ----- Chinese field names: every schema title -------------------------------------------------


def titled_fields(programme: Programme) -> list[tuple[tuple[str | int, ...], str, str]]:
    """(parent path, key, title) of every object property in the project schema."""
    info = programme.schema
    found = []

    def walk(path: tuple[str | int, ...]) -> None:
        node = info.node(path) or {}
        if node.get("type") == "array":
            walk((*path, 0))
        for key in node.get("properties", {}):
            found.append((path, key, info.title((*path, key))))
            walk((*path, key))

    walk(())
    return found


def test_every_schema_title_leads_back_to_its_key(programme: Programme) -> None:
    fields = titled_fields(programme)
    assert len(fields) > 40
    for parent, key, title in fields:
        assert programme.schema.key_for_title(title, parent) == key, (parent, title)
    # The unit in brackets may be left out; an unknown name has no key.
    assert programme.schema.key_for_title("资助经费", ("approval",)) == "grant"
    assert programme.schema.key_for_title("计划周期", ()) == "duration_months"
    assert programme.schema.key_for_title("负责人", ()) is None


def rename_key(data: Any, path: tuple[str | int, ...], new: str) -> None:
    *parent, key = path
    for part in parent:
        data = data[part]
    data[new] = data.pop(key)


@pytest.mark.parametrize("stage", ["awarded", "withdrawn"])
def test_every_field_written_under_its_chinese_name_is_named(
    programme: Programme, stage: str
) -> None:
    checked = 0
    for parent, key, title in titled_fields(programme):
        data = front(stage)
        path = (*parent, key)
        holder: Any = data
        try:
            for part in parent:
                holder = holder[part]
        except (KeyError, IndexError):
            continue
        if not isinstance(holder, dict) or key not in holder:
            continue
        rename_key(data, path, title)
        text = render(data)
        # The strict loader refuses the key; the schema's titles name the English one.
        project, found = parse_project(
            f"{YEAR}/x.md", text.encode("utf-8"), programme.schema.chinese_key_hint
        )
        assert project is None
        assert [d.code for d in found] == ["PF118"], (path, [d.text() for d in found])
        assert f"字段名要用英文 `{key}`\uff08{title}\uff09" in found[0].message
        line = text.split("\n")[found[0].line - 1]
        assert line.lstrip(" -").startswith(f"{title}:"), (path, line)
        checked += 1
    assert checked >= 15


# ----- the loader's colon diagnosis ------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("unit:工程技术系\n", 2, "冒号后面要加一个空格"),  # alone: would load as one text
        ("unit:工程技术系\nyear: 2026\n", 2, "冒号后面要加一个空格"),
        ("year: 2026\nunit:工程技术系\n", 3, "冒号后面要加一个空格"),
        ("year: 2026\napproval:\n  date\uff1a2026-05-20\n  grant: 1000\n", 4, "中文冒号"),
        ("year: 2026\n支部书记\uff1a刘洋\nunit: x\n", 3, "字段名也要用英文"),
        ("executors:[刘洋, 何欣]\nyear: 2026\n", 2, "executors: [刘洋, 何欣]"),
    ],
)
def test_a_colon_slip_is_named_at_its_own_line(source: str, line: int, words: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_text(f"---\n{source}---\n")
    assert (caught.value.rule.code, caught.value.pos[0]) == ("PF108", line)
    assert words in caught.value.message


def test_a_colon_inside_a_text_is_left_alone() -> None:
    doc = load_text("---\nsummary: 说明\uff1a这是\n  其中\uff1a党员\nlink: http://x.org\n---\n")
    assert doc.data == {"summary": "说明\uff1a这是 其中\uff1a党员", "link": "http://x.org"}
    with pytest.raises(LoadError) as caught:  # a real syntax error keeps the parser's message
        load_text("---\ntitle: 项目: 党员先锋岗: 建设\n---\n")
    assert "含冒号的文字请整体加引号" in caught.value.message


def test_a_colon_slip_in_the_roster_names_its_file_line() -> None:
    with pytest.raises(LoadError) as caught:
        load_data_file("maintainers: [a]\npanel\uff1a\n  - x\n".encode())
    assert caught.value.pos[0] == 2 and "中文冒号" in caught.value.message


# ----- the name lists -------------------------------------------------------------------------


def test_new_splits_on_the_same_characters_the_rule_names() -> None:
    pattern = scaffold.NAME_SEPARATORS.pattern
    for char in "\uff0c\u3001\uff1b,;":
        assert char in pattern
    # Written as escapes in the source, so an editor cannot turn them into ASCII unnoticed.
    source = Path(scaffold.__file__).read_bytes()
    [line] = [x for x in source.split(b"\n") if x.startswith(b"NAME_SEPARATORS = ")]
    assert line.isascii() and b"\\uff0c" in line and b"\\uff1b" in line, line
    assert set(pattern.strip("[]+")) == set(names.SEPARATORS)
    assert scaffold.split_names("刘洋\uff0c何欣\uff1b张小龙\u3001王芳,李四;赵五") == [
        "刘洋",
        "何欣",
        "张小龙",
        "王芳",
        "李四",
        "赵五",
    ]


def test_one_name_per_item_passes(programme: Programme) -> None:
    text = swap(FLOW_EXECUTORS, "executors: [刘洋, 何欣, 张小龙]\n")
    project, _ = parse_project(f"{YEAR}/x.md", text.encode("utf-8"))
    assert project is not None and check_project(project, programme) == []


# ----- `new` ----------------------------------------------------------------------------------

NEW_FLAGS = [
    "--title",
    "党员先锋岗建设行动",
    "--category",
    "service",
    "--branch",
    "eng-students",
    "--secretary",
    "刘洋",
    "--executors",
    "刘洋\uff0c何欣\uff0c张小龙",
    "--summary",
    "以党员先锋岗为抓手\uff0c组织党员在教学一线和学生服务中亮身份\u3001作表率\uff0c形成可推广的机制\u3002",
    "--year",
    "2026",
]


def test_new_then_validate_at_once(repo: Path) -> None:
    made = run(repo, "new", *NEW_FLAGS, "--applied-on", "2026-05-06")
    assert made.returncode == 0, made.stderr
    assert "检查通过" not in made.stdout
    assert "现在还不能提交" in made.stdout and "PB407" in made.stdout
    assert "提醒" not in made.stdout  # inside the application window
    # No slug given: the first free `<branch>-<year>-NN`.
    rel = f"{YEAR}/eng-students-2026-01.md"
    assert f"已创建 {rel}" in made.stdout
    text = (repo / rel).read_text(encoding="utf-8")
    assert load_text(text).data["executors"] == ["刘洋", "何欣", "张小龙"]

    checked = run(repo, "validate")
    found = re.findall(rf"^{rel}:(\d+):1: PB407 ", checked.stdout, re.M)
    assert [int(x) for x in found] == prompt_lines(text) and len(found) == 3


def test_new_suggests_the_first_free_file_name(repo: Path) -> None:
    write(repo, "projects/2025/eng-students-2026-01.md", render(front(year=2025)))
    made = run(repo, "new", *NEW_FLAGS, "--slug", "", "--applied-on", "2026-05-06")
    assert made.returncode == 0, made.stderr
    assert (repo / f"{YEAR}/eng-students-2026-02.md").exists()


def test_new_asks_with_the_suggested_file_name(repo: Path) -> None:
    answers = "\n\n\n\n\ny\n"  # unit, duration, tags, applied_on, slug: defaults; confirm
    made = cli_in_process("new", "--interactive", *NEW_FLAGS, cwd=repo, input=answers)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "eng-students-2026-01]" in made.stdout
    assert (repo / f"{YEAR}/eng-students-2026-01.md").exists()


@pytest.mark.parametrize(
    ("day", "when"), [("2026-05-20", "晚于"), ("2026-04-02", "早于"), ("2026-05-10", None)]
)
def test_new_warns_outside_the_application_window(repo: Path, day: str, when: str | None) -> None:
    made = run(repo, "new", *NEW_FLAGS, "--applied-on", day)
    assert made.returncode == 0, made.stderr
    warning = f"填表日期 {day} {when} 2026 年的项目申报时间\uff082026-05-01 至 2026-05-10\uff09"
    if when:
        assert warning in made.stdout
    else:
        assert "提醒" not in made.stdout
