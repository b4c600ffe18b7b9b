"""Red team, class 5: a PDF whose actions run by themselves (`/OpenAction`, `/AA` on the
catalogue, a page, an annotation; chained through `/Next`) and call out is refused (PM609),
however its names are escaped; a link a reader clicks and a plain opening view stay allowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import body, front, render, write

from site_builder.core.pdfcheck import AUTOMATIC, active_content
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
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_an_automatic_action_that_calls_out_is_refused(name: str) -> None:
    assert AUTOMATIC in active_content(REFUSED[name]), name


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_links_and_views_stay_allowed(name: str) -> None:
    assert active_content(ALLOWED[name]) == [], name


def test_validate_refuses_it_with_the_reason(repo: Path, programme: Programme) -> None:
    write(
        repo,
        "projects/2026/pioneer.md",
        render(front("approved"), body("approved") + "\n[运行办法](pioneer/rules.pdf)\n"),
    )
    write(repo, "projects/2026/pioneer/rules.pdf", REFUSED["open-uri"])
    [found] = validate(repo, programme).diagnostics
    assert found.code == "PM609" and AUTOMATIC in found.message
