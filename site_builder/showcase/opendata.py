"""`api/projects.json`: every public project exactly as its page shows it, for others to reuse.

The shape is the contract `schema/projects-api.schema.json` (published beside the data as
`api/projects.schema.json`); `version` grows with any incompatible change. Built from public
views only, so reviewers' names, individual scores, itemised expenses and the panel's opinions
cannot reach it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from site_builder.core.process import HEADINGS, Stage
from site_builder.core.safetext import safe_json
from site_builder.showcase.links import Site
from site_builder.showcase.pages.catalogue import OPEN_DATA_PATH
from site_builder.showcase.pages.markdown import branch_path, project_path
from site_builder.showcase.public import PublicProject

API_VERSION = 1
API_PATH = OPEN_DATA_PATH
API_SCHEMA_PATH = "api/projects.schema.json"
SCHEMA_FILE = "projects-api.schema.json"


def api_schema_text(root: Path) -> str:
    """The contract, from the repository's own `schema/` (like every schema the tool reads), read
    afresh each time: nothing is kept between two builds or commands in one process."""
    return (root / "schema" / SCHEMA_FILE).read_text(encoding="utf-8")


def api_schema(root: Path) -> dict[str, Any]:
    return json.loads(api_schema_text(root))


def json_number(value: Decimal) -> int | float:
    """Money and scores as JSON numbers: integers stay integers, 505.50 becomes 505.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def project_record(v: PublicProject, site: Site) -> dict[str, Any]:
    award = None
    if v.award_year:
        award = {"year": v.award_year, "title": v.award_title, "rank": v.award_rank}
    return {
        "id": v.key,
        "url": site.page(project_path(v)),
        "title": v.title,
        "year": v.year,
        "category": v.category,
        "category_label": v.category_label,
        "unit": v.unit,
        "general_branch": v.general_branch,
        "branch": v.branch,
        "branch_id": v.branch_id,
        "branch_url": site.page(branch_path(v.branch_id)),
        "secretary": v.secretary,
        "executors": list(v.executors),
        "summary": v.summary,
        "duration_months": v.duration_months,
        "tags": list(v.tags),
        "stage": v.stage,
        "stage_label": v.stage_label,
        "grant": json_number(v.grant),
        "spent": None if v.spent is None else json_number(v.spent),
        "total": None if v.total is None else float(v.total),
        "award": award,
        # 公示: a nomination's notice, as its page and the 公示 page show it.
        "notice": {"start": v.notice_start, "end": v.notice_end} if v.notice_start else None,
        # The award's milestone carries only a year; it is `award` above.
        "timeline": [
            {"event": m.event, "date": m.date, "label": m.label}
            for m in v.timeline
            if m.event != Stage.AWARDED
        ],
        "sections": [
            {"heading": h, "markdown": v.sections[h]} for h in HEADINGS if h in v.sections
        ],
    }


def projects_json(views: list[PublicProject], site: Site) -> str:
    records = [project_record(v, site) for v in sorted(views, key=lambda v: (v.year, v.slug))]
    payload = {
        "version": API_VERSION,
        "site": site.url,
        "schema": site.file(API_SCHEMA_PATH),
        "count": len(records),
        "projects": records,
    }
    return safe_json(payload, indent=1) + "\n"
