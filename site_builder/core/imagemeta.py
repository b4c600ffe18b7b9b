"""Metadata inside image files, at the byte level: what is there, and the same file without it.

JPEG segments, PNG chunks and WebP (RIFF) chunks are walked without decoding any pixels, so
stripping never re-encodes: the image data is copied byte for byte. `blocks` names the metadata
that can carry a photo's location or camera (EXIF, XMP, IPTC, a second embedded picture, data
after the image); `strip` drops those and every other block that is not needed to draw the
image (comments, text chunks, vendor segments).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from site_builder.core.errors import SiteBuilderError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SOI = b"\xff\xd8"

# What a found block is called in messages.
EXIF = "EXIF"
XMP = "XMP"
IPTC = "IPTC"
EXTRA_IMAGE = "附带的第二张图片"
TRAILER = "图片后附带的数据"
VENDOR = "厂商数据"


class ImageFormatError(SiteBuilderError, ValueError):
    """The bytes are not a well-formed file of the format they claim."""

    code = "SB602"


@dataclass(frozen=True)
class Block:
    name: str  # EXIF, XMP, ... or "" for blocks that are dropped but not reported
    payload: bytes  # the block's content (an EXIF block: the TIFF structure)


# ---------------------------------------------------------------------------------------- JPEG


def _jpeg_segments(data: bytes) -> Iterator[tuple[int, int, int, int]]:
    """(marker, start, payload start, end) of each segment after SOI, the entropy-coded data
    following a SOS included in that SOS segment. Ends with EOI (marker 0xD9)."""
    if not data.startswith(JPEG_SOI):
        raise ImageFormatError("no SOI")
    pos, size = 2, len(data)
    while True:
        if pos >= size or data[pos] != 0xFF:
            raise ImageFormatError("marker expected")
        start = pos
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            raise ImageFormatError("truncated")
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            yield marker, start, pos, pos
            return
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            yield marker, start, pos, pos
            continue
        if pos + 2 > size:
            raise ImageFormatError("truncated")
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > size:
            raise ImageFormatError("bad segment length")
        payload, end = pos + 2, pos + length
        if marker == 0xDA:  # scan data runs to the next marker that is not RSTn or a stuffed 0
            end = _scan_end(data, end)
        yield marker, start, payload, end
        pos = end


# In scan data a marker is 0xFF followed by anything but a stuffed 0x00, RSTn or more fill.
_SCAN_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _scan_end(data: bytes, pos: int) -> int:
    match = _SCAN_MARKER.search(data, pos)
    if match is None:
        raise ImageFormatError("scan data not terminated")
    return match.start()


def _jpeg_block(marker: int, payload: bytes) -> tuple[bool, str]:
    """(keep, reported name) for one segment."""
    if marker == 0xE0 or marker == 0xEE:  # APP0 JFIF/JFXX, APP14 Adobe (colour transform)
        return True, ""
    if marker == 0xE2:
        if payload.startswith(b"ICC_PROFILE\x00"):
            return True, ""
        if payload.startswith(b"MPF\x00"):
            return False, EXTRA_IMAGE
        return False, VENDOR
    if marker == 0xE1:
        if payload.startswith(b"Exif\x00"):
            return False, EXIF
        if payload.startswith((b"http://ns.adobe.com/", b"XMP\x00")):
            return False, XMP
        return False, VENDOR
    if marker == 0xED:
        return False, IPTC
    if marker == 0xFE or marker == 0xEC:  # comments; APP12 "Ducky" (a save-for-web quality)
        return False, ""
    if 0xE0 <= marker <= 0xEF:
        return False, VENDOR
    return True, ""


def _trailer_matters(tail: bytes) -> bool:
    return bool(tail.strip(b"\x00\r\n\t "))


def jpeg_blocks(data: bytes) -> list[Block]:
    found = []
    end = 2
    for marker, _, payload, end in _jpeg_segments(data):
        if marker == 0xDA:
            continue
        keep, name = _jpeg_block(marker, data[payload:end])
        if not keep:
            found.append(Block(name, data[payload:end]))
    if _trailer_matters(data[end:]):
        found.append(Block(TRAILER, data[end:]))
    return found


def strip_jpeg(data: bytes) -> bytes:
    out = [JPEG_SOI]
    for marker, start, payload, end in _jpeg_segments(data):
        if _jpeg_block(marker, data[payload:end])[0]:
            out.append(data[start:end])
    return b"".join(out)  # anything after EOI is left behind


# ----------------------------------------------------------------------------------------- PNG

# Ancillary chunks needed to draw the image the same way (colour, transparency, animation).
PNG_KEEP = frozenset(
    {
        b"tRNS",
        b"gAMA",
        b"cHRM",
        b"sRGB",
        b"iCCP",
        b"sBIT",
        b"bKGD",
        b"pHYs",
        b"cICP",
        b"mDCV",
        b"cLLI",
        b"acTL",
        b"fcTL",
        b"fdAT",
    }
)
_PNG_TEXT = (b"tEXt", b"zTXt", b"iTXt")


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, int, int, int]]:
    """(type, start, data start, end) of each chunk; ends with IEND."""
    if not data.startswith(PNG_SIGNATURE):
        raise ImageFormatError("no PNG signature")
    pos = len(PNG_SIGNATURE)
    while True:
        if pos + 8 > len(data):
            raise ImageFormatError("truncated")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise ImageFormatError("truncated chunk")
        yield kind, pos, pos + 8, pos + 8 + length
        if kind == b"IEND":
            return
        pos = end


def _png_text_key(kind: bytes, payload: bytes) -> bytes:
    return payload.split(b"\x00", 1)[0] if kind in _PNG_TEXT else b""


def png_blocks(data: bytes) -> list[Block]:
    found = []
    end = 0
    for kind, _, start, stop in _png_chunks(data):
        end = stop + 4
        payload = data[start:stop]
        key = _png_text_key(kind, payload)
        if kind == b"eXIf":
            found.append(Block(EXIF, payload))
        elif key == b"XML:com.adobe.xmp":
            found.append(Block(XMP, payload))
        elif key.startswith(b"Raw profile type"):  # ImageMagick's hex copy of EXIF/IPTC/XMP
            found.append(Block(EXIF if b"exif" in key.lower() else IPTC, b""))
        elif kind[0:1].islower() and kind not in PNG_KEEP:
            found.append(Block("", payload))
    if _trailer_matters(data[end:]):
        found.append(Block(TRAILER, data[end:]))
    return found


def strip_png(data: bytes) -> bytes:
    out = [PNG_SIGNATURE]
    for kind, start, _, stop in _png_chunks(data):
        if kind[0:1].isupper() or kind in PNG_KEEP:  # critical chunks, and the kept ones
            out.append(data[start : stop + 4])
    return b"".join(out)


# ---------------------------------------------------------------------------------------- WebP

WEBP_KEEP = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"})
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _webp_chunks(data: bytes) -> Iterator[tuple[bytes, int, int, int]]:
    """(fourcc, start, data start, end incl. padding) of each chunk."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ImageFormatError("no RIFF WEBP header")
    (riff_size,) = struct.unpack("<I", data[4:8])
    limit = min(len(data), 8 + riff_size)
    pos = 12
    while pos + 8 <= limit:
        kind, length = struct.unpack("<4sI", data[pos : pos + 8])
        stop = pos + 8 + length
        if stop > limit:
            raise ImageFormatError("truncated chunk")
        yield kind, pos, pos + 8, stop + (length & 1)
        pos = stop + (length & 1)


def webp_blocks(data: bytes) -> list[Block]:
    found = []
    for kind, _, start, end in _webp_chunks(data):
        if kind == b"EXIF":
            found.append(Block(EXIF, data[start:end]))
        elif kind == b"XMP ":
            found.append(Block(XMP, data[start:end]))
        elif kind not in WEBP_KEEP:
            found.append(Block("", b""))
    (riff_size,) = struct.unpack("<I", data[4:8])
    if _trailer_matters(data[8 + riff_size :]):
        found.append(Block(TRAILER, b""))
    return found


def strip_webp(data: bytes) -> bytes:
    body = []
    for kind, start, _, end in _webp_chunks(data):
        if kind not in WEBP_KEEP:
            continue
        chunk = bytearray(data[start:end])
        if kind == b"VP8X" and len(chunk) > 8:
            chunk[8] &= ~(_VP8X_EXIF | _VP8X_XMP) & 0xFF
        body.append(bytes(chunk))
    content = b"WEBP" + b"".join(body)
    return b"RIFF" + struct.pack("<I", len(content)) + content


# -------------------------------------------------------------------------------------- common

_BLOCKS = {"JPEG": jpeg_blocks, "PNG": png_blocks, "WEBP": webp_blocks}
_STRIP = {"JPEG": strip_jpeg, "PNG": strip_png, "WEBP": strip_webp}


def blocks(fmt: str, data: bytes) -> list[Block]:
    """Every block `strip` would drop; the ones with a name are reported as metadata."""
    return _BLOCKS[fmt](data)


def strip(fmt: str, data: bytes) -> bytes:
    """`data` without any metadata block, image data untouched."""
    return _STRIP[fmt](data)


def exif_payload(fmt: str, block: Block) -> bytes:
    """The TIFF structure of an EXIF block (JPEG's has an `Exif\\0\\0` header)."""
    payload = block.payload
    if payload.startswith(b"Exif\x00"):
        payload = payload[6:]
    return payload
