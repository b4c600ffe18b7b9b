"""Report tables → aligned text, CSV (UTF-8 with BOM for Excel) or an .xlsx workbook; and the
safe writing of output files (whole or not at all, never into the published site)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import UTC, datetime
from decimal import Decimal

from site_builder.core.figures import yuan
from site_builder.core.safetext import safe_text
from site_builder.panel.reports import Cell, Table
from site_builder.panel.reproducible import normalise_xlsx

FORMATS = ("text", "csv", "xlsx")
TEXT_GAP = "  "
MAX_XLSX_WIDTH = 60
# Text cells that a spreadsheet would run as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


# ---------------------------------------------------------------- cells


def cell_text(value: Cell, kind: str) -> str:
    if value is None:
        return ""
    if kind == "money" and isinstance(value, int | Decimal):
        return yuan(Decimal(value))
    if kind == "score" and isinstance(value, int | Decimal):
        return f"{Decimal(value):.1f}"
    return safe_text(str(value))


def display_width(text: str) -> int:
    """Columns on screen: CJK wide and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - display_width(text))
    return space + text if right else text + space


# ---------------------------------------------------------------- text


def to_text(tables: list[Table]) -> str:
    blocks = []
    for table in tables:
        kinds = [c.kind for c in table.columns]
        body = [[cell_text(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows]
        widths = [
            max([display_width(c.header)] + [display_width(r[i]) for r in body])
            for i, c in enumerate(table.columns)
        ]
        right = [k in ("int", "money", "score") for k in kinds]
        lines = [table.title, ""]
        lines.append(
            TEXT_GAP.join(
                _pad(c.header, w, r) for c, w, r in zip(table.columns, widths, right, strict=True)
            ).rstrip()
        )
        lines.append(TEXT_GAP.join("-" * w for w in widths))
        for row in body:
            lines.append(
                TEXT_GAP.join(
                    _pad(t, w, r) for t, w, r in zip(row, widths, right, strict=True)
                ).rstrip()
            )
        if not body:
            lines.append("\uff08无\uff09")
        blocks.append("\n".join(lines))
    return safe_text("\n\n\n".join(blocks) + "\n")


# ---------------------------------------------------------------- csv


def _csv_safe(text: str, kind: str) -> str:
    if kind == "text" and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(tables: list[Table]) -> str:
    """Sections: title row, header row, data rows; a blank row between tables. No BOM here."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([safe_text(table.title)])
        writer.writerow([safe_text(c.header) for c in table.columns])
        kinds = [c.kind for c in table.columns]
        for row in table.rows:
            writer.writerow(
                [_csv_safe(cell_text(v, k), k) for v, k in zip(row, kinds, strict=True)]
            )
    return buffer.getvalue()


def csv_bytes(tables: list[Table]) -> bytes:
    """The CSV as a file: UTF-8 with a byte-order mark, so Excel reads the Chinese correctly."""
    return to_csv(tables).encode("utf-8-sig")


# ---------------------------------------------------------------- xlsx

_NUMBER_FORMATS = {"int": "0", "money": "0.00", "score": "0.0"}


def sheet_name(name: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub("_", name)[:31] or "表"
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def xlsx_bytes(tables: list[Table], when: datetime | None = None) -> bytes:
    """One sheet per table: the title in row 1, the bold header in row 2, the rows below. With
    `when`, the workbook is stamped with that time throughout: the same tables, the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(sheet_name(safe_text(table.name), taken))
        sheet.cell(row=1, column=1, value=safe_text(table.title)).font = Font(bold=True, size=12)
        sheet.cell(row=1, column=1).data_type = "s"
        widths = []
        for col, column in enumerate(table.columns, start=1):
            cell = sheet.cell(row=2, column=col, value=safe_text(column.header))
            cell.font = bold
            cell.data_type = "s"
            widths.append(display_width(column.header))
        for r, row in enumerate(table.rows, start=3):
            for col, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
                numeric = column.kind in _NUMBER_FORMATS and isinstance(value, int | Decimal)
                cell = sheet.cell(row=r, column=col, value=value if numeric else None)
                if numeric:
                    cell.number_format = _NUMBER_FORMATS[column.kind]
                elif value is not None:
                    # Set as text explicitly: a value starting with "=" must never be a formula.
                    cell.value = safe_text(str(value))
                    cell.data_type = "s"
                if col == 1 and r > 2 and str(value).endswith("合计"):
                    cell.font = bold
                widths[col - 1] = max(widths[col - 1], display_width(cell_text(value, column.kind)))
        for col, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = min(width + 2, MAX_XLSX_WIDTH)
        sheet.freeze_panes = "A3"
    if when is not None:
        book.properties.created = when.astimezone(UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue() if when is None else normalise_xlsx(buffer.getvalue(), when)


def render(tables: list[Table], fmt: str) -> bytes:
    """The whole output in `fmt`, as the bytes to write to a file."""
    if fmt == "text":
        return to_text(tables).encode("utf-8")
    if fmt == "csv":
        return csv_bytes(tables)
    if fmt == "xlsx":
        return xlsx_bytes(tables)
    raise ValueError(f"unknown format {fmt!r}")
