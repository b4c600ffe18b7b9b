"""The settings the tools read from `mkdocs.yml`: `site_url`, the published address, and the
showcase's own under `extra:` (the repository the online forms open).

MkDocs' own loader executes `!!python/...` tags, and the real `mkdocs.yml` carries some (the toc
slugify). This reader uses the safe loader and turns every tag it does not know into None, so the
file is parsed but nothing in it is ever constructed or run. Anything odd gives None, never an error:
the address only decorates messages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

MKDOCS_FILE = "mkdocs.yml"
MAX_BYTES = 1024 * 1024  # a real mkdocs.yml is a few KiB
_BASE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _InertLoader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """The safe loader, with unknown tags (`!!python/name:...`, `!ENV`, ...) read as None."""


def _inert(loader: Any, node: Any) -> None:
    return None


# `None` is the fallback PyYAML consults for a tag without its own constructor.
_InertLoader.add_constructor(None, _inert)


def http_base(value: object) -> str | None:
    """`value` if it is a plain absolute http(s) address (no query, fragment, spaces or control
    characters), without its trailing slash; otherwise None."""
    if not isinstance(value, str) or not value.isprintable() or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return None
    if value.endswith(("?", "#")):
        return None
    return value.rstrip("/")


def _settings(raw: bytes | None) -> dict[str, Any]:
    """The settings of a `mkdocs.yml` given as bytes; empty when it cannot be read."""
    if not raw or len(raw) > MAX_BYTES:
        return {}
    try:
        data = yaml.load(raw.decode("utf-8-sig"), Loader=_InertLoader)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def site_url(raw: bytes | None) -> str | None:
    """The http(s) `site_url` of a `mkdocs.yml` given as bytes, or None."""
    return http_base(_settings(raw).get("site_url"))


def extra_setting(raw: bytes | None, key: str) -> object:
    """`extra.<key>` of a `mkdocs.yml` given as bytes (the showcase's own settings), or None."""
    extra = _settings(raw).get("extra")
    return extra.get(key) if isinstance(extra, dict) else None


def read_site_url(read: Callable[[str], bytes | None]) -> str | None:
    """`site_url` from the `mkdocs.yml` that `read(relative path)` returns (a folder, a revision)."""
    try:
        raw = read(MKDOCS_FILE)
    except OSError:
        return None
    return site_url(raw)


def folder_site_url(root: Path) -> str | None:
    """`site_url` from `root/mkdocs.yml`; only a regular file is read, and only so far."""
    path = root / MKDOCS_FILE
    try:
        if not path.is_file():  # a FIFO or a link to /dev/zero would never end
            return None
        with path.open("rb") as fh:
            return site_url(fh.read(MAX_BYTES + 1))
    except OSError:
        return None
