"""Real git repositories in temporary folders for the pull-request check."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=root, env=ENV, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


def init(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")


def commit_on(root: Path, branch: str, start: str, files: dict[str, str | bytes | None]) -> str:
    """A branch from `start` with `files` written (None deletes); returns the commit."""
    git(root, "checkout", "-q", "-B", branch, start)
    for rel, content in files.items():
        path = root / rel
        if content is None:
            git(root, "rm", "-q", rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        git(root, "add", rel)
    git(root, "commit", "-q", "--allow-empty", "-m", branch)
    return git(root, "rev-parse", "HEAD")
