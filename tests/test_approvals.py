"""Review-aware approvals in real git repositories, with recorded review JSON in GitHub's shape:
every row of the approvals table (met and missing), stale approvals, later verdicts, dismissals,
conflicts of interest, the author's own approval, case-insensitive logins, malformed files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from factory import front, make_repo, render
from gitrepo_helpers import commit_on, init

from site_builder.cli import main
from site_builder.review.approvals import (
    JUDGE,
    LEADER,
    MAINTAINER,
    PANEL,
    ReviewsError,
    parse_reviews,
    standing,
)
from site_builder.review.gitrepo import approvals_refs

ROOT = Path(__file__).resolve().parent.parent

# A roster with conflicts of interest: `Eng-Head` heads gb-eng and sits on the panel (written in
# mixed case on purpose); `eng-stu` maintains eng-students and sits on the panel, so is conflicted
# for eng-students projects only. The projects below belong to eng-teachers (gb-eng).
ROSTER = """\
maintainers: [site-admin, site-admin-two]
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
STAGES = ("applied", "approved", "midterm", "accepted", "nominated", "awarded")
HEADS_ENG = "工程系党总支负责人"
_counter = iter(range(1, 10_000))


def slug(stage: str) -> str:
    return f"projects/2026/s-{stage}.md"


def review(login: str | None, state: str, commit: str, at: str) -> dict[str, Any]:
    """One review as GitHub's REST API lists it."""
    number = next(_counter)
    user = None
    if login is not None:
        user = {
            "login": login,
            "id": 1000 + number,
            "node_id": f"MDQ6VXNlcj{number}",
            "type": "User",
            "site_admin": False,
        }
    return {
        "id": 80_000 + number,
        "node_id": f"PRR_kwDOA{number}",
        "user": user,
        "body": "" if state == "APPROVED" else "请补充说明。",
        "state": state,
        "html_url": f"https://github.com/college/projects/pull/7#pullrequestreview-{number}",
        "pull_request_url": "https://api.github.com/repos/college/projects/pulls/7",
        "author_association": "COLLABORATOR",
        "_links": {"html": {"href": "https://github.com/college/projects/pull/7"}},
        "submitted_at": at,
        "commit_id": commit,
    }


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("approvals") / "repo")
    (root / "data" / "roster.yml").write_text(ROSTER, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    for stage in STAGES:
        (root / slug(stage)).parent.mkdir(parents=True, exist_ok=True)
        (root / slug(stage)).write_text(render(front(stage)), encoding="utf-8")
    init(root)
    return root


def pull_request(repo: Path, files: dict[str, str | bytes | None]) -> str:
    """A pull-request branch with `files` changed; returns its head commit."""
    branch = f"pr-{next(_counter)}"
    commit_on(repo, branch, "main", files)
    return branch


def needs(repo: Path, branch: str, author: str, reviews: list[dict[str, Any]]):
    parsed = parse_reviews(json.dumps(reviews), "reviews.json")
    return approvals_refs(repo, "main", branch, author, parsed)


def head_of(repo: Path, branch: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", branch], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def approved_by(repo: Path, branch: str, *logins: str) -> list[dict[str, Any]]:
    head = head_of(repo, branch)
    return [
        review(login, "APPROVED", head, f"2026-05-20T0{i}:00:00Z")
        for i, login in enumerate(logins, 1)
    ]


def roles(result) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(req.role, req.eligible, by) for req, by in result.met]


def edited(stage: str, **changes: Any) -> str:
    data = front(stage)
    data.update(changes)
    return render(data)


# ---------------------------------------------------------------- row 1: a new application


@pytest.mark.git
def test_new_application_needs_a_head_of_its_general_branch(repo: Path) -> None:
    pr = pull_request(repo, {"projects/2026/brand-new.md": render(front("applied"))})
    missing = needs(repo, pr, "eng-sec", approved_by(repo, pr, "panel-two"))
    assert roles(missing) == [(HEADS_ENG, ("Eng-Head",), None)]
    assert not missing.satisfied
    assert missing.lines()[1] == (
        "还需要\uff1a工程系党总支负责人 Eng-Head 的批准\uff082026/brand-new\uff0c新申报\uff09\u3002"
    )
    met = needs(repo, pr, "eng-sec", approved_by(repo, pr, "eng-head"))
    assert met.satisfied and roles(met) == [(HEADS_ENG, ("Eng-Head",), "Eng-Head")]


@pytest.mark.git
def test_new_application_by_a_head_needs_any_other_panel_member(repo: Path) -> None:
    pr = pull_request(repo, {"projects/2026/by-head.md": render(front("applied"))})
    own = needs(repo, pr, "eng-head", approved_by(repo, pr, "eng-head"))
    assert roles(own) == [(PANEL, ("panel-lead", "panel-two", "eng-stu"), None)]
    # A new application is a submission, not a judgment: any panel member, conflicted or not.
    assert needs(repo, pr, "eng-head", approved_by(repo, pr, "eng-stu")).satisfied


@pytest.mark.git
def test_new_application_of_a_general_branch_with_two_heads(repo: Path) -> None:
    art = front("applied", general_branch="gb-art", branch="art-teachers", unit="艺术系")
    pr = pull_request(repo, {"projects/2026/art-new.md": render(art)})
    result = needs(repo, pr, "art-sec", [])
    assert result.missing[0].eligible == ("art-head", "art-head-two")
    assert "art-head\u3001art-head-two 中任一人的批准" in result.lines()[1]
    assert needs(repo, pr, "art-sec", approved_by(repo, pr, "art-head-two")).satisfied


# ---------------------------------------------------------------- row 2: panel steps and fields


@pytest.mark.git
def test_panel_step_needs_a_panel_member_without_a_conflict(repo: Path) -> None:
    pr = pull_request(repo, {slug("applied"): render(front("approved"))})
    conflicted = needs(repo, pr, "panel-lead", approved_by(repo, pr, "eng-head"))
    # Eng-Head heads the project's general branch: a conflict; not even offered as eligible.
    assert roles(conflicted) == [(JUDGE, ("panel-two", "eng-stu"), None)]
    assert "已申报 \u2192 已立项" in conflicted.lines()[1]
    assert needs(repo, pr, "panel-lead", approved_by(repo, pr, "panel-two")).satisfied
    # eng-stu maintains eng-students, not this project's branch: no conflict here.
    assert needs(repo, pr, "panel-lead", approved_by(repo, pr, "eng-stu")).satisfied


@pytest.mark.git
def test_panel_field_edit_within_a_stage(repo: Path) -> None:
    data = front("midterm")
    data["midterm"] = {**data["midterm"], "opinion": "进展良好\uff0c请补充阶段性小结\u3002"}
    pr = pull_request(repo, {slug("midterm"): render(data)})
    result = needs(repo, pr, "panel-two", approved_by(repo, pr, "eng-head"))
    assert roles(result) == [(JUDGE, ("panel-lead", "eng-stu"), None)]
    assert "midterm" in result.missing[0].reason
    assert needs(repo, pr, "panel-two", approved_by(repo, pr, "panel-lead")).satisfied


@pytest.mark.git
def test_conflict_follows_the_branch_on_either_side(repo: Path) -> None:
    # The panel moves a project to eng-students while approving it: eng-stu, who maintains
    # eng-students, is conflicted because ownership is the union of both sides.
    data = front("approved", branch="eng-students")
    pr = pull_request(repo, {slug("applied"): render(data)})
    result = needs(repo, pr, "panel-lead", approved_by(repo, pr, "eng-stu"))
    assert roles(result) == [(JUDGE, ("panel-two",), None)]


# ---------------------------------------------------------------- row 3: awards


@pytest.mark.git
def test_award_needs_the_leader_and_a_judge(repo: Path) -> None:
    pr = pull_request(repo, {slug("accepted"): render(front("awarded"))})
    result = needs(repo, pr, "panel-two", approved_by(repo, pr, "eng-stu"))
    assert roles(result) == [
        (JUDGE, ("panel-lead", "eng-stu"), "eng-stu"),
        (LEADER, ("panel-lead",), None),
    ]
    assert any(
        line.startswith("还需要\uff1a评审组组长 panel-lead 的批准") for line in result.lines()
    )
    # The leader, without a conflict, meets both.
    assert needs(repo, pr, "panel-two", approved_by(repo, pr, "panel-lead")).satisfied


@pytest.mark.git
@pytest.mark.parametrize(
    ("source", "target"), [("accepted", "nominated"), ("nominated", "awarded")]
)
def test_nominating_and_awarding_after_the_notice_need_the_leader(
    repo: Path, source: str, target: str
) -> None:
    # 公示: both steps towards an award are the leader's, as the award itself.
    pr = pull_request(repo, {slug(source): render(front(target))})
    result = needs(repo, pr, "panel-two", approved_by(repo, pr, "eng-stu"))
    assert LEADER in [req.role for req in result.missing]
    assert needs(repo, pr, "panel-two", approved_by(repo, pr, "panel-lead")).satisfied


@pytest.mark.git
def test_any_edit_of_award_needs_the_leader(repo: Path) -> None:
    data = front("awarded")
    data["award"] = {**data["award"], "prize": 3000}
    pr = pull_request(repo, {slug("awarded"): render(data)})
    result = needs(repo, pr, "panel-two", approved_by(repo, pr, "eng-stu"))
    assert [req.role for req in result.missing] == [LEADER]
    assert result.missing[0].reason == "修改 award"
    assert needs(repo, pr, "panel-two", approved_by(repo, pr, "panel-lead")).satisfied


@pytest.mark.git
def test_an_award_authored_by_the_only_leader_cannot_be_approved(repo: Path) -> None:
    pr = pull_request(repo, {slug("accepted"): render(front("awarded"))})
    result = needs(repo, pr, "panel-lead", approved_by(repo, pr, "panel-lead", "panel-two"))
    leader = [req for req in result.missing if req.role == LEADER]
    assert leader and leader[0].eligible == () and leader[0].author_excluded
    text = "\n".join(result.lines())
    assert "但名册中没有可以批准的人" in text and "作者本人不能批准自己的拉取请求" in text


# ---------------------------------------------------------------- row 4: branch steps


@pytest.mark.git
@pytest.mark.parametrize(
    ("source", "target"), [("midterm", "concluded"), ("approved", "withdrawn")]
)
def test_branch_step_needs_a_panel_member_without_a_conflict(
    repo: Path, source: str, target: str
) -> None:
    pr = pull_request(repo, {slug(source): render(front(target))})
    conflicted = needs(repo, pr, "eng-sec", approved_by(repo, pr, "eng-head"))
    assert roles(conflicted) == [(JUDGE, ("panel-lead", "panel-two", "eng-stu"), None)]
    assert needs(repo, pr, "eng-sec", approved_by(repo, pr, "panel-two")).satisfied


# ---------------------------------------------------------------- row 5: edits while applied


@pytest.mark.git
def test_branch_edit_while_applied_needs_a_head(repo: Path) -> None:
    pr = pull_request(repo, {slug("applied"): edited("applied", title="党员先锋岗建设提升行动")})
    result = needs(repo, pr, "eng-sec", approved_by(repo, pr, "panel-two"))
    assert roles(result) == [(HEADS_ENG, ("Eng-Head",), None)]
    assert result.missing[0].reason == "已申报阶段内修改"
    assert needs(repo, pr, "eng-sec", approved_by(repo, pr, "Eng-Head")).satisfied


@pytest.mark.git
def test_head_editing_while_applied_needs_a_panel_member(repo: Path) -> None:
    pr = pull_request(repo, {slug("applied"): edited("applied", title="党员先锋岗建设提升行动")})
    result = needs(repo, pr, "eng-head", [])
    assert roles(result) == [(PANEL, ("panel-lead", "panel-two", "eng-stu"), None)]


@pytest.mark.git
def test_a_media_file_is_an_edit_of_its_project(repo: Path) -> None:
    pr = pull_request(repo, {"projects/2026/s-applied/photo.png": b"\x89PNG\r\n\x1a\n"})
    result = needs(repo, pr, "eng-sec", [])
    assert roles(result) == [(HEADS_ENG, ("Eng-Head",), None)]


@pytest.mark.git
def test_a_media_file_after_acceptance_needs_a_panel_member_without_a_conflict(
    repo: Path,
) -> None:
    pr = pull_request(repo, {"projects/2026/s-accepted/photo.png": b"\x89PNG\r\n\x1a\n"})
    result = needs(repo, pr, "eng-sec", approved_by(repo, pr, "eng-head"))
    assert roles(result) == [(JUDGE, ("panel-lead", "panel-two", "eng-stu"), None)]
    assert result.missing[0].reason == "通过验收阶段内修改"


@pytest.mark.git
def test_a_photo_moved_between_projects_needs_each_projects_approval(repo: Path) -> None:
    photo = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    commit_on(repo, "with-photo", "main", {"projects/2026/s-applied/photo.png": photo})
    branch = f"pr-{next(_counter)}"
    commit_on(
        repo,
        branch,
        "with-photo",
        {"projects/2026/s-applied/photo.png": None, "projects/2026/s-accepted/photo.png": photo},
    )
    parsed = parse_reviews(json.dumps(approved_by(repo, branch, "eng-head")), "reviews.json")
    result = approvals_refs(repo, "with-photo", branch, "eng-sec", parsed)
    # It leaves one project (the application's head approves) and joins the other (the panel).
    assert [(req.subject, req.role, by) for req, by in result.met] == [
        ("2026/s-applied", HEADS_ENG, "Eng-Head"),
        ("2026/s-accepted", JUDGE, None),
    ]


# ---------------------------------------------------------------- row 6: other edits


@pytest.mark.git
def test_other_branch_edit_needs_a_panel_member_without_a_conflict(repo: Path) -> None:
    text = render(front("midterm")) + "\n补充\uff1a本月开展先锋岗服务两次\u3002\n"
    pr = pull_request(repo, {slug("midterm"): text})
    result = needs(repo, pr, "eng-sec", approved_by(repo, pr, "eng-head"))
    assert roles(result) == [(JUDGE, ("panel-lead", "panel-two", "eng-stu"), None)]
    assert result.missing[0].reason == "中期检查阶段内修改"
    assert needs(repo, pr, "eng-sec", approved_by(repo, pr, "panel-lead")).satisfied


@pytest.mark.git
def test_a_deleted_project_file_needs_a_panel_member_without_a_conflict(repo: Path) -> None:
    pr = pull_request(repo, {slug("midterm"): None})
    result = needs(repo, pr, "eng-sec", approved_by(repo, pr, "eng-head"))
    assert [(r.subject, r.reason, r.role, r.eligible) for r in result.missing] == [
        ("2026/s-midterm", "删除项目文件", JUDGE, ("panel-lead", "panel-two", "eng-stu"))
    ]


# ---------------------------------------------------------------- row 7: files outside projects/


@pytest.mark.git
def test_files_outside_projects_need_another_maintainer(repo: Path) -> None:
    pr = pull_request(repo, {"docs/index.md": "# 首页\n\n新的说明\u3002\n", "mkdocs.yml": "x: 1\n"})
    result = needs(repo, pr, "site-admin", approved_by(repo, pr, "site-admin", "panel-lead"))
    assert roles(result) == [(MAINTAINER, ("site-admin-two",), None)]
    assert result.missing[0].subject == "其他文件\uff082 个\uff09"
    assert needs(repo, pr, "site-admin", approved_by(repo, pr, "site-admin-two")).satisfied


@pytest.mark.git
def test_a_pull_request_mixing_kinds_needs_each_approval(repo: Path) -> None:
    pr = pull_request(
        repo,
        {
            "docs/index.md": "# 首页\n\n改\u3002\n",
            "projects/2026/mixed.md": render(front("applied")),
        },
    )
    result = needs(repo, pr, "eng-sec", approved_by(repo, pr, "eng-head"))
    assert [(req.role, by) for req, by in result.met] == [
        (HEADS_ENG, "Eng-Head"),
        (MAINTAINER, None),
    ]
    assert result.verdict() == "还缺 1 项批准\u3002"


# ---------------------------------------------------------------- reviews


@pytest.mark.git
def test_a_stale_approval_does_not_count(repo: Path) -> None:
    pr = pull_request(repo, {"projects/2026/stale.md": render(front("applied"))})
    old = head_of(repo, pr)
    commit_on(repo, pr, pr, {"projects/2026/stale.md": edited("applied", title="改过的项目名称")})
    reviews = [review("eng-head", "APPROVED", old, "2026-05-20T08:00:00Z")]
    result = needs(repo, pr, "eng-sec", reviews)
    assert not result.satisfied
    assert any(f"较早的提交 {old[:7]}" in note for note in result.notes)
    again = [*reviews, review("eng-head", "APPROVED", head_of(repo, pr), "2026-05-21T08:00:00Z")]
    assert needs(repo, pr, "eng-sec", again).satisfied


@pytest.mark.git
def test_later_changes_requested_overrides_an_approval(repo: Path) -> None:
    pr = pull_request(repo, {"projects/2026/later.md": render(front("applied"))})
    head = head_of(repo, pr)
    approve = review("eng-head", "APPROVED", head, "2026-05-20T08:00:00Z")
    reject = review("eng-head", "CHANGES_REQUESTED", head, "2026-05-20T09:00:00Z")
    comment = review("eng-head", "COMMENTED", head, "2026-05-20T10:00:00Z")
    # Listed out of order: the time decides, and a comment changes nothing.
    result = needs(repo, pr, "eng-sec", [reject, comment, approve])
    assert not result.satisfied
    assert "eng-head 请求修改\uff0c尚未批准\u3002" in result.notes
    approve_again = review("eng-head", "APPROVED", head, "2026-05-21T08:00:00Z")
    assert needs(repo, pr, "eng-sec", [approve, reject, comment, approve_again]).satisfied
    # A comment after an approval leaves the approval standing.
    assert needs(repo, pr, "eng-sec", [approve, comment]).satisfied


@pytest.mark.git
def test_a_dismissed_approval_does_not_count(repo: Path) -> None:
    pr = pull_request(repo, {"projects/2026/dismissed.md": render(front("applied"))})
    head = head_of(repo, pr)
    result = needs(
        repo, pr, "eng-sec", [review("eng-head", "DISMISSED", head, "2026-05-20T08:00Z")]
    )
    assert not result.satisfied
    assert any("已被撤销" in note for note in result.notes)


@pytest.mark.git
def test_the_author_approving_their_own_pull_request_does_not_count(repo: Path) -> None:
    pr = pull_request(repo, {slug("applied"): render(front("approved"))})
    result = needs(repo, pr, "panel-two", approved_by(repo, pr, "Panel-Two"))
    assert not result.satisfied
    assert "panel-two" not in result.missing[0].eligible
    assert "Panel-Two 是作者\uff0c作者本人的批准不计\u3002" in result.notes


@pytest.mark.git
def test_logins_compare_case_insensitively(repo: Path) -> None:
    pr = pull_request(repo, {"projects/2026/cases.md": render(front("applied"))})
    # The roster writes Eng-Head, GitHub writes eng-head, the author comes in upper case.
    assert needs(repo, pr, "ENG-SEC", approved_by(repo, pr, "eng-head")).satisfied
    head = needs(repo, pr, "EnG-hEaD", [])
    assert head.missing[0].role == PANEL


@pytest.mark.git
def test_a_deleted_account_and_an_empty_list(repo: Path) -> None:
    pr = pull_request(repo, {"projects/2026/ghost.md": render(front("applied"))})
    head = head_of(repo, pr)
    assert not needs(
        repo, pr, "eng-sec", [review(None, "APPROVED", head, "2026-05-20T08:00Z")]
    ).satisfied
    assert not needs(repo, pr, "eng-sec", []).satisfied


@pytest.mark.git
def test_no_changes_need_no_approval(repo: Path) -> None:
    pr = pull_request(repo, {})
    result = needs(repo, pr, "eng-sec", [])
    assert result.satisfied and result.lines() == ["本拉取请求不需要批准\u3002"]


def test_standing_is_the_latest_deciding_review() -> None:
    text = json.dumps(
        [
            review("a", "APPROVED", "c1", "2026-05-20T08:00:00Z"),
            review("A", "COMMENTED", "c1", "2026-05-20T09:00:00Z"),
            review("b", "PENDING", "c1", "2026-05-20T09:00:00Z"),
        ]
    )
    latest = standing(parse_reviews(text, "r.json"))
    assert set(latest) == {"a"} and latest["a"].state == "APPROVED"


def test_paginated_output_is_read_page_after_page() -> None:
    # `gh api --paginate` prints one JSON array per page, one after another.
    first = [review("a", "APPROVED", "c1", "2026-05-20T08:00:00Z")]
    second = [review("a", "CHANGES_REQUESTED", "c1", "2026-05-21T08:00:00Z")]
    parsed = parse_reviews(json.dumps(first) + json.dumps(second) + "\n", "r.json")
    assert [r.state for r in parsed] == ["APPROVED", "CHANGES_REQUESTED"]
    assert standing(parsed)["a"].state == "CHANGES_REQUESTED"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "是空的"),
        ("[{", "不是有效的 JSON"),
        ('{"message": "Not Found"}', "应是 JSON 列表"),
        ("[1]", "第 1 条评审应是 JSON 对象"),
        ('[{"user": {"login": "a"}, "submitted_at": "2026-05-20T08:00:00Z"}]', "缺少 state"),
        ('[{"user": {"login": 5}, "state": "APPROVED"}]', "user.login"),
        (
            '[{"user": {"login": "a"}, "state": "APPROVED", "submitted_at": "昨天"}]',
            "submitted_at",
        ),
        (
            '[{"user": {"login": "a"}, "state": "APPROVED", "commit_id": 7,'
            ' "submitted_at": "2026-05-20T08:00:00Z"}]',
            "commit_id",
        ),
    ],
)
def test_malformed_reviews_are_named_in_chinese(text: str, needle: str) -> None:
    with pytest.raises(ReviewsError) as exc:
        parse_reviews(text, "reviews.json")
    assert needle in str(exc.value) and "reviews.json" in str(exc.value)


# ---------------------------------------------------------------- the command


def run_cli(repo: Path, tmp_path: Path, pr: str, author: str, reviews: Any, *extra: str):
    path = tmp_path / "reviews.json"
    path.write_text(reviews if isinstance(reviews, str) else json.dumps(reviews), encoding="utf-8")
    argv = ["--root", str(repo), "approvals", "--base", "main", "--head", pr]
    return main([*argv, "--author", author, "--reviews", str(path), *extra])


@pytest.mark.git
def test_command_exit_codes_and_text(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pr = pull_request(repo, {"projects/2026/cli-new.md": render(front("applied"))})
    assert run_cli(repo, tmp_path, pr, "eng-sec", []) == 1
    out = capsys.readouterr().out
    assert "还需要\uff1a工程系党总支负责人 Eng-Head 的批准" in out
    assert out.rstrip().endswith("还缺 1 项批准\u3002")
    assert run_cli(repo, tmp_path, pr, "eng-sec", approved_by(repo, pr, "eng-head")) == 0
    assert capsys.readouterr().out.rstrip().endswith("批准齐全\u3002")


@pytest.mark.git
def test_command_json(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pr = pull_request(repo, {slug("accepted"): render(front("awarded"))})
    code = run_cli(
        repo, tmp_path, pr, "panel-two", approved_by(repo, pr, "eng-stu"), "--format", "json"
    )
    assert code == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["head"] == head_of(repo, pr) and payload["satisfied"] is False
    assert [(r["role"], r["approved_by"]) for r in payload["requirements"]] == [
        (JUDGE, "eng-stu"),
        (LEADER, None),
    ]
    assert payload["missing"] == [
        "还需要\uff1a评审组组长 panel-lead 的批准\uff082026/s-accepted\uff0c"
        "通过验收 \u2192 优秀成果\uff09\u3002"
    ]


@pytest.mark.git
def test_command_github_format_and_summary(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    pr = pull_request(repo, {"projects/2026/gh-new.md": render(front("applied"))})
    assert run_cli(repo, tmp_path, pr, "::error::x", [], "--format", "github") == 1
    out = capsys.readouterr().out
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## 批准检查") and "还缺 1 项批准" in text


@pytest.mark.git
@pytest.mark.parametrize(
    ("content", "needle"),
    [("not json", "不是有效的 JSON"), ('{"a": 1}', "应是 JSON 列表"), ("[null]", "JSON 对象")],
)
def test_command_malformed_reviews_exit_2(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    assert run_cli(repo, tmp_path, "main", "eng-sec", content) == 2
    err = capsys.readouterr().err
    assert err.startswith("评审记录文件有误\uff1a") and needle in err


@pytest.mark.git
def test_command_missing_file_and_bad_ref(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--root", str(repo), "approvals", "--base", "main", "--author", "a"]
    assert main([*argv, "--reviews", str(tmp_path / "none.json")]) == 2
    assert "无法读取评审记录文件" in capsys.readouterr().err
    path = tmp_path / "ok.json"
    path.write_text("[]", encoding="utf-8")
    assert main([*argv, "--head", "no-such-ref", "--reviews", str(path)]) == 2
    assert "找不到提交 no-such-ref" in capsys.readouterr().err


@pytest.mark.git
def test_module_entry_point_without_traceback(repo: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("[", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = ["--root", str(repo), "approvals", "--base", "main", "--author", "eng-sec"]
    proc = subprocess.run(
        [sys.executable, "-m", "site_builder", *argv, "--reviews", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "评审记录文件有误" in proc.stderr
