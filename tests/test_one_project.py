"""Red team, class 7: a project's file and its media folder are one project for every command:
`validate projects/<year>/<slug>.md` reports its folder's findings as `validate` with no path
does, naming the folder reports the project file's, and `media clean` takes the project file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from factory import body, front, render, write
from imagefactory import encode, phone_exif, picture

from site_builder.core.programme import Programme
from site_builder.core.tree import resolve_paths
from site_builder.rules.validate import validate

P = "projects/2026/pioneer.md"
FOLDER = "projects/2026/pioneer"
PHONE_PHOTO = encode(picture(), exif=phone_exif())


def _setup(repo: Path) -> None:
    text = render(front("approved"), body("approved") + "\n![现场](pioneer/site.jpg)\n")
    write(repo, P, text.replace("title: 党员先锋岗建设行动", "title: 先锋"))  # too short: PS
    write(repo, f"{FOLDER}/site.jpg", PHONE_PHOTO)  # PM608
    write(repo, f"{FOLDER}/notes.txt", b"x")  # PM601
    write(repo, "projects/2026/other/a.jpg", PHONE_PHOTO)  # another project's folder


def _found(repo: Path, programme: Programme, only: set[str] | None) -> set[tuple[str, str]]:
    return {(d.path, d.code) for d in validate(repo, programme, only).diagnostics}


def test_the_project_file_names_its_folder(repo: Path, programme: Programme) -> None:
    _setup(repo)
    everything = _found(repo, programme, None)
    mine = {f for f in everything if f[0].startswith(FOLDER)}
    assert {code for _, code in mine} >= {"PM608", "PM601"}
    by_file = _found(repo, programme, {P})
    by_folder = _found(repo, programme, {f"{FOLDER}/site.jpg"})
    assert (
        by_file
        == by_folder
        == {f for f in everything if f[0] == P or f[0].startswith(FOLDER + "/")}
    )
    assert not any(path.startswith("projects/2026/other") for path, _ in by_file)


def _cli(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_line_alike(repo: Path) -> None:
    _setup(repo)
    proc = _cli(repo, "validate", str(repo / P))
    assert proc.returncode == 1
    assert f"{FOLDER}/site.jpg" in proc.stdout and "PM608" in proc.stdout
    assert f"{FOLDER}/notes.txt" in proc.stdout and "other/a.jpg" not in proc.stdout


def test_media_clean_takes_the_project_file(repo: Path) -> None:
    _setup(repo)
    proc = _cli(repo, "media", "clean", str(repo / P))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (repo / FOLDER / "site.jpg").read_bytes() != PHONE_PHOTO
    assert (repo / "projects/2026/other/a.jpg").read_bytes() == PHONE_PHOTO


def test_names_that_collide_are_found_from_any_of_them(repo: Path, programme: Programme) -> None:
    """Class 4 through class 7: two photos of one folder that a Windows or macOS checkout takes for
    one (PF119) are reported whichever of the project's paths `validate` is given."""
    png = encode(picture(seed=1), "PNG")
    text = render(front("approved"), body("approved") + "\n![a](pioneer/photo.png)\n")
    write(repo, P, text + "\n![b](pioneer/PHOTO.png)\n")
    write(repo, f"{FOLDER}/photo.png", png)
    write(repo, f"{FOLDER}/PHOTO.png", png)
    as_given = set(resolve_paths(repo, [str(repo / FOLDER)]))  # the folder, as the command takes it
    for only in (None, {P}, {f"{FOLDER}/photo.png"}, as_given):
        assert ("projects/2026/pioneer/photo.png", "PF119") in _found(repo, programme, only), only
