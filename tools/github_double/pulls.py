"""Pull requests, their files, reviews and merging (merges computed by git merge-tree)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tools.github_double import checks, shapes
from tools.github_double.api import REPO, Call, Reply, Route, paginate
from tools.github_double.auth import ApiError, not_found, unprocessable
from tools.github_double.gitstore import Signature, iso_now

if TYPE_CHECKING:
    from tools.github_double.server import GitHubDouble

REVIEW_STATES = {
    "APPROVE": "APPROVED",
    "REQUEST_CHANGES": "CHANGES_REQUESTED",
    "COMMENT": "COMMENTED",
}


@dataclass
class Review:
    id: int
    login: str
    body: str
    state: str
    commit_id: str
    submitted_at: str


@dataclass
class Pull:
    number: int
    title: str
    body: str | None
    login: str
    head: str  # branch name
    base: str
    head_sha: str
    created_at: str
    draft: bool = False
    state: str = "open"
    updated_at: str = ""
    closed_at: str | None = None
    merged_at: str | None = None
    merged_by: str | None = None
    merge_commit_sha: str | None = None
    reviews: list[Review] = field(default_factory=list)


def _url(d: GitHubDouble, pr: Pull) -> str:
    return f"{d.api}/repos/{d.full_name}/pulls/{pr.number}"


def base_sha(d: GitHubDouble, pr: Pull) -> str:
    return d.store.ref(f"refs/heads/{pr.base}") or pr.head_sha


def _end(d: GitHubDouble, pr: Pull, branch: str, sha: str) -> dict:
    return {
        "label": f"{d.owner}:{branch}",
        "ref": branch,
        "sha": sha,
        "user": shapes.user(d, d.owner_person),
        "repo": shapes.repository(d),
    }


def simple(d: GitHubDouble, pr: Pull) -> dict:
    url = _url(d, pr)
    html = f"{shapes.WEB}/{d.full_name}/pull/{pr.number}"
    issue = f"{d.api}/repos/{d.full_name}/issues/{pr.number}"
    return {
        "url": url,
        "id": 5000000 + pr.number,
        "node_id": shapes.node_id("PullRequest", pr.number),
        "html_url": html,
        "diff_url": html + ".diff",
        "patch_url": html + ".patch",
        "issue_url": issue,
        "commits_url": url + "/commits",
        "review_comments_url": url + "/comments",
        "review_comment_url": f"{d.api}/repos/{d.full_name}/pulls/comments{{/number}}",
        "comments_url": issue + "/comments",
        "statuses_url": f"{d.api}/repos/{d.full_name}/statuses/{pr.head_sha}",
        "number": pr.number,
        "state": pr.state,
        "locked": False,
        "title": pr.title,
        "user": shapes.user(d, d.people[pr.login]),
        "body": pr.body,
        "labels": [],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": pr.created_at,
        "updated_at": pr.updated_at or pr.created_at,
        "closed_at": pr.closed_at,
        "merged_at": pr.merged_at,
        "merge_commit_sha": pr.merge_commit_sha,
        "assignee": None,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": _end(d, pr, pr.head, pr.head_sha),
        "base": _end(d, pr, pr.base, base_sha(d, pr)),
        "_links": {
            "self": {"href": url},
            "html": {"href": html},
            "issue": {"href": issue},
            "comments": {"href": issue + "/comments"},
            "review_comments": {"href": url + "/comments"},
            "review_comment": {"href": f"{d.api}/repos/{d.full_name}/pulls/comments{{/number}}"},
            "commits": {"href": url + "/commits"},
            "statuses": {"href": f"{d.api}/repos/{d.full_name}/statuses/{pr.head_sha}"},
        },
        "author_association": "COLLABORATOR",
        "auto_merge": None,
        "draft": pr.draft,
    }


def mergeable(d: GitHubDouble, pr: Pull) -> bool | None:
    if pr.state != "open":
        return None
    return d.store.merge_tree(base_sha(d, pr), pr.head_sha) is not None


def blocked_by(d: GitHubDouble, pr: Pull) -> str | None:
    """Why branch protection refuses the merge (the required checks), or None."""
    for name in d.required_checks:
        run = d.checks.latest(pr.head_sha, name)
        if run is None or run.status != "completed":
            return f'Required status check "{name}" is expected.'
        if run.conclusion != "success":
            return f'Required status check "{name}" is failing.'
    return None


def full(d: GitHubDouble, pr: Pull) -> dict:
    changes = d.store.changes(base_sha(d, pr), pr.head_sha)
    start = d.store.merge_base(base_sha(d, pr), pr.head_sha) or pr.head_sha
    commits = int(d.store.git("rev-list", "--count", f"{start}..{pr.head_sha}").decode())
    can = mergeable(d, pr)
    state = (
        "unknown"
        if can is None
        else "dirty"
        if not can
        else "blocked"
        if blocked_by(d, pr)
        else "clean"
    )
    return {
        **simple(d, pr),
        "merged": pr.merged_at is not None,
        "mergeable": can,
        "rebaseable": False,
        "mergeable_state": state,
        "merged_by": shapes.user(d, d.people[pr.merged_by]) if pr.merged_by else None,
        "comments": 0,
        "review_comments": 0,
        "maintainer_can_modify": False,
        "commits": commits,
        "additions": sum(c["additions"] for c in changes),
        "deletions": sum(c["deletions"] for c in changes),
        "changed_files": len(changes),
    }


def _pull(call: Call) -> Pull:
    pr = call.d.pulls.get(int(call.params["number"]))
    if pr is None:
        raise not_found()
    return pr


def list_pulls(call: Call) -> Reply:
    d, q = call.d, call.query
    state = q.get("state", "open")
    found = [
        pr
        for pr in sorted(d.pulls.values(), key=lambda p: -p.number)
        if state in ("all", pr.state)
        and ("head" not in q or q["head"] in (f"{d.owner}:{pr.head}", pr.head))
        and ("base" not in q or q["base"] == pr.base)
    ]
    page, headers = paginate(call, found)
    return Reply(200, [simple(d, pr) for pr in page], headers)


def create_pull(call: Call) -> Reply:
    d, body = call.d, call.json()
    head = body.get("head", "").split(":")[-1]
    base = body.get("base", "")
    head_sha = d.store.ref(f"refs/heads/{head}")
    base_tip = d.store.ref(f"refs/heads/{base}")
    field_error = {"resource": "PullRequest", "code": "invalid"}
    if head_sha is None:
        raise unprocessable("Validation Failed", [{**field_error, "field": "head"}])
    if base_tip is None:
        raise unprocessable("Validation Failed", [{**field_error, "field": "base"}])
    if any(p.state == "open" and p.head == head and p.base == base for p in d.pulls.values()):
        raise unprocessable(
            "Validation Failed",
            [
                {
                    "resource": "PullRequest",
                    "code": "custom",
                    "message": f"A pull request already exists for {d.owner}:{head}.",
                }
            ],
        )
    if d.store.is_ancestor(head_sha, base_tip):
        raise unprocessable(
            "Validation Failed",
            [
                {
                    "resource": "PullRequest",
                    "code": "custom",
                    "message": f"No commits between {base} and {head}",
                }
            ],
        )
    now = iso_now()
    pr = Pull(
        next(d.numbers),
        body.get("title", ""),
        body.get("body"),
        call.person.login,
        head,
        base,
        head_sha,
        now,
        bool(body.get("draft")),
    )
    d.pulls[pr.number] = pr
    checks.run(d, pr)  # GitHub's `opened`
    return Reply(201, full(d, pr), {"Location": _url(d, pr)})


def get_pull(call: Call) -> Reply:
    return Reply(200, full(call.d, _pull(call)))


def list_files(call: Call) -> Reply:
    d, pr = call.d, _pull(call)
    base = f"{shapes.WEB}/{d.full_name}"
    out = []
    for c in d.store.changes(base_sha(d, pr), pr.head_sha):
        item = {
            "sha": c["sha"],
            "filename": c["path"],
            "status": c["status"],
            "additions": c["additions"],
            "deletions": c["deletions"],
            "changes": c["additions"] + c["deletions"],
            "blob_url": f"{base}/blob/{pr.head_sha}/{c['path']}",
            "raw_url": f"{base}/raw/{pr.head_sha}/{c['path']}",
            "contents_url": f"{d.api}/repos/{d.full_name}/contents/{c['path']}?ref={pr.head_sha}",
        }
        if c["previous"]:
            item["previous_filename"] = c["previous"]
        out.append(item)
    page, headers = paginate(call, out)
    return Reply(200, page, headers)


def review_json(d: GitHubDouble, pr: Pull, r: Review) -> dict:
    html = f"{shapes.WEB}/{d.full_name}/pull/{pr.number}#pullrequestreview-{r.id}"
    return {
        "id": r.id,
        "node_id": shapes.node_id("PullRequestReview", r.id),
        "user": shapes.user(d, d.people[r.login]),
        "body": r.body,
        "state": r.state,
        "html_url": html,
        "pull_request_url": _url(d, pr),
        "_links": {"html": {"href": html}, "pull_request": {"href": _url(d, pr)}},
        "submitted_at": r.submitted_at,
        "commit_id": r.commit_id,
        "author_association": "COLLABORATOR",
    }


def list_reviews(call: Call) -> Reply:
    d, pr = call.d, _pull(call)
    page, headers = paginate(call, pr.reviews)
    return Reply(200, [review_json(d, pr, r) for r in page], headers)


def create_review(call: Call) -> Reply:
    d, pr, body = call.d, _pull(call), call.json()
    event = body.get("event")
    login = call.person.login
    if event is None:
        raise unprocessable("Unprocessable Entity", ["The double keeps no pending reviews"])
    if login == pr.login and event in ("APPROVE", "REQUEST_CHANGES"):
        verb = "approve" if event == "APPROVE" else "request changes on"
        raise unprocessable("Unprocessable Entity", [f"Can not {verb} your own pull request"])
    if event != "APPROVE" and not body.get("body"):
        raise unprocessable("Unprocessable Entity", ["Body is required for this review event"])
    commit = body.get("commit_id") or pr.head_sha
    if d.store.kind(commit) != "commit":
        raise unprocessable("Unprocessable Entity", ["Commit could not be found"])
    review = Review(
        next(d.ids), login, body.get("body", ""), REVIEW_STATES[event], commit, iso_now()
    )
    pr.reviews.append(review)
    checks.run(d, pr, only=("approvals",))  # `pull_request_review`
    return Reply(200, review_json(d, pr, review))


def merge(call: Call) -> Reply:
    d, pr = call.d, _pull(call)
    body = call.body if isinstance(call.body, dict) else {}
    if pr.state != "open":
        raise ApiError(405, "Pull Request is not mergeable")
    if body.get("sha") and body["sha"] != pr.head_sha:
        raise ApiError(409, "Head branch was modified. Review and try the merge again.")
    base = base_sha(d, pr)
    tree = d.store.merge_tree(base, pr.head_sha)
    if tree is None:
        raise ApiError(405, "Pull Request is not mergeable")
    reason = blocked_by(d, pr)
    if reason:
        raise ApiError(405, reason)
    method = body.get("merge_method", "merge")
    if method == "rebase":
        raise ApiError(405, "Rebase merges are not allowed on this repository.")
    title = body.get("commit_title") or (
        f"Merge pull request #{pr.number} from {d.owner}/{pr.head}"
        if method == "merge"
        else f"{pr.title} (#{pr.number})"
    )
    message = (
        title + "\n\n" + (body.get("commit_message") or (pr.title if method == "merge" else ""))
    )
    person = call.person
    now = iso_now()
    author = Signature(person.name, person.email, now)
    committer = Signature("GitHub", "noreply@github.com", now)
    parents = [base, pr.head_sha] if method == "merge" else [base]
    sha = d.store.write_commit(tree, parents, message.rstrip() + "\n", author, committer)
    d.store.set_ref(f"refs/heads/{pr.base}", sha, base)
    pr.state, pr.merged_at, pr.closed_at, pr.updated_at = "closed", now, now, now
    pr.merged_by, pr.merge_commit_sha = person.login, sha
    return Reply(200, {"sha": sha, "merged": True, "message": "Pull Request successfully merged"})


def after_write(d: GitHubDouble) -> None:
    """A pull request whose head branch moved gets its checks again (GitHub's `synchronize`); one
    whose head branch was deleted is closed."""
    for pr in d.pulls.values():
        if pr.state != "open":
            continue
        sha = d.store.ref(f"refs/heads/{pr.head}")
        if sha is None:
            pr.state = "closed"
            pr.closed_at = pr.updated_at = iso_now()
        elif sha != pr.head_sha:
            pr.head_sha, pr.updated_at = sha, iso_now()
            checks.run(d, pr)


ROUTES: list[Route] = [
    ("GET", REPO + r"/pulls", "pull_requests", "read", list_pulls),
    ("POST", REPO + r"/pulls", "pull_requests", "write", create_pull),
    ("GET", REPO + r"/pulls/(?P<number>\d+)", "pull_requests", "read", get_pull),
    ("GET", REPO + r"/pulls/(?P<number>\d+)/files", "pull_requests", "read", list_files),
    ("GET", REPO + r"/pulls/(?P<number>\d+)/reviews", "pull_requests", "read", list_reviews),
    ("POST", REPO + r"/pulls/(?P<number>\d+)/reviews", "pull_requests", "write", create_review),
    ("PUT", REPO + r"/pulls/(?P<number>\d+)/merge", "contents", "write", merge),
]
