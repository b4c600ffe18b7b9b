"""Images and PDFs for the media tests, made here: with or without phone-like metadata."""

from __future__ import annotations

import io
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def picture(size: tuple[int, int] = (64, 48), seed: int = 0) -> Image.Image:
    """A small picture with some structure, so that a turn or a resize shows."""
    image = Image.new("RGB", size, (20 + seed % 200, 120, 200))
    for x in range(size[0] // 2):
        image.putpixel((x, 3), (255, 0, 0))
    for y in range(size[1] // 3):
        image.putpixel((2, y), (0, 255, 0))
    return image


def phone_exif(orientation: int = 1) -> bytes:
    """EXIF as a phone writes it: make, model, time and GPS coordinates."""
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 13"
    exif[0x0132] = "2026:05:06 10:00:00"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 15.0), 3: "E", 4: (116.0, 23.0, 30.0)}
    return exif.tobytes()


def encode(image: Image.Image, fmt: str = "JPEG", exif: bytes | None = None, **options) -> bytes:
    out = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    if fmt == "WEBP":
        options.setdefault("lossless", True)  # exact pixels for the comparisons
    image.save(out, format=fmt, **options)
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def with_png_chunks(png: bytes, *chunks: bytes) -> bytes:
    """Insert chunks right after IHDR."""
    at = 8 + 25
    return png[:at] + b"".join(chunks) + png[at:]


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def with_jpeg_segments(jpeg: bytes, *segments: bytes) -> bytes:
    """Insert segments right after SOI."""
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def pdf(marker: str = "", **extra: object) -> bytes:
    """A one-page PDF; `javascript`, `launch`, `attachment` add active content."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if marker:
        writer.add_metadata({"/Title": marker})
    actions = []
    if extra.get("javascript"):
        actions.append({"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert(1);")})
    if extra.get("launch"):
        actions.append({"/S": NameObject("/Launch"), "/F": TextStringObject("calc.exe")})
    for action in actions:
        entry = DictionaryObject({NameObject(k): v for k, v in action.items()})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(entry)
    if extra.get("attachment"):
        writer.add_attachment("notes.txt", b"hello")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
