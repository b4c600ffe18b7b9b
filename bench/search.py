"""The site search measured in Chromium on a built site: precision and recall on words drawn with
jieba from project bodies, time from typing at load to the first result, bytes transferred for the
first and a later query (from a local server that gzips as a web host does), noise (results that
are not project or guide pages, or that match only an info table), and indexing time.

    python -m bench.search SITE        # a site built with `mkdocs build` (index included)
"""

from __future__ import annotations

import collections
import functools
import gzip
import http.server
import json
import logging
import re
import resource
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from site_builder.showcase.search_index import EXCLUDE, OUTPUT_DIR, build_index

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WORDS = 16  # drawn from the project bodies
TIMED = 8  # of those, timed from a cold page load each
# Words only in the info tables and timelines (field names, stage labels): never a result.
PROBES = ("项目所在支部", "资助经费", "项目进程", "批准立项", "返回项目目录")
# The server compresses these as a web host does; Pagefind's index files are gzip already.
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")
SKIPPED = {selector.removeprefix(".") for selector in EXCLUDE}  # classes, all of them
GUIDE_PAGES = (
    "/rubric/",
    "/data-format/",
    "/rules-reference/",
    "/roster/",
    "/open-data/",
)  # generated
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
# The box and the UI's result links (overrides/partials/search.html).
BOX = ".cs-search .pagefind-ui__search-input"
LINKS = ".cs-search .pagefind-ui__result-link"


# ------------------------------------------------------------------------------ the server


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site, gzipping text when the browser accepts it; logs each body's bytes."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        ctype = self.guess_type(str(path))
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSED)
        if gz:
            body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            return  # the browser gave up on it (a page closed mid-load): nothing transferred
        self.server.sent.append((self.path.split("?")[0], len(body)))  # type: ignore[attr-defined]


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.sent = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.sent  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()


def search_bytes(sent: list[tuple[str, int]]) -> int:
    """Bytes of everything the search loads: Pagefind's files and our box's script and style."""
    return sum(n for path, n in sent if "/pagefind/" in path or "/search." in path)


# ------------------------------------------------------------------------------ the truth


class IndexedText(HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside the skipped classes."""

    VOID = frozenset(
        ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr")
    )
    # Not text Pagefind indexes: what its parser removes from every page (REMOVE_SELECTORS in
    # pagefind/src/fossick/parser.rs: head, style, script, noscript, label, form, svg, footer,
    # nav, iframe, template; so a form's labels, help lines and choices, the forms' settings in a
    # script element) and a list box's or a text box's own text.
    UNREAD = frozenset(
        (
            *("head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav"),
            *("iframe", "template", "select", "textarea"),
        )
    )

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []
        self.body = self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        names = dict(attrs)
        body = "data-pagefind-body" in names
        skip = bool(SKIPPED & set((names.get("class") or "").split())) or tag in self.UNREAD
        self.stack.append((tag, body, skip))
        self.body += body
        self.skip += skip

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            name, body, skip = self.stack.pop()
            self.body -= body
            self.skip -= skip
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.body and not self.skip:
            self.parts.append(data)


def indexed_texts(site: Path) -> dict[str, str]:
    """Address → indexed text, for every page with an indexed part."""
    texts = {}
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue
        parser = IndexedText()
        parser.feed(html)
        rel = path.relative_to(site).as_posix()
        texts["/" + rel.removesuffix("index.html")] = "".join(parser.parts)
    return texts


def draw_words(texts: dict[str, str], n: int = WORDS) -> list[str]:
    """`n` words cut by jieba from the project pages, from the rarest to the most common (evenly
    spaced over the words ordered by the number of pages holding them). Deterministic."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    pages: collections.Counter[str] = collections.Counter()
    for url, text in texts.items():
        if url.startswith("/projects/"):
            pages.update({w for w in jieba.cut(text) if HAN_WORD.fullmatch(w)})
    ordered = sorted(pages, key=lambda w: (pages[w], w))
    return [ordered[round(i * (len(ordered) - 1) / (n - 1))] for i in range(n)]


def fragment_urls(site: Path) -> dict[str, str]:
    """Result id (the fragment's hash) → page address."""
    urls = {}
    for path in (site / OUTPUT_DIR / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        urls[path.stem] = json.loads(raw)["url"]
    return urls


# ------------------------------------------------------------------------------ the browser

# Every result of each query through the search box's own query rule (search.js: `exact`), as
# page ids: Pagefind's API, the same library and index the box uses.
ALL_RESULTS = """async (words) => {
  const bundle = document.querySelector("[data-cs-search]").getAttribute("data-cs-search");
  const pagefind = await import(new URL(bundle + "pagefind.js", location.href).href);
  await pagefind.init();
  const out = {};
  for (const word of words) {
    const result = await pagefind.search(window.csSearchTerm(word));
    out[word] = result.results.map((r) => r.id);
  }
  return out;
}"""
# The moment the first result link appears, noted by an observer in the page (not by polling
# from outside, which would add its interval to the figure).
WATCH_FIRST = """() => {
  window.csFirst = 0;
  const seen = () => document.querySelector(".cs-search .pagefind-ui__result-link");
  new MutationObserver((changes, observer) => {
    if (!window.csFirst && seen()) {
      window.csFirst = performance.now();
      observer.disconnect();
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
}"""
FIRST_SEEN = "() => window.csFirst"
MESSAGE_FOR = """(word) => {
  const m = document.querySelector(".cs-search .pagefind-ui__message");
  return !!m && m.textContent.includes(word) && !m.textContent.startsWith("正在");
}"""


def precision_recall(page, site: Path, texts: dict[str, str], words: list[str]) -> dict[str, Any]:
    urls = fragment_urls(site)
    results = page.evaluate(ALL_RESULTS, words)
    per_word = {}
    found_total = truth_total = precise_total = results_total = 0
    for word in words:
        got = {urls[i] for i in results[word]}
        truth = {u for u, text in texts.items() if word in text}
        precise = sum(word in texts.get(u, "") for u in got)
        per_word[word] = {"pages": len(truth), "results": len(got), "precise": precise}
        found_total += len(got & truth)
        truth_total += len(truth)
        precise_total += precise
        results_total += len(got)
    # Noise: a result that is not a project or guide page, or a project page found by a word
    # that only its info table or timeline holds.
    probes = page.evaluate(ALL_RESULTS, list(PROBES))
    probe_urls = {w: [urls[i] for i in ids] for w, ids in probes.items()}
    every = [urls[i] for ids in [*results.values(), *probes.values()] for i in ids]
    noise = sum(not wanted(u) for u in every)
    noise += sum(u.startswith("/projects/") for found in probe_urls.values() for u in found)
    return {
        "precision": precise_total / results_total if results_total else 1.0,
        "recall": found_total / truth_total if truth_total else 1.0,
        "noise": noise,
        "words": per_word,
        "probes": probe_urls,
        "indexed_pages": len(texts),
        "unwanted_indexed_pages": sorted(u for u in texts if not wanted(u)),
    }


def wanted(url: str) -> bool:
    """A project page or a page of the guide (the 工作指南 section)."""
    return url.startswith(("/projects/", "/guide/")) or url in GUIDE_PAGES


def wait_until(page, expression: str, arg: object = None, timeout: float = 60_000) -> object:
    """Poll `expression` with Playwright's evaluate (not wait_for_function, whose polling the
    site's Content-Security-Policy refuses)."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"still false after {timeout:.0f} ms: {expression}")
        page.wait_for_timeout(25)


# The phone proxy: CPU 4x slower, 1.6 Mbps down, 750 kbps up, 150 ms round trip (Chrome's
# "Fast 3G" preset's figures), through the DevTools protocol.
PHONE_CPU = 4
PHONE_NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}


def throttle(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU})
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)


def first_query(
    browser, base: str, sent: list, word: str, later: str, phone: bool = False
) -> dict[str, float]:
    """A cold visit: load the home page, type `word` at once, wait for the first result; then
    type `later` on the same page. `phone`: under the phone proxy's throttling."""
    context = browser.new_context()
    page = context.new_page()
    if phone:
        throttle(page)
    sent.clear()
    page.goto(base + "/", wait_until="domcontentloaded")
    box = page.locator(BOX)
    box.wait_for()
    page.evaluate(WATCH_FIRST)
    start = page.evaluate("performance.now()")
    box.focus()
    page.keyboard.type(word)
    wait_until(page, FIRST_SEEN)
    seconds = (page.evaluate("window.csFirst") - start) / 1000
    wait_until(page, MESSAGE_FOR, word)
    page.wait_for_load_state("networkidle")
    first = search_bytes(sent)
    sent.clear()
    box.fill("")
    page.keyboard.type(later)
    wait_until(page, MESSAGE_FOR, later)
    page.wait_for_load_state("networkidle")
    second = search_bytes(sent)
    context.close()
    return {"seconds": seconds, "first_bytes": first, "later_bytes": second}


def timed_index(site: Path) -> tuple[float, float]:
    """Index `site` again: (wall seconds, CPU seconds of this process and Pagefind). On a shared
    machine the wall time swings with the other load; the CPU time hardly does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = time.process_time()
    wall = build_index(site)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, child + time.process_time() - own


def measure(site: Path, index_rounds: int = 2, phone_visits: int = 0) -> dict[str, Any]:
    """Every search figure for the built `site`; `phone_visits`: that many cold visits under
    the phone proxy too."""
    from playwright.sync_api import sync_playwright

    texts = indexed_texts(site)
    words = draw_words(texts)
    with serve(site) as (base, sent), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(base + "/")
        page.locator(BOX).wait_for()
        quality = precision_recall(page, site, texts, words)
        page.close()
        visits = [
            first_query(browser, base, sent, word, words[(i + 1) % len(words)])
            for i, word in enumerate(words[:: max(1, len(words) // TIMED)][:TIMED])
        ]
        phone = [
            first_query(browser, base, sent, word, words[(i + 1) % len(words)], phone=True)
            for i, word in enumerate(
                words[1 :: max(1, len(words) // max(1, phone_visits))][:phone_visits]
            )
        ]
        browser.close()
    indexing = [timed_index(site) for _ in range(index_rounds)]
    index_s = [wall for wall, _ in indexing]
    return {
        **quality,
        "word_list": words,
        "first_result_s": [v["seconds"] for v in visits],
        "first_query_bytes": [v["first_bytes"] for v in visits],
        "later_query_bytes": [v["later_bytes"] for v in visits],
        "phone_first_result_s": [v["seconds"] for v in phone],
        "phone_first_query_bytes": [v["first_bytes"] for v in phone],
        "index_s": index_s,
        "index_median_s": statistics.median(index_s),
        "index_cpu_s": statistics.median(cpu for _, cpu in indexing),
        "index_files_bytes": sum(
            f.stat().st_size for f in (site / OUTPUT_DIR).rglob("*") if f.is_file()
        ),
    }


def main() -> int:
    if len(sys.argv) != 2:
        sys.stderr.write("usage: python -m bench.search SITE\n")
        return 2
    started = time.perf_counter()
    result = measure(Path(sys.argv[1]))
    result["bench_s"] = time.perf_counter() - started
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
