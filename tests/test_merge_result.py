"""Red team, class 3: `check` and `approvals` judge the change that will merge (the head merged
into the current base), not merge-base..head: a head behind the base, a criss-cross history
whose merge base a dated commit picks, an edit of a project the base has since approved; a
merge conflict is a clear Chinese refusal (exit 2) in both commands. Real git repositories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factory import SECTION_TEXT, front, make_repo, render
from gitrepo_helpers import ENV, commit_on, git, init

from site_builder.cli.commands.check import check_refs
from site_builder.review.gitrepo import GitError, approvals_refs

pytestmark = [pytest.mark.git]

X = "projects/2026/x-01.md"
Y = "projects/2026/y-01.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    (root / X).parent.mkdir(parents=True)
    (root / X).write_text(render(front("applied")), encoding="utf-8")
    init(root)
    return root


def _commit(root: Path, message: str, when: str, *extra: str) -> None:
    env = {**ENV, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(["git", *extra, "commit", "-q", "-m", message], cwd=root, env=env, check=True)


def _merge(root: Path, other: str, when: str) -> None:
    env = {**ENV, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(
        ["git", "merge", "-q", "--no-ff", "--no-commit", other],
        cwd=root,
        env=env,
        capture_output=True,
        check=False,
    )


def _on_main(root: Path, files: dict[str, str]) -> None:
    commit_on(root, "earlier", "main", files)
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--ff-only", "earlier")


def _errors(root: Path, head: str, author: str) -> list[tuple[str, str]]:
    outcome = check_refs(root, "main", head, author)
    return sorted((d.path, d.code) for d in outcome.diagnostics if d.severity == "error")


def _cli(root: Path, command: str, head: str, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "site_builder", command, "--base", "main", "--head", head]
    return subprocess.run(
        [*args, "--author", "eng-sec", *extra],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.parametrize("dated", ["2026-05-01T00:00:00", "2026-07-01T00:00:00"])
def test_a_criss_cross_head_cannot_quietly_undo_a_panel_step(repo: Path, dated: str) -> None:
    """The panel approves X on main; main merges the attacker's earlier application; the
    attacker's branch merges the approval back but keeps X as it was. Dated after the approval,
    the attacker's commit is the merge base git picks, and merge-base..head shows nothing."""
    git(repo, "checkout", "-q", "-b", "att")
    (repo / Y).write_text(render(front("applied", title="另一个先锋岗行动")), encoding="utf-8")
    git(repo, "add", "-A")
    _commit(repo, "C", dated)
    git(repo, "checkout", "-q", "main")
    (repo / X).write_text(render(front("approved")), encoding="utf-8")
    git(repo, "add", "-A")
    _commit(repo, "P: the panel approves X", "2026-06-01T00:00:00")
    _merge(repo, "att", "2026-06-03T00:00:00")
    _commit(repo, "main merges C", "2026-06-03T00:00:00")
    git(repo, "checkout", "-q", "att")
    _merge(repo, "main~1", "2026-06-04T00:00:00")
    (repo / X).write_text(render(front("applied")), encoding="utf-8")  # the evil resolution
    git(repo, "add", "-A")
    _commit(repo, "merge P, X kept applied", "2026-06-04T00:00:00")
    assert _errors(repo, "att", "eng-sec") == [(X, "PT505")]
    assert _errors(repo, "att", "panel-lead") == [(X, "PT505")]


def test_an_edit_of_a_project_the_base_has_since_approved(repo: Path) -> None:
    applied = render(front("applied"))
    edited = applied.replace(SECTION_TEXT["为什么开展活动"], "改写后的理由, 与评审时的不同。")
    commit_on(repo, "pr", "main", {X: edited})
    assert _errors(repo, "pr", "eng-sec") == []  # in `applied`, the branch may rewrite its plan
    [before] = approvals_refs(repo, "main", "pr", "eng-sec", []).missing
    assert before.eligible == ("eng-head",)
    _on_main(repo, {X: render(front("approved"))})  # the panel approves X on main meanwhile
    # Merged, the pull request rewrites an approved plan: the panel's matter, not the branch's.
    assert _errors(repo, "pr", "eng-sec") == [(X, "PT508")]
    [after] = approvals_refs(repo, "main", "pr", "eng-sec", []).missing
    assert "eng-head" not in after.eligible and "panel-lead" in after.eligible


def test_a_head_behind_the_base_changes_nothing(repo: Path) -> None:
    old = git(repo, "rev-parse", "main")
    _on_main(repo, {X: render(front("approved"))})
    outcome = check_refs(repo, "main", old, "eng-sec")
    assert outcome.files == 0 and outcome.diagnostics == []
    assert approvals_refs(repo, "main", old, "eng-sec", []).missing == []
    proc = _cli(repo, "check", old)
    assert proc.returncode == 0 and "没有改动任何文件" in proc.stdout


def test_a_stale_head_is_judged_on_its_own_change_only(repo: Path) -> None:
    """The head holds X's old copy; merged, X stays as the base has it and only the head's own
    change (a new application) is judged."""
    commit_on(repo, "pr", "main", {Y: render(front("applied", title="另一个先锋岗行动"))})
    _on_main(repo, {X: render(front("approved"))})
    assert _errors(repo, "pr", "eng-sec") == []
    outcome = check_refs(repo, "main", "pr", "eng-sec")
    assert outcome.files == 1
    assert any("y-01" in step for step in outcome.steps)
    assert not any("x-01" in step for step in outcome.steps)


def test_a_conflict_is_a_clear_refusal(repo: Path) -> None:
    applied = render(front("applied"))
    commit_on(repo, "pr", "main", {X: applied.replace("stage: applied", "stage: withdrawn")})
    _on_main(repo, {X: render(front("approved"))})
    with pytest.raises(GitError) as caught:
        check_refs(repo, "main", "pr", "eng-sec")
    assert "冲突" in str(caught.value) and X in str(caught.value)
    proc = _cli(repo, "check", "pr")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "冲突" in proc.stderr and "Traceback" not in proc.stderr
    reviews = repo / "reviews.json"
    reviews.write_text(json.dumps([]), encoding="utf-8")
    proc = _cli(repo, "approvals", "pr", "--reviews", str(reviews))
    assert proc.returncode == 2 and "冲突" in proc.stderr and "Traceback" not in proc.stderr


def test_no_checkout_and_no_change_to_the_work_tree(repo: Path) -> None:
    commit_on(repo, "pr", "main", {Y: render(front("applied", title="另一个先锋岗行动"))})
    git(repo, "checkout", "-q", "main")
    before = (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD"))
    check_refs(repo, "main", "pr", "eng-sec")
    assert (git(repo, "status", "--porcelain"), git(repo, "rev-parse", "HEAD")) == before


def test_the_head_cannot_choose_how_it_is_merged(repo: Path) -> None:
    """A `.gitattributes` of the pull request (checked out where the command runs, as in the
    workflows) asking for `merge=union` would join both sides' lines where git would report a
    conflict: the merge is judged without it, so the conflict stays a refusal."""
    applied = render(front("applied"))
    commit_on(
        repo,
        "pr",
        "main",
        {
            X: applied.replace("stage: applied", "stage: withdrawn"),
            ".gitattributes": "*.md merge=union\n",
        },
    )
    _on_main(repo, {X: render(front("approved"))})
    git(repo, "checkout", "-q", "pr")  # the pull request's files are the work tree
    with pytest.raises(GitError) as caught:
        check_refs(repo, "main", "pr", "eng-sec")
    assert "冲突" in str(caught.value) and X in str(caught.value)
