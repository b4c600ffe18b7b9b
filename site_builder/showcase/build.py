"""The showcase in one call: validate everything, then build the public pages and data files, or
refuse. Shared by the MkDocs plugin and the `export` command so both publish exactly the same
files."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from site_builder.core.diagnostics import Diagnostic, has_errors
from site_builder.core.errors import SiteBuilderError
from site_builder.core.media import MediaFacts
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from site_builder.rules.validate import validate
from site_builder.showcase import feed, ical, notice, opendata, slim
from site_builder.showcase.forms_pages import form_pages
from site_builder.showcase.links import DEFAULT_API, Site
from site_builder.showcase.media import publish
from site_builder.showcase.pages import PROJECT_DIR, SUBPAGE_DIRS, pages_of, public_views


@dataclass
class Showcase:
    # docs-relative path → content: Markdown pages (.md) and data files copied as they are
    # (feed, calendar, open data). Empty when refused.
    pages: dict[str, str]
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


TODAY_ENV = "SHOWCASE_TODAY"


class DateSettingError(SiteBuilderError):
    """The configured `today` is not a date; the message names the setting."""

    code = "SB505"


def build_date(configured: str | None = None, setting: str = "showcase 插件的 today") -> date:
    """`today` for the calendar: configured (`setting` names where, for the message), or
    SHOWCASE_TODAY, or the real date. DateSettingError when the one given is not a date."""
    if configured:
        value, where = configured, setting
    else:
        value, where = os.environ.get(TODAY_ENV), f"环境变量 {TODAY_ENV}"
    if not value:
        return date.today()
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise DateSettingError(
            f"{where} 必须写作 YYYY-MM-DD\uff0c如 2026-11-28\uff1b"
            f"\u201c{value}\u201d不是有效的日期\u3002"
        ) from None


def build_files(
    projects: list[Project],
    programme: Programme,
    today: date,
    site: Site,
    media: Mapping[str, MediaFacts] | None = None,
    repository: str | None = None,
    api: str = DEFAULT_API,
) -> dict[str, str]:
    """Every generated file, from the public views of `projects` (already valid) only. `media`
    (path → facts) gives the project pages their photos and documents; `repository` is the
    address the online forms open (None: they only copy); `api` GitHub's REST API address the
    sign-in page (登录) uses."""
    views = public_views(projects, programme, media)
    files = pages_of(views, programme, today, site)
    files[feed.FEED_PATH] = feed.atom_feed(views, site, today)
    files[ical.CALENDAR_PATH] = ical.programme_calendar(views, programme.settings, site, today)
    files[opendata.API_PATH] = opendata.projects_json(views, site)
    files[opendata.API_SCHEMA_PATH] = opendata.api_schema_text(programme.root)
    files.update(slim.slim_files(views, site))  # what the catalogue and the forms read
    files.update(form_pages(programme, repository, api))
    files[notice.NOTICE_PAGE] = notice.notice_page(views, programme, repository)
    files.update(ical.branch_calendars(projects, views, programme, site, today))
    return files


def generate(
    root: Path,
    today: date,
    site: Site,
    repository: str | None = None,
    api: str = DEFAULT_API,
) -> Showcase:
    """Raises ConfigError when the roster or settings are unusable, MediaError when a photo
    cannot be processed. `repository`: the address the online forms open; `api`: GitHub's REST
    API address (mkdocs.yml extra.github_api)."""
    programme = Programme.load(root)
    result = validate(root, programme)
    if result.errors:
        return Showcase({}, result.diagnostics)
    files = build_files(result.projects, programme, today, site, result.media, repository, api)
    return Showcase(files, result.diagnostics, publish(root, files, result.media))
