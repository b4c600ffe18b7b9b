"""The reminder digest (立项活动提醒): what is due or overdue, for the panel and per branch, each
item with what to do and a link to the online form that does it; and the plan that keeps the one
reminder issue on GitHub up to date.

Pure: the duties of `core/schedule`, the roster and the forms' addresses in; text, Markdown,
JSON and a list of REST requests out. Talking to GitHub is the command's business.

On GitHub the reminding is GitHub's own: the issue's body is the digest (kept current, mentioning
no one, so an edit notifies nobody twice), and a comment on the same issue @-mentions the people
with something due, when what is due has changed or a week has passed since the last one; GitHub
mails and pushes that comment to them. The issue is found by its title, its author (the workflow's
own account) and a hidden marker in its body: an issue someone else wrote is never edited, and
nothing is ever closed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from site_builder.core.programme import Programme
from site_builder.core.schedule import STATUS_LABELS, Duty, Status, window_title

ISSUE_TITLE = "立项活动提醒"
MARKER = "<!-- site_builder:remind"
# The account a workflow's GITHUB_TOKEN writes as.
BOT_LOGIN = "github-actions[bot]"
# A reminder comment at most this often when nothing has changed (the workflow runs weekly).
REMIND_EVERY_DAYS = 6
FORMS = ("apply", "update", "panel", "guide")
FORM_LABELS = {
    "apply": "在线申报",
    "update": "在线填报阶段材料",
    "panel": "评审组在线填报",
    "guide": "评审组工作指南",
}
PANEL = "评审组"
EVERY_BRANCH = "全体支部"

_MARKER_RE = re.compile(
    r"<!-- site_builder:remind fingerprint=(?P<fp>[0-9a-f]{16}) mentioned=(?P<day>[0-9-]{10}|none) -->"
)
# Characters Markdown reads as syntax; `@` becomes the full-width sign so that a project's title
# can never mention anyone, and `<` `&` are written as entities.
_MD_ESCAPE = str.maketrans(
    {c: "\\" + c for c in "\\`*_{}[]()#+-.!|>~"}
    | {"<": "&lt;", "&": "&amp;", "@": "\uff20", "\n": " ", "\r": " "}
)


def md_text(text: object) -> str:
    return str(text).translate(_MD_ESCAPE)


@dataclass(frozen=True)
class Item:
    duty: Duty
    status: Status
    what: str  # the project, or the window's name for every branch
    url: str | None

    def when(self, today: date) -> str:
        span = f"{self.duty.start.isoformat()} 至 {self.duty.end.isoformat()}"
        if self.status == "overdue":
            return f"{span}\uff0c{STATUS_LABELS['overdue']} {self.duty.days_late(today)} 天"
        if self.status == "open":
            left = self.duty.days_left(today)
            return f"{span}\uff0c" + ("今天截止" if left == 0 else f"还剩 {left} 天")
        return f"{span}\uff0c{STATUS_LABELS['upcoming']}"


@dataclass
class Group:
    key: str  # "panel", a branch id, or "all"
    title: str
    logins: tuple[str, ...]
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Digest:
    today: date
    groups: list[Group]

    @property
    def empty(self) -> bool:
        return not any(g.items for g in self.groups)

    def mentions(self) -> list[str]:
        """Everyone with a duty (the panel for its steps, each branch's maintainers): the
        windows for every branch mention no one."""
        seen: dict[str, None] = {}
        for group in self.groups:
            if group.key != "all" and group.items:
                seen.update(dict.fromkeys(group.logins))
        return list(seen)

    def fingerprint(self) -> str:
        """What is due, without the day's counts: changes when an item comes, goes or changes
        its status."""
        items = [
            [g.key, i.duty.key, i.duty.actor, i.what, i.status, i.duty.end.isoformat()]
            for g in self.groups
            for i in g.items
        ]
        raw = json.dumps(items, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:16]


def form_urls(site_url: str | None, paths: dict[str, str]) -> dict[str, str]:
    """The forms' addresses on the site from `site_url` and each form page's docs path."""
    if not site_url:
        return {}
    base = site_url.rstrip("/") + "/"
    return {form: base + path.removesuffix(".md") + "/" for form, path in paths.items()}


def _what(duty: Duty, programme: Programme) -> str:
    if duty.project is None:
        return window_title(programme, duty)
    title = duty.project.data.get("title", "")
    return f"{title}\uff08{duty.project.key}\uff09"


def build_digest(
    due: list[tuple[Duty, Status]], programme: Programme, today: date, urls: dict[str, str]
) -> Digest:
    roster = programme.roster
    panel = Group("panel", PANEL, tuple(p.login for p in roster.panel))
    every = Group("all", EVERY_BRANCH, ())
    branches: dict[str, Group] = {}
    for duty, status in due:
        item = Item(duty, status, _what(duty, programme), urls.get(duty.form))
        if duty.actor == "panel":
            panel.items.append(item)
        elif duty.actor == "all":
            every.items.append(item)
        else:
            bid = duty.branch or ""
            if bid not in branches:
                branch = roster.branches.get(bid)
                name = branch.name if branch else bid
                logins = branch.maintainers if branch else ()
                if branch and not logins:  # nobody maintains it: its general branch's heads
                    logins = roster.general_branches[branch.general_branch].heads
                branches[bid] = Group(bid, f"{name}\uff08{bid}\uff09", tuple(logins))
            branches[bid].items.append(item)
    groups = [panel, *(branches[k] for k in sorted(branches)), every]
    return Digest(today, [g for g in groups if g.items])


# ---------------------------------------------------------------- output


def _heading(today: date) -> str:
    return f"{ISSUE_TITLE}\uff08截至 {today.isoformat()}\uff09"


NOTHING = "目前没有到期或逾期的事项\u3002"


def render_text(digest: Digest) -> str:
    out = [_heading(digest.today), ""]
    if digest.empty:
        out.append(NOTHING)
    for group in digest.groups:
        who = " ".join(f"@{login}" for login in group.logins)
        out.append(group.title + ("\uff1a" + who if who else ""))
        for item in group.items:
            line = f"  [{STATUS_LABELS[item.status]}] {item.what}\uff1a{item.duty.action}\u3002"
            out.append(f"{line}时间\uff1a{item.when(digest.today)}\u3002")
            if item.url:
                out.append(f"    {FORM_LABELS[item.duty.form]}\uff1a{item.url}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_markdown(digest: Digest, *, mentions: bool = True, mentioned: str = "none") -> str:
    """The digest as Markdown. `mentions=False` (the issue's body) names the people in code
    spans, so that an edit of the body notifies nobody; the comment does the mentioning.
    `mentioned`: the day of the last reminder comment, kept in the hidden marker."""
    out = [f"{MARKER} fingerprint={digest.fingerprint()} mentioned={mentioned} -->", ""]
    out += [f"## {_heading(digest.today)}", ""]
    out.append(
        "本提醒由工作流每周自动更新"
        "\uff0c事项按设置中的工作日历和各项目所处阶段得出"
        "\uff1b办完后下次更新时自动消失\u3002请勿编辑或关闭本议题\u3002"
    )
    out.append("")
    if digest.empty:
        out += [NOTHING, ""]
    for group in digest.groups:
        out.append(f"### {md_text(group.title)}")
        out.append("")
        if group.logins:
            names = " ".join(f"@{x}" if mentions else f"`{x}`" for x in group.logins)
            out += [f"负责人\uff1a{names}", ""]
        for item in group.items:
            link = f" [{FORM_LABELS[item.duty.form]}]({item.url})" if item.url else ""
            out.append(
                f"- **{STATUS_LABELS[item.status]}** {md_text(item.what)}\uff1a"
                f"{item.duty.action}\u3002{item.when(digest.today)}\u3002{link}"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_json(digest: Digest) -> str:
    data = {
        "today": digest.today.isoformat(),
        "fingerprint": digest.fingerprint(),
        "groups": [
            {
                "key": g.key,
                "title": g.title,
                "logins": list(g.logins),
                "items": [
                    {
                        "status": i.status,
                        "what": i.what,
                        "project": i.duty.project.key if i.duty.project else None,
                        "actor": i.duty.actor,
                        "duty": i.duty.key,
                        "action": i.duty.action,
                        "start": i.duty.start.isoformat(),
                        "end": i.duty.end.isoformat(),
                        "url": i.url,
                    }
                    for i in g.items
                ],
            }
            for g in digest.groups
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- the reminder issue


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # /repos/{owner}/{repo}/... with the values filled in
    body: dict[str, Any] | None = None


def is_reminder_issue(issue: dict[str, Any]) -> bool:
    """The workflow's own reminder issue: its title, its author, its marker; a pull request
    (the issues list holds them too) or an issue anyone else wrote never is."""
    user = issue.get("user") or {}
    body = issue.get("body") or ""
    return (
        "pull_request" not in issue
        and issue.get("title") == ISSUE_TITLE
        and user.get("login") == BOT_LOGIN
        and body.startswith(MARKER)
    )


def find_issue(issues: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The oldest reminder issue among `issues` (a GitHub issues list), or None."""
    ours = [i for i in issues if is_reminder_issue(i)]
    return min(ours, key=lambda i: i["number"]) if ours else None


def _last(body: str) -> tuple[str | None, date | None]:
    match = _MARKER_RE.search(body)
    if not match:
        return None, None
    day = match["day"]
    try:
        return match["fp"], None if day == "none" else date.fromisoformat(day)
    except ValueError:
        return match["fp"], None


def comment_text(digest: Digest, issue_url: str | None) -> str:
    lines = [f"{_heading(digest.today)}\uff1a"]
    for group in digest.groups:
        if group.key == "all" or not group.logins:
            continue
        late = sum(1 for i in group.items if i.status == "overdue")
        count = f"{len(group.items)} 项" + (f"\uff0c其中逾期 {late} 项" if late else "")
        who = " ".join(f"@{x}" for x in group.logins)
        lines.append(f"- {md_text(group.title)}\uff08{count}\uff09\uff1a{who}")
    where = f"[本议题正文]({issue_url})" if issue_url else "本议题正文"
    lines += ["", f"具体事项和在线表单见{where}\u3002"]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Plan:
    requests: list[Request]
    issue_number: int | None  # None: the issue is to be created (its number comes back)
    comment: str | None  # posted on the issue after it is created or edited


def plan_issue(repo: str, issues: list[dict[str, Any]], digest: Digest) -> Plan:
    """The requests that bring the reminder issue of `repo` up to date: create it, or edit its
    body (and reopen it, if someone closed it) when the digest differs; plus a comment that
    @-mentions the people with something due when what is due has changed or REMIND_EVERY_DAYS
    have passed since the last one. Nothing else is touched."""
    who = digest.mentions()
    issue = find_issue(issues)
    today = digest.today
    if issue is None:
        mentioned = today.isoformat() if who else "none"
        body = render_markdown(digest, mentions=False, mentioned=mentioned)
        create = Request("POST", f"/repos/{repo}/issues", {"title": ISSUE_TITLE, "body": body})
        return Plan([create], None, comment_text(digest, None) if who else None)
    old_fp, last_day = _last(issue.get("body") or "")
    due_again = last_day is None or (today - last_day).days >= REMIND_EVERY_DAYS
    remind = bool(who) and (old_fp != digest.fingerprint() or due_again)
    kept = last_day.isoformat() if last_day else "none"
    mentioned = today.isoformat() if remind else kept
    body = render_markdown(digest, mentions=False, mentioned=mentioned)
    number = issue["number"]
    requests = []
    patch: dict[str, Any] = {}
    if issue.get("body") != body:
        patch["body"] = body
    if issue.get("state") == "closed":
        patch["state"] = "open"
    if patch:
        requests.append(Request("PATCH", f"/repos/{repo}/issues/{number}", patch))
    comment = comment_text(digest, issue.get("html_url")) if remind else None
    return Plan(requests, number, comment)


def comment_request(repo: str, number: int, text: str) -> Request:
    return Request("POST", f"/repos/{repo}/issues/{number}/comments", {"body": text})


def list_request(repo: str) -> Request:
    """The issues the workflow's account opened, open or closed, 100 a page."""
    return Request(
        "GET", f"/repos/{repo}/issues?creator=github-actions%5Bbot%5D&state=all&per_page=100"
    )
