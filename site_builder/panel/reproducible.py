"""Same inputs, same bytes: ZIP files, workbooks and Chromium's PDFs without the time they were
made.

- ZIP (the dossier, and a workbook's container): entries in the order given, each with the same
  fixed time, permissions (0644, Unix), flags and compression; no archive comment.
- Workbook (openpyxl): `save` stamps docProps/core.xml's `modified` with the current time and every
  entry with the current time; both are set to the given time.
- PDF (Chromium, Skia): the document information's CreationDate and ModDate are the only parts
  that vary between two prints of the same page (Skia writes no document ID, and names its font
  subsets from the content); they are overwritten in place with the given time, same length, so
  the cross-reference offsets stay right.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

ZIP_EPOCH = datetime(1980, 1, 1)  # the earliest time a ZIP entry can hold
FILE_MODE = 0o100644  # a regular file, rw-r--r--
UNIX = 3  # ZipInfo.create_system: Unix, whatever system builds the file

_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)(\d{14})")
_CORE_DATE = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def zip_time(when: datetime) -> tuple[int, int, int, int, int, int]:
    """`when` (its wall-clock time, as ZIP has no time zone) as a ZIP entry's date_time."""
    local = max(when.replace(tzinfo=None), ZIP_EPOCH)
    return (
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second - local.second % 2,
    )


def zip_bytes(
    entries: list[tuple[str, bytes]], when: datetime, compression: int = zipfile.ZIP_STORED
) -> bytes:
    """A ZIP of `entries` (name, data) in this order, every entry stamped `when`."""
    buffer = io.BytesIO()
    stamp = zip_time(when)
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = compression
            info.create_system = UNIX
            info.external_attr = FILE_MODE << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def normalise_xlsx(data: bytes, when: datetime) -> bytes:
    """The workbook `data` with its creation and modification time set to `when` and its entries
    rewritten in their order with `when` as their time."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    entries: list[tuple[str, bytes]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        for info in book.infolist():
            content = book.read(info)
            if info.filename == "docProps/core.xml":
                text = _CORE_DATE.sub(rf"\g<1>{stamp}\g<3>", content.decode("utf-8"))
                content = text.encode("utf-8")
            entries.append((info.filename, content))
    return zip_bytes(entries, when, zipfile.ZIP_DEFLATED)


def normalise_pdf(data: bytes, when: datetime) -> bytes:
    """Chromium's PDF `data` with its creation and modification dates set to `when` (UTC, as
    Chromium writes them). The length, and so every offset, is unchanged."""
    digits = when.astimezone(UTC).strftime("%Y%m%d%H%M%S").encode()
    return _PDF_DATE.sub(lambda m: m.group(1) + digits, data)
