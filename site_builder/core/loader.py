"""Strict reading of one project file: front matter (YAML) with source positions, and the body.

The front matter is cut out with exactly the expression MkDocs uses, so the validator and the site
never read a file differently. PyYAML's C parser produces events; we build the values ourselves so
that nothing is typed implicitly except true/false, decimal integers and null, and so that anchors,
aliases, tags, duplicate keys, keys that are not plain lower-case words, and deep nesting are
refused with a position.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml import events as ev
from yaml.cyaml import CParser

from site_builder.core import file_rules as pf
from site_builder.core.diagnostics import line_col
from site_builder.core.errors import SiteBuilderError
from site_builder.core.messages import Catalogue
from site_builder.core.rule import Rule
from site_builder.core.safetext import UNSAFE

MAX_BYTES = 256 * 1024
MAX_DEPTH = 10

# mkdocs.utils.meta.YAML_RE, copied so the core does not import MkDocs (a test keeps them equal).
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)

# C0/C1 controls except tab and newline, bidirectional embeddings/overrides/isolates, line and
# paragraph separators and a stray byte-order mark.
# (U+FFFE and U+FFFF are no characters at all: YAML's reader refuses them, and so do we, by name.)
BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff"
    "\ufffe\uffff]"
)
# What a double-quoted value may not decode to: the same characters, a carriage return (a raw one
# is a line break; one written as an escape would stay in the value) and what XML forbids.
_BAD_DECODED = UNSAFE
# The escapes of a double-quoted YAML scalar, as the parser decodes them (YAML 1.1, PyYAML).
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
# The loader's messages that the online forms also give (the rule pack carries them).
MESSAGES = Catalogue(
    {
        "PF101": "文件大小为 {kib} KiB\uff0c超过上限 {limit} KiB。请精简正文。",
        "PF103": "含有不可见的控制字符 {char}。请删除该字符\uff08可删掉该处前后的文字重新输入\uff09。",
    }
)
INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")
# How every key is written, at every level: what a reviewer reads is what the tools read (no
# quotes, escapes or tags), so a text search for a key finds every file that has it.
_KEY = re.compile(r"[a-z_][a-z0-9_]*")
_KEY_MATCH = _KEY.fullmatch

Path = tuple[str | int, ...]
Pos = tuple[int, int]
# (parent path, refused key) -> a Chinese explanation, or None.
KeyHint = Callable[[Path, str], str | None]

_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现“冒号+空格”\uff1b含冒号的文字请整体加引号",
    "mapping values are not allowed in this context": "此处不能出现“冒号+空格”\uff1b含冒号的文字请整体加引号",
    "could not find expected ':'": "缺少冒号\uff0c或上一行的引号/括号没有闭合",
    "did not find expected key": "缩进不一致\uff0c或上一项没有正确结束",
    "found character that cannot start any token": "出现了不能作为开头的字符\uff08如制表符或 @、`\uff09",
    "found undefined alias": "使用了未定义的别名",
    "did not find expected node content": "缺少值",
    "found unexpected end of stream": "引号或括号没有闭合",
    "found unexpected ':'": "多余的冒号\uff1b含冒号的文字请整体加引号",
    "did not find expected ',' or ']'": "方括号列表没有正确结束\uff0c或其中的文字含有英文逗号",
    "did not find expected ',' or '}'": "花括号没有正确结束\uff0c或其中的文字含有英文逗号",
    "found a tab character that violates indentation": "缩进中使用了制表符\uff0c请改用空格",
    "found a tab character where an indentation space is expected": "缩进中使用了制表符\uff0c请改用空格",
    "did not find expected '-' indicator": "列表缩进不一致",
    "found unknown escape character": "双引号中的反斜杠转义无效\uff0c可改用单引号",
    "found duplicate anchor": "锚点重复",
}


class LoadError(SiteBuilderError):
    """A file that cannot be read as a project; carries the rule (whose code is the error's)
    and a 1-based position."""

    def __init__(self, rule: Rule, message: str, pos: Pos = (1, 1)) -> None:
        super().__init__(message)
        self.rule = rule
        self.code = rule.code
        self.message = message
        self.pos = pos


@dataclass(slots=True)
class Document:
    """A loaded file: plain values plus where each value and each key stands in the file."""

    data: dict[str, Any]
    body: str
    body_line: int
    value_pos: dict[Path, Pos] = field(default_factory=dict)
    key_pos: dict[Path, Pos] = field(default_factory=dict)


def decode(raw: bytes) -> str:
    """Bytes to text as MkDocs reads them (utf-8-sig, universal newlines), strictly."""
    if len(raw) > MAX_BYTES:
        raise LoadError(
            pf.TOO_LARGE,
            MESSAGES("PF101", kib=len(raw) // 1024, limit=MAX_BYTES // 1024),
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = line_col(raw, exc.start)
        raise LoadError(
            pf.NOT_UTF8,
            f"第 {exc.start + 1} 个字节不是有效的 UTF-8 编码。请用 UTF-8 编码重新保存文件"
            "\uff08GitHub 网页编辑器默认即为 UTF-8\uff09。",
            (line, col),
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = BAD_CHARS.search(text)
    if bad:
        line, col = line_col(text, bad.start())
        raise LoadError(
            pf.BAD_CHAR,
            MESSAGES("PF103", char=f"U+{ord(bad.group()):04X}"),
            (line, col),
        )
    return text


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter source, body, 1-based line where the body starts)."""
    match = FRONT_MATTER_RE.match(text)
    if match is None:
        first = text.split("\n", 1)[0]
        if re.fullmatch(r"-{3}[ \t]*", first):
            rest = text.split("\n", 1)[1] if "\n" in text else ""
            if re.match(r"(?:\.{3}|-{3})[ \t]*(?:\n|$)", rest):
                raise LoadError(pf.EMPTY, "前置信息为空。请在两行 --- 之间填写项目信息。")
            raise LoadError(
                pf.UNCLOSED,
                "前置信息以 --- 开始\uff0c但没有找到结束的 --- 行。请在项目信息之后加一行 ---\uff08其后换行\uff09。",
            )
        raise LoadError(
            pf.NO_FRONT_MATTER,
            "文件第一行不是 ---\uff0c缺少项目信息。请在文件开头加入以 --- 开始和结束的项目信息。",
        )
    source = match.group(1)
    body_line = text.count("\n", 0, match.end()) + 1
    return source, text[match.end() :], body_line


def load_text(text: str, key_hint: KeyHint | None = None) -> Document:
    """`key_hint(parent path, key)` may explain a key the loader refuses (the schema knows the
    fields' Chinese names; the loader does not)."""
    source, body, body_line = split_front_matter(text)
    builder = _Builder(key_hint)
    try:
        data = builder.run(source)
    except LoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        slip = colon_slip(source, mark.line if mark else None)
        if slip:
            raise LoadError(pf.SYNTAX, slip[0], (slip[1] + 2, slip[2] + 1)) from None
        pos = (mark.line + 2, mark.column + 1) if mark else (2, 1)
        problem = (exc.problem or exc.context or "").strip()
        hint = _YAML_PROBLEMS.get(problem)
        detail = hint if hint else f"解析器提示\uff1a{problem}"
        raise LoadError(pf.SYNTAX, f"YAML 语法错误\uff1a{detail}。", pos) from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise LoadError(pf.SYNTAX, f"YAML 语法错误\uff1a{type(exc).__name__}。", (2, 1)) from None
    if data is None or data == "":
        raise LoadError(pf.EMPTY, "前置信息为空。请在两行 --- 之间填写项目信息。")
    if not isinstance(data, dict):
        slip = colon_slip(source, None)
        if slip:
            raise LoadError(pf.SYNTAX, slip[0], (slip[1] + 2, slip[2] + 1))
        raise LoadError(
            pf.NOT_MAPPING, "前置信息必须是一组 `字段: 值`\uff0c而不是列表或单个值。", (2, 1)
        )
    return Document(data, body, body_line, builder.value_pos, builder.key_pos)


# A key line whose colon is full-width, or ASCII with no space after it. The parser reports either
# slip a line later (or takes the line for text): `colon_slip` names the line itself.
_FULL_WIDTH_COLON = re.compile(
    "^([ \t]*(?:-[ \t]+)?)([^\\s:\uff1a#'\"\\[\\]{},-][^\\s:\uff1a]*)[ \t]*(\uff1a)[ \t]*(.*)$"
)
_NO_SPACE = re.compile(r"^([ \t]*(?:-[ \t]+)?)([A-Za-z_][A-Za-z0-9_]*)(:)(\S.*)$")


def colon_slip(source: str, stopped: int | None) -> tuple[str, int, int] | None:
    """The key line that failed `source` because of its colon, as (message, 0-based line, 0-based
    column of the colon), or None. `stopped` is the 0-based line the parser stopped at (None: the
    source loaded, but not as a mapping). A line counts only when writing its colon right makes
    the source load (or fail further on): a colon inside a text is left alone."""
    rows = source.split("\n")
    for index, row in enumerate(rows):
        if stopped is not None and index > stopped:
            break
        full = _FULL_WIDTH_COLON.match(row)
        match = full or _NO_SPACE.match(row)
        if match is None:
            continue
        lead, key, _, value = match.groups()
        fixed = [*rows[:index], f"{lead}{key}: {value}", *rows[index + 1 :]]
        if not _loads_further("\n".join(fixed), stopped):
            continue
        shown = value if len(value) <= 20 else "\u2026"  # never cut a text mid-word
        example = f"\uff0c如\u201c{key}: {shown}\u201d" if value and key.isascii() else ""
        if not key.isascii():  # a field's Chinese name: the example would mislead
            example = "\uff1b字段名也要用英文\uff0c见\u201c数据格式\u201d页"
        if full:
            text = (
                f"\u201c{key}\u201d后面用了中文冒号\u201c\uff1a\u201d\u3002请把中文冒号\u201c\uff1a\u201d"
                f"改为英文冒号{'加空格' if value else ''}{example}"
            )
        else:
            text = f"\u201c{key}\uff1a\u201d的冒号后面要加一个空格{example}"
        return f"YAML 语法错误\uff1a{text}\u3002", index, match.start(3)
    return None


def _loads_further(source: str, stopped: int | None) -> bool:
    """Whether `source` loads as a mapping, or fails only after line `stopped`."""
    try:
        data = _Builder().run(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return stopped is not None and mark is not None and mark.line > stopped
    except LoadError:
        return True  # well-formed YAML now; what is refused is another matter
    except (yaml.YAMLError, ValueError, RecursionError):
        return False
    return isinstance(data, dict)


def load_bytes(raw: bytes, key_hint: KeyHint | None = None) -> Document:
    return load_text(decode(raw), key_hint)


def load_data_file(raw: bytes) -> tuple[Any, dict[Path, Pos]]:
    """A whole-file YAML data file (roster, settings) under the same strict rules.

    Positions are 1-based file lines: `_Builder` counts from the line after an opening ---, so a
    data file is read as if one line preceded it and then shifted back.
    """
    text = decode(raw)
    builder = _Builder()
    try:
        data = builder.run(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        slip = colon_slip(text, mark.line if mark else None)
        if slip:
            raise LoadError(pf.SYNTAX, slip[0], (slip[1] + 1, slip[2] + 1)) from None
        pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        hint = _YAML_PROBLEMS.get((exc.problem or "").strip(), exc.problem or "")
        raise LoadError(pf.SYNTAX, f"YAML 语法错误\uff1a{hint}。", pos) from None
    except LoadError as exc:
        exc.pos = (exc.pos[0] - 1, exc.pos[1])
        raise
    return data, {k: (v[0] - 1, v[1]) for k, v in builder.value_pos.items()}


_SCALAR = ev.ScalarEvent
_SEQUENCE_END = ev.SequenceEndEvent
_MAPPING_END = ev.MappingEndEvent
# Plain scalars that are not text; everything else plain is text unless it is a decimal integer.
PLAIN_VALUES: dict[str, Any] = {"": None, "~": None, "null": None, "true": True, "false": False}
_INT_START = frozenset("+-0123456789")


class _Builder:
    """Builds plain values from PyYAML events, recording positions (file lines, 1-based).

    The common case (an untagged, unanchored scalar key or value) is handled inline in the
    mapping and sequence loops; everything else goes through `_node` and `_refuse_key`, which refuse
    with a position. This is the validator's hottest loop: every project runs it once.
    """

    def __init__(self, key_hint: KeyHint | None = None) -> None:
        self.key_hint = key_hint
        self.value_pos: dict[Path, Pos] = {}
        self.key_pos: dict[Path, Pos] = {}
        self._next: Any = None

    def run(self, source: str) -> Any:
        parser = CParser(source)  # the C parser alone: events, no constructor or resolver
        try:
            return self._run(parser)
        except _EscapedChar as exc:
            raise exc.located(source) from None
        finally:
            parser.dispose()

    def _run(self, parser: CParser) -> Any:
        self._next = nxt = parser.get_event
        nxt()  # StreamStart
        first = nxt()
        if isinstance(first, ev.StreamEndEvent):
            return None
        value = self._node(nxt(), (), 0)
        nxt()  # DocumentEnd
        extra = nxt()
        if isinstance(extra, ev.DocumentStartEvent):
            raise LoadError(
                pf.SYNTAX,
                "前置信息中出现了第二个 YAML 文档\uff08以 --- 开头的行\uff09。每个文件只能有一组项目信息。",
                _pos(extra),
            )
        return value

    def _node(self, event: ev.Event, path: Path, depth: int) -> Any:
        if isinstance(event, ev.AliasEvent):
            raise LoadError(
                pf.ANCHOR, f"使用了别名 *{event.anchor}。请直接写出要表达的值。", _pos(event)
            )
        if event.anchor is not None:
            raise LoadError(
                pf.ANCHOR, f"使用了锚点 &{event.anchor}。请删除锚点\uff0c直接写出值。", _pos(event)
            )
        tag = event.tag
        if tag is not None and not (tag == "!" and isinstance(event, _SCALAR)):
            raise LoadError(
                pf.TAG, f"使用了 YAML 标签 {tag}。请删除标签\uff1b需要文字时请加引号。", _pos(event)
            )
        mark = event.start_mark
        self.value_pos[path] = (mark.line + 2, mark.column + 1)
        if isinstance(event, _SCALAR):
            return _scalar(event)
        if depth >= MAX_DEPTH:
            raise LoadError(pf.TOO_DEEP, f"嵌套超过 {MAX_DEPTH} 层。请简化结构。", _pos(event))
        nxt = self._next
        value_pos = self.value_pos
        if isinstance(event, ev.SequenceStartEvent):
            items: list[Any] = []
            while True:
                item = nxt()
                cls = item.__class__
                if cls is _SEQUENCE_END:
                    return items
                item_path = (*path, len(items))
                if cls is _SCALAR and item.anchor is None and item.tag is None:
                    mark = item.start_mark
                    value_pos[item_path] = (mark.line + 2, mark.column + 1)
                    items.append(_scalar(item))
                else:
                    items.append(self._node(item, item_path, depth + 1))
        # MappingStartEvent
        key_pos = self.key_pos
        mapping: dict[str, Any] = {}
        while True:
            key_event = nxt()
            cls = key_event.__class__
            if cls is _MAPPING_END:
                return mapping
            if not (
                cls is _SCALAR
                and key_event.anchor is None
                and key_event.tag is None
                and not key_event.style
                and key_event.implicit[0]
                and _KEY_MATCH(key_event.value)
                and key_event.value not in PLAIN_VALUES
            ):
                self._refuse_key(key_event, path)
            key = key_event.value  # a plain lower-case word, the only kind of key there is
            key_path = (*path, key)
            if key in mapping:
                first = key_pos[key_path]
                raise LoadError(
                    pf.DUPLICATE_KEY,
                    f"字段 {key} 重复出现\uff08第一次在第 {first[0]} 行\uff09。请删除或合并其中一个。",
                    _pos(key_event),
                )
            mark = key_event.start_mark
            key_pos[key_path] = (mark.line + 2, mark.column + 1)
            value = nxt()
            if value.__class__ is _SCALAR and value.anchor is None and value.tag is None:
                mark = value.start_mark
                value_pos[key_path] = (mark.line + 2, mark.column + 1)
                mapping[key] = _scalar(value)
            else:
                mapping[key] = self._node(value, key_path, depth + 1)

    def _refuse_key(self, event: ev.Event, parent: Path = ()) -> NoReturn:
        """Raise the error for a key that is not a plain lower-case word, with its position."""
        if isinstance(event, ev.AliasEvent) or (
            isinstance(event, _SCALAR)
            and (event.anchor is not None or event.tag not in (None, "!"))
        ):
            self._node(event, ("?",), 0)  # raises the alias/anchor/tag error
        if not isinstance(event, _SCALAR):
            raise LoadError(pf.KEY_NOT_STRING, "字段名不能是列表或映射。", _pos(event))
        plain = event.tag is None and event.implicit[0] and not event.style
        if plain:
            if event.value == "<<":
                raise LoadError(pf.ANCHOR, "使用了合并键 <<。请直接写出每个字段。", _pos(event))
            value = _scalar(event)
            if not isinstance(value, str):
                raise LoadError(
                    pf.KEY_NOT_STRING,
                    f"字段名 {event.value!r} 会被读成{_kind(value)}而不是文字。请使用英文字段名\uff08如 title\uff09。",
                    _pos(event),
                )
        hint = self.key_hint(parent, event.value) if plain and self.key_hint else None
        raise LoadError(pf.KEY_FORM, hint or _key_form_problem(event.value, plain), _pos(event))


def _key_form_problem(key: str, plain: bool) -> str:
    shown = " ".join(key.split())
    shown = shown if len(shown) <= 30 else shown[:30] + "…"
    rule = (
        "字段名要原样写成英文小写字母、数字或下划线\uff08以字母或下划线开头\uff09\uff0c如 title。"
    )
    if not plain:
        fix = (
            f"请直接写成“{shown}\uff1a”\uff08不加引号\uff09。"
            if _KEY_MATCH(shown)
            else "请改用数据格式中的字段名。"
        )
        return f"字段名“{shown}”加了引号、转义、标签或用了块格式。{rule}{fix}"
    hint = ""
    if any(ord(c) > 127 for c in key):
        hint = "若在 {…} 中写了文字\uff0c文字里的英文逗号会把内容拆开\uff1a请改用中文逗号或给文字加引号。"
    return f"字段名“{shown}”的写法不对。{rule}{hint}请检查拼写\uff0c改用数据格式中的字段名。"


def _scalar(event: ev.ScalarEvent) -> Any:
    value = event.value
    if not event.implicit[0] or event.style:  # quoted or block scalars are always text
        if event.style == '"' and _BAD_DECODED.search(value):
            raise _EscapedChar(event)
        return value
    if value in PLAIN_VALUES:
        return PLAIN_VALUES[value]
    if value[0] in _INT_START and INT.fullmatch(value):
        return int(value)
    return value


class _EscapedChar(LoadError):
    """A double-quoted value whose escapes decode to a character PF103 refuses typed raw (a
    control character, NUL, a lone carriage return, a direction override): judged on the value
    the tools will use, with the escape's own position once the source is at hand."""

    def __init__(self, event: ev.ScalarEvent) -> None:
        self.event = event
        char = _BAD_DECODED.search(event.value).group()  # type: ignore[union-attr]
        super().__init__(pf.BAD_CHAR, _escaped_message("", char), _pos(event))

    def located(self, source: str) -> LoadError:
        start, end = self.event.start_mark.index, self.event.end_mark.index
        for match in _ESCAPE.finditer(source, start, end):
            written = match.group()
            code = written[1]
            decoded = chr(int(written[2:], 16)) if code in "xuU" else _SIMPLE_ESCAPES.get(code, "")
            if _BAD_DECODED.match(decoded):
                line, col = line_col(source, match.start())
                return LoadError(pf.BAD_CHAR, _escaped_message(written, decoded), (line + 1, col))
        return LoadError(self.rule, self.message, self.pos)


def _escaped_message(written: str, char: str) -> str:
    how = f"\u201c{written}\u201d" if written else ""
    return (
        f"双引号中的转义写法{how}会变成不允许的不可见字符 U+{ord(char):04X}\uff08直接输入同样不允许\uff09\u3002"
        "请删除这个以反斜杠开头的写法\uff1b需要换行时请改用 | 开头的多行文字\u3002"
    )


def _kind(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "真假值"
    return "数字"


def _pos(event: ev.Event) -> Pos:
    # The front matter starts on the file's second line (after the opening ---).
    return (event.start_mark.line + 2, event.start_mark.column + 1)
