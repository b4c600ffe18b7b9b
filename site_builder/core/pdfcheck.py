"""Active content in a PDF: JavaScript, launch actions, embedded files, and actions that run by
themselves (`/OpenAction`, `/AA` additional actions, and the `/Next` actions they chain) and
contact the network or another file. Read with pypdf, which parses the object graph (names with
#xx escapes and compressed object streams included) without running anything; no page is
rendered. A link a reader clicks (`/A` of a link) stays allowed."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from site_builder.core.errors import SiteBuilderError

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported by us, in Chinese

JAVASCRIPT = "JavaScript 脚本"
LAUNCH = "启动程序的操作"
EMBEDDED = "嵌入的附件"
AUTOMATIC = "打开文档或显示页面时自动访问网址或其他文件的操作"
# Action types that reach the network or another file (or run code), refused when automatic.
CALLING_OUT = frozenset(
    {"/URI", "/SubmitForm", "/GoToR", "/GoToE", "/ImportData", "/Launch", "/JavaScript"}
)
MAX_CHAIN = 1000  # actions followed from one trigger through /Next
MAX_OBJECTS = 200_000  # a walk over more objects than this is a hostile file
# Branches that can hold no action and no file, only drawing: fonts (their width tables are most
# of a document's objects), page content streams, thumbnails, and links back up the tree.
SKIPPED = frozenset({"/Font", "/Contents", "/Thumb", "/Parent"})


class PdfProblem(SiteBuilderError):
    """The PDF cannot be read or checked; the message is Chinese."""

    code = "SB603"


def _name(value: object) -> str:
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return str(value) if isinstance(value, NameObject) else ""


def _found_in(node: DictionaryObject) -> set[str]:
    found: set[str] = set()
    keys = set(node.keys())
    if keys & {"/JS", "/JavaScript", "/XFA"}:
        found.add(JAVASCRIPT)
    action = _name(node.get("/S"))
    if action == "/JavaScript":
        found.add(JAVASCRIPT)
    if action == "/Launch" or "/Launch" in keys:
        found.add(LAUNCH)
    if keys & {"/EmbeddedFiles", "/EF", "/RichMedia"}:
        found.add(EMBEDDED)
    if _name(node.get("/Type")) == "/EmbeddedFile":
        found.add(EMBEDDED)
    if _name(node.get("/Subtype")) in ("/FileAttachment", "/RichMedia"):
        found.add(EMBEDDED)
    triggers = []
    if "/OpenAction" in keys:
        triggers.append(node.raw_get("/OpenAction"))
    if "/AA" in keys:
        additional = _resolve(node.raw_get("/AA"))
        if isinstance(additional, DictionaryObject):
            triggers.extend(additional.raw_get(k) for k in additional)
    if any(_calls_out(t) for t in triggers):
        found.add(AUTOMATIC)
    return found


def _resolve(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _calls_out(trigger: object) -> bool:
    """Whether an automatic action, or one it chains through /Next, calls out."""
    stack, seen, steps = [trigger], set(), 0
    while stack and steps < MAX_CHAIN:
        steps += 1
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            item = item.get_object()
        if isinstance(item, ArrayObject):  # a /Next array (an /OpenAction array is a page view)
            stack.extend(
                x for x in list.__iter__(item) if isinstance(_resolve(x), DictionaryObject)
            )
        elif isinstance(item, DictionaryObject):
            if _name(item.get("/S")) in CALLING_OUT:
                return True
            if "/Next" in item:
                stack.append(item.raw_get("/Next"))
    return bool(stack)  # a chain too long to follow is refused


def active_content(data: bytes) -> list[str]:
    """What active content the PDF holds (Chinese names, sorted). Raises PdfProblem."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfProblem("PDF 已加密\uff0c无法检查")
        found: set[str] = set()
        seen: set[tuple[int, int]] = set()
        stack: list[object] = [reader.trailer]
        walked = 0
        while stack:
            node = stack.pop()
            if isinstance(node, IndirectObject):
                ref = (node.idnum, node.generation)
                if ref in seen:
                    continue
                seen.add(ref)
                node = node.get_object()
            walked += 1
            if walked > MAX_OBJECTS:
                raise PdfProblem("PDF 对象过多")
            if isinstance(node, DictionaryObject):  # stream objects are dictionaries too
                found |= _found_in(node)
                # Raw values: references stay unresolved until popped (and seen once).
                stack.extend(node.raw_get(k) for k in node if k not in SKIPPED)
            elif isinstance(node, ArrayObject):
                stack.extend(list.__iter__(node))
        return sorted(found)
    except PdfProblem:
        raise
    except Exception:  # pypdf raises many kinds on damaged input
        raise PdfProblem("PDF 文件已损坏或无法读取") from None
