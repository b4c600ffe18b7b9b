"""The review gate under attack (issue 10): each attack that once got through the pull-request
check, in a real git repository, now refused with its code; the legitimate change next to it
still passes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from factory import ROOT, SECTION_TEXT, front, make_repo, render
from gitrepo_helpers import commit_on, git, init

from site_builder.cli.commands.check import check_refs
from site_builder.core.loader import LoadError, load_text
from site_builder.core.process import HEADINGS, PLAN_SECTIONS
from site_builder.core.programme import Programme
from site_builder.core.tree import parse_project
from site_builder.review.gitrepo import approvals_refs
from site_builder.rules.validate import check_project, validate

APPROVED = "projects/2026/s-approved.md"
APPLIED = "projects/2026/s-applied.md"


@pytest.fixture
def gate(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    for stage in ("applied", "approved", "midterm", "concluded", "accepted"):
        (root / f"projects/2026/s-{stage}.md").parent.mkdir(parents=True, exist_ok=True)
        (root / f"projects/2026/s-{stage}.md").write_text(render(front(stage)), encoding="utf-8")
    init(root)
    return root


def outcome_of(root: Path, author: str, branch: str = "pr") -> list[tuple[str, str]]:
    """(path, code) of every error the check finds in `branch` against main."""
    outcome = check_refs(root, "main", branch, author)
    return sorted((d.path, d.code) for d in outcome.diagnostics if d.severity == "error")


def on_main(root: Path, files: dict[str, str]) -> None:
    """Commit `files` on main (what earlier, merged pull requests left there)."""
    git(root, "checkout", "-q", "main")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "earlier")


def moved(root: Path, old: str, new: str, content: str | None = None) -> None:
    """A branch `pr` from main that moves `old` to `new`; git must see it as one rename."""
    git(root, "checkout", "-q", "-B", "pr", "main")
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    git(root, "mv", old, new)
    if content is not None:
        (root / new).write_text(content, encoding="utf-8")
        git(root, "add", new)
    git(root, "commit", "-q", "-m", "move")
    assert git(root, "diff", "--name-status", "-M", "main", "pr").startswith("R")


# ---------------------------------------------------------------- 1. moves across projects/


@pytest.mark.git
@pytest.mark.parametrize("author", ["site-admin", "eng-sec", "panel-lead"])
def test_moving_a_project_out_is_a_deletion(gate: Path, author: str) -> None:
    moved(gate, APPROVED, "tests/data/x.md")
    found = outcome_of(gate, author)
    assert (APPROVED, "PT503") in found
    # The arriving side is a file outside projects/: the maintainers' business as ever.
    assert (("tests/data/x.md", "PT501") in found) == (author != "site-admin")


@pytest.mark.git
def test_moving_it_back_with_a_big_grant_is_a_new_application(gate: Path) -> None:
    # Suppose the move out had been merged: the project now lies outside projects/.
    data = front("approved")
    on_main(gate, {"tests/data/x.md": render(data)})
    data["approval"]["grant"] = 50000
    moved(gate, "tests/data/x.md", "projects/2026/back.md", render(data))
    assert outcome_of(gate, "site-admin") == [("projects/2026/back.md", "PT506")]
    # Even the branch's own maintainer may only file it as a new application.
    found = outcome_of(gate, "eng-sec")
    assert ("projects/2026/back.md", "PT505") in found
    assert ("tests/data/x.md", "PT501") in found


@pytest.mark.git
def test_a_docs_page_renamed_into_an_award(gate: Path) -> None:
    data = front("awarded")
    data["award"]["prize"] = 900000
    on_main(gate, {"docs/winner.md": render(data)})
    moved(gate, "docs/winner.md", "projects/2026/from-docs.md")
    assert outcome_of(gate, "site-admin") == [("projects/2026/from-docs.md", "PT506")]


@pytest.mark.git
def test_a_docs_page_renamed_into_a_nonsense_stage(gate: Path) -> None:
    data = front("applied")
    data["stage"] = "nonsense"
    on_main(gate, {"docs/odd.md": render(data)})
    moved(gate, "docs/odd.md", "projects/2026/from-docs.md")
    codes = {code for _, code in outcome_of(gate, "site-admin")}
    assert "PS201" in codes  # not a stage of the process: it would break the deploy


@pytest.mark.git
def test_a_branch_may_move_its_application_in_as_a_new_one(gate: Path) -> None:
    """The legitimate case: a draft kept outside projects/ by a maintainer who is also the
    branch's maintainer becomes an application."""
    roster = yaml.safe_load((gate / "data/roster.yml").read_text(encoding="utf-8"))
    roster["maintainers"].append("eng-sec")
    (gate / "data/roster.yml").write_text(yaml.safe_dump(roster, allow_unicode=True), "utf-8")
    on_main(gate, {"drafts/plan.md": render(front("applied"))})
    moved(gate, "drafts/plan.md", "projects/2026/new-plan.md")
    assert outcome_of(gate, "eng-sec") == []


@pytest.mark.git
def test_a_maintainers_change_under_docs_passes(gate: Path) -> None:
    commit_on(gate, "pr", "main", {"docs/index.md": "# 首页\n\n新的介绍。\n"})
    assert outcome_of(gate, "site-admin") == []
    moved(gate, "docs/index.md", "docs/home.md")
    assert outcome_of(gate, "site-admin") == []
    assert outcome_of(gate, "eng-sec") == [("docs/home.md", "PT501")]


# ---------------------------------------------------------------- 2. keys and the award quota


@pytest.mark.parametrize(
    "key",
    [
        '"\\x61ward"',
        '"\\u0061ward"',
        "'award'",
        '"award"',
        "! award",
        "? |-\n  award\n",
        "Award",
        "award-year",
        "标题",
    ],
)
def test_a_key_is_a_plain_lower_case_word(key: str) -> None:
    text = f"---\ntitle: x\n{key}: 1\n---\n"
    with pytest.raises(LoadError) as info:
        load_text(text)
    assert info.value.rule.code == "PF118"
    assert info.value.pos[0] == 3
    assert "\u5b57\u6bb5\u540d" in info.value.message  # names the key (字段名) and the fix
    assert "title" in info.value.message


@pytest.mark.parametrize(
    "text",
    [
        "acceptance:\n  scores:\n    - {'reviewer': x}\n",
        'approval: {"date": 2026-05-20}\n',
        'award:\n  "year": 2027\n',
    ],
)
def test_nested_keys_follow_the_same_rule(text: str) -> None:
    with pytest.raises(LoadError) as info:
        load_text(f"---\ntitle: x\n{text}---\n")
    assert info.value.rule.code == "PF118"


def test_the_shipped_data_files_keep_to_plain_keys() -> None:
    # The roster and settings are read by the same strict reader.
    Programme.load(ROOT)


def _fm(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _without(data: dict, *keys: str) -> dict:
    return {k: v for k, v in data.items() if k not in keys}


# An awarded project written in every style the strict reader accepts. Each must validate, and
# the pull-request check must count it towards the quota exactly as `validate` does.
AWARD = {"year": 2027, "title": "优秀成果", "rank": "一等奖", "prize": 2000}
TRICKY: dict[str, str] = {
    "flow-wrapped": "---\n"
    + yaml.safe_dump(front("awarded"), allow_unicode=True, default_flow_style=True, width=40)
    + "---\n",
    "explicit-key": "---\n"
    + _fm(_without(front("awarded"), "award"))
    + "? award\n: {year: 2027, title: 优秀成果, rank: 一等奖, prize: 2000}\n---\n",
    "escaped-values": "---\n"
    + _fm(_without(front("awarded"), "stage", "award"))
    + 'stage: "awar\\\n  ded"\naward:\n  year: 2027\n  title: "\\u4f18\\u79c0\\u6210\\u679c"\n'
    + "---\n",
    "space-before-colon": "---\n"
    + _fm(_without(front("awarded"), "award"))
    + "award   :   # the panel's decision\n  year: 2027\n---\n",
    "dots-bom-crlf": ("\ufeff---\n" + _fm(front("awarded")) + "...\n").replace("\n", "\r\n"),
}


def without_notice(root: Path) -> dict[str, str]:
    """The settings with the public notice off (`notice_days: 0`): an award straight from
    accepted, as these award tests make it (the notice is tests/test_notice.py's)."""
    text = (root / "data/programme.yml").read_text(encoding="utf-8")
    return {"data/programme.yml": text + "notice_days: 0\n"}


@pytest.fixture
def three_awards(gate: Path) -> Path:
    """main with two plainly written awards of 2027, without a public notice."""
    awards = {f"projects/2026/aw-{i}.md": render(front("awarded")) for i in range(2)}
    on_main(gate, {**awards, **without_notice(gate)})
    return gate


def _fourth_award(root: Path) -> None:
    data = front("accepted")
    data["stage"] = "awarded"
    data["award"] = dict(AWARD)
    commit_on(root, "pr", "main", {"projects/2026/s-accepted.md": render(data)})


@pytest.mark.git
def test_a_third_award_passes(three_awards: Path) -> None:
    _fourth_award(three_awards)
    assert outcome_of(three_awards, "panel-lead") == []


@pytest.mark.git
@pytest.mark.parametrize("style", sorted(TRICKY))
def test_the_quota_counts_awards_in_every_style(three_awards: Path, style: str) -> None:
    programme = Programme.load(three_awards)
    text = TRICKY[style] + "\n".join(f"## {h}\n\n内容。\n" for h in HEADINGS)
    on_main(three_awards, {"projects/2026/tricky.md": text})
    doc = load_text(text.replace("\r\n", "\n").removeprefix("\ufeff"))
    assert doc.data["stage"] == "awarded" and doc.data["award"]["year"] == 2027
    assert validate(three_awards, programme, {"projects/2026/tricky.md"}).diagnostics == []

    _fourth_award(three_awards)
    assert outcome_of(three_awards, "panel-lead") == [("projects/2026/s-accepted.md", "PR308")]
    # The full validation of the head tree sees the same four awards.
    full = validate(three_awards, programme).diagnostics
    assert {d.path for d in full if d.code == "PR308"} == {
        "projects/2026/aw-0.md",
        "projects/2026/aw-1.md",
        "projects/2026/tricky.md",
        "projects/2026/s-accepted.md",
    }


@pytest.mark.git
@pytest.mark.parametrize("key", ['"\\x61ward"', '"\\u0061ward"'])
def test_an_escaped_award_key_is_refused_in_a_pull_request(gate: Path, key: str) -> None:
    data = front("accepted")
    text = render(data).replace("stage: accepted", f"stage: awarded\n{key}:\n  year: 2027", 1)
    commit_on(gate, "pr", "main", {"projects/2026/s-accepted.md": text})
    assert outcome_of(gate, "panel-lead") == [("projects/2026/s-accepted.md", "PF118")]


# ---------------------------------------------------------------- 3. the award year


@pytest.mark.git
def test_a_fourth_award_booked_to_another_year(three_awards: Path) -> None:
    on_main(three_awards, {"projects/2026/aw-2.md": render(front("awarded"))})
    data = front("accepted")
    data["stage"] = "awarded"
    data["award"] = AWARD | {"year": 2031}
    commit_on(three_awards, "pr", "main", {"projects/2026/s-accepted.md": render(data)})
    found = outcome_of(three_awards, "panel-lead")
    # Wrong year, and counted where it belongs (the acceptance's year) it is the fourth.
    assert found == [
        ("projects/2026/s-accepted.md", "PR308"),
        ("projects/2026/s-accepted.md", "PR312"),
    ]
    outcome = check_refs(three_awards, "main", "pr", "panel-lead")
    [wrong] = [d for d in outcome.diagnostics if d.code == "PR312"]
    assert wrong.field == "award.year" and "2031" in wrong.message and "2027" in wrong.message


@pytest.mark.git
def test_the_award_year_is_the_acceptance_year(gate: Path) -> None:
    on_main(gate, without_notice(gate))
    data = front("accepted")
    data["stage"] = "awarded"
    data["award"] = dict(AWARD)  # acceptance on 2027-05-25
    commit_on(gate, "pr", "main", {"projects/2026/s-accepted.md": render(data)})
    assert outcome_of(gate, "panel-lead") == []
    data["award"]["year"] = 2026
    commit_on(gate, "pr", "main", {"projects/2026/s-accepted.md": render(data)})
    assert outcome_of(gate, "panel-lead") == [("projects/2026/s-accepted.md", "PR312")]


# ---------------------------------------------------------------- 4. conflicts of interest


@pytest.fixture
def conflicted(gate: Path) -> Path:
    """The head of gb-eng sits on the panel; the panel member panel-two maintains eng-teachers.
    Projects of eng-teachers (the factory's) and of art-teachers at several stages."""
    roster = yaml.safe_load((gate / "data/roster.yml").read_text(encoding="utf-8"))
    roster["panel"].append({"name": "孙主任", "login": "eng-head", "role": "member"})
    roster["general_branches"][0]["branches"][0]["maintainers"].append("panel-two")
    art = {"general_branch": "gb-art", "branch": "art-teachers"}
    on_main(
        gate,
        {
            "data/roster.yml": yaml.safe_dump(roster, allow_unicode=True),
            "projects/2026/art-applied.md": render(front("applied", **art)),
            "projects/2026/stu-applied.md": render(front("applied", branch="eng-students")),
            "projects/2026/s-awarded.md": render(front("awarded")),
        },
    )
    return gate


def _edit(root: Path, rel: str, data: dict, author: str) -> list[tuple[str, str]]:
    commit_on(root, "pr", "main", {rel: render(data)})
    return outcome_of(root, author)


def _approved(data: dict) -> dict:
    return data | {"stage": "approved", "approval": front("approved")["approval"]}


@pytest.mark.git
def test_a_head_on_the_panel_cannot_rescore_his_units_project(conflicted: Path) -> None:
    data = front("accepted")
    data["acceptance"]["scores"][0] |= {"completeness": 20, "process": 20, "education": 20}
    data["acceptance"].pop("total")
    assert _edit(conflicted, "projects/2026/s-accepted.md", data, "eng-head") == [
        ("projects/2026/s-accepted.md", "PT511")
    ]
    # The same correction by a panel member without a conflict passes.
    assert _edit(conflicted, "projects/2026/s-accepted.md", data, "panel-lead") == []


@pytest.mark.git
def test_a_head_on_the_panel_cannot_approve_his_general_branchs_project(conflicted: Path) -> None:
    # eng-head maintains no branch, but heads gb-eng, to which eng-students belongs.
    data = _approved(front("applied", branch="eng-students"))
    assert _edit(conflicted, "projects/2026/stu-applied.md", data, "eng-head") == [
        ("projects/2026/stu-applied.md", "PT511")
    ]
    art = _approved(front("applied", general_branch="gb-art", branch="art-teachers"))
    assert _edit(conflicted, "projects/2026/art-applied.md", art, "eng-head") == []


@pytest.mark.git
def test_a_panel_member_cannot_launder_a_project_through_another_branch(conflicted: Path) -> None:
    art = {"general_branch": "gb-art", "branch": "art-teachers"}
    # Moving his branch's application to another branch: he acts for one side only.
    found = _edit(conflicted, APPLIED, front("applied", **art), "panel-two")
    assert found == [(APPLIED, "PT506")]
    # Approving a project of another branch is ordinary panel work.
    art_approved = _approved(front("applied", **art))
    assert _edit(conflicted, "projects/2026/art-applied.md", art_approved, "panel-two") == []
    # Moving an approved project of another branch to his own: ownership is the union.
    on_main(conflicted, {"projects/2026/art-applied.md": render(art_approved)})
    back = art_approved | {"general_branch": "gb-eng", "branch": "eng-teachers"}
    found = _edit(conflicted, "projects/2026/art-applied.md", back, "panel-two")
    assert found == [("projects/2026/art-applied.md", "PT506")]


@pytest.mark.git
def test_a_conflicted_panel_member_is_an_ordinary_member_of_his_branch(conflicted: Path) -> None:
    # No panel step, no panel field, no frozen plan field, no final-stage correction.
    assert _edit(conflicted, APPLIED, _approved(front("applied")), "panel-two") == [
        (APPLIED, "PT511")
    ]
    midterm = front("midterm")
    midterm["midterm"]["opinion"] = "进展很好。"
    assert _edit(conflicted, "projects/2026/s-midterm.md", midterm, "panel-two") == [
        ("projects/2026/s-midterm.md", "PT511")
    ]
    renamed = front("approved", title="改过的项目名称")
    assert _edit(conflicted, APPROVED, renamed, "panel-two") == [(APPROVED, "PT508")]
    awarded = front("awarded", summary="获奖之后由支部改写的项目简介,用来测试最终阶段的保护。")
    assert _edit(conflicted, "projects/2026/s-awarded.md", awarded, "panel-two") == [
        ("projects/2026/s-awarded.md", "PT509")
    ]
    assert _edit(conflicted, "projects/2026/s-awarded.md", awarded, "panel-lead") == []


@pytest.mark.git
@pytest.mark.parametrize("author", ["panel-two", "eng-head"])
def test_a_panel_member_may_file_and_develop_his_branchs_application(
    conflicted: Path, author: str
) -> None:
    new = "projects/2026/new-plan.md"
    assert _edit(conflicted, new, front("applied"), author) == []
    edited = front("applied", summary="支部修改后的项目简介,说明活动的对象、形式和预期的成效。")
    assert _edit(conflicted, APPLIED, edited, author) == []
    concluded = front("concluded")
    assert _edit(conflicted, "projects/2026/s-midterm.md", concluded, author) == []
    withdrawn = front("withdrawn")
    assert (
        _edit(conflicted, APPROVED, withdrawn | {"approval": front("approved")["approval"]}, author)
        == []
    )


# ---------------------------------------------------------------- 5. frozen content


def _text(data: dict, rewrite: dict[str, str] | None = None, extra: str = "") -> str:
    """The factory's file for `data`, with sections rewritten and `extra` appended."""
    text = render(data)
    for heading, new in (rewrite or {}).items():
        old = SECTION_TEXT[heading]
        assert old in text
        text = text.replace(old, new)
    return text + extra


PROGRESS = "\n## 中期进展\n\n已开展两次活动。\n"


@pytest.mark.git
@pytest.mark.parametrize("heading", PLAN_SECTIONS)
def test_the_plan_sections_freeze_at_approval(gate: Path, heading: str) -> None:
    text = _text(front("approved"), {heading: "改写后的计划,与评审时的内容不同。"})
    commit_on(gate, "pr", "main", {APPROVED: text})
    outcome = check_refs(gate, "main", "pr", "eng-sec")
    [found] = outcome.diagnostics
    assert found.code == "PT508" and f"## {heading}" in found.message
    assert text.split("\n")[found.line - 1] == f"## {heading}"
    # The panel may still correct it; in `applied` the branch may rewrite it freely.
    assert outcome_of(gate, "panel-lead") == []
    text = _text(front("applied"), {heading: "申报阶段改写计划是允许的。"})
    commit_on(gate, "pr", "main", {APPLIED: text})
    assert outcome_of(gate, "eng-sec") == []


@pytest.mark.git
def test_the_branch_adds_progress_after_approval(gate: Path) -> None:
    commit_on(gate, "pr", "main", {APPROVED: _text(front("approved"), extra=PROGRESS)})
    assert outcome_of(gate, "eng-sec") == []
    # Spaces at line ends and blank lines are not a rewrite.
    text = render(front("approved")).replace("。\n", "。  \n\n")
    commit_on(gate, "pr", "main", {APPROVED: text})
    assert outcome_of(gate, "eng-sec") == []


@pytest.mark.git
def test_text_appended_after_the_plan_is_part_of_it(gate: Path) -> None:
    commit_on(gate, "pr", "main", {APPROVED: _text(front("approved"), extra="\n另加的目标。\n")})
    assert outcome_of(gate, "eng-sec") == [(APPROVED, "PT508")]


@pytest.mark.git
def test_a_withdrawal_does_not_rewrite_the_plan(gate: Path) -> None:
    data = front("withdrawn") | {"approval": front("approved")["approval"]}
    commit_on(gate, "pr", "main", {APPROVED: _text(data)})
    assert outcome_of(gate, "eng-sec") == []
    commit_on(gate, "pr", "main", {APPROVED: _text(data, {"预期目标": "撤项时顺便改写目标。"})})
    assert outcome_of(gate, "eng-sec") == [(APPROVED, "PT508")]


CONCLUDED = "projects/2026/s-concluded.md"
ACCEPTED = "projects/2026/s-accepted.md"


@pytest.mark.git
@pytest.mark.parametrize("rel", [CONCLUDED, ACCEPTED])
@pytest.mark.parametrize("what", ["report", "expenses", "concluded_on"])
def test_the_closing_report_freezes_once_concluded(gate: Path, rel: str, what: str) -> None:
    data = front("concluded" if rel == CONCLUDED else "accepted")
    rewrite = {}
    if what == "report":
        rewrite = {"结题报告": "结题后改写的报告,成效写得更好看。"}
    elif what == "expenses":
        data["expenses"][0]["amount"] = 120
    else:
        data["concluded_on"] = "2027-05-01"
    commit_on(gate, "pr", "main", {rel: _text(data, rewrite)})
    outcome = check_refs(gate, "main", "pr", "eng-sec")
    [found] = outcome.diagnostics
    assert found.code == "PT512"
    assert ("## 结题报告" if what == "report" else what) in found.message
    # The panel may correct what it scored.
    assert outcome_of(gate, "panel-lead") == []


@pytest.mark.git
def test_a_conclusion_with_an_overspend_warning_passes(gate: Path) -> None:
    data = front("concluded")
    data["expenses"].append({"date": "2027-04-20", "item": "活动场地", "amount": 700})
    commit_on(gate, "pr", "main", {"projects/2026/s-midterm.md": _text(data)})
    outcome = check_refs(gate, "main", "pr", "eng-sec")
    assert [(d.code, d.severity) for d in outcome.diagnostics] == [("PR310", "warning")]


@pytest.mark.git
def test_a_conflicted_panel_member_cannot_rewrite_his_report(conflicted: Path) -> None:
    data = front("concluded")
    data["expenses"][0]["amount"] = 120
    commit_on(conflicted, "pr", "main", {CONCLUDED: _text(data)})
    assert outcome_of(conflicted, "panel-two") == [(CONCLUDED, "PT512")]
    assert outcome_of(conflicted, "panel-lead") == []


# ---------------------------------------------------------------- 6. remote images

TRACKER = "https://tracker.example/p.gif"
REMOTE_IMAGES = {
    "inline": f"![]({TRACKER})",
    "title": '![统计](http://tracker.example/p.gif "t")',
    "angle": f"![x](<{TRACKER}>)",
    "next-line": f"![x](\n  {TRACKER})",
    "protocol-relative": "![x](//tracker.example/p.gif)",
    "backslashes": "![x](/\\tracker.example/p.gif)",
    "entity": "![x](h&#116;tps://tracker.example/p.gif)",
    "data": "![x](data:image/gif;base64,R0lGODlhAQABAAAAACw=)",
    "nested-alt": f"![a [b] c]({TRACKER})",
    "inside-a-link": f"[![x]({TRACKER})](https://example.org)",
    "reference": f"![x][px]\n\n[px]: {TRACKER}",
    "reference-case": f"![x][P  X]\n\n[p x]: {TRACKER}",
    "collapsed-reference": f"![px][]\n\n[PX]: {TRACKER}",
    "shortcut-reference": f"![px]\n\n[px]:\n  {TRACKER}",
}
ALLOWED_LINKS = {
    "link": "[活动报道](https://example.org/news)",
    "reference-link": "[活动报道][r]\n\n[r]: https://example.org/news",
    "autolink": "<https://example.org/news>",
    "exclamation": "活动很成功!详见[报道](https://example.org/news)。",
}


def _with_progress(note: str) -> str:
    return _text(front("approved"), extra=PROGRESS + "\n" + note + "\n")


@pytest.mark.parametrize("name", sorted(REMOTE_IMAGES))
def test_a_remote_image_is_refused(programme: Programme, name: str) -> None:
    text = _with_progress(REMOTE_IMAGES[name])
    project, _ = parse_project(APPROVED, text.encode("utf-8"))
    assert project is not None
    found = [d for d in check_project(project, programme) if d.code == "PB408"]
    assert len(found) == 1, name
    line = text.split("\n")[found[0].line - 1]
    assert ("tracker.example" in line or "data:" in line) and "\u56fe\u7247" in found[0].message


@pytest.mark.parametrize("name", sorted(ALLOWED_LINKS))
def test_links_to_pages_stay_allowed(programme: Programme, name: str) -> None:
    project, _ = parse_project(APPROVED, _with_progress(ALLOWED_LINKS[name]).encode("utf-8"))
    assert project is not None
    assert check_project(project, programme) == []


@pytest.mark.git
def test_a_tracking_pixel_in_a_pull_request(gate: Path) -> None:
    commit_on(gate, "pr", "main", {APPROVED: _with_progress(f"![]({TRACKER})")})
    assert outcome_of(gate, "eng-sec") == [(APPROVED, "PB408")]
    commit_on(gate, "pr", "main", {APPROVED: _with_progress(ALLOWED_LINKS["link"])})
    assert outcome_of(gate, "eng-sec") == []


@pytest.mark.git
def test_approvals_see_a_move_across_projects_as_the_check_does(gate: Path) -> None:
    """A move into projects/ is a new application (its general branch's head approves) and a
    change outside (a maintainer approves); a move out is a deleted project and an outside file."""
    roster = yaml.safe_load((gate / "data/roster.yml").read_text(encoding="utf-8"))
    roster["maintainers"].append("eng-sec")
    on_main(
        gate,
        {
            "data/roster.yml": yaml.safe_dump(roster, allow_unicode=True),
            "drafts/plan.md": render(front("applied")),
        },
    )
    moved(gate, "drafts/plan.md", "projects/2026/new-plan.md")
    needed = approvals_refs(gate, "main", "pr", "eng-sec", []).missing
    assert {(r.subject, r.eligible) for r in needed} == {
        ("2026/new-plan", ("eng-head",)),
        ("其他文件\uff081 个\uff09", ("site-admin",)),
    }
    moved(gate, APPROVED, "drafts/old.md")
    needed = approvals_refs(gate, "main", "pr", "eng-sec", []).missing
    assert {r.subject for r in needed} == {"2026/s-approved", "其他文件\uff081 个\uff09"}
