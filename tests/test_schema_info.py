"""The schema helper (core/programme.py `SchemaInfo`): every question about the project schema
that pages, forms and messages ask is answered there, and the answers match the schema file."""

from __future__ import annotations

import json
from datetime import date

from factory import ROOT

from site_builder.core.process import STAGES, Stage
from site_builder.core.programme import SCORE, Programme, SchemaInfo
from site_builder.showcase.pages import Context, data_format

SCHEMA = json.loads((ROOT / "schema/project.schema.json").read_text(encoding="utf-8"))


def info() -> SchemaInfo:
    return Programme.load(ROOT).schema


def _required_by_hand(key: str) -> set[str]:
    """The stages the schema file itself requires `key` in (its `required` and `allOf`)."""
    if key in SCHEMA.get("required", []):
        return {s.value for s in STAGES}
    found: set[str] = set()
    for part in SCHEMA.get("allOf", []):
        if key in part["then"].get("required", []):
            cond = part["if"]["properties"]["stage"]
            found.update(cond.get("enum", [cond.get("const")]))
    return found


def test_required_in_answers_what_the_schema_says_for_every_field() -> None:
    schema = info()
    assert schema.fields() == list(SCHEMA["properties"])
    for key in schema.fields():
        assert {s.value for s in schema.required_in(key)} == _required_by_hand(key), key
    assert schema.required_in("title") == STAGES
    assert schema.required_in("duration_reason") == ()
    assert Stage.AWARDED in schema.required_in("award")
    assert Stage.APPLIED not in schema.required_in("approval")


def test_the_data_format_page_says_when_each_field_is_required() -> None:
    schema = info()
    assert data_format.required_text(schema, "title") == "\u7533\u62a5\u8d77"  # 申报起
    assert data_format.required_text(schema, "duration_reason") == "\u53ef\u9009"  # 可选
    # Written when nominated (公示), kept when awarded.
    award = "\u3001".join((Stage.NOMINATED.label, Stage.AWARDED.label))
    assert data_format.required_text(schema, "award") == award
    context = Context([], Programme.load(ROOT), date(2026, 11, 28))
    page = data_format.pages(context)[data_format.DATA_FORMAT_PAGE]
    row = next(line for line in page.splitlines() if line.startswith("| `withdrawal` |"))
    assert row.endswith(f"| {Stage.WITHDRAWN.label} |")


def test_titles_labels_and_criteria() -> None:
    schema = info()
    grant = SCHEMA["properties"]["approval"]["properties"]["grant"]
    assert schema.title(("approval", "grant")) == grant["title"]
    assert schema.labels("category") == SCHEMA["properties"]["category"]["x-labels"]
    result = SCHEMA["properties"]["acceptance"]["properties"]["result"]
    assert schema.labels(("acceptance", "result")) == result["x-labels"]  # nested, by path
    assert schema.label("category", "nonsense") == "nonsense"
    assert schema.is_date(("applied_on",)) and not schema.is_date(("title",))
    assert schema.description(("summary",))
    assert schema.criteria and all(schema.title((*SCORE, c)) for c in schema.criteria)
    assert "reviewer" not in schema.criteria
    assert set(schema.always_required) == {
        k for k in schema.fields() if schema.required_in(k) == STAGES
    }
