"""Diagnostics as text (Chinese, one line each), JSON, or GitHub annotations.

With the judging branch's `site_url`, JSON and GitHub output link each diagnostic to its rule's
entry in the site's rule reference; plain text stays as it is."""

from __future__ import annotations

import json
from typing import TextIO

from site_builder.cli.annotations import annotation, safe_line, see_also
from site_builder.core.diagnostics import Diagnostic, counts
from site_builder.rules.ruleset import REGISTRY

FORMATS = ("text", "json", "github")


def summary(files: int, diagnostics: list[Diagnostic]) -> str:
    errors, warnings = counts(diagnostics)
    verdict = "未通过" if errors else "通过"
    return f"检查了 {files} 个文件\uff1a{errors} 个错误\uff0c{warnings} 个警告。{verdict}。"


def doc_url(d: Diagnostic, site_url: str | None) -> str | None:
    """The address of `d`'s rule on the site, or None (no usable site_url, or no such rule)."""
    rule = REGISTRY.get(d.code)
    return rule.doc_url(site_url) if rule else None


def emit(
    fmt: str,
    diagnostics: list[Diagnostic],
    files: int,
    out: TextIO,
    extra: dict | None = None,
    preface: list[str] | None = None,
    site_url: str | None = None,
) -> None:
    """Print diagnostics in `fmt`; `preface` lines (plain Chinese text) come first in text modes."""
    if fmt == "json":
        errors, warnings = counts(diagnostics)
        payload = {
            "files": files,
            "errors": errors,
            "warnings": warnings,
            # "url" is always present: the rule's entry on the site, or null without a site_url.
            "diagnostics": [d.as_dict() | {"url": doc_url(d, site_url)} for d in diagnostics],
            **(extra or {}),
        }
        json.dump(payload, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "github":
        linked = [(d, doc_url(d, site_url)) for d in diagnostics]
        for d, url in linked:
            out.write(annotation(d, url) + "\n")
        # The runner shows about ten annotations per step: the plain list carries the rest.
        for text in [
            *(preface or []),
            *(d.text() + (f" {see_also(url)}" if url else "") for d, url in linked),
            summary(files, diagnostics),
        ]:
            out.write(safe_line(text) + "\n")
        return
    for text in [*(preface or []), *(d.text() for d in diagnostics), summary(files, diagnostics)]:
        out.write(text + "\n")
