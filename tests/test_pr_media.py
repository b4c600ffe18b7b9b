"""The pull-request check on a project's media folder, in real git repositories: a photo is part of
its project, so the project's people may add, replace, rename and delete photos until the project
is concluded, after which that is the panel's (PT513); the files' own rules (PM6xx) and the
references between body and folder are judged on the head tree of the projects changed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from factory import SECTION_TEXT, SECTIONS_BY_STAGE, front, make_repo, render
from gitrepo_helpers import commit_on, git, init
from imagefactory import encode, pdf, phone_exif, picture

from site_builder.cli.commands.check import check_refs
from site_builder.core.change import FileChange, MediaChange
from site_builder.core.programme import Programme
from site_builder.rules.validate import validate

STAGES = ("applied", "approved", "concluded", "accepted", "awarded")
PHOTO = encode(picture())
OTHER_PHOTO = encode(picture(seed=7))


def path(stage: str) -> str:
    return f"projects/2026/s-{stage}.md"


def folder(stage: str) -> str:
    return f"projects/2026/s-{stage}"


def project(stage: str, photos: list[str], **fields: object) -> str:
    """The project at `stage` whose progress section shows `photos` (file names); the plan and the
    report stay as they are, so only the media decide what a pull request may do."""
    names = list(SECTION_TEXT)[: max(SECTIONS_BY_STAGE[stage], 4)]
    shown = "".join(f"\n![活动照片 {n}](s-{stage}/{n})\n" for n in photos)
    text = "".join(
        f"\n## {name}\n\n{SECTION_TEXT[name]}\n" + (shown if name == "中期进展" else "")
        for name in names
    )
    return render(front(stage, **fields), text)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: one project per stage of eng-teachers, each but the application with a.jpg and b.jpg
    shown in its progress section."""
    root = make_repo(tmp_path / "repo")
    for stage in STAGES:
        photos = [] if stage == "applied" else ["a.jpg", "b.jpg"]
        (root / path(stage)).parent.mkdir(parents=True, exist_ok=True)
        (root / path(stage)).write_text(project(stage, photos), encoding="utf-8")
        for name in photos:
            (root / folder(stage)).mkdir(exist_ok=True)
            (root / folder(stage) / name).write_bytes(PHOTO)
    init(root)
    return root


def check(root: Path, author: str, files: dict[str, str | bytes | None] | None = None):
    if files is not None:
        commit_on(root, "pr", "main", files)
    return check_refs(root, "main", "pr", author)


def errors(outcome) -> list[tuple[str, str]]:
    return sorted((d.path, d.code) for d in outcome.diagnostics if d.severity == "error")


@pytest.mark.git
def test_main_is_valid(repo: Path) -> None:
    assert validate(repo, Programme.load(repo)).diagnostics == []


# ---------------------------------------------------------------- before conclusion: the branch


@pytest.mark.git
def test_the_branch_adds_photos_while_approved(repo: Path) -> None:
    photos = ["a.jpg", "b.jpg", "c.jpg", "d.png"]
    files = {
        path("approved"): project("approved", photos),
        f"{folder('approved')}/c.jpg": OTHER_PHOTO,
        f"{folder('approved')}/d.png": encode(picture(seed=3), "PNG"),
    }
    outcome = check(repo, "eng-sec", files)
    assert errors(outcome) == []
    assert "2026/s-approved\uff1a项目文件夹中新增 2 个文件" in outcome.steps
    assert any("评审组成员的批准" in line for line in outcome.reviews)


@pytest.mark.git
def test_photos_alone_are_an_edit_of_the_project(repo: Path) -> None:
    # The photo replaces one already shown: the project file itself is not touched.
    outcome = check(repo, "eng-head", {f"{folder('approved')}/a.jpg": OTHER_PHOTO})
    assert errors(outcome) == []
    assert outcome.steps[1:] == ["2026/s-approved\uff1a项目文件夹中替换 1 个文件"]


@pytest.mark.git
def test_a_photo_with_its_location_names_media_clean(repo: Path) -> None:
    rel = f"{folder('approved')}/c.jpg"
    files = {
        path("approved"): project("approved", ["a.jpg", "b.jpg", "c.jpg"]),
        rel: encode(picture(), "JPEG", phone_exif()),
    }
    outcome = check(repo, "eng-sec", files)
    assert errors(outcome) == [(rel, "PM608")]
    [found] = outcome.diagnostics
    assert f"python -m site_builder media clean {rel}" in found.message
    assert "GPS" in found.message


@pytest.mark.git
def test_a_photo_nobody_refers_to(repo: Path) -> None:
    rel = f"{folder('approved')}/c.jpg"
    outcome = check(repo, "eng-sec", {rel: OTHER_PHOTO})
    assert errors(outcome) == [(rel, "PM612")]
    assert "![说明](s-approved/c.jpg)" in outcome.diagnostics[0].message


@pytest.mark.git
def test_deleting_a_photo_still_shown_is_a_missing_file(repo: Path) -> None:
    # The project file is unchanged; its body is read from the head to find the reference.
    outcome = check(repo, "eng-sec", {f"{folder('approved')}/b.jpg": None})
    assert errors(outcome) == [(path("approved"), "PM611")]


@pytest.mark.git
def test_the_branch_deletes_a_photo_and_its_reference(repo: Path) -> None:
    files = {path("approved"): project("approved", ["a.jpg"]), f"{folder('approved')}/b.jpg": None}
    outcome = check(repo, "eng-sec", files)
    assert errors(outcome) == []
    assert "2026/s-approved\uff1a项目文件夹中删除 1 个文件" in outcome.steps


@pytest.mark.git
def test_renaming_a_photo_and_its_reference_is_no_deletion(repo: Path) -> None:
    git(repo, "checkout", "-q", "-B", "pr", "main")
    git(repo, "mv", f"{folder('approved')}/b.jpg", f"{folder('approved')}/现场.jpg")
    text = project("approved", ["a.jpg", "现场.jpg"])
    (repo / path("approved")).write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "rename a photo")
    outcome = check(repo, "eng-sec")
    assert errors(outcome) == []
    assert "2026/s-approved\uff1a项目文件夹中改名 1 个文件" in outcome.steps


@pytest.mark.git
def test_a_document_in_a_new_application(repo: Path) -> None:
    text = render(
        front("applied"),
        "".join(f"\n## {n}\n\n{SECTION_TEXT[n]}\n" for n in list(SECTION_TEXT)[:2])
        + f"\n## 预期目标\n\n{SECTION_TEXT['预期目标']}方案见[实施方案](new-one/plan.pdf)\u3002\n",
    )
    files = {"projects/2026/new-one.md": text, "projects/2026/new-one/plan.pdf": pdf()}
    assert errors(check(repo, "eng-sec", files)) == []
    git(repo, "checkout", "-q", "main")
    # Another branch's maintainer: the new file and its document are both not theirs.
    outcome = check(repo, "art-sec")
    assert errors(outcome) == [
        ("projects/2026/new-one.md", "PT506"),
        ("projects/2026/new-one/plan.pdf", "PT506"),
    ]


@pytest.mark.git
def test_another_branch_cannot_touch_the_folder(repo: Path) -> None:
    rel = f"{folder('approved')}/a.jpg"
    outcome = check(repo, "art-sec", {rel: OTHER_PHOTO})
    assert errors(outcome) == [(rel, "PT506")]
    message = outcome.diagnostics[0].message
    assert "art-sec" in message and "eng-teachers" in message and "替换 a.jpg" in message


@pytest.mark.git
def test_a_bad_name_or_a_subfolder_is_still_the_media_rules(repo: Path) -> None:
    files = {
        f"{folder('approved')}/my photo.jpg": OTHER_PHOTO,
        f"{folder('approved')}/more/c.jpg": OTHER_PHOTO,
        f"{folder('approved')}/notes.txt": "笔记\n",
    }
    assert errors(check(repo, "eng-sec", files)) == [
        (f"{folder('approved')}/more/c.jpg", "PM602"),
        (f"{folder('approved')}/my photo.jpg", "PM601"),
        (f"{folder('approved')}/notes.txt", "PM601"),
    ]


@pytest.mark.git
def test_media_of_a_project_that_does_not_exist(repo: Path) -> None:
    rel = "projects/2026/nobody/a.jpg"
    outcome = check(repo, "eng-sec", {rel: PHOTO})
    assert errors(outcome) == [(rel, "PM612")]
    assert "没有对应的项目文件 projects/2026/nobody.md" in outcome.diagnostics[0].message


@pytest.mark.git
def test_deleting_the_project_file_is_still_a_deletion(repo: Path) -> None:
    outcome = check(repo, "eng-sec", {path("approved"): None})
    assert errors(outcome) == [
        (path("approved"), "PT503"),
        (f"{folder('approved')}/a.jpg", "PM612"),
        (f"{folder('approved')}/b.jpg", "PM612"),
    ]
    git(repo, "checkout", "-q", "main")
    # With its folder: the photos go with it, only the project file's deletion is refused.
    files = {path("approved"): None} | {f"{folder('approved')}/{n}.jpg": None for n in "ab"}
    assert errors(check(repo, "eng-sec", files)) == [(path("approved"), "PT503")]


# ---------------------------------------------------------------- after conclusion: the panel


@pytest.mark.git
@pytest.mark.parametrize("stage", ["concluded", "accepted"])
def test_the_branch_cannot_replace_or_delete_after_conclusion(repo: Path, stage: str) -> None:
    files = {
        path(stage): project(stage, ["a.jpg"]),
        f"{folder(stage)}/a.jpg": OTHER_PHOTO,
        f"{folder(stage)}/b.jpg": None,
    }
    outcome = check(repo, "eng-sec", files)
    assert errors(outcome) == [
        (f"{folder(stage)}/a.jpg", "PT513"),
        (f"{folder(stage)}/b.jpg", "PT513"),
    ]
    by_path = {d.path: d.message for d in outcome.diagnostics}
    assert "替换 a.jpg" in by_path[f"{folder(stage)}/a.jpg"]
    assert "删除 b.jpg" in by_path[f"{folder(stage)}/b.jpg"]
    assert "评审组成员" in by_path[f"{folder(stage)}/b.jpg"]


@pytest.mark.git
def test_adding_a_photo_after_conclusion_is_the_panels(repo: Path) -> None:
    files = {
        path("concluded"): project("concluded", ["a.jpg", "b.jpg", "c.jpg"]),
        f"{folder('concluded')}/c.jpg": OTHER_PHOTO,
    }
    assert errors(check(repo, "eng-sec", files)) == [(f"{folder('concluded')}/c.jpg", "PT513")]
    git(repo, "checkout", "-q", "main")
    assert errors(check(repo, "panel-two", files)) == []


@pytest.mark.git
def test_the_branch_may_add_photos_when_it_concludes(repo: Path) -> None:
    # The stage the project stands at is the base's: the pull request that concludes it may
    # still bring its photos.
    git(repo, "checkout", "-q", "main")
    (repo / path("concluded")).write_text(
        project("midterm", ["a.jpg", "b.jpg"]).replace("s-midterm/", "s-concluded/"), "utf-8"
    )
    git(repo, "commit", "-qam", "back to midterm")
    text = project("concluded", ["a.jpg", "b.jpg", "c.jpg"])
    files = {path("concluded"): text, f"{folder('concluded')}/c.jpg": OTHER_PHOTO}
    assert errors(check(repo, "eng-sec", files)) == []


@pytest.mark.git
def test_a_panel_member_without_a_conflict_corrects_media(repo: Path) -> None:
    files = {
        path("accepted"): project("accepted", ["a.jpg"]),
        f"{folder('accepted')}/a.jpg": OTHER_PHOTO,
        f"{folder('accepted')}/b.jpg": None,
    }
    outcome = check(repo, "panel-lead", files)
    assert errors(outcome) == []
    assert "2026/s-accepted\uff1a项目文件夹中替换 1 个文件\u3001删除 1 个文件" in outcome.steps


@pytest.mark.git
def test_a_conflicted_panel_member_is_the_branch(repo: Path) -> None:
    roster = yaml.safe_load((repo / "data/roster.yml").read_text(encoding="utf-8"))
    roster["general_branches"][0]["branches"][0]["maintainers"].append("panel-two")
    (repo / "data/roster.yml").write_text(yaml.safe_dump(roster, allow_unicode=True), "utf-8")
    git(repo, "commit", "-qam", "panel-two maintains eng-teachers")
    rel = f"{folder('accepted')}/a.jpg"
    outcome = check(repo, "panel-two", {rel: OTHER_PHOTO})
    assert errors(outcome) == [(rel, "PT513")]
    assert "利益冲突" in outcome.diagnostics[0].message
    git(repo, "checkout", "-q", "main")
    # Before conclusion the same member may, as the branch's maintainer.
    assert errors(check(repo, "panel-two", {f"{folder('approved')}/a.jpg": OTHER_PHOTO})) == []


@pytest.mark.git
def test_a_final_stage_is_the_panels(repo: Path) -> None:
    rel = f"{folder('awarded')}/a.jpg"
    assert errors(check(repo, "eng-sec", {rel: OTHER_PHOTO})) == [(rel, "PT509")]
    git(repo, "checkout", "-q", "main")
    assert errors(check(repo, "panel-lead", {rel: OTHER_PHOTO})) == []


@pytest.mark.git
def test_moving_a_photo_out_of_projects_after_conclusion(repo: Path) -> None:
    git(repo, "checkout", "-q", "-B", "pr", "main")
    (repo / "docs").mkdir()
    git(repo, "mv", f"{folder('concluded')}/b.jpg", "docs/b.jpg")
    (repo / path("concluded")).write_text(project("concluded", ["a.jpg"]), encoding="utf-8")
    git(repo, "commit", "-qam", "move a photo out")
    outcome = check(repo, "eng-sec")
    # Leaving the folder is a deletion from it (the panel's now), not a deleted project.
    assert errors(outcome) == [("docs/b.jpg", "PT501"), (f"{folder('concluded')}/b.jpg", "PT513")]


@pytest.mark.git
def test_moving_a_photo_between_projects_asks_both(repo: Path) -> None:
    git(repo, "checkout", "-q", "-B", "pr", "main")
    git(repo, "mv", f"{folder('concluded')}/b.jpg", f"{folder('approved')}/c.jpg")
    (repo / path("concluded")).write_text(project("concluded", ["a.jpg"]), encoding="utf-8")
    text = project("approved", ["a.jpg", "b.jpg", "c.jpg"])
    (repo / path("approved")).write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "move a photo to another project")
    outcome = check(repo, "eng-sec")
    assert errors(outcome) == [(f"{folder('concluded')}/b.jpg", "PT513")]
    assert "2026/s-approved\uff1a项目文件夹中新增 1 个文件" in outcome.steps
    assert "2026/s-concluded\uff1a项目文件夹中删除 1 个文件" in outcome.steps


# ---------------------------------------------------------------- the pieces


def test_a_change_within_one_folder_stays_one_change() -> None:
    renamed = FileChange("R", "projects/2026/x/a.jpg", "projects/2026/x/b.jpg", b"1", b"1")
    assert renamed.sides() == (renamed,)
    project_renamed = FileChange("R", "projects/2026/x.md", "projects/2026/y.md", b"1", b"1")
    assert project_renamed.sides() == (project_renamed,)
    # Git pairs a deleted photo with a similar new one; with other bytes they stay two files.
    rewritten = FileChange("R", "projects/2026/x/a.jpg", "projects/2026/x/b.jpg", b"1", b"2")
    assert [s.status for s in rewritten.sides()] == ["D", "A"]
    deleted = FileChange("D", "projects/2026/x/a.jpg", None, b"1", None)
    assert deleted.sides() == (deleted,)
    for new in ("projects/2026/y/a.jpg", "projects/2026/a.md", "docs/a.jpg"):
        moved = FileChange("R", "projects/2026/x/a.jpg", new, b"1", b"1")
        gone, arrived = moved.sides()
        assert (gone.old_path, gone.new_path) == ("projects/2026/x/a.jpg", None)
        assert (arrived.old_path, arrived.new_path) == (None, new)


@pytest.mark.git
def test_a_media_change_names_what_it_does(programme: Programme) -> None:
    cases = {
        ("A", None, "projects/2026/x/a.jpg"): ("added", "新增 a.jpg"),
        ("D", "projects/2026/x/a.jpg", None): ("deleted", "删除 a.jpg"),
        ("M", "projects/2026/x/a.jpg", "projects/2026/x/a.jpg"): ("replaced", "替换 a.jpg"),
        ("R", "projects/2026/x/a.jpg", "projects/2026/x/b.jpg"): (
            "renamed",
            "把 a.jpg 改名为 b.jpg",
        ),
    }
    for (status, old, new), (kind, words) in cases.items():
        change = FileChange(status, old, new, b"1" if old else None, b"1" if new else None)
        media = MediaChange.of(change, front("approved"), front("approved"), "eng-sec", programme)
        assert (media.owner, media.key, media.source) == (
            "projects/2026/x.md",
            "2026/x",
            "approved",
        )
        assert (media.kind, media.describe()) == (kind, words)
        assert media.roles.acts_for
