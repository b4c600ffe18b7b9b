"""The guide as people use it (issue 21, finding 8): the examples they copy in full-width Chinese
punctuation (the typography check covers the Chinese inside our guide pages' code blocks), links
that name a page by its title, 第一次使用 for newcomers only, and /apply/ and the guide leading
with the account that must be registered first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from factory import ROOT

from site_builder.core.programme import Programme
from site_builder.core.typography import fix_code, fix_markdown, halfwidth_in_chinese
from site_builder.showcase.forms_pages import form_pages
from tools import typography as tool

GUIDE = ROOT / "docs" / "guide"
TEMPLATES = ROOT / "site_builder" / "showcase" / "templates"
FIRST = "先注册 GitHub 账号并请维护者登记"
FENCE = re.compile(r"^(`{3,}|~{3,}).*?\n(.*?)^\1\s*$", re.M | re.S)
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s#]+\.md)\)")


@pytest.mark.parametrize(
    ("code", "fixed"),
    [
        ("opinion: 项目紧扣专业特色,服务对象明确", "opinion: 项目紧扣专业特色\uff0c服务对象明确"),
        ("summary: 所学,每月走进", "summary: 所学\uff0c每月走进"),
        ("阶段性小结:……", "阶段性小结\uff1a……"),
        ("reason: 调整(暂停)。", "reason: 调整\uff08暂停\uff09。"),
        # What is not Chinese on both sides is code: keys, lists, calls, commands.
        ("tags: [a, b]\nfoo(x)\npython -m site_builder codeowners", None),
        ("- {id: eng, name: 工程技术系, maintainers: [zhang, li]}", None),
    ],
)
def test_fix_code_changes_only_chinese(code: str, fixed: str | None) -> None:
    assert fix_code(code) == (code if fixed is None else fixed)


def test_code_blocks_fixed_only_on_guide_pages() -> None:
    page = "正文\n\n```yaml\nopinion: 甲,乙\n```\n"
    assert fix_markdown(page) == page  # other pages: code untouched
    assert fix_markdown(page, code=fix_code) == page.replace("甲,乙", "甲\uff0c乙")
    assert tool.fixer_for(Path("docs/guide/review.md"))(page) != page
    assert tool.fixer_for(Path("docs/index.md"))(page) == page
    assert tool.is_guide(Path("site_builder/showcase/templates/data-format.md.j2"))


def _guide_sources() -> list[Path]:
    return sorted(GUIDE.glob("*.md")) + sorted(TEMPLATES / n for n in tool.GUIDE_TEMPLATES)


@pytest.mark.parametrize("path", _guide_sources(), ids=lambda p: p.name)
def test_guide_examples_are_full_width(path: Path) -> None:
    blocks = [m.group(2) for m in FENCE.finditer(path.read_text(encoding="utf-8"))]
    # A link's target in a Markdown example is syntax, not a parenthesis of the sentence.
    blocks = [re.sub(r"\]\([^)\s]*\)", "]", b) for b in blocks]
    found = [s for b in blocks for s in halfwidth_in_chinese(b)]
    assert found == []


# ------------------------------------------------------------------ one name per page


def _nav_names() -> dict[str, set[str]]:
    """Each page's names in the navigation (a safe read: `!!python/name` tags are skipped)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names: dict[str, set[str]] = {}

    def walk(items: list) -> None:
        for item in items:
            for name, target in item.items():
                if isinstance(target, list):
                    walk(target)
                else:
                    names.setdefault(target, set()).add(name)

    walk(config["nav"])
    return names


def _h1(text: str) -> str | None:
    m = re.search(r"^# (.+)$", text, re.M)
    return m.group(1).strip() if m else None


def _titles() -> dict[str, set[str]]:
    """Every page's title (its first heading) and navigation names, by its path under docs/."""
    titles = _nav_names()
    for path in (ROOT / "docs").rglob("*.md"):
        rel = path.relative_to(ROOT / "docs").as_posix()
        if h1 := _h1(path.read_text(encoding="utf-8")):
            titles.setdefault(rel, set()).add(h1)
    for path in TEMPLATES.glob("*.md.j2"):
        rel = path.name.removesuffix(".j2")
        rel = {"home.md": "index.md", "catalogue.md": "catalogue/index.md"}.get(rel, rel)
        h1 = _h1(path.read_text(encoding="utf-8"))
        if h1 and "{" not in h1:
            titles.setdefault(rel, set()).add(h1)
    for rel, text in form_pages(Programme.load(ROOT), None).items():
        titles.setdefault(rel, set()).add(_h1(text) or "")
    return titles


def _linking_pages() -> list[tuple[str, str]]:
    """(page path under docs/, its source text) for our hand-written and generated pages."""
    pages = [
        (p.relative_to(ROOT / "docs").as_posix(), p.read_text(encoding="utf-8"))
        for p in (ROOT / "docs").rglob("*.md")
    ]
    for name in ("home.md.j2", *sorted(tool.GUIDE_TEMPLATES)):
        rel = {"home.md.j2": "index.md"}.get(name, name.removesuffix(".j2"))
        pages.append((rel, (TEMPLATES / name).read_text(encoding="utf-8")))
    pages += list(form_pages(Programme.load(ROOT), None).items())
    return pages


def test_links_name_pages_by_their_titles() -> None:
    titles = _titles()
    wrong = []
    for rel, text in _linking_pages():
        base = Path(rel).parent
        for label, target in LINK.findall(text):
            resolved = (base / target).as_posix()
            parts: list[str] = []
            for part in resolved.split("/"):
                if part == "..":
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            resolved = "/".join(parts)
            name = re.sub(r"^(← |返回)", "", label)
            if resolved in titles and name not in titles[resolved]:
                wrong.append(f"{rel}: [{label}]({target}) names {sorted(titles[resolved])}")
    assert wrong == []


# ------------------------------------------------------------------ newcomers first


def test_first_time_is_for_newcomers_and_points_to_the_forms() -> None:
    page = (GUIDE / "first-time.md").read_text(encoding="utf-8")
    for word in ("python -m", "data/roster.yml", "codeowners", "```yaml", "CODEOWNERS"):
        assert word not in page, word
    for form in ("../apply.md", "../update.md", "../panel.md"):
        assert f"]({form})" in page
    maintainers = (GUIDE / "maintainers.md").read_text(encoding="utf-8")
    assert "### 登记新书记" in maintainers and "python -m site_builder codeowners" in maintainers


def test_first_time_explains_signing_in_and_the_two_routes() -> None:
    page = (GUIDE / "first-time.md").read_text(encoding="utf-8")
    routes = page[page.index("### \u4e24\u79cd\u63d0\u4ea4\u65b9\u5f0f") :].split("\n## ")[0]
    # Signed in: the site submits; not signed in: copy, then GitHub's own page.
    assert "](../signin.md)" in routes and "\u4ee4\u724c" in routes  # 令牌
    assert "\u66ff\u4f60" in routes  # 替你 (the site does GitHub's steps)
    assert "\u4e0d\u767b\u5f55" in routes and "](submit.md)" in routes  # 不登录
    # The glossary speaks to newcomers: no roster keys, no stage or command names.
    glossary = page[page.index("## \u672f\u8bed") :]
    for word in (
        "`panel`",
        "`heads`",
        "`maintainers`",
        "`stage`",
        "`validate`",
        "\u524d\u7f6e\u4fe1\u606f",
    ):
        assert word not in glossary, word
    # GitHub's English words come with Chinese.
    for english in ("Pull Request", "Branch", "Token"):
        assert english in glossary, english


def _lead(text: str) -> str:
    """What a page says first: the text after its heading, up to the first second-level one."""
    body = text.split("\n# ", 1)[-1] if not text.startswith("# ") else text
    return body.split("\n## ", 1)[0][:600]


def test_apply_page_and_guide_lead_with_the_account() -> None:
    pages = form_pages(Programme.load(ROOT), None)
    assert FIRST in _lead(pages["apply.md"])
    for name in ("first-time.md", "apply.md"):
        assert FIRST in _lead((GUIDE / name).read_text(encoding="utf-8")), name
