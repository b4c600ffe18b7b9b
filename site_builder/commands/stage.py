"""`stage --out DIR`: the showcase written out as plain files (docs/ + mkdocs.yml without the
plugin), for an engine that runs no custom plugins. All or nothing: DIR is swapped in whole."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

from site_builder.output import emit
from site_builder.showcase import build_date, generate

MARKER = ".staged-showcase"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stage",
        help="把展示网站的全部页面写成文件",
        description="把展示网站的页面(手写页面和自动生成的页面)写入 DIR/docs,并写出不含插件的 DIR/mkdocs.yml。",
    )
    p.add_argument("--out", required=True, help="输出文件夹(不存在,或是以前由本命令生成的)")
    p.add_argument("--today", help="日历所用的日期 YYYY-MM-DD(默认今天)")
    p.set_defaults(run=run)


def plain_config(text: str) -> str:
    """mkdocs.yml without the showcase plugin (text edit: the file holds Python tags)."""
    return re.sub(r"(?m)^\s*-\s*showcase\s*$\n?", "", text)


def run(args: argparse.Namespace) -> int:
    from site_builder.cli import EXIT_FINDINGS, EXIT_OK, UsageError

    root = Path(args.root).resolve()
    out = Path(args.out).resolve()
    if out.exists() and not (out / MARKER).exists() and any(out.iterdir()):
        raise UsageError(f"{args.out} 已存在且不是本命令生成的。请换一个空文件夹。")
    protected = [root / name for name in ("docs", "projects", "data", "schema")]
    if out == root or any(out == p or p in out.parents for p in protected):
        raise UsageError("输出文件夹不能是仓库本身,也不能在 docs、projects、data、schema 中。")
    try:
        today = build_date(args.today)
    except ValueError:
        raise UsageError("--today 必须写作 YYYY-MM-DD。") from None
    showcase = generate(root, today)
    if showcase.refused:
        emit("text", showcase.diagnostics, len({d.path for d in showcase.diagnostics}), sys.stderr)
        sys.stderr.write("项目文件未通过检查,没有写出任何文件。\n")
        return EXIT_FINDINGS
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".stage-", dir=out.parent))
    try:
        shutil.copytree(root / "docs", temp / "docs", symlinks=False)
        for rel, content in showcase.pages.items():
            target = temp / "docs" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        config = plain_config((root / "mkdocs.yml").read_text(encoding="utf-8"))
        (temp / "mkdocs.yml").write_text(config, encoding="utf-8")
        shutil.copytree(root / "data", temp / "data")  # the search dictionary lives there
        (temp / MARKER).write_text("written by python -m site_builder stage\n", encoding="utf-8")
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=".old-", dir=out.parent))
            out.rename(old / "x")
            temp.rename(out)
            shutil.rmtree(old)
        else:
            temp.rename(out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    print(
        f"已写出 {len(showcase.pages)} 个生成页面到 {out}。在该文件夹中运行 mkdocs build 即可构建网站。"
    )
    return EXIT_OK
