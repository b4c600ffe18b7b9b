"""Fetch GitHub's own OpenAPI description of its REST API, pinned, for the tests.

    python -m tools.github_openapi            # into .cache/github-openapi/ (make github-openapi)

The description is the npm package `@octokit/openapi` (GitHub's published description, which
Octokit repackages). `npm pack` downloads the pinned version's tarball; its sha512 must equal the
integrity npm published for that version (pinned below), and only `generated/api.github.com.json`
(REST for github.com, OpenAPI 3.0) is kept. Nothing is installed and nothing of the package runs.
The tests that check our GitHub requests against it (tests/github_openapi.py) fail when it is
missing: `make test` and CI fetch it first.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@octokit/openapi"
VERSION = "23.0.2"
INTEGRITY = "sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg=="
MEMBER = "package/generated/api.github.com.json"
ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "github-openapi"
DESCRIPTION = CACHE / "api.github.com.json"
STAMP = CACHE / "integrity"


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def current() -> bool:
    """The cached description is the pinned one."""
    try:
        return DESCRIPTION.is_file() and STAMP.read_text(encoding="utf-8").strip() == INTEGRITY
    except OSError:
        return False


def fetch() -> Path:
    if current():
        return DESCRIPTION
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", tmp, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        raw = tarball.read_bytes()
        if integrity(raw) != INTEGRITY:
            raise SystemExit(
                f"{PACKAGE}@{VERSION}: the tarball's sha512 is not the pinned one "
                f"({integrity(raw)} != {INTEGRITY})"
            )
        with tarfile.open(tarball, "r:gz") as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise SystemExit(f"{PACKAGE}@{VERSION}: {MEMBER} is missing")
            data = member.read()
        partial = Path(tmp) / "description.json"
        partial.write_bytes(data)
        os.replace(partial, DESCRIPTION)
    STAMP.write_text(INTEGRITY + "\n", encoding="utf-8")
    return DESCRIPTION


def main() -> int:
    path = fetch()
    sys.stdout.write(f"{path.relative_to(ROOT)} ({PACKAGE}@{VERSION})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
