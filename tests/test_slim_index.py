"""Light pages (issue 22, the site half): the slim index the catalogue and the forms read instead
of the whole open data (site_builder/showcase/slim.py), which holds only public values and only
what those pages show; the forms' part lists what can still be filed for; the catalogue reads only
the years it shows; every page loads only its own scripts and none asks for sitemap.xml; the
search index of `mkdocs serve` is built after the pages are served. Sizes and times are measured
in bench/site.py, not here."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from factory import ROOT, front, render
from site_helpers import mkdocs_build, serve, site_repo, wait_until

from site_builder.core.loader import load_text
from site_builder.core.process import HEADINGS, Stage
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.showcase import plugin as plugin_module
from site_builder.showcase import slim
from site_builder.showcase.build import generate
from site_builder.showcase.links import Site
from site_builder.showcase.pages import public_views
from site_builder.showcase.plugin import ShowcasePlugin
from site_builder.showcase.search_index import OUTPUT_DIR, build_index

TODAY = date(2026, 11, 28)
SITE = Site.of("https://projects.caishen.example/")
# Every key a catalogue record has; the forms' records have slim.FORM_FIELDS only.
CATALOGUE_KEYS = {
    *("id", "url", "title", "year", "category", "unit", "general_branch", "branch"),
    *("branch_id", "branch_url", "secretary", "executors", "tags", "stage", "grant"),
    *("total", "award_year", "dates", "sections"),
}


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    showcase = generate(ROOT, TODAY, SITE)
    assert not showcase.refused
    return showcase.pages


def slim_records(files: dict[str, str]) -> dict[str, dict]:
    index = json.loads(files[slim.SLIM_INDEX])
    records = {}
    for part in index["years"]:
        data = json.loads(files[f"{slim.SLIM_DIR}/{part['file']}"])
        assert len(data["projects"]) == part["count"] and data["year"] == part["year"]
        for record in data["projects"]:
            assert record["year"] == part["year"] and record["id"] not in records
            records[record["id"]] = record
    assert index["count"] == len(records)
    return records


# ---------------------------------------------------------------------- what the index holds


def open_rows(opened: dict) -> list[dict]:
    """The forms' part's projects, one record each, from its columns."""
    columns = opened["columns"]
    return [{k: columns[k][i] for k in columns} for i in range(opened["count"])]


def test_every_slim_value_is_one_the_open_data_publishes(files: dict[str, str]) -> None:
    records = slim_records(files)
    api = {p["id"]: p for p in json.loads(files["api/projects.json"])["projects"]}
    assert set(records) == set(api) and len(api) == 10  # every public project, nothing more
    for key, r in records.items():
        p = api[key]
        assert set(r) == CATALOGUE_KEYS, key
        for same in CATALOGUE_KEYS - {"url", "branch_url", "award_year", "dates", "sections"}:
            assert r[same] == p[same], (key, same)
        assert SITE.url + r["url"] == p["url"] and SITE.url + r["branch_url"] == p["branch_url"]
        assert r["award_year"] == (p["award"] or {}).get("year")
        assert r["dates"] == {m["event"]: m["date"] for m in p["timeline"]}
        assert r["sections"] == [s["heading"] for s in p["sections"]]
        assert set(r["sections"]) <= set(HEADINGS) and Stage(r["stage"]).public
    units = json.loads(files[slim.SLIM_INDEX])["units"]
    assert units == sorted({p["unit"] for p in api.values()})


def test_the_slim_index_holds_nothing_private(files: dict[str, str]) -> None:
    texts = {k: v for k, v in files.items() if k.startswith(slim.SLIM_DIR + "/")}
    assert len(texts) >= 4  # the index, the forms' part, a file per year
    roster = yaml.safe_load((ROOT / "data/roster.yml").read_text(encoding="utf-8"))
    for name, text in texts.items():
        for word in ("reviewer", "scores", "expenses", "opinion", "withdrawal", "prize", "summary"):
            assert f'"{word}"' not in text, (name, word)
        for member in roster["panel"]:
            assert member["name"] not in text, name
        for project in ROOT.glob("projects/*/*.md"):
            head = yaml.safe_load(project.read_text(encoding="utf-8").split("---")[1])
            for key in ("approval", "midterm", "acceptance"):
                opinion = (head.get(key) or {}).get("opinion")
                assert not opinion or opinion not in text, (name, project, key)
            for expense in head.get("expenses") or []:
                assert str(expense.get("item")) not in text, (name, project)
            if not Stage(head["stage"]).public:  # an application, a rejection, a withdrawal
                assert f'"{head["year"]}/{project.stem}"' not in text, (name, project)


def test_the_forms_read_only_the_fields_they_use(files: dict[str, str]) -> None:
    records = slim_records(files)
    opened = json.loads(files[slim.SLIM_OPEN])
    # Held by column: every field the forms use, each with a value for every project.
    assert tuple(opened["columns"]) == slim.FORM_FIELDS
    assert {len(c) for c in opened["columns"].values()} == {opened["count"]}
    opened["projects"] = open_rows(opened)
    assert opened["count"] > 0
    for record in opened["projects"]:
        assert record == {k: records[record["id"]][k] for k in slim.FORM_FIELDS}
    # The application form's names: the same projects, their names alone.
    names = json.loads(files[slim.SLIM_NAMES])
    assert names["names"] == [[r["id"], r["title"]] for r in opened["projects"]]
    assert names["count"] == opened["count"]
    index = json.loads(files[slim.SLIM_INDEX])
    assert index["names"] == {"file": "names.json", "count": opened["count"]}


def project(
    stage: str, year: int, slug: str, accepted: int | None = None, award: int | None = None
):
    """A project of `year` at `stage`, accepted in `accepted`, awarded in `award`."""
    data = front(stage, year=year, applied_on=f"{year}-05-06", title=f"{slug}项目")
    if "approval" in data:
        data["approval"]["date"] = f"{year}-05-20"
    if "midterm" in data:
        data["midterm"]["date"] = f"{year + 1}-03-15"
    if "concluded_on" in data:
        data["concluded_on"] = f"{year + 1}-05-08"
        for expense in data["expenses"]:
            expense["date"] = f"{year}-09-10"
    if "acceptance" in data:
        data["acceptance"]["date"] = f"{accepted or year + 1}-05-25"
    if award:
        data["award"]["year"] = award
    return Project(f"projects/{year}/{slug}.md", load_text(render(data)))


def test_the_forms_list_what_can_still_be_filed_for() -> None:
    programme = Programme.load(ROOT)
    projects = [
        project("approved", 2026, "new"),  # the newest year: the application form's names
        project("midterm", 2022, "slow"),  # still moving, however old
        project("accepted", 2024, "nominable", accepted=2025),  # may still be nominated
        project("accepted", 2025, "newest-accepted", accepted=2026),
        project("accepted", 2019, "long-accepted", accepted=2020),  # nothing left to file
        project("awarded", 2024, "recent-award", accepted=2025, award=2025),  # counts to a quota
        project("awarded", 2018, "old-award", accepted=2019, award=2019),
    ]
    views = public_views(projects, programme)
    assert len(views) == len(projects)
    files = slim.slim_files(views, SITE)
    listed = {p["id"].split("/")[1] for p in open_rows(json.loads(files[slim.SLIM_OPEN]))}
    assert listed == {"new", "slow", "nominable", "newest-accepted", "recent-award"}
    index = json.loads(files[slim.SLIM_INDEX])
    assert index["count"] == 7 and index["open"] == {"file": "open.json", "count": 5}
    assert [y["year"] for y in index["years"]] == [2026, 2025, 2024, 2022, 2019, 2018]


# ---------------------------------------------------------------------- mkdocs serve


def tiny_site(folder: Path) -> Path:
    page = folder / "site" / "p" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>试</title></head>'
        "<body><div data-pagefind-body><p>\u6570\u5b57\u5b6a\u751f</p></div></body></html>",
        encoding="utf-8",
    )
    return folder / "site"


def test_serve_indexes_after_the_pages_are_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tiny_site(tmp_path)
    started, go = threading.Event(), threading.Event()

    def held(folder: Path) -> float:  # the real index, once the test lets it run
        started.set()
        go.wait(60)
        return build_index(folder)

    monkeypatch.setattr(plugin_module, "build_index", held)
    plugin = ShowcasePlugin()
    plugin.on_startup(command="serve", dirty=False)
    config = SimpleNamespace(site_dir=str(site))
    plugin.on_post_build(config=config)  # returns while the index waits
    assert started.wait(60) and not (site / OUTPUT_DIR).exists()
    # Two more rebuilds while it runs: the newest pages are indexed once more, not twice.
    plugin.on_post_build(config=config)
    plugin.on_post_build(config=config)
    go.set()
    plugin.indexer.wait(120)
    assert plugin.indexer.runs == 2
    assert (site / OUTPUT_DIR / "pagefind-entry.json").exists()


def test_build_indexes_before_it_returns(tmp_path: Path) -> None:
    site = tiny_site(tmp_path)
    plugin = ShowcasePlugin()
    plugin.on_startup(command="build", dirty=False)
    plugin.on_post_build(config=SimpleNamespace(site_dir=str(site)))
    assert (site / OUTPUT_DIR / "pagefind-entry.json").exists()
    assert plugin.indexer.thread is None


# ---------------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_repo(tmp_path_factory.mktemp("slim") / "repo")
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": TODAY.isoformat()})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root / "site"


@pytest.fixture(scope="module")
def address(built: Path) -> Iterator[str]:
    with serve(built) as found:
        yield found


def photo_page(built: Path, with_photo: bool) -> str:
    for page in sorted(built.glob("projects/*/*/index.html")):
        if ('class="sb-photo"' in page.read_text(encoding="utf-8")) == with_photo:
            return page.parent.relative_to(built).as_posix() + "/"
    raise AssertionError("no such project page")


def visit(browser, url: str) -> tuple[list[str], dict[str, bool]]:
    """Every address the page asked for until the network was idle, and whether each of its
    scripts waits for the page (deferred or a module), by file name."""
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    scripts = page.evaluate(
        "() => Object.fromEntries([...document.querySelectorAll('script[src]')].map("
        "s => [s.src.split('/').pop(), s.defer || s.type === 'module']))"
    )
    page.close()
    return requests, scripts


@pytest.mark.browser
@pytest.mark.build
def test_pages_load_only_their_scripts_and_never_the_sitemap(
    browser, built: Path, address: str
) -> None:
    with_photo, without = photo_page(built, True), photo_page(built, False)
    own = {  # page → the page's own scripts (beside the theme's and the search box's)
        "": set(),
        "catalogue/": {"catalogue.js"},
        with_photo: {"lightbox.js"},
        without: set(),
        "tags/": set(),
        "stats/": set(),
        "apply/": {"apply.js"},
        "update/": {"update.js"},
        "panel/": {"panel.js"},
    }
    for path, expected in own.items():
        requests, scripts = visit(browser, address + path)
        assert not [u for u in requests if "sitemap" in u], path
        assert not [u for u in requests if u.endswith("/api/projects.json")], path
        mine = {n for n in scripts if n in ("catalogue.js", "lightbox.js")}
        mine |= {u.rsplit("/", 1)[1] for u in requests if "/javascripts/pages/" in u}
        assert mine == expected, path
        for name in ("catalogue.js", "lightbox.js", *expected):
            if name in scripts:
                assert scripts[name], (path, name)  # deferred or a module: never blocking
        slim_reads = [u for u in requests if "/api/slim/" in u]
        if path != "catalogue/":  # the forms read their list when it is needed (below)
            assert slim_reads == [], path


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def open_form(browser, url: str, size: dict) -> tuple:
    """A form's cold visit: its page, the context, and every slim-index file it read, recorded."""
    context = browser.new_context(**size)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    reads: list[str] = []
    page.on("request", lambda r: "/api/" in r.url and reads.append(r.url.rsplit("/api/", 1)[1]))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, reads, errors


def open_projects(built: Path) -> list[dict]:
    return open_rows(json.loads((built / slim.SLIM_OPEN).read_text(encoding="utf-8")))


def options(page) -> list[str]:
    return page.locator("#f-project option").evaluate_all("(os) => os.map((o) => o.value)")


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_application_reads_the_names_once_a_name_is_typed(
    browser, built: Path, address: str, size: dict
) -> None:
    taken = open_projects(built)[0]
    context, page, reads, errors = open_form(browser, address + "apply/", size)
    page.locator("#f-title").click()
    page.keyboard.type("\u5148\u950b")  # 先锋: typing elsewhere needs no names
    page.wait_for_load_state("networkidle")
    assert reads == []  # the first visit, and typing a title, read no project list
    page.locator("#f-slug").click()
    page.keyboard.type(taken["id"].split("/")[1])
    # The name's check still knows every listed name: a taken one is refused, with its project.
    wait_until(page, "() => document.getElementById('f-slug-msg').textContent.length > 0")
    said = page.locator("#f-slug-msg").inner_text()
    assert (
        "\u5df2\u88ab\u516c\u5f00\u9879\u76ee\u300a" + taken["title"] + "\u300b\u4f7f\u7528" in said
    )
    page.keyboard.type("-x")
    wait_until(page, "() => document.getElementById('f-slug-msg').textContent === ''")
    assert reads == ["slim/names.json"]  # read once, the names alone
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.build
def test_a_branch_and_year_read_the_names_for_a_free_suggestion(
    browser, built: Path, address: str
) -> None:
    context, page, reads, errors = open_form(browser, address + "apply/", DESKTOP)
    assert reads == []
    page.select_option('[name="general_branch"]', "gb-eng")
    page.select_option('[name="branch"]', "eng-students")
    wait_until(page, "() => document.getElementById('f-slug').value !== ''")
    page.wait_for_load_state("networkidle")
    assert reads == ["slim/names.json"]
    names = {p["id"].split("/")[1] for p in open_projects(built)}
    assert page.locator("#f-slug").input_value() not in names
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("path", ["update/", "panel/"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_picker_reads_the_list_when_it_is_used(
    browser, built: Path, address: str, path: str, size: dict
) -> None:
    listed = open_projects(built)
    context, page, reads, errors = open_form(browser, address + path, size)
    assert reads == []  # nothing read until the picker is used
    select = page.locator("#f-project")
    assert select.is_enabled() and options(page) == [""]
    if size is PHONE:
        select.tap()
    else:
        select.click()
    wait_until(page, "() => document.querySelectorAll('#f-project option').length > 1")
    assert sorted(options(page)[1:]) == sorted(p["id"] for p in listed)
    # Narrowed as typed, chosen, said: the list works as it did when read at once.
    project = listed[-1]
    page.locator("#f-filter").click()
    page.keyboard.type(project["title"])
    assert project["id"] in options(page)
    select.select_option(project["id"])
    wait_until(page, "() => document.getElementById('project-info').textContent.length > 0")
    assert project["id"] in page.locator("#project-info").inner_text()
    assert reads == ["slim/open.json"]  # once
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.build
def test_a_phone_reads_the_list_at_the_first_scroll(browser, built: Path, address: str) -> None:
    """A phone's own option list does not show options added after it opened: the first scroll
    of the page starts the read, so the list is in before the picker is tapped."""
    context, page, reads, errors = open_form(browser, address + "update/", PHONE)
    assert reads == []
    page.mouse.wheel(0, 300)  # as a swipe does: the page scrolls
    wait_until(page, "() => document.querySelectorAll('#f-project option').length > 1")
    assert reads == ["slim/open.json"]
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.build
def test_the_panel_reads_the_list_for_a_typed_name(browser, built: Path, address: str) -> None:
    project = open_projects(built)[0]
    context, page, reads, errors = open_form(browser, address + "panel/", DESKTOP)
    assert reads == []
    page.locator("#f-file").click()
    page.keyboard.type(project["id"])
    # The typed name is found in the list read for it (its stage shown; the quota counted on it).
    wait_until(page, "() => document.getElementById('project-info').textContent.includes('\uff1b')")
    assert project["id"] in page.locator("#project-info").inner_text()
    assert reads == ["slim/open.json"]
    assert errors == []
    context.close()


@pytest.fixture
def catalogue_site(built: Path, tmp_path: Path) -> Iterator[str]:
    """The built site with a slim index of 240 projects over three years (80 each)."""
    site = tmp_path / "site"
    shutil.copytree(built, site)
    folder = site / "api" / "slim"
    shutil.rmtree(folder)
    (folder / "years").mkdir(parents=True)
    years = [2026, 2025, 2024]
    for year in years:
        projects = [
            {
                "id": f"{year}/p{i:02d}",
                "url": f"projects/{year}/p{i:02d}/",
                "title": f"{year}\u5e74\u7b2c{i:02d}\u53f7\u9879\u76ee",  # 年第NN号项目
                "year": year,
                "category": "service",
                "unit": "\u5de5\u7a0b\u6280\u672f\u7cfb",  # 工程技术系
                "general_branch": "x",
                "branch": "y",
                "branch_id": "eng-students",
                "branch_url": "catalogue/branches/eng-students/",
                "secretary": "s",
                "executors": [],
                "tags": [],
                "stage": "approved",
                "grant": 1000,
                "total": None,
                "award_year": None,
                "dates": {},
                "sections": [],
            }
            for i in range(80)
        ]
        text = json.dumps({"version": 1, "year": year, "projects": projects}, ensure_ascii=False)
        (folder / "years" / f"{year}.json").write_text(text, encoding="utf-8")
    index = {
        "version": 1,
        "count": 240,
        "open": {"file": "open.json", "count": 0},
        "years": [{"year": y, "count": 80, "file": f"years/{y}.json"} for y in years],
        "units": ["\u5de5\u7a0b\u6280\u672f\u7cfb"],
    }
    (folder / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    with serve(site) as found:
        yield found


def count_starts(page, text: str) -> None:
    wait_until(
        page,
        "t => (document.querySelector('.showcase-count') || {}).textContent?.startsWith(t)",
        arg=text,
        timeout=10_000,
    )


@pytest.mark.browser
@pytest.mark.build
def test_the_catalogue_reads_only_the_years_it_shows(browser, catalogue_site: str) -> None:
    page = browser.new_page()
    years: list[str] = []
    page.on("request", lambda r: "/api/slim/years/" in r.url and years.append(r.url))
    page.goto(catalogue_site + "catalogue/")
    count_starts(page, "\u5171 240 \u4e2a\u9879\u76ee\uff0c\u663e\u793a\u524d 100 \u4e2a")
    # The newest 100 rows are in the newest two years: the third is not read.
    assert sorted(u.rsplit("/", 1)[1] for u in years) == ["2025.json", "2026.json"]
    titles = page.locator(".showcase-catalogue tbody td:first-child").all_inner_texts()
    assert len(titles) == 100 and titles[0].startswith("2026") and titles[-1].startswith("2025")
    # "Show more" needs the third year: it is read, and its rows follow.
    page.get_by_role("button", name="\u518d\u663e\u793a").click()  # 再显示
    count_starts(page, "\u5171 240 \u4e2a\u9879\u76ee\uff0c\u663e\u793a\u524d 200 \u4e2a")
    assert sorted(u.rsplit("/", 1)[1] for u in years) == ["2024.json", "2025.json", "2026.json"]
    titles = page.locator(".showcase-catalogue tbody td:first-child").all_inner_texts()
    assert len(titles) == 200 and titles[-1].startswith("2024")
    # A search for a title of the oldest year reads it, and finds it.
    page.get_by_label("\u67e5\u627e\u6587\u5b57").press_sequentially("2024\u5e74\u7b2c07")
    count_starts(page, "\u5171 240 \u4e2a\u9879\u76ee\uff0c\u7b26\u5408\u6761\u4ef6\u7684 1 \u4e2a")
    assert len(years) == 3  # each year read once
    assert page.locator(".showcase-catalogue tbody td:first-child").all_inner_texts() == [
        "2024\u5e74\u7b2c07\u53f7\u9879\u76ee"
    ]
    page.close()


@pytest.mark.browser
@pytest.mark.build
def test_a_chosen_year_reads_that_year_alone(browser, catalogue_site: str) -> None:
    page = browser.new_page()
    years: list[str] = []
    page.on("request", lambda r: "/api/slim/years/" in r.url and years.append(r.url))
    page.goto(catalogue_site + "catalogue/?year=2025")
    count_starts(
        page, "\u5171 240 \u4e2a\u9879\u76ee\uff0c\u7b26\u5408\u6761\u4ef6\u7684 80 \u4e2a"
    )
    assert [u.rsplit("/", 1)[1] for u in years] == ["2025.json"]
    titles = page.locator(".showcase-catalogue tbody td:first-child").all_inner_texts()
    assert len(titles) == 80 and all(t.startswith("2025") for t in titles)
    page.close()
