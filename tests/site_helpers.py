"""The built site in tests: a strict `mkdocs build`, a local server, headless Chromium (Debian's
chromium through Playwright, with the flags that work here; see field-notes)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from factory import ROOT

MKDOCS = str(Path(sys.executable).parent / "mkdocs")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def mkdocs_build(cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MKDOCS, "build", "--strict"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """`directory` served on a free local port; yields its address ("http://127.0.0.1:N/")."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


def wait_until(page, expression: str, arg: object = None, timeout: float = 30_000) -> object:
    """Wait until `expression` (a JavaScript expression or function, given `arg`) is truthy in
    `page`, and return its value.

    Not `page.wait_for_function`: that polls inside the page with `eval`, which the site's
    Content-Security-Policy forbids outside Playwright's own calls, so it fails whenever the first
    try is false. Each try here is a Playwright `evaluate`, which the policy lets through."""
    import time

    deadline = time.monotonic() + timeout / 1000
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} ms: {expression}")
        page.wait_for_timeout(50)


# What a copy of the repository needs to build the site.
SITE_DIRS = ("docs", "data", "projects", "schema", "overrides")


def site_repo(root: Path) -> Path:
    root.mkdir()
    for name in SITE_DIRS:
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root
