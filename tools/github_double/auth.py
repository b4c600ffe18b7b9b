"""People, fine-grained tokens and GitHub's answers when a token may not do something.

Modelled on fine-grained personal access tokens: each has an expiry, a set of repositories (or all
of the owner's) and a level (none/read/write) per permission. Metadata read comes with every
repository a token may reach. Public repositories are readable by any valid token (and without one),
whatever it was granted; writing needs the repository selected and the permission. There is no
"checks" permission for fine-grained tokens, so check runs of a private repository answer 403.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime

PERMISSIONS = ("contents", "pull_requests", "actions", "metadata", "issues")
LEVELS = {"none": 0, "read": 1, "write": 2}
DOCS = "https://docs.github.com/rest"

_ids = itertools.count(1001)


class ApiError(Exception):
    """An error answer: status, GitHub's message, extra headers, optional `errors`."""

    def __init__(
        self,
        status: int,
        message: str,
        headers: dict[str, str] | None = None,
        errors: list | None = None,
        documentation_url: str = DOCS,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.errors = errors
        self.documentation_url = documentation_url

    def body(self) -> dict:
        out = {"message": self.message, "documentation_url": self.documentation_url}
        if self.errors is not None:
            out["errors"] = self.errors
        out["status"] = str(self.status)
        return out


def not_found() -> ApiError:
    return ApiError(404, "Not Found", documentation_url=DOCS)


def unprocessable(message: str, errors: list | None = None) -> ApiError:
    return ApiError(422, message, errors=errors)


@dataclass
class Person:
    login: str
    name: str
    id: int = field(default_factory=lambda: next(_ids))

    @property
    def email(self) -> str:
        return f"{self.id}+{self.login}@users.noreply.github.com"


@dataclass
class Token:
    value: str
    login: str
    permissions: dict[str, str] = field(default_factory=dict)
    expires: datetime | None = None
    repositories: set[str] | None = None  # "owner/name"; None: all of the owner's

    def __post_init__(self) -> None:
        for key, level in self.permissions.items():
            if key not in PERMISSIONS or level not in LEVELS:
                raise ValueError(f"unknown permission {key}={level}")

    def level(self, permission: str) -> int:
        if permission == "metadata":
            return max(LEVELS["read"], LEVELS[self.permissions.get("metadata", "read")])
        return LEVELS[self.permissions.get(permission, "none")]

    def reaches(self, full_name: str) -> bool:
        return self.repositories is None or full_name in self.repositories

    def expired(self) -> bool:
        return self.expires is not None and self.expires <= datetime.now(UTC)


def bearer(header: str | None) -> str | None:
    """The token in an Authorization header (`Bearer x` or `token x`), or None."""
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() in ("bearer", "token") and value.strip() else ""


def authenticate(tokens: dict[str, Token], header: str | None) -> Token | None:
    """The request's token; None without one; 401 when it is unknown or expired."""
    value = bearer(header)
    if value is None:
        return None
    token = tokens.get(value)
    if token is None or token.expired():
        raise ApiError(401, "Bad credentials")
    return token


def authorize(
    token: Token | None,
    full_name: str,
    private: bool,
    permission: str,
    level: str,
) -> None:
    """Raise GitHub's answer when `token` may not use `permission` at `level` on the repository."""
    wanted = LEVELS[level]
    readable_anyway = not private and wanted <= LEVELS["read"]
    if token is None:
        if readable_anyway:
            return
        if private:
            raise not_found()
        raise ApiError(401, "Requires authentication")
    if not token.reaches(full_name):
        if readable_anyway:
            return
        if private:
            raise not_found()
        raise forbidden(permission, level)
    if permission == "checks":  # no such permission for fine-grained tokens
        if readable_anyway:
            return
        raise forbidden(permission, level)
    if token.level(permission) >= wanted or readable_anyway:
        return
    raise forbidden(permission, level)


def forbidden(permission: str, level: str) -> ApiError:
    return ApiError(
        403,
        "Resource not accessible by personal access token",
        headers={"X-Accepted-GitHub-Permissions": f"{permission}={level}"},
        documentation_url=DOCS,
    )
