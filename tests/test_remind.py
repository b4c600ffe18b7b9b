"""`remind`: what is due, for the panel and per branch, against the calendar of the test settings
at chosen dates before, inside and after each window; the digest's forms, mentions and escaping;
and the plan that keeps the one reminder issue up to date (create, edit, reopen, comment, never
someone else's issue)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from factory import front, render, run_cli, write

from site_builder.core import schedule
from site_builder.core.programme import Programme
from site_builder.panel import reminders
from site_builder.rules.validate import validate

URLS = {
    "apply": "https://x.example/apply/",
    "update": "https://x.example/update/",
    "panel": "https://x.example/panel/",
    "guide": "https://x.example/guide/review/",
}


def _due(repo: Path, programme: Programme, today: str) -> list[tuple[str, str, str, str]]:
    """(actor, duty, project or window, status) of everything due on `today`."""
    projects = validate(repo, programme).valid_projects()
    return [
        (d.actor, d.key, d.project.key if d.project else "", status)
        for d, status in schedule.due(projects, programme, date.fromisoformat(today))
    ]


@pytest.fixture
def year_repo(repo: Path) -> Path:
    """2026 projects of the test roster's engineering teachers at each stage with a duty."""
    write(repo, "projects/2026/a-applied.md", render(front("applied")))
    write(repo, "projects/2026/b-approved.md", render(front("approved")))
    write(repo, "projects/2026/c-midterm.md", render(front("midterm")))
    write(repo, "projects/2026/d-concluded.md", render(front("concluded")))
    write(repo, "projects/2026/e-accepted.md", render(front("accepted")))
    return repo


# The test settings' windows: application 05-01..05-10, review 05-11..05-31, mid-term
# 03-01..03-31 of the next year, acceptance 05-11..05-31 of the next year; no closing-report
# window, so the report is due the day before the acceptance opens.
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # Before the application window: it is announced 14 days ahead (every branch).
        ("2026-04-10", []),
        ("2026-04-20", [("all", "application", "", "upcoming")]),
        # Inside it; the review is announced.
        (
            "2026-05-05",
            [("all", "application", "", "open"), ("panel", "review", "2026/a-applied", "upcoming")],
        ),
        # The review window: the panel, for the application.
        ("2026-05-20", [("panel", "review", "2026/a-applied", "open")]),
        # After it: overdue; the application window for every branch just passes.
        ("2026-06-15", [("panel", "review", "2026/a-applied", "overdue")]),
    ],
)
def test_application_and_review(
    repo: Path, programme: Programme, today: str, expected: list
) -> None:
    write(repo, "projects/2026/a-applied.md", render(front("applied")))
    # Design (04-01..04-10) is announced from 18 March.
    found = [d for d in _due(repo, programme, today) if d[1] != "design"]
    assert found == expected


def test_design_window(repo: Path, programme: Programme) -> None:
    assert _due(repo, programme, "2026-03-17") == []
    assert _due(repo, programme, "2026-03-18") == [("all", "design", "", "upcoming")]
    assert _due(repo, programme, "2026-04-10") == [("all", "design", "", "open")]
    assert _due(repo, programme, "2026-04-11") == []


def test_midterm_before_inside_after(year_repo: Path, programme: Programme) -> None:
    def midterm(today: str) -> list:
        return [d for d in _due(year_repo, programme, today) if d[1] == "midterm"]

    assert midterm("2027-02-10") == []
    # The branch writes its progress, the panel checks: both, for the approved project only.
    assert midterm("2027-02-20") == [
        ("branch", "midterm", "2026/b-approved", "upcoming"),
        ("panel", "midterm", "2026/b-approved", "upcoming"),
    ]
    assert {d[3] for d in midterm("2027-03-31")} == {"open"}
    assert {d[3] for d in midterm("2027-04-01")} == {"overdue"}


def test_progress_written_leaves_only_the_panels_check(
    year_repo: Path, programme: Programme
) -> None:
    text = render(front("approved")) + "\n## 中期进展\n\n已开展两次活动。\n"
    write(year_repo, "projects/2026/b-approved.md", text)
    found = [d for d in _due(year_repo, programme, "2027-03-10") if d[1] == "midterm"]
    assert found == [("panel", "midterm", "2026/b-approved", "open")]


def test_closing_report_and_acceptance(year_repo: Path, programme: Programme) -> None:
    def of(today: str, key: str) -> list:
        return [d for d in _due(year_repo, programme, today) if d[1] == key]

    # No closing-report window in the test settings: due 2027-05-10, the day before acceptance.
    assert of("2027-05-10", "conclusion") == [("branch", "conclusion", "2026/c-midterm", "open")]
    assert of("2027-05-11", "conclusion") == [("branch", "conclusion", "2026/c-midterm", "overdue")]
    assert of("2027-04-20", "acceptance") == []
    assert of("2027-04-27", "acceptance") == [
        ("panel", "acceptance", "2026/d-concluded", "upcoming")
    ]
    assert of("2027-05-31", "acceptance") == [("panel", "acceptance", "2026/d-concluded", "open")]
    assert of("2027-06-01", "acceptance") == [
        ("panel", "acceptance", "2026/d-concluded", "overdue")
    ]


def test_a_closing_report_window_in_the_settings(year_repo: Path) -> None:
    text = (year_repo / "data/programme.yml").read_text(encoding="utf-8")
    window = '  conclusion: {title: 提交结题报告, start: "04-01", end: "04-30", offset: 1}\n'
    text = text.replace("  acceptance:", window + "  acceptance:")
    write(year_repo, "data/programme.yml", text)
    programme = Programme.load(year_repo)
    found = [d for d in _due(year_repo, programme, "2027-05-02") if d[1] == "conclusion"]
    assert found == [("branch", "conclusion", "2026/c-midterm", "overdue")]


def test_a_longer_plan_moves_the_closing_dates(repo: Path, programme: Programme) -> None:
    data = front("midterm", duration_months=18, duration_reason="跨两个学年开展，需要延长。")
    write(repo, "projects/2026/long.md", render(data))
    assert [d for d in _due(repo, programme, "2027-05-20") if d[1] == "conclusion"] == []
    assert [d[3] for d in _due(repo, programme, "2028-05-01") if d[1] == "conclusion"] == ["open"]


def _digest(repo: Path, today: str) -> reminders.Digest:
    programme = Programme.load(repo)
    projects = validate(repo, programme).valid_projects()
    day = date.fromisoformat(today)
    return reminders.build_digest(schedule.due(projects, programme, day), programme, day, URLS)


def test_digest_groups_mentions_and_forms(year_repo: Path) -> None:
    digest = _digest(year_repo, "2027-03-10")
    assert [g.key for g in digest.groups] == ["panel", "eng-teachers"]
    assert digest.mentions() == ["panel-lead", "panel-two", "eng-sec"]
    text = reminders.render_text(digest)
    assert "评审组\uff1a@panel-lead @panel-two" in text
    assert "工程系教工党支部\uff08eng-teachers\uff09\uff1a@eng-sec" in text
    assert "还剩 21 天" in text
    assert "评审组在线填报\uff1ahttps://x.example/panel/" in text
    assert "在线填报阶段材料\uff1ahttps://x.example/update/" in text
    data = json.loads(reminders.render_json(digest))
    assert data["today"] == "2027-03-10"
    item = data["groups"][1]["items"][0]
    assert item["project"] == "2026/b-approved" and item["url"] == URLS["update"]
    assert (item["start"], item["end"], item["status"]) == ("2027-03-01", "2027-03-31", "open")


def test_a_title_can_mention_nobody_nor_inject_markdown(repo: Path) -> None:
    data = front("approved", title="@panel-two [点我](javascript:x) **粗**")
    write(repo, "projects/2026/b-approved.md", render(data))
    body = reminders.render_markdown(_digest(repo, "2027-03-10"), mentions=False)
    assert "@panel-two" not in body and "\uff20panel\\-two" in body
    assert "[点我](javascript" not in body and "\\[点我\\]\\(javascript" in body
    assert "**粗**" not in body
    # The issue's body names people without mentioning them; the comment mentions them.
    assert "`panel-lead`" in body and "@panel-lead" not in body


def test_nothing_due(repo: Path) -> None:
    digest = _digest(repo, "2026-12-01")
    assert digest.empty and digest.mentions() == []
    assert "目前没有到期或逾期的事项" in reminders.render_text(digest)


def test_the_command(year_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    code = run_cli(
        ["--root", str(year_repo), "remind", "--today", "2027-03-10", "--format", "json"],
        monkeypatch,
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [g["key"] for g in data["groups"]] == ["panel", "eng-teachers"]
    code = run_cli(["--root", str(year_repo), "remind", "--today", "2027-3-10"], monkeypatch)
    assert code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_publish_needs_the_workflows_environment(
    year_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    for name in ("GITHUB_REPOSITORY", "GH_TOKEN", "GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert run_cli(["--root", str(year_repo), "remind", "--publish"], monkeypatch) == 2
    assert "GITHUB_REPOSITORY" in capsys.readouterr().err


# ------------------------------------------------------------ the issue plan


def _issue(number: int, body: str, **extra: object) -> dict:
    return {
        "number": number,
        "title": reminders.ISSUE_TITLE,
        "user": {"login": reminders.BOT_LOGIN},
        "body": body,
        "state": "open",
        "html_url": f"https://github.com/o/r/issues/{number}",
        **extra,
    }


def test_plan_creates_the_issue_then_comments(year_repo: Path) -> None:
    digest = _digest(year_repo, "2027-03-10")
    plan = reminders.plan_issue("o/r", [], digest)
    (create,) = plan.requests
    assert (create.method, create.path) == ("POST", "/repos/o/r/issues")
    assert create.body["title"] == "立项活动提醒"
    assert create.body["body"].startswith(reminders.MARKER)
    assert "@" not in create.body["body"].split("-->", 1)[1]  # the body mentions nobody
    assert plan.issue_number is None
    assert "@panel-lead @panel-two" in plan.comment and "@eng-sec" in plan.comment


def test_plan_edits_the_bots_issue_only(year_repo: Path) -> None:
    digest = _digest(year_repo, "2027-03-10")
    someone = {**_issue(3, reminders.MARKER + " x -->"), "user": {"login": "eng-sec"}}
    a_pull = _issue(4, reminders.MARKER + " x -->", pull_request={"url": "u"})
    ours = _issue(7, reminders.MARKER + " fingerprint=0000000000000000 mentioned=none -->")
    plan = reminders.plan_issue("o/r", [someone, a_pull, ours], digest)
    (edit,) = plan.requests
    assert (edit.method, edit.path) == ("PATCH", "/repos/o/r/issues/7")
    assert set(edit.body) == {"body"}  # open: not reopened, title kept, nothing closed
    assert plan.issue_number == 7 and plan.comment  # what is due changed: a comment


def test_plan_reopens_a_closed_reminder_issue(year_repo: Path) -> None:
    digest = _digest(year_repo, "2027-03-10")
    closed = _issue(7, reminders.MARKER + " -->", state="closed")
    (edit,) = reminders.plan_issue("o/r", [closed], digest).requests
    assert edit.body["state"] == "open"


def test_plan_comments_when_something_changed_or_weekly(year_repo: Path) -> None:
    first = _digest(year_repo, "2027-03-10")
    body = reminders.plan_issue("o/r", [], first).requests[0].body["body"]
    # Same items two days later (on demand): the body is brought up to date, nobody is pinged.
    again = reminders.plan_issue("o/r", [_issue(7, body)], _digest(year_repo, "2027-03-12"))
    assert [r.method for r in again.requests] == ["PATCH"] and again.comment is None
    assert "mentioned=2027-03-10" in again.requests[0].body["body"]
    # A week later, the same items: a reminder again.
    week = reminders.plan_issue("o/r", [_issue(7, body)], _digest(year_repo, "2027-03-17"))
    assert week.comment is not None
    # The same day once more: nothing to send at all.
    same = reminders.plan_issue("o/r", [_issue(7, body)], first)
    assert same.requests == [] and same.comment is None


def test_an_award_is_due_once_the_notice_has_run(repo: Path, programme: Programme) -> None:
    # front("nominated"): notice from Tuesday 2027-06-01, five working days, to Monday 06-07.
    write(repo, "projects/2026/n-nominated.md", render(front("nominated")))

    def award(today: str) -> list:
        return [d for d in _due(repo, programme, today) if d[1] == "award"]

    assert award("2027-06-03") == [("panel", "award", "2026/n-nominated", "upcoming")]
    assert award("2027-06-07") == [("panel", "award", "2026/n-nominated", "upcoming")]
    assert award("2027-06-08") == [("panel", "award", "2026/n-nominated", "open")]
    assert award("2027-06-22") == [("panel", "award", "2026/n-nominated", "overdue")]
    digest = _digest(repo, "2027-06-08")
    text = reminders.render_text(digest)
    assert "公示期满\uff0c评为优秀成果" in text and "评审组工作指南" in text
