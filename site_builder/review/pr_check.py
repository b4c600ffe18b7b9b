"""The pull-request check: which projects a pull request changes, how, and whether its author may.

Pure: it receives the changes with their contents, a few facts about the head tree and the
programme read from the *base* revision (so a pull request cannot rewrite the rules it is judged
by), and returns diagnostics plus a Chinese account of what the pull request does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.loader import LoadError, load_bytes
from site_builder.core.process import (
    FINAL_STAGES,
    PANEL_FIELDS,
    PLAN_FIELDS,
    TRANSITIONS,
    transition,
)
from site_builder.core.programme import Programme
from site_builder.core.project import Collection, Project
from site_builder.core.tree import PROJECTS_DIR, parse_project
from site_builder.rules import transitions as pt
from site_builder.rules.path import path_problem
from site_builder.rules.validate import check_collection, check_project


@dataclass(frozen=True, slots=True)
class FileChange:
    """One changed path with both sides' contents (None where a side does not exist)."""

    status: str
    old_path: str | None
    new_path: str | None
    old: bytes | None
    new: bytes | None
    new_is_link: bool = False


@dataclass
class Outcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # "2026/cs-01:已申报 → 已立项"
    reviews: list[str] = field(default_factory=list)
    files: int = 0


def _stage_of(raw: bytes | None) -> tuple[dict[str, Any] | None, str | None]:
    if raw is None:
        return None, None
    try:
        data = load_bytes(raw).data
    except LoadError:
        return None, None
    stage = data.get("stage")
    return data, stage if isinstance(stage, str) else None


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
    roster, info = programme.roster, programme.schema
    is_panel = roster.is_panel(author)
    label = lambda stage: f"{info.label('stage', stage)}" if stage else "新文件"  # noqa: E731
    changed_projects: list[Project] = []
    other_paths: list[str] = []

    for change in changes:
        path = change.new_path or change.old_path or ""
        out.files += 1
        in_projects = path.startswith(PROJECTS_DIR + "/") and (
            change.old_path is None or change.old_path.startswith(PROJECTS_DIR + "/")
        )
        if not in_projects:
            other_paths.append(path)
            if not roster.is_maintainer(author):
                out.diagnostics.append(
                    pt.OUTSIDE_PROJECTS.at(
                        path,
                        (1, 1),
                        f"{author} 不是仓库维护者,不能修改 {path}。请把这项改动从拉取请求中去掉;"
                        "确需修改请联系仓库维护者。",
                    )
                )
            continue
        if change.new_is_link:
            out.diagnostics.append(
                pt.NOT_A_FILE.at(path, (1, 1), "拉取请求加入了符号链接或子模块。请改为普通文件。")
            )
            continue
        base_data, base_stage = _stage_of(change.old)
        if change.new is None:
            out.diagnostics.append(
                pt.DELETED.at(
                    path,
                    (1, 1),
                    "拉取请求删除了项目文件。项目文件不能删除;要撤销项目,请恢复该文件,"
                    "把 stage 改为 withdrawn 并填写 withdrawal(撤项)。",
                )
            )
            continue
        if (
            change.old_path
            and change.new_path != change.old_path
            and base_stage not in (None, "applied")
        ):
            out.diagnostics.append(
                pt.RENAMED.at(
                    path,
                    (1, 1),
                    f"项目已处于“{label(base_stage)}”阶段,文件名是其网页的固定地址,不能从 "
                    f"{change.old_path} 改为 {change.new_path}。请改回原文件名。",
                )
            )
        project, found = parse_project(path, change.new)
        if project is None:
            out.diagnostics.extend(found)
            continue
        out.diagnostics.extend(check_project(project, programme))
        changed_projects.append(project)
        out.diagnostics.extend(
            _transition(project, base_data, base_stage, author, is_panel, programme, label)
        )
        if project.stage != base_stage:
            who = "评审组" if project.stage and _needs_panel(base_stage, project.stage) else "支部"
            out.steps.append(f"{project.key}:{label(base_stage)} → {label(project.stage)}({who})")
        else:
            out.steps.append(f"{project.key}:{label(base_stage)} 阶段内修改")

    # Cross-file rules on the head tree: changed projects plus the awarded ones found cheaply.
    changed_paths = {p.path for p in changed_projects}
    loaded = changed_projects + [p for p in head_awarded if p.path not in changed_paths]
    for d in check_collection(Collection(head_paths, loaded), programme):
        if d.path in changed_paths:
            out.diagnostics.append(d)

    if changed_projects or any(c.old_path and c.new is None for c in changes):
        out.reviews.append("项目文件:需要评审组成员的批准(CODEOWNERS)。")
    if other_paths:
        out.reviews.append(f"其他文件({len(other_paths)} 个):需要仓库维护者的批准。")
    out.steps.insert(0, f"提交者:{author}({_role(programme, author)})")
    out.diagnostics.sort(key=Diagnostic.sort_key)
    return out


def _needs_panel(source: str | None, target: str) -> bool:
    t = transition(source, target)
    return bool(t and t.actors == {"panel"})


def _changed(base: dict[str, Any] | None, head: dict[str, Any], key: str) -> bool:
    return (base or {}).get(key) != head.get(key)


def _transition(
    project: Project,
    base: dict[str, Any] | None,
    source: str | None,
    author: str,
    is_panel: bool,
    programme: Programme,
    label: Any,
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    roster, info = programme.roster, programme.schema
    head, target = project.data, project.stage
    path = project.path
    if target is None or path_problem(path):
        return found  # already reported by validation
    stage_pos = project.pos(("stage",))

    # Whose project is it? The base decides for an existing file, so editing `branch` grants nothing.
    branches = {b for b in ((base or {}).get("branch"), head.get("branch")) if isinstance(b, str)}
    acts_for = bool(branches) and all(roster.acts_for(author, b) for b in branches)
    if not is_panel and not acts_for:
        found.append(
            pt.NOT_YOURS.at(
                path,
                (1, 1),
                f"{author} 不是支部 {'、'.join(sorted(branches))} 的维护人,也不是其所属党总支的负责人,"
                "不能修改这个项目。请由该支部提交,或在名册中登记后再提交。",
            )
        )
        return found

    if source != target:
        step = transition(source, target)
        if step is None:
            nexts = [t.target for t in TRANSITIONS if t.source == source]
            allowed = "、".join(f"{s}({label(s)})" for s in nexts) or "无(最终阶段)"
            found.append(
                pt.BAD_STEP.at(
                    path,
                    stage_pos,
                    f"stage(阶段) 不能从 {source or '新文件'}({label(source)})变为 {target}"
                    f"({label(target)})。每个拉取请求只能前进一步,下一步可以是:{allowed}。",
                    "stage",
                )
            )
            return found
        actor_ok = ("panel" in step.actors and is_panel) or ("branch" in step.actors and acts_for)
        if not actor_ok:
            who = "评审组成员" if step.actors == {"panel"} else "该支部(维护人或党总支负责人)"
            found.append(
                pt.WRONG_ACTOR.at(
                    path,
                    stage_pos,
                    f"“{label(source)} → {label(target)}”须由{who}提交,{author} 无权进行。"
                    "请把 stage 改回原值,由有权的人另行提交。",
                    "stage",
                )
            )
    elif source in FINAL_STAGES and not is_panel:
        found.append(
            pt.FINAL.at(
                path,
                stage_pos,
                f"项目已处于最终阶段“{label(source)}”,只有评审组可以更正。请撤回这些修改。",
                "stage",
            )
        )
        return found

    if not is_panel:
        for key in PANEL_FIELDS:
            if _changed(base, head, key):
                found.append(
                    pt.PANEL_FIELD.at(
                        path,
                        project.key_pos((key,)),
                        f"{info.describe((key,))} 由评审组填写,{author} 不是评审组成员,不能修改。"
                        "请删除或还原这部分内容。",
                        key,
                    )
                )
        if source not in (None, "applied"):
            for key in PLAN_FIELDS:
                if _changed(base, head, key):
                    found.append(
                        pt.PLAN_FROZEN.at(
                            path,
                            project.key_pos((key,)),
                            f"项目已立项,{info.describe((key,))} 只能由评审组修改。请还原该字段;"
                            "确需调整请在拉取请求中说明,由评审组成员提交。",
                            key,
                        )
                    )
    elif any(_changed(base, head, key) for key in PANEL_FIELDS) or source != target:
        own = {b for b in branches if b in roster.branches}
        if any(author.lower() in {m.lower() for m in roster.branches[b].maintainers} for b in own):
            found.append(
                pt.OWN_BRANCH.at(
                    path,
                    stage_pos,
                    f"{author} 是该项目所在支部的维护人,不能为本支部项目填写评审内容。请由其他评审组成员提交。",
                    "stage",
                )
            )
    return found
