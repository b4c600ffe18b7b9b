"""A project's stage history: each change of its stage on the main line, with date, commit,
author and (where the pull request's reviews are known) who approved it.

Pure: the git adapter (`review/history.py`) reads the commits and the file's versions; this module
turns the sequence of stages into changes and names the pull request a commit merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

# Dates are shown in China's time. Asia/Shanghai has been UTC+8 without daylight saving since
# 1991, so a fixed offset gives the same dates as the time-zone database, without needing one.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

# GitHub's merge commit ("Merge pull request #12 from owner/branch") and squash commit
# ("Title (#12)") name the pull request in the first line of the message.
_MERGED = re.compile(r"^Merge pull request #(\d+)\b")
_SQUASHED = re.compile(r"\(#(\d+)\)\s*$")


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    time: int  # committer time, seconds since the epoch
    author: str  # the author's name as git records it
    subject: str  # the message's first line

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.time, SHANGHAI)

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def pull_request(self) -> int | None:
        """The pull request the commit merged, as GitHub names it in the message, or None."""
        found = _MERGED.match(self.subject) or _SQUASHED.search(self.subject)
        return int(found.group(1)) if found else None


@dataclass(frozen=True, slots=True)
class StageChange:
    path: str  # the project file at that commit
    source: str | None  # None: the file was added
    target: str
    commit: Commit
    author: str  # who made the change (for a merge, the author of the merged change)
    # Logins of those who approved the pull request, in the order they approved; None when no
    # reviews of it were given.
    approvers: tuple[str, ...] | None = None
    reviews_file: str | None = None  # the reviews file read for it


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a project file on the main line: the commit that wrote it, its path then,
    its stage (None when that version cannot be read) and who made the change."""

    commit: Commit
    path: str
    stage: str | None
    author: str


def stage_changes(versions: Iterable[Version]) -> list[StageChange]:
    """The changes of stage along `versions` (oldest first). A version whose stage cannot be read
    changes nothing: the stage is the last one read."""
    found: list[StageChange] = []
    current: str | None = None
    for version in versions:
        if version.stage is None or version.stage == current:
            continue
        found.append(
            StageChange(version.path, current, version.stage, version.commit, version.author)
        )
        current = version.stage
    return found
