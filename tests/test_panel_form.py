"""The panel's page (/panel/) complete, typed like a panel member at a desk and on a phone: the
project picked from the public list or named by its file name (`.md` left off), the mid-term
check, the award with the year's quota and the threshold, each score box judged on its own; and
the forms' words: no file-format word in what the pages show."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from factory import ROOT
from form_visit import Visit, judge
from site_helpers import mkdocs_build, serve, site_repo

from site_builder.core.loader import load_text
from site_builder.core.process import PROGRESS_SECTION, Stage
from site_builder.core.programme import Programme
from site_builder.showcase.forms_pages import _award_step, form_pages

APPROVED = "projects/2025/auto-master-apprentice-pledge.md"
PROGRESS = "截至 3 月\uff0c已结对 12 对师徒\u3002\n\n阶段性小结\uff1a师徒每月交流一次\u3002"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def _with_progress(text: str) -> str:
    return text.rstrip("\n") + f"\n\n## {PROGRESS_SECTION.heading}\n\n{PROGRESS}\n"


MURALS = "projects/2025/art-red-murals-community.md"


def _before_award(text: str) -> str:
    """A project that holds an award as it was before: accepted, without `award`."""
    text = re.sub(r"(?m)^stage: \w+$", f"stage: {Stage.ACCEPTED}", text, count=1)
    return re.sub(r"(?m)^award:\n(?:  .*\n)+", "", text)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The examples, one approved project carrying the branch's progress (as after /update/) and
    the murals project back before its award (accepted at 85.5, two 2026 awards public)."""
    root = site_repo(tmp_path_factory.mktemp("panel") / "repo")
    path = root / "projects/2025/auto-progress-2025-01.md"
    path.write_text(_with_progress((ROOT / APPROVED).read_text(encoding="utf-8")), "utf-8")
    (root / MURALS).write_text(_before_award((ROOT / MURALS).read_text("utf-8")), "utf-8")
    proc = mkdocs_build(root, {"SHOWCASE_TODAY": "2026-05-06"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    with serve(root / "site") as address:
        yield address, root


@pytest.fixture(params=["phone", "desktop"])
def visit(request, browser, site) -> Iterator[Visit]:
    v = Visit(browser, site[0], **(PHONE if request.param == "phone" else DESKTOP))
    v.page.set_default_timeout(8000)
    yield v
    assert v.errors == []
    v.close()


def pick(v: Visit, key: str, search: str) -> None:
    v.page.locator("#f-project:not([disabled])").wait_for()
    v.retype("filter", search)
    v.page.select_option("#f-project", key)


def block_ok(v: Visit, name: str) -> bool:
    return "sb-good" in (v.by_id(f"{name}-status").get_attribute("class") or "")


@pytest.mark.browser
@pytest.mark.build
def test_midterm_check_needs_the_progress_and_then_validates(visit, site) -> None:
    visit.open("panel/")
    # An approved project without the branch's progress: refused, saying why.
    pick(visit, "2025/auto-master-apprentice-pledge", "")
    visit.retype("midterm.opinion", "下一步扩大结对范围\uff0c做好记录\u3002")
    assert "还没有\u201c中期进展\u201d" in visit.by_id("midterm-fit").inner_text()
    assert visit.value("midterm-text") == "" and not block_ok(visit, "midterm")
    # The same project once its progress is merged (here: a copy carrying it), typed by name.
    visit.retype("file", "auto-progress-2025-01")
    assert visit.by_id("f-file-msg").inner_text() == ""
    assert visit.by_id("midterm-fit").inner_text() == ""
    visit.retype("midterm.date", "2027-03-15")
    assert block_ok(visit, "midterm")
    summary = visit.by_id("midterm-readable").inner_text()
    assert "后续工作意见" in summary and "中期检查" in summary and "opinion" not in summary
    assert not visit.page.locator("#midterm-output details").evaluate("d => d.open")
    rel = "projects/2025/auto-progress-2025-01.md"
    original = _with_progress((ROOT / APPROVED).read_text(encoding="utf-8"))
    text = original.replace(f"stage: {Stage.APPROVED}\n", visit.value("midterm-text"), 1)
    assert judge(site[1], rel, text) == []
    data = load_text(text).data
    assert data["stage"] == Stage.MIDTERM
    assert data["midterm"] == {
        "date": "2027-03-15",
        "opinion": "下一步扩大结对范围\uff0c做好记录\u3002",
    }
    with visit.context.expect_page() as opened:
        visit.page.click("#open-midterm")
    assert opened.value.url.endswith(f"/edit/main/{rel}")


@pytest.mark.browser
@pytest.mark.build
def test_award_takes_the_acceptance_year_and_shows_the_quota_and_threshold(visit, site) -> None:
    programme = Programme.load(ROOT)
    visit.open("panel/")
    rule = visit.by_id("award-rule").inner_text()
    assert f"最多评出 {programme.settings.awards_per_year} 项" in rule
    assert f"达到 {programme.settings.award_threshold} 分" in rule
    # Accepted at 85.5 in 2026; two 2026 awards are public already.
    pick(visit, "2025/art-red-murals-community", "")
    assert visit.value("f-award.year") == "2026"
    assert visit.value("f-award.title") == "优秀成果"
    quota = visit.by_id("award-quota").inner_text()
    assert "2026 年度最多评出 3 项\uff0c网站上已有 2 项" in quota and "85.5" in quota
    visit.retype("award.rank", "一等奖")
    visit.retype("award.prize", "500")
    step = _award_step(programme)[1]  # the notice's stage when the settings hold one
    notice = programme.settings.notice_days > 0
    if notice:
        assert visit.value("f-award.notice_start") != ""  # today by default
        visit.retype("award.notice_start", "2026-06-01")
        assert f"公示 {programme.settings.notice_days} 个工作日" in rule
    assert block_ok(visit, "award"), visit.by_id("award-status").inner_text()
    original = _before_award((ROOT / MURALS).read_text(encoding="utf-8"))
    text = original.replace(f"stage: {Stage.ACCEPTED}\n", visit.value("award-text"), 1)
    assert judge(site[1], MURALS, text) == []
    data = load_text(text).data
    assert data["stage"] == step
    assert data["award"] == {
        "year": 2026,
        "title": "优秀成果",
        "rank": "一等奖",
        "prize": 500,
        **({"notice_start": "2026-06-01"} if notice else {}),
    }
    # A year other than the acceptance's is refused (PR312), and so is a total below 85 (PR307).
    visit.retype("award.year", "2027")
    assert not block_ok(visit, "award")
    assert "请改为 2026" in visit.by_id("f-award.year-msg").inner_text()
    visit.retype("award.year", "")
    pick(visit, "2025/admin-pioneer-one-stop-service", "")
    assert visit.value("f-award.year") == "2026"
    assert "82.3" in visit.by_id("award-fit").inner_text()
    assert visit.value("award-text") == ""


@pytest.mark.browser
@pytest.mark.build
def test_one_wrong_score_marks_only_its_own_box(visit) -> None:
    visit.open("panel/")
    cards = visit.page.locator("#score-rows .sb-reviewer")
    first = cards.nth(0)
    first.locator('[name="reviewer"]').click()
    for text in ("张评委", "18", "21", "17", "16", "19"):
        visit.page.keyboard.press("Control+a")
        visit.page.keyboard.type(text)
        visit.page.keyboard.press("Tab")
    red = first.locator("label.sb-error")
    assert red.count() == 1
    assert red.locator("input").get_attribute("name") == "process"
    # The box names itself: 本项, not the file's key path.
    assert (
        red.locator(".sb-box-msg").inner_text().startswith("本项为 21 分\uff0c超过该项满分 20 分")
    )
    assert "sb-error" not in (first.get_attribute("class") or "")
    status = visit.by_id("acceptance-status").inner_text()
    assert "评委 1 的过程性" in status and "评委人数" not in status
    visit.page.click("#copy-acceptance")
    # Every problem now shows, each at its own box.
    for i in (1, 2):
        assert cards.nth(i).locator("label.sb-error").count() == 6
    assert "请填写评委 2 的评委" in cards.nth(1).locator(".sb-box-msg").first.inner_text()
    assert (
        visit.page.evaluate("document.documentElement.scrollWidth")
        <= visit.page.viewport_size["width"]
    )


# ------------------------------------------------------------------ words people use

# What a branch secretary or a panel member must not meet on the forms.
FORBIDDEN = re.compile(
    r"roster|data/|\.yml|YAML|Markdown|HTML|前置信息|front matter|slug|"
    r"stage: \w+ 一行|PR\d{3}|PS\d{3}|简称\uff08文件名\uff09",
    re.IGNORECASE,
)


def _visible(page_source: str) -> str:
    text = re.sub(r"<(script|noscript)\b.*?</\1>", " ", page_source, flags=re.S)
    text = re.sub(r"<textarea\b.*?</textarea>", " ", text, flags=re.S)
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.parametrize("page", ["apply.md", "update.md", "panel.md"])
def test_form_pages_use_no_file_format_words(page: str) -> None:
    text = _visible(form_pages(Programme.load(ROOT), None)[page])
    assert FORBIDDEN.findall(text) == []
    if page == "apply.md":
        assert "网址中的英文简称" in text


@pytest.mark.browser
@pytest.mark.build
def test_built_panel_page_shows_no_file_format_words_while_used(visit) -> None:
    visit.open("panel/")
    pick(visit, "2025/econ-teacher-micro-lectures", "")
    visit.page.click("#copy-approval")  # every message shown
    visit.page.click("#copy-acceptance")
    shown = visit.page.evaluate("document.querySelector('article').innerText")
    assert FORBIDDEN.findall(shown) == [], shown


# ------------------------------------------------------------------ a file named as people do

NAMES = {
    "eng-students-2026-01": "projects/2026/eng-students-2026-01.md",
    "eng-students-2026-01.md": "projects/2026/eng-students-2026-01.md",
    "2026/admin-young-staff-dual-cultivation": "projects/2026/admin-young-staff-dual-cultivation.md",
    " projects/2025/auto-progress-2025-01.MD ": "projects/2025/auto-progress-2025-01.md",
    "/projects/2026/x.md": "projects/2026/x.md",
    "admin-young-staff-dual-cultivation": None,  # no year written or in the name: asked for
}


def test_a_project_file_is_understood_without_folder_or_md(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node 不存在\uff1a请安装 nodejs\uff08bash .ci/run 会安装\uff09。")
    values = ROOT / "docs/javascripts/shared/values.js"
    driver = tmp_path / "names.mjs"
    driver.write_text(
        f"import {{projectFile}} from {json.dumps(values.as_uri())};\n"
        f"const names = {json.dumps(list(NAMES), ensure_ascii=False)};\n"
        "console.log(JSON.stringify(names.map((n) => projectFile(n).path)));\n",
        encoding="utf-8",
    )
    out = subprocess.run([node, str(driver)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == list(NAMES.values())
