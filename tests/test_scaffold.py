"""`new`: a new application file from flags or answers, checked before it is written."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import yaml
from clirun import cli_in_process
from factory import front, render, write
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder import cli as cli_module
from site_builder.core.diagnostics import Diagnostic
from site_builder.core.loader import BAD_CHARS, load_text
from site_builder.core.markdown import headings
from site_builder.core.process import PLACEHOLDER, required_sections
from site_builder.core.programme import Programme
from site_builder.core.tree import read_project
from site_builder.panel import scaffold
from site_builder.rules.validate import check_project

SUMMARY = (
    "以党员先锋岗为抓手\uff0c组织党员在教学一线和学生服务中亮身份、作表率\uff0c形成可推广的机制。"
)
FLAGS = {
    "--title": "党员先锋岗建设行动",
    "--year": "2026",
    "--category": "service",
    "--branch": "eng-students",
    "--slug": "eng-pioneer-post",
    "--secretary": "李明",
    "--executors": "李明\uff0c王芳、张伟",
    "--unit": "工程系学生工作办公室",
    "--summary": SUMMARY,
    "--applied-on": "2026-05-06",
    "--duration": "10",
}
REL = "projects/2026/eng-pioneer-post.md"


def flags(**changes: str | None) -> list[str]:
    """All flags, with `title="…"` replacing and `title=None` dropping one."""
    given_ = dict(FLAGS)
    for key, value in changes.items():
        flag = "--" + key.replace("_", "-")
        if value is None:
            given_.pop(flag)
        else:
            given_[flag] = value
    return [part for flag, value in given_.items() for part in (flag, value)]


def new(repo: Path, *args: str, answers: str | None = None) -> subprocess.CompletedProcess[str]:
    return cli_in_process("new", *args, cwd=repo, input=answers)


def project_files(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in (repo / "projects").rglob("*"))


def test_all_flags_write_a_valid_file_with_every_value(repo: Path) -> None:
    proc = new(repo, *flags())
    assert proc.returncode == 0, proc.stderr
    assert f"已创建 {REL}" in proc.stdout
    assert "template=apply.md" in proc.stdout and "git switch -c" in proc.stdout
    assert project_files(repo) == ["projects/2026", REL]

    project, problems = read_project(repo, REL)
    assert project is not None and not problems
    assert [d.code for d in check_project(project, Programme.load(repo))] == ["PB407"] * 3
    assert project.data == {
        "title": "党员先锋岗建设行动",
        "year": 2026,
        "category": "service",
        "unit": "工程系学生工作办公室",
        "general_branch": "gb-eng",
        "branch": "eng-students",
        "secretary": "李明",
        "executors": ["李明", "王芳", "张伟"],
        "applied_on": "2026-05-06",
        "summary": SUMMARY,
        "duration_months": 10,
        "stage": "applied",
    }
    # Canonical order: the schema's.
    order = list(Programme.load(repo).schema.schema["properties"])
    assert list(project.data) == [k for k in order if k in project.data]
    # The three application sections, each with a plain-text prompt line.
    found = headings(project.body)
    assert list(found) == [s.heading for s in required_sections("applied")]
    assert project.body.count(PLACEHOLDER) == 3 and "<!--" not in project.body

    def validate() -> subprocess.CompletedProcess[str]:
        return cli_in_process("validate", cwd=repo)

    # Until the prompts are replaced by the plan, the application does not pass (PB407).
    check = validate()
    assert check.returncode == 1 and check.stdout.count("PB407") == 3, check.stdout
    path = next((repo / "projects").rglob("*.md"))
    lines = path.read_text(encoding="utf-8").split("\n")
    filled = ["本支部将按计划开展活动。" if x.startswith(PLACEHOLDER) else x for x in lines]
    path.write_text("\n".join(filled), encoding="utf-8")
    check = validate()
    assert check.returncode == 0, check.stdout


def test_choices_by_number_or_label_and_defaults(repo: Path) -> None:
    proc = new(
        repo,
        *flags(category="6", branch="艺术系教工党支部", unit=None, duration=None, year=None),
        "--year",
        "2026",
    )
    assert proc.returncode == 0, proc.stderr
    data = load_text((repo / REL).read_text(encoding="utf-8")).data
    assert data["category"] == "student"
    assert (data["branch"], data["general_branch"]) == ("art-teachers", "gb-art")
    assert data["unit"] == "艺术系"  # 艺术系党总支 without 党总支
    assert data["duration_months"] == 12


def test_never_overwrites(repo: Path) -> None:
    original = render(front())
    write(repo, REL, original)
    proc = new(repo, *flags())
    assert proc.returncode == 1
    assert "已存在" in proc.stderr and "不会覆盖" in proc.stderr
    assert (repo / REL).read_text(encoding="utf-8") == original


def test_refuses_a_slug_used_in_another_year(repo: Path) -> None:
    write(repo, "projects/2025/eng-pioneer-post.md", render(front(year=2025)))
    proc = new(repo, *flags())
    assert proc.returncode == 1
    assert "projects/2025/eng-pioneer-post.md" in proc.stderr and "PR309" in proc.stderr
    assert not (repo / REL).exists()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"category": "servce"}, "立项方向“servce”不是六个方向之一"),
        ({"branch": "eng-nowhere"}, "名册 data/roster.yml 中没有支部“eng-nowhere”"),
        ({"slug": "Eng_Pioneer"}, "简称只用小写字母、数字和连字符"),
        ({"slug": "a" * 49}, "超过 48 个字符"),
        ({"summary": "太短了"}, "summary\uff08项目简介\uff09 有 3 个字符"),
        ({"title": "《先锋》<b>岗</b>"}, "尖括号"),
        ({"applied_on": "2026-02-30"}, "不是有效日期"),
        ({"duration": "30"}, "不能大于 24"),
        ({"executors": "李明\uff0c李明"}, "重复"),
    ],
)
def test_bad_answers_exit_2_in_chinese_and_write_nothing(
    repo: Path, change: dict[str, str], words: str
) -> None:
    proc = new(repo, *flags(**change))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "用法错误" in proc.stderr and words in proc.stderr
    assert "Traceback" not in proc.stderr
    assert project_files(repo) == []


def test_long_plan_needs_a_reason(repo: Path) -> None:
    proc = new(repo, *flags(duration="18"))
    assert proc.returncode == 2 and "--duration-reason" in proc.stderr
    reason = "研学须利用两个暑假分两批开展。"
    assert new(repo, *flags(duration="18"), "--duration-reason", reason).returncode == 0
    assert load_text((repo / REL).read_text(encoding="utf-8")).data["duration_reason"] == reason


def test_missing_answers_without_a_terminal_exit_2_quickly(repo: Path) -> None:
    started = time.monotonic()
    proc = new(repo, "--title", "党员先锋岗建设行动")
    assert time.monotonic() - started < 30
    assert proc.returncode == 2
    for flag in ("--category", "--branch", "--secretary", "--executors", "--summary"):
        assert flag in proc.stderr
    for flag in ("--title", "--year", "--applied-on", "--duration", "--unit", "--slug"):
        assert flag not in proc.stderr  # given, defaulted, or derived from --branch
    assert "无法提问" in proc.stderr
    assert project_files(repo) == []


def test_interactive_answers_from_a_pipe(repo: Path) -> None:
    answers = "\n".join(
        [
            "党员先锋岗建设行动",  # title
            "9",  # category: no such number, asked again
            "4",  # → service
            "1",  # general branch → gb-eng
            "2",  # branch, of gb-eng's → eng-students
            "",  # unit: default 工程系
            "李明",  # secretary
            "李明、王芳",  # executors
            "2026-13-01",  # applied_on: invalid, asked again
            "2026-05-07",  # (the year is the date's)
            "太短",  # summary: too short, asked again
            SUMMARY,
            "",  # duration: 12
            "先锋岗\uff0c志愿服务",  # tags
            "Bad Slug",  # slug: invalid, asked again
            "eng-pioneer-post",
            "y",  # confirm
            "",
        ]
    )
    proc = new(repo, "--interactive", answers=answers)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for prompt in (
        "项目名称\uff08title\uff09",
        "服务型党支部建设",
        "工程系学生党支部",
        "请重新输入",
    ):
        assert prompt in proc.stdout
    data = load_text((repo / REL).read_text(encoding="utf-8")).data
    assert data["category"] == "service" and data["branch"] == "eng-students"
    assert data["unit"] == "工程系" and data["duration_months"] == 12
    assert data["executors"] == ["李明", "王芳"] and data["tags"] == ["先锋岗", "志愿服务"]
    assert data["applied_on"] == "2026-05-07" and data["summary"] == SUMMARY


def test_interactive_taken_slug_is_asked_again(repo: Path) -> None:
    write(repo, "projects/2025/eng-pioneer-post.md", render(front(year=2025)))
    # Asked: the keywords (none), the slug (taken, then another), then the confirmation.
    proc = new(
        repo, *flags(slug=None), "--interactive", answers="\neng-pioneer-post\nother-one\ny\n"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "已被 projects/2025/eng-pioneer-post.md 使用" in proc.stdout
    assert (repo / "projects/2026/other-one.md").exists()


def test_interactive_input_ending_early_exits_2(repo: Path) -> None:
    proc = new(repo, "--interactive", answers="党员先锋岗建设行动\n")
    assert proc.returncode == 2 and "输入已结束" in proc.stderr
    assert project_files(repo) == []


def test_declining_the_confirmation_writes_nothing(repo: Path) -> None:
    proc = new(repo, *flags(), "--interactive", answers="n\n")
    assert proc.returncode == 1 and "已取消" in proc.stdout
    assert project_files(repo) == []


def test_dry_run_prints_and_writes_nothing(repo: Path) -> None:
    proc = new(repo, *flags(), "--dry-run")
    assert proc.returncode == 0 and 'title: "党员先锋岗建设行动"' in proc.stdout
    assert project_files(repo) == []


def test_a_file_failing_the_core_checks_is_not_written(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole file is judged before writing; a finding there leaves nothing behind."""
    from site_builder.cli.commands import new as command

    def failing(project, programme):  # type: ignore[no-untyped-def]
        return [Diagnostic(project.path, 2, 8, "PS205", "假设的错误")]

    monkeypatch.setattr(command, "check_project", failing)
    code = cli_module.main(["--root", str(repo), "new", *flags()])
    out = capsys.readouterr()
    assert code == 1
    assert f"{REL}:2:8: PS205 假设的错误" in out.out and "未创建文件" in out.err
    assert project_files(repo) == []


# ----- the YAML it writes ---------------------------------------------------------------------

TRICKY = [
    "no",
    "yes",
    "on",
    "null",
    "~",
    "true",
    "010",
    "0x1F",
    "1e3",
    "1_000",
    ".5",
    "+12",
    "2026-05-06",
    "12:30",
    "- 列表",
    "a: b",
    "a #b",
    "[x]",
    "{x}",
    "&a",
    "*a",
    "!tag",
    "'单引号'",
    '"双引号"',
    "a, b",
    "%x",
    "@x",
    "`x`",
    "  前后空格 ",
    "反斜杠\\n",
    "中文\uff0c逗号\uff1a冒号",
    "2026年党员先锋岗",
]


@pytest.mark.parametrize("text", TRICKY)
def test_texts_that_look_like_other_yaml_stay_texts(text: str) -> None:
    for flow in (False, True):
        source = (
            f"k: [{scaffold.scalar(text, flow=True)}]" if flow else f"k: {scaffold.scalar(text)}"
        )
        want = {"k": [text]} if flow else {"k": text}
        assert load_text(f"---\n{source}\n---\n").data == want, source
        assert yaml.safe_load(source) == want, source


@pytest.mark.parametrize("text", ["1e3", "0o17", ".inf", "-.5", "Yes", "OFF", "~", "010", "12:30"])
def test_texts_other_yaml_versions_would_type_are_quoted(text: str) -> None:
    """YAML 1.2 readers (not PyYAML) take `1e3`/`0o17` for numbers: quote them all the same."""
    assert scaffold.scalar(text) == f'"{text}"'
    assert scaffold.scalar(text, flow=True) == f'"{text}"'


def test_ids_stay_plain_and_other_texts_are_quoted() -> None:
    assert scaffold.scalar("党员先锋岗建设行动") == '"党员先锋岗建设行动"'
    assert scaffold.scalar("eng-teachers") == "eng-teachers"
    assert scaffold.scalar("2026-05-06") == '"2026-05-06"'
    assert scaffold.scalar(2026) == "2026"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: not BAD_CHARS.search(s)))
def test_any_text_reads_back_unchanged(text: str) -> None:
    text = text.replace("\r", "")
    if not text:
        return
    for flow in (False, True):
        source = (
            f"k: [{scaffold.scalar(text, flow=True)}]" if flow else f"k: {scaffold.scalar(text)}"
        )
        want = {"k": [text]} if flow else {"k": text}
        assert load_text(f"---\n{source}\n---\n").data == want, source


def test_render_reloads_to_the_same_values(programme: Programme) -> None:
    values = {
        "title": "no",
        "year": 2026,
        "category": "activity",
        "unit": "010",
        "general_branch": "gb-eng",
        "branch": "eng-teachers",
        "secretary": "yes",
        "executors": ["1e3", "a, b", "王芳"],
        "applied_on": "2026-05-06",
        "summary": SUMMARY + "# 不是注释\uff1a也不是映射",
        "tags": ["on", "~"],
        "duration_months": 12,
    }
    text = scaffold.render(values, programme.schema)
    data = load_text(text).data
    assert data == {**values, "stage": "applied"}
    assert list(data)[:3] == ["title", "year", "category"] and list(data)[-1] == "stage"


def test_category_branch_and_unit_helpers(programme: Programme) -> None:
    info, roster = programme.schema, programme.roster
    assert scaffold.parse_category("4", info) == "service"
    assert scaffold.parse_category("党员教育管理", info) == "education"
    assert scaffold.parse_category(" conduct ", info) == "conduct"
    assert scaffold.parse_category("7", info) is None
    assert scaffold.parse_branch("1", roster) == "eng-teachers"
    assert scaffold.parse_branch("工程系学生党支部", roster) == "eng-students"
    assert scaffold.parse_branch("gb-eng", roster) is None
    assert scaffold.default_unit(roster, "art-teachers") == "艺术系"
    assert scaffold.split_names("李明\uff0c王芳、张伟\uff1b\uff1b赵六") == [
        "李明",
        "王芳",
        "张伟",
        "赵六",
    ]
