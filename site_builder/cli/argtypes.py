"""Argument types shared by the commands: a programme year and a calendar date, each refused in
Chinese when written wrongly (argparse prints the message after the option's name, with the code
ARGUMENT_CODE)."""

from __future__ import annotations

import argparse
import re
from datetime import date

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def year_arg(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"年度\u201c{text}\u201d应为四位数字\uff0c如 2026\u3002")
    return int(text)


def day_arg(text: str) -> date:
    if not _DAY.match(text):
        raise argparse.ArgumentTypeError(
            f"日期\u201c{text}\u201d应写作 YYYY-MM-DD\uff08年-月-日\uff0c月和日各两位\uff09\uff0c如 2027-04-01\u3002"
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期\u201c{text}\u201d在日历上没有\uff08写作 YYYY-MM-DD\uff0c月为 01\u201412\uff0c日不超过当月的天数\uff09"
            "\u3002请改正\uff0c如 2027-04-01\u3002"
        ) from None
