"""The typed project model (core/model.py): every shipped example and every stage reads into
typed values that agree with the figures the rest of the tool computes from the raw data."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from site_builder.core.figures import grant_of, spent_of, total_of
from site_builder.core.loader import load_text
from site_builder.core.model import NotValidated, ProjectRecord
from site_builder.core.process import STAGES, Stage
from site_builder.core.programme import Programme
from site_builder.core.project import Project
from tests import factory

ROOT = Path(__file__).resolve().parent.parent


def _project(path: str, text: str) -> Project:
    return Project(path, load_text(text))


@pytest.mark.parametrize("stage", [s.value for s in STAGES])
def test_every_stage_reads_into_typed_values(stage: str) -> None:
    data = factory.front(stage)
    p = _project("projects/2026/cs-01.md", factory.render(data, factory.body(stage)))
    r = ProjectRecord.of(p)
    assert r.stage is Stage(stage) and r.key == "2026/cs-01" and r.slug == "cs-01"
    assert isinstance(r.executors, tuple) and r.executors == tuple(data["executors"])
    assert r.grant == grant_of(data)
    if "expenses" in data:
        assert r.expenses is not None and all(isinstance(e.amount, Decimal) for e in r.expenses)
        assert r.spent == spent_of(data)
    if r.acceptance is not None:
        criteria = Programme.load(ROOT).schema.criteria
        assert r.acceptance.total(criteria) == total_of(data, criteria)
    assert (r.approval is not None) == ("approval" in data)
    assert (r.withdrawal is not None) == (stage == "withdrawn")


def test_the_shipped_examples_read() -> None:
    records = [
        ProjectRecord.of(_project(str(f.relative_to(ROOT)), f.read_text(encoding="utf-8")))
        for f in sorted((ROOT / "projects").glob("*/*.md"))
    ]
    assert len(records) >= 10
    assert {r.stage for r in records} >= {Stage.APPLIED, Stage.AWARDED}


def test_a_file_the_schema_refuses_is_not_read_as_a_record() -> None:
    data = factory.front("approved")
    del data["approval"]["decision"]
    with pytest.raises(NotValidated):
        ProjectRecord.of(_project("projects/2026/cs-01.md", factory.render(data)))
    data = {**factory.front("applied"), "stage": "unknown"}
    with pytest.raises(NotValidated):
        ProjectRecord.of(_project("projects/2026/cs-01.md", factory.render(data)))
