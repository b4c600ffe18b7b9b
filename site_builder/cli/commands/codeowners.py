"""`codeowners`: write `.github/CODEOWNERS` from the roster, or (`--check`) confirm it is current."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK
from site_builder.core.files import write_atomic
from site_builder.core.programme import Programme
from site_builder.review.codeowners import CODEOWNERS_FILE, COMMAND, render

MAX_DIFF_LINES = 40


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "codeowners",
        help="根据名册生成 .github/CODEOWNERS",
        description=(
            "根据名册 data/roster.yml 生成 .github/CODEOWNERS\uff1a项目文件由评审组审核\uff0c"
            "其余文件由仓库维护者审核。"
        ),
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="只检查 .github/CODEOWNERS 是否与名册一致\uff0c不写文件\uff08不一致时退出码为 1\uff09",
    )
    p.set_defaults(run=run)


def _current(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None


def run(args: argparse.Namespace) -> int:

    root = Path(args.root).resolve()
    expected = render(Programme.load(root).roster)
    target = root / CODEOWNERS_FILE
    current = _current(target)

    if args.check:
        if current == expected:
            print(f"{CODEOWNERS_FILE} 与名册一致。")
            return EXIT_OK
        why = "不存在" if current is None else "与名册 data/roster.yml 不一致"
        print(
            f"`{CODEOWNERS_FILE}` 已过期\uff0c请运行 {COMMAND} 并提交。\uff08{CODEOWNERS_FILE} {why}\uff09"
        )
        if current is not None:
            diff = list(
                difflib.unified_diff(
                    current.splitlines(),
                    expected.splitlines(),
                    f"{CODEOWNERS_FILE}\uff08现有\uff09",
                    f"{CODEOWNERS_FILE}\uff08应为\uff09",
                    lineterm="",
                )
            )
            for line in diff[:MAX_DIFF_LINES]:
                print(line)
            if len(diff) > MAX_DIFF_LINES:
                print(f"……\uff08另有 {len(diff) - MAX_DIFF_LINES} 行差异\uff09")
        return EXIT_FINDINGS

    if current == expected:
        print(f"{CODEOWNERS_FILE} 已是最新\uff0c无需改动。")
        return EXIT_OK
    if target.is_symlink() or (target.exists() and not target.is_file()):
        sys.stderr.write(f"{CODEOWNERS_FILE} 不是普通文件。请删除它后重新运行 {COMMAND}。\n")
        return EXIT_FINDINGS
    write_atomic(target, expected.encode("utf-8"))
    print(f"已根据名册写入 {CODEOWNERS_FILE}。请把它与 data/roster.yml 一同提交。")
    return EXIT_OK
