"""The site's submit machinery (docs/javascripts/shared/submit.js) in Node against the GitHub
double: one commit of a project file and two photos on a fresh branch and its pull request; a
taken branch name is never reused; a stale file, a token that cannot open pull requests or has
expired stop before anything is written; an answer lost before or after the pull request, or
after the commit, is resumed to exactly one pull request; abandon deletes only the branch the job
created; a new commit on an open pull request. The journal never holds the token."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta
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
SUBMIT = (ROOT / "docs/javascripts/shared/submit.js").as_uri()
CLIENT = (ROOT / "docs/javascripts/shared/github.js").as_uri()
PROJECT = "projects/2026/eng-reading.md"
PHOTOS = {
    "projects/2026/eng-reading/a.jpg": encode(picture()),
    "projects/2026/eng-reading/b.jpg": encode(picture(seed=7)),
}
ALL = {"contents": "write", "pull_requests": "write", "actions": "read", "metadata": "read"}

PRELUDE = """
import {createClient} from %s;
import {submit, resume, abandon, unfinished, SubmitError} from %s;
const env = process.env;
const kept = new Map();
globalThis.localStorage = {
  get length() { return kept.size; },
  key: (i) => [...kept.keys()][i] ?? null,
  getItem: (k) => (kept.has(k) ? kept.get(k) : null),
  setItem: (k, v) => { kept.set(k, String(v)); },
  removeItem: (k) => { kept.delete(k); },
};
const gh = (token) => createClient({api: env.API, owner: "college", repo: "projects", token});
const files = [{path: env.PROJECT, text: env.TEXT}];
for (const [path, b64] of Object.entries(JSON.parse(env.PHOTOS))) {
  files.push({path, bytes: Uint8Array.from(Buffer.from(b64, "base64"))});
}
const job = (over = {}) => ({id: "apply-1", kind: "apply", title: "申报：读书会",
  body: "## 申报新项目", message: "申报项目：读书会", branch: "apply/eng-reading", files, ...over});
async function outcome(promise) {
  try {
    return {ok: true, value: await promise};
  } catch (e) {
    if (!(e instanceof SubmitError)) return {other: String(e && e.stack || e)};
    return {kind: e.kind, message: e.message, step: e.journal ? e.journal.step : null};
  }
}
const steps = [];
const say = (t) => steps.push(t);
const out = {};
"""


def project_text() -> str:
    photos = "".join(f"\n![活动照片](eng-reading/{p.rsplit('/', 1)[1]})\n" for p in PHOTOS)
    return render(front("applied")).replace("\n## 预期目标", photos + "\n## 预期目标", 1)


def node(d: GitHubDouble, body: str, **values: str) -> Any:
    script = (
        PRELUDE % (json.dumps(CLIENT), json.dumps(SUBMIT))
        + body
        + "\nout.journal = [...kept.entries()];\nconsole.log(JSON.stringify(out));"
    )
    photos = {p: __import__("base64").b64encode(b).decode() for p, b in PHOTOS.items()}
    env = {
        **os.environ,
        "API": d.api,
        "PROJECT": PROJECT,
        "TEXT": project_text(),
        "PHOTOS": json.dumps(photos),
        **values,
    }
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    for token in values.values():
        if token.startswith("github_pat_"):
            assert token not in proc.stdout  # nor in the journal, nor in any message
    return result


@pytest.fixture
def double(tmp_path: Path):
    try:
        openapi.description()
    except openapi.DescriptionMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    work = make_repo(tmp_path / "work")
    init(work)
    GitStore.clone_bare(work, tmp_path / "bare.git")
    d = GitHubDouble(tmp_path / "bare.git", owner=OWNER, name=NAME, run_checks=False).start()
    d.add_person("eng-sec", "孙书记")
    yield d
    d.stop()
    assert d.violations == [], "\n".join(d.violations)


def git(d: GitHubDouble, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=d.store.path, capture_output=True, check=True
    ).stdout.decode()


def heads(d: GitHubDouble) -> list[str]:
    return sorted(git(d, "for-each-ref", "--format=%(refname:short)", "refs/heads").split())


def assert_one_commit_with_everything(d: GitHubDouble, sha: str) -> None:
    main = d.store.ref("refs/heads/main")
    assert git(d, "rev-list", f"{main}..{sha}").split() == [sha]
    changed = git(d, "diff", "--name-only", main, sha).split()
    assert sorted(changed) == sorted([PROJECT, *PHOTOS])
    for path, data in PHOTOS.items():
        shown = subprocess.run(
            ["git", "show", f"{sha}:{path}"], cwd=d.store.path, capture_output=True
        )
        assert shown.stdout == data
    assert git(d, "show", f"{sha}:{PROJECT}") == project_text()


def test_submit_makes_one_commit_and_one_pull_request(double: GitHubDouble) -> None:
    token = double.add_token("eng-sec", ALL)
    out = node(
        double,
        "out.r = await outcome(submit(gh(env.TOKEN), job(), say));"
        "out.steps = steps; out.left = unfinished();",
        TOKEN=token,
    )
    r = out["r"]["value"]
    assert r["pull"]["head"]["ref"] == "apply/eng-reading"
    assert r["pull"]["html_url"].endswith(f"/pull/{r['pull']['number']}")
    assert_one_commit_with_everything(double, r["commit"])
    (pr,) = double.pulls.values()
    assert (pr.number, pr.title, pr.body, pr.head) == (
        r["pull"]["number"],
        "申报：读书会",
        "## 申报新项目",
        "apply/eng-reading",
    )
    assert out["steps"][0].startswith("正在核对") and out["steps"][-1].startswith("完成")
    assert "一次提交" in out["steps"][2]
    assert out["left"] == [] and out["journal"] == []


def test_a_taken_branch_name_is_never_reused(double: GitHubDouble) -> None:
    token = double.add_token("eng-sec", ALL)
    main = double.store.ref("refs/heads/main")
    double.store.set_ref("refs/heads/apply/eng-reading", main)
    out = node(double, "out.r = await outcome(submit(gh(env.TOKEN), job(), say));", TOKEN=token)
    r = out["r"]["value"]
    assert r["pull"]["head"]["ref"] == "apply/eng-reading-2"
    assert double.store.ref("refs/heads/apply/eng-reading") == main  # someone's, untouched
    assert_one_commit_with_everything(double, r["commit"])


def test_stale_file_stops_before_anything_is_written(double: GitHubDouble) -> None:
    token = double.add_token("eng-sec", ALL)
    out = node(
        double,
        "out.r = await outcome(submit(gh(env.TOKEN), job({expect: {[env.PROJECT]: 'a'.repeat(40)}}), say));"
        "out.left = unfinished('apply').length;",
        TOKEN=token,
    )
    assert out["r"]["kind"] == "stale"
    assert PROJECT in out["r"]["message"] and "什么都没有写入" in out["r"]["message"]
    assert heads(double) == ["main"] and not double.pulls
    assert out["left"] == 0 and out["journal"] == []  # nothing to continue or clean up


@pytest.mark.parametrize(
    ("perms", "expires", "kind", "words"),
    [
        (
            {**ALL, "pull_requests": "read"},
            timedelta(days=1),
            "permission",
            "拉取请求（Pull requests）读写",
        ),
        ({**ALL, "contents": "read"}, timedelta(days=1), "permission", "内容（Contents）读写"),
        (ALL, timedelta(seconds=-1), "unauthorized", "令牌无效或已过期"),
    ],
    ids=["no-pulls", "no-contents", "expired"],
)
def test_token_problems_stop_before_anything_is_written(
    double: GitHubDouble, perms: dict, expires: timedelta, kind: str, words: str
) -> None:
    token = double.add_token("eng-sec", perms, expires_in=expires)
    out = node(double, "out.r = await outcome(submit(gh(env.TOKEN), job(), say));", TOKEN=token)
    assert out["r"]["kind"] == kind, out
    assert out["journal"] == []
    assert words in out["r"]["message"] and "什么都没有写入" in out["r"]["message"]
    assert heads(double) == ["main"] and not double.pulls


@pytest.mark.parametrize(
    ("method", "pattern", "when", "step"),
    [
        ("POST", r"/pulls$", "before", "pull"),
        ("POST", r"/pulls$", "after", "pull"),
        ("PATCH", r"/git/refs/", "after", "commit"),
        ("PATCH", r"/git/refs/", "before", "commit"),
        ("POST", r"/git/refs$", "after", "branch"),
    ],
    ids=[
        "pull-lost",
        "pull-answer-lost",
        "commit-answer-lost",
        "commit-lost",
        "branch-answer-lost",
    ],
)
def test_cut_short_then_resumed_to_exactly_one_pull_request(
    double: GitHubDouble, method: str, pattern: str, when: str, step: str
) -> None:
    token = double.add_token("eng-sec", ALL)
    # The permission probes POST /git/refs and /pulls first: the drop lets them through.
    double.drop_next(method, pattern, when, skip=1 if method == "POST" else 0)
    out = node(
        double,
        """
out.first = await outcome(submit(gh(env.TOKEN), job(), say));
out.left = unfinished("apply").map((j) => ({id: j.id, step: j.step, title: j.title}));
out.kept = JSON.stringify([...kept.values()]);
out.r = await outcome(resume(gh(env.TOKEN), "apply-1", say));
out.again = await outcome(resume(gh(env.TOKEN), "apply-1", say));
out.after = unfinished().length;
""",
        TOKEN=token,
    )
    assert out["first"]["kind"] == "network"
    assert out["first"]["step"] == step
    assert "连不上 GitHub" in out["first"]["message"] and "继续" in out["first"]["message"]
    assert out["left"] == [{"id": "apply-1", "step": step, "title": "申报：读书会"}]
    assert token not in out["kept"]
    r = out["r"]["value"]
    assert r["pull"]["head"]["ref"] == "apply/eng-reading"
    assert heads(double) == ["apply/eng-reading", "main"]
    assert len(double.pulls) == 1
    assert_one_commit_with_everything(double, r["commit"])
    assert out["again"]["kind"] == "missing"
    assert out["after"] == 0 and out["journal"] == []


def test_abandon_deletes_only_the_branch_it_created(double: GitHubDouble) -> None:
    token = double.add_token("eng-sec", ALL)
    main = double.store.ref("refs/heads/main")
    double.store.set_ref("refs/heads/apply/eng-reading", main)  # someone's
    double.drop_next("POST", r"/pulls$", "before", skip=1)
    out = node(
        double,
        """
out.first = await outcome(submit(gh(env.TOKEN), job(), say));
out.mid = unfinished().map((j) => j.name);
out.gone = await abandon(gh(env.TOKEN), "apply-1");
out.after = unfinished().length;
""",
        TOKEN=token,
    )
    assert out["first"]["kind"] == "network"
    assert out["mid"] == ["apply/eng-reading-2"]
    assert out["gone"] == {"deleted": "apply/eng-reading-2", "pull": 0}
    assert heads(double) == ["apply/eng-reading", "main"]
    assert not double.pulls and out["after"] == 0


def test_abandon_keeps_a_branch_whose_pull_request_exists(double: GitHubDouble) -> None:
    token = double.add_token("eng-sec", ALL)
    double.drop_next("POST", r"/pulls$", "after", skip=1)
    out = node(
        double,
        """
out.first = await outcome(submit(gh(env.TOKEN), job(), say));
out.gone = await abandon(gh(env.TOKEN), "apply-1");
""",
        TOKEN=token,
    )
    (pr,) = double.pulls.values()
    assert out["gone"] == {"deleted": "", "pull": pr.number}
    assert "apply/eng-reading" in heads(double)


def test_new_commit_on_an_open_pull_request(double: GitHubDouble) -> None:
    token = double.add_token("eng-sec", ALL)
    out = node(
        double,
        """
const first = await submit(gh(env.TOKEN), job(), say);
out.r = await outcome(submit(gh(env.TOKEN), job({id: "fix-1", kind: "fix", pull: first.pull.number,
  message: "按检查意见修改", files: [{path: env.PROJECT, text: env.TEXT + "\\n补充。\\n"}]}), say));
out.first = first;
out.last = steps.at(-1);
""",
        TOKEN=token,
    )
    r, first = out["r"]["value"], out["first"]
    assert r["pull"]["number"] == first["pull"]["number"] and len(double.pulls) == 1
    assert r["pull"]["html_url"] == first["pull"]["html_url"]
    assert git(double, "rev-parse", f"{r['commit']}^").strip() == first["commit"]
    assert double.store.ref("refs/heads/apply/eng-reading") == r["commit"]
    assert out["last"] == f"完成：拉取请求 #{r['pull']['number']} 已收到新的提交。"


def test_a_change_on_the_pull_requests_branch_meanwhile_is_told_not_overwritten(
    double: GitHubDouble,
) -> None:
    """`expectHead`: the file's blob sha as the page read it at the pull request's head. The first
    fix expects what it read and goes in; a second made from that same (now old) reading stops
    before writing, as a page open in another tab would."""
    token = double.add_token("eng-sec", ALL)
    out = node(
        double,
        """
const client = gh(env.TOKEN);
const first = await submit(client, job(), say);
const read = await client.readFile(env.PROJECT, first.pull.head.ref);
const fix = (id) => job({id, kind: "fix", pull: first.pull.number, message: "按检查意见修改",
  files: [{path: env.PROJECT, text: env.TEXT + "\\n补充" + id + "。\\n"}], expectHead: {[env.PROJECT]: read.sha}});
out.ok = await outcome(submit(client, fix("fix-1"), say));
out.stale = await outcome(submit(client, fix("fix-2"), say));
out.first = first;
""",
        TOKEN=token,
    )
    ok, stale = out["ok"]["value"], out["stale"]
    assert git(double, "rev-parse", f"{ok['commit']}^").strip() == out["first"]["commit"]
    assert stale["kind"] == "stale" and stale["step"] == "check", stale
    assert stale["message"].endswith("这次什么都没有写入。"), stale
    assert double.store.ref("refs/heads/apply/eng-reading") == ok["commit"]
