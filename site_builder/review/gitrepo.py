"""The git adapter for the pull-request check: refs resolved, what the pull request changes with
both sides' contents, and cheap facts about the tree it would leave, handed to the pure check.
Only plumbing commands, no shell, no working-tree reads.

What is judged is the change that will merge: the base against the result of merging the head
into the current base (`git merge-tree --write-tree`, a tree written to the object store, no
checkout), as GitHub's test merge commit is. Not merge-base..head: with a head that is behind the
base, or a criss-cross history whose merge base a dated commit picks, that is not what merges,
and an edit of a project the base has since moved on would be judged against its old stage."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from site_builder.core.change import FileChange
from site_builder.core.errors import SiteBuilderError
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.site_config import read_site_url
from site_builder.core.tree import (
    PROJECTS_DIR,
    in_projects,
    is_media_path,
    media_owner,
    parse_project,
)
from site_builder.review.approvals import Approvals, Review, evaluate, required
from site_builder.review.pr_check import Outcome, check_pull_request

SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"


class GitError(SiteBuilderError):
    """git refused; the message is Chinese."""

    code = "SB301"


@dataclass(frozen=True, slots=True)
class Change:
    status: str  # A added, M modified, D deleted, R renamed, T type changed
    old_path: str | None
    new_path: str | None
    old_mode: str
    new_mode: str
    old_sha: str
    new_sha: str


def parse_raw(raw: bytes) -> list[Change]:
    """`git diff --raw -z --no-abbrev` (or `git log --raw -z`) entries → changes."""
    parts = raw.split(b"\0")
    found: list[Change] = []
    i = 0
    while i < len(parts) and parts[i]:
        meta = parts[i].decode().lstrip(":").split()
        old_mode, new_mode, old_sha, new_sha, status = meta[:5]
        letter = status[0]
        if letter in "RC":
            old, new = (
                parts[i + 1].decode("utf-8", "replace"),
                parts[i + 2].decode("utf-8", "replace"),
            )
            i += 3
        else:
            path = parts[i + 1].decode("utf-8", "replace")
            old = None if letter == "A" else path
            new = None if letter == "D" else path
            i += 2
        found.append(Change(letter, old, new, old_mode, new_mode, old_sha, new_sha))
    return found


class Repo:
    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        proc = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=self.root,
            input=stdin,
            capture_output=True,
            check=False,
        )
        if proc.returncode != 0:
            detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} 失败\uff1a{detail[-1] if detail else proc.returncode}")
        return proc.stdout

    def resolve(self, ref: str) -> str:
        try:
            return (
                self.git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
            )
        except GitError:
            raise GitError(
                f"找不到提交 {ref}。请确认分支名\uff0c并以完整历史检出\uff08fetch-depth: 0\uff09。"
            ) from None

    def merge_base(self, base: str, head: str) -> str:
        try:
            return self.git("merge-base", base, head).decode().strip()
        except GitError:
            raise GitError(
                f"{base} 与 {head} 没有共同祖先。请以完整历史检出\uff08fetch-depth: 0\uff09。"
            ) from None

    def merged_tree(self, base: str, head: str) -> str:
        """The tree of `head` merged into `base`. Raises GitError, naming the files, when the merge
        has conflicts.

        Git takes merge drivers from the work tree's `.gitattributes`, which in a workflow is the
        pull request's own checkout: `merge=union` there would join both sides' lines instead of
        reporting a conflict. An empty work tree keeps the pull request from choosing how it is
        merged (only the repository's own info/attributes, which no pull request writes, count):
        git runs from it, with no index (git reads attributes relative to where it runs, and
        from the index when the work tree lacks them)."""
        git_dir = self.git("rev-parse", "--absolute-git-dir").decode().strip()
        with tempfile.TemporaryDirectory(prefix="sb-merge-") as empty:
            proc = self._merge_tree(base, head, git_dir, empty)
        parts = [p.decode("utf-8", "replace") for p in proc.stdout.split(b"\0") if p]
        if proc.returncode == 0 and parts:
            return parts[0]
        if proc.returncode == 1 and parts:
            files = list(dict.fromkeys(parts[1:]))
            shown = "\u3001".join(files[:10]) + ("\u7b49" if len(files) > 10 else "")
            raise GitError(
                f"拉取请求与目标分支 {base[:12]} 有冲突\uff08{shown}\uff09\uff0c无法判断合并后的结果\u3002"
                "请先把目标分支的最新内容合并进拉取请求并解决冲突\uff0c再重新检查\u3002"
            )
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git merge-tree 失败\uff1a{detail[-1] if detail else proc.returncode}")

    @staticmethod
    def _merge_tree(base: str, head: str, git_dir: str, empty: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                "git",
                "--git-dir",
                git_dir,
                "--work-tree",
                empty,
                "-c",
                "core.quotepath=off",
                "merge-tree",
                "--write-tree",
                "--name-only",
                "--no-messages",
                "-z",
                base,
                head,
            ],
            cwd=empty,
            env={**os.environ, "GIT_INDEX_FILE": os.path.join(empty, "index")},
            capture_output=True,
            check=False,
        )

    def changes(self, base: str, head: str) -> list[Change]:
        return parse_raw(self.git("diff", "--raw", "-z", "-M", "--no-abbrev", base, head))

    def blobs(self, names: list[str]) -> dict[str, bytes]:
        """Contents of many blobs (shas or `rev:path`) in one `git cat-file --batch` call."""
        wanted = [s for s in dict.fromkeys(names) if s and set(s) != {"0"}]
        if not wanted:
            return {}
        out = self.git("cat-file", "--batch", stdin="".join(s + "\n" for s in wanted).encode())
        blobs: dict[str, bytes] = {}
        pos = 0
        for sha in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            if len(header) < 3:  # "<name> missing"
                pos = end + 1
                continue
            size = int(header[2])
            blobs[sha] = out[end + 1 : end + 1 + size]
            pos = end + 1 + size + 1
        return blobs

    def show(self, rev: str, path: str) -> bytes | None:
        try:
            return self.git("show", f"{rev}:{path}")
        except GitError:
            return None

    def tree_paths(self, rev: str, folder: str) -> list[str]:
        raw = self.git("ls-tree", "-r", "-z", "--name-only", rev, "--", folder)
        return [p.decode("utf-8", "replace") for p in raw.split(b"\0") if p]

    def files_matching(self, rev: str, pattern: str, folder: str) -> list[str]:
        """Paths in `rev` whose text matches `pattern` (git grep; exit 1 means none)."""
        proc = subprocess.run(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "grep",
                "-l",
                "-z",
                "-E",
                pattern,
                rev,
                "--",
                folder,
            ],
            cwd=self.root,
            capture_output=True,
            check=False,
        )
        if proc.returncode not in (0, 1):
            raise GitError("git grep 失败。")
        prefix = f"{rev}:"
        return [
            p.decode("utf-8", "replace").removeprefix(prefix) for p in proc.stdout.split(b"\0") if p
        ]


def base_site_url(root: Path, base_ref: str) -> str | None:
    """`site_url` of the base's `mkdocs.yml` (the pull request's copy is not trusted), or None."""
    repo = Repo(root)
    try:
        base = repo.resolve(base_ref)
    except GitError:
        return None
    return read_site_url(lambda rel: repo.show(base, rel))


@dataclass(frozen=True)
class PullRequest:
    """What a pull request changes, read out of git and not yet judged: both sides of every
    changed path, and the programme (roster, settings) of the base."""

    repo: Repo
    base: str  # the resolved base commit
    head: str  # the resolved head commit (what reviewers approve)
    merged: str  # the tree of the head merged into the base (what is judged)
    changes: list[FileChange]
    programme: Programme
    # The project file of every media folder changed: its base and merged sides (None where
    # absent). A media file is judged by its project.
    owners: dict[str, tuple[bytes | None, bytes | None]]


def read_pull_request(root: Path, base_ref: str, head_ref: str) -> PullRequest:
    """Read base..(head merged into base) out of git. Raises GitError on bad refs, unrelated
    histories and merge conflicts."""
    repo = Repo(root)
    base = repo.resolve(base_ref)
    head = repo.resolve(head_ref)
    repo.merge_base(base, head)  # unrelated histories: the message with the fetch-depth hint
    merged = repo.merged_tree(base, head)
    changes = repo.changes(base, merged)
    # The rules (roster, settings) come from the base: a pull request cannot rewrite its judge.
    programme = Programme.from_reader(lambda rel: repo.show(base, rel), root)
    # Both sides of every change that touches projects/, a move into or out of it included.
    touching = [c for c in changes if in_projects(c.old_path) or in_projects(c.new_path)]
    blobs = repo.blobs([c.old_sha for c in touching] + [c.new_sha for c in touching])
    file_changes = [
        FileChange(
            c.status,
            c.old_path,
            c.new_path,
            blobs.get(c.old_sha) if c.old_path else None,
            blobs.get(c.new_sha) if c.new_path else None,
            c.new_mode in (SYMLINK_MODE, SUBMODULE_MODE),
        )
        for c in changes
    ]
    return PullRequest(
        repo, base, head, merged, file_changes, programme, _owners(repo, base, merged, file_changes)
    )


def _owners(
    repo: Repo, fork: str, head: str, changes: list[FileChange]
) -> dict[str, tuple[bytes | None, bytes | None]]:
    """Both sides of the project file of each media folder changed: one `cat-file` call, and
    nothing at all for a pull request without media."""
    owners = sorted(
        {media_owner(s.path) for c in changes for s in c.sides() if is_media_path(s.path)}
    )
    found = repo.blobs([f"{rev}:{o}" for o in owners for rev in (fork, head)])
    return {o: (found.get(f"{fork}:{o}"), found.get(f"{head}:{o}")) for o in owners}


def check_refs(
    root: Path,
    base_ref: str,
    head_ref: str,
    author: str,
    today: date | None = None,
    pr: PullRequest | None = None,
) -> Outcome:
    """Read the pull request out of git and judge it (on `today`, in the programme's time
    zone; default now). Raises GitError on bad refs. `pr`: the pull request already read (the
    command also describes its changes)."""
    pr = pr or read_pull_request(root, base_ref, head_ref)
    repo, head = pr.repo, pr.merged  # the tree the pull request would leave
    head_paths = repo.tree_paths(head, PROJECTS_DIR)
    # Every file naming `award` anywhere, parsed in full below. A superset of the awarded ones:
    # a key is always written as the plain word itself (PF118: no quotes, escapes or tags, and a
    # plain scalar never joins lines without a space), so a file that loads with an `award` key
    # holds the text "award", in block or flow style alike; one that does not load is an error.
    awarded_paths = repo.files_matching(head, r"award", PROJECTS_DIR)
    awarded_blobs = repo.blobs([f"{head}:{p}" for p in awarded_paths])
    awarded: list[Project] = []
    for rel in awarded_paths:
        project, _ = parse_project(rel, awarded_blobs.get(f"{head}:{rel}", b""))
        if project is not None:
            awarded.append(project)

    return check_pull_request(
        pr.changes, head_paths, awarded, pr.programme, author, pr.owners, today
    )


def approvals_refs(
    root: Path, base_ref: str, head_ref: str, author: str, reviews: list[Review]
) -> Approvals:
    """Read the pull request out of git and say which approvals it has and lacks. Raises GitError
    on bad refs."""
    pr = read_pull_request(root, base_ref, head_ref)
    # A media file is judged by its project: the head's file, else the base's.
    files = {
        o: head if head is not None else base
        for o, (base, head) in pr.owners.items()
        if head is not None or base is not None
    }
    needed = required(pr.changes, pr.programme, author, files)
    return evaluate(needed, reviews, pr.head, author)
