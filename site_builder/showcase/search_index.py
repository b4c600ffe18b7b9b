"""The site's search index: Pagefind run over the built site, writing `pagefind/` beside the pages.

Pagefind reads only the built HTML, so it can index nothing that is not published; of that, only
what the theme marks `data-pagefind-body` (project pages and the guide: overrides/partials/
content.html), less EXCLUDE.

Chinese is indexed one character a word: Pagefind cuts the text into words when it indexes and
cuts the query again in the browser, with another dictionary; a word cut differently on the two
sides is not found (and Pagefind matches words from their start only, so "调研" would never find
"问卷调研" indexed as one word). Here every Han character stands alone in the copy Pagefind reads,
and the search box asks for the query's characters as an exact phrase (consecutive positions): a
result is a page holding the query exactly, and every such page is a result. The copy separates
characters with SEPARATOR, which the search box removes from titles and excerpts again.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from site_builder.core.errors import SiteBuilderError
from site_builder.showcase.pages import INFO_CLASS

OUTPUT_DIR = "pagefind"
# A project's info table and timeline (the same fields on every project) and the headings'
# permalink signs.
EXCLUDE = (f".{INFO_CLASS}", ".headerlink")
SEPARATOR = "\u2009"  # THIN SPACE: whitespace to Pagefind; the search box strips it again
MARK = "data-pagefind-body"
TIMEOUT_S = 600
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A tag is copied as it is (its attributes hold ids and links); a run of Han characters is split.
_TAG_OR_HAN = re.compile(f"<[^>]*>|[{_HAN}]+")


class SearchIndexError(SiteBuilderError):
    """Pagefind is missing or failed; the message is Chinese."""

    code = "SB504"


def split_han(html: str) -> str:
    """`html` with every Han character of its text standing alone between separators."""

    def one(m: re.Match[str]) -> str:
        text = m.group(0)
        if text.startswith("<"):
            return text
        return SEPARATOR + SEPARATOR.join(text) + SEPARATOR

    return _TAG_OR_HAN.sub(one, html.replace(SEPARATOR, " "))


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError(
            "未安装 pagefind\uff08网站搜索的索引程序\uff09\u3002"
            "请按 requirements.lock 安装依赖\uff08make build 会自动安装\uff09\u3002"
        ) from None
    return get_executable()


def build_index(site: Path) -> float:
    """Index the built `site` into `site/pagefind/`; return the seconds it took."""
    start = time.perf_counter()
    binary = executable()
    out = site.resolve() / OUTPUT_DIR
    shutil.rmtree(out, ignore_errors=True)  # no stale index files from an earlier run
    with tempfile.TemporaryDirectory(prefix="search-index-") as temp:
        copy = Path(temp) / "site"
        for page in site.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            if MARK not in html or out in page.parents:
                continue  # Pagefind would skip a page without the mark anyway
            target = copy / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(split_han(html), encoding="utf-8")
        cmd = [str(binary), "--site", str(copy), "--output-path", str(out)]
        cmd += ["--exclude-selectors", ", ".join(EXCLUDE), "--silent"]
        try:
            # In the temporary folder: no pagefind.yml lying around can change the index.
            # --silent: errors only (its English progress report would flood `mkdocs serve`).
            proc = subprocess.run(cmd, cwd=temp, capture_output=True, text=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchIndexError(f"搜索索引生成失败\uff1a{exc}") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip()[-2000:]
        raise SearchIndexError(
            f"搜索索引生成失败\uff08pagefind 退出码 {proc.returncode}\uff09\uff1a\n{detail}"
        )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """`python -m site_builder.showcase.search_index SITE`: index a site built without the
    showcase plugin (an `export`ed one)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        sys.stderr.write("用法\uff1apython -m site_builder.showcase.search_index 网站文件夹\n")
        return 2
    try:
        seconds = build_index(Path(args[0]))
    except SearchIndexError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    print(f"搜索索引已写入 {Path(args[0]) / OUTPUT_DIR}\uff08{seconds:.1f} 秒\uff09\u3002")
    return 0


if __name__ == "__main__":
    sys.exit(main())
