"""`check`: the pull-request check in a real git repository (adapter around `pr_check`)."""

from __future__ import annotations

import argparse
import html
import os
import sys
from pathlib import Path

from site_builder.cli.annotations import job_summary
from site_builder.cli.output import FORMATS, emit, summary
from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, UsageError
from site_builder.core import receipt
from site_builder.core.change import FileChange
from site_builder.core.diagnostics import has_errors
from site_builder.core.programme import Programme
from site_builder.core.safetext import visible
from site_builder.review.gitrepo import GitError, base_site_url, check_refs, read_pull_request

# How many characters of the job summary the change receipt may fill: GitHub takes at most 1 MiB
# a step, and a character can take 5 bytes once escaped (`&amp;`) or 3 in UTF-8.
RECEIPT_LIMIT = 150_000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="检查拉取请求\uff08阶段变化、权限\uff09",
        description="把拉取请求合并进目标分支的最新内容\uff0c检查合并后的改动是否符合立项活动的流程和权限\uff1b有冲突时拒绝\u3002",
    )
    p.add_argument("--base", required=True, metavar="分支", help="目标分支\uff0c如 origin/main")
    p.add_argument(
        "--head", default="HEAD", metavar="提交", help="拉取请求的提交\uff08默认 HEAD\uff09"
    )
    p.add_argument("--author", required=True, metavar="账号", help="拉取请求作者的 GitHub 账号")
    p.add_argument("--format", choices=FORMATS, default="text", help="输出格式")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    try:
        pr = read_pull_request(root, args.base, args.head)
        outcome = check_refs(root, args.base, args.head, args.author, pr=pr)
    except GitError as exc:
        raise UsageError(str(exc), code=exc.code) from None
    preface = ["本拉取请求\uff1a", *outcome.steps, "需要的审核\uff1a", *outcome.reviews]
    if not outcome.files:
        preface = ["本拉取请求没有改动任何文件。"]
    emit(
        args.format,
        outcome.diagnostics,
        outcome.files,
        sys.stdout,
        extra={"steps": outcome.steps, "reviews": outcome.reviews},
        preface=preface,
        site_url=base_site_url(root, args.base) if args.format != "text" else None,
    )
    failed = has_errors(outcome.diagnostics)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        verdict = summary(outcome.files, outcome.diagnostics)
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(job_summary("立项活动检查", preface, outcome.diagnostics, verdict))
            fh.write(receipt_summary(pr.programme, pr.changes))
    return EXIT_FINDINGS if failed else EXIT_OK


def receipt_summary(programme: Programme, changes: list[FileChange]) -> str:
    """The change receipt of every changed file (core/receipt.py), for the job summary: its plain
    lines as preformatted text, so that nothing a file holds is read as Markdown."""
    if not changes:
        return ""
    described = receipt.texts([receipt.of_change(programme, c) for c in changes], RECEIPT_LIMIT)
    title = receipt.WORDS["title"]
    shown = html.escape(visible(described), quote=False)  # a path's override shown, not obeyed
    return f"\n### {title}\n\n<pre>\n{shown}</pre>\n"
