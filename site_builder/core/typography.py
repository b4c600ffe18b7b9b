"""Chinese typography: full-width punctuation in Chinese prose, and the check for what is left.

`fix_prose` and `fix_markdown` run AutoCorrect (`autocorrect-py`, the CJK copywriting formatter)
with this project's configuration, then the few rules it lacks. They are a developer's tool
(`python -m tools.typography`): our own text is fixed once in its source file, never at run time,
so a page always shows what its file says. `halfwidth_in_chinese` is the check the tests run over
the built site, the command line's messages and the forms.

Style: full-width `，：；（）？！。` in Chinese prose; no space is added between Chinese and digits
or Latin words (2026年3月, as in government documents); spaces a writer typed there are kept;
code, URLs, HTML tags and Jinja are never touched."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

# Han ideographs, and the punctuation that only occurs in CJK text: CJK symbols and punctuation
# (、。《》「」【】〔〕), full-width forms (，：；（）？！), curly quotes, ellipsis and em dash.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = HAN + "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CJK += "\u2018\u2019\u201c\u201d\u2026\u2014"
# Opaque stand-ins for code, tags, URLs and f-string fields while prose is fixed (private use).
OPAQUE = "\ue000-\uf8ff\U000f0000-\U000ffffd"
FULL_WIDTH = {
    ",": "\uff0c",
    ":": "\uff1a",
    ";": "\uff1b",
    "?": "\uff1f",
    "!": "\uff01",
    "(": "\uff08",
    ")": "\uff09",
}

# What the tests flag: a half-width mark between two CJK characters, or a half-width parenthesis
# next to one.
_HALFWIDTH = re.compile(f"[{CJK}][,:;?!][{CJK}]|[{CJK}][()]|[()][{CJK}]")


def halfwidth_in_chinese(text: str) -> list[str]:
    """Each half-width `, : ; ? ! ( )` in Chinese context, with a little text around it."""
    found = []
    for m in _HALFWIDTH.finditer(text):
        snippet = text[max(0, m.start() - 8) : m.end() + 8].replace("\n", " ")
        found.append(snippet)
    return found


# AutoCorrect's configuration. Spacing rules are off: it would write "2026 年 3 月" and
# "计划周期 (月)". Its fullwidth rule turns `, . : ! ?` next to CJK into full-width marks.
AUTOCORRECT_CONFIG = {
    "rules": {
        "space-word": 0,
        "space-punctuation": 0,
        "space-bracket": 0,
        "space-dash": 0,
        "space-backticks": 0,
        "fullwidth": 1,
        "no-space-fullwidth": 1,
        "no-space-fullwidth-quote": 1,
        "halfwidth-word": 1,
        "halfwidth-punctuation": 0,  # would undo （PR） after a Latin word
        "spellcheck": 0,
    },
    "context": {"codeblock": 0},
}

_configured = False


def _autocorrect(text: str) -> str:
    global _configured
    import autocorrect_py  # a development dependency: only this fixer needs it

    if not _configured:
        autocorrect_py.load_config(json.dumps(AUTOCORRECT_CONFIG))
        _configured = True
    return autocorrect_py.format(text)


class Shield:
    """Swap spans that are not prose for single private-use characters, and back."""

    def __init__(self, first: int = 0xE000) -> None:
        self.next = first
        self.saved: dict[str, str] = {}

    def hide(self, pattern: re.Pattern[str], text: str) -> str:
        return pattern.sub(lambda m: self.stand_in(m.group(0)), text)

    def stand_in(self, original: str) -> str:
        mark = chr(self.next)
        self.next += 1
        self.saved[mark] = original
        return mark

    def restore(self, text: str) -> str:
        if not self.saved:
            return text
        marks = re.compile("|".join(map(re.escape, self.saved)))
        # Nested stand-ins (a tag inside a hidden span) come back in later rounds.
        while marks.search(text):
            text = marks.sub(lambda m: self.saved[m.group(0)], text)
        return text


# Never prose, in the order they are hidden: Jinja, HTML comments and tags, code spans, Markdown
# link targets and reference definitions, bare URLs, HTML entities.
_NOT_PROSE = [
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"</?[A-Za-z][^<>]*>"),
    re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL),
    re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"),
    re.compile(r"^[ ]{0,3}\[[^\]]+\]:[ \t]+\S+.*$", re.MULTILINE),
    re.compile(r"(?:https?|mailto|ftp)://[^\s<>()\"'`" + CJK + "]+"),
    re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"),
    # A mark that is itself the subject, as in 英文逗号“,”; and the ideographic spaces of a form's
    # blanks (　　年　　月　　日), which AutoCorrect would turn into ASCII spaces.
    re.compile("[\u201c\u2018\u300c\u300e] ?[,.:;?!()\\[\\]{}<>]+ ?[\u201d\u2019\u300d\u300f]"),
    re.compile("\u3000+"),
]

# After a CJK character a half-width mark is a slip (`!` before `[` starts a Markdown image).
_AFTER_CJK = re.compile(f"(?<=[{CJK}])([*_]{{0,3}})([,:;?]|!(?!\\[))([ ]+(?=[^ \\n]))?")
# Between code, a field or a Latin word and the Chinese that follows, the mark belongs to the
# Chinese sentence: `grant`,然后 / CODEOWNERS:项目文件.
_BEFORE_CJK = re.compile(f"(?<=[{OPAQUE}A-Za-z0-9_%/])([,:;?!])(?=[{CJK}])")
_PARENS = re.compile(r"(?<!\])\(([^()\n]*)\)")
_HAS_CJK = re.compile(f"[{CJK}]")
_HAS_HAN = re.compile(f"[{HAN}]")
_ONLY_OPAQUE = re.compile(f"[{OPAQUE} ]+")
_OPAQUE_OR_CJK = re.compile(f"[{OPAQUE}{CJK}]")
_WORD = re.compile(r"[A-Za-z0-9_]")


def _parens(m: re.Match[str]) -> str:
    text, inner = m.string, m.group(1)
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if not inner.strip():
        return m.group(0)
    if _HAS_CJK.search(inner):
        return f"\uff08{inner}\uff09"
    if _ONLY_OPAQUE.fullmatch(inner) and _OPAQUE_OR_CJK.fullmatch(before or "x"):
        # {stage}({label}) inside a Chinese sentence: the field is Chinese text at run time.
        return f"\uff08{inner}\uff09" if _HAS_HAN.search(text) else m.group(0)
    if _HAS_CJK.fullmatch(after or "x"):  # 按钮名称“允许的 Actions(Actions permissions)”
        return f"\uff08{inner}\uff09"
    if _WORD.fullmatch(before or "x"):  # a call such as len(x): code
        return m.group(0)
    if _HAS_CJK.fullmatch(before or "x"):
        return f"\uff08{inner}\uff09"
    return m.group(0)


def _extra_rules(text: str) -> str:
    """What AutoCorrect leaves: `;` and marks after CJK, marks after code, and parentheses."""
    while True:
        fixed = _PARENS.sub(_parens, text)
        if fixed == text:
            break
        text = fixed
    text = _AFTER_CJK.sub(lambda m: m.group(1) + FULL_WIDTH[m.group(2)], text)
    return _BEFORE_CJK.sub(lambda m: FULL_WIDTH[m.group(1)], text)


def fix_prose(text: str) -> str:
    """Chinese prose (a message, a paragraph, a template's text) with full-width punctuation.

    Code spans, HTML tags, URLs, Jinja and private-use stand-ins (a caller's hidden fields) are
    left exactly as they are."""
    if not _HAS_CJK.search(text):
        return text
    shield = Shield()
    for pattern in _NOT_PROSE:
        text = shield.hide(pattern, text)
    for _ in range(3):  # a mark the extra rules made full-width may free a space to drop
        fixed = _extra_rules(_autocorrect(text))
        if fixed == text:
            break
        text = fixed
    return shield.restore(text)


_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})")
_RAW_BLOCK = re.compile(r"^\s*<(script|style|pre)\b", re.IGNORECASE)


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter with its `---` lines, body); the first part is empty when there is none."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            return text[: end + 5], text[end + 5 :]
        if text.endswith("\n---"):
            return text, ""
    return "", text


def markdown_parts(text: str) -> list[tuple[bool, str]]:
    """The body split into (is_prose, text) runs: fenced code and raw HTML blocks are not prose."""
    parts: list[tuple[bool, str]] = []
    prose: list[str] = []
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        raw = _RAW_BLOCK.match(line)
        if not fence and not raw:
            prose.append(line)
            i += 1
            continue
        if prose:
            parts.append((True, "".join(prose)))
            prose = []
        block = [line]
        i += 1
        if fence:
            mark = fence.group(2)
            while i < len(lines):
                block.append(lines[i])
                i += 1
                if lines[i - 1].strip().startswith(mark[0] * len(mark)):
                    break
        else:
            closing = f"</{raw.group(1).lower()}>"  # type: ignore[union-attr]
            while closing not in block[-1].lower() and i < len(lines):
                block.append(lines[i])
                i += 1
        parts.append((False, "".join(block)))
    if prose:
        parts.append((True, "".join(prose)))
    return parts


# Inside a code block only what is Chinese on both sides changes: a mark between two CJK
# characters (`所学,每月` -> `所学\uff0c每月`, `小结:……`), and a pair of parentheses around
# or next to Chinese. Keys, paths, commands and Latin text keep their marks.
_CODE_MARK = re.compile(f"(?<=[{CJK}])([,:;?!])(?=[{CJK}])")
_CODE_PARENS = re.compile(
    f"(?<=[{CJK}])\\(([^()\n]*)\\)|\\(([^()\n]*[{HAN}][^()\n]*)\\)(?=[{CJK}])"
)


def fix_code(text: str) -> str:
    """The Chinese inside a code example (a YAML value such as `opinion: 项目紧扣专业特色,服务对象
    明确`) in full-width punctuation; everything else in the block untouched."""
    if not _HAS_HAN.search(text):
        return text

    def parens(m: re.Match[str]) -> str:
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        return "\uff08" + inner + "\uff09"

    return _CODE_PARENS.sub(parens, _CODE_MARK.sub(lambda m: FULL_WIDTH[m.group(1)], text))


def fix_markdown(
    text: str, prose: Callable[[str], str] = fix_prose, code: Callable[[str], str] | None = None
) -> str:
    """A Markdown page with its prose fixed; front matter and raw HTML untouched, fenced code
    too unless `code` is given (then it fixes each block's lines between its fences)."""
    front, body = split_front_matter(text)

    def other(part: str) -> str:
        if code is None or not _FENCE.match(part):
            return part
        lines = part.splitlines(keepends=True)
        closed = len(lines) > 1 and _FENCE.match(lines[-1]) is not None
        inner = lines[1:-1] if closed else lines[1:]
        return lines[0] + code("".join(inner)) + (lines[-1] if closed else "")

    return front + "".join(
        prose(part) if is_prose else other(part) for is_prose, part in markdown_parts(body)
    )
