"""`export --out DIR`: the showcase as plain files, for an engine that runs no custom plugins.

The command was called `stage` before; that name is still accepted and says it was renamed (it has
nothing to do with a project's stage)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_builder.cli.output import emit
from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, UsageError
from site_builder.showcase.build import DateSettingError, build_date, generate
from site_builder.showcase.export import ExportError, check_target, write_export
from site_builder.showcase.links import AddressError, repository_from_config, site_from_config
from site_builder.showcase.media import MediaError

OLD_NAME = "stage"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        aliases=[OLD_NAME],
        help="把展示网站的全部页面写成文件",
        description="把展示网站的页面\uff08手写页面和自动生成的页面\uff09写入该文件夹的 docs/\uff0c并写出不含插件的 mkdocs.yml。",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="文件夹",
        help="输出文件夹\uff08不存在\uff0c或是以前由本命令生成的\uff09",
    )
    p.add_argument("--today", metavar="日期", help="日历所用的日期 YYYY-MM-DD\uff08默认今天\uff09")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.command == OLD_NAME:
        sys.stderr.write(
            "提示\uff1a命令 stage 已改名为 export\uff0c请改用 python -m site_builder export。\n"
        )
    root = Path(args.root).resolve()
    out = Path(args.out).resolve()
    try:
        check_target(root, out)
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        site = site_from_config(config)
        repository = repository_from_config(config)
        today = build_date(args.today, "--today")
    except (ExportError, AddressError, DateSettingError) as exc:
        raise UsageError(str(exc), code=exc.code) from None
    except OSError:
        raise UsageError(f"无法读取 {root / 'mkdocs.yml'}\u3002") from None
    try:
        showcase = generate(root, today, site, repository)
    except MediaError as exc:
        sys.stderr.write(f"{exc.report()}\n")
        return EXIT_FINDINGS
    if showcase.refused:
        emit("text", showcase.diagnostics, len({d.path for d in showcase.diagnostics}), sys.stderr)
        sys.stderr.write("项目文件未通过检查\uff0c没有写出任何文件。\n")
        return EXIT_FINDINGS
    write_export(root, out, showcase.pages, showcase.media)
    print(
        f"已写出 {len(showcase.pages)} 个生成页面到 {out}。在该文件夹中运行 mkdocs build 即可构建网站。"
        "\n网站的搜索索引要在构建后另行生成\uff1apython -m site_builder.showcase.search_index site"
    )
    return EXIT_OK
