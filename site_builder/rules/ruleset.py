"""The rule modules, in the order they run. Importing this registers every rule's code."""

from site_builder.core import file_rules  # raised by the strict loader in core
from site_builder.core.rule import REGISTRY, Rule
from site_builder.rules import (
    award,
    body_safety,
    dates,
    duration,
    expenses,
    media,
    path,
    roster,
    schema,
    scores,
    sections,
    slugs,
    text_safety,
    transitions,  # raised by the pull-request check; imported so the docs list them
)

# Run on every loaded file.
ALWAYS = (path, text_safety, sections, body_safety, media)
# Run only when the front matter matches the schema (they rely on its types).
WHEN_VALID = (roster, duration, dates, scores, award, expenses)
# Run over all projects together.
CROSS_FILE = (award, slugs, media)

__all__ = [
    "ALWAYS",
    "CROSS_FILE",
    "REGISTRY",
    "WHEN_VALID",
    "Rule",
    "file_rules",
    "media",
    "schema",
    "transitions",
]
