"""Files → projects → diagnostics. The pure core of `validate`, reused by every adapter."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_builder.core.diagnostics import Diagnostic, counts, errors, has_errors
from site_builder.core.media import MediaFacts
from site_builder.core.programme import Programme
from site_builder.core.project import Collection, Project
from site_builder.core.tree import (
    discover,
    is_media_path,
    read_file,
    read_project,
    whole_projects,
)
from site_builder.rules import ruleset as rules


@dataclass
class Result:
    files: list[str] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    media: dict[str, MediaFacts] = field(default_factory=dict)  # media path → what it is
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return counts(self.diagnostics)[0]

    @property
    def warnings(self) -> int:
        return counts(self.diagnostics)[1]

    def failed_paths(self) -> set[str]:
        return {d.path for d in errors(self.diagnostics)}

    def valid_projects(self) -> list[Project]:
        bad = self.failed_paths()
        return [p for p in self.projects if p.path not in bad]


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


def _check_media(root: Path, rel: str, result: Result) -> list[Diagnostic]:
    raw, found = read_file(root, rel)
    if raw is not None:
        facts, found = rules.media.check_file(rel, raw)
        if facts is not None:
            result.media[rel] = facts
    return found


def validate(root: Path, programme: Programme, only: set[str] | None = None) -> Result:
    """Validate every file under projects/; report only `only` (paths, grown to whole projects:
    a project's file with its media folder) when given.

    Cross-file rules always see the whole tree, so one file is judged as it would be in place.
    """
    result = Result()
    paths = discover(root)
    if only is not None:  # a project's file and its media folder are one project
        only = whole_projects(only, paths)
    for rel in paths:
        if is_media_path(rel):
            found = _check_media(root, rel, result)
        else:
            project, found = read_project(root, rel, programme.schema.chinese_key_hint)
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
