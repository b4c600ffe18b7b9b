"""Bad input to `remind` and `archive`, as a person types it: each refused in Chinese with a stable
code (SB100 the command line argparse refuses, SB101 a year without projects, SB103 an output that
may not or cannot be written), before any work is done, and nothing written."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from factory import front, make_repo, render, run_cli, write

from site_builder.cli.commands import archive as archive_command


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    write(root, "projects/2025/a-project.md", render(front(year=2025, applied_on="2025-05-06")))
    write(root, "projects/2026/b-project.md", render(front("applied")))
    return root


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """`archive` fails the test if it reaches git (the start of its work)."""

    def refuse(_root: Path) -> None:
        raise AssertionError("archive started its work despite bad input")

    monkeypatch.setattr(archive_command, "head_commit", refuse)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2026/06/08", "应写作 YYYY-MM-DD"),
        ("2026-6-8", "应写作 YYYY-MM-DD"),
        ("tomorrow", "应写作 YYYY-MM-DD"),
        ("2026-02-30", "在日历上没有"),
        ("2026-13-01", "在日历上没有"),
    ],
)
def test_remind_refuses_a_bad_date_with_its_code(
    repo: Path, value: str, says: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    code = run_cli(["--root", str(repo), "remind", "--today", value], monkeypatch)
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert (
        "\u7528\u6cd5\u9519\u8bef\uff1aSB100 \u53c2\u6570 --today\uff1a" in err
    )  # 用法错误：SB100 参数 --today：
    assert f"\u201c{value}\u201d" in err and says in err and "2027-04-01" in err
    assert "Traceback" not in err


def test_remind_at_a_good_date_in_each_format(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """The review of the 2026 application is due in May 2026, in every format."""
    formats = (
        ("text", "2026/b-project", "[\u8fdb\u884c\u4e2d]"),  # [进行中]
        ("markdown", "2026/b\\-project", "**\u8fdb\u884c\u4e2d**"),
        ("json", '"project": "2026/b-project"', '"status": "open"'),
    )
    for fmt, key, status in formats:
        args = ["--root", str(repo), "remind", "--today", "2026-05-20", "--format", fmt]
        assert run_cli(args, monkeypatch) == 0
        out = capsys.readouterr().out
        assert "2026-05-20" in out and key in out and status in out


def test_archive_names_the_years_there_are(
    repo: Path, tmp_path: Path, no_work: None, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    out = tmp_path / "a.zip"
    code = run_cli(
        ["--root", str(repo), "archive", "--year", "2030", "--out", str(out)], monkeypatch
    )
    err = capsys.readouterr().err
    assert code == 2 and "SB101" in err and "2030" in err
    assert "\u73b0\u6709\u7684\u5e74\u5ea6\uff1a2025\u30012026" in err  # 现有的年度：2025、2026
    assert not out.exists()


@pytest.mark.parametrize("value", ["20x5", "25", "2025-05"])
def test_archive_refuses_a_bad_year(
    repo: Path, tmp_path: Path, value: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    args = ["--root", str(repo), "archive", "--year", value, "--out", str(tmp_path / "a.zip")]
    assert run_cli(args, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "SB100 \u53c2\u6570 --year" in err and "\u56db\u4f4d\u6570\u5b57" in err  # 四位数字


@pytest.mark.parametrize("where", ["docs/a.zip", "site/a.zip", "docs/../site/deep/a.zip"])
def test_archive_is_never_written_into_the_site(
    repo: Path, where: str, no_work: None, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    out = repo / where
    code = run_cli(
        ["--root", str(repo), "archive", "--year", "2025", "--out", str(out)], monkeypatch
    )
    err = capsys.readouterr().err
    assert code == 2 and "SB103" in err and "\u4e0d\u516c\u5f00" in err  # 不公开
    assert (
        "--out ../\u53f0\u8d26-2025.zip" in err
    )  # a place outside the repository: ../台账-2025.zip
    assert not out.exists() and not (repo / "site").exists()


def test_archive_refuses_an_unwritable_out_before_the_work(
    repo: Path, tmp_path: Path, no_work: None, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    out = a_file / "a.zip"  # under a file: no folder can be made there
    args = ["--root", str(repo), "archive", "--year", "2025", "--out", str(out)]
    assert run_cli(args, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "SB103" in err and f"{a_file} \u662f\u6587\u4ef6" in err  # …是文件
    assert "\u53f0\u8d26\u6ca1\u6709\u751f\u6210" in err and "Traceback" not in err  # 台账没有生成

    def denied(**_kw: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("site_builder.core.files.tempfile.mkstemp", denied)
    assert run_cli([*args[:-1], str(tmp_path / "new" / "a.zip")], monkeypatch) == 2
    err = capsys.readouterr().err
    assert (
        "SB103" in err
        and "\u6ca1\u6709\u5199\u5165\u8fd9\u4e2a\u6587\u4ef6\u5939\u7684\u6743\u9650" in err
    )
    assert not (tmp_path / "new").exists()  # no folder made for nothing


def test_archive_refuses_a_folder_or_another_file_type(
    repo: Path, tmp_path: Path, no_work: None, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    for out in (tmp_path, tmp_path / "a.pdf"):
        args = ["--root", str(repo), "archive", "--year", "2025", "--out", str(out)]
        assert run_cli(args, monkeypatch) == 2
        assert "SB103" in capsys.readouterr().err


def test_report_and_forms_refuse_an_unwritable_out_too(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """The year's report and the printed forms: the same refusal, not a traceback."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    report = ["report", "--year", "2026", "--format", "xlsx", "--out", str(a_file / "r.xlsx")]
    form = ["form", "apply", "projects/2026/b-project.md", "--out", str(a_file / "forms")]
    for args in (report, form):
        assert run_cli(["--root", str(repo), *args], monkeypatch) == 2
        err = capsys.readouterr().err
        assert "SB103" in err and "\u662f\u6587\u4ef6" in err and "Traceback" not in err, args
