"""shared/values.js reads the common Chinese ways of writing a date, an amount, a number and a list
of people (issue 21, finding 3), run in Node over a table of inputs: each is converted to what the
file must hold, and what is not one stays as typed for the rules to judge. The people split on
spaces exactly where the validator's warning PR314 (rules/names.py) would fire."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from factory import ROOT

from site_builder.core.programme import Programme
from site_builder.rules import names, pack

VALUES = ROOT / "docs/javascripts/shared/values.js"
NODE = shutil.which("node") or shutil.which("nodejs")

DATES = {
    "2026-05-08": "2026-05-08",
    "2026/5/8": "2026-05-08",
    "2026年5月8日": "2026-05-08",
    "2026年5月8号": "2026-05-08",
    "2026 年 5 月 8 日": "2026-05-08",
    "2026-5-8": "2026-05-08",
    "2026.5.8": "2026-05-08",
    "\uff12\uff10\uff12\uff16\uff0d\uff10\uff15\uff0d\uff10\uff18": "2026-05-08",
    "\uff12\uff10\uff12\uff16\uff0f\uff15\uff0f\uff18": "2026-05-08",
    "\uff12\uff10\uff12\uff16年\uff15月\uff18日": "2026-05-08",
    " 2026/12/31 ": "2026-12-31",
    # Not a date: kept as typed (the schema's date check names the problem).
    "2026/13/8": "2026/13/8",
    "5月8日": "5月8日",
    "明天": "明天",
    "2026-02-30": "2026-02-30",
    "": None,
}
AMOUNTS = {
    "386.5元": "386.5",
    "386.50": "386.50",
    "1,000": 1000,
    "1,386.5 元": "1386.5",
    "\uffe5320": 320,
    "\uff11\uff10\uff10\uff10": 1000,
    "\uff13\uff18\uff16\uff0e\uff15": "386.5",
    "85.50元": "85.50",
    "200块": 200,
    # Not an amount: as typed.
    "1,00": "1,00",
    "三百元": "三百元",
    "-5": -5,
    "": None,
}
NUMBERS = {
    "20": 20,
    "\uff12\uff10": 20,
    " \uff11\uff15 ": 15,
    "18": 18,
    "010": "010",
    "2x": "2x",
    "": None,
}
PEOPLE = {
    "赵强 刘洋": (["赵强", "刘洋"], ["赵强 刘洋"]),
    "赵强\u3000刘洋\u3000何欣": (["赵强", "刘洋", "何欣"], ["赵强\u3000刘洋\u3000何欣"]),
    "赵强，刘洋": (["赵强", "刘洋"], []),
    "李明\n赵强 刘洋": (["李明", "赵强", "刘洋"], ["赵强 刘洋"]),
    "欧阳修远": (["欧阳修远"], []),
    "Li Ming": (["Li Ming"], []),
    "赵 强": (["赵 强"], []),
    "": (None, []),
}


def run_node(tmp_path: Path, script: str, data: object) -> Any:
    """`script` (an ES module body with `values` and `data` in scope) in Node."""
    if NODE is None:
        pytest.fail("node 不存在\uff1a请安装 nodejs\uff08bash .ci/run 会安装\uff09。")
    source = tmp_path / "input.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    runner = tmp_path / "run.mjs"
    runner.write_text(
        'import {readFileSync} from "node:fs";\n'
        f"const values = await import({json.dumps(VALUES.as_uri())});\n"
        f"const data = JSON.parse(readFileSync({json.dumps(str(source))}, 'utf8'));\n" + script,
        encoding="utf-8",
    )
    proc = subprocess.run(
        [NODE, str(runner)], capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def read(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    spec = pack.browser_spec(Programme.load(ROOT))
    script = (
        "const s = data.spec;\n"
        "const out = {\n"
        "  dates: data.dates.map((t) => values.date(t) ?? null),\n"
        "  amounts: data.amounts.map((t) => values.amount(s, t) ?? null),\n"
        "  numbers: data.numbers.map((t) => values.number(s, t) ?? null),\n"
        "  people: data.people.map((t) => { const r = values.names(s, t); return [r.items ?? null, r.split]; }),\n"
        "  shown: [values.understood('2026/5/8', '2026-05-08'), values.understood('2026-05-08', '2026-05-08')],\n"
        "};\n"
        "console.log(JSON.stringify(out));\n"
    )
    data = {
        "spec": spec,
        "dates": list(DATES),
        "amounts": list(AMOUNTS),
        "numbers": list(NUMBERS),
        "people": list(PEOPLE),
    }
    return run_node(tmp_path_factory.mktemp("values"), script, data)


def test_dates(read: dict[str, Any]) -> None:
    assert dict(zip(DATES, read["dates"], strict=True)) == DATES


def test_amounts(read: dict[str, Any]) -> None:
    assert dict(zip(AMOUNTS, read["amounts"], strict=True)) == AMOUNTS


def test_numbers(read: dict[str, Any]) -> None:
    assert dict(zip(NUMBERS, read["numbers"], strict=True)) == NUMBERS


def test_people(read: dict[str, Any]) -> None:
    got = {k: (v[0], v[1]) for k, v in zip(PEOPLE, read["people"], strict=True)}
    assert got == PEOPLE


def test_people_split_where_the_validator_warns(read: dict[str, Any]) -> None:
    for typed, (_, split) in PEOPLE.items():
        for item in typed.split("\n"):
            assert bool(names.SEVERAL.fullmatch(item.strip())) == (item.strip() in split), item


def test_what_is_shown_back(read: dict[str, Any]) -> None:
    assert read["shown"] == ["已识别为 2026-05-08", ""]
