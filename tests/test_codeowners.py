"""CODEOWNERS from the roster: who reviews what (last match wins), and the `--check` gate."""

from __future__ import annotations

import subprocess
from pathlib import Path

from clirun import cli_in_process
from factory import ROOT

from site_builder.core.programme import Programme, Roster
from site_builder.review.codeowners import CODEOWNERS_FILE, owners, render

STALE = "`.github/CODEOWNERS` 已过期\uff0c请运行 python -m site_builder codeowners 并提交"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return cli_in_process(*args, cwd=cwd)


def rules(text: str) -> list[tuple[str, list[str]]]:
    found = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *people = line.split()
            found.append((pattern, people))
    return found


def matches(pattern: str, path: str) -> bool:
    """The CODEOWNERS patterns this generator uses: `*`, `/folder/` and `/file`."""
    if pattern == "*":
        return True
    if pattern.endswith("/"):
        return ("/" + path).startswith(pattern)
    return "/" + path == pattern


def owner_of(text: str, path: str) -> list[str]:
    """GitHub's rule: the last matching line decides."""
    owner: list[str] = []
    for pattern, people in rules(text):
        if matches(pattern, path):
            owner = people
    return owner


def test_panel_owns_projects_maintainers_own_the_rest(programme: Programme) -> None:
    text = render(programme.roster)
    panel, maintainers = ["@panel-lead", "@panel-two"], ["@site-admin"]
    for path in ("projects/2026/cs-01.md", "projects/2025/a/b.md"):
        assert owner_of(text, path) == panel, path
    for path in (
        "README.md",
        "tests/test_rules.py",
        "pyproject.toml",
        "data/roster.yml",
        "schema/project.schema.json",
        ".github/CODEOWNERS",
        ".github/workflows/validate.yml",
        "docs/guide/submit.md",
        "mkdocs.yml",
        "site_builder/cli.py",
    ):
        assert owner_of(text, path) == maintainers, path


def test_order_catch_all_first_protected_after_projects(programme: Programme) -> None:
    patterns = [p for p, _ in rules(render(programme.roster))]
    assert patterns[0] == "*"
    assert patterns.index("/projects/") == 1
    for protected in ("/.github/", "/data/", "/schema/", "/docs/", "/mkdocs.yml", "/site_builder/"):
        assert patterns.index(protected) > patterns.index("/projects/")
    assert len(patterns) == len(set(patterns))


def test_header_says_generated_in_chinese(programme: Programme) -> None:
    header = render(programme.roster).split("\n\n")[0]
    assert all(line.startswith("#") for line in header.splitlines())
    assert "自动生成" in header and "请勿手工修改" in header
    assert "python -m site_builder codeowners" in header


def test_logins_sorted_deduplicated_prefixed() -> None:
    roster = Roster.from_data(
        {
            "maintainers": ["zed", "Alice", "zed", "alice"],
            "panel": [
                {"name": "甲乙", "login": "p-two", "role": "member"},
                {"name": "丙丁", "login": "P-one", "role": "leader"},
                {"name": "戊己", "login": "p-two", "role": "member"},
            ],
            "general_branches": [],
        }
    )
    assert owners(["b", "a", "B"]) == "@a @b"
    found = dict(rules(render(roster)))
    assert found["*"] == ["@Alice", "@zed"]
    assert found["/projects/"] == ["@P-one", "@p-two"]
    assert found["/data/"] == ["@Alice", "@zed"]


def test_real_repository_file_is_current() -> None:
    """Fails when data/roster.yml changes without `python -m site_builder codeowners`."""
    proc = cli("codeowners", "--check", cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    expected = render(Programme.load(ROOT).roster)
    assert (ROOT / CODEOWNERS_FILE).read_text(encoding="utf-8") == expected


def test_check_fails_when_missing_or_stale_and_write_fixes_it(repo: Path) -> None:
    target = repo / CODEOWNERS_FILE
    proc = cli("codeowners", "--check", cwd=repo)
    assert proc.returncode == 1 and STALE in proc.stdout
    assert not target.exists()

    assert cli("codeowners", cwd=repo).returncode == 0
    assert target.read_text(encoding="utf-8") == render(Programme.load(repo).roster)
    assert sorted(p.name for p in target.parent.iterdir()) == ["CODEOWNERS"]  # no temp files
    assert cli("codeowners", "--check", cwd=repo).returncode == 0

    roster = repo / "data" / "roster.yml"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace("login: panel-two", "login: panel-three"),
        encoding="utf-8",
    )
    proc = cli("codeowners", "--check", cwd=repo)
    assert proc.returncode == 1 and STALE in proc.stdout
    assert "-/projects/ @panel-lead @panel-two" in proc.stdout
    assert "+/projects/ @panel-lead @panel-three" in proc.stdout

    target.write_text(target.read_text(encoding="utf-8") + "# 手工添加\n", encoding="utf-8")
    assert cli("codeowners", "--check", cwd=repo).returncode == 1
    assert cli("codeowners", cwd=repo).returncode == 0
    assert "panel-three" in target.read_text(encoding="utf-8")
    assert "手工添加" not in target.read_text(encoding="utf-8")
    assert cli("codeowners", "--check", cwd=repo).returncode == 0
