"""PB402–PB405, PB408: the body is plain Markdown: no raw HTML, no comments, safe links, no
attributes, no remote images. PB409 (a warning): emoji, which a device without an emoji font
shows as empty boxes, are named.

These checks are deliberately strict (they look at the whole body, code included): the site also
sanitises the rendered HTML, but a reviewer should never have to judge whether markup is harmless.

Links and images are judged twice. The source patterns name the exact spot of the common forms;
then the body is rendered with the site's own Markdown extensions and every image source and
link target in the HTML is judged, so every construct the renderer supports (a reference
definition inside a quotation, a list item or a note box, and whatever comes next) is covered:
what is published is what was judged. A finding the patterns made is not repeated. The rendered
text is also where character entities are decoded: one that becomes a character PF103 refuses
typed raw is refused too.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from site_builder.core import file_rules as pf
from site_builder.core.bodytext import PICTOGRAPH, faithful
from site_builder.core.diagnostics import Diagnostic, line_col
from site_builder.core.media import own_media_name
from site_builder.core.messages import Catalogue
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.core.rule import Rule
from site_builder.core.safetext import UNSAFE

if TYPE_CHECKING:
    import markdown

RAW_HTML = Rule(
    "PB402",
    "正文含有 HTML",
    "正文只能用 Markdown\uff0c不能写 HTML 标签\uff08如 `<div>`、`<script>`、`<img>`\uff09。"
    "需要显示尖括号时请用全角〈〉。",
)
COMMENT = Rule(
    "PB403",
    "正文含有 HTML 注释",
    "正文不能有 `<!-- -->` 注释\uff1a它在审阅时看不见\uff0c却会进入网页源代码。请删除。",
)
LINK = Rule(
    "PB404",
    "链接地址不安全",
    "链接只能是 http\u3001https 或 mailto 地址\uff08或本页内的 `#锚点`\uff09\uff0c或本项目文件夹中的文件"
    "\uff08`简称/文件名`\uff0c如 `![说明](cs-01/photo.jpg)`\uff09\u3002`javascript:`\u3001`data:`\u3001"
    "其他文件路径等都不允许\u3002",
)
ATTRIBUTES = Rule(
    "PB405",
    "正文含有属性语法",
    "不允许 `{: …}`\u3001`{#id .class key=value}` 或 `{ 英文单词 }` 形式的属性语法\uff0c它能给网页元素加上脚本\u3002"
    "花括号里写中文不受影响\u3002",
)

REMOTE_IMAGE = Rule(
    "PB408",
    "正文引用了网络图片",
    "正文中的图片只能是项目自己的文件\uff08相对地址\uff09\uff0c不能是网络地址\uff08`https://…`、`//…`\uff09或 `data:` "
    "等协议的地址\uff1a公开网页上的网络图片会让每位访问者的浏览器连接外部网站。链接到网页不受影响。",
)

EMOJI = Rule(
    "PB409",
    "正文中有表情符号",
    "表情符号\uff08笑脸\u3001学士帽\u3001点赞等\uff09要靠设备上的表情字体才能显示\u3002网站已列出各系统常见的表情字体\uff0c"
    "但较旧的电脑和一些手机没有\uff0c会显示成空白方框\uff0c打印的表格也要有这种字体才印得出\u3002"
    "这是警告\uff0c不影响合并\uff1a意思要紧的请改用文字\uff0c只作点缀的可以不改\u3002"
    "\u2605\u3001\u260e 这类早已收进中文字体的符号不在此列\u3002",
    severity="warning",
)
# At most this many different emoji are named in one message.
EMOJI_SHOWN = 8

MESSAGES = Catalogue(
    {
        "PB402": "正文含有 HTML 标签\u201c{snippet}\u201d\u3002请改用 Markdown\uff08如 **加粗**\u3001- 列表\uff09\uff0c需要尖括号时请用全角\u3008\u3009\u3002",
        "PB403": "正文含有 HTML 注释 <!-- -->\u3002请删除注释\uff1b需要说明的内容请直接写在正文中\u3002",
        "PB404": "链接地址\u201c{url}\u201d{problem}\u3002请删除该链接或改为 https:// 开头的网址\u3002",
        "PB404.relative": "是相对地址或文件路径\uff1b正文只能链接完整的 http/https 网址{own}",
        "PB404.own": "\uff0c或本项目文件夹中的文件\uff08如 {slug}/photo.jpg\uff09",
        "PB404.scheme": "使用了不允许的协议\u201c{scheme}\uff1a\u201d",
        "PB405": "正文含有属性语法\u201c{snippet}\u201d\u3002请删除花括号中的内容\u3002",
        "PB408": "图片地址\u201c{src}\u201d{problem}\u3002公开网页上的网络图片会让每位访问者的浏览器连接外部网站\u3002请删除这张图片\uff1b照片请放进项目自己的文件夹\uff0c用相对地址引用\u3002",
        "PB408.scheme": "使用了\u201c{scheme}\uff1a\u201d地址",
        "PB408.remote": "是指向其他网站的地址",
        "PB409": "正文中有表情符号 {emoji}\uff1a没有表情字体的电脑和手机会把它们显示成空白方框\u3002意思要紧的请改用文字\uff1b只作点缀的可以不改\u3002",
        "PB409.more": " 等 {count} 个",
    }
)

# How much of an address or a piece of markup a message quotes (in characters).
QUOTE = {"url": 60, "tag": 20, "attributes": 30}

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
TAG = re.compile(r"<\s*[A-Za-z/!?]")
# attr_list (on for the generated pages) also reads a bare word as an attribute: `*x*{ onclick }`
# and a heading ending in `{word}` become attributes, so any brace group of attribute-like tokens
# is refused too (Chinese text in braces is not).
ATTR = re.compile(
    r"\{\s*:|\{\s*[#.][A-Za-z_]|\{[^{}\n]*\b[A-Za-z_-]+\s*=[^{}\n]*\}"
    r"|\{\s*(?:[A-Za-z_][\w-]*\s*)+\}"
)
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
INVISIBLE = re.compile(r"[\s\x00-\x20\u200b-\u200d\u2060]+")


def link_problem(url: str, slug: str | None = None) -> str | None:
    """Why `url` may not be linked, or None. Entities and hidden spaces are undone first. With a
    project's `slug`, `<slug>/<file>` (a file of its own media folder) is allowed."""
    clean = INVISIBLE.sub("", html.unescape(html.unescape(url))).lower()
    if not clean or clean.startswith("#"):
        return None
    match = SCHEME.match(clean)
    if match is None:
        if "@" in clean and "/" not in clean:
            return None  # e-mail autolink
        if slug is not None and own_media_name(url, slug) is not None:
            return None
        own = MESSAGES("PB404.own", slug=slug) if slug else ""
        return MESSAGES("PB404.relative", own=own)
    if match.group(1) not in ALLOWED_SCHEMES:
        return MESSAGES("PB404.scheme", scheme=match.group(1))
    return None


def _pos(project: Project, body: str, offset: int) -> tuple[int, int]:
    line, col = line_col(body, offset)
    return project.doc.body_line + line - 1, col


def check(project: Project, programme: Programme) -> Iterator[Diagnostic]:
    seen: set[str] = set()  # the addresses refused from the source, normalised
    yield from _source_check(project, seen)
    yield from check_rendered(project, seen)
    yield from check_emoji(project)


def check_emoji(project: Project) -> Iterator[Diagnostic]:
    """PB409: the body's emoji, each once, at the line of the first."""
    body = project.body
    first = PICTOGRAPH.search(body)
    if first is None:
        return
    found = list(dict.fromkeys(PICTOGRAPH.findall(body)))
    more = MESSAGES("PB409.more", count=len(found)) if len(found) > EMOJI_SHOWN else ""
    yield EMOJI.at(
        project.path,
        _pos(project, body, first.start()),
        MESSAGES("PB409", emoji=" ".join(found[:EMOJI_SHOWN]) + more),
    )


def _source_check(project: Project, seen: set[str]) -> Iterator[Diagnostic]:
    body = project.body
    for pattern in (INLINE_LINK, REF_DEF, AUTOLINK):
        for match in pattern.finditer(body):
            problem = link_problem(match.group(1), project.slug)
            if problem:
                seen.add(normalised(match.group(1)))
                yield LINK.at(
                    project.path,
                    _pos(project, body, match.start(1)),
                    MESSAGES("PB404", url=match.group(1)[: QUOTE["url"]], problem=problem),
                )
    stripped = AUTOLINK.sub(lambda m: " " * len(m.group()), body)
    for match in re.finditer(r"<!--", stripped):
        yield COMMENT.at(
            project.path,
            _pos(project, body, match.start()),
            MESSAGES("PB403"),
        )
    for match in TAG.finditer(stripped):
        if stripped.startswith("<!--", match.start()):
            continue
        snippet = stripped[match.start() : match.start() + QUOTE["tag"]].split("\n")[0]
        yield RAW_HTML.at(
            project.path,
            _pos(project, body, match.start()),
            MESSAGES("PB402", snippet=snippet),
        )
    for match in ATTR.finditer(body):
        yield ATTRIBUTES.at(
            project.path,
            _pos(project, body, match.start()),
            MESSAGES("PB405", snippet=match.group()[: QUOTE["attributes"]]),
        )
    yield from check_images(project, seen)


# Images, read as Python-Markdown reads them: `![alt](src)`, `![alt][id]`, `![alt][]`, `![id]`,
# with `[id]: src` defined anywhere (its address may stand on the next line).
IMAGE = re.compile(r"!\[")
IMAGE_DEF = re.compile(r"^ {0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?(\S+)", re.MULTILINE)
REF_ID = re.compile(r"\s?\[([^\]]*)\]")
SRC = re.compile(r"\s*(?:<([^>]*)>|([^\s)]*))")


def normalised(url: str) -> str:
    """`url` as a browser reads it: entities and hidden spaces undone, lower case, `\\` as `/`."""
    return INVISIBLE.sub("", html.unescape(html.unescape(url))).lower().replace("\\", "/")


def image_problem(src: str) -> str | None:
    """Why `src` may not be an image's address, or None for a relative one. Like `link_problem`,
    entities and hidden spaces are undone first; a browser reads `\\` as `/`."""
    clean = normalised(src)
    match = SCHEME.match(clean)
    if match:
        return MESSAGES("PB408.scheme", scheme=match.group(1))
    if clean.startswith("//"):
        return MESSAGES("PB408.remote")
    return None


def _closing(body: str, start: int) -> int | None:
    """Index of the `]` closing the bracket opened just before `start` (nested brackets count,
    escaped ones do not)."""
    depth, i = 1, start
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _label(text: str) -> str:
    return " ".join(text.split()).lower()


def check_images(project: Project, seen: set[str]) -> Iterator[Diagnostic]:
    body = project.body
    referenced: set[str] = set()
    for match in IMAGE.finditer(body):
        end = _closing(body, match.end())
        if end is None:
            continue
        src = SRC.match(body, end + 2) if body.startswith("(", end + 1) else None
        if src is not None:
            group = 1 if src.group(1) is not None else 2
            yield from _remote(project, src.group(group), src.start(group), seen)
            continue
        referenced.add(_label(body[match.end() : end]))
        ref = REF_ID.match(body, end + 1)
        if ref and ref.group(1).strip():
            referenced.add(_label(ref.group(1)))
    for definition in IMAGE_DEF.finditer(body):
        if _label(definition.group(1)) in referenced:
            yield from _remote(project, definition.group(2), definition.start(2), seen)


def _remote(project: Project, src: str, offset: int, seen: set[str]) -> Iterator[Diagnostic]:
    problem = image_problem(src)
    if problem:
        seen.add(normalised(src))
        yield _remote_image(project, src, problem, _pos(project, project.body, offset))


def _remote_image(project: Project, src: str, problem: str, pos: tuple[int, int]) -> Diagnostic:
    return REMOTE_IMAGE.at(
        project.path,
        pos,
        MESSAGES("PB408", src=src[: QUOTE["url"]], problem=problem),
    )


# ---------------------------------------------------------------- what the renderer produces

# `markdown_extensions` of mkdocs.yml by name (a test keeps them equal); the toc's permalinks only
# add `#` links, so its slug function does not matter here.
SITE_EXTENSIONS: tuple[str, ...] = (
    "admonition",
    "md_in_html",
    "attr_list",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "toc",
)
_CONFIGS = {"toc": {"permalink": True}}
# Attributes that make a browser fetch something, and those that are links.
_FETCH_ATTRS = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc"})
_LINK_ATTRS = frozenset({"href", "xlink:href", "action", "formaction", "cite", "longdesc"})
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")
_renderer: list[markdown.Markdown] = []
# With these extensions an address comes only from brackets (links, images, reference
# definitions), angle brackets (autolinks) or braces (attributes), and a decoded character only
# from `&`: a body without any of them needs no rendering (most bodies; validation stays fast).
# The toc's permalinks are `#` links. Revisit with every extension added to mkdocs.yml.
_MAY_LINK = re.compile(r"[\[<{&]")


_print_renderer: list[markdown.Markdown] = []


def render(body: str) -> str:
    """The body's HTML as the site renders it, before the site's sanitiser: the body made
    faithful to its lines (`core.bodytext`), then the site's Markdown extensions."""
    if not _renderer:
        import markdown  # most bodies need no rendering (_MAY_LINK): imported when one does

        _renderer.append(
            markdown.Markdown(extensions=list(SITE_EXTENSIONS), extension_configs=_CONFIGS)
        )
    md = _renderer[0]
    md.reset()
    return md.convert(faithful(body))


def render_print(text: str) -> str:
    """A body or a section of one as the printed forms show it: rendered as the site renders it,
    without the headings' permalink signs (before the printed forms' sanitiser)."""
    if not _print_renderer:
        import markdown

        _print_renderer.append(markdown.Markdown(extensions=list(SITE_EXTENSIONS)))
    md = _print_renderer[0]
    md.reset()
    return md.convert(faithful(text))


class _Collector(HTMLParser):
    """Every fetched source, every link target and the first refused character of rendered HTML
    (attribute values and text with entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.links: list[str] = []
        self.bad_char: str | None = None

    def _text(self, text: str) -> None:
        bad = UNSAFE.search(text)
        if bad and self.bad_char is None:
            self.bad_char = bad.group()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            self._text(value)
            if name in _FETCH_ATTRS or (tag == "img" and name not in ("alt", "title")):
                self.fetched.append(value)
            elif name in _LINK_ATTRS:
                self.links.append(value)

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self._text(data)


def _locate(project: Project, url: str) -> tuple[int, int]:
    """Where `url` stands in the body (as written, or once entities are undone), else the body's
    first line."""
    body = project.body
    offset = body.find(url)
    if offset < 0:
        target = normalised(url)
        offset = next(
            (m.start() for m in re.finditer(r"\S+", body) if target in normalised(m.group())), -1
        )
    if offset < 0:
        return project.doc.body_line, 1
    return _pos(project, body, offset)


def check_rendered(project: Project, seen: set[str]) -> Iterator[Diagnostic]:
    """PB408 and PB404 for what the renderer yields and the patterns missed; PF103 for an entity
    that decodes to a refused character."""
    if not _MAY_LINK.search(project.body):
        return  # nothing the renderer could turn into an address or a character reference
    rendered = render(project.body)
    collector = _Collector()
    collector.feed(rendered)
    collector.close()

    def new(url: str) -> bool:
        # The patterns may have cut an address short (`javascript:alert(1` of `…(1)`).
        clean = normalised(url)
        if clean in seen or any(clean.startswith(old) for old in seen if len(old) >= 12):
            return False
        seen.add(clean)
        return True

    for src in collector.fetched:
        problem = image_problem(src)
        if problem and new(src):
            yield _remote_image(project, src, problem, _locate(project, src))
    for href in collector.links:
        problem = link_problem(href, project.slug)
        if problem and new(href):
            yield LINK.at(
                project.path,
                _locate(project, href),
                MESSAGES("PB404", url=href[: QUOTE["url"]], problem=problem),
            )
    bad = collector.bad_char or _numeric_bad_char(rendered)
    if bad is not None:
        yield _bad_entity(project, bad)


# A numeric reference as a browser decodes it: Python's `html.unescape` drops the control
# characters that a browser keeps.
_NUMERIC = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,8})|([0-9]{1,8}))")


def _numeric_char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def _numeric_bad_char(text: str) -> str | None:
    for match in _NUMERIC.finditer(text):
        char = _numeric_char(match)
        if UNSAFE.match(char):
            return char
    return None


def _bad_entity(project: Project, char: str) -> Diagnostic:
    body = project.body
    where, shown = (project.doc.body_line, 1), "以 & 开头的字符实体"
    for match in _ENTITY.finditer(body):
        numeric = _NUMERIC.match(match.group())
        decoded = _numeric_char(numeric) if numeric else html.unescape(match.group())
        if UNSAFE.search(decoded):
            where, shown = (
                _pos(project, body, match.start()),
                f"字符实体\u201c{match.group()}\u201d",
            )
            break
    return pf.BAD_CHAR.at(
        project.path,
        where,
        f"正文中的{shown}在网页上会变成不允许的不可见字符 U+{ord(char):04X}"
        "\uff08直接输入同样不允许\uff09\u3002请删除它\u3002",
    )
