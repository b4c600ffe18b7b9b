"""Writes what the schemas say about stages from the one programme definition
(site_builder/core/process.py): the project schema's `stage` values, labels, public list and
stage-dependent requirements, and the open data schema's public stages (a developer's tool).

    python -m tools.process_schema --check   # exit 1 and say which file is stale
    python -m tools.process_schema --write   # rewrite the schema files
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from site_builder.core import process

ROOT = Path(__file__).resolve().parent.parent
PROJECT_SCHEMA = "schema/project.schema.json"
API_SCHEMA = "schema/projects-api.schema.json"


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def project_schema(schema: dict[str, Any]) -> dict[str, Any]:
    parts = process.schema_parts()
    schema["properties"]["stage"].update(parts["stage"])
    schema["allOf"] = parts["allOf"]
    return schema


def api_schema(schema: dict[str, Any]) -> dict[str, Any]:
    props = schema["$defs"]["project"]["properties"] if "$defs" in schema else None
    if props is None:
        props = schema["properties"]["projects"]["items"]["properties"]
    public = [s for s in process.STAGES if s.public]
    props["stage"]["enum"] = [s.value for s in public]
    labels = "\u3001".join(s.label for s in public[:-1]) + "\u6216" + public[-1].label
    props["stage_label"]["description"] = (
        f"\u9636\u6bb5\u7684\u4e2d\u6587\u540d\u79f0\uff1a{labels}\u3002"
    )
    return schema


GENERATORS = {PROJECT_SCHEMA: project_schema, API_SCHEMA: api_schema}


def generated(root: Path = ROOT) -> dict[str, tuple[str, str]]:
    """Each schema file's current text and the text it should have."""
    out = {}
    for rel, fix in GENERATORS.items():
        text = (root / rel).read_text(encoding="utf-8")
        out[rel] = (text, _dump(fix(json.loads(text))))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.process_schema")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    stale = [rel for rel, (now, want) in generated().items() if now != want]
    if args.write:
        for rel in stale:
            (ROOT / rel).write_text(generated()[rel][1], encoding="utf-8")
            print(f"\u5df2\u66f4\u65b0 {rel}")
        return 0
    for rel in stale:
        print(
            f"{rel}: \u4e0e site_builder/core/process.py \u4e0d\u4e00\u81f4\uff0c"
            "\u8bf7\u8fd0\u884c python -m tools.process_schema --write"
        )
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
