"""What a rule is: a stable code, a Chinese title and doc entry, and a way to report a finding.

Every rule module creates its `Rule` objects at import time; they register themselves here, so the
command line, the docs' rule reference and the tests all read one table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from site_builder.core.diagnostics import Diagnostic, Severity
from site_builder.core.site_config import http_base

REGISTRY: dict[str, Rule] = {}
Subject = TypeVar("Subject")

# The generated rule reference: its source page and the address MkDocs publishes it at. Each rule
# is a heading whose text is the bare code, so the toc slug (lower case) is the anchor.
RULES_PAGE = "rules-reference.md"
RULES_PAGE_PATH = "rules-reference/"


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

    @property
    def anchor(self) -> str:
        return self.code.lower()

    @property
    def doc_path(self) -> str:
        """`rules-reference/#pf101`: this rule's entry, relative to the site's address."""
        return f"{RULES_PAGE_PATH}#{self.anchor}"

    def doc_url(self, site_url: str | None) -> str | None:
        """The entry's full address under an http(s) `site_url`; None without one."""
        base = http_base(site_url)
        return f"{base}/{self.doc_path}" if base else None

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


@dataclass(frozen=True, slots=True)
class Check(Generic[Subject]):
    """One rule's check in a running order (the pull-request rules run this way).

    `stops`: once it finds something, the checks after it are skipped for that subject; they would
    only judge a change that cannot stand anyway.
    """

    rule: Rule
    run: Callable[[Subject], Iterable[Diagnostic]]
    stops: bool = False


def run_checks(checks: Iterable[Check[Subject]], subject: Subject) -> tuple[list[Diagnostic], bool]:
    """Run `checks` in order on `subject`: the findings, and whether a stopping check fired."""
    found: list[Diagnostic] = []
    for check in checks:
        new = list(check.run(subject))
        found += new
        if new and check.stops:
            return found, True
    return found, False
