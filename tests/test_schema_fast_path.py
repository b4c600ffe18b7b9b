"""The compiled schema check (fastjsonschema) decides exactly as jsonschema does.

Validation runs jsonschema's iter_errors only on documents the compiled check does not accept, so
the compiled check must never accept what jsonschema refuses; these tests hold them equal on every
document the test suite knows and on mutations of valid projects."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from cases import CASES, CORPUS
from factory import ROOT, front, render
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.core.fastcheck import compile_fast, fast_path_supported
from site_builder.core.loader import LoadError, load_bytes, load_text
from site_builder.core.programme import SchemaInfo

STAGES = (
    "applied",
    "approved",
    "rejected",
    "midterm",
    "concluded",
    "accepted",
    "failed",
    "awarded",
    "withdrawn",
)


INFO = SchemaInfo.load(ROOT)


@pytest.fixture
def info() -> SchemaInfo:
    return INFO


def agree(info: SchemaInfo, data: Any) -> None:
    validator = info.validator
    full = validator.full.is_valid(data)
    assert validator.accepts(data) == full, (data, list(validator.full.iter_errors(data))[:3])
    assert (list(validator.iter_errors(data)) == []) == full
    assert validator.is_valid(data) == full


def test_the_project_schema_uses_the_fast_path(info: SchemaInfo) -> None:
    assert fast_path_supported(info.schema)
    assert info.validator.fast


def test_every_hostile_document_that_loads(info: SchemaInfo) -> None:
    loaded = 0
    for content, _, _ in CORPUS.values():
        raw = content.encode("utf-8") if isinstance(content, str) else content
        try:
            data = load_bytes(raw).data
        except LoadError:
            continue
        loaded += 1
        agree(info, data)
    assert loaded >= 10


def test_every_rule_case(info: SchemaInfo) -> None:
    for _, overrides, text, _, _ in CASES:
        agree(info, load_text(render(front("applied", **overrides), text)).data)


def test_every_example_and_stage(info: SchemaInfo) -> None:
    examples = sorted((ROOT / "projects").rglob("*.md"))
    assert examples
    for path in examples:
        data = load_bytes(path.read_bytes()).data
        assert info.validator.accepts(data), path
        agree(info, data)
    for stage in STAGES:
        agree(info, front(stage))


def test_valid_documents_are_left_untouched(info: SchemaInfo) -> None:
    data = front("accepted", duration_months=None)  # a default must not be written in
    before = copy.deepcopy(data)
    assert info.validator.accepts(data)
    assert data == before


def test_python_dollar_is_kept() -> None:
    # jsonschema searches with Python's `$`, which matches before a final newline.
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "string",
        "pattern": "^[0-9]+$",
    }
    check = compile_fast(schema, INFO.validator.full.format_checker)
    assert check is not None
    check("12\n")  # accepted, as jsonschema accepts it


@pytest.mark.parametrize(
    "schema",
    [
        {"properties": {"a": {"$ref": "#/$defs/x", "maxLength": 3}}, "$defs": {"x": {}}},
        {"enum": [1, 2]},
        {"const": True},
        {"format": "email"},
        {"items": [{"type": "string"}]},
        {"dependentRequired": {"a": ["b"]}},
        {"unevaluatedProperties": False},
        {"$ref": "https://example.org/other.json"},
    ],
)
def test_schemas_it_cannot_judge_exactly_fall_back(schema: dict) -> None:
    assert not fast_path_supported(schema)
    assert compile_fast(schema, INFO.validator.full.format_checker) is None


# ------------------------------------------------------------ mutations of valid projects

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=200_000),
    st.sampled_from(
        [
            "",
            "x",
            "李明",
            "2026-05-06",
            "2026-02-30",
            "2026-5-6",
            "2026-05-06\n",
            "１２３",
            "0",
            "00",
            "0.00",
            "85.50",
            "85.5",
            "85.505",
            "100\n",
            "89.0",
            "1000.1",
            "gb-eng",
            "Gb_Eng",
            "eng-",
            "approved",
            "rejected",
            "passed",
            "failed",
            "service",
            "awarded",
            "withdrawn",
            "优秀成果",
            "党员先锋岗建设行动",
            "很" * 41,
        ]
    ),
    st.text(max_size=45),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["date", "x", "year", "grant", "result"]), inner),
    ),
    max_leaves=6,
)


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += paths(item, (*prefix, i))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> dict:
    data = front(draw(st.sampled_from(STAGES)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        where = draw(st.sampled_from(paths(data)))
        parent: Any = data
        for part in where[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[where[-1]] = draw(VALUES)
        elif action == "delete":
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["award", "titel", "grant", "total", "opinion"]))] = draw(
                VALUES
            )
        else:
            parent.append(draw(VALUES))
        if not paths(data):
            break
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_projects(data: dict) -> None:
    agree(INFO, data)


@pytest.mark.parametrize("name", ["roster.schema.json", "programme.schema.json"])
def test_the_roster_and_settings_checks_agree(name: str) -> None:
    from site_builder.core.loader import load_data_file
    from site_builder.core.programme import _config_validator

    rel = f"schema/{name}"
    validator = _config_validator(rel, (ROOT / rel).read_bytes())
    assert validator.fast
    path = ROOT / "data" / name.replace(".schema.json", ".yml")
    data, _ = load_data_file(path.read_bytes())
    variants = [data]
    for key in list(data):
        broken = copy.deepcopy(data)
        del broken[key]
        variants.append(broken)
        variants.append({**copy.deepcopy(data), key: "x"})
    variants.append({**copy.deepcopy(data), "extra": 1})
    if name == "roster.schema.json":
        odd = copy.deepcopy(data)
        odd["panel"][0]["login"] = "-bad-"
        odd["general_branches"][0]["branches"][0]["id"] = "Eng_Teachers"
        variants.append(odd)
    for variant in variants:
        full = validator.full.is_valid(variant)
        assert validator.accepts(variant) == full, variant
        assert (list(validator.iter_errors(variant)) == []) == full
