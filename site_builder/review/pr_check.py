"""The pull-request check: which projects a pull request changes, how, and whether its author may.

Pure: it receives the changes with their contents, a few facts about the head tree (its paths,
the awarded projects, the project files of the media folders changed) and the programme read from
the *base* revision (so a pull request cannot rewrite the rules it is judged by), and returns
diagnostics plus a Chinese account of what the pull request does.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from site_builder.core.change import FileChange, FileContext, MediaChange, ProjectChange
from site_builder.core.diagnostics import Diagnostic
from site_builder.core.loader import LoadError, load_bytes
from site_builder.core.programme import Programme
from site_builder.core.project import Collection, Project
from site_builder.core.rule import run_checks
from site_builder.core.tree import is_media_path, media_owner, parse_project
from site_builder.rules import ruleset as rules
from site_builder.rules.transitions import judged, media_judged
from site_builder.rules.validate import check_collection, check_project


@dataclass
class Outcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # "2026/cs-01:已申报 → 已立项"
    reviews: list[str] = field(default_factory=list)
    files: int = 0


def _role(programme: Programme, author: str) -> str:
    roster = programme.roster
    if roster.is_panel(author):
        return "评审组成员"
    if roster.is_maintainer(author):
        return "仓库维护者"
    login = author.lower()
    heads = [g.id for g in roster.general_branches.values() if login in map(str.lower, g.heads)]
    if heads:
        return f"党总支负责人\uff08{'、'.join(heads)}\uff09"
    names = [b.id for b in roster.branches.values() if login in map(str.lower, b.maintainers)]
    return f"支部维护人\uff08{'、'.join(names)}\uff09" if names else "名册外的账号"


def check_pull_request(
    changes: list[FileChange],
    head_paths: list[str],
    head_awarded: list[Project],
    programme: Programme,
    author: str,
    owners: Mapping[str, tuple[bytes | None, bytes | None]] | None = None,
    today: date | None = None,
) -> Outcome:
    """`owners`: the base and head sides (None where absent) of the project file of every media
    folder the changes touch (`media_owner`); a media file is judged as an edit of its project.
    `today`: the day in the programme's time zone (default: now), for the public notice."""
    out = Outcome()
    changed_projects: list[Project] = []
    other_paths: list[str] = []
    media: dict[str, list[FileChange]] = defaultdict(list)  # project file → its media changes
    # Project files whose folders' cross-file media rules (and their own) are reported.
    touched: set[str] = set()

    out.files = len(changes)
    for change in (side for c in changes for side in c.sides()):
        file = FileContext(change, author, programme)
        if not change.in_projects:
            other_paths.append(file.path)
            out.diagnostics.extend(run_checks(rules.OTHER_FILE, file)[0])
            continue
        if is_media_path(file.path):
            media[media_owner(file.path)].append(change)
            out.diagnostics.extend(_check_media_file(file))
            continue
        touched.update(p for p in (change.old_path, change.new_path) if p)
        found, stopped = run_checks(rules.PROJECT_FILE, file)
        out.diagnostics.extend(found)
        if stopped or change.new is None:
            continue
        project, found = parse_project(file.path, change.new, programme.schema.chinese_key_hint)
        if project is None:
            out.diagnostics.extend(found)
            continue
        out.diagnostics.extend(check_project(project, programme))
        changed_projects.append(project)
        project_change = ProjectChange.of(
            project, file.base, author, programme, file.base_body, today
        )
        if judged(project_change):
            out.diagnostics.extend(run_checks(rules.PROJECT_CHANGE, project_change)[0])
        out.steps.append(_account(project_change))
    owner_projects = _check_media_changes(media, owners or {}, programme, author, out)
    touched.update(media)

    # Cross-file rules on the head tree: changed projects, the projects whose media changed (for
    # references to missing files and files nobody refers to) and the awarded ones found cheaply.
    loaded: dict[str, Project] = {p.path: p for p in changed_projects}
    for project in (*owner_projects, *head_awarded):
        loaded.setdefault(project.path, project)
    for d in check_collection(Collection(head_paths, list(loaded.values())), programme):
        if d.path in touched or (is_media_path(d.path) and media_owner(d.path) in touched):
            out.diagnostics.append(d)

    if (
        changed_projects
        or media
        or any(side.in_projects and side.deleted for c in changes for side in c.sides())
    ):
        out.reviews.append("项目文件\uff1a需要评审组成员的批准\uff08CODEOWNERS\uff09。")
    if other_paths:
        out.reviews.append(f"其他文件\uff08{len(other_paths)} 个\uff09\uff1a需要仓库维护者的批准。")
    out.steps.insert(0, f"提交者\uff1a{author}\uff08{_role(programme, author)}\uff09")
    out.diagnostics.sort(key=Diagnostic.sort_key)
    return out


def _check_media_file(file: FileContext) -> list[Diagnostic]:
    """One media file's own checks: no link, then its place, name and bytes (PM601-PM609)."""
    found, stopped = run_checks(rules.MEDIA_FILE, file)
    if stopped or file.change.new is None:
        return found
    return found + rules.media.check_file(file.path, file.change.new)[1]


def _check_media_changes(
    media: dict[str, list[FileChange]],
    owners: Mapping[str, tuple[bytes | None, bytes | None]],
    programme: Programme,
    author: str,
    out: Outcome,
) -> list[Project]:
    """Each media change as an edit of its project, by the project file's sides; returns the head
    projects read, for the cross-file media rules."""
    heads: list[Project] = []
    for owner, group in sorted(media.items()):
        base_raw, head_raw = owners.get(owner, (None, None))
        head = None
        if head_raw is not None:
            head, _ = parse_project(owner, head_raw, programme.schema.chinese_key_hint)
        if head is not None:
            heads.append(head)
        base = _front_matter(base_raw)
        found = [
            MediaChange.of(c, base, head.data if head else None, author, programme) for c in group
        ]
        for media_change in found:
            if media_judged(media_change):
                out.diagnostics.extend(run_checks(rules.MEDIA_CHANGE, media_change)[0])
        out.steps.append(_media_account(found))
    return heads


def _front_matter(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        return load_bytes(raw).data
    except LoadError:
        return None


MEDIA_WORDS = {"added": "新增", "replaced": "替换", "renamed": "改名", "deleted": "删除"}


def _media_account(found: list[MediaChange]) -> str:
    """`2026/cs-01：项目文件夹中新增 2 个文件、删除 1 个文件`."""
    kinds = Counter(c.kind for c in found)
    done = "\u3001".join(f"{word} {kinds[k]} 个文件" for k, word in MEDIA_WORDS.items() if kinds[k])
    return f"{found[0].key}\uff1a项目文件夹中{done}"


def _account(change: ProjectChange) -> str:
    """One line of the pull request's account: the step this project takes, or an edit."""
    key, label = change.project.key, change.label
    if change.moves:
        who = "评审组" if change.needs_panel else "支部"
        return f"{key}\uff1a{label(change.source)} → {label(change.target)}\uff08{who}\uff09"
    return f"{key}\uff1a{label(change.source)} 阶段内修改"
