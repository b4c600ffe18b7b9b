"""The JSON objects GitHub returns that many endpoints share: users and repositories.

API addresses point at the double (so a client may follow them), web addresses at github.com, as
GitHub's do; the OpenAPI validation holds every field to the published schema."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tools.github_double.auth import Person
    from tools.github_double.server import GitHubDouble

WEB = "https://github.com"
CREATED = "2026-01-05T08:00:00Z"


def node_id(kind: str, number: int) -> str:
    return base64.b64encode(f"{kind}:{number}".encode()).decode().rstrip("=")


def user(d: GitHubDouble, person: Person) -> dict:
    """A simple-user."""
    url = f"{d.api}/users/{person.login}"
    return {
        "login": person.login,
        "id": person.id,
        "node_id": node_id("User", person.id),
        "avatar_url": f"https://avatars.githubusercontent.com/u/{person.id}?v=4",
        "gravatar_id": "",
        "url": url,
        "html_url": f"{WEB}/{person.login}",
        "followers_url": f"{url}/followers",
        "following_url": f"{url}/following{{/other_user}}",
        "gists_url": f"{url}/gists{{/gist_id}}",
        "starred_url": f"{url}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{url}/subscriptions",
        "organizations_url": f"{url}/orgs",
        "repos_url": f"{url}/repos",
        "events_url": f"{url}/events{{/privacy}}",
        "received_events_url": f"{url}/received_events",
        "type": "User",
        "user_view_type": "public",
        "site_admin": False,
    }


def private_user(d: GitHubDouble, person: Person) -> dict:
    """GET /user for the token's owner."""
    return {
        **user(d, person),
        "name": person.name,
        "company": None,
        "blog": "",
        "location": None,
        "email": None,
        "hireable": None,
        "bio": None,
        "twitter_username": None,
        "notification_email": None,
        "public_repos": 0,
        "public_gists": 0,
        "followers": 0,
        "following": 0,
        "created_at": CREATED,
        "updated_at": CREATED,
        "private_gists": 0,
        "total_private_repos": 0,
        "owned_private_repos": 0,
        "disk_usage": 0,
        "collaborators": 0,
        "two_factor_authentication": True,
        "plan": {"name": "free", "space": 976562499, "collaborators": 0, "private_repos": 10000},
    }


_REPO_URLS = {
    "forks_url": "/forks",
    "keys_url": "/keys{/key_id}",
    "collaborators_url": "/collaborators{/collaborator}",
    "teams_url": "/teams",
    "hooks_url": "/hooks",
    "issue_events_url": "/issues/events{/number}",
    "events_url": "/events",
    "assignees_url": "/assignees{/user}",
    "branches_url": "/branches{/branch}",
    "tags_url": "/tags",
    "blobs_url": "/git/blobs{/sha}",
    "git_tags_url": "/git/tags{/sha}",
    "git_refs_url": "/git/refs{/sha}",
    "trees_url": "/git/trees{/sha}",
    "statuses_url": "/statuses/{sha}",
    "languages_url": "/languages",
    "stargazers_url": "/stargazers",
    "contributors_url": "/contributors",
    "subscribers_url": "/subscribers",
    "subscription_url": "/subscription",
    "commits_url": "/commits{/sha}",
    "git_commits_url": "/git/commits{/sha}",
    "comments_url": "/comments{/number}",
    "issue_comment_url": "/issues/comments{/number}",
    "contents_url": "/contents/{+path}",
    "compare_url": "/compare/{base}...{head}",
    "merges_url": "/merges",
    "archive_url": "/{archive_format}{/ref}",
    "downloads_url": "/downloads",
    "issues_url": "/issues{/number}",
    "pulls_url": "/pulls{/number}",
    "milestones_url": "/milestones{/number}",
    "notifications_url": "/notifications{?since,all,participating}",
    "labels_url": "/labels{/name}",
    "releases_url": "/releases{/id}",
    "deployments_url": "/deployments",
}


def minimal_repository(d: GitHubDouble) -> dict:
    url = f"{d.api}/repos/{d.full_name}"
    return {
        "id": d.repo_id,
        "node_id": node_id("Repository", d.repo_id),
        "name": d.name,
        "full_name": d.full_name,
        "private": d.private,
        "owner": user(d, d.owner_person),
        "html_url": f"{WEB}/{d.full_name}",
        "description": d.description,
        "fork": False,
        "url": url,
        **{key: url + suffix for key, suffix in _REPO_URLS.items()},
    }


def repository(d: GitHubDouble, *, full: bool = False, viewer: Person | None = None) -> dict:
    """A repository (pull requests' head and base), or the full-repository of GET /repos/o/r."""
    out = {
        **minimal_repository(d),
        "git_url": f"git://github.com/{d.full_name}.git",
        "ssh_url": f"git@github.com:{d.full_name}.git",
        "clone_url": f"{WEB}/{d.full_name}.git",
        "svn_url": f"{WEB}/{d.full_name}",
        "mirror_url": None,
        "homepage": None,
        "language": "Python",
        "size": 0,
        "forks": 0,
        "forks_count": 0,
        "stargazers_count": 0,
        "watchers": 0,
        "watchers_count": 0,
        "open_issues": d.open_issue_count(),
        "open_issues_count": d.open_issue_count(),
        "default_branch": d.default_branch,
        "has_issues": True,
        "has_projects": False,
        "has_wiki": False,
        "has_pages": True,
        "has_downloads": True,
        "has_discussions": False,
        "archived": False,
        "disabled": False,
        "visibility": "private" if d.private else "public",
        "license": None,
        "pushed_at": CREATED,
        "created_at": CREATED,
        "updated_at": CREATED,
        "allow_forking": True,
        "is_template": False,
        "web_commit_signoff_required": False,
        "topics": [],
    }
    if full:
        out |= {
            "network_count": 0,
            "subscribers_count": 0,
            "allow_merge_commit": True,
            "allow_squash_merge": True,
            "allow_rebase_merge": False,
            "delete_branch_on_merge": False,
        }
        if viewer is not None:
            # The person's role on the repository (not what the token may do).
            out["permissions"] = {
                "admin": viewer.login == d.owner,
                "maintain": viewer.login == d.owner,
                "push": True,
                "triage": True,
                "pull": True,
            }
    return out
