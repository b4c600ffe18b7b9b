"""The forms' checks (docs/javascripts/shared/checks.js, run in Node) agree with the validator:
the acceptance total, and each application field's verdict on text that is too short, too long,
repeated or carries markup. The module is reached only through its three exported functions, so
another implementation of them (the rule pack's rules.js) can be put to the same test."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from factory import ROOT

from site_builder.core.figures import compute_total
from site_builder.core.programme import Programme
from site_builder.showcase.forms_pages import SPEC_ID, form_pages

SHARED = ROOT / "docs/javascripts/shared"
NODE = shutil.which("node")


def run_node(tmp_path: Path, script: str, data: object) -> object:
    """`script` (an ES module reading `data` from stdin as JSON) beside a copy of shared/."""
    if NODE is None:
        pytest.fail("node 不存在\uff1a请安装 nodejs\uff08bash .ci/run 会安装\uff09。")
    shutil.copytree(SHARED, tmp_path / "shared")
    (tmp_path / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    (tmp_path / "run.js").write_text(
        'import {readFileSync} from "node:fs";\n'
        'import {acceptanceTotal, checkField} from "./shared/checks.js";\n'
        'const data = JSON.parse(readFileSync(0, "utf8"));\n' + script,
        encoding="utf-8",
    )
    proc = subprocess.run(
        [NODE, str(tmp_path / "run.js")],
        input=json.dumps(data, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_acceptance_total_is_the_validators_on_random_sheets(tmp_path: Path) -> None:
    programme = Programme.load(ROOT)
    criteria, rubric = programme.schema.criteria, programme.settings.rubric
    rng = random.Random(7)
    sheets = [
        [{c: rng.randint(0, rubric[c]) for c in criteria} for _ in range(rng.randint(1, 30))]
        for _ in range(500)
    ]
    totals = run_node(
        tmp_path,
        "process.stdout.write(JSON.stringify(data.sheets.map("
        "(s) => acceptanceTotal(s, data.criteria))));\n",
        {"sheets": sheets, "criteria": criteria},
    )
    assert totals == [str(compute_total(s, criteria)) for s in sheets]


VALUES = [
    "",
    "党员",
    "党员先锋",
    "之" * 40,
    "之" * 41,
    "a: b # c",
    "<b>粗体</b>",
    "a > b",
    "x\x07y",
]


def test_field_verdicts_match_the_schema(tmp_path: Path) -> None:
    programme = Programme.load(ROOT)
    page = form_pages(programme, None)["apply.md"]
    spec = json.loads(page.split(f'id="{SPEC_ID}">', 1)[1].split("</script>", 1)[0])
    cases = [(key, v) for key in ("title", "unit", "secretary", "summary") for v in VALUES]
    cases += [("executors", names) for names in (["李明"], ["李明", "李明"], [], ["<x>"])]
    found = run_node(
        tmp_path,
        "process.stdout.write(JSON.stringify(data.cases.map(([k, v]) => "
        "checkField(data.spec, [k], v, {}))));\n",
        {"spec": spec, "cases": cases},
    )
    validator = programme.schema.validator
    for (key, value), diagnostics in zip(cases, found, strict=True):
        texts = value if isinstance(value, list) else [value]
        schema_error = any(
            e.absolute_path and e.absolute_path[0] == key
            for e in validator.iter_errors({key: value})
        )
        markup = any("<" in t or ">" in t for t in texts)
        control = any("\x07" in t for t in texts)
        expect = value in ("", []) or schema_error or markup or control
        assert bool(diagnostics) == expect, (key, value, diagnostics)
        for d in diagnostics:
            assert d["path"] == [key] and d["severity"] == "error" and d["code"].startswith("P")
            assert programme.schema.title((key,)) in d["message"], d
