"""PS2xx: the front matter against schema/project.schema.json, with Chinese messages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.process import Stage
from site_builder.core.programme import FieldPath, Programme, SchemaInfo
from site_builder.core.project import Project
from site_builder.core.rule import Rule
from site_builder.rules.roster import branch_hint, general_branch_hint

ENUM = Rule(
    "PS201",
    "取值不在允许范围内",
    "该字段只能取规定的几个值之一\uff08如立项方向、阶段\uff09。消息中列出了可选值。",
)
REQUIRED = Rule(
    "PS202",
    "缺少必填字段",
    "每个阶段都有必须填写的字段\uff08见“数据格式”\uff09。例如已立项的项目必须有 `approval`\uff08立项评审\uff09。",
)
TYPE = Rule(
    "PS203",
    "类型不对",
    "字段的值类型不对\uff0c如应为整数却写成了文字。整数不要加引号或前导零\uff0c列表每项以 `- ` 开头。",
)
UNKNOWN = Rule(
    "PS204",
    "未知字段",
    "出现了数据格式中没有的字段\uff0c常见原因是拼写错误\uff0c或在 `{…}` 中的文字含有英文逗号而被拆开。",
)
LENGTH = Rule(
    "PS205",
    "长度不符",
    "文字的字数不在规定范围内\uff08如项目名称 4–40 个字符\uff0c项目简介 20–200 个字符\uff09。",
)
DATE = Rule(
    "PS206", "日期无效", "日期必须是真实存在的日期\uff0c写作 `YYYY-MM-DD`\uff0c如 `2026-05-08`。"
)
RANGE = Rule(
    "PS207", "数值超出范围", "数值必须在规定范围内\uff0c如计划周期 1–24 个月、金额大于 0。"
)
PATTERN = Rule(
    "PS208",
    "格式不符",
    "值的写法不符合规定格式\uff0c如编号只用小写字母、数字和连字符\uff0c金额最多两位小数。",
)
ITEMS = Rule(
    "PS209",
    "列表项数不符",
    "列表的项数不符合要求\uff08如至少一名项目执行者\uff09\uff0c或有重复项。",
)
OTHER = Rule("PS299", "不符合数据格式", "前置信息不符合数据格式的其他要求。")

_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true/false",
    "object": "`字段: 值` 映射",
    "array": "列表",
    "null": "空值",
}
_REQUIRED_RE = re.compile(r"^'(.+)' is a required property$")


def _type_of(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "整数"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    return "`字段: 值` 映射"


def _show(value: Any) -> str:
    text = str(value)
    return f"“{text if len(text) <= 30 else text[:30] + '…'}”"


def _choices(f: Found, values: list[Any]) -> str:
    labels = f.info.labels(f.path)
    return "、".join(f"{v}\uff08{labels[v]}\uff09" if v in labels else str(v) for v in values)


Translation = tuple[Rule, FieldPath, str, bool]


@dataclass(frozen=True)
class Found:
    """One jsonschema error with what every translator needs."""

    error: ValidationError
    info: SchemaInfo
    document: Any  # the whole front matter, for the stage
    path: FieldPath
    field: str  # the key path with its Chinese titles
    node: dict[str, Any]  # the schema node at the path

    @property
    def kind(self) -> str:
        return self.error.validator

    @property
    def value(self) -> Any:
        return self.error.instance

    @property
    def stage(self) -> str | None:
        stage = self.document.get("stage") if isinstance(self.document, dict) else None
        return stage if isinstance(stage, str) else None


def _required(f: Found) -> Translation:
    match = _REQUIRED_RE.match(f.error.message)
    missing = match.group(1) if match else "?"
    full = (*f.path, missing)
    why = ""
    stage = Stage.parse(f.stage)
    if (
        not f.path
        and stage is not None
        and missing not in f.info.always_required
        and stage in f.info.required_in(missing)
    ):  # required because of the stage (the programme definition says which)
        why = f"\uff08阶段为 {f.stage}\uff08{stage.label}\uff09时必填\uff09"
    where = f"在 {f.field} 下" if f.path else ""
    return (
        REQUIRED,
        full,
        f"缺少必填字段 {f.info.describe(full)}{why}。请{where}添加“{missing}: …”。",
        False,
    )


def _unknown(f: Found) -> Translation:
    properties = f.node.get("properties", {})
    extras = sorted(k for k in f.value if k not in properties)
    key = extras[0] if extras else "?"
    allowed = "、".join(properties)
    where = f"{f.field} 中" if f.path else ""
    # Keys that are not plain English words never get here: the loader refuses them (PF118).
    return (
        UNKNOWN,
        (*f.path, key),
        f"{where}出现未知字段“{key}”。请检查拼写\uff0c可用字段\uff1a{allowed}。",
        True,
    )


def _choice(f: Found) -> Translation:
    values = f.error.validator_value if f.kind == "enum" else [f.error.validator_value]
    choices = _choices(f, values)
    if f.kind == "const" and f.stage is not None:
        return (
            ENUM,
            f.path,
            f"阶段为 {f.stage}\uff08{f.info.label('stage', f.stage)}\uff09时\uff0c{f.field} 应为 "
            f"{choices}\uff0c实际为 {_show(f.value)}。请修改阶段或该字段。",
            False,
        )
    return (
        ENUM,
        f.path,
        f"{f.field}\uff1a{_show(f.value)} 不是允许的取值。可选\uff1a{choices}。",
        False,
    )


def _type(f: Found) -> Translation:
    expected = f.error.validator_value
    expected = expected if isinstance(expected, list) else [expected]
    want = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
    value = f.value
    hint = ""
    if "integer" in expected and isinstance(value, str) and value.lstrip("+-").isdigit():
        hint = "整数不要加引号\uff0c也不要有前导零。"
    elif "string" in expected and isinstance(value, int | bool):
        hint = "如需文字\uff0c请加引号。"
    elif "string" in expected and value is None:
        hint = "请在冒号后填写内容。"
    return (
        TYPE,
        f.path,
        f"{f.field} 应为{want}\uff0c实际为{_type_of(value)} {_show(value)}。{hint}",
        False,
    )


def _length(f: Found) -> Translation:
    low, high = f.node.get("minLength"), f.node.get("maxLength")
    span = f"{low}–{high} 个字符" if low is not None and high is not None else ""
    return LENGTH, f.path, f"{f.field} 有 {len(f.value)} 个字符\uff0c应为 {span}。请修改。", False


def _format(f: Found) -> Translation:
    # The schema's only checked format is "date" (the FormatChecker is built with just that).
    return (
        DATE,
        f.path,
        f"{f.field}\uff1a{_show(f.value)} 不是有效日期。请写作 YYYY-MM-DD\uff0c如 2026-05-08。",
        False,
    )


_BOUNDS = {
    "minimum": "不能小于",
    "maximum": "不能大于",
    "exclusiveMinimum": "必须大于",
    "exclusiveMaximum": "必须小于",
}


def _range(f: Found) -> Translation:
    words = _BOUNDS[f.kind]
    return RANGE, f.path, f"{f.field} 为 {f.value},{words} {f.error.validator_value}。", False


def _pattern(f: Found) -> Translation:
    desc = f.node.get("description", "")
    if (f.path and f.path[-1] == "date") or "date" in str(f.node.get("format", "")):
        desc = "日期请写作 YYYY-MM-DD\uff0c如 2026-05-08。"
    return PATTERN, f.path, f"{f.field}\uff1a{_show(f.value)} 的写法不符合要求。{desc}", False


def _items(f: Found) -> Translation:
    if f.kind == "uniqueItems":
        text = f"{f.field} 中有重复的项。请删除重复项。"
    elif f.kind == "minItems":
        text = f"{f.field} 至少要有 {f.error.validator_value} 项。"
    else:
        text = f"{f.field} 最多只能有 {f.error.validator_value} 项。"
    return ITEMS, f.path, text, False


def _other(f: Found) -> Translation:
    return OTHER, f.path, f"{f.field} 不符合数据格式要求\uff08{f.kind}\uff09。", False


# JSON Schema keyword -> its Chinese message. A keyword missing here gets the PS299 fallback;
# tests/test_schema_translators.py holds every keyword the schemas use to an entry.
TRANSLATORS: dict[str, Callable[[Found], Translation]] = {
    "required": _required,
    "additionalProperties": _unknown,
    "unevaluatedProperties": _unknown,
    "enum": _choice,
    "const": _choice,
    "type": _type,
    "minLength": _length,
    "maxLength": _length,
    "format": _format,
    **dict.fromkeys(_BOUNDS, _range),
    "pattern": _pattern,
    "minItems": _items,
    "maxItems": _items,
    "uniqueItems": _items,
}


def translate(error: ValidationError, info: SchemaInfo, document: Any) -> Translation:
    """A jsonschema error as (rule, field path, Chinese text, point at the key)."""
    path = tuple(error.absolute_path)
    found = Found(error, info, document, path, info.describe(path), info.node(path) or {})
    return TRANSLATORS.get(error.validator, _other)(found)


def _roster_hint(path: FieldPath, data: dict[str, Any], programme: Programme) -> str:
    """For an id that is not written like one: the ids to choose from, with their names."""
    if path == ("branch",):
        return branch_hint(programme.roster, data.get("general_branch"), data.get("branch"))
    return general_branch_hint(programme.roster, data.get("general_branch"))


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    info = programme.schema
    found = [translate(e, info, project.data) for e in info.validator.iter_errors(project.data)]
    # A field written under its Chinese name is also "missing": the rename fixes both.
    renamed = set()
    for rule, path, _, _ in found:
        english = info.key_for_title(str(path[-1]), path[:-1]) if rule is UNKNOWN else None
        if english is not None:
            renamed.add((*path[:-1], english))
    for rule, path, text, at_key in found:
        if rule is REQUIRED and path in renamed:
            continue
        if rule is PATTERN and path in (("branch",), ("general_branch",)):
            value = _show(project.data.get(str(path[0])))
            text = (
                f"{info.describe(path)}\uff1a{value} 不是编号\uff08编号只用小写字母\u3001数字和连字符\uff09\u3002"
                + _roster_hint(path, project.data, programme)
            )
        pos = project.key_pos(path) if at_key else project.pos(path)
        yield rule.at(project.path, pos, text, ".".join(map(str, path)) or None)
