"""What the endpoint handlers share: the call they get, the reply they give, pagination."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tools.github_double.auth import ApiError, Person, Token

if TYPE_CHECKING:
    from tools.github_double.server import GitHubDouble

REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"


@dataclass
class Reply:
    status: int
    body: Any = None  # a JSON value, bytes, or None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"


@dataclass
class Call:
    """One request as the handlers see it."""

    d: GitHubDouble
    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    body: Any
    token: Token | None

    @property
    def person(self) -> Person:
        assert self.token is not None
        return self.d.people[self.token.login]

    def json(self) -> dict:
        if not isinstance(self.body, dict):
            raise ApiError(400, "Problems parsing JSON")
        return self.body


# Each handler module's ROUTES: (method, path pattern, permission, level, handler); the permission
# "user" asks only for a valid token (GET /user).
Route = tuple[str, str, str, str, Callable[[Call], Reply]]


def paginate(call: Call, items: list) -> tuple[list, dict[str, str]]:
    """One page of `items` (per_page, page as GitHub reads them) and its Link header."""
    per_page = max(1, min(100, int(call.query.get("per_page", "30"))))
    page = max(1, int(call.query.get("page", "1")))
    last = max(1, -(-len(items) // per_page))
    keep = "&".join(f"{k}={v}" for k, v in call.query.items() if k not in ("page", "per_page"))
    base = call.d.api + call.path + "?" + (keep + "&" if keep else "") + f"per_page={per_page}"
    links = []
    if page < last:
        links += [f'<{base}&page={page + 1}>; rel="next"', f'<{base}&page={last}>; rel="last"']
    if page > 1:
        links += [f'<{base}&page=1>; rel="first"', f'<{base}&page={page - 1}>; rel="prev"']
    return items[(page - 1) * per_page : page * per_page], (
        {"Link": ", ".join(links)} if links else {}
    )
