"""The browser's photo cleaning (docs/javascripts/shared/photos.js) in Node against `media clean`
(site_builder/core/imageclean.py): the same files give the same bytes, whatever metadata they
carry (EXIF with GPS, XMP, IPTC, comments, a vendor segment, a second image, PNG text and time
chunks, WebP EXIF/XMP, data after the image), and what the picture needs (ICC profile, JFIF,
gamma, transparency) stays. The rule pack's limits and messages refuse what PM603/PM604/PM606/
PM607 would: too many bytes or pixels, a HEIC photo, a PDF, a damaged file."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from factory import ROOT
from imagefactory import (
    encode,
    jpeg_segment,
    phone_exif,
    picture,
    png_chunk,
    with_jpeg_segments,
    with_png_chunks,
)

from site_builder.core import imagemeta, media
from site_builder.core.imageclean import clean_image
from site_builder.core.programme import Programme
from site_builder.rules import media as media_rules
from site_builder.rules import pack

PHOTOS = (ROOT / "docs/javascripts/shared/photos.js").as_uri()
XMP = b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>39,54N</exif:GPSLatitude></x:xmpmeta>"
ICC = b"ICC_PROFILE\x00\x01\x01" + b"\x00" * 128


def _inputs() -> dict[str, bytes]:
    jpeg = encode(picture((80, 60)), exif=phone_exif(1))
    png = encode(picture((40, 30), seed=3), "PNG")
    return {
        "phone.jpg": jpeg,
        "everything.jpg": with_jpeg_segments(
            jpeg,
            jpeg_segment(0xE1, XMP),
            jpeg_segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04" + b"\x00" * 8),
            jpeg_segment(0xFE, "拍摄于家中".encode()),
            jpeg_segment(0xE2, ICC),
            jpeg_segment(0xEC, b"Ducky\x00\x01"),
            jpeg_segment(0xE5, b"vendor"),
        )
        + b"trailing data",
        "plain.jpg": encode(picture((30, 20), seed=9)),
        "phone.png": with_png_chunks(
            png,
            png_chunk(b"gAMA", (45455).to_bytes(4, "big")),
            png_chunk(b"eXIf", phone_exif(1)),
            png_chunk(b"tEXt", b"Comment\x00home"),
            png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + XMP),
            png_chunk(b"zTXt", b"Raw profile type exif\x00\x00" + b"x\x9c\x03\x00\x00\x00\x00\x01"),
            png_chunk(b"tIME", b"\x07\xea\x05\x06\x0a\x00\x00"),
        ),
        "phone.webp": encode(picture((24, 24), seed=5), "WEBP", exif=phone_exif(1), xmp=XMP),
        "lossy.webp": encode(picture((24, 16), seed=6), "WEBP", lossless=False, exif=phone_exif(1)),
    }


def _spec() -> dict[str, Any]:
    full = pack.rule_pack(Programme.load(ROOT))
    return {"pack": {"messages": full["messages"], "media": full["media"]}}


def _node(inputs: dict[str, bytes], tmp_path: Path) -> dict[str, Any]:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_spec(), ensure_ascii=False), encoding="utf-8")
    data = tmp_path / "inputs.json"
    data.write_text(
        json.dumps({k: base64.b64encode(v).decode() for k, v in inputs.items()}), encoding="utf-8"
    )
    script = f"""
import {{cleanPhoto, PhotoError, sniff, dimensions, orientation}} from {json.dumps(PHOTOS)};
import {{readFileSync}} from "node:fs";
const spec = JSON.parse(readFileSync({json.dumps(str(spec))}, "utf8"));
const inputs = JSON.parse(readFileSync({json.dumps(str(data))}, "utf8"));
const out = {{}};
for (const [name, b64] of Object.entries(inputs)) {{
  const bytes = Uint8Array.from(Buffer.from(b64, "base64"));
  try {{
    const c = await cleanPhoto(spec, name, bytes);
    out[name] = {{b64: Buffer.from(c.bytes).toString("base64"), ext: c.ext, width: c.width,
      height: c.height, removed: c.removed, orientation: orientation(c.format, bytes)}};
  }} catch (e) {{
    out[name] = e instanceof PhotoError ? {{code: e.code, message: e.message}} : {{other: String(e.stack)}};
  }}
}}
console.log(JSON.stringify(out));
"""
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _refused(make: str) -> bytes:
    if make == "bytes":
        png = encode(picture((20, 20)), "PNG")
        noise = png_chunk(b"IDAT", b"")  # empty data chunks keep it a PNG
        return png[:-12] + noise * (media.MAX_IMAGE_BYTES // 12 + 10) + png[-12:]
    if make == "side":
        png = encode(picture((20, 20)), "PNG")
        ihdr = bytearray(png[16:29])
        ihdr[0:4] = (media.MAX_IMAGE_SIDE + 1).to_bytes(4, "big")
        return png[:8] + png_chunk(b"IHDR", bytes(ihdr)) + png[33:]
    if make == "heic":
        return b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40
    if make == "pdf":
        return b"%PDF-1.7\n"
    return encode(picture())[:100]


REFUSED = [
    ("huge.png", "bytes", "PM603"),
    ("wide.png", "side", "PM604"),
    ("iphone.jpg", "heic", "PM606"),
    ("report.jpg", "pdf", "PM606"),
    ("broken.jpg", "broken", "PM607"),
]
PORTRAIT = encode(picture((40, 20)), exif=phone_exif(6))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every file through photos.js in one Node run."""
    inputs = {**_inputs(), "portrait.jpg": PORTRAIT}
    inputs.update({name: _refused(make) for name, make, _ in REFUSED})
    return _node(inputs, tmp_path_factory.mktemp("photos"))


def test_browser_cleaning_gives_the_bytes_media_clean_gives(results: dict[str, Any]) -> None:
    inputs = _inputs()
    out = results
    for name, data in inputs.items():
        got = out[name]
        assert "b64" in got, (name, got)
        python = clean_image(data)
        assert not python.reencoded
        browser = base64.b64decode(got["b64"])
        assert browser == python.data, name
        fmt = media.sniff(browser)
        assert fmt is not None
        assert [b for b in imagemeta.blocks(fmt, browser) if b.name] == []
        facts = media.inspect(f"x.{got['ext']}", browser)
        assert (facts.width, facts.height) == (got["width"], got["height"]), name
        assert facts.metadata == ()
    # What was there is named; what the picture needs stays.
    assert sorted(out["everything.jpg"]["removed"]) == sorted(
        ["EXIF", "XMP", "IPTC", "厂商数据", "图片后附带的数据"]
    )
    assert ICC in base64.b64decode(out["everything.jpg"]["b64"])
    assert out["plain.jpg"]["removed"] == []
    assert base64.b64decode(out["plain.jpg"]["b64"]) == inputs["plain.jpg"]
    assert sorted(out["phone.png"]["removed"]) == ["EXIF", "XMP"]
    assert b"gAMA" in base64.b64decode(out["phone.png"]["b64"])
    assert sorted(out["phone.webp"]["removed"]) == ["EXIF", "XMP"]


def test_turned_photo_orientation_is_read(results: dict[str, Any]) -> None:
    """A portrait as phones save it (EXIF Orientation 6): the browser module sees the turn (the
    page then has the browser draw it upright); Node, without a decoder, strips only."""
    assert results["portrait.jpg"]["orientation"] == 6
    assert base64.b64decode(results["portrait.jpg"]["b64"]) == imagemeta.strip("JPEG", PORTRAIT)


@pytest.mark.parametrize(("name", "make", "code"), REFUSED)
def test_limits_and_formats_are_the_rules(
    results: dict[str, Any], name: str, make: str, code: str
) -> None:
    out = results[name]
    assert out.get("code") == code, out
    assert name in out["message"]
    msgs = media_rules.MESSAGES
    if code == "PM603":
        assert (
            out["message"].startswith(f"图片 {name} 有 ")
            and msgs["PM603.smaller"] in out["message"]
        )
        assert f"超过 {media.MAX_IMAGE_BYTES // (1024 * 1024)} MB" in out["message"]
    if code == "PM604":
        assert out["message"] == msgs(
            "PM604",
            name=name,
            dims=f"{media.MAX_IMAGE_SIDE + 1} × 20 像素",
            side=media.MAX_IMAGE_SIDE,
        )
    if make == "heic":
        assert "HEIC" in out["message"] and "兼容性最佳" in out["message"]
