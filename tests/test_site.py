"""The real showcase: `mkdocs build` of the examples plus marker projects, checked file by file
for privacy, then driven in headless Chromium (Debian's chromium through Playwright)."""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from factory import ROOT, front, render, write
from site_helpers import ARGS, CHROMIUM, QuietHandler, mkdocs_build

# Markers that must never reach the built site (ASCII: the search index splits Chinese words).
HIDDEN: dict[str, str] = {}


def hidden_projects() -> dict[str, str]:
    files: dict[str, str] = {}
    roster = yaml.safe_load((ROOT / "data/roster.yml").read_text(encoding="utf-8"))
    gb = roster["general_branches"][0]
    place = {"general_branch": gb["id"], "branch": gb["branches"][0]["id"], "unit": "工程技术系"}
    for stage in ("applied", "rejected", "withdrawn", "failed"):
        marker = f"ZQX{stage.upper()}"
        HIDDEN[f"{marker}T"] = stage
        HIDDEN[f"{marker}S"] = stage
        HIDDEN[f"{marker}B"] = stage
        data = front(
            stage,
            title=f"隐藏项目{marker}T",
            summary=f"这是不应公开的项目简介 {marker}S 用于隐私测试。",
            **place,
        )
        text = render(data).replace("教学一线需要党员带头", f"教学一线需要党员带头 {marker}B")
        files[f"projects/2026/hidden-{stage}.md"] = text
    for stage in ("accepted", "awarded"):
        data = front(stage, title=f"公开的{stage}项目", year=2024, applied_on="2024-05-06", **place)
        data["approval"]["date"] = "2024-05-20"
        data["midterm"]["date"] = "2025-03-15"
        data["concluded_on"] = "2025-05-08"
        data["acceptance"]["date"] = "2025-05-25"
        for i, expense in enumerate(data["expenses"]):
            expense["item"] = f"ZQXEXP{stage}{i}"
            expense["date"] = "2024-09-10"
        for i, score in enumerate(data["acceptance"]["scores"]):
            score["reviewer"] = f"ZQXREV{stage}{i}"
            HIDDEN[score["reviewer"]] = "reviewer"
        for key in ("approval", "midterm", "acceptance"):
            data[key]["opinion"] = f"评审组意见 ZQXOPN{stage}{key} 不公开\u3002"
            HIDDEN[f"ZQXOPN{stage}{key}"] = "opinion"
        HIDDEN.update({e["item"]: "expense" for e in data["expenses"]})
        if stage == "awarded":
            data["award"]["year"] = 2025
        files[f"projects/2024/public-{stage}.md"] = render(data)
    # Markup in front-matter text that validation allows: it must arrive as inert text.
    tricky = front(
        "approved",
        title="[点我](javascript:alert(1)) *星号*",
        year=2024,
        applied_on="2024-05-06",
        summary='摘要里有 & 符号、"引号" 和 `反引号`,以及 [链接](javascript:x)。',
        **place,
    )
    tricky["approval"]["date"] = "2024-05-20"
    files["projects/2024/tricky-title.md"] = render(tricky)
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site") / "repo"
    root.mkdir()
    for name in ("docs", "data", "overrides", "projects", "schema"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for rel, text in hidden_projects().items():
        write(root, rel, text)
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-11-28"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root / "site"


def site_texts(site: Path) -> Iterator[tuple[Path, str]]:
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8", "ignore").replace("\u200b", "")
        yield path, text


def test_no_private_marker_anywhere_in_the_site(built: Path) -> None:
    checked = 0
    for path, text in site_texts(built):
        checked += 1
        for marker in HIDDEN:
            assert marker not in text, (marker, HIDDEN[marker], path)
    assert checked > 20
    assert (built / "search/search_index.json").exists() and (built / "sitemap.xml.gz").exists()
    assert (built / "404.html").exists() and (built / "tags.json").exists()


def test_data_files_are_built_and_stay_out_of_sitemap_and_search(built: Path) -> None:
    import json

    import jsonschema

    for name in ("feed.xml", "calendar.ics", "api/projects.json", "api/projects.schema.json"):
        assert (built / name).is_file(), name
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "feed.xml" not in sitemap and "calendar.ics" not in sitemap and "api/" not in sitemap
    assert "stats/" in sitemap and "open-data/" in sitemap
    index = (built / "search/search_index.json").read_text(encoding="utf-8")
    assert "feed.xml" not in json.dumps([d["location"] for d in json.loads(index)["docs"]])
    data = json.loads((built / "api/projects.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schema/projects-api.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(data)) == []
    ids = {p["id"] for p in data["projects"]}
    assert {"2024/public-awarded", "2024/public-accepted", "2024/tricky-title"} <= ids
    assert not any(i.startswith("2026/hidden-") for i in ids)
    feed = (built / "feed.xml").read_text(encoding="utf-8")
    assert "projects/2024/public-awarded/awarded" in feed and "hidden-" not in feed


def test_every_page_links_the_feed_in_its_head(built: Path) -> None:
    pages = list(built.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        found = re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">',
            head,
        )
        assert len(found) == 1, page
        if page.name != "404.html":  # 404 is served from any folder; its links are site-absolute
            assert (page.parent / found[0]).resolve() == (built / "feed.xml").resolve(), page


def test_panel_names_never_published(built: Path) -> None:
    roster = yaml.safe_load((ROOT / "data/roster.yml").read_text(encoding="utf-8"))
    names = [p["name"] for p in roster["panel"]]
    for path, text in site_texts(built):
        for name in names:
            assert name not in text, (name, path)


def test_public_projects_are_published_and_hidden_ones_are_not(built: Path) -> None:
    assert (built / "projects/2024/public-awarded/index.html").exists()
    assert (built / "projects/2025/eng-rural-skills-service/index.html").exists()
    for stage in ("applied", "rejected", "withdrawn", "failed"):
        assert not (built / f"projects/2026/hidden-{stage}").exists()
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "public-awarded" in sitemap and "hidden-" not in sitemap


def test_markup_in_front_matter_is_inert(built: Path) -> None:
    page = (built / "projects/2024/tricky-title/index.html").read_text(encoding="utf-8")
    assert "javascript:" in page.replace("javascript:alert", "javascript:")  # shown as text...
    assert 'href="javascript' not in page.lower()  # ...never as a link
    assert "<em>星号</em>" not in page
    for path, text in site_texts(built):
        if path.suffix in (".html", ".json", ".xml"):
            assert 'href="javascript' not in text.lower(), path


def test_every_rule_has_its_anchor_on_the_rules_page(built: Path) -> None:
    from site_builder.rules.ruleset import REGISTRY

    for rule in REGISTRY.values():
        page, _, anchor = rule.doc_path.partition("#")
        html = (built / page / "index.html").read_text(encoding="utf-8")
        assert f'<h3 id="{anchor}">{rule.code}' in html, rule.code
        assert rule.title in html
    assert len(REGISTRY) >= 30


def test_project_page_shows_totals_not_items(built: Path) -> None:
    page = (built / "projects/2024/public-awarded/index.html").read_text(encoding="utf-8")
    assert "505.50 元" in page  # 320 + 185.50, the total only
    assert "89.0 分" in page  # the mean, not the reviewers' scores
    assert "优秀成果" in page and "2025 年度" in page
    for heading in ("为什么开展活动", "怎样开展活动", "预期目标", "中期进展", "结题报告"):
        assert heading in page


def test_project_pages_are_not_in_the_sidebar(built: Path) -> None:
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "eng-rural-skills-service" not in home.split('<div class="md-content"')[0]
    sizes = [p.stat().st_size for p in built.rglob("*.html")]
    assert max(sizes) < 100_000


def test_no_external_hosts_referenced(built: Path) -> None:
    for path in built.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text, path


def test_sanitiser_removes_what_slips_past_validation() -> None:
    from site_builder.core.sanitize import clean_html

    dirty = (
        '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a>'
        '<iframe src="https://evil"></iframe><img src="data:text/html,x" onerror="y()">'
        '<a href="#anchor" class="headerlink">¶</a></p>'
    )
    clean = clean_html(dirty)
    for bad in ("<script", "onclick", "javascript:", "<iframe", "onerror", "data:"):
        assert bad not in clean
    assert 'href="#anchor"' in clean and 'class="headerlink"' in clean


def test_invalid_project_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("docs", "data", "overrides", "projects", "schema"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("old", encoding="utf-8")
    bad = render(front(category="servce"))
    write(root, "projects/2026/broken.md", bad)
    proc = mkdocs_build(root)
    assert proc.returncode != 0
    assert "projects/2026/broken.md:" in proc.stderr and "PS201" in proc.stderr
    assert "项目文件未通过检查" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "old"


def test_export_writes_the_same_pages(tmp_path: Path) -> None:
    out = tmp_path / "exported"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "export",
            "--out",
            str(out),
            "--today",
            "2026-11-28",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "docs/projects/2025/eng-rural-skills-service.md").exists()
    assert (out / "docs/guide/apply.md").exists()
    assert "- showcase" not in (out / "mkdocs.yml").read_text(encoding="utf-8")
    build = mkdocs_build(out)
    assert build.returncode == 0, build.stderr[-2000:]
    assert (out / "site/projects/2025/eng-rural-skills-service/index.html").exists()
    # The data files are copied as built (the calendar keeps its CRLF), and the theme's
    # additions come along: the plain build links the feed too.
    for name in ("feed.xml", "calendar.ics", "api/projects.json", "stats.md", "open-data.md"):
        assert (out / "docs" / name).is_file(), name
    for name in ("feed.xml", "calendar.ics", "api/projects.json"):
        assert (out / "site" / name).read_bytes() == (out / "docs" / name).read_bytes(), name
    assert b"\r\n" in (out / "site/calendar.ics").read_bytes()
    home = (out / "site/index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home and 'href="calendar.ics"' in home
    # An existing folder not written by the command is refused; an exported one is replaced
    # whole. The command's former name still works and says it was renamed.
    again = subprocess.run(
        [sys.executable, "-m", "site_builder", "stage", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0 and not (out / "site").exists()
    assert "stage 已改名为 export" in again.stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("x", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "site_builder", "export", "--out", str(other)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2 and (other / "keep.txt").exists()


def test_listings_link_sub_pages_and_tags_resolve(built: Path) -> None:
    assert (built / "catalogue/years/2025/index.html").exists()
    assert (built / "catalogue/categories/service/index.html").exists()
    assert any((built / "catalogue/units").iterdir()) and any((built / "tags").iterdir())
    index = (built / "catalogue/index.html").read_text(encoding="utf-8")
    assert 'href="years/2025/"' in index
    # Sub-pages are reached from the index pages, not the sidebar.
    assert "catalogue/years/" not in index.split('<div class="md-content"')[0]
    page = built / "projects/2025/eng-rural-skills-service/index.html"
    chips = re.findall(r'<a href="([^"#]+)[^"]*" class="md-tag', page.read_text(encoding="utf-8"))
    assert chips
    for href in chips:
        target = (page.parent / href / "index.html").resolve()
        assert target.exists(), href
        assert "eng-rural-skills-service" in target.read_text(encoding="utf-8")


def test_listings_are_cut_into_bounded_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from site_builder.core.loader import load_text
    from site_builder.core.programme import Programme
    from site_builder.core.project import Project
    from site_builder.showcase import pages
    from site_builder.showcase.build import Showcase

    monkeypatch.setattr(pages, "LISTING_ROWS", 4)
    programme = Programme.load(ROOT)
    projects = []
    for i in range(11):
        year = 2025 if i < 6 else 2026
        data = front(
            "approved" if i != 10 else "applied",
            year=year,
            applied_on=f"{year}-05-06",
            title=f"第{i}号测试项目行动",
            unit="工程技术系" if i % 3 else "艺术设计系",
            category=("service", "student", "education")[i % 3],
            tags=[f"标签{i % 2}", "共同"],
        )
        if year == 2025:
            data["approval"]["date"] = "2025-05-20"
        projects.append(Project(f"projects/{year}/p{i}.md", load_text(render(data))))
    built = pages.build_pages(projects, programme, date(2026, 11, 28))
    public = {f"p{i}" for i in range(10)}  # p10 is only applied

    def listed(prefix: str) -> list[str]:
        found = []
        for name, text in built.items():
            if name.startswith(prefix):
                assert name.isascii(), name
                assert not Showcase.in_nav(name), name
                rows = re.findall(r"projects/\d{4}/(p\d+)\.md", text)
                assert len(rows) <= 4, name
                found += rows
        return found

    for prefix in ("catalogue/years/", "catalogue/categories/", "catalogue/units/"):
        items = listed(prefix)
        assert sorted(items) == sorted(public), prefix  # every public project exactly once
    assert "catalogue/years/2025.md" in built and "catalogue/years/2025-2.md" in built
    assert "[2](2025-2.md)" in built["catalogue/years/2025.md"]
    assert "[1](2025.md)" in built["catalogue/years/2025-2.md"]
    assert "(years/2025.md)" in built["catalogue/index.md"]
    assert "(years/2026.md)" in built["catalogue/index.md"]
    # Units and tags get stable hashed names: one unit's page never moves when another appears.
    ids = pages.short_ids(["工程技术系", "艺术设计系"])
    assert pages.short_ids(["工程技术系"])["工程技术系"] == ids["工程技术系"]
    assert f"units/{ids['艺术设计系']}.md" in built["catalogue/units.md"]
    # One page per tag (the keywords and the three categories' labels), each listing one tag.
    tags = {k: v for k, v in built.items() if k.startswith("tags/")}
    assert len(tags) == 6
    for name, text in tags.items():
        assert not Showcase.in_nav(name)
        assert text.count("<!-- material/tags {") == 1 and '"include": [' in text
        assert name.removeprefix("tags/") in built["tags.md"]
    assert "p10" not in "".join(built.values())


# ------------------------------------------------------------------ in the browser


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_home_loads_without_errors_or_outside_requests(browser, server: str) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().rstrip("¶") == "彩神党支部工作“立项活动”"
    assert "学年工作日历" in page.content() and "下一环节" in page.content()
    assert errors == []
    assert requests and all(u.startswith(server) for u in requests), requests
    page.close()


# Search. Material reads the box on `keyup`, on focus and when its worker is ready; text that
# arrives by `input` alone is handed on by docs/javascripts/search-input.js. Every wait is on the
# page (the worker's state, the result list), never a fixed sleep.
SEARCH_BOX = "input[data-md-component=search-query]"
SEARCH_META = ".md-search-result__meta"
WAIT_MS = 30_000
# Shown by Material until its worker has indexed the site, then replaced by its placeholder.
INITIALIZING = "正在初始化搜索引擎"
READY = "键入以开始搜索"
# Words from inside sentences of one shipped project's body; the site has no other project
# with them ("数字" alone also finds econ-peer-tutoring-red-engine).
TWIN = "数字孪生"
FAULTS = "故障案例"
RURAL = "2025/eng-rural-skills-service"

ONLY_PROJECT = """slug => {
  const links = [...document.querySelectorAll(".md-search-result__item > a")];
  const projects = new Set(links.map(a => new URL(a.href).pathname)
    .filter(path => path.startsWith("/projects/")));
  return projects.size === 1 && projects.has(`/projects/${slug}/`);
}"""


def search_meta(page) -> str:
    return page.locator(SEARCH_META).inner_text().strip()


def wait_until_search_ready(page) -> None:
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel).textContent.trim() === text",
        arg=[SEARCH_META, READY],
        timeout=WAIT_MS,
    )


def assert_finds_only(page, slug: str) -> None:
    """The results list the project `slug` and no other project page."""
    from playwright.sync_api import TimeoutError

    try:
        page.wait_for_function(ONLY_PROJECT, arg=slug, timeout=WAIT_MS)
    except TimeoutError:
        links = page.eval_on_selector_all(
            ".md-search-result__item > a", "els => els.map(a => a.getAttribute('href'))"
        )
        value = page.locator(SEARCH_BOX).input_value()
        raise AssertionError(f"{value!r}: {search_meta(page)!r} {links}") from None


def test_chinese_search_finds_a_word_inside_a_sentence(browser, server: str) -> None:
    # Playwright types characters missing from the keyboard layout as text: `input`, no `keyup`.
    page = browser.new_page()
    page.goto(server)
    wait_until_search_ready(page)
    page.locator(SEARCH_BOX).focus()
    page.keyboard.type(TWIN)
    assert_finds_only(page, RURAL)
    page.close()


def test_search_answers_fill_after_the_index_is_ready(browser, server: str) -> None:
    # Autofill and dictation replace the text in one go, as `fill` does.
    page = browser.new_page()
    page.goto(server)
    wait_until_search_ready(page)
    page.locator(SEARCH_BOX).fill(FAULTS)
    assert_finds_only(page, RURAL)
    page.close()


def test_search_answers_pasted_text(browser, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server)
    wait_until_search_ready(page)
    page.evaluate("text => navigator.clipboard.writeText(text)", FAULTS)
    # A paste from the context menu or a phone's long press releases no key: swallow the real
    # key releases of Ctrl+V so that only the paste itself can start the search.
    page.evaluate(
        "() => window.addEventListener("
        "'keyup', e => { if (e.isTrusted) e.stopImmediatePropagation(); }, true)"
    )
    box = page.locator(SEARCH_BOX)
    box.focus()
    page.keyboard.press("Control+V")
    assert box.input_value() == FAULTS  # the browser really pasted
    assert_finds_only(page, RURAL)
    context.close()


def test_search_answers_text_typed_before_the_index_is_ready(browser, server: str) -> None:
    page = browser.new_page()
    held = []  # the search index request, answered only after the typing
    page.route("**/search/search_index.json", lambda route: held.append(route))
    with page.expect_request("**/search/search_index.json"):
        page.goto(server)
    page.locator(SEARCH_BOX).focus()
    page.keyboard.type(TWIN)
    assert search_meta(page) == INITIALIZING and len(held) == 1
    held[0].continue_()
    assert_finds_only(page, RURAL)
    page.close()


def test_gallery_catalogue_and_project_page(browser, server: str) -> None:
    page = browser.new_page()
    page.goto(server + "awards/")
    text = page.locator("article").inner_text()
    assert "2026 年度" in text and "2025 年度" in text
    assert "技能党员服务乡村振兴" in text
    page.goto(server + "catalogue/")
    text = page.locator("article").inner_text()
    assert "2025–2026 学年" in text and "隐藏项目" not in text
    page.locator("article a[href*='years/2025']").first.click()
    page.wait_for_url("**/catalogue/years/2025/")
    assert "隐藏项目" not in page.locator("article").inner_text()
    page.locator("article a[href*='eng-rural-skills-service']").first.click()
    page.wait_for_url("**/eng-rural-skills-service/")
    text = page.locator("article").inner_text()
    assert "立项方向" in text and "服务型党支部建设" in text and "验收总评分" in text
    page.goto(server + "catalogue/categories/")
    assert "大学生党支部建设" in page.locator("article").inner_text()
    page.close()


def test_phone_viewport_renders(browser, server: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.goto(server + "projects/2025/eng-rural-skills-service/")
    assert page.locator("label.md-header__button[for='__drawer']").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert page.locator("h1").is_visible()
    context.close()


def test_statistics_charts_fit_a_phone(browser, server: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, device_scale_factor=2
    )
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "stats/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    charts = page.locator("article svg[role='img']")
    assert charts.count() == 5
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and 300 <= box["width"] <= 390
        # The chart's text stays readable: its font is drawn at 12 CSS pixels or more.
        size = charts.nth(i).evaluate(
            "svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * "
            "parseFloat(svg.getAttribute('font-size'))"
        )
        assert size >= 12
        assert charts.nth(i).locator("title").text_content()
    assert all(u.startswith(server) for u in requests), requests
    context.close()
