"""A project as typed values: what a valid project file holds, field by field.

The loader gives a project's front matter as plain data with source positions (`Project`); once
the schema has accepted it, `ProjectRecord.of(project)` reads it into these frozen types, so the
pages, feeds and reports work with named, typed fields (a `Stage`, exact `Decimal` money, tuples)
rather than a dictionary. The schema (`schema/project.schema.json`) stays the one source of field
names and titles; this module only gives them Python types.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from site_builder.core.errors import SiteBuilderError
from site_builder.core.figures import APPROVED_DECISION, compute_total, to_decimal
from site_builder.core.process import Stage
from site_builder.core.project import Project

# The acceptance result that passes (`acceptance.result`).
PASSED = "passed"


class NotValidated(SiteBuilderError, ValueError):
    """The project does not have the shape the schema asks for (read it only after validation)."""

    code = "SB202"


def _opt(data: dict[str, Any], key: str) -> Any:
    return data.get(key)


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


@dataclass(frozen=True, slots=True)
class Approval:
    date: str
    decision: str  # approved | rejected (the schema's labels name them)
    grant: Decimal | None
    opinion: str | None

    @classmethod
    def of(cls, d: dict[str, Any]) -> Approval:
        return cls(d["date"], d["decision"], to_decimal(d.get("grant")), d.get("opinion"))


@dataclass(frozen=True, slots=True)
class Midterm:
    date: str
    opinion: str

    @classmethod
    def of(cls, d: dict[str, Any]) -> Midterm:
        return cls(d["date"], d["opinion"])


@dataclass(frozen=True, slots=True)
class Expense:
    date: str
    item: str
    amount: Decimal

    @classmethod
    def of(cls, d: dict[str, Any]) -> Expense:
        return cls(d["date"], d["item"], to_decimal(d["amount"]) or Decimal(0))


@dataclass(frozen=True, slots=True)
class Score:
    reviewer: str
    points: tuple[tuple[str, int], ...]  # (criterion, points) in the file's order

    @classmethod
    def of(cls, d: dict[str, Any]) -> Score:
        return cls(d["reviewer"], tuple((k, v) for k, v in d.items() if k != "reviewer"))


@dataclass(frozen=True, slots=True)
class Acceptance:
    date: str
    scores: tuple[Score, ...]
    written_total: Decimal | None  # as written in the file, if at all
    result: str  # passed | failed
    opinion: str | None

    @classmethod
    def of(cls, d: dict[str, Any]) -> Acceptance:
        return cls(
            d["date"],
            tuple(Score.of(s) for s in d.get("scores") or ()),
            to_decimal(d.get("total")),
            d["result"],
            d.get("opinion"),
        )

    def total(self, criteria: list[str]) -> Decimal | None:
        """The mean of the reviewers' sums (one decimal, half up); the written total if none."""
        computed = compute_total([dict(s.points) for s in self.scores], criteria)
        return computed if computed is not None else self.written_total


@dataclass(frozen=True, slots=True)
class Award:
    year: int
    title: str
    rank: str | None
    prize: Any
    notice_start: str | None = None  # 公示: the first day of the nomination's public notice

    @classmethod
    def of(cls, d: dict[str, Any]) -> Award:
        return cls(
            d["year"],
            d.get("title", "优秀成果"),
            d.get("rank"),
            d.get("prize"),
            d.get("notice_start"),
        )


@dataclass(frozen=True, slots=True)
class Withdrawal:
    date: str
    reason: str

    @classmethod
    def of(cls, d: dict[str, Any]) -> Withdrawal:
        return cls(d["date"], d["reason"])


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    """One valid project, typed. `key` is `2026/slug`, `path` the file's repository path."""

    path: str
    key: str
    slug: str
    title: str
    year: int
    category: str
    unit: str
    general_branch: str
    branch: str
    secretary: str
    executors: tuple[str, ...]
    applied_on: str
    summary: str
    duration_months: int
    duration_reason: str | None
    tags: tuple[str, ...]
    stage: Stage
    approval: Approval | None
    midterm: Midterm | None
    concluded_on: str | None
    expenses: tuple[Expense, ...] | None
    acceptance: Acceptance | None
    award: Award | None
    withdrawal: Withdrawal | None
    body: str

    @classmethod
    def of(cls, project: Project) -> ProjectRecord:
        """Raises NotValidated when the front matter is not what the schema accepts."""
        d = project.data
        stage = project.stage
        if stage is None:
            raise NotValidated(f"{project.path}: stage")
        try:
            return cls(
                path=project.path,
                key=project.key,
                slug=project.slug,
                title=d["title"],
                year=d["year"],
                category=d["category"],
                unit=d["unit"],
                general_branch=d["general_branch"],
                branch=d["branch"],
                secretary=d["secretary"],
                executors=_texts(d["executors"]),
                applied_on=d["applied_on"],
                summary=d["summary"],
                duration_months=d.get("duration_months", 12),
                duration_reason=_opt(d, "duration_reason"),
                tags=_texts(d.get("tags")),
                stage=stage,
                approval=Approval.of(d["approval"]) if d.get("approval") else None,
                midterm=Midterm.of(d["midterm"]) if d.get("midterm") else None,
                concluded_on=_opt(d, "concluded_on"),
                expenses=(tuple(Expense.of(e) for e in d["expenses"]) if "expenses" in d else None),
                acceptance=Acceptance.of(d["acceptance"]) if d.get("acceptance") else None,
                award=Award.of(d["award"]) if d.get("award") else None,
                withdrawal=Withdrawal.of(d["withdrawal"]) if d.get("withdrawal") else None,
                body=project.body,
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise NotValidated(f"{project.path}: {exc}") from None

    @property
    def grant(self) -> Decimal:
        """The grant of an approved project; 0 otherwise."""
        a = self.approval
        if a is None or a.decision != APPROVED_DECISION or a.grant is None:
            return Decimal(0)
        return a.grant

    @property
    def spent(self) -> Decimal:
        """The sum of the expenses (0 before the closing report)."""
        return sum((e.amount for e in self.expenses or ()), Decimal(0))
