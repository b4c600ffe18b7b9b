"""The review page (/review/, 待审批) and who may approve what.

Fast tier: the browser's table (shared/approvers.js) against `approvals`' own (review/approvals.py)
over a corpus of changes: the same requirements, the same people, the same words for what is
missing; the panel's block spliced into a project file as the panel's form writes it.

Slow tier: the GitHub double (OpenAPI-checked, real git, the real `check` and `approvals` on
every pull request), one site build, headless Chromium at phone and desktop sizes, typed like a
person: a general-branch head recommends an application; a panel member with a conflict of
interest sees no 批准 and why; a panel member writes 立项批复 with the grant into the pull
request's branch on /panel/, approves and merges; an acceptance scored by three reviewers (the
total shown equals `validate`'s); a nomination and an award by the panel leader; 需要修改 with a
comment, a new commit, approval of the new head; merge refused while a check is red.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
import yaml
from factory import ROOT, front, make_repo, render

from site_builder.core import approvers, process
from site_builder.core.change import FileChange
from site_builder.core.programme import Programme
from site_builder.review.approvals import evaluate, parse_reviews, required

# Conflicts of interest on purpose: `eng-head` heads gb-eng and sits on the panel; `eng-stu`
# maintains eng-students and sits on the panel.
ROSTER = """\
maintainers: [site-admin]
panel:
  - {name: 赵组长, login: panel-lead, role: leader}
  - {name: 钱委员, login: panel-two, role: member}
  - {name: 孙书记, login: Eng-Head, role: member}
  - {name: 李委员, login: eng-stu, role: member}
general_branches:
  - id: gb-eng
    name: 工程系党总支
    heads: [Eng-Head]
    branches:
      - {id: eng-teachers, name: 工程系教工党支部, maintainers: [eng-sec]}
      - {id: eng-students, name: 工程系学生党支部, maintainers: [eng-stu]}
  - id: gb-art
    name: 艺术系党总支
    heads: [art-head, art-head-two]
    branches:
      - {id: art-teachers, name: 艺术系教工党支部, maintainers: [art-sec]}
"""
P = "projects/2026/pioneer.md"
MEDIA = "projects/2026/pioneer/photo.jpg"
HEAD = "a" * 40
OLD = "b" * 40


def _text(stage: str, **overrides: Any) -> str:
    return render(front(stage, **overrides))


def _review(login: str, state: str, commit: str, minute: int) -> dict:
    return {
        "user": {"login": login},
        "state": state,
        "commit_id": commit,
        "submitted_at": f"2026-05-20T08:{minute:02d}:00Z",
    }


# (name, author, [(path, before, after)], owners {media owner: text}, reviews)
CASES: list[tuple[str, str, list[tuple[str, str | None, str | None]], dict, list]] = [
    ("new application by the branch", "eng-sec", [(P, None, _text("applied"))], {}, []),
    (
        "new application recommended",
        "eng-sec",
        [(P, None, _text("applied"))],
        {},
        [_review("eng-head", "APPROVED", HEAD, 1)],
    ),
    ("new application by the head", "Eng-Head", [(P, None, _text("applied"))], {}, []),
    (
        "new application of another general branch",
        "art-sec",
        [(P, None, _text("applied", general_branch="gb-art", branch="art-teachers"))],
        {},
        [],
    ),
    ("approval step", "panel-two", [(P, _text("applied"), _text("approved"))], {}, []),
    (
        "approval step, stale approval",
        "panel-two",
        [(P, _text("applied"), _text("approved"))],
        {},
        [_review("panel-lead", "APPROVED", OLD, 1)],
    ),
    (
        "approval step on a conflicted project",
        "panel-two",
        [
            (
                P,
                _text("applied", branch="eng-students"),
                _text("approved", branch="eng-students"),
            )
        ],
        {},
        [_review("eng-stu", "APPROVED", HEAD, 1), _review("panel-lead", "COMMENTED", HEAD, 2)],
    ),
    ("acceptance", "panel-lead", [(P, _text("concluded"), _text("accepted"))], {}, []),
    ("nomination", "panel-two", [(P, _text("accepted"), _text("nominated"))], {}, []),
    (
        "award approved, then changes asked",
        "panel-two",
        [(P, _text("nominated"), _text("awarded"))],
        {},
        [
            _review("panel-lead", "APPROVED", HEAD, 1),
            _review("panel-lead", "CHANGES_REQUESTED", HEAD, 2),
        ],
    ),
    ("award by the leader", "panel-lead", [(P, _text("nominated"), _text("awarded"))], {}, []),
    (
        "edit while applied",
        "eng-sec",
        [(P, _text("applied"), _text("applied", title="党员先锋岗建设行动计划"))],
        {},
        [],
    ),
    (
        "edit while midterm",
        "eng-sec",
        [(P, _text("midterm"), render(front("midterm"), "\n## 为什么开展活动\n\n改写。\n"))],
        {},
        [],
    ),
    (
        "panel field only",
        "panel-two",
        [
            (
                P,
                _text("approved"),
                _text(
                    "approved",
                    approval={"date": "2026-05-21", "decision": "approved", "grant": 800},
                ),
            )
        ],
        {},
        [],
    ),
    ("media while approved", "eng-sec", [(MEDIA, None, None)], {P: _text("approved")}, []),
    ("media while applied", "eng-sec", [(MEDIA, None, None)], {P: _text("applied")}, []),
    ("media without its project", "eng-sec", [(MEDIA, None, None)], {}, []),
    ("outside projects", "eng-sec", [("data/programme.yml", "a: 1\n", "a: 2\n")], {}, []),
    ("deleted project", "panel-two", [(P, _text("approved"), None)], {}, []),
    ("unreadable head", "eng-sec", [(P, _text("applied"), "---\nstage: [\n---\n")], {}, []),
    (
        "two projects and an outside file",
        "panel-lead",
        [
            (P, _text("concluded"), _text("accepted")),
            (
                "projects/2026/other.md",
                _text("applied", branch="eng-students"),
                _text("rejected", branch="eng-students"),
            ),
            ("README.md", "a\n", "b\n"),
        ],
        {},
        [_review("site-admin", "APPROVED", HEAD, 3)],
    ),
    (
        "branch moves between general branches",
        "panel-two",
        [(P, _text("applied"), _text("applied", general_branch="gb-art", branch="art-teachers"))],
        {},
        [],
    ),
]


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Programme:
    root = make_repo(tmp_path_factory.mktemp("repo"))
    (root / "data" / "roster.yml").write_text(ROSTER, encoding="utf-8")
    return Programme.load(root)


def _python(programme: Programme, case: tuple) -> dict:
    _, author, files, owners, reviews = case
    changes = [
        FileChange(
            "A"
            if old is None and new is not None
            else "D"
            if new is None and old is not None
            else "M",
            path if old is not None or new is None else None,
            path if new is not None or old is None else None,
            None if old is None else old.encode(),
            None if new is None else new.encode(),
        )
        for path, old, new in files
    ]
    needed = required(changes, programme, author, {k: v.encode() for k, v in owners.items()})
    state = evaluate(needed, parse_reviews(json.dumps(reviews), "reviews.json"), HEAD, author)
    return {
        "required": [
            [r.subject, r.reason, r.role, list(r.eligible), r.author_excluded] for r in needed
        ],
        "lines": [line for line in state.lines()[1:] if line.startswith(("已有", "还需要"))]
        if state.met
        else [],
    }


def _node(script: str, data: object) -> Any:
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


BROWSER = """
import {required, met, lineOf} from './docs/javascripts/shared/approvers.js';
import {parseRoster} from './docs/javascripts/shared/roster.js';
let raw = '';
for await (const chunk of process.stdin) raw += chunk;
const {roster, defs, cases, head} = JSON.parse(raw);
const r = parseRoster(roster);
const out = cases.map(([name, author, files, owners, reviews]) => {
  const changed = files.map(([path, before, after]) => ({path, before, after}));
  const needed = required(changed, r, author, defs, owners);
  return {
    required: needed.map((q) => [q.subject, q.reason, q.role, q.eligible, q.author_excluded]),
    lines: met(needed, reviews, head, author).map(({req, by}) => lineOf(req, by)),
  };
});
console.log(JSON.stringify(out));
"""


def test_the_browser_asks_for_the_approvals_the_command_asks_for(programme: Programme) -> None:
    """Every case: the same requirements (subject, reason, role, people, the author left out) and
    the same lines for what is had and what is missing, as `approvals` prints them."""
    defs = {"rules": approvers.spec(), "process": process.spec()}
    got = _node(BROWSER, {"roster": ROSTER, "defs": defs, "cases": CASES, "head": HEAD})
    for case, browser in zip(CASES, got, strict=True):
        assert browser == _python(programme, case), case[0]
    # The corpus reaches every row of the table.
    kinds = {req[1] for out in got for req in out["required"]}
    assert {"新申报", "已申报阶段内修改", "项目资料", "projects/ 以外", "删除项目文件"} <= kinds
    roles = {req[2] for out in got for req in out["required"]}
    assert {"评审组组长", "评审组成员", "仓库维护者", "与该项目无利益冲突的评审组成员"} <= roles


def test_conflicts_name_the_branches() -> None:
    out = _node(
        "import {conflicts} from './docs/javascripts/shared/approvers.js';"
        "import {parseRoster} from './docs/javascripts/shared/roster.js';"
        "let raw = ''; for await (const c of process.stdin) raw += c;"
        "const r = parseRoster(JSON.parse(raw));"
        "console.log(JSON.stringify([['eng-head', ['eng-teachers']], ['eng-stu', ['eng-teachers']],"
        " ['eng-stu', ['eng-students']], ['panel-two', ['eng-students']]]"
        ".map(([l, b]) => conflicts(r, l, b))));",
        ROSTER,
    )
    assert out == [["工程系教工党支部"], [], ["工程系学生党支部"], []]


def test_a_block_replaces_the_stage_line_and_its_old_block() -> None:
    """What /panel/ writes into the pull request's file: the stage line and any earlier block of
    the same field give way to the form's lines; the rest of the file is as it was."""
    before = render(front("applied", approval={"date": "2026-05-20", "decision": "approved"}))
    block = "stage: approved\napproval:\n  date: 2026-05-21\n  decision: approved\n  grant: 1000\n"
    out = _node(
        "import {spliceBlock} from './docs/javascripts/shared/panel-pull.js';"
        "let raw = ''; for await (const c of process.stdin) raw += c;"
        "const [t, b] = JSON.parse(raw);"
        "console.log(JSON.stringify([spliceBlock(t, 'approval', b), spliceBlock('no front', 'x', b)]));",
        [before, block],
    )
    text, none = out
    assert none is None
    head, body = text.split("\n---\n", 1)
    data = yaml.safe_load(head.removeprefix("---\n"))
    expected = front("applied")
    expected.pop("stage")
    assert {k: v for k, v in data.items() if k not in ("stage", "approval")} == expected
    assert data["stage"] == "approved"
    assert str(data["approval"]["date"]) == "2026-05-21" and data["approval"]["grant"] == 1000
    assert "\n" + body == before.split("\n---\n", 1)[1] or body == before.split("\n---\n", 1)[1]


def test_the_review_page_embeds_the_table_and_no_project_data(programme: Programme) -> None:
    from site_builder.showcase.forms_pages import REVIEW_PAGE, form_pages

    page = form_pages(Programme.load(ROOT), "https://github.com/caishen-college/projects")[
        REVIEW_PAGE
    ]
    spec = json.loads(page.split('id="sb-form-spec">', 1)[1].split("</script>", 1)[0])
    assert spec["approvers"] == approvers.spec()
    # The change receipt's words and patterns arrive whole.
    from site_builder.core import receipt

    assert spec["receipt"] == receipt.spec(Programme.load(ROOT))
    assert spec["page"] == "review" and spec["owner"] == "caishen-college"
    assert spec["roster"] == "data/roster.yml"
    for name in ("批准", "需要修改", "合并", "审批"):
        assert name in page
    assert "zhou-jianguo" not in page  # the roster's logins are read with the token, not published


# ------------------------------------------------------------------ the double, the site, Chromium

OWNER, NAME = "caishen-college", "projects"
R = f"/repos/{OWNER}/{NAME}"
KEY = "sb-github-session"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ALL = {"contents": "write", "pull_requests": "write", "actions": "read", "metadata": "read"}
# From data/roster.yml: zhou-jianguo heads gb-eng and sits on the panel; wu-xiaomei heads gb-econ
# and sits on the panel; sun-haiyan and zheng-chunhua are panel members without a branch;
# zhao-lixin leads the panel; chen-jing maintains eng-teachers (gb-eng).
PEOPLE = {
    "zhou-jianguo": "周建国",
    "wu-xiaomei": "吴晓梅",
    "sun-haiyan": "孙海燕",
    "zheng-chunhua": "郑春华",
    "zhao-lixin": "赵立新",
    "chen-jing": "陈静",
}


class Api:
    """One person's REST calls to the double (what a person does on GitHub itself)."""

    def __init__(self, api: str, token: str) -> None:
        self.api, self.token = api, token

    def call(self, method: str, path: str, body: object = None) -> tuple[int, Any]:
        import urllib.error
        import urllib.request

        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.api + path, data=data, method=method)
        req.add_header("Accept", "application/vnd.github+json")
        req.add_header("X-GitHub-Api-Version", "2022-11-28")
        req.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
        return status, json.loads(raw) if raw else None

    def ok(self, method: str, path: str, body: object = None) -> Any:
        status, out = self.call(method, path, body)
        assert 200 <= status < 300, (method, path, status, out)
        return out

    def commit(self, branch: str, files: dict[str, str | bytes]) -> str:
        import base64

        head = self.ok("GET", f"{R}/git/ref/heads/{branch}")["object"]["sha"]
        tree = self.ok("GET", f"{R}/git/commits/{head}")["tree"]["sha"]
        entries = []
        for path, text in files.items():
            blob = self.ok(
                "POST",
                f"{R}/git/blobs",
                {
                    "content": base64.b64encode(
                        text.encode() if isinstance(text, str) else text
                    ).decode(),
                    "encoding": "base64",
                },
            )
            entries.append({"path": path, "mode": "100644", "type": "blob", "sha": blob["sha"]})
        new_tree = self.ok("POST", f"{R}/git/trees", {"base_tree": tree, "tree": entries})
        made = self.ok(
            "POST",
            f"{R}/git/commits",
            {"message": "改动", "tree": new_tree["sha"], "parents": [head]},
        )
        self.ok("PATCH", f"{R}/git/refs/heads/{branch}", {"sha": made["sha"]})
        return made["sha"]

    def open_pull(self, branch: str, files: dict[str, str | bytes], title: str) -> int:
        main = self.ok("GET", f"{R}/git/ref/heads/main")["object"]["sha"]
        self.ok("POST", f"{R}/git/refs", {"ref": f"refs/heads/{branch}", "sha": main})
        self.commit(branch, files)
        pr = self.ok("POST", f"{R}/pulls", {"title": title, "head": branch, "base": "main"})
        return int(pr["number"])


@pytest.fixture(scope="module")
def double(tmp_path_factory: pytest.TempPathFactory):
    from gitrepo_helpers import init
    from site_helpers import site_repo

    from tools.github_double import GitHubDouble, openapi
    from tools.github_double.gitstore import GitStore

    try:
        openapi.description()
    except openapi.DescriptionMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    tmp = tmp_path_factory.mktemp("double")
    work = site_repo(tmp / "work")
    # Room for one more award in 2026 than the examples leave (they hold the year's three).
    settings = work / "data" / "programme.yml"
    text = settings.read_text(encoding="utf-8")
    assert "  max_per_year: 3 " in text
    settings.write_text(text.replace("  max_per_year: 3 ", "  max_per_year: 4 "), encoding="utf-8")
    init(work)
    GitStore.clone_bare(work, tmp / "bare.git")
    d = GitHubDouble(tmp / "bare.git", owner=OWNER, name=NAME).start()
    for login, name in PEOPLE.items():
        d.add_person(login, name)
    yield d
    d.stop()
    assert d.violations == [], "\n".join(d.violations)


@pytest.fixture(scope="module")
def server(double, tmp_path_factory: pytest.TempPathFactory):
    from site_helpers import mkdocs_build, serve, site_repo

    root = site_repo(tmp_path_factory.mktemp("site") / "repo")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("https://api.github.com", double.api),
        encoding="utf-8",
    )
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-05-06"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    with serve(root / "site") as address:
        yield address


def api(double, login: str) -> Api:
    return Api(double.api, double.add_token(login, ALL))


def _file(rel: str) -> str:
    return (ROOT / rel).read_text(encoding="utf-8")


class Person:
    """One signed-in person in Chromium; every request, console line and page error recorded."""

    def __init__(self, browser, server: str, double, login: str, size: dict) -> None:
        from site_helpers import wait_until

        self.wait_until = wait_until
        self.server, self.double, self.login = server, double, login
        phone = size is PHONE
        self.context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
        self.page = self.context.new_page()
        self.requests: list = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r))
        self.page.on("console", lambda m: self.console.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.token = double.add_token(login, ALL)
        self.page.goto(server + "signin/")
        self.page.locator("#f-token").click()
        self.page.keyboard.type(self.token)
        self.page.locator("#sign-in").click()
        self.wait_until(
            self.page,
            "() => (document.getElementById('signin-status') || {}).textContent"
            " && !document.getElementById('signin-status').textContent.includes('正在检查')",
        )
        assert self.page.locator("#signin-status").inner_text() == f"已登录：{login}"

    def open(self, pull: int | None = None) -> None:
        self.page.goto(self.server + "review/" + (f"?pull={pull}" if pull else ""))
        self.settled()

    def settled(self) -> None:
        self.wait_until(
            self.page,
            "() => { const s = document.getElementById('review-status');"
            " return s && !s.textContent.includes('正在读取'); }",
        )
        self.page.wait_for_load_state("networkidle")

    def text(self, ident: str) -> str:
        return self.page.locator(f'[id="{ident}"]').inner_text()

    def approvals(self) -> list[str]:
        return self.page.locator("#review-approvals li").all_inner_texts()

    def press(self, ident: str, then: str, words: str) -> str:
        """Click `ident`, wait until `then` says `words`, return what it says."""
        self.page.locator(f'[id="{ident}"]').click()
        return str(
            self.wait_until(
                self.page,
                "([id, w]) => { const t = document.getElementById(id).textContent;"
                " return t.includes(w) ? t : ''; }",
                [then, words],
            )
        )

    def type_into(self, ident: str, text: str) -> None:
        box = self.page.locator(f'[id="{ident}"]')
        box.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def assert_clean(self) -> None:
        """The token only in the Authorization header of requests to the double; nothing failed
        in the page; no placeholder left unfilled."""
        import re
        from urllib.parse import urlsplit

        for request in self.requests:
            assert self.token not in request.url
            carried = [k for k, v in request.all_headers().items() if self.token in v]
            if urlsplit(request.url).netloc == urlsplit(self.double.api).netloc:
                assert carried in ([], ["authorization"]), (request.url, carried)
            else:
                assert not carried, request.url
        assert not any(self.token in line for line in self.console)
        assert self.token not in self.page.content()
        assert not re.search(r"\{[a-z]+\}", self.page.locator("body").inner_text())
        assert self.errors == [], self.errors
        width = self.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= self.page.viewport_size["width"] + 1

    def axe_clean(self) -> None:
        """axe-core finds no serious or critical violation on the page as it stands."""
        from axe_playwright_python.sync_playwright import Axe

        found = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in Axe().run(self.page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert found == [], "\n".join(found)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def people(browser, server: str, double):
    made: list[Person] = []

    def make(login: str, size: dict = DESKTOP) -> Person:
        p = Person(browser, server, double, login, size)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


def _runs(double, number: int) -> dict[str, str | None]:
    pr = double.pulls[number]
    return {
        name: (run.conclusion if (run := double.checks.latest(pr.head_sha, name)) else None)
        for name in ("validate", "approvals")
    }


def _why(double, number: int) -> str:
    """The checks' own words (for a failed assertion)."""
    pr = double.pulls[number]
    runs = [double.checks.latest(pr.head_sha, n) for n in ("validate", "approvals")]
    return "\n".join(f"{r.name}: {r.summary} {r.annotations}" for r in runs if r)


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_a_general_branch_head_recommends_an_application(browser, server, double, people) -> None:
    """chen-jing files an application for eng-teachers; zhou-jianguo, head of gb-eng, finds it on
    /review/, reads the receipt, approves it with a comment and merges it. Signed out, the page
    asks for the sign-in and reads nothing."""
    stranger = browser.new_context()
    page = stranger.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(server + "review/")
    page.locator("#review-status").filter(has_text="请先登录").wait_for()
    assert page.locator("#review-output a").get_attribute("href") == "../signin/"
    assert not [url for url in asked if url.startswith(double.api)]
    stranger.close()
    size = DESKTOP
    slug = "eng-teachers-reading"
    rel = f"projects/2026/{slug}.md"
    from imagefactory import encode, picture

    text = render(front("applied")).replace(
        "\n## 预期目标", f"\n![支部党员在先锋岗服务]({slug}/duty.jpg)\n\n## 预期目标", 1
    )
    photo = encode(picture(seed=3))
    files = {rel: text, f"projects/2026/{slug}/duty.jpg": photo}
    number = api(double, "chen-jing").open_pull(f"apply-{slug}", files, "申报：党员先锋岗建设行动")
    assert _runs(double, number) == {"validate": "success", "approvals": "failure"}, _why(
        double, number
    )
    head = people("zhou-jianguo", size)
    head.open()
    item = head.page.locator(f'#review-list li[data-pull="{number}"]')
    assert "检查未通过：批准检查" in item.inner_text()  # approvals are missing: red until then
    assert f"等待你批准：2026/{slug}（新申报）" in item.inner_text()
    item.locator("a").click()
    head.settled()
    receipt = head.text("review-receipt")
    assert "党员先锋岗建设行动" in receipt and "stage:" not in receipt
    # The photo as a thumbnail, read through the API (a blob: address the policy allows).
    shown = head.wait_until(
        head.page,
        "() => [...document.querySelectorAll('#review-detail img')]"
        ".filter((i) => i.complete && i.naturalWidth > 0).map((i) => i.src)",
    )
    assert len(shown) == 1 and shown[0].startswith("blob:"), shown
    assert head.approvals() == [
        f"还需要：工程技术系党总支负责人 zhou-jianguo 的批准（2026/{slug}，新申报）。"
    ]
    assert head.page.locator("#approve").is_visible()
    head.axe_clean()
    head.type_into("f-comment", "同意推荐，请注意活动安全。")
    said = head.press("approve", "review-result", "已批准")
    assert double.pulls[number].head_sha[:7] in said
    review = double.pulls[number].reviews[-1]
    assert (review.login, review.state, review.body) == (
        "zhou-jianguo",
        "APPROVED",
        "同意推荐，请注意活动安全。",
    )
    assert review.commit_id == double.pulls[number].head_sha
    assert _runs(double, number) == {"validate": "success", "approvals": "success"}
    head.page.reload()
    head.settled()
    assert head.approvals() == [
        f"已有：工程技术系党总支负责人 zhou-jianguo 的批准（2026/{slug}，新申报）。"
    ]
    assert "可以合并" in head.text("review-merge-note")
    head.press("merge", "review-merge-note", "已合并")
    assert double.pulls[number].merged_at is not None
    assert double.store.entry("main", rel) is not None
    head.assert_clean()


def _on_main(double, rel: str) -> str:
    entry = double.store.entry("main", rel)
    assert entry is not None
    return double.store.blob(entry.sha).decode()


def _at_head(double, number: int, rel: str) -> str:
    entry = double.store.entry(double.pulls[number].head_sha, rel)
    assert entry is not None
    return double.store.blob(entry.sha).decode()


def _panel_page(person: Person, block: str) -> None:
    """From the pull request's page to /panel/ by its link, the project chosen there."""
    person.page.locator(f"#block-{block}").click()
    person.page.locator(f"#pull-{block}").wait_for()
    person.page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_a_conflict_hides_approval_and_a_panel_member_writes_the_grant_and_merges(
    double, people
) -> None:
    """sun-haiyan's pull request approves 汽车与智能制造教工党支部's application but leaves out the
    grant: the check is red and GitHub refuses the merge (405), and the page says why before
    asking. zhou-jianguo heads its general branch: no 批准, no panel block, and the reason.
    wu-xiaomei writes 立项批复 with the grant on /panel/ into the pull request's branch, approves
    the new head and merges."""
    rel = "projects/2026/auto-craftsman-lecture-hall.md"  # applied, eng-auto (gb-eng)
    draft = _file(rel).replace(
        "stage: applied\n",
        "stage: approved\napproval:\n  date: 2026-05-20\n  decision: approved\n",
        1,
    )
    number = api(double, "sun-haiyan").open_pull("approve-auto", {rel: draft}, "立项批复")
    first = double.pulls[number].head_sha
    assert _runs(double, number) == {"validate": "failure", "approvals": "failure"}
    status, out = api(double, "wu-xiaomei").call("PUT", f"{R}/pulls/{number}/merge", {"sha": first})
    assert status == 405 and "required status check" in out["message"].lower()

    zhou = people("zhou-jianguo", PHONE)
    zhou.open()
    item = zhou.page.locator(f'#review-list li[data-pull="{number}"]')
    assert "冲突回避" in item.inner_text()
    zhou.open(number)
    assert zhou.text("review-why").startswith(
        "冲突回避：你所在的支部或你负责的党总支与这个项目有关（汽车与智能制造教工党支部）"
    )
    assert not zhou.page.locator("#approve").is_visible()
    assert not zhou.page.locator("#review-blocks").is_visible()
    zhou.axe_clean()
    zhou.assert_clean()

    wu = people("wu-xiaomei")
    wu.open()
    assert (
        "等待你批准：2026/auto-craftsman-lecture-hall（已申报 → 已立项）"
        in wu.page.locator(f'#review-list li[data-pull="{number}"]').inner_text()
    )
    wu.open(number)
    assert "检查未通过：内容检查" in wu.text("review-checks")
    assert wu.text("review-merge-note").startswith("暂不能合并：内容检查未通过")
    said = wu.press("merge", "review-merge-note", "不能合并")
    assert "内容检查未通过" in said and "还需要：与该项目无利益冲突的评审组成员" in said
    assert double.pulls[number].merged_at is None
    _panel_page(wu, "approval")
    assert wu.page.locator('[id="f-approval.grant"]').input_value() == "1000"
    wu.type_into("f-approval.opinion", "同意立项，经费按标准资助。")
    wu.press("pull-approval", "approval-note", f"已把立项批复写入拉取请求 #{number}")
    second = double.pulls[number].head_sha
    assert second != first
    written = yaml.safe_load(_at_head(double, number, rel).split("---\n")[1])
    assert written["stage"] == "approved"
    assert written["approval"]["grant"] == 1000
    assert written["approval"]["opinion"] == "同意立项，经费按标准资助。"
    assert _runs(double, number) == {"validate": "success", "approvals": "failure"}

    wu.page.locator("#pull-back").click()
    wu.settled()
    assert "检查未通过：批准检查" in wu.text("review-checks")
    assert "1000" in wu.text("review-receipt")
    wu.press("approve", "review-result", "已批准")
    assert double.pulls[number].reviews[-1].commit_id == second
    assert _runs(double, number) == {"validate": "success", "approvals": "success"}
    wu.page.reload()
    wu.settled()
    wu.press("merge", "review-merge-note", "已合并")
    assert yaml.safe_load(_on_main(double, rel).split("---\n")[1])["approval"]["grant"] == 1000
    wu.assert_clean()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_an_acceptance_by_three_reviewers_then_the_leader_nominates(double, people) -> None:
    """zheng-chunhua types three reviewers' scores on /panel/ into sun-haiyan's acceptance pull
    request (its one-reviewer sheet had a wrong total); the receipt on /review/ shows the total
    `validate` computes; approved and merged. Then the panel leader approves the nomination."""
    from site_builder.core.figures import compute_total

    rel = "projects/2025/econ-teacher-micro-lectures.md"  # concluded, econ-teachers (gb-econ)
    draft = _file(rel).replace(
        "stage: concluded\n",
        "stage: accepted\nacceptance:\n  date: 2026-05-25\n  scores:\n    - reviewer: 孙海燕\n"
        "      completeness: 18\n      process: 18\n      participation: 18\n"
        "      education: 18\n      branch_building: 18\n  total: 99\n  result: passed\n",
        1,
    )
    number = api(double, "sun-haiyan").open_pull("accept-econ", {rel: draft}, "验收评分")
    assert _runs(double, number)["validate"] == "failure"
    zheng = people("zheng-chunhua")
    zheng.open(number)
    _panel_page(zheng, "acceptance")
    page = zheng.page
    rows = [[18, 17, 18, 17, 18], [17, 17, 17, 17, 17], [19, 18, 18, 17, 18]]
    page.select_option('[name="reviewers"]', "3")
    page.locator("#score-rows .sb-reviewer").nth(0).locator('[name="reviewer"]').click()
    for i, row in enumerate(rows):
        for text in (("孙海燕", "郑春华", "赵立新")[i], *map(str, row)):
            page.keyboard.press("Control+a")
            page.keyboard.type(text)
            page.keyboard.press("Tab")
    zheng.type_into("f-acceptance.date", "2026-05-25")
    zheng.type_into("f-acceptance.opinion", "同意通过验收。")
    zheng.press("pull-acceptance", "acceptance-note", f"已把验收评分写入拉取请求 #{number}")
    data = yaml.safe_load(_at_head(double, number, rel).split("---\n")[1])
    criteria = ["completeness", "process", "participation", "education", "branch_building"]
    total = compute_total(data["acceptance"]["scores"], criteria)
    assert str(total) == "87.7" and len(data["acceptance"]["scores"]) == 3
    assert _runs(double, number)["validate"] == "success"  # the written total is validate's
    zheng.page.locator("#pull-back").click()
    zheng.settled()
    assert "87.7" in zheng.text("review-receipt")
    zheng.press("approve", "review-result", "已批准")
    assert _runs(double, number) == {"validate": "success", "approvals": "success"}
    zheng.page.reload()
    zheng.settled()
    zheng.press("merge", "review-merge-note", "已合并")
    zheng.assert_clean()

    accepted = _on_main(double, rel)
    today = Programme.load(ROOT).settings.today()  # the notice starts when it is published
    nomination = accepted.replace("stage: accepted\n", "stage: nominated\n", 1).replace(
        "\n---\n", f"\naward:\n  year: 2026\n  title: 优秀成果\n  notice_start: {today}\n---\n", 1
    )
    number = api(double, "sun-haiyan").open_pull("nominate-econ", {rel: nomination}, "拟表彰")
    assert _runs(double, number) == {"validate": "success", "approvals": "failure"}, _why(
        double, number
    )
    leader = people("zhao-lixin", PHONE)
    leader.open()
    item = leader.page.locator(f'#review-list li[data-pull="{number}"]').inner_text()
    assert "通过验收 → 拟表彰（公示中）" in item
    leader.open(number)
    assert any(
        line.startswith("还需要：评审组组长 zhao-lixin 的批准") for line in leader.approvals()
    )
    leader.press("approve", "review-result", "已批准")
    assert _runs(double, number) == {"validate": "success", "approvals": "success"}
    leader.page.reload()
    leader.settled()
    assert all(line.startswith("已有：") for line in leader.approvals()), leader.approvals()
    leader.press("merge", "review-merge-note", "已合并")
    leader.assert_clean()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_the_leader_confirms_an_award_another_member_may_not(double, people) -> None:
    """After the notice, 拟表彰 → 优秀成果 waits for the panel leader: zheng-chunhua's approval
    alone leaves the leader's missing (the real `approvals` says so too); the leader's completes
    it."""
    rel = "projects/2025/art-red-murals-community.md"  # nominated, notice from 2026-06-01
    awarded = _file(rel).replace("stage: nominated\n", "stage: awarded\n", 1)
    number = api(double, "sun-haiyan").open_pull("award-art", {rel: awarded}, "评为优秀成果")
    zheng = people("zheng-chunhua")
    zheng.open(number)
    zheng.press("approve", "review-result", "已批准")
    zheng.page.reload()
    zheng.settled()
    lines = zheng.approvals()
    assert any(line.startswith("还需要：评审组组长 zhao-lixin 的批准") for line in lines), lines
    assert _runs(double, number) == {"validate": "success", "approvals": "failure"}
    assert zheng.text("review-merge-note").startswith("暂不能合并：批准检查未通过")
    leader = people("zhao-lixin")
    leader.open(number)
    leader.press("approve", "review-result", "已批准")
    assert _runs(double, number) == {"validate": "success", "approvals": "success"}
    leader.page.reload()
    leader.settled()
    leader.press("merge", "review-merge-note", "已合并")
    assert "stage: awarded" in _on_main(double, rel)
    leader.assert_clean()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.git
def test_changes_asked_then_a_new_head_approved_and_a_stale_approval_not_counted(
    double, people
) -> None:
    """需要修改 needs a comment; the branch pushes a new commit; the head approves it; one more
    commit leaves that approval on an older commit, which no longer counts (the page and the
    real `approvals` agree); approving the newest head completes it."""
    rel = "projects/2026/eng-teachers-duty-post.md"
    secretary = api(double, "chen-jing")
    number = secretary.open_pull(
        "apply-duty-post", {rel: render(front("applied"))}, "申报：党员先锋岗"
    )
    zhou = people("zhou-jianguo")
    zhou.open(number)
    said = zhou.press("request-changes", "f-comment-msg", "请在")
    assert "写明需要修改的地方" in said
    assert double.pulls[number].reviews == []
    zhou.type_into("f-comment", "请把活动时间安排写具体。")
    zhou.press("request-changes", "review-result", "已提交")
    review = double.pulls[number].reviews[-1]
    assert (review.state, review.body) == ("CHANGES_REQUESTED", "请把活动时间安排写具体。")

    text = render(
        front("applied"),
        "\n## 为什么开展活动\n\n原因。\n\n## 怎样开展活动\n\n每月一次。\n\n## 预期目标\n\n目标。\n",
    )
    secretary.commit("apply-duty-post", {rel: text})
    zhou.page.reload()
    zhou.settled()
    assert zhou.approvals()[0].startswith("还需要：工程技术系党总支负责人 zhou-jianguo")
    zhou.press("approve", "review-result", "已批准")
    assert _runs(double, number)["approvals"] == "success"

    secretary.commit("apply-duty-post", {rel: text.replace("每月一次。", "每月第一周一次。")})
    assert _runs(double, number)["approvals"] == "failure"  # the real command: not the head
    zhou.page.reload()
    zhou.settled()
    lines = zhou.approvals()
    assert lines[0].startswith("还需要：工程技术系党总支负责人 zhou-jianguo"), lines
    assert any("批准的是较早的提交" in line for line in lines), lines
    assert zhou.text("review-merge-note").startswith("暂不能合并：批准检查未通过")
    zhou.press("approve", "review-result", "已批准")
    assert _runs(double, number) == {"validate": "success", "approvals": "success"}
    zhou.assert_clean()
