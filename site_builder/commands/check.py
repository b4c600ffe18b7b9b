"""`check`: the pull-request check in a real git repository (adapter around `pr_check`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from site_builder.annotations import job_summary
from site_builder.gitrepo import SUBMODULE_MODE, SYMLINK_MODE, GitError, Repo
from site_builder.output import emit, summary
from site_builder.pr_check import FileChange, Outcome, check_pull_request
from site_builder.programme import Programme
from site_builder.project import Project
from site_builder.validate import PROJECTS_DIR


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="检查拉取请求(阶段变化、权限)",
        description="检查 merge-base(base, head)..head 之间的改动是否符合立项活动的流程和权限。",
    )
    p.add_argument("--base", required=True, help="目标分支,如 origin/main")
    p.add_argument("--head", default="HEAD", help="拉取请求的提交(默认 HEAD)")
    p.add_argument("--author", required=True, help="拉取请求作者的 GitHub 账号")
    p.add_argument("--format", choices=("text", "json", "github"), default="text", help="输出格式")
    p.set_defaults(run=run)


def check_refs(root: Path, base_ref: str, head_ref: str, author: str) -> Outcome:
    """Read the pull request out of git and judge it. Raises GitError on bad refs."""
    repo = Repo(root)
    base = repo.resolve(base_ref)
    head = repo.resolve(head_ref)
    changes = repo.changes(repo.merge_base(base, head), head)
    # The rules (roster, settings) come from the base: a pull request cannot rewrite its judge.
    programme = Programme.from_reader(lambda rel: repo.show(base, rel), root)
    inside = [c for c in changes if f"{c.old_path or c.new_path}".startswith(PROJECTS_DIR + "/")]
    blobs = repo.blobs([c.old_sha for c in inside] + [c.new_sha for c in inside])
    file_changes = [
        FileChange(
            c.status,
            c.old_path,
            c.new_path,
            blobs.get(c.old_sha) if c.old_path else None,
            blobs.get(c.new_sha) if c.new_path else None,
            c.new_mode in (SYMLINK_MODE, SUBMODULE_MODE),
        )
        for c in changes
    ]
    head_paths = repo.tree_paths(head, PROJECTS_DIR)
    # Any file naming `award` anywhere (block or flow style): a superset, parsed in full below.
    awarded_paths = repo.files_matching(head, r"award", PROJECTS_DIR)
    awarded_blobs = repo.blobs([f"{head}:{p}" for p in awarded_paths])
    awarded: list[Project] = []
    from site_builder.validate import parse_project

    for rel in awarded_paths:
        project, _ = parse_project(rel, awarded_blobs.get(f"{head}:{rel}", b""))
        if project is not None:
            awarded.append(project)

    return check_pull_request(file_changes, head_paths, awarded, programme, author)


def run(args: argparse.Namespace) -> int:
    from site_builder.cli import EXIT_FINDINGS, EXIT_OK, UsageError

    try:
        outcome = check_refs(Path(args.root).resolve(), args.base, args.head, args.author)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    preface = ["本拉取请求:", *outcome.steps, "需要的审核:", *outcome.reviews]
    if not outcome.files:
        preface = ["本拉取请求没有改动任何文件。"]
    emit(
        args.format,
        outcome.diagnostics,
        outcome.files,
        sys.stdout,
        extra={"steps": outcome.steps, "reviews": outcome.reviews},
        preface=preface,
    )
    errors = any(d.severity == "error" for d in outcome.diagnostics)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        verdict = summary(outcome.files, outcome.diagnostics)
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(job_summary("立项活动检查", preface, outcome.diagnostics, verdict))
    return EXIT_FINDINGS if errors else EXIT_OK
