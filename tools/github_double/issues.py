"""Issues and their comments (the reminder workflow keeps one issue up to date). Pull requests are
issues too on GitHub: they share the numbers and the issue list shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tools.github_double import shapes
from tools.github_double.api import REPO, Call, Reply, Route, paginate
from tools.github_double.auth import not_found, unprocessable
from tools.github_double.gitstore import iso_now

if TYPE_CHECKING:
    from tools.github_double.server import GitHubDouble


@dataclass
class Comment:
    id: int
    login: str
    body: str
    created_at: str


@dataclass
class Issue:
    number: int
    title: str
    body: str | None
    login: str
    labels: list[str]
    created_at: str
    updated_at: str
    state: str = "open"
    closed_at: str | None = None
    comments: list[Comment] = field(default_factory=list)


def _label(d: GitHubDouble, name: str) -> dict:
    number = sum(map(ord, name))
    return {
        "id": number,
        "node_id": shapes.node_id("Label", number),
        "url": f"{d.api}/repos/{d.full_name}/labels/{name}",
        "name": name,
        "description": None,
        "color": "ededed",
        "default": False,
    }


def issue_json(d: GitHubDouble, i: Issue) -> dict:
    url = f"{d.api}/repos/{d.full_name}/issues/{i.number}"
    return {
        "id": 3000000 + i.number,
        "node_id": shapes.node_id("Issue", i.number),
        "url": url,
        "repository_url": f"{d.api}/repos/{d.full_name}",
        "labels_url": url + "/labels{/name}",
        "comments_url": url + "/comments",
        "events_url": url + "/events",
        "html_url": f"{shapes.WEB}/{d.full_name}/issues/{i.number}",
        "number": i.number,
        "state": i.state,
        "state_reason": "completed" if i.state == "closed" else None,
        "title": i.title,
        "body": i.body,
        "user": shapes.user(d, d.people[i.login]),
        "labels": [_label(d, n) for n in i.labels],
        "assignee": None,
        "assignees": [],
        "milestone": None,
        "locked": False,
        "active_lock_reason": None,
        "comments": len(i.comments),
        "closed_at": i.closed_at,
        "created_at": i.created_at,
        "updated_at": i.updated_at,
        "author_association": "COLLABORATOR",
    }


def _as_issue(d: GitHubDouble, number: int) -> dict:
    if number in d.issues:
        return issue_json(d, d.issues[number])
    pr = d.pulls[number]
    html = f"{shapes.WEB}/{d.full_name}/pull/{number}"
    shown = Issue(
        number,
        pr.title,
        pr.body,
        pr.login,
        [],
        pr.created_at,
        pr.updated_at or pr.created_at,
        pr.state,
        pr.closed_at,
    )
    return issue_json(d, shown) | {
        "html_url": html,
        "pull_request": {
            "url": f"{d.api}/repos/{d.full_name}/pulls/{number}",
            "html_url": html,
            "diff_url": html + ".diff",
            "patch_url": html + ".patch",
            "merged_at": pr.merged_at,
        },
    }


def list_issues(call: Call) -> Reply:
    d, q = call.d, call.query
    state = q.get("state", "open")
    wanted = {x for x in q.get("labels", "").split(",") if x}
    numbers = sorted([*d.issues, *d.pulls], reverse=True)
    found = []
    for n in numbers:
        item = d.issues.get(n)
        state_of = item.state if item else d.pulls[n].state
        login = item.login if item else d.pulls[n].login
        labels = set(item.labels) if item else set()
        if state not in ("all", state_of) or not wanted <= labels:
            continue
        if "creator" in q and q["creator"] != login:
            continue
        found.append(n)
    page, headers = paginate(call, found)
    return Reply(200, [_as_issue(d, n) for n in page], headers)


def create_issue(call: Call) -> Reply:
    d, body = call.d, call.json()
    if not body.get("title"):
        raise unprocessable(
            "Validation Failed", [{"resource": "Issue", "code": "missing_field", "field": "title"}]
        )
    now = iso_now()
    labels = [x if isinstance(x, str) else x.get("name", "") for x in body.get("labels", [])]
    issue = Issue(
        next(d.numbers), body["title"], body.get("body"), call.person.login, labels, now, now
    )
    d.issues[issue.number] = issue
    url = f"{d.api}/repos/{d.full_name}/issues/{issue.number}"
    return Reply(201, issue_json(d, issue), {"Location": url})


def _issue(call: Call) -> Issue:
    issue = call.d.issues.get(int(call.params["number"]))
    if issue is None:
        raise not_found()
    return issue


def get_issue(call: Call) -> Reply:
    number = int(call.params["number"])
    if number not in call.d.issues and number not in call.d.pulls:
        raise not_found()
    return Reply(200, _as_issue(call.d, number))


def update_issue(call: Call) -> Reply:
    issue, body = _issue(call), call.json()
    for key in ("title", "body"):
        if key in body:
            setattr(issue, key, body[key])
    if "labels" in body:
        issue.labels = [x if isinstance(x, str) else x.get("name", "") for x in body["labels"]]
    if body.get("state") in ("open", "closed") and body["state"] != issue.state:
        issue.state = body["state"]
        issue.closed_at = iso_now() if issue.state == "closed" else None
    issue.updated_at = iso_now()
    return Reply(200, issue_json(call.d, issue))


def comment_json(d: GitHubDouble, issue: Issue, c: Comment) -> dict:
    return {
        "id": c.id,
        "node_id": shapes.node_id("IssueComment", c.id),
        "url": f"{d.api}/repos/{d.full_name}/issues/comments/{c.id}",
        "html_url": f"{shapes.WEB}/{d.full_name}/issues/{issue.number}#issuecomment-{c.id}",
        "issue_url": f"{d.api}/repos/{d.full_name}/issues/{issue.number}",
        "body": c.body,
        "user": shapes.user(d, d.people[c.login]),
        "created_at": c.created_at,
        "updated_at": c.created_at,
        "author_association": "COLLABORATOR",
    }


def list_comments(call: Call) -> Reply:
    issue = _issue(call)
    page, headers = paginate(call, issue.comments)
    return Reply(200, [comment_json(call.d, issue, c) for c in page], headers)


def create_comment(call: Call) -> Reply:
    issue, body = _issue(call), call.json()
    if not body.get("body"):
        raise unprocessable(
            "Validation Failed",
            [{"resource": "IssueComment", "code": "missing_field", "field": "body"}],
        )
    comment = Comment(next(call.d.ids), call.person.login, body["body"], iso_now())
    issue.comments.append(comment)
    issue.updated_at = comment.created_at
    return Reply(201, comment_json(call.d, issue, comment))


ROUTES: list[Route] = [
    ("GET", REPO + r"/issues", "issues", "read", list_issues),
    ("POST", REPO + r"/issues", "issues", "write", create_issue),
    ("GET", REPO + r"/issues/(?P<number>\d+)", "issues", "read", get_issue),
    ("PATCH", REPO + r"/issues/(?P<number>\d+)", "issues", "write", update_issue),
    ("GET", REPO + r"/issues/(?P<number>\d+)/comments", "issues", "read", list_comments),
    ("POST", REPO + r"/issues/(?P<number>\d+)/comments", "issues", "write", create_comment),
]
