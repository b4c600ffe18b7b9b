"""Red team, class 5: a PDF whose actions run by themselves (`/OpenAction`, `/AA` on the
catalogue, a page, an annotation; chained through `/Next`) and call out is refused (PM609),
however its names are escaped; a link a reader clicks and a plain opening view stay allowed."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from factory import body, front, render, write

from site_builder.core.pdfcheck import AUTOMATIC, PdfProblem, active_content
from site_builder.core.programme import Programme
from site_builder.rules.validate import validate


def raw_pdf(catalog_extra: str = "", page_extra: str = "", *objects: str) -> bytes:
    """A one-page PDF written by hand (correct cross-reference table); `objects` are numbered
    from 4 on, after the catalogue (1), the page tree (2) and the page (3)."""
    bodies = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] {page_extra} >>",
        *objects,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, text in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{text}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def object_stream_pdf(catalog_extra: str = "", page_extra: str = "", *objects: str) -> bytes:
    """The same document with every object inside one compressed object stream, found through a
    cross-reference stream (PDF 1.5): nothing of it is readable in the raw bytes."""
    bodies = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] {page_extra} >>",
        *objects,
    ]
    count, offsets, data = len(bodies), [], b""
    for number, text in enumerate(bodies, start=1):
        offsets.append(f"{number} {len(data)}")
        data += text.encode("latin-1") + b"\n"
    header = (" ".join(offsets) + "\n").encode()
    packed = zlib.compress(header + data)
    stream_no, xref_no = count + 1, count + 2
    out = bytearray(b"%PDF-1.7\n")
    stream_at = len(out)
    out += (
        f"{stream_no} 0 obj\n<< /Type /ObjStm /N {count} /First {len(header)} "
        f"/Filter /FlateDecode /Length {len(packed)} >>\nstream\n"
    ).encode()
    out += packed + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 2, stream_no, i) for i in range(count)]
    rows += [struct.pack(">BIH", 1, stream_at, 0), struct.pack(">BIH", 1, xref_at, 0)]
    table = b"".join(rows)
    out += (
        f"{xref_no} 0 obj\n<< /Type /XRef /Size {xref_no + 1} /W [1 4 2] /Root 1 0 R "
        f"/Length {len(table)} >>\nstream\n"
    ).encode()
    out += table + f"\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


URI = "<< /S /URI /URI (https://tracker.example/open) >>"
REFUSED = {
    "open-uri": raw_pdf("/OpenAction 4 0 R", "", URI),
    "open-uri-direct": raw_pdf(f"/OpenAction {URI}"),
    "open-escaped-name": raw_pdf("/OpenAction << /S /#55RI /URI (https://t.example/) >>"),
    "open-escaped-key": raw_pdf("/#4FpenAction << /S /URI /URI (https://t.example/) >>"),
    "open-submit": raw_pdf("/OpenAction << /S /SubmitForm /F (https://t.example/f) >>"),
    "open-gotor": raw_pdf("/OpenAction << /S /GoToR /F (other.pdf) /D [0 /Fit] >>"),
    "open-gotoe": raw_pdf("/OpenAction << /S /GoToE /D [0 /Fit] >>"),
    "open-import": raw_pdf("/OpenAction << /S /ImportData /F (data.fdf) >>"),
    "catalog-aa-close": raw_pdf("/AA << /WC 4 0 R >>", "", URI),
    "page-aa-open": raw_pdf("", "/AA << /O 4 0 R >>", URI),
    "annotation-aa": raw_pdf(
        "",
        "/Annots [4 0 R]",
        "<< /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /AA << /PV 5 0 R >> >>",
        URI,
    ),
    "chained-next": raw_pdf(
        "/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next [<< /S /GoTo /D [3 0 R /Fit] >> 4 0 R] >>",
        "",
        URI,
    ),
    "chained-loop": raw_pdf(
        "/OpenAction 4 0 R",
        "",
        "<< /S /GoTo /D [3 0 R /Fit] /Next 5 0 R >>",
        "<< /S /GoTo /D [3 0 R /Fit] /Next [4 0 R 6 0 R] >>",
        URI,
    ),
    # What an earlier list of refused types missed: the list is now of what is allowed.
    "open-rendition": raw_pdf(
        "/OpenAction << /S /Rendition /OP 0 /R << /S /MR /C << /S /MCD "
        "/D << /FS /URL /F (https://t.example/a.mp3) >> >> >> >>"
    ),
    "open-sound": raw_pdf(
        "/OpenAction << /S /Sound /Sound << /F << /FS /URL /F (https://t/) >> >> >>"
    ),
    "open-thread": raw_pdf("/OpenAction << /S /Thread /F (other.pdf) /D 0 >>"),
    "open-movie": raw_pdf("/OpenAction << /S /Movie /T (m) >>"),
    "open-unknown-type": raw_pdf("/OpenAction << /S /Foo /F (https://t.example/) >>"),
    "open-type-as-string": raw_pdf("/OpenAction << /S (URI) /URI (https://t.example/) >>"),
    "open-hex-escaped-type": raw_pdf("/OpenAction << /S /#55#52#49 /URI <68747470733a2f2f74> >>"),
    "open-trans-then-uri": raw_pdf(
        "/OpenAction << /S /Trans /Next << /S /URI /URI (https://x/) >> >>"
    ),
    "link-aa-on-hover": raw_pdf(
        "",
        "/Annots [4 0 R]",
        "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /AA << /E 5 0 R >> >>",
        URI,
    ),
    "form-field-aa": raw_pdf(
        "/AcroForm << /Fields [4 0 R] >>",
        "",
        "<< /FT /Tx /T (a) /AA << /K << /S /SubmitForm /F (https://t/) >> >> >>",
    ),
    "object-stream-open": object_stream_pdf("/OpenAction 4 0 R", "", URI),
    "object-stream-page-aa": object_stream_pdf("", "/AA << /O 4 0 R >>", URI),
}
ALLOWED = {
    "clicked-link": raw_pdf(
        "",
        "/Annots [4 0 R]",
        "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://example.org/) >> >>",
    ),
    "open-view": raw_pdf("/OpenAction [3 0 R /Fit]"),
    "open-goto": raw_pdf("/OpenAction << /S /GoTo /D [3 0 R /Fit] >>"),
    "plain": raw_pdf(),
    "open-print-dialog": raw_pdf("/OpenAction << /S /Named /N /Print >>"),
    "open-layers": raw_pdf("/OpenAction << /S /SetOCGState /State [] >>"),
    "object-stream-view": object_stream_pdf("/OpenAction [3 0 R /Fit]"),
}
# One key twice in a dictionary: pypdf keeps the first value, a viewer may take the last.
AMBIGUOUS = {
    "type-twice": raw_pdf("/OpenAction << /S /GoTo /S /URI /URI (https://t.example/) >>"),
    "action-twice": raw_pdf(f"/OpenAction [3 0 R /Fit] /OpenAction {URI}"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_an_automatic_action_that_calls_out_is_refused(name: str) -> None:
    assert AUTOMATIC in active_content(REFUSED[name]), name


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_links_and_views_stay_allowed(name: str) -> None:
    assert active_content(ALLOWED[name]) == [], name


@pytest.mark.parametrize("name", sorted(AMBIGUOUS))
def test_a_key_defined_twice_is_refused(name: str) -> None:
    with pytest.raises(PdfProblem, match="\u5199\u4e86\u4e24\u6b21"):
        active_content(AMBIGUOUS[name])
    # The next file is judged on its own: the note of a duplicate does not stay behind.
    assert active_content(ALLOWED["plain"]) == []


def test_validate_refuses_it_with_the_reason(repo: Path, programme: Programme) -> None:
    write(
        repo,
        "projects/2026/pioneer.md",
        render(front("approved"), body("approved") + "\n[运行办法](pioneer/rules.pdf)\n"),
    )
    write(repo, "projects/2026/pioneer/rules.pdf", REFUSED["open-uri"])
    [found] = validate(repo, programme).diagnostics
    assert found.code == "PM609" and AUTOMATIC in found.message
