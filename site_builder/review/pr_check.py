"""The pull-request check: which projects a pull request changes, how, and whether its author may.

Pure: it receives the changes with their contents, a few facts about the head tree and the
programme read from the *base* revision (so a pull request cannot rewrite the rules it is judged
by), and returns diagnostics plus a Chinese account of what the pull request does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.core.change import FileChange, FileContext, ProjectChange
from site_builder.core.diagnostics import Diagnostic
from site_builder.core.programme import Programme
from site_builder.core.project import Collection, Project
from site_builder.core.rule import run_checks
from site_builder.core.tree import parse_project
from site_builder.rules import ruleset as rules
from site_builder.rules.transitions import judged
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
        return f"党总支负责人({'、'.join(heads)})"
    names = [b.id for b in roster.branches.values() if login in map(str.lower, b.maintainers)]
    return f"支部维护人({'、'.join(names)})" if names else "名册外的账号"


def check_pull_request(
    changes: list[FileChange],
    head_paths: list[str],
    head_awarded: list[Project],
    programme: Programme,
    author: str,
) -> Outcome:
    out = Outcome()
    changed_projects: list[Project] = []
    other_paths: list[str] = []

    out.files = len(changes)
    for change in (side for c in changes for side in c.sides()):
        file = FileContext(change, author, programme)
        if not change.in_projects:
            other_paths.append(file.path)
            out.diagnostics.extend(run_checks(rules.OTHER_FILE, file)[0])
            continue
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
        project_change = ProjectChange.of(project, file.base, author, programme, file.base_body)
        if judged(project_change):
            out.diagnostics.extend(run_checks(rules.PROJECT_CHANGE, project_change)[0])
        out.steps.append(_account(project_change))

    # Cross-file rules on the head tree: changed projects plus the awarded ones found cheaply.
    changed_paths = {p.path for p in changed_projects}
    loaded = changed_projects + [p for p in head_awarded if p.path not in changed_paths]
    for d in check_collection(Collection(head_paths, loaded), programme):
        if d.path in changed_paths:
            out.diagnostics.append(d)

    if changed_projects or any(
        side.in_projects and side.deleted for c in changes for side in c.sides()
    ):
        out.reviews.append("项目文件:需要评审组成员的批准(CODEOWNERS)。")
    if other_paths:
        out.reviews.append(f"其他文件({len(other_paths)} 个):需要仓库维护者的批准。")
    out.steps.insert(0, f"提交者:{author}({_role(programme, author)})")
    out.diagnostics.sort(key=Diagnostic.sort_key)
    return out


def _account(change: ProjectChange) -> str:
    """One line of the pull request's account: the step this project takes, or an edit."""
    key, label = change.project.key, change.label
    if change.moves:
        who = "评审组" if change.needs_panel else "支部"
        return f"{key}\uff1a{label(change.source)} → {label(change.target)}\uff08{who}\uff09"
    return f"{key}\uff1a{label(change.source)} 阶段内修改"
