"""The reports against hand-computed figures for the STANDARD collection (tests/factory.py)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from factory import ROOT, STANDARD, project, run_cli, standard_repo, write_project

from site_builder.core.programme import Programme
from site_builder.panel import report_output
from site_builder.panel.reports import build_tables, select_year
from site_builder.rules.validate import validate

CATEGORIES = [
    "党员队伍作风建设",
    "发展党员工作质量",
    "党员教育管理",
    "服务型党支部建设",
    "创新党支部活动",
    "大学生党支部建设",
]
SHEETS = ["项目统计", "逾期事项", "经费", "表彰候选"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return standard_repo(tmp_path_factory.mktemp("reports") / "repo")


@pytest.fixture(scope="module")
def loaded(repo: Path):
    programme = Programme.load(repo)
    result = validate(repo, programme)
    assert not result.failed_paths()
    return result.valid_projects(), programme


def tables(loaded, today: str = "2027-04-15", year: int | None = None):
    projects, programme = loaded
    return {
        t.name: t
        for t in build_tables(
            select_year(projects, year), programme, date.fromisoformat(today), year
        )
    }


def test_stage_by_category_counts(loaded) -> None:
    table = tables(loaded)["项目统计"]
    assert table.headers == ["阶段", *CATEGORIES, "合计"]
    #            conduct recruit educ service activity student total
    assert [list(r) for r in table.rows] == [
        ["已申报", 0, 0, 1, 1, 0, 0, 2],
        ["已立项", 0, 0, 0, 0, 1, 0, 1],
        ["未立项", 1, 0, 0, 0, 0, 0, 1],
        ["中期检查", 0, 1, 0, 0, 0, 2, 3],
        ["已结题", 0, 0, 0, 1, 0, 0, 1],
        ["通过验收", 1, 0, 1, 0, 0, 0, 2],
        ["未通过验收", 0, 0, 0, 0, 0, 0, 0],
        ["拟表彰\uff08公示中\uff09", 0, 0, 0, 0, 0, 0, 0],
        ["优秀成果", 0, 0, 0, 1, 0, 0, 1],
        ["已撤项", 0, 0, 0, 0, 1, 0, 1],
        ["合计", 2, 1, 2, 3, 2, 2, 12],
    ]
    only_2026 = tables(loaded, year=2026)["项目统计"]
    assert "2026 年度" in only_2026.title
    assert list(only_2026.rows[3]) == ["中期检查", 0, 1, 0, 0, 0, 1, 2]
    assert list(only_2026.rows[-1]) == ["合计", 2, 1, 2, 3, 2, 1, 11]


def _overdue(loaded, today: str) -> list[tuple]:
    table = tables(loaded, today)["逾期事项"]
    assert table.headers == ["项目", "支部", "阶段", "事项", "应完成日期", "逾期天数"]
    return [(r[0].split("\uff08")[-1].rstrip("\uff09"), r[2], r[3], r[4], r[5]) for r in table.rows]


def test_overdue_in_april(loaded) -> None:
    assert _overdue(loaded, "2027-04-15") == [
        # 2025 project: report due 2026-05-31 → 319 days (214 to the year's end + 105).
        ("2025/iota-old", "中期检查", "未提交结题报告", "2026-05-31", 319),
        ("2026/gamma-approved", "已立项", "未进行中期检查", "2027-03-31", 15),
        (
            "2026/beta-late",
            "已申报",
            "提醒\uff1a填表日期 2026-05-15 晚于申报期",
            "2026-05-01 至 2026-05-10",
            None,
        ),
    ]


def test_overdue_in_june(loaded) -> None:
    assert _overdue(loaded, "2027-06-15") == [
        ("2025/iota-old", "中期检查", "未提交结题报告", "2026-05-31", 380),
        ("2026/gamma-approved", "已立项", "未进行中期检查", "2027-03-31", 76),
        ("2026/delta-midterm", "中期检查", "未提交结题报告", "2027-05-31", 15),
        ("2026/epsilon-concluded", "已结题", "未进行验收评审", "2027-05-31", 15),
        ("2026/gamma-approved", "已立项", "未提交结题报告", "2027-05-31", 15),
        # kappa-long (18 months) is due 2028-05-31: not late.
        (
            "2026/beta-late",
            "已申报",
            "提醒\uff1a填表日期 2026-05-15 晚于申报期",
            "2026-05-01 至 2026-05-10",
            None,
        ),
    ]


def test_nothing_overdue_on_the_last_day(loaded) -> None:
    rows = _overdue(loaded, "2027-03-31")
    assert [r[0] for r in rows] == ["2025/iota-old", "2026/beta-late"]


def test_funds_per_project_and_year(loaded) -> None:
    table = tables(loaded)["经费"]
    assert table.headers == [
        "项目",
        "支部",
        "阶段",
        "资助经费\uff08元\uff09",
        "已支出\uff08元\uff09",
        "结余\uff08元\uff09",
        "是否超支",
    ]
    rows = [(r[0].split("\uff08")[-1].rstrip("\uff09"), r[3], r[4], r[5], r[6]) for r in table.rows]
    d = Decimal
    assert rows == [
        ("2025/iota-old", d(800), d(0), d(800), "否"),
        ("2025 年度合计", d(800), d(0), d(800), None),
        ("2026/delta-midterm", d(1000), d(300), d(700), "否"),
        ("2026/epsilon-concluded", d(1000), d("505.50"), d("494.50"), "否"),
        ("2026/eta-awarded", d(1000), d(900), d(100), "否"),
        ("2026/gamma-approved", d(1000), d(0), d(1000), "否"),
        ("2026/kappa-long", d(1000), d(0), d(1000), "否"),
        ("2026/mu-withdrawn", d(1000), d(0), d(1000), "否"),
        ("2026/theta-low", d(1000), d(1000), d(0), "否"),
        ("2026/zeta-accepted", d(1000), d(1060), d(-60), "是"),
        ("2026 年度合计", d(8000), d("3765.50"), d("4234.50"), None),
        ("全部年度合计", d(8800), d("3765.50"), d("5034.50"), None),
    ]


def test_award_candidates_ranked(loaded) -> None:
    table = tables(loaded)["表彰候选"]
    assert "85 分" in table.title and "至多 3 个" in table.title
    assert table.headers == [
        "名次",
        "立项年度",
        "项目",
        "支部",
        "阶段",
        "总评分",
        "达到门槛\uff0885 分\uff09",
        "是否已表彰",
    ]
    rows = [(r[0], r[2].split("\uff08")[-1].rstrip("\uff09"), r[5], r[6], r[7]) for r in table.rows]
    assert rows == [
        (1, "2026/eta-awarded", Decimal("92.0"), "是", "是"),
        (2, "2026/zeta-accepted", Decimal("87.7"), "是", "否"),
        (3, "2026/theta-low", Decimal("80.0"), "否", "否"),
    ]


def test_text_report_on_the_command_line(repo, monkeypatch, capsys) -> None:
    code = run_cli(["--root", str(repo), "report", "--today", "2027-06-15"], monkeypatch)
    out = capsys.readouterr().out
    assert code == 0
    for title in (
        "项目统计\uff08全部年度\uff09",
        "逾期事项\uff08全部年度\uff0c截至 2027-06-15\uff09",
        "经费\uff08全部年度\uff09",
    ):
        assert title in out
    # Aligned: in the counts table every line has the same display width up to its last column.
    lines = out.split("\n\n\n")[0].splitlines()[2:]
    widths = {report_output.display_width(line) for line in lines}
    assert len(widths) == 1, lines
    assert "学业帮扶红色引擎\uff082026/zeta-accepted\uff09" in out and "-60" in out


def test_year_filter_on_the_command_line(repo, monkeypatch, capsys) -> None:
    code = run_cli(
        [
            "--root",
            str(repo),
            "report",
            "--year",
            "2025",
            "--today",
            "2027-06-15",
            "--format",
            "csv",
        ],
        monkeypatch,
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "iota-old" in out and "2026/" not in out


def test_csv_file_with_bom_and_sections(repo, monkeypatch, tmp_path) -> None:
    target = tmp_path / "报表.csv"
    code = run_cli(
        [
            "--root",
            str(repo),
            "report",
            "--today",
            "2027-04-15",
            "--format",
            "csv",
            "--out",
            str(target),
        ],
        monkeypatch,
    )
    assert code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    sections = text.split("\r\n\r\n")
    assert len(sections) == 4
    parsed = [list(csv.reader(io.StringIO(s))) for s in sections]
    assert [p[0][0].split("\uff08")[0] for p in parsed] == SHEETS
    assert parsed[0][1] == ["阶段", *CATEGORIES, "合计"]
    assert parsed[0][-1] == ["合计", "2", "1", "2", "3", "2", "2", "12"]
    overdue = parsed[1][2:]
    assert overdue[0][4:] == ["2026-05-31", "319"]
    funds = {row[0].split("\uff08")[-1].rstrip("\uff09"): row for row in parsed[2][2:]}
    assert funds["2026/epsilon-concluded"][3:] == ["1000", "505.50", "494.50", "否"]
    assert parsed[3][2][5] == "92.0"


def test_xlsx_workbook(repo, monkeypatch, tmp_path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "out" / "报表.xlsx"
    code = run_cli(
        [
            "--root",
            str(repo),
            "report",
            "--today",
            "2027-06-15",
            "--format",
            "xlsx",
            "--out",
            str(target),
        ],
        monkeypatch,
    )
    assert code == 0
    book = load_workbook(target)
    assert book.sheetnames == SHEETS
    counts = book["项目统计"]
    assert counts["A1"].value == "项目统计\uff08全部年度\uff09"
    assert [c.value for c in counts[2]] == ["阶段", *CATEGORIES, "合计"]
    assert all(c.font.b for c in counts[2])
    assert [c.value for c in counts[13]] == ["合计", 2, 1, 2, 3, 2, 2, 12]
    funds = book["经费"]
    values = {row[0]: row for row in funds.iter_rows(min_row=3, values_only=True)}
    assert values["机关先锋服务承诺\uff082026/epsilon-concluded\uff09"][3:6] == (1000, 505.5, 494.5)
    assert values["2026 年度合计"][5] == 4234.5
    overdue = book["逾期事项"]
    assert overdue.cell(row=3, column=6).value == 380
    # Widths follow the content, CJK counted double: the project column is wider than 名次.
    project_width = overdue.column_dimensions["A"].width
    assert project_width >= report_output.display_width("往年学生党员项目\uff082025/iota-old\uff09")
    candidates = book["表彰候选"]
    assert candidates.column_dimensions["A"].width < project_width
    assert candidates.cell(row=4, column=6).value == 87.7


def test_xlsx_needs_out(repo, monkeypatch, capsys) -> None:
    code = run_cli(["--root", str(repo), "report", "--format", "xlsx"], monkeypatch)
    assert code == 2 and "--out" in capsys.readouterr().err


def test_bad_today_and_site_folder_refused(repo, monkeypatch, capsys) -> None:
    assert run_cli(["--root", str(repo), "report", "--today", "2027-13-01"], monkeypatch) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    code = run_cli(
        ["--root", str(repo), "report", "--format", "csv", "--out", str(repo / "site" / "r.csv")],
        monkeypatch,
    )
    assert code == 2 and not (repo / "site").exists()


def test_existing_report_replaced_whole(repo, monkeypatch, tmp_path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("旧报表", encoding="utf-8")
    assert (
        run_cli(
            ["--root", str(repo), "report", "--today", "2027-06-15", "--out", str(target)],
            monkeypatch,
        )
        == 0
    )
    new = target.read_text(encoding="utf-8")
    assert new.startswith("项目统计") and "旧报表" not in new
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]

    def failing(tables):
        raise RuntimeError("render failed")

    monkeypatch.setattr(report_output, "to_text", failing)
    with pytest.raises(RuntimeError):
        run_cli(
            ["--root", str(repo), "report", "--today", "2027-04-15", "--out", str(target)],
            monkeypatch,
        )
    assert target.read_text(encoding="utf-8") == new
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_invalid_project_named_and_left_out(tmp_path, monkeypatch, capsys) -> None:
    root = standard_repo(tmp_path / "repo")
    bad = "projects/2026/broken.md"
    write_project(root, bad, project("applied", category="conduct", applied_on="2026-02-30"))
    target = tmp_path / "r.csv"
    code = run_cli(
        [
            "--root",
            str(root),
            "report",
            "--today",
            "2027-04-15",
            "--format",
            "csv",
            "--out",
            str(target),
        ],
        monkeypatch,
    )
    err = capsys.readouterr().err
    assert code == 1
    assert f"{bad}:" in err and "applied_on" in err
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[2][:2] == ["已申报", "0"]  # the broken conduct application is not counted
    assert rows[12][-1] == "12"
    # With --year 2025 the 2026 file is not asked for: clean exit.
    assert run_cli(["--root", str(root), "report", "--year", "2025"], monkeypatch) == 0


def test_real_example_projects(monkeypatch, tmp_path, capsys) -> None:
    for fmt in ("text", "xlsx"):
        code = run_cli(
            [
                "--root",
                str(ROOT),
                "report",
                "--today",
                "2027-06-15",
                "--format",
                fmt,
                "--out",
                str(tmp_path / f"r.{fmt}"),
            ],
            monkeypatch,
        )
        assert code == 0, capsys.readouterr().err
    assert (tmp_path / "r.xlsx").stat().st_size > 0


def test_default_today(repo, monkeypatch, capsys) -> None:
    assert run_cli(["--root", str(repo), "report"], monkeypatch) == 0
    # Today in the programme's time zone (Beijing), not the machine's (a CI runner's is UTC).
    today = Programme.load(repo).settings.today()
    assert f"截至 {today.isoformat()}" in capsys.readouterr().out


def test_standard_fixture_is_what_the_tests_assume() -> None:
    assert len(STANDARD) == 12
