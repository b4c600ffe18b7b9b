"""The online forms (在线填报) in headless Chromium, typed like a person, and the files they write
judged by the real validator: /apply/, /update/, /panel/ and the data /update/ loads."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from factory import ROOT, write
from form_visit import (  # noqa: F401 (fixtures)
    APPLICATION,
    EXPECTED,
    REL,
    SLUG,
    SUMMARY,
    Visit,
    built,
    choose,
    file_state,
    fill_application,
    judge,
    scratch,
    server,
)

from site_builder.core.figures import compute_total
from site_builder.core.loader import BAD_CHARS, load_text
from site_builder.core.markdown import split_sections
from site_builder.core.process import PLACEHOLDER, prompt_line
from site_builder.core.process import SECTIONS as PROCESS_SECTIONS
from site_builder.core.programme import Programme
from site_builder.panel.scaffold import split_names
from site_builder.rules import names, schema
from site_builder.showcase.build import generate
from site_builder.showcase.forms_pages import SPEC_ID, form_pages
from site_builder.showcase.links import AddressError, Site, repository_from_config, repository_of

REPOSITORY = "https://github.com/caishen-college/projects"
CJK = re.compile(r"[\u4e00-\u9fff]")
SECTIONS = ("为什么开展活动", "怎样开展活动", "预期目标")


# ------------------------------------------------------------------ the site, a repository, Chromium


@pytest.fixture
def visit(browser, server: str) -> Iterator[Visit]:  # noqa: F811
    v = Visit(browser, server)
    yield v
    assert v.errors == []
    v.close()


# ------------------------------------------------------------------ 在线申报


@pytest.mark.browser
@pytest.mark.build
def test_application_typed_in_the_form_passes_the_real_validator(visit, scratch) -> None:  # noqa: F811
    fill_application(visit)
    state = file_state(visit)
    assert state["ok"], state["status"]
    assert REL in state["status"]
    text = state["text"]
    loaded = load_text(text)
    assert loaded.data == EXPECTED and list(loaded.data) == list(EXPECTED)
    sections = split_sections(loaded.body)
    assert sections == {h: APPLICATION[h] for h in SECTIONS}
    # Above the file text (closed in 查看文件内容): what will be submitted, by the schema's titles.
    info = Programme.load(ROOT).schema
    readable = visit.by_id("apply-readable").inner_text()
    for shown in (info.title(("title",)), APPLICATION["title"], info.title(("category",))):
        assert shown in readable
    assert info.categories["student"] in readable and "刘洋\u3001何欣" in readable
    assert "为什么开展活动" in readable and "applied_on" not in readable
    assert not visit.page.locator("details.sb-file").first.evaluate("d => d.open")
    write(scratch, REL, text)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "site_builder", "validate", REL],
            cwd=scratch,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        (scratch / REL).unlink()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert visit.outside() == []


@pytest.mark.browser
@pytest.mark.build
def test_live_checks_speak_chinese_with_the_schema_limits(visit) -> None:
    fill_application(visit)
    msg = visit.by_id
    visit.retype("title", "党员")
    # The validator's own words (one message catalogue, through the rule pack).
    assert msg("f-title-msg").inner_text() == schema.MESSAGES(
        "PS205", field="title（项目名称）", length=2, span="4\u201340 个字符"
    )
    assert "2 / 40" in msg("f-title-count").inner_text()
    assert not file_state(visit)["ok"] and file_state(visit)["text"] == ""
    visit.retype("title", APPLICATION["title"])
    visit.retype("executors", "刘洋，刘洋")
    assert "重复" in msg("f-executors-msg").inner_text()
    visit.retype("executors", APPLICATION["executors"])
    visit.page.select_option('[name="duration_months"]', "18")
    assert msg("f-duration_reason").is_visible()
    state = file_state(visit)
    assert not state["ok"] and "特殊情况说明" in state["status"]
    visit.retype("duration_reason", "需跨两个学年完成的校企合作项目。")
    assert file_state(visit)["ok"]
    visit.page.select_option('[name="duration_months"]', "12")
    assert not msg("f-duration_reason").is_visible()
    assert "duration_reason" not in file_state(visit)["text"]
    visit.retype("applied_on", "2026-06-20")
    assert (
        "填表日期 2026-06-20 晚于 2026 年的项目申报时间（2026-05-01 至 2026-05-10）"
        in msg("f-applied_on-msg").inner_text()
    )
    assert file_state(visit)["ok"]  # a warning, not an error
    visit.retype("slug", "eng-red-study-tour")
    assert "已被公开项目《沿着足迹学党史·红色研学行》使用" in msg("f-slug-msg").inner_text()
    visit.retype("slug", "")
    assert visit.value("f-slug") == "" and not file_state(visit)["ok"]


# Texts that break hand-written YAML or carry markup. Each is typed into every text field.
HOSTILE = [
    "a: b # c",
    "- 开头是横线",
    "[方括号], {花括号}",
    "'单引号' \"双引号\"",
    "反斜杠 \\ 和 \\n \\u0041",
    "&锚 *别名 !标签 %号 @符 `反引号`",
    "yes",
    "null",
    "010",
    "1e3",
    "~",
    "2026-05-06",
    "---",
    "...",
    "? 问号 | 竖线",
    "😀 表情 \U0002a6a5",
    "  前后空格  ",
    "全角，逗号；分号",
    "<b>粗体</b>",
    "a > b",
    "<script>alert(1)</script>",
]
MULTILINE = ["第一行\n第二行: 值\n- 第三行\n# 第四行", "结尾引号\"\n'"]
BODY_HOSTILE = [
    ("含 HTML <b>粗体</b>", False),
    ("<!-- 注释 -->", False),
    ("[链接](javascript:alert(1))", False),
    ("[链接](&#106;avascript:alert(1))", False),
    ('属性 {: onclick="x()"}', False),
    ("第一段\n\n## 预期目标\n\n混入的标题", False),
    ("```\n没有结束的代码块", False),
    (PLACEHOLDER + "请在这里写明", False),
    (prompt_line(PROCESS_SECTIONS[0]), False),
    ("(待填写)稍后补充", False),
    ("【待填写】", False),
    ("待填写的表格已经收齐。", True),
    ("![网络图片](https://example.org/a.png)", False),
    ("![照片](photo.jpg)", False),
    ("```\n## 代码块中的井号\n```\n\n正文", True),
    ("---\ntitle: 假的前置信息\n---", True),
    ("[官网](https://example.org/a?b=1) 与 <https://example.org>", True),
    ("引号 \"x\" 'y' 反斜杠 \\ 冒号: 井号 #", True),
]
# One of each kind: YAML syntax, a word YAML reads as a boolean, characters outside the BMP,
# spaces to trim, markup refused; for the sections, two refused and two kept.
HOSTILE_SAMPLE = (0, 2, 6, 15, 16, 18)
BODY_SAMPLE = (0, 5, 14, 17)
LIMITS = {"title": (4, 40), "unit": (2, 40), "secretary": (2, 20), "summary": (20, 200)}


def _fit(text: str, key: str) -> str:
    """`text`, lengthened with 之 to the field's minimum (a plain prefix keeps its start)."""
    low, _ = LIMITS.get(key, (1, 10_000))
    core = text.strip()
    return text + "之" * max(0, low - len(core))


def _expected_list(text: str) -> list[str]:
    return split_names(text.replace("\n", ","))


@pytest.mark.browser
@pytest.mark.build
def test_hostile_text_validates_exactly_or_is_refused_in_chinese(visit, scratch) -> None:  # noqa: F811
    fill_application(visit)
    assert file_state(visit)["ok"]
    visit.page.select_option('[name="duration_months"]', "18")
    visit.retype("duration_reason", "需跨两个学年完成的校企合作项目。")
    base = load_text(file_state(visit)["text"])
    outcomes: dict[str, int] = {"accepted": 0, "refused": 0}

    def attempt(key: str, typed: str, expect_ok: bool | None = None) -> None:
        if "\n" in typed or len(typed) > 60:
            visit.paste_in(key, typed)
        else:
            visit.retype(key, typed)
        state = file_state(visit)
        if state["ok"]:
            outcomes["accepted"] += 1
            assert expect_ok is not False, (key, typed)
            doc = load_text(state["text"])  # the strict loader: never a YAML error
            rel = REL
            if key == "slug":
                rel = f"projects/2026/{typed}.md"
                assert rel in state["status"] and doc.data == base.data
            elif key in SECTIONS:
                assert split_sections(doc.body)[key] == typed.strip(), (key, typed)
                assert doc.data == base.data
            else:
                want = _expected_list(typed) if key in ("executors", "tags") else typed.strip()
                assert doc.data[key] == want, (key, typed)
                assert {k: v for k, v in doc.data.items() if k != key} == {
                    k: v for k, v in base.data.items() if k != key
                }
            assert judge(scratch, rel, state["text"]) == [], (key, typed)
        else:
            outcomes["refused"] += 1
            assert expect_ok is not True, (key, typed, state["status"])
            assert state["text"] == ""
            message = visit.by_id(f"f-{key}-msg").inner_text()
            assert CJK.search(message), (key, typed, message)

    # Node runs every text through the same rules and writer for every field
    # (test_form_rules_node.py, test_writer_node.py); here the form's own wiring meets them: the
    # whole corpus in the first field and the first section, a sample in the others.
    for key in ("title", "unit", "secretary", "executors", "summary", "duration_reason", "tags"):
        good = visit.page.locator(f'[name="{key}"]').input_value()
        cases = HOSTILE if key == "title" else [HOSTILE[i] for i in HOSTILE_SAMPLE]
        cases = cases + (MULTILINE if key in ("summary", "duration_reason") else [])
        for typed in cases:
            text = _fit(typed, key) if key not in ("executors", "tags") else typed
            if key == "duration_reason":
                text = typed + "之" * max(0, 10 - len(typed.strip()))
            has_angle = "<" in text or ">" in text
            attempt(key, text, False if has_angle else None)
        visit.retype(key, good) if "\n" not in good else visit.paste_in(key, good)
        assert file_state(visit)["ok"], key
    for n, heading in enumerate(SECTIONS):
        good = visit.page.locator(f'[name="{heading}"]').input_value()
        for typed, ok in BODY_HOSTILE if n == 0 else [BODY_HOSTILE[i] for i in BODY_SAMPLE]:
            attempt(heading, typed, ok)
        visit.paste_in(heading, good)
    for typed, ok in [
        ("2026-02-30", False),
        ("2026-05-06: x", False),
        ("<2026>", False),
        ("2026-05-09", True),
    ]:
        attempt("applied_on", typed, ok)
    visit.retype("applied_on", APPLICATION["applied_on"])
    for typed, ok in [
        ("../x", False),
        ("Eng-01", False),
        ("x--y", False),
        ("-x", False),
        ("a" * 49, False),
        ("a b", False),
        ("eng-students-2026-7", True),
    ]:
        attempt("slug", typed, ok)
    assert outcomes["accepted"] > 50 and outcomes["refused"] > 30, outcomes
    assert visit.outside() == []


@pytest.mark.browser
@pytest.mark.build
def test_open_on_github_fills_name_and_content_or_copies_a_long_file(visit) -> None:
    fill_application(visit)
    text = file_state(visit)["text"]
    with visit.context.expect_page() as opened:
        visit.page.click("#open-github")
    url = urlsplit(opened.value.url)
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPOSITORY}/new/main"
    assert query == {"filename": [REL], "value": [text]}
    note = visit.by_id("github-note").inner_text()
    assert "template=apply.md" in note
    opened.value.close()
    # A file too long for an address: copied first, then the page opens with the name only.
    visit.paste_in("怎样开展活动", "每月开展一次活动,做好记录。" * 250)
    long_text = file_state(visit)["text"]
    assert long_text
    with visit.context.expect_page() as opened:
        visit.page.click("#open-github")
    query = parse_qs(urlsplit(opened.value.url).query)
    assert query == {"filename": [REL]}
    opened.value.close()
    visit.page.bring_to_front()
    assert visit.page.evaluate("navigator.clipboard.readText()") == long_text
    assert "已复制到剪贴板" in visit.by_id("github-note").inner_text()
    outside = visit.outside()
    assert outside and all(u.startswith(f"{REPOSITORY}/new/main?filename=") for u in outside)


@pytest.mark.browser
@pytest.mark.build
def test_nothing_opens_while_the_form_has_problems(visit) -> None:
    visit.open("apply/")
    visit.page.click("#open-github")
    status = visit.by_id("form-status").inner_text()
    assert status.startswith("还有 ") and "项目名称" in status
    assert "请先改正" in visit.by_id("github-note").inner_text()
    assert visit.by_id("f-title-msg").inner_text() == schema.MESSAGES(
        "PS202", field="title（项目名称）", why="", where="", key="title"
    )
    assert len(visit.context.pages) == 1 and visit.outside() == []


# ------------------------------------------------------------------ 阶段材料


def _apply_update(rel: str, stage: str | None, front: str, body: str) -> str:
    """Follow the page's steps on the project's file: change the stage line, put the front
    matter lines before the closing ---, add the body at the end."""
    text = (ROOT / rel).read_text(encoding="utf-8")
    head, rest = text.split("\n---\n", 1)
    if stage:
        head, n = re.subn(r"(?m)^stage: \w+$", f"stage: {stage}", head)
        assert n == 1
    return head + "\n" + front + "---\n" + rest.rstrip("\n") + "\n" + body


@pytest.mark.browser
@pytest.mark.build
def test_conclusion_with_expenses_added_to_the_file_validates(visit, scratch) -> None:  # noqa: F811
    visit.open("update/")
    rel = "projects/2025/library-red-classics-reading.md"
    choose(visit, "2025/library-red-classics-reading", "红色经典")
    page = visit.page
    assert page.locator("#f-action").input_value() == "conclude"
    assert page.locator('#f-action option[value="progress"]').is_disabled()
    visit.retype("concluded_on", "2026-03-01")
    assert "早于该项目上一环节的日期 2026-03-19" in visit.by_id("f-concluded_on-msg").inner_text()
    visit.retype("concluded_on", "2026-05-20")
    rows = page.locator("#expense-rows .sb-row")
    first = rows.nth(0)
    for name, text in (("date", "2025-09-10"), ("item", "购书: 第一批 #1"), ("amount", "320")):
        first.locator(f'[name="{name}"]').click()
        page.keyboard.type(text)
    page.click("#add-expense")
    second = rows.nth(1)
    for name, text in (("date", "2025-11-02"), ("item", "读书会资料印制"), ("amount", "785.50")):
        second.locator(f'[name="{name}"]').click()
        page.keyboard.type(text)
    total = visit.by_id("expense-total").inner_text()
    assert "支出合计 1105.50 元" in total and "超出 105.50 元" in total
    second.locator('[name="amount"]').click()
    page.keyboard.press("Control+a")
    page.keyboard.type("185.5")
    assert "支出合计 505.50 元" in visit.by_id("expense-total").inner_text()
    parts = {
        "取得成效": "读书会 12 期。",
        "存在不足": "参与面不广。",
        "经验做法与制度成果": "形成读书制度。",
    }
    for name, text in parts.items():
        visit.retype(name, text)
    page.locator('.sb-output[data-ready="yes"]').wait_for()
    front, body = visit.value("update-front"), visit.value("update-body")
    steps = visit.by_id("update-steps").inner_text()
    assert (
        "stage: midterm（中期检查）的一行改为 stage: concluded" in steps
        and "template=conclude.md" in steps
    )
    # What will be submitted, in words, above the file text (in a closed 查看文件内容).
    readable = visit.by_id("update-readable").inner_text()
    assert "结题日期" in readable and "共 2 笔" in readable and "读书会 12 期" in readable
    assert "concluded_on" not in readable
    assert not page.locator(".sb-output details.sb-file").evaluate("d => d.open")
    text = _apply_update(rel, "concluded", front, body)
    assert judge(scratch, rel, text) == []
    doc = load_text(text)
    assert doc.data["concluded_on"] == "2026-05-20"
    assert doc.data["expenses"] == [
        {"date": "2025-09-10", "item": "购书: 第一批 #1", "amount": 320},
        {"date": "2025-11-02", "item": "读书会资料印制", "amount": "185.5"},
    ]
    report = split_sections(doc.body)["结题报告"]
    assert report == "\n\n".join(f"### {k}\n\n{v}" for k, v in parts.items())
    with visit.context.expect_page() as opened:
        page.click("#open-github")
    assert opened.value.url == f"{REPOSITORY}/edit/main/{rel}"


@pytest.mark.browser
@pytest.mark.build
def test_progress_and_withdrawal_of_approved_projects(visit, scratch) -> None:  # noqa: F811
    visit.open("update/")
    rel = "projects/2026/eng-red-study-tour.md"
    choose(visit, "2026/eng-red-study-tour", "")
    assert visit.page.locator("#f-action").input_value() == "progress"
    progress = "截至 3 月,已组织研学 4 次。\n\n阶段性小结: 参与 120 人次。"
    visit.paste_in("中期进展", progress)
    visit.page.locator('.sb-output[data-ready="yes"]').wait_for()
    assert visit.value("update-front") == ""
    text = _apply_update(rel, None, "", visit.value("update-body"))
    assert judge(scratch, rel, text) == []
    assert split_sections(load_text(text).body)["中期进展"] == progress
    visit.page.select_option("#f-action", "withdraw")
    visit.retype("withdrawal.date", "2026-10-08")
    reason = '结对单位调整: 活动无法开展 #2 "暂停"'
    visit.retype("withdrawal.reason", reason)
    visit.page.locator('.sb-output[data-ready="yes"]').wait_for()
    text = _apply_update(rel, "withdrawn", visit.value("update-front"), visit.value("update-body"))
    assert judge(scratch, rel, text) == []
    assert load_text(text).data["withdrawal"] == {"date": "2026-10-08", "reason": reason}
    # A concluded project has nothing for the branch to add here.
    choose(visit, "2025/econ-teacher-micro-lectures", "微党课")
    assert visit.page.locator("#f-action").is_disabled()
    assert "支部没有要在这里提交的阶段材料" in visit.by_id("f-action-msg").inner_text()
    assert visit.outside() == []


# ------------------------------------------------------------------ 评审组


@pytest.mark.browser
@pytest.mark.build
def test_approval_block_validates_in_the_application(visit, scratch) -> None:  # noqa: F811
    visit.open("panel/")
    rel = "projects/2026/admin-young-staff-dual-cultivation.md"
    # A file that is not public yet, named as people do: no folder, no .md.
    visit.retype("file", "2026/admin-young-staff-dual-cultivation")
    visit.retype("approval.date", "2026-05-20")
    assert visit.value("f-approval.grant") == "1000"  # the standard grant, from the settings
    opinion = "同意立项: 注意做好台账 #1"
    visit.retype("approval.opinion", opinion)
    block = visit.value("approval-text")
    original = (ROOT / rel).read_text(encoding="utf-8")
    text = original.replace("stage: applied\n", block, 1)
    assert judge(scratch, rel, text) == []
    assert load_text(text).data["approval"] == {
        "date": "2026-05-20",
        "decision": "approved",
        "grant": 1000,
        "opinion": opinion,
    }
    visit.page.select_option('[name="approval.decision"]', "rejected")
    assert not visit.by_id("f-approval.grant").is_visible()
    text = original.replace("stage: applied\n", visit.value("approval-text"), 1)
    assert judge(scratch, rel, text) == [] and load_text(text).data["stage"] == "rejected"
    with visit.context.expect_page() as opened:
        visit.page.click("#open-approval")
    assert opened.value.url == f"{REPOSITORY}/edit/main/{rel}"


BOUNDARY_SETS = [
    [[17, 17, 17, 17, 17], [17, 17, 17, 17, 18]],  # 85, 86 → 85.5
    [[17, 17, 17, 17, 17]] * 3 + [[17, 17, 17, 17, 18]],  # 341 / 4 = 85.25 → 85.3 (half up)
    [[20, 20, 20, 20, 20], [0, 0, 0, 0, 0], [0, 0, 0, 0, 1]],  # 201 / 3 = 67.0
    [[16, 17, 17, 17, 17], [17, 17, 17, 17, 17], [17, 17, 17, 17, 18]],  # 255 / 3 = 85.0
]


@pytest.mark.browser
@pytest.mark.build
def test_acceptance_total_equals_the_validator_on_random_scores(visit, scratch) -> None:  # noqa: F811
    visit.open("panel/")
    programme = Programme.load(ROOT)
    criteria = programme.schema.criteria
    rubric = programme.settings.rubric
    rng = random.Random(20261128)
    sets = list(BOUNDARY_SETS)
    # Random sheets by the hundred run in Node against the validator
    # (test_form_rules_node.py::test_acceptance_total_is_the_validators_on_random_sheets); here
    # the boundaries and a few random ones are typed as a person types them.
    while len(sets) < 8:
        n = rng.randint(1, 5)
        sets.append(
            [[rng.randint(max(0, rubric[c] - 6), rubric[c]) for c in criteria] for _ in range(n)]
        )
    page = visit.page
    for numbers in sets:
        page.select_option('[name="reviewers"]', str(len(numbers)))
        cards = page.locator("#score-rows .sb-reviewer")
        assert cards.count() == len(numbers)
        # As a person fills a sheet: click the first box, then type and Tab through the rest.
        cards.nth(0).locator('[name="reviewer"]').click()
        for i, row in enumerate(numbers):
            for text in (f"评委{i + 1}", *map(str, row)):
                page.keyboard.press("Control+a")
                page.keyboard.type(text)
                page.keyboard.press("Tab")
        scores = [dict(zip(criteria, row, strict=True)) for row in numbers]
        expected = compute_total(scores, criteria)
        assert visit.by_id("acceptance-total").inner_text() == str(expected), numbers
        eligible = visit.by_id("award-eligible").inner_text()
        reach = expected >= programme.settings.award_threshold
        assert ("可参加优秀成果评比" in eligible) == reach, (numbers, eligible)
    # The last sheet, pasted into a concluded project, passes the validator (PR305, PR306).
    rel = "projects/2025/econ-teacher-micro-lectures.md"
    visit.retype("acceptance.date", "2026-05-25")
    visit.retype("acceptance.opinion", "同意通过验收。")
    block = visit.value("acceptance-text")
    assert f"  total: {compute_total(scores, criteria)}\n" in block
    text = (ROOT / rel).read_text(encoding="utf-8").replace("stage: concluded\n", block, 1)
    assert judge(scratch, rel, text) == []
    loaded = load_text(text).data["acceptance"]
    assert [{k: v for k, v in s.items() if k != "reviewer"} for s in loaded["scores"]] == scores
    assert visit.outside() == []


@pytest.mark.browser
@pytest.mark.build
def test_score_over_the_maximum_is_refused(visit) -> None:
    visit.open("panel/")
    card = visit.page.locator("#score-rows .sb-reviewer").nth(0)
    card.locator('[name="completeness"]').click()
    visit.page.keyboard.type("21")
    box = card.locator("label.sb-error")  # that box alone
    assert box.count() == 1
    assert "为 21 分\uff0c超过该项满分 20 分" in box.locator(".sb-box-msg").inner_text()  # PR305
    assert visit.value("acceptance-text") == ""


# ------------------------------------------------------------------ every page, the phone, the data


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("path", ["apply/", "update/", "panel/"])
def test_form_pages_fit_a_phone_and_ask_nothing_of_other_hosts(browser, server, path) -> None:  # noqa: F811
    v = Visit(
        browser,
        server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    try:
        v.open(path)
        if path == "update/":
            choose(v, "2025/library-red-classics-reading", "")
            v.page.click("#add-expense")
        if path == "panel/":
            v.page.select_option('[name="reviewers"]', "5")
        assert v.page.locator("h1").first.is_visible()
        assert v.page.evaluate("document.documentElement.scrollWidth") <= 390
        assert v.page.locator(f"#{SPEC_ID}").count() == 1
        assert any(u.endswith(f"/javascripts/pages/{path.rstrip('/')}.js") for u in v.requests)
        assert any(u.endswith("/stylesheets/forms.css") for u in v.requests)
        assert v.outside() == [] and v.errors == []
        if path == "update/":
            assert any(u.endswith("/api/slim/open.json") for u in v.requests)  # the slim index
            assert not any(u.endswith("/api/projects.json") for u in v.requests)
    finally:
        v.close()


@pytest.mark.build
def test_form_pages_carry_no_project_data(built: Path) -> None:  # noqa: F811
    """The project list comes from the open data at run time; the pages hold only definitions
    (no project, public or not: the examples include applied and withdrawn ones)."""
    projects = sorted((ROOT / "projects").glob("*/*.md"))
    titles = [load_text(p.read_text(encoding="utf-8")).data["title"] for p in projects]
    assert len(titles) > 10
    for page in ("apply", "update", "panel"):
        text = (built / page / "index.html").read_text(encoding="utf-8")
        for path, title in zip(projects, titles, strict=True):
            assert title not in text and path.stem not in text, (page, path)


def test_embedded_definitions_cannot_close_their_script(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for name in ("data", "schema"):
        shutil.copytree(ROOT / name, root / name)
    roster = (root / "data/roster.yml").read_text(encoding="utf-8")
    evil = "机关</script><script>alert(1)</script>"
    roster = roster.replace("name: 机关第一党支部", f'name: "{evil}"')
    (root / "data/roster.yml").write_text(roster, encoding="utf-8")
    programme = Programme.load(root)
    pages = form_pages(programme, REPOSITORY)
    page = pages["apply.md"]
    assert page.count("<script") == 1 and page.count("</script>") == 1
    spec = json.loads(page.split(f'id="{SPEC_ID}">', 1)[1].split("</script>", 1)[0])
    branches = [b["name"] for gb in spec["general_branches"] for b in gb["branches"]]
    assert evil in branches
    assert spec["repository"] == REPOSITORY
    assert set(spec["pack"]["names"]["separators"]) == set(names.SEPARATORS)
    assert set(names.SEPARATORS) == set(",\uff0c\u3001;\uff1b")


def test_repository_address_comes_from_mkdocs_extra() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert repository_from_config(config) == REPOSITORY
    assert not re.search(r"(?m)^repo_url:", config)  # Material would call GitHub from every page
    assert repository_of(REPOSITORY + "/") == REPOSITORY and repository_of(None) is None
    for bad in ("javascript:alert(1)", "http://github.com/a/b", "https://github.com/a", 7):
        with pytest.raises(AddressError, match=r"extra\.repository"):
            repository_of(bad)
    site = Site.of("https://projects.caishen.example/")
    pages = generate(ROOT, date(2026, 5, 6), site).pages
    assert '"repository":null' in pages["apply.md"]


@pytest.mark.build
def test_each_script_loads_only_where_it_is_used(built: Path) -> None:  # noqa: F811
    """The forms' modules on their own pages, the catalogue's table on the catalogue, the
    lightbox on project pages with a photo; nothing of them elsewhere, never as inline code."""

    def scripts(rel: str) -> list[str]:
        html = (built / rel).read_text(encoding="utf-8")
        return re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", html)

    def ours(rel: str) -> list[str]:
        # The site's own docs/javascripts/ (not the theme's assets/javascripts/).
        found = [re.match(r"(?:\.\./)*javascripts/(.+)", s) for s in scripts(rel)]
        return [m.group(1) for m in found if m]

    for page in ("apply", "update", "panel"):
        html = (built / page / "index.html").read_text(encoding="utf-8")
        assert ours(f"{page}/index.html") == [f"pages/{page}.js"]
        assert f'<script type="module" src="../javascripts/pages/{page}.js">' in html
    assert ours("index.html") == []
    assert ours("catalogue/index.html") == ["catalogue.js"]
    # The lightbox on the project pages that show a photo, and only there.
    for page in (built / "projects").glob("*/*/index.html"):
        photo = 'class="sb-photo"' in page.read_text(encoding="utf-8")
        rel = page.relative_to(built).as_posix()
        assert ours(rel) == (["lightbox.js"] if photo else []), rel
    modules = sorted(
        p.relative_to(built / "javascripts").as_posix()
        for p in (built / "javascripts").rglob("*.js")
    )
    assert "forms.js" not in modules and "shared/checks.js" not in modules
    assert {"shared/rules.js", "shared/values.js"} <= set(modules)


# ------------------------------------------------------------------ one source of rules

# What a page's spec holds beside the rules (rules/pack.py browser_spec: schema, pack, process,
# receipt):
# where a file goes, the questions, the choices and the steps; never a limit, pattern or message.
PAGE_KEYS = {
    "apply": {
        *("questions", "year_from", "stage", "general_branches", "template"),
        *("api", "owner", "repo", "roster", "pull_template"),  # 提交申报 (submit-view.js)
    },
    "update": {"progress", "report", "actions"},
    "panel": {
        *("standard_grant", "outcomes", "from", "passed", "templates", "midterm", "award"),
        *("api", "owner", "repo"),  # where a block is written into a pull request (/review/)
    },
}
COMMON_KEYS = {
    "schema",
    "pack",
    "process",
    "receipt",
    "page",
    "repository",
    "branch",
    "max_url",
    "timeline",
}
# Where a signed-in page talks to (forms_pages._connection).
COMMON_KEYS |= {"owner", "repo", "api", "api_origin", "roster"}
RULE_WORDS = {
    "nodes",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "minItems",
    "maxItems",
    "max_bytes",
    "max_slug",
    "bad_chars",
    "path_pattern",
    "message",
}


def _embedded(html: str) -> dict:
    return json.loads(html.split(f'id="{SPEC_ID}">', 1)[1].split("</script>", 1)[0])


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.build
def test_the_forms_check_with_the_rule_pack_only(built: Path) -> None:  # noqa: F811
    """The built pages load no checking code but shared/rules.js (through their modules), and
    their definitions are the validator's schema and rule pack, with nothing hand-written beside."""
    from site_builder.rules import pack

    programme = Programme.load(built.parent)
    rules = pack.browser_spec(programme)
    assert not (built / "javascripts/shared/checks.js").exists()
    for page, own in PAGE_KEYS.items():
        html = (built / page / "index.html").read_text(encoding="utf-8")
        assert "checks.js" not in html
        assert not BAD_CHARS.search(html), page  # the pack's patterns travel as escapes
        spec = _embedded(html)
        assert set(spec) == COMMON_KEYS | own, page
        assert {k: spec[k] for k in rules} == json.loads(json.dumps(rules)), page
        rest = {k: v for k, v in spec.items() if k not in rules}
        assert not _keys(rest) & RULE_WORDS, (page, _keys(rest) & RULE_WORDS)
        module = (built / "javascripts/pages" / f"{page}.js").read_text(encoding="utf-8")
        imports = set(re.findall(r'from "\.\./shared/([a-z]+)\.js"', module))
        assert "rules" in imports and "checks" not in imports, page
        assert not re.search(r"new RegExp|/\^", module), page  # no pattern of its own


@pytest.mark.browser
@pytest.mark.build
def test_a_rule_changed_in_python_changes_what_the_form_says(
    visit,
    built: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The schema's limit and a rule module's limit, changed in Python only: the built /apply/
    page, given the definitions built from them, says the new limits for what is typed."""
    from site_builder.rules import duration

    root = tmp_path / "repo"
    for name in ("data", "schema"):
        shutil.copytree(built.parent / name, root / name)
    schema_file = root / "schema/project.schema.json"
    schema_data = json.loads(schema_file.read_text(encoding="utf-8"))
    schema_data["properties"]["title"]["minLength"] = 6
    schema_file.write_text(json.dumps(schema_data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(duration, "MAX_MONTHS", 6)
    changed = form_pages(Programme.load(root), REPOSITORY)["apply.md"]
    spec = changed.split(f'id="{SPEC_ID}">', 1)[1].split("</script>", 1)[0]
    html = (built / "apply/index.html").read_text(encoding="utf-8")
    head, rest = html.split(f'id="{SPEC_ID}">', 1)
    patched = head + f'id="{SPEC_ID}">' + spec + "</script>" + rest.split("</script>", 1)[1]
    visit.page.route(
        "**/apply/",
        lambda route: route.fulfill(status=200, content_type="text/html", body=patched),
    )
    fill_application(visit)
    visit.retype("title", "党员先锋岗")  # 5 characters: enough before, too few now
    assert visit.by_id("f-title-msg").inner_text() == schema.MESSAGES(
        "PS205", field="title（项目名称）", length=5, span="6\u201340 个字符"
    )
    visit.retype("title", APPLICATION["title"])
    visit.page.select_option('[name="duration_months"]', "7")  # the limit was 12 months
    assert visit.by_id("f-duration_reason").is_visible()
    state = file_state(visit)
    assert not state["ok"] and "特殊情况说明" in state["status"]
    visit.page.click("#copy-file")  # refused: every problem is shown
    assert "超过 6 个月" in visit.by_id("f-duration_reason-msg").inner_text()
