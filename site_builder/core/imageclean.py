"""An image without its metadata: the pure core of `media clean`.

Where the format allows, the metadata blocks are dropped at the byte level and the image data is
kept byte for byte (no re-encoding, no loss). A photo whose EXIF turns it (Orientation other than
1) would lie on its side once that EXIF is gone, so it is turned by Pillow and saved again: PNG
losslessly, WebP losslessly when it was, JPEG with the original's quantisation tables.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, JpegImagePlugin

from site_builder.core import imagemeta
from site_builder.core.errors import SiteBuilderError
from site_builder.core.media import IMAGE_FORMATS, describe, sniff


class CleanError(SiteBuilderError, ValueError):
    """The file is not an image this command can clean; the message is Chinese."""

    code = "SB601"


@dataclass(frozen=True)
class Cleaned:
    data: bytes
    found: tuple[str, ...]  # the metadata that was there (Chinese names), reported ones first
    reencoded: bool  # turned upright and saved again (only when the EXIF orientation asked)

    def changed(self, original: bytes) -> bool:
        return self.data != original


def _orientation(data: bytes) -> int:
    try:
        with Image.open(io.BytesIO(data)) as image:
            value = image.getexif().get(0x0112, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _reencode(fmt: str, data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        icc = image.info.get("icc_profile")
        options: dict = {"icc_profile": icc} if icc else {}
        if fmt == "JPEG":
            sampling = JpegImagePlugin.get_sampling(image)
            options["qtables"] = image.quantization
            options["subsampling"] = sampling if sampling in (0, 1, 2) else 2
        elif fmt == "WEBP":
            lossless = b"VP8L" in data[12:64]
            options.update({"lossless": True} if lossless else {"quality": 95})
        upright = ImageOps.exif_transpose(image)
        upright.info = {}
        out = io.BytesIO()
        upright.save(out, format=fmt, **options)
    return out.getvalue()


def clean_image(data: bytes) -> Cleaned:
    """`data` without location, camera or any other metadata. Raises CleanError."""
    fmt = sniff(data)
    if fmt not in IMAGE_FORMATS.values():
        raise CleanError("不是 JPEG\u3001PNG 或 WebP 图片")
    try:
        found = imagemeta.blocks(fmt, data)
        names = describe(fmt, found)
        turned = _orientation(data) != 1
        result = _reencode(fmt, data) if turned else data
        # Stripping the re-encoded file too: nothing of the original's metadata can come along.
        result = imagemeta.strip(fmt, result)
    except (imagemeta.ImageFormatError, OSError, ValueError, SyntaxError):
        raise CleanError("图片已损坏或无法读取") from None
    left = [b for b in imagemeta.blocks(fmt, result) if b.name]
    if left:  # never expected: the stripper drops every named block
        raise CleanError("无法清除图片中的拍摄信息")
    return Cleaned(result, names, turned)
