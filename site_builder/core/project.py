"""A loaded project file: its values, where they stand, and its body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from site_builder.core.loader import Document, Path, Pos
from site_builder.core.process import Stage

PATH_RE = re.compile(r"projects/(?P<year>[0-9]{4})/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md")
MAX_SLUG = 48


@dataclass(slots=True)
class Project:
    path: str  # posix path relative to the repository root
    doc: Document

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data

    @property
    def body(self) -> str:
        return self.doc.body

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".md")

    @property
    def folder_year(self) -> str:
        parts = self.path.split("/")
        return parts[-2] if len(parts) >= 2 else ""

    @property
    def key(self) -> str:
        """`2026/cs-01`: how a project is named in messages and URLs."""
        return f"{self.folder_year}/{self.slug}"

    @property
    def stage(self) -> Stage | None:
        """The stage the file names; None when absent or not one of the programme's stages."""
        return Stage.parse(self.data.get("stage"))

    def pos(self, path: Path) -> Pos:
        """Position of the value at `path`, or of its nearest ancestor that exists."""
        while path and path not in self.doc.value_pos:
            path = path[:-1]
        return self.doc.value_pos.get(path, (1, 1)) if path else (1, 1)

    def key_pos(self, path: Path) -> Pos:
        return self.doc.key_pos.get(path) or self.pos(path)

    def get(self, *path: str | int) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(node, list) or part >= len(node):
                    return None
            elif not isinstance(node, dict):
                return None
            node = node[part] if isinstance(part, int) else node.get(part)
        return node


@dataclass(slots=True)
class Collection:
    """What the cross-file rules see: every project path, and the loaded projects among them
    (all of them for `validate`; the changed and the awarded ones for the pull-request check)."""

    paths: list[str]
    projects: list[Project]
