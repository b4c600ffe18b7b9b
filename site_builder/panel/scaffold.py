"""A new application file from answers (pure: no prompting, no files read or written here).

The front matter is emitted by hand in the schema's field order, in the style of the example
projects (one `key: value` per line, lists in brackets). A text is written plain only when every
YAML reader (the strict core loader, PyYAML's full resolver, YAML 1.2 tools) reads it back as the
same text; otherwise it is double-quoted. `render` re-reads the result through the core loader and
refuses to return text that does not load back to exactly the given values.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import yaml

from site_builder.core.loader import LoadError, load_text
from site_builder.core.process import Stage, prompt_line, required_sections
from site_builder.core.programme import Roster, SchemaInfo
from site_builder.rules.path import path_problem

STAGE = Stage.APPLIED
# Between names typed on one line: commas and semicolons of either width, the enumeration comma.
NAME_SEPARATORS = re.compile("[,\uff0c\u3001;\uff1b]+")

# Characters that mean something to YAML somewhere in a plain scalar, quoted to be safe.
_SPECIAL = set(":#[]{}&*!|>'\"%@`\\?<=~")
# Texts YAML 1.1 or 1.2 readers would take for a number, a boolean or null.
_NUMBERISH = re.compile(r"[-+]?(?:\.?[0-9][0-9A-Za-z_.:+-]*|\.(?:inf|nan))", re.IGNORECASE)
# YAML 1.1 booleans and friends.
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in "-":
        return False
    if any(c in _SPECIAL for c in text) or (flow and "," in text):
        return False
    if any(ord(c) < 32 or c == "\x7f" for c in text):
        return False
    if _NUMBERISH.fullmatch(text) or text.lower() in _WORDS:
        return False
    doc = f"k: [{text}]\n" if flow else f"k: {text}\n"
    expected = {"k": [text]} if flow else {"k": text}
    try:
        return yaml.safe_load(doc) == expected
    except yaml.YAMLError:
        return False


def scalar(value: Any, flow: bool = False) -> str:
    """One value as YAML source: integers bare, texts plain when unambiguous, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value if _plain_ok(value, flow) else json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot emit {type(value).__name__}")


def dump_front_matter(data: dict[str, Any]) -> str:
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(scalar(v, flow=True) for v in value)}]")
        else:
            lines.append(f"{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def body_text(stage: str = STAGE) -> str:
    """The body of a new file: each required heading with its prompt line (the guide's template
    shows exactly this)."""
    return "".join(
        f"\n## {section.heading}\n\n{prompt_line(section)}\n"
        for section in required_sections(stage)
    )


def ordered(values: dict[str, Any], info: SchemaInfo) -> dict[str, Any]:
    """`values` plus the stage, in the schema's (canonical) field order, empty values dropped."""
    values = {**values, "stage": STAGE}
    order = list(info.schema["properties"])
    unknown = [k for k in values if k not in order]
    if unknown:
        raise KeyError(f"unknown fields: {unknown}")
    return {k: values[k] for k in order if k in values and values[k] not in (None, "", [])}


def render(values: dict[str, Any], info: SchemaInfo) -> str:
    """The whole file text for a new application. Raises ValueError if it would not load back."""
    data = ordered(values, info)
    text = f"---\n{dump_front_matter(data)}---\n{body_text()}"
    try:
        loaded = load_text(text).data
    except LoadError as exc:  # pragma: no cover - guarded by _plain_ok
        raise ValueError(f"generated front matter does not load: {exc.message}") from None
    if loaded != data or list(loaded) != list(data):
        raise ValueError(f"generated front matter reads back differently: {loaded!r}")
    return text


def project_path(year: int, slug: str) -> str:
    return f"projects/{year}/{slug}.md"


def slug_problem(year: int, slug: str) -> str | None:
    """Chinese reason why `slug` cannot name a file, or None."""
    if not slug:
        return "简称不能为空。"
    return path_problem(project_path(year, slug))


# ----- reading answers ----------------------------------------------------------------------


def category_choices(info: SchemaInfo) -> list[tuple[str, str]]:
    return list(info.categories.items())


def parse_category(text: str, info: SchemaInfo) -> str | None:
    """A key (`service`), its number in the list (1-based) or its Chinese label."""
    text = text.strip()
    choices = category_choices(info)
    for number, (key, label) in enumerate(choices, 1):
        if text in (key, str(number), label):
            return key
    return None


def branch_choices(roster: Roster) -> list[tuple[str, str, str]]:
    """(branch id, branch name, general branch name), in roster order."""
    return [
        (b, roster.branches[b].name, gb.name)
        for gb in roster.general_branches.values()
        for b in gb.branches
    ]


def parse_branch(text: str, roster: Roster) -> str | None:
    """A branch id, its number in the list (1-based) or its exact name."""
    text = text.strip()
    for number, (bid, name, _) in enumerate(branch_choices(roster), 1):
        if text in (bid, str(number), name):
            return bid
    return None


def default_unit(roster: Roster, branch_id: str) -> str:
    """The unit a branch's project belongs to (GeneralBranch.default_unit: the online form
    offers the same)."""
    return roster.general_branches[roster.branches[branch_id].general_branch].default_unit


def split_names(text: str) -> list[str]:
    return [name.strip() for name in NAME_SEPARATORS.split(text) if name.strip()]


def parse_date(text: str) -> str | None:
    text = text.strip()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return None
    return text


def parse_int(text: str) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]{1,4}", text) else None
