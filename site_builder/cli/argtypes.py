"""Argument types shared by the commands: a programme year and a calendar date, each refused in
Chinese when written wrongly."""

from __future__ import annotations

import argparse
from datetime import date


def year_arg(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"年度“{text}”应为四位数字\uff0c如 2026")
    return int(text)


def day_arg(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期“{text}”应写作 YYYY-MM-DD\uff0c如 2027-04-01"
        ) from None
