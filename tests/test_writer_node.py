"""One writer: the `new` command's file text (panel/scaffold.py over core/writer.py) and the online
form's (docs/javascripts/shared/writer.js, run in Node) are the same bytes for the same answers,
over a corpus of answers full of text that breaks hand-written YAML."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from factory import ROOT

from site_builder.core import writer
from site_builder.core.loader import load_text
from site_builder.core.process import prompt_line, required_sections
from site_builder.core.programme import Programme
from site_builder.panel import scaffold

WRITER_JS = ROOT / "docs/javascripts/shared/writer.js"
NODE = shutil.which("node")

HOSTILE = [
    "a: b # c",
    "- 开头是横线",
    "-x",
    "[方括号], {花括号}",
    "'单引号' \"双引号\"",
    '结尾引号"',
    "反斜杠 \\ 和 \\n \\u0041",
    "&锚 *别名 !标签 %号 @符 `反引号`",
    "yes",
    "no",
    "null",
    "true",
    "on",
    "010",
    "1e3",
    "0x1F",
    "~",
    "2026-05-06",
    "12:30",
    "---",
    "...",
    "? 问号 | 竖线 > 大于",
    "# 井号开头",
    "a #b",
    "😀 表情 \U0002a6a5",
    "全角\uff0c逗号\uff1b分号\uff1a冒号\u3000全角空格",
    "\uff21\uff22\uff23 全角字母",
    "第一行\n第二行: 值\n- 第三行\n# 第四行",
    "制表\t符",
    "eng-teachers",
    "abc",
    "Yes",
    "a-b-c",
]

BASE = {
    "title": "党员先锋岗建设行动",
    "category": "service",
    "general_branch": "gb-eng",
    "branch": "eng-teachers",
    "unit": "工程技术系",
    "secretary": "李明",
    "executors": ["李明", "王芳"],
    "applied_on": "2026-05-06",
    "summary": "以党员先锋岗为抓手\uff0c组织党员在教学一线亮身份、作表率\uff0c形成可推广的机制。",
    "duration_months": 12,
    "tags": ["先锋岗"],
    "year": 2026,
}


def corpus() -> list[dict]:
    """Answer sets: each hostile text in each text field and in the lists, then random mixes."""
    out = []
    for text in HOSTILE:
        for key in ("title", "unit", "secretary", "summary"):
            out.append({**BASE, key: text})
        out.append({**BASE, "executors": [text, "王芳"], "tags": [text]})
    rng = random.Random(17)
    for _ in range(40):
        answers = dict(BASE)
        for key in ("title", "unit", "secretary", "summary"):
            answers[key] = "".join(rng.sample(HOSTILE, 2))
        answers["executors"] = rng.sample(HOSTILE, 3)
        answers["tags"] = rng.sample(HOSTILE, rng.randint(0, 2))
        answers["duration_months"] = rng.randint(1, 24)
        if answers["duration_months"] > 12:
            answers["duration_reason"] = rng.choice(HOSTILE) + "需要说明"
        out.append(answers)
    return out


def node_texts(tmp_path: Path, cases: list[dict]) -> list[str]:
    """writer.js's fileText for each case, run in Node."""
    if NODE is None:
        pytest.fail("node 不存在\uff1a请安装 nodejs\uff08bash .ci/run 会安装\uff09。")
    shutil.copy(WRITER_JS, tmp_path / "writer.mjs")
    driver = tmp_path / "driver.mjs"
    driver.write_text(
        'import {fileText} from "./writer.mjs";\n'
        'import {readFileSync} from "node:fs";\n'
        'const cases = JSON.parse(readFileSync(0, "utf8"));\n'
        "process.stdout.write(JSON.stringify(cases.map((c) => "
        "fileText(c.data, c.sections, c.dateKeys))));\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [NODE, str(driver)],
        input=json.dumps(cases, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_new_and_the_online_form_write_the_same_bytes(tmp_path: Path) -> None:
    info = Programme.load(ROOT).schema
    dates = scaffold.date_keys(info)
    prompts = [(s.heading, prompt_line(s)) for s in required_sections(scaffold.STAGE)]
    answers = corpus()
    assert len(answers) >= 50
    cases = [
        {
            "data": scaffold.ordered(a, info),
            "sections": [{"heading": h, "text": t} for h, t in prompts],
            "dateKeys": dates,
        }
        for a in answers
    ]
    # And the bodies a person types into the form, with the same hostile text.
    bodies = [
        {
            "data": scaffold.ordered(BASE, info),
            "sections": [{"heading": h, "text": text + "\n\n第二段"} for h, _ in prompts],
            "dateKeys": dates,
        }
        for text in HOSTILE
    ]
    from_js = node_texts(tmp_path, cases + bodies)
    for a, js in zip(answers, from_js, strict=False):
        python = scaffold.render(a, info)  # the `new` command's text, checked to load back
        assert js.encode("utf-8") == python.encode("utf-8"), a
        assert load_text(js).data == scaffold.ordered(a, info)
    for case, js in zip(bodies, from_js[len(cases) :], strict=True):
        sections = [(s["heading"], s["text"]) for s in case["sections"]]
        assert js.encode("utf-8") == writer.file_text(case["data"], sections, dates).encode("utf-8")
