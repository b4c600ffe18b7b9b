"""Red team, class 4: names under projects/ that a Windows or macOS checkout takes for one
(case, Unicode normalisation) are refused (PF119), for media files, project files and folders,
by `validate` and by `check` in a real git repository."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from factory import body, front, render, write
from gitrepo_helpers import commit_on, init
from imagefactory import encode, picture

from site_builder.cli.commands.check import check_refs
from site_builder.core.programme import Programme
from site_builder.rules.validate import validate

P = "projects/2026/pioneer.md"
JPEG = encode(picture())
PNG = encode(picture(seed=1), "PNG")


def _project(*names: str, stage: str = "approved") -> str:
    refs = "".join(f"\n![活动现场照片](pioneer/{n})\n" for n in names)
    return render(front(stage), body(stage) + refs)


def _pf119(diags) -> list[str]:
    return sorted(d.path for d in diags if d.code == "PF119")


def test_two_photos_differing_by_case(repo: Path, programme: Programme) -> None:
    write(repo, P, _project("photo.png", "PHOTO.png"))
    write(repo, "projects/2026/pioneer/photo.png", PNG)
    write(repo, "projects/2026/pioneer/PHOTO.png", PNG)
    diags = validate(repo, programme).diagnostics
    assert _pf119(diags) == ["projects/2026/pioneer/photo.png"]
    [found] = [d for d in diags if d.code == "PF119"]
    assert "PHOTO.png" in found.message and "Windows" in found.message


@pytest.mark.parametrize(("one", "two"), [("Pump.JPG", "pump.jpg"), ("ab.jpeg", "AB.jpeg")])
def test_more_case_variants(repo: Path, programme: Programme, one: str, two: str) -> None:
    write(repo, P, _project(one, two))
    write(repo, f"projects/2026/pioneer/{one}", JPEG)
    write(repo, f"projects/2026/pioneer/{two}", JPEG)
    assert len(_pf119(validate(repo, programme).diagnostics)) == 1


def test_unicode_normalisation(repo: Path, programme: Programme) -> None:
    nfc = unicodedata.normalize("NFC", "caf\u00e9.jpg")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    write(repo, P, _project(nfc, nfd))
    write(repo, f"projects/2026/pioneer/{nfc}", JPEG)
    write(repo, f"projects/2026/pioneer/{nfd}", JPEG)
    assert len(_pf119(validate(repo, programme).diagnostics)) == 1


def test_folders_and_project_files(repo: Path, programme: Programme) -> None:
    write(repo, P, _project("a.jpg"))
    write(repo, "projects/2026/pioneer/a.jpg", JPEG)
    write(repo, "projects/2026/Pioneer/b.jpg", JPEG)  # a second folder, one on Windows
    write(repo, "projects/2026/Pioneer.md", render(front("applied")))
    found = _pf119(validate(repo, programme).diagnostics)
    # The folder is named once (not each file in it), and the project file too.
    assert found == ["projects/2026/pioneer", "projects/2026/pioneer.md"]


def test_distinct_names_pass(repo: Path, programme: Programme) -> None:
    write(repo, P, _project("photo.png", "photo2.png"))
    write(repo, "projects/2026/pioneer/photo.png", PNG)
    write(repo, "projects/2026/pioneer/photo2.png", PNG)
    assert validate(repo, programme).diagnostics == []


@pytest.mark.git
def test_a_pull_request_adding_a_colliding_photo(repo: Path) -> None:
    write(repo, P, _project("photo.png", stage="applied"))
    write(repo, "projects/2026/pioneer/photo.png", PNG)
    init(repo)
    commit_on(
        repo,
        "pr",
        "main",
        {
            P: _project("photo.png", "PHOTO.png", stage="applied"),
            "projects/2026/pioneer/PHOTO.png": PNG,
        },
    )
    outcome = check_refs(repo, "main", "pr", "eng-sec")
    errors = [d for d in outcome.diagnostics if d.severity == "error"]
    assert [d.code for d in errors] == ["PF119"]
