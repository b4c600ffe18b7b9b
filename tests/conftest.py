from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factory import ROOT, make_repo
from site_helpers import ARGS, CHROMIUM

from site_builder.core.programme import Programme

# The compiled-schema cache (core/schemacache.py) goes to a folder of this run's own, not the
# user's ~/.cache: a run starts cold and leaves nothing behind. Child processes inherit it.
if "SITE_BUILDER_CACHE" not in os.environ:
    import atexit
    import shutil
    import tempfile

    _cache = tempfile.mkdtemp(prefix="site-builder-cache-")
    os.environ["SITE_BUILDER_CACHE"] = _cache
    atexit.register(shutil.rmtree, _cache, True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


@pytest.fixture
def programme(repo: Path) -> Programme:
    return Programme.load(repo)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium, one per test module (the browser tests of the site). Not one per
    run: Playwright's sync API cannot start while another instance is open in the thread, and
    the PDF forms (test_forms.py) start their own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


# ------------------------------------------------------------------ the tiers kept honest
# `make test-fast` leaves out the tests marked browser, build and git (pyproject.toml). A test
# that starts one of those programs without its marker fails here, naming the marker, so the fast
# tier stays fast. Programs started by a child process (`python -m site_builder ...`) are not
# seen; reading this checkout with git (`git ls-files`) is not a git test.
_running: list[pytest.Item] = []


def _tier(argv: list[str], cwd: object) -> str | None:
    program = os.path.basename(str(argv[0])) if argv else ""
    if program == "git":
        return None if cwd is not None and Path(str(cwd)).resolve() == ROOT else "git"
    if program == "mkdocs" or (program.startswith("python") and argv[1:3] == ["-m", "mkdocs"]):
        return "build"
    if "chromium" in program or (program == "node" and "playwright" in str(argv[0])):
        return "browser"
    return None


_popen_init = subprocess.Popen.__init__


def _checked_popen_init(self, args, *rest, **kwargs):  # type: ignore[no-untyped-def]
    argv = [args] if isinstance(args, str | bytes | os.PathLike) else list(args)
    tier = _tier(
        [os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in argv], kwargs.get("cwd")
    )
    if tier and _running and _running[-1].get_closest_marker(tier) is None:
        raise RuntimeError(
            f"{_running[-1].nodeid} starts {argv[0]}: mark it @pytest.mark.{tier} "
            f"(or put it in the module's pytestmark); `make test-fast` leaves {tier} tests out."
        )
    _popen_init(self, args, *rest, **kwargs)


subprocess.Popen.__init__ = _checked_popen_init  # type: ignore[method-assign]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


# ------------------------------------------------------------------ the slowest files first
# `make test` hands whole files to its workers in collection order (pytest-xdist, --dist
# loadfile). The files with browser tests take minutes, the others seconds: started first, they
# run side by side and the short files fill the gaps, instead of one long file running alone at
# the end. The order within a file is kept.
_SLOW = ("browser", "build", "git")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    weight: dict[str, int] = {}
    for item in items:
        slow = [m for m in _SLOW if item.get_closest_marker(m) is not None]
        score = 4 if "browser" in slow else 1 if slow else 0
        weight[item.nodeid.split("::")[0]] = weight.get(item.nodeid.split("::")[0], 0) + score
    items.sort(key=lambda item: -weight[item.nodeid.split("::")[0]])
