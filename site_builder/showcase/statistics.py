"""The 统计 page: public projects by year, direction and stage, money per year, and the spread of
acceptance scores, each as an inline SVG chart with its data table beside it.

Built from public views only: nothing about projects that are not public can appear here, not
even as a count."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from site_builder.core.figures import yuan
from site_builder.core.programme import Programme
from site_builder.showcase.labels import academic_year
from site_builder.showcase.pages.markdown import UNSEARCHED, front, md_text, table
from site_builder.showcase.public import PublicProject
from site_builder.showcase.svg import Series, bar_chart

PAGE_PATH = "stats.md"
BIN = 5  # points per bar of the score distribution
ARROW = " \u2192 "
NONE = "暂无公开的项目\u3002\n"


def _section(heading: str, intro: str, chart: str, table: str) -> str:
    # The chart is a raw HTML block: one block, no blank line inside.
    return f'\n## {heading}\n\n{intro}\n\n<div class="showcase-chart">\n{chart}\n</div>\n\n{table}'


def score_bins(max_total: int) -> list[tuple[Decimal, Decimal, str]]:
    """[low, high) ranges of BIN points from 60 (0 for a small rubric) up to the maximum, the
    last one closed; and one range below 60."""
    floor = 60 if max_total > 60 else 0
    bins = []
    if floor:
        bins.append((Decimal(0), Decimal(floor), f"{floor} 分以下"))
    for low in range(floor, max_total, BIN):
        high = min(low + BIN, max_total)
        last = high == max_total
        text = f"{low}\u2013{high} 分" if last else f"{low}\u2013{high - 1}.9 分"
        bins.append((Decimal(low), Decimal(high) + (1 if last else 0), text))
    return bins


def stats_page(views: list[PublicProject], programme: Programme) -> str:
    info, settings = programme.schema, programme.settings
    public = [s for s in info.stages if s in info.public_stages]
    stage_names = [info.label("stage", s) for s in public]
    listed = "\u3001".join(stage_names)
    parts = [
        front("统计", extra=UNSEARCHED),  # charts and tables of counts: nothing to find
        "# 统计\n\n"
        f"本页统计网站上公开展示的 **{len(views)}** 个项目"
        f"\uff08{listed}\uff09\uff0c随网站一同更新\u3002"
        "每幅图旁的表格列出同样的数字\u3002\n",
    ]
    if not views:
        return "".join(parts) + "\n" + NONE
    years = sorted({v.year for v in views})
    categories = info.categories
    by_year: Counter[int] = Counter(v.year for v in views)
    cross: Counter[tuple[int, str]] = Counter((v.year, v.category) for v in views)
    rows = [
        [academic_year(y), *(str(cross[(y, c)]) for c in categories), str(by_year[y])]
        for y in years
    ]
    parts.append(
        _section(
            "按年度",
            "各学年立项\u3001现已公开的项目数\uff0c表格按立项方向分列\u3002",
            bar_chart(
                "chart-years",
                "按年度的公开项目数",
                [academic_year(y) for y in years],
                [Series("项目数", tuple(by_year[y] for y in years))],
            ),
            table(["学年", *(md_text(x) for x in categories.values()), "合计"], rows),
        )
    )
    by_category: Counter[str] = Counter(v.category for v in views)
    parts.append(
        _section(
            "按立项方向",
            "实施办法规定的六个立项方向\u3002",
            bar_chart(
                "chart-categories",
                "按立项方向的公开项目数",
                list(categories.values()),
                [Series("项目数", tuple(by_category[c] for c in categories))],
            ),
            table(
                ["立项方向", "项目数"],
                [[md_text(label), str(by_category[c])] for c, label in categories.items()],
            ),
        )
    )
    by_stage: Counter[str] = Counter(v.stage for v in views)
    parts.append(
        _section(
            "按阶段",
            f"项目现处的阶段\uff0c按先后排列\uff1a{ARROW.join(stage_names)}\u3002",
            bar_chart(
                "chart-stages",
                "按阶段的公开项目数",
                stage_names,
                [Series("项目数", tuple(by_stage[s] for s in public))],
            ),
            table(
                ["阶段", "项目数"],
                [[n, str(by_stage[s])] for s, n in zip(public, stage_names, strict=True)],
            ),
        )
    )
    parts.append(_money(views, years))
    parts.append(_scores(views, settings.max_total, settings.award_threshold))
    return "".join(parts)


def _money(views: list[PublicProject], years: list[int]) -> str:
    granted: dict[int, Decimal] = defaultdict(Decimal)
    spent: dict[int, Decimal] = defaultdict(Decimal)
    reported: Counter[int] = Counter()
    for v in views:
        granted[v.year] += v.grant
        if v.spent is not None:
            spent[v.year] += v.spent
            reported[v.year] += 1

    def series(name: str, sums: dict[int, Decimal]) -> Series:
        values = tuple(sums[y] for y in years)
        return Series(name, values, tuple(f"{yuan(x)} 元" for x in values))

    rows = [[academic_year(y), yuan(granted[y]), yuan(spent[y]), str(reported[y])] for y in years]
    return _section(
        "资助经费和支出",
        "各学年公开项目的资助经费合计\uff0c以及其中已提交结题报告的项目的经费支出合计"
        "\uff08单位\uff1a元\uff09\u3002",
        bar_chart(
            "chart-money",
            "按年度的资助经费和经费支出",
            [academic_year(y) for y in years],
            [series("资助经费", granted), series("经费支出", spent)],
        ),
        table(
            ["学年", "资助经费\uff08元\uff09", "经费支出\uff08元\uff09", "提交结题报告的项目数"],
            rows,
        ),
    )


def _scores(views: list[PublicProject], max_total: int, threshold: int) -> str:
    totals = [v.total for v in views if v.total is not None]
    bins = score_bins(max_total)
    counts = [sum(1 for t in totals if low <= t < high) for low, high, _ in bins]
    labels = [text for _, _, text in bins]
    intro = (
        f"通过验收的 **{len(totals)}** 个项目\uff08含优秀成果\uff09的验收总评分\uff0c"
        f"每 {BIN} 分一档\u3002总评分不低于 {threshold} 分的项目可参加评比表彰\u3002"
    )
    return _section(
        "验收总评分分布",
        intro,
        bar_chart(
            "chart-scores",
            "通过验收的项目的总评分分布",
            labels,
            [Series("项目数", tuple(counts))],
        ),
        table(
            ["总评分", "项目数"], [[label, str(n)] for label, n in zip(labels, counts, strict=True)]
        ),
    )
