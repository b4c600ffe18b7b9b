"""Python regular expressions as JavaScript ones that match the same text.

The browser runs the rules' own patterns (exported in the rule pack), so a pattern is written once,
in Python. The two dialects differ where it matters for our rules: Python's `\\s`, `\\w`, `\\b` and
`\\d` are Unicode-wide, `.` stops only at `\\n`, `$` also matches before a final newline, and a
lone `{` is a literal. `to_js` rewrites each construct to its exact JavaScript equivalent (with the
`u` flag) and refuses what it does not know, so a new construct cannot silently mean another thing
in the browser. tests/test_rule_parity.py compiles every exported pattern in Node and compares its
matches with Python's over the test corpora.
"""

from __future__ import annotations

import re

from site_builder.core.errors import SiteBuilderError

# Python's `\s` for str patterns (str.isspace): JavaScript's lacks \x1c-\x1f and \x85 and adds
# \ufeff.
SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# Python's `\w` (str.isalnum() or "_"); JavaScript's is ASCII only.
WORD = "\\p{L}\\p{N}_"
DIGIT = "\\p{Nd}"
_CLASS_ESCAPES = {"s": SPACE, "w": WORD, "d": DIGIT}
_SYNTAX = set("^$\\.*+?()[]{}|/")
_SIMPLE_ESCAPES = {"n": "\\n", "t": "\\t", "r": "\\r", "f": "\\f", "v": "\\v", "0": "\\0"}
_QUANT = re.compile(r"\{(\d*)(,?)(\d*)\}")


class Unsupported(SiteBuilderError, ValueError):
    """A construct `to_js` does not translate (a rule's pattern the browser could not share)."""

    code = "SB506"


def _literal(char: str, in_class: bool) -> str:
    if char in _SYNTAX or (in_class and char == "-"):
        return "\\" + char
    if char in "\n\r\t\f\v":
        return _SIMPLE_ESCAPES["nrtfv"["\n\r\t\f\v".index(char)]]
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"\\x{ord(char):02x}"
    return char


def _escape(source: str, i: int, in_class: bool) -> tuple[str, int]:
    """The JavaScript for the escape at `source[i]` (a backslash), and the index after it."""
    char = source[i + 1]
    if char in _CLASS_ESCAPES:
        inner = _CLASS_ESCAPES[char]
        return (inner if in_class else f"[{inner}]"), i + 2
    if char in "SWD":
        if in_class:
            raise Unsupported(f"\\{char} inside a character class")
        return f"[^{_CLASS_ESCAPES[char.lower()]}]", i + 2
    if char in _SIMPLE_ESCAPES:
        if char == "0" and i + 2 < len(source) and source[i + 2].isdigit():
            raise Unsupported("octal escape")
        return _SIMPLE_ESCAPES[char], i + 2
    if char == "x":
        return "\\x" + source[i + 2 : i + 4], i + 4
    if char == "u":
        return "\\u" + source[i + 2 : i + 6], i + 6
    if char == "U":
        return "\\u{" + source[i + 2 : i + 10].lstrip("0").lower() + "}", i + 10
    if in_class:
        if char.isalnum():
            raise Unsupported(f"\\{char} inside a character class")
        return _literal(char, True), i + 2
    if char == "b":
        w = f"[{WORD}]"
        return f"(?:(?<={w})(?!{w})|(?<!{w})(?={w}))", i + 2
    if char == "B":
        w = f"[{WORD}]"
        return f"(?:(?<={w})(?={w})|(?<!{w})(?!{w}))", i + 2
    if char == "A":
        return "(?<![\\s\\S])", i + 2
    if char == "Z":
        return "(?![\\s\\S])", i + 2
    if char.isalnum():
        raise Unsupported(f"\\{char}")
    return _literal(char, False), i + 2


def _class(source: str, i: int) -> tuple[str, int]:
    """The character class starting at `source[i]` (`[`)."""
    out = "["
    i += 1
    if source[i] == "^":
        out += "^"
        i += 1
    first = True
    while True:
        if i >= len(source):
            raise Unsupported("unterminated character class")
        char = source[i]
        if char == "]" and not first:
            return out + "]", i + 1
        if char == "\\":
            part, i = _escape(source, i, True)
            out += part
        elif char == "[":
            if source.startswith("[:", i) or source.startswith("[=", i):
                raise Unsupported("POSIX class")
            out += "\\["
            i += 1
        elif char == "]":
            out += "\\]"
            i += 1
        elif char == "-":
            # A range dash between two members stays a dash; at either end it is a literal.
            at_end = i + 1 < len(source) and source[i + 1] == "]"
            out += "\\-" if first or at_end else "-"
            i += 1
        else:
            out += _literal(char, False) if char not in "{}()|/.*+?$^" else char
            i += 1
        first = False


def to_js(source: str, flags: int = 0) -> str:
    """The JavaScript source (for `new RegExp(source, "u")`, plus `g` or `y` as used) matching
    what `re.compile(source, flags)` matches. Only re.MULTILINE among the flags is supported."""
    if flags & ~(re.MULTILINE | re.UNICODE):
        raise Unsupported(f"flags {flags}")
    multiline = bool(flags & re.MULTILINE)
    out, i = "", 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            part, i = _escape(source, i, False)
            out += part
        elif char == "[":
            part, i = _class(source, i)
            out += part
        elif char == ".":
            out += "[^\\n]"
            i += 1
        elif char == "^":
            out += "(?<![^\\n])" if multiline else "(?<![\\s\\S])"
            i += 1
        elif char == "$":
            out += "(?=\\n|(?![\\s\\S]))" if multiline else "(?=\\n?(?![\\s\\S]))"
            i += 1
        elif char == "(":
            if source.startswith("(?P<", i):
                out += "(?<"
                i += 4
            elif source.startswith("(?P=", i) or source.startswith("(?#", i):
                raise Unsupported("named backreference or comment group")
            elif source.startswith("(?", i) and source[i + 2] not in ":=!<":
                raise Unsupported("inline flags")
            else:
                out += "("
                i += 1
        elif char == "{":
            quant = _QUANT.match(source, i)
            if quant and (quant.group(1) or quant.group(3)):
                low, comma, high = quant.groups()
                out += "{" + (low or "0") + comma + high + "}"
                i = quant.end()
            else:
                out += "\\{"
                i += 1
        elif char == "}":
            out += "\\}"
            i += 1
        else:
            out += _literal(char, False) if char not in "*+?|)" else char
            i += 1
    return out


def export(pattern: re.Pattern[str]) -> dict[str, str]:
    """A compiled pattern as the rule pack carries it: the JavaScript source and its flags."""
    return {"source": to_js(pattern.pattern, pattern.flags), "flags": "u"}
