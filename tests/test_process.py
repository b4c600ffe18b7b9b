"""The one programme definition (site_builder/core/process.py): the schema's stage parts are
generated from it, no other module spells a stage's name, and the browser's copy is the same."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from site_builder.core import process
from site_builder.core.process import STAGES, Stage
from tools import process_schema

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "site_builder"


def test_schema_files_are_generated_from_the_definition() -> None:
    stale = [rel for rel, (now, want) in process_schema.generated().items() if now != want]
    assert stale == [], "run python -m tools.process_schema --write"


def test_a_changed_definition_makes_the_schema_stale(monkeypatch) -> None:
    facts = dict(process._FACTS)
    facts[Stage.APPROVED] = process._Facts("\u5df2\u7acb\u9879X", True, False, 1, "x")
    monkeypatch.setattr(process, "_FACTS", facts)
    stale = [rel for rel, (now, want) in process_schema.generated().items() if now != want]
    assert process_schema.PROJECT_SCHEMA in stale


def _stage_only_words() -> set[str]:
    """Stage names that are not also a field name or another field's value (`midterm` is a
    field, `approved` a decision, `failed` a result): those may appear as such elsewhere."""
    schema = json.loads((ROOT / "schema/project.schema.json").read_text(encoding="utf-8"))
    other: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "properties" and isinstance(v, dict):
                    other.update(v)
                    for name, sub in v.items():
                        if name != "stage":
                            walk(sub)
                elif k == "enum":
                    other.update(x for x in v if isinstance(x, str))
                elif k not in ("allOf",):
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(schema)
    return {s.value for s in STAGES} - other


def test_no_stage_name_is_spelled_outside_the_definition() -> None:
    words = _stage_only_words()
    assert {"applied", "concluded", "awarded", "withdrawn"} <= words
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "core" / "process.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in words:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert found == []


def test_stage_facts_match_the_contract() -> None:
    # The contract's stage table (../shared/design/process.md), written out by hand here.
    public = {"approved", "midterm", "concluded", "accepted", "nominated", "awarded"}
    final = {"rejected", "failed", "withdrawn", "awarded"}
    assert {s.value for s in STAGES if s.public} == public
    assert {s.value for s in STAGES if s.final} == final
    assert Stage.parse("applied") is Stage.APPLIED
    assert Stage.parse("Applied") is None and Stage.parse(3) is None and Stage.parse(None) is None
    assert [s.heading for s in process.required_sections(Stage.WITHDRAWN)] == list(
        process.PLAN_SECTIONS
    )
    assert len(process.required_sections(Stage.FAILED)) == len(process.SECTIONS)
    assert process.targets(Stage.APPLIED, "panel") == [
        Stage.APPROVED,
        Stage.REJECTED,
        Stage.WITHDRAWN,
    ]
    assert process.targets(Stage.MIDTERM, "branch") == [Stage.CONCLUDED, Stage.WITHDRAWN]
    assert all(process.targets(s) == [] for s in STAGES if s.final)
    # The panel leader approves nominating and awarding (公示 before the award).
    leader = {(t.source, t.target) for t in process.TRANSITIONS if t.leader}
    assert leader == {
        (Stage.ACCEPTED, Stage.NOMINATED),
        (Stage.NOMINATED, Stage.AWARDED),
        (Stage.ACCEPTED, Stage.AWARDED),
    }
    assert process.targets(Stage.NOMINATED, "panel") == [Stage.AWARDED, Stage.ACCEPTED]
    assert [t.target for t in process.TRANSITIONS if t.without_notice_only] == [Stage.AWARDED]


def test_the_browser_gets_the_same_definition() -> None:
    spec = json.loads(json.dumps(process.spec(), ensure_ascii=False))
    assert [s["id"] for s in spec["stages"]] == [s.value for s in STAGES]
    assert {s["id"]: s["label"] for s in spec["stages"]} == {s.value: s.label for s in STAGES}
    pairs = {(t["source"], t["target"]) for t in spec["transitions"]}
    assert pairs == {(t.source, t.target) for t in process.TRANSITIONS}
    assert spec["sections"][0]["prompt_line"] == process.prompt_line(process.SECTIONS[0])
