"""Publishing a public project's media: each photo as a web-size image and a thumbnail, each PDF
as it is. Only folders of projects that have a page are published, so media of a non-public
project never reaches the site.

Resized images are cached in `.cache/media/` under the repository, named by the original's
sha256 and the size: an unchanged photo is never processed again, whatever its path or date.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

from PIL import Image

from site_builder.core import imagemeta
from site_builder.core.errors import SiteBuilderError
from site_builder.core.files import write_atomic
from site_builder.core.media import MediaFacts, fit, kind_of
from site_builder.core.tree import PROJECTS_DIR

WEB_SIDE = 1600  # the photo shown in the page and the lightbox
THUMB_SIDE = 640  # the photo strip (and the printed handout)
THUMBS = "thumbs"  # sub-folder of the published media folder (sources may have none)
CACHE_DIR = Path(".cache") / "media"
VERSION = 1  # part of every cache name: raise it when the renditions change
_QUALITY = {"JPEG": 82, "WEBP": 80}


class MediaError(SiteBuilderError):
    """A photo could not be processed; the message is Chinese."""

    code = "SB503"


def thumb_path(path: str) -> str:
    """`projects/2026/x/a.jpg` → `projects/2026/x/thumbs/a.jpg`."""
    folder, name = path.rsplit("/", 1)
    return f"{folder}/{THUMBS}/{name}"


def _render(data: bytes, fmt: str, size: tuple[int, int]) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data), formats=[fmt]) as image:
            if (image.width, image.height) == size:
                # Already small enough: the same bytes without metadata, no second compression.
                return imagemeta.strip(fmt, data)
            icc = image.info.get("icc_profile")
            if fmt == "JPEG":
                image.draft("RGB", size)  # decode at 1/2, 1/4 or 1/8 scale where possible
            if image.mode not in ("RGB", "RGBA", "L", "LA") or (
                fmt == "JPEG" and image.mode not in ("RGB", "L")
            ):
                if image.mode == "CMYK":
                    icc = None  # a CMYK profile no longer describes the converted pixels
                alpha = "A" in image.getbands() or "transparency" in image.info
                image = image.convert("RGBA" if alpha and fmt != "JPEG" else "RGB")
            small = image.resize(size, Image.Resampling.LANCZOS)
    options: dict = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        options.update(quality=_QUALITY["JPEG"], optimize=True, progressive=True)
    elif fmt == "WEBP":
        options.update(quality=_QUALITY["WEBP"])
    out = io.BytesIO()
    small.save(out, format=fmt, **options)
    return out.getvalue()


def rendition(root: Path, path: str, facts: MediaFacts, side: int) -> tuple[Path, int, int]:
    """The cached copy of the photo at `path` scaled to at most `side` a side: (file, width,
    height). Made on first use. Raises MediaError."""
    if not (facts.format and facts.width and facts.height):
        raise MediaError(f"{path}: 图片无法读取\u3002请重新导出后再上传\u3002")
    width, height = fit(facts.width, facts.height, side)
    ext = path.rsplit(".", 1)[-1].lower()
    target = root / CACHE_DIR / f"{facts.digest[:40]}-{side}-v{VERSION}.{ext}"
    if target.exists():
        return target, width, height
    data = (root / path).read_bytes()
    try:
        made = _render(data, facts.format, (width, height))
    except Exception as exc:
        raise MediaError(
            f"{path}: 图片无法处理\uff08{type(exc).__name__}\uff09\uff0c可能已损坏\u3002请重新导出后再上传\u3002"
        ) from None
    write_atomic(target, made)
    return target, width, height


def publish(root: Path, pages: Iterable[str], media: Mapping[str, MediaFacts]) -> dict[str, Path]:
    """docs-relative path → file to copy, for the media of every project page in `pages`
    (a project page `projects/<year>/<slug>.md` has its media in `projects/<year>/<slug>/`)."""
    folders = {
        p.removesuffix(".md") + "/"
        for p in pages
        if p.startswith(PROJECTS_DIR + "/") and p.count("/") == 2
    }
    out: dict[str, Path] = {}
    for path, facts in sorted(media.items()):
        folder = path.rsplit("/", 1)[0] + "/"
        if folder not in folders:
            continue  # not a public project's media
        if kind_of(path) == "document":
            out[path] = root / path
        elif kind_of(path) == "image":
            out[path] = rendition(root, path, facts, WEB_SIDE)[0]
            out[thumb_path(path)] = rendition(root, path, facts, THUMB_SIDE)[0]
    return out
