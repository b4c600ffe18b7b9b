"""The rule pack: what the browser needs to check a project exactly as the validator does.

The online forms check fields against schema/project.schema.json itself (with a JSON Schema
library) and run the body and text rules of docs/javascripts/shared/rules.js. That script holds no
pattern, limit or message of its own: it reads them from this pack, which each rule module
exports, so a rule changed here changes the browser's check (tests/test_rule_parity.py runs both
over the same corpora and fails on any difference in verdict or message).

`rule_pack(programme)` is JSON-ready; a page embeds it in its spec under the key "pack", beside
"schema" (the project schema as read) and "process" (`core.process.spec()`).
"""

from __future__ import annotations

import html
import html.entities
import re
from functools import lru_cache
from typing import Any

from site_builder.core import bodytext, jsregex, loader, markdown, media, process, receipt
from site_builder.core.programme import Programme
from site_builder.core.project import MAX_SLUG, PATH_RE
from site_builder.core.rule import REGISTRY
from site_builder.rules import (
    award,
    body_safety,
    dates,
    duration,
    expenses,
    names,
    path,
    roster,
    schema,
    scores,
    sections,
    text_safety,
)
from site_builder.rules import (
    media as media_rules,
)

VERSION = 1

# The codes the browser judges (rules.js implements exactly these; the parity test holds the two
# lists equal). Everything else needs the file, the other projects, the roster's people or git:
# the loader's PF codes, paths and slugs, media, roster lookups (PR301/PR302), the award quota
# over all projects (PR308) and the pull-request rules.
SHARED_CODES: tuple[str, ...] = (
    *sorted({rule.code for rule in schema.KEYWORD_RULES.values()} | {schema.OTHER.code}),
    "PB401",
    "PB402",
    "PB403",
    "PB404",
    "PB405",
    "PB406",
    "PB407",
    "PB408",
    "PB409",
    "PR303",
    "PR304",
    "PR305",
    "PR306",
    "PR307",
    "PR310",
    "PR311",
    "PR312",
    "PR314",
)
# The loader's and the path rule's codes the online forms also judge, on what a person types: a
# control character in a text (PF103), a file too large (PF101), the new file's name (PF114).
FORM_CODES: tuple[str, ...] = ("PF101", "PF103", "PF114")
# The rule modules whose messages the pack carries (their catalogues, keyed by code).
MODULES = (
    schema,
    roster,
    text_safety,
    body_safety,
    sections,
    names,
    duration,
    dates,
    scores,
    award,
    expenses,
    loader,
    path,
    media_rules,
)
# The rules that run only on a front matter without schema errors (rules/ruleset.py WHEN_VALID).
WHEN_VALID = ("PR303", "PR304", "PR305", "PR306", "PR307", "PR310", "PR312")


def patterns() -> dict[str, dict[str, re.Pattern[str]]]:
    """The rules' own compiled patterns the browser runs, by group and name (the parity test
    compares each with its JavaScript translation)."""
    return {
        "body": {
            "autolink": body_safety.AUTOLINK,
            "inline_link": body_safety.INLINE_LINK,
            "ref_def": body_safety.REF_DEF,
            "tag": body_safety.TAG,
            "attributes": body_safety.ATTR,
            "scheme": body_safety.SCHEME,
            "invisible": body_safety.INVISIBLE,
            "image": body_safety.IMAGE,
            "image_def": body_safety.IMAGE_DEF,
            "ref_id": body_safety.REF_ID,
            "src": body_safety.SRC,
            "media_name": media.NAME_RE,
            "unsafe_url": media.UNSAFE_URL,
            "unsafe_rest": media.UNSAFE_REST,
            "charref": html._charref,  # type: ignore[attr-defined]
            "emoji": bodytext.PICTOGRAPH,
        },
        "sections": {
            "h2": markdown.H2,
            "fence": markdown.FENCE,
            "heading_like": sections.HEADING_LIKE,
            "placeholder_start": process.PLACEHOLDER_START,
            "maybe_prompt": process.PROMPT_MAYBE,
        },
        "names": {"split": names.SPLIT, "several": names.SEVERAL, "spaces": names.SPACES},
        "award": {"date_year": award.DATE_YEAR},
        "form": {"bad_chars": loader.BAD_CHARS, "path": PATH_RE, "int": loader.INT},
    }


def _export(group: str) -> dict[str, dict[str, str]]:
    return {name: jsregex.export(p) for name, p in patterns()[group].items()}


def _relevant(value: str) -> bool:
    """Whether decoding to `value` can change a link's verdict: only ASCII (after lower-casing)
    and the characters the link check deletes matter; any other character ends a scheme just as
    an undecoded `&name;` does."""
    return (
        any(ord(c) < 128 for c in value.lower()) or body_safety.INVISIBLE.search(value) is not None
    )


def _entities() -> dict[str, str]:
    """The HTML5 named references html.unescape knows, as far as a link's verdict can depend on
    them: those decoding to something relevant, the legacy names written without `;` (found as a
    prefix) and every name that one of those is a prefix of (so the longest match stays the
    same)."""
    return dict(_entity_table())  # a copy: a caller may change its pack


@lru_cache(maxsize=1)
def _entity_table() -> tuple[tuple[str, str], ...]:
    """`_entities` built once: every form page's pack holds the same table."""
    table = html.entities.html5
    # A name with `;` is never a legacy name itself, so "a legacy name other than it" is any.
    legacy = tuple(k for k in table if not k.endswith(";"))
    return tuple(
        (name, value)
        for name, value in table.items()
        if _relevant(value) or not name.endswith(";") or name.startswith(legacy)
    )


@lru_cache(maxsize=1)
def _digits() -> str:
    """Python's str.isdigit() as a JavaScript character class body (it is wider than \\p{Nd})."""
    ranges: list[list[int]] = []
    # The filter runs in C: a Python loop over all 1,114,112 code points costs a build 0.3 s.
    for code in map(ord, filter(str.isdigit, map(chr, range(0x110000)))):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\u{{{a:x}}}" if a == b else f"\\u{{{a:x}}}-\\u{{{b:x}}}" for a, b in ranges)


def _schema_patterns(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            found.add(node["pattern"])
        for value in node.values():
            _schema_patterns(value, found)
    elif isinstance(node, list):
        for value in node:
            _schema_patterns(value, found)
    return found


def _roster(programme: Programme) -> list[dict[str, Any]]:
    """The roster's public part (what the site's roster page shows): ids and names only."""
    roster = programme.roster
    return [
        {
            "id": gb.id,
            "name": gb.name,
            "branches": [{"id": b, "name": roster.branches[b].name} for b in gb.branches],
        }
        for gb in roster.general_branches.values()
    ]


def messages() -> dict[str, str]:
    """Every shared rule's templates, one catalogue (a key defined twice is an error)."""
    merged: dict[str, str] = {}
    for module in MODULES:
        for key, template in module.MESSAGES.items():
            if key in merged:
                raise ValueError(f"message {key} is defined twice")
            merged[key] = template
    return merged


def rule_pack(programme: Programme) -> dict[str, Any]:
    info = programme.schema
    return {
        "version": VERSION,
        "codes": list(SHARED_CODES),
        "when_valid": list(WHEN_VALID),
        "rules": {
            code: {"title": REGISTRY[code].title, "severity": REGISTRY[code].severity}
            for code in (*SHARED_CODES, *FORM_CODES)
        },
        "messages": messages(),
        "text": {"space": jsregex.SPACE, "digits": _digits()},
        "schema": {
            "keywords": {k: rule.code for k, rule in schema.KEYWORD_RULES.items()},
            "type_names": schema.TYPE_NAMES,
            "bounds": schema.BOUNDS,
            "show": schema.SHOW,
            "id_fields": list(schema.ID_FIELDS),
            # The schema's own patterns, as JavaScript: the library runs these instead, so
            # `$` and the character classes mean what they mean to the validator.
            "patterns": {p: jsregex.to_js(p) for p in sorted(_schema_patterns(info.schema, set()))},
        },
        "roster": _roster(programme),
        "body": {
            "quote": body_safety.QUOTE,
            "emoji_shown": body_safety.EMOJI_SHOWN,
            "allowed_schemes": sorted(body_safety.ALLOWED_SCHEMES),
            "patterns": _export("body"),
            "max_media_name": media.MAX_NAME,
            "entities": _entities(),
            "invalid_charrefs": {str(k): v for k, v in html._invalid_charrefs.items()},  # type: ignore[attr-defined]
            "invalid_codepoints": sorted(html._invalid_codepoints),  # type: ignore[attr-defined]
        },
        "sections": {
            "required": {
                stage: [
                    {"heading": s.heading, "hint": s.hint} for s in process.required_sections(stage)
                ]
                for stage in info.stages
            },
            "decoration": sections.DECORATION,
            "patterns": _export("sections"),
            "mark": process.PROMPT_MARK,
            "prompts": list(process.PROMPT_LETTERS),
        },
        "names": {
            "fields": list(names.LIST_FIELDS),
            "separators": names.SEPARATORS,
            "people": names.PEOPLE_FIELD,
            "patterns": _export("names"),
        },
        "duration": {"max_months": duration.MAX_MONTHS},
        # A project's photos as the forms take them (PM603-PM610's limits; messages above).
        "media": {
            "max_image_bytes": media.MAX_IMAGE_BYTES,
            "max_image_side": media.MAX_IMAGE_SIDE,
            "max_files": media.MAX_FILES,
            "max_name": media.MAX_NAME,
            "image_formats": media.IMAGE_FORMATS,
            # Outcome files (PDF): their size limit, formats and the word PM603 names them by.
            "max_document_bytes": media.MAX_DOCUMENT_BYTES,
            "document_formats": media.DOCUMENT_FORMATS,
            "kinds": dict(media_rules.KIND_WORDS),
            "titles": {
                code: REGISTRY[code].title
                for code in ("PM603", "PM604", "PM605", "PM606", "PM607", "PM608", "PM610")
            },
        },
        "dates": {"sequence": [list(path) for path in dates.SEQUENCE]},
        "award": {
            "threshold": programme.settings.award_threshold,
            "patterns": _export("award"),
        },
        "scores": {"rubric": programme.settings.rubric, "criteria": info.criteria},
        # For the online forms: the loader's and the path rule's checks of what is typed, how the
        # loader types a plain value (a number box is written unquoted) and the application
        # window's dates (rules/dates.py window_warning).
        "form": {
            "codes": list(FORM_CODES),
            "patterns": _export("form"),
            "plain": loader.PLAIN_VALUES,
            "max_bytes": loader.MAX_BYTES,
            "max_slug": MAX_SLUG,
            "window": _window(programme),
        },
    }


def _window(programme: Programme) -> dict[str, Any] | None:
    window = programme.settings.calendar.get("application")
    if window is None:
        return None
    return {
        "title": window.title,
        "start": window.start,
        "end": window.end,
        "offset": window.offset,
    }


def browser_spec(programme: Programme) -> dict[str, Any]:
    """What a page embeds for docs/javascripts/shared/rules.js (JSON-ready): the project schema as
    read, the rule pack, the programme definition and the change receipt's words and patterns
    (docs/javascripts/shared/receipt.js). Pages add their own keys beside these."""
    return {
        "schema": programme.schema.schema,
        "pack": rule_pack(programme),
        "process": process.spec(),
        "receipt": receipt.spec(programme),
    }
