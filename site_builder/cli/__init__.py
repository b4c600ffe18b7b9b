"""The command line: `python -m site_builder <command>`. Exit 0 clean, 1 findings, 2 misuse.

Each command is a module in `cli/commands/` with `register(subparsers)`; its `run(args)` returns an
exit code from `cli.status`. Errors that any command may raise are turned into messages here: any
`SiteBuilderError` as its code and Chinese message, never a traceback (2; a broken configuration
file 1, as a finding)."""

from __future__ import annotations

import argparse
import importlib
import sys

from site_builder.cli import argparse_zh
from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError
from site_builder.core.errors import SiteBuilderError
from site_builder.core.programme import ConfigError
from site_builder.core.tree import PathError

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "UsageError", "build_parser", "main"]

# In the order `--help` lists them.
COMMANDS = (
    "validate",
    "check",
    "approvals",
    "new",
    "media",
    "codeowners",
    "export",
    "forms",
    "reports",
    "remind",
    "archive",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"用法错误\uff1a{message}\n请运行 `{self.prog} --help` 查看说明。\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    argparse_zh.install()  # before the parser is built: `-h`'s help is translated then
    parser = _Parser(prog="python -m site_builder", description="党支部工作“立项活动”项目工具")
    parser.add_argument(
        "--root", default=".", metavar="目录", help="仓库根目录\uff08默认为当前目录\uff09"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(f"site_builder.cli.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (UsageError, PathError) as exc:
        sys.stderr.write(f"用法错误\uff1a{exc.report()}\n")
        return EXIT_USAGE
    except ConfigError as exc:
        sys.stderr.write(f"配置文件有误\uff0c无法继续\uff1a\n{exc.report()}\n")
        return EXIT_FINDINGS
    except SiteBuilderError as exc:  # any other failure a command did not report itself
        sys.stderr.write(f"{exc.report()}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
