"""The application's questionnaire: the one list of questions the `new` command asks and the online
form /apply/ shows, in the same order, with the same titles, help, parsing and defaults.

Titles and limits are the schema's (via the Programme); the words here are only what a person
needs to answer well. Pure data: the command line turns each question into a prompt and a parser,
the showcase into a labelled control and the page's definitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from site_builder.core.programme import Programme
from site_builder.core.project import MAX_SLUG

Parse = Literal["text", "long", "list", "date", "int", "choice"]

SLUG = "slug"
# Above this many months a plan needs a reason (rule PR303; the policy's one academic year).
LONG_PLAN_MONTHS = 12
# The field the project's year (立项年度) is taken from: the year of the application's date.
YEAR_FROM = "applied_on"
SPLIT_HINT = "每行写一项\uff0c也可以用逗号、顿号或分号隔开。"

# (key, the `new` command's option, how the answer is read), in the order both ask.
_ORDER: tuple[tuple[str, str, Parse], ...] = (
    ("title", "--title", "text"),
    ("category", "--category", "choice"),
    ("general_branch", "--general-branch", "choice"),
    ("branch", "--branch", "choice"),
    ("unit", "--unit", "text"),
    ("secretary", "--secretary", "text"),
    ("executors", "--executors", "list"),
    ("applied_on", "--applied-on", "date"),
    ("summary", "--summary", "long"),
    ("duration_months", "--duration", "int"),
    ("duration_reason", "--duration-reason", "long"),
    ("tags", "--tags", "list"),
    (SLUG, "--slug", "text"),
)

# Help where the schema's description speaks of editing the file by hand.
_HELP = {
    "general_branch": "选择项目所属的党总支\uff08名单由维护者登记\uff09。",
    "branch": "只列出所选党总支下属的党支部。",
    "unit": "选择党总支后自动填入\uff0c可以修改。",
    "executors": "项目执行者的姓名\uff0c至少一人。" + SPLIT_HINT,
    "tags": "可选\uff0c若干个简短的关键词\uff0c用于网站的标签。" + SPLIT_HINT,
    "applied_on": "写作 YYYY-MM-DD\uff0c默认为今天。立项年度由它决定。",
    "duration_months": (
        f"计划用几个月完成\uff0c默认 12 个月\uff1b超过 {LONG_PLAN_MONTHS} 个月须填写特殊情况说明。"
    ),
    SLUG: (
        f"项目网页网址中的英文简称\uff0c也是项目文件的名字\uff1a只用小写字母、数字和连字符\uff0c最多 {MAX_SLUG} 个字符\uff0c"
        "已按“支部编号-年度-序号”给出建议\uff0c可以修改。"
    ),
}
SLUG_TITLE = "项目简称\uff08网址中的英文简称\uff09"


@dataclass(frozen=True)
class Question:
    key: str  # a front-matter field, or "slug" (the file name)
    flag: str  # the `new` command's option
    parse: Parse
    title: str  # the schema's title
    help: str
    required: bool
    # "today" for a date, a number, or None; the slug's and the unit's are derived from the branch
    default: str | int | None = None
    choices: tuple[tuple[str, str], ...] = field(default=())  # (value, label) of a fixed choice
    # Asked only when the plan is longer than LONG_PLAN_MONTHS (duration_reason).
    only_if_long: bool = False


def questions(programme: Programme) -> tuple[Question, ...]:
    """The application's questions in order."""
    info = programme.schema
    required = set(info.schema.get("required", []))
    out = []
    for key, flag, parse in _ORDER:
        node = info.node((key,)) or {}
        choices: tuple[tuple[str, str], ...] = ()
        if key == "category":
            choices = tuple(info.categories.items())
        elif key == "general_branch":
            choices = tuple((gb.id, gb.name) for gb in programme.roster.general_branches.values())
        default: str | int | None = None
        if parse == "date":
            default = "today"
        elif "default" in node:
            default = node["default"]
        out.append(
            Question(
                key=key,
                flag=flag,
                parse=parse,
                title=SLUG_TITLE if key == SLUG else node.get("title", key),
                help=_HELP.get(key, node.get("description", "")),
                required=key in required or key in (SLUG, "duration_reason"),
                default=default,
                choices=choices,
                only_if_long=key == "duration_reason",
            )
        )
    return tuple(out)


def spec(programme: Programme) -> list[dict[str, object]]:
    """The questions as JSON-ready data for the browser."""
    return [
        {
            "key": q.key,
            "parse": q.parse,
            "title": q.title,
            "help": q.help,
            "required": q.required,
            "default": q.default,
        }
        for q in questions(programme)
    ]
