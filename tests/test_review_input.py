"""Red team, class 6: `approvals --reviews FILE` with any malformed input (deep nesting, a huge
file, numbers Python will not read, broken text) exits 2 with a Chinese message, never a
traceback; the bounds on depth and size hold before anything is decoded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from site_builder.review.approvals import (
    MAX_JSON_DEPTH,
    MAX_REVIEWS_BYTES,
    ReviewsError,
    parse_reviews,
)

REVIEW = (
    '{"user": {"login": "panel-lead"}, "state": "APPROVED", "commit_id": "abc",'
    ' "submitted_at": "2026-05-20T08:00:00Z", "_links": {"html": {"href": "x"}}}'
)
MALFORMED = {
    "deep-arrays": "[" * 200_000 + "]" * 200_000,
    "deep-objects": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "deep-inside-a-review": "[" + REVIEW[:-1] + ', "x": ' + "[" * 5000 + "]" * 5000 + "}]",
    "unclosed-deep": "[" * 300_000,
    "huge-number": "[" + "9" * 100_000 + "]",
    "not-a-list": '{"state": "APPROVED"}',
    "trailing-comma": "[" + REVIEW + ",]",
    "bracket-in-an-unterminated-string": '["[[[[[',
    "empty": "   ",
    "too-many": "[" + ",".join([REVIEW] * 10_001) + "]",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_reviews_are_a_chinese_error(name: str) -> None:
    with pytest.raises(ReviewsError) as caught:
        parse_reviews(MALFORMED[name], "reviews.json")
    assert "reviews.json" in str(caught.value)


def test_brackets_inside_strings_do_not_count() -> None:
    text = "[" + REVIEW.replace('"x"', '"' + "[" * (MAX_JSON_DEPTH * 4) + '"') + "]"
    [review] = parse_reviews(text, "reviews.json")
    assert review.login == "panel-lead"


def test_pages_one_after_another_still_read() -> None:
    assert len(parse_reviews(f"[{REVIEW}]\n[{REVIEW}]\n[]", "r.json")) == 2


def _cli(tmp_path: Path, data: bytes) -> subprocess.CompletedProcess[str]:
    reviews = tmp_path / "reviews.json"
    reviews.write_bytes(data)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "--root",
            str(tmp_path),
            "approvals",
            "--base",
            "main",
            "--author",
            "eng-sec",
            "--reviews",
            str(reviews),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 1_000_000,
        b"[" + b" " * (MAX_REVIEWS_BYTES + 10) + b"]",
        b"[\xff\xfe]",
        ("[" + "9" * 50_000 + "]").encode(),
    ],
    ids=["deep", "huge", "not-utf8", "huge-number"],
)
def test_the_command_exits_2_without_a_traceback(tmp_path: Path, data: bytes) -> None:
    proc = _cli(tmp_path, data)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr
    assert "评审记录" in proc.stderr


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 1_000_000,
        # Past the bound, with a character cut at the bound: still refused by its size.
        b"[" + "\u8bc4".encode() * (MAX_REVIEWS_BYTES // 3 + 1) + b"]",
        b"[\xff\xfe]",
    ],
    ids=["deep", "huge", "not-utf8"],
)
def test_the_archives_reviews_folder_is_bounded_alike(tmp_path: Path, data: bytes) -> None:
    """`archive --reviews DIR` reads one file per pull request with the same bounds, and reads no
    more of a file than the bound (a huge file is not loaded whole)."""
    from site_builder.review.history import ReviewsFolder

    (tmp_path / "12.json").write_bytes(data)
    with pytest.raises(ReviewsError) as caught:
        ReviewsFolder(tmp_path)
    assert "12.json" in str(caught.value)
    if len(data) > MAX_REVIEWS_BYTES:
        assert "MB" in str(caught.value)
