"""The compiled accept-first schema check.

jsonschema's iter_errors costs about as much as parsing the YAML. Almost every document is valid,
so a compiled check (fastjsonschema: the schema as generated Python code) decides first and
jsonschema runs only on the documents it does not accept, to produce the messages. The verdict
is always jsonschema's: the compiled check may only ever say "valid" where jsonschema would.
It is used only for schemas whose every keyword it implements exactly as jsonschema does
(tests/test_schema_fast_path.py compares the two over the test corpora and mutated projects).
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from types import CodeType
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    import jsonschema

_ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "$comment", "deprecated", "readOnly"}
)
_FAST_KEYWORDS = frozenset(
    {
        "type",
        "enum",
        "const",
        "properties",
        "additionalProperties",
        "required",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "if",
        "then",
        "else",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
    }
)
_FAST_TYPES = frozenset({"string", "integer", "object", "array", "boolean", "null"})


def fast_path_supported(node: Any, root: bool = True) -> bool:
    """True when every keyword in the schema is one the compiled check implements exactly like
    jsonschema (fastjsonschema ignores the siblings of $ref, compares enums with `in`, and so on).
    """
    if isinstance(node, bool):
        return True
    if not isinstance(node, dict):
        return False
    keys = {k for k in node if not k.startswith("x-")} - _ANNOTATIONS
    if root:
        keys -= {"$schema", "$id", "$defs"}
    if "$ref" in keys:  # fastjsonschema ignores keywords beside $ref; allow only annotations
        ref = node["$ref"]
        return keys == {"$ref"} and isinstance(ref, str) and ref.startswith("#/$defs/")
    if not keys <= _FAST_KEYWORDS:
        return False
    types = node.get("type", [])
    if not set(types if isinstance(types, list) else [types]) <= _FAST_TYPES:
        return False
    if node.get("format", "date") != "date" or isinstance(node.get("items"), list):
        return False
    # Python's `in` and == treat True as 1: only text values compare exactly alike.
    values = node.get("enum", []) + ([node["const"]] if "const" in node else [])
    if not all(isinstance(v, str) for v in values):
        return False
    children: list[Any] = list(node.get("properties", {}).values())
    children += [
        node.get(k) for k in ("additionalProperties", "items", "if", "then", "else", "not")
    ]
    children += [s for k in ("allOf", "anyOf", "oneOf") for s in node.get(k, [])]
    children += list(node.get("$defs", {}).values()) if root else []
    return all(fast_path_supported(c, root=False) for c in children if c is not None)


def _inline_refs(node: Any, defs: dict[str, Any], patterns: set[str], depth: int = 0) -> Any:
    """A copy for the compiler: each `$ref` replaced by its definition (a call per reference
    costs more than the check itself), annotations dropped, patterns collected."""
    if depth > 50:
        raise RecursionError("recursive $ref")
    if isinstance(node, list):
        return [_inline_refs(x, defs, patterns, depth + 1) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _inline_refs(defs[node["$ref"].removeprefix("#/$defs/")], defs, patterns, depth + 1)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _ANNOTATIONS or key.startswith("x-") or key in ("$defs", "$id"):
            continue
        if key == "properties":
            out[key] = {k: _inline_refs(v, defs, patterns, depth + 1) for k, v in value.items()}
        elif key in ("enum", "const", "required", "type", "pattern", "format", "$schema"):
            out[key] = value
            if key == "pattern":
                patterns.add(value)
        else:
            out[key] = _inline_refs(value, defs, patterns, depth + 1)
    return out


def is_date(instance: Any) -> bool:
    """jsonschema's "date" format check exactly (FormatChecker(["date"]).conforms), without
    importing jsonschema; tests/test_cli_startup.py compares the two."""
    if not isinstance(instance, str):
        return True
    try:
        return bool(_RE_DATE.fullmatch(instance) and date.fromisoformat(instance))
    except ValueError:
        return False


_RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


@dataclass(frozen=True)
class Generated:
    """The compiled check as Python bytecode (None: the schema has no compiled check) and the
    schema's patterns; what the schema cache keeps between runs."""

    code: CodeType | None
    patterns: tuple[str, ...] = ()

    def dumps(self) -> bytes:
        return marshal.dumps((self.code, self.patterns))

    @classmethod
    def loads(cls, data: bytes) -> Generated | None:
        """The entry in `data`, or None when it is not one (marshal's own errors included)."""
        try:
            code, patterns = marshal.loads(data)
        except Exception:  # corrupt or foreign bytes of any kind: not an entry
            return None
        if not (code is None or isinstance(code, CodeType)) or not isinstance(patterns, tuple):
            return None
        if not all(isinstance(p, str) for p in patterns):
            return None
        return cls(code, patterns)


def generate(schema: dict[str, Any], formats: bool) -> Generated:
    """The schema's compiled check as bytecode; `formats`: check "date" as jsonschema does."""
    if not fast_path_supported(schema):
        return Generated(None)
    patterns: set[str] = set()
    try:
        inlined = _inline_refs(schema, schema.get("$defs", {}), patterns)
    except RecursionError:
        return Generated(None)
    source = fastjsonschema.compile_to_code(
        inlined,  # no $ref and no $id left: nothing is ever fetched
        formats={"date": is_date},
        use_default=False,  # never write defaults into the document
        use_formats=formats,  # jsonschema checks formats only when asked
    )
    return Generated(compile(source, "<compiled schema check>", "exec"), tuple(sorted(patterns)))


def load(generated: Generated, formats: bool) -> Callable[[Any], Any] | None:
    """The check `generated` holds, ready to call, or None when it has none."""
    if generated.code is None:
        return None
    space: dict[str, Any] = {}
    exec(generated.code, space)
    func = space.get(_ENTRY)
    if not callable(func):
        return None
    # fastjsonschema anchors `$` at the very end (\Z); jsonschema searches with Python's `$`,
    # which also matches before a final newline. Use the schema's patterns exactly as written.
    compiled_patterns = space.get("REGEX_PATTERNS", {})
    if generated.patterns and not (
        isinstance(compiled_patterns, dict) and set(generated.patterns) <= compiled_patterns.keys()
    ):
        return None
    for pattern in generated.patterns:
        compiled_patterns[pattern] = re.compile(pattern)
    return partial(func, custom_formats={"date": is_date}) if formats else func


_ENTRY = "validate"  # the name fastjsonschema gives the check of a schema without $id


def compile_fast(schema: dict[str, Any], format_checker: Any) -> Callable[[Any], Any] | None:
    """The schema compiled by fastjsonschema, or None when it cannot decide like jsonschema."""
    formats = format_checker is not None
    return load(generate(schema, formats), formats)


class FastValidator:
    """jsonschema's validator behind the compiled accept test; the same interface for callers.
    Built from a cached check (`prepared`), jsonschema's validator is made when first needed:
    a run where every document is valid never imports jsonschema."""

    def __init__(self, full: Any, schema: dict[str, Any]) -> None:
        self._full = full
        self._make_full: Callable[[], Any] | None = None
        self._accept = compile_fast(schema, full.format_checker)

    @classmethod
    def prepared(
        cls, make_full: Callable[[], Any], accept: Callable[[Any], Any] | None
    ) -> FastValidator:
        self = cls.__new__(cls)
        self._full = None
        self._make_full = make_full
        self._accept = accept
        return self

    @property
    def full(self) -> Any:
        if self._full is None:
            assert self._make_full is not None
            self._full = self._make_full()
        return self._full

    @property
    def fast(self) -> bool:
        return self._accept is not None

    def accepts(self, instance: Any) -> bool | None:
        """The compiled verdict: True valid, False not accepted, None no compiled check."""
        if self._accept is None:
            return None
        try:
            self._accept(instance)
        except Exception:  # any refusal, or a crash: let jsonschema judge
            return False
        return True

    def iter_errors(self, instance: Any) -> Iterator[jsonschema.ValidationError]:
        if self.accepts(instance):
            return iter(())
        return self.full.iter_errors(instance)

    def is_valid(self, instance: Any) -> bool:
        return bool(self.accepts(instance)) or self.full.is_valid(instance)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # not set yet (copying, unpickling): never the validator's
            raise AttributeError(name)
        return getattr(self.full, name)
