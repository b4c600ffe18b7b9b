"""The review gate under attack (issue 10): each attack that once got through the pull-request
check, in a real git repository, now refused with its code; the legitimate change next to it
still passes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from factory import front, make_repo, render
from gitrepo_helpers import commit_on, git, init

from site_builder.cli.commands.check import check_refs

APPROVED = "projects/2026/s-approved.md"
APPLIED = "projects/2026/s-applied.md"


@pytest.fixture
def gate(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    for stage in ("applied", "approved", "midterm", "concluded", "accepted"):
        (root / f"projects/2026/s-{stage}.md").parent.mkdir(parents=True, exist_ok=True)
        (root / f"projects/2026/s-{stage}.md").write_text(render(front(stage)), encoding="utf-8")
    init(root)
    return root


def outcome_of(root: Path, author: str, branch: str = "pr") -> list[tuple[str, str]]:
    """(path, code) of every error the check finds in `branch` against main."""
    outcome = check_refs(root, "main", branch, author)
    return sorted((d.path, d.code) for d in outcome.diagnostics if d.severity == "error")


def on_main(root: Path, files: dict[str, str]) -> None:
    """Commit `files` on main (what earlier, merged pull requests left there)."""
    git(root, "checkout", "-q", "main")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "earlier")


def moved(root: Path, old: str, new: str, content: str | None = None) -> None:
    """A branch `pr` from main that moves `old` to `new`; git must see it as one rename."""
    git(root, "checkout", "-q", "-B", "pr", "main")
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    git(root, "mv", old, new)
    if content is not None:
        (root / new).write_text(content, encoding="utf-8")
        git(root, "add", new)
    git(root, "commit", "-q", "-m", "move")
    assert git(root, "diff", "--name-status", "-M", "main", "pr").startswith("R")


# ---------------------------------------------------------------- 1. moves across projects/


@pytest.mark.parametrize("author", ["site-admin", "eng-sec", "panel-lead"])
def test_moving_a_project_out_is_a_deletion(gate: Path, author: str) -> None:
    moved(gate, APPROVED, "tests/data/x.md")
    found = outcome_of(gate, author)
    assert (APPROVED, "PT503") in found
    # The arriving side is a file outside projects/: the maintainers' business as ever.
    assert (("tests/data/x.md", "PT501") in found) == (author != "site-admin")


def test_moving_it_back_with_a_big_grant_is_a_new_application(gate: Path) -> None:
    # Suppose the move out had been merged: the project now lies outside projects/.
    data = front("approved")
    on_main(gate, {"tests/data/x.md": render(data)})
    data["approval"]["grant"] = 50000
    moved(gate, "tests/data/x.md", "projects/2026/back.md", render(data))
    assert outcome_of(gate, "site-admin") == [("projects/2026/back.md", "PT506")]
    # Even the branch's own maintainer may only file it as a new application.
    found = outcome_of(gate, "eng-sec")
    assert ("projects/2026/back.md", "PT505") in found
    assert ("tests/data/x.md", "PT501") in found


def test_a_docs_page_renamed_into_an_award(gate: Path) -> None:
    data = front("awarded")
    data["award"]["prize"] = 900000
    on_main(gate, {"docs/winner.md": render(data)})
    moved(gate, "docs/winner.md", "projects/2026/from-docs.md")
    assert outcome_of(gate, "site-admin") == [("projects/2026/from-docs.md", "PT506")]


def test_a_docs_page_renamed_into_a_nonsense_stage(gate: Path) -> None:
    data = front("applied")
    data["stage"] = "nonsense"
    on_main(gate, {"docs/odd.md": render(data)})
    moved(gate, "docs/odd.md", "projects/2026/from-docs.md")
    codes = {code for _, code in outcome_of(gate, "site-admin")}
    assert "PS201" in codes  # not a stage of the process: it would break the deploy


def test_a_branch_may_move_its_application_in_as_a_new_one(gate: Path) -> None:
    """The legitimate case: a draft kept outside projects/ by a maintainer who is also the
    branch's maintainer becomes an application."""
    roster = yaml.safe_load((gate / "data/roster.yml").read_text(encoding="utf-8"))
    roster["maintainers"].append("eng-sec")
    (gate / "data/roster.yml").write_text(yaml.safe_dump(roster, allow_unicode=True), "utf-8")
    on_main(gate, {"drafts/plan.md": render(front("applied"))})
    moved(gate, "drafts/plan.md", "projects/2026/new-plan.md")
    assert outcome_of(gate, "eng-sec") == []


def test_a_maintainers_change_under_docs_passes(gate: Path) -> None:
    commit_on(gate, "pr", "main", {"docs/index.md": "# 首页\n\n新的介绍。\n"})
    assert outcome_of(gate, "site-admin") == []
    moved(gate, "docs/index.md", "docs/home.md")
    assert outcome_of(gate, "site-admin") == []
    assert outcome_of(gate, "eng-sec") == [("docs/home.md", "PT501")]
