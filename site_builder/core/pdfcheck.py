"""Active content in a PDF: JavaScript, launch actions, embedded files, and actions that run by
themselves (`/OpenAction`, `/AA` additional actions, and the `/Next` actions they chain) and do
more than move about the document itself. Read with pypdf, which parses the object graph (names
with #xx escapes and compressed object streams included) without running anything; no page is
rendered. A link a reader clicks (`/A` of a link) stays allowed. A dictionary that names one key
twice is refused: pypdf keeps the first value, a viewer may take the last, so what is checked would
not be what runs."""

from __future__ import annotations

import io
import logging
import threading

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from site_builder.core.errors import SiteBuilderError

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported by us, in Chinese

JAVASCRIPT = "JavaScript 脚本"
LAUNCH = "启动程序的操作"
EMBEDDED = "嵌入的附件"
AUTOMATIC = "打开文档或显示页面时自动访问网址或其他文件的操作"
# The only action types that may run by themselves: they move within the document or change what
# it shows. Every other type (a web address, a form sent, another file, a sound, a film, a
# rendition, a thread of another file, a type no version of the format knows) is refused when
# automatic: a list of what is allowed, so that a type this list forgot is refused, not let through.
STAYS_INSIDE = frozenset({"/GoTo", "/Named", "/Hide", "/SetOCGState", "/Trans"})
MAX_CHAIN = 1000  # actions followed from one trigger through /Next
MAX_OBJECTS = 200_000  # a walk over more objects than this is a hostile file
# Branches that can hold no action and no file, only drawing: fonts (their width tables are most
# of a document's objects), page content streams, thumbnails, and links back up the tree.
SKIPPED = frozenset({"/Font", "/Contents", "/Thumb", "/Parent"})


class _Duplicates(logging.Handler):
    """Notes pypdf's warning about a key defined twice in one dictionary (pypdf keeps the first
    definition; a viewer may use the last), for the thread that is checking."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("Multiple definitions in dictionary"):
            self.local.found = True


_DUPLICATES = _Duplicates()
_DICT_LOGGER = logging.getLogger("pypdf.generic._data_structures")
_DICT_LOGGER.setLevel(logging.WARNING)
_DICT_LOGGER.propagate = False  # its other warnings stay as quiet as the rest of pypdf's
_DICT_LOGGER.addHandler(_DUPLICATES)


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
    """Whether an automatic action, or one it chains through /Next, does more than move about the
    document. An /OpenAction array is a page to open at (a destination), not an action."""
    stack: list[object] = [trigger] if isinstance(_resolve(trigger), DictionaryObject) else []
    seen: set[tuple[int, int]] = set()
    steps = 0
    while stack and steps < MAX_CHAIN:
        steps += 1
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            item = item.get_object()
        if not isinstance(item, DictionaryObject):
            continue  # not an action: nothing runs
        if _name(item.get("/S")) not in STAYS_INSIDE:
            return True
        chained = item.raw_get("/Next") if "/Next" in item else None
        if isinstance(_resolve(chained), ArrayObject):  # one action or an array of them
            stack.extend(list.__iter__(_resolve(chained)))  # type: ignore[call-overload]
        elif chained is not None:
            stack.append(chained)
    return bool(stack)  # a chain too long to follow is refused


def active_content(data: bytes) -> list[str]:
    """What active content the PDF holds (Chinese names, sorted). Raises PdfProblem."""
    _DUPLICATES.local.found = False
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
        if _DUPLICATES.local.found:
            raise PdfProblem(
                "PDF 中有同一项写了两次的结构\uff0c不同的阅读软件会读出不同的内容\uff0c无法检查"
            )
        return sorted(found)
    except PdfProblem:
        raise
    except Exception:  # pypdf raises many kinds on damaged input
        raise PdfProblem("PDF 文件已损坏或无法读取") from None
