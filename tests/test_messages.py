"""The message catalogue's syntax is what the browser's formatter fills (core/messages.py)."""

from __future__ import annotations

import pytest

from site_builder.core.messages import Catalogue, fill, placeholders


def test_a_template_is_filled_by_name_with_braces_doubled() -> None:
    assert fill("{field} 为 {{x}} {n}", field="标题", n=3) == "标题 为 {x} 3"
    assert placeholders("{a}{b_2}{a}") == ["a", "b_2", "a"]


@pytest.mark.parametrize("template", ["{0}", "{}", "{a:>3}", "{a!r}", "{a.b}", "{a[0]}", "{A}"])
def test_what_the_browser_cannot_fill_is_refused(template: str) -> None:
    with pytest.raises(ValueError):
        Catalogue({"PB406": template})


def test_keys_are_codes_or_code_variants() -> None:
    assert Catalogue({"PB404.scheme": "x"})("PB404.scheme") == "x"
    with pytest.raises(ValueError):
        Catalogue({"scheme": "x"})
