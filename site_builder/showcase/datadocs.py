"""The guide page 开放数据与订阅: the feed, the calendar and the open data, the latter's fields
generated from `schema/projects-api.schema.json` (one source for the shape and its Chinese)."""

from __future__ import annotations

from typing import Any

from site_builder.core.programme import Programme
from site_builder.showcase.feed import FEED_PATH, MAX_ENTRIES
from site_builder.showcase.ical import CALENDAR_PATH, WHEN
from site_builder.showcase.links import Site
from site_builder.showcase.opendata import API_PATH, API_SCHEMA_PATH, API_VERSION, api_schema
from site_builder.showcase.pages.markdown import front, table

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


def open_data_page(site: Site, programme: Programme) -> str:
    settings = programme.settings
    windows = [
        [w.title, f"{WHEN.get(w.offset, '')} {_month_day(w.start)}至 {_month_day(w.end)}"]
        for w in settings.calendar.values()
    ]
    return (
        front("开放数据与订阅") + "# 开放数据与订阅\n\n"
        "本网站公开的内容也以机器可读的文件提供\uff0c供订阅和其他网站\u3001程序使用\u3002"
        "这些文件随网站一同更新\uff0c只含网站上公开的内容\u3002\n\n"
        "## 项目动态订阅\n\n"
        f"订阅地址\uff1a`{site.file(FEED_PATH)}`\uff08Atom 格式\uff0c[打开]({FEED_PATH})\uff09\u3002"
        f"把地址添加到订阅阅读器\uff0c即可收到新立项的项目和新评出的优秀成果\uff08最新的 {MAX_ENTRIES} 条\uff09\u3002"
        "新立项的日期是立项评审的日期\uff1b优秀成果的日期是验收日期\uff0c"
        "但不早于表彰年度的 1 月 1 日\u3002每条动态的编号\uff08id\uff09固定不变\u3002\n\n"
        "## 工作日历\n\n"
        f"订阅地址\uff1a`{site.file(CALENDAR_PATH)}`\uff08iCalendar 格式\uff0c[下载]({CALENDAR_PATH})\uff09\u3002"
        "在手机或电脑的日历中选择\u201c添加已订阅的日历\u201d或\u201c通过网址添加\u201d\uff0c"
        "填入这个地址\u3002各环节是全天事件\uff0c每年重复\uff1a\n\n"
        + table(["环节", "时间"], windows)
        + "\n## 公开项目数据\n\n"
        f"地址\uff1a`{site.file(API_PATH)}`\uff08JSON\uff0c[打开]({API_PATH})\uff09\u3002"
        f"格式说明是 JSON Schema\uff08[{API_SCHEMA_PATH}]({API_SCHEMA_PATH})\uff0c"
        "仓库中的 `schema/projects-api.schema.json`\uff09\uff0c"
        f"当前版本 `version: {API_VERSION}`\uff1b格式有不兼容的改动时版本号加一\u3002"
        "数据只含项目页面显示的内容\uff1a不含未公开的项目\u3001评委姓名和分项得分\u3001"
        "经费明细和评审意见\u3002下表由格式说明自动生成\u3002\n\n"
        + table(["字段", "中文名称", "类型", "说明"], field_rows(api_schema(programme.root)))
    )
