"""Red team, class 2: links and images judged on what the site's renderer produces (a reference
definition inside a quotation, a list item, a note box, a details box, a table cell), character
entities judged on what they decode to, and the site's sanitiser that keeps only relative image
sources whatever validation missed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from factory import ROOT, front, make_repo, render
from gitrepo_helpers import commit_on, init

from site_builder.cli.commands.check import check_refs
from site_builder.core.programme import Programme
from site_builder.core.sanitize import clean_html
from site_builder.core.tree import parse_project
from site_builder.rules import body_safety
from site_builder.rules.validate import check_project

APPROVED = "projects/2026/s-approved.md"
TRACKER = "https://tracker.example/p.gif"
PROGRESS = "\n## 中期进展\n\n已开展两次活动。\n\n"
HIDDEN_IMAGES = {
    "blockquote-definition": f"> [t]: {TRACKER}\n\n![统计][t]",
    "list-item-definition": f"- 第一项\n- [t]: {TRACKER}\n\n![统计][t]",
    "admonition-definition": f'!!! note "说明"\n    [t]: {TRACKER}\n\n![统计][t]',
    "details-definition": f'??? note "说明"\n    [t]: {TRACKER}\n\n![统计][t]',
    "nested-quote": f"> > [t]: {TRACKER}\n\n![统计][t]",
    "image-in-quote": "> ![统计][t]\n>\n> [t]: //tracker.example/p.gif",
    "ordered-item": f"1. 第一项\n\n    [t]: <{TRACKER}>\n\n![统计][t]",
    "in-a-table": f"| 甲 | 乙 |\n| --- | --- |\n| ![x][t] | 1 |\n\n> [t]: {TRACKER}",
}
HIDDEN_LINKS = {
    "blockquote": "> [l]: javascript:alert(1)\n\n[点我][l]",
    "list-item": "- [l]: vbscript:msgbox\n\n[点我][l]",
    "admonition": '!!! note "说明"\n    [l]: data:text/html,x\n\n[点我][l]',
}


@pytest.fixture(scope="module")
def programme() -> Programme:
    return Programme.load(ROOT)


def _project(note: str):
    text = render(front("approved")) + PROGRESS + note + "\n"
    project, _ = parse_project(APPROVED, text.encode("utf-8"))
    assert project is not None
    return project, text


@pytest.mark.parametrize("name", sorted(HIDDEN_IMAGES))
def test_a_remote_image_hidden_in_a_construct_is_refused(programme, name: str) -> None:
    project, text = _project(HIDDEN_IMAGES[name])
    found = [d for d in check_project(project, programme) if d.code == "PB408"]
    assert len(found) == 1, (name, check_project(project, programme))
    assert "tracker.example" in text.split("\n")[found[0].line - 1]
    # ... and the sanitiser would have dropped it anyway.
    assert "tracker.example" not in clean_html(body_safety.render(project.body))


@pytest.mark.parametrize("name", sorted(HIDDEN_LINKS))
def test_an_unsafe_link_hidden_in_a_construct_is_refused(programme, name: str) -> None:
    project, _ = _project(HIDDEN_LINKS[name])
    found = [d for d in check_project(project, programme) if d.code == "PB404"]
    assert len(found) == 1, name


@pytest.mark.parametrize(
    "note",
    [
        "> [r]: https://example.org/news\n\n[报道][r]",
        '!!! note "说明"\n    详见[报道](https://example.org/news)。',
        "- [报道](https://example.org/news)\n- [页内](#section)",
    ],
)
def test_ordinary_constructs_stay_allowed(programme, note: str) -> None:
    project, _ = _project(note)
    assert check_project(project, programme) == []


@pytest.mark.parametrize(
    ("entity", "code"),
    [
        ("&#x202e;", 0x202E),
        ("&#8238;", 0x202E),
        ("&#11;", 0x0B),
        ("&#X1B;", 0x1B),
        ("&rlm;", 0x200F),
    ],
)
def test_an_entity_that_decodes_to_a_refused_character(programme, entity: str, code: int) -> None:
    project, text = _project(f"活动{entity}总结")
    [found] = [d for d in check_project(project, programme) if d.code == "PF103"]
    assert f"U+{code:04X}" in found.message and entity in found.message
    assert entity in text.split("\n")[found.line - 1]


def test_no_double_report_for_what_the_patterns_found(programme) -> None:
    project, _ = _project(f"![x]({TRACKER})\n\n[y](javascript:alert(1))")
    codes = sorted(d.code for d in check_project(project, programme))
    assert codes == ["PB404", "PB408"]


def test_the_extensions_are_the_sites() -> None:
    class Loose(yaml.SafeLoader):
        pass

    Loose.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loose)
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert tuple(names) == body_safety.SITE_EXTENSIONS


@pytest.mark.parametrize(
    "src",
    [
        TRACKER,
        "//tracker.example/p.gif",
        "/\\tracker.example/p.gif",
        "\\\\tracker.example/p.gif",
        "HTTP://tracker.example/p.gif",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        "h&#116;tps://tracker.example/p.gif",
        " https://tracker.example/p.gif",
        "/site-absolute.png",
    ],
)
def test_the_sanitiser_keeps_only_relative_image_sources(src: str) -> None:
    page = clean_html(f'<p><img src="{src}" alt="a"><img src="slug/thumbs/ok.jpg" alt="b"></p>')
    assert "tracker" not in page and "data:" not in page and "absolute" not in page
    assert 'src="slug/thumbs/ok.jpg"' in page


@pytest.mark.git
def test_a_hidden_tracking_image_in_a_pull_request(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    (root / APPROVED).parent.mkdir(parents=True)
    (root / APPROVED).write_text(render(front("approved")), encoding="utf-8")
    init(root)
    for i, name in enumerate(("blockquote-definition", "admonition-definition")):
        text = render(front("approved")) + PROGRESS + HIDDEN_IMAGES[name] + "\n"
        commit_on(root, f"pr{i}", "main", {APPROVED: text})
        outcome = check_refs(root, "main", f"pr{i}", "eng-sec")
        assert [d.code for d in outcome.diagnostics if d.severity == "error"] == ["PB408"]


# More forms a remote image can take (audit of issue 18): each is refused by validation, and
# whatever validation might miss, the sanitiser leaves no image source that leaves the site.
MORE_HIDDEN_IMAGES = {
    "attribute-src": f'![x](s-approved/a.jpg){{: src="{TRACKER}" }}',
    "attribute-srcset": f'![x](s-approved/a.jpg){{: srcset="{TRACKER} 2x" }}',
    "attribute-style": f'![x](s-approved/a.jpg){{: style="background:url({TRACKER})" }}',
    "angle-brackets": f"![x](<{TRACKER}>)",
    "with-a-title": f'![x]({TRACKER} "t")',
    "image-inside-a-link": f"[![x][t]](s-approved/a.jpg)\n\n[t]: {TRACKER}",
    "definition-on-two-lines": f'![x][t]\n\n[t]:\n    {TRACKER}\n    "title"',
    "markdown-in-html": f'<div markdown="1">\n![x][t]\n</div>\n\n[t]: {TRACKER}',
    "entity-in-the-address": "![x](h&#116;tps://tracker.example/p.gif)",
    "backslashes": "![x](\\/\\/tracker.example/p.gif)",
    "table-heading": f"| ![x][t] | b |\n| --- | --- |\n| 1 | 2 |\n\n[t]: {TRACKER}",
    "label-case": f"![x][T]\n\n[t]: {TRACKER}",
    "line-break-in-address": "![x](https:\n//tracker.example/p.gif)",
}


@pytest.mark.parametrize("name", sorted(MORE_HIDDEN_IMAGES))
def test_more_forms_of_a_remote_image(programme, name: str) -> None:
    project, _ = _project(MORE_HIDDEN_IMAGES[name])
    errors = {d.code for d in check_project(project, programme) if d.severity == "error"}
    assert errors & {"PB402", "PB404", "PB405", "PB408"}, errors
    page = clean_html(body_safety.render(project.body))
    assert "tracker.example" not in "".join(re.findall(r'src="[^"]*"', page)), page
    assert "srcset" not in page and "style=" not in page
