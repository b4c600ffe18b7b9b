"""The `projects/` tree: finding project files, reading them, and naming them from the command
line. Every adapter goes through here, so a path means the same thing to every command."""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.core import file_rules as pf
from site_builder.core.diagnostics import Diagnostic
from site_builder.core.errors import SiteBuilderError
from site_builder.core.loader import KeyHint, LoadError, load_bytes
from site_builder.core.project import Project

PROJECTS_DIR = "projects"


class PathError(SiteBuilderError):
    """A path given by the user names no project file; the message is Chinese."""

    code = "SB102"


def in_projects(path: str | None) -> bool:
    """True for a repository-relative posix path under projects/."""
    return bool(path) and path.startswith(PROJECTS_DIR + "/")


def is_media_path(path: str) -> bool:
    """True for a path inside a folder of a year folder, `projects/<year>/<folder>/...`: a
    project's media (photos, outcome documents), never read as a project file. Which names and
    depths are allowed there is the media rules' business."""
    parts = path.split("/")
    return len(parts) >= 4 and parts[0] == PROJECTS_DIR


def media_owner(path: str) -> str:
    """The project file a media path belongs to: `projects/2026/x/a.jpg` → `projects/2026/x.md`."""
    return "/".join(path.split("/")[:3]) + ".md"


def whole_projects(chosen: set[str], everything: list[str]) -> set[str]:
    """`chosen` paths grown to whole projects: a project's file and its media folder are one
    project for every command, so naming either names both (the folder itself included, for a
    finding about the folder)."""
    owners = {media_owner(p) if is_media_path(p) else p for p in chosen}
    folders = {o.removesuffix(".md") for o in owners if o.endswith(".md")}
    media = {p for p in everything if is_media_path(p) and media_owner(p) in owners}
    return set(chosen) | owners | folders | media


def discover(root: Path) -> list[str]:
    """Every file (and link) under projects/, as sorted posix paths relative to `root`."""
    found: list[str] = []
    base = root / PROJECTS_DIR
    for folder, dirs, names in os.walk(base):
        for name in names + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            found.append((Path(folder) / name).relative_to(root).as_posix())
    return sorted(found)


def resolve_paths(root: Path, given: list[str], everything: list[str] | None = None) -> list[str]:
    """Paths from the command line (files or folders under projects/) → the project files they
    name, as sorted posix paths relative to `root`. Raises PathError for anything else."""
    everything = discover(root) if everything is None else everything
    chosen: set[str] = set()
    for item in given:
        path = Path(item)
        if not path.exists() and not path.is_symlink():
            raise PathError(f"找不到 {item}。请给出 {PROJECTS_DIR}/ 下的项目文件或文件夹。")
        # A link is named by where it stands, not where it points.
        full = path.absolute() if path.is_symlink() else path.resolve()
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise PathError(f"{item} 不在仓库 {root} 中。") from None
        if rel != PROJECTS_DIR and not in_projects(rel):
            raise PathError(
                f"{item} 不在 {PROJECTS_DIR}/ 中。请给出 {PROJECTS_DIR}/ 下的项目文件或文件夹。"
            )
        matched = [p for p in everything if p == rel or p.startswith(rel + "/")]
        if not matched:
            raise PathError(f"{item} 中没有项目文件。")
        chosen.update(matched)
    return sorted(chosen)


def parse_project(
    rel: str, raw: bytes, key_hint: KeyHint | None = None
) -> tuple[Project | None, list[Diagnostic]]:
    try:
        return Project(rel, load_bytes(raw, key_hint)), []
    except LoadError as exc:
        return None, [exc.rule.at(rel, exc.pos, exc.message)]


def read_file(root: Path, rel: str) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a file under projects/, or why it may not be read (a link, a folder)."""
    full = root / rel
    if full.is_symlink():
        return None, [
            pf.SYMLINK.at(rel, (1, 1), "这是一个符号链接。请删除它\uff0c改为普通的项目文件。")
        ]
    try:
        return full.read_bytes(), []
    except OSError:
        return None, [pf.UNREADABLE.at(rel, (1, 1), "无法读取该文件。请确认它是普通文件。")]


def read_project(
    root: Path, rel: str, key_hint: KeyHint | None = None
) -> tuple[Project | None, list[Diagnostic]]:
    raw, found = read_file(root, rel)
    if raw is None:
        return None, found
    return parse_project(rel, raw, key_hint)
