"""How a project body keeps its lines and numbering: the one definition the site's project pages,
the printed forms, the search index (it reads the built pages) and the validator's rendered look
share, and that the online forms' preview (docs/javascripts/shared/preview.js) follows.

People write a plan in Word and paste it. What they see there is what the page must show:

- a single line break stays a line break (一、… / 1．… / （1）… on lines of their own), as
  Python-Markdown's `nl2br` would do, for project bodies only (the guide pages keep Markdown's
  joining of lines);
- a line led by full-width spaces (U+3000, 首行缩进) or a tab starts a paragraph of its own with the
  page's paragraph indent (the class `INDENT_CLASS`, styled in the site's and the forms'
  stylesheets) instead of keeping the spaces as a gap;
- an indented line is never a code block: outside a list its leading spaces and tabs are dropped
  (fenced code stays code);
- everything else (lists, ### headings, emphasis, links, images, fenced code) is Markdown as the
  site renders it.

`faithful` turns a body (or a section of one) into Markdown that renders that way with the site's
own extensions (mkdocs.yml), so nothing site-wide changes: hard breaks are two trailing spaces and
the indent is an attribute list on the paragraph (the body itself may not write one: PB405).
"""

from __future__ import annotations

import re

from site_builder.core.markdown import lines

INDENT_CLASS = "sb-indent"
# Emoji and pictographs: drawn only by a font that has them (Noto Color Emoji on Debian).
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U0001fc00-\U0001fffd\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
)
# The pictographs of the supplementary planes (faces, objects, flags: 😀 🎓 👍): Chinese and Latin
# fonts have none, so a device without an emoji font shows an empty box (PB409 names them). The
# older symbols of EMOJI's BMP ranges (★ ☎ ☀) are in the Chinese fonts and are not named.
PICTOGRAPH = re.compile("[\U0001f000-\U0001faff\U0001fc00-\U0001fffd]")
INDENT_ATTR = "{: ." + INDENT_CLASS + " }"

IDEOGRAPHIC_SPACE = "\u3000"
# A list item as Python-Markdown reads one: `-`, `*`, `+` or `1.` and a space.
_LIST_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+\.)[ \t]+\S")
_ANY_ITEM = re.compile(r"^[ \t]*(?:[*+-]|\d+\.)[ \t]+\S")  # nested ones too
# A note box's first line (admonition, pymdownx.details): its indented lines are its content.
_CONTAINER = re.compile(r"^ {0,3}(?:!!!|\?\?\?\+?)[ \t]")
# A line leading a paragraph with an indent: full-width spaces or a tab (spaces may come with it).
_INDENTED = re.compile(r"^[ \t]*(?:\u3000|\t)[ \t\u3000]*")
# Four or more spaces: Markdown's indented code, which a project body never has.
_CODE_INDENT = re.compile(r"^ {4,}")
# Lines that are blocks of their own (a hard break before them would end a paragraph with `<br>`).
_BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|>|\||(?:[-*_][ \t]*){3,}$)")


def faithful(text: str) -> str:
    """`text` (a body or a section of one) as Markdown that renders with its line breaks kept,
    indented lines as indented paragraphs and no indented code."""
    out: list[str] = []
    kinds: list[str] = []  # per output line: "code", "blank", "text", "block", "attr"
    in_list = False  # in a list or a note box: indented lines are its content
    indent_open = False  # the current paragraph was led by an indent

    def close_indent() -> None:
        nonlocal indent_open
        if indent_open:
            out.append(INDENT_ATTR)
            kinds.append("attr")
            indent_open = False

    for _, line, code, _heading in lines(text):
        if code:
            close_indent()
            in_list = False
            out.append(line)
            kinds.append("code")
            continue
        if not line.strip(" \t\u3000"):
            close_indent()
            out.append("")
            kinds.append("blank")
            continue
        if _CONTAINER.match(line):
            close_indent()
            in_list = True  # its indented lines stay indented, as a list item's do
            out.append(line)
            kinds.append("block")
            continue
        if _LIST_ITEM.match(line):
            close_indent()
            in_list = True
            out.append(line)
            kinds.append("text")
            continue
        lead = _INDENTED.match(line)
        if in_list and line[:1] in (" ", "\t") and not (lead and IDEOGRAPHIC_SPACE in lead.group()):
            out.append(line)  # a list item's continuation or a nested list
            kinds.append("text")
            continue
        prev_blank = not kinds or kinds[-1] in ("blank", "code")
        if lead is not None:
            close_indent()
            if not prev_blank:
                out.append("")
                kinds.append("blank")
            in_list = False
            indent_open = True
            out.append(line[lead.end() :])
            kinds.append("text")
            continue
        if prev_blank:
            in_list = False
        stripped = _CODE_INDENT.sub("", line)
        if _BLOCK_START.match(stripped):
            close_indent()
            out.append(stripped)
            kinds.append("block")
            continue
        out.append(stripped)
        kinds.append("text")
    close_indent()
    # A line of text followed by another line of the same paragraph ends with a hard break.
    for i in range(len(out) - 1):
        if kinds[i] != "text" or kinds[i + 1] != "text":
            continue
        # Before a list item, only a line outside a list (Markdown joins the two; the break keeps
        # them apart); between items of a list, nothing.
        if not _ANY_ITEM.match(out[i + 1]) or not _in_list_line(out, i):
            out[i] = out[i].rstrip(" ") + "  "
    # Fenced code stands apart from the text around it (Python-Markdown would otherwise put the
    # code box and the next line into one paragraph).
    parted: list[str] = []
    for i, line in enumerate(out):
        if (
            i
            and (kinds[i] == "code") != (kinds[i - 1] == "code")
            and "blank" not in kinds[i - 1 : i + 1]
        ):
            parted.append("")
        parted.append(line)
    return "\n".join(parted)


def _in_list_line(out: list[str], i: int) -> bool:
    """Whether output line `i` belongs to a list (a list item or its continuation)."""
    j = i
    while j >= 0 and out[j].strip():
        if _LIST_ITEM.match(out[j]):
            return True
        if not out[j].startswith((" ", "\t")) and j < i:
            return False
        j -= 1
    return False


def emoji_in(text: str) -> list[str]:
    """The emoji of `text`, each once, in order."""
    return list(dict.fromkeys(EMOJI.findall(text)))
