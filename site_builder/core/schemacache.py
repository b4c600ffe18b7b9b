"""Compiled schema checks kept between runs: a command need not re-check each schema against its
metaschema (jsonschema's `check_schema`, half a second for the project schema) nor generate and
compile its fast check again, and need not import jsonschema at all while every file is valid.

Where: `$SITE_BUILDER_CACHE` when set (`off` turns the cache off), else
`$XDG_CACHE_HOME/site_builder`, else `~/.cache/site_builder`. Never inside the repository being
checked: a pull request could otherwise bring its own "cache" along.

One file per key. The key is a SHA-256 over the schema's bytes, jsonschema's and fastjsonschema's
versions, Python's bytecode magic number, the source of `fastcheck.py` and the caller's own
parts; a file holds that key again and a digest of its contents. A file is only ever a cache: one
that is short, corrupt, foreign (another key, another format) or unreadable is ignored and written
again, and a file or folder that another user owns or that everyone may write is never read (the
trust Python gives its own `__pycache__`, plus the owner). Files are written whole (a temporary
file, then one rename).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import sys
from functools import cache
from pathlib import Path

MAGIC = b"site_builder schema cache 1\n"
MAX_BYTES = 16 * 1024 * 1024  # far above any real entry: a larger file is not ours
_DIGEST = 32


def folder() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    chosen = os.environ.get("SITE_BUILDER_CACHE")
    if chosen:
        return None if chosen == "off" else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home folder: no cache
            return None
    return Path(base) / "site_builder"


@cache
def _dist_version(name: str) -> str:
    """The installed version of distribution `name`, read from its dist-info folder's name
    (importlib.metadata costs a tenth of a second to import; this a directory listing)."""
    spec = importlib.util.find_spec(name)
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        with contextlib.suppress(OSError):
            found = [
                entry
                for entry in os.listdir(site)
                if entry.startswith(f"{name}-") and entry.endswith(".dist-info")
            ]
            if len(found) == 1:
                return found[0].removeprefix(f"{name}-").removesuffix(".dist-info")
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def key(*parts: bytes) -> str | None:
    """The cache key of `parts`, with everything else the cached result depends on; None (no
    caching) when the compiler's own source cannot be read."""
    digest = hashlib.sha256()
    try:
        fastcheck = Path(__file__).with_name("fastcheck.py").read_bytes()
    except OSError:
        return None
    common = [
        MAGIC,
        importlib.util.MAGIC_NUMBER,
        sys.version.encode(),
        _dist_version("jsonschema").encode(),
        _dist_version("fastjsonschema").encode(),
        fastcheck,
    ]
    for part in [*common, *parts]:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _trusted(path: Path) -> bool:
    """Owned by this user and not writable by everyone (a folder or a file)."""
    try:
        st = path.stat()
    except OSError:
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & 0o002


def read(name: str | None) -> bytes | None:
    """The payload stored under `name` (a key), or None: missing, corrupt, foreign or untrusted."""
    where = folder()
    if name is None or where is None or not _trusted(where):
        return None
    path = where / f"{name}.bin"
    try:
        if not _trusted(path) or path.stat().st_size > MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + len(name) + 1 + _DIGEST
    if len(data) < head or not data.startswith(MAGIC):
        return None
    stored_key = data[len(MAGIC) : len(MAGIC) + len(name) + 1]
    digest, body = data[head - _DIGEST : head], data[head:]
    if stored_key != name.encode() + b"\n" or hashlib.sha256(body).digest() != digest:
        return None
    return body


def write(name: str | None, body: bytes) -> None:
    """Store `body` under `name`; a cache that cannot be written is simply not used."""
    from site_builder.core.files import write_atomic  # tempfile, shutil: only when writing

    where = folder()
    if name is None or where is None:
        return
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(where):
            return
        data = MAGIC + name.encode() + b"\n" + hashlib.sha256(body).digest() + body
        write_atomic(where / f"{name}.bin", data)
        os.chmod(where / f"{name}.bin", 0o600)
    except OSError:
        pass
