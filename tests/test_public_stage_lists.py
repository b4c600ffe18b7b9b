"""The prose that lists the public stages for people (the panel's guide, the open data's
description) names every stage `process.py` makes public, 拟表彰（公示中） included, and no other."""

from __future__ import annotations

import json
import re

import pytest
from factory import ROOT

from site_builder.core.process import STAGES

GUIDE = ROOT / "docs/guide/review.md"
API_SCHEMA = ROOT / "schema/projects-api.schema.json"


def _listed(text: str, before: str, after: str) -> str:
    match = re.search(re.escape(before) + "(.*?)" + re.escape(after), text)
    assert match, f"{before}…{after} not found"
    return match.group(1)


@pytest.mark.parametrize(
    ("where", "text"),
    [
        # 展示网站只公开…阶段的项目
        (
            "guide",
            lambda: _listed(
                GUIDE.read_text(encoding="utf-8"),
                "\u53ea\u516c\u5f00",
                "\u9636\u6bb5\u7684\u9879\u76ee",
            ),
        ),
        # 所有公开阶段（…）的项目
        (
            "api",
            lambda: _listed(
                json.loads(API_SCHEMA.read_text(encoding="utf-8"))["description"],
                "\u6240\u6709\u516c\u5f00\u9636\u6bb5\uff08",
                "\uff09\u7684\u9879\u76ee",
            ),
        ),
    ],
)
def test_every_public_stage_is_listed_and_no_other(where: str, text) -> None:
    listed = set(re.split("[\u3001\u548c]", text()))  # 、 和
    assert listed == {s.label for s in STAGES if s.public}, where
