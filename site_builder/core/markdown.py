"""The body's structure: its second-level sections, read outside fenced code.

Rules (required sections), pages (what a project page shows) and forms (the plan sections) all read
a body through here, so a heading means the same thing to each of them."""

from __future__ import annotations

import re
from collections.abc import Iterator

H2 = re.compile(r"^ {0,3}##[ \t]+(.+?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def lines(body: str) -> Iterator[tuple[int, str, bool, str | None]]:
    """Each line of `body` as (0-based index, line, in code, heading): `in code` is true for
    fenced code and its fence lines; `heading` is the text of a second-level ATX heading outside
    fenced code, else None."""
    fence: str | None = None
    for i, line in enumerate(body.split("\n")):
        mark = FENCE.match(line)
        if mark:
            if fence is None:
                fence = mark.group(1)[0] * 3
            elif line.strip().startswith(fence):
                fence = None
            yield i, line, True, None
            continue
        if fence is not None:
            yield i, line, True, None
            continue
        match = H2.match(line)
        yield i, line, False, match.group(1).strip() if match else None


def scan(body: str) -> Iterator[tuple[int, str, str | None]]:
    """Each line of `body` as (0-based index, line, heading), as `lines` reads it."""
    for i, line, _, heading in lines(body):
        yield i, line, heading


def headings(body: str) -> dict[str, int]:
    """Second-level headings outside fenced code, with their first 0-based line in the body."""
    found: dict[str, int] = {}
    for i, _, heading in scan(body):
        if heading is not None:
            found.setdefault(heading, i)
    return found


def split_sections(body: str) -> dict[str, str]:
    """The body's second-level sections: heading → Markdown text. A heading that occurs twice
    keeps its first section, as `headings` reads it."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for _, line, heading in scan(body):
        if heading is not None:
            current = sections.setdefault(heading, []) if heading not in sections else None
        elif current is not None:
            current.append(line)
    return {k: "\n".join(v).strip("\n") for k, v in sections.items()}
