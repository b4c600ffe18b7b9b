"""The one message type every check produces, and its stable ordering."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

from site_builder.core.safetext import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: where (file, 1-based line and column), which rule, and the Chinese text."""

    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = "error"
    field: str | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.code, self.message)

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        """`projects/2026/cs-01.md:12:3: PS201 …`: the one-line form every adapter prints."""
        tag = "警告 " if self.severity == "warning" else ""
        # A path comes from the file system or git and may hold any character: shown, not acted on.
        return visible(f"{self.path}:{self.line}:{self.col}: {self.code} {tag}{self.message}")


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def counts(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    found = list(diagnostics)
    bad = len(errors(found))
    return bad, len(found) - bad


def line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text` (characters, or bytes for bytes)."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    line = text.count(newline, 0, offset) + 1
    return line, offset - (text.rfind(newline, 0, offset) + 1) + 1
