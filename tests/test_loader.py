"""The strict loader: what is typed, what is refused, and that positions are file lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.core.loader import FRONT_MATTER_RE, LoadError, load_bytes, load_text


def test_delimiters_are_mkdocs_own() -> None:
    from mkdocs.utils import meta

    assert FRONT_MATTER_RE.pattern == meta.YAML_RE.pattern
    assert FRONT_MATTER_RE.flags == meta.YAML_RE.flags


def test_only_bools_decimal_ints_and_null_are_typed() -> None:
    doc = load_text(
        "---\n"
        "a: [true, false, 12, -3, ~, null, no, yes, 'on', 010, 0x1F, 1:20, 1e3, 1.5, 2026-05-08, True]\n"
        "---\n"
    )
    assert doc.data["a"] == [
        True,
        False,
        12,
        -3,
        None,
        None,
        "no",
        "yes",
        "on",
        "010",
        "0x1F",
        "1:20",
        "1e3",
        "1.5",
        "2026-05-08",
        "True",
    ]


def test_quoted_and_block_scalars_stay_text() -> None:
    doc = load_text("---\na: '12'\nb: \"true\"\nc: |\n  12\nd:\n---\n")
    assert doc.data == {"a": "12", "b": "true", "c": "12\n", "d": None}


def test_positions_are_file_lines_and_body_line() -> None:
    doc = load_text("---\ntitle: 项目\napproval:\n  grant: 1000\nlist:\n  - x\n---\n\n## 标题\n")
    assert doc.value_pos[("title",)] == (2, 8)
    assert doc.key_pos[("approval", "grant")] == (4, 3)
    assert doc.value_pos[("approval", "grant")] == (4, 10)
    assert doc.value_pos[("list", 0)] == (6, 5)
    assert doc.body_line == 8
    assert doc.body == "\n## 标题\n"


def test_crlf_and_bom_read_like_mkdocs() -> None:
    doc = load_bytes("\ufeff---\r\ntitle: 项目\r\n---\r\nbody\r\n".encode())
    assert doc.data == {"title": "项目"}
    assert doc.body == "body\n"


def test_dots_close_front_matter_like_mkdocs() -> None:
    assert load_text("---\na: 1\n...\nrest\n").body == "rest\n"


def test_huge_integer_stays_text() -> None:
    assert load_text("---\na: " + "9" * 5000 + "\n---\n").data["a"] == "9" * 5000


@pytest.mark.parametrize(
    ("text", "code", "pos"),
    [
        ("---\na: &x 1\n---\n", "PF109", (2, 4)),
        ("---\na: 1\nb: *x\n---\n", "PF109", (3, 4)),
        ("---\na: 1\n<<: {b: 2}\n---\n", "PF109", (3, 1)),
        ("---\na: 1\nb: 2\na: 3\n---\n", "PF110", (4, 1)),
        ("---\n1: a\n---\n", "PF111", (2, 1)),
        ("---\ntrue: a\n---\n", "PF111", (2, 1)),
        ("---\n? [a]\n: b\n---\n", "PF111", (2, 3)),
        ("---\na: !!python/object/apply:os.system ['x']\n---\n", "PF112", (2, 4)),
        ("---\na: !!str 1\n---\n", "PF112", (2, 4)),
        ("---\na: !custom x\n---\n", "PF112", (2, 4)),
        (
            "---\n" + "a:\n" + "".join("  " * i + " b:\n" for i in range(1, 12)) + "---\n",
            "PF113",
            None,
        ),
        ("---\n- a\n- b\n---\n", "PF107", (2, 1)),
        ("---\njust text\n---\n", "PF107", (2, 1)),
        ("---\n---\n", "PF106", (1, 1)),
        ("---\n\n---\n", "PF106", (1, 1)),
        ("---\na: 1\n", "PF105", (1, 1)),
        ("---\na: 1\n---", "PF105", (1, 1)),
        ("title: x\n", "PF104", (1, 1)),
        ("", "PF104", (1, 1)),
        ("---\na: b: c\n---\n", "PF108", (2, 5)),
        ("---\na: 'unclosed\n---\n", "PF108", None),
        ("---\na: 1\n--- b\n---\n", "PF108", (3, 1)),
        ("---\na: x\u202egnp.exe\n---\n", "PF103", (2, 5)),
        ("---\na: x\x07\n---\n", "PF103", (2, 5)),
        ("---\na: 1\n---\nbody \u2066 here\n", "PF103", (4, 6)),
    ],
)
def test_refused_with_rule_and_position(text: str, code: str, pos: tuple[int, int] | None) -> None:
    with pytest.raises(LoadError) as info:
        load_bytes(text.encode())
    assert info.value.rule.code == code
    if pos is not None:
        assert info.value.pos == pos
    assert info.value.message  # a Chinese sentence, never empty
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(LoadError) as info:
        load_bytes(b"---\na: 1\nb: \xff\xfe\n---\n")
    assert info.value.rule.code == "PF102"
    assert info.value.pos == (3, 4)


def test_too_large() -> None:
    with pytest.raises(LoadError) as info:
        load_bytes(b"---\na: 1\n---\n" + b"x" * (256 * 1024))
    assert info.value.rule.code == "PF101"


def test_alias_bomb_is_refused_at_once() -> None:
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "---\n"
    )
    with pytest.raises(LoadError) as info:
        load_text(bomb)
    assert info.value.rule.code == "PF109"


def test_deep_flow_nesting_is_refused_before_the_parser_recurses() -> None:
    with pytest.raises(LoadError) as info:
        load_text("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    assert info.value.rule.code == "PF113"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_a_document_or_our_own_error(raw: bytes) -> None:
    try:
        doc = load_bytes(b"---\n" + raw + b"\n---\n")
    except LoadError as exc:
        assert exc.rule.code.startswith("PF")
        assert exc.pos[0] >= 1 and exc.pos[1] >= 1
    else:
        assert isinstance(doc.data, dict)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"#\n\t,?~0123\u4e2d")), max_size=120))
def test_arbitrary_yaml_like_text_gives_a_document_or_our_own_error(text: str) -> None:
    try:
        load_text("---\n" + text + "\n---\n")
    except LoadError as exc:
        assert exc.rule.code.startswith("PF")
