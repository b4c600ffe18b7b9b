"""The site's GitHub client (docs/javascripts/shared/github.js) in Node against the GitHub double:
the calls the submit and review steps will make (a branch, one commit of a project and two
photos, a pull request, its files, checks and runs), and GitHub's failures classified as the
site tells them: unauthorized, permission (named even when CORS hides GitHub's header),
rate-limited, not-found, conflict, exists, invalid, not-mergeable, network. Node's fetch reads
every header; `cors` filters the answers as a browser does (only the exposed headers), so both
readings are tested. The token never appears in an error."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from factory import ROOT, front, make_repo, render
from gitrepo_helpers import init
from imagefactory import encode, picture

from tools.github_double import GitHubDouble, openapi
from tools.github_double.gitstore import GitStore

pytestmark = [pytest.mark.git]

OWNER, NAME = "college", "projects"
CLIENT = (ROOT / "docs/javascripts/shared/github.js").as_uri()
PEOPLE = {"eng-sec": "孙书记", "eng-head": "周书记"}  # in tests/data/roster.yml
PROJECT = "projects/2026/eng-reading.md"
PHOTOS = {
    "projects/2026/eng-reading/a.jpg": encode(picture()),
    "projects/2026/eng-reading/b.jpg": encode(picture(seed=7)),
}
ALL = {"contents": "write", "pull_requests": "write", "actions": "read", "metadata": "read"}

PRELUDE = """
import {createClient, classify, describe, GitHubError, needOf} from %s;
const env = process.env;
async function corsFetch(url, init) {
  const r = await fetch(url, init);
  if (!env.CORS) return r;
  const expose = (r.headers.get("access-control-expose-headers") || "").toLowerCase().split(/\\s*,\\s*/);
  const safe = ["cache-control", "content-language", "content-length", "content-type", "expires",
    "last-modified", "pragma"];
  const headers = new Headers();
  for (const [k, v] of r.headers) if (expose.includes(k) || safe.includes(k)) headers.set(k, v);
  return new Response(await r.arrayBuffer(), {status: r.status, headers});
}
const gh = (token) => createClient({api: env.API, owner: "college", repo: "projects", token}, corsFetch);
async function outcome(promise) {
  try {
    const value = await promise;
    return {ok: true, value};
  } catch (e) {
    if (!(e instanceof GitHubError)) return {other: String(e)};
    return {kind: e.kind, status: e.status, permission: e.permission, message: e.message,
      detail: e.detail, describe: describe(e), retryAt: e.retryAt};
  }
}
const out = {};
"""


def project_text() -> bytes:
    photos = "".join(f"\n![活动照片](eng-reading/{p.rsplit('/', 1)[1]})\n" for p in PHOTOS)
    text = render(front("applied"))
    return text.replace("\n## 预期目标", photos + "\n## 预期目标", 1).encode()


def node(d: GitHubDouble, body: str, *, cors: bool = True, **values: str) -> Any:
    script = PRELUDE % json.dumps(CLIENT) + body + "\nconsole.log(JSON.stringify(out));"
    env = {**os.environ, "API": d.api, "CORS": "1" if cors else "", **values}
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def double(tmp_path: Path):
    try:
        openapi.description()
    except openapi.DescriptionMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    work = make_repo(tmp_path / "work")
    init(work)
    GitStore.clone_bare(work, tmp_path / "bare.git")
    d = GitHubDouble(tmp_path / "bare.git", owner=OWNER, name=NAME).start()
    for login, name in PEOPLE.items():
        d.add_person(login, name)
    yield d
    d.stop()
    assert d.violations == [], "\n".join(d.violations)


def no_token_in(result: Any, *tokens: str) -> None:
    text = json.dumps(result, ensure_ascii=False)
    for token in tokens:
        assert token not in text


def test_submit_walk_needs_nothing_more(double: GitHubDouble) -> None:
    """What /apply/ will do, through the client alone: one commit of three files on a new
    branch, the pull request, then what the review page reads."""
    token = double.add_token("eng-sec", ALL)
    photos = {p: base64.b64encode(b).decode() for p, b in PHOTOS.items()}
    out = node(
        double,
        """
const c = gh(env.TOKEN);
const head = await c.branchHead("main");
await c.createBranch("apply-eng-reading", head);
const files = [{path: env.PROJECT, text: env.TEXT}];
for (const [path, b64] of Object.entries(JSON.parse(env.PHOTOS))) {
  files.push({path, bytes: Uint8Array.from(Buffer.from(b64, "base64"))});
}
const sha = await c.commit({branch: "apply-eng-reading", parent: head, files, message: "申报项目：读书会"});
const pr = await c.openPull({head: "apply-eng-reading", base: "main", title: "申报：读书会", body: "申报"});
out.sha = sha;
out.head = await c.branchHead("apply-eng-reading");
out.number = pr.number;
out.pulls = (await c.pulls({state: "open"})).map((p) => p.number);
out.files = (await c.pullFiles(pr.number)).map((f) => f.filename).sort();
out.read = (await c.readFile(env.PROJECT, "apply-eng-reading")).text === env.TEXT;
out.missing = await c.readFile("projects/2026/none.md");
out.checks = (await c.checkRuns(sha)).map((r) => r.name).sort();
const runs = await c.runs({head_sha: sha});
out.runs = runs.length;
out.jobs = (await c.jobs(runs[0].id)).length;
out.artifacts = Array.isArray(await c.artifacts(runs[0].id));
out.reviews = await c.reviews(pr.number);
out.probes = [await c.probeContentsWrite(), await c.probePullsWrite("main"), await c.probeActionsRead()];
""",
        TOKEN=token,
        PROJECT=PROJECT,
        TEXT=project_text().decode(),
        PHOTOS=json.dumps(photos),
    )
    assert out["sha"] == out["head"]
    assert out["pulls"] == [out["number"]]
    assert out["files"] == sorted([PROJECT, *PHOTOS])
    assert out["read"] is True and out["missing"] is None
    assert out["checks"] and out["runs"] >= 1 and out["jobs"] >= 1 and out["artifacts"]
    assert out["reviews"] == []
    assert out["probes"] == [True, True, True]
    for path, data in PHOTOS.items():
        shown = subprocess.run(
            ["git", "show", f"{out['sha']}:{path}"], cwd=double.store.path, capture_output=True
        )
        assert shown.stdout == data
    # The probes wrote nothing.
    assert double.store.ref("refs/heads/sb~permission~probe") is None
    assert len(double.pulls) == 1


@pytest.mark.parametrize("cors", [True, False], ids=["browser", "all-headers"])
def test_missing_permission_is_named(double: GitHubDouble, cors: bool) -> None:
    no_pulls = double.add_token("eng-sec", {**ALL, "pull_requests": "none"})
    read_only = double.add_token("eng-sec", {**ALL, "contents": "read"})
    out = node(
        double,
        """
const a = gh(env.NO_PULLS), b = gh(env.READ_ONLY);
const head = await a.branchHead("main");
out.pull = await outcome(a.openPull({head: "main", base: "main", title: "t", body: ""}));
out.probePulls = await outcome(a.probePullsWrite("main"));
out.branch = await outcome(b.createBranch("x", head));
out.probeContents = await outcome(b.probeContentsWrite());
out.merge = await outcome(b.merge(1, {sha: head}));
""",
        cors=cors,
        NO_PULLS=no_pulls,
        READ_ONLY=read_only,
    )
    for key, permission, words in (
        ("pull", "pull_requests=write", "拉取请求（Pull requests）读写（Read and write）"),
        ("probePulls", "pull_requests=write", "拉取请求（Pull requests）读写（Read and write）"),
        ("branch", "contents=write", "内容（Contents）读写（Read and write）"),
        ("probeContents", "contents=write", "内容（Contents）读写（Read and write）"),
        ("merge", "contents=write", "内容（Contents）读写（Read and write）"),
    ):
        got = out[key]
        assert (got["kind"], got["status"], got["permission"]) == ("permission", 403, permission)
        assert got["describe"].startswith(f"令牌缺少权限：{words}。"), got["describe"]
    no_token_in(out, no_pulls, read_only)
    assert not double.pulls


def test_failures_are_classified(double: GitHubDouble) -> None:
    token = double.add_token("eng-sec", ALL)
    double.hold_checks = True  # the required checks stay queued: merging is refused
    out = node(
        double,
        """
const c = gh(env.TOKEN);
out.unauthorized = await outcome(gh(env.BOGUS).user());
const head = await c.branchHead("main");
out.exists = await outcome(c.createBranch("main", head));
out.invalid = await outcome(c.openPull({head: "main", base: "no-such-branch", title: "t", body: ""}));
out.notFound = await outcome(c.pull(999));
out.noBranch = await c.branchHead("no-such-branch");
await c.createBranch("b1", head);
const first = await c.commit({branch: "b1", parent: head, files: [{path: "projects/a.txt", text: "a"}], message: "a"});
out.stale = await outcome(c.commit({branch: "b1", parent: head, files: [{path: "projects/b.txt", text: "b"}], message: "b"}));
out.kept = await c.branchHead("b1") === first;
const pr = await c.openPull({head: "b1", base: "main", title: "t", body: ""});
out.pullExists = await outcome(c.openPull({head: "b1", base: "main", title: "again", body: ""}));
out.notMergeable = await outcome(c.merge(pr.number, {sha: first}));
out.moved = await outcome(c.merge(pr.number, {sha: head}));
out.server = describe(classify(502, new Headers(), "Bad gateway"));
out.serverKind = classify(502, new Headers(), "").kind;
""",
        TOKEN=token,
        BOGUS="github_pat_" + "0" * 40,
    )
    expect = {
        "unauthorized": ("unauthorized", 401, "令牌无效或已过期"),
        "exists": ("exists", 422, "要新建的分支或拉取请求已经存在"),
        "invalid": ("invalid", 422, "GitHub 没有接受这次提交的内容"),
        "notFound": ("not-found", 404, "找不到要访问的仓库或文件"),
        "stale": ("conflict", 422, "文件在此期间已被别人修改"),
        "pullExists": ("exists", 422, "要新建的分支或拉取请求已经存在"),
        "notMergeable": ("not-mergeable", 405, "现在还不能合并"),
        "moved": ("conflict", 409, "文件在此期间已被别人修改"),
    }
    for key, (kind, status, words) in expect.items():
        got = out[key]
        assert (got.get("kind"), got.get("status")) == (kind, status), (key, got)
        assert got["describe"].startswith(words), (key, got["describe"])
    assert out["noBranch"] is None and out["kept"] is True
    assert out["serverKind"] == "server" and out["server"].startswith("GitHub 暂时无法完成")
    no_token_in(out, token, "github_pat_" + "0" * 40)


@pytest.mark.parametrize(
    ("kind", "status"), [("primary", 403), ("secondary", 429), ("secondary", 403)]
)
def test_rate_limits(double: GitHubDouble, kind: str, status: int) -> None:
    token = double.add_token("eng-sec", ALL)
    double.rate_limit(kind, status if kind == "secondary" else 429)
    out = node(double, "out.user = await outcome(gh(env.TOKEN).user());", TOKEN=token)
    double.rate_limit(None)
    got = out["user"]
    assert (got["kind"], got["status"]) == ("rate-limited", status)
    assert got["retryAt"] > 0
    assert re.match(
        r"GitHub 暂时限制了请求次数：请在 \d{1,2}:\d{2}:\d{2} 之后再试。", got["describe"]
    )


def test_network_failure(double: GitHubDouble) -> None:
    token = double.add_token("eng-sec", ALL)
    double.drop_next("GET", r"^/user$")
    out = node(double, "out.user = await outcome(gh(env.TOKEN).user());", TOKEN=token)
    assert (out["user"]["kind"], out["user"]["status"]) == ("network", 0)
    assert out["user"]["describe"].startswith("连不上 GitHub")


def test_pages_are_followed_on_the_api_address_only(double: GitHubDouble) -> None:
    token = double.add_token("eng-sec", ALL)
    out = node(
        double,
        """
const c = gh(env.TOKEN);
const head = await c.branchHead("main");
for (const name of ["p1", "p2", "p3"]) {
  await c.createBranch(name, head);
  await c.commit({branch: name, parent: head, files: [{path: "projects/" + name + ".txt", text: name}], message: name});
  await c.openPull({head: name, base: "main", title: name, body: ""});
}
out.paged = (await c.list("/repos/college/projects/pulls", {query: {per_page: 1}})).length;
// A Link header pointing elsewhere is never followed (the token would go with it).
const seen = [];
const fake = async (url, init) => {
  seen.push(url);
  return new Response("[1]", {status: 200, headers: {
    "content-type": "application/json", link: '<https://evil.example/next?page=2>; rel="next"'}});
};
const d = createClient({api: env.API, owner: "college", repo: "projects", token: env.TOKEN}, fake);
out.evil = await outcome(d.pulls());
out.seen = seen;
""",
        TOKEN=token,
    )
    assert out["paged"] == 3
    assert out["evil"]["kind"] == "invalid"
    assert len(out["seen"]) == 1 and out["seen"][0].startswith(double.api)


def test_needs_table_matches_the_double(double: GitHubDouble) -> None:
    """github.js's NEEDS names the permission the double (GitHub's documented permissions) asks
    for each request the client makes."""
    r = f"/repos/{OWNER}/{NAME}"
    calls = [
        ("GET", r),
        ("GET", r + "/contents/data/roster.yml"),
        ("GET", r + "/git/ref/heads/main"),
        ("GET", r + "/git/commits/" + "a" * 40),
        ("POST", r + "/git/refs"),
        ("PATCH", r + "/git/refs/heads/main"),
        ("DELETE", r + "/git/refs/heads/apply-x"),
        ("POST", r + "/git/blobs"),
        ("POST", r + "/git/trees"),
        ("POST", r + "/git/commits"),
        ("POST", r + "/pulls"),
        ("GET", r + "/pulls"),
        ("GET", r + "/pulls/3"),
        ("GET", r + "/pulls/3/files"),
        ("GET", r + "/pulls/3/reviews"),
        ("POST", r + "/pulls/3/reviews"),
        ("PUT", r + "/pulls/3/merge"),
        ("GET", r + "/actions/runs"),
        ("GET", r + "/actions/runs/5/jobs"),
        ("GET", r + "/actions/runs/5/artifacts"),
        ("GET", r + "/commits/main/check-runs"),
        ("GET", r + "/check-runs/5/annotations"),
        ("GET", "/user"),
    ]
    wanted = []
    for method, path in calls:
        (route,) = [x for x in double.routes if x[0] == method and x[1].match(path)]
        permission, level = route[2], route[3]
        # GET /user asks only for a valid token; fine-grained tokens have no Checks permission.
        wanted.append("" if permission in ("user", "checks") else f"{permission}={level}")
    out = node(
        double,
        "out.needs = JSON.parse(env.CALLS).map(([m, p]) => needOf(m, p));",
        CALLS=json.dumps(calls),
    )
    assert out["needs"] == wanted
