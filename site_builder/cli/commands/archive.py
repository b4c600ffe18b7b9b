"""`python -m site_builder archive --year Y --out FILE.zip [--reviews DIR] [--today DATE]`: the
year's dossier (年度台账) for the party committee, one ZIP (`panel/archive.py`).

Every project file of the year must pass the checks: a dossier with projects left out would be an
incomplete record, so none is written then (exit 1). The stage history comes from git (first
parents of HEAD); the dossier's time is HEAD's commit time, or $SOURCE_DATE_EPOCH when set, so
the same commit and reviews give the same bytes.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from pathlib import Path

from site_builder.cli.argtypes import day_arg, year_arg
from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, OutputError, UsageError
from site_builder.core.files import unsafe_output, unwritable, write_atomic, write_refusal
from site_builder.core.history import SHANGHAI
from site_builder.core.programme import Programme
from site_builder.core.tree import PROJECTS_DIR
from site_builder.panel.archive import Dossier, Entry, build
from site_builder.panel.pdf import PdfError, print_pages
from site_builder.review.approvals import ReviewsError
from site_builder.review.gitrepo import GitError
from site_builder.review.history import (
    ReviewsFolder,
    head_commit,
    stage_histories,
    uncommitted,
    with_approvals,
)
from site_builder.rules.validate import validate

EPOCH_ENV = "SOURCE_DATE_EPOCH"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "archive",
        help="生成年度台账\uff08供党委存档\uff0c内部材料\uff0c不得公开\uff09",
        description="把一个立项年度的全部项目\uff08含不公开的项目\uff09打包成一个 ZIP 文件\uff1a"
        "各项目的申报表\u3001中期检查表\u3001验收评审表和结题报告\uff08PDF\uff09\u3001项目文件\u3001"
        "照片和成果文件\uff0c年度报表\uff08xlsx\uff09\uff0c以及带封面的索引\uff08PDF\uff09\uff0c"
        "列出每个项目每次阶段变化的日期\u3001提交\u3001作者和批准人\u3002"
        "台账含有不公开的信息\uff0c不能写入网站文件夹\u3002同一提交\u3001同一评审记录"
        "生成的台账逐字节相同\u3002",
    )
    p.add_argument(
        "--year", required=True, type=year_arg, metavar="年度", help="立项年度\uff0c如 2026"
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="文件",
        help="输出的 ZIP 文件\uff0c如 ../台账-2026.zip\uff08不能在 docs/\u3001site/ 或 projects/ 中\uff09",
    )
    p.add_argument(
        "--reviews",
        metavar="文件夹",
        help="拉取请求的评审记录\uff1a每个拉取请求一个 JSON 文件\uff0c以编号命名\uff08如 12.json\uff09\uff0c"
        "内容是 GitHub 接口\u201c列出拉取请求的评审\u201d返回的 JSON\uff1b"
        "也可以用合入主分支的提交号命名\uff08如 3f2a9c1.json\uff09",
    )
    p.add_argument(
        "--today",
        type=day_arg,
        metavar="日期",
        help="年度报表按哪一天计算逾期\uff0c写作 YYYY-MM-DD\uff08默认为最新提交的日期\uff09",
    )
    p.set_defaults(run=run)


def _when(commit_time: int) -> datetime:
    """The dossier's time: $SOURCE_DATE_EPOCH when set, else the commit's time."""
    value = os.environ.get(EPOCH_ENV, "").strip()
    if value:
        if not value.isdigit():
            raise UsageError(
                f"环境变量 {EPOCH_ENV} 应是从 1970 年起的秒数\uff08整数\uff09\uff0c实际是“{value}”\u3002"
            )
        return datetime.fromtimestamp(int(value), SHANGHAI)
    return datetime.fromtimestamp(commit_time, SHANGHAI)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    out = Path(args.out)
    example = f"../台账-{args.year}.zip"
    problem = unsafe_output(root, out, what="台账", example=example)
    if problem:
        raise OutputError(problem)
    if out.is_dir():
        raise OutputError(
            f"--out {args.out} 是一个文件夹\u3002请给出 ZIP 文件名\uff0c如 --out {example}\u3002"
        )
    if out.suffix.lower() != ".zip":
        raise OutputError(f"--out {args.out} 应以 .zip 结尾\uff0c如 --out {example}\u3002")
    why = unwritable(out)
    if why:  # found now, not after minutes of printing
        raise OutputError(_cannot_write(args.out, why, example))
    year_folder = root / PROJECTS_DIR / str(args.year)
    if not year_folder.is_dir():
        years = sorted(
            p.name for p in (root / PROJECTS_DIR).glob("[0-9][0-9][0-9][0-9]") if p.is_dir()
        )
        have = "\u3001".join(years) if years else "无"
        raise UsageError(
            f"没有 {args.year} 年度的项目\uff08{PROJECTS_DIR}/{args.year}/ 不存在\uff09\u3002"
            f"现有的年度\uff1a{have}\u3002请用 --year 写其中一个\u3002"
        )
    try:
        head = head_commit(root)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    reviews = None
    if args.reviews:
        try:
            reviews = ReviewsFolder(Path(args.reviews))
        except ReviewsError as exc:
            raise UsageError(f"评审记录有误\uff1a{exc}") from None
    when = _when(head.time)
    today: date = args.today or when.date()

    programme = Programme.load(root)
    result = validate(root, programme)
    year_dir = f"{PROJECTS_DIR}/{args.year}/"
    failed = sorted(p for p in result.failed_paths() if p.startswith(year_dir))
    if failed:
        sys.stderr.write(
            f"以下 {len(failed)} 个文件未通过检查\uff0c台账不完整\uff0c没有生成\u3002请先改正\uff1a\n"
        )
        for d in result.diagnostics:
            if d.path in failed and d.severity == "error":
                sys.stderr.write(f"  {d.text()}\n")
        return EXIT_FINDINGS
    projects = sorted(
        (p for p in result.valid_projects() if p.path.startswith(year_dir)), key=lambda p: p.path
    )
    if not projects:
        raise UsageError(f"{year_dir} 中没有项目文件\uff0c无法生成 {args.year} 年度的台账\u3002")

    folders = [year_dir.rstrip("/"), "data", "schema"]
    try:
        changed = uncommitted(root, folders)
        histories = stage_histories(root, [p.path for p in projects])
    except GitError as exc:
        raise UsageError(str(exc)) from None
    if changed:
        sys.stderr.write(
            f"注意\uff1a以下 {len(changed)} 个文件有未提交的修改\uff0c台账按工作区的文件生成\uff0c"
            f"阶段记录截至提交 {head.sha[:10]}\uff1b提交后再生成\uff0c才能凭提交重新生成核对\uff1a\n"
        )
        for path in changed:
            sys.stderr.write(f"  {path}\n")

    entries = []
    for project in projects:
        history = histories.get(project.path, [])
        if reviews is not None:
            history = with_approvals(history, reviews)
        entries.append(
            Entry(
                project,
                (root / project.path).read_bytes(),
                _media(root / project.path.removesuffix(".md")),
                history,
                uncommitted=project.path in changed,
            )
        )
    dossier = Dossier(
        args.year, programme, entries, head, when, today, reviews is not None, changed
    )
    try:
        data = build(dossier, lambda pages: print_pages(pages, hint="再重新生成台账\u3002"))
    except PdfError as exc:
        sys.stderr.write(f"{exc}\n台账没有生成\u3002\n")
        return EXIT_FINDINGS
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise OutputError(_cannot_write(args.out, write_refusal(exc), example)) from None
    if out.resolve().is_relative_to(root):
        sys.stderr.write(
            f"注意\uff1a{args.out} 在仓库的文件夹中\u3002台账是内部材料\uff0c不要把它提交到仓库\uff1b"
            "最好写到仓库以外\uff0c如 --out ../台账.zip\u3002\n"
        )
    sys.stdout.write(
        f"已写入 {args.out}\uff08{args.year} 年度\uff0c{len(entries)} 个项目\uff09\u3002"
        "台账是内部材料\uff0c不得公开\u3002\n"
    )
    return EXIT_OK


def _cannot_write(out: str, why: str, example: str) -> str:
    return (
        f"无法写入 --out {out}\uff1a{why}\u3002台账没有生成\u3002"
        f"请换一个可以写入的位置\uff0c如 --out {example}\u3002"
    )


def _media(folder: Path) -> list[tuple[str, bytes]]:
    """A project's photos and outcome files, by name (the media rules allow no sub-folders)."""
    if not folder.is_dir():
        return []
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]
