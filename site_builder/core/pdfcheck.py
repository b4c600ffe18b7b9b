"""Active content in a PDF: JavaScript, launch actions, embedded files. Read with pypdf, which
parses the object graph (names with #xx escapes and compressed object streams included) without
running anything; no page is rendered."""

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
    return found


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
