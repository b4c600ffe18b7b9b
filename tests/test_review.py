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
    assert spec["page"] == "review" and spec["owner"] == "caishen-college"
    assert spec["roster"] == "data/roster.yml"
    for name in ("批准", "需要修改", "合并", "审批"):
        assert name in page
    assert "zhou-jianguo" not in page  # the roster's logins are read with the token, not published
