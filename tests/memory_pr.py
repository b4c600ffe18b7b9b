"""The pull-request check without git: two trees held in memory (path -> bytes) handed to the pure
check (`check_pull_request`) the way the git adapter (`review/gitrepo.py`) hands them over: both
sides of every changed path, the head's paths under projects/, its awarded projects and the sides
of the project file of every media folder changed. No renames: git's rename detection stays with
the tests in real git, which also compare a sample of cases against this (test_pr_check.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from site_builder.core.change import FileChange
from site_builder.core.programme import Programme
from site_builder.core.tree import in_projects, is_media_path, media_owner, parse_project
from site_builder.review.pr_check import Outcome, check_pull_request

Tree = Mapping[str, bytes]


def tree_changes(base: Tree, head: Tree) -> list[FileChange]:
    """What `git diff` between the trees reports, each path added, deleted or modified."""
    found = []
    for path in sorted(set(base) | set(head)):
        old, new = base.get(path), head.get(path)
        if old == new:
            continue
        status = "A" if old is None else "D" if new is None else "M"
        found.append(
            FileChange(
                status,
                path if old is not None else None,
                path if new is not None else None,
                old,
                new,
            )
        )
    return found


def check_trees(
    base: Tree, head: Tree, author: str, programme: Programme, today: date | None = None
) -> Outcome:
    """The check of a pull request that turns `base` into `head`, judged by `programme` (the
    base's roster and settings)."""
    changes = tree_changes(base, head)
    head_paths = sorted(p for p in head if in_projects(p))
    awarded = []
    for rel in head_paths:
        if b"award" in head[rel]:
            project, _ = parse_project(rel, head[rel])
            if project is not None:
                awarded.append(project)
    owners = {media_owner(s.path) for c in changes for s in c.sides() if is_media_path(s.path)}
    sides = {o: (base.get(o), head.get(o)) for o in sorted(owners)}
    return check_pull_request(changes, head_paths, awarded, programme, author, sides, today)
