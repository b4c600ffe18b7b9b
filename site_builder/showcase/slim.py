"""The slim index: what the catalogue and the online forms show of every public project, split so
that no page loads every project to show a few.

`api/projects.json` (opendata.py) stays the public data API: every public project with its whole
text, 1.6 MB gzip at 5,000 projects. The pages read this instead: the same public views, only the
fields they show (no summary, no body text), cut into

- `api/slim/index.json`: the counts, the years and their files, the units (the catalogue's unit
  filter lists every unit before every year is loaded);
- `api/slim/years/<year>.json`: one programme year's projects (the catalogue loads the newest
  years first and the rest when a filter, a sort or "show more" needs them);
- `api/slim/open.json`: what the forms pick from, with only the fields they use (FORM_FIELDS):
  every project of the newest programme year (the application form keeps its names free), every
  project still moving (approved, mid-term, concluded, nominated), those accepted in the newest
  two acceptance years (the panel nominates them) and the awards of the newest two award years
  (the panel counts them against the quota). An old, finished or long-accepted project has
  nothing left to file. Held by column (`columns`: each field's values in the projects' order),
  which gzips to about two thirds of the same records held one by one.
- `api/slim/names.json`: the same projects' names (`[id, title]`) alone, for the application
  form's check that a new project's name is free (it needs nothing else of them).

Built from the public views only, like the open data, so nothing that is not public can reach it;
every value is one that api/projects.json also publishes (tests/test_slim_index.py checks both).
"""

from __future__ import annotations

from typing import Any

from site_builder.core.process import HEADINGS, Stage
from site_builder.core.safetext import safe_json
from site_builder.showcase.links import Site
from site_builder.showcase.opendata import json_number
from site_builder.showcase.pages.catalogue import SLIM_INDEX_PATH
from site_builder.showcase.pages.markdown import branch_path, project_path
from site_builder.showcase.public import PublicProject

SLIM_INDEX = SLIM_INDEX_PATH  # api/slim/index.json
SLIM_DIR = SLIM_INDEX.rsplit("/", 1)[0]
SLIM_OPEN = f"{SLIM_DIR}/open.json"
SLIM_NAMES = f"{SLIM_DIR}/names.json"
SLIM_VERSION = 1
RECENT_YEARS = 2  # acceptance and award years the forms list
# What the forms read of a project (docs/javascripts/shared/projects.js).
FORM_FIELDS = (
    *("id", "title", "year", "branch", "stage", "grant", "total", "award_year", "dates"),
    "sections",
)


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
        "grant": json_number(v.grant),
        "total": None if v.total is None else float(v.total),
        "award_year": v.award_year or None,
        "dates": {m.event: m.date for m in v.timeline if m.event != Stage.AWARDED},
        "sections": [h for h in HEADINGS if h in v.sections],
    }


def _dump(payload: dict[str, Any]) -> str:
    # Compact: these files are read by scripts only (api/projects.json is the readable one).
    return safe_json(payload, separators=(",", ":")) + "\n"


def accepted_year(v: PublicProject) -> int | None:
    return next((int(m.date[:4]) for m in v.timeline if m.event == Stage.ACCEPTED), None)


def is_open(v: PublicProject, newest_year: int, newest_accepted: int, newest_award: int) -> bool:
    """Whether the forms list the project: see the module's docstring."""
    stage = Stage(v.stage)
    if v.year == newest_year or not (stage.final or stage == Stage.ACCEPTED):
        return True
    accepted = accepted_year(v)
    if stage == Stage.ACCEPTED and accepted and accepted > newest_accepted - RECENT_YEARS:
        return True
    return bool(v.award_year and v.award_year > newest_award - RECENT_YEARS)


def slim_files(views: list[PublicProject], site: Site) -> dict[str, str]:
    """docs-relative path → text of every slim index file."""
    ordered = sorted(views, key=lambda v: (-v.year, v.title, v.slug))
    records = [(v, slim_record(v, site)) for v in ordered]
    years: dict[int, list[dict[str, Any]]] = {}
    for v, r in records:
        years.setdefault(v.year, []).append(r)
    newest = max(years, default=0)
    newest_accepted = max((y for v in views if (y := accepted_year(v))), default=0)
    newest_award = max((v.award_year for v in views if v.award_year), default=0)
    opened = [
        {k: r[k] for k in FORM_FIELDS}
        for v, r in records
        if is_open(v, newest, newest_accepted, newest_award)
    ]
    files = {
        year_path(y): _dump({"version": SLIM_VERSION, "year": y, "projects": rs})
        for y, rs in years.items()
    }
    columns = {k: [r[k] for r in opened] for k in FORM_FIELDS}
    files[SLIM_OPEN] = _dump({"version": SLIM_VERSION, "count": len(opened), "columns": columns})
    names = [[r["id"], r["title"]] for r in opened]
    files[SLIM_NAMES] = _dump({"version": SLIM_VERSION, "count": len(names), "names": names})
    files[SLIM_INDEX] = _dump(
        {
            "version": SLIM_VERSION,
            "count": len(records),
            "open": {"file": SLIM_OPEN.removeprefix(SLIM_DIR + "/"), "count": len(opened)},
            "names": {"file": SLIM_NAMES.removeprefix(SLIM_DIR + "/"), "count": len(names)},
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
