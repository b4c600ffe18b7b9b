"""Stage histories out of git, for the year's dossier: for each project file, every change of its
stage on the main line (first parents: when the change took effect), its date, commit and author,
and, given the pull requests' reviews, who approved it.

One `git log` over `projects/` (renames followed), one `git cat-file` for the file versions, and
one `git log` per merged change for its author. Reviews come as a folder of GitHub's review JSON,
one file per pull request (`<number>.json`) or per main-line commit (`<commit>.json`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from site_builder.core.history import Commit, StageChange, Version, stage_changes
from site_builder.core.loader import LoadError, load_bytes
from site_builder.core.tree import PROJECTS_DIR
from site_builder.review.approvals import (
    MAX_REVIEWS_BYTES,
    Review,
    ReviewsError,
    parse_reviews,
    standing,
)
from site_builder.review.gitrepo import GitError, Repo, parse_raw

_RECORD = "\x1e"
_FIELD = "\x1f"
_FORMAT = "%x1e%H%x1f%P%x1f%ct%x1f%an%x1f%s"
_REVIEW_NAME = re.compile(r"^(?:(\d+)|([0-9a-f]{7,40}))\.json$")


def head_commit(root: Path, rev: str = "HEAD") -> Commit:
    """The commit `rev` names. Raises GitError (not a repository, no commit yet)."""
    repo = Repo(root)
    try:
        raw = repo.git("log", "-1", f"--format={_FORMAT}", rev, "--").decode("utf-8", "replace")
    except GitError:
        raise GitError(
            f"{root} 不是 git 仓库\uff0c或还没有提交\u3002"
            "台账的阶段记录取自 git 历史\uff0c请在仓库的完整克隆中运行\u3002"
        ) from None
    prefix = repo.git("rev-parse", "--show-prefix").decode("utf-8", "replace").strip()
    if prefix:
        raise GitError(
            f"{root} 不是 git 仓库的根目录\uff08它在仓库的 {prefix} 中\uff09\u3002"
            "请在仓库根目录运行\uff0c或用 --root 指向它\u3002"
        )
    return _commit(raw.strip().lstrip(_RECORD))


def _commit(header: str) -> Commit:
    sha, parents, time, author, subject = header.split(_FIELD, 4)
    return Commit(sha, tuple(parents.split()), int(time), author, subject)


def stage_histories(
    root: Path, paths: list[str], rev: str = "HEAD"
) -> dict[str, list[StageChange]]:
    """For each project file in `paths` (as named in `rev`), its stage changes, oldest first."""
    repo = Repo(root)
    raw = repo.git(
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "-M",
        "--raw",
        "-z",
        "--no-abbrev",
        f"--format={_FORMAT}",
        rev,
        "--",
        PROJECTS_DIR + "/",
    )
    # Newest first: follow each file back through its renames.
    name = {path: path for path in paths}  # the file's name in the commits still to come
    found: dict[str, list[tuple[Commit, str, str]]] = {path: [] for path in paths}
    for record in raw.split(_RECORD.encode())[1:]:
        header, _, body = record.partition(b"\0")
        commit = _commit(header.decode("utf-8", "replace"))
        changes = {c.new_path: c for c in parse_raw(body.lstrip(b"\n")) if c.new_path}
        for path, current in name.items():
            change = changes.get(current) if current is not None else None
            if change is None:
                continue
            found[path].append((commit, current, change.new_sha))
            # Before an addition (or a copy) the file was not there.
            name[path] = None if change.status in "AC" else change.old_path
    blobs = repo.blobs([sha for versions in found.values() for _, _, sha in versions])
    stages = {sha: _stage(data) for sha, data in blobs.items()}
    histories: dict[str, list[StageChange]] = {}
    for path, versions in found.items():
        ordered = [
            Version(commit, at, stages.get(sha), commit.author)
            for commit, at, sha in reversed(versions)
        ]
        histories[path] = [_merged_author(repo, c) for c in stage_changes(ordered)]
    return histories


def _stage(data: bytes) -> str | None:
    try:
        stage = load_bytes(data).data.get("stage")
    except LoadError:
        return None
    return stage if isinstance(stage, str) else None


def _merged_author(repo: Repo, change: StageChange) -> StageChange:
    """A merge's author is whoever merged: the change's author is the author of the last commit
    of the merged branch that touched the file."""
    commit = change.commit
    if not commit.is_merge:
        return change
    first, merged = commit.parents[0], commit.parents[1]
    author = (
        repo.git("log", "-1", "--format=%an", f"{first}..{merged}", "--", change.path)
        .decode("utf-8", "replace")
        .strip()
    )
    return replace(change, author=author or commit.author)


# ---------------------------------------------------------------- approvals


class ReviewsFolder:
    """The reviews files of a folder: `<number>.json` for a pull request, `<commit>.json` (7 to
    40 hexadecimal digits) for a main-line commit. Raises ReviewsError on a misnamed or malformed
    file (the message is Chinese)."""

    def __init__(self, folder: Path) -> None:
        self.by_number: dict[int, tuple[str, list[Review]]] = {}
        self.by_commit: dict[str, tuple[str, list[Review]]] = {}
        if not folder.is_dir():
            raise ReviewsError(f"评审记录文件夹 {folder} 不存在或不是文件夹\u3002")
        for path in sorted(folder.iterdir()):
            match = _REVIEW_NAME.match(path.name)
            if match is None or not path.is_file():
                raise ReviewsError(
                    f"{path}\uff1a文件名不符\u3002评审记录文件应以拉取请求的编号命名\uff08如 12.json\uff09"
                    "\uff0c或以合入主分支的提交号命名\uff08如 3f2a9c1.json\uff09\uff0c"
                    "文件夹中不要放其他文件\u3002"
                )
            try:
                with path.open("rb") as fh:  # never more than the bound, whatever the file is
                    raw = fh.read(MAX_REVIEWS_BYTES + 1)
                # Past the bound parse_reviews refuses it by its size (a cut character aside).
                text = raw.decode("utf-8", "replace" if len(raw) > MAX_REVIEWS_BYTES else "strict")
            except (OSError, UnicodeDecodeError):
                raise ReviewsError(
                    f"无法读取评审记录文件 {path}\u3002请确认它是 UTF-8 编码的 JSON\u3002"
                ) from None
            entry = (path.name, parse_reviews(text, str(path)))  # refuses past the bound
            if match.group(1):
                self.by_number[int(match.group(1))] = entry
            else:
                self.by_commit[match.group(2)] = entry

    def find(self, commit: Commit) -> tuple[str, list[Review]] | None:
        number = commit.pull_request
        if number is not None and number in self.by_number:
            return self.by_number[number]
        for prefix, entry in self.by_commit.items():
            if commit.sha.startswith(prefix):
                return entry
        return None


def with_approvals(changes: list[StageChange], reviews: ReviewsFolder) -> list[StageChange]:
    """`changes` with who approved each: the reviewers whose latest deciding review approves;
    for a merge commit, only approvals of the merged head count (a squashed or rebased pull
    request's head is not on the main line, so there its latest approvals count)."""
    out = []
    for change in changes:
        entry = reviews.find(change.commit)
        if entry is None:
            out.append(change)
            continue
        name, items = entry
        head = change.commit.parents[1] if change.commit.is_merge else None
        latest = sorted(standing(items).values(), key=lambda r: (r.submitted_at, r.order))
        approvers = tuple(
            r.login
            for r in latest
            if r.state == "APPROVED" and (head is None or r.commit_id == head)
        )
        out.append(replace(change, approvers=approvers, reviews_file=name))
    return out


__all__ = [
    "GitError",
    "ReviewsError",
    "ReviewsFolder",
    "head_commit",
    "stage_histories",
    "with_approvals",
]


def uncommitted(root: Path, folders: list[str]) -> list[str]:
    """Paths under `folders` whose working-tree state differs from HEAD (untracked included)."""
    raw = Repo(root).git("status", "--porcelain", "-z", "--untracked-files=all", "--", *folders)
    found: set[str] = set()
    entries = iter(raw.split(b"\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        found.add(entry[3:].decode("utf-8", "replace"))
        if b"R" in entry[:2] or b"C" in entry[:2]:  # a rename's or copy's source follows
            source = next(entries, b"")
            if source:
                found.add(source.decode("utf-8", "replace"))
    return sorted(found)
