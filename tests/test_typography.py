"""Chinese typography (issue 12): full-width punctuation in everything we show, checked on the
built site, the command line's messages and the forms; no English left on screen; one term for a
pull request; and the fixer (`python -m tools.typography`) that keeps our own text so."""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cases import CASES, CORPUS
from factory import ROOT, front, make_repo, render, run_cli, write

from site_builder.cli import build_parser
from site_builder.cli.output import summary
from site_builder.core.programme import Programme
from site_builder.core.typography import fix_markdown, fix_prose, halfwidth_in_chinese
from site_builder.rules.ruleset import REGISTRY
from site_builder.rules.validate import validate
from tools import typography as tool

MKDOCS = str(Path(sys.executable).parent / "mkdocs")
# argparse's own English, which the command line must never show.
ARGPARSE_ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help message and exit",
    "error:",
    "unrecognized arguments",
    "the following arguments are required",
    "invalid choice",
    "expected one argument",
)


def command_names() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def unquoted(message: str) -> str:
    """A message with the branch's own text, which it quotes in “…”, left out: a message shows
    what the file says."""
    return re.sub("\u201c[^\u201d\n]*\u201d", "\u201c\ue000\u201d", message)


def assert_full_width(texts: dict[str, str]) -> None:
    """No half-width `, : ; ? ! ( )` in Chinese context in any of `texts` (name -> text)."""
    found = {name: hits for name, text in texts.items() if (hits := halfwidth_in_chinese(text))}
    assert not found, "\n".join(f"{name}: {hits[:5]}" for name, hits in found.items())


BLOCK_TAGS = (
    "p div li td th tr h1 h2 h3 h4 h5 h6 br section article header footer nav label table ul ol "
    "dt dd title option summary details blockquote figcaption"
)


class Visible(HTMLParser):
    """The text a reader sees: no scripts, styles or attributes; code stands as one neutral
    character, so a mark beside code is judged by its other neighbour."""

    SKIP = frozenset({"script", "style", "template", "textarea"})
    CODE = frozenset({"code", "pre", "kbd", "samp"})
    BLOCK = frozenset(BLOCK_TAGS.split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP or tag in self.CODE:
            if tag in self.CODE and not self.hidden:
                self.parts.append("\ue000")
            self.hidden += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP or tag in self.CODE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = Visible()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


# ----- the fixer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("以党建为原则,支持各党支部", "以党建为原则\uff0c支持各党支部"),
        ("用法错误:缺少参数", "用法错误\uff1a缺少参数"),
        ("刘洋;何欣", "刘洋\uff1b何欣"),  # AutoCorrect alone leaves `;` between Chinese
        ("计划周期(月)", "计划周期\uff08月\uff09"),  # ... and writes "计划周期 (月)"
        ("确认写入?是!", "确认写入\uff1f是\uff01"),
        ("“拉取请求”(Pull Request)", "“拉取请求”\uff08Pull Request\uff09"),
        ("填写 `grant`(资助经费,元)", "填写 `grant`\uff08资助经费\uff0c元\uff09"),
        # Government-document style: no space is added around numbers or Latin words...
        ("2026年3月完成3次宣讲", "2026年3月完成3次宣讲"),
        # ... and none a writer typed is taken away.
        ("检查了 17 个文件:0 个错误", "检查了 17 个文件\uff1a0 个错误"),
        ("使用GitHub提交", "使用GitHub提交"),
    ],
)
def test_fix_prose(text: str, fixed: str) -> None:
    assert fix_prose(text) == fixed
    assert fix_prose(fixed) == fixed
    assert halfwidth_in_chinese(fixed) == []


@pytest.mark.parametrize(
    "text",
    [
        "文件 projects/2026/x.md:12:3: PS201 标题",  # a location stays ASCII
        "示例 `executors: [刘洋, 何欣]` 和 `a(b)`",  # code
        "见[说明](https://example.org/a,b?x=1)",  # a link target
        '<span title="甲,乙">文字</span>',  # an attribute
        "英文逗号\u201c,\u201d和英文分号\u201c;\u201d",  # the mark itself is the subject
        "日期:\u3000\u3000年\u3000月",  # a form's blanks keep their ideographic spaces
        "调用 len(x) 即可",
        "{{ value }}:{% if a %}甲{% endif %}",
    ],
)
def test_fix_prose_leaves_code_alone(text: str) -> None:
    fixed = fix_prose(text)
    for piece in ("projects/2026/x.md:12:3: PS201", "`executors: [刘洋, 何欣]`", "`a(b)`"):
        if piece in text:
            assert piece in fixed
    for piece in ("https://example.org/a,b?x=1", 'title="甲,乙"', "\u201c,\u201d", "\u201c;\u201d"):
        if piece in text:
            assert piece in fixed
    assert fixed.count("\u3000") == text.count("\u3000")
    assert "len(x)" in fixed or "len(x)" not in text
    assert "{{ value }}" in fixed or "{{ value }}" not in text


def test_fix_markdown_keeps_front_matter_and_code() -> None:
    text = (
        "---\ntitle: 标题,说明\nexecutors: [徐婷, 高明, 王思雨]\n---\n\n"
        "正文,说明(一)。\n\n```yaml\nexecutors: [徐婷, 高明]\nsummary: 甲,乙\n```\n"
    )
    fixed = fix_markdown(text)
    front_matter, rest = fixed.split("\n---\n", 1)
    assert front_matter == text.split("\n---\n", 1)[0]
    assert "正文\uff0c说明\uff08一\uff09。" in rest
    assert "```yaml\nexecutors: [徐婷, 高明]\nsummary: 甲,乙\n```" in rest


def test_project_front_matter_text_fixed_and_lists_kept() -> None:
    source = (
        "---\ntitle: 党员先锋岗建设行动\nexecutors: [徐婷, 高明, 王思雨]\n"
        "summary: 本支部党员带头,开展学业帮扶(每周两次)。\n"
        "approval:\n  opinion: |\n    同意立项,注意安全。\n  date: 2026-05-20\n"
        "---\n\n## 为什么开展活动\n\n因为,所以。\n"
    )
    fixed = tool.fix_project(source)
    assert "summary: 本支部党员带头\uff0c开展学业帮扶\uff08每周两次\uff09。\n" in fixed
    assert "    同意立项\uff0c注意安全。\n  date: 2026-05-20\n" in fixed
    assert "executors: [徐婷, 高明, 王思雨]\n" in fixed and "因为\uff0c所以。" in fixed


def test_python_strings_fixed_as_escapes_and_code_untouched() -> None:
    source = (
        '"""模块说明,不改。"""\n'
        "import re\n"
        'PATTERN = re.compile("[,\\uff0c;]+(甲|乙)")\n'
        'RAW = r"原样,不改"\n'
        "def f(n, rel):\n"
        '    """函数说明,不改。"""\n'
        '    return (f"共 {n} 个,见(附件 {rel})" "。另见(说明"\n'
        '            "一)。")\n'
    )
    fixed = tool.fix_python(source)
    assert fixed.isascii() is source.isascii()
    lines = fixed.splitlines()
    assert lines[0] == '"""模块说明,不改。"""' and lines[5] == '    """函数说明,不改。"""'
    assert (
        lines[2] == 'PATTERN = re.compile("[,\\uff0c;]+(甲|乙)")'
        and lines[3] == 'RAW = r"原样,不改"'
    )
    # Full-width marks are written as escapes (bytes), the f-string's fields are untouched, and
    # a parenthesis closed in the next literal of the same expression is found.
    raw = fixed.encode("utf-8")
    assert (
        b'f"\xe5\x85\xb1 {n} \xe4\xb8\xaa\\uff0c\xe8\xa7\x81\\uff08\xe9\x99\x84\xe4\xbb\xb6 {rel}\\uff09"'
        in raw
    )
    namespace: dict = {}
    exec(compile(fixed, "<fixed>", "exec"), namespace)
    assert (
        namespace["f"](3, "a.md")
        == "共 3 个\uff0c见\uff08附件 a.md\uff09。另见\uff08说明一\uff09。"
    )


def test_schema_titles_fixed_and_patterns_kept() -> None:
    source = '{\n  "title": "计划周期(月)",\n  "pattern": "^[a-z](,|;)$",\n  "x-labels": {"a": "甲,乙"}\n}\n'
    fixed = tool.fix_schema(source)
    assert '"title": "计划周期\uff08月\uff09"' in fixed
    assert '"pattern": "^[a-z](,|;)$"' in fixed and '"a": "甲\uff0c乙"' in fixed


def test_our_own_text_is_already_fixed() -> None:
    """The fixer has nothing left to do on the repository: re-run it after merging new text
    (`python -m tools.typography --fix`) and review its diff."""
    assert tool.main(["--check"]) == 0


def test_name_separators_keep_the_full_width_comma_and_semicolon() -> None:
    from site_builder.panel import scaffold

    line = next(
        x
        for x in Path(scaffold.__file__).read_bytes().split(b"\n")
        if x.startswith(b"NAME_SEPARATORS")
    )
    assert b"\\uff0c" in line and b"\\uff1b" in line
    assert scaffold.split_names("刘洋\uff0c何欣\uff1b张小龙") == ["刘洋", "何欣", "张小龙"]


# ----- one term -------------------------------------------------------------------------------


def test_one_term_for_a_pull_request() -> None:
    old = "\u5408\u5e76\u8bf7\u6c42"  # the term the guides used to write; 拉取请求 replaces it
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    found = []
    for name in filter(None, tracked):
        path = ROOT / name.decode()
        if path.is_file() and old.encode() in path.read_bytes():
            found.append(name.decode())
    assert found == []
    glossary = (ROOT / "docs/guide/first-time.md").read_text(encoding="utf-8")
    assert "## 术语" in glossary and "| 拉取请求 |" in glossary


# ----- the built site -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`mkdocs build` of the repository as shipped: its pages, examples and theme additions."""
    root = tmp_path_factory.mktemp("typography") / "repo"
    root.mkdir()
    for name in ("docs", "data", "overrides", "projects", "schema"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    proc = subprocess.run(
        [MKDOCS, "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SHOWCASE_TODAY": "2026-11-28"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root / "site", proc.stdout + proc.stderr


@pytest.mark.build
def test_site_text_is_full_width(site: tuple[Path, str]) -> None:
    built, _ = site
    pages = {
        str(p.relative_to(built)): p.read_text(encoding="utf-8") for p in built.rglob("*.html")
    }
    assert len(pages) > 40
    assert_full_width({name: visible_text(html) for name, html in pages.items()})


@pytest.mark.build
def test_no_english_left_on_the_site(site: tuple[Path, str]) -> None:
    built, log = site
    for line in ("Building prefix dict", "Loading model", "Prefix dict", "pkg_resources", "jieba"):
        assert line not in log, log
    missing = visible_text((built / "404.html").read_text(encoding="utf-8"))
    assert "Not found" not in missing and "页面不存在" in missing
    for page in built.rglob("*.html"):
        assert "Made with" not in page.read_text(encoding="utf-8"), page


# ----- the command line -----------------------------------------------------------------------


def test_rule_catalogue_is_full_width() -> None:
    assert len(REGISTRY) >= 30
    assert_full_width({f"{code} title": r.title for code, r in REGISTRY.items()})
    # A doc entry is Markdown: its code spans (`![说明](简称/文件名)`) are code, not prose.
    code = re.compile(r"`[^`\n]*`")
    assert_full_width({f"{c} doc": code.sub("`\ue000`", r.doc) for c, r in REGISTRY.items()})


def test_messages_for_bad_files_are_full_width(repo: Path) -> None:
    P = "projects/2026/case-{}.md"
    for n, (_, overrides, text, _, _) in enumerate(CASES):
        write(repo, P.format(n), render(front("applied", **overrides), text))
    for name, (content, _, _) in CORPUS.items():
        write(repo, f"projects/2026/hostile-{name}.md", content)
    result = validate(repo, Programme.load(repo))
    assert len({d.code for d in result.diagnostics}) >= 30
    texts = {f"{d.path} {d.code}": unquoted(d.text()) for d in result.diagnostics}
    texts["summary"] = summary(3, result.diagnostics)
    assert_full_width(texts)


@pytest.mark.parametrize("command", ["", *command_names()])
def test_help_is_chinese(command: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert run_cli([command, "--help"] if command else ["--help"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert out.startswith("\u7528\u6cd5\uff1a")  # 用法：
    for english in ARGPARSE_ENGLISH:
        assert english not in out
    assert_full_width({f"{command} --help": out})


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["forms"],
        ["validate", "--bogus"],
        ["check"],
        ["check", "--base"],
        ["report", "--year", "abc"],
        ["report", "--format", "pdf"],
    ],
    ids=lambda a: " ".join(a) or "nothing",
)
def test_usage_errors_are_chinese(argv: list[str], monkeypatch, capsys) -> None:
    assert run_cli(argv, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "\u7528\u6cd5\u9519\u8bef\uff1a" in err  # 用法错误：
    for english in ARGPARSE_ENGLISH:
        assert english not in err
    assert_full_width({" ".join(argv): err})


# ----- forms and reports over the examples ----------------------------------------------------


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("examples") / "repo", shipped=True)
    shutil.copytree(ROOT / "projects", root / "projects", dirs_exist_ok=True)
    return root


@pytest.mark.parametrize("kind", ["apply", "midterm", "acceptance"])
def test_forms_are_full_width(examples: Path, kind: str, monkeypatch, capsys, tmp_path) -> None:
    out = tmp_path / "forms"
    args = ["--root", str(examples), "form", kind, str(examples / "projects"), "--out", str(out)]
    assert run_cli([*args, "--no-pdf"], monkeypatch) in (0, 1)  # 1: some lack the stage's data
    said = capsys.readouterr()
    pages = {p.name: visible_text(p.read_text(encoding="utf-8")) for p in out.glob("*.html")}
    assert len(pages) >= 5
    pages["messages"] = said.out + said.err
    assert_full_width(pages)


@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_reports_are_full_width(examples: Path, fmt: str, monkeypatch, capsys) -> None:
    args = ["--root", str(examples), "report", "--today", "2027-06-15", "--format", fmt]
    assert run_cli(args, monkeypatch) == 0
    said = capsys.readouterr()
    assert "\u9879\u76ee\u7edf\u8ba1" in said.out  # 项目统计
    if fmt == "csv":  # commas separate the cells: judge each cell
        cells = [c for row in csv.reader(io.StringIO(said.out)) for c in row]
        assert_full_width({f"cell {n}": cell for n, cell in enumerate(cells)})
    else:
        assert_full_width({"report text": said.out})
    assert_full_width({"report messages": said.err})
