"""The GitHub side of the repository: workflows, pull-request templates, the pre-commit hook and
the hand-written guide pages. Static checks only; nothing here talks to GitHub."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.core.process import SECTIONS, TRANSITIONS
from site_builder.showcase import forms_pages

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
VALIDATE = WORKFLOWS / "validate.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
APPROVALS = WORKFLOWS / "approvals.yml"
TEMPLATE_DIR = ROOT / ".github" / "PULL_REQUEST_TEMPLATE"
DEFAULT_TEMPLATE = ROOT / ".github" / "pull_request_template.md"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
GUIDE = ROOT / "docs" / "guide"

TEMPLATES = ("apply", "midterm", "conclude", "accept", "award", "withdraw")
GUIDE_PAGES = ("first-time", "apply", "submit", "review", "maintainers")
# Generated pages the guide may link to (built by others from the schema and the rules).
GENERATED_PAGES = (
    "rules-reference.md",
    "rubric.md",
    "data-format.md",
    "roster.md",
    "notice.md",  # 公示 (showcase/notice.py)
    *(forms_pages.APPLY_PAGE, forms_pages.UPDATE_PAGE, forms_pages.PANEL_PAGE),  # online forms
    forms_pages.SIGNIN_PAGE,  # 登录
)

PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s*[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$"
)
SHA_REF = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
CJK = re.compile(r"[\u4e00-\u9fff]")
ASCII_WORD = re.compile(r"[A-Za-z]")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a mapping"
    return data


def _triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), "workflow has no triggers"
    return on


def _steps(workflow: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def _all_workflows() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def _zizmor() -> Path:
    binary = Path(sys.executable).parent / "zizmor"
    assert binary.exists(), f"zizmor not installed next to {sys.executable} (see requirements.lock)"
    return binary


# ---------------------------------------------------------------------------- zizmor


@pytest.mark.parametrize("persona", ["regular", "pedantic", "auditor"])
def test_zizmor_offline_has_no_findings(persona: str) -> None:
    # --no-config: a zizmor.yml cannot hide findings from this test.
    result = subprocess.run(
        [
            str(_zizmor()),
            "--offline",
            "--no-config",
            "--strict-collection",
            f"--persona={persona}",
            "--format=json",
            str(WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == [], result.stdout


def test_zizmor_plain_invocation_is_clean() -> None:
    # Exactly the command the maintainers' guide tells people to run.
    result = subprocess.run(
        [str(_zizmor()), "--offline", ".github/workflows"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    assert "suppressed" not in result.stdout


def test_no_inline_zizmor_ignores() -> None:
    for path in _all_workflows():
        assert "zizmor: ignore" not in path.read_text(encoding="utf-8"), path.name


# ---------------------------------------------------------------------------- both workflows


def test_both_workflows_exist() -> None:
    assert VALIDATE.is_file()
    assert DEPLOY.is_file()


@pytest.mark.parametrize("path", [VALIDATE, DEPLOY], ids=lambda p: p.name)
def test_top_level_permissions_are_empty(path: Path) -> None:
    workflow = _load(path)
    assert "permissions" in workflow
    assert workflow["permissions"] == {}


@pytest.mark.parametrize("path", [VALIDATE, DEPLOY], ids=lambda p: p.name)
def test_every_job_declares_its_permissions(path: Path) -> None:
    for job_id, job in _load(path)["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{path.name}: job {job_id}"


@pytest.mark.parametrize("path", _all_workflows(), ids=lambda p: p.name)
def test_uses_pinned_to_sha_with_version_comment(path: Path) -> None:
    raw_lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    if path in (VALIDATE, DEPLOY):
        assert raw_lines, f"{path.name} uses no actions"
    for line in raw_lines:
        assert PINNED_USES.match(line), f"{path.name}: not pinned with a version comment: {line}"
    workflow = _load(path)
    parsed = [step["uses"] for _, step in _steps(workflow) if "uses" in step]
    parsed += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    assert len(parsed) == len(raw_lines)
    for ref in parsed:
        assert SHA_REF.match(ref), f"{path.name}: {ref}"


@pytest.mark.parametrize("path", _all_workflows(), ids=lambda p: p.name)
def test_no_expressions_inside_run(path: Path) -> None:
    workflow = _load(path)
    runs = [(job_id, step["run"]) for job_id, step in _steps(workflow) if "run" in step]
    if path in (VALIDATE, DEPLOY):
        assert runs, f"{path.name} runs no scripts"
    for job_id, script in runs:
        assert "${{" not in script, f"{path.name}: job {job_id}: pass values through env instead"


@pytest.mark.parametrize("path", _all_workflows(), ids=lambda p: p.name)
def test_checkout_does_not_persist_credentials(path: Path) -> None:
    checkouts = [
        step
        for _, step in _steps(_load(path))
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts, f"{path.name} has no checkout"
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, path.name


@pytest.mark.parametrize("path", _all_workflows(), ids=lambda p: p.name)
def test_no_privileged_triggers(path: Path) -> None:
    triggers = _triggers(_load(path))
    assert "pull_request_target" not in triggers
    assert "workflow_run" not in triggers


def test_only_the_deploy_and_reminder_jobs_may_write() -> None:
    writers = []
    for path in _all_workflows():
        for job_id, job in _load(path)["jobs"].items():
            for scope, level in (job.get("permissions") or {}).items():
                if level == "write":
                    writers.append((path.name, job_id, scope))
    assert sorted(writers) == [
        ("deploy.yml", "deploy", "id-token"),
        ("deploy.yml", "deploy", "pages"),
        # The reminder issue (tests/test_remind_workflow.py): nothing else of the repository.
        ("remind.yml", "remind", "issues"),
    ]


# ---------------------------------------------------------------------------- validate.yml


def test_validate_triggers_on_pull_request_only() -> None:
    triggers = _triggers(_load(VALIDATE))
    assert "pull_request" in triggers
    assert "pull_request_target" not in triggers
    # Also when the base is changed (`edited`): a pull request checked against one branch must
    # not merge into another unchecked.
    assert set(triggers["pull_request"]["types"]) == {"opened", "synchronize", "reopened", "edited"}


def test_validate_job_is_the_required_status_check() -> None:
    workflow = _load(VALIDATE)
    assert list(workflow["jobs"]) == ["validate"]
    job = workflow["jobs"]["validate"]
    # The ruleset requires a check named "validate": the job's display name must stay so.
    assert job.get("name", "validate") == "validate"
    assert job["permissions"] == {"contents": "read"}
    assert workflow["concurrency"] == {
        "group": "validate-${{ github.event.pull_request.number }}",
        "cancel-in-progress": True,
    }


def test_validate_checks_out_full_history() -> None:
    steps = [step for _, step in _steps(_load(VALIDATE))]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    pr = next(s for s in checkouts if s["with"]["path"] == "pr")
    assert pr["with"]["fetch-depth"] == 0
    # The judge (tool, schema, rules) comes from the base branch, never from the pull request.
    tool = next(s for s in checkouts if s["with"]["path"] == "tool")
    assert tool["with"]["ref"] == "${{ github.base_ref }}"
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"


def test_validate_runs_the_pull_request_check_with_the_author_from_env() -> None:
    steps = [step for _, step in _steps(_load(VALIDATE))]
    check = [s for s in steps if " check --base" in s.get("run", "")]
    assert len(check) == 1
    step = check[0]
    assert step["env"]["PR_AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert '--author "$PR_AUTHOR"' in step["run"]
    assert step["working-directory"] == "tool" and "--root ../pr" in step["run"]
    assert '--base "origin/${BASE_REF}"' in step["run"]
    assert "--format github" in step["run"]
    assert any("codeowners --check" in s.get("run", "") for s in steps)


def test_install_uses_the_lock_file() -> None:
    for path in (VALIDATE, DEPLOY):
        runs = "\n".join(step.get("run", "") for _, step in _steps(_load(path)))
        assert "-r requirements.lock" in runs, path.name
        assert "--no-deps" in runs, path.name


@pytest.mark.parametrize("path", [VALIDATE, DEPLOY], ids=lambda p: p.name)
def test_step_names_are_chinese(path: Path) -> None:
    for job_id, step in _steps(_load(path)):
        assert CJK.search(step.get("name", "")), f"{path.name}: job {job_id}: {step}"


# ---------------------------------------------------------------------------- deploy.yml


def test_deploy_triggers_and_concurrency() -> None:
    workflow = _load(DEPLOY)
    triggers = _triggers(workflow)
    assert set(triggers) == {"push", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_deploy_build_then_deploy() -> None:
    jobs = _load(DEPLOY)["jobs"]
    assert set(jobs) == {"build", "deploy"}
    build, deploy = jobs["build"], jobs["deploy"]
    assert build["permissions"] == {"contents": "read"}
    runs = [s.get("run", "").strip() for s in build["steps"]]
    assert any(r.startswith("python -m site_builder validate") for r in runs)
    assert "mkdocs build --strict" in runs
    upload = [s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages")]
    assert len(upload) == 1
    assert upload[0]["with"]["path"] == "site"

    assert deploy["needs"] in ("build", ["build"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    (step,) = deploy["steps"]
    assert step["uses"].startswith("actions/deploy-pages@")
    assert step["id"] == "deployment"


# ---------------------------------------------------------------------------- approvals.yml


def test_approvals_triggers_on_pull_requests_and_their_reviews() -> None:
    workflow = _load(APPROVALS)
    triggers = _triggers(workflow)
    assert set(triggers) == {"pull_request", "pull_request_review"}
    assert set(triggers["pull_request"]["types"]) == {"opened", "synchronize", "reopened", "edited"}
    assert set(triggers["pull_request_review"]["types"]) == {"submitted", "edited", "dismissed"}
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {
        "group": "approvals-${{ github.event.pull_request.number }}",
        "cancel-in-progress": True,
    }


def test_approvals_job_is_the_required_status_check() -> None:
    workflow = _load(APPROVALS)
    assert list(workflow["jobs"]) == ["approvals"]
    job = workflow["jobs"]["approvals"]
    # The ruleset requires a check named "approvals": the job's display name must stay so.
    assert job.get("name", "approvals") == "approvals"
    # Read-only: the repository and the pull request's reviews, nothing else.
    assert job["permissions"] == {"contents": "read", "pull-requests": "read"}
    for step in job["steps"]:
        assert CJK.search(step.get("name", "")), step


def test_approvals_judges_the_head_commit_with_the_base_branch_tool() -> None:
    steps = [step for _, step in _steps(_load(APPROVALS))]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    pr = next(s for s in checkouts if s["with"]["path"] == "pr")
    # Approvals are given on the head commit, so that is what is checked out and compared.
    assert pr["with"]["ref"] == "${{ github.event.pull_request.head.sha }}"
    assert pr["with"]["fetch-depth"] == 0
    tool = next(s for s in checkouts if s["with"]["path"] == "tool")
    # github.base_ref is documented for pull_request(_target) only: the base comes from the payload.
    assert tool["with"]["ref"] == "${{ github.event.pull_request.base.ref }}"

    (fetch,) = [s for s in steps if "gh api" in s.get("run", "")]
    assert fetch["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert "--paginate" in fetch["run"]
    assert '"repos/${REPOSITORY}/pulls/${PR_NUMBER}/reviews' in fetch["run"]

    (check,) = [s for s in steps if " approvals --base" in s.get("run", "")]
    assert check["env"] == {
        "PR_AUTHOR": "${{ github.event.pull_request.user.login }}",
        "BASE_REF": "${{ github.event.pull_request.base.ref }}",
        "HEAD_SHA": "${{ github.event.pull_request.head.sha }}",
    }
    assert check["working-directory"] == "tool" and "--root ../pr" in check["run"]
    for needle in (
        '--base "origin/${BASE_REF}"',
        '--head "$HEAD_SHA"',
        '--author "$PR_AUTHOR"',
        '--reviews "${RUNNER_TEMP}/reviews.json"',
        "--format github",
    ):
        assert needle in check["run"], needle
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "-r requirements.lock" in runs and "--no-deps" in runs


# ---------------------------------------------------------------------------- PR templates


def _chinese_share(text: str) -> float:
    """Share of CJK characters among letters, leaving out code (field names are English)."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    cjk = len(CJK.findall(prose))
    latin = len(ASCII_WORD.findall(prose))
    return cjk / max(cjk + latin, 1)


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_exists_and_is_chinese(name: str) -> None:
    path = TEMPLATE_DIR / f"{name}.md"
    assert path.is_file(), path
    text = path.read_text(encoding="utf-8")
    assert _chinese_share(text) > 0.7, f"{name}.md is not mostly Chinese"
    assert "- [ ]" in text, f"{name}.md has no checklist"
    assert "由谁提交" in text and "评审组" in text, f"{name}.md does not say who authors/reviews"


def test_no_unexpected_templates() -> None:
    assert sorted(p.stem for p in TEMPLATE_DIR.glob("*.md")) == sorted(TEMPLATES)


def test_default_template_links_every_template() -> None:
    text = DEFAULT_TEMPLATE.read_text(encoding="utf-8")
    assert _chinese_share(text) > 0.7
    linked = re.findall(r"\]\(\?expand=1&template=([a-z]+\.md)\)", text)
    assert sorted(linked) == sorted(f"{name}.md" for name in TEMPLATES)
    assert "一个拉取请求只改一个项目" in text
    assert "一个拉取请求只走一步" in text


def test_templates_cover_every_stage_change() -> None:
    # Every target stage of the process (core/process.py) is written in some template as `stage`.
    texts = [p.read_text(encoding="utf-8") for p in (DEFAULT_TEMPLATE, *TEMPLATE_DIR.glob("*.md"))]
    combined = "\n".join(texts)
    for transition in TRANSITIONS:
        assert f"`{transition.target}`" in combined, transition


def test_templates_name_the_fields_and_sections_of_their_step() -> None:
    expected = {
        "apply": ["`applied`", "`title`", "`summary`", "`category`"],
        "midterm": ["`midterm`", "`opinion`"],
        "conclude": ["`concluded`", "`concluded_on`", "`expenses`"],
        "accept": ["`accepted`", "`failed`", "`acceptance`", "`scores`", "`total`"],
        "award": ["`nominated`", "`awarded`", "`award`", "`notice_start`", "85"],
        "withdraw": ["`withdrawn`", "`withdrawal`", "`reason`"],
    }
    for section in SECTIONS:
        template = {"applied": "apply", "midterm": "midterm", "concluded": "conclude"}[
            section.from_stage
        ]
        expected[template].append(f"`## {section.heading}`")
    for name, needles in expected.items():
        text = (TEMPLATE_DIR / f"{name}.md").read_text(encoding="utf-8")
        for needle in needles:
            assert needle in text, f"{name}.md lacks {needle}"


# ---------------------------------------------------------------------------- pre-commit hook


def test_pre_commit_hook() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    (hook,) = [h for h in hooks if h.get("id") == "validate-projects"]
    assert hook["language"] == "python"
    assert hook["entry"] == "python -m site_builder validate"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("projects/2026/eng-red-study-tour.md")
    assert files.search("projects/2026/eng-red-study-tour/photo-01.JPG")
    assert files.search("projects/2026/eng-red-study-tour/rules.pdf")
    assert not files.search("docs/guide/apply.md")
    assert not files.search("projects/2026/notes.txt")


# ---------------------------------------------------------------------------- guide pages


@pytest.mark.parametrize("name", GUIDE_PAGES)
def test_guide_page_links_resolve(name: str) -> None:
    path = GUIDE / f"{name}.md"
    text = path.read_text(encoding="utf-8")
    # GitHub's settings pages are in English, so the guide quotes their labels in brackets.
    assert _chinese_share(text) > 0.5
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)  # examples in code are no links
    assert not re.search(r"<[a-zA-Z/!][^>\n]*>", prose)
    allowed = {f"{p}.md" for p in GUIDE_PAGES} | {f"../{p}" for p in GENERATED_PAGES}
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        assert target in allowed, f"{name}.md links to {target}"


@pytest.mark.parametrize(("path", "name"), [(VALIDATE, "validate"), (APPROVALS, "approvals")])
def test_the_json_result_is_uploaded_for_the_site(path: Path, name: str) -> None:
    """我的提交 reads a private repository's results from the artifact `check-result` (fine-grained
    tokens cannot read its check runs): the command's own JSON, written by the same step that
    prints the annotations, whose exit status the step keeps; uploaded even when the check fails,
    as the GitHub double publishes it (tools/github_double/checks.py)."""
    from tools.github_double.checks import ARTIFACT

    steps = [step for _, step in _steps(_load(path))]
    (check,) = [
        s
        for s in steps
        if f" {'check' if name == 'validate' else 'approvals'} --base" in s.get("run", "")
    ]
    run = check["run"]
    assert "--format github || status=$?" in run and 'exit "$status"' in run
    assert f"--format json > ../check-result/{name}.json" in run
    (upload,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["name"] == ARTIFACT == "check-result"
    assert upload["with"]["path"] == f"check-result/{name}.json"
    assert upload["if"].startswith("${{ !cancelled()")
    assert steps.index(upload) > steps.index(check)
