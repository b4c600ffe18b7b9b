"""A project's media folder: every PM rule passing and failing, relative links into the folder,
`media clean` (metadata gone, pixels kept), and the publishing step's cache."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
from clirun import cli_in_process
from factory import body, front, render, write
from imagefactory import (
    EXT,
    encode,
    jpeg_segment,
    pdf,
    phone_exif,
    picture,
    png_chunk,
    with_jpeg_segments,
    with_png_chunks,
)
from PIL import Image, ImageOps

from site_builder.core import imagemeta, media
from site_builder.core.imageclean import CleanError, clean_image
from site_builder.core.programme import Programme
from site_builder.rules.validate import validate

P = "projects/2026/pioneer.md"
FOLDER = "projects/2026/pioneer"
GOOD_JPEG = encode(picture())


def project(extra: str = "", stage: str = "approved") -> str:
    return render(front(stage), body(stage) + extra)


def run(repo: Path, programme: Programme, files: dict[str, str | bytes]) -> list:
    for rel, content in files.items():
        write(repo, rel, content)
    return validate(repo, programme).diagnostics


def codes(diags: list) -> list[str]:
    return [d.code for d in diags]


# ------------------------------------------------------------------------------ passing


def test_photos_and_a_document_pass(repo: Path, programme: Programme) -> None:
    text = (
        "\n![支部党员在结对村检修水泵](pioneer/pump.jpg)\n\n![活动现场](pioneer/site.png)\n\n"
        "![墙绘](pioneer/wall.webp)\n\n运行办法见[运行办法](pioneer/rules.pdf)\u3002\n"
        "\n[照片][p]\n\n[p]: pioneer/pump.jpg\n"
    )
    diags = run(
        repo,
        programme,
        {
            P: project(text),
            f"{FOLDER}/pump.jpg": GOOD_JPEG,
            f"{FOLDER}/site.png": encode(picture(), "PNG"),
            f"{FOLDER}/wall.webp": encode(picture(), "WEBP"),
            f"{FOLDER}/rules.pdf": pdf(),
        },
    )
    assert diags == []
    result = validate(repo, programme)
    assert sorted(result.media) == [
        f"{FOLDER}/{n}" for n in ("pump.jpg", "rules.pdf", "site.png", "wall.webp")
    ]
    assert result.media[f"{FOLDER}/pump.jpg"].width == 64


def test_upper_case_extension_and_chinese_name_pass(repo: Path, programme: Programme) -> None:
    text = "\n![现场](pioneer/IMG_0001.JPG) ![合影](pioneer/活动-1.jpg)\n"
    files = {
        P: project(text),
        f"{FOLDER}/IMG_0001.JPG": GOOD_JPEG,
        f"{FOLDER}/活动-1.jpg": GOOD_JPEG,
    }
    assert run(repo, programme, files) == []


@pytest.mark.parametrize(
    "link",
    ["pioneer/a.jpg", "pioneer/%61.jpg", "pioneer/a&#46;jpg"],
)
def test_links_into_the_own_folder_are_allowed(repo: Path, programme: Programme, link: str) -> None:
    files = {P: project(f"\n![照片]({link})\n"), f"{FOLDER}/a.jpg": GOOD_JPEG}
    assert run(repo, programme, files) == []


# ------------------------------------------------------------------------------ failing


@pytest.mark.parametrize(
    "link",
    [
        "other/a.jpg",
        "pioneer/../other/a.jpg",
        "pioneer/a.jpg?x=1",
        "pioneer/a.jpg#top",
        "pioneer/%2e%2e/a.jpg",
        "pioneer%2Fa.jpg",
        "pioneer/sub/a.jpg",
        "./pioneer/a.jpg",
        "/projects/2026/pioneer/a.jpg",
        "pioneer\\a.jpg",
    ],
)
def test_other_relative_links_are_still_refused(
    repo: Path, programme: Programme, link: str
) -> None:
    diags = run(repo, programme, {P: project(f"\n[文件]({link})\n")})
    assert "PB404" in codes(diags), diags
    hit = next(d for d in diags if d.code == "PB404")
    assert "pioneer/photo.jpg" in hit.message  # names the form that is allowed


def test_unknown_file_type_is_refused(repo: Path, programme: Programme) -> None:
    diags = run(repo, programme, {P: project(), f"{FOLDER}/notes.txt": "x"})
    assert codes(diags) == ["PM601"]
    assert diags[0].path == f"{FOLDER}/notes.txt" and "notes.txt 不是图片" in diags[0].message


def test_a_project_file_inside_a_folder_is_named_as_such(repo: Path, programme: Programme) -> None:
    diags = run(repo, programme, {"projects/2026/sub/x.md": project()})
    assert codes(diags) == ["PM601"]
    assert "项目文件应直接放在 projects/2026/ 中" in diags[0].message


def test_bad_file_name_is_refused(repo: Path, programme: Programme) -> None:
    diags = run(repo, programme, {P: project(), f"{FOLDER}/my photo.jpg": GOOD_JPEG})
    assert codes(diags) == ["PM601"] and "空格" in diags[0].message


def test_folder_that_is_no_slug_is_refused(repo: Path, programme: Programme) -> None:
    diags = run(repo, programme, {P: project(), "projects/2026/Bad_Folder/a.jpg": GOOD_JPEG})
    assert codes(diags) == ["PM601"] and "不是项目文件夹" in diags[0].message


def test_subfolder_is_refused(repo: Path, programme: Programme) -> None:
    diags = run(repo, programme, {P: project(), f"{FOLDER}/more/a.jpg": GOOD_JPEG})
    assert codes(diags) == ["PM602"]
    assert f"{FOLDER}/more/" in diags[0].message


def test_large_image_and_large_pdf(repo: Path, programme: Programme) -> None:
    noise = Image.frombytes("RGB", (1000, 800), os.urandom(1000 * 800 * 3))
    big = encode(noise, "PNG")
    assert len(big) > media.MAX_IMAGE_BYTES
    huge_pdf = b"%PDF-1.4\n" + b"0" * (media.MAX_DOCUMENT_BYTES + 1)
    text = "\n![噪点](pioneer/noise.png)\n[方案](pioneer/plan.pdf)\n"
    diags = run(
        repo,
        programme,
        {P: project(text), f"{FOLDER}/noise.png": big, f"{FOLDER}/plan.pdf": huge_pdf},
    )
    assert codes(diags) == ["PM603", "PM603"]
    assert "超过 2 MB" in diags[0].message and "超过 10 MB" in diags[1].message


def test_too_many_pixels_a_side(repo: Path, programme: Programme) -> None:
    wide = encode(Image.new("L", (6001, 4)), "PNG")
    diags = run(
        repo, programme, {P: project("\n![长条](pioneer/wide.png)\n"), f"{FOLDER}/wide.png": wide}
    )
    assert codes(diags) == ["PM604"] and "6001 × 4" in diags[0].message


def test_too_many_files(repo: Path, programme: Programme) -> None:
    names = [f"p{i:02d}.jpg" for i in range(21)]
    text = "".join(f"\n![照片{i}](pioneer/{n})\n" for i, n in enumerate(names))
    files: dict[str, str | bytes] = {P: project(text)}
    files.update({f"{FOLDER}/{n}": GOOD_JPEG for n in names})
    diags = run(repo, programme, files)
    assert codes(diags) == ["PM605"] and diags[0].path == P
    assert "21 个文件" in diags[0].message
    (repo / FOLDER / names[-1]).unlink()
    write(repo, P, project(text.replace(f"![照片20](pioneer/{names[-1]})", "")))
    assert validate(repo, programme).diagnostics == []


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("a.jpg", encode(picture(), "PNG"), "实际是 PNG 格式"),
        ("a.png", GOOD_JPEG, "实际是 JPEG 格式"),
        ("a.pdf", GOOD_JPEG, "实际是 JPEG 格式"),
        ("a.jpg", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40, "HEIC"),
        ("a.webp", b"<html>not an image</html>", "实际不是图片或 PDF"),
    ],
)
def test_content_must_match_extension(
    repo: Path, programme: Programme, name: str, data: bytes, says: str
) -> None:
    link = f"![照片](pioneer/{name})" if not name.endswith(".pdf") else f"[文件](pioneer/{name})"
    diags = run(repo, programme, {P: project(f"\n{link}\n"), f"{FOLDER}/{name}": data})
    assert codes(diags) == ["PM606"], diags
    assert says in diags[0].message


@pytest.mark.parametrize(
    ("name", "data"),
    [("a.jpg", GOOD_JPEG[: len(GOOD_JPEG) // 2]), ("a.pdf", b"%PDF-1.4\n1 0 obj <<")],
)
def test_damaged_files(repo: Path, programme: Programme, name: str, data: bytes) -> None:
    link = f"![照片](pioneer/{name})" if name.endswith(".jpg") else f"[文件](pioneer/{name})"
    diags = run(repo, programme, {P: project(f"\n{link}\n"), f"{FOLDER}/{name}": data})
    assert codes(diags) == ["PM607"], diags


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_gps_metadata_is_refused_with_the_fix_named(
    repo: Path, programme: Programme, fmt: str
) -> None:
    name = f"photo.{EXT[fmt]}"
    rel = f"{FOLDER}/{name}"
    files = {P: project(f"\n![照片](pioneer/{name})\n"), rel: encode(picture(), fmt, phone_exif())}
    diags = run(repo, programme, files)
    assert codes(diags) == ["PM608"]
    message = diags[0].message
    assert "GPS 拍摄位置" in message and "相机品牌和型号" in message
    assert f"python -m site_builder media clean {rel}" in message
    assert "仓库维护者" in message


@pytest.mark.parametrize(
    "segment",
    [
        jpeg_segment(
            0xE1,
            b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><exif:GPSLatitude>39</exif:GPSLatitude></x:xmpmeta>",
        ),
        jpeg_segment(0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x00"),
        jpeg_segment(0xE2, b"MPF\x00II*\x00"),
    ],
    ids=["xmp", "iptc", "mpf"],
)
def test_other_jpeg_metadata_is_refused(repo: Path, programme: Programme, segment: bytes) -> None:
    data = with_jpeg_segments(GOOD_JPEG, segment)
    files = {P: project("\n![照片](pioneer/a.jpg)\n"), f"{FOLDER}/a.jpg": data}
    assert codes(run(repo, programme, files)) == ["PM608"]


def test_a_second_image_after_the_first_is_refused(repo: Path, programme: Programme) -> None:
    data = GOOD_JPEG + encode(picture(), "JPEG", phone_exif())
    files = {P: project("\n![照片](pioneer/a.jpg)\n"), f"{FOLDER}/a.jpg": data}
    diags = run(repo, programme, files)
    assert codes(diags) == ["PM608"] and imagemeta.TRAILER in diags[0].message


def test_harmless_blocks_pass(repo: Path, programme: Programme) -> None:
    """A comment (GIMP writes one), a text chunk and a colour profile carry no location."""
    jpeg = with_jpeg_segments(GOOD_JPEG, jpeg_segment(0xFE, b"Created with GIMP"))
    png = with_png_chunks(encode(picture(), "PNG"), png_chunk(b"tEXt", b"Software\x00paint"))
    text = "\n![一](pioneer/a.jpg) ![二](pioneer/b.png)\n"
    files = {P: project(text), f"{FOLDER}/a.jpg": jpeg, f"{FOLDER}/b.png": png}
    assert run(repo, programme, files) == []


@pytest.mark.parametrize(
    ("kind", "says"),
    [("javascript", "JavaScript"), ("launch", "启动程序"), ("attachment", "附件")],
)
def test_active_pdf_is_refused(repo: Path, programme: Programme, kind: str, says: str) -> None:
    files = {P: project("\n[方案](pioneer/plan.pdf)\n"), f"{FOLDER}/plan.pdf": pdf(**{kind: True})}
    diags = run(repo, programme, files)
    assert codes(diags) == ["PM609"] and says in diags[0].message


def test_javascript_behind_a_name_escape_is_found(repo: Path, programme: Programme) -> None:
    raw = pdf(javascript=True)
    assert b"/JavaScript" in raw
    disguised = raw.replace(b"/JavaScript", b"/J#61vaScript")  # the same name to a PDF reader
    files = {P: project("\n[方案](pioneer/plan.pdf)\n"), f"{FOLDER}/plan.pdf": disguised}
    assert codes(run(repo, programme, files)) == ["PM609"]


def test_image_without_alt_text(repo: Path, programme: Programme) -> None:
    text = "\n![  ](pioneer/a.jpg)\n"
    content = project(text)
    diags = run(repo, programme, {P: content, f"{FOLDER}/a.jpg": GOOD_JPEG})
    assert codes(diags) == ["PM610"]
    line = next(i for i, x in enumerate(content.split("\n"), 1) if x.startswith("![  ]"))
    assert diags[0].line == line


def test_reference_style_image_without_alt_text(repo: Path, programme: Programme) -> None:
    text = "\n![][p]\n\n[p]: pioneer/a.jpg\n"
    diags = run(repo, programme, {P: project(text), f"{FOLDER}/a.jpg": GOOD_JPEG})
    assert codes(diags) == ["PM610"]


def test_link_to_a_missing_file(repo: Path, programme: Programme) -> None:
    content = project("\n![照片](pioneer/gone.jpg) [方案](pioneer/IMG.JPG)\n")
    diags = run(repo, programme, {P: content, f"{FOLDER}/img.jpg": GOOD_JPEG})
    assert sorted(codes(diags)) == ["PM611", "PM611", "PM612"]
    missing = [d for d in diags if d.code == "PM611"]
    assert all(d.path == P for d in missing)
    assert any("大小写" in d.message and "img.jpg" in d.message for d in missing)


def test_file_no_project_refers_to(repo: Path, programme: Programme) -> None:
    diags = run(
        repo,
        programme,
        {P: project(), f"{FOLDER}/extra.jpg": GOOD_JPEG, "projects/2026/nobody/a.jpg": GOOD_JPEG},
    )
    assert codes(diags) == ["PM612", "PM612"]
    by_path = {d.path: d.message for d in diags}
    assert "![说明](pioneer/extra.jpg)" in by_path[f"{FOLDER}/extra.jpg"]
    assert "没有对应的项目文件 projects/2026/nobody.md" in by_path["projects/2026/nobody/a.jpg"]


def test_remote_image_and_pdf_as_image(repo: Path, programme: Programme) -> None:
    """A remote image is PB408's (one rule, one place); a PDF shown as an image is PM613's."""
    text = "\n![远程](https://example.org/a.jpg)\n\n![文件](pioneer/plan.pdf)\n"
    diags = run(repo, programme, {P: project(text), f"{FOLDER}/plan.pdf": pdf()})
    assert codes(diags) == ["PB408", "PM613"]
    assert "[名称](pioneer/plan.pdf)" in diags[1].message


def test_a_link_to_a_remote_page_is_still_fine(repo: Path, programme: Programme) -> None:
    assert run(repo, programme, {P: project("\n[学院](https://example.org/a.jpg)\n")}) == []


def test_symlink_in_a_media_folder(repo: Path, programme: Programme) -> None:
    write(repo, P, project("\n![照片](pioneer/a.jpg)\n"))
    (repo / FOLDER).mkdir(parents=True)
    os.symlink("/etc/hostname", repo / FOLDER / "a.jpg")
    assert codes(validate(repo, programme).diagnostics) == ["PF116"]


def test_validate_names_a_media_folder(repo: Path, programme: Programme) -> None:
    """The folder names its project file too (one project): two files checked."""
    write(repo, P, project("\n![照片](pioneer/a.jpg)\n"))
    write(repo, f"{FOLDER}/a.jpg", encode(picture(), "JPEG", phone_exif()))
    proc = cli_in_process("validate", FOLDER, cwd=repo)
    assert proc.returncode == 1 and "PM608" in proc.stdout and "检查了 2 个文件" in proc.stdout


# --------------------------------------------------------------------------------- clean


def exif_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif())


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_clean_strips_everything_and_keeps_the_pixels(fmt: str) -> None:
    original = encode(picture(), fmt, phone_exif())
    assert exif_of(original)
    cleaned = clean_image(original)
    assert not cleaned.reencoded
    assert exif_of(cleaned.data) == {}
    assert b"iPhone" not in cleaned.data and b"Apple" not in cleaned.data
    assert pixels(cleaned.data) == pixels(original)
    assert media.inspect(f"a.{EXT[fmt]}", cleaned.data).metadata == ()
    assert clean_image(cleaned.data).data == cleaned.data  # nothing left to do


def test_clean_jpeg_keeps_the_image_data_byte_for_byte() -> None:
    original = with_jpeg_segments(
        encode(picture(), "JPEG", phone_exif()),
        jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x/>"),
        jpeg_segment(0xFE, b"a comment"),
        jpeg_segment(0xE2, b"ICC_PROFILE\x00\x01\x01kept"),
    ) + encode(picture(), "JPEG", phone_exif())  # a second picture after the first (MPF)
    cleaned = clean_image(original).data
    scan_start = original.index(b"\xff\xda")
    scan_end = original.index(b"\xff\xd9") + 2
    assert cleaned.endswith(original[scan_start:scan_end])  # the compressed image untouched
    assert b"ICC_PROFILE\x00\x01\x01kept" in cleaned
    assert b"a comment" not in cleaned and b"xap" not in cleaned and b"Exif" not in cleaned


def test_clean_png_keeps_transparency_and_drops_text() -> None:
    image = Image.new("P", (8, 8), 0)
    image.putpalette([0, 0, 0, 255, 0, 0])
    original = with_png_chunks(
        encode(image, "PNG", transparency=0),
        png_chunk(b"tEXt", b"Comment\x00secret"),
        png_chunk(b"tIME", b"\x07\xea\x05\x06\x0a\x00\x00"),
    )
    cleaned = clean_image(original).data
    assert b"tRNS" in cleaned and b"secret" not in cleaned and b"tIME" not in cleaned
    assert pixels(cleaned) == pixels(original)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_clean_applies_the_orientation(fmt: str) -> None:
    original = encode(picture((40, 20)), fmt, phone_exif(orientation=6))
    cleaned = clean_image(original)
    assert cleaned.reencoded and exif_of(cleaned.data) == {}
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.size == (20, 40)
        if fmt != "JPEG":  # lossless: exactly the original turned upright
            with Image.open(io.BytesIO(original)) as before:
                upright = ImageOps.exif_transpose(before).convert("RGB")
            assert image.convert("RGB").tobytes() == upright.tobytes()


def test_clean_refuses_what_is_not_an_image() -> None:
    with pytest.raises(CleanError):
        clean_image(b"%PDF-1.4")
    with pytest.raises(CleanError):
        clean_image(GOOD_JPEG[:40])


def media_command(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli_in_process("media", "clean", *args, cwd=repo)


def test_media_clean_makes_a_refused_photo_pass(repo: Path, programme: Programme) -> None:
    text = "\n![照片](pioneer/a.jpg) ![图](pioneer/b.png)\n[方案](pioneer/plan.pdf)\n"
    write(repo, P, project(text))
    write(repo, f"{FOLDER}/a.jpg", encode(picture(), "JPEG", phone_exif()))
    write(repo, f"{FOLDER}/b.png", encode(picture(), "PNG"))
    write(repo, f"{FOLDER}/plan.pdf", pdf())
    assert codes(validate(repo, programme).diagnostics) == ["PM608"]
    proc = media_command(repo, FOLDER)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{FOLDER}/a.jpg\uff1a已清除 GPS 拍摄位置" in proc.stdout
    assert f"{FOLDER}/b.png\uff1a没有需要清除的信息" in proc.stdout
    assert "plan.pdf" not in proc.stdout  # not an image: left alone
    assert validate(repo, programme).diagnostics == []
    assert not list((repo / FOLDER).glob(".*"))  # no temporary file left behind


def test_media_clean_reports_a_damaged_photo(repo: Path) -> None:
    write(repo, f"{FOLDER}/a.jpg", GOOD_JPEG[:40])
    proc = media_command(repo, f"{FOLDER}/a.jpg")
    assert proc.returncode == 1 and "无法清除" in proc.stdout
    assert (repo / FOLDER / "a.jpg").read_bytes() == GOOD_JPEG[:40]


def test_media_clean_needs_images(repo: Path) -> None:
    write(repo, P, project())
    proc = media_command(repo, P)
    assert proc.returncode == 2 and proc.stderr.startswith("用法错误\uff1a")
    assert "Traceback" not in proc.stderr


# ----------------------------------------------------------------------------- references


def test_references_read_inline_and_reference_style() -> None:
    text = '![甲](s/a.jpg) [乙](s/b.pdf "标题")\n![丙][x]\n[丁][y]\n\n[x]: s/c.png\n[y]: https://e.org\n'
    refs = media.references(text, "s")
    assert [(r.name, r.image, r.text) for r in refs] == [
        ("a.jpg", True, "甲"),
        ("b.pdf", False, "乙"),
        ("c.png", True, "丙"),
        (None, False, "丁"),
    ]


def test_fit_scales_down_only() -> None:
    assert media.fit(4000, 3000, 1600) == (1600, 1200)
    assert media.fit(3000, 4000, 640) == (480, 640)
    assert media.fit(300, 200, 640) == (300, 200)


# ----------------------------------------------------------------------------- publishing


def test_publishing_resizes_strips_and_caches(
    repo: Path, programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from site_builder.showcase import media as publishing
    from site_builder.showcase.pages import build_pages

    text = "\n![大照片](pioneer/big.jpg)\n\n![小图](pioneer/small.png)\n\n[运行办法](pioneer/rules.pdf)\n"
    write(repo, P, project(text))
    write(repo, f"{FOLDER}/big.jpg", encode(picture((3200, 1800)), "JPEG", quality=95))
    write(repo, f"{FOLDER}/small.png", encode(picture((300, 200)), "PNG"))
    write(repo, f"{FOLDER}/rules.pdf", pdf())
    result = validate(repo, programme)
    assert result.diagnostics == []
    pages = build_pages(result.projects, programme, date(2026, 11, 28), result.media)
    files = publishing.publish(repo, pages, result.media)
    assert sorted(files) == sorted(
        f"{FOLDER}/{n}"
        for n in ("big.jpg", "thumbs/big.jpg", "small.png", "thumbs/small.png", "rules.pdf")
    )
    sizes = {}
    for rel, source in files.items():
        if not rel.endswith(".pdf"):
            with Image.open(source) as image:
                sizes[rel] = image.size
                assert dict(image.getexif()) == {}
    assert sizes[f"{FOLDER}/big.jpg"] == (1600, 900)
    assert sizes[f"{FOLDER}/thumbs/big.jpg"] == (640, 360)
    assert sizes[f"{FOLDER}/small.png"] == (300, 200)  # never scaled up
    assert files[f"{FOLDER}/rules.pdf"] == repo / FOLDER / "rules.pdf"
    assert all(repo / ".cache" / "media" in s.parents for r, s in files.items() if "pdf" not in r)

    # The page shows the same sizes the files have.
    page = pages[P]
    strip = next(line for line in page.split("\n") if "sb-photo" in line)
    assert (
        '(pioneer/thumbs/big.jpg){ width="640" height="360" loading="lazy" }](pioneer/big.jpg)'
        in strip
    )
    assert '![大照片](pioneer/big.jpg){ width="1600" height="900" loading="lazy" }' in page
    assert "[运行办法](pioneer/rules.pdf)\uff08PDF\uff0c" in page and "## 成果文件" in page

    # Unchanged photos are never processed again.
    def refuse(*args: object) -> bytes:
        raise AssertionError("processed again")

    monkeypatch.setattr(publishing, "_render", refuse)
    assert publishing.publish(repo, pages, result.media) == files


def test_media_of_a_non_public_project_is_not_published(repo: Path, programme: Programme) -> None:
    from datetime import date

    from site_builder.showcase import media as publishing
    from site_builder.showcase.pages import build_pages

    write(repo, P, project("\n![照片](pioneer/a.jpg)\n", stage="applied"))
    write(repo, f"{FOLDER}/a.jpg", GOOD_JPEG)
    result = validate(repo, programme)
    assert result.diagnostics == [] and result.media
    pages = build_pages(result.projects, programme, date(2026, 11, 28), result.media)
    assert P not in pages
    assert publishing.publish(repo, pages, result.media) == {}
    assert not (repo / ".cache").exists()


def test_the_sanitiser_keeps_sizes_and_nothing_more() -> None:
    from site_builder.core.sanitize import clean_html

    html = (
        '<p class="sb-strip"><a class="sb-photo" href="a.jpg"><img alt="甲" src="thumbs/a.jpg" '
        'width="640" height="427" loading="lazy" srcset="https://evil/x.jpg 2x" '
        'style="position:fixed" onload="x()" data-src="https://evil/y.jpg"></a></p>'
    )
    clean = clean_html(html)
    for kept in (
        'width="640"',
        'height="427"',
        'loading="lazy"',
        'class="sb-photo"',
        'href="a.jpg"',
    ):
        assert kept in clean
    for dropped in ("srcset", "style", "onload", "data-src", "evil"):
        assert dropped not in clean
