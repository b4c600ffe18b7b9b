"""`python -m site_builder remind [--today DATE] [--format text|markdown|json] [--publish]`:
what is due or overdue, for the panel and per branch, with the online form that does each.

`--publish` (the reminder workflow) also brings the one reminder issue on GitHub up to date:
GITHUB_REPOSITORY names the repository, GH_TOKEN or GITHUB_TOKEN the token, GITHUB_API_URL the
API (GitHub Actions sets it); the issue's number is written to GITHUB_OUTPUT as `issue=N`.
Files that do not validate are named on stderr and left out (exit 1, after publishing).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from site_builder.cli.argtypes import day_arg
from site_builder.cli.github_rest import DEFAULT_API, Client, GitHubError
from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, UsageError
from site_builder.core import schedule
from site_builder.core.programme import Programme
from site_builder.core.site_config import folder_site_url
from site_builder.panel import reminders
from site_builder.rules.validate import validate
from site_builder.showcase.forms_pages import APPLY_PAGE, PANEL_PAGE, UPDATE_PAGE

FORMATS = ("text", "markdown", "json")
# The panel's guide (awarding after the notice has no online form).
GUIDE_PAGE = "guide/review.md"
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "remind",
        help="列出到期和逾期的事项\uff08评审组和各支部\uff09",
        description=(
            "按设置中的工作日历和各项目所处阶段\uff0c列出评审组和各支部到期\u3001逾期和即将开始的事项"
            "\uff0c每项写明要做什么\u3001在网站哪个在线表单办理。"
        ),
    )
    p.add_argument(
        "--today",
        type=day_arg,
        metavar="日期",
        help="按哪一天计算\uff0c写作 YYYY-MM-DD\uff08默认为设置中时区的今天\uff09",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="输出格式\uff1atext\uff08默认\uff09、markdown\u3001json",
    )
    p.add_argument(
        "--publish",
        action="store_true",
        help="同时更新 GitHub 上的提醒议题\uff08供工作流使用\uff09",
    )
    p.set_defaults(run=run)


def _urls(root: Path) -> dict[str, str]:
    paths = {"apply": APPLY_PAGE, "update": UPDATE_PAGE, "panel": PANEL_PAGE, "guide": GUIDE_PAGE}
    return reminders.form_urls(folder_site_url(root), paths)


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if args.publish:
        repo = os.environ.get("GITHUB_REPOSITORY", "")
        token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN") or ""
        if not _REPO.match(repo) or not token:
            raise UsageError(
                "--publish 需要环境变量 GITHUB_REPOSITORY\uff08如 owner/repo\uff09"
                "和 GH_TOKEN\uff08或 GITHUB_TOKEN\uff09\uff0c只在工作流中使用。"
            )
    programme = Programme.load(root)
    today = args.today or programme.settings.today()
    result = validate(root, programme)
    failed = sorted(result.failed_paths())
    if failed:
        sys.stderr.write(f"以下 {len(failed)} 个文件未通过检查\uff0c未计入提醒\uff1a\n")
        for d in result.diagnostics:
            if d.path in failed and d.severity == "error":
                sys.stderr.write(f"  {d.text()}\n")

    due = schedule.due(result.valid_projects(), programme, today)
    digest = reminders.build_digest(due, programme, today, _urls(root))
    render = {
        "text": reminders.render_text,
        "markdown": reminders.render_markdown,
        "json": reminders.render_json,
    }[args.format]
    sys.stdout.write(render(digest))
    sys.stdout.flush()
    if args.publish:
        api = os.environ.get("GITHUB_API_URL", DEFAULT_API).rstrip("/")
        try:
            number = publish(Client(token, api), repo, digest)
        except GitHubError as exc:
            sys.stderr.write(f"更新提醒议题失败\uff1a{exc.report()}\n")
            return EXIT_FINDINGS
        output = os.environ.get("GITHUB_OUTPUT")
        if output:
            with open(output, "a", encoding="utf-8") as fh:
                fh.write(f"issue={number}\n")
        sys.stderr.write(f"提醒议题\uff1a#{number}\n")
    return EXIT_FINDINGS if failed else EXIT_OK


def publish(client: Client, repo: str, digest: reminders.Digest) -> int:
    """Bring the reminder issue up to date; its number."""
    issues = client.list_all(reminders.list_request(repo))
    plan = reminders.plan_issue(repo, issues, digest)
    number = plan.issue_number
    for request in plan.requests:
        created = client.call(request)
        if number is None:
            number = int(created["number"])
    if number is None:
        raise GitHubError("GitHub 没有返回新建议题的编号。")
    if plan.comment:
        client.call(reminders.comment_request(repo, number, plan.comment))
    return number
