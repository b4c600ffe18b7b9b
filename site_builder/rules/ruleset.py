"""The rule modules, in the order they run. Importing this registers every rule's code."""

from typing import Any

from site_builder.core import file_rules  # raised by the strict loader in core
from site_builder.core.change import FileContext, MediaChange, ProjectChange
from site_builder.core.rule import REGISTRY, Check, Rule
from site_builder.rules import (
    award,
    body_safety,
    dates,
    duration,
    expenses,
    media,
    names,
    path,
    roster,
    schema,
    scores,
    sections,
    slugs,
    text_safety,
    transitions,
)

# Run on every loaded file.
ALWAYS = (path, text_safety, names, sections, body_safety, media)
# Run only when the front matter matches the schema (they rely on its types).
WHEN_VALID = (roster, duration, dates, scores, award, expenses)
# Run over all projects together.
CROSS_FILE = (award, slugs, media, path)

# The pull-request check, per kind of changed path. A check that `stops` ends the checks of its
# change once it finds something.
# A path outside projects/: nothing else is checked on it.
OTHER_FILE: tuple[Check[FileContext], ...] = (
    Check(transitions.OUTSIDE_PROJECTS, transitions.check_outside),
)
# A path under projects/, before it is read as a project.
PROJECT_FILE: tuple[Check[FileContext], ...] = (
    Check(transitions.NOT_A_FILE, transitions.check_link, stops=True),
    Check(transitions.DELETED, transitions.check_deleted, stops=True),
    Check(transitions.RENAMED, transitions.check_renamed),
)
# A changed project with a stage at a valid path (`transitions.judged`): the step and the roles.
PROJECT_CHANGE: tuple[Check[ProjectChange], ...] = (
    Check(transitions.NOT_YOURS, transitions.check_yours, stops=True),
    Check(transitions.BAD_STEP, transitions.check_step, stops=True),
    Check(transitions.FINAL, transitions.check_final, stops=True),
    Check(transitions.WRONG_ACTOR, transitions.check_actor),
    Check(transitions.NOTICE, transitions.check_notice),
    Check(transitions.PANEL_FIELD, transitions.check_panel_fields),
    Check(transitions.PLAN_FROZEN, transitions.check_plan),
    Check(transitions.REPORT_FROZEN, transitions.check_report),
    Check(transitions.OWN_BRANCH, transitions.check_own_branch),
)
# A path in a project's media folder, before its bytes are read (then `media.check_file`).
MEDIA_FILE: tuple[Check[FileContext], ...] = (
    Check(transitions.NOT_A_FILE, transitions.check_link, stops=True),
)
# A changed media file whose project is read on some side (`transitions.media_judged`): an edit
# of that project.
MEDIA_CHANGE: tuple[Check[MediaChange], ...] = (
    Check(transitions.NOT_YOURS, transitions.check_media_yours, stops=True),
    Check(transitions.FINAL, transitions.check_media_final, stops=True),
    Check(transitions.MEDIA_FROZEN, transitions.check_media_frozen),
)
# Every pull-request check, in running order.
PULL_REQUEST: tuple[Check[Any], ...] = (
    *OTHER_FILE,
    *PROJECT_FILE,
    *PROJECT_CHANGE,
    *MEDIA_FILE,
    *MEDIA_CHANGE,
)

__all__ = [
    "ALWAYS",
    "CROSS_FILE",
    "MEDIA_CHANGE",
    "MEDIA_FILE",
    "OTHER_FILE",
    "PROJECT_CHANGE",
    "PROJECT_FILE",
    "PULL_REQUEST",
    "REGISTRY",
    "WHEN_VALID",
    "Rule",
    "file_rules",
    "media",
    "schema",
    "transitions",
]
