"""The guide page 验收评分标准 (rubric.md): the criteria from the schema, the points and numbers
from the settings; prose in templates/rubric.md.j2."""

from __future__ import annotations

from site_builder.core.programme import SCORE
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.markdown import front, template

RUBRIC_PAGE = "rubric.md"


def pages(context: Context) -> dict[str, str]:
    info, settings = context.programme.schema, context.programme.settings
    criteria = [
        {
            "key": key,
            "title": info.title((*SCORE, key)) or key,
            "description": info.description((*SCORE, key)),
            "points": settings.rubric[key],
        }
        for key in info.criteria
    ]
    page = front("验收评分标准") + template(
        "rubric.md.j2",
        criteria=criteria,
        max_total=settings.max_total,
        award_threshold=settings.award_threshold,
        awards_per_year=settings.awards_per_year,
        standard_grant=settings.standard_grant,
    )
    return {RUBRIC_PAGE: page}
