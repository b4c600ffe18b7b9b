from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factory import make_repo
from site_helpers import ARGS, CHROMIUM

from site_builder.core.programme import Programme


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


@pytest.fixture
def programme(repo: Path) -> Programme:
    return Programme.load(repo)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium, one per test module (the browser tests of the site)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
