"""What a rule is: a stable code, a Chinese title and doc entry, and a way to report a finding.

Every rule module creates its `Rule` objects at import time; they register themselves here, so the
command line, the docs' rule reference and the tests all read one table.
"""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.core.diagnostics import Diagnostic, Severity

REGISTRY: dict[str, Rule] = {}


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    title: str
    doc: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if self.code in REGISTRY:
            raise ValueError(f"duplicate rule code {self.code}")
        REGISTRY[self.code] = self

    def at(
        self, path: str, pos: tuple[int, int], message: str, field: str | None = None
    ) -> Diagnostic:
        return Diagnostic(
            path=path,
            line=pos[0],
            col=pos[1],
            code=self.code,
            message=message,
            severity=self.severity,
            field=field,
        )
