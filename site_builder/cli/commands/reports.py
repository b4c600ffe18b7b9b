"""`python -m site_builder report [--year Y] [--today YYYY-MM-DD] [--format text|csv|xlsx]
[--out FILE]`: counts, overdue items, money and award candidates.

Files that do not validate are named with their errors on stderr and left out (exit 1); the report
on the others is still produced. An output file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_builder.cli.argtypes import day_arg, year_arg
from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, OutputError, UsageError
from site_builder.core.files import unsafe_output, unwritable, write_atomic, write_refusal
from site_builder.core.programme import Programme
from site_builder.panel.report_output import FORMATS, render
from site_builder.panel.reports import build_tables, select_year
from site_builder.rules.validate import validate


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "report",
        help="生成统计报表\uff08项目统计、逾期事项、经费、表彰候选\uff09",
        description="按阶段和立项方向统计项目\uff0c列出逾期事项、经费结余和表彰候选。",
    )
    p.add_argument(
        "--year", type=year_arg, metavar="年度", help="只统计该立项年度的项目\uff0c如 2026"
    )
    p.add_argument(
        "--today",
        type=day_arg,
        metavar="日期",
        help="按哪一天计算逾期\uff0c写作 YYYY-MM-DD\uff08默认为设置中时区的今天\uff09",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="输出格式\uff1atext\uff08对齐的表格\uff0c默认\uff09、csv\uff08UTF-8,Excel 可直接打开\uff09、xlsx\uff08须同时给出 --out\uff09",
    )
    p.add_argument(
        "--out", metavar="文件", help="写入该文件\uff08默认输出到屏幕\uff1bxlsx 必须给出\uff09"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:

    root = Path(args.root).resolve()
    if args.format == "xlsx" and not args.out:
        raise UsageError("--format xlsx 需要用 --out 指定输出文件\uff0c如 --out 报表.xlsx。")
    if args.out:
        problem = unsafe_output(root, Path(args.out))
        if problem:
            raise UsageError(problem)
        if Path(args.out).is_dir():
            raise UsageError(f"--out {args.out} 是一个文件夹。请给出文件名。")
        why = unwritable(Path(args.out))
        if why:
            raise OutputError(
                f"无法写入 --out {args.out}\uff1a{why}\u3002请换一个可以写入的位置\u3002"
            )
    programme = Programme.load(root)
    today = args.today or programme.settings.today()  # in the programme's time zone
    result = validate(root, programme)

    prefix = f"projects/{args.year}/" if args.year is not None else "projects/"
    failed = sorted(p for p in result.failed_paths() if p.startswith(prefix))
    if failed:
        sys.stderr.write(f"以下 {len(failed)} 个文件未通过检查\uff0c未计入报表\uff1a\n")
        for d in result.diagnostics:
            if d.path in failed and d.severity == "error":
                sys.stderr.write(f"  {d.text()}\n")

    projects = select_year(result.valid_projects(), args.year)
    tables = build_tables(projects, programme, today, args.year)
    data = render(tables, args.format)
    if args.out:
        try:
            write_atomic(Path(args.out), data)
        except OSError as exc:
            why = write_refusal(exc)
            raise OutputError(
                f"无法写入 --out {args.out}\uff1a{why}\u3002请换一个可以写入的位置\u3002"
            ) from None
        sys.stdout.write(f"已写入 {args.out}\n")
    else:
        text = data.decode("utf-8")
        sys.stdout.write(text)
        sys.stdout.flush()
    return EXIT_FINDINGS if failed else EXIT_OK
