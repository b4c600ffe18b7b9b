"""GitHub Actions workflow commands: annotations that no user text can forge or break.

The runner unescapes only %25, %0D, %0A in data (and %3A, %2C in properties). It also reads a
command from any line whose text after leading spaces starts with `::`, and the legacy `##[` form
anywhere in a line, so every line we print that is not meant as a command is made inert.
"""

from __future__ import annotations

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.safetext import visible
from site_builder.rules.ruleset import REGISTRY

WORD_JOINER = "\u2060"  # invisible; breaks `::` and `##[` without changing what people read


def _defuse(text: str) -> str:
    text = visible(text)  # a control or direction character in a path: shown, not acted on
    return text.replace("##[", f"#{WORD_JOINER}#[").replace("::", f":{WORD_JOINER}:")


def escape_data(text: str) -> str:
    return _defuse(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def safe_line(text: str) -> str:
    """A plain line of output that the runner cannot read as a command."""
    return _defuse(text).replace("\r", " ").replace("\n", " ")


def see_also(url: str) -> str:
    """`说明见 <url>`: the address last, after a space, so that linkifiers take all of it."""
    return f"\u8bf4\u660e\u89c1 {url}"


def annotation(d: Diagnostic, url: str | None = None) -> str:
    """One annotation; `url` (the rule's entry on the site) goes on a second line of the message,
    since an annotation's title cannot hold a link."""
    rule = REGISTRY.get(d.code)
    title = f"{d.code} {rule.title}" if rule else d.code
    props = ",".join(
        f"{k}={escape_property(str(v))}"
        for k, v in (("file", d.path), ("line", d.line), ("col", d.col), ("title", title))
    )
    message = f"{d.message}\n{see_also(url)}" if url else d.message
    return f"::{d.severity} {props}::{escape_data(message)}"


_MD_SPECIAL = str.maketrans(
    {c: "\\" + c for c in "\\`*_{}[]()#+-.!|~"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
)


def md(text: str) -> str:
    """User text made literal inside a Markdown job summary."""
    return _defuse(text).translate(_MD_SPECIAL).replace("\n", " ")


def job_summary(title: str, lines: list[str], diagnostics: list[Diagnostic], verdict: str) -> str:
    """A Chinese job summary (Markdown, capped well below GitHub's 1 MiB)."""
    parts = [f"## {md(title)}", "", f"**{md(verdict)}**", ""]
    parts += [f"- {md(line)}" for line in lines]
    if diagnostics:
        parts += ["", "| 位置 | 代码 | 问题 |", "| --- | --- | --- |"]
        for d in diagnostics[:500]:
            parts.append(f"| {md(d.path)}:{d.line}:{d.col} | {d.code} | {md(d.message)} |")
        if len(diagnostics) > 500:
            parts.append(f"\n……另有 {len(diagnostics) - 500} 条\uff0c见日志。")
    return "\n".join(parts) + "\n"
