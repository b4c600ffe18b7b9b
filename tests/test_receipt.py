"""The change receipt (core/receipt.py): what a reviewer who never reads the file's format is told
about one changed file, and what `check` prints in its job summary."""

from __future__ import annotations

import copy
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from clirun import cli_in_process
from factory import ROOT, body, front, make_repo, render
from gitrepo_helpers import commit_on, git, init

from site_builder.core import receipt
from site_builder.core.change import FileChange
from site_builder.core.model import ProjectRecord
from site_builder.core.process import Stage
from site_builder.core.programme import Programme
from site_builder.core.tree import parse_project
from site_builder.rules.pack import browser_spec
from site_builder.rules.validate import check_project

REL = "projects/2026/r-01.md"
CRITERIA = ("completeness", "process", "participation", "education", "branch_building")


@pytest.fixture(scope="module")
def programme() -> Programme:
    return Programme.load(ROOT)


def rows(*sums: int) -> list[dict]:
    out = []
    for i, total in enumerate(sums):
        base, extra = divmod(total, 5)
        out.append(
            {"reviewer": f"评委{i + 1}", **{c: base + (j < extra) for j, c in enumerate(CRITERIA)}}
        )
    return out


def accepted(*sums: int) -> dict:
    data = front("accepted")
    data["acceptance"] = {**data["acceptance"], "scores": rows(*sums)}
    data["acceptance"].pop("total", None)
    return data


def field(r: receipt.Receipt, title: str) -> receipt.FieldChange:
    found = [f for f in r.fields if f.title == title]
    assert len(found) == 1, [f.title for f in r.fields]
    return found[0]


def test_a_stage_step_in_words_with_the_fields_it_adds(programme: Programme) -> None:
    before = front("concluded")
    after = accepted(90, 88, 86)
    r = receipt.receipt(programme, REL, render(before), render(after))
    assert (r.kind, r.stage_before, r.stage_after) == (
        "changed",
        Stage.CONCLUDED.label,
        Stage.ACCEPTED.label,
    )
    lines = receipt.text(r).split("\n")
    assert lines[0] == f"文件\uff1a{REL}"
    assert lines[1] == f"项目\uff1a{after['title']}"
    assert lines[2] == f"阶段\uff1a{Stage.CONCLUDED.label} \u2192 {Stage.ACCEPTED.label}"
    # Titles from the schema; a reviewer's row named by the reviewer; a choice by its label.
    score = field(r, "验收评审·评分·第 2 条\uff08评委2\uff09·完整性")
    assert (score.before, score.after) == (None, "18")
    assert score.path == ["acceptance", "scores", 1, "completeness"]
    result = field(r, "验收评审·验收结论")
    assert (result.before, result.after) == (
        None,
        programme.schema.label(("acceptance", "result"), "passed"),
    )
    text = receipt.text(r)
    assert "  验收评审·验收结论\uff1a\n    原\uff1a\uff08无\uff09\n    新\uff1a通过验收\n" in text
    # The stage is said once, in words, not as a field.
    assert not [f for f in r.fields if f.path == ["stage"]]
    for word in ("YAML", "front matter", "Markdown", "JSON", "slug", "stage", "acceptance"):
        assert word not in text.replace(REL, "")


def test_the_total_is_validates_total_against_the_threshold(
    programme: Programme, tmp_path: Path
) -> None:
    threshold = programme.settings.award_threshold
    for sums, reached in (
        ((85, 85, 84), False),
        ((85, 85, 85), True),
        ((95, 91, 90), True),
        ((85, 84), False),
    ):
        after = accepted(*sums)
        r = receipt.receipt(programme, REL, render(front("concluded")), render(after))
        assert r.total is not None
        # validate's own total: a wrong written total makes PR306 name the computed one.
        wrong = copy.deepcopy(after)
        wrong["acceptance"]["total"] = 1
        project, _ = parse_project(REL, render(wrong).encode())
        messages = [d.message for d in check_project(project, programme) if d.code == "PR306"]
        computed = re.search(r"平均值为 ([0-9.]+)", messages[0]).group(1)
        assert r.total.after == computed
        record = ProjectRecord.of(parse_project(REL, render(after).encode())[0])
        assert r.total.after == str(record.acceptance.total(programme.schema.criteria))
        assert (r.total.threshold, r.total.reached) == (threshold, reached)
        verdict = ("达到" if reached else "未达到") + f"评比表彰的 {threshold} 分线"
        assert receipt.text(r).endswith(
            f"总评分\uff08按各评委评分的平均计算\uff09\uff1a\uff08无\uff09 \u2192 {computed}\uff1b{verdict}\n"
        )


def test_one_reviewers_score_changed_shows_both_totals(programme: Programme) -> None:
    before = accepted(85, 85, 84)
    after = copy.deepcopy(before)
    after["acceptance"]["scores"][2]["education"] += 1
    r = receipt.receipt(programme, REL, render(before), render(after))
    assert [(f.title, f.before, f.after) for f in r.fields] == [
        ("验收评审·评分·第 3 条\uff08评委3\uff09·党员受教育、得到锻炼", "17", "18")
    ]
    assert r.total is not None and (r.total.before, r.total.after, r.total.reached) == (
        "84.7",
        "85.0",
        True,
    )
    assert r.stage_before is None and r.stage_after is None
    unchanged = receipt.receipt(
        programme, REL, render(before), render(before) + "\n补充一句\u3002\n"
    )
    assert unchanged.total is None  # the scores did not change: no total line


def test_expense_rows_added_changed_and_removed(programme: Programme) -> None:
    before = front("concluded")
    after = copy.deepcopy(before)
    after["expenses"][1]["amount"] = "200.00"
    after["expenses"].append({"date": "2027-01-05", "item": "活动场地布置", "amount": 80})
    r = receipt.receipt(programme, REL, render(before), render(after))
    amount = field(r, "经费支出·第 2 条\uff08培训资料印制\uff09·金额\uff08元\uff09")
    assert (amount.before, amount.after) == ("185.50", "200.00")
    added = [f for f in r.fields if f.path[:2] == ["expenses", 2]]
    assert [(f.title.split("·")[-1], f.before, f.after) for f in added] == [
        ("支出日期", None, "2027-01-05"),
        ("支出事项", None, "活动场地布置"),
        ("金额\uff08元\uff09", None, "80"),
    ]
    removed = receipt.receipt(programme, REL, render(after), render(before))
    assert {
        (f.path[1], f.before, f.after) for f in removed.fields if f.path[:2] == ["expenses", 2]
    } == {
        (2, "2027-01-05", None),
        (2, "活动场地布置", None),
        (2, "80", None),
    }


def test_an_approval_block_and_lists(programme: Programme) -> None:
    before = front("applied")
    after = front("approved", executors=["李明", "王芳", "张伟"])
    r = receipt.receipt(programme, REL, render(before), render(after))
    assert (field(r, "立项评审·评审结论").after) == "同意立项"
    assert field(r, "立项评审·资助经费\uff08元\uff09").after == "1000"
    executors = field(r, "项目执行者")
    assert (executors.before, executors.after) == ("李明\u3001王芳", "李明\u3001王芳\u3001张伟")


def test_a_new_project_is_an_application_with_its_key_fields(programme: Programme) -> None:
    data = front("applied")
    r = receipt.receipt(programme, REL, None, render(data))
    assert r.kind == "new" and r.status == "added"
    text = receipt.text(r)
    assert text.startswith(
        f"文件\uff1a{REL}\n新申报\uff1a{data['title']}\n阶段\uff1a{Stage.APPLIED.label}\n填写的内容\uff1a\n"
    )
    assert "  立项方向\uff1a服务型党支部建设\n" in text
    # Roster ids with the names the roster gives them.
    general = programme.roster.general_branches["gb-eng"].name
    assert f"  所属党总支\uff1a{general}\uff08gb-eng\uff09\n" in text
    # The plan's fields first, in the programme's order; every value as written, nothing before.
    assert [f.path[0] for f in r.fields][:3] == ["title", "year", "category"]
    assert all(f.before is None for f in r.fields)
    assert [s.heading for s in r.sections] == ["为什么开展活动", "怎样开展活动", "预期目标"]
    assert all(s.status == "added" for s in r.sections)


def test_sections_added_changed_and_removed_with_lines_marked(programme: Programme) -> None:
    data = front("midterm")
    text = render(
        data,
        "\n## 为什么开展活动\n\n第一段\u3002\n\n第二段\u3002\n\n第三段\u3002\n\n第四段\u3002\n\n## 预期目标\n\n目标\u3002\n",
    )
    after = text.replace("第一段\u3002", "第一段\uff08改\uff09\u3002").replace(
        "第四段\u3002", "第四段\u3002\n\n新的第五段\u3002"
    )
    after = after.replace("\n## 预期目标\n\n目标\u3002\n", "\n## 中期进展\n\n进展顺利\u3002\n")
    r = receipt.receipt(programme, REL, text, after)
    by = {s.heading: s for s in r.sections}
    assert by["为什么开展活动"].status == "changed"
    assert [(x.op, x.text, x.start, x.end) for x in by["为什么开展活动"].lines] == [
        ("removed", "第一段\u3002", None, None),  # nothing removed but what the other side adds
        ("added", "第一段\uff08改\uff09\u3002", 3, 6),  # the phrase that changed
        ("gap", "\u2026\u2026", None, None),
        ("added", "新的第五段\u3002", None, None),
    ]
    assert (by["中期进展"].status, by["预期目标"].status) == ("added", "removed")
    shown = receipt.text(r)
    assert (
        "  修改章节\u201c为什么开展活动\u201d\uff1a\n    \u3010删除\u3011第一段\u3002\n"
        "    \u3010新增\u3011第一段\u3014\uff08改\uff09\u3015\u3002\n    \u2026\u2026\n"
    ) in shown
    assert "  删除章节\u201c预期目标\u201d\uff1a\n    \u3010删除\u3011目标\u3002\n" in shown


def test_a_phrase_changed_inside_a_long_line_is_marked(programme: Programme) -> None:
    """A paragraph is one line: a word changed in it is marked on both sides, the rest as is."""
    old = "支部每月组织一次主题党日活动\uff0c党员轮流讲党课\uff0c😀 记录存档\u3002"
    new = "支部每两周组织一次主题党日活动\uff0c党员轮流讲党课\uff0c😀 记录存档\u3002"
    before = render(front("midterm"), f"\n## 怎样开展活动\n\n{old}\n")
    r = receipt.receipt(programme, REL, before, before.replace(old, new))
    removed, added = r.sections[0].lines
    assert (removed.text[removed.start : removed.end], added.text[added.start : added.end]) == (
        "月",
        "两周",
    )
    assert receipt.text(r).endswith(
        "    \u3010删除\u3011支部每\u3014月\u3015组织一次主题党日活动\uff0c党员轮流讲党课\uff0c😀 记录存档\u3002\n"
        "    \u3010新增\u3011支部每\u3014两周\u3015组织一次主题党日活动\uff0c党员轮流讲党课\uff0c😀 记录存档\u3002\n"
    )
    # Two lines that share nothing are two lines, unmarked.
    other = receipt.receipt(programme, REL, before, before.replace(old, "全新的内容"))
    assert [(x.start, x.end) for x in other.sections[0].lines] == [(None, None), (None, None)]


def test_photos_in_the_body_and_in_the_media_folder(programme: Programme) -> None:
    text = render(front("midterm"))
    after = text + "\n![活动照片](r-01/group.jpg)\n\n见[报告](r-01/report.pdf)\n"
    r = receipt.receipt(programme, REL, text, after)
    assert [(m.path, m.status, m.image) for m in r.images] == [
        ("projects/2026/r-01/group.jpg", "added", True)
    ]
    assert "正文中的图片\uff1a\n  新增\uff1aprojects/2026/r-01/group.jpg\n" in receipt.text(r)
    back = receipt.receipt(programme, REL, after, text)
    assert [(m.path, m.status) for m in back.images] == [
        ("projects/2026/r-01/group.jpg", "removed")
    ]
    photo = receipt.receipt(programme, "projects/2026/r-01/group.jpg", None, "")
    assert (photo.kind, photo.media[0].image) == ("media", True)
    assert (
        receipt.text(photo)
        == "文件\uff1aprojects/2026/r-01/group.jpg\n新增照片或附件\uff1aprojects/2026/r-01/group.jpg\n"
    )
    pdf = receipt.receipt(programme, "projects/2026/r-01/report.pdf", "", None)
    assert (pdf.media[0].status, pdf.media[0].image) == ("removed", False)


def test_deleted_renamed_and_other_files(programme: Programme) -> None:
    text = render(front("approved"))
    gone = receipt.receipt(programme, REL, text, None)
    assert receipt.text(gone) == (
        f"文件\uff1a{REL}\n项目\uff1a{front()['title']}\n删除了项目文件\uff08原阶段\uff1a{Stage.APPROVED.label}\uff09\n"
    )
    moved = receipt.receipt(programme, "projects/2026/r-02.md", text, text, "projects/2026/r-01.md")
    assert (
        receipt.text(moved).split("\n")[1]
        == "文件改名\uff1aprojects/2026/r-01.md \u2192 projects/2026/r-02.md"
    )
    assert not moved.fields and not moved.format_only
    other = receipt.receipt(programme, "README.md", "a", "b")
    assert receipt.text(other) == "文件\uff1aREADME.md\n修改文件\uff1aREADME.md\n"
    rewritten = receipt.receipt(programme, REL, text, text.replace("title: ", "title:  "))
    assert rewritten.format_only and receipt.text(rewritten).endswith(
        "只改动了写法\uff0c内容没有变化\u3002\n"
    )


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("没有开头信息的文件\n", "PF104"),
        ("---\ntitle: x\n", "PF105"),
        ("---\n---\n", "PF106"),
        ("---\n- a\n---\n", "PF107"),
        ("---\ntitle: [\n---\n", "PF108"),
        ("---\ntitle: &a x\n---\n", "PF109"),
        ("---\ntitle: x\ntitle: y\n---\n", "PF110"),
        ("---\n2026: x\n---\n", "PF111"),
        ("---\ntitle: !!str x\n---\n", "PF112"),
        ("---\n项目名称: x\n---\n", "PF118"),
        ('---\ntitle: "\\x0b"\n---\n', "PF103"),
        ("---\ntitle: x\u202e\n---\n", "PF103"),
        ("---\ntitle: x\n---\n" + "很" * 100_000, "PF101"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_line_with_the_checks_code(
    programme: Programme, content: str, code: str
) -> None:
    good = render(front())
    r = receipt.receipt(programme, REL, good, content)
    assert [(p.side, p.code) for p in r.problems] == [("after", code)]
    assert receipt.text(r).endswith(
        f"修改后的文件无法读取\uff08{code}\uff09\uff0c请先按检查结果修改\u3002\n"
    )
    project, diagnostics = parse_project(REL, content.encode())
    assert project is None and diagnostics[0].code == code  # the check's own code
    r = receipt.receipt(programme, REL, content, good)
    assert [(p.side, p.code) for p in r.problems] == [("before", code)]


def test_bytes_that_are_not_utf8_and_garbage_never_raise(programme: Programme) -> None:
    good = render(front()).encode()
    r = receipt.of_change(
        programme, FileChange("M", REL, REL, good, good.replace("李明".encode(), b"\xff\xfe"))
    )
    assert [(p.side, p.code) for p in r.problems] == [("after", "PF102")]
    photo = receipt.of_change(
        programme, FileChange("A", None, "projects/2026/r-01/a.png", None, b"\x89PNG\xff")
    )
    assert photo.kind == "media"
    for junk in [
        "",
        "---",
        "---\n:\n---\n",
        "\x00",
        "---\n" + "[" * 5000 + "\n---\n",
        "\ud800",
        "---\na: {b: [c, {d: e}]}\n---\n",
    ]:
        for before, after in ((junk, None), (None, junk), (junk, junk), (junk, good.decode())):
            receipt.text(receipt.receipt(programme, REL, before, after))


def test_several_receipts_stay_within_the_summarys_size(programme: Programme) -> None:
    one = receipt.receipt(programme, REL, None, render(front()))
    many = [one] * 50
    whole = receipt.texts(many)
    assert whole.count("新申报") == 50
    cut = receipt.texts(many, limit=(len(receipt.text(one)) + 1) * 3)
    assert cut.count("新申报") == 3 and cut.endswith(
        "其余 47 个文件的改动见拉取请求的文件列表\u3002\n"
    )


def test_the_words_are_the_pages_words(programme: Programme) -> None:
    """One table of words, exported to the browser through the spec every page embeds."""
    spec = browser_spec(programme)
    assert spec["receipt"]["words"] == receipt.WORDS
    assert spec["receipt"]["patterns"]["front_matter"]["source"]
    json.dumps(spec, ensure_ascii=False).encode("utf-8")  # what a page embeds: no lone surrogate
    for word in receipt.WORDS.values():
        for banned in ("YAML", "front matter", "slug", "Markdown", "JSON", "HTML"):
            assert banned not in word


def test_the_front_matter_pattern_is_the_loaders(programme: Programme) -> None:
    from site_builder.core.loader import FRONT_MATTER_RE

    for text in [
        "---\na: 1\n---\nbody",
        "---\n---\n",
        "---\na\n...\n",
        "---  \na: 1\n\n---\t\nx",
        "x\n---\n",
        "---\na: 1\n",
    ]:
        mine, theirs = receipt.FRONT_MATTER.match(text), FRONT_MATTER_RE.match(text)
        assert (mine and mine.groups()) == (theirs and theirs.groups())


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if found is None:
        pytest.fail(
            "Node.js is needed for the receipt's page test (Debian: apt-get install nodejs)"
        )
    return found


def test_render_receipt_builds_elements_with_text_only(
    programme: Programme, tmp_path: Path
) -> None:
    """renderReceipt (for the review page): every line of the text, as elements; images as
    thumbnails named by their path; data only ever as text (no innerHTML anywhere)."""
    before = render(front("concluded"))
    data = accepted(90, 88, 86)
    data["title"] = "<img src=x onerror=alert(1)>"
    after = render(data, body("accepted") + "\n![照片](r-01/a.jpg)\n")
    payload = tmp_path / "in.json"
    cases = [
        {"path": REL, "before": before, "after": after},
        {"path": REL, "before": None, "after": after},
        {"path": REL, "before": before, "after": None},
        {"path": REL, "before": before, "after": "---\n- a\n---\n"},
        {"path": "projects/2026/r-01/a.jpg", "before": None, "after": ""},
        {"path": "README.md", "before": "a", "after": "b", "old_path": "OLD.md"},
    ]
    payload.write_text(
        json.dumps({"spec": browser_spec(programme), "cases": cases}), encoding="utf-8"
    )
    proc = subprocess.run(
        [node(), str(ROOT / "tests/receipt_dom.mjs"), str(payload)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for case, out in zip(cases, json.loads(proc.stdout), strict=True):
        r = receipt.receipt(
            programme, case["path"], case["before"], case["after"], case.get("old_path")
        )
        lines = [line.strip() for line in receipt.text(r).split("\n") if line.strip()]
        shown = out["texts"]
        # Every line of the text is on the page (a field's 原/新 and a section's lines alike).
        for line in lines:
            assert any(line == s or (line.endswith(s) and s) for s in shown) or line in "".join(
                shown
            ), line
        assert out["html_free"]
    first = json.loads(proc.stdout)[0]
    assert first["images"] == ["projects/2026/r-01/a.jpg"]
    assert "<img src=x onerror=alert(1)>" in "".join(first["texts"])
    source = (ROOT / "docs/javascripts/shared/receipt.js").read_text("utf-8")
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source


# ------------------------------------------------------------------ the check's job summary


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    (root / "projects/2026").mkdir(parents=True)
    for stage in ("applied", "concluded"):
        (root / f"projects/2026/s-{stage}.md").write_text(render(front(stage)), encoding="utf-8")
    init(root)
    return root


def check(root: Path, author: str, summary: Path | None, fmt: str = "github"):
    args = ("check", "--base", "main", "--head", "pr", "--author", author, "--format", fmt)
    return cli_in_process(
        *args, cwd=root, env={"GITHUB_STEP_SUMMARY": str(summary) if summary else None}
    )


@pytest.mark.git
def test_check_writes_the_receipt_into_its_job_summary(repo: Path, tmp_path: Path) -> None:
    after = accepted(90, 88, 86)
    after["title"] = "验收<b>通过</b> & 表彰"
    photo = (ROOT / "projects/2025/art-red-murals-community/mural-wall.jpg").read_bytes()
    commit_on(
        repo,
        "pr",
        "main",
        {
            "projects/2026/s-concluded.md": render(after),
            "projects/2026/s-concluded/photo.jpg": photo,
            "projects/2026/s-applied.md": None,
        },
    )
    summary = tmp_path / "summary.md"
    proc = check(repo, "panel-lead", summary)
    plain = check(repo, "panel-lead", None)
    # The printed output is what it was: the receipt goes into the job summary only.
    assert proc.stdout == plain.stdout and "变更说明" not in proc.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.index("## 立项活动检查") < text.index("### 变更说明")
    described = text.split("<pre>\n", 1)[1].split("</pre>", 1)[0]
    programme = Programme.load(repo)
    base = render(front("concluded"))
    expected = receipt.texts(
        [
            receipt.receipt(
                programme, "projects/2026/s-applied.md", render(front("applied")), None
            ),
            receipt.receipt(programme, "projects/2026/s-concluded.md", base, render(after)),
            receipt.receipt(programme, "projects/2026/s-concluded/photo.jpg", None, ""),
        ]
    )
    assert html.unescape(described) == expected
    assert "验收&lt;b&gt;通过&lt;/b&gt; &amp; 表彰" in described  # nothing a file holds is markup
    assert f"阶段\uff1a{Stage.CONCLUDED.label} \u2192 {Stage.ACCEPTED.label}" in described
    assert "新增照片或附件\uff1aprojects/2026/s-concluded/photo.jpg" in described
    assert "删除了项目文件" in described


@pytest.mark.git
def test_check_summary_names_a_broken_file_by_its_code(repo: Path, tmp_path: Path) -> None:
    commit_on(repo, "pr", "main", {"projects/2026/s-applied.md": "---\ntitle: [\n---\n"})
    summary = tmp_path / "summary.md"
    proc = check(repo, "eng-sec", summary)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    text = summary.read_text(encoding="utf-8")
    assert "修改后的文件无法读取\uff08PF108\uff09" in text
    assert git(repo, "status", "--porcelain") == ""


@pytest.mark.git
def test_check_summary_follows_a_renamed_file(repo: Path, tmp_path: Path) -> None:
    text = (repo / "projects/2026/s-applied.md").read_text(encoding="utf-8")
    edited = text.replace("教学一线需要党员带头", "教学一线更需要党员带头")
    commit_on(
        repo, "pr", "main", {"projects/2026/s-applied.md": None, "projects/2026/s-moved.md": edited}
    )
    summary = tmp_path / "summary.md"
    check(repo, "eng-sec", summary)
    described = html.unescape(summary.read_text(encoding="utf-8").split("<pre>\n", 1)[1])
    assert described.startswith(
        "文件\uff1aprojects/2026/s-moved.md\n"
        "文件改名\uff1aprojects/2026/s-applied.md \u2192 projects/2026/s-moved.md\n"
    )
    assert "\u3010新增\u3011教学一线\u3014更\u3015需要党员带头" in described


def test_the_summary_fits_githubs_limit_whatever_the_files_hold(programme: Programme) -> None:
    from site_builder.cli.commands.check import receipt_summary

    worst = render(front(), "\n## 为什么开展活动\n\n" + "&<>" * 20_000 + "\n")
    changes = [
        FileChange("A", None, f"projects/2026/w-{i:02d}.md", None, worst.encode())
        for i in range(40)
    ]
    summary = receipt_summary(programme, changes)
    assert len(summary.encode("utf-8")) < 1024 * 1024
    assert "其余" in summary and "&amp;&lt;&gt;" in summary
