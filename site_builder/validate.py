"""Files → projects → diagnostics. The pure core of `validate`, reused by every adapter."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import ruleset as rules
from site_builder.diagnostics import Diagnostic, has_errors
from site_builder.loader import LoadError, load_bytes
from site_builder.programme import Programme
from site_builder.project import Collection, Project
from site_builder.rules import file as pf

PROJECTS_DIR = "projects"


@dataclass
class Result:
    files: list[str] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)

    def failed_paths(self) -> set[str]:
        return {d.path for d in self.diagnostics if d.severity == "error"}

    def valid_projects(self) -> list[Project]:
        bad = self.failed_paths()
        return [p for p in self.projects if p.path not in bad]


def discover(root: Path) -> list[str]:
    """Every file (and link) under projects/, as sorted posix paths relative to `root`."""
    found: list[str] = []
    base = root / PROJECTS_DIR
    for folder, dirs, names in os.walk(base):
        for name in names + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            found.append((Path(folder) / name).relative_to(root).as_posix())
    return sorted(found)


def parse_project(rel: str, raw: bytes) -> tuple[Project | None, list[Diagnostic]]:
    try:
        return Project(rel, load_bytes(raw)), []
    except LoadError as exc:
        return None, [exc.rule.at(rel, exc.pos, exc.message)]


def read_project(root: Path, rel: str) -> tuple[Project | None, list[Diagnostic]]:
    full = root / rel
    if full.is_symlink():
        return None, [pf.SYMLINK.at(rel, (1, 1), "这是一个符号链接。请删除它,改为普通的项目文件。")]
    try:
        raw = full.read_bytes()
    except OSError:
        return None, [pf.UNREADABLE.at(rel, (1, 1), "无法读取该文件。请确认它是普通文件。")]
    return parse_project(rel, raw)


def check_project(project: Project, programme: Programme) -> list[Diagnostic]:
    found = list(rules.schema.check(project, programme))
    for module in rules.ALWAYS:
        found.extend(module.check(project, programme))
    if not has_errors(found):
        for module in rules.WHEN_VALID:
            found.extend(module.check(project, programme))
    return found


def check_collection(collection: Collection, programme: Programme) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for module in rules.CROSS_FILE:
        found.extend(module.check_all(collection, programme))
    return found


def validate(root: Path, programme: Programme, only: set[str] | None = None) -> Result:
    """Validate every file under projects/; report only `only` (paths) when given.

    Cross-file rules always see the whole tree, so one file is judged as it would be in place.
    """
    result = Result()
    paths = discover(root)
    for rel in paths:
        project, found = read_project(root, rel)
        if project is not None:
            found.extend(check_project(project, programme))
            result.projects.append(project)
        if only is None or rel in only:
            result.files.append(rel)
            result.diagnostics.extend(found)
    for diagnostic in check_collection(Collection(paths, result.projects), programme):
        if only is None or diagnostic.path in only:
            result.diagnostics.append(diagnostic)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
