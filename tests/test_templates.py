"""The templates staff edit (home page, rubric page, form page and styling): every variable they
name must be given, and project text reaches them escaped."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import jinja2
import markdown
import pytest
from factory import ROOT, front, make_repo, render, write
from markupsafe import Markup

from site_builder.core import templates
from site_builder.core.loader import load_text
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.panel import forms
from site_builder.rules.validate import validate
from site_builder.showcase import pages
from site_builder.showcase.links import Site

TODAY = date(2026, 11, 28)  # no window under way: the home page names the next one


def rendered_with(monkeypatch: pytest.MonkeyPatch, module, build) -> list[tuple[str, str, dict]]:
    """Each template `build()` renders through `module`, with the values it was given."""
    calls: list[tuple[str, str, dict]] = []

    def spy(package: str, template: str, /, **values: object) -> str:
        calls.append((package, template, values))
        return templates.render(package, template, **values)

    monkeypatch.setattr(module, "render", spy)
    build()
    return calls


def example_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, dict]]:
    programme = Programme.load(ROOT)
    projects = validate(ROOT, programme).valid_projects()
    calls = rendered_with(
        monkeypatch, pages.markdown, lambda: pages.build_pages(projects, programme, TODAY)
    )
    site = Site.of("https://example.org/")
    calls += rendered_with(
        monkeypatch, pages.markdown, lambda: pages.open_data.open_data_page(site, programme)
    )
    accepted = next(p for p in projects if p.data.get("acceptance"))
    for kind in forms.FORMS:
        calls += rendered_with(
            monkeypatch, forms, lambda k=kind: forms.render_form(k, accepted, programme)
        )
    return calls


def _strings(value: object) -> list[str]:
    """Every text inside `value` (nested dictionaries and lists)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_template_renders_the_examples_and_needs_each_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = example_calls(monkeypatch)
    names = sorted({template for _, template, _ in calls})
    assert names == sorted(
        [
            *("award-year.md.j2", "awards.md.j2", "branches.md.j2"),
            *("catalogue.md.j2", "categories.md.j2", "data-format.md.j2", "form.html.j2"),
            *("home.md.j2", "listing.md.j2", "open-data.md.j2", "project.md.j2"),
            *("roster.md.j2", "rubric.md.j2", "rules-reference.md.j2", "stats.md.j2"),
            *("tags.md.j2", "units.md.j2"),
        ]
    )
    # Every template file is rendered, or included by one that is (award-cards.md.j2).
    folder = Path(templates.__file__).parent.parent / "showcase" / "templates"
    included = {"award-cards.md.j2"}
    assert {p.name for p in folder.glob("*.j2")} <= set(names) | included
    for package, template, values in calls:
        out = templates.render(package, template, **values)
        for text in sorted(_strings(values), key=len, reverse=True):  # the values' own text
            out = out.replace(text, "")
        assert "{{" not in out and "{%" not in out and "{#" not in out, template
        for missing in values:
            rest = {k: v for k, v in values.items() if k != missing}
            with pytest.raises(jinja2.UndefinedError):
                templates.render(package, template, **rest)
    # A missing key inside a row fails too, rather than leaving a cell empty.
    package, template, values = next(c for c in calls if c[1] == "home.md.j2")
    rows = [{k: v for k, v in row.items() if k != "state"} for row in values["calendar"]]
    with pytest.raises(jinja2.UndefinedError):
        templates.render(package, template, **{**values, "calendar": rows})


def test_form_page_carries_its_styling_and_escapes_the_title() -> None:
    out = templates.render(
        forms.PACKAGE,
        "form.html.j2",
        kind="apply",
        form_title=forms.FORM_TITLES["apply"],
        name='<script>alert("x")</script>',
        csp=Markup(forms.CSP),
        content=Markup("<h1>表</h1>"),
    )
    assert "<script>" not in out
    assert "<title>彩神党支部工作“立项活动”项目申报表 · &lt;script&gt;" in out
    assert f'content="{forms.CSP}"' in out and "<main><h1>表</h1></main>" in out
    # form.css is inlined, without its template comment.
    assert "@page { size: A4; margin: 20mm; }" in out and "Plain CSS" not in out


def home_card(root: Path, data: dict, *, check: bool) -> str:
    """The home page's award card for `data`, as HTML (Python-Markdown, like MkDocs)."""
    write(root, "projects/2026/odd.md", render(data))
    programme = Programme.load(root)
    if check:
        result = validate(root, programme)
        assert not result.failed_paths()
        projects = result.valid_projects()
    else:
        projects = [Project("projects/2026/odd.md", load_text(render(data)))]
    page = pages.build_pages(projects, programme, TODAY)["index.md"]
    body = markdown.markdown(page.split("\n---\n", 1)[1], extensions=["tables", "md_in_html"])
    (card,) = [c for c in body.split('<div class="showcase-card">')[1:] if "2026/odd.md" in c]
    head, line = card.split('<p class="showcase-card__line">')  # the card's last line
    return head + line.split("</p>")[0]


@pytest.mark.parametrize(
    ("unit", "title", "rank", "check"),
    [
        # Markdown syntax passes validation: the page must escape it.
        (
            "*工程* [系](x.md) _技术_ &amp; `码` | 系",
            "[先锋](javascript:x) **一** 行动",
            "一等奖*",
            True,
        ),
        # Angle brackets are refused by validation (PB406); the page escapes them all the same.
        ("<b>工程</b> <script>x</script>", "<i>行动</i> [a](b)", "一等奖<u>", False),
    ],
    ids=["markdown", "angle-brackets"],
)
def test_project_text_on_the_home_page_card_is_shown_literally(
    tmp_path: Path, unit: str, title: str, rank: str, check: bool
) -> None:
    data = front("awarded", unit=unit, title=title)
    data["award"]["rank"] = rank
    card = home_card(make_repo(tmp_path / "repo"), data, check=check)
    # Each text reads exactly as written; none of it became markup or a second link.
    for text in (unit, title, rank):
        assert html.escape(text, quote=False) in card, text
    assert card.count("<a ") == 1
    assert "2027 年度优秀成果" in card and "2026\u20132027 学年立项" in card
    card = card.replace("<strong>89.0</strong>", "89.0")  # the score is the one bold text
    for tag in ("<b>", "<i>", "<u>", "<em>", "<strong>", "<code>", "<script"):
        assert tag not in card
