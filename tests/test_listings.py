"""The gallery, the catalogue and the branch pages in a real build, driven in headless Chromium:
award cards newest first, the catalogue's filters and sorting (drawn by
docs/javascripts/catalogue.js from api/projects.json), links to the branch pages, and a phone's
screen that nothing runs off. The build carries a full listing page of the longest titles and
names the schema allows, so the size limit is tested on the worst page the site can have."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from factory import ROOT, front, render, write
from site_helpers import mkdocs_build, serve, wait_until

from site_builder.showcase import pages

TODAY = "2026-11-28"
FULL_YEAR = 2023  # one listing page of this year holds LISTING_ROWS projects
LONG_UNIT = ("工程技术系智能制造与新能源汽车技术专业群教学团队" * 2)[:40]  # the schema's maximum
BRANCH = "eng-students"
# Text the schema allows that is markup elsewhere: the catalogue must show it as written.
TRICKY = "测试&amp;转义*星号* [链接](x.md) &lt;b&gt;"
MAX_HTML = 100_000
PHONE = {"width": 390, "height": 844}


def long_title(i: int) -> str:
    return f"第{i:03d}号党员先锋岗服务师生行动" + "暨铸魂育人示范工程建设行动计划" * 2


def filler() -> dict[str, str]:
    """LISTING_ROWS + 3 approved projects of one year, unit, branch and direction, with titles
    and unit at the schema's maximum length: a full page (and a second one) of each listing."""
    files = {}
    for i in range(pages.LISTING_ROWS + 3):
        data = front(
            "approved",
            year=FULL_YEAR,
            applied_on=f"{FULL_YEAR}-05-06",
            title=long_title(i)[:40],
            unit=LONG_UNIT,
            general_branch="gb-eng",
            branch=BRANCH,
            category="education",
        )
        data["approval"]["date"] = f"{FULL_YEAR}-05-20"
        files[f"projects/{FULL_YEAR}/fill-{i:03d}.md"] = render(data)
    return files


def awarded(year: int, slug: str, title: str, rank: str, **extra: object) -> dict[str, str]:
    """A project of `year` accepted and awarded in year + 1."""
    data = front("awarded", year=year, applied_on=f"{year}-05-06", title=title, **extra)
    data["approval"]["date"] = f"{year}-05-20"
    data["midterm"]["date"] = f"{year + 1}-03-15"
    data["concluded_on"] = f"{year + 1}-05-08"
    data["acceptance"]["date"] = f"{year + 1}-05-25"
    for expense in data["expenses"]:
        expense["date"] = f"{year}-09-10"
    data["award"].update(year=year + 1, rank=rank)
    return {f"projects/{year}/{slug}.md": render(data)}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("listings") / "repo"
    root.mkdir()
    for name in ("docs", "data", "overrides", "projects", "schema"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    files = filler()
    files.update(awarded(2023, "award-2024-a", "二〇二四年度一等奖项目", "一等奖"))
    files.update(awarded(2023, "award-2024-b", "二〇二四年度二等奖项目", "二等奖"))
    tricky = front("approved", year=2024, applied_on="2024-05-06", title=TRICKY)
    tricky["approval"]["date"] = "2024-05-20"
    files["projects/2024/tricky-catalogue.md"] = render(tricky)
    hidden = front("applied", title="未公开的申报ZQXLISTING")
    files["projects/2026/hidden-listing.md"] = render(hidden)
    for rel, text in files.items():
        write(root, rel, text)
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": TODAY})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root


@pytest.fixture(scope="module")
def site(root: Path) -> Path:
    return root / "site"


@pytest.fixture(scope="module")
def data(site: Path) -> dict:
    return json.loads((site / "api/projects.json").read_text(encoding="utf-8"))


# -------------------------------------------------------------------- the built files


@pytest.mark.build
def test_the_largest_page_stays_small_with_full_listings(site: Path) -> None:
    sizes = {p: p.stat().st_size for p in site.rglob("*.html")}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < MAX_HTML, (largest, sizes[largest])
    # The worst case was built: full pages of the longest titles in every kind of listing.
    full = [
        f"catalogue/years/{FULL_YEAR}",
        "catalogue/categories/education",
        f"catalogue/branches/{BRANCH}",
    ]
    for rel in full:
        html = (site / rel / "index.html").read_text(encoding="utf-8")
        rows = re.findall(r"<tr>\s*<td><a href=", html)
        assert len(rows) == pages.LISTING_ROWS, rel
        assert long_title(7)[:40] in html or f"第{0:03d}号" in html
    assert (site / f"catalogue/years/{FULL_YEAR}-2/index.html").exists()
    assert (site / f"catalogue/branches/{BRANCH}--2/index.html").exists()


@pytest.mark.build
def test_every_branch_has_a_page_out_of_the_sidebar(site: Path, data: dict) -> None:
    roster = yaml.safe_load((ROOT / "data/roster.yml").read_text(encoding="utf-8"))
    index = (site / "catalogue/branches/index.html").read_text(encoding="utf-8")
    for general in roster["general_branches"]:
        assert general["name"] in index
        for branch in general["branches"]:
            page = site / "catalogue/branches" / branch["id"] / "index.html"
            assert page.exists(), branch["id"]
            assert f'href="{branch["id"]}/"' in index
            text = page.read_text(encoding="utf-8")
            assert branch["name"] in text and general["name"] in text
            # Its public projects, and only those, link from its page.
            mine = {p["id"] for p in data["projects"] if p["branch_id"] == branch["id"]}
            linked = set(re.findall(r'href="\.\./\.\./\.\./projects/(\d{4}/[a-z0-9-]+)/"', text))
            if len(mine) <= pages.LISTING_ROWS:
                assert linked == mine, branch["id"]
    assert "ZQXLISTING" not in index
    # Branch pages stay out of the sidebar, which every page carries; the index is in it.
    nav = (site / "index.html").read_text(encoding="utf-8").split('<div class="md-content"')[0]
    assert "catalogue/branches/" in nav and "catalogue/branches/eng-teachers/" not in nav


@pytest.mark.build
def test_year_labels_name_the_academic_year_and_the_award_year(site: Path, data: dict) -> None:
    # A 2023 project awarded in 2024: "2023–2024 学年" for the one, "2024 年度" for the other.
    page = (site / "projects/2023/award-2024-a/index.html").read_text(encoding="utf-8")
    assert "2023\u20132024 学年" in page and "2024 年度优秀成果 · 一等奖" in page
    assert "2024 年度" in page.split('id="项目进程"')[1]  # the timeline's award step
    gallery = (site / "awards/index.html").read_text(encoding="utf-8")
    assert "2023\u20132024 学年立项" in gallery and ">2024 年度优秀成果<" in gallery
    listing = (site / "catalogue/years/2023/index.html").read_text(encoding="utf-8")
    assert "2023\u20132024 学年立项" in listing
    record = next(p for p in data["projects"] if p["id"] == "2023/award-2024-a")
    assert record["year"] == 2023 and record["award"]["year"] == 2024


# ------------------------------------------------------------------------ in the browser


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    with serve(site) as address:
        yield address


class Watched:
    """A page whose requests and errors are recorded."""

    def __init__(self, context, server: str) -> None:
        self.page = context.new_page()
        self.server = server
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else 0)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str):
        self.page.goto(self.server + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def check(self) -> None:
        assert self.errors == []
        assert self.requests and all(u.startswith(self.server) for u in self.requests), [
            u for u in self.requests if not u.startswith(self.server)
        ]


@pytest.fixture
def desk(browser, server: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watched = Watched(context, server)
    yield watched
    watched.check()
    context.close()


@pytest.fixture
def phone(browser, server: str) -> Iterator[Watched]:
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    watched = Watched(context, server)
    yield watched
    watched.check()
    context.close()


CARDS = ".showcase-card"


@pytest.mark.browser
@pytest.mark.build
def test_gallery_shows_cards_newest_award_year_first(desk: Watched) -> None:
    page = desk.open("awards/")
    years = [y.rstrip("¶").strip() for y in page.locator("article h2").all_inner_texts()]
    assert years == ["2026 年度优秀成果", "2024 年度优秀成果"]
    cards = page.locator(CARDS)
    assert cards.count() >= 4
    first = cards.first
    assert first.locator(".showcase-card__award").inner_text().startswith("2026 年度优秀成果")
    texts = cards.all_inner_texts()
    award_2024 = next(t for t in texts if "二〇二四年度一等奖项目" in t)
    assert "2024 年度优秀成果 · 一等奖" in award_2024 and "验收总评分 89.0 分" in award_2024
    assert "2023\u20132024 学年立项" in award_2024
    # A project with photos shows its first photo's thumbnail; one without, the designed
    # placeholder naming the direction. The title links the project.
    photo = page.locator(".showcase-card__cover img").first
    assert photo.is_visible() and "/thumbs/" in (photo.get_attribute("src") or "")
    assert photo.evaluate("img => img.naturalWidth") > 0
    placeholder = page.locator(".showcase-card .showcase-cover").first
    assert placeholder.is_visible() and placeholder.inner_text().strip()
    assert placeholder.get_attribute("aria-hidden") == "true"
    first.locator(".showcase-card__title a:not(.headerlink)").click()
    page.wait_for_url("**/projects/**")
    assert "优秀成果" in page.locator("article").first.inner_text()


@pytest.mark.browser
@pytest.mark.build
def test_home_shows_latest_awards_and_the_apply_button(desk: Watched) -> None:
    page = desk.open("")
    cards = page.locator(CARDS)
    assert 1 <= cards.count() <= 3
    assert cards.first.locator(".showcase-card__award").inner_text().startswith("2026 年度")
    button = page.locator(".showcase-apply a")
    assert button.inner_text() == "我要申报" and button.is_visible()
    button.click()
    page.wait_for_url("**/apply/")
    assert "/guide/" not in page.url  # the online form, not the guide


def count_text(page) -> str:
    return page.locator(".showcase-count").inner_text()


def column(page, n: int) -> list[str]:
    """The texts of the catalogue's `n`th column (1: the titles), as drawn."""
    return page.locator(f".showcase-catalogue tbody td:nth-child({n})").all_inner_texts()


def shown(page) -> list[str]:
    return column(page, 1)


def wait_count(page, found: int, total: int) -> None:
    expected = f"共 {total} 个项目" + ("" if found == total else f"\uff0c符合条件的 {found} 个")
    wait_until(
        page,
        "t => document.querySelector('.showcase-count').textContent.startsWith(t)",
        arg=expected,
        timeout=10_000,
    )


@pytest.mark.browser
@pytest.mark.build
def test_catalogue_filters_by_year_direction_unit_stage_and_text(desk: Watched, data) -> None:
    projects = data["projects"]
    total = len(projects)
    page = desk.open("catalogue/")
    box = page.locator(".showcase-catalogue")
    assert box.is_visible()
    assert page.locator(".showcase-count").get_attribute("aria-live") == "polite"
    wait_count(page, total, total)
    assert len(shown(page)) == min(total, 100)  # drawn a page at a time
    assert "ZQXLISTING" not in page.content()

    def select(label: str, value: str, found: int) -> None:
        page.locator(".showcase-filters").get_by_label(label).select_option(value)
        wait_count(page, found, total)

    select("立项学年", "2025", sum(p["year"] == 2025 for p in projects))
    assert set(column(page, 2)) == {"2025\u20132026 学年"}
    select("立项学年", "", total)
    select("立项方向", "service", sum(p["category"] == "service" for p in projects))
    assert set(column(page, 3)) == {"服务型党支部建设"}
    select("立项方向", "", total)
    select("单位", LONG_UNIT, pages.LISTING_ROWS + 3)
    select("阶段", "awarded", 0)  # the filler is only approved
    select("单位", "", sum(p["stage"] == "awarded" for p in projects))
    assert set(column(page, 6)) == {"优秀成果"}
    # Text, typed with the keyboard, within the chosen stage; then alone.
    box_text = page.get_by_label("查找文字")
    box_text.focus()
    page.keyboard.type("红色引擎")
    wait_count(page, 1, total)
    assert shown(page) == ["学业帮扶“红色引擎”计划"]
    page.get_by_role("button", name="清除筛选").click()
    wait_count(page, total, total)
    box_text.focus()
    page.keyboard.type("先锋岗 第00")  # every word must match
    wait_count(page, 10, total)
    # The filters are in the address: the filtered list can be shared.
    assert "text=" in page.url
    page.reload()
    page.wait_for_load_state("networkidle")
    wait_count(page, 10, total)
    assert page.get_by_label("查找文字").input_value() == "先锋岗 第00"


@pytest.mark.browser
@pytest.mark.build
def test_catalogue_shows_text_as_written(desk: Watched) -> None:
    page = desk.open("catalogue/?text=" + "测试")
    page.wait_for_selector(".showcase-catalogue tbody tr")
    assert shown(page) == [TRICKY]
    link = page.locator(".showcase-catalogue tbody a").first
    assert link.inner_text() == TRICKY
    assert page.locator(".showcase-catalogue tbody b, .showcase-catalogue tbody em").count() == 0


@pytest.mark.browser
@pytest.mark.build
def test_catalogue_sorts_by_a_clicked_column(desk: Watched, data) -> None:
    page = desk.open("catalogue/?unit=" + "工程技术系")
    rows = [p for p in data["projects"] if p["unit"] == "工程技术系"]
    wait_count(page, len(rows), len(data["projects"]))
    year = page.locator(".showcase-catalogue th", has_text="立项学年")
    title = page.locator(".showcase-catalogue th", has_text="项目")
    assert year.get_attribute("aria-sort") == "descending"
    assert title.get_attribute("aria-sort") is None
    years = column(page, 2)
    assert years == sorted(years, reverse=True)
    title.get_by_role("button").click()
    assert title.get_attribute("aria-sort") == "ascending"
    assert year.get_attribute("aria-sort") is None
    ascending = shown(page)
    expected = page.evaluate(
        "titles => titles.slice().sort(new Intl.Collator('zh-CN').compare)", ascending
    )
    assert ascending == expected and len(ascending) == len(rows)
    title.get_by_role("button").click()
    assert title.get_attribute("aria-sort") == "descending"
    assert shown(page) == list(reversed(ascending))


@pytest.mark.browser
@pytest.mark.build
def test_catalogue_branch_column_leads_to_the_branch_page(desk: Watched) -> None:
    page = desk.open("catalogue/?text=" + "学业帮扶")
    page.wait_for_selector(".showcase-catalogue tbody tr")
    branch = page.locator(".showcase-catalogue tbody td[data-label='支部'] a")
    name = branch.inner_text()
    assert name == "经济管理系学生党支部"
    branch.click()
    page.wait_for_url("**/catalogue/branches/econ-students/")
    text = page.locator("article").first.inner_text()
    assert name in text and "学业帮扶“红色引擎”计划" in text


@pytest.mark.browser
@pytest.mark.build
def test_static_listing_links_branch_pages(desk: Watched) -> None:
    page = desk.open("catalogue/years/2025/")
    page.locator("td[data-label='支部'] a", has_text="图书馆党支部").first.click()
    page.wait_for_url("**/catalogue/branches/admin-library/")
    assert "红色经典“悦读”行动" in page.locator("article").first.inner_text()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize(
    "path",
    [
        "",
        "awards/",
        "catalogue/",
        "catalogue/branches/",
        f"catalogue/branches/{BRANCH}/",
        f"catalogue/years/{FULL_YEAR}/",
        "catalogue/categories/education/",
    ],
)
def test_phone_pages_fit_the_screen(phone: Watched, path: str) -> None:
    page = phone.open(path)
    if path == "catalogue/":
        page.wait_for_selector(".showcase-catalogue tbody tr")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("innerWidth") == PHONE["width"]
    # Listings are stacked cards on a phone: each row no wider than the screen, its cells
    # one under another, each named by its column.
    rows = page.locator("table.showcase-listing tbody tr")
    if rows.count():
        box = rows.first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        cells = rows.first.locator("td")
        tops = [cells.nth(i).bounding_box()["y"] for i in range(cells.count())]
        assert tops == sorted(tops) and len(set(tops)) == len(tops)
        label = cells.nth(1).evaluate("td => getComputedStyle(td, '::before').content")
        assert label.startswith('"') and "\uff1a" in label


# ------------------------------------------------------------------------ without a build


@pytest.fixture(scope="module")
def views():
    from site_builder.core.programme import Programme
    from site_builder.rules.validate import validate

    programme = Programme.load(ROOT)
    return pages.public_views(validate(ROOT, programme).valid_projects(), programme)


def test_gallery_keeps_the_newest_award_years_and_links_the_older(views) -> None:
    import dataclasses

    winner = next(v for v in views if v.award_year)
    years = range(2030, 2030 - pages.AWARD_YEARS - 3, -1)
    many = [dataclasses.replace(winner, slug=f"w{y}", award_year=y) for y in years]
    built = pages.awards_pages(many)
    gallery = built["awards.md"]
    sections = re.findall(r"^## (\d{4}) 年度优秀成果$", gallery, flags=re.M)
    assert sections == [str(y) for y in years][: pages.AWARD_YEARS]  # newest first
    older = [str(y) for y in years][pages.AWARD_YEARS :]
    assert re.findall(r"\]\(awards/(\d{4})\.md\)", gallery) == older
    for y in years:
        page = built[f"awards/{y}.md"]
        assert f"](../projects/{winner.year}/w{y}.md)" in page and "showcase-card" in page


def test_a_card_shows_the_cover_or_the_placeholder(views) -> None:
    import dataclasses

    winner = next(v for v in views if v.award_year)
    (plain,) = pages.award_cards([winner], "")
    assert plain["cover"] is None and plain["placeholder"] == winner.category_label
    covered = dataclasses.replace(winner, cover="projects/2025/x/封面 1.thumb.jpg")
    (card,) = pages.award_cards([covered], "awards")
    assert card["cover"] == "![](../projects/2025/x/%E5%B0%81%E9%9D%A2%201.thumb.jpg)"
    page = pages.awards_pages([covered])["awards.md"]
    assert "showcase-cover--" not in page and "![](projects/2025/x/" in page
    assert pages.one_line("第一句。第二句。") == "第一句。"
    assert pages.one_line("长" * 80) == "长" * (pages.ONE_LINE - 1) + "\u2026"


def test_branch_listings_hold_each_public_project_once(
    views, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_builder.core.programme import Programme
    from site_builder.showcase.build import Showcase

    monkeypatch.setattr(pages.listings, "LISTING_ROWS", 1)
    programme = Programme.load(ROOT)
    built = pages.pages_of(views, programme, date(2026, 11, 28))
    found = []
    for name, text in built.items():
        if name.startswith(pages.BRANCHES_DIR + "/"):
            assert not Showcase.in_nav(name) and name.isascii(), name
            rows = re.findall(r"\]\(\.\./\.\./projects/(\d{4}/[a-z0-9-]+)\.md\)", text)
            assert len(rows) <= 1, name
            found += rows
    assert sorted(found) == sorted(v.key for v in views)
    # A branch with two projects: its second page is "--2", which no branch id can be.
    two = next(b for b in programme.roster.branches if sum(v.branch_id == b for v in views) == 2)
    assert f"{pages.BRANCHES_DIR}/{two}--2.md" in built
    assert f"[2]({two}--2.md)" in built[f"{pages.BRANCHES_DIR}/{two}.md"]
    index = built["catalogue/branches.md"]
    assert all(f"(branches/{b}.md)" in index for b in programme.roster.branches)


@pytest.mark.build
def test_a_keyword_listing_is_paged_like_the_others(site: Path) -> None:
    # Every filler project carries the keyword 先锋岗: its listing is cut into pages of
    # LISTING_ROWS rows (the tags plugin's listing of it was one page of them all).
    heading = (
        "\u6807\u7b7e\uff1a\u5148\u950b\u5c97\uff08\u7b2c 1 \u9875\uff09"  # 标签：先锋岗（第 1 页）
    )
    (first,) = [
        p for p in site.glob("tags/*/index.html") if heading in p.read_text(encoding="utf-8")
    ]
    html = first.read_text(encoding="utf-8")
    assert len(re.findall(r"<tr>\s*<td><a href=", html)) == pages.LISTING_ROWS
    second = first.parent.with_name(first.parent.name + "-2") / "index.html"
    assert second.exists() and f'href="../{second.parent.name}/"' in html
    # A project page's keyword links to that listing's first page.
    project = site / f"projects/{FULL_YEAR}/fill-000/index.html"
    chips = re.findall(r'<a href="([^"]+)" class="md-tag', project.read_text(encoding="utf-8"))
    assert f"../../../tags/{first.parent.name}/" in chips
