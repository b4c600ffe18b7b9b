"""The command line: `python -m site_builder <command>`. Exit 0 clean, 1 findings, 2 misuse.

Each command is a module in `cli/commands/` with `register(subparsers)`; its `run(args)` returns an
exit code from `cli.status`. Only the named command's module is imported (the others pull in
Pillow, pypdf, Jinja2, icalendar ...): the parser holds that one command, and every command only
when the line names none or is not plainly `[--root DIR] COMMAND ...` (`--help`, a misspelt
command), so what argparse prints and accepts is unchanged. Errors that any command may raise are turned into messages here: any
`SiteBuilderError` as its code and Chinese message, never a traceback (2; a broken configuration
file 1, as a finding)."""

from __future__ import annotations

import argparse
import importlib
import sys

from site_builder.cli import argparse_zh
from site_builder.cli.status import (
    ARGUMENT_CODE,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
)
from site_builder.core.errors import SiteBuilderError

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
# The names a command line can give (the module's registered names, aliases included) → module;
# tests/test_cli_startup.py checks it against what each module registers.
NAMES = {
    **{name: name for name in COMMANDS if name not in ("forms", "reports")},
    "form": "forms",
    "report": "reports",
    "stage": "export",  # export's former name
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(
            f"用法错误\uff1a{ARGUMENT_CODE} {message}\n请运行 `{self.prog} --help` 查看说明。\n"
        )
        sys.exit(EXIT_USAGE)


def named_command(argv: list[str]) -> str | None:
    """The module of the command `argv` names when it plainly reads `[--root DIR] COMMAND ...`;
    None for anything else (help, an abbreviated option, an unknown command)."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--root":
            i += 2
        elif token.startswith("--root="):
            i += 1
        else:
            return NAMES.get(token)
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with `argv`, holding only the command it names when it plainly names one."""
    argparse_zh.install()  # before the parser is built: `-h`'s help is translated then
    parser = _Parser(prog="python -m site_builder", description="党支部工作“立项活动”项目工具")
    parser.add_argument(
        "--root", default=".", metavar="目录", help="仓库根目录\uff08默认为当前目录\uff09"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True
    only = named_command(argv) if argv is not None else None
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"site_builder.cli.commands.{name}").register(sub)
    return parser


def _raised_by(exc: BaseException, module: str, name: str) -> bool:
    """`exc` is `module.name`; looked up only if that module is loaded (it raised it, then)."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(exc, getattr(loaded, name))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SiteBuilderError as exc:
        # PathError and ConfigError are matched without importing their modules up front.
        if isinstance(exc, UsageError) or _raised_by(exc, "site_builder.core.tree", "PathError"):
            sys.stderr.write(f"用法错误\uff1a{exc.report()}\n")
            return EXIT_USAGE
        if _raised_by(exc, "site_builder.core.programme", "ConfigError"):
            sys.stderr.write(f"配置文件有误\uff0c无法继续\uff1a\n{exc.report()}\n")
            return EXIT_FINDINGS
        sys.stderr.write(f"{exc.report()}\n")  # any other failure a command did not report
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
