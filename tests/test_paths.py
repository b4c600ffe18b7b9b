"""Paths on the command line mean the same to every command that takes them: files or folders
under projects/. Anything else is a usage error (exit 2) in Chinese, never a silent pass."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from clirun import cli_in_process
from factory import front, render, write

COMMANDS = (
    ("validate",),
    ("form", "apply", "--no-pdf", "--out", "../out"),
    ("media", "clean"),
)


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli_in_process(*args, cwd=repo)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("README.md", "不在 projects/ 中"),
        ("docs", "不在 projects/ 中"),
        (".", "不在 projects/ 中"),
        ("projects/2026/nothing-here.md", "找不到"),
        ("/", "不在仓库"),
        ("projects/2030", "中没有项目文件"),
    ],
)
def test_a_path_naming_no_project_is_a_usage_error(
    repo: Path, command: tuple[str, ...], given: str, why: str
) -> None:
    write(repo, "projects/2026/cs-01.md", render(front()))
    (repo / "README.md").write_text("readme\n", encoding="utf-8")
    (repo / "docs").mkdir(exist_ok=True)
    (repo / "projects/2030").mkdir()
    proc = run(repo, *command, given)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.startswith("用法错误\uff1a") and why in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (repo.parent / "out").exists()


@pytest.mark.parametrize("given", ["projects", "projects/2026", "projects/2026/cs-01.md"])
def test_files_and_folders_under_projects_are_accepted(repo: Path, given: str) -> None:
    write(repo, "projects/2026/cs-01.md", render(front()))
    proc = run(repo, "validate", given)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "检查了 1 个文件" in proc.stdout
