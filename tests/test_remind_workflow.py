"""The reminder workflow (.github/workflows/remind.yml): its shape (triggers, permissions, the
default branch's code only, pinning), and its publishing step run as the workflow writes it, in a
real git repository, against the GitHub double (tools/github_double) holding the issues GitHub
would hold: someone's issue with the same title, the workflow's own reminder issue among a hundred
others (two pages). Every request the step sends and every answer is validated against GitHub's
published OpenAPI description; a violation fails the test.

Pinning the issue is GraphQL-only on GitHub (`gh issue pin`); the OpenAPI description covers REST
alone, so that step is checked here for its shape and its fallback only (a warning asking a
maintainer to pin once), not against a schema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from factory import TESTS, front, make_repo, render, write
from gitrepo_helpers import init

from site_builder.panel import reminders
from tools.github_double import GitHubDouble, openapi
from tools.github_double.gitstore import GitStore, iso_now
from tools.github_double.issues import Issue

pytestmark = [pytest.mark.git]

ROOT = TESTS.parent
WORKFLOW = ROOT / ".github" / "workflows" / "remind.yml"
OWNER, NAME = "caishen-college", "projects"
BOT = reminders.BOT_LOGIN


def _workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps() -> list[dict[str, Any]]:
    return _workflow()["jobs"]["remind"]["steps"]


# ------------------------------------------------------------ shape


def test_triggers_permissions_and_the_default_branch() -> None:
    workflow = _workflow()
    on = workflow.get("on", workflow.get(True))
    assert set(on) == {"schedule", "workflow_dispatch"}
    assert on["schedule"] == [{"cron": "0 0 * * 1"}]  # Mondays, 08:00 in Beijing
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    # Only the default branch's code: a manual run on another branch does nothing, and the
    # checkout is the default branch.
    assert "github.event.repository.default_branch" in job["if"]
    (checkout,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"
    assert checkout["with"]["persist-credentials"] is False
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "-r requirements.lock" in runs and "--no-deps" in runs


def test_publish_then_pin_with_a_fallback() -> None:
    steps = _steps()
    (publish,) = [s for s in steps if "remind --publish" in s.get("run", "")]
    assert publish["id"] == "remind"
    assert publish["env"] == {"GH_TOKEN": "${{ github.token }}"}
    (pin,) = [s for s in steps if "gh issue pin" in s.get("run", "")]
    assert pin["env"]["ISSUE"] == "${{ steps.remind.outputs.issue }}"
    assert '"$ISSUE"' in pin["run"] and "::warning::" in pin["run"]
    assert steps.index(pin) > steps.index(publish)


# ------------------------------------------------------------ the step against the double


@pytest.fixture(scope="module")
def description() -> openapi.Description:
    try:
        return openapi.description()
    except openapi.DescriptionMissing as exc:  # `make openapi` fetches it; never skipped
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The default branch as the workflow checks it out: settings, roster, projects, and an
    application from 2020 the panel never reviewed (so something is due whatever the day)."""
    root = make_repo(tmp_path / "work")
    write(root, "mkdocs.yml", "site_name: x\nsite_url: https://projects.caishen.example/\n")
    old = front("applied", year=2020, applied_on="2020-05-06")
    write(root, "projects/2020/old-application.md", render(old))
    init(root)
    return root


@pytest.fixture
def double(checkout: Path, tmp_path: Path, description: openapi.Description):
    GitStore.clone_bare(checkout, tmp_path / "bare.git")
    d = GitHubDouble(tmp_path / "bare.git", owner=OWNER, name=NAME, run_checks=False).start()
    d.add_person("eng-sec", "孙书记")
    d.add_person(BOT, BOT)
    yield d
    d.stop()
    assert d.violations == [], "\n".join(d.violations)


def _seed(d: GitHubDouble, login: str, title: str, body: str) -> int:
    """An issue already on GitHub (written into the double's state, not through the API)."""
    number = next(d.numbers)
    now = iso_now()
    d.issues[number] = Issue(number, title, body, login, [], now, now)
    return number


def run_step(checkout: Path, d: GitHubDouble, token: str, tmp_path: Path) -> tuple[int, str, str]:
    """The publishing step's script, as the workflow writes it, with the runner's variables."""
    (step,) = [s for s in _steps() if s.get("id") == "remind"]
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GH_TOKEN": token,
        "GITHUB_REPOSITORY": d.full_name,
        "GITHUB_API_URL": d.api,
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    env.pop("GITHUB_TOKEN", None)
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = output.read_text(encoding="utf-8") if output.exists() else ""
    log = proc.stderr + (summary.read_text(encoding="utf-8") if summary.exists() else "")
    return proc.returncode, out, log


MARKER_BODY = (
    reminders.MARKER + " fingerprint=0123456789abcdef mentioned=2026-11-30 -->\n\n旧的提醒。"
)


def test_the_step_edits_the_workflows_issue_and_reminds(
    checkout: Path, double: GitHubDouble, tmp_path: Path
) -> None:
    ours = _seed(double, BOT, reminders.ISSUE_TITLE, MARKER_BODY)
    someone = _seed(double, "eng-sec", reminders.ISSUE_TITLE, MARKER_BODY)  # a copy by a person
    for n in range(100):  # the workflow's account opened many others: the list has two pages
        _seed(double, BOT, f"其他议题 {n}", "")
    token = double.add_token(BOT, {"issues": "write", "contents": "read"})
    count = len(double.issues)

    code, output, log = run_step(checkout, double, token, tmp_path)
    assert code == 0, log
    assert output == f"issue={ours}\n"
    assert len(double.issues) == count  # nothing opened
    assert all(i.state == "open" for i in double.issues.values())  # nothing closed
    mine = double.issues[ours]
    assert mine.body.startswith(reminders.MARKER) and "2020/old\\-application" in mine.body
    assert "@" not in mine.body.split("-->", 1)[1]  # the body mentions nobody
    (comment,) = mine.comments
    assert comment.login == BOT and "@panel-lead @panel-two" in comment.body
    # The same-titled issue a person wrote is left as it was.
    assert double.issues[someone].body == MARKER_BODY and double.issues[someone].comments == []
    assert "## 立项活动提醒" in log  # the digest in the job's summary

    # Run again the same day: the body is brought up to date, nobody is reminded twice.
    code, output, log = run_step(checkout, double, token, tmp_path)
    assert code == 0, log
    assert len(double.issues[ours].comments) == 1


def test_the_step_creates_the_issue_when_there_is_none(
    checkout: Path, double: GitHubDouble, tmp_path: Path
) -> None:
    someone = _seed(double, "eng-sec", reminders.ISSUE_TITLE, MARKER_BODY)
    token = double.add_token(BOT, {"issues": "write", "contents": "read"})
    code, output, log = run_step(checkout, double, token, tmp_path)
    assert code == 0, log
    (created,) = [n for n, i in double.issues.items() if n != someone]
    assert output == f"issue={created}\n"
    issue = double.issues[created]
    assert issue.title == reminders.ISSUE_TITLE and issue.login == BOT
    assert issue.body.startswith(reminders.MARKER)
    assert len(issue.comments) == 1 and "@panel-lead" in issue.comments[0].body


def test_a_refusal_by_github_fails_the_step_in_chinese(
    checkout: Path, double: GitHubDouble, tmp_path: Path
) -> None:
    token = double.add_token(BOT, {"issues": "read", "contents": "read"})  # no write
    code, output, log = run_step(checkout, double, token, tmp_path)
    assert code == 1 and output == ""
    assert "更新提醒议题失败" in log and "HTTP 403" in log and "Traceback" not in log
    assert double.issues == {}
