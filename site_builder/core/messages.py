"""One message catalogue for Python and the browser: a template per rule code (or code and
variant, `PB404.scheme`) with named placeholders, `{field}`. Python fills a template with `fill`;
the browser's rules (docs/javascripts/shared/rules.js) fill the same text, read from the rule pack,
with a formatter that knows exactly this syntax: `{name}` is a value, `{{` and `}}` are braces.
No format specs, indexes or attributes (a test holds every template to that)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from string import Formatter
from typing import Any

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def placeholders(template: str) -> list[str]:
    """The named placeholders of `template`; ValueError for anything the browser cannot fill."""
    names = []
    for _, name, spec, conversion in Formatter().parse(template):
        if name is None:
            continue
        if spec or conversion or not _NAME.fullmatch(name):
            raise ValueError(f"template placeholder {{{name}}} is not a plain name: {template!r}")
        names.append(name)
    return names


def fill(template: str, /, **values: Any) -> str:
    """`template` with its placeholders replaced by `values` (str() of each)."""
    return template.format_map({k: str(v) for k, v in values.items()})


class Catalogue(Mapping[str, str]):
    """A rule module's templates, keyed by rule code or `code.variant`. Calling it fills one."""

    def __init__(self, templates: Mapping[str, str]) -> None:
        for key, template in templates.items():
            placeholders(template)
            if not re.fullmatch(r"P[A-Z][0-9]{3}(\.[a-z_]+)?", key):
                raise ValueError(f"message key {key!r} is not CODE or CODE.variant")
        self._templates = dict(templates)

    def __getitem__(self, key: str) -> str:
        return self._templates[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._templates)

    def __len__(self) -> int:
        return len(self._templates)

    def __call__(self, key: str, /, **values: Any) -> str:
        return fill(self._templates[key], **values)
