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


def test_the_search_truth_leaves_out_what_pagefind_removes() -> None:
    """bench/search.py's truth is the text Pagefind indexes: a form's labels and help lines, a
    navigation or a footer inside the indexed part are removed by Pagefind's parser (its
    REMOVE_SELECTORS), so a page holding a word only there is not a page search must find."""
    from bench.search import IndexedText

    page = (
        "<html><head><title>\u6807\u9898</title></head><body><nav>\u5bfc\u822a</nav>"
        "<article data-pagefind-body><h1>\u7533\u62a5</h1><p>\u6b63\u6587<b>\u52a0\u7c97</b></p>"
        '<form><div><label for="f">\u9884\u671f\u76ee\u6807</label><textarea id="f">\u586b\u5199'
        '</textarea><p class="sb-help">\u5199\u660e\u9884\u671f</p></div></form>'
        "<svg><text>\u56fe\u4e2d</text></svg><footer>\u9875\u811a</footer><p>\u672b\u5c3e</p>"
        "</article></body></html>"
    )
    parser = IndexedText()
    parser.feed(page)
    # 申报 正文 加粗 末尾 are indexed; 预期目标 (a label), 写明预期 (help in a form), the text box,
    # the drawing's text, the footer and what lies outside the indexed part are not.
    assert "".join(parser.parts) == "\u7533\u62a5\u6b63\u6587\u52a0\u7c97\u672b\u5c3e"
