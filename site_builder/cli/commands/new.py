"""`new`: create a new application file `projects/<year>/<slug>.md`, asking for what is missing.

Answers come from flags; what is missing is asked for (Chinese prompts from the schema) when
stdin is a terminal or `--interactive` is given. Without a terminal, missing answers end the
command with exit 2 and the list of flags to add: it never waits for input nobody can type.
The file is built in memory, loaded and checked with the core rules as it would stand in the
repository, and written (atomically, never over an existing file) only when it passes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from site_builder.cli.status import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from site_builder.core import questionnaire
from site_builder.core.errors import SiteBuilderError
from site_builder.core.files import write_atomic
from site_builder.core.process import PLACEHOLDER
from site_builder.core.programme import Programme
from site_builder.core.project import MAX_SLUG, Collection
from site_builder.core.tree import discover, parse_project
from site_builder.panel import scaffold
from site_builder.rules import dates, text_safety
from site_builder.rules.schema import translate
from site_builder.rules.sections import UNFINISHED
from site_builder.rules.validate import check_collection, check_project


class Invalid(SiteBuilderError):
    """An answer that cannot be used; the message is Chinese."""

    code = "SB701"


class Conflict(Invalid):
    """An answer that clashes with a file already in the repository (exit 1, not 2)."""

    code = "SB702"


class InputEnded(SiteBuilderError):
    """stdin ended while a question was open."""

    code = "SB703"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="新建申报项目文件",
        description=(
            "新建一个申报项目文件 projects/<年度>/<简称>.md\uff08阶段为 applied\uff0c已申报\uff09。"
            "未给出的信息会逐项提问\uff1b在非交互环境中\uff08如脚本\uff09缺少信息时列出需要补充的参数并退出。"
        ),
    )
    p.add_argument("--title", metavar="名称", help="项目名称\uff0c4–40 个字符")
    p.add_argument(
        "--category",
        metavar="方向",
        help="立项方向\uff1a英文编号\uff08如 service\uff09、序号 1–6 或中文名称",
    )
    p.add_argument(
        "--general-branch",
        metavar="党总支",
        help="所属党总支的编号\uff08见 data/roster.yml\uff09\uff0c如 gb-eng\uff1b给出 --branch 时可省略",
    )
    p.add_argument(
        "--branch",
        metavar="支部",
        help="项目所在支部的编号\uff08见 data/roster.yml\uff09\uff0c如 eng-teachers",
    )
    p.add_argument(
        "--unit", metavar="单位", help="项目所在单位\uff08默认为所属党总支名称去掉“党总支”\uff09"
    )
    p.add_argument("--secretary", metavar="姓名", help="支部书记姓名")
    p.add_argument(
        "--executors",
        metavar="姓名",
        help='项目执行者姓名\uff0c多人用逗号或顿号分隔\uff0c如 "张三\uff0c李四"',
    )
    p.add_argument("--summary", metavar="简介", help="项目简介\uff0c20–200 个字符的纯文字")
    p.add_argument(
        "--duration", metavar="月数", help="计划周期\uff08月\uff09\uff0c1–24\uff0c默认 12"
    )
    p.add_argument("--duration-reason", metavar="说明", help="计划周期超过 12 个月时的特殊情况说明")
    p.add_argument("--tags", metavar="关键词", help="可选\uff0c关键词\uff0c多个用逗号分隔")
    p.add_argument(
        "--year",
        metavar="年度",
        help="立项年度\uff08项目开始的学年\uff09\uff0c默认为填表日期的年份\uff0c一般不必给出",
    )
    p.add_argument("--applied-on", metavar="日期", help="填表日期 YYYY-MM-DD\uff0c默认今天")
    p.add_argument(
        "--slug",
        metavar="简称",
        help=f"简称\uff08文件名\uff09\uff1a小写字母\u3001数字和连字符\uff0c最多 {MAX_SLUG} 个字符"
        "\uff1b不填时用\u201c支部编号-年度-序号\u201d\uff0c如 eng-teachers-2026-01",
    )
    p.add_argument(
        "--yes", "-y", action="store_true", help="有默认值的项直接采用默认值\uff0c不再确认"
    )
    p.add_argument("--dry-run", action="store_true", help="只显示将要写入的内容\uff0c不写文件")
    # Ask even when stdin is not a terminal (answers piped in; used by the tests).
    p.add_argument("--interactive", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(run=run)


@dataclass
class Question:
    key: str  # answer key (a front-matter field, or "slug")
    flag: str
    prompt: str
    parse: Callable[[str], Any]  # text -> value, raises Invalid
    default: Callable[[], Any] | None = None  # None: no default; may return None
    shown: Callable[[Any], str] = str  # how a default is shown in the prompt
    needed: Callable[[], bool] = lambda: True
    optional: bool = False  # an empty answer means "none"
    after: str | None = None  # derived from this answer: not asked for before it is known


class Session:
    def __init__(self, args: argparse.Namespace, programme: Programme, root: Path) -> None:
        self.args = args
        self.programme = programme
        self.info = programme.schema
        self.roster = programme.roster
        self.root = root
        self.interactive = bool(args.interactive or sys.stdin.isatty())
        self.answers: dict[str, Any] = {}
        self.today = date.today()
        self.existing = discover(root)

    # ----- prompts from the schema ------------------------------------------------------------

    def field_problem(self, key: str, value: Any) -> str | None:
        """The schema's verdict on one field alone, in the core's Chinese wording."""
        for error in self.info.validator.iter_errors({key: value}):
            if error.absolute_path and error.absolute_path[0] == key:
                return translate(error, self.info, {key: value})[2]
        return None

    def checked(self, key: str, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and text_safety.has_markup(t) for t in texts):
            raise Invalid(text_safety.MESSAGES("PB406", field=self.info.describe((key,))))
        problem = self.field_problem(key, value)
        if problem:
            raise Invalid(problem.removesuffix("请修改。"))
        return value

    # ----- parsers ----------------------------------------------------------------------------

    def text(self, key: str) -> Callable[[str], str]:
        def parse(raw: str) -> str:
            value = raw.strip()
            if "\n" in value or "\t" in value:
                raise Invalid(f"{self.info.describe((key,))} 只能写一行\uff0c不能有换行或制表符。")
            return self.checked(key, value)

        return parse

    def category(self, raw: str) -> str:
        key = scaffold.parse_category(raw, self.info)
        if key is None:
            choices = "、".join(
                f"{k}\uff08{label}\uff09" for k, label in scaffold.category_choices(self.info)
            )
            raise Invalid(f"立项方向“{raw.strip()}”不是六个方向之一。可选\uff1a{choices}。")
        return key

    def names(self, key: str) -> Callable[[str], list[str]]:
        def parse(raw: str) -> list[str]:
            return self.checked(key, scaffold.split_names(raw))

        return parse

    def integer(self, key: str) -> Callable[[str], int]:
        def parse(raw: str) -> int:
            value = scaffold.parse_int(raw)
            if value is None:
                raise Invalid(
                    f"{self.info.describe((key,))} 应为整数\uff0c如 12\uff1b“{raw.strip()}”不是。"
                )
            return self.checked(key, value)

        return parse

    def date(self, key: str) -> Callable[[str], str]:
        def parse(raw: str) -> str:
            value = scaffold.parse_date(raw)
            if value is None:
                raise Invalid(
                    f"{self.info.describe((key,))}\uff1a“{raw.strip()}”不是有效日期。"
                    "请写作 YYYY-MM-DD\uff0c如 2026-05-08。"
                )
            return self.checked(key, value)

        return parse

    def slug(self, raw: str) -> str:
        slug = raw.strip()
        problem = scaffold.slug_problem(self.year(), slug)
        if problem:
            raise Invalid(problem)
        return slug

    # ----- the questions: the questionnaire /apply/ shows too, in its order ----------------

    def year(self) -> int:
        """The project's year: `--year`, else the year of the application's date."""
        if "year" in self.answers:
            return self.answers["year"]
        day = self.answers.get(questionnaire.YEAR_FROM)
        return int(day[:4]) if day else self.today.year

    def general_branch(self, raw: str) -> str:
        choices = dict(scaffold.general_branch_choices(self.roster))
        text = raw.strip()
        for number, (gid, name) in enumerate(choices.items(), 1):
            if text in (gid, str(number), name):
                return gid
        known = "、".join(f"{g}\uff08{name}\uff09" for g, name in choices.items())
        raise Invalid(f"名册 data/roster.yml 中没有党总支“{text}”。可选\uff1a{known}。")

    def branch_in_general(self, raw: str) -> str:
        gid = self.answers.get("general_branch")
        bid = scaffold.parse_branch(raw, self.roster, gid)
        if bid is None:
            known = "、".join(
                f"{b}\uff08{name}\uff09" for b, name, _ in scaffold.branch_choices(self.roster, gid)
            )
            where = (
                f"{self.roster.general_branches[gid].name}下" if gid else "名册 data/roster.yml 中"
            )
            raise Invalid(f"{where}没有支部“{raw.strip()}”。可选\uff1a{known}。")
        return bid

    def prompt(self, q: questionnaire.Question) -> str:
        head = f"{q.title}\uff08{q.key}\uff09\uff1a{q.help}"
        if q.key == "category":
            listing = "\n".join(
                f"  {n}. {k:<12} {label}"
                for n, (k, label) in enumerate(scaffold.category_choices(self.info), 1)
            )
            return f"{head}\n{listing}\n请输入序号或英文编号。"
        if q.key == "general_branch":
            listing = "\n".join(
                f"  {n}. {gid:<12} {name}"
                for n, (gid, name) in enumerate(scaffold.general_branch_choices(self.roster), 1)
            )
            return f"{head}\n{listing}\n请输入序号或党总支编号。"
        if q.key == "branch":
            gid = self.answers.get("general_branch")
            listing = "\n".join(
                f"  {n:>2}. {bid:<18} {name}\uff08{gb}\uff09"
                for n, (bid, name, gb) in enumerate(scaffold.branch_choices(self.roster, gid), 1)
            )
            return f"{head}\n{listing}\n请输入序号或支部编号。"
        if q.key == questionnaire.SLUG:
            return f"{head}各年度不得重复\uff0c如 {self.answers.get('branch', 'eng-teachers')}-red-study。"
        return head

    def parser(self, q: questionnaire.Question) -> Callable[[str], Any]:
        if q.key == "category":
            return self.category
        if q.key == "general_branch":
            return self.general_branch
        if q.key == "branch":
            return self.branch_in_general
        if q.key == questionnaire.SLUG:
            return self.slug
        return {
            "text": self.text,
            "long": self.text,
            "list": self.names,
            "int": self.integer,
            "date": self.date,
        }[q.parse](q.key)

    def questions(self) -> list[Question]:
        a = self.answers
        out = []
        for q in questionnaire.questions(self.programme):
            default: Callable[[], Any] | None = None
            after = None
            if q.default == "today":
                default = self.today.isoformat
            elif q.default is not None:
                value = q.default
                default = lambda value=value: value  # noqa: E731
            if q.key == "unit":
                default, after = (lambda: scaffold.default_unit(self.roster, a["branch"])), "branch"
            if q.key == questionnaire.SLUG:
                default, after = self.suggested_slug, "branch"
            needed: Callable[[], bool] = lambda: True  # noqa: E731
            if q.only_if_long:
                needed = lambda: a.get("duration_months", 12) > questionnaire.LONG_PLAN_MONTHS  # noqa: E731
            if q.key == "general_branch":
                # Derived from the branch when that is given; asked first only in a terminal.
                needed = lambda: (  # noqa: E731
                    self.args.general_branch is not None
                    or (self.args.branch is None and self.interactive)
                )
            optional = not q.required
            if q.parse == "list" and optional:
                default = list
            out.append(
                Question(
                    q.key,
                    q.flag,
                    self.prompt(q),
                    self.parser(q),
                    default=default,
                    shown=(lambda v: "、".join(v) or "无") if q.parse == "list" else str,
                    needed=needed,
                    optional=optional,
                    after=after,
                )
            )
        return out

    # ----- asking -----------------------------------------------------------------------------

    def ask(self, q: Question, default: Any) -> Any:
        hint = ""
        if default is not None:
            hint = f"[直接回车采用\uff1a{q.shown(default)}]"
        print(f"\n{q.prompt}{hint}", flush=True)
        while True:
            try:
                raw = input("> ")
            except EOFError:
                raise InputEnded(q.flag) from None
            if not raw.strip():
                if default is not None:
                    return default
                if q.optional:
                    return []
                print("此项必填\uff0c请输入。", flush=True)
                continue
            try:
                value = q.parse(raw)
                if q.key == "slug":
                    self.slug_free(value)
                return value
            except Invalid as exc:
                print(f"{exc}请重新输入。", flush=True)

    def suggested_slug(self) -> str | None:
        """`<branch>-<year>-NN` with the first NN no file in any year uses (PR309)."""
        year = self.year()
        taken = {p.rsplit("/", 1)[-1].removesuffix(".md") for p in self.existing}
        for number in range(1, 100):
            slug = f"{self.answers['branch']}-{year}-{number:02d}"
            if slug in taken or (self.root / scaffold.project_path(year, slug)).exists():
                continue
            return None if scaffold.slug_problem(year, slug) else slug
        return None

    def slug_free(self, slug: str) -> None:
        """Raise Conflict when the file exists or the slug is taken in any year (PR309)."""
        rel = scaffold.project_path(self.year(), slug)
        target = self.root / rel
        if target.exists() or target.is_symlink():
            raise Conflict(f"文件 {rel} 已存在\uff0c不会覆盖。请换一个简称\uff0c或直接编辑该文件。")
        same = [p for p in self.existing if p.rsplit("/", 1)[-1] == f"{slug}.md"]
        if same:
            raise Conflict(
                f"简称 {slug} 已被 {'、'.join(same)} 使用。简称在所有年度中必须唯一"
                "\uff08PR309\uff09\uff0c它决定项目网页的固定地址。请换一个简称。"
            )

    def collect(self) -> tuple[list[str], list[str]]:
        """Fill `answers`; return (problems with given flags, flags still missing)."""
        problems: list[str] = []
        missing: list[str] = []
        args = vars(self.args)
        if self.args.year is not None:
            try:
                self.answers["year"] = self.integer("year")(self.args.year)
            except Invalid as exc:
                problems.append(f"--year:{exc}")
        for q in self.questions():
            if not q.needed():
                continue
            raw = args.get(q.flag.removeprefix("--").replace("-", "_"))
            if raw is None and q.after and q.after not in self.answers:
                continue  # derived from an answer that is missing: that one is reported
            known = not q.after or q.after in self.answers
            default = q.default() if q.default and known else None
            if raw is not None and not raw.strip() and default is not None:
                value = default  # `--slug ""`: the suggestion, as an empty answer takes it
            elif raw is not None:
                try:
                    value = q.parse(raw) if raw.strip() or not q.optional else []
                except Invalid as exc:
                    problems.append(f"{q.flag}:{exc}")
                    continue
            elif self.interactive and not (self.args.yes and default is not None):
                value = self.ask(q, default)
            elif default is not None:
                value = default
            elif q.optional:
                value = []
            else:
                missing.append(q.flag)
                continue
            self.answers[q.key] = value
        return problems, missing

    def values(self) -> dict[str, Any]:
        a = dict(self.answers)
        a.pop("slug")
        a["year"] = self.year()
        a["general_branch"] = self.roster.branches[a["branch"]].general_branch
        return a


def _window_warning(values: dict[str, Any], programme: Programme) -> str | None:
    """A reminder when the application date lies outside the year's application window (the
    panel's report lists such applications too)."""
    where = dates.MESSAGES("PR304.where_file", key=questionnaire.YEAR_FROM)
    return dates.window_warning(values[questionnaire.YEAR_FROM], values["year"], programme, where)


def _next_steps(rel: str, values: dict[str, Any], programme: Programme) -> list[str]:
    roster = programme.roster
    branch = roster.branches[values["branch"]]
    heads = roster.general_branches[branch.general_branch].heads
    who = "、".join([*branch.maintainers, *heads]) or "\uff08名册中未登记\uff09"
    slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
    return [
        "下一步\uff1a",
        f"1. 打开 {rel}\uff0c把三个章节中以\u201c{PLACEHOLDER}\u201d开头的提示行换成正文内容\uff1b"
        f"改完后运行 python -m site_builder validate {rel} 再检查一次。",
        f"2. 在新分支上提交\uff1agit switch -c apply-{values['year']}-{slug} && git add {rel} && "
        f'git commit -m "申报\uff1a{values["title"]}"',
        "3. 推送分支\uff0c开启拉取请求\uff08Pull Request\uff09\uff0c在网址末尾加上 ?template=apply.md "
        "使用“申报”模板\uff0c逐项核对。",
        f"   提交人须为本支部维护人或所属党总支负责人\uff08{who}\uff09\uff0c合并前须经评审组成员批准。",
    ]


def run(args: argparse.Namespace) -> int:

    root = Path(args.root).resolve()
    programme = Programme.load(root)
    session = Session(args, programme, root)
    try:
        problems, missing = session.collect()
    except InputEnded as exc:
        sys.stderr.write(f"输入已结束\uff0c尚未回答 {exc.args[0]}。未创建文件。\n")
        return EXIT_USAGE
    if problems or missing:
        lines = [*problems]
        if missing:
            lines.append(
                "缺少以下信息\uff08当前不是交互式终端\uff0c无法提问\uff09\uff1a"
                + " ".join(missing)
                + "。请用这些参数补充\uff0c或在终端中运行以逐项回答。"
            )
        sys.stderr.write("用法错误\uff1a" + "\n".join(lines) + "\n未创建文件。\n")
        return EXIT_USAGE

    try:
        session.slug_free(session.answers["slug"])
    except Conflict as exc:
        sys.stderr.write(f"{exc}\n未创建文件。\n")
        return EXIT_FINDINGS

    values = session.values()
    text = scaffold.render(values, programme.schema)
    rel = scaffold.project_path(values["year"], session.answers["slug"])

    # Judge the file as it would stand in the repository, before anything is written.
    project, found = parse_project(rel, text.encode("utf-8"))
    if project is not None:
        found.extend(check_project(project, programme))
        collection = Collection(sorted({*session.existing, rel}), [project])
        found.extend(d for d in check_collection(collection, programme) if d.path == rel)
    # The prompt lines are meant to be there until the branch writes its plan (PB407).
    found = [d for d in found if d.code != UNFINISHED.code]
    errors = [d for d in found if d.severity == "error"]
    for d in found:
        print(d.text())
    if errors:
        sys.stderr.write(
            f"按以上信息生成的 {rel} 未通过检查\uff08{len(errors)} 个错误\uff09\uff0c未创建文件。\n"
        )
        return EXIT_FINDINGS

    reminder = _window_warning(values, programme)
    if reminder:
        print(reminder)

    if args.dry_run:
        sys.stdout.write(text)
        print(f"\uff08试运行\uff1a未写入 {rel}\uff09")
        return EXIT_OK

    if session.interactive and not args.yes:
        print(f"\n将写入 {rel}:\n\n{text}")
        try:
            answer = input("确认写入\uff1f[Y/n] ").strip().lower()
        except EOFError:
            answer = "n"
        if answer not in ("", "y", "yes", "是", "确认"):
            print("已取消\uff0c未创建文件。")
            return EXIT_FINDINGS

    try:
        write_atomic(root / rel, text.encode("utf-8"), overwrite=False)
    except FileExistsError:
        sys.stderr.write(f"文件 {rel} 已存在\uff0c不会覆盖。未创建文件。\n")
        return EXIT_FINDINGS
    warnings = len(found)
    print(
        f"已创建 {rel}\uff08阶段\uff1aapplied 已申报\uff09"
        + (f"\uff0c有 {warnings} 个警告\uff08见上\uff09" if warnings else "")
        + "\u3002"
    )
    print(
        f"现在还不能提交\uff1a各章节下以\u201c{PLACEHOLDER}\u201d开头的提示行必须换成你们的实际内容"
        "\uff0c否则检查会报 PB407 错误\uff0c拉取请求不能合并\u3002"
    )
    for step in _next_steps(rel, values, programme):
        print(step)
    return EXIT_OK
