"""Data for others and the statistics page, from the example projects: the Atom feed and the
iCalendar file parsed back by their libraries, the open data validated against its own schema,
and the statistics agreeing with the panel's `report` on the public stages."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml
from clirun import cli_in_process
from dateutil.rrule import rrulestr
from factory import ROOT, front, make_repo, render, write
from icalendar import Calendar

from site_builder.core.loader import load_text
from site_builder.core.process import HEADINGS
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.rules.validate import validate
from site_builder.showcase import feed, ical, labels, opendata, svg
from site_builder.showcase.build import build_files, generate
from site_builder.showcase.links import AddressError, Site, site_from_config
from site_builder.showcase.pages import public_views, statistics

TODAY = date(2026, 11, 28)
REPORT = [
    "report",
    "--format",
    "csv",
    "--today",
    "2026-11-28",
]
SITE = Site.of("https://projects.caishen.example/")


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    showcase = generate(ROOT, TODAY, SITE)
    assert not showcase.refused
    return showcase.pages


@pytest.fixture(scope="module")
def programme() -> Programme:
    return Programme.load(ROOT)


def example_projects() -> list[Project]:
    return validate(ROOT, Programme.load(ROOT)).projects


def report_csv(*args: str) -> list[list[list[str]]]:
    """`report --format csv` on the examples, cut into its tables (title row first)."""
    proc = cli_in_process(*REPORT, *args, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    tables: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(proc.stdout.lstrip("\ufeff"))):
        if row:
            tables[-1].append(row)
        elif tables[-1]:
            tables.append([])
    return [t for t in tables if t]


def md_table(page: str, *headers: str) -> list[list[str]]:
    """The rows of the first Markdown table whose headers start with `headers`."""
    lines = page.splitlines()
    prefix = "| " + " | ".join(headers) + " |"
    start = next(i for i, line in enumerate(lines) if line.startswith(prefix))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


# ---------------------------------------------------------------------- feed


def test_feed_parses_back_newest_first_with_stable_ids(files: dict[str, str]) -> None:
    parsed = feedparser.parse(files["feed.xml"])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    entries = parsed.entries
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids)) and all(
        i.startswith("tag:projects.caishen.example,") for i in ids
    )
    dates = [e.updated for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert parsed.feed.updated == dates[0]
    # One entry when a project became public, one per award; nothing else.
    views = public_views(example_projects(), Programme.load(ROOT))
    approved = {v.key for v in views}
    awarded = {v.key for v in views if v.award_year}
    assert sum(i.endswith("/approved") for i in ids) == len(approved) == 10
    assert sum(i.endswith("/awarded") for i in ids) == len(awarded) == 2
    for entry in entries:
        assert entry.link.startswith("https://projects.caishen.example/projects/")
        assert entry.link.endswith("/")
    award = next(e for e in entries if "eng-rural-skills-service/awarded" in e.id)
    assert award.updated.startswith("2026-05-21")  # the acceptance date, in the award year
    assert "2026 年度优秀成果" in award.title and "一等奖" in award.title
    link = parsed.feed.links
    assert any(x.rel == "self" and x.href.endswith("/feed.xml") for x in link)


def test_feed_calendar_and_data_do_not_depend_on_the_build_day(files: dict[str, str]) -> None:
    later = generate(ROOT, date(2031, 2, 3), SITE).pages
    for name in ("feed.xml", "calendar.ics", "api/projects.json", "api/projects.schema.json"):
        assert later[name] == files[name], name


def test_award_date_rule() -> None:
    programme = Programme.load(ROOT)
    data = front("awarded", year=2024, applied_on="2024-05-06")
    data["approval"]["date"] = "2024-05-20"
    data["midterm"]["date"] = "2025-03-15"
    data["concluded_on"] = "2025-05-08"
    data["acceptance"]["date"] = "2025-05-25"
    for year, expected in ((2025, "2025-05-25"), (2026, "2026-01-01")):
        data["award"]["year"] = year
        project = Project("projects/2024/x.md", load_text(render(data)))
        (view,) = public_views([project], programme)
        assert feed.award_date(view) == expected


def test_an_empty_feed_is_still_valid(programme: Programme) -> None:
    text = feed.atom_feed([], SITE, TODAY)
    parsed = feedparser.parse(text)
    assert not parsed.bozo and parsed.entries == []
    assert parsed.feed.updated.startswith("2026-11-28")


# ---------------------------------------------------------------------- calendar


def test_calendar_parses_back_with_the_settings_windows_repeating_yearly(
    files: dict[str, str],
) -> None:
    settings = yaml.safe_load((ROOT / "data/programme.yml").read_text(encoding="utf-8"))
    windows = settings["calendar"]
    text = files["calendar.ics"]
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    cal = Calendar.from_ical(text)
    events = list(cal.walk("VEVENT"))
    # The windows, then each nominated project's notice (the example in 公示).
    notices = [e for e in events if "RRULE" not in e]
    events = [e for e in events if "RRULE" in e]
    assert [str(e["SUMMARY"]) for e in events] == [w["title"] for w in windows.values()]
    assert [str(e["SUMMARY"]) for e in events] == [
        "项目设计",
        "项目申报",
        "项目评选",
        "中期检查",
        "提交结题报告",
        "项目验收",
    ]
    assert [str(e["SUMMARY"]) for e in notices] == ["公示\uff1a红色文化墙绘进社区"]
    assert notices[0].decoded("DTSTART") == date(2026, 6, 1)
    assert notices[0].decoded("DTEND") == date(2026, 6, 6)  # Monday to Friday, exclusive end
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids) and all(
        u.endswith("@projects.caishen.example") for u in uids
    )
    for event, window in zip(events, windows.values(), strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date  # all-day events
        assert event["RRULE"]["FREQ"] == ["YEARLY"]
        assert start.strftime("%m-%d") == window["start"]
        assert (end - timedelta(days=1)).strftime("%m-%d") == window["end"]  # DTEND exclusive
        assert start.year == 2025 + window["offset"]  # from the earliest public year
        # Still right years later, without a rebuild.
        first = datetime(start.year, start.month, start.day)
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=first)
        later = rule.after(datetime(2034, 1, 1), inc=True)
        assert later.strftime("%m-%d") == window["start"] and later.year == 2034
    assert str(cal["X-WR-CALNAME"]) == ical.CALENDAR_NAME


def test_calendar_copes_with_a_day_the_month_lacks() -> None:
    from site_builder.core.programme import Window

    window = Window("x", "项目设计", "02-29", "02-30", 0)
    assert ical.window_days(window, 2026) == (date(2026, 2, 28), date(2026, 2, 28))
    across = Window("y", "寒假", "12-20", "01-10", 0)
    assert ical.window_days(across, 2026) == (date(2026, 12, 20), date(2027, 1, 10))


# ---------------------------------------------------------------------- open data


def test_open_data_validates_against_its_schema(files: dict[str, str]) -> None:
    schema = json.loads((ROOT / "schema/projects-api.schema.json").read_text(encoding="utf-8"))
    assert (
        files["api/projects.schema.json"] == json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    )
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(files["api/projects.json"])
    errors = list(validator.iter_errors(data))
    assert errors == [], errors[:3]
    assert data["version"] == opendata.API_VERSION == 1
    assert data["count"] == len(data["projects"]) == 10
    # The schema rejects what must never be there (a test of the test: it can fail).
    leaked = json.loads(files["api/projects.json"])
    leaked["projects"][0]["expenses"] = [{"item": "x", "amount": 1}]
    assert list(validator.iter_errors(leaked))


def test_open_data_is_the_project_page_and_nothing_more(files: dict[str, str]) -> None:
    data = json.loads(files["api/projects.json"])
    text = files["api/projects.json"]
    roster = yaml.safe_load((ROOT / "data/roster.yml").read_text(encoding="utf-8"))
    for word in ("reviewer", "scores", "expenses", "opinion", "withdrawal", "prize"):
        assert f'"{word}"' not in text, word
    for member in roster["panel"]:
        assert member["name"] not in text
    for project in ROOT.glob("projects/*/*.md"):
        head = yaml.safe_load(project.read_text(encoding="utf-8").split("---")[1])
        for key in ("approval", "midterm", "acceptance"):
            opinion = (head.get(key) or {}).get("opinion")
            if opinion:
                assert opinion not in text, (project, key)
        for expense in head.get("expenses") or []:
            assert expense["item"] not in text, project
    records = {p["id"]: p for p in data["projects"]}
    assert "2025/eng-rural-skills-service" in records
    hidden = [p for p in ROOT.glob("projects/*/*.md") if "stage: applied" in p.read_text("utf-8")]
    assert hidden and all(f"{p.parent.name}/{p.stem}" not in records for p in hidden)
    rural = records["2025/eng-rural-skills-service"]
    assert rural["award"] == {"year": 2026, "title": "优秀成果", "rank": "一等奖"}
    assert rural["spent"] == 901.5 and rural["grant"] == 1000 and isinstance(rural["total"], float)
    assert [s["heading"] for s in rural["sections"]] == list(HEADINGS)
    assert [m["event"] for m in rural["timeline"]] == [
        "applied",
        "approved",
        "midterm",
        "concluded",
        "accepted",
    ]


def test_api_schema_agrees_with_the_project_schema(programme: Programme) -> None:
    schema = opendata.api_schema(programme.root)
    props = schema["$defs"]["project"]["properties"]
    info = programme.schema
    assert props["category"]["enum"] == list(info.categories)
    assert props["stage"]["enum"] == [s for s in info.stages if s in info.public_stages]
    assert props["sections"]["items"]["properties"]["heading"]["enum"] == list(HEADINGS)
    assert set(schema["$defs"]["project"]["required"]) == set(props)

    def titled(node: object) -> None:
        if isinstance(node, dict):
            for key, child in node.get("properties", {}).items():
                assert any("\u4e00" <= c <= "\u9fff" for c in child.get("title", "")), key
            for child in node.values():
                titled(child)
        elif isinstance(node, list):
            for child in node:
                titled(child)

    titled(schema)


# ---------------------------------------------------------------------- statistics


def test_statistics_agree_with_report_on_the_public_stages(
    files: dict[str, str], programme: Programme
) -> None:
    page = files["stats.md"]
    info = programme.schema
    public = {info.label("stage", s) for s in info.public_stages}
    counts = report_csv()[0]
    header, rows = counts[1], counts[2:]
    from_report = {row[0]: int(row[-1]) for row in rows if row[0] in public}
    shown = {label: int(n) for label, n in md_table(page, "阶段")}
    assert shown == from_report and sum(shown.values()) == 10
    # The stages in the policy's order.
    order = [label for label, _ in md_table(page, "阶段")]
    assert order == [
        "已立项",
        "中期检查",
        "已结题",
        "通过验收",
        "拟表彰\uff08公示中\uff09",
        "优秀成果",
    ]
    # Per year and direction: the report's public rows of that year, by category.
    by_year = {row[0]: row[1:] for row in md_table(page, "学年", header[1])}
    for year in (2025, 2026):
        table = report_csv("--year", str(year))[0]
        sums = [0] * (len(header) - 1)
        for row in table[2:]:
            if row[0] in public:
                sums = [a + int(b) for a, b in zip(sums, row[1:], strict=True)]
        assert [int(x) for x in by_year[labels.academic_year(year)]] == sums, year


def test_statistics_money_agrees_with_report(files: dict[str, str], programme: Programme) -> None:
    info = programme.schema
    public = {info.label("stage", s) for s in info.public_stages}
    reported = {info.label("stage", s) for s in ("concluded", "accepted", "nominated", "awarded")}
    funds = report_csv()[2]
    granted: dict[str, Decimal] = {}
    spent: dict[str, Decimal] = {}
    for row in funds[2:]:
        if row[2] in public:
            year = row[0].rsplit("\uff08", 1)[-1].split("/")[0]
            granted[year] = granted.get(year, Decimal(0)) + Decimal(row[3])
            if row[2] in reported:
                spent[year] = spent.get(year, Decimal(0)) + Decimal(row[4])
    rows = md_table(files["stats.md"], "学年", "资助经费\uff08元\uff09")
    money = {r[0][:4]: r for r in rows}
    assert set(money) == set(granted)
    for year, row in money.items():
        assert Decimal(row[1]) == granted[year] and Decimal(row[2]) == spent.get(year, 0), year


def test_statistics_say_nothing_of_what_is_not_public(
    files: dict[str, str], programme: Programme
) -> None:
    page = files["stats.md"]
    info = programme.schema
    for stage in info.stages:
        if stage not in info.public_stages:
            assert info.label("stage", stage) not in page, stage
    for word in ("申报", "撤", "未通过", "未立项", "落选"):
        assert word not in page, word
    # Five charts, each an accessible image followed by its data table.
    charts = page.split('<div class="showcase-chart">')[1:]
    assert len(charts) == 5
    for chunk in charts:
        chart, after = chunk.split("</div>", 1)
        element = ET.fromstring(chart.strip())
        assert element.get("role") == "img" and element.get("width") == "100%"
        assert element.find("{http://www.w3.org/2000/svg}title").text
        assert after.lstrip().startswith("|")


def test_score_distribution_counts_every_accepted_project(files: dict[str, str]) -> None:
    rows = md_table(files["stats.md"], "总评分")
    totals = report_csv()[3]
    accepted = [Decimal(r[5]) for r in totals[2:]]
    assert sum(int(n) for _, n in rows) == len(accepted) == 5
    bins = statistics.score_bins(100)
    for (low, high, label), (shown, n) in zip(bins, rows, strict=True):
        assert label == shown
        assert int(n) == sum(1 for t in accepted if low <= t < high)


def test_chart_text_is_escaped_and_well_formed() -> None:
    chart = svg.bar_chart(
        "c", "<b>&标题", ["<script>alert(1)</script>", "A&B"], [svg.Series("n", (3, 0))]
    )
    element = ET.fromstring(chart)
    assert "<script>" not in chart and "&lt;script&gt;" in chart
    texts = [t.text for t in element.iter("{http://www.w3.org/2000/svg}text")]
    assert "A&B" in texts
    empty = svg.bar_chart("d", "空", ["甲"], [svg.Series("n", (0,))])
    ET.fromstring(empty)  # no division by zero, still well formed


def test_statistics_without_public_projects(programme: Programme) -> None:
    page = statistics.stats_page([], programme)
    assert "暂无公开的项目" in page and "<svg" not in page


# ---------------------------------------------------------------------- the address


def test_site_address_from_mkdocs_yml() -> None:
    site = site_from_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert site == SITE
    assert site.page("projects/2025/a.md") == "https://projects.caishen.example/projects/2025/a/"
    assert site.page("index.md") == "https://projects.caishen.example/"
    flat = site_from_config("site_url: 'https://x.example/sub'\nuse_directory_urls: false\n")
    assert flat.page("projects/2025/a.md") == "https://x.example/sub/projects/2025/a.html"
    for text in ("site_name: x\n", "site_url: ftp://x.example/\n", "site_url: \n"):
        with pytest.raises(AddressError):
            site_from_config(text)


def test_export_without_site_url_is_refused_in_chinese(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "docs").mkdir()
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    write(repo, "mkdocs.yml", "\n".join(x for x in text.splitlines() if "site_url" not in x))
    proc = cli_in_process("--root", str(repo), "export", "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert proc.returncode == 2 and "site_url" in proc.stderr and "Traceback" not in proc.stderr


def test_build_files_keeps_one_path(programme: Programme) -> None:
    """The plugin and export share build_files: every data file is there, and nothing else
    than Markdown pages and those files."""
    built = build_files(example_projects(), programme, TODAY, SITE)
    data = {k for k in built if not k.endswith(".md")}
    branches = {f"calendar/{b}.ics" for b in programme.roster.branches}
    fixed = {"feed.xml", "calendar.ics", "api/projects.json", "api/projects.schema.json"}
    slim = {k for k in data if k.startswith("api/slim/")}  # what the catalogue and forms read
    assert {"api/slim/index.json", "api/slim/open.json"} < slim
    assert data == fixed | branches | slim
    assert "notice.md" in built
    assert {"stats.md", "open-data.md", "index.md"} <= set(built)
