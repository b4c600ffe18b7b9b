"""The guide page 数据格式 (data-format.md): every field from the schema (when each is required
from the programme definition, through the schema helper), the body's sections, the stages and
the stage changes from core/process.py; prose in templates/data-format.md.j2."""

from __future__ import annotations

from site_builder.core.process import SECTIONS, STAGES, TRANSITIONS
from site_builder.core.programme import SchemaInfo
from site_builder.showcase.pages.context import Context
from site_builder.showcase.pages.markdown import front, table, template

DATA_FORMAT_PAGE = "data-format.md"
WHO = {"branch": "支部", "panel": "评审组"}


def required_text(info: SchemaInfo, key: str) -> str:
    """When the field `key` must be given: 申报起 (always), the stages, or 可选."""
    stages = info.required_in(key)
    if stages == STAGES:
        return "申报起"
    return "\u3001".join(s.label for s in stages) or "可选"


def pages(context: Context) -> dict[str, str]:
    info = context.programme.schema
    rows = []
    for key in info.fields():
        desc = info.description((key,))
        labels = info.labels(key)
        if labels:
            desc += " 可选值\uff1a" + "\u3001".join(f"`{k}` {v}" for k, v in labels.items())
        rows.append([f"`{key}`", info.title((key,)), desc, required_text(info, key)])
    stage_rows = [
        [f"`{s.value}`", s.label, "是" if s.public else "否", "是" if s.final else ""]
        for s in STAGES
    ]
    transition_rows = [
        [
            tr.source.label if tr.source else "\uff08新文件\uff09",
            tr.target.label,
            "或".join(WHO[a] for a in sorted(tr.actors)),
        ]
        for tr in TRANSITIONS
    ]
    section_rows = [[f"`## {s.heading}`", s.from_stage.label + "起", s.hint] for s in SECTIONS]
    page = front("数据格式") + template(
        "data-format.md.j2",
        fields=table(["字段", "中文名称", "说明", "何时必填"], rows),
        sections=table(["二级标题", "何时必须有", "写什么"], section_rows),
        stages=table(["阶段", "中文", "网站公开", "最终阶段"], stage_rows),
        transitions=table(["从", "到", "由谁提交"], transition_rows),
    )
    return {DATA_FORMAT_PAGE: page}
