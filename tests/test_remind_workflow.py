"""The reminder workflow (.github/workflows/remind.yml): its shape (triggers, permissions, the
default branch's code only, pinning), and its publishing step run as written, in a real git
repository, against a fake GitHub that answers with recorded payloads. Every request the step
sends and every answer the fake gives is checked against GitHub's published OpenAPI description
(tests/github_openapi.py), so the fake cannot drift from the real API unnoticed.

Pinning the issue is GraphQL-only on GitHub (`gh issue pin`); the OpenAPI description covers REST
alone, so that step is checked here for its shape and its fallback only (a warning asking a
maintainer to pin once), not against a schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from factory import TESTS, front, make_repo, render, write
from github_openapi import OpenAPI, load
from gitrepo_helpers import init

from site_builder.panel import reminders

pytestmark = [pytest.mark.git]

ROOT = TESTS.parent
WORKFLOW = ROOT / ".github" / "workflows" / "remind.yml"
RECORDED = TESTS / "data" / "github"
REPO = "caishen-college/projects"
TOKEN = "test-token-not-a-secret"


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


# ------------------------------------------------------------ the fake GitHub


class FakeGitHub:
    """Answers the reminder step's calls from recorded payloads, checking both sides."""

    def __init__(self, api: OpenAPI, pages: list[list[dict[str, Any]]]) -> None:
        self.api = api
        self.pages = pages
        self.calls: list[tuple[str, str, Any]] = []
        self.problems: list[str] = []
        self.tokens: set[str | None] = set()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                fake.tokens.add(self.headers.get("Authorization"))
                fake.calls.append((self.command, self.path, body))
                fake.problems += fake.api.check_request(self.command, self.path, body).lines
                status, payload, headers = fake.respond(self.command, self.path, body)
                fake.problems += fake.api.check_response(
                    self.command, self.path, status, payload, headers
                ).lines
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = _answer

        return Handler

    def respond(self, method: str, path: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        base = f"/repos/{REPO}/issues"
        if method == "GET" and path.startswith(base + "?"):
            page = 2 if "page=2" in path else 1
            headers = {}
            if page < len(self.pages):
                nxt = f"{self.url}{path}&page={page + 1}"
                headers["Link"] = f'<{nxt}>; rel="next"'
            return 200, self.pages[page - 1], headers
        if method == "POST" and path == base:
            issue = self.api.example("issue")
            issue.update(number=1347, title=body["title"], body=body["body"])
            return 201, issue, {"Location": f"https://api.github.com{base}/1347"}
        if method == "PATCH" and path.startswith(base + "/"):
            number = int(path.rsplit("/", 1)[1])
            issue = self.api.example("issue")
            issue.update(number=number, **body)
            return 200, issue, {}
        if method == "POST" and path.endswith("/comments"):
            comment = self.api.example("issue-comment")
            comment["body"] = body["body"]
            return 201, comment, {"Location": "https://api.github.com/x"}
        return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com"}, {}

    def __enter__(self) -> FakeGitHub:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *args: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def api() -> OpenAPI:
    return load()


def _recorded(name: str) -> list[dict[str, Any]]:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The default branch as the workflow checks it out: settings, roster, projects, and an
    application from 2020 the panel never reviewed (so something is due whatever the day)."""
    root = make_repo(tmp_path / "repo")
    write(root, "mkdocs.yml", "site_name: x\nsite_url: https://projects.caishen.example/\n")
    old = front("applied", year=2020, applied_on="2020-05-06")
    write(root, "projects/2020/old-application.md", render(old))
    init(root)
    return root


def run_step(checkout: Path, fake: FakeGitHub, tmp_path: Path) -> tuple[int, str, str]:
    """The publishing step's script, as the workflow writes it, with the runner's variables."""
    (step,) = [s for s in _steps() if s.get("id") == "remind"]
    output, summary = tmp_path / "output", tmp_path / "summary"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GH_TOKEN": TOKEN,
        "GITHUB_REPOSITORY": REPO,
        "GITHUB_API_URL": fake.url,
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
    return proc.returncode, out, proc.stderr + summary.read_text(encoding="utf-8")


def test_recorded_payloads_are_what_github_documents(api: OpenAPI) -> None:
    for name in ("issues-page1.json", "issues-page2.json"):
        problems = api.check_response("GET", f"/repos/{REPO}/issues", 200, _recorded(name))
        assert problems.lines == [], name


def test_the_checker_refuses_what_github_would(api: OpenAPI) -> None:
    """The checks can fail: an undocumented parameter, a wrong value, a wrong answer."""
    assert api.check_request("GET", f"/repos/{REPO}/issues?creatr=x")
    assert api.check_request("PATCH", f"/repos/{REPO}/issues/1", {"state": "shut"})
    assert api.check_request("POST", f"/repos/{REPO}/issues", {"body": "no title"})
    assert api.check_request("DELETE", f"/repos/{REPO}/issues/1")
    assert api.check_response("POST", f"/repos/{REPO}/issues/1/comments", 201, {"id": "x"})
    assert api.check_response("GET", f"/repos/{REPO}/issues", 200, [{"number": "1"}])


def test_the_step_edits_the_workflows_issue_and_reminds(
    api: OpenAPI, checkout: Path, tmp_path: Path
) -> None:
    pages = [_recorded("issues-page1.json"), _recorded("issues-page2.json")]
    with FakeGitHub(api, pages) as fake:
        code, output, log = run_step(checkout, fake, tmp_path)
    assert code == 0, log
    assert fake.problems == []
    assert fake.tokens == {f"Bearer {TOKEN}"}
    methods = [(m, p.split("?")[0]) for m, p, _ in fake.calls]
    base = f"/repos/{REPO}/issues"
    # Both pages of the list, then the workflow's own issue (#12) only: the same-titled issue a
    # person wrote (#3) and the pull request (#5) are left alone; nothing is closed or created.
    assert methods == [
        ("GET", base),
        ("GET", base),
        ("PATCH", f"{base}/12"),
        ("POST", f"{base}/12/comments"),
    ]
    _, _, patch = fake.calls[2]
    assert set(patch) == {"body"} and patch["body"].startswith(reminders.MARKER)
    assert "2020/old\\-application" in patch["body"]  # as Markdown: the dash escaped
    assert "@" not in patch["body"].split("-->", 1)[1]  # the body mentions nobody
    _, _, comment = fake.calls[3]
    assert "@panel-lead @panel-two" in comment["body"]
    assert output == "issue=12\n"
    assert "## 立项活动提醒" in log  # the digest in the job's summary


def test_the_step_creates_the_issue_when_there_is_none(
    api: OpenAPI, checkout: Path, tmp_path: Path
) -> None:
    with FakeGitHub(api, [_recorded("issues-page1.json")]) as fake:
        code, output, log = run_step(checkout, fake, tmp_path)
    assert code == 0, log
    assert fake.problems == []
    methods = [(m, p.split("?")[0]) for m, p, _ in fake.calls]
    base = f"/repos/{REPO}/issues"
    assert methods == [("GET", base), ("POST", base), ("POST", f"{base}/1347/comments")]
    assert fake.calls[1][2]["title"] == "立项活动提醒"
    assert output == "issue=1347\n"


def test_a_refusal_by_github_fails_the_step_in_chinese(
    api: OpenAPI, checkout: Path, tmp_path: Path
) -> None:
    class Refusing(FakeGitHub):
        def respond(self, method: str, path: str, body: Any) -> tuple[int, Any, dict[str, str]]:
            if method == "PATCH":
                return 403, {"message": "Resource not accessible by integration"}, {}
            return super().respond(method, path, body)

    pages = [_recorded("issues-page1.json"), _recorded("issues-page2.json")]
    with Refusing(api, pages) as fake:
        code, output, log = run_step(checkout, fake, tmp_path)
    assert code == 1 and output == ""
    assert "更新提醒议题失败" in log and "HTTP 403" in log and "Traceback" not in log
