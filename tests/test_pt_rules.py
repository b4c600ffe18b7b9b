"""The pull-request rules (PT5xx) as a rule family: each check judged directly through its change
context, without git, and the running order that makes sure no declared rule is left out."""

from __future__ import annotations

import copy
import dataclasses
import inspect
from typing import Any

import pytest
import yaml
from factory import TESTS, front, render

from site_builder.core.change import FileChange, FileContext, ProjectChange, Roles
from site_builder.core.programme import Programme, Roster
from site_builder.core.rule import run_checks
from site_builder.core.tree import parse_project
from site_builder.rules import transitions
from site_builder.rules.ruleset import PROJECT_CHANGE, PULL_REQUEST, REGISTRY

PATH = "projects/2026/pt-case.md"


def change_of(
    programme: Programme, base: dict[str, Any] | None, head: dict[str, Any], author: str
) -> ProjectChange:
    project, found = parse_project(PATH, render(head).encode("utf-8"))
    assert project is not None, found
    return ProjectChange.of(project, base, author, programme)


def with_panel_maintainer(programme: Programme) -> Programme:
    """The test roster, where the panel member panel-two also maintains eng-teachers."""
    data = yaml.safe_load((TESTS / "data" / "roster.yml").read_text(encoding="utf-8"))
    data["general_branches"][0]["branches"][0]["maintainers"].append("panel-two")
    return dataclasses.replace(programme, roster=Roster.from_data(data))


def test_a_bad_step_is_reported_alone(programme: Programme) -> None:
    head = front("midterm")  # two steps at once, and the branch writes the panel's fields
    change = change_of(programme, front("applied"), head, "eng-sec")
    assert change.moves and change.step is None
    [bad] = transitions.check_step(change)
    assert bad.code == "PT505" and bad.field == "stage"
    assert (
        "applied\uff08已申报\uff09" in bad.message and "midterm\uff08中期检查\uff09" in bad.message
    )
    assert "withdrawn\uff08已撤项\uff09" in bad.message  # the steps that are allowed from here
    # On its own, the panel-field rule would object too; the bad step stops it.
    assert [d.code for d in transitions.check_panel_fields(change)] == ["PT507", "PT507"]
    found, stopped = run_checks(PROJECT_CHANGE, change)
    assert stopped and [d.code for d in found] == ["PT505"]


def test_an_allowed_step_by_the_wrong_actor_goes_on_to_the_fields(programme: Programme) -> None:
    base = front("applied")
    head = copy.deepcopy(base) | {"stage": "approved", "approval": front("approved")["approval"]}
    change = change_of(programme, base, head, "eng-sec")
    assert change.step is not None and change.needs_panel
    found, stopped = run_checks(PROJECT_CHANGE, change)
    assert not stopped and sorted(d.code for d in found) == ["PT507", "PT510"]


def test_roles_are_read_per_project(programme: Programme) -> None:
    programme = with_panel_maintainer(programme)
    base = front("applied")
    head = copy.deepcopy(base) | {"stage": "approved", "approval": front("approved")["approval"]}
    own = change_of(programme, base, head, "panel-two")
    assert own.roles == Roles(panel=True, acts_for=True, maintains=True, related=True)
    assert not own.roles.judge
    assert [d.code for d in transitions.check_own_branch(own)] == ["PT511"]

    art = {"general_branch": "gb-art", "branch": "art-teachers"}
    other_base, other_head = base | art, head | art
    other = change_of(programme, other_base, other_head, "panel-two")
    assert other.roles == Roles(panel=True, acts_for=False, maintains=False, related=False)
    assert other.roles.judge
    assert list(transitions.check_own_branch(other)) == []
    assert run_checks(PROJECT_CHANGE, other) == ([], False)


def test_moving_a_project_to_ones_own_branch_grants_nothing(programme: Programme) -> None:
    base = front("applied")
    head = base | {"general_branch": "gb-art", "branch": "art-teachers"}
    change = change_of(programme, base, head, "art-sec")
    assert change.branches == {"eng-teachers", "art-teachers"}
    assert not change.roles.acts_for
    found, stopped = run_checks(PROJECT_CHANGE, change)
    assert stopped and [d.code for d in found] == ["PT506"]
    assert "art-teachers\u3001eng-teachers" in found[0].message


@pytest.mark.parametrize(("stage", "codes"), [("applied", []), ("approved", ["PT504"])])
def test_renaming_freezes_once_reviewed(programme: Programme, stage: str, codes: list) -> None:
    raw = render(front(stage)).encode("utf-8")
    renamed = FileChange("R", "projects/2026/old.md", "projects/2026/new.md", raw, raw)
    file = FileContext(renamed, "eng-sec", programme)
    found = list(transitions.check_renamed(file))
    assert [d.code for d in found] == codes
    if found:
        assert "projects/2026/old.md" in found[0].message and "已立项" in found[0].message


def test_every_pull_request_rule_is_run() -> None:
    declared = sorted(code for code in REGISTRY if code.startswith("PT"))
    # A rule may run on more than one kind of change (PT506 on a project and on a media file).
    listed = {check.rule.code for check in PULL_REQUEST}
    assert sorted(listed) == declared, "a PT rule is declared but not in ruleset's running order"
    for check in PULL_REQUEST:
        # The check sits next to its declaration, in the transitions module.
        assert inspect.getmodule(check.run) is transitions, check.rule.code
        assert getattr(transitions, check.run.__name__) is check.run


def test_each_check_raises_only_its_own_rule(programme: Programme) -> None:
    base = front("applied")
    heads = [
        front("midterm"),
        base | {"stage": "approved", "title": "改过的名称"},
        front("awarded"),
    ]
    programme = with_panel_maintainer(programme)
    subjects = [
        change_of(programme, source, head, author)
        # accepted → awarded: no public notice yet (PT514).
        for source in (None, base, front("accepted"), front("awarded"))
        for head in heads
        for author in ("eng-sec", "art-sec", "panel-lead", "panel-two")
    ]
    seen: set[str] = set()
    for check in PROJECT_CHANGE:
        for subject in subjects:
            for d in check.run(subject):
                assert d.code == check.rule.code
                seen.add(d.code)
    assert seen == {c.rule.code for c in PROJECT_CHANGE}
