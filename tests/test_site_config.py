"""`site_url` read from mkdocs.yml without running it, and the rule addresses built from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import ROOT
from mkdocs.utils.yaml import yaml_load

from site_builder.core.site_config import folder_site_url, site_url
from site_builder.rules.ruleset import REGISTRY


def hostile_mkdocs(marker: Path, url: str = "https://example.org/site/") -> str:
    return (
        f"site_name: x\nsite_url: {url}\n"
        f'hook: !!python/object/apply:os.system ["touch {marker}"]\n'
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:os.system\n"
        "  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "env_site: !ENV [SITE_URL, 'https://other.example/']\n"
    )


def test_python_tags_are_read_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = hostile_mkdocs(marker)
    assert site_url(text.encode()) == "https://example.org/site"
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert folder_site_url(tmp_path) == "https://example.org/site"
    assert not marker.exists()
    # The payload is live: MkDocs' own loader runs it.
    yaml_load(text)
    assert marker.exists()


def test_the_repository_mkdocs_yml() -> None:
    assert folder_site_url(ROOT) == "https://projects.caishen.example"


@pytest.mark.parametrize(
    "text",
    [
        "site_name: x\n",
        "site_url:\n",
        "site_url: ''\n",
        "site_url: javascript:alert(1)//\n",
        "site_url: ftp://example.org/\n",
        "site_url: //example.org/\n",
        "site_url: /docs/\n",
        "site_url: https://example.org/?a=1\n",
        "site_url: https://example.org/#x\n",
        "site_url: 'https://exa mple.org/'\n",
        'site_url: "https://example.org/\\n::error::x"\n',
        "site_url: [https://example.org/]\n",
        "site_url: !!python/name:os.system\n",
        "site_url: https://a.example/\nsite_url: : :\n",
        "- a list\n",
        "\xff\xfe",
    ],
)
def test_no_usable_site_url_gives_none(text: str) -> None:
    assert site_url(text.encode("latin-1" if text.startswith("\xff") else "utf-8")) is None


def test_unreadable_mkdocs_yml_gives_none(tmp_path: Path) -> None:
    assert folder_site_url(tmp_path) is None  # missing
    (tmp_path / "mkdocs.yml").mkdir()
    assert folder_site_url(tmp_path) is None  # a folder
    (tmp_path / "mkdocs.yml").rmdir()
    (tmp_path / "mkdocs.yml").symlink_to("/dev/zero")
    assert folder_site_url(tmp_path) is None  # would never end


def test_rule_addresses() -> None:
    rule = REGISTRY["PS201"]
    assert rule.doc_path == "rules-reference/#ps201"
    assert rule.doc_url("https://a.example/sub/") == "https://a.example/sub/rules-reference/#ps201"
    assert rule.doc_url("http://a.example") == "http://a.example/rules-reference/#ps201"
    assert rule.doc_url(None) is None and rule.doc_url("javascript:x") is None
