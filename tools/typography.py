"""Full-width punctuation in our own Chinese text, fixed in the files (a developer's tool).

    python -m tools.typography --check          # list what would change, as a diff; exit 1 if any
    python -m tools.typography --fix            # rewrite the files
    python -m tools.typography --fix PATH...    # only these files or folders

By default it covers what the repository itself writes: Python string literals and templates in
site_builder/, the hand-written pages, README, the pull-request templates, workflow and schema
titles, data comments and the example projects. Code never changes: in Python only string
literals (not docstrings, raw strings or `re.*(...)` arguments; a line with `typography: skip`
is left alone), in Markdown only prose outside front matter, code and HTML tags (and, on our guide pages, the
Chinese inside code examples: a mark between two Chinese characters), in YAML only
comments and a few named text keys, in a project's front matter only scalar text values, in the
schema only `title`, `description` and label values. Full-width marks it writes into Python
source are `\\uXXXX` escapes."""

from __future__ import annotations

import argparse
import ast
import codecs
import difflib
import io
import json
import re
import sys
import tokenize
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from site_builder.core.typography import (
    HAN,
    fix_code,
    fix_markdown,
    fix_prose,
    markdown_parts,
    split_front_matter,
)

ROOT = Path(__file__).resolve().parent.parent
# README.md is English for developers; its few Chinese lines quote titles and are kept by hand.
DEFAULT_PATHS = (
    "site_builder",
    "docs",
    "overrides",
    ".github",
    ".pre-commit-hooks.yaml",
    "mkdocs.yml",
    "schema",
    "data",
    "projects",
)
_HAS_HAN = re.compile(f"[{HAN}]")
# Written as escapes in Python source: these can silently turn into ASCII look-alikes when typed.
_ESCAPED = re.compile("[\u2014\u2018\u2019\u201c\u201d\u2026\u3000-\u303f\uff00-\uffef]")


# --- Python -------------------------------------------------------------------------------

_STRING = re.compile(r"(?is)^([rbuf]*)('''|\"\"\"|'|\")(.*)\2$")
_ESCAPE = re.compile(
    r"\\(N\{[^}]*\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|.)", re.S
)
FIELD = 0xF0000  # first stand-in for an f-string field (OPAQUE to the prose fixer)


def _field_end(body: str, start: int) -> int:
    """Index just past the `}` closing the f-string field that opens at `start`."""
    depth, i, quote = 0, start, ""
    while i < len(body):
        ch = body[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "{[(":
            depth += 1
        elif ch in "}])":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unclosed f-string field")


def _atoms(body: str, fstring: bool, field: int) -> list[tuple[str, str]]:
    """(source text, the one character it stands for) for the body of a string literal; an
    f-string field stands for a private-use character, numbered from `field`."""
    atoms: list[tuple[str, str]] = []
    pending = ""  # source that stands for nothing (a backslash-newline) joins the next atom
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            m = _ESCAPE.match(body, i)
            assert m is not None
            src = m.group(0)
            value = codecs.decode(src, "unicode_escape") if src != "\\\n" else ""
            i = m.end()
        elif fstring and body.startswith(("{{", "}}"), i):
            src, value = body[i : i + 2], ch
            i += 2
        elif fstring and ch == "{":
            end = _field_end(body, i)
            src, value = body[i:end], chr(field)
            field += 1
            i = end
        else:
            src, value = ch, ch
            i += 1
        if not value:
            pending += src
            continue
        for n, c in enumerate(value):
            atoms.append(((pending + src) if n == 0 else "", c))
            pending = ""
    if pending:
        atoms.append((pending, ""))
    return atoms


def _encode(ch: str, quote: str, fstring: bool) -> str:
    if _ESCAPED.match(ch):
        return f"\\u{ord(ch):04x}"
    if ch == "\\":
        return "\\\\"
    if ch == "\n":
        return "\\n"
    if ch == quote[0] and len(quote) == 1:
        return "\\" + ch
    if fstring and ch in "{}":
        return ch * 2
    return ch


class _Literal:
    def __init__(self, token: str, field: int) -> None:
        m = _STRING.match(token)
        assert m is not None, token
        self.prefix, self.quote, body = m.groups()
        self.fstring = "f" in self.prefix.lower()
        self.prose = not set(self.prefix.lower()) & {"r", "b"}
        self.atoms = _atoms(body, self.fstring, field) if self.prose else []
        self.tail = "".join(src for src, c in self.atoms if not c)
        self.atoms = [(src, c) for src, c in self.atoms if c]

    def build(self, body: list[str]) -> str:
        return self.prefix + self.quote + "".join(body) + self.tail + self.quote


def fix_string_group(tokens: list[str]) -> list[str]:
    """Adjacent string literals (joined by Python) fixed as the one text they make, so that a
    parenthesis opened in one and closed in the next is seen whole."""
    literals: list[_Literal] = []
    field = FIELD
    for token in tokens:
        literals.append(_Literal(token, field))
        field += len(literals[-1].atoms)
    if not all(lit.prose for lit in literals):
        return tokens
    owner = [n for n, lit in enumerate(literals) for _ in lit.atoms]
    sources = [src for lit in literals for src, _ in lit.atoms]
    decoded = "".join(c for lit in literals for _, c in lit.atoms)
    if not _HAS_HAN.search(decoded):
        return tokens
    fixed = fix_prose(decoded)
    if fixed == decoded:
        return tokens
    fields = {c: src for lit in literals for src, c in lit.atoms if ord(c) >= FIELD}
    bodies: list[list[str]] = [[] for _ in literals]
    values: list[list[str]] = [[] for _ in literals]
    matcher = difflib.SequenceMatcher(None, decoded, fixed, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i in range(i1, i2):
                bodies[owner[i]].append(sources[i])
                values[owner[i]].append(decoded[i])
            continue
        # New text goes to the literal of the first character it replaces (or follows).
        n = owner[i1] if i1 < i2 else owner[max(i1 - 1, 0)] if owner else 0
        lit = literals[n]
        for c in fixed[j1:j2]:
            bodies[n].append(fields.get(c) or _encode(c, lit.quote, lit.fstring))
            values[n].append(c)
    out = [lit.build(body) for lit, body in zip(literals, bodies, strict=True)]
    for lit, new, value in zip(literals, out, values, strict=True):
        if not lit.fstring and ast.literal_eval(new) != "".join(value):
            raise ValueError(f"re-encoding changed the text: {new!r}")
    return out


_SKIP_KINDS = {tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}


def fix_python(source: str) -> str:
    """Chinese prose in a module's string literals; docstrings, regexes and code untouched."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    skip_lines = {n for n, line in enumerate(lines, 1) if "typography: skip" in line}
    significant = [t for t in tokens if t.type not in _SKIP_KINDS]
    edits: list[tuple[int, int, str]] = []
    regex_depth: list[bool] = []  # for each open bracket: is it a call of re.something?
    k = 0
    while k < len(significant):
        tok = significant[k]
        k += 1
        if tok.type == tokenize.OP and tok.string in "([{":
            is_re = (
                tok.string == "("
                and k >= 4
                and significant[k - 3].string == "."
                and significant[k - 4].string == "re"
            )
            regex_depth.append(is_re or (bool(regex_depth) and regex_depth[-1]))
            continue
        if tok.type == tokenize.OP and tok.string in ")]}":
            if regex_depth:
                regex_depth.pop()
            continue
        if tok.type != tokenize.STRING:
            continue
        group = [tok]
        while k < len(significant) and significant[k].type == tokenize.STRING:
            group.append(significant[k])
            k += 1
        if regex_depth and regex_depth[-1]:
            continue
        if any(t.start[0] in skip_lines or t.end[0] in skip_lines for t in group):
            continue
        first = k - len(group) - 1
        before = significant[first].type if first >= 0 else tokenize.NEWLINE
        after = significant[k].type if k < len(significant) else tokenize.NEWLINE
        if before in (tokenize.NEWLINE, tokenize.ENCODING) and after in (
            tokenize.NEWLINE,
            tokenize.ENDMARKER,
        ):
            continue  # a docstring
        for t, new in zip(group, fix_string_group([t.string for t in group]), strict=True):
            if new != t.string:
                begin = starts[t.start[0] - 1] + t.start[1]
                end = starts[t.end[0] - 1] + t.end[1]
                edits.append((begin, end, new))
    for begin, end, new in reversed(edits):
        source = source[:begin] + new + source[end:]
    if edits:
        compile(source, "<fixed>", "exec")
    return source


# --- JSON schema ---------------------------------------------------------------------------

_PAIR = re.compile(r'("(?:[^"\\]|\\.)*")(\s*:\s*)("(?:[^"\\]|\\.)*")')
_NOT_TEXT_KEYS = {"pattern", "const", "default", "format", "type", "$ref", "$id", "$schema"}


def fix_schema(source: str) -> str:
    """Text values (`title`, `description`, labels) of a JSON file; keys and patterns untouched."""

    def one(m: re.Match[str]) -> str:
        key, value = json.loads(m.group(1)), json.loads(m.group(3))
        if key in _NOT_TEXT_KEYS or not _HAS_HAN.search(value):
            return m.group(0)
        fixed = fix_prose(value)
        if fixed == value:
            return m.group(0)
        return m.group(1) + m.group(2) + json.dumps(fixed, ensure_ascii=False)

    out = _PAIR.sub(one, source)
    if json.loads(out).keys() != json.loads(source).keys():
        raise ValueError("the JSON changed shape")
    return out


# --- YAML: comments and named text keys ----------------------------------------------------

_TEXT_KEYS = ("name", "description", "site_name", "site_description")
_KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)(:[ \t]+)(.*)$")


def _comment_start(line: str) -> int:
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return -1


def fix_yaml(source: str, text_keys: Iterable[str] = _TEXT_KEYS) -> str:
    keys = set(text_keys)
    out = []
    for line in source.splitlines(keepends=True):
        body, end = line.rstrip("\n"), line[len(line.rstrip("\n")) :]
        cut = _comment_start(body)
        code, comment = (body, "") if cut < 0 else (body[:cut], body[cut:])
        m = _KEY_LINE.match(code)
        if m and m.group(2) in keys and not m.group(4).lstrip().startswith(("[", "{", "|", ">")):
            code = m.group(1) + m.group(2) + m.group(3) + fix_prose(m.group(4))
        out.append(code + fix_prose(comment) + end)
    fixed = "".join(out)
    if yaml_shape(fixed) != yaml_shape(source):
        raise ValueError("the YAML changed shape")
    return fixed


# --- Projects: front matter text values and the body ----------------------------------------

_ITEM = re.compile(r"^(\s*)(?:-\s+)?")


def _node_shape(node: yaml.Node | None) -> object:
    if isinstance(node, yaml.MappingNode):
        return [(_node_shape(k), _node_shape(v)) for k, v in node.value]
    if isinstance(node, yaml.SequenceNode):
        return [_node_shape(v) for v in node.value]
    if isinstance(node, yaml.ScalarNode):  # keys and tags must stay; text may change
        return node.tag if node.style or not _HAS_HAN.search(node.value) else "text"
    return None


def yaml_shape(text: str) -> object:
    """The document's structure, without the text of its Chinese scalars."""
    return [_node_shape(doc) for doc in yaml.compose_all(text)]


def fix_front_matter(front: str) -> str:
    """Scalar text values; flow lists (`executors: [徐婷, 高明]`), keys and structure untouched."""
    out: list[str] = []
    block_indent: int | None = None  # inside a `|` or `>` block scalar deeper than this
    for line in front.splitlines(keepends=True):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not stripped or indent > block_indent:
                out.append(fix_prose(line))
                continue
            block_indent = None
        m = _KEY_LINE.match(line.rstrip("\n"))
        if not m or stripped == "---":
            out.append(line)
            continue
        value = m.group(4)
        if value.startswith(("|", ">")):
            block_indent = len(_ITEM.match(line).group(0)) - 1  # type: ignore[union-attr]
            out.append(line)
        elif value.startswith(("[", "{", "&", "*", "!")) or _comment_start(value) >= 0:
            out.append(line)
        else:
            out.append(
                m.group(1)
                + m.group(2)
                + m.group(3)
                + fix_prose(value)
                + line[len(line.rstrip("\n")) :]
            )
    fixed = "".join(out)
    if yaml_shape(front.strip("-\n")) != yaml_shape(fixed.strip("-\n")):
        raise ValueError("the front matter changed shape")
    return fixed


def fix_project(source: str) -> str:
    front, body = split_front_matter(source)
    return (fix_front_matter(front) if front else "") + fix_markdown(body)


# --- Templates and HTML --------------------------------------------------------------------


def fix_html(source: str) -> str:
    """Text of an HTML (Jinja) template; <script>, <style>, <pre>, tags and Jinja untouched."""
    return "".join(fix_prose(part) if prose else part for prose, part in markdown_parts(source))


# --- Files ---------------------------------------------------------------------------------


# Our own guide pages, hand-written (docs/guide/) and generated (these templates): their code
# examples are what people copy, so the Chinese inside them is fixed too (fix_code).
GUIDE_TEMPLATES = frozenset(
    {"data-format.md.j2", "open-data.md.j2", "rubric.md.j2", "rules-reference.md.j2"}
)


def _fix_guide(text: str) -> str:
    return fix_markdown(text, code=fix_code)


def is_guide(path: Path) -> bool:
    """Whether `path` (relative to the repository) is one of our guide pages."""
    parts = path.parts
    if parts[:2] == ("docs", "guide") and path.suffix == ".md":
        return True
    return "templates" in parts and path.name in GUIDE_TEMPLATES


def fixer_for(path: Path) -> Callable[[str], str] | None:
    name, parts = path.name, path.parts
    if is_guide(path):
        return _fix_guide
    if "templates" in parts and name.endswith(".md.j2"):
        return fix_markdown
    if name.endswith((".html.j2", ".html")):
        return fix_html
    if name.endswith(".py"):
        return fix_python
    if name.endswith(".json"):
        return fix_schema
    if name.endswith((".yml", ".yaml")):
        return fix_yaml
    if name.endswith(".md"):
        return fix_project if "projects" in parts else fix_markdown
    return None


def files(paths: Iterable[str], root: Path) -> list[Path]:
    found: list[Path] = []
    for rel in paths:
        path = (root / rel).resolve()
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        found += [p for p in candidates if p.is_file() and fixer_for(p.relative_to(root))]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.typography", description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="print a diff, exit 1 if any")
    mode.add_argument("--fix", action="store_true", help="rewrite the files")
    parser.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS))
    args = parser.parse_args(argv)
    changed = 0
    for path in files(args.paths, ROOT):
        rel = path.relative_to(ROOT)
        text = path.read_text(encoding="utf-8")
        fixed = fixer_for(rel)(text)  # type: ignore[misc]
        if fixed == text:
            continue
        changed += 1
        if args.fix:
            path.write_text(fixed, encoding="utf-8")
            print(f"fixed {rel}")
        else:
            sys.stdout.writelines(
                difflib.unified_diff(
                    text.splitlines(keepends=True),
                    fixed.splitlines(keepends=True),
                    f"a/{rel}",
                    f"b/{rel}",
                )
            )
    print(f"{changed} file(s) {'fixed' if args.fix else 'to fix'}", file=sys.stderr)
    return 1 if changed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
