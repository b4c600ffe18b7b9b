"""A new application file from answers (pure: no prompting, no files read or written here).

The text is written by `core.writer`, the same rules as the online form's writer.js (a test
holds the two byte-identical): front matter in the schema's field order, one `key: value` per
line, lists in brackets, ids and dates bare, every other text double-quoted. `render` re-reads
the result through the core loader and refuses to return text that does not load back to exactly
the given values.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from site_builder.core import writer
from site_builder.core.loader import LoadError, load_text
from site_builder.core.process import Stage, prompt_line, required_sections
from site_builder.core.programme import Roster, SchemaInfo
from site_builder.rules.path import path_problem

STAGE = Stage.APPLIED
# Between names typed on one line: commas and semicolons of either width, the enumeration comma.
NAME_SEPARATORS = re.compile("[,\uff0c\u3001;\uff1b]+")


def scalar(value: Any, flow: bool = False) -> str:
    """One value as the file writes it (quoted texts read the same in a flow list)."""
    del flow
    return writer.scalar(value)


def date_keys(info: SchemaInfo) -> list[str]:
    """The top-level fields that hold dates (written bare)."""
    return [k for k in info.schema["properties"] if (info.node((k,)) or {}).get("format") == "date"]


def body_text(stage: str = STAGE) -> str:
    """The body of a new file: each required heading with its prompt line (the guide's template
    shows exactly this)."""
    sections = required_sections(stage)
    return writer.body_text([(section.heading, prompt_line(section)) for section in sections])


def ordered(values: dict[str, Any], info: SchemaInfo) -> dict[str, Any]:
    """`values` plus the stage, in the schema's (canonical) field order, empty values dropped."""
    values = {**values, "stage": STAGE}
    order = info.fields()
    unknown = [k for k in values if k not in order]
    if unknown:
        raise KeyError(f"unknown fields: {unknown}")
    return {k: values[k] for k in order if k in values and values[k] not in (None, "", [])}


def render(values: dict[str, Any], info: SchemaInfo) -> str:
    """The whole file text for a new application. Raises ValueError if it would not load back."""
    data = ordered(values, info)
    sections = [(s.heading, prompt_line(s)) for s in required_sections(STAGE)]
    text = writer.file_text(data, sections, date_keys(info))
    try:
        loaded = load_text(text).data
    except LoadError as exc:  # pragma: no cover - the writer quotes every text
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


def general_branch_choices(roster: Roster) -> list[tuple[str, str]]:
    """(general branch id, name), in roster order."""
    return [(gb.id, gb.name) for gb in roster.general_branches.values()]


def branch_choices(roster: Roster, general: str | None = None) -> list[tuple[str, str, str]]:
    """(branch id, branch name, general branch name), in roster order; of one general branch
    when `general` is given."""
    return [
        (b, roster.branches[b].name, gb.name)
        for gb in roster.general_branches.values()
        if general is None or gb.id == general
        for b in gb.branches
    ]


def parse_branch(text: str, roster: Roster, general: str | None = None) -> str | None:
    """A branch id, its number in the list (1-based) or its exact name."""
    text = text.strip()
    for number, (bid, name, _) in enumerate(branch_choices(roster, general), 1):
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
