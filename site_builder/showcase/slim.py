"""The slim index: what the catalogue and the online forms show of every public project, split so
that no page loads every project to show a few.

`api/projects.json` (opendata.py) stays the public data API: every public project with its whole
text, 1.6 MB gzip at 5,000 projects. The pages read this instead: the same public views, only the
fields they show (no summary, no body text), cut into

- `api/slim/index.json`: the counts, the years and their files, the units (the catalogue's unit
  filter lists every unit before every year is loaded);
- `api/slim/years/<year>.json`: one programme year's projects (the catalogue loads the newest
  years first and the rest when a filter, a sort or "show more" needs them);
- `api/slim/open.json`: what the forms pick from: every project still moving (a stage that is not
  final), the newest two programme years, and the awards of the newest two award years (the
  panel counts awards against the quota). An old, finished project has nothing left to file.

Built from the public views only, like the open data, so nothing that is not public can reach it;
every value is one that api/projects.json also publishes (tests/test_slim_index.py checks both).
"""

from __future__ import annotations

import json
from typing import Any

from site_builder.core.process import HEADINGS, Stage
from site_builder.core.safetext import safe_value
from site_builder.showcase.links import Site
from site_builder.showcase.opendata import _number
from site_builder.showcase.pages.catalogue import SLIM_INDEX_PATH
from site_builder.showcase.pages.markdown import branch_path, project_path
from site_builder.showcase.public import PublicProject

SLIM_INDEX = SLIM_INDEX_PATH  # api/slim/index.json
SLIM_DIR = SLIM_INDEX.rsplit("/", 1)[0]
SLIM_OPEN = f"{SLIM_DIR}/open.json"
SLIM_VERSION = 1
RECENT_YEARS = 2  # programme years (and award years) the forms always list


def year_path(year: int) -> str:
    return f"{SLIM_DIR}/years/{year}.json"


def slim_record(v: PublicProject, site: Site) -> dict[str, Any]:
    """One project as the catalogue and the forms show it: values api/projects.json publishes
    too (its timeline as `dates`, its sections' headings only, `award_year` from its award, `url`
    relative to the site's root)."""
    return {
        "id": v.key,
        "url": site.page(project_path(v)).removeprefix(site.url),
        "title": v.title,
        "year": v.year,
        "category": v.category,
        "unit": v.unit,
        "general_branch": v.general_branch,
        "branch": v.branch,
        "branch_id": v.branch_id,
        "branch_url": site.page(branch_path(v.branch_id)).removeprefix(site.url),
        "secretary": v.secretary,
        "executors": list(v.executors),
        "tags": list(v.tags),
        "stage": v.stage,
        "grant": _number(v.grant),
        "total": None if v.total is None else float(v.total),
        "award_year": v.award_year or None,
        "dates": {m.event: m.date for m in v.timeline if m.event != Stage.AWARDED},
        "sections": [h for h in HEADINGS if h in v.sections],
    }


def _dump(payload: dict[str, Any]) -> str:
    # Compact: these files are read by scripts only (api/projects.json is the readable one).
    return json.dumps(safe_value(payload), ensure_ascii=False, separators=(",", ":")) + "\n"


def is_open(v: PublicProject, newest_year: int, newest_award: int | None) -> bool:
    """Whether the forms list the project: still moving, recent, or a recent award."""
    if not Stage(v.stage).final or v.year > newest_year - RECENT_YEARS:
        return True
    return bool(v.award_year and newest_award and v.award_year > newest_award - RECENT_YEARS)


def slim_files(views: list[PublicProject], site: Site) -> dict[str, str]:
    """docs-relative path → text of every slim index file."""
    ordered = sorted(views, key=lambda v: (-v.year, v.title, v.slug))
    records = [(v, slim_record(v, site)) for v in ordered]
    years: dict[int, list[dict[str, Any]]] = {}
    for v, r in records:
        years.setdefault(v.year, []).append(r)
    newest = max(years, default=0)
    newest_award = max((v.award_year for v in views if v.award_year), default=None)
    opened = [r for v, r in records if is_open(v, newest, newest_award)]
    files = {
        year_path(y): _dump({"version": SLIM_VERSION, "year": y, "projects": rs})
        for y, rs in years.items()
    }
    files[SLIM_OPEN] = _dump({"version": SLIM_VERSION, "count": len(opened), "projects": opened})
    files[SLIM_INDEX] = _dump(
        {
            "version": SLIM_VERSION,
            "count": len(records),
            "open": {"file": SLIM_OPEN.removeprefix(SLIM_DIR + "/"), "count": len(opened)},
            "years": [
                {
                    "year": y,
                    "count": len(years[y]),
                    "file": year_path(y).removeprefix(SLIM_DIR + "/"),
                }
                for y in sorted(years, reverse=True)
            ],
            "units": sorted({v.unit for v in views}),
        }
    )
    return files
