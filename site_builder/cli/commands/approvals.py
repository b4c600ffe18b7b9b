"""`approvals`: whether a pull request has the approvals the programme asks for (adapter around
`review.approvals`; the reviews come as the JSON GitHub's REST API returns)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from site_builder.cli.annotations import job_summary, safe_line
from site_builder.cli.output import FORMATS
from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from site_builder.review.approvals import MAX_REVIEWS_BYTES, ReviewsError, parse_reviews
from site_builder.review.gitrepo import GitError, approvals_refs


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "approvals",
        help="检查拉取请求是否已有所需的批准",
        description=(
            "按改动的内容\uff08新申报\u3001评审组步骤\u3001表彰\u3001支部修改\u3001项目以外的文件\uff09"
            "列出所需的批准\uff0c对照 GitHub 记录的评审\uff0c说明还缺谁的批准\u3002"
            "只有针对最新提交的批准才算\uff0c作者本人不算\u3002"
        ),
    )
    p.add_argument("--base", required=True, metavar="分支", help="目标分支\uff0c如 origin/main")
    p.add_argument(
        "--head", default="HEAD", metavar="提交", help="拉取请求的最新提交\uff08默认 HEAD\uff09"
    )
    p.add_argument("--author", required=True, metavar="账号", help="拉取请求作者的 GitHub 账号")
    p.add_argument(
        "--reviews",
        required=True,
        metavar="文件",
        help="GitHub 接口\u201c列出拉取请求的评审\u201d返回的 JSON 文件",
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="输出格式")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    try:
        with open(args.reviews, "rb") as fh:  # never more than the bound, whatever the file is
            raw = fh.read(MAX_REVIEWS_BYTES + 1)
        text = raw[:MAX_REVIEWS_BYTES].decode("utf-8") if len(raw) <= MAX_REVIEWS_BYTES else None
    except (OSError, UnicodeDecodeError):
        sys.stderr.write(
            f"无法读取评审记录文件 {args.reviews}\u3002"
            "请确认文件存在\uff0c且是 UTF-8 编码的 JSON\u3002\n"
        )
        return EXIT_USAGE
    if text is None:
        sys.stderr.write(
            f"评审记录文件 {args.reviews} 超过 {MAX_REVIEWS_BYTES // (1024 * 1024)} MB\uff0c不像是评审记录\u3002"
            "请传入 GitHub 接口\u201c列出拉取请求的评审\u201d返回的 JSON 列表\u3002\n"
        )
        return EXIT_USAGE
    try:
        reviews = parse_reviews(text, args.reviews)
    except ReviewsError as exc:
        sys.stderr.write(f"评审记录文件有误\uff1a{exc.report()}\n")
        return EXIT_USAGE
    try:
        result = approvals_refs(root, args.base, args.head, args.author, reviews)
    except GitError as exc:
        raise UsageError(str(exc), code=exc.code) from None

    lines = [*result.lines(), result.verdict()]
    if args.format == "json":
        json.dump(result.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        clean = safe_line if args.format == "github" else str
        for line in lines:
            sys.stdout.write(clean(line) + "\n")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(job_summary("批准检查", result.lines(), [], result.verdict()))
    return EXIT_OK if result.satisfied else EXIT_FINDINGS
