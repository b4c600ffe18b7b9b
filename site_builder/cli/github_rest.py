"""A few calls to GitHub's REST API with the workflow's token, over the standard library.

Only what the reminder issue needs: list issues (following `Link: rel="next"`), create and edit
an issue, comment on it. The token is sent only to the configured API address (GITHUB_API_URL,
as GitHub Actions sets it; https://api.github.com by default), never to an address a response
names elsewhere.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from site_builder.core.errors import SiteBuilderError
from site_builder.panel.reminders import Request

DEFAULT_API = "https://api.github.com"
API_VERSION = "2022-11-28"
MAX_PAGES = 20
TIMEOUT = 30
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


class GitHubError(SiteBuilderError):
    """A call to GitHub's API failed; the message is Chinese and names the call."""

    code = "SB303"


@dataclass(frozen=True)
class Client:
    token: str
    api_url: str = DEFAULT_API

    def _send(self, method: str, url: str, body: dict[str, Any] | None) -> tuple[Any, str]:
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Accept", "application/vnd.github+json")
        req.add_header("Authorization", f"Bearer {self.token}")
        req.add_header("X-GitHub-Api-Version", API_VERSION)
        req.add_header("User-Agent", "site-builder-remind")
        if data is not None:
            req.add_header("Content-Type", "application/json; charset=utf-8")
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                raw = resp.read()
                link = resp.headers.get("Link", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace")
            raise GitHubError(
                f"GitHub 拒绝了请求 {method} {url}\uff08HTTP {exc.code}\uff09\uff1a{detail}"
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GitHubError(f"无法连接 GitHub\uff08{method} {url}\uff09\uff1a{exc}") from None
        try:
            return (json.loads(raw) if raw else None), link
        except ValueError:
            raise GitHubError(f"GitHub 的回应不是 JSON\uff08{method} {url}\uff09。") from None

    def call(self, request: Request) -> Any:
        value, _ = self._send(request.method, self.api_url + request.path, request.body)
        return value

    def list_all(self, request: Request) -> list[Any]:
        """Every page of a list, one after another."""
        url: str | None = self.api_url + request.path
        items: list[Any] = []
        for _ in range(MAX_PAGES):
            if url is None:
                break
            value, link = self._send("GET", url, None)
            if not isinstance(value, list):
                raise GitHubError(f"GitHub 的回应不是列表\uff08GET {url}\uff09。")
            items.extend(value)
            match = _NEXT.search(link)
            url = match[1] if match and match[1].startswith(self.api_url + "/") else None
        return items
