"""The programme's process: the one definition of every stage (its Chinese name, whether it is
public or final, what a project in it must hold), the body's required sections, the transitions
and who may make them, and which fields belong to whom.

Everything else reads it from here: the rules, the pull-request check, the approvals, the pages,
the forms (through `spec()`, which the pages embed for the browser) and the schema, whose `stage`
values and stage-dependent requirements are generated from this file
(`python -m tools.process_schema --write`; a test keeps them in step). No stage name is written as
a string anywhere else in the package.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

Actor = Literal["branch", "panel"]
ACTORS: tuple[Actor, ...] = ("branch", "panel")


class Stage(StrEnum):
    """A project's stage, in the programme's order. Each stage's facts are in `_FACTS` below."""

    APPLIED = "applied"
    APPROVED = "approved"
    REJECTED = "rejected"
    MIDTERM = "midterm"
    CONCLUDED = "concluded"
    ACCEPTED = "accepted"
    FAILED = "failed"
    NOMINATED = "nominated"
    AWARDED = "awarded"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """The Chinese name, as every page, message and form shows it."""
        return _FACTS[self].label

    @property
    def public(self) -> bool:
        """Whether a project in this stage is shown on the public site."""
        return _FACTS[self].public

    @property
    def final(self) -> bool:
        """Whether the stage ends the project (only the panel may still correct it)."""
        return _FACTS[self].final

    @property
    def rank(self) -> int:
        """How far along the programme's main line a project in this stage has certainly come:
        0 applied (withdrawn too: a withdrawn project may never have been approved), 1 decided,
        2 mid-term checked, 3 concluded, 4 accepted, failed or nominated (an accepted project
        whose award is in its public notice), 5 awarded."""
        return _FACTS[self].rank

    @property
    def milestone(self) -> str:
        """What the project's timeline calls the step into this stage."""
        return _FACTS[self].milestone

    @property
    def requires(self) -> tuple[Requirement, ...]:
        """The fields a project in this stage must hold (written into the schema's `allOf`)."""
        return _FACTS[self].requires

    def reached(self, other: Stage) -> bool:
        """Whether a project in this stage has come at least as far as `other` on the main line
        (only meaningful for main-line stages: applied, midterm, concluded)."""
        return self.rank >= other.rank

    @classmethod
    def parse(cls, value: object) -> Stage | None:
        """The stage a file's `stage` value names, or None (absent, not text, unknown)."""
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                return None
        return None


@dataclass(frozen=True)
class Requirement:
    """A field a project must hold in some stages, optionally with one key of it fixed
    (`approval` with `decision: approved`)."""

    field: str
    key: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class _Facts:
    label: str
    public: bool
    final: bool
    rank: int
    milestone: str
    requires: tuple[Requirement, ...] = ()


_APPROVED = Requirement("approval", "decision", "approved")
_PASSED = Requirement("acceptance", "result", "passed")
_REPORT = (Requirement("concluded_on"), Requirement("expenses"))
_CHECKED = (_APPROVED, Requirement("midterm"))

_FACTS: dict[Stage, _Facts] = {
    Stage.APPLIED: _Facts("已申报", False, False, 0, "提交申报"),
    Stage.APPROVED: _Facts("已立项", True, False, 1, "批准立项", (_APPROVED,)),
    Stage.REJECTED: _Facts(
        "未立项", False, True, 1, "未予立项", (Requirement("approval", "decision", "rejected"),)
    ),
    Stage.MIDTERM: _Facts("中期检查", True, False, 2, "中期检查", _CHECKED),
    Stage.CONCLUDED: _Facts("已结题", True, False, 3, "提交结题报告", (*_CHECKED, *_REPORT)),
    Stage.ACCEPTED: _Facts("通过验收", True, False, 4, "通过验收", (*_CHECKED, *_REPORT, _PASSED)),
    Stage.FAILED: _Facts(
        "未通过验收",
        False,
        True,
        4,
        "未通过验收",
        (*_CHECKED, *_REPORT, Requirement("acceptance", "result", "failed")),
    ),
    # 公示: nominated for an award, shown publicly for `notice_days` working days before the award.
    Stage.NOMINATED: _Facts(
        "拟表彰\uff08公示中\uff09",
        True,
        False,
        4,
        "拟表彰\uff0c开始公示",
        (*_CHECKED, *_REPORT, _PASSED, Requirement("award")),
    ),
    Stage.AWARDED: _Facts(
        "优秀成果",
        True,
        True,
        5,
        "评为优秀成果",
        (*_CHECKED, *_REPORT, _PASSED, Requirement("award")),
    ),
    Stage.WITHDRAWN: _Facts("已撤项", False, True, 0, "撤项", (Requirement("withdrawal"),)),
}

STAGES: tuple[Stage, ...] = tuple(Stage)
PUBLIC_STAGES = frozenset(s for s in STAGES if s.public)
FINAL_STAGES = frozenset(s for s in STAGES if s.final)


def stage_label(stage: Stage | str | None) -> str:
    """A stage's Chinese name; a file that does not exist yet has none: "新文件". A value that
    names no stage is shown as written."""
    if stage is None:
        return "新文件"
    parsed = Stage.parse(stage)
    return parsed.label if parsed else str(stage)


# ----------------------------------------------------------------------------- the body


@dataclass(frozen=True)
class Section:
    heading: str
    from_stage: Stage
    hint: str  # what the section holds, in a few words (messages, the data-format page)
    prompt: str  # what `new`, the guide's template and the online form ask for under the heading


# The closing report's three parts (the policy's words); the stage-materials form asks for each.
REPORT_PARTS = ("取得成效", "存在不足", "经验做法与制度成果")

SECTIONS: tuple[Section, ...] = (
    Section(
        "为什么开展活动",
        Stage.APPLIED,
        "为什么要开展这项活动",
        "写明开展这项活动的原因\uff1a本支部的实际情况\u3001要解决的问题\u3001与学院中心工作的联系",
    ),
    Section(
        "怎样开展活动",
        Stage.APPLIED,
        "活动形式\u3001内容\u3001时间安排和工作任务",
        "写明活动形式\u3001主要内容\u3001时间安排和每项工作任务的负责人",
    ),
    Section(
        "预期目标",
        Stage.APPLIED,
        "要达到什么样的预期目标",
        "写明要达到的具体目标\uff0c尽量可以检查\uff0c如次数\u3001人数\u3001形成的制度或成果",
    ),
    Section("中期进展", Stage.MIDTERM, "项目进展和阶段性小结", "写明项目进展和阶段性小结"),
    Section(
        "结题报告",
        Stage.CONCLUDED,
        "\u3001".join(REPORT_PARTS),
        "写明" + "\u3001".join(REPORT_PARTS),
    ),
)
HEADINGS = tuple(s.heading for s in SECTIONS)
# The plan: frozen for the branch once the project is approved, printed on the application form.
PLAN_SECTIONS = tuple(s.heading for s in SECTIONS if s.from_stage is Stage.APPLIED)
# The mid-term progress, which the branch adds before the panel's mid-term check.
PROGRESS_SECTION = next(s for s in SECTIONS if s.from_stage is Stage.MIDTERM)
# The closing report: what the acceptance scores, frozen for the branch once concluded.
REPORT_SECTION = next(s for s in SECTIONS if s.from_stage is Stage.CONCLUDED)
REPORT_SECTIONS = (REPORT_SECTION.heading,)

# The dated steps of a project's timeline: the stage each step enters and where its date is written
# (the award, dated by its year, is added by the pages).
TIMELINE: tuple[tuple[Stage, tuple[str, ...]], ...] = (
    (Stage.APPLIED, ("applied_on",)),
    (Stage.APPROVED, ("approval", "date")),
    (Stage.MIDTERM, ("midterm", "date")),
    (Stage.CONCLUDED, ("concluded_on",)),
    (Stage.ACCEPTED, ("acceptance", "date")),
)

# Starts the prompt lines written under each heading; a body still holding one is unfinished.
PLACEHOLDER = "\uff08待填写\uff09"


def prompt_line(section: Section) -> str:
    """The one prompt line under `section`'s heading: `new` writes it, the guide's template shows
    it (a test holds the two equal) and the online form offers it; PB407 refuses it."""
    return f"{PLACEHOLDER}{section.prompt}\u3002写好后删除本行\u3002"


def _letters(text: str) -> str:
    """Letters and digits only: a prompt is recognised whatever its brackets and punctuation."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


PROMPT_LETTERS = tuple(_letters(s.prompt) for s in SECTIONS)
PROMPT_MARK = _letters(PLACEHOLDER)  # 待填写
# The placeholder at the start of a line in round (either width), square or lenticular brackets.
PLACEHOLDER_START = re.compile(
    "\\s*[(\uff08\\[\u3010\u3014]\\s*" + PROMPT_MARK + "\\s*[)\uff09\\]\u3011\u3015]"
)
# A cheap test before the letters are compared: every prompt's first two letters.
PROMPT_MAYBE = re.compile(
    "|".join(sorted({re.escape(p[:2]) for p in PROMPT_LETTERS} | {PROMPT_MARK}))
)


def is_prompt(line: str) -> bool:
    """Whether `line` is a prompt line left as given (any bracket style, any punctuation)."""
    if not PROMPT_MAYBE.search(line):
        return False
    if PLACEHOLDER_START.match(line):
        return True
    letters = _letters(line)
    return letters == PROMPT_MARK or any(p in letters for p in PROMPT_LETTERS)


def required_sections(stage: Stage | str) -> list[Section]:
    """The body sections a project in `stage` must have."""
    stage = Stage(stage)
    return [s for s in SECTIONS if stage.reached(s.from_stage)]


# ----------------------------------------------------------------------------- transitions


@dataclass(frozen=True)
class Transition:
    source: Stage | None  # None: a new file
    target: Stage
    actors: frozenset[Actor]
    # The panel leader's approval is needed (awards), not just any panel member's.
    leader: bool = False
    # Allowed only when the settings turn the public notice off (`notice_days: 0`).
    without_notice_only: bool = False


# Steps towards an award (nominating, awarding) need the panel leader's approval.
_LEADER_TARGETS = frozenset({Stage.NOMINATED, Stage.AWARDED})


def _t(source: Stage | None, targets: tuple[Stage, ...], *actors: Actor) -> list[Transition]:
    return [
        Transition(source, t, frozenset(actors), t in _LEADER_TARGETS and source is not None)
        for t in targets
    ]


S = Stage
TRANSITIONS: tuple[Transition, ...] = (
    *_t(None, (S.APPLIED,), "branch"),
    *_t(S.APPLIED, (S.APPROVED, S.REJECTED), "panel"),
    *_t(S.APPROVED, (S.MIDTERM,), "panel"),
    *_t(S.MIDTERM, (S.CONCLUDED,), "branch"),
    *_t(S.CONCLUDED, (S.ACCEPTED, S.FAILED), "panel"),
    # 公示: nominated, shown for `notice_days` working days, then awarded (PT514 checks the date);
    # or the nomination is withdrawn.
    *_t(S.ACCEPTED, (S.NOMINATED,), "panel"),
    *_t(S.NOMINATED, (S.AWARDED, S.ACCEPTED), "panel"),
    # Straight to the award only when there is no public notice (`notice_days: 0`; PT514).
    Transition(S.ACCEPTED, S.AWARDED, frozenset({"panel"}), True, without_notice_only=True),
    *_t(S.APPLIED, (S.WITHDRAWN,), "branch", "panel"),
    *_t(S.APPROVED, (S.WITHDRAWN,), "branch", "panel"),
    *_t(S.MIDTERM, (S.WITHDRAWN,), "branch", "panel"),
)
del S


def transition(source: Stage | None, target: Stage) -> Transition | None:
    for t in TRANSITIONS:
        if t.source == source and t.target == target:
            return t
    return None


def targets(source: Stage | None, actor: Actor | None = None) -> list[Stage]:
    """The stages a project in `source` may move to (by `actor`, if given), in the table's
    order."""
    return [
        t.target for t in TRANSITIONS if t.source == source and (actor is None or actor in t.actors)
    ]


def sources(target: Stage, actor: Actor | None = None) -> list[Stage]:
    """The stages from which `actor` (or anyone) may move a project to `target`."""
    return [
        t.source
        for t in TRANSITIONS
        if t.target == target and t.source is not None and (actor is None or actor in t.actors)
    ]


# ----------------------------------------------------------------------------- who owns what

# Fields the branch writes in its application; frozen for the branch once the project is approved.
PLAN_FIELDS = (
    "title",
    "year",
    "category",
    "unit",
    "general_branch",
    "branch",
    "executors",
    "duration_months",
    "duration_reason",
)
# The closing report's fields, frozen for the branch once concluded.
REPORT_FIELDS = ("concluded_on", "expenses")
# Fields only panel members may write.
PANEL_FIELDS = ("approval", "midterm", "acceptance", "award")
# Once a project is concluded, its report (fields, section and media) is the panel's to change.
REPORT_FROZEN_FROM = Stage.CONCLUDED
# Once approved, the plan (fields and sections) is the panel's to change.
PLAN_FROZEN_AFTER = Stage.APPLIED
# Accepted projects compete for the year's awards; nominated and awarded ones count against the
# quota together.
AWARD_CANDIDATES = frozenset({Stage.ACCEPTED, Stage.NOMINATED, Stage.AWARDED})
# Stages in which a project holds `award`: nominated (its notice under way) or awarded.
AWARD_STAGES = frozenset({Stage.NOMINATED, Stage.AWARDED})


# ----------------------------------------------------------------------------- exports


def schema_parts() -> dict[str, Any]:
    """What the project schema says about stages, generated from this file: the `stage`
    property's values, Chinese labels and public list, and the `allOf` of stage-dependent
    requirements (one `if`/`then` per requirement, naming every stage that has it)."""
    requirements: list[Requirement] = []
    for stage in STAGES:
        requirements += [r for r in stage.requires if r not in requirements]
    all_of: list[dict[str, Any]] = []
    last: list[str] = []
    for req in requirements:
        having = [s.value for s in STAGES if req in s.requires]
        if req.key is None and having == last and "properties" not in all_of[-1]["then"]:
            all_of[-1]["then"]["required"].append(req.field)  # same stages: one requirement
            continue
        last = having
        cond: dict[str, Any] = {"const": having[0]} if len(having) == 1 else {"enum": having}
        then: dict[str, Any] = {"required": [req.field]}
        if req.key is not None:
            then["properties"] = {req.field: {"properties": {req.key: {"const": req.value}}}}
        all_of.append({"if": {"properties": {"stage": cond}, "required": ["stage"]}, "then": then})
    return {
        "stage": {
            "enum": [s.value for s in STAGES],
            "x-labels": {s.value: s.label for s in STAGES},
            "x-public": [s.value for s in STAGES if s.public],
        },
        "allOf": all_of,
    }


def spec() -> dict[str, Any]:
    """The programme definition as JSON-ready data, for the browser (the pages embed it)."""
    return {
        "stages": [
            {
                "id": s.value,
                "label": s.label,
                "public": s.public,
                "final": s.final,
                "rank": s.rank,
                "milestone": s.milestone,
            }
            for s in STAGES
        ],
        "sections": [
            {
                "heading": s.heading,
                "from_stage": s.from_stage.value,
                "hint": s.hint,
                "prompt": s.prompt,
                "prompt_line": prompt_line(s),
            }
            for s in SECTIONS
        ],
        "placeholder": PLACEHOLDER,
        "report_parts": list(REPORT_PARTS),
        "transitions": [
            {
                "source": t.source.value if t.source else None,
                "target": t.target.value,
                "actors": sorted(t.actors),
                "leader": t.leader,
                "without_notice_only": t.without_notice_only,
            }
            for t in TRANSITIONS
        ],
        "fields": {
            "plan": list(PLAN_FIELDS),
            "report": list(REPORT_FIELDS),
            "panel": list(PANEL_FIELDS),
        },
    }
