"""`media clean PATH ...`: strip location, camera and every other metadata from the photos in
the given files or folders, in place. Without re-encoding where the format allows; each file is
replaced whole (temporary file, then one rename)."""

from __future__ import annotations

import argparse
from pathlib import Path

from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, UsageError
from site_builder.core import media
from site_builder.core.files import write_atomic
from site_builder.core.imageclean import CleanError, clean_image
from site_builder.core.tree import discover, resolve_paths, whole_projects


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "media",
        help="处理项目文件夹中的图片",
        description="处理项目文件夹 projects/<年度>/<简称>/ 中的图片\u3002",
    )
    actions = p.add_subparsers(dest="action", metavar="操作")
    actions.required = True
    clean = actions.add_parser(
        "clean",
        help="清除图片中的拍摄位置\u3001相机型号等信息",
        description="清除图片中的 GPS 拍摄位置\u3001相机型号\u3001拍摄时间等全部元数据\uff0c直接改写原文件\u3002"
        "照片不重新压缩\uff1b只有带旋转方向信息的照片会先转正再保存\u3002",
    )
    clean.add_argument(
        "paths",
        nargs="+",
        help="图片文件\uff0c或项目文件\u3001项目文件夹\uff08处理其中全部图片\uff09",
    )
    clean.set_defaults(run=run_clean)


def run_clean(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    # A project's file names its media folder too: one project for every command.
    named = whole_projects(set(resolve_paths(root, args.paths)), discover(root))
    chosen = sorted(p for p in named if media.kind_of(p) == "image" and (root / p).exists())
    if not chosen:
        raise UsageError("给出的路径中没有图片\uff08.jpg .jpeg .png .webp\uff09\u3002")
    cleaned = failed = 0
    for rel in chosen:
        path = root / rel
        if path.is_symlink() or not path.is_file():
            print(f"{rel}\uff1a不是普通文件\uff0c已跳过\u3002")
            failed += 1
            continue
        original = path.read_bytes()
        try:
            result = clean_image(original)
        except CleanError as exc:
            print(f"{rel}\uff1a{exc.code} 无法清除\uff0c{exc}\u3002请重新导出该图片后再试\u3002")
            failed += 1
            continue
        if not result.changed(original):
            print(f"{rel}\uff1a没有需要清除的信息\u3002")
            continue
        write_atomic(path, result.data)
        cleaned += 1
        what = "\u3001".join(result.found) or "元数据"
        how = "照片按方向信息转正后重新保存" if result.reencoded else "照片未重新压缩"
        print(f"{rel}\uff1a已清除 {what}\uff08{how}\uff09\u3002")
    print(f"共 {len(chosen)} 张图片\uff1a清除了 {cleaned} 张\uff0c{failed} 张无法处理\u3002")
    return EXIT_FINDINGS if failed else EXIT_OK
