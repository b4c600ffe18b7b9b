"""argparse in Chinese: its own words (`usage:`, `options:`, `show this help message and exit`,
its error messages) are looked up through the module's gettext function `argparse._`, which is
the hook argparse offers for translations; `install` points it at this table."""

from __future__ import annotations

import argparse

# Python 3.11's argparse messages that a user of this command line can meet.
MESSAGES = {
    "usage: ": "\u7528\u6cd5\uff1a",
    "positional arguments": "\u4f4d\u7f6e\u53c2\u6570",
    "options": "\u9009\u9879",
    "show this help message and exit": "\u663e\u793a\u672c\u8bf4\u660e\u5e76\u9000\u51fa",
    "argument %(argument_name)s: %(message)s": "\u53c2\u6570 %(argument_name)s\uff1a%(message)s",
    "unrecognized arguments: %s": "\u65e0\u6cd5\u8bc6\u522b\u7684\u53c2\u6570\uff1a%s",
    "the following arguments are required: %s": "\u7f3a\u5c11\u5fc5\u586b\u7684\u53c2\u6570\uff1a%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "\u4e0d\u80fd\u662f %(value)r\uff08\u53ef\u9009\uff1a%(choices)s\uff09"
    ),
    "expected one argument": "\u9700\u8981\u7ed9\u51fa\u4e00\u4e2a\u503c",
    "expected at most one argument": "\u81f3\u591a\u7ed9\u51fa\u4e00\u4e2a\u503c",
    "expected at least one argument": "\u81f3\u5c11\u7ed9\u51fa\u4e00\u4e2a\u503c",
    "not allowed with argument %s": "\u4e0d\u80fd\u4e0e %s \u540c\u65f6\u4f7f\u7528",
    "one of the arguments %s is required": "\u987b\u7ed9\u51fa %s \u4e2d\u7684\u4e00\u4e2a",
    "ambiguous option: %(option)s could match %(matches)s": (
        "\u9009\u9879 %(option)s \u4e0d\u660e\u786e\uff0c\u53ef\u80fd\u662f\uff1a%(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "%(value)r \u4e0d\u662f\u6709\u6548\u7684\u503c",
    "ignored explicit argument %r": "\u8be5\u9009\u9879\u4e0d\u63a5\u53d7\u503c %r",
    "unexpected option string: %s": "\u591a\u4f59\u7684\u9009\u9879\uff1a%s",
    "can't open '%(filename)s': %(error)s": (
        "\u65e0\u6cd5\u6253\u5f00 %(filename)s\uff1a%(error)s"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s\uff1a\u9519\u8bef\uff1a%(message)s\n",
    "show program's version number and exit": "\u663e\u793a\u7248\u672c\u53f7\u5e76\u9000\u51fa",
}
# ngettext's (singular, plural) -> the one Chinese form.
PLURALS = {
    ("expected %s argument", "expected %s arguments"): "\u9700\u8981\u7ed9\u51fa %s \u4e2a\u503c"
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get((singular, plural), singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak Chinese in this process (idempotent)."""
    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
