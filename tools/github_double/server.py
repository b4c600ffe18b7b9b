"""The HTTP server, its routing and switches, and the double's state.

One request at a time changes the state (a lock), and checks run inside the request that triggers
them, so what a test sees is deterministic. Every request and response is validated against
GitHub's OpenAPI description (`openapi.py`); violations are collected in `violations`."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import secrets
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tools.github_double import checks, contents, issues, pulls
from tools.github_double.api import Call, Reply
from tools.github_double.auth import (
    PERMISSIONS,
    ApiError,
    Person,
    Token,
    authenticate,
    authorize,
    not_found,
)
from tools.github_double.gitstore import GitStore

# api.github.com's CORS answers, as recorded from it (github/docs issue 31660 and others): the
# exposed headers do NOT include X-Accepted-GitHub-Permissions, so a page cannot read that header.
CORS_ALLOW_HEADERS = (
    "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, "
    "If-Unmodified-Since, Accept-Encoding, X-GitHub-OTP, X-Requested-With, User-Agent, "
    "GraphQL-Features, X-Github-Next-Global-ID, X-GitHub-Api-Version"
)
CORS_ALLOW_METHODS = "GET, POST, PATCH, PUT, DELETE"
CORS_EXPOSE_HEADERS = (
    "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, "
    "X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, "
    "X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, "
    "X-GitHub-Request-Id, Deprecation, Sunset"
)
RATE_LIMIT_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"


@dataclass
class Drop:
    method: str
    pattern: str
    when: str  # "before": nothing done; "after": done, then the connection drops
    skip: int = 0  # matching requests let through first


class GitHubDouble:
    """A local stand-in for api.github.com serving one repository (see the README)."""

    def __init__(
        self,
        repo: Path,
        *,
        owner: str = "college",
        name: str = "projects",
        private: bool = False,
        default_branch: str = "main",
        run_checks: bool = True,
        hold_checks: bool = False,
        validate: bool = True,
    ) -> None:
        self.store = GitStore(repo)
        self.owner, self.name = owner, name
        self.private = private
        self.default_branch = default_branch
        self.description = "立项活动"
        self.repo_id = 700001
        self.run_checks = run_checks
        self.hold_checks = hold_checks  # queue checks until run_held_checks()
        # Branch protection on the default branch: these checks must have succeeded to merge.
        self.required_checks: tuple[str, ...] = ("validate", "approvals") if run_checks else ()
        self.validate = validate
        self.people: dict[str, Person] = {}
        self.tokens: dict[str, Token] = {}
        self.add_person(owner, owner)
        self.pulls: dict[int, pulls.Pull] = {}
        self.issues: dict[int, issues.Issue] = {}
        self.numbers = itertools.count(1)  # issues and pull requests share their numbers
        self.ids = itertools.count(90001)
        self.checks = checks.Checks()
        self.violations: list[str] = []
        self.echo = False  # print violations as they happen (python -m tools.github_double)
        self.requests: list[str] = []
        self._lock = threading.RLock()
        self._drops: list[Drop] = []
        self._limited: str | None = None
        self._secondary_status = 429
        self._break: Callable[[Any], Any] | None = None
        self._used: dict[str, int] = {}
        self._request_ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self.api = ""
        self.routes: list[tuple[str, re.Pattern, str, str, Callable]] = [
            (m, re.compile(p + "$"), perm, lvl, fn)
            for m, p, perm, lvl, fn in [
                *contents.ROUTES,
                *pulls.ROUTES,
                *checks.ROUTES,
                *issues.ROUTES,
            ]
        ]

    # -- set-up
    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def owner_person(self) -> Person:
        return self.people[self.owner]

    def add_person(self, login: str, name: str) -> Person:
        person = self.people.get(login) or Person(login, name)
        person.name = name
        self.people[login] = person
        return person

    def add_token(
        self,
        login: str,
        permissions: dict[str, str] | None = None,
        *,
        expires_in: timedelta | None = timedelta(days=30),
        repositories: set[str] | None = None,
        value: str | None = None,
    ) -> str:
        """A fine-grained token for `login` (default: every permission at write, this repository
        only, 30 days); returns its value."""
        if login not in self.people:
            self.add_person(login, login)
        value = value or "github_pat_" + secrets.token_hex(20)
        perms = permissions if permissions is not None else dict.fromkeys(PERMISSIONS, "write")
        self.tokens[value] = Token(
            value,
            login,
            perms,
            None if expires_in is None else datetime.now(UTC) + expires_in,
            {self.full_name} if repositories is None else repositories,
        )
        return value

    def open_issue_count(self) -> int:
        return sum(1 for i in self.issues.values() if i.state == "open") + sum(
            1 for p in self.pulls.values() if p.state == "open"
        )

    # -- switches for tests
    def rate_limit(self, kind: str | None, status: int = 429) -> None:
        """Answer every request as rate limited: kind "primary" is 403 with X-RateLimit-Remaining
        0 and a reset time; "secondary" is `status` (GitHub answers 429 or 403) with Retry-After;
        None turns it off."""
        assert kind in (None, "primary", "secondary") and status in (403, 429)
        self._limited, self._secondary_status = kind, status

    def drop_next(self, method: str, pattern: str, when: str = "before", *, skip: int = 0) -> None:
        """Close the connection, without an answer, on the next `method` request whose path
        matches `pattern` (a regular expression), after letting `skip` such requests through;
        `when` "after" does the work first."""
        assert when in ("before", "after") and skip >= 0
        self._drops.append(Drop(method.upper(), pattern, when, skip))

    def break_next_response(self, change: Callable[[Any], Any]) -> None:
        """Pass the next response body through `change` (to test the validation itself)."""
        self._break = change

    def wait_for_checks(self) -> None:
        """Every check started so far is published when this returns: checks run inside the
        request that starts them, so this waits for requests still being answered, and then runs
        the checks a double with `hold_checks` has queued."""
        with self._lock:
            self.run_held_checks()

    def run_held_checks(self) -> None:
        """Run the queued checks (`hold_checks`): until then they show as queued, as GitHub's do
        while a workflow waits for a runner."""
        with self._lock:
            while self.checks.held:
                checks.complete(self, self.checks.held.pop(0))

    # -- serving
    def start(self, port: int = 0) -> GitHubDouble:
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._server.daemon_threads = True
        self._server.double = self  # type: ignore[attr-defined]
        self.api = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> GitHubDouble:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def violation(self, text: str) -> None:
        with self._lock:
            self.violations.append(text)
        if self.echo:
            print(f"OpenAPI violation: {text}", file=sys.stderr, flush=True)

    # -- one request
    def answer(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> tuple:
        """(status, headers, body bytes) or None to drop the connection."""
        split = urlsplit(target)
        path = unquote(split.path)
        query_lists = parse_qs(split.query, keep_blank_values=True)
        self.requests.append(f"{method} {path}")
        if method == "OPTIONS":
            return 204, self._cors_preflight(), b""
        if path.startswith("/_double/artifacts/"):
            return self._artifact_download(path)
        invalid: list[str] = []
        if self.validate:
            invalid = _validator().validate_request(method, path, query_lists, headers, raw)
            for v in invalid:
                self.violation(v)
        drop = next(
            (x for x in self._drops if x.method == method and re.search(x.pattern, path)), None
        )
        if drop and drop.skip:
            drop.skip -= 1
            drop = None
        elif drop:
            self._drops.remove(drop)
            if drop.when == "before":
                return None
        with self._lock:
            reply, token = self._dispatch(method, path, query_lists, headers, raw, invalid)
        if drop:
            return None
        body = reply.body
        if self._break is not None:
            body, self._break = self._break(body), None
        data = body if isinstance(body, bytes) else b"" if body is None else _dump(body)
        out = {**self._common_headers(token), **reply.headers}
        if data:
            out["Content-Type"] = reply.content_type
        if method == "GET" and reply.status == 200:
            out["ETag"] = 'W/"' + hashlib.sha256(data).hexdigest() + '"'
        if self.validate:
            for v in _validator().validate_response(method, path, reply.status, out, data):
                self.violation(v)
        return reply.status, out, data

    def _dispatch(
        self, method, path, query_lists, headers, raw, invalid: list[str]
    ) -> tuple[Reply, Token | None]:
        token = None
        try:
            token = authenticate(self.tokens, headers.get("authorization"))
            if self._limited:
                raise self._limit_error(token)
            # GitHub refuses a body or query its description does not allow with 422.
            wrong = [v for v in invalid if ": body" in v or ": query" in v or "no body" in v]
            if wrong:
                raise ApiError(422, "Invalid request.\n\n" + wrong[0].split(": ", 1)[1])
            body = None
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError:
                    raise ApiError(400, "Problems parsing JSON") from None
            for m, pattern, permission, level, fn in self.routes:
                found = pattern.match(path)
                if m != method or not found:
                    continue
                params = found.groupdict()
                if permission == "user":
                    if token is None:
                        raise ApiError(401, "Requires authentication")
                else:
                    if (params.get("owner"), params.get("repo")) != (self.owner, self.name):
                        raise not_found()
                    authorize(token, self.full_name, self.private, permission, level)
                query = {k: v[-1] for k, v in query_lists.items()}
                call = Call(self, method, path, params, query, body, token)
                reply = fn(call)
                if method != "GET":
                    pulls.after_write(self)
                return reply, token
            raise not_found()
        except ApiError as exc:
            return Reply(exc.status, exc.body(), exc.headers), token

    def _limit_error(self, token: Token | None) -> ApiError:
        reset = str(int(time.time()) + 3600)
        if self._limited == "secondary":
            return ApiError(
                self._secondary_status,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you "
                "try again.",
                headers={"Retry-After": "60"},
                documentation_url=RATE_LIMIT_DOCS,
            )
        who = f"user ID {self.people[token.login].id}" if token else "127.0.0.1"
        return ApiError(
            403,
            f"API rate limit exceeded for {who}.",
            headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
            documentation_url=RATE_LIMIT_DOCS,
        )

    def _common_headers(self, token: Token | None) -> dict[str, str]:
        key = token.value if token else "anonymous"
        limit = 5000 if token else 60
        self._used[key] = self._used.get(key, 0) + 1
        used = min(self._used[key], limit)
        return {
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Expose-Headers": CORS_EXPOSE_HEADERS,
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0" if self._limited == "primary" else str(limit - used),
            "X-RateLimit-Reset": str(int(time.time()) + 3600),
            "X-RateLimit-Used": str(used),
            "X-RateLimit-Resource": "core",
            "X-GitHub-Api-Version-Selected": "2022-11-28",
            "X-GitHub-Media-Type": "github.v3; format=json",
            "X-GitHub-Request-Id": f"D0B1:{next(self._request_ids):06X}",
            "Vary": "Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding, X-Requested-With",
        }

    def _cors_preflight(self) -> dict[str, str]:
        return {
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
            "Access-Control-Allow-Methods": CORS_ALLOW_METHODS,
            "Access-Control-Max-Age": "86400",
            "Vary": "Accept-Encoding, Accept, X-Requested-With",
        }

    def _artifact_download(self, path: str) -> tuple:
        """The address an artifact's download redirects to (a signed storage URL on GitHub)."""
        found = re.fullmatch(r"/_double/artifacts/(\d+)\.zip", path)
        artifact = self.checks.artifacts.get(int(found.group(1))) if found else None
        if artifact is None:
            return 404, {"Access-Control-Allow-Origin": "*"}, b""
        headers = {"Content-Type": "application/zip", "Access-Control-Allow-Origin": "*"}
        return 200, headers, artifact.zip


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def _validator():
    from tools.github_double import openapi

    return openapi.description()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "GitHub.com"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        double: GitHubDouble = self.server.double  # type: ignore[attr-defined]
        try:
            result = double.answer(self.command, self.path, headers, raw)
        except Exception:  # a bug in the double: say so, loudly, in the violations
            trace = traceback.format_exc()
            double.violation(f"the double failed on {self.command} {self.path}:\n{trace}")
            result = 500, {}, b""
        if result is None:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        status, headers_out, data = result
        self.send_response(status)
        for key, value in headers_out.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _any
