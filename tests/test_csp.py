"""Red team, defence in depth: the Content-Security-Policy of every published page, shown in
headless Chromium. Every kind of page works with no console error and no policy violation (home,
awards, the catalogue with its filters, a project page with the lightbox, search in use, the
online forms, statistics, 404); a planted inline script and a remote image on a project page are
blocked (`securitypolicyviolation` events) and nothing leaves the site."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_helpers import QuietHandler, mkdocs_build, site_repo, wait_until

from site_builder.showcase.csp import PolicyError, content_security_policy, site_policy
from site_builder.showcase.export import plain_config
from site_builder.showcase.links import DEFAULT_API

pytestmark = [pytest.mark.build, pytest.mark.browser]

PHOTO_PAGE = "projects/2025/eng-rural-skills-service/"
META = re.compile(r'<head>\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
# Listen before any script of the page runs.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push({directive: e.effectiveDirective, blocked: e.blockedURI});
});
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_repo(tmp_path_factory.mktemp("csp") / "repo")
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-11-28"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return root / "site"


class RoomyServer(http.server.ThreadingHTTPServer):
    """A page's dozens of parallel requests never meet a full listen queue (socketserver's
    default holds 5): a refused connection would be a console error that is not the page's."""

    request_queue_size = 128
    daemon_threads = True


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built))
    httpd = RoomyServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def tracker() -> Iterator[tuple[str, list[str]]]:
    """A second origin that records every request it gets."""
    hits: list[str] = []

    class Recording(QuietHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Recording))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()


def test_every_page_has_the_policy_first_in_its_head(built: Path) -> None:
    policy = site_policy(DEFAULT_API)  # mkdocs.yml's extra.github_api
    assert "connect-src 'self' https://api.github.com;" in policy
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        match = META.search(text)
        assert match and match.group(1) == policy, page
        # No inline script of the theme's is left (data blocks are not scripts).
        for attrs, _ in re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S):
            assert "src=" in attrs or "application/json" in attrs, (page, attrs)
        assert ' style="' not in text, page


def test_the_policy() -> None:
    policy = content_security_policy()
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
    assert "script-src 'self';" in policy  # no eval of any kind, WebAssembly included
    assert "img-src 'self' data: blob:" in policy and "connect-src 'self';" in policy
    extra = content_security_policy(["https://api.github.com"])
    assert "connect-src 'self' https://api.github.com;" in extra
    assert "connect-src 'self' http://127.0.0.1:8123;" in site_policy("http://127.0.0.1:8123")
    ghes = site_policy("https://GHE.example.edu/api/v3")
    assert "connect-src 'self' https://ghe.example.edu;" in ghes
    for bad in (
        "http://api.github.com",
        "http://10.0.0.1",
        "https://x.example/path",
        "https://a; script-src *",
    ):
        with pytest.raises(PolicyError):
            content_security_policy([bad])


def test_search_needs_no_webassembly_in_the_page(browser, server: str) -> None:
    """The page's policy refuses WebAssembly (so search, which works, compiles it only in its
    worker): compiling a module in the page is a violation."""
    page = browser.new_page()
    page.add_init_script(LISTEN)
    page.goto(server)
    refused = page.evaluate(
        "WebAssembly.compile(new Uint8Array([0,97,115,109,1,0,0,0])).then(() => false, () => true)"
    )
    wait_until(page, "window.__violations.length > 0")
    assert refused and page.evaluate("window.__violations")[0]["blocked"] == "wasm-eval"
    page.close()


def test_export_carries_the_policy() -> None:
    config = plain_config("site_name: x\nextra:\n  generator: false\nplugins:\n  - showcase\n")
    assert f'  content_security_policy: "{site_policy(DEFAULT_API)}"\n' in config
    local = plain_config("site_name: x\nextra:\n  github_api: http://localhost:8123\n")
    assert "connect-src 'self' http://localhost:8123;" in local
    assert "showcase" not in config
    assert "content_security_policy" in plain_config("site_name: x\n")


def _visit(browser, url: str, act=None) -> tuple[list, list[str], list[str]]:
    page = browser.new_page()
    page.add_init_script(LISTEN)
    problems: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    base = url.split("/", 3)[:3]
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if r.url.split("/", 3)[:3] != base and not r.url.startswith("data:")
            else None
        ),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if act:
        act(page)
        page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__violations")
    page.close()
    return violations, problems, outside


def _lightbox(page) -> None:
    page.locator(".sb-strip a.sb-photo").first.click()
    page.locator("dialog.sb-lightbox").wait_for(state="visible")
    wait_until(page, "document.querySelector('dialog.sb-lightbox img').naturalWidth > 0")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")


def _search(page) -> None:
    page.locator(".cs-search .pagefind-ui__search-input").fill("水泵")
    page.wait_for_selector(".cs-search .pagefind-ui__result-link")


def _catalogue(page) -> None:
    page.wait_for_selector("table tbody tr")


PAGES = {
    "home": ("", None),
    "awards": ("awards/", None),
    "catalogue-filtered": ("catalogue/?stage=awarded&text=%E5%85%88%E9%94%8B", _catalogue),
    "catalogue": ("catalogue/", _catalogue),
    "project-lightbox": (PHOTO_PAGE, _lightbox),
    "search": ("guide/first-time/", _search),
    "apply": ("apply/", None),
    "update": ("update/", None),
    "panel": ("panel/", None),
    "mine": ("mine/", None),
    "stats": ("stats/", None),
    "404": ("404.html", None),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_kind_of_page_works_under_the_policy(browser, server: str, name: str) -> None:
    path, act = PAGES[name]
    violations, problems, outside = _visit(browser, server + path, act)
    assert violations == [], (name, violations)
    assert problems == [], (name, problems)
    assert outside == [], (name, outside)


def test_a_planted_script_and_remote_image_are_blocked(
    browser, built: Path, server: str, tracker: tuple[str, list[str]]
) -> None:
    """What the validator and the sanitiser would have to miss together: planted into a built
    project page, the policy still stops it."""
    origin, hits = tracker
    page_file = built / PHOTO_PAGE / "index.html"
    original = page_file.read_text(encoding="utf-8")
    planted = original.replace(
        '<article class="md-content__inner md-typeset">',
        '<article class="md-content__inner md-typeset">'
        "<script>window.__planted = 1</script>"
        f'<img src="{origin}/pixel.gif" alt="t">'
        f'<p style="color:red" id="styled">x</p>',
        1,
    )
    assert planted != original
    page_file.write_text(planted, encoding="utf-8")
    try:
        page = browser.new_page()
        page.add_init_script(LISTEN)
        page.goto(server + PHOTO_PAGE)
        page.wait_for_load_state("networkidle")
        wait_until(page, "window.__violations.length >= 2")
        violations = page.evaluate("window.__violations")
        assert page.evaluate("window.__planted") is None
        page.close()
    finally:
        page_file.write_text(original, encoding="utf-8")
    directives = {v["directive"] for v in violations}
    assert {"script-src-elem", "img-src"} <= directives, violations
    assert any(v["blocked"].startswith(origin) for v in violations)
    assert hits == []


def test_browser_tests_never_poll_with_eval() -> None:
    """`page.wait_for_function` polls inside the page with `eval`, which the site's policy
    forbids: it passes when the first try is already true and fails otherwise (a flaky test, seen
    in CI on the lightbox). Browser tests wait with site_helpers.wait_until instead."""
    here = Path(__file__).resolve().parent
    users = [
        p.name
        for p in sorted(here.glob("*.py"))
        if p.name not in {"site_helpers.py", Path(__file__).name}
        and "wait_for_function(" in p.read_text(encoding="utf-8")
    ]
    assert users == [], f"use site_helpers.wait_until in {users}"
