"""Adapter: print standalone HTML files to A4 PDF with headless Chromium (through Playwright).

One browser for the whole batch. Each page is loaded from the file's text with JavaScript off and
every network request refused, so a form can neither run code nor reach the network.
`print_pages` returns the PDFs as bytes (the year's dossier packs them); `print_pdfs` writes them
to files once the whole batch has printed, each whole (temporary file + rename): an existing PDF
is replaced only by a complete new one, and a failed batch writes none.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from site_builder.core.errors import SiteBuilderError
from site_builder.core.files import write_atomic
from site_builder.core.safetext import safe_text

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ENV = "SITE_BUILDER_CHROMIUM"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
TIMEOUT_MS = 60_000


class PdfError(SiteBuilderError):
    """Chromium could not print; the message is Chinese."""

    code = "SB402"


def chromium_path() -> str | None:
    """The browser to use: $SITE_BUILDER_CHROMIUM, else Debian's, else Playwright's own."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return configured
    return CHROMIUM if Path(CHROMIUM).exists() else None


def emoji_font_available() -> bool:
    """Whether fontconfig (which Chromium draws with) has a font with emoji; True when it cannot
    be asked (no `fc-list`)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    try:
        proc = subprocess.run(
            [fc_list, ":charset=1f600", "family"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return True
    return bool(proc.stdout.strip())


def print_pdfs(jobs: list[tuple[Path, Path]]) -> None:
    """Print each (html file, pdf file) pair. Raises PdfError on the first failure."""
    pages = [Page(str(source), source.read_text(encoding="utf-8")) for source, _ in jobs]
    for (_, target), data in zip(jobs, print_pages(pages).pdfs, strict=True):
        write_atomic(target, data)


@dataclass(frozen=True)
class Page:
    """One document to print: a name for messages, its HTML, and optionally a footer for every
    page (Chromium's footer template: HTML with its own inline style; the classes `pageNumber`
    and `totalPages` are filled in)."""

    name: str
    html: str
    footer: str | None = None


@dataclass(frozen=True)
class Printed:
    pdfs: list[bytes]
    browser: str  # Chromium's version, e.g. "156.0.7521.0"


NO_PDF_HINT = "或加 --no-pdf 只生成 HTML。"


def print_pages(pages: list[Page], hint: str = NO_PDF_HINT) -> Printed:
    """Print each page to A4 PDF bytes in one browser session. Raises PdfError, whose message
    ends with `hint` (what else the user may do)."""
    if not pages:
        return Printed([], "")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError(f"未安装 playwright\uff0c无法生成 PDF。请安装开发依赖\uff0c{hint}") from None
    current = pages[0].name
    out: list[bytes] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium_path(), args=list(CHROMIUM_ARGS), timeout=TIMEOUT_MS
            )
            try:
                version = browser.version
                context = browser.new_context(java_script_enabled=False)
                # The page is set from the file's text: it has no URL to resolve anything against,
                # and any request it still makes is refused.
                context.route("**/*", lambda route: route.abort())
                page = context.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                for item in pages:
                    current = item.name
                    # Whatever made the page, no control or direction character is printed.
                    page.set_content(safe_text(item.html), wait_until="load")
                    options: dict = {}
                    if item.footer is not None:
                        options = {
                            "display_header_footer": True,
                            "header_template": "<span></span>",
                            "footer_template": safe_text(item.footer),
                        }
                    data = page.pdf(
                        format="A4", print_background=True, prefer_css_page_size=True, **options
                    )
                    if not data.startswith(b"%PDF"):
                        raise PdfError(f"{item.name}: Chromium 没有生成有效的 PDF。")
                    out.append(data)
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().split("\n", 1)[0][:300]
        raise PdfError(
            f"用 Chromium 打印 {current} 时出错\uff1a{first}\n"
            f"请确认已安装 Chromium\uff08默认 {CHROMIUM}\uff0c可用环境变量 {CHROMIUM_ENV} 指定\uff09\uff0c"
            f"{hint}"
        ) from None
    return Printed(out, version)
