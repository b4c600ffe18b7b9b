"""A small run of the benchmark corpus generator (the benchmarks themselves run only in
`make bench`): the corpus validates with no findings and covers every stage and category."""

from __future__ import annotations

import sys
from pathlib import Path

from factory import ROOT

from site_builder.core.programme import Programme
from site_builder.rules.validate import validate

sys.path.insert(0, str(ROOT))  # bench/ is not an installed package
from bench.generate import CATEGORIES, PUBLIC, STAGES, generate


def test_a_tiny_corpus_validates_and_covers_every_stage_and_category(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "corpus", 30)
    root = corpus.root
    result = validate(root, Programme.load(root))
    assert result.diagnostics == []
    assert len(result.files) == len(result.projects) == 30
    stages = {p.stage for p in result.projects}
    categories = {p.data["category"] for p in result.projects}
    assert stages == set(STAGES) and categories == set(CATEGORIES)
    assert corpus.public == sum(p.stage in PUBLIC for p in result.projects)
    # A whole repository: the site's configuration, theme overrides and pages come along.
    for rel in ("mkdocs.yml", "overrides/partials/search.html", "docs/guide/apply.md"):
        assert (root / rel).is_file(), rel
    sizes = [(root / rel).stat().st_size for rel in result.files]
    assert 2_000 < sum(sizes) / len(sizes) < 4_500  # about 3 KB each


def test_the_generator_is_deterministic_and_can_aim_at_public_projects(tmp_path: Path) -> None:
    one = generate(tmp_path / "one", 12, seed=7)
    two = generate(tmp_path / "two", 12, seed=7)
    assert one.paths == two.paths
    for rel in one.paths:
        assert (one.root / rel).read_bytes() == (two.root / rel).read_bytes()
    aimed = generate(tmp_path / "aimed", public=15)
    assert aimed.public == 15 and len(aimed.paths) > 15
    result = validate(aimed.root, Programme.load(aimed.root))
    assert result.errors == 0
    assert sum(p.stage in PUBLIC for p in result.projects) == 15
