"""Every JSON Schema keyword the schemas use has a Chinese message of its own (PS2xx), and a keyword
without one still gets the PS299 fallback rather than an English message or a crash."""

from __future__ import annotations

import json
from typing import Any

from factory import ROOT
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from site_builder.core.programme import Programme
from site_builder.rules.schema import OTHER, TRANSLATORS, translate

# Annotations: they never make a document invalid.
ANNOTATIONS = {
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$defs",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
}
# Keywords that only apply subschemas: jsonschema reports their failures as the failing
# subschema's own keyword (its `validator`), never as the keyword itself.
#   properties/patternProperties/$ref/allOf/then/else: yield the errors of their subschemas;
#   items (2020-12, a schema): the errors of every element; but `items: false` is reported as items;
#   if: only picks then or else, whose failures are reported.
# Not listed, because they raise errors under their own name: additionalProperties, anyOf, oneOf,
# not, contains, dependentRequired, propertyNames' false schema and the rest.
APPLICATORS = {"properties", "patternProperties", "$ref", "allOf", "items", "if", "then", "else"}

# Where subschemas whose failures are reported sit. Not descended: if (never reported), and
# anyOf/oneOf/not/contains (reported under their own name, the subschemas' failures as context).
# Keywords are read only at schema positions (a property called "title" is not the keyword).
_SCHEMA_MAPS = {"properties", "patternProperties", "$defs", "dependentSchemas"}
_SCHEMA_LISTS = {"allOf", "prefixItems"}
_SCHEMA_ONE = {
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "then",
    "else",
    "propertyNames",
}
# Given `false`, these report under their own name rather than as a false schema.
_SELF_REPORTING = {"items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems"}


def keywords(schema: Any, where: str = "#") -> list[tuple[str, str, Any]]:
    """(keyword, where, value) for every keyword at a schema position whose failures are reported."""
    if schema is False:
        return [("<false schema>", where, False)]  # rejects everything, reported with no keyword
    if not isinstance(schema, dict):
        return []
    found = [(key, f"{where}/{key}", value) for key, value in schema.items()]
    for key, value in schema.items():
        if key in _SCHEMA_MAPS:
            for name, sub in value.items():
                found += keywords(sub, f"{where}/{key}/{name}")
        elif key in _SCHEMA_LISTS:
            for i, sub in enumerate(value):
                found += keywords(sub, f"{where}/{key}/{i}")
        elif key in _SCHEMA_ONE and not (key in _SELF_REPORTING and value is False):
            found += keywords(value, f"{where}/{key}")
    return found


def validation_keywords(schema: Any) -> dict[str, str]:
    """Keywords that can fail under their own name, each with one place it is used."""
    found: dict[str, str] = {}
    for key, where, value in keywords(schema):
        if key in ANNOTATIONS or key.startswith("x-"):
            continue
        if key in APPLICATORS and not (key in _SELF_REPORTING and value is False):
            continue
        found.setdefault(key, where)
    return found


# The schemas that judge input; `projects-api.schema.json` describes what the site publishes
# and never produces a message for a user.
OUTPUT_SCHEMAS = {"projects-api.schema.json"}
SCHEMAS = sorted(p for p in (ROOT / "schema").glob("*.json") if p.name not in OUTPUT_SCHEMAS)


def test_the_schemas_are_all_walked() -> None:
    assert {p.name for p in SCHEMAS} >= {
        "project.schema.json",
        "roster.schema.json",
        "programme.schema.json",
    }
    used = validation_keywords(json.loads((ROOT / "schema/project.schema.json").read_text()))
    # The walker reaches nested and $defs subschemas, not only the top level.
    assert {"required", "additionalProperties", "pattern", "format", "const"} <= set(used)


def test_every_keyword_the_schemas_use_has_a_translator() -> None:
    missing = {}
    for path in SCHEMAS:
        schema = json.loads(path.read_text(encoding="utf-8"))
        for key, where in validation_keywords(schema).items():
            if key not in TRANSLATORS:
                missing[key] = f"{path.name}{where}"
    assert missing == {}, "add a translator in site_builder/rules/schema.py"


def test_the_walker_finds_keywords_without_a_translator() -> None:
    schema = {
        "title": "t",
        "properties": {
            "title": {"type": "string", "x-labels": {"multipleOf": "x"}},
            "n": {"allOf": [{"multipleOf": 2}]},
            "m": False,
        },
        "$defs": {
            "d": {"if": {"const": 1}, "then": {"dependentRequired": {"a": ["b"]}}, "items": False},
            "e": {"anyOf": [{"minimum": 1}], "additionalProperties": False, "items": {}},
        },
    }
    found = validation_keywords(schema)
    assert set(found) == {
        "type",
        "multipleOf",
        "<false schema>",
        "dependentRequired",
        "items",
        "anyOf",
        "additionalProperties",
    }
    assert found["multipleOf"] == "#/properties/n/allOf/0/multipleOf"
    assert found["items"] == "#/$defs/d/items"
    assert {"multipleOf", "<false schema>", "dependentRequired", "items", "anyOf"}.isdisjoint(
        TRANSLATORS
    )


def test_a_keyword_without_a_translator_falls_back_to_ps299(programme: Programme) -> None:
    assert "multipleOf" not in TRANSLATORS
    error = ValidationError(
        "3 is not a multiple of 2", validator="multipleOf", validator_value=2, path=["year"]
    )
    rule, path, text, at_key = translate(error, programme.schema, {"year": 3})
    assert (rule, path, at_key) == (OTHER, ("year",), False)
    # The field with its Chinese title, and the keyword so that a maintainer can add a message.
    assert text.startswith(programme.schema.describe(("year",)) + " ") and "multipleOf" in text


def test_a_false_schema_falls_back_to_ps299(programme: Programme) -> None:
    # jsonschema reports a `false` subschema with no keyword at all.
    (error,) = Draft202012Validator({"properties": {"year": False}}).iter_errors({"year": 1})
    assert error.validator is None
    assert translate(error, programme.schema, {"year": 1})[0] is OTHER
