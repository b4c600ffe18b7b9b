"""`validate [PATH ...]`: check project files; cross-file rules always see the whole tree."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_builder.cli.output import FORMATS, emit
from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK
from site_builder.core.programme import Programme
from site_builder.core.site_config import folder_site_url
from site_builder.core.tree import resolve_paths
from site_builder.rules.validate import validate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="检查项目文件", description="检查 projects/ 下的项目文件")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="路径",
        help="要检查的文件或文件夹\uff08默认为全部 projects/\uff09",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="输出格式\uff1atext\uff08中文\uff0c默认\uff09、json、github\uff08GitHub Actions 注释\uff09",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    programme = Programme.load(root)
    only = set(resolve_paths(root, args.paths)) if args.paths else None
    result = validate(root, programme, only)
    # Messages link the rule reference of the site this checkout publishes.
    site_url = folder_site_url(root) if args.format != "text" else None
    emit(args.format, result.diagnostics, len(result.files), sys.stdout, site_url=site_url)
    return EXIT_FINDINGS if result.errors else EXIT_OK
