"""The pull-request checks: the project's real `check` and `approvals` commands run in the double's
repository, published both as check runs with annotations and as Actions runs with a job and an
artifact holding the JSON result (fine-grained tokens cannot read check runs of a private
repository; Actions read can)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tools.github_double import shapes
from tools.github_double.api import REPO, Call, Reply, Route, paginate
from tools.github_double.auth import not_found
from tools.github_double.gitstore import iso_now

if TYPE_CHECKING:
    from tools.github_double.pulls import Pull
    from tools.github_double.server import GitHubDouble

ROOT = Path(__file__).resolve().parents[2]
# Check name (the workflow's job) -> the project's command it runs.
COMMANDS = {"validate": "check", "approvals": "approvals"}
# Check name -> the workflow's file and name, as in .github/workflows/.
WORKFLOWS = {
    "validate": (".github/workflows/validate.yml", "检查拉取请求"),
    "approvals": (".github/workflows/approvals.yml", "检查拉取请求的批准"),
}
ARTIFACT = "check-result"


@dataclass
class CheckRun:
    """One check of one commit; also the Actions run (run_id) with one job (id) that ran it."""

    id: int
    run_id: int
    name: str
    head_sha: str
    pull: int
    started_at: str
    status: str = "queued"  # then "completed"
    conclusion: str | None = None  # "success" or "failure" once completed
    completed_at: str | None = None
    title: str = ""
    summary: str = ""
    annotations: list[dict] = field(default_factory=list)
    result: dict = field(default_factory=dict)  # the command's JSON output (or its error)


@dataclass
class Artifact:
    id: int
    run_id: int
    zip: bytes
    created_at: str


@dataclass
class Checks:
    runs: list[CheckRun] = field(default_factory=list)
    artifacts: dict[int, Artifact] = field(default_factory=dict)
    held: list[CheckRun] = field(default_factory=list)  # queued, waiting for run_held()

    def latest(self, sha: str, name: str) -> CheckRun | None:
        found = [r for r in self.runs if r.head_sha == sha and r.name == name]
        return found[-1] if found else None


def _command(d: GitHubDouble, c: CheckRun, author: str, base: str, reviews: Path) -> list[str]:
    args = [sys.executable, "-m", "site_builder", "--root", str(d.store.path), COMMANDS[c.name]]
    args += ["--base", base, "--head", c.head_sha, "--author", author, "--format", "json"]
    if c.name == "approvals":
        args += ["--reviews", str(reviews)]
    return args


def run(d: GitHubDouble, pr: Pull, only: tuple[str, ...] = tuple(WORKFLOWS)) -> None:
    """Start the checks of `pr`'s head: run now, inside the request that triggered them, or, when
    the double holds checks, queue them until `GitHubDouble.run_held_checks()`."""
    if not d.run_checks:
        return
    for name in only:
        check = CheckRun(next(d.ids), next(d.ids), name, pr.head_sha, pr.number, iso_now())
        d.checks.runs.append(check)
        if d.hold_checks:
            d.checks.held.append(check)
        else:
            complete(d, check)


def complete(d: GitHubDouble, check: CheckRun) -> None:
    """Run the project's command for `check` and publish its result and artifact."""
    from tools.github_double.pulls import base_sha, review_json

    pr = d.pulls[check.pull]
    with tempfile.TemporaryDirectory() as tmp:
        reviews = Path(tmp) / "reviews.json"
        reviews.write_text(json.dumps([review_json(d, pr, r) for r in pr.reviews]))
        command = _command(d, check, pr.login, base_sha(d, pr), reviews)
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        result = {"errors": 1, "diagnostics": [], "failure": proc.stderr.strip()}
    ok = proc.returncode == 0
    lines = [*result.get("steps", []), *result.get("reviews", []), *result.get("missing", [])]
    check.status, check.conclusion = "completed", "success" if ok else "failure"
    check.completed_at = iso_now()
    check.title = "通过" if ok else "未通过"
    check.summary = "\n".join(lines) or proc.stderr.strip() or check.title
    check.annotations = [_annotation(d, check, x) for x in result.get("diagnostics", [])]
    check.result = result
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(f"{check.name}.json", json.dumps(result, ensure_ascii=False, indent=2))
    artifact = Artifact(next(d.ids), check.run_id, buffer.getvalue(), check.completed_at)
    d.checks.artifacts[artifact.id] = artifact


def _annotation(d: GitHubDouble, check: CheckRun, x: dict) -> dict:
    line = max(1, int(x.get("line") or 1))
    return {
        "path": x.get("path") or ".",
        "blob_href": f"{shapes.WEB}/{d.full_name}/blob/{check.head_sha}/{x.get('path', '')}",
        "start_line": line,
        "end_line": line,
        "start_column": x.get("col") or None,
        "end_column": x.get("col") or None,
        "annotation_level": "failure" if x.get("severity") == "error" else "warning",
        "title": x.get("code"),
        "message": x.get("message", ""),
        "raw_details": x.get("url"),
    }


# -- check runs
def _check_url(d: GitHubDouble, run_: CheckRun) -> str:
    return f"{d.api}/repos/{d.full_name}/check-runs/{run_.id}"


def check_json(d: GitHubDouble, r: CheckRun) -> dict:
    html = f"{shapes.WEB}/{d.full_name}/actions/runs/{r.run_id}/job/{r.id}"
    return {
        "id": r.id,
        "head_sha": r.head_sha,
        "node_id": shapes.node_id("CheckRun", r.id),
        "external_id": "",
        "url": _check_url(d, r),
        "html_url": html,
        "details_url": html,
        "status": r.status,
        "conclusion": r.conclusion,
        "started_at": r.started_at,
        "completed_at": r.completed_at,
        "output": {
            "title": r.title,
            "summary": r.summary,
            "text": None,
            "annotations_count": len(r.annotations),
            "annotations_url": _check_url(d, r) + "/annotations",
        },
        "name": r.name,
        "check_suite": {"id": r.run_id},
        "app": None,
        "pull_requests": [],
    }


def list_for_ref(call: Call) -> Reply:
    d = call.d
    sha = d.store.resolve(call.params["ref"])
    if sha is None:
        raise not_found()
    runs = [r for r in d.checks.runs if r.head_sha == sha]
    if "check_name" in call.query:
        runs = [r for r in runs if r.name == call.query["check_name"]]
    if call.query.get("filter", "latest") == "latest":
        runs = [r for r in runs if d.checks.latest(sha, r.name) is r]
    runs = sorted(runs, key=lambda r: -r.id)
    page, headers = paginate(call, runs)
    return Reply(
        200, {"total_count": len(runs), "check_runs": [check_json(d, r) for r in page]}, headers
    )


def _check(call: Call) -> CheckRun:
    found = [r for r in call.d.checks.runs if r.id == int(call.params["id"])]
    if not found:
        raise not_found()
    return found[0]


def annotations(call: Call) -> Reply:
    page, headers = paginate(call, _check(call).annotations)
    return Reply(200, page, headers)


# -- Actions: one workflow run per check run, one job, one artifact
def _run_of(d: GitHubDouble, run_id: int) -> CheckRun:
    found = [r for r in d.checks.runs if r.run_id == run_id]
    if not found:
        raise not_found()
    return found[0]


def workflow_run(d: GitHubDouble, r: CheckRun) -> dict:
    path, name = WORKFLOWS[r.name]
    url = f"{d.api}/repos/{d.full_name}/actions/runs/{r.run_id}"
    pr = d.pulls[r.pull]
    commit = d.store.commit(r.head_sha)
    assert commit is not None
    author = {"name": commit.author.name, "email": commit.author.email}
    return {
        "id": r.run_id,
        "name": name,
        "node_id": shapes.node_id("WorkflowRun", r.run_id),
        "head_branch": pr.head,
        "head_sha": r.head_sha,
        "path": path,
        "display_title": pr.title,
        "run_number": r.run_id,
        "run_attempt": 1,
        "event": "pull_request",
        "status": r.status,
        "conclusion": r.conclusion,
        "workflow_id": 1 if r.name == "validate" else 2,
        "check_suite_id": r.run_id,
        "url": url,
        "html_url": f"{shapes.WEB}/{d.full_name}/actions/runs/{r.run_id}",
        "pull_requests": [],
        "created_at": r.started_at,
        "updated_at": r.completed_at or r.started_at,
        "run_started_at": r.started_at,
        "jobs_url": url + "/jobs",
        "logs_url": url + "/logs",
        "check_suite_url": f"{d.api}/repos/{d.full_name}/check-suites/{r.run_id}",
        "artifacts_url": url + "/artifacts",
        "cancel_url": url + "/cancel",
        "rerun_url": url + "/rerun",
        "previous_attempt_url": None,
        "workflow_url": f"{d.api}/repos/{d.full_name}/actions/workflows/{path.rsplit('/', 1)[-1]}",
        "head_commit": {
            "id": commit.sha,
            "tree_id": commit.tree,
            "message": commit.message,
            "timestamp": commit.committer.date,
            "author": author,
            "committer": {"name": commit.committer.name, "email": commit.committer.email},
        },
        "repository": shapes.minimal_repository(d),
        "head_repository": shapes.minimal_repository(d),
    }


def list_runs(call: Call) -> Reply:
    d = call.d
    runs = sorted(d.checks.runs, key=lambda r: -r.run_id)
    if "head_sha" in call.query:
        runs = [r for r in runs if r.head_sha == call.query["head_sha"]]
    page, headers = paginate(call, runs)
    body = {"total_count": len(runs), "workflow_runs": [workflow_run(d, r) for r in page]}
    return Reply(200, body, headers)


def list_jobs(call: Call) -> Reply:
    d = call.d
    r = _run_of(d, int(call.params["run_id"]))
    url = f"{d.api}/repos/{d.full_name}/actions/jobs/{r.id}"
    job = {
        "id": r.id,
        "run_id": r.run_id,
        "run_url": f"{d.api}/repos/{d.full_name}/actions/runs/{r.run_id}",
        "run_attempt": 1,
        "node_id": shapes.node_id("Job", r.id),
        "head_sha": r.head_sha,
        "url": url,
        "html_url": f"{shapes.WEB}/{d.full_name}/actions/runs/{r.run_id}/job/{r.id}",
        "status": r.status,
        "conclusion": r.conclusion,
        "created_at": r.started_at,
        "started_at": r.started_at,
        "completed_at": r.completed_at,
        "name": r.name,
        "steps": [
            {
                "name": "检查" if r.name == "validate" else "检查所需的批准",
                "status": r.status,
                "conclusion": r.conclusion,
                "number": 1,
                "started_at": r.started_at,
                "completed_at": r.completed_at,
            }
        ],
        "check_run_url": _check_url(d, r),
        "labels": ["ubuntu-latest"],
        "runner_id": 1,
        "runner_name": "GitHub Actions 1",
        "runner_group_id": 0,
        "runner_group_name": "GitHub Actions",
        "workflow_name": WORKFLOWS[r.name][1],
        "head_branch": d.pulls[r.pull].head,
    }
    return Reply(200, {"total_count": 1, "jobs": [job]})


def artifact_json(d: GitHubDouble, a: Artifact) -> dict:
    url = f"{d.api}/repos/{d.full_name}/actions/artifacts/{a.id}"
    expires = (datetime.strptime(a.created_at, "%Y-%m-%dT%H:%M:%SZ") + timedelta(days=90)).replace(
        tzinfo=UTC
    )
    r = _run_of(d, a.run_id)
    return {
        "id": a.id,
        "node_id": shapes.node_id("Artifact", a.id),
        "name": ARTIFACT,
        "size_in_bytes": len(a.zip),
        "url": url,
        "archive_download_url": url + "/zip",
        "expired": False,
        "created_at": a.created_at,
        "updated_at": a.created_at,
        "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "workflow_run": {
            "id": a.run_id,
            "repository_id": d.repo_id,
            "head_repository_id": d.repo_id,
            "head_branch": d.pulls[r.pull].head,
            "head_sha": r.head_sha,
        },
    }


def list_artifacts(call: Call) -> Reply:
    d = call.d
    run_id = int(call.params["run_id"])
    _run_of(d, run_id)
    found = [a for a in d.checks.artifacts.values() if a.run_id == run_id]
    return Reply(
        200, {"total_count": len(found), "artifacts": [artifact_json(d, a) for a in found]}
    )


def download(call: Call) -> Reply:
    """302 to a short-lived storage address, as GitHub answers (the double serves it itself)."""
    a = call.d.checks.artifacts.get(int(call.params["artifact_id"]))
    if a is None or call.params["format"] != "zip":
        raise not_found()
    return Reply(302, None, {"Location": f"{call.d.api}/_double/artifacts/{a.id}.zip"})


ROUTES: list[Route] = [
    ("GET", REPO + r"/commits/(?P<ref>.+)/check-runs", "checks", "read", list_for_ref),
    ("GET", REPO + r"/check-runs/(?P<id>\d+)/annotations", "checks", "read", annotations),
    ("GET", REPO + r"/actions/runs", "actions", "read", list_runs),
    ("GET", REPO + r"/actions/runs/(?P<run_id>\d+)/jobs", "actions", "read", list_jobs),
    ("GET", REPO + r"/actions/runs/(?P<run_id>\d+)/artifacts", "actions", "read", list_artifacts),
    (
        "GET",
        REPO + r"/actions/artifacts/(?P<artifact_id>\d+)/(?P<format>[^/]+)",
        "actions",
        "read",
        download,
    ),
]
