"""The double's repository: a real bare git repository, read and written with git plumbing, so what
the site commits is exactly what `git` (and the project's `check`) then sees."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ZERO = "0" * 40


class GitFailed(Exception):
    pass


@dataclass(frozen=True)
class Signature:
    name: str
    email: str
    date: str  # ISO 8601, UTC ("2026-12-06T23:59:00Z")


@dataclass(frozen=True)
class Commit:
    sha: str
    tree: str
    parents: list[str]
    author: Signature
    committer: Signature
    message: str


@dataclass(frozen=True)
class Entry:
    mode: str
    type: str
    sha: str
    path: str
    size: int | None


def iso_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _signature(raw: str) -> Signature:
    """`Name <email> 1700000000 +0000` as a Signature."""
    name, rest = raw.split(" <", 1)
    email, stamp = rest.split("> ", 1)
    seconds = int(stamp.split()[0])
    date = datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Signature(name, email, date)


def _git_date(iso: str) -> str:
    stamp = datetime.strptime(iso.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S%z")
    return f"{int(stamp.timestamp())} +0000"


class GitStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def clone_bare(cls, source: Path, dest: Path) -> GitStore:
        """A bare copy of the repository at `source` (every branch)."""
        subprocess.run(
            ["git", "clone", "-q", "--bare", str(source), str(dest)],
            check=True,
            capture_output=True,
        )
        return cls(dest)

    def git(self, *args: str, stdin: bytes | None = None, env: dict | None = None) -> bytes:
        proc = subprocess.run(
            ["git", *args],
            cwd=self.path,
            input=stdin,
            capture_output=True,
            env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", **(env or {})},
        )
        if proc.returncode != 0:
            raise GitFailed(proc.stderr.decode(errors="replace").strip())
        return proc.stdout

    # -- reading
    def resolve(self, ref: str) -> str | None:
        """The commit `ref` names (a full ref, a branch name or a sha), or None."""
        try:
            return (
                self.git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
            )
        except GitFailed:
            return None

    def ref(self, name: str) -> str | None:
        """The sha the full ref `name` (refs/heads/x) points at, or None."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", name).decode().strip()
        except GitFailed:
            return None

    def refs(self, prefix: str = "refs/") -> dict[str, str]:
        out = self.git("for-each-ref", "--format=%(refname) %(objectname)", prefix).decode()
        return dict(line.split(" ", 1) for line in out.splitlines())

    def kind(self, sha: str) -> str | None:
        try:
            return self.git("cat-file", "-t", sha).decode().strip()
        except GitFailed:
            return None

    def blob(self, sha: str) -> bytes:
        return self.git("cat-file", "blob", sha)

    def entry(self, rev: str, path: str) -> Entry | None:
        """The tree entry at `path` in commit or tree `rev`, or None."""
        path = path.strip("/")
        if not path:
            tree = self.git("rev-parse", f"{rev}^{{tree}}").decode().strip()
            return Entry("040000", "tree", tree, "", None)
        found = self.tree(rev, prefix=path)
        return next((e for e in found if e.path == path), None)

    def tree(self, rev: str, *, recursive: bool = False, prefix: str | None = None) -> list[Entry]:
        args = ["ls-tree", "-l", "-z", *(["-r", "-t"] if recursive else []), rev]
        if prefix is not None:
            args += ["--", prefix]
        out = []
        for item in self.git(*args).split(b"\0"):
            if not item:
                continue
            meta, path = item.split(b"\t", 1)
            mode, kind, sha, size = meta.decode().split()
            out.append(Entry(mode, kind, sha, path.decode(), None if size == "-" else int(size)))
        return out

    def commit(self, sha: str) -> Commit | None:
        if self.kind(sha) != "commit":
            return None
        raw = self.git("cat-file", "commit", sha).decode()
        head, _, message = raw.partition("\n\n")
        tree, parents, author, committer = "", [], None, None
        for line in head.splitlines():
            key, _, value = line.partition(" ")
            if key == "tree":
                tree = value
            elif key == "parent":
                parents.append(value)
            elif key == "author":
                author = _signature(value)
            elif key == "committer":
                committer = _signature(value)
        assert author and committer
        return Commit(sha, tree, parents, author, committer, message)

    def is_ancestor(self, older: str, newer: str) -> bool:
        try:
            self.git("merge-base", "--is-ancestor", older, newer)
        except GitFailed:
            return False
        return True

    def merge_base(self, a: str, b: str) -> str | None:
        try:
            return self.git("merge-base", a, b).decode().strip()
        except GitFailed:
            return None

    def changes(self, base: str, head: str) -> list[dict]:
        """What head changes since merge-base(base, head): path, status, blob, line counts."""
        start = self.merge_base(base, head) or base
        raw = self.git("diff", "--raw", "-z", "-M", "--no-abbrev", start, head).split(b"\0")
        stats = self.git("diff", "--numstat", "-z", "-M", start, head).split(b"\0")
        counts: dict[str, tuple[int, int]] = {}
        i = 0
        while i < len(stats) and stats[i]:
            added, deleted, path = stats[i].decode().split("\t", 2)
            if not path:  # a rename: the next two items are the old and new paths
                path = stats[i + 2].decode()
                i += 2
            counts[path] = (
                int(added) if added != "-" else 0,
                int(deleted) if deleted != "-" else 0,
            )
            i += 1
        out, i = [], 0
        names = {"A": "added", "D": "removed", "M": "modified", "R": "renamed", "T": "changed"}
        while i < len(raw) and raw[i]:
            meta = raw[i].decode().split()
            status = meta[4][0]
            path, old = raw[i + 1].decode(), None
            i += 2
            if status in "RC":
                old, path = path, raw[i].decode()
                i += 1
            sha = meta[3] if status != "D" else meta[2]
            add, dele = counts.get(path, (0, 0))
            out.append(
                {
                    "path": path,
                    "previous": old,
                    "status": names.get(status, "modified"),
                    "sha": sha,
                    "additions": add,
                    "deletions": dele,
                }
            )
        return out

    # -- writing
    def write_blob(self, data: bytes) -> str:
        return self.git("hash-object", "-w", "--stdin", stdin=data).decode().strip()

    def write_tree(self, base_tree: str | None, entries: list[tuple[str, str, str | None]]) -> str:
        """A tree: `base_tree` (or empty) with each (path, mode, sha) set, or removed when sha is
        None. Paths may be nested (`projects/2026/x/a.jpg`), as GitHub's create-tree allows."""
        with tempfile.TemporaryDirectory() as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            if base_tree:
                self.git("read-tree", base_tree, env=env)
            for path, mode, sha in entries:
                if sha is None:
                    self.git("update-index", "--force-remove", "--", path, env=env)
                else:
                    self.git(
                        "update-index", "--add", "--cacheinfo", f"{mode},{sha},{path}", env=env
                    )
            return self.git("write-tree", env=env).decode().strip()

    def write_commit(
        self, tree: str, parents: list[str], message: str, author: Signature, committer: Signature
    ) -> str:
        env = {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_AUTHOR_DATE": _git_date(author.date),
            "GIT_COMMITTER_NAME": committer.name,
            "GIT_COMMITTER_EMAIL": committer.email,
            "GIT_COMMITTER_DATE": _git_date(committer.date),
        }
        args = ["commit-tree", tree]
        for p in parents:
            args += ["-p", p]
        return self.git(*args, stdin=message.encode(), env=env).decode().strip()

    def set_ref(self, name: str, sha: str, old: str | None = None) -> None:
        self.git("update-ref", name, sha, *([old] if old else []))

    def delete_ref(self, name: str) -> None:
        self.git("update-ref", "-d", name)

    def merge_tree(self, base: str, head: str) -> str | None:
        """The tree of merging head into base (git merge-tree --write-tree), None on conflict."""
        proc = subprocess.run(
            ["git", "merge-tree", "--write-tree", "--no-messages", base, head],
            cwd=self.path,
            capture_output=True,
        )
        if proc.returncode == 1:
            return None
        if proc.returncode != 0:
            raise GitFailed(proc.stderr.decode(errors="replace").strip())
        return proc.stdout.decode().split()[0]
