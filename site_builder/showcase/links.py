"""The site's published address, for the files read outside the site (feed, open data, calendar):
their links must be absolute. Read from mkdocs.yml's `site_url` by the plugin and by `export`.
Also the repository's address the online forms open (`extra.repository`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from site_builder.core.errors import SiteBuilderError
from site_builder.core.site_config import extra_setting

_SETTING = re.compile(r"^(site_url|use_directory_urls)\s*:(.*)$", re.MULTILINE)

MISSING = (
    "mkdocs.yml 须设置 site_url\uff08网站发布的完整地址\uff0c如 https://projects.example.edu.cn/\uff09"
    "\uff1a订阅源\u3001开放数据和日历中的链接需要它\u3002"
)


class AddressError(SiteBuilderError, ValueError):
    """site_url is missing or not an http(s) address; the message is Chinese."""

    code = "SB502"


@dataclass(frozen=True)
class Site:
    url: str  # absolute, ends with "/"
    directory_urls: bool = True

    @classmethod
    def of(cls, site_url: str | None, directory_urls: bool = True) -> Site:
        parts = urlsplit(site_url or "")
        if not site_url or parts.scheme not in ("http", "https") or not parts.hostname:
            raise AddressError(MISSING)
        return cls(site_url if site_url.endswith("/") else site_url + "/", directory_urls)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    def page(self, src_path: str) -> str:
        """The published address of the page built from `src_path` (docs-relative .md)."""
        stem = src_path.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return self.url + stem.removesuffix("index")
        return self.url + (f"{stem}/" if self.directory_urls else f"{stem}.html")

    def file(self, path: str) -> str:
        return self.url + path


def site_from_config(text: str) -> Site:
    """The Site of a mkdocs.yml read as text (the file holds Python tags: no YAML loader reads
    it whole). Raises AddressError."""
    found = {m.group(1): m.group(2) for m in _SETTING.finditer(text)}
    try:
        url = yaml.safe_load(found.get("site_url", "") or "null")
        directory = yaml.safe_load(found.get("use_directory_urls", "") or "true")
    except yaml.YAMLError:
        raise AddressError(MISSING) from None
    return Site.of(url if isinstance(url, str) else None, directory is not False)


# https://github.com/<owner>/<repository> (or another host serving GitHub's pages).
_REPOSITORY = re.compile(r"https://[A-Za-z0-9.-]+/[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+")
BAD_REPOSITORY = (
    "mkdocs.yml 中 extra.repository\uff08在线填报打开的仓库地址\uff09应写作 "
    "https://github.com/<组织>/<仓库>\uff0c如 https://github.com/caishen-college/projects\u3002"
)


def repository_of(value: object) -> str | None:
    """The repository address the online forms open, without a trailing slash; None when not
    set (the forms then only copy). Raises AddressError for anything else."""
    if value is None:
        return None
    if not isinstance(value, str) or not _REPOSITORY.fullmatch(value.rstrip("/")):
        raise AddressError(BAD_REPOSITORY)
    return value.rstrip("/")


def repository_from_config(text: str) -> str | None:
    """`extra.repository` of a mkdocs.yml read as text (the plugin gets it from MkDocs).
    Raises AddressError."""
    return repository_of(extra_setting(text.encode("utf-8"), "repository"))
