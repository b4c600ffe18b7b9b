"""The showcase in one call: validate everything, then build the public pages, or refuse.
Shared by the MkDocs plugin and the `stage` command so both publish exactly the same pages."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from site_builder.core.diagnostics import Diagnostic, has_errors
from site_builder.core.programme import Programme
from site_builder.rules.validate import validate
from site_builder.showcase.media import publish
from site_builder.showcase.pages import PROJECT_DIR, SUBPAGE_DIRS, build_pages


@dataclass
class Showcase:
    pages: dict[str, str]  # docs-relative path → Markdown; empty when refused
    diagnostics: list[Diagnostic]
    media: dict[str, Path] = field(default_factory=dict)  # docs-relative path → file to copy

    @property
    def refused(self) -> bool:
        return has_errors(self.diagnostics)

    @staticmethod
    def in_nav(src_uri: str) -> bool:
        """Project pages and the per-year, per-category, per-unit and per-tag listings are
        reached through the index pages and search, not the sidebar (a sidebar listing them
        would be copied into every page)."""
        return not any(src_uri.startswith(folder + "/") for folder in SUBPAGE_DIRS)

    @staticmethod
    def is_project(src_uri: str) -> bool:
        """Pages that carry a project's own Markdown (sanitised again after rendering)."""
        return src_uri.startswith(PROJECT_DIR + "/")


def build_date(configured: str | None = None) -> date:
    """`today` for the calendar: configured, or SHOWCASE_TODAY, or the real date."""
    value = configured or os.environ.get("SHOWCASE_TODAY")
    return date.fromisoformat(value) if value else date.today()


def generate(root: Path, today: date) -> Showcase:
    """Raises ConfigError when the roster or settings are unusable, MediaError when a photo
    cannot be processed."""
    programme = Programme.load(root)
    result = validate(root, programme)
    if result.errors:
        return Showcase({}, result.diagnostics)
    pages = build_pages(result.projects, programme, today, result.media)
    return Showcase(pages, result.diagnostics, publish(root, pages, result.media))
