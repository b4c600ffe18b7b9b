"""The 统计 page: public projects by year, direction and stage, money per year, and the spread of
acceptance scores, each as an inline SVG chart with its data table beside it; prose in
templates/stats.md.j2.

Built from public views only: nothing about projects that are not public can appear here, not
even as a count."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from site_builder.core.figures import yuan
from site_builder.core.programme import Programme
from site_builder.showcase.labels import academic_year
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.markdown import UNSEARCHED, front, md_text, table, template
from site_builder.showcase.public import PublicProject
from site_builder.showcase.svg import Series, bar_chart

PAGE_PATH = "stats.md"
BIN = 5  # points per bar of the score distribution


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


def pages(context: Context) -> dict[str, str]:
    return {PAGE_PATH: stats_page(context.views, context.programme)}


def stats_page(views: list[PublicProject], programme: Programme) -> str:
    info, settings = programme.schema, programme.settings
    public = [s for s in info.stages if s.public]
    stage_names = [s.label for s in public]
    head = front("统计", extra=UNSEARCHED)  # charts and tables of counts: nothing to find
    if not views:
        return head + template("stats.md.j2", count=0, stages=stage_names)
    years = sorted({v.year for v in views})
    categories = info.categories
    by_year: Counter[int] = Counter(v.year for v in views)
    cross: Counter[tuple[int, str]] = Counter((v.year, v.category) for v in views)
    rows = [
        [academic_year(y), *(str(cross[(y, c)]) for c in categories), str(by_year[y])]
        for y in years
    ]
    by_category: Counter[str] = Counter(v.category for v in views)
    by_stage: Counter[str] = Counter(v.stage for v in views)
    totals = [v.total for v in views if v.total is not None]
    return head + template(
        "stats.md.j2",
        count=len(views),
        stages=stage_names,
        years=_chart(
            bar_chart(
                "chart-years",
                "按年度的公开项目数",
                [academic_year(y) for y in years],
                [Series("项目数", tuple(by_year[y] for y in years))],
            ),
            table(["学年", *(md_text(x) for x in categories.values()), "合计"], rows),
        ),
        categories=_chart(
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
        ),
        stages_chart=_chart(
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
        ),
        money=_money(views, years),
        scores=_scores(totals, settings.max_total),
        scored=len(totals),
        bin=BIN,
        threshold=settings.award_threshold,
    )


def _chart(chart: str, data: str) -> dict[str, str]:
    """A chart (inline SVG, one raw HTML block) and its data table, for the template."""
    return {"chart": chart, "table": data}


def _money(views: list[PublicProject], years: list[int]) -> dict[str, str]:
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
    return _chart(
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


def _scores(totals: list[Decimal], max_total: int) -> dict[str, str]:
    bins = score_bins(max_total)
    counts = [sum(1 for t in totals if low <= t < high) for low, high, _ in bins]
    labels = [text for _, _, text in bins]
    return _chart(
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
