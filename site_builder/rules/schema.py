"""PS2xx: the front matter against schema/project.schema.json, with Chinese messages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.messages import Catalogue
from site_builder.core.programme import FieldPath, Programme, SchemaInfo
from site_builder.core.project import Project
from site_builder.core.rule import Rule
from site_builder.rules.roster import branch_hint, general_branch_hint

if TYPE_CHECKING:  # imported only when a document fails the compiled check
    from jsonschema.exceptions import ValidationError

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

MESSAGES = Catalogue(
    {
        "PS201": "{field}\uff1a\u201c{value}\u201d不是允许的取值\u3002可选\uff1a{choices}\u3002",
        "PS201.stage": "阶段为 {stage}\uff08{label}\uff09时\uff0c{field} 应为 {choices}\uff0c实际为\u201c{value}\u201d\u3002请修改阶段或该字段\u3002",
        "PS202": "缺少必填字段 {field}{why}\u3002请{where}添加\u201c{key}: \u2026\u201d\u3002",
        "PS202.why": "\uff08阶段为 {stage}\uff08{label}\uff09时必填\uff09",
        "PS202.where": "在 {parent} 下",
        "PS203": "{field} 应为{want}\uff0c实际为{actual} \u201c{value}\u201d\u3002{hint}",
        "PS203.quoted_integer": "整数不要加引号\uff0c也不要有前导零\u3002",
        "PS203.needs_quotes": "如需文字\uff0c请加引号\u3002",
        "PS203.empty": "请在冒号后填写内容\u3002",
        "PS204": "{where}出现未知字段\u201c{key}\u201d\u3002请检查拼写\uff0c可用字段\uff1a{allowed}\u3002",
        "PS204.where": "{parent} 中",
        "PS205": "{field} 有 {length} 个字符\uff0c应为 {span}\u3002请修改\u3002",
        "PS205.span": "{low}\u2013{high} 个字符",
        "PS206": "{field}\uff1a\u201c{value}\u201d不是有效日期\u3002请写作 YYYY-MM-DD\uff0c如 2026-05-08\u3002",
        "PS207": "{field} 为 {value}\uff0c{bound} {limit}\u3002",
        "PS208": "{field}\uff1a\u201c{value}\u201d的写法不符合要求\u3002{description}",
        "PS208.date": "日期请写作 YYYY-MM-DD\uff0c如 2026-05-08\u3002",
        "PS208.id": "{field}\uff1a\u201c{value}\u201d不是编号\uff08编号只用小写字母\u3001数字和连字符\uff09\u3002{hint}",
        "PS209.unique": "{field} 中有重复的项\u3002请删除重复项\u3002",
        "PS209.min": "{field} 至少要有 {limit} 项\u3002",
        "PS209.max": "{field} 最多只能有 {limit} 项\u3002",
        "PS299": "{field} 不符合数据格式要求\uff08{keyword}\uff09\u3002",
    }
)

# A value quoted in a message: at most this many characters, then an ellipsis.
SHOW = 30

TYPE_NAMES = {
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
    """A value as a message quotes it (the template adds the quotation marks)."""
    text = str(value)
    return text if len(text) <= SHOW else text[:SHOW] + "\u2026"


def _choices(f: Found, values: list[Any]) -> str:
    labels = f.info.labels(f.path)
    return "\u3001".join(f"{v}\uff08{labels[v]}\uff09" if v in labels else str(v) for v in values)


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
    if "then" in f.error.relative_schema_path and f.stage is not None:
        why = MESSAGES("PS202.why", stage=f.stage, label=f.info.label("stage", f.stage))
    where = MESSAGES("PS202.where", parent=f.field) if f.path else ""
    text = MESSAGES("PS202", field=f.info.describe(full), why=why, where=where, key=missing)
    return REQUIRED, full, text, False


def _unknown(f: Found) -> Translation:
    properties = f.node.get("properties", {})
    extras = sorted(k for k in f.value if k not in properties)
    key = extras[0] if extras else "?"
    where = MESSAGES("PS204.where", parent=f.field) if f.path else ""
    # Keys that are not plain English words never get here: the loader refuses them (PF118).
    text = MESSAGES("PS204", where=where, key=key, allowed="\u3001".join(properties))
    return UNKNOWN, (*f.path, key), text, True


def _choice(f: Found) -> Translation:
    values = f.error.validator_value if f.kind == "enum" else [f.error.validator_value]
    choices = _choices(f, values)
    if f.kind == "const" and f.stage is not None:
        label = f.info.label("stage", f.stage)
        text = MESSAGES(
            "PS201.stage",
            stage=f.stage,
            label=label,
            field=f.field,
            choices=choices,
            value=_show(f.value),
        )
        return ENUM, f.path, text, False
    return (
        ENUM,
        f.path,
        MESSAGES("PS201", field=f.field, value=_show(f.value), choices=choices),
        False,
    )


def type_hint(expected: list[str], value: Any) -> str:
    """The PS203 hint's variant for `value` where `expected` types were wanted, or ""."""
    if "integer" in expected and isinstance(value, str) and value.lstrip("+-").isdigit():
        return "quoted_integer"
    if "string" in expected and isinstance(value, int | bool):
        return "needs_quotes"
    if "string" in expected and value is None:
        return "empty"
    return ""


def _type(f: Found) -> Translation:
    expected = f.error.validator_value
    expected = expected if isinstance(expected, list) else [expected]
    want = "或".join(TYPE_NAMES.get(t, t) for t in expected)
    variant = type_hint(expected, f.value)
    hint = MESSAGES(f"PS203.{variant}") if variant else ""
    text = MESSAGES(
        "PS203", field=f.field, want=want, actual=_type_of(f.value), value=_show(f.value), hint=hint
    )
    return TYPE, f.path, text, False


def _length(f: Found) -> Translation:
    low, high = f.node.get("minLength"), f.node.get("maxLength")
    span = (
        MESSAGES("PS205.span", low=low, high=high) if low is not None and high is not None else ""
    )
    return LENGTH, f.path, MESSAGES("PS205", field=f.field, length=len(f.value), span=span), False


def _format(f: Found) -> Translation:
    # The schema's only checked format is "date" (the FormatChecker is built with just that).
    return DATE, f.path, MESSAGES("PS206", field=f.field, value=_show(f.value)), False


BOUNDS = {
    "minimum": "不能小于",
    "maximum": "不能大于",
    "exclusiveMinimum": "必须大于",
    "exclusiveMaximum": "必须小于",
}


def _range(f: Found) -> Translation:
    text = MESSAGES(
        "PS207", field=f.field, value=f.value, bound=BOUNDS[f.kind], limit=f.error.validator_value
    )
    return RANGE, f.path, text, False


def is_date_field(path: FieldPath, node: dict[str, Any]) -> bool:
    return bool(path and path[-1] == "date") or "date" in str(node.get("format", ""))


def _pattern(f: Found) -> Translation:
    desc = f.node.get("description", "")
    if is_date_field(f.path, f.node):
        desc = MESSAGES("PS208.date")
    text = MESSAGES("PS208", field=f.field, value=_show(f.value), description=desc)
    return PATTERN, f.path, text, False


def _items(f: Found) -> Translation:
    variant = {"uniqueItems": "unique", "minItems": "min"}.get(f.kind, "max")
    text = MESSAGES(f"PS209.{variant}", field=f.field, limit=f.error.validator_value)
    return ITEMS, f.path, text, False


def _other(f: Found) -> Translation:
    return OTHER, f.path, MESSAGES("PS299", field=f.field, keyword=f.kind), False


# JSON Schema keyword -> its rule and its Chinese message. A keyword missing here gets the PS299
# fallback; tests/test_schema_translators.py holds every keyword the schemas use to an entry. The
# browser translates its library's errors with the same table (rules/pack.py exports it).
KEYWORDS: dict[str, tuple[Rule, Callable[[Found], Translation]]] = {
    "required": (REQUIRED, _required),
    "additionalProperties": (UNKNOWN, _unknown),
    "unevaluatedProperties": (UNKNOWN, _unknown),
    "enum": (ENUM, _choice),
    "const": (ENUM, _choice),
    "type": (TYPE, _type),
    "minLength": (LENGTH, _length),
    "maxLength": (LENGTH, _length),
    "format": (DATE, _format),
    **dict.fromkeys(BOUNDS, (RANGE, _range)),
    "pattern": (PATTERN, _pattern),
    "minItems": (ITEMS, _items),
    "maxItems": (ITEMS, _items),
    "uniqueItems": (ITEMS, _items),
}
TRANSLATORS: dict[str, Callable[[Found], Translation]] = {k: v[1] for k, v in KEYWORDS.items()}
KEYWORD_RULES: dict[str, Rule] = {k: v[0] for k, v in KEYWORDS.items()}
# Fields holding a roster id: a value not written like an id gets the roster's ids as a hint.
ID_FIELDS: tuple[FieldPath, ...] = (("branch",), ("general_branch",))


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
        if rule is PATTERN and path in ID_FIELDS:
            text = MESSAGES(
                "PS208.id",
                field=info.describe(path),
                value=_show(project.data.get(str(path[0]))),
                hint=_roster_hint(path, project.data, programme),
            )
        pos = project.key_pos(path) if at_key else project.pos(path)
        yield rule.at(project.path, pos, text, ".".join(map(str, path)) or None)
