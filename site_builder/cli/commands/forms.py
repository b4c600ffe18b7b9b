"""`python -m site_builder form apply|midterm|acceptance PATH... --out DIR [--no-pdf] [--blank]`.

Writes DIR/<year>-<slug>-<form>.html and, printed by headless Chromium in one browser session,
DIR/<year>-<slug>-<form>.pdf. A file that does not validate, or whose stage lacks what the form
needs, is named on stderr and gets no form; the others are still written (exit 1). `--blank`
prints the midterm and acceptance forms with the panel's boxes and score cells left empty.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, OutputError, UsageError
from site_builder.core.files import unsafe_output, unwritable, write_atomic
from site_builder.core.programme import Programme
from site_builder.core.tree import resolve_paths
from site_builder.panel.forms import (
    BLANK_FORMS,
    FORM_TITLES,
    FORMS,
    missing_data,
    output_name,
    render_form,
)
from site_builder.rules.validate import validate

KIND_HELP = (
    "apply\uff08项目申报表\uff09、midterm\uff08中期检查表\uff09、acceptance\uff08验收评审表\uff09"
)


def register(subparsers: argparse._SubParsersAction) -> None:

    p = subparsers.add_parser(
        "form",
        help="生成申报表、中期检查表或验收评审表\uff08HTML 和 PDF\uff09",
        description="按实施办法的附表格式\uff0c为项目生成可打印的表格\uff08HTML 和 A4 PDF\uff09。"
        "表格含有不公开的信息\uff0c不能输出到网站文件夹。",
    )
    p.add_argument("kind", choices=FORMS, metavar="表格", help=KIND_HELP)
    p.add_argument(
        "paths", nargs="+", metavar="文件", help="项目文件或文件夹\uff08projects/ 下\uff09"
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="文件夹",
        help="输出文件夹\uff08不能在 docs/ 或 site/ 中\uff09",
    )
    p.add_argument("--no-pdf", action="store_true", help="只生成 HTML\uff0c不打印 PDF")
    p.add_argument(
        "--blank",
        action="store_true",
        help="空白表\uff1a填好项目信息\uff0c评审组填写的意见栏和评分格留空\uff0c供会上填写"
        "\uff08只用于 midterm 和 acceptance\uff09",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:

    if args.blank and args.kind not in BLANK_FORMS:
        raise UsageError(
            "--blank 只用于中期检查表\uff08midterm\uff09和验收评审表\uff08acceptance\uff09\u3002"
            "申报表在立项前本来就留有批复栏\uff0c不需要 --blank\u3002"
        )
    root = Path(args.root).resolve()
    out = Path(args.out)
    problem = unsafe_output(root, out)
    if problem:
        raise UsageError(problem)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {args.out} 已存在且不是文件夹。请给出一个文件夹。")
    why = unwritable(out / "form.html")  # found now, not after the printing
    if why:
        raise OutputError(
            f"无法写入 --out {args.out}\uff1a{why}\u3002请换一个可以写入的文件夹\u3002"
        )
    programme = Programme.load(root)
    wanted = resolve_paths(root, args.paths)
    result = validate(root, programme, set(wanted))

    failed = result.failed_paths()
    refused = 0
    for path in wanted:
        if path in failed:
            refused += 1
            sys.stderr.write(f"{path}: 未通过检查\uff0c不生成表格。请先改正以下错误\uff1a\n")
            for d in result.diagnostics:
                if d.path == path and d.severity == "error":
                    sys.stderr.write(f"  {d.text()}\n")

    pages: list[tuple[str, str]] = []  # (file name without extension, html)
    by_path = {p.path: p for p in result.valid_projects()}
    for path in wanted:
        project = by_path.get(path)
        if project is None:
            continue
        reason = missing_data(args.kind, project, programme, args.blank)
        if reason:
            refused += 1
            sys.stderr.write(reason + "\n")
            continue
        html = render_form(args.kind, project, programme, args.blank)
        pages.append((output_name(args.kind, project, args.blank), html))

    _warn_emoji(pages)
    written: list[Path] = []
    for name, text in pages:
        target = out / f"{name}.html"
        write_atomic(target, text.encode("utf-8"))
        written.append(target)
    if written and not args.no_pdf:
        from site_builder.panel.pdf import PdfError, print_pdfs

        jobs = [(h, h.with_suffix(".pdf")) for h in written]
        try:
            print_pdfs(jobs)
        except PdfError as exc:
            sys.stderr.write(f"{exc.report()}\n")
            _report(written, [])
            return EXIT_FINDINGS
        _report(written, [pdf for _, pdf in jobs])
    else:
        _report(written, [])

    title = FORM_TITLES[args.kind]
    if refused:
        sys.stderr.write(
            f"《{title}》\uff1a{len(pages)} 份已生成\uff0c{refused} 份未生成\uff08见上\uff09。\n"
        )
        return EXIT_FINDINGS
    return EXIT_OK


def _report(html_files: list[Path], pdf_files: list[Path]) -> None:
    for path in [*html_files, *pdf_files]:
        sys.stdout.write(f"已写入 {path}\n")


def _warn_emoji(pages: list[tuple[str, str]]) -> None:
    """Name the emoji a form holds when this machine has no font to draw them (they would print
    as empty boxes)."""
    from site_builder.core.bodytext import emoji_in
    from site_builder.panel.pdf import emoji_font_available

    found = {name: emoji_in(html) for name, html in pages}
    found = {name: chars for name, chars in found.items() if chars}
    if not found or emoji_font_available():
        return
    for name, chars in found.items():
        sys.stderr.write(
            f"提示\uff1a{name} 中有表情符号\uff08{' '.join(chars)}\uff09\uff0c本机没有能显示它们的字体\uff0c"
            "打印出来会是空白方框\u3002请安装彩色表情字体\uff08Debian\uff1aapt-get install "
            "fonts-noto-color-emoji\uff09\uff0c或在正文中删去这些符号\u3002\n"
        )
