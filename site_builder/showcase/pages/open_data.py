"""The guide page 开放数据与订阅: the feed, the calendar and the open data, the latter's fields
generated from `schema/projects-api.schema.json` (one source for the shape and its Chinese);
prose in templates/open-data.md.j2. The page needs the site's address (`context.site`)."""

from __future__ import annotations

from typing import Any

from site_builder.core.programme import Programme

# Modules, not names: feed, ical and opendata import this package's link helpers in turn.
from site_builder.showcase import feed, ical, opendata
from site_builder.showcase.links import Site
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.markdown import front, table, template

PAGE_PATH = "open-data.md"
TYPES = {
    "string": "文字",
    "integer": "整数",
    "number": "数值",
    "array": "列表",
    "object": "对象",
    "null": "null",
}


def _resolve(node: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return {**schema["$defs"][ref.removeprefix("#/$defs/")], **node}
    return node


def _type(node: dict[str, Any]) -> str:
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return "\u3001".join(f"`{v}`" for v in node["enum"])
    kinds = node.get("type")
    if kinds is None and "oneOf" in node:
        kinds = [b.get("type") for b in node["oneOf"]]
    names = [TYPES.get(k, k) for k in (kinds if isinstance(kinds, list) else [kinds])]
    if node.get("format") == "date":
        names[0] = "日期 YYYY-MM-DD"
    elif node.get("format") == "uri":
        names[0] = "网址"
    return " 或 ".join(names)


def field_rows(schema: dict[str, Any]) -> list[list[str]]:
    """One row per field, nested fields as `projects[].award.year`, in the schema's order."""
    rows: list[list[str]] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        node = _resolve(node, schema)
        for branch in node.get("oneOf", []):
            if branch.get("type") == "object":
                node = branch
        for key, child in node.get("properties", {}).items():
            child = _resolve(child, schema)
            path = f"{prefix}{key}"
            rows.append(
                [f"`{path}`", child.get("title", ""), _type(child), child.get("description", "")]
            )
            if "items" in child:
                walk(child["items"], f"{path}[].")
            elif "properties" in child or "oneOf" in child:
                walk(child, f"{path}.")

    walk(schema, "")
    return rows


def _month_day(month_day: str) -> str:
    month, day = (int(x) for x in month_day.split("-"))
    return f"{month} 月 {day} 日"


def pages(context: Context) -> dict[str, str]:
    """The page, when the site's address is known (`pages_of` without one leaves it out)."""
    if context.site is None:
        return {}
    return {PAGE_PATH: open_data_page(context.site, context.programme)}


def open_data_page(site: Site, programme: Programme) -> str:
    settings = programme.settings
    windows = [
        [w.title, f"{ical.WHEN.get(w.offset, '')} {_month_day(w.start)}至 {_month_day(w.end)}"]
        for w in settings.calendar.values()
    ]
    return front("开放数据与订阅") + template(
        "open-data.md.j2",
        feed_url=site.file(feed.FEED_PATH),
        feed_path=feed.FEED_PATH,
        max_entries=feed.MAX_ENTRIES,
        calendar_url=site.file(ical.CALENDAR_PATH),
        calendar_path=ical.CALENDAR_PATH,
        api_url=site.file(opendata.API_PATH),
        api_path=opendata.API_PATH,
        api_schema_path=opendata.API_SCHEMA_PATH,
        api_version=opendata.API_VERSION,
        windows=table(["环节", "时间"], windows),
        fields=table(
            ["字段", "中文名称", "类型", "说明"], field_rows(opendata.api_schema(programme.root))
        ),
    )
