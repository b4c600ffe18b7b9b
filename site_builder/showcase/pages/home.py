"""The home page (index.md): the numbers and links here, the prose in templates/home.md.j2."""

from __future__ import annotations

from collections import Counter
from datetime import date

from site_builder.core.process import Stage
from site_builder.showcase import forms_pages
from site_builder.showcase.labels import academic_year
from site_builder.showcase.pages.awards import award_cards, awarded
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.markdown import UNSEARCHED, front, template

# Where the home page's "我要申报" button leads (docs-relative): the online application form.
APPLY_PAGE = forms_pages.APPLY_PAGE
HOME_PAGE = "index.md"


def cycle_year(today: date) -> int:
    """The programme year under way: a cycle starts with design in April."""
    return today.year if today.month >= 4 else today.year - 1


def pages(context: Context) -> dict[str, str]:
    views, programme, today = context.views, context.programme, context.today
    year = cycle_year(today)
    calendar, current, upcoming = [], None, None
    for window in programme.settings.calendar.values():
        start, end = window.dates(year)
        if end < today.isoformat():
            state = "past"
        elif start <= today.isoformat():
            state = "current"
            current = window.title
        else:
            state = "next"
            upcoming = upcoming or window.title
        calendar.append({"title": window.title, "start": start, "end": end, "state": state})
    info = programme.schema
    stages = Counter(v.stage for v in views)
    categories = Counter(v.category for v in views)
    settings = programme.settings
    page = front("首页", extra=UNSEARCHED) + template(
        "home.md.j2",
        standard_grant=settings.standard_grant,
        award_threshold=settings.award_threshold,
        year_label=academic_year(year),
        calendar=calendar,
        current=current,
        upcoming=upcoming,
        public_count=len(views),
        stages=[{"label": s.label, "count": stages[s]} for s in info.stages if s.public],
        categories=[
            {"label": label, "count": categories[key]} for key, label in info.categories.items()
        ],
        awards=award_cards(awarded(views)[:3], ""),
        nominations=sum(1 for v in views if v.stage == Stage.NOMINATED),
        apply_link=APPLY_PAGE,
    )
    return {HOME_PAGE: page}
