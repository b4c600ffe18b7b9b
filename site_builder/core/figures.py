"""Numbers derived from a project: the acceptance total and the money. Exact decimals throughout."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

ONE_DECIMAL = Decimal("0.1")
# The approval decision that grants money (`approval.decision`).
APPROVED_DECISION = "approved"
CENTS = Decimal("0.01")


def to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def reviewer_sum(score: dict[str, Any], criteria: list[str]) -> int:
    return sum(int(score.get(c, 0)) for c in criteria)


def compute_total(scores: list[dict[str, Any]], criteria: list[str]) -> Decimal | None:
    """Mean of the reviewers' sums, one decimal, half up (as a person rounds)."""
    if not scores:
        return None
    sums = [reviewer_sum(s, criteria) for s in scores]
    return (Decimal(sum(sums)) / len(sums)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def total_of(data: dict[str, Any], criteria: list[str]) -> Decimal | None:
    acceptance = data.get("acceptance") or {}
    computed = compute_total(acceptance.get("scores") or [], criteria)
    return computed if computed is not None else to_decimal(acceptance.get("total"))


def grant_of(data: dict[str, Any]) -> Decimal:
    approval = data.get("approval") or {}
    if approval.get("decision") != APPROVED_DECISION:
        return Decimal(0)
    return to_decimal(approval.get("grant")) or Decimal(0)


def spent_of(data: dict[str, Any]) -> Decimal:
    return sum(
        (to_decimal(e.get("amount")) or Decimal(0) for e in data.get("expenses") or []),
        Decimal(0),
    )


def yuan(value: Decimal) -> str:
    """1000 → "1000", 85.5 → "85.50"."""
    return str(int(value)) if value == value.to_integral_value() else str(value.quantize(CENTS))
