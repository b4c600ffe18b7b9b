"""The GitHub double (tools/github_double) walked as the site will walk it: sign in, a branch, one
commit of a project and two photos through the git data API, a pull request whose checks run the
real `check` and `approvals`, a review, the merge; and GitHub's error answers. Every request and
response is validated against GitHub's OpenAPI description; a test with a violation fails."""

from __future__ import annotations

import base64
import http.client
import io
import json
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from factory import ROOT, front, make_repo, render
from gitrepo_helpers import git, init
from imagefactory import encode, picture

from tools.github_double import GitHubDouble, openapi
from tools.github_double.gitstore import GitStore

pytestmark = [pytest.mark.git]

OWNER, NAME = "college", "projects"
R = f"/repos/{OWNER}/{NAME}"
PROJECT = "projects/2026/eng-reading.md"
PHOTOS = {
    "projects/2026/eng-reading/a.jpg": encode(picture()),
    "projects/2026/eng-reading/b.jpg": encode(picture(seed=7)),
}
PEOPLE = {"eng-sec": "孙书记", "eng-head": "周书记", "panel-lead": "赵组长", "art-sec": "吴书记"}


def project_text() -> bytes:
    photos = "".join(f"\n![活动照片](eng-reading/{p.rsplit('/', 1)[1]})\n" for p in PHOTOS)
    text = render(front("applied"))
    return text.replace("\n## 预期目标", photos + "\n## 预期目标", 1).encode()


class Client:
    """What the site's browser code will do, with urllib: JSON in, status, headers, JSON out."""

    def __init__(self, api: str, token: str | None) -> None:
        self.api, self.token = api, token

    def call(
        self, method: str, path: str, body: object = None, token: str | None = ""
    ) -> tuple[int, dict[str, str], object]:
        token = self.token if token == "" else token
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.api + path, data=data, method=method)
        req.add_header("Accept", "application/vnd.github+json")
        req.add_header("X-GitHub-Api-Version", "2022-11-28")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                status, headers, raw = resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            status, headers, raw = err.code, dict(err.headers), err.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw
        return status, headers, parsed

    def ok(self, method: str, path: str, body: object = None, status: int = 200) -> object:
        got, _, out = self.call(method, path, body)
        assert got == status, (method, path, got, out)
        return out


@pytest.fixture(scope="session")
def description() -> openapi.Description:
    try:
        return openapi.description()
    except openapi.DescriptionMissing as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    work = make_repo(tmp_path / "work")
    init(work)
    GitStore.clone_bare(work, tmp_path / "bare.git")
    return tmp_path / "bare.git"


def _double(bare: Path, **options: object):
    d = GitHubDouble(bare, owner=OWNER, name=NAME, **options).start()
    for login, name in PEOPLE.items():
        d.add_person(login, name)
    return d


@pytest.fixture
def double(bare: Path, description: openapi.Description):
    """A public repository's double; the test fails if any request or response broke the
    description."""
    d = _double(bare)
    yield d
    d.stop()
    assert d.violations == [], "\n".join(d.violations)


def client(d: GitHubDouble, login: str, permissions: dict | None = None, **kw: object) -> Client:
    return Client(d.api, d.add_token(login, permissions, **kw))


def bare_git(d: GitHubDouble, *args: str) -> str:
    return git(d.store.path, *args)


def commit_files(c: Client, branch: str, files: dict[str, bytes], message: str) -> str:
    """The site's one commit: blobs, a tree on the branch's tree, a commit, the ref moved."""
    head = c.ok("GET", f"{R}/git/ref/heads/{branch}")["object"]["sha"]
    base_tree = c.ok("GET", f"{R}/git/commits/{head}")["tree"]["sha"]
    entries = []
    for path, data in files.items():
        blob = c.ok(
            "POST",
            f"{R}/git/blobs",
            {"content": base64.b64encode(data).decode(), "encoding": "base64"},
            201,
        )
        entries.append({"path": path, "mode": "100644", "type": "blob", "sha": blob["sha"]})
    tree = c.ok("POST", f"{R}/git/trees", {"base_tree": base_tree, "tree": entries}, 201)
    commit = c.ok(
        "POST",
        f"{R}/git/commits",
        {"message": message, "tree": tree["sha"], "parents": [head]},
        201,
    )
    c.ok("PATCH", f"{R}/git/refs/heads/{branch}", {"sha": commit["sha"]})
    return commit["sha"]


def open_application(d: GitHubDouble, sec: Client) -> tuple[dict, str]:
    main = sec.ok("GET", f"{R}/git/ref/heads/main")["object"]["sha"]
    sec.ok("POST", f"{R}/git/refs", {"ref": "refs/heads/apply-eng-reading", "sha": main}, 201)
    files = {PROJECT: project_text(), **PHOTOS}
    head = commit_files(sec, "apply-eng-reading", files, "申报项目：读书会")
    pr = sec.ok(
        "POST",
        f"{R}/pulls",
        {"title": "申报：读书会", "head": "apply-eng-reading", "base": "main", "body": "申报"},
        201,
    )
    return pr, head


def check_runs(c: Client, sha: str) -> dict[str, dict]:
    found = c.ok("GET", f"{R}/commits/{sha}/check-runs")
    return {run["name"]: run for run in found["check_runs"]}


# -- the whole walk


def test_sign_in_reads_the_user_the_repository_and_the_roster(double: GitHubDouble) -> None:
    sec = client(double, "eng-sec")
    user = sec.ok("GET", "/user")
    assert (user["login"], user["name"]) == ("eng-sec", "孙书记")
    repo = sec.ok("GET", R)
    assert repo["full_name"] == f"{OWNER}/{NAME}" and repo["permissions"]["push"] is True
    roster = sec.ok("GET", f"{R}/contents/data/roster.yml?ref=main")
    assert base64.b64decode(roster["content"]) == (ROOT / "tests/data/roster.yml").read_bytes()
    assert roster["sha"] == bare_git(double, "rev-parse", "main:data/roster.yml")


def test_application_commit_checks_review_and_merge(double: GitHubDouble) -> None:
    sec, head_of_branch = client(double, "eng-sec"), client(double, "eng-head")
    main_before = bare_git(double, "rev-parse", "main")
    pr, head = open_application(double, sec)

    # One commit holding exactly the three files, on the branch, parent the old main.
    assert bare_git(double, "rev-parse", "apply-eng-reading") == head
    assert bare_git(double, "rev-list", "--parents", "-n1", head).split() == [head, main_before]
    changed = bare_git(double, "diff", "--name-only", main_before, head).splitlines()
    assert sorted(changed) == sorted([PROJECT, *PHOTOS])
    for path, data in {PROJECT: project_text(), **PHOTOS}.items():
        shown = subprocess.run(
            ["git", "show", f"{head}:{path}"], cwd=double.store.path, capture_output=True
        )
        assert shown.stdout == data
    assert pr["head"]["sha"] == head and pr["mergeable"] is True
    files = sec.ok("GET", f"{R}/pulls/{pr['number']}/files")
    assert sorted(f["filename"] for f in files) == sorted(changed)

    # The real check passed; the approvals are missing until the head of the general branch.
    runs = check_runs(sec, head)
    assert runs["validate"]["conclusion"] == "success"
    assert runs["approvals"]["conclusion"] == "failure"
    expected = subprocess.run(
        [
            *(sys.executable, "-m", "site_builder", "--root", str(double.store.path), "check"),
            *("--base", main_before, "--head", head, "--author", "eng-sec", "--format", "json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert expected.returncode == 0, expected.stdout + expected.stderr
    assert artifact_result(sec, head, "validate") == json.loads(expected.stdout)

    # The secretary may not approve her own pull request.
    status, _, err = sec.call(
        "POST", f"{R}/pulls/{pr['number']}/reviews", {"event": "APPROVE", "commit_id": head}
    )
    assert status == 422 and err["errors"] == ["Can not approve your own pull request"]

    review = head_of_branch.ok(
        "POST",
        f"{R}/pulls/{pr['number']}/reviews",
        {"event": "APPROVE", "commit_id": head, "body": "同意申报。"},
    )
    assert (review["state"], review["commit_id"]) == ("APPROVED", head)
    double.wait_for_checks()
    assert check_runs(sec, head)["approvals"]["conclusion"] == "success"
    assert [r["user"]["login"] for r in sec.ok("GET", f"{R}/pulls/{pr['number']}/reviews")] == [
        "eng-head"
    ]

    merged = head_of_branch.ok(
        "PUT", f"{R}/pulls/{pr['number']}/merge", {"sha": head, "merge_method": "merge"}
    )
    main_after = bare_git(double, "rev-parse", "main")
    assert merged["sha"] == main_after
    assert bare_git(double, "rev-list", "--parents", "-n1", main_after).split()[1:] == [
        main_before,
        head,
    ]
    assert bare_git(double, "rev-parse", f"main:{PROJECT}") == bare_git(
        double, "rev-parse", f"{head}:{PROJECT}"
    )
    after = sec.ok("GET", f"{R}/pulls/{pr['number']}")
    assert (after["state"], after["merged"], after["merged_by"]["login"]) == (
        "closed",
        True,
        "eng-head",
    )


def artifact_result(c: Client, sha: str, name: str) -> dict:
    """The check's JSON through Actions: runs of the commit, the run's artifact, its zip."""
    runs = c.ok("GET", f"{R}/actions/runs?head_sha={sha}")["workflow_runs"]
    run = next(r for r in runs if r["path"].endswith(f"/{name}.yml"))
    jobs = c.ok("GET", f"{R}/actions/runs/{run['id']}/jobs")["jobs"]
    assert [j["name"] for j in jobs] == [name]
    artifacts = c.ok("GET", f"{R}/actions/runs/{run['id']}/artifacts")["artifacts"]
    url = artifacts[0]["archive_download_url"]
    status, _, data = c.call("GET", url.removeprefix(c.api))  # follows the 302
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return json.loads(z.read(f"{name}.json"))


def test_a_rejected_change_shows_as_annotations(double: GitHubDouble) -> None:
    """art-sec may not apply for another branch's project: the real check fails with its code."""
    other = client(double, "art-sec")
    main = other.ok("GET", f"{R}/git/ref/heads/main")["object"]["sha"]
    other.ok("POST", f"{R}/git/refs", {"ref": "refs/heads/x", "sha": main}, 201)
    head = commit_files(other, "x", {PROJECT: project_text()}, "申报")
    other.ok("POST", f"{R}/pulls", {"title": "t", "head": "x", "base": "main"}, 201)
    run = check_runs(other, head)["validate"]
    assert run["conclusion"] == "failure" and run["output"]["annotations_count"] >= 1
    notes = other.ok("GET", f"{R}/check-runs/{run['id']}/annotations")
    assert notes[0]["path"] == PROJECT and notes[0]["annotation_level"] == "failure"
    assert notes[0]["title"] == artifact_result(other, head, "validate")["diagnostics"][0]["code"]


def test_a_new_push_runs_the_checks_again_and_stale_merges_are_refused(
    double: GitHubDouble,
) -> None:
    sec, head_of_branch = client(double, "eng-sec"), client(double, "eng-head")
    pr, first = open_application(double, sec)
    head_of_branch.ok(
        "POST", f"{R}/pulls/{pr['number']}/reviews", {"event": "APPROVE", "commit_id": first}
    )
    second = commit_files(sec, "apply-eng-reading", {"projects/2026/eng-reading/c.jpg": b"x"}, "c")
    assert sec.ok("GET", f"{R}/pulls/{pr['number']}")["head"]["sha"] == second
    assert set(check_runs(sec, second)) == {"validate", "approvals"}
    # The approval was of the first commit: the approvals check fails on the second.
    assert check_runs(sec, second)["approvals"]["conclusion"] == "failure"
    status, _, err = head_of_branch.call("PUT", f"{R}/pulls/{pr['number']}/merge", {"sha": first})
    assert status == 409 and "modified" in err["message"]
    status, _, err = head_of_branch.call("PUT", f"{R}/pulls/{pr['number']}/merge", {})
    assert status == 405 and "required status check" in err["message"].lower()


def test_git_data_rules(double: GitHubDouble) -> None:
    sec = client(double, "eng-sec")
    main = sec.ok("GET", f"{R}/git/ref/heads/main")["object"]["sha"]
    sec.ok("POST", f"{R}/git/refs", {"ref": "refs/heads/b", "sha": main}, 201)
    status, _, err = sec.call("POST", f"{R}/git/refs", {"ref": "refs/heads/b", "sha": main})
    assert status == 422 and err["message"] == "Reference already exists"
    ahead = commit_files(sec, "b", {"a.txt": b"a\n"}, "a")
    # Back to main is not a fast forward unless forced.
    status, _, err = sec.call("PATCH", f"{R}/git/refs/heads/b", {"sha": main})
    assert status == 422 and err["message"] == "Update is not a fast forward"
    sec.ok("PATCH", f"{R}/git/refs/heads/b", {"sha": main, "force": True})
    assert bare_git(double, "rev-parse", "b") == main
    tree = sec.ok("GET", f"{R}/git/trees/{ahead}?recursive=1")
    assert "a.txt" in [e["path"] for e in tree["tree"]]
    status, _, _ = sec.call("DELETE", f"{R}/git/refs/heads/b")
    assert status == 204 and "refs/heads/b" not in bare_git(double, "for-each-ref")
    status, _, _ = sec.call("GET", f"{R}/git/ref/heads/b")
    assert status == 404


def test_contents_put_and_a_stale_sha(double: GitHubDouble) -> None:
    sec = client(double, "eng-sec")
    old = sec.ok("GET", f"{R}/contents/data/programme.yml")["sha"]
    new = base64.b64encode(b"# changed\n").decode()
    done = sec.ok(
        "PUT", f"{R}/contents/data/programme.yml", {"message": "m", "content": new, "sha": old}
    )
    assert bare_git(double, "show", "main:data/programme.yml") == "# changed"
    status, _, err = sec.call(
        "PUT", f"{R}/contents/data/programme.yml", {"message": "m", "content": new, "sha": old}
    )
    assert status == 409 and "does not match" in err["message"]
    assert done["content"]["sha"] != old
    status, _, err = sec.call("GET", f"{R}/contents/data/nothing.yml")
    assert (status, err["message"]) == (404, "Not Found")


# -- tokens, permissions, limits, the network


def test_expired_and_unknown_tokens_are_bad_credentials(double: GitHubDouble) -> None:
    expired = client(double, "eng-sec", expires_in=timedelta(seconds=-1))
    status, _, err = expired.call("GET", "/user")
    assert (status, err["message"]) == (401, "Bad credentials")
    status, _, err = Client(double.api, "github_pat_nonsense").call("GET", f"{R}/pulls")
    assert (status, err["message"]) == (401, "Bad credentials")


def test_a_missing_permission_is_named_in_the_header(double: GitHubDouble) -> None:
    reader = client(double, "eng-sec", {"contents": "read", "pull_requests": "read"})
    main = reader.ok("GET", f"{R}/git/ref/heads/main")["object"]["sha"]
    status, headers, err = reader.call(
        "POST", f"{R}/git/refs", {"ref": "refs/heads/c", "sha": main}
    )
    assert status == 403
    assert err["message"] == "Resource not accessible by personal access token"
    assert headers["X-Accepted-GitHub-Permissions"] == "contents=write"
    status, headers, _ = reader.call("POST", f"{R}/pulls", {"head": "c", "base": "main"})
    assert (status, headers["X-Accepted-GitHub-Permissions"]) == (403, "pull_requests=write")


def test_a_private_repository(bare: Path, description: openapi.Description) -> None:
    """Fine-grained tokens have no checks permission: check runs answer 403 on a private
    repository, the Actions runs and their artifact are readable with actions read; a token
    without the repository sees 404."""
    d = _double(bare, private=True)
    try:
        sec = client(d, "eng-sec")
        _, head = open_application(d, sec)
        status, headers, _ = sec.call("GET", f"{R}/commits/{head}/check-runs")
        assert status == 403 and headers["X-Accepted-GitHub-Permissions"] == "checks=read"
        assert artifact_result(sec, head, "validate")["errors"] == 0
        elsewhere = client(d, "eng-sec", repositories={"college/other"})
        status, _, _ = elsewhere.call("GET", R)
        assert status == 404
        no_actions = client(d, "eng-sec", {"contents": "read"})
        status, headers, _ = no_actions.call("GET", f"{R}/actions/runs?head_sha={head}")
        assert (status, headers["X-Accepted-GitHub-Permissions"]) == (403, "actions=read")
    finally:
        d.stop()
    assert d.violations == [], "\n".join(d.violations)


def test_rate_limits(double: GitHubDouble) -> None:
    sec = client(double, "eng-sec")
    double.rate_limit("primary")
    status, headers, err = sec.call("GET", "/user")
    assert status == 403 and headers["X-RateLimit-Remaining"] == "0"
    assert int(headers["X-RateLimit-Reset"]) > 0 and "rate limit" in err["message"]
    double.rate_limit("secondary")
    status, headers, err = sec.call("GET", "/user")
    assert (status, headers["Retry-After"]) == (429, "60")
    assert "secondary rate limit" in err["message"]
    double.rate_limit("secondary", status=403)
    status, headers, _ = sec.call("POST", f"{R}/issues", {"title": "t"})
    assert (status, headers["Retry-After"]) == (403, "60")
    double.rate_limit(None)
    assert sec.ok("GET", "/user")["login"] == "eng-sec"


def test_the_network_drops_between_the_commit_and_the_pull_request(double: GitHubDouble) -> None:
    sec = client(double, "eng-sec")
    main = sec.ok("GET", f"{R}/git/ref/heads/main")["object"]["sha"]
    sec.ok("POST", f"{R}/git/refs", {"ref": "refs/heads/d", "sha": main}, 201)
    head = commit_files(sec, "d", {PROJECT: project_text()}, "申报")
    double.drop_next("POST", r"/pulls$")
    with pytest.raises((http.client.RemoteDisconnected, urllib.error.URLError, ConnectionError)):
        sec.call("POST", f"{R}/pulls", {"title": "t", "head": "d", "base": "main"})
    # The commit is on the branch, no pull request was opened; asking again works.
    assert bare_git(double, "rev-parse", "d") == head
    assert sec.ok("GET", f"{R}/pulls?head={OWNER}:d&state=all") == []
    # Dropped after the work: the pull request exists though the answer never came.
    double.drop_next("POST", r"/pulls$", when="after")
    with pytest.raises((http.client.RemoteDisconnected, urllib.error.URLError, ConnectionError)):
        sec.call("POST", f"{R}/pulls", {"title": "t", "head": "d", "base": "main"})
    [found] = sec.ok("GET", f"{R}/pulls?head={OWNER}:d")
    assert found["head"]["sha"] == head
    status, _, err = sec.call("POST", f"{R}/pulls", {"title": "t", "head": "d", "base": "main"})
    assert status == 422 and "already exists" in err["errors"][0]["message"]


def test_cors_as_api_github_com_answers(double: GitHubDouble) -> None:
    req = urllib.request.Request(f"{double.api}/user", method="OPTIONS")
    req.add_header("Origin", "https://college.github.io")
    req.add_header("Access-Control-Request-Method", "POST")
    req.add_header("Access-Control-Request-Headers", "authorization,content-type")
    with urllib.request.urlopen(req) as resp:
        assert resp.status == 204
        assert resp.headers["Access-Control-Allow-Origin"] == "*"
        allowed = {
            h.strip().lower() for h in resp.headers["Access-Control-Allow-Headers"].split(",")
        }
        assert {"authorization", "content-type", "x-github-api-version"} <= allowed
        assert "PATCH" in resp.headers["Access-Control-Allow-Methods"]
    _, headers, _ = client(double, "eng-sec").call("GET", "/user")
    exposed = {h.strip() for h in headers["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Link", "Retry-After", "X-RateLimit-Remaining", "X-RateLimit-Reset"} <= exposed
    # As recorded from api.github.com: a page cannot read X-Accepted-GitHub-Permissions.
    assert "X-Accepted-GitHub-Permissions" not in exposed
    assert headers["Access-Control-Allow-Origin"] == "*" and headers["ETag"].startswith('W/"')


def test_issues_for_the_reminder(double: GitHubDouble) -> None:
    bot = client(
        double, "eng-sec", {"issues": "write", "contents": "write", "pull_requests": "write"}
    )
    issue = bot.ok("POST", f"{R}/issues", {"title": "提醒", "body": "一", "labels": ["提醒"]}, 201)
    bot.ok("PATCH", f"{R}/issues/{issue['number']}", {"body": "二"})
    [found] = bot.ok("GET", f"{R}/issues?labels={quote('提醒')}&state=open")
    assert found["body"] == "二"
    bot.ok("POST", f"{R}/issues/{issue['number']}/comments", {"body": "已处理"}, 201)
    assert [c["body"] for c in bot.ok("GET", f"{R}/issues/{issue['number']}/comments")] == [
        "已处理"
    ]
    closed = bot.ok("PATCH", f"{R}/issues/{issue['number']}", {"state": "closed"})
    assert closed["state"] == "closed" and closed["closed_at"]
    # Pull requests are issues too: one numbering, and the issue list shows them.
    double.run_checks = False
    main = bot.ok("GET", f"{R}/git/ref/heads/main")["object"]["sha"]
    bot.ok("POST", f"{R}/git/refs", {"ref": "refs/heads/e", "sha": main}, 201)
    commit_files(bot, "e", {"e.txt": b"e"}, "e")
    pr = bot.ok("POST", f"{R}/pulls", {"title": "e", "head": "e", "base": "main"}, 201)
    assert pr["number"] == issue["number"] + 1
    assert "pull_request" in bot.ok("GET", f"{R}/issues/{pr['number']}")
    for n in range(3):
        bot.ok("POST", f"{R}/issues", {"title": f"t{n}"}, 201)
    status, headers, page = bot.call("GET", f"{R}/issues?state=all&per_page=2")
    assert status == 200 and len(page) == 2 and 'rel="next"' in headers["Link"]
    status, headers, page = bot.call("GET", f"{R}/issues?state=all&per_page=2&page=3")
    assert [i["number"] for i in page] == [issue["number"]] and 'rel="prev"' in headers["Link"]


# -- the validation itself


def test_a_malformed_request_is_a_violation(double: GitHubDouble) -> None:
    sec, head_of_branch = client(double, "eng-sec"), client(double, "eng-head")
    pr, _ = open_application(double, sec)
    status, _, err = head_of_branch.call(
        "POST", f"{R}/pulls/{pr['number']}/reviews", {"event": "APPROVED"}
    )
    assert status == 422 and err["message"].startswith("Invalid request.")  # as GitHub refuses it
    assert sec.ok("GET", f"{R}/pulls/{pr['number']}/reviews") == []
    assert any("'APPROVED' is not one of" in v for v in double.violations), double.violations
    double.violations.clear()


def test_a_response_in_a_wrong_shape_is_a_violation(double: GitHubDouble) -> None:
    sec = client(double, "eng-sec")
    double.break_next_response(lambda body: {k: v for k, v in body.items() if k != "login"})
    sec.call("GET", "/user")
    assert any("'login' is a required property" in v for v in double.violations), double.violations
    double.violations.clear()


def test_undocumented_statuses_are_violations(description: openapi.Description) -> None:
    found = description.validate_response("POST", f"{R}/git/refs", 418, {}, b"")
    assert found and "not documented" in found[0]
    assert description.validate_request("GET", "/repos/a/b/nowhere") != []


def test_held_checks_show_as_queued_until_run(bare: Path, description: openapi.Description) -> None:
    """With hold_checks the site can be shown checks in progress; wait_for_checks runs them."""
    d = _double(bare, hold_checks=True)
    try:
        sec = client(d, "eng-sec")
        _, head = open_application(d, sec)
        runs = check_runs(sec, head)
        assert {r["status"] for r in runs.values()} == {"queued"}
        assert {r["conclusion"] for r in runs.values()} == {None}
        [run] = [
            r
            for r in sec.ok("GET", f"{R}/actions/runs?head_sha={head}")["workflow_runs"]
            if r["path"].endswith("/validate.yml")
        ]
        assert run["status"] == "queued"
        assert sec.ok("GET", f"{R}/actions/runs/{run['id']}/artifacts")["artifacts"] == []
        d.wait_for_checks()
        assert check_runs(sec, head)["validate"]["conclusion"] == "success"
        assert artifact_result(sec, head, "validate")["errors"] == 0
    finally:
        d.stop()
    assert d.violations == [], "\n".join(d.violations)


def test_a_conflicting_pull_request_is_not_mergeable(double: GitHubDouble) -> None:
    sec, head_of_branch = client(double, "eng-sec"), client(double, "eng-head")
    main = sec.ok("GET", f"{R}/git/ref/heads/main")["object"]["sha"]
    for branch, text in (("one", b"one\n"), ("two", b"two\n")):
        sec.ok("POST", f"{R}/git/refs", {"ref": f"refs/heads/{branch}", "sha": main}, 201)
        commit_files(sec, branch, {"data/programme.yml": text}, branch)
    double.required_checks = ()  # branch protection off: only git decides here
    first = sec.ok("POST", f"{R}/pulls", {"title": "1", "head": "one", "base": "main"}, 201)
    second = sec.ok("POST", f"{R}/pulls", {"title": "2", "head": "two", "base": "main"}, 201)
    head_of_branch.ok("PUT", f"{R}/pulls/{first['number']}/merge", {})
    after = sec.ok("GET", f"{R}/pulls/{second['number']}")
    assert (after["mergeable"], after["mergeable_state"]) == (False, "dirty")
    status, _, err = head_of_branch.call("PUT", f"{R}/pulls/{second['number']}/merge", {})
    assert (status, err["message"]) == (405, "Pull Request is not mergeable")
    assert bare_git(double, "show", "main:data/programme.yml") == "one"


def test_the_panel_commits_to_the_pull_request_branch(double: GitHubDouble) -> None:
    """A panel member's commit on a secretary's branch moves the pull request's head and runs
    the checks again; asking for changes needs a body."""
    sec, panel = client(double, "eng-sec"), client(double, "panel-lead")
    pr, first = open_application(double, sec)
    status, _, _ = panel.call(
        "POST", f"{R}/pulls/{pr['number']}/reviews", {"event": "REQUEST_CHANGES"}
    )
    assert status == 422
    panel.ok(
        "POST",
        f"{R}/pulls/{pr['number']}/reviews",
        {"event": "REQUEST_CHANGES", "body": "请补充照片说明。", "commit_id": first},
    )
    current = panel.ok("GET", f"{R}/contents/{PROJECT}?ref=apply-eng-reading")
    text = base64.b64decode(current["content"]) + "\n补充说明。\n".encode()
    done = panel.ok(
        "PUT",
        f"{R}/contents/{PROJECT}",
        {
            "message": "补充说明",
            "content": base64.b64encode(text).decode(),
            "sha": current["sha"],
            "branch": "apply-eng-reading",
        },
    )
    second = done["commit"]["sha"]
    assert bare_git(double, "show", f"{second}:{PROJECT}").endswith("补充说明。")
    assert sec.ok("GET", f"{R}/pulls/{pr['number']}")["head"]["sha"] == second
    assert set(check_runs(sec, second)) == {"validate", "approvals"}
    reviews = sec.ok("GET", f"{R}/pulls/{pr['number']}/reviews")
    assert [(r["state"], r["commit_id"]) for r in reviews] == [("CHANGES_REQUESTED", first)]


def test_a_missing_or_altered_description_is_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(openapi.DescriptionMissing, match="make openapi"):
        openapi.verify(tmp_path / "absent.tgz")
    altered = tmp_path / "altered.tgz"
    altered.write_bytes(b"not the package")
    with pytest.raises(openapi.DescriptionMissing, match="integrity"):
        openapi.verify(altered)


@pytest.mark.browser
def test_a_page_of_another_origin_uses_the_double_in_chromium(
    double: GitHubDouble, browser, tmp_path: Path
) -> None:
    """Real CORS in a real browser: the preflight passes, the rate-limit headers are readable,
    X-Accepted-GitHub-Permissions is not (as on api.github.com)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    (tmp_path / "index.html").write_text("<!doctype html><title>site</title>", encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    writer = double.add_token("eng-sec")
    reader = double.add_token("eng-sec", {"contents": "read"})
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/index.html")
        found = page.evaluate(
            """async ([api, writer, reader]) => {
              const headers = (t) => ({Authorization: `Bearer ${t}`,
                'X-GitHub-Api-Version': '2022-11-28', 'Content-Type': 'application/json'});
              const repo = `${api}/repos/college/projects`;
              let r = await fetch(`${api}/user`, {headers: headers(writer)});
              const login = (await r.json()).login;
              const remaining = r.headers.get('X-RateLimit-Remaining');
              r = await fetch(`${repo}/git/ref/heads/main`, {headers: headers(writer)});
              const sha = (await r.json()).object.sha;
              r = await fetch(`${repo}/git/refs`, {method: 'POST', headers: headers(reader),
                body: JSON.stringify({ref: 'refs/heads/from-browser', sha})});
              const denied = [r.status, r.headers.get('X-Accepted-GitHub-Permissions')];
              r = await fetch(`${repo}/git/refs`, {method: 'POST', headers: headers(writer),
                body: JSON.stringify({ref: 'refs/heads/from-browser', sha})});
              return {login, remaining, denied, created: r.status,
                      location: r.headers.get('Location')};
            }""",
            [double.api, writer, reader],
        )
    finally:
        page.close()
        site.shutdown()
        site.server_close()
    assert found["login"] == "eng-sec" and int(found["remaining"]) > 0
    assert found["denied"] == [403, None]
    assert found["created"] == 201 and found["location"].endswith("/git/refs/heads/from-browser")
    assert "refs/heads/from-browser" in bare_git(double, "for-each-ref")
    assert "OPTIONS /repos/college/projects/git/refs" in double.requests
