"""The printed forms: content, escaping, refusal, atomic writing and the Chromium PDF."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from factory import STANDARD, make_repo, project, run_cli, standard_repo, write_project

from site_builder.core import files
from site_builder.core.programme import Programme
from site_builder.panel.forms import FOOTER, FORM_TITLES, cn_date, render_form, render_markdown
from site_builder.rules.validate import validate

ZETA = "projects/2026/zeta-accepted.md"
ETA = "projects/2026/eta-awarded.md"
ALPHA = "projects/2026/alpha-apply.md"
DELTA = "projects/2026/delta-midterm.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return standard_repo(tmp_path / "repo")


def _form(repo: Path, kind: str, rel: str, monkeypatch: pytest.MonkeyPatch) -> str:
    out = repo.parent / "out"
    assert (
        run_cli(
            ["--root", str(repo), "form", kind, str(repo / rel), "--out", str(out), "--no-pdf"],
            monkeypatch,
        )
        == 0
    )
    slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
    year = rel.split("/")[1]
    assert not (out / f"{year}-{slug}-{kind}.pdf").exists()
    return (out / f"{year}-{slug}-{kind}.html").read_text(encoding="utf-8")


def _titles(programme: Programme, *paths: tuple) -> list[str]:
    return [programme.schema.title(p) for p in paths]


class _Cells(HTMLParser):
    """The rows of the table with class `scores`, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_table = self.in_cell = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table" and ("class", "scores") in attrs:
            self.in_table = True
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag in ("td", "th"):
            self.in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.in_table = False
        elif tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data: str) -> None:
        if self.in_table and self.in_cell:
            self.rows[-1][-1] += data


def test_cn_date() -> None:
    assert cn_date("2026-05-06") == "2026年5月6日"
    assert cn_date("2026-12-25") == "2026年12月25日"


def test_apply_form_has_every_plan_value_under_its_schema_title(repo, monkeypatch) -> None:
    page = _form(repo, "apply", ETA, monkeypatch)
    programme = Programme.load(repo)
    data = STANDARD[ETA]
    for title in _titles(
        programme,
        ("title",),
        ("unit",),
        ("executors",),
        ("branch",),
        ("secretary",),
        ("applied_on",),
        ("year",),
        ("category",),
        ("general_branch",),
        ("summary",),
        ("duration_months",),
        ("tags",),
        ("approval",),
        ("approval", "grant"),
        ("approval", "opinion"),
    ):
        assert title and title in page
    assert f"{programme.schema.title(('branch',))}\uff08盖章\uff09" in page
    values = [
        data["title"],
        data["unit"],
        data["secretary"],
        *data["executors"],
        data["summary"],
        *data["tags"],
        "工程技术系教工党支部",
        "工程技术系党总支",
        "服务型党支部建设",
        "2026年5月6日",
        "同意立项",
        "同意立项,注意做好台账。",
        "2026年5月20日",
    ]
    for value in values:
        assert value in page, value
    for heading in ("为什么开展活动", "怎样开展活动", "预期目标"):
        assert f"<h2>{heading}</h2>" in page
    # The body is rendered from Markdown.
    assert "<li>每月一次志愿服务</li>" in page and "<strong>时间安排</strong>" in page
    assert FORM_TITLES["apply"] in page and FOOTER in page
    assert "@page { size: A4; margin: 20mm; }" in page
    assert "Noto Serif CJK SC" in page
    # Standalone: no external resource, no script.
    assert not re.search(r"(src|href)\s*=", page)
    assert "<script" not in page and "<link" not in page


def test_midterm_form_has_progress_and_opinion(repo, monkeypatch) -> None:
    page = _form(repo, "midterm", DELTA, monkeypatch)
    programme = Programme.load(repo)
    for title in _titles(
        programme,
        ("title",),
        ("unit",),
        ("branch",),
        ("secretary",),
        ("executors",),
        ("midterm",),
        ("midterm", "opinion"),
        ("midterm", "date"),
    ):
        assert title in page
    data = STANDARD[DELTA]
    for value in (
        data["title"],
        "工程技术系学生党支部",
        "李明",
        "王芳",
        "赵小川",
        "已开展服务 8 次,完成阶段性小结两份。",
        "进展良好,建议加强阶段总结。",
        "2027年3月15日",
        "评审组组长签字",
    ):
        assert value in page, value
    assert "<h2>中期进展</h2>" in page
    assert FORM_TITLES["midterm"] in page and FOOTER in page


def test_acceptance_form_scores_sums_and_total(repo, monkeypatch) -> None:
    page = _form(repo, "acceptance", ZETA, monkeypatch)
    programme = Programme.load(repo)
    criteria = programme.schema.criteria
    parser = _Cells()
    parser.feed(page)
    header, *reviewers, total = parser.rows
    assert header[0] == programme.schema.title(("acceptance", "scores", 0, "reviewer"))
    for cell, criterion in zip(header[1:6], criteria, strict=True):
        assert (
            cell
            == f"{programme.schema.title(('acceptance', 'scores', 0, criterion))}\uff08满分 20 分\uff09"
        )
    assert header[6] == "合计\uff08满分 100 分\uff09"
    assert reviewers == [
        ["赵立新", "18", "18", "18", "18", "18", "90"],
        ["孙海燕", "17", "17", "17", "17", "17", "85"],
        ["吴晓梅", "18", "18", "18", "17", "17", "88"],
    ]
    assert total[0].startswith("总评分") and total[1] == "87.7"
    for value in (
        "通过验收",
        "完成预期目标,效果突出。",
        "2027年5月25日",
        "2027年5月8日",
        "评审组组长签字",
        "日期",
        FOOTER,
        FORM_TITLES["acceptance"],
    ):
        assert value in page, value
    assert programme.schema.title(("acceptance", "result")) in page
    assert programme.schema.title(("acceptance", "opinion")) in page


def test_acceptance_maxima_come_from_the_settings(tmp_path) -> None:
    root = make_repo(tmp_path / "repo", shipped=True)
    settings = root / "data" / "programme.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("completeness: 20", "completeness: 25"),
        encoding="utf-8",
    )
    write_project(root, ZETA, STANDARD[ZETA])
    programme = Programme.load(root)
    (proj,) = validate(root, programme).valid_projects()
    page = render_form("acceptance", proj, programme)
    assert '完整性<span class="max">\uff08满分 25 分\uff09' in page
    assert '合计<span class="max">\uff08满分 105 分\uff09' in page


def test_project_text_is_escaped_and_body_sanitised(tmp_path, monkeypatch) -> None:
    root = make_repo(tmp_path / "repo", shipped=True)
    rel = "projects/2026/escape-me.md"
    write_project(
        root, rel, project("applied", title="先锋&岗 \"双\" '创' 行动", secretary="O'Neil 李")
    )
    out = tmp_path / "out"
    assert (
        run_cli(
            ["--root", str(root), "form", "apply", str(root / rel), "--out", str(out), "--no-pdf"],
            monkeypatch,
        )
        == 0
    )
    page = (out / "2026-escape-me-apply.html").read_text(encoding="utf-8")
    assert "先锋&amp;岗 &quot;双&quot; &#x27;创&#x27; 行动" in page
    assert "O&#x27;Neil 李" in page
    clean = render_markdown(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![p](https://e.example/p.png) "
        '<b onclick="x()">粗</b> [ok](https://example.org)'
    )
    assert "<script" not in clean and "alert(1)</" not in clean
    assert "javascript:" not in clean and "<img" not in clean and "onclick" not in clean
    assert 'href="https://example.org"' in clean


def test_form_refused_when_the_stage_lacks_the_data(repo, monkeypatch, capsys) -> None:
    out = repo.parent / "out"
    code = run_cli(
        [
            "--root",
            str(repo),
            "form",
            "acceptance",
            str(repo / ALPHA),
            str(repo / ZETA),
            "--out",
            str(out),
            "--no-pdf",
        ],
        monkeypatch,
    )
    err = capsys.readouterr().err
    assert code == 1
    assert ALPHA in err and "不能生成" in err and "已申报" in err
    assert sorted(p.name for p in out.iterdir()) == ["2026-zeta-accepted-acceptance.html"]


def test_invalid_project_named_with_errors_and_left_out(repo, monkeypatch, capsys) -> None:
    bad = "projects/2026/broken.md"
    data = project("approved", title="坏文件项目")
    del data["approval"]  # approved without the panel's decision: schema error
    write_project(repo, bad, data)
    out = repo.parent / "out"
    code = run_cli(
        [
            "--root",
            str(repo),
            "form",
            "apply",
            str(repo / "projects" / "2026"),
            "--out",
            str(out),
            "--no-pdf",
        ],
        monkeypatch,
    )
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(rf"{re.escape(bad)}:\d+:\d+: [A-Z]+\d+ ", err), err
    names = {p.name for p in out.iterdir()}
    assert "2026-broken-apply.html" not in names
    assert "2026-zeta-accepted-apply.html" in names and "2026-alpha-apply-apply.html" in names
    assert len(names) == len([k for k in STANDARD if k.startswith("projects/2026/")])


@pytest.mark.parametrize("folder", ["docs", "site", "docs/forms", "projects"])
def test_out_inside_the_site_is_refused(repo, monkeypatch, capsys, folder) -> None:
    code = run_cli(
        [
            "--root",
            str(repo),
            "form",
            "apply",
            str(repo / ALPHA),
            "--out",
            str(repo / folder),
            "--no-pdf",
        ],
        monkeypatch,
    )
    assert code == 2
    assert "不能写入网站文件夹" in capsys.readouterr().err
    assert not (repo / folder).exists() or folder == "projects"
    assert not list(repo.rglob("*.html"))


def test_existing_output_replaced_whole(repo, monkeypatch) -> None:
    out = repo.parent / "out"
    out.mkdir()
    target = out / "2026-alpha-apply-apply.html"
    target.write_text("旧内容", encoding="utf-8")
    page = _form(repo, "apply", ALPHA, monkeypatch)
    assert "旧内容" not in page and FORM_TITLES["apply"] in page
    assert sorted(p.name for p in out.iterdir()) == [target.name]  # no temporary file left

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        files.write_atomic(target, b"half")
    assert target.read_text(encoding="utf-8") == page
    assert sorted(p.name for p in out.iterdir()) == [target.name]
    monkeypatch.undo()
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600


@pytest.mark.browser
def test_pdf_printed_by_chromium_a4_one_browser(repo, monkeypatch) -> None:
    from playwright.sync_api import BrowserType

    launches = []
    original = BrowserType.launch

    def counting(self, *args, **kwargs):
        launches.append(1)
        return original(self, *args, **kwargs)

    out = repo.parent / "out"
    run = [
        "--root",
        str(repo),
        "form",
        "acceptance",
        str(repo / ZETA),
        str(repo / ETA),
        "--out",
        str(out),
    ]
    monkeypatch.setattr(BrowserType, "launch", counting)
    assert run_cli(run, monkeypatch) == 0
    assert len(launches) == 1
    for stem in ("2026-zeta-accepted-acceptance", "2026-eta-awarded-acceptance"):
        assert (out / f"{stem}.html").exists()
        pdf = (out / f"{stem}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF")
        pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
        assert len(pages) >= 1
        boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
        assert boxes, "no MediaBox"
        for width, height in boxes:
            assert abs(float(width) - 595.28) < 1 and abs(float(height) - 841.89) < 1


# ------------------------------------------------------------------ blank forms for the meetings

GAMMA = "projects/2026/gamma-approved.md"
EPSILON = "projects/2026/epsilon-concluded.md"


def _blank(repo: Path, kind: str, rel: str, monkeypatch: pytest.MonkeyPatch) -> str:
    out = repo.parent / "out"
    args = ["--root", str(repo), "form", kind, "--blank", str(repo / rel), "--out", str(out)]
    assert run_cli([*args, "--no-pdf"], monkeypatch) == 0
    slug = rel.rsplit("/", 1)[-1].removesuffix(".md")
    return (out / f"2026-{slug}-{kind}-blank.html").read_text(encoding="utf-8")


def test_blank_midterm_form_before_the_panel_wrote_anything(repo, monkeypatch) -> None:
    page = _blank(repo, "midterm", GAMMA, monkeypatch)
    data = STANDARD[GAMMA]
    assert "midterm" not in data  # the panel has written nothing yet
    for value in (FORM_TITLES["midterm"], data["title"], "李明", "王芳", "评审组组长签字"):
        assert value in page, value
    # The progress section is not written yet either: an empty box to write it in by hand.
    assert '<h2>中期进展</h2><div class="box"><div class="blank"></div></div>' in page
    assert page.count('<div class="blank"></div>') == 2  # progress and the panel's opinion
    assert "\u3000\u3000年\u3000\u3000月\u3000\u3000日" in page


def test_blank_midterm_leaves_out_an_opinion_already_written(repo, monkeypatch) -> None:
    page = _blank(repo, "midterm", DELTA, monkeypatch)
    assert "已开展服务 8 次" in page  # the branch's progress is printed
    assert "进展良好,建议加强阶段总结。" not in page and "2027年3月15日" not in page


def test_blank_acceptance_sheet_has_empty_score_cells(repo, monkeypatch) -> None:
    programme = Programme.load(repo)
    for rel in (EPSILON, ZETA):  # concluded, and accepted (its scores are not printed)
        page = _blank(repo, "acceptance", rel, monkeypatch)
        parser = _Cells()
        parser.feed(page)
        header, *rows, total = parser.rows
        assert header[6] == "合计\uff08满分 100 分\uff09"
        assert len(rows) == max(len(programme.roster.panel), 3)
        assert all(set(cell) == {"\u3000"} for row in rows for cell in row)
        assert total[1] == "\u3000"
        for label in ("通过验收", "未通过验收"):
            assert f"\u25a1 {label}" in page
        assert STANDARD[rel]["title"] in page and "2027年5月8日" in page  # concluded_on
        for name in ("赵立新", "孙海燕", "吴晓梅", "完成预期目标"):
            assert name not in page


def test_blank_forms_refused_too_early_and_for_the_application(repo, monkeypatch, capsys) -> None:
    out = repo.parent / "out"
    base = ["--root", str(repo), "form"]
    code = run_cli(
        [*base, "midterm", "--blank", str(repo / ALPHA), "--out", str(out), "--no-pdf"],
        monkeypatch,
    )
    err = capsys.readouterr().err
    assert code == 1 and ALPHA in err and "尚未立项" in err and "空白《" in err
    code = run_cli(
        [*base, "acceptance", "--blank", str(repo / DELTA), "--out", str(out), "--no-pdf"],
        monkeypatch,
    )
    err = capsys.readouterr().err
    assert code == 1 and DELTA in err and "尚未结题" in err
    code = run_cli(
        [*base, "apply", "--blank", str(repo / ALPHA), "--out", str(out), "--no-pdf"],
        monkeypatch,
    )
    err = capsys.readouterr().err
    assert code == 2 and "--blank 只用于" in err and "Traceback" not in err
