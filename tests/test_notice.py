"""公示 (public notice) before an award: the pull-request check in real git repositories on days
before, on and after the notice's end (weekends and the National Day holiday in between), the
straight award without a notice, the quota counting nominations, and what the site shows: the 公示
page, the project page, the feed and the calendars, with nothing that is not public."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import feedparser
import pytest
from factory import front, make_repo, render, write
from gitrepo_helpers import commit_on, init
from icalendar import Calendar

from site_builder.core import workdays
from site_builder.core.programme import Programme
from site_builder.review.gitrepo import check_refs
from site_builder.rules.validate import validate
from site_builder.showcase.build import build_files
from site_builder.showcase.links import Site

pytestmark = [pytest.mark.git]

PATH = "projects/2025/s-nominated.md"
# From Monday 28 September 2026 five working days: 28, 29, 30, then 1-7 October off (a weekend
# inside), 8 and 9 October. Saturday 10 October is a working day (调休), the first after it.
START, END = "2026-09-28", "2026-10-09"
SITE = Site.of("https://projects.caishen.example/")
REPOSITORY = "https://github.com/caishen-college/projects"


def of_2025(stage: str, notice_start: str | None = START, **award: object) -> dict:
    """A 2025 project at `stage`, accepted on 25 May 2026 with 89.0 points."""
    data = front(stage)
    data.update(year=2025, applied_on="2025-05-06")
    if "approval" in data:
        data["approval"]["date"] = "2025-05-20"
    if "midterm" in data:
        data["midterm"]["date"] = "2026-03-15"
    if "concluded_on" in data:
        data["concluded_on"] = "2026-05-08"
        data["expenses"] = [{"date": "2025-09-10", "item": "宣传展板", "amount": 320}]
    if "acceptance" in data:
        data["acceptance"]["date"] = "2026-05-25"
    if stage in ("nominated", "awarded"):
        data["award"] = {"year": 2026, "title": "优秀成果", **award}
        if notice_start:
            data["award"]["notice_start"] = notice_start
    return data


def repo_with(tmp_path: Path, data: dict, settings: str = "") -> Path:
    root = make_repo(tmp_path / "repo")
    if settings:
        text = (root / "data/programme.yml").read_text(encoding="utf-8")
        write(root, "data/programme.yml", text + settings)
    write(root, PATH, render(data))
    init(root)
    return root


def errors(root: Path, head: dict, today: date, author: str = "panel-lead") -> list:
    commit_on(root, "pr", "main", {PATH: render(head)})
    outcome = check_refs(root, "main", "pr", author, today)
    return [d for d in outcome.diagnostics if d.severity == "error"]


def awarded_from(base: dict) -> dict:
    head = copy.deepcopy(base)
    head["stage"] = "awarded"
    return head


# ------------------------------------------------------------ nominated → awarded


@pytest.mark.parametrize(
    ("today", "allowed"),
    [
        (date(2026, 9, 30), False),  # inside, before the holiday
        (date(2026, 10, 5), False),  # inside, in the holiday
        (date(2026, 10, 8), False),  # the day before the last
        (date(2026, 10, 9), False),  # the last day: still notice
        (date(2026, 10, 10), True),  # the day after (a 调休 Saturday)
        (date(2026, 11, 2), True),  # long after
    ],
)
def test_award_only_after_the_notice(tmp_path: Path, today: date, allowed: bool) -> None:
    base = of_2025("nominated")
    root = repo_with(tmp_path, base)
    found = errors(root, awarded_from(base), today)
    if allowed:
        assert found == []
    else:
        assert [d.code for d in found] == ["PT514"]
        # In Chinese, naming the day the notice ends and the first day of the award.
        assert f"到 {END} 结束" in found[0].message
        assert "2026-10-10 起" in found[0].message and "5 个工作日" in found[0].message


def test_a_notice_in_a_year_the_library_lacks_is_said_to_be_an_estimate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the State Council's notice for a year is in the holidays library, the notice's end
    is an estimate: the refusal says so, and an award it allows carries a warning."""
    monkeypatch.setattr(workdays, "official_year_known", lambda year: year != 2026)
    base = of_2025("nominated")
    root = repo_with(tmp_path, base)
    refused = errors(root, awarded_from(base), date(2026, 10, 9))
    assert [d.code for d in refused] == [
        "PT514"
    ] and "2026 \u5e74\u7684\u653e\u5047\u5b89\u6392" in refused[0].message
    commit_on(root, "pr", "main", {PATH: render(awarded_from(base))})
    found = check_refs(root, "main", "pr", "panel-lead", date(2026, 10, 10)).diagnostics
    assert [(d.code, d.severity) for d in found] == [("PT514", "warning")]
    assert "\u63a8\u7b97" in found[0].message and END in found[0].message  # 推算, the end


def test_the_published_start_counts_not_one_rewritten_in_the_award(tmp_path: Path) -> None:
    base = of_2025("nominated")
    root = repo_with(tmp_path, base)
    head = awarded_from(base)
    head["award"]["notice_start"] = "2026-09-01"  # rewritten in the same pull request
    assert [d.code for d in errors(root, head, date(2026, 10, 8))] == ["PT514"]


def test_the_notice_start_cannot_be_moved_earlier_or_removed(tmp_path: Path) -> None:
    base = of_2025("nominated")
    root = repo_with(tmp_path, base)
    earlier = of_2025("nominated", notice_start="2026-09-21")
    assert [d.code for d in errors(root, earlier, date(2026, 9, 29))] == ["PT514"]
    later = of_2025("nominated", notice_start="2026-09-29")  # a later start: a longer notice
    assert errors(root, later, date(2026, 9, 29)) == []


def test_a_closure_of_the_college_lengthens_the_notice(tmp_path: Path) -> None:
    base = of_2025("nominated")
    closure = 'closures:\n  - {start: "2026-10-09", title: 校庆}\n'
    root = repo_with(tmp_path, base, closure)
    found = errors(root, awarded_from(base), date(2026, 10, 10))
    assert [d.code for d in found] == ["PT514"] and "到 2026-10-10 结束" in found[0].message
    assert errors(root, awarded_from(base), date(2026, 10, 12)) == []


# ------------------------------------------------------------ accepted → nominated / awarded


def test_a_straight_award_needs_the_notice_turned_off(tmp_path: Path) -> None:
    base = of_2025("accepted")
    head = of_2025("awarded", notice_start=None)
    found = errors(repo_with(tmp_path / "on", base), head, date(2026, 6, 1))
    assert [d.code for d in found] == ["PT514"] and "nominated" in found[0].message
    off = repo_with(tmp_path / "off", base, "notice_days: 0\n")
    assert errors(off, head, date(2026, 6, 1)) == []


def test_nominating_needs_a_start_from_today_on(tmp_path: Path) -> None:
    root = repo_with(tmp_path, of_2025("accepted"))
    today = date(2026, 9, 28)
    assert errors(root, of_2025("nominated"), today) == []
    assert errors(root, of_2025("nominated", notice_start="2026-09-30"), today) == []
    backdated = errors(root, of_2025("nominated", notice_start="2026-09-25"), today)
    assert [d.code for d in backdated] == ["PT514"] and "2026-09-28" in backdated[0].message
    missing = errors(root, of_2025("nominated", notice_start=None), today)
    assert sorted(d.code for d in missing) == ["PR313", "PT514"]


def test_a_branch_cannot_nominate(tmp_path: Path) -> None:
    root = repo_with(tmp_path, of_2025("accepted"))
    codes = {d.code for d in errors(root, of_2025("nominated"), date(2026, 9, 28), "eng-sec")}
    assert {"PT507", "PT510"} <= codes


def test_withdrawing_a_nomination_drops_the_award(tmp_path: Path) -> None:
    root = repo_with(tmp_path, of_2025("nominated"))
    kept = of_2025("accepted")
    kept["award"] = {"year": 2026, "title": "优秀成果", "notice_start": START}
    found = errors(root, kept, date(2026, 9, 30))
    assert [d.code for d in found] == ["PT514"] and "award" in found[0].message
    assert errors(root, of_2025("accepted"), date(2026, 9, 30)) == []


# ------------------------------------------------------------ validation and the quota


def test_a_notice_start_before_the_acceptance_is_refused(repo: Path, programme: Programme) -> None:
    write(repo, PATH, render(of_2025("nominated", notice_start="2026-05-20")))
    assert [d.code for d in validate(repo, programme).diagnostics] == ["PR313"]


@pytest.mark.parametrize(("nominated", "over"), [(1, False), (2, True)])
def test_the_quota_counts_nominated_and_awarded_together(
    repo: Path, programme: Programme, nominated: int, over: bool
) -> None:
    for i in range(2):
        write(repo, f"projects/2025/awarded-{i}.md", render(of_2025("awarded")))
    for i in range(nominated):
        write(repo, f"projects/2025/nominated-{i}.md", render(of_2025("nominated")))
    found = [d for d in validate(repo, programme).diagnostics if d.severity == "error"]
    if over:
        assert {d.code for d in found} == {"PR308"} and len(found) == 2 + nominated
        # Which are awards and which are nominations, each named once.
        assert (
            "2026 年度的优秀成果和拟表彰项目共 4 个\uff08已表彰\uff1a2025/awarded-0\u30012025/awarded-1"
            "\uff1b拟表彰\uff1a2025/nominated-0\u30012025/nominated-1\uff09"
        ) in found[0].message
    else:
        assert found == []


# ------------------------------------------------------------ the site


SECRETS = ("赵组长", "钱委员", "完成预期目标", "宣传展板", "同意立项", "不予立项")


@pytest.fixture
def site_files(tmp_path: Path) -> dict[str, str]:
    root = make_repo(tmp_path / "repo")
    text = (root / "data/programme.yml").read_text(encoding="utf-8")
    write(root, "data/programme.yml", text + "notice_contact: 党委工作部 0000-12345678\n")
    write(root, PATH, render(of_2025("nominated")))
    applied = front("applied", title="尚未立项的申报项目", branch="eng-teachers")
    write(root, "projects/2026/s-applied.md", render(applied))
    rejected = front("rejected", title="未予立项的申报项目")
    write(root, "projects/2026/s-rejected.md", render(rejected))
    programme = Programme.load(root)
    result = validate(root, programme)
    assert not result.errors
    return build_files(result.projects, programme, date(2026, 9, 30), SITE, None, REPOSITORY)


def test_the_notice_page(site_files: dict[str, str]) -> None:
    page = site_files["notice.md"]
    assert "党员先锋岗建设行动" in page
    assert f"{START} 至 {END}" in page
    assert "89.0 分" in page and "工程系教工党支部" in page
    assert f"{REPOSITORY}/issues/new?template=objection.yml&title=" in page
    assert "党委工作部 0000\\-12345678" in page  # as Markdown: the dash escaped
    assert "5 个工作日" in page
    for secret in (*SECRETS, "尚未立项的申报项目", "未予立项的申报项目"):
        assert secret not in page, secret


def test_the_project_page_feed_and_calendars_show_the_notice(site_files: dict[str, str]) -> None:
    project = site_files["projects/2025/s-nominated.md"]
    assert "拟表彰\uff08公示中\uff09" in project and f"{START} 至 {END}" in project
    assert "../../notice.md" in project
    # Not yet an award: no award card, nothing in the award gallery.
    assert "党员先锋岗建设行动" not in site_files["awards.md"]

    (record,) = json.loads(site_files["api/projects.json"])["projects"]
    assert record["stage"] == "nominated" and record["award"] is None
    assert record["notice"] == {"start": START, "end": END}

    feed = feedparser.parse(site_files["feed.xml"])
    (entry,) = [e for e in feed.entries if e.id.endswith("/nominated")]
    assert entry.title == f"拟表彰公示\uff08至 {END}\uff09\uff1a党员先锋岗建设行动"
    assert entry.published.startswith(START)

    events = Calendar.from_ical(site_files["calendar.ics"]).walk("VEVENT")
    (notice,) = [e for e in events if str(e["summary"]).startswith("公示")]
    assert notice.decoded("dtstart") == date(2026, 9, 28)
    assert notice.decoded("dtend") == date(2026, 10, 10)  # exclusive

    branch = Calendar.from_ical(site_files["calendar/eng-teachers.ics"]).walk("VEVENT")
    summaries = [str(e["summary"]) for e in branch]
    assert "公示\uff1a党员先锋岗建设行动" in summaries
    assert "项目申报" in summaries  # the windows every branch applies in
    for name, text in site_files.items():
        if name.endswith(".ics"):
            for secret in (*SECRETS, "尚未立项的申报项目", "未予立项的申报项目"):
                assert secret not in text, (name, secret)


def test_the_statistics_count_a_nomination_among_the_scored(site_files: dict[str, str]) -> None:
    """The score chart counts the nominated project (it passed its acceptance) and says so."""
    assert (
        (
            "\u901a\u8fc7\u9a8c\u6536\u7684 **1** \u4e2a\u9879\u76ee"  # 通过验收的 **1** 个项目
            "\uff08\u542b\u62df\u8868\u5f70\u548c\u4f18\u79c0\u6210\u679c\uff09"  # （含拟表彰和优秀成果）
        )
        in site_files["stats.md"]
    )
