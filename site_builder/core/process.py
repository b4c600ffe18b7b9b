"""The programme's process as data: stage order, required body sections, transitions and who may
make them, and which fields belong to whom. Read by the rules, the pull-request check and the docs.
"""

from __future__ import annotations

import re
import unicodedata
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
    hint: str  # what the section holds, in a few words (messages, the data-format page)
    prompt: str  # what `new`, the guide's template and the online form ask for under the heading


# The closing report's three parts (the policy's words); the stage-materials form asks for each.
REPORT_PARTS = ("取得成效", "存在不足", "经验做法与制度成果")

SECTIONS: tuple[Section, ...] = (
    Section(
        "为什么开展活动",
        "applied",
        "为什么要开展这项活动",
        "写明开展这项活动的原因\uff1a本支部的实际情况\u3001要解决的问题\u3001与学院中心工作的联系",
    ),
    Section(
        "怎样开展活动",
        "applied",
        "活动形式\u3001内容\u3001时间安排和工作任务",
        "写明活动形式\u3001主要内容\u3001时间安排和每项工作任务的负责人",
    ),
    Section(
        "预期目标",
        "applied",
        "要达到什么样的预期目标",
        "写明要达到的具体目标\uff0c尽量可以检查\uff0c如次数\u3001人数\u3001形成的制度或成果",
    ),
    Section("中期进展", "midterm", "项目进展和阶段性小结", "写明项目进展和阶段性小结"),
    Section(
        "结题报告", "concluded", "\u3001".join(REPORT_PARTS), "写明" + "\u3001".join(REPORT_PARTS)
    ),
)
HEADINGS = tuple(s.heading for s in SECTIONS)
# The plan: frozen for the branch once the project is approved, printed on the application form.
PLAN_SECTIONS = tuple(s.heading for s in SECTIONS if s.from_stage == "applied")

# Starts the prompt lines written under each heading; a body still holding one is unfinished.
PLACEHOLDER = "\uff08待填写\uff09"


def prompt_line(section: Section) -> str:
    """The one prompt line under `section`'s heading: `new` writes it, the guide's template shows
    it (a test holds the two equal) and the online form offers it; PB407 refuses it."""
    return f"{PLACEHOLDER}{section.prompt}\u3002写好后删除本行\u3002"


def _letters(text: str) -> str:
    """Letters and digits only: a prompt is recognised whatever its brackets and punctuation."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


_PROMPTS = tuple(_letters(s.prompt) for s in SECTIONS)
_MARK = _letters(PLACEHOLDER)  # 待填写
# The placeholder at the start of a line in round (either width), square or lenticular brackets.
_PLACEHOLDER_START = re.compile(
    "\\s*[(\uff08\\[\u3010\u3014]\\s*" + _MARK + "\\s*[)\uff09\\]\u3011\u3015]"
)
# A cheap test before the letters are compared: every prompt's first two letters.
_MAYBE = re.compile("|".join(sorted({re.escape(p[:2]) for p in _PROMPTS} | {_MARK})))


def is_prompt(line: str) -> bool:
    """Whether `line` is a prompt line left as given (any bracket style, any punctuation)."""
    if not _MAYBE.search(line):
        return False
    if _PLACEHOLDER_START.match(line):
        return True
    letters = _letters(line)
    return letters == _MARK or any(p in letters for p in _PROMPTS)


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


# PB407's test piece by piece, for the online forms' copy of it (showcase/forms_pages.py).
PROMPT_LETTERS = _PROMPTS
PROMPT_MARK = _MARK
PLACEHOLDER_START = _PLACEHOLDER_START
PROMPT_MAYBE = _MAYBE
