"""PT5xx: what a pull request may change, by whom. Each rule's check sits under its declaration;
`ruleset` lists them in running order and says which end the checks of a change.

PT501-PT504 judge a changed path (`FileContext`); PT505-PT512 judge a changed project
(`ProjectChange`), which carries the step taken and the author's roles for that project. A changed
file of a project's media folder (`MediaChange`) is an edit of its project: PT506, PT509 and PT513
judge it by the project's branch and base stage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from site_builder.core.change import FileContext, MediaChange, ProjectChange
from site_builder.core.diagnostics import Diagnostic
from site_builder.core.markdown import headings
from site_builder.core.process import (
    FINAL_STAGES,
    PANEL_FIELDS,
    PLAN_FIELDS,
    PLAN_FROZEN_AFTER,
    PLAN_SECTIONS,
    REPORT_FIELDS,
    REPORT_FROZEN_FROM,
    REPORT_SECTIONS,
    Stage,
    targets,
)
from site_builder.core.rule import Rule
from site_builder.rules.path import path_problem

OUTSIDE_PROJECTS = Rule(
    "PT501",
    "修改了项目文件以外的内容",
    "支部和评审组的拉取请求只能修改 `projects/<年度>/<简称>.md`。网站页面、数据格式、名册、设置、"
    "工作流等由仓库维护者修改。",
)


def check_outside(file: FileContext) -> Iterator[Diagnostic]:
    """A path outside projects/ is the maintainers' business; nothing else is checked on it."""
    author, path = file.author, file.path
    if not file.programme.roster.is_maintainer(author):
        yield OUTSIDE_PROJECTS.at(
            path,
            (1, 1),
            f"{author} 不是仓库维护者\uff0c不能修改 {path}。请把这项改动从拉取请求中去掉\uff1b"
            "确需修改请联系仓库维护者。",
        )


NOT_A_FILE = Rule(
    "PT502",
    "符号链接或子模块",
    "拉取请求不能加入符号链接或子模块\uff1b它们可能把仓库外的内容带进网站。",
)


def check_link(file: FileContext) -> Iterator[Diagnostic]:
    if file.change.new_is_link:
        yield NOT_A_FILE.at(file.path, (1, 1), "拉取请求加入了符号链接或子模块。请改为普通文件。")


DELETED = Rule(
    "PT503",
    "删除了项目文件",
    "项目文件永远不删除。要撤销项目\uff0c请把阶段改为 withdrawn\uff08已撤项\uff09并填写 `withdrawal`\uff08撤项\uff09。"
    "把项目文件移出 `projects/` 也算删除\u3002",
)


def check_deleted(file: FileContext) -> Iterator[Diagnostic]:
    if file.change.deleted:
        yield DELETED.at(
            file.path,
            (1, 1),
            "拉取请求删除了项目文件\uff08或把它移出了 projects/\uff09\u3002"
            "项目文件不能删除\uff1b要撤销项目\uff0c请恢复该文件\uff0c"
            "把 stage 改为 withdrawn 并填写 withdrawal\uff08撤项\uff09。",
        )


RENAMED = Rule(
    "PT504",
    "已立项项目改名",
    "项目经评审后\uff08已立项、未立项及以后的阶段\uff09文件名不能再改\uff0c它是项目网页的固定地址。",
)


def check_renamed(file: FileContext) -> Iterator[Diagnostic]:
    change, source = file.change, file.source
    if change.renamed and source not in (None, PLAN_FROZEN_AFTER):
        yield RENAMED.at(
            file.path,
            (1, 1),
            f"项目已处于“{file.label(source)}”阶段\uff0c文件名是其网页的固定地址\uff0c不能从 "
            f"{change.old_path} 改为 {change.new_path}。请改回原文件名。",
        )


def _as_member(change: ProjectChange | MediaChange) -> str:
    """For a panel member refused as a branch's member: why the panel's rights do not apply."""
    if not change.roles.panel:
        return ""
    return (
        f"{change.author} 与该项目有利益冲突\uff08是其支部的维护人或所属党总支的负责人\uff09\uff0c"
        "对该项目只能作为支部的人员修改。"
    )


def judged(change: ProjectChange) -> bool:
    """Whether the project-level rules apply: a project without a stage or at a wrong path is
    already reported by validation."""
    return change.target is not None and path_problem(change.path) is None


def media_judged(change: MediaChange) -> bool:
    """Whether the media rules of this module apply: the project file is read on some side. A
    file whose project exists on neither side is reported by PM612 (no project refers to it)."""
    return change.base is not None or change.head is not None


BAD_STEP = Rule(
    "PT505",
    "阶段变化不允许",
    "每个拉取请求只能让一个项目前进一步\uff0c不能跳过阶段\uff0c也不能倒退。允许的变化见“阶段与流程”。",
)


def check_step(change: ProjectChange) -> Iterator[Diagnostic]:
    source, target, label = change.source, change.target, change.label
    if not change.moves or change.step is not None:
        return
    nexts = targets(source)
    allowed = "、".join(f"{s}\uff08{label(s)}\uff09" for s in nexts) or "无\uff08最终阶段\uff09"
    yield BAD_STEP.at(
        change.path,
        change.project.pos(("stage",)),
        f"stage\uff08阶段\uff09不能从 {source or '新文件'}\uff08{label(source)}\uff09变为 {target}"
        f"\uff08{label(target)}\uff09。每个拉取请求只能前进一步\uff0c下一步可以是\uff1a{allowed}。",
        "stage",
    )


NOT_YOURS = Rule(
    "PT506",
    "不是本支部的项目",
    "支部只能修改自己的项目\uff1a提交者须是该支部的维护人\uff0c或其所属党总支的负责人。",
)


def check_yours(change: ProjectChange) -> Iterator[Diagnostic]:
    """Only a judge (a panel member without a conflict of interest) and the people of the
    project's branches (on both sides) may change it; a panel member with a conflict is one of
    those people, no more."""
    if change.roles.judge or change.roles.acts_for:
        return
    conflict = ""
    if change.roles.panel:
        conflict = (
            "评审组成员对自己维护的支部或负责的党总支的项目有利益冲突\uff0c只能作为该支部的人员修改"
            "\uff08按拉取请求前后的 branch 合计\uff09\uff0c不能把项目改到别的支部。"
        )
    yield NOT_YOURS.at(
        change.path,
        (1, 1),
        f"{change.author} 不是支部 {'、'.join(sorted(change.branches))} 的维护人\uff0c也不是其所属党总支的负责人\uff0c"
        f"不能修改这个项目。{conflict}请由该支部提交\uff0c或在名册中登记后再提交。",
    )


def check_media_yours(change: MediaChange) -> Iterator[Diagnostic]:
    """A file of the project's media folder may be changed by whoever may change the project."""
    if change.roles.judge or change.roles.acts_for:
        return
    branches = "\u3001".join(sorted(change.branches))
    yield NOT_YOURS.at(
        change.path,
        (1, 1),
        f"{change.author} 不是支部 {branches} 的维护人\uff0c"
        f"也不是其所属党总支的负责人\uff0c不能修改项目 {change.key} 的文件夹\uff08{change.describe()}\uff09\u3002"
        f"{_as_member(change)}请由该支部提交\uff0c或在名册中登记后再提交\u3002",
    )


PANEL_FIELD = Rule(
    "PT507",
    "修改了评审组填写的字段",
    "`approval`\uff08立项评审\uff09、`midterm`\uff08中期检查\uff09、`acceptance`\uff08验收评审\uff09、`award`\uff08评比表彰\uff09"
    "只能由评审组成员提交的拉取请求修改。",
)


def check_panel_fields(change: ProjectChange) -> Iterator[Diagnostic]:
    if change.roles.panel:
        return
    info = change.programme.schema
    for key in PANEL_FIELDS:
        if change.changed(key):
            yield PANEL_FIELD.at(
                change.path,
                change.project.key_pos((key,)),
                f"{info.describe((key,))} 由评审组填写\uff0c{change.author} 不是评审组成员\uff0c不能修改。"
                "请删除或还原这部分内容。",
                key,
            )


PLAN_FROZEN = Rule(
    "PT508",
    "立项后修改了计划",
    "项目立项后\uff0c计划字段\uff08项目名称、立项方向、单位、党总支、支部、执行者、计划周期\uff09"
    "和计划章节\uff08“## 为什么开展活动”“## 怎样开展活动”“## 预期目标”\uff09只能由评审组修改\uff1b"
    "支部可以继续补充进展、结题报告和经费支出。"
    "与项目有利益冲突的评审组成员"
    "按该支部的人员对待\u3002",
)


def check_plan(change: ProjectChange) -> Iterator[Diagnostic]:
    if change.roles.judge or change.source in (None, PLAN_FROZEN_AFTER):
        return
    info = change.programme.schema
    for key in PLAN_FIELDS:
        if change.changed(key):
            yield PLAN_FROZEN.at(
                change.path,
                change.project.key_pos((key,)),
                f"项目已立项\uff0c{info.describe((key,))} 只能由评审组修改。{_as_member(change)}"
                "请还原该字段\uff1b确需调整请在拉取请求中说明\uff0c由评审组成员提交。",
                key,
            )
    for heading in PLAN_SECTIONS:
        if change.section_changed(heading):
            yield PLAN_FROZEN.at(
                change.path,
                _heading_pos(change, heading),
                f"项目已立项\uff0c计划章节“## {heading}”是验收时对照的计划\uff0c只能由评审组修改。"
                f"{_as_member(change)}请把这一章节恢复为原来的内容\uff1b"
                "新的进展请写在“## 中期进展”或“## 结题报告”中。",
            )


def _heading_pos(change: ProjectChange, heading: str) -> tuple[int, int]:
    """Where `heading` stands in the head body (the body's start if it is gone)."""
    found = headings(change.project.body).get(heading)
    return (change.project.doc.body_line + (found or 0), 1)


REPORT_FROZEN = Rule(
    "PT512",
    "结题后修改了结题内容",
    "项目结题后\uff0c“## 结题报告”、`expenses`\uff08经费支出\uff09和 `concluded_on`\uff08结题日期\uff09是验收评审的依据\uff0c"
    "支部不能再修改\uff1b确需更正的\uff0c由与项目无利益冲突的评审组成员提交。",
)


def _reached(source: Stage | None, stage: Stage) -> bool:
    return source is not None and source.reached(stage)


def check_report(change: ProjectChange) -> Iterator[Diagnostic]:
    if change.roles.judge or not _reached(change.source, REPORT_FROZEN_FROM):
        return
    label = change.label(change.source)
    fix = "请恢复原来的内容\uff1b确需更正请在拉取请求中说明\uff0c由评审组成员提交。"
    info = change.programme.schema
    for key in REPORT_FIELDS:
        if change.changed(key):
            yield REPORT_FROZEN.at(
                change.path,
                change.project.key_pos((key,)),
                f"项目已处于“{label}”阶段\uff0c{info.describe((key,))} 是验收评审的依据\uff0c支部不能再修改。"
                f"{_as_member(change)}{fix}",
                key,
            )
    for heading in REPORT_SECTIONS:
        if change.section_changed(heading):
            yield REPORT_FROZEN.at(
                change.path,
                _heading_pos(change, heading),
                f"项目已处于“{label}”阶段\uff0c“## {heading}”是验收评审的依据\uff0c支部不能再修改。"
                f"{_as_member(change)}{fix}",
            )


FINAL = Rule(
    "PT509",
    "项目已处于最终阶段",
    "未立项、未通过验收、已撤项和优秀成果是最终阶段\uff0c只有评审组可以更正其内容。",
)


def check_final(change: ProjectChange) -> Iterator[Diagnostic]:
    if change.moves or change.source not in FINAL_STAGES or change.roles.judge:
        return
    yield FINAL.at(
        change.path,
        change.project.pos(("stage",)),
        f"项目已处于最终阶段“{change.label(change.source)}”\uff0c只有评审组可以更正。"
        f"{_as_member(change)}请撤回这些修改。",
        "stage",
    )


def check_media_final(change: MediaChange) -> Iterator[Diagnostic]:
    if change.source not in FINAL_STAGES or change.roles.judge:
        return
    yield FINAL.at(
        change.path,
        (1, 1),
        f"项目 {change.key} 已处于最终阶段\u201c{change.label(change.source)}\u201d\uff0c"
        f"项目文件夹中的文件只有评审组可以更正\uff08{change.describe()}\uff09\u3002"
        f"{_as_member(change)}请撤回这项修改\u3002",
    )


WRONG_ACTOR = Rule(
    "PT510",
    "无权进行该阶段变化",
    "每种阶段变化都规定了由谁提交\uff1a申报、结题由支部提交\uff1b立项、中期检查、验收、表彰由评审组提交\uff1b"
    "撤项由支部或评审组提交。",
)


def check_actor(change: ProjectChange) -> Iterator[Diagnostic]:
    """The step's actor. A panel member with a conflict who takes a panel step is PT511's."""
    step, roles, label = change.step, change.roles, change.label
    if step is None:
        return
    if ("panel" in step.actors and roles.panel) or ("branch" in step.actors and roles.acts_for):
        return
    who = "评审组成员" if step.actors == {"panel"} else "该支部\uff08维护人或党总支负责人\uff09"
    yield WRONG_ACTOR.at(
        change.path,
        change.project.pos(("stage",)),
        f"“{label(change.source)} → {label(change.target)}”须由{who}提交\uff0c{change.author} 无权进行。"
        "请把 stage 改回原值\uff0c由有权的人另行提交。",
        "stage",
    )


OWN_BRANCH = Rule(
    "PT511",
    "评审组成员评审与自己有关的项目",
    "评审组成员若是项目所在支部的维护人\uff0c或其所属党总支的负责人\uff08按拉取请求前后的 `branch` 合计\uff09\uff0c"
    "就与该项目有利益冲突\uff1a不能进行评审组的阶段变化\uff0c也不能修改评审组填写的字段\uff0c应由其他评审组成员提交。"
    "他们仍可以作为该支部的人员申报和推进本支部的项目。",
)


def check_own_branch(change: ProjectChange) -> Iterator[Diagnostic]:
    """A panel member judging (a panel step, or a panel field) a project they are related to."""
    roles = change.roles
    if not roles.panel or not roles.related:
        return
    who = (
        f"{change.author} 是支部 {'、'.join(sorted(change.branches))} 的维护人或其所属党总支的负责人\uff0c"
        "与该项目有利益冲突"
    )
    if change.needs_panel:
        yield OWN_BRANCH.at(
            change.path,
            change.project.pos(("stage",)),
            f"{who}\uff0c不能进行“{change.label(change.source)} → {change.label(change.target)}”"
            "这一评审组的步骤。请把 stage 改回原值\uff0c由其他评审组成员提交。",
            "stage",
        )
        return
    info = change.programme.schema
    for key in PANEL_FIELDS:
        if change.changed(key):
            yield OWN_BRANCH.at(
                change.path,
                change.project.key_pos((key,)),
                f"{who}\uff0c不能修改 {info.describe((key,))}。请还原这部分内容\uff0c由其他评审组成员提交。",
                key,
            )


MEDIA_FROZEN = Rule(
    "PT513",
    "结题后修改了项目文件夹",
    "项目结题后\uff0c项目文件夹 `projects/<年度>/<简称>/` 中的照片和成果文件与结题报告一样是验收评审的依据\uff0c"
    "支部不能再新增\u3001替换\u3001删除\u3001改名或移出其中的文件\uff1b确需更正的\uff0c由与项目无利益冲突的评审组成员提交\u3002"
    "结题之前\uff0c支部可以随时补充和调整照片\u3002",
)


def check_media_frozen(change: MediaChange) -> Iterator[Diagnostic]:
    if change.roles.judge or not _reached(change.source, REPORT_FROZEN_FROM):
        return
    yield MEDIA_FROZEN.at(
        change.path,
        (1, 1),
        f"项目 {change.key} 已处于\u201c{change.label(change.source)}\u201d阶段\uff0c"
        f"项目文件夹中的照片和成果文件是验收评审的依据\uff0c支部不能再{change.describe()}\u3002"
        f"{_as_member(change)}请撤回这项修改\uff1b确需更正请在拉取请求中说明\uff0c"
        "由与项目无利益冲突的评审组成员提交\u3002",
    )


NOTICE = Rule(
    "PT514",
    "公示期未满",
    "设置了公示期\uff08`notice_days`\uff0c默认 5 个工作日\uff09时\uff0c优秀成果先拟表彰\uff08`nominated`\uff09"
    "\uff0c在网站的公示页公示\uff0c公示期满后才能评为优秀成果\uff08`awarded`\uff09\uff1b"
    "拟表彰时 `award.notice_start`\uff08公示开始日期\uff09不能早于提交检查的当天\uff0c撤销拟表彰时须删除 `award`\u3002"
    "工作日按国家法定节假日和调休安排计算\uff0c并除去设置中的学院休息日\uff1b日期按设置中的时区\uff08默认北京时间\uff09计算\u3002"
    "公示期设为 0 时不公示\uff0c验收通过后可以直接评为优秀成果\u3002",
)


def _notice_start(data: dict | None) -> date | None:
    award = (data or {}).get("award")
    value = award.get("notice_start") if isinstance(award, dict) else None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def check_notice(change: ProjectChange) -> Iterator[Diagnostic]:
    """The public notice (公示) before an award: nominate first, award after it has run."""
    step = change.step
    settings = change.programme.settings
    days = settings.notice_days
    source, target = change.source, change.target
    where = change.project.pos(("stage",))
    if step is not None and step.without_notice_only and days > 0:
        yield NOTICE.at(
            change.path,
            where,
            f"设置了 {days} 个工作日的公示期\uff1a项目须先拟表彰\uff08stage 改为 nominated\uff0c"
            "并在 award.notice_start 写明公示开始日期\uff09\uff0c"
            "公示期满后再评为优秀成果\u3002请把 stage 改为 nominated\u3002",
            "stage",
        )
        return
    if not change.moves and source is Stage.NOMINATED:
        old, new = _notice_start(change.base), _notice_start(change.project.data)
        if old is not None and (new is None or new < old):
            yield NOTICE.at(
                change.path,
                change.project.pos(("award", "notice_start")),
                f"公示已从 {old.isoformat()} 开始\uff0c"
                "award.notice_start\uff08公示开始日期\uff09不能删去或提前\u3002"
                "请恢复原来的日期\u3002",
                "award.notice_start",
            )
        return
    if step is None or days == 0:
        if step is not None and source is Stage.NOMINATED and target is Stage.ACCEPTED:
            yield from _withdrawn(change)
        return
    today = change.today
    if source is Stage.ACCEPTED and target is Stage.NOMINATED:
        start = _notice_start(change.project.data)
        if start is None:
            yield NOTICE.at(
                change.path,
                change.project.key_pos(("award",)),
                "拟表彰须在 award.notice_start\uff08公示开始日期\uff09"
                f"写明公示从哪一天开始\uff0c如 notice_start: {today.isoformat()}\u3002",
                "award.notice_start",
            )
        elif start < today:
            yield NOTICE.at(
                change.path,
                change.project.pos(("award", "notice_start")),
                f"award.notice_start\uff08公示开始日期\uff09{start.isoformat()} "
                f"早于今天 {today.isoformat()}\uff1a公示从在网站上公布起算\uff0c"
                f"不能倒签\u3002请改为 {today.isoformat()} 或以后的日期\u3002",
                "award.notice_start",
            )
    elif source is Stage.NOMINATED and target is Stage.AWARDED:
        # The notice as published (the base side): a date rewritten in this pull request is no
        # notice anyone saw.
        start = _notice_start(change.base)
        if start is None:
            yield NOTICE.at(
                change.path,
                where,
                "目标分支上的拟表彰项目没有 award.notice_start"
                "\uff08公示开始日期\uff09\uff0c无法确定公示期\u3002"
                "请先补写公示开始日期并公示期满后再表彰\u3002",
                "stage",
            )
            return
        calendar = settings.work_calendar
        try:
            end = calendar.notice_end(start, days)
        except ValueError:  # closures covering a whole year: no working day to end on
            end = today
        guessed = _estimated(calendar.estimated_years(start, end), end)
        if today <= end:
            yield NOTICE.at(
                change.path,
                where,
                f"公示从 {start.isoformat()} 开始\uff0c共 {days} 个工作日"
                f"\uff0c到 {end.isoformat()} 结束\uff1b公示期满后"
                f"\uff08{(end + timedelta(days=1)).isoformat()} 起\uff09才能评为优秀成果\u3002"
                "请保留这个拉取请求\uff0c到时在其页面上重新运行检查\u3002" + guessed,
                "stage",
            )
        elif guessed:  # allowed by an estimate: said, so that the panel checks the dates
            found = NOTICE.at(
                change.path, where, guessed.removeprefix("\u6ce8\u610f\uff1a"), "stage"
            )
            yield replace(found, severity="warning")
    elif source is Stage.NOMINATED and target is Stage.ACCEPTED:
        yield from _withdrawn(change)


def _estimated(years: list[int], end: date) -> str:
    """A note when the notice runs in a year whose official arrangement the holidays library
    does not hold yet (its end is then an estimate); empty otherwise."""
    if not years:
        return ""
    which = "\u3001".join(str(y) for y in years)
    return (
        f"注意\uff1a所用的节假日库还没有收入国务院办公厅 {which} 年的放假安排\uff08调休\uff09"
        f"\uff0c公示结束日期 {end.isoformat()} 只是按周末和法定节日推算的\u3002"
        "请评审组对照当年的放假通知核对\uff1b仓库维护者可以更新 holidays 库后重新运行检查\u3002"
    )


def _withdrawn(change: ProjectChange) -> Iterator[Diagnostic]:
    if "award" in change.project.data:
        yield NOTICE.at(
            change.path,
            change.project.key_pos(("award",)),
            "撤销拟表彰\uff08nominated \u2192 accepted\uff09时须同时删除 award"
            "\uff08评比表彰\uff09\uff0c否则它仍计入当年的表彰名额\u3002",
            "award",
        )
