"""The real showcase: `mkdocs build` of the examples plus marker projects, checked file by file
for privacy, then driven in headless Chromium (Debian's chromium through Playwright)."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from clirun import cli_in_process
from factory import ROOT, front, render, write
from imagefactory import encode, pdf, picture, png_chunk, with_png_chunks
from site_helpers import QuietHandler, mkdocs_build, site_repo, wait_until

# Markers that must never reach the built site (ASCII: the search index splits Chinese words).
HIDDEN: dict[str, str] = {}
# Media files of non-public projects: neither their bytes nor their names may be published.
HIDDEN_MEDIA: dict[str, bytes] = {}
PUBLIC_MEDIA: dict[str, bytes] = {}


def hidden_media(stage: str) -> tuple[str, dict[str, bytes]]:
    """A marked photo and PDF for the non-public project `hidden-<stage>`, and the body text
    that refers to them (so that they pass validation)."""
    photo = with_png_chunks(
        encode(picture(seed=len(stage)), "PNG"),
        png_chunk(b"tEXt", f"Comment\x00ZQXPNG{stage}".encode()),
    )
    files = {
        f"projects/2026/hidden-{stage}/zqxphoto-{stage}.png": photo,
        f"projects/2026/hidden-{stage}/zqxdoc-{stage}.pdf": pdf(marker=f"ZQXPDF{stage}"),
    }
    for marker in (
        f"ZQXPNG{stage}",
        f"ZQXPDF{stage}",
        f"ZQXALT{stage}",
        f"zqxphoto-{stage}",
        f"zqxdoc-{stage}",
    ):
        HIDDEN[marker] = stage
    HIDDEN_MEDIA.update(files)
    text = (
        f"\n![ZQXALT{stage}](hidden-{stage}/zqxphoto-{stage}.png)\n\n"
        f"[材料](hidden-{stage}/zqxdoc-{stage}.pdf)\n"
    )
    return text, files


def hidden_projects() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
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
        extra, media = hidden_media(stage)
        files[f"projects/2026/hidden-{stage}.md"] = text + extra
        files.update(media)
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
        # Public projects' media is published (the other half of the privacy test).
        extra = f"\n![公开照片](public-{stage}/photo.jpg)\n\n[公开材料](public-{stage}/doc.pdf)\n"
        files[f"projects/2024/public-{stage}.md"] = render(data) + extra
        PUBLIC_MEDIA[f"projects/2024/public-{stage}/photo.jpg"] = encode(picture((2000, 1000)))
        PUBLIC_MEDIA[f"projects/2024/public-{stage}/doc.pdf"] = pdf()
        files.update({k: v for k, v in PUBLIC_MEDIA.items() if f"public-{stage}/" in k})
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
    root = site_repo(tmp_path_factory.mktemp("site") / "repo")
    for rel, text in hidden_projects().items():
        write(root, rel, text)
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-11-28"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root / "site"


def site_texts(site: Path) -> Iterator[tuple[Path, str]]:
    """Every file's text. Compressed files (sitemap.xml.gz; Pagefind's index, fragments and
    metadata, gzip whatever their name) are read uncompressed. The search index holds Chinese one
    character a word, so its text also comes with the whitespace removed: "张三" is found in
    "张 三". Read once per built site (the module's tests only read it)."""
    return iter(_site_texts(site))


@functools.cache
def _site_texts(site: Path) -> tuple[tuple[Path, str], ...]:
    return tuple(_read_site_texts(site))


def _read_site_texts(site: Path) -> Iterator[tuple[Path, str]]:
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8", "ignore").replace("\u200b", "")
        if "pagefind" in path.relative_to(site).parts:
            text += "\n" + re.sub(r"\s+", "", text)
        yield path, text


def search_fragments(site: Path) -> dict[str, str]:
    """The search index's pages: address → indexed text (Pagefind's fragments: gzip, a
    signature, then JSON), with the spaces between characters removed."""
    pages = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        fragment = json.loads(raw)
        pages[fragment["url"]] = re.sub(r"\s+", "", fragment["content"])
    return pages


@pytest.mark.build
def test_no_private_marker_anywhere_in_the_site(built: Path) -> None:
    checked = 0
    index_files = 0
    for path, text in site_texts(built):
        checked += 1
        index_files += path.suffix in (".pf_fragment", ".pf_index", ".pf_meta")
        for marker in HIDDEN:
            assert marker not in text, (marker, HIDDEN[marker], path)
    assert checked > 20 and index_files > 20
    assert (built / "pagefind/pagefind-ui.js").exists() and (built / "sitemap.xml.gz").exists()
    assert (built / "404.html").exists() and (built / "tags.json").exists()
    assert not (built / "search").exists()  # Material's search index is gone


def test_the_index_reads_chinese_one_character_a_word() -> None:
    from site_builder.showcase.search_index import SEPARATOR, split_han

    html = '<h2 id="数字孪生">数字孪生 VR 实训<a class="headerlink" title="链接">¶</a></h2>'
    split = split_han(html)
    assert split.replace(SEPARATOR, "") == html  # tags, attributes and other text untouched
    assert f"{SEPARATOR}数{SEPARATOR}字{SEPARATOR}孪{SEPARATOR}" in split
    assert 'id="数字孪生"' in split and 'title="链接"' in split


@pytest.mark.build
def test_search_indexes_project_bodies_and_the_guide_only(built: Path) -> None:
    pages = search_fragments(built)
    projects = {u for u in pages if u.startswith("/projects/")}
    pages_built = built.glob("projects/*/*/index.html")
    published = {f"/{p.parent.relative_to(built).as_posix()}/" for p in pages_built}
    assert projects == published and len(projects) > 10
    guide = {f"/guide/{p.stem}/" for p in (ROOT / "docs/guide").glob("*.md")}
    guide |= {"/rubric/", "/data-format/", "/rules-reference/", "/roster/", "/open-data/"}
    guide |= {"/apply/", "/update/", "/panel/"}  # the online forms: found when one searches 申报
    guide |= {"/signin/"}  # the token guide: found when one searches 登录 or 令牌
    guide |= {"/mine/"}  # 我的提交: what happens after submitting
    guide |= {"/review/"}  # 待审批: found when the panel searches 审批
    # Not the listings, the home page, the awards page or the statistics: they only repeat
    # project titles and counts.
    assert set(pages) == projects | guide
    # A project's info table, timeline and back link are left out; its title and body are in.
    rural = pages["/projects/2025/eng-rural-skills-service/"]
    assert "技能党员服务乡村振兴" in rural and "数字孪生" in rural and "为什么开展活动" in rural
    for noise in ("项目信息", "项目所在支部", "资助经费", "项目进程", "批准立项", "返回项目目录"):
        assert noise not in rural, noise
    assert "¶" not in "".join(pages.values())


@pytest.mark.build
def test_data_files_are_built_and_stay_out_of_sitemap_and_search(built: Path) -> None:
    import json

    import jsonschema

    for name in ("feed.xml", "calendar.ics", "api/projects.json", "api/projects.schema.json"):
        assert (built / name).is_file(), name
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "feed.xml" not in sitemap and "calendar.ics" not in sitemap and "api/" not in sitemap
    assert "stats/" in sitemap and "open-data/" in sitemap
    indexed = search_fragments(built)
    assert not any(url.endswith((".xml", ".ics", ".json")) for url in indexed)
    data = json.loads((built / "api/projects.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schema/projects-api.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(data)) == []
    ids = {p["id"] for p in data["projects"]}
    assert {"2024/public-awarded", "2024/public-accepted", "2024/tricky-title"} <= ids
    assert not any(i.startswith("2026/hidden-") for i in ids)
    feed = (built / "feed.xml").read_text(encoding="utf-8")
    assert "projects/2024/public-awarded/awarded" in feed and "hidden-" not in feed


@pytest.mark.build
def test_every_page_links_the_feed_in_its_head(built: Path) -> None:
    pages = list(built.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        found = re.findall(
            r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]+" href="([^"]+)">',
            head,
        )
        assert len(found) == 1, page
        if page.name != "404.html":  # 404 is served from any folder; its links are site-absolute
            assert (page.parent / found[0]).resolve() == (built / "feed.xml").resolve(), page


@pytest.mark.build
def test_no_media_of_a_non_public_project_reaches_the_site(built: Path) -> None:
    assert len(HIDDEN_MEDIA) == 8
    names = [rel.rsplit("/", 1)[-1] for rel in HIDDEN_MEDIA]
    published = [p for p in built.rglob("*") if p.is_file()]
    for path in published:
        assert path.name not in names, path
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        for rel, data in HIDDEN_MEDIA.items():
            assert data not in raw, (rel, path)
    assert not (built / "projects/2026/hidden-applied").exists()
    # The same build publishes the public projects' media: web size, thumbnail and PDF.
    folder = built / "projects/2024/public-awarded"
    assert (folder / "doc.pdf").read_bytes() == PUBLIC_MEDIA["projects/2024/public-awarded/doc.pdf"]
    from PIL import Image

    with Image.open(folder / "photo.jpg") as web, Image.open(folder / "thumbs/photo.jpg") as thumb:
        assert web.size == (1600, 800) and thumb.size == (640, 320)


def roster_logins(roster: dict) -> set[str]:
    logins = {*roster["maintainers"], *(p["login"] for p in roster["panel"])}
    for gb in roster["general_branches"]:
        logins.update(gb["heads"])
        for branch in gb["branches"]:
            logins.update(branch["maintainers"])
    return logins


@pytest.mark.build
def test_panel_names_and_roster_logins_never_published(built: Path) -> None:
    roster = yaml.safe_load((ROOT / "data/roster.yml").read_text(encoding="utf-8"))
    names = [p["name"] for p in roster["panel"]]
    logins = roster_logins(roster)
    assert len(logins) > 15
    # Any login as a whole word: one pattern for all of them (the longest first).
    alternatives = "|".join(map(re.escape, sorted(logins, key=len, reverse=True)))
    login_word = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
    for path, text in site_texts(built):
        for name in names:
            assert name not in text, (name, path)
        found = login_word.search(text)
        assert found is None, (found and found.group(), path)


@pytest.mark.build
def test_roster_page_lists_every_id_and_name(built: Path) -> None:
    """The roster's public part: general branches and branches, ids with names, no logins."""
    roster = yaml.safe_load((ROOT / "data/roster.yml").read_text(encoding="utf-8"))
    page = (built / "roster/index.html").read_text(encoding="utf-8")
    for gb in roster["general_branches"]:
        assert gb["id"] in page and gb["name"] in page
        for branch in gb["branches"]:
            row = re.search(
                rf"<code>{re.escape(branch['id'])}</code></td>\s*<td>([^<]*)</td>", page
            )
            assert row and row[1] == branch["name"], branch["id"]
    assert "guide/first-time/" in page and "第一次使用" in page


@pytest.mark.build
def test_public_projects_are_published_and_hidden_ones_are_not(built: Path) -> None:
    assert (built / "projects/2024/public-awarded/index.html").exists()
    assert (built / "projects/2025/eng-rural-skills-service/index.html").exists()
    for stage in ("applied", "rejected", "withdrawn", "failed"):
        assert not (built / f"projects/2026/hidden-{stage}").exists()
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "public-awarded" in sitemap and "hidden-" not in sitemap


@pytest.mark.build
def test_markup_in_front_matter_is_inert(built: Path) -> None:
    page = (built / "projects/2024/tricky-title/index.html").read_text(encoding="utf-8")
    assert "javascript:" in page.replace("javascript:alert", "javascript:")  # shown as text...
    assert 'href="javascript' not in page.lower()  # ...never as a link
    assert "<em>星号</em>" not in page
    for path, text in site_texts(built):
        if path.suffix in (".html", ".json", ".xml"):
            assert 'href="javascript' not in text.lower(), path


@pytest.mark.build
def test_every_rule_has_its_anchor_on_the_rules_page(built: Path) -> None:
    from site_builder.rules.ruleset import REGISTRY

    for rule in REGISTRY.values():
        page, _, anchor = rule.doc_path.partition("#")
        html = (built / page / "index.html").read_text(encoding="utf-8")
        assert f'<h3 id="{anchor}">{rule.code}' in html, rule.code
        assert rule.title in html
    assert len(REGISTRY) >= 30


@pytest.mark.build
def test_project_page_shows_totals_not_items(built: Path) -> None:
    page = (built / "projects/2024/public-awarded/index.html").read_text(encoding="utf-8")
    assert "505.50 元" in page  # 320 + 185.50, the total only
    assert "89.0 分" in page  # the mean, not the reviewers' scores
    assert "优秀成果" in page and "2025 年度" in page
    for heading in ("为什么开展活动", "怎样开展活动", "预期目标", "中期进展", "结题报告"):
        assert heading in page


@pytest.mark.build
def test_project_pages_are_not_in_the_sidebar(built: Path) -> None:
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "eng-rural-skills-service" not in home.split('<div class="md-content"')[0]
    sizes = [p.stat().st_size for p in built.rglob("*.html")]
    assert max(sizes) < 100_000


@pytest.mark.build
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


@pytest.mark.build
def test_invalid_project_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    root = site_repo(tmp_path / "repo")
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


@pytest.mark.build
def test_export_writes_the_same_pages(tmp_path: Path) -> None:
    out = tmp_path / "exported"
    proc = cli_in_process("export", "--out", str(out), "--today", "2026-11-28", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert (out / "docs/projects/2025/eng-rural-skills-service.md").exists()
    # The photos (web size and thumbnail) and PDFs come along, where the pages link them.
    media = out / "docs/projects/2025/eng-rural-skills-service"
    assert (media / "field-class.jpg").exists() and (media / "thumbs/field-class.jpg").exists()
    assert (media / "service-point-rules.pdf").exists()
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
    # The exported site gets the same search index from one more command.
    index = subprocess.run(
        [sys.executable, "-m", "site_builder.showcase.search_index", str(out / "site")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert index.returncode == 0, index.stderr
    pages = search_fragments(out / "site")
    assert "/projects/2025/eng-rural-skills-service/" in pages and "/catalogue/" not in pages
    assert (out / "site/projects/2025/eng-rural-skills-service/thumbs/field-class.jpg").exists()
    # An existing folder not written by the command is refused; an exported one is replaced
    # whole. The command's former name still works and says it was renamed.
    again = cli_in_process("stage", "--out", str(out), cwd=ROOT)
    assert again.returncode == 0 and not (out / "site").exists()
    assert "stage 已改名为 export" in again.stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("x", encoding="utf-8")
    refused = cli_in_process("export", "--out", str(other), cwd=ROOT)
    assert refused.returncode == 2 and (other / "keep.txt").exists()


@pytest.mark.build
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

    monkeypatch.setattr(pages.listings, "LISTING_ROWS", 4)
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
    # One listing per tag (the keywords and the three categories' labels), paged like the
    # others: the shared keyword's 10 projects on three pages, each project once.
    tags = {k: v for k, v in built.items() if k.startswith("tags/")}
    firsts = [k for k in tags if "-" not in k]
    assert len(firsts) == 6
    for name, text in tags.items():
        assert not Showcase.in_nav(name)
        assert "material/tags" not in text
        assert len(re.findall(r"projects/\d{4}/(p\d+)\.md", text)) <= 4, name
    for name in firsts:
        assert name.removeprefix("tags/") in built["tags.md"]
    (first,) = [k for k in firsts if "# 标签：共同（第 1 页）" in tags[k]]
    shared = first.removeprefix("tags/").removesuffix(".md")
    assert f"tags/{shared}-3.md" in tags and f"[2]({shared}-2.md)" in tags[first]
    assert sorted(listed(f"tags/{shared}")) == sorted(public)
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


@pytest.mark.browser
@pytest.mark.build
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


# Search: Pagefind's UI in the header (overrides/partials/search.html). Every wait is on the page
# (the result list and its message), never a fixed sleep.
SEARCH_BOX = ".cs-search .pagefind-ui__search-input"
RESULT_LINKS = ".cs-search .pagefind-ui__result-link"
WAIT_MS = 30_000
# Words from inside sentences of one shipped project's body; the site has no other page with
# them ("数字" alone also finds other projects).
TWIN = "数字孪生"
FAULTS = "故障案例"
RURAL = "2025/eng-rural-skills-service"

# The search is done (its message names the whole word, with the count) and lists exactly `slug`.
ONLY = """([word, slug]) => {
  const message = document.querySelector(".cs-search .pagefind-ui__message");
  if (!message || message.textContent.trim() !== `找到 1 个包含“${word}”的页面`) return false;
  const links = [...document.querySelectorAll(".cs-search .pagefind-ui__result-link")];
  return links.length === 1 && new URL(links[0].href).pathname === `/projects/${slug}/`;
}"""


def assert_finds_only(page, word: str, slug: str) -> None:
    """The results are the project `slug` and nothing else."""
    from playwright.sync_api import TimeoutError

    try:
        wait_until(page, ONLY, arg=[word, slug], timeout=WAIT_MS)
    except TimeoutError:
        links = page.eval_on_selector_all(RESULT_LINKS, "els => els.map(a => a.href)")
        message = page.locator(".cs-search .pagefind-ui__message").all_inner_texts()
        value = page.locator(SEARCH_BOX).input_value()
        raise AssertionError(f"{value!r}: {message} {links}") from None


def open_page(browser, server: str):
    page = browser.new_page()
    page.goto(server)
    page.locator(SEARCH_BOX).wait_for()
    return page


@pytest.mark.browser
@pytest.mark.build
def test_chinese_search_finds_a_word_inside_a_sentence(browser, server: str) -> None:
    # Playwright types characters missing from the keyboard layout as text: `input`, no `keyup`.
    page = open_page(browser, server)
    page.locator(SEARCH_BOX).focus()
    page.keyboard.type(TWIN)
    assert_finds_only(page, TWIN, RURAL)
    # The excerpt reads as Chinese (no spaces between characters) and highlights the whole word.
    excerpt = page.locator(".cs-search .pagefind-ui__result-excerpt").inner_html()
    assert f"<mark>{TWIN[0]}</mark><mark>{TWIN[1]}</mark>" in excerpt, excerpt
    assert not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", excerpt), excerpt
    page.close()


@pytest.mark.browser
@pytest.mark.build
def test_search_answers_fill(browser, server: str) -> None:
    # Autofill and dictation replace the text in one go, as `fill` does.
    page = open_page(browser, server)
    page.locator(SEARCH_BOX).fill(FAULTS)
    assert_finds_only(page, FAULTS, RURAL)
    page.close()


@pytest.mark.browser
@pytest.mark.build
def test_search_answers_pasted_text(browser, server: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server)
    box = page.locator(SEARCH_BOX)
    box.wait_for()
    page.evaluate("text => navigator.clipboard.writeText(text)", FAULTS)
    # A paste from the context menu or a phone's long press releases no key: swallow the real
    # key releases of Ctrl+V so that only the paste itself can start the search.
    page.evaluate(
        "() => window.addEventListener("
        "'keyup', e => { if (e.isTrusted) e.stopImmediatePropagation(); }, true)"
    )
    box.focus()
    page.keyboard.press("Control+V")
    assert box.input_value() == FAULTS  # the browser really pasted
    assert_finds_only(page, FAULTS, RURAL)
    context.close()


@pytest.mark.browser
@pytest.mark.build
def test_search_waits_for_the_input_method_to_commit(browser, server: str) -> None:
    # A pinyin input method, through Chromium's own IME interface: the letters being composed are
    # not searched; the committed characters are.
    page = open_page(browser, server)
    page.locator(SEARCH_BOX).focus()
    cdp = page.context.new_cdp_session(page)
    for n in range(1, 6):
        cdp.send(
            "Input.imeSetComposition", {"text": "shuzi"[:n], "selectionStart": n, "selectionEnd": n}
        )
    page.wait_for_timeout(300)  # longer than the UI's debounce
    assert page.locator(SEARCH_BOX).input_value() == "shuzi"
    assert page.locator(".cs-search .pagefind-ui__message").count() == 0
    cdp.send("Input.insertText", {"text": TWIN})
    assert_finds_only(page, TWIN, RURAL)
    page.close()


@pytest.mark.browser
@pytest.mark.build
def test_search_answers_text_typed_before_the_index_is_ready(browser, server: str) -> None:
    page = browser.new_page()
    held = []  # Pagefind's search library, answered only after the typing
    page.route("**/pagefind/pagefind.js", lambda route: held.append(route))
    page.goto(server)
    box = page.locator(SEARCH_BOX)
    with page.expect_request("**/pagefind/pagefind.js"):
        box.focus()  # the UI loads the library when the box gets focus
    page.keyboard.type(TWIN)
    page.wait_for_timeout(300)  # longer than the UI's debounce: it has tried to search
    assert len(held) == 1 and page.locator(RESULT_LINKS).count() == 0
    held[0].continue_()
    assert_finds_only(page, TWIN, RURAL)
    page.close()


@pytest.mark.browser
@pytest.mark.build
def test_search_shows_the_last_words_typed_while_the_library_loads(browser, server: str) -> None:
    # Typed a character at a time, slower than the UI's debounce, while its library is still on
    # the way: the UI starts a search per character, each waiting for the library in a polling
    # loop of its own, and the loops resume in any order; without search.js's one-search-at-a-
    # time rule an older search's results (pages holding 数) could stand under 数字孪生.
    page = browser.new_page()
    held = []
    page.route("**/pagefind/pagefind.js", lambda route: held.append(route))
    page.goto(server)
    with page.expect_request("**/pagefind/pagefind.js"):
        page.locator(SEARCH_BOX).focus()
    for char in TWIN:
        page.keyboard.type(char)
        page.wait_for_timeout(120)  # longer than the debounce: each character is a search
    assert len(held) == 1 and page.locator(SEARCH_BOX).input_value() == TWIN
    held[0].continue_()
    assert_finds_only(page, TWIN, RURAL)
    page.wait_for_timeout(300)  # no older search arrives after it
    assert_finds_only(page, TWIN, RURAL)
    page.close()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("how", ["keyboard", "phone"])
def test_search_ui_is_loaded_only_when_the_box_is_used(browser, server: str, how: str) -> None:
    # A first visit does not fetch Pagefind's UI (script and style) for the header's box; using
    # the box (Tab to it and type, or the magnifier on a phone) fetches it, and the search works.
    phone = how == "phone"
    options = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    context = browser.new_context(
        **(options if phone else {"viewport": {"width": 1280, "height": 800}})
    )
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(urlsplit(r.url).path))
    page.goto(server + "projects/2025/eng-rural-skills-service/")
    page.wait_for_load_state("networkidle")
    ui = ["/pagefind/pagefind-ui.js", "/pagefind/pagefind-ui.css"]
    assert [p for p in fetched if "/pagefind/" in p] == [], fetched
    if phone:
        page.locator(".cs-search__button").tap()
        page.locator(SEARCH_BOX).wait_for(state="visible")
    else:
        for _ in range(40):  # Tab from the top of the page to the box, as a keyboard user does
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement?.matches('.pagefind-ui__search-input')"):
                break
        assert page.evaluate("() => document.activeElement?.matches('.pagefind-ui__search-input')")
    page.keyboard.type(FAULTS)
    assert_finds_only(page, FAULTS, RURAL)
    assert all(p in fetched for p in ui), fetched
    assert page.locator(SEARCH_BOX).count() == 1  # the stand-in gave way to Pagefind's box
    context.close()


@pytest.mark.browser
@pytest.mark.build
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


@pytest.mark.browser
@pytest.mark.build
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
    # Search: the magnifier opens the box over the page; the back arrow closes it.
    box = page.locator(SEARCH_BOX)
    assert not box.is_visible()
    page.locator(".cs-search__button").click()
    box.wait_for(state="visible")
    page.keyboard.type(FAULTS)  # the box has the focus
    assert_finds_only(page, FAULTS, RURAL)
    page.locator(".cs-search__close").click()
    box.wait_for(state="hidden")
    context.close()


@pytest.mark.browser
@pytest.mark.build
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


PHOTO_PAGE = "projects/2025/eng-rural-skills-service/"


@pytest.mark.browser
@pytest.mark.build
def test_lightbox_opens_steps_and_closes_without_leaving_the_site(browser, server: str) -> None:
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + PHOTO_PAGE)
    strip = page.locator(".sb-strip a.sb-photo")
    assert strip.count() == 3
    thumbs = page.locator(".sb-strip img")
    thumbs.first.wait_for()
    wait_until(
        page,
        "[...document.querySelectorAll('.sb-strip img')].every(i => i.complete && i.naturalWidth > 0)",
    )
    first = thumbs.first
    assert first.get_attribute("width") == "640" and first.get_attribute("loading") == "lazy"

    dialog = page.locator("dialog.sb-lightbox")
    strip.first.click()
    dialog.wait_for(state="visible")
    picture = dialog.locator("img")
    wait_until(page, "document.querySelector('dialog.sb-lightbox img').naturalWidth > 0")
    assert picture.get_attribute("src").endswith("field-class.jpg")
    assert "田间课堂" in dialog.locator("figcaption").inner_text()
    assert page.url.endswith(PHOTO_PAGE)  # the link did not navigate
    page.keyboard.press("ArrowRight")
    assert picture.get_attribute("src").endswith("solar-check.jpg")
    assert dialog.locator(".sb-lightbox__counter").inner_text() == "2 / 3"
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")

    # A photo in the text opens the same gallery at that photo.
    body_photo = page.locator("article p > img[src$='pump-repair.jpg']")
    body_photo.scroll_into_view_if_needed()
    body_photo.click()
    dialog.wait_for(state="visible")
    assert picture.get_attribute("src").endswith("pump-repair.jpg")
    dialog.get_by_role("button", name="关闭").click()
    dialog.wait_for(state="hidden")
    assert errors == []
    assert all(u.startswith(server) for u in requests), requests
    page.close()


@pytest.mark.browser
@pytest.mark.build
def test_phone_layout_of_a_page_with_photos(browser, server: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.goto(server + PHOTO_PAGE)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    strip = page.locator(".sb-strip")
    assert strip.bounding_box()["width"] <= 390
    page.locator(".sb-strip a.sb-photo").first.tap()
    picture = page.locator("dialog.sb-lightbox img")
    picture.wait_for(state="visible")
    wait_until(page, "document.querySelector('dialog.sb-lightbox img').naturalWidth > 0")
    box = picture.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.browser
@pytest.mark.build
def test_print_gives_a_clean_one_project_handout(browser, server: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(server + PHOTO_PAGE)
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".sb-noprint", ".md-tags"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".sb-strip").evaluate("e => getComputedStyle(e).display") == "grid"
    content = page.locator("article").bounding_box()["width"]
    photo = page.locator(".sb-strip img").first.bounding_box()["width"]
    assert photo > content * 0.4  # two photos a row, at print size
    assert len(page.pdf(format="A4")) > 10_000  # Chromium prints it
    page.close()
