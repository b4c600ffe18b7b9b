"""The one message type every check produces, and its stable ordering."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

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


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)
