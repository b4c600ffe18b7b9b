"""Diagnostics as text (Chinese, one line each), JSON, or GitHub annotations."""

from __future__ import annotations

import json
from typing import TextIO

from site_builder.cli.annotations import annotation, safe_line
from site_builder.core.diagnostics import Diagnostic, counts

FORMATS = ("text", "json", "github")


def summary(files: int, diagnostics: list[Diagnostic]) -> str:
    errors, warnings = counts(diagnostics)
    verdict = "未通过" if errors else "通过"
    return f"检查了 {files} 个文件:{errors} 个错误,{warnings} 个警告。{verdict}。"


def emit(
    fmt: str,
    diagnostics: list[Diagnostic],
    files: int,
    out: TextIO,
    extra: dict | None = None,
    preface: list[str] | None = None,
) -> None:
    """Print diagnostics in `fmt`; `preface` lines (plain Chinese text) come first in text modes."""
    if fmt == "json":
        errors, warnings = counts(diagnostics)
        payload = {
            "files": files,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.as_dict() for d in diagnostics],
            **(extra or {}),
        }
        json.dump(payload, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "github":
        for d in diagnostics:
            out.write(annotation(d) + "\n")
        # The runner shows about ten annotations per step: the plain list carries the rest.
        for text in [
            *(preface or []),
            *(d.text() for d in diagnostics),
            summary(files, diagnostics),
        ]:
            out.write(safe_line(text) + "\n")
        return
    for text in [*(preface or []), *(d.text() for d in diagnostics), summary(files, diagnostics)]:
        out.write(text + "\n")
