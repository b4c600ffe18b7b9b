"""A project's media: photos and outcome documents in `projects/<year>/<slug>/`, how the body
refers to them, and what their bytes really are.

Pure: bytes and text in, facts out. The rules (rules/media.py), the `media clean` command and the
site's publishing step all read a file and a reference through here.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import warnings
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from site_builder.core import imagemeta

Kind = Literal["image", "document"]

# Extension (lower case) → the real format its bytes must have.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
DOCUMENT_FORMATS = {"pdf": "PDF"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 6000
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_FILES = 20
MAX_NAME = 100
# Letters, digits, Chinese characters, `-`, `_` and `.`: a name that needs no escaping in a link.
NAME_RE = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff._-]*")
FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "PDF": "PDF", "HEIC": "HEIC"}

GPS = "GPS 拍摄位置"
CAMERA = "相机品牌和型号"
TAKEN = "拍摄时间"


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def kind_of(name: str) -> Kind | None:
    ext = extension(name)
    if ext in IMAGE_FORMATS:
        return "image"
    if ext in DOCUMENT_FORMATS:
        return "document"
    return None


def expected_format(name: str) -> str | None:
    ext = extension(name)
    return IMAGE_FORMATS.get(ext) or DOCUMENT_FORMATS.get(ext)


def name_ok(name: str) -> bool:
    return len(name) <= MAX_NAME and NAME_RE.fullmatch(name) is not None


# ------------------------------------------------------------------------------ references


@dataclass(frozen=True)
class Reference:
    """One link or image in a body: its address, its text (an image's alt text) and offset."""

    url: str
    text: str
    image: bool
    offset: int  # of the address in the body
    name: str | None  # the file name when the address is `<slug>/<file>`, else None


_TEXT = r"((?:\\.|[^\[\]\\\n]|\[[^\[\]\n]*\])*)"
_INLINE = re.compile(r"(!?)\[" + _TEXT + r"\]\(\s*<?([^)\s>]*)")
_REF_USE = re.compile(r"(!?)\[" + _TEXT + r"\](?:\[([^\[\]\n]*)\])?")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]\n]+)\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
UNSAFE_URL = re.compile(r"[\s?#\\%\x00-\x1f]")
# What may not follow `<slug>/` in a link to the project's own file (before percent-escapes).
UNSAFE_REST = re.compile(r"[?#\\\s\x00-\x1f]")


def own_media_name(url: str, slug: str) -> str | None:
    """The file name when `url` is exactly `<slug>/<file>` (the project's own media folder):
    entities and percent-escapes undone, no query, fragment, `..`, sub-folder or back-slash."""
    raw = html.unescape(url)
    if not raw.startswith(slug + "/"):
        return None
    rest = raw[len(slug) + 1 :]
    if UNSAFE_REST.search(rest):
        return None
    name = unquote(rest)
    if UNSAFE_URL.search(name) or "/" in name or not name_ok(name):
        return None
    return name


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def references(body: str, slug: str) -> list[Reference]:
    """Every inline link or image, and every reference definition (an image when some `![\u2026][x]`
    uses it), in order of their address in the body."""
    if "](" not in body and "]:" not in body:
        return []
    found: list[Reference] = []
    for match in _INLINE.finditer(body):
        url = match.group(3)
        found.append(
            Reference(
                url, match.group(2), bool(match.group(1)), match.start(3), own_media_name(url, slug)
            )
        )
    definitions = list(_REF_DEF.finditer(body))
    if definitions:
        used: dict[str, tuple[bool, str]] = {}
        for match in _REF_USE.finditer(body):
            label = _label(match.group(3) or match.group(2))
            if body.startswith(":", match.end()) or body.startswith("(", match.end()):
                continue
            if match.group(1) or label not in used:
                used[label] = (bool(match.group(1)), match.group(2))
        for match in definitions:
            image, text = used.get(_label(match.group(1)), (False, ""))
            url = match.group(2)
            found.append(Reference(url, text, image, match.start(2), own_media_name(url, slug)))
    found.sort(key=lambda r: r.offset)
    return found


# ---------------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class MediaFacts:
    size: int
    digest: str  # sha256 of the bytes: the publishing cache's key
    format: str | None  # what the bytes really are (JPEG, PNG, WEBP, PDF, HEIC) or None
    width: int | None = None
    height: int | None = None
    metadata: tuple[str, ...] = ()  # location or camera metadata found (Chinese names)
    active: tuple[str, ...] = ()  # a PDF's active content (Chinese names)
    unreadable: str | None = None  # why the file cannot be read (Chinese)
    too_many_pixels: bool = False


def sniff(data: bytes) -> str | None:
    """The real format of `data` from its first bytes."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(imagemeta.PNG_SIGNATURE):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data.startswith(b"%PDF-"):
        return "PDF"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "HEIC"
    return None


def _exif_details(payload: bytes) -> list[str]:
    from PIL import Image  # imported when a photo is read: commands without photos skip it

    exif = Image.Exif()
    try:
        exif.load(payload)
        gps = exif.get_ifd(0x8825)
        details = exif.get_ifd(0x8769)
    except Exception:  # a damaged EXIF block is reported as EXIF, nothing more precise
        return []
    found = []
    if gps:
        found.append(GPS)
    if exif.get(0x010F) or exif.get(0x0110) or details.get(0xA431) or details.get(0xA434):
        found.append(CAMERA)
    if exif.get(0x0132) or details.get(0x9003):
        found.append(TAKEN)
    return found


def describe(fmt: str, blocks: list[imagemeta.Block]) -> tuple[str, ...]:
    """Chinese names of the reported metadata blocks: what they reveal first, then their kind."""
    names: list[str] = []
    for block in blocks:
        if block.name == imagemeta.EXIF:
            names += _exif_details(imagemeta.exif_payload(fmt, block))
        elif block.name == imagemeta.XMP and b"GPSLatitude" in block.payload:
            names.append(GPS)
    names += [b.name for b in blocks if b.name]
    return tuple(dict.fromkeys(names))


def inspect(name: str, data: bytes) -> MediaFacts:
    """What the bytes of media file `name` are, whatever its extension claims."""
    base = {"size": len(data), "digest": hashlib.sha256(data).hexdigest(), "format": sniff(data)}
    fmt = base["format"]
    if fmt is None or fmt != expected_format(name) or fmt == "HEIC":
        return MediaFacts(**base)
    # Pillow and pypdf are imported when a file needs them: a command that reads no photo or
    # document does not pay for them (`validate` of a tree without media starts faster).
    from PIL import Image

    from site_builder.core.pdfcheck import PdfProblem, active_content

    if fmt == "PDF":
        if len(data) > MAX_DOCUMENT_BYTES:
            return MediaFacts(**base)  # too large to be worth reading
        try:
            return MediaFacts(**base, active=tuple(active_content(data)))
        except PdfProblem as exc:
            return MediaFacts(**base, unreadable=str(exc))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bomb warnings, malformed MPO: judged below
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return MediaFacts(**base, too_many_pixels=True)
    except Exception:
        return MediaFacts(**base, unreadable="图片已损坏或无法读取")
    try:
        found = imagemeta.blocks(fmt, data)
    except imagemeta.ImageFormatError:
        return MediaFacts(**base, width=width, height=height, unreadable="图片结构不完整")
    return MediaFacts(**base, width=width, height=height, metadata=describe(fmt, found))


def fit(width: int, height: int, side: int) -> tuple[int, int]:
    """The size of a `width` × `height` image scaled down (never up) to at most `side` a side."""
    longest = max(width, height)
    if longest <= side:
        return width, height
    return max(1, round(width * side / longest)), max(1, round(height * side / longest))
