"""The programme's process as data: stage order, required body sections, transitions and who may
make them, and which fields belong to whom. Read by the rules, the pull-request check and the docs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Actor = Literal["branch", "panel"]
NEW = None  # the "stage" of a file that does not exist yet

# Stages in which the project has got at least as far as the key stage.
REACHED: dict[str, frozenset[str]] = {
    "applied": frozenset(
        {
            "applied",
            "approved",
            "rejected",
            "midterm",
            "concluded",
            "accepted",
            "failed",
            "awarded",
            "withdrawn",
        }
    ),
    "midterm": frozenset({"midterm", "concluded", "accepted", "failed", "awarded"}),
    "concluded": frozenset({"concluded", "accepted", "failed", "awarded"}),
}


@dataclass(frozen=True)
class Section:
    heading: str
    from_stage: str
    hint: str


SECTIONS: tuple[Section, ...] = (
    Section("为什么开展活动", "applied", "为什么要开展这项活动"),
    Section("怎样开展活动", "applied", "活动形式、内容、时间安排和工作任务"),
    Section("预期目标", "applied", "要达到什么样的预期目标"),
    Section("中期进展", "midterm", "项目进展和阶段性小结"),
    Section("结题报告", "concluded", "取得成效、存在不足、经验做法与制度成果"),
)
HEADINGS = tuple(s.heading for s in SECTIONS)
# The plan: frozen for the branch once the project is approved, printed on the application form.
PLAN_SECTIONS = tuple(s.heading for s in SECTIONS if s.from_stage == "applied")

# Starts the prompt lines `new` writes under each heading; a body still holding one is unfinished.
PLACEHOLDER = "(待填写)"


def required_sections(stage: str) -> list[Section]:
    return [s for s in SECTIONS if stage in REACHED[s.from_stage]]


@dataclass(frozen=True)
class Transition:
    source: str | None  # None: a new file
    target: str
    actors: frozenset[Actor]


def _t(source: str | None, targets: str, *actors: Actor) -> list[Transition]:
    return [Transition(source, t, frozenset(actors)) for t in targets.split()]


TRANSITIONS: tuple[Transition, ...] = (
    *_t(NEW, "applied", "branch"),
    *_t("applied", "approved rejected", "panel"),
    *_t("approved", "midterm", "panel"),
    *_t("midterm", "concluded", "branch"),
    *_t("concluded", "accepted failed", "panel"),
    *_t("accepted", "awarded", "panel"),
    *_t("applied", "withdrawn", "branch", "panel"),
    *_t("approved", "withdrawn", "branch", "panel"),
    *_t("midterm", "withdrawn", "branch", "panel"),
)

FINAL_STAGES = frozenset({"rejected", "failed", "withdrawn", "awarded"})

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
# The closing report: what the acceptance scores, frozen for the branch once concluded.
REPORT_SECTIONS = tuple(s.heading for s in SECTIONS if s.from_stage == "concluded")
REPORT_FIELDS = ("concluded_on", "expenses")
# Fields only panel members may write.
PANEL_FIELDS = ("approval", "midterm", "acceptance", "award")


def transition(source: str | None, target: str) -> Transition | None:
    for t in TRANSITIONS:
        if t.source == source and t.target == target:
            return t
    return None
