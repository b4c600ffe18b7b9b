"""The text of a new project file, exactly as docs/javascripts/shared/writer.js writes it (the
online form /apply/ and the `new` command write the same bytes for the same answers; a test runs
both over a corpus of answers and compares them).

Front matter in the order given, one `key: value` per line, lists in brackets, then each section
as `## heading`, a blank line and its text. Values: integers bare; a date field's YYYY-MM-DD bare
(the strict loader reads it as text); a lower-case word of letters, digits and hyphens (an id such
as `eng-teachers`) bare unless a YAML reader would take it for a boolean or null; every other text
double-quoted with JSON's escapes (a JSON string is a YAML double-quoted scalar), so no typed
character can change the structure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

WORD = re.compile(r"[a-z][a-z0-9-]*")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# YAML 1.1 booleans and null that a lower-case word could spell.
YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def scalar(value: Any, date: bool = False) -> str:
    """One value as it stands after `key: `."""
    if isinstance(value, bool):
        raise TypeError("no booleans in a new project file")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if date and DATE.fullmatch(value):
            return value
        if WORD.fullmatch(value) and value not in YAML_WORDS:
            return value
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__}")


def _missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and len(value) == 0)


def front_lines(data: Mapping[str, Any], date_keys: Iterable[str]) -> list[str]:
    """The front matter's lines, without the `---` around them."""
    dates = set(date_keys)
    return [f"{k}: {scalar(v, k in dates)}" for k, v in data.items() if not _missing(v)]


def file_text(
    data: Mapping[str, Any], sections: Sequence[tuple[str, str]], date_keys: Iterable[str]
) -> str:
    """The whole file: `data` in its order, then (heading, text) sections."""
    return "\n".join(["---", *front_lines(data, date_keys), "---"]) + "\n" + body_text(sections)


def body_text(sections: Sequence[tuple[str, str]]) -> str:
    """The body: each section as a blank line, `## heading`, a blank line, its text."""
    return "".join(f"\n## {heading}\n\n{text}\n" for heading, text in sections)
