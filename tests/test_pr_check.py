"""The pull-request check: the whole matrix of (base stage, head stage, author role) against the
pure check in memory, a sample of it in real git (the two must agree); frozen fields, deletions,
renames, paths outside projects/, links, injections in real git repositories."""

from __future__ import annotations

import copy
import json
import os
from datetime import date
from pathlib import Path

import pytest
import yaml
from clirun import cli_in_process
from factory import SECTIONS_BY_STAGE, body, front, make_repo, render, write
from gitrepo_helpers import commit_on, git, init
from memory_pr import check_trees

from site_builder.cli.commands.check import check_refs
from site_builder.core.programme import Programme

STAGES = [
    "applied",
    "approved",
    "rejected",
    "midterm",
    "concluded",
    "accepted",
    "failed",
    "nominated",
    "awarded",
    "withdrawn",
]
ROLES = {"own": "eng-sec", "other": "art-sec", "head": "eng-head", "panel": "panel-lead"}

# The contract (process.md), written out by hand so the tool's own table is tested, not reused.
ALLOWED: dict[tuple[str | None, str], set[str]] = {
    (None, "applied"): {"own", "head"},
    ("applied", "approved"): {"panel"},
    ("applied", "rejected"): {"panel"},
    ("approved", "midterm"): {"panel"},
    ("midterm", "concluded"): {"own", "head"},
    ("concluded", "accepted"): {"panel"},
    ("concluded", "failed"): {"panel"},
    # 公示 (the test settings keep the default of 5 working days): nominate, then award once the
    # notice has run; never straight from accepted (PT514). A nomination may be withdrawn.
    ("accepted", "nominated"): {"panel"},
    ("nominated", "awarded"): {"panel"},
    ("nominated", "accepted"): {"panel"},
    ("applied", "withdrawn"): {"own", "head", "panel"},
    ("approved", "withdrawn"): {"own", "head", "panel"},
    ("midterm", "withdrawn"): {"own", "head", "panel"},
}
FINAL = {"rejected", "failed", "withdrawn", "awarded"}


def slug(stage: str) -> str:
    return f"projects/2026/s-{stage}.md"


def advance(base: dict, target: str) -> dict:
    """The base project moved to `target`: the base's fields kept, the target's new ones added."""
    head = copy.deepcopy(base)
    head["stage"] = target
    for key, value in front(target).items():
        head.setdefault(key, value)
    if target in ("accepted", "nominated", "awarded", "failed") and "acceptance" in head:
        head["acceptance"]["result"] = "failed" if target == "failed" else "passed"
    if target in ("accepted", "failed") and base["stage"] == "nominated":
        head.pop("award", None)  # a withdrawn nomination drops its award
    if target == "rejected" and "approval" in head:
        head["approval"] = front("rejected")["approval"]
    return head


def content(data: dict) -> str:
    sections = max(SECTIONS_BY_STAGE[data["stage"]], 3)
    names = body("awarded").split("\n## ")[1 : sections + 1]
    return render(data, "".join("\n## " + n for n in names))


def add_progress(text: str) -> str:
    """An edit within the stage that touches nothing frozen: a progress note."""
    note = "\n补充说明\uff1a本周完成一次活动。\n"
    if "\n## 结题报告" in text:
        return text.replace("\n## 结题报告", note + "\n## 结题报告", 1)
    if "\n## 中期进展" in text:
        return text + note
    return text + "\n## 中期进展\n" + note


def stage_files() -> dict[str, str]:
    """main of the matrix: one project per stage."""
    return {slug(stage): render(front(stage)) for stage in STAGES}


@pytest.fixture(scope="module")
def matrix_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], Programme]:
    """main of the matrix held in memory (path -> bytes), and the programme it holds."""
    root = make_repo(tmp_path_factory.mktemp("matrix-memory") / "repo")
    for rel, text in stage_files().items():
        write(root, rel, text)
    tree = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    return tree, Programme.load(root)


@pytest.fixture(scope="module")
def matrix_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("matrix") / "repo")
    for rel, text in stage_files().items():
        write(root, rel, text)
    init(root)
    return root


def cases() -> list[tuple[str | None, str, str]]:
    found = []
    for role in ROLES:
        for target in STAGES:
            found.append((None, target, role))
        for source in STAGES:
            for target in STAGES:
                found.append((source, target, role))
    return found


def expected(source: str | None, target: str, role: str) -> bool:
    if source == target:  # an edit within the stage (the body)
        return role == "panel" if source in FINAL else role in ("own", "head", "panel")
    return role in ALLOWED.get((source, target), set())


def case_files(source: str | None, target: str) -> dict[str, str]:
    """The files a pull request from `source` to `target` writes (None: a new application)."""
    if source is None:
        return {"projects/2026/brand-new.md": content(front(target))}
    text = content(advance(front(source), target))
    if source == target:
        text = add_progress(text)
    return {slug(source): text}


def day_of(source: str | None) -> date:
    """The day of the check: the nomination's notice (front("nominated"), from 2027-06-01, five
    working days) has not started on the first, and has run by the second."""
    return date(2027, 7, 1) if source == "nominated" else date(2027, 6, 1)


def assert_as_expected(outcome, source: str | None, target: str, role: str) -> None:
    errors = [d for d in outcome.diagnostics if d.severity == "error"]
    if expected(source, target, role):
        assert errors == [], (source, target, role, errors)
    else:
        assert errors, (source, target, role)
        assert all(d.message for d in errors)


@pytest.mark.parametrize(("source", "target", "role"), cases())
def test_transition_matrix(matrix_base, source: str | None, target: str, role: str) -> None:
    """Every case against the pure check, main and the pull request's head held in memory."""
    base, programme = matrix_base
    head = {**base, **{rel: text.encode() for rel, text in case_files(source, target).items()}}
    outcome = check_trees(base, head, ROLES[role], programme, day_of(source))
    assert_as_expected(outcome, source, target, role)


# A sample of the matrix in real git: each allowed step, refusals of each kind, edits within a
# stage and a new application. The in-memory check must say exactly what the git adapter says.
GIT_CASES = [
    (None, "applied", "own"),
    (None, "approved", "own"),
    ("applied", "approved", "panel"),
    ("applied", "approved", "own"),
    ("approved", "midterm", "other"),
    ("midterm", "concluded", "head"),
    ("concluded", "failed", "panel"),
    ("accepted", "awarded", "panel"),
    ("accepted", "nominated", "panel"),
    ("nominated", "awarded", "panel"),
    ("midterm", "withdrawn", "own"),
    ("rejected", "approved", "panel"),
    ("awarded", "awarded", "own"),
    ("midterm", "midterm", "other"),
]


@pytest.mark.git
@pytest.mark.parametrize(("source", "target", "role"), GIT_CASES)
def test_transition_matrix_in_git(
    matrix_repo: Path, matrix_base, source: str | None, target: str, role: str
) -> None:
    files = case_files(source, target)
    branch = f"case-{source}-{target}-{role}"
    commit_on(matrix_repo, branch, "main", files)
    outcome = check_refs(matrix_repo, "main", branch, ROLES[role], day_of(source))
    assert_as_expected(outcome, source, target, role)
    base, programme = matrix_base
    head = {**base, **{rel: text.encode() for rel, text in files.items()}}
    in_memory = check_trees(base, head, ROLES[role], programme, day_of(source))
    assert in_memory.diagnostics == outcome.diagnostics
    assert (in_memory.steps, in_memory.reviews, in_memory.files) == (
        outcome.steps,
        outcome.reviews,
        outcome.files,
    )


# ---------------------------------------------------------------- single scenarios


@pytest.fixture
def pr_repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    for stage in ("applied", "approved", "midterm", "awarded"):
        (root / slug(stage)).parent.mkdir(parents=True, exist_ok=True)
        (root / slug(stage)).write_text(render(front(stage)), encoding="utf-8")
    init(root)
    return root


def errors_of(root: Path, files: dict, author: str) -> list[str]:
    commit_on(root, "pr", "main", files)
    outcome = check_refs(root, "main", "pr", author)
    return [d.code for d in outcome.diagnostics if d.severity == "error"]


@pytest.mark.git
def test_plan_fields_frozen_for_branch_after_approval(pr_repo: Path) -> None:
    data = front("approved", title="改过的项目名称很长")
    assert errors_of(pr_repo, {slug("approved"): content(data)}, "eng-sec") == ["PT508"]


@pytest.mark.git
def test_plan_fields_free_in_applied(pr_repo: Path) -> None:
    data = front("applied", title="改过的项目名称很长")
    assert errors_of(pr_repo, {slug("applied"): content(data)}, "eng-sec") == []


@pytest.mark.git
def test_panel_may_correct_plan_after_approval(pr_repo: Path) -> None:
    data = front("approved", title="评审组更正的名称")
    assert errors_of(pr_repo, {slug("approved"): content(data)}, "panel-lead") == []


@pytest.mark.git
def test_self_approval_by_branch(pr_repo: Path) -> None:
    data = advance(front("applied"), "approved")
    codes = errors_of(pr_repo, {slug("applied"): content(data)}, "eng-sec")
    assert "PT510" in codes and "PT507" in codes


@pytest.mark.git
def test_branch_cannot_write_panel_field_in_same_stage(pr_repo: Path) -> None:
    data = front("midterm")
    data["midterm"]["opinion"] = "支部自己写的意见"
    assert errors_of(pr_repo, {slug("midterm"): content(data)}, "eng-sec") == ["PT507"]


@pytest.mark.git
def test_two_steps_in_one_pull_request(pr_repo: Path) -> None:
    data = advance(front("applied"), "midterm")
    assert "PT505" in errors_of(pr_repo, {slug("applied"): content(data)}, "panel-lead")


@pytest.mark.git
def test_deleting_a_project(pr_repo: Path) -> None:
    assert errors_of(pr_repo, {slug("applied"): None}, "panel-lead") == ["PT503"]


@pytest.mark.git
def test_renaming_an_approved_project(pr_repo: Path) -> None:
    git(pr_repo, "checkout", "-q", "-B", "pr", "main")
    git(pr_repo, "mv", slug("approved"), "projects/2026/renamed.md")
    git(pr_repo, "commit", "-q", "-m", "rename")
    outcome = check_refs(pr_repo, "main", "pr", "panel-lead")
    assert [d.code for d in outcome.diagnostics] == ["PT504"]


@pytest.mark.git
def test_renaming_an_application_is_allowed(pr_repo: Path) -> None:
    git(pr_repo, "checkout", "-q", "-B", "pr", "main")
    git(pr_repo, "mv", slug("applied"), "projects/2026/better-name.md")
    git(pr_repo, "commit", "-q", "-m", "rename")
    assert check_refs(pr_repo, "main", "pr", "eng-sec").diagnostics == []


@pytest.mark.git
@pytest.mark.parametrize(
    "path",
    [
        "docs/index.md",
        ".github/workflows/x.yml",
        "mkdocs.yml",
        "data/roster.yml",
        "schema/project.schema.json",
        "overrides/main.html",
    ],
)
def test_paths_outside_projects_need_maintainers(pr_repo: Path, path: str) -> None:
    assert errors_of(pr_repo, {path: "x: 1\n"}, "panel-lead") == ["PT501"]
    git(pr_repo, "checkout", "-q", "main")
    git(pr_repo, "branch", "-D", "pr")
    assert errors_of(pr_repo, {path: "x: 1\n"}, "site-admin") == []


@pytest.mark.git
def test_symlink_is_refused(pr_repo: Path) -> None:
    git(pr_repo, "checkout", "-q", "-B", "pr", "main")
    os.symlink("/etc/passwd", pr_repo / "projects/2026/link.md")
    git(pr_repo, "add", "projects/2026/link.md")
    git(pr_repo, "commit", "-q", "-m", "link")
    outcome = check_refs(pr_repo, "main", "pr", "eng-sec")
    assert [d.code for d in outcome.diagnostics] == ["PT502"]


@pytest.mark.git
def test_roster_change_in_the_pr_grants_nothing(pr_repo: Path) -> None:
    roster = yaml.safe_load((pr_repo / "data/roster.yml").read_text(encoding="utf-8"))
    roster["panel"].append({"name": "冒充者", "login": "eng-sec", "role": "member"})
    data = advance(front("applied"), "approved")
    codes = errors_of(
        pr_repo,
        {
            "data/roster.yml": yaml.safe_dump(roster, allow_unicode=True),
            slug("applied"): content(data),
        },
        "eng-sec",
    )
    assert "PT501" in codes and "PT510" in codes


@pytest.mark.git
def test_award_quota_counts_unchanged_files(pr_repo: Path) -> None:
    files = {f"projects/2026/aw-{i}.md": render(front("awarded")) for i in range(2)}
    commit_on(pr_repo, "more", "main", files)
    git(pr_repo, "checkout", "-q", "main")
    git(pr_repo, "merge", "-q", "more")
    # main now has 3 awards; a fourth by the panel breaks the quota.
    data = advance(front("accepted"), "awarded")
    commit_on(pr_repo, "pr", "main", {"projects/2026/aw-new.md": content(data)})
    outcome = check_refs(pr_repo, "main", "pr", "panel-lead")
    assert "PR308" in [d.code for d in outcome.diagnostics]


@pytest.mark.git
def test_alias_bomb_in_pr(pr_repo: Path) -> None:
    bomb = "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\n---\n"
    assert errors_of(pr_repo, {"projects/2026/bomb.md": bomb}, "eng-sec") == ["PF109"]


def cli_check(root: Path, author: str, fmt: str = "text", env: dict | None = None):
    args = ("check", "--base", "main", "--head", "pr", "--author", author, "--format", fmt)
    return cli_in_process(*args, cwd=root, env={"GITHUB_STEP_SUMMARY": None, **(env or {})})


@pytest.mark.git
def test_cli_says_what_the_pr_does(pr_repo: Path) -> None:
    data = advance(front("applied"), "approved")
    commit_on(pr_repo, "pr", "main", {slug("applied"): content(data)})
    proc = cli_check(pr_repo, "panel-lead")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2026/s-applied\uff1a已申报 → 已立项\uff08评审组\uff09" in proc.stdout
    assert "需要评审组成员的批准" in proc.stdout
    proc = cli_check(pr_repo, "eng-sec", "json")
    assert proc.returncode == 1
    assert {d["code"] for d in json.loads(proc.stdout)["diagnostics"]} >= {"PT510"}


@pytest.mark.git
def test_injected_workflow_commands_stay_inert(pr_repo: Path, tmp_path: Path) -> None:
    data = front("applied", title="::error::伪造##[error]x", category="##[warning]x::y")
    summary_file = tmp_path / "summary.md"
    commit_on(pr_repo, "pr", "main", {"projects/2026/evil-%0A.md": content(data)})
    proc = cli_check(pr_repo, "eng-sec", "github", {"GITHUB_STEP_SUMMARY": str(summary_file)})
    assert proc.returncode == 1
    for line in proc.stdout.splitlines():
        assert "##[" not in line
        if line.lstrip().startswith("::"):
            assert line.startswith(("::error file=projects/2026/evil-%250A.md,", "::warning "))
            assert "::" not in line[2:].partition("::")[2]
    text = summary_file.read_text(encoding="utf-8")
    assert "立项活动检查" in text and "PS201" in text and "##[" not in text


@pytest.mark.git
def test_bad_ref_is_misuse(pr_repo: Path) -> None:
    proc = cli_in_process("check", "--base", "nope", "--author", "x", cwd=pr_repo)
    assert proc.returncode == 2 and "找不到提交" in proc.stderr


@pytest.mark.git
def test_another_branch_cannot_touch_the_project(pr_repo: Path) -> None:
    data = front(
        "applied", summary="另一个支部改写了这份申报的简介\uff0c用来测试权限检查是否生效。"
    )
    assert errors_of(pr_repo, {slug("applied"): content(data)}, "art-sec") == ["PT506"]


@pytest.mark.git
def test_moving_a_project_to_ones_own_branch_grants_nothing(pr_repo: Path) -> None:
    data = front("applied", general_branch="gb-art", branch="art-teachers")
    assert errors_of(pr_repo, {slug("applied"): content(data)}, "art-sec") == ["PT506"]


@pytest.mark.git
def test_final_stage_is_frozen_for_the_branch(pr_repo: Path) -> None:
    data = front("awarded")
    text = content(data) + "\n补充\uff1a获奖后的推广情况。\n"
    assert errors_of(pr_repo, {slug("awarded"): text}, "eng-sec") == ["PT509"]
    git(pr_repo, "checkout", "-q", "main")
    git(pr_repo, "branch", "-D", "pr")
    assert errors_of(pr_repo, {slug("awarded"): text}, "panel-lead") == []


@pytest.mark.git
def test_panel_member_cannot_judge_own_branch(pr_repo: Path) -> None:
    roster = yaml.safe_load((pr_repo / "data/roster.yml").read_text(encoding="utf-8"))
    roster["general_branches"][0]["branches"][0]["maintainers"].append("panel-two")
    (pr_repo / "data/roster.yml").write_text(yaml.safe_dump(roster, allow_unicode=True), "utf-8")
    git(pr_repo, "commit", "-qam", "panel-two maintains eng-teachers")
    data = advance(front("applied"), "approved")
    assert errors_of(pr_repo, {slug("applied"): content(data)}, "panel-two") == ["PT511"]
    git(pr_repo, "checkout", "-q", "main")
    git(pr_repo, "branch", "-D", "pr")
    assert errors_of(pr_repo, {slug("applied"): content(data)}, "panel-lead") == []


@pytest.mark.git
def test_award_quota_sees_flow_style_front_matter(pr_repo: Path) -> None:
    # An awarded file written as one flow mapping has no `award:` at the start of a line.
    flow = []
    for i in range(2):
        data = front("awarded")
        text = "---\n" + yaml.safe_dump(
            data, allow_unicode=True, default_flow_style=True, width=10**6
        )
        flow.append(
            (f"projects/2026/flow-{i}.md", text + "---\n" + content(data).split("---\n", 2)[2])
        )
    commit_on(pr_repo, "more", "main", dict(flow))
    git(pr_repo, "checkout", "-q", "main")
    git(pr_repo, "merge", "-q", "more")
    data = advance(front("accepted"), "awarded")
    commit_on(pr_repo, "pr", "main", {"projects/2026/aw-new.md": content(data)})
    outcome = check_refs(pr_repo, "main", "pr", "panel-lead")
    assert "PR308" in [d.code for d in outcome.diagnostics]


@pytest.mark.git
def test_links_use_the_base_site_url(pr_repo: Path) -> None:
    (pr_repo / "mkdocs.yml").write_text(
        "site_url: https://base.example/\n"
        "slug: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n",
        encoding="utf-8",
    )
    git(pr_repo, "add", "mkdocs.yml")
    git(pr_repo, "commit", "-q", "-m", "site")
    data = front("applied", category="servce")
    commit_on(
        pr_repo,
        "pr",
        "main",
        {
            "projects/2026/new.md": content(data),
            "mkdocs.yml": "site_url: https://evil.example/\n",
        },
    )
    proc = cli_check(pr_repo, "eng-sec", "json")
    assert proc.returncode == 1
    found = {d["code"]: d["url"] for d in json.loads(proc.stdout)["diagnostics"]}
    assert found["PS201"] == "https://base.example/rules-reference/#ps201"
    # The mkdocs.yml change itself is a finding (a file outside projects/), linked the same way.
    outside = {c: u for c, u in found.items() if c.startswith("PT")}
    assert outside
    assert all(
        u == f"https://base.example/rules-reference/#{c.lower()}" for c, u in outside.items()
    )
    proc = cli_check(pr_repo, "eng-sec", "github")
    assert "evil.example" not in proc.stdout
    assert "%0A说明见 https://base.example/rules-reference/#ps201" in proc.stdout
    assert "说明见" not in cli_check(pr_repo, "eng-sec").stdout


@pytest.mark.git
def test_no_base_site_url_no_link(pr_repo: Path) -> None:
    data = front("applied", category="servce")
    commit_on(
        pr_repo,
        "pr",
        "main",
        {"projects/2026/new.md": content(data), "mkdocs.yml": "site_url: https://pr.example/\n"},
    )
    proc = cli_check(pr_repo, "eng-sec", "json")
    assert proc.returncode == 1
    assert {d["url"] for d in json.loads(proc.stdout)["diagnostics"]} == {None}
    assert "说明见" not in cli_check(pr_repo, "eng-sec", "github").stdout
