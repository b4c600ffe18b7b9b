"""Text every writer may put out, whatever a value holds.

The loader refuses these characters typed raw and written as escapes (PF103); each writer (the
feed, the calendar, the open data, CSV, the workbook, the printed forms) still passes its text
through `safe_text`, so a value that somehow holds one never makes a malformed file or a crash:
XML 1.0 and spreadsheets forbid most control characters, and a direction override would make a
reader see something else than what is there.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0/C1 controls except tab and newline, a carriage return, bidirectional marks, embeddings,
# overrides and isolates, line and paragraph separators, a byte-order mark, lone surrogates and
# the two non-characters XML forbids.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff"
    "\ud800-\udfff\ufffe\uffff]"
)


def safe_text(text: str) -> str:
    """`text` without the characters above."""
    return UNSAFE.sub("", text) if UNSAFE.search(text) else text


# The same characters for `visible`, but a carriage return before a line feed is a line end (the
# runner's annotations and CSV keep those), not a character to show.
_SHOWN = re.compile("\r(?!\n)|(?!\r)" + UNSAFE.pattern)


def _shown(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def visible(text: str) -> str:
    """`text` with each of those characters written out as `<U+202E>`: for what people read as it
    is printed (a terminal, a job summary, a change receipt), where a path or a name from git may
    hold one. The reader sees that it is there, and no terminal or page acts on it (an escape
    sequence recolouring a terminal, an override reversing a file name)."""
    return _SHOWN.sub(_shown, text) if UNSAFE.search(text) else text


def safe_value(value: Any) -> Any:
    """Every text inside `value` (dicts, lists, tuples; keys too) made safe; the rest as it is."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_value(k): safe_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(safe_value(v) for v in value)
    return value


# What json.dumps(ensure_ascii=False) writes for those of the characters above that lie below
# U+0020 (it escapes them; the others it writes as they are, where UNSAFE finds them). An escaped
# backslash before `r`, `b` or `f` matches too: that only sends the value the slow way.
_ESCAPED_UNSAFE = re.compile(r"\\(?:[bfr]|u00[01])")


def safe_json(value: Any, **options: Any) -> str:
    """`json.dumps(safe_value(value), ensure_ascii=False, **options)`. A value holding none of the
    characters (nearly always) is written as it is, not copied first: its text shows that."""
    text = json.dumps(value, ensure_ascii=False, **options)
    if UNSAFE.search(text) is None and _ESCAPED_UNSAFE.search(text) is None:
        return text
    return json.dumps(safe_value(value), ensure_ascii=False, **options)
