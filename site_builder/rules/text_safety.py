"""PB406: front-matter text never carries markup (it lands in titles, cards and meta tags)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from site_builder.core.diagnostics import Diagnostic
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule

ANGLE = Rule(
    "PB406",
    "项目信息含有尖括号",
    "前置信息中的文字不能含有 `<` 或 `>`\uff0c它们会被当作网页标签。请改用全角〈〉或书名号《》。",
)


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    for path, text in _strings(project.data, ()):
        if "<" in text or ">" in text:
            yield ANGLE.at(
                project.path,
                project.pos(path),
                f"{programme.schema.describe(path)} 含有尖括号 < 或 >。请改用全角〈〉或书名号《》。",
                ".".join(map(str, path)),
            )
