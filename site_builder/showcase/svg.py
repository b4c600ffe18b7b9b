"""Horizontal bar charts as inline SVG, drawn at build time: no chart library, no script.

Accessible (`role="img"`, a `<title>` and a `<desc>` listing every value; each page puts a data
table beside the chart) and fluid: the viewBox is narrow enough that the text stays readable when
the chart shrinks to a 390 px phone. Every text is escaped."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from html import escape

WIDTH = 400
FONT = 15
BAR = 18
BAR_GAP = 3
GROUP_GAP = 12
LEGEND = FONT + 14
MAX_LABEL = 150
# Red (the theme's primary) and blue-grey: apart in lightness too, for colour-blind readers;
# the values are also written beside the bars.
COLOURS = ("#c62828", "#455a64")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int | Decimal, ...]
    texts: tuple[str, ...] = ()  # written beside the bars (with a unit); default: the values

    def text(self, i: int) -> str:
        return self.texts[i] if self.texts else str(self.values[i])


def text_width(text: str) -> float:
    """Rendered width in user units: wide (CJK) characters one em, others about 0.6 em."""
    return sum(FONT if unicodedata.east_asian_width(c) in "WF" else FONT * 0.6 for c in text)


def _fit(text: str, room: float) -> str:
    if text_width(text) <= room:
        return text
    while text and text_width(text + "\u2026") > room:
        text = text[:-1]
    return text + "\u2026"


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def bar_chart(
    chart_id: str,
    title: str,
    labels: list[str],
    series: list[Series],
) -> str:
    """One group of bars per label (top to bottom), one bar per series."""
    label_room = min(MAX_LABEL, max((text_width(x) for x in labels), default=0) + 8)
    texts = [s.text(i) for s in series for i in range(len(labels))]
    bar_room = WIDTH - label_room - max((text_width(t) for t in texts), default=0) - 8
    peak = max((float(v) for s in series for v in s.values), default=0) or 1
    top = LEGEND if len(series) > 1 else 4
    group = len(series) * BAR + (len(series) - 1) * BAR_GAP
    height = top + len(labels) * (group + GROUP_GAP) + 4
    described = "\uff1b".join(
        f"{label}\uff1a"
        + "\uff0c".join(f"{s.name} {s.text(i)}" if len(series) > 1 else s.text(i) for s in series)
        for i, label in enumerate(labels)
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-size="{FONT}" class="sb-chart">',  # sized in showcase.css: no inline style (CSP)
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}</desc>',
    ]
    if len(series) > 1:
        x = label_room
        for s, colour in zip(series, COLOURS, strict=False):
            box = FONT * 0.8
            out.append(
                f'<rect x="{_num(x)}" y="4" width="{_num(box)}" height="{_num(box)}" '
                f'fill="{colour}"/>'
            )
            out.append(
                f'<text x="{_num(x + box + 4)}" y="{_num(4 + box)}" fill="currentColor">'
                f"{escape(s.name)}</text>"
            )
            x += box + 4 + text_width(s.name) + FONT
    for i, label in enumerate(labels):
        y = top + i * (group + GROUP_GAP)
        out.append(
            f'<text x="{_num(label_room - 8)}" y="{_num(y + group / 2 + FONT * 0.35)}" '
            f'text-anchor="end" fill="currentColor">{escape(_fit(label, label_room - 8))}</text>'
        )
        for j, (s, colour) in enumerate(zip(series, COLOURS, strict=False)):
            value = s.values[i]
            length = bar_room * float(value) / peak
            by = y + j * (BAR + BAR_GAP)
            out.append(
                f'<rect x="{_num(label_room)}" y="{_num(by)}" width="{_num(length)}" '
                f'height="{BAR}" fill="{colour}"/>'
            )
            out.append(
                f'<text x="{_num(label_room + length + 4)}" y="{_num(by + BAR / 2 + FONT * 0.35)}" '
                f'fill="currentColor">{escape(s.text(i))}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)
