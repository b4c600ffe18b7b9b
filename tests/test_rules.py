"""Every rule: a project that passes it and one that fails it, with the code and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from cases import CASES
from factory import body, front, render, write

from site_builder.core.programme import Programme
from site_builder.rules.ruleset import REGISTRY
from site_builder.rules.validate import validate

P = "projects/2026/pioneer.md"


def run(repo: Path, programme: Programme, files: dict[str, str]) -> list:
    for rel, text in files.items():
        write(repo, rel, text)
    return validate(repo, programme).diagnostics


def codes(diags: list) -> list[str]:
    return [d.code for d in diags]


@pytest.mark.parametrize(
    "stage",
    [
        "applied",
        "approved",
        "rejected",
        "midterm",
        "concluded",
        "accepted",
        "failed",
        "awarded",
        "withdrawn",
    ],
)
def test_a_valid_project_at_every_stage_passes(
    repo: Path, programme: Programme, stage: str
) -> None:
    assert run(repo, programme, {P: render(front(stage))}) == []


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.lstrip().startswith(needle))


@pytest.mark.parametrize(
    ("name", "overrides", "text", "code", "needle"), CASES, ids=[c[0] for c in CASES]
)
def test_rule_fails_with_code_and_line(
    repo: Path,
    programme: Programme,
    name: str,
    overrides: dict,
    text: str | None,
    code: str,
    needle: str,
) -> None:
    content = render(front("applied", **overrides), text)
    diags = run(repo, programme, {P: content})
    assert code in codes(diags), diags
    hit = next(d for d in diags if d.code == code)
    assert hit.path == P
    if needle:
        assert hit.line == line_of(content, needle), (hit, content)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in hit.message)
    assert REGISTRY[code].doc


def test_message_names_field_with_chinese_title(repo: Path, programme: Programme) -> None:
    diags = run(repo, programme, {P: render(front(category="servce"))})
    assert "category\uff08立项方向\uff09" in diags[0].message
    assert "“servce”" in diags[0].message
    assert "service\uff08服务型党支部建设\uff09" in diags[0].message


def test_stage_requires_fields_and_says_why(repo: Path, programme: Programme) -> None:
    data = front("approved", approval=None)
    diags = run(repo, programme, {P: render(data)})
    assert codes(diags) == ["PS202"]
    assert "approval\uff08立项评审\uff09" in diags[0].message and "已立项" in diags[0].message


def test_decision_must_match_stage(repo: Path, programme: Programme) -> None:
    data = front("approved")
    data["approval"]["decision"] = "rejected"
    diags = run(repo, programme, {P: render(data)})
    assert "PS201" in codes(diags)


def test_year_must_match_folder(repo: Path, programme: Programme) -> None:
    diags = run(repo, programme, {"projects/2025/pioneer.md": render(front())})
    assert codes(diags) == ["PF115"]


@pytest.mark.parametrize(
    "rel",
    [
        "projects/2026/Pioneer.md",
        "projects/26/x.md",
        "projects/2026/a_b.md",
        "projects/2026/x.txt",
        "projects/x.md",
        "projects/2026/" + "a" * 49 + ".md",
    ],
)
def test_path_must_be_year_and_slug(repo: Path, programme: Programme, rel: str) -> None:
    diags = run(repo, programme, {rel: render(front())})
    assert "PF114" in codes(diags)


def test_dates_in_order(repo: Path, programme: Programme) -> None:
    data = front("midterm")
    data["midterm"]["date"] = "2026-05-01"
    content = render(data)
    diags = run(repo, programme, {P: content})
    assert codes(diags) == ["PR304"]
    assert diags[0].line == line_of(content, "date: '2026-05-01'")


def test_score_over_maximum(repo: Path, programme: Programme) -> None:
    data = front("accepted")
    data["acceptance"]["scores"][0]["process"] = 21
    data["acceptance"]["total"] = "90.5"  # (93 + 88) / 2
    assert codes(run(repo, programme, {P: render(data)})) == ["PR305"]


def test_total_must_equal_mean(repo: Path, programme: Programme) -> None:
    data = front("accepted")
    data["acceptance"]["total"] = "90.0"
    diags = run(repo, programme, {P: render(data)})
    assert codes(diags) == ["PR306"]
    assert "89.0" in diags[0].message


def test_total_may_be_left_to_the_tool(repo: Path, programme: Programme) -> None:
    data = front("accepted")
    del data["acceptance"]["total"]
    assert run(repo, programme, {P: render(data)}) == []


def test_total_rounds_half_up(repo: Path, programme: Programme) -> None:
    data = front("accepted")
    data["acceptance"]["scores"].append(dict(data["acceptance"]["scores"][1], reviewer="孙委员"))
    data["acceptance"]["scores"][2]["completeness"] = 18  # sums 90, 88, 89 → 89.0
    data["acceptance"]["scores"].append(dict(data["acceptance"]["scores"][1], reviewer="李委员"))
    # sums 90, 88, 89, 88 → 88.75 → 88.8
    data["acceptance"]["total"] = "88.8"
    assert run(repo, programme, {P: render(data)}) == []


def test_award_needs_pass_and_threshold(repo: Path, programme: Programme) -> None:
    data = front("awarded")
    for score in data["acceptance"]["scores"]:
        score["education"] = 10
    del data["acceptance"]["total"]
    diags = run(repo, programme, {P: render(data)})
    assert codes(diags) == ["PR307"]
    assert "85" in diags[0].message


def test_award_quota_across_files(repo: Path, programme: Programme) -> None:
    files = {f"projects/2026/award-{i}.md": render(front("awarded")) for i in range(4)}
    diags = run(repo, programme, files)
    assert codes(diags) == ["PR308"] * 4
    files3 = {f"projects/2026/award-{i}.md": render(front("awarded")) for i in range(3)}
    for rel in files:
        (repo / rel).unlink()
    assert run(repo, programme, files3) == []


def test_slugs_unique_across_years(repo: Path, programme: Programme) -> None:
    diags = run(
        repo,
        programme,
        {
            "projects/2026/same.md": render(front()),
            "projects/2025/same.md": render(front(year=2025, applied_on="2025-05-06")),
        },
    )
    assert codes(diags) == ["PR309", "PR309"]


def test_expenses_over_grant_is_a_warning(repo: Path, programme: Programme) -> None:
    data = front("concluded")
    data["expenses"].append({"date": "2027-01-10", "item": "活动场地", "amount": 600})
    diags = run(repo, programme, {P: render(data)})
    assert codes(diags) == ["PR310"]
    assert diags[0].severity == "warning"
    assert "1105.50" in diags[0].message


def test_safe_links_pass(repo: Path, programme: Programme) -> None:
    text = body() + "\n[学院](https://example.org/a?b=1) 与 <mailto:a@b.cn> 和 [上文](#预期目标)\n"
    assert run(repo, programme, {P: render(front(), text)}) == []


def test_every_rule_has_code_title_and_doc() -> None:
    import site_builder.rules.ruleset  # noqa: F401

    assert len(REGISTRY) >= 30
    for code, rule in REGISTRY.items():
        assert code[:2] in ("PF", "PS", "PR", "PB", "PT", "PM") and code[2:].isdigit()
        assert rule.title and len(rule.doc) > 10
