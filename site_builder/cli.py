"""The command line: `python -m site_builder <command>`. Exit 0 clean, 1 findings, 2 misuse."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from site_builder.programme import ConfigError, Programme

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Misuse of the command line; the message is Chinese."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(
            f"用法错误:{message}\n请运行 `python -m site_builder {self.prog.split()[-1]} --help` 查看说明。\n"
        )
        sys.exit(EXIT_USAGE)


def _validate(args: argparse.Namespace) -> int:
    from site_builder.output import emit
    from site_builder.validate import validate

    root = Path(args.root).resolve()
    programme = Programme.load(root)
    only = None
    if args.paths:
        only = set()
        for given in args.paths:
            full = Path(given).resolve()
            if not full.exists() and not full.is_symlink():
                raise UsageError(f"找不到 {given}。请给出 projects/ 下的文件或文件夹。")
            try:
                rel = (
                    full.relative_to(root).as_posix()
                    if not full.is_symlink()
                    else (Path(given).absolute().relative_to(root).as_posix())
                )
            except ValueError:
                raise UsageError(f"{given} 不在仓库 {root} 中。") from None
            only.add(rel)
        # A folder stands for every file under it.
        from site_builder.validate import discover

        everything = discover(root)
        only = {p for p in everything if any(p == o or p.startswith(o + "/") for o in only)} | {
            o for o in only if (root / o).is_file() or (root / o).is_symlink()
        }
    result = validate(root, programme, only)
    emit(args.format, result.diagnostics, len(result.files), sys.stdout)
    return EXIT_FINDINGS if result.errors else EXIT_OK


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="输出格式:text(中文,默认)、json、github(GitHub Actions 注释)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m site_builder", description="党支部工作“立项活动”项目工具")
    parser.add_argument("--root", default=".", help="仓库根目录(默认为当前目录)")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("validate", help="检查项目文件", description="检查 projects/ 下的项目文件")
    p.add_argument("paths", nargs="*", help="要检查的文件或文件夹(默认为全部 projects/)")
    _add_format(p)
    p.set_defaults(run=_validate)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


# Other modules add their subcommands here (pull-request check, forms, reports, staging, ...).
_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def _load_extra_commands() -> None:
    import importlib

    _EXTRA_COMMANDS.clear()  # main() may run more than once in a process (tests)
    for name in ("check", "scaffold", "codeowners", "stage", "forms", "reports"):
        try:
            module = importlib.import_module(f"site_builder.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"site_builder.commands.{name}":
                raise
            continue
        _EXTRA_COMMANDS.append(module.register)


def main(argv: list[str] | None = None) -> int:
    _load_extra_commands()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        sys.stderr.write(f"用法错误:{exc}\n")
        return EXIT_USAGE
    except ConfigError as exc:
        sys.stderr.write(f"配置文件有误,无法继续:\n{exc}\n")
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
