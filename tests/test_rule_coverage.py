"""Rules that the other test files do not reach through a project, and the rule table itself:
every code is documented in the README and exercised by some test."""

from __future__ import annotations

import os
from pathlib import Path

from factory import ROOT, front, render, write
from jsonschema.exceptions import ValidationError

from site_builder.core.programme import Programme
from site_builder.rules.ruleset import REGISTRY
from site_builder.rules.schema import OTHER, translate
from site_builder.rules.validate import validate


def test_symlink_in_projects(repo: Path, programme: Programme) -> None:
    write(repo, "projects/2026/real.md", render(front()))
    os.symlink("/etc/hostname", repo / "projects/2026/link.md")
    os.symlink(repo / "projects/2026", repo / "projects/2027")
    diags = validate(repo, programme).diagnostics
    assert sorted((d.path, d.code) for d in diags) == [
        ("projects/2026/link.md", "PF116"),
        ("projects/2027", "PF116"),
    ]


def test_unreadable_entry(repo: Path, programme: Programme) -> None:
    from site_builder.core.tree import read_project

    (repo / "projects/2026/dir.md").mkdir(parents=True)
    project, diags = read_project(repo, "projects/2026/dir.md")
    assert project is None and [d.code for d in diags] == ["PF117"]


def test_unknown_schema_keyword_still_gets_a_chinese_message(programme: Programme) -> None:
    error = ValidationError("x", validator="multipleOf", path=["year"], instance=3)
    rule, path, text, _ = translate(error, programme.schema, {})
    assert rule is OTHER and path == ("year",)
    assert "year\uff08立项年度\uff09" in text


def test_readme_lists_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, rule in REGISTRY.items():
        assert f"| `{code}` | {rule.title}" in readme, code


def test_every_rule_is_exercised_by_a_test() -> None:
    # The tests and the case data they run (tests/cases.py).
    files = [*(ROOT / "tests").glob("test_*.py"), ROOT / "tests" / "cases.py"]
    sources = "\n".join(p.read_text(encoding="utf-8") for p in files)
    untested = [code for code in REGISTRY if code not in sources and code != OTHER.code]
    assert untested == []
