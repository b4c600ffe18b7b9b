"""Faithful text (issue 21, finding 2): a plan pasted from Word (numbered lines on single line
breaks, paragraphs indented with full-width spaces or a tab, smart quotes, blank lines, emoji) keeps
its lines on the built project page, the printed form (HTML and PDF) and the search index, with
one definition of how a body renders (core/bodytext.py) shared by all of them and the validator.

Search (finding 7): a public project's secretary and executors, and common questions, are found."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from clirun import cli_in_process
from factory import ROOT
from site_helpers import mkdocs_build, serve, site_repo, wait_until

from site_builder.core.bodytext import INDENT_CLASS, faithful
from site_builder.core.diagnostics import errors
from site_builder.core.markdown import split_sections
from site_builder.core.programme import Programme
from site_builder.core.sanitize import clean_html
from site_builder.core.tree import parse_project
from site_builder.rules import body_safety
from site_builder.rules.validate import check_project

CORPUS = (ROOT / "tests/data/word-paste.md").read_text(encoding="utf-8")
# The shipped example whose body the corpus replaces (public: approved).
TARGET = "projects/2026/eng-red-study-tour.md"
PAGE = "projects/2026/eng-red-study-tour/index.html"
# What a reader sees: blocks (tag, indented, lines), in order, from the first section on.
EXPECTED: list[tuple[str, bool, tuple[str, ...]]] = [
    ("h2", False, ("为什么开展活动",)),
    ("p", True, ("教学一线需要党员带头\uff0c学生服务需要更多党员参与\u3002",)),
    (
        "p",
        True,
        (
            "\u201c双师型\u201d队伍建设有\u2018短板\u2019\uff0c同学们盼望党员老师多来\U0001f600\u3002",
        ),
    ),
    ("h2", False, ("怎样开展活动",)),
    (
        "p",
        False,
        (
            "一\u3001组织保障",
            "1\uff0e成立工作小组",
            "\uff081\uff09支部书记任组长",
            "\uff082\uff09党员教师任组员",
            "二\u3001活动安排",
        ),
    ),
    ("p", True, ("每月设立先锋岗\uff0c党员轮值服务\U0001f393\u3002",)),
    ("p", False, ("三\u3001总结提高", "每学期开展一次交流\u3002")),
    ("h2", False, ("预期目标",)),
    ("p", False, ("形成党员先锋岗制度\uff0c服务学生不少于二百人次\U0001f44d\u3002",)),
]
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "pre")


class Blocks(HTMLParser):
    """The text blocks of HTML: (tag, indented, lines split at `<br>`), skipping what a reader
    does not see as body text (permalink signs, parts only search reads)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool, list[str]]] = []
        self.open: list[str] = []
        self.skip = 0
        self.stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.skip or "headerlink" in classes or "sb-search-only" in classes:
            self.skip += tag not in ("br", "img")
            return
        if tag == "p" and self.stack and self.stack[-1][0] == "li":
            self.stack.append((tag, False))  # a loose list's paragraph: the item's text
        elif tag in BLOCKS:
            self.blocks.append((tag, INDENT_CLASS in classes, [""]))
            self.stack.append((tag, True))
        elif tag == "br" and self.blocks:
            self.blocks[-1][2].append("")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
        elif self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip and self.blocks:
            self.blocks[-1][2][-1] += data

    def result(self) -> list[tuple[str, bool, tuple[str, ...]]]:
        out = []
        for tag, indented, lines in self.blocks:
            kept = tuple(line.strip(" \n\t") for line in lines)
            if any(kept):
                out.append((tag, indented, kept))
        return out


def blocks(html: str) -> list[tuple[str, bool, tuple[str, ...]]]:
    parser = Blocks()
    parser.feed(html)
    parser.close()
    return parser.result()


def from_first_section(found: list, expected: list = EXPECTED) -> list:
    """`found` from the corpus's first section, as long as `expected`."""
    start = next(i for i, b in enumerate(found) if b[2] == expected[0][2])
    return found[start : start + len(expected)]


# ------------------------------------------------------------------ the one definition


def test_single_line_breaks_indents_and_tabs_render_as_typed() -> None:
    html = clean_html(body_safety.render(CORPUS))
    assert from_first_section(blocks(html)) == EXPECTED
    assert "<pre" not in html and "<code" not in html  # a tab-led paragraph is no code box
    assert "\u3000" not in html and "\t" not in html  # indents are the paragraph's, not gaps


def test_markdown_still_means_what_it_meant() -> None:
    body = (
        "- 甲\n- 乙\n  续写一行\n    - 嵌套\n\n段落\n\n1. 第一\n2. 第二\n\n"
        "```\n    代码 保留\n```\n\n### 小标题\n文字\n\n**加粗**和[链接](https://example.org)"
    )
    html = body_safety.render(body)
    assert "<li>甲</li>" in html and "乙<br />\n  续写一行" in html and "<li>嵌套</li>" in html
    assert "<ol>\n<li>第一</li>\n<li>第二</li>\n</ol>" in html
    assert "<code>    代码 保留\n</code>" in html  # fenced code stays code, spaces and all
    assert "<h3" in html and "<p>文字</p>" in html and "<strong>加粗</strong>" in html
    note = body_safety.render('!!! note "说明"\n    第一行\n    第二行\n\n之后')
    assert '<div class="admonition note">' in note and "第一行<br />\n第二行" in note
    # Guide pages are not project bodies: only the body goes through `faithful`.
    assert faithful("甲\n乙") == "甲  \n乙"


def test_the_validator_accepts_the_corpus_and_judges_what_is_published() -> None:
    programme = Programme.load(ROOT)
    text = (ROOT / TARGET).read_text(encoding="utf-8")
    head = text[: text.index("\n---\n") + 5]
    project, problems = parse_project(TARGET, (head + CORPUS).encode("utf-8"))
    assert project is not None and not problems
    assert errors(check_project(project, programme)) == []


def test_the_validator_names_the_emoji_in_a_warning() -> None:
    """PB409: the public page has no emoji font of its own (a self-hosted one would weigh
    megabytes): the emoji are named, once each, at the first one's line, as a warning."""
    programme = Programme.load(ROOT)
    text = (ROOT / TARGET).read_text(encoding="utf-8")
    head = text[: text.index("\n---\n") + 5]
    project, _ = parse_project(TARGET, (head + CORPUS).encode("utf-8"))
    assert project is not None
    found = [d for d in check_project(project, programme) if d.code == "PB409"]
    assert [d.severity for d in found] == ["warning"]
    assert "\U0001f600 \U0001f393 \U0001f44d\uff1a" in found[0].message
    first = (
        (head + CORPUS)
        .split("\n")
        .index(next(line for line in (head + CORPUS).split("\n") if "\U0001f600" in line))
    )
    assert found[0].line == first + 1
    # The older symbols Chinese fonts have are not named; more than eight are counted.
    project, _ = parse_project(TARGET, (head + CORPUS.replace("\U0001f600", "\u2605")).encode())
    assert project is not None
    again = [d for d in check_project(project, programme) if d.code == "PB409"]
    assert "\u2605" not in again[0].message
    many = "".join(chr(0x1F600 + i) for i in range(10))
    project, _ = parse_project(TARGET, (head + CORPUS + many + "\n").encode())
    assert project is not None
    counted = [d for d in check_project(project, programme) if d.code == "PB409"]
    assert "\u7b49 12 \u4e2a" in counted[0].message  # 等 12 个 (the corpus had one of the ten)


def test_the_printed_form_shows_the_same_lines() -> None:
    from site_builder.panel.forms import render_markdown

    sections = split_sections(CORPUS)
    html = "".join(f"<h2>{h}</h2>{render_markdown(t)}" for h, t in sections.items())
    assert blocks(html) == EXPECTED
    assert "headerlink" not in html and "\u00b6" not in html


# ------------------------------------------------------------------ the built site


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_repo(tmp_path_factory.mktemp("faithful") / "repo")
    text = (root / TARGET).read_text(encoding="utf-8")
    head = text[: text.index("\n---\n") + 5]
    (root / TARGET).write_text(head + CORPUS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(repo: Path) -> Path:
    proc = mkdocs_build(repo, {"SHOWCASE_TODAY": "2026-11-28"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return repo / "site"


@pytest.mark.build
def test_the_built_page_keeps_lines_numbering_and_indents(built: Path) -> None:
    html = (built / PAGE).read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert from_first_section(blocks(article)) == EXPECTED
    body = article[article.index("为什么开展活动") :]
    assert "<pre" not in body and "\u3000" not in body and "\t" not in body


@pytest.mark.build
def test_the_search_index_holds_the_lines_as_typed(built: Path) -> None:
    import gzip
    import json

    page = None
    for path in (built / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        if fragment["url"] == "/projects/2026/eng-red-study-tour/":
            page = fragment["content"]
    assert page is not None
    assert "\u3000" not in page and "\t" not in page
    joined = re.sub(r"\s+", "", page)
    for _tag, _indented, lines in EXPECTED:
        for line in lines:
            assert line in joined, line
    # Lines stay apart: a line break is a break between words, never two words glued into one.
    assert re.search(r"组\s*织\s*保\s*障\s+1", page)


@pytest.mark.parametrize("font", [True, False])
def test_emoji_without_a_font_to_draw_them_are_named(repo, tmp_path, monkeypatch, font) -> None:
    from site_builder.panel import pdf

    monkeypatch.setattr(pdf, "emoji_font_available", lambda: font)
    out = tmp_path / "forms"
    proc = cli_in_process("form", "apply", TARGET, "--out", str(out), "--no-pdf", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    named = "\U0001f600 \U0001f393 \U0001f44d" in proc.stderr
    assert named != font, proc.stderr
    if not font:
        assert "fonts-noto-color-emoji" in proc.stderr


# ------------------------------------------------------------------ the printed form in Chromium


@pytest.mark.browser
def test_the_printed_pdf_keeps_lines_and_shows_emoji(repo: Path, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.fail("poppler-utils (pdftotext, pdftoppm) is needed: bash .ci/run installs it")
    out = tmp_path / "forms"
    proc = cli_in_process("form", "apply", TARGET, "--out", str(out), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    pdf = next(out.glob("*apply.pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    for line in EXPECTED[4][2]:
        assert line in lines, (line, text)
    assert "\U0001f600" in text and "\U0001f393" in text
    # The emoji are drawn in colour (Debian's fonts-noto-color-emoji), not as empty boxes: the
    # form is otherwise black, white and grey.
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True)
    colourful = 0
    for image in tmp_path.glob("page*.png"):
        pixels = Image.open(image).convert("RGB").tobytes()
        for i in range(0, len(pixels), 3):
            colourful += max(pixels[i : i + 3]) - min(pixels[i : i + 3]) > 80
    assert colourful > 20, "the emoji are not drawn: install fonts-noto-color-emoji"


# ------------------------------------------------------------------ search in Chromium

BOX = ".cs-search .pagefind-ui__search-input"
LINKS = ".cs-search .pagefind-ui__result-link"
# The search is done: its message names the word with the count (or says nothing was found), and
# as many result links as it counts are shown.
FOUND = """([word]) => {
  const message = document.querySelector(".cs-search .pagefind-ui__message");
  if (!message || !message.textContent.includes(`\u201c${word}\u201d`)) return false;
  const text = message.textContent.trim();
  if (text.startsWith("没有找到")) return true;
  const count = Number((text.match(/找到 (\\d+) 个/) || [])[1]);
  return document.querySelectorAll(".cs-search .pagefind-ui__result-link").length >= Math.min(count, 5);
}"""


def search(browser, address: str, word: str) -> list[str]:
    page = browser.new_page()
    page.goto(address)
    page.locator(BOX).fill(word)
    wait_until(page, FOUND, arg=[word], timeout=30_000)
    paths = page.eval_on_selector_all(LINKS, "els => els.map(a => new URL(a.href).pathname)")
    page.close()
    return paths


@pytest.fixture(scope="module")
def server(built: Path):
    with serve(built) as address:
        yield address


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("陈静", "/projects/2025/eng-rural-skills-service/"),  # a secretary
        ("郭振华", "/projects/2025/auto-master-apprentice-pledge/"),  # an executor
        ("如何申报", "/guide/apply/"),
        ("怎样结题", "/guide/submit/"),
    ],
)
def test_search_finds_public_names_and_common_questions(browser, server, word, expected) -> None:
    found = search(browser, server, word)
    assert expected in found, found
    if word.startswith(("如何", "怎样")):
        assert found[0].startswith(("/guide/", "/apply/", "/update/")), found


@pytest.mark.browser
@pytest.mark.build
def test_search_on_a_phone_finds_a_name_and_a_question(browser, server) -> None:
    # A phone: the magnifier opens the box; the words are typed (an input method commits them).
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(server)
    page.locator(".cs-search__button").tap()
    box = page.locator(BOX)
    box.wait_for(state="visible")
    found = {}
    for word in ("\u90ed\u632f\u534e", "\u5982\u4f55\u7533\u62a5"):  # 郭振华, 如何申报
        box.click()
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        page.keyboard.type(word)
        wait_until(page, FOUND, arg=[word], timeout=30_000)
        found[word] = page.eval_on_selector_all(
            LINKS, "els => els.map(a => new URL(a.href).pathname)"
        )
    context.close()
    assert "/projects/2025/auto-master-apprentice-pledge/" in found["\u90ed\u632f\u534e"]
    question = found["\u5982\u4f55\u7533\u62a5"]
    assert "/guide/apply/" in question and question[0] in ("/guide/apply/", "/apply/"), found


@pytest.mark.browser
@pytest.mark.build
def test_the_info_tables_stay_out_of_search(browser, server) -> None:
    # The info table's labels are on every project page; no project page is a result for them
    # (the guide explains them).
    for label in ("项目所在支部", "资助经费", "项目进程"):
        found = search(browser, server, label)
        assert not [p for p in found if p.startswith("/projects/")], (label, found)


# ------------------------------------------------------------------ the forms' preview


@pytest.mark.browser
@pytest.mark.build
def test_the_forms_preview_shows_what_the_page_will(browser, server, built: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server + "apply/")
    html = []
    for heading, text in split_sections(CORPUS).items():
        box = page.locator(f"[id='f-{heading}']")
        box.fill(text)
        preview = page.locator(f"[id='f-{heading}-preview']")
        preview.locator("xpath=..").locator("summary").click()
        wait_until(
            page,
            "([id, n]) => document.getElementById(id).querySelectorAll('p, li, h3').length >= n",
            arg=[f"f-{heading}-preview", 1],
        )
        html.append(f"<h2>{heading}</h2>" + preview.inner_html())
    page.close()
    shown = blocks("".join(html))
    assert shown == EXPECTED
    published = (built / PAGE).read_text(encoding="utf-8")
    article = published[published.index("<article") : published.index("</article>")]
    assert shown == from_first_section(blocks(article))


PREVIEW_CASES = {
    "lists and a heading": "- 甲\n- 乙\n  续写\n\n段落\n\n1. 第一\n2. 第二\n\n### 小标题\n文字\n接着",
    "inline": "**加粗**、*强调*、`代码`和[链接](https://example.org)。\n下一行",
    "a list after a line": "开头\n- 不是列表\n\n- 是列表",
    "indented": "    四个空格\n\n\t制表符\n接续\n\n\u3000\u3000全角空格",
    "fenced code": "```\n    代码  保留\n```\n之后",
}


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("name", sorted(PREVIEW_CASES))
def test_the_preview_follows_the_sites_renderer(browser, server, name: str) -> None:
    text = PREVIEW_CASES[name]
    page = browser.new_page()
    page.goto(server + "apply/")
    shown = page.evaluate(
        """async (text) => {
          const {renderBody} = await import("/javascripts/shared/preview.js");
          const div = document.createElement("div");
          div.appendChild(renderBody(text));
          return div.innerHTML;
        }""",
        text,
    )
    page.close()
    assert blocks(shown) == blocks(clean_html(body_safety.render(text))), shown


SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_plan_pasted_from_word_previews_as_typed(browser, server, size: str) -> None:
    # Word puts CR LF between lines on the clipboard; the person pastes with the keyboard, then
    # the tab reloads (a phone does when the person switches to Word and back).
    heading, text = "怎样开展活动", split_sections(CORPUS)["怎样开展活动"]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], **SIZES[size])
    page = context.new_page()
    page.goto(server + "apply/")
    page.evaluate("text => navigator.clipboard.writeText(text)", text.replace("\n", "\r\n"))
    box = page.locator(f"[id='f-{heading}']")
    box.click()
    page.keyboard.press("Control+V")
    page.reload()
    page.wait_for_load_state("networkidle")
    assert box.input_value() == text  # the draft, line breaks as typed
    preview = page.locator(f"[id='f-{heading}-preview']")
    preview.locator("xpath=..").locator("summary").click()
    wait_until(
        page,
        "id => document.getElementById(id).querySelectorAll('p').length >= 3",
        arg=f"f-{heading}-preview",
    )
    shown = blocks(preview.inner_html())
    # The emoji are named under the box (PB409, a warning: the form is not held back by it).
    said = page.locator(f"[id='f-{heading}-msg']").inner_text()
    warned = page.locator(f"[data-field='{heading}']").get_attribute("class") or ""
    context.close()
    assert shown == EXPECTED[4:7]
    assert "\u8868\u60c5\u7b26\u53f7 \U0001f393\uff1a" in said, said  # 表情符号 🎓：
    assert "sb-warn" in warned and "sb-error" not in warned
