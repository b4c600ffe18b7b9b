"""The `validate` command as a user runs it: exit codes, the three formats, and no forgeable
workflow commands in GitHub mode."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from clirun import cli_in_process
from factory import ROOT, front, make_repo, render, write


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return cli_in_process(*args, cwd=cwd)


def real_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process (the smoke tests; the rest run in-process)."""
    return subprocess.run(
        [sys.executable, "-m", "site_builder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_examples_validate_cleanly() -> None:
    proc = real_cli("validate")
    assert proc.returncode == 0, proc.stdout
    assert re.search(r"检查了 (\d+) 个文件\uff1a0 个错误", proc.stdout)
    assert int(re.search(r"检查了 (\d+) 个文件", proc.stdout).group(1)) >= 12


def test_text_format_line(repo: Path) -> None:
    content = render(front(category="servce"))
    write(repo, "projects/2026/cs-01.md", content)
    proc = cli("validate", cwd=repo)
    assert proc.returncode == 1
    line = next(i for i, t in enumerate(content.split("\n"), 1) if t.startswith("category:"))
    assert proc.stdout.splitlines()[0].startswith(
        f"projects/2026/cs-01.md:{line}:11: PS201 category\uff08立项方向\uff09\uff1a“servce”不是允许的取值。可选\uff1a"
    )
    assert proc.stdout.splitlines()[-1] == "检查了 1 个文件\uff1a1 个错误\uff0c0 个警告。未通过。"


def test_warnings_never_fail(repo: Path) -> None:
    data = front("concluded")
    data["expenses"].append({"date": "2027-01-10", "item": "活动场地", "amount": 900})
    write(repo, "projects/2026/over.md", render(data))
    proc = cli("validate", "--format", "json", cwd=repo)
    assert proc.returncode == 0
    report = json.loads(proc.stdout)
    assert (report["errors"], report["warnings"]) == (0, 1)
    assert report["diagnostics"][0]["severity"] == "warning"


def test_paths_select_files_but_cross_file_rules_see_all(repo: Path) -> None:
    for i in range(4):
        write(repo, f"projects/2026/award-{i}.md", render(front("awarded")))
    write(repo, "projects/2026/bad.md", render(front(category="x")))
    proc = cli("validate", "--format", "json", "projects/2026/award-0.md", cwd=repo)
    report = json.loads(proc.stdout)
    assert report["files"] == 1
    assert [d["code"] for d in report["diagnostics"]] == ["PR308"]
    folder = json.loads(cli("validate", "--format", "json", "projects/2026", cwd=repo).stdout)
    assert folder["files"] == 5


def test_misuse_exits_2_in_chinese(repo: Path) -> None:
    proc = cli("validate", "--format", "xml", cwd=repo)
    assert proc.returncode == 2 and "用法错误" in proc.stderr
    proc = cli("validate", "projects/none.md", cwd=repo)
    assert proc.returncode == 2 and "找不到" in proc.stderr
    assert cli("frobnicate", cwd=repo).returncode == 2
    proc = real_cli("validate", "--format", "xml", cwd=repo)
    assert proc.returncode == 2 and "用法错误" in proc.stderr


def test_broken_roster_is_named_not_a_traceback(repo: Path) -> None:
    (repo / "data" / "roster.yml").write_text("maintainers: [a]\npanel: &x []\n", encoding="utf-8")
    proc = cli("validate", cwd=repo)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "data/roster.yml:2" in proc.stderr and "PF109" in proc.stderr


def test_github_format_escapes_and_cannot_be_forged(repo: Path) -> None:
    evil = "100% ::error file=x::伪造 ##[error]伪造\\n"
    data = front(
        category=evil,
        summary="  ::warning::再伪造 ##[group]组\uff0c以及足够长的说明文字填充到二十个字符以上。",
    )
    write(repo, "projects/2026/evil.md", render(data))
    write(repo, "projects/2026/bad.md", render(front(category="servce")))
    proc = cli("validate", "--format", "github", cwd=repo)
    commands = [line for line in proc.stdout.splitlines() if line.lstrip().startswith("::")]
    # Only our own annotations are commands, and the runner cannot see a legacy one anywhere.
    assert commands and all(re.match(r"::(error|warning) file=projects/2026/", c) for c in commands)
    assert not any("##[" in line for line in proc.stdout.splitlines())
    for command in commands:
        props, _, data = command[2:].partition("::")
        assert "::" not in data
        assert "\n" not in data and "\r" not in data
        assert "title=PS" in props or "title=PB" in props or "title=PR" in props
    evil_line = next(c for c in commands if "evil.md" in c)
    assert "100%25" in evil_line and "伪造" in evil_line


def test_escaping_functions() -> None:
    from site_builder.cli.annotations import escape_data, escape_property, safe_line

    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"
    assert not safe_line("  ::error::x").lstrip().startswith("::")
    assert "##[" not in safe_line("text ##[error] text")


SITE = "https://example.org/a%2Cb/"  # a `%` to show the URL is escaped like all annotation data


def test_json_and_github_link_each_rule(repo: Path) -> None:
    marker = repo / "pwned"
    write(
        repo,
        "mkdocs.yml",
        f"site_url: {SITE}\n"
        f'hook: !!python/object/apply:os.system ["touch {marker}"]\n'
        "emoji: !!python/name:material.extensions.emoji.twemoji\n",
    )
    write(repo, "projects/2026/cs-01.md", render(front(category="servce")))
    url = "https://example.org/a%2Cb/rules-reference/#ps201"
    proc = cli("validate", "--format", "json", cwd=repo)
    assert proc.returncode == 1
    [diagnostic] = json.loads(proc.stdout)["diagnostics"]
    assert (diagnostic["code"], diagnostic["url"]) == ("PS201", url)
    proc = cli("validate", "--format", "github", cwd=repo)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("::error file=projects/2026/cs-01.md,")
    assert lines[0].endswith("%0A说明见 https://example.org/a%252Cb/rules-reference/#ps201")
    assert lines[1].startswith("projects/2026/cs-01.md:") and lines[1].endswith(f" 说明见 {url}")
    proc = cli("validate", cwd=repo)
    assert proc.returncode == 1 and "说明见" not in proc.stdout and "http" not in proc.stdout
    assert not marker.exists()


def test_no_site_url_no_link(repo: Path) -> None:
    write(repo, "mkdocs.yml", "site_name: x\n")
    write(repo, "projects/2026/cs-01.md", render(front(category="servce")))
    proc = cli("validate", "--format", "json", cwd=repo)
    assert proc.returncode == 1
    assert [d["url"] for d in json.loads(proc.stdout)["diagnostics"]] == [None]
    proc = cli("validate", "--format", "github", cwd=repo)
    assert proc.returncode == 1 and "说明见" not in proc.stdout and "http" not in proc.stdout
    (repo / "projects/2026/cs-01.md").unlink()
    (repo / "mkdocs.yml").write_text("site_url: [: broken\n", encoding="utf-8")
    for fmt in ("json", "github"):
        assert cli("validate", "--format", fmt, cwd=repo).returncode == 0


def test_one_process_keeps_nothing_between_commands(repo: Path, tmp_path: Path) -> None:
    """The tests run the command line in-process, as `mkdocs serve` runs the plugin: each run
    reads the repository afresh (roster, schema), whatever ran before in the process."""
    write(repo, "projects/2026/cs-01.md", render(front()))
    assert cli("validate", cwd=repo).returncode == 0
    roster = repo / "data/roster.yml"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace("id: eng-teachers", "id: eng-staff"), "utf-8"
    )
    proc = cli("validate", "--format", "json", cwd=repo)
    assert proc.returncode == 1
    assert [d["code"] for d in json.loads(proc.stdout)["diagnostics"]] == ["PR301"]
    assert cli("validate", "--format", "xml", cwd=repo).returncode == 2
    other = make_repo(tmp_path / "other")
    write(other, "projects/2026/cs-01.md", render(front()))
    assert cli("--root", str(other), "validate", cwd=repo).returncode == 0
    assert cli("validate", cwd=repo).returncode == 1
