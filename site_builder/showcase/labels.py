"""How the site names a programme year and an award year, so the two are never confused.

A project's 立项年度 is the academic year it starts in: 2025 is the 2025–2026 学年. Its award is
given in the year of its acceptance, the next calendar year: 2026 年度. Every page, the feed and
the statistics name them through these functions only."""

from __future__ import annotations

DEFAULT_AWARD = "\u4f18\u79c0\u6210\u679c"  # 优秀成果, the award's title when the file gives none
DOT = " \u00b7 "


def academic_year(year: int) -> str:
    """A 立项年度 (the project's `year`): 2025 → "2025–2026 学年"."""
    return f"{year}\u2013{year + 1} \u5b66\u5e74"


def award_year(year: int) -> str:
    """An award year (`award.year`, the year of the acceptance): 2026 → "2026 年度"."""
    return f"{year} \u5e74\u5ea6"


def award_name(year: int, title: str | None = None, rank: str | None = None) -> str:
    """An award in full: "2026 年度优秀成果 · 一等奖"."""
    name = award_year(year) + (title or DEFAULT_AWARD)
    return name + DOT + rank if rank else name
