"""Drawn photos and outcome PDFs: the example projects' media and the benchmark corpus's.

Photos are drawn with Pillow from a seed (skies, fields, solar panels, walls, shelves: shapes and
gradients, never a face) and saved without any metadata; the PDFs are printed by headless
Chromium from a little Chinese HTML (Debian's chromium and fonts-noto-cjk).

    python -m bench.media            # (re)writes the example projects' media under projects/
"""

from __future__ import annotations

import functools
import io
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

REPO = Path(__file__).resolve().parent.parent
Colour = tuple[int, int, int]


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _gradient(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: Colour, bottom: Colour
) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=_mix(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


def _sky(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    _gradient(draw, (0, 0, w, h), (92, 150, 214), (214, 232, 246))
    for _ in range(rng.randint(2, 4)):
        cx, cy = rng.randint(0, w), rng.randint(h // 12, h // 3)
        for k in range(5):
            r = rng.randint(w // 40, w // 18)
            draw.ellipse(
                [cx + k * r // 1.5 - r, cy - r, cx + k * r // 1.5 + r, cy + r], fill=(246, 248, 252)
            )


def field(w: int, h: int, rng: random.Random) -> Image.Image:
    """Fields under a sky, a village house with a red banner, a table for the open-air class."""
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    horizon = int(h * rng.uniform(0.38, 0.48))
    _sky(draw, w, horizon, rng)
    _gradient(draw, (0, horizon, w, h), (118, 168, 74), (64, 112, 40))
    for i in range(14):
        x = w * i / 13
        draw.line([(w / 2, horizon), (x * 2 - w / 2, h)], fill=(86, 134, 52), width=3)
    hx = rng.randint(w // 10, w // 2)
    draw.rectangle([hx, horizon - h // 6, hx + w // 5, horizon + h // 20], fill=(232, 226, 214))
    draw.polygon(
        [
            (hx - w // 60, horizon - h // 6),
            (hx + w // 10, horizon - h // 4),
            (hx + w // 5 + w // 60, horizon - h // 6),
        ],
        fill=(150, 60, 46),
    )
    draw.rectangle(
        [hx + w // 40, horizon - h // 8, hx + w // 5 - w // 40, horizon - h // 11],
        fill=(200, 30, 36),
    )
    tx = rng.randint(w // 2, w - w // 4)
    draw.rectangle([tx, int(h * 0.72), tx + w // 6, int(h * 0.75)], fill=(120, 84, 50))
    for leg in (tx + 8, tx + w // 6 - 12):
        draw.rectangle([leg, int(h * 0.75), leg + 6, int(h * 0.84)], fill=(96, 66, 40))
    return image


def solar(w: int, h: int, rng: random.Random) -> Image.Image:
    """Rows of solar panels on a slope."""
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    horizon = int(h * 0.3)
    _sky(draw, w, horizon, rng)
    _gradient(draw, (0, horizon, w, h), (150, 160, 110), (110, 120, 80))
    rows = rng.randint(3, 4)
    for r in range(rows):
        y = horizon + 30 + r * (h - horizon) // rows
        ph = (h - horizon) // rows - 40
        for c in range(rng.randint(5, 7)):
            x = 20 + c * (w - 40) // 6
            pw = (w - 40) // 6 - 16
            draw.polygon(
                [(x + 20, y), (x + pw, y), (x + pw - 10, y + ph), (x, y + ph)], fill=(36, 58, 112)
            )
            for k in range(1, 4):
                yy = y + k * ph // 4
                draw.line(
                    [(x + 20 - 20 * k // 4, yy), (x + pw - 10 * k // 4, yy)],
                    fill=(150, 170, 210),
                    width=2,
                )
            draw.line([(x + pw // 2, y), (x + pw // 2 - 5, y + ph)], fill=(150, 170, 210), width=2)
    return image


def machine(w: int, h: int, rng: random.Random) -> Image.Image:
    """A water pump on a work bench in a shed: cylinders, a wheel, pipes and tools."""
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, w, h * 2 // 3), (196, 188, 172), (168, 160, 142))
    _gradient(draw, (0, h * 2 // 3, w, h), (120, 112, 100), (90, 84, 76))
    cx, cy = w // 2 + rng.randint(-w // 10, w // 10), h // 2
    draw.rounded_rectangle(
        [cx - w // 5, cy - h // 8, cx + w // 6, cy + h // 7], radius=30, fill=(30, 98, 160)
    )
    draw.ellipse([cx + w // 8, cy - h // 6, cx + w // 8 + h // 3, cy + h // 6], fill=(60, 60, 66))
    draw.ellipse(
        [cx + w // 8 + 30, cy - h // 6 + 30, cx + w // 8 + h // 3 - 30, cy + h // 6 - 30],
        fill=(150, 150, 156),
    )
    draw.rectangle([cx - w // 3, cy - 18, cx - w // 5, cy + 18], fill=(180, 180, 184))
    draw.rectangle([cx - w // 4, cy + h // 7, cx + w // 5, cy + h // 7 + 24], fill=(80, 70, 60))
    for i in range(4):
        x = w // 12 + i * w // 16
        draw.rectangle(
            [x, h * 2 // 3 + 20, x + 12, h * 2 // 3 + 90],
            fill=(200, 40, 40) if i % 2 else (240, 190, 40),
        )
    return image


def mural(w: int, h: int, rng: random.Random) -> Image.Image:
    """A painted community wall: a red sun, mountains, a river and a path, on white plaster."""
    image = Image.new("RGB", (w, h), (236, 232, 224))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(h * 0.85), w, h], fill=(150, 146, 140))
    top, bottom = int(h * 0.08), int(h * 0.82)
    _gradient(draw, (w // 20, top, w - w // 20, bottom), (250, 214, 150), (246, 238, 210))
    r = h // 8
    sx = rng.randint(w // 4, w * 3 // 4)
    draw.ellipse([sx - r, top + 30, sx + r, top + 30 + 2 * r], fill=(214, 40, 40))
    for i in range(5):
        x = w // 20 + i * w // 5
        draw.polygon(
            [
                (x - w // 10, bottom - h // 8),
                (x + w // 10, top + h // 3 + rng.randint(0, h // 6)),
                (x + w // 3, bottom - h // 8),
            ],
            fill=_mix((70, 120, 90), (40, 80, 70), i / 4),
        )
    draw.polygon(
        [
            (w // 20, bottom),
            (w // 2, bottom - h // 8),
            (w - w // 20, bottom - h // 10),
            (w - w // 20, bottom),
        ],
        fill=(70, 130, 190),
    )
    for i in range(7):
        x = w // 10 + i * w // 8
        draw.rectangle([x, bottom - h // 5, x + 10, bottom - h // 12], fill=(120, 80, 50))
        draw.ellipse([x - 30, bottom - h // 4, x + 40, bottom - h // 6], fill=(60, 140, 70))
    return image


def shelves(w: int, h: int, rng: random.Random) -> Image.Image:
    """Bookshelves full of coloured spines, a reading table in front."""
    image = Image.new("RGB", (w, h), (120, 86, 60))
    draw = ImageDraw.Draw(image)
    palette = [
        (170, 40, 40),
        (40, 80, 140),
        (220, 180, 60),
        (60, 120, 80),
        (230, 230, 220),
        (120, 60, 120),
    ]
    for shelf in range(4):
        y0 = 30 + shelf * (h * 3 // 4) // 4
        y1 = y0 + (h * 3 // 4) // 4 - 20
        draw.rectangle([20, y1, w - 20, y1 + 12], fill=(90, 60, 40))
        x = 30
        while x < w - 60:
            bw = rng.randint(14, 36)
            bh = rng.randint((y1 - y0) * 2 // 3, y1 - y0 - 4)
            draw.rectangle([x, y1 - bh, x + bw, y1], fill=rng.choice(palette))
            draw.line(
                [(x + 3, y1 - bh + 10), (x + bw - 3, y1 - bh + 10)], fill=(240, 220, 150), width=2
            )
            x += bw + rng.randint(1, 3)
    _gradient(draw, (0, h * 3 // 4 + 20, w, h), (176, 130, 86), (140, 100, 66))
    return image


def classroom(w: int, h: int, rng: random.Random) -> Image.Image:
    """A whiteboard with lines of writing and a chart, rows of desks."""
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    _gradient(draw, (0, 0, w, h), (228, 226, 218), (190, 186, 176))
    draw.rectangle(
        [w // 8, h // 10, w * 7 // 8, h // 2],
        fill=(250, 250, 248),
        outline=(120, 120, 120),
        width=6,
    )
    for i in range(5):
        y = h // 10 + 40 + i * 36
        draw.line(
            [(w // 8 + 40, y), (w // 8 + 40 + rng.randint(w // 6, w // 3), y)],
            fill=(40, 60, 150),
            width=5,
        )
    bars = [rng.randint(40, 150) for _ in range(5)]
    for i, bar in enumerate(bars):
        x = w // 2 + 40 + i * 50
        draw.rectangle([x, h // 2 - 30 - bar, x + 32, h // 2 - 30], fill=(200, 50, 50))
    for row in range(3):
        y = h // 2 + 60 + row * (h // 7)
        for col in range(4):
            x = w // 12 + col * w // 4
            draw.rectangle([x, y, x + w // 6, y + 18], fill=(150, 110, 70))
            draw.rectangle([x + 10, y + 18, x + 20, y + h // 10], fill=(80, 80, 80))
    return image


def chart(w: int, h: int, rng: random.Random) -> Image.Image:
    """A bar chart (as a PNG would be: a figure, not a photo)."""
    image = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.line([(60, 30), (60, h - 50), (w - 30, h - 50)], fill=(60, 60, 60), width=3)
    n = 8
    for i in range(n):
        value = rng.randint(h // 5, h - 120)
        x = 90 + i * (w - 140) // n
        draw.rectangle(
            [x, h - 50 - value, x + (w - 140) // n - 24, h - 50],
            fill=(200, 40, 40) if i % 2 else (230, 150, 40),
        )
    for k in range(1, 5):
        y = h - 50 - k * (h - 100) // 5
        draw.line([(60, y), (w - 30, y)], fill=(220, 220, 220), width=1)
    return image


@functools.cache
def _noise(size: tuple[int, int]) -> Image.Image:
    return Image.effect_noise(size, 64).convert("RGB")


SCENES: dict[str, Callable[[int, int, random.Random], Image.Image]] = {
    "field": field,
    "solar": solar,
    "machine": machine,
    "mural": mural,
    "shelves": shelves,
    "classroom": classroom,
    "chart": chart,
}


def photo(
    scene: str,
    seed: int,
    size: tuple[int, int] = (1200, 800),
    fmt: str = "JPEG",
    grain: float = 0.0,
) -> bytes:
    """A drawn photo as file bytes, without any metadata. `grain` (0–1) adds sensor-like noise,
    which gives the file the size of a real photo of that many pixels."""
    image = SCENES[scene](*size, random.Random(seed))
    if grain:
        image = Image.blend(image, _noise(size), grain)  # softens the edges as a blur would
    elif scene != "chart":
        image = image.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    options = {
        "JPEG": {"quality": 80, "optimize": not grain},
        "WEBP": {"quality": 78},
        "PNG": {"optimize": True},
    }
    image.save(out, format=fmt, **options[fmt])
    return out.getvalue()


BENCH_SCENES = ("field", "solar", "machine", "mural", "shelves", "classroom")


def corpus_media(rng: random.Random, slug: str, index: int) -> tuple[str, dict[str, bytes]]:
    """Photos (and now and then the example outcome PDF) for a benchmark project: the body text
    that shows them and the files, path within the project's folder → bytes."""
    files: dict[str, bytes] = {}
    lines = []
    for k in range(rng.randint(2, 4)):
        name = f"photo-{k + 1}.jpg"
        scene = rng.choice(BENCH_SCENES)
        files[name] = photo(scene, index * 10 + k, (1800, 1200), grain=0.12)
        lines.append(f"![活动照片 {k + 1}]({slug}/{name})")
    if rng.random() < 0.3:
        folder, name = EXAMPLE_PDFS[0][:2]
        files["outcome.pdf"] = (REPO / "projects" / folder / name).read_bytes()
        lines.append(f"[成果汇编]({slug}/outcome.pdf)")
    return "\n\n" + "\n\n".join(lines) + "\n", files


# ---------------------------------------------------------------------------------- examples

# (project file, file name, scene, seed, format, size)
EXAMPLE_PHOTOS = [
    ("2025/eng-rural-skills-service", "field-class.jpg", "field", 1, "JPEG", (1200, 800)),
    ("2025/eng-rural-skills-service", "solar-check.jpg", "solar", 2, "JPEG", (1200, 800)),
    ("2025/eng-rural-skills-service", "pump-repair.jpg", "machine", 3, "JPEG", (1200, 800)),
    ("2025/econ-peer-tutoring-red-engine", "tutoring.jpg", "classroom", 4, "JPEG", (1200, 800)),
    ("2025/econ-peer-tutoring-red-engine", "scores-chart.png", "chart", 5, "PNG", (900, 560)),
    ("2025/art-red-murals-community", "mural-wall.jpg", "mural", 6, "JPEG", (1200, 800)),
    ("2025/art-red-murals-community", "mural-detail.webp", "mural", 7, "WEBP", (800, 1000)),
    ("2025/library-red-classics-reading", "reading-corner.jpg", "shelves", 8, "JPEG", (1200, 800)),
]

_PDF_STYLE = (
    "<style>@page{size:A4;margin:22mm}body{font-family:'Noto Serif CJK SC',serif;"
    "font-size:12pt;line-height:1.7}h1{text-align:center;font-size:18pt}</style>"
)
EXAMPLE_PDFS = [
    (
        "2025/eng-rural-skills-service",
        "service-point-rules.pdf",
        "党员技能服务点运行办法",
        [
            "第一条 为规范\u201c党员技能服务点\u201d的设立和运行\uff0c把专业技能服务乡村振兴的做法固定下来\uff0c制定本办法\u3002",
            "第二条 服务点设在结对村\uff0c由支部党员教师任点长\uff0c公布服务电话和小分队成员名单\u3002",
            "第三条 村民报修后\uff0c点长在两个工作日内派单\uff1b服务后二十四小时内填写服务台账\u3002",
            "第四条 台账记录设备类型\u3001故障现象\u3001原因分析\u3001处理方法\u3001耗材和教学转化建议\u3002",
            "第五条 每学期末由教研室梳理台账\uff0c选取典型案例进入课程资源库\u3002",
            "第六条 本办法经支部党员大会通过后执行\u3002",
        ],
    ),
    (
        "2025/art-red-murals-community",
        "mural-plan.pdf",
        "社区红色墙绘设计方案与成果汇编",
        [
            "一\u3001设计思路\uff1a以\u201c红日\u3001青山\u3001绿水\u201d为主题\uff0c展现社区发展变化\u3002",
            "二\u3001绘制过程\uff1a师生党员分三组\uff0c先在社区征集意见\uff0c再完成草图\u3001放样和上色\u3002",
            "三\u3001成果\uff1a完成墙绘六面\uff0c总面积约一百二十平方米\uff0c社区居民参与绘制四十余人次\u3002",
            "四\u3001维护\uff1a与社区约定每年检查一次墙面\uff0c褪色处由支部组织补绘\u3002",
        ],
    ),
]


def write_examples(root: Path = REPO) -> list[Path]:
    """Write the example photos and PDFs under `root`/projects; return what was written."""
    written = []
    for folder, name, scene, seed, fmt, size in EXAMPLE_PHOTOS:
        path = root / "projects" / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(photo(scene, seed, size, fmt))
        written.append(path)
    from site_builder.panel.pdf import print_pdfs

    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for folder, name, title, paragraphs in EXAMPLE_PDFS:
            html_path = Path(tmp) / f"{name}.html"
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            html_path.write_text(
                f"<!doctype html><html lang='zh'><meta charset='utf-8'>{_PDF_STYLE}"
                f"<h1>{title}</h1>{body}</html>",
                encoding="utf-8",
            )
            jobs.append((html_path, root / "projects" / folder / name))
        print_pdfs(jobs)
    written += [root / "projects" / folder / name for folder, name, *_ in EXAMPLE_PDFS]
    return written


if __name__ == "__main__":
    for path in write_examples():
        print(f"{path.relative_to(REPO)}: {path.stat().st_size // 1024} KB")
    sys.exit(0)
