"""What a pull request changes, as its rules see it: one path with both sides, for a project file
the step it takes and who the author is to that project, and for a file of a project's media
folder the project it belongs to.

Pure data: the adapter reads the sides out of git, the programme comes from the base revision, and
the pull-request rules (PT5xx) and any summary of the pull request read these objects alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from site_builder.core.loader import Document, LoadError, load_bytes
from site_builder.core.markdown import split_sections
from site_builder.core.process import Stage, Transition, stage_label, transition
from site_builder.core.programme import Programme, Roster
from site_builder.core.project import Project
from site_builder.core.tree import PROJECTS_DIR, in_projects, is_media_path, media_owner


@dataclass(frozen=True, slots=True)
class FileChange:
    """One changed path with both sides' contents (None where a side does not exist)."""

    status: str
    old_path: str | None
    new_path: str | None
    old: bytes | None
    new: bytes | None
    new_is_link: bool = False

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""

    @property
    def in_projects(self) -> bool:
        """Every side that exists lies under projects/ (see `sides` for a move across it)."""
        return all(in_projects(p) for p in (self.old_path, self.new_path) if p)

    @property
    def crosses(self) -> bool:
        """A move between places the rules judge apart: into or out of projects/, between a
        project file and a media folder, or from one project's media folder to another's."""
        old, new = self.old_path, self.new_path
        if old is None or new is None:
            return False
        if in_projects(old) != in_projects(new):
            return True
        if is_media_path(old) and is_media_path(new):
            return media_owner(old) != media_owner(new)
        # Between a project file and a media folder; a project file renamed is neither (PT504).
        return is_media_path(old) or is_media_path(new)

    @property
    def rewritten(self) -> bool:
        """A media file renamed within its folder with other bytes: git pairs the two by
        similarity, but for a photo that is one file gone and another added."""
        old, new = self.old_path, self.new_path
        return (
            old is not None
            and new is not None
            and old != new
            and is_media_path(new)
            and self.old != self.new
        )

    def sides(self) -> tuple[FileChange, ...]:
        """The changes the rules judge: a move that `crosses` is a deletion where the file
        leaves and a new file where it arrives, so a project moved out is a deleted project, one
        moved in is a new application, and a photo moved to another project's folder leaves one
        project and joins the other; so is a `rewritten` photo. Anything else (a photo renamed
        within its folder, bytes kept) is judged as it is."""
        if not (self.crosses or self.rewritten):
            return (self,)
        return (
            FileChange("D", self.old_path, None, self.old, None),
            FileChange("A", None, self.new_path, None, self.new, self.new_is_link),
        )

    @property
    def deleted(self) -> bool:
        return self.new is None

    @property
    def renamed(self) -> bool:
        return bool(self.old_path) and self.new_path != self.old_path


def _stage(data: dict[str, Any] | None) -> Stage | None:
    return Stage.parse((data or {}).get("stage"))


@dataclass(frozen=True)
class FileContext:
    """A changed path seen by the file-level pull-request rules: the change, its author, the
    programme, and the base side's front matter (read once, only if a rule asks)."""

    change: FileChange
    author: str
    programme: Programme

    @property
    def path(self) -> str:
        return self.change.path

    @cached_property
    def base_doc(self) -> Document | None:
        """The base side, loaded; None for a new file or one that does not load."""
        if self.change.old is None:
            return None
        try:
            return load_bytes(self.change.old)
        except LoadError:
            return None

    @property
    def base(self) -> dict[str, Any] | None:
        """The base side's front matter."""
        return self.base_doc.data if self.base_doc is not None else None

    @property
    def base_body(self) -> str | None:
        return self.base_doc.body if self.base_doc is not None else None

    @property
    def source(self) -> Stage | None:
        """The base side's stage; None for a new file (and for one without a readable stage)."""
        return _stage(self.base)

    def label(self, stage: Stage | None) -> str:
        return stage_label(stage)


@dataclass(frozen=True, slots=True)
class Roles:
    """Who the author is to one project, by the base revision's roster.

    Kept per project, not per pull request: whether a panel member may judge a project depends on
    the project's branch.
    """

    panel: bool  # a member of the review panel
    acts_for: bool  # maintains, or heads the general branch of, every branch the project names
    maintains: bool  # maintains one of the branches the project names
    # Maintains, or heads the general branch of, any branch the project names: for a panel
    # member, a conflict of interest in this project.
    related: bool = False

    @classmethod
    def of(cls, roster: Roster, author: str, branches: frozenset[str]) -> Roles:
        return cls(
            panel=roster.is_panel(author),
            acts_for=bool(branches) and all(roster.acts_for(author, b) for b in branches),
            maintains=any(roster.maintains(author, b) for b in branches),
            related=any(roster.acts_for(author, b) for b in branches),
        )

    @property
    def judge(self) -> bool:
        """A panel member without a conflict of interest in this project."""
        return self.panel and not self.related


@dataclass(frozen=True)
class ProjectChange:
    """One project a pull request changes: both sides, the step between them, and the author's
    roles for it. What the project-level pull-request rules judge.

    The kind of change is read from `source`, `step` (None within a stage) and `changed` (which
    fields differ): a new application, a panel or a branch step, an edit within a stage.
    """

    project: Project  # the head side
    base: dict[str, Any] | None  # the base side's front matter; None for a new file
    author: str
    programme: Programme
    roles: Roles
    base_body: str | None = None  # the base side's body; None: the body is not compared
    # The day the check runs, in the programme's time zone (the public notice's end is judged
    # against it); None: today.
    day: date | None = None

    @classmethod
    def of(
        cls,
        project: Project,
        base: dict[str, Any] | None,
        author: str,
        programme: Programme,
        base_body: str | None = None,
        day: date | None = None,
    ) -> ProjectChange:
        branches = _branches(base, project.data)
        roles = Roles.of(programme.roster, author, branches)
        return cls(project, base, author, programme, roles, base_body, day)

    @property
    def today(self) -> date:
        return self.day or self.programme.settings.today()

    @property
    def path(self) -> str:
        return self.project.path

    @property
    def source(self) -> Stage | None:
        """The base stage; None for a new file."""
        return _stage(self.base)

    @property
    def target(self) -> Stage | None:
        return self.project.stage

    @property
    def branches(self) -> frozenset[str]:
        """The branches the project names on either side: editing `branch` grants nothing."""
        return _branches(self.base, self.project.data)

    @property
    def moves(self) -> bool:
        """The stage changes (otherwise this is an edit within the stage)."""
        return self.source != self.target

    @property
    def step(self) -> Transition | None:
        """The process step taken; None for an edit within a stage or a step the process lacks."""
        if not self.moves or self.target is None:
            return None
        return transition(self.source, self.target)

    @property
    def needs_panel(self) -> bool:
        """The step taken is one only the panel may take."""
        return self.step is not None and self.step.actors == {"panel"}

    def changed(self, key: str) -> bool:
        """The top-level field `key` differs between the two sides."""
        return (self.base or {}).get(key) != self.project.data.get(key)

    @cached_property
    def _sections(self) -> tuple[dict[str, str], dict[str, str]]:
        return _normalised_sections(self.base_body or ""), _normalised_sections(self.project.body)

    def section_changed(self, heading: str) -> bool:
        """The body section `heading` reads differently on the two sides, as the site and the
        forms read it (`split_sections`); spaces at line ends and blank lines around it aside.
        False when the base body is not known."""
        if self.base_body is None:
            return False
        base, head = self._sections
        return base.get(heading) != head.get(heading)

    def label(self, stage: Stage | None) -> str:
        return stage_label(stage)


@dataclass(frozen=True)
class MediaChange:
    """One file of a project's media folder that a pull request changes (one of `sides()`, so
    both its paths lie in that folder), judged as an edit of the project: the project file's
    front matter on both sides says whose project it is and at which stage it stands."""

    change: FileChange
    owner: str  # the project file, projects/<year>/<slug>.md
    base: dict[str, Any] | None  # the project file's base front matter; None: none there
    head: dict[str, Any] | None  # its head front matter
    author: str
    programme: Programme
    roles: Roles

    @classmethod
    def of(
        cls,
        change: FileChange,
        base: dict[str, Any] | None,
        head: dict[str, Any] | None,
        author: str,
        programme: Programme,
    ) -> MediaChange:
        owner = media_owner(change.path)
        roles = Roles.of(programme.roster, author, _branches(base, head or {}))
        return cls(change, owner, base, head, author, programme, roles)

    @property
    def path(self) -> str:
        return self.change.path

    @property
    def key(self) -> str:
        """The project's short name, `2026/cs-01`."""
        return self.owner.removeprefix(PROJECTS_DIR + "/").removesuffix(".md")

    @property
    def source(self) -> Stage | None:
        """The project's base stage; None for a project new in this pull request."""
        return _stage(self.base)

    @property
    def branches(self) -> frozenset[str]:
        return _branches(self.base, self.head or {})

    @property
    def kind(self) -> str:
        """What happens to the file: added, deleted, renamed (within the folder) or replaced."""
        if self.change.old_path is None:
            return "added"
        if self.change.deleted:
            return "deleted"
        return "renamed" if self.change.renamed else "replaced"

    def describe(self) -> str:
        """The change in words: `新增 a.jpg`, `把 a.jpg 改名为 b.jpg`."""
        old = (self.change.old_path or "").rsplit("/", 1)[-1]
        new = (self.change.new_path or "").rsplit("/", 1)[-1]
        return {
            "added": f"新增 {new}",
            "deleted": f"删除 {old}",
            "renamed": f"把 {old} 改名为 {new}",
            "replaced": f"替换 {new}",
        }[self.kind]

    def label(self, stage: Stage | None) -> str:
        return stage_label(stage)


def _normalised_sections(body: str) -> dict[str, str]:
    return {
        heading: "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
        for heading, text in split_sections(body).items()
    }


def _branches(base: dict[str, Any] | None, head: dict[str, Any]) -> frozenset[str]:
    return frozenset(
        b for b in ((base or {}).get("branch"), head.get("branch")) if isinstance(b, str)
    )
