"""Red team, class 1: characters the loader refuses typed raw (PF103) are refused when a
double-quoted value's escapes decode to them, in a project, the roster and the settings, and
through `check` in a real repository; and every writer is safe on its own when a value somehow
holds one (the feed parsed as XML, the calendar by icalendar, the open data against its schema,
CSV, the workbook read back by openpyxl, the printed form)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import feedparser
import jsonschema
import pytest
from factory import ROOT, front, make_repo, render
from gitrepo_helpers import commit_on, init
from icalendar import Calendar

from site_builder.cli.commands.check import check_refs
from site_builder.core.loader import LoadError, load_data_file, load_text
from site_builder.core.programme import Programme
from site_builder.core.safetext import UNSAFE, safe_json, safe_text, safe_value
from site_builder.panel import report_output
from site_builder.panel.forms import render_form
from site_builder.panel.reports import Column, Table
from site_builder.rules.validate import validate
from site_builder.showcase import feed, ical, opendata
from site_builder.showcase.links import Site
from site_builder.showcase.pages import public_views

SITE = Site.of("https://projects.caishen.example/")
# (escape as written in the file, the character it decodes to)
ESCAPES = [
    (r"\x0b", "\x0b"),
    (r"\0", "\x00"),
    (r"\r", "\r"),
    (r"\u202e", "\u202e"),
    (r"\U0000202E", "\u202e"),
    (r"\e", "\x1b"),
    (r"\N", "\x85"),
    (r"\L", "\u2028"),
    (r"\x7f", "\x7f"),
    (r"\u2066", "\u2066"),
    (r"\uFEFF", "\ufeff"),
]
HOSTILE = "先锋\x0b岗\x00行动\r\u202e\x1b\ufffe"


@pytest.mark.parametrize(("written", "char"), ESCAPES)
def test_escape_refused_with_its_position(written: str, char: str) -> None:
    text = f'---\ntitle: 党员先锋岗\nsummary: "前面的文字{written}后面"\n---\n'
    with pytest.raises(LoadError) as caught:
        load_text(text)
    assert caught.value.rule.code == "PF103"
    assert caught.value.pos == (3, 16)  # the backslash itself
    assert f"\u201c{written}\u201d" in caught.value.message
    assert f"U+{ord(char):04X}" in caught.value.message


@pytest.mark.parametrize(
    "value",
    [r'"制表\t换行\n"', r'"\\x0b 是文字"', r"'\x0b 在单引号里是文字'", r'"引号\"和斜杠\/"'],
)
def test_harmless_escapes_and_text_that_only_looks_like_one(value: str) -> None:
    doc = load_text(f"---\nsummary: {value}\n---\n")
    assert not UNSAFE.search(doc.data["summary"])


def test_escape_in_a_nested_value_and_a_folded_line() -> None:
    text = '---\nacceptance:\n  scores:\n    - reviewer: "赵\\\n      \\u202e组长"\n---\n'
    with pytest.raises(LoadError) as caught:
        load_text(text)
    assert caught.value.rule.code == "PF103"
    assert caught.value.pos == (5, 7)


def test_escape_in_the_roster_and_settings_files() -> None:
    with pytest.raises(LoadError) as caught:
        load_data_file(b'panel:\n  - id: a\n    name: "\\u202e\xe8\xb5\xb5"\n')
    assert caught.value.rule.code == "PF103"
    assert caught.value.pos == (3, 12)


def test_validate_names_the_file_line_and_escape(tmp_path) -> None:
    root = make_repo(tmp_path / "repo")
    text = render(front("applied")).replace(
        "title: 党员先锋岗建设行动", 'title: "党员先锋岗\\u202e建设行动"'
    )
    (root / "projects" / "2026").mkdir(parents=True)
    (root / "projects" / "2026" / "esc-01.md").write_text(text, encoding="utf-8")
    result = validate(root, Programme.load(root))
    codes = [(d.code, d.line) for d in result.diagnostics]
    assert codes == [("PF103", 2)]


@pytest.mark.git
@pytest.mark.parametrize(("written", "char"), ESCAPES[:5])
def test_check_refuses_an_escape_in_a_branch_edit(tmp_path, written: str, char: str) -> None:
    root = make_repo(tmp_path / "repo")
    rel = "projects/2026/esc-01.md"
    (root / rel).parent.mkdir(parents=True)
    (root / rel).write_text(render(front("applied")), encoding="utf-8")
    init(root)
    edited = (
        render(front("applied"))
        .replace("summary: 以党员", f'summary: "{written}以党员', 1)
        .replace("服务机制。\n", '服务机制。"\n', 1)
    )
    commit_on(root, "pr", "main", {rel: edited})
    outcome = check_refs(root, "main", "pr", "eng-sec")
    assert [d.code for d in outcome.diagnostics if d.severity == "error"] == ["PF103"]


# ---------------------------------------------------------------- every writer on its own


@pytest.fixture(scope="module")
def hostile_views():
    programme = Programme.load(ROOT)
    result = validate(ROOT, programme)
    views = public_views(result.valid_projects(), programme)
    first = views[0]
    bad = dataclasses.replace(
        first,
        title=HOSTILE,
        summary=HOSTILE,
        unit=HOSTILE,
        branch=HOSTILE,
        tags=(HOSTILE,),
        executors=(HOSTILE,),
        sections={h: HOSTILE for h in first.sections},
    )
    return [bad, *views[1:]]


def test_feed_stays_well_formed(hostile_views) -> None:
    text = feed.atom_feed(hostile_views, SITE, date(2026, 11, 28))
    assert not UNSAFE.search(text)
    root = ET.fromstring(text.encode("utf-8"))  # raises on a malformed document
    titles = [e.text for e in root.iter(f"{{{feed.ATOM}}}title")]
    assert any("先锋岗行动" in (t or "") for t in titles)
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")


def test_open_data_is_safe_and_valid(hostile_views) -> None:
    text = opendata.projects_json(hostile_views, SITE)
    data = json.loads(text)
    assert not UNSAFE.search(json.dumps(data, ensure_ascii=False))
    jsonschema.validate(data, opendata.api_schema(ROOT))
    assert "先锋岗行动" in [p["title"] for p in data["projects"]]


def test_calendar_parses(hostile_views) -> None:
    settings = Programme.load(ROOT).settings
    key, window = next(iter(settings.calendar.items()))
    bad = dataclasses.replace(
        settings, calendar={**settings.calendar, key: dataclasses.replace(window, title=HOSTILE)}
    )
    text = ical.programme_calendar(hostile_views, bad, SITE, date(2026, 11, 28))
    assert not UNSAFE.search(text.replace("\r\n", "\n"))
    events = Calendar.from_ical(text).walk("VEVENT")
    assert any(str(e["summary"]) == "先锋岗行动" for e in events)


TABLES = [
    Table(
        name=f"表{HOSTILE}"[:10],
        title=HOSTILE,
        columns=(Column(HOSTILE), Column("金额", "money")),
        rows=((HOSTILE, 12), ("=1+1\x0b", None)),
    )
]


def test_csv_and_text_reports() -> None:
    text = report_output.csv_bytes(TABLES).decode("utf-8-sig")
    assert not UNSAFE.search(text.replace("\r\n", "\n"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[2][0] == "先锋岗行动"
    assert rows[3][0] == "'=1+1"
    assert not UNSAFE.search(report_output.to_text(TABLES))


def test_workbook_reads_back() -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(report_output.xlsx_bytes(TABLES)))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "先锋岗行动"
    assert sheet["A3"].value == "先锋岗行动"
    assert sheet["A4"].value == "=1+1" and sheet["A4"].data_type == "s"


def test_printed_form(tmp_path) -> None:
    programme = Programme.load(ROOT)
    (proj, *_) = validate(ROOT, programme).valid_projects()
    proj.data["title"] = HOSTILE
    proj.data["summary"] = HOSTILE
    page = render_form("apply", proj, programme)
    assert "先锋岗行动" in page
    assert not UNSAFE.search(page)


def test_safe_value_keeps_structure() -> None:
    assert safe_value({"a\x0b": ["x\u202e", ("y\x00",), 3, None]}) == {"a": ["x", ("y",), 3, None]}
    assert safe_text("制表\t换行\n") == "制表\t换行\n"


# Every character safe_text removes, and texts whose JSON only looks like it escapes one.
UNSAFE_CHARS = [chr(c) for c in range(0x110000) if UNSAFE.match(chr(c))]
LOOKALIKES = ["\\r\\b\\f", "C:\\u0001", "\\\\", "制表\t换行\n", "\u2009\u3000"]


@pytest.mark.parametrize("options", [{"indent": 1}, {"separators": (",", ":")}])
def test_safe_json_writes_what_safe_value_would(options) -> None:
    for text in [*UNSAFE_CHARS, *LOOKALIKES]:
        for value in (
            {"k": [f"a{text}b", 1, None]},
            {f"k{text}": (text, 2.5)},
            [text, {"x": text}],
        ):
            expected = json.dumps(safe_value(value), ensure_ascii=False, **options)
            assert safe_json(value, **options) == expected, repr(text)


@pytest.mark.build
def test_the_site_refuses_a_project_with_an_escape(tmp_path) -> None:
    """The edit that made the feed malformed and put U+202E on the project page, in the feed and
    in the open data: the build stops with PF103 and publishes nothing."""
    from site_helpers import mkdocs_build, site_repo

    root = site_repo(tmp_path / "repo")
    path = next(
        p
        for p in sorted((root / "projects").rglob("*.md"))
        if "stage: awarded" in p.read_text(encoding="utf-8")
    )
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.split("\n") if line.startswith("title: "))
    path.write_text(text.replace(title, f'title: "\\u202e{title[7:]}\\x0b"', 1), encoding="utf-8")
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-11-28"})
    assert proc.returncode != 0
    assert "PF103" in proc.stderr and "\\u202e" in proc.stderr
    assert not (root / "site" / "feed.xml").exists()


def test_archive_index_and_closing_report() -> None:
    """The dossier's index shows what git holds (an author's name is anything a committer typed)
    and the reviews' logins; the closing report shows the project: neither may print a control or
    direction character."""
    from datetime import datetime

    from site_builder.core.history import SHANGHAI, Commit, StageChange
    from site_builder.panel.archive import Dossier, Entry, index_html
    from site_builder.panel.forms import render_closing_report

    programme = Programme.load(ROOT)
    projects = [p for p in validate(ROOT, programme).valid_projects() if p.data.get("concluded_on")]
    head = Commit("a" * 40, ("b" * 40,), 1780000000, HOSTILE, "x\u202e")
    history = [StageChange("p.md", None, "applied", head, f"\u674e{HOSTILE}", (HOSTILE,), "9.json")]
    entries = [Entry(p, b"", [], history) for p in projects]
    when = datetime(2027, 6, 1, tzinfo=SHANGHAI)
    dossier = Dossier(2025, programme, entries, head, when, date(2027, 6, 1), True, [HOSTILE])
    page = index_html(dossier)
    assert "\u674e\u5148\u950b\u5c97\u884c\u52a8" in page and not UNSAFE.search(page)
    project = projects[0]
    project.data["title"] = HOSTILE
    report = render_closing_report(project, programme)
    assert report is not None and "\u5148\u950b\u5c97\u884c\u52a8" in report
    assert not UNSAFE.search(report)


# ---------------------------------------------------------------- what people read as printed

# A file name git or a file system may hold: a terminal colour escape and a direction override.
ODD_NAME = "projects/2026/x\x1b[31m\u202egnp.md"


def test_a_name_with_an_escape_or_override_is_shown_not_obeyed(tmp_path, monkeypatch, capsys):
    """`validate` prints the name with each such character written out: a terminal is not
    recoloured and a reviewer does not read the name reversed (text and GitHub output alike)."""
    from factory import run_cli

    root = make_repo(tmp_path / "repo")
    (root / ODD_NAME).parent.mkdir(parents=True)
    (root / ODD_NAME).write_text(render(front("applied")), encoding="utf-8")
    for fmt in ("text", "github"):
        assert run_cli(["--root", str(root), "validate", "--format", fmt], monkeypatch) == 1
        out = capsys.readouterr().out
        assert "x<U+001B>[31m<U+202E>gnp.md" in out, out
        assert not UNSAFE.search(out.replace("\r\n", "\n"))


def test_summaries_and_receipts_show_the_characters() -> None:
    from site_builder.cli.annotations import annotation, job_summary
    from site_builder.cli.commands.check import receipt_summary
    from site_builder.core.change import FileChange
    from site_builder.core.diagnostics import Diagnostic
    from site_builder.core.errors import SiteBuilderError

    found = Diagnostic(ODD_NAME, 1, 1, "PF114", f"{ODD_NAME} \u4e0d\u5bf9")
    for text in (
        found.text(),
        annotation(found),
        job_summary("\u68c0\u67e5", [ODD_NAME], [found], "x"),
        SiteBuilderError(ODD_NAME).report(),
    ):
        assert "U+202E" in text.replace("\\", ""), text
        assert not UNSAFE.search(text), text
    programme = Programme.load(ROOT)
    change = FileChange("A", None, ODD_NAME.replace(".md", ".jpg"), None, b"\xff\xd8")
    shown = receipt_summary(programme, [change])
    assert "&lt;U+202E&gt;gnp" in shown and not UNSAFE.search(shown)


def test_branch_calendars_parse(hostile_views) -> None:
    """Each branch's calendar: its name (the roster's), its windows (the settings') and its
    projects' steps and notices (the projects')."""
    programme = Programme.load(ROOT)
    projects = validate(ROOT, programme).valid_projects()
    roster = programme.roster
    branches = {k: dataclasses.replace(b, name=HOSTILE) for k, b in roster.branches.items()}
    settings = programme.settings
    windows = {k: dataclasses.replace(w, title=HOSTILE) for k, w in settings.calendar.items()}
    hostile = dataclasses.replace(
        programme,
        roster=dataclasses.replace(roster, branches=branches),
        settings=dataclasses.replace(settings, calendar=windows),
    )
    files = ical.branch_calendars(projects, hostile_views, hostile, SITE, date(2026, 11, 28))
    assert files
    for text in files.values():
        assert not UNSAFE.search(text.replace("\r\n", "\n"))
        calendar = Calendar.from_ical(text)
        assert str(calendar["x-wr-calname"]).endswith("\u5148\u950b\u5c97\u884c\u52a8")


def test_every_page_as_the_theme_wrote_it() -> None:
    """The page's title, navigation and description come from the theme, after the content: the
    plugin makes the whole page safe as well."""
    from site_builder.showcase.plugin import ShowcasePlugin

    page = f"<html><head><title>{HOSTILE}</title></head><body><nav>{HOSTILE}</nav></body></html>"
    out = ShowcasePlugin().on_post_page(page, page=None, config=None)
    assert "<title>\u5148\u950b\u5c97\u884c\u52a8</title>" in out and not UNSAFE.search(out)


def test_slim_index_is_safe(hostile_views) -> None:
    """api/slim: the catalogue's and the forms' light copy of the open data."""
    from site_builder.showcase import slim

    files = slim.slim_files(hostile_views, SITE)
    assert files
    for text in files.values():
        assert not UNSAFE.search(text)
        json.loads(text)
    assert any("\u5148\u950b\u5c97\u884c\u52a8" in text for text in files.values())
