"""The year's dossier (`archive`): contents, Chinese in the PDFs, byte-identical rebuilds, the
manifest, the stage history from git (renames, merges, reviews) and the refusals."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from factory import project, rich_body, run_cli, scores, standard_repo, write_project
from imagefactory import encode, picture

from site_builder.core.history import SHANGHAI, Commit, Version, stage_changes
from site_builder.panel.archive import NOTICE, dossier_title
from site_builder.panel.forms import FORM_TITLES, REPORT_TITLE
from site_builder.panel.reproducible import normalise_pdf, zip_bytes
from site_builder.review.history import stage_histories

pytestmark = [pytest.mark.git]

TOP = "dossier-2026"
ALPHA = "projects/2026/alpha.md"
BETA_OLD = "projects/2026/beta-old.md"
BETA = "projects/2026/beta.md"
GAMMA = "projects/2026/gamma.md"
OLD = "projects/2025/iota.md"
PHOTO = encode(picture(seed=3), "PNG")
BETA_SCORES = scores(
    ("赵立新", 19, 18, 18, 18, 18), ("孙海燕", 18, 18, 18, 18, 17)
)  # 91, 89 → 90.0


def git(root: Path, *args: str, who: str = "tester", day: str = "2026-05-06T10:00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": who,
        "GIT_AUTHOR_EMAIL": f"{who}@example.org",
        "GIT_COMMITTER_NAME": who,
        "GIT_COMMITTER_EMAIL": f"{who}@example.org",
        "GIT_AUTHOR_DATE": f"{day}+08:00",
        "GIT_COMMITTER_DATE": f"{day}+08:00",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": "/nonexistent",
    }
    proc = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return proc.stdout.strip()


def commit(root: Path, message: str, **kw: str) -> str:
    git(root, "add", "-A", **kw)
    git(root, "commit", "-q", "-m", message, **kw)
    return git(root, "rev-parse", "HEAD")


def beta(stage: str) -> dict:
    extra = {"score_rows": BETA_SCORES} if stage == "accepted" else {}
    return project(
        stage,
        title="学生党员朋辈帮扶",
        branch="eng-students",
        expenses=[("宣传展板印制", 300)],
        **extra,
    )


def history_repo(root: Path) -> dict[str, str]:
    """Three 2026 projects and one of 2025 with a history on main: an application squashed in
    (#1), a panel pull request merged (#2), a rename (#3) and an acceptance (#4). Returns the
    commits by name."""
    standard_repo(root)
    shutil.rmtree(root / "projects")
    write_project(root, ALPHA, project("applied", title="党员先锋岗建设行动"))
    write_project(root, BETA_OLD, beta("applied"))
    write_project(root, GAMMA, project("applied", title="作风建设大讨论", category="conduct"))
    write_project(root, OLD, project("midterm", year=2025, title="往年学生党员项目"))
    git(root, "init", "-q", "-b", "main")
    commits = {"apply": commit(root, "Applications (#1)", who="chen-jing")}
    git(root, "checkout", "-q", "-b", "panel")
    write_project(root, ALPHA, project("approved", title="党员先锋岗建设行动"))
    write_project(root, GAMMA, project("rejected", title="作风建设大讨论", category="conduct"))
    commits["panel"] = commit(
        root, "Approve and reject", who="zhao-lixin", day="2026-05-19T09:00:00"
    )
    git(root, "checkout", "-q", "main")
    git(
        root,
        "merge",
        "-q",
        "--no-ff",
        "panel",
        "-m",
        "Merge pull request #2 from college/panel",
        who="merge-bot",
        day="2026-05-20T15:30:00",
    )
    commits["merge"] = git(root, "rev-parse", "HEAD")
    git(root, "mv", BETA_OLD, BETA, who="chen-jing")
    commits["rename"] = commit(root, "Rename (#3)", who="chen-jing", day="2026-05-21T08:00:00")
    data = beta("accepted")
    body = rich_body("accepted") + "\n![服务现场](beta/site.png)\n"
    write_project(root, BETA, data, text=body)
    (root / "projects/2026/beta").mkdir()
    (root / "projects/2026/beta/site.png").write_bytes(PHOTO)
    commits["accept"] = commit(root, "Acceptance (#4)", who="sun-haiyan", day="2027-05-25T11:00:00")
    return commits


def reviews(folder: Path, commits: dict[str, str]) -> Path:
    folder.mkdir()

    def review(login: str, state: str, sha: str, at: str) -> dict:
        return {"user": {"login": login}, "state": state, "commit_id": sha, "submitted_at": at}

    (folder / "2.json").write_text(
        json.dumps(
            [
                review("sun-haiyan", "APPROVED", "0" * 40, "2026-05-18T01:00:00Z"),  # stale
                review("wu-xiaomei", "COMMENTED", commits["panel"], "2026-05-19T02:00:00Z"),
                review("zhao-lixin", "APPROVED", commits["panel"], "2026-05-19T03:00:00Z"),
            ]
        ),
        encoding="utf-8",
    )
    (folder / "4.json").write_text(
        json.dumps([review("zhou-jianguo", "APPROVED", "f" * 40, "2027-05-24T01:00:00Z")]),
        encoding="utf-8",
    )
    return folder


def build(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> int:
    return run_cli(
        ["--root", str(root), "archive", "--year", "2026", "--out", str(out), *extra],
        monkeypatch,
    )


def pdf_text(data: bytes, tmp: Path) -> str:
    path = tmp / "page.pdf"
    path.write_bytes(data)
    proc = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return proc.stdout


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            info.filename.removeprefix(TOP + "/"): archive.read(info) for info in archive.infolist()
        }


# ---------------------------------------------------------------- building it (Chromium)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The dossier built twice from the same commit and reviews, and once after a change to one
    project, with the first build's time ($SOURCE_DATE_EPOCH)."""
    base = tmp_path_factory.mktemp("archive")
    root = base / "repo"
    commits = history_repo(root)
    folder = reviews(base / "reviews", commits)
    mp = pytest.MonkeyPatch()
    mp.delenv("SOURCE_DATE_EPOCH", raising=False)
    try:
        codes = [build(root, base / "first-1.zip", mp, "--reviews", str(folder))]
        # The second in a process of its own, with another string hash seed: no order may come
        # from a set or a dict of strings.
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        again = subprocess.run(
            [
                *(sys.executable, "-m", "site_builder", "--root", str(root), "archive"),
                *("--year", "2026", "--out", str(base / "first-2.zip"), "--reviews", str(folder)),
            ],
            env={**env, "PYTHONHASHSEED": "12345"},
            capture_output=True,
            check=False,
        )
        codes.append(again.returncode)
        time = git(root, "log", "-1", "--format=%ct")
        data = project("approved", title="党员先锋岗建设行动（修订）")
        write_project(root, ALPHA, data)
        commit(root, "Title (#5)", who="chen-jing", day="2027-06-01T09:00:00")
        mp.setenv("SOURCE_DATE_EPOCH", time)
        codes.append(build(root, base / "changed.zip", mp, "--reviews", str(folder)))
    finally:
        mp.undo()
    return {
        "codes": codes,
        "first": (base / "first-1.zip").read_bytes(),
        "second": (base / "first-2.zip").read_bytes(),
        "changed": (base / "changed.zip").read_bytes(),
        "commits": commits,
        "tmp": base,
    }


@pytest.mark.browser
def test_two_builds_are_byte_identical(built: dict) -> None:
    assert built["codes"] == [0, 0, 0]
    assert built["first"] == built["second"]


@pytest.mark.browser
def test_contents_in_order_with_fixed_times_and_modes(built: dict) -> None:
    with zipfile.ZipFile(io.BytesIO(built["first"])) as archive:
        infos = archive.infolist()
    names = [i.filename.removeprefix(TOP + "/") for i in infos]
    assert names == [
        "index.pdf",
        "report-2026.xlsx",
        "projects/alpha/alpha.md",
        "projects/alpha/apply.pdf",
        "projects/beta/beta.md",
        "projects/beta/apply.pdf",
        "projects/beta/midterm.pdf",
        "projects/beta/acceptance.pdf",
        "projects/beta/closing-report.pdf",
        "projects/beta/media/site.png",
        "projects/gamma/gamma.md",
        "projects/gamma/apply.pdf",
        "manifest.json",
    ]
    assert all(i.filename.startswith(TOP + "/") for i in infos)
    # The time of the last commit, in Shanghai, on every entry; a file's permissions, Unix.
    assert {i.date_time for i in infos} == {(2027, 5, 25, 11, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.create_system for i in infos} == {3}


@pytest.mark.browser
def test_manifest_lists_every_file_with_its_sha256(built: dict) -> None:
    files = members(built["first"])
    manifest = json.loads(files.pop("manifest.json"))
    assert manifest["year"] == 2026
    assert manifest["commit"] == built["commits"]["accept"]
    assert manifest["notice"] == NOTICE
    assert manifest["projects"] == ["2026/alpha", "2026/beta", "2026/gamma"]
    listed = {f["path"]: f for f in manifest["files"]}
    assert list(listed) == list(files)
    for path, data in files.items():
        assert listed[path]["sha256"] == hashlib.sha256(data).hexdigest()
        assert listed[path]["size"] == len(data)
    # The project's own file and photo, as they are; no project of another year.
    assert files["projects/beta/media/site.png"] == PHOTO
    assert files["projects/beta/beta.md"].startswith(b"---\n")
    assert not any("iota" in path for path in files)


@pytest.mark.browser
def test_a_changed_project_changes_the_manifest_and_only_its_files(built: dict) -> None:
    before, after = members(built["first"]), members(built["changed"])
    old = {f["path"]: f["sha256"] for f in json.loads(before["manifest.json"])["files"]}
    new = {f["path"]: f["sha256"] for f in json.loads(after["manifest.json"])["files"]}
    assert old.keys() == new.keys()
    differ = {path for path in old if old[path] != new[path]}
    # The changed project's file and form, the index (its history, its title); the other
    # projects' forms, printed again, are the same bytes.
    assert {"projects/alpha/alpha.md", "projects/alpha/apply.pdf", "index.pdf"} <= differ
    assert not any(path.startswith(("projects/beta/", "projects/gamma/")) for path in differ)
    assert before["manifest.json"] != after["manifest.json"]


@pytest.mark.browser
def test_the_pdfs_render_chinese(built: dict, tmp_path: Path) -> None:
    files = members(built["first"])
    for name, title in [
        ("projects/alpha/apply.pdf", FORM_TITLES["apply"]),
        ("projects/beta/midterm.pdf", FORM_TITLES["midterm"]),
        ("projects/beta/acceptance.pdf", FORM_TITLES["acceptance"]),
        ("projects/beta/closing-report.pdf", REPORT_TITLE),
    ]:
        assert title in pdf_text(files[name], tmp_path).replace(" ", ""), name
    # The panel's figures: each reviewer and the total.
    acceptance = pdf_text(files["projects/beta/acceptance.pdf"], tmp_path)
    assert "孙海燕" in acceptance and "90.0" in acceptance
    report = pdf_text(files["projects/beta/closing-report.pdf"], tmp_path)
    assert "宣传展板印制" in report


@pytest.mark.browser
def test_the_index_has_the_cover_the_notice_and_each_stage_change(
    built: dict, tmp_path: Path
) -> None:
    text = pdf_text(members(built["first"])["index.pdf"], tmp_path)
    flat = "".join(text.split())
    commits = built["commits"]
    assert dossier_title(2026).replace(" ", "") in flat
    # The cover and every page say it is not public.
    pages = text.split("\f")
    assert all(NOTICE in "".join(p.split()) for p in pages if p.strip())
    assert "不公开的项目" in flat
    for title in ("党员先锋岗建设行动", "学生党员朋辈帮扶", "作风建设大讨论"):
        assert title in flat
    # Non-public: the rejected project is listed as such.
    assert "未立项" in flat and "不公开" in flat
    # The approval landed with the merge, dated by it, written by the branch's author, approved
    # by the reviewer whose approval was of the merged head (the stale one does not count).
    assert "2026年5月20日15:30" in flat
    assert commits["merge"][:10] in flat
    assert "zhao-lixin" in flat and "赵立新（zhao-lixin）" in flat
    assert "孙海燕（sun-haiyan）" not in flat
    # A squashed pull request without a reviews file; one whose review is of another commit
    # still counts (its head is not on the main line).
    assert "无评审记录（#1）" in flat
    assert "周建国（zhou-jianguo）" in flat
    # The rename is followed: beta's history starts with its application under the old name.
    assert flat.count(commits["apply"][:10]) == 3
    assert BETA_OLD in flat


@pytest.mark.browser
def test_the_report_workbook(built: dict) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(members(built["first"])["report-2026.xlsx"]))
    assert len(book.sheetnames) == 4
    assert "2026" in str(book.worksheets[0]["A1"].value)


# ---------------------------------------------------------------- history (git, no browser)


def test_stage_history_follows_renames_and_credits_the_merged_author(tmp_path: Path) -> None:
    commits = history_repo(tmp_path / "repo")
    found = stage_histories(tmp_path / "repo", [ALPHA, BETA, GAMMA])
    alpha = [(c.source, c.target, c.commit.sha, c.author) for c in found[ALPHA]]
    assert alpha == [
        (None, "applied", commits["apply"], "chen-jing"),
        ("applied", "approved", commits["merge"], "zhao-lixin"),
    ]
    assert found[ALPHA][1].commit.pull_request == 2
    assert found[ALPHA][0].commit.pull_request == 1
    assert found[ALPHA][1].commit.when.isoformat() == "2026-05-20T15:30:00+08:00"
    beta_changes = [(c.path, c.target) for c in found[BETA]]
    assert beta_changes == [(BETA_OLD, "applied"), (BETA, "accepted")]
    assert [c.target for c in found[GAMMA]] == ["applied", "rejected"]


def test_stage_changes_skip_unreadable_versions_and_repeats() -> None:
    def v(n: int, stage: str | None) -> Version:
        return Version(Commit(f"{n:040d}", (), n, "a", "s"), "p.md", stage, "a")

    # Any stage name works: the list comes from the files, none is built in.
    changes = stage_changes([v(1, "applied"), v(2, None), v(3, "applied"), v(4, "nominated")])
    assert [(c.source, c.target) for c in changes] == [(None, "applied"), ("applied", "nominated")]
    assert changes[1].commit.when.tzinfo == SHANGHAI


# ---------------------------------------------------------------- reproducible pieces


def test_pdf_dates_are_overwritten_in_place() -> None:
    from datetime import datetime

    data = b"%PDF-1.4\n1 0 obj\n<</CreationDate (D:20261206232124+00'00')\n/ModDate (D:20261206232125+00'00')>>"
    when = datetime(2027, 5, 25, 11, 0, tzinfo=SHANGHAI)
    fixed = normalise_pdf(data, when)
    assert len(fixed) == len(data)
    assert fixed.count(b"D:20270525030000+00'00'") == 2


def test_zip_entries_keep_order_and_carry_no_build_time() -> None:
    from datetime import datetime

    when = datetime(2027, 5, 25, 11, 0, 1, tzinfo=SHANGHAI)
    first = zip_bytes([("b.txt", b"1"), ("a.txt", b"2")], when)
    assert first == zip_bytes([("b.txt", b"1"), ("a.txt", b"2")], when)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["b.txt", "a.txt"]
        assert archive.infolist()[0].date_time == (2027, 5, 25, 11, 0, 0)


# ---------------------------------------------------------------- refusals (no browser)


@pytest.fixture
def repo_with_history(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    history_repo(root)
    return root


@pytest.mark.parametrize("where", ["docs", "site", "projects"])
def test_never_written_into_the_site_or_projects(
    repo_with_history: Path, where: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    out = repo_with_history / where / "a.zip"
    assert build(repo_with_history, out, monkeypatch) == 2
    assert not out.exists()
    assert "不公开" in capsys.readouterr().err


def test_a_year_with_a_failing_file_writes_nothing(
    repo_with_history: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    (repo_with_history / GAMMA).write_text("---\ntitle: 1\n---\n", encoding="utf-8")
    out = repo_with_history.parent / "a.zip"
    assert build(repo_with_history, out, monkeypatch) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "台账不完整" in err and GAMMA in err


def test_usage_errors(
    repo_with_history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    out = tmp_path / "a.zip"
    # Not a ZIP name; a year without projects; a misnamed reviews file; not a git repository.
    assert build(repo_with_history, tmp_path / "a.pdf", monkeypatch) == 2
    assert (
        run_cli(
            ["--root", str(repo_with_history), "archive", "--year", "2030", "--out", str(out)],
            monkeypatch,
        )
        == 2
    )
    assert "projects/2030/" in capsys.readouterr().err
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "pr-2.json").write_text("[]", encoding="utf-8")
    assert build(repo_with_history, out, monkeypatch, "--reviews", str(folder)) == 2
    assert "pr-2.json" in capsys.readouterr().err
    (folder / "pr-2.json").rename(folder / "2.json")
    (folder / "2.json").write_text("{", encoding="utf-8")
    assert build(repo_with_history, out, monkeypatch, "--reviews", str(folder)) == 2
    assert "2.json" in capsys.readouterr().err
    shutil.rmtree(repo_with_history / ".git")
    assert build(repo_with_history, out, monkeypatch) == 2
    assert "git" in capsys.readouterr().err
    assert not out.exists()


# ---------------------------------------------------------------- typography (no browser)


def test_index_and_closing_reports_are_full_width() -> None:
    """The index's and the closing reports' visible text keeps full-width punctuation, over the
    shipped examples (the history is made up: no git needed)."""
    import html as htmlmod
    import re
    from datetime import date, datetime

    from factory import ROOT

    from site_builder.core.history import StageChange
    from site_builder.core.programme import Programme
    from site_builder.core.typography import halfwidth_in_chinese
    from site_builder.panel.archive import Dossier, Entry, index_html
    from site_builder.panel.forms import render_closing_report
    from site_builder.rules.validate import validate

    programme = Programme.load(ROOT)
    projects = [
        p for p in validate(ROOT, programme).valid_projects() if p.path.startswith("projects/2025/")
    ]
    head = Commit("a" * 40, ("b" * 40, "c" * 40), 1780000000, "x", "Merge pull request #9 from o/b")
    history = [StageChange("p.md", None, "applied", head, "x", ("zhao-lixin",), "9.json")]
    entries = [Entry(p, b"", [("a.jpg", b"")], history, uncommitted=True) for p in projects]
    when = datetime(2027, 6, 1, tzinfo=SHANGHAI)
    dossier = Dossier(2025, programme, entries, head, when, date(2027, 6, 1), True, ["x.md"])
    pages = {"index": index_html(dossier)}
    pages.update({p.key: render_closing_report(p, programme) or "" for p in projects})
    for name, page in pages.items():
        body = page.split("<body", 1)[-1]
        text = htmlmod.unescape(re.sub(r"<[^>]+>", "\n", body))
        assert not halfwidth_in_chinese(text), (name, halfwidth_in_chinese(text)[:5])


def test_uncommitted_changes_are_found_renames_both_ways(repo_with_history: Path) -> None:
    from site_builder.review.history import uncommitted

    root = repo_with_history
    assert uncommitted(root, ["projects/2026", "data", "schema"]) == []
    git(root, "mv", GAMMA, "projects/2026/gamma-new.md")
    (root / "projects/2026/new.md").write_text("x", encoding="utf-8")
    (root / "data/programme.yml").write_text("x", encoding="utf-8")
    assert uncommitted(root, ["projects/2026", "data"]) == [
        "data/programme.yml",
        "projects/2026/gamma-new.md",
        GAMMA,
        "projects/2026/new.md",
    ]


def test_root_must_be_the_repository_root(
    repo_with_history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    out = tmp_path / "a.zip"
    inner = repo_with_history / "sub"
    shutil.copytree(repo_with_history / "data", inner / "data")
    shutil.copytree(repo_with_history / "schema", inner / "schema")
    shutil.copytree(repo_with_history / "projects", inner / "projects")
    assert build(inner, out, monkeypatch) == 2
    assert "根目录" in capsys.readouterr().err
    assert not out.exists()


def test_written_inside_the_repository_with_a_warning(
    repo_with_history: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """Allowed outside the protected folders, but the user is told not to commit it. (Chromium
    is replaced by a stand-in here: the real one is tested above.)"""
    from site_builder.cli.commands import archive as command
    from site_builder.panel.pdf import Printed

    monkeypatch.setattr(
        command, "print_pages", lambda pages, hint: Printed([b"%PDF-1.4\n"] * len(pages), "x")
    )
    out = repo_with_history / "dossier.zip"
    assert build(repo_with_history, out, monkeypatch) == 0
    assert "不要把它提交到仓库" in capsys.readouterr().err
    assert zipfile.ZipFile(out).namelist()[-1] == f"{TOP}/manifest.json"
