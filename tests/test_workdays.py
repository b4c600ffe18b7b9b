"""Working days as China's official calendar has them (the `holidays` package), the college's
closures, the public notice's last day, and "today" in the programme's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from factory import write

from site_builder.core import workdays
from site_builder.core.programme import ConfigError, Programme
from site_builder.core.workdays import WorkCalendar

OFFICIAL = WorkCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 9, 18), True),  # a Friday
        (date(2026, 9, 19), False),  # a Saturday
        (date(2026, 9, 27), False),  # a Sunday
        (date(2026, 9, 25), False),  # 中秋节, a Friday
        (date(2026, 10, 1), False),  # 国庆节
        (date(2026, 10, 7), False),  # a weekday off, moved from a weekend (调休)
        (date(2026, 9, 20), True),  # a Sunday made a working day (调休)
        (date(2026, 10, 10), True),  # a Saturday made a working day (调休)
        (date(2026, 2, 14), True),  # a Saturday made a working day before the Spring Festival
        (date(2026, 2, 23), False),  # the Monday off in exchange for it
    ],
)
def test_official_working_days(day: date, working: bool) -> None:
    assert OFFICIAL.is_workday(day) is working


def test_a_make_up_working_day_shortens_the_notice() -> None:
    # From Friday 18 September 2026: 18, then Sunday 20 (调休), 21, 22, 23.
    assert OFFICIAL.notice_end(date(2026, 9, 18), 5) == date(2026, 9, 23)


def test_weekends_and_the_national_day_holiday_lengthen_the_notice() -> None:
    # From Monday 28 September: 28, 29, 30, then 1-7 October off (a weekend inside), 8, 9.
    end = OFFICIAL.notice_end(date(2026, 9, 28), 5)
    assert end == date(2026, 10, 9)
    assert not OFFICIAL.notice_over(date(2026, 9, 28), 5, date(2026, 10, 8))
    assert not OFFICIAL.notice_over(date(2026, 9, 28), 5, end)  # its last day is still notice
    assert OFFICIAL.notice_over(date(2026, 9, 28), 5, date(2026, 10, 10))


def test_a_start_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert OFFICIAL.notice_end(date(2026, 10, 1), 1) == date(2026, 10, 8)
    assert OFFICIAL.notice_over(date(2026, 10, 1), 0, date(2026, 10, 1))  # no notice: over


def test_the_colleges_closures_are_not_working_days() -> None:
    closed = WorkCalendar(workdays.closure_days([(date(2026, 10, 8), date(2026, 10, 9))]))
    assert not closed.is_workday(date(2026, 10, 8))
    # 8 and 9 October closed: 10 (调休 Saturday) and 12 are the fourth and fifth.
    assert closed.notice_end(date(2026, 9, 28), 5) == date(2026, 10, 12)


def test_closures_covering_everything_end_with_an_error_not_a_hang() -> None:
    closed = WorkCalendar(workdays.closure_days([(date(2026, 1, 1), date(2028, 12, 31))]))
    with pytest.raises(ValueError):
        closed.notice_end(date(2026, 3, 2), 5)


def test_the_years_whose_official_arrangement_the_library_holds() -> None:
    """The State Council's notices of the years the programme has run are in the library (a
    release that moved them would make every notice an estimate); a far year is not."""
    assert all(workdays.official_year_known(y) for y in (2024, 2025, 2026))
    assert not workdays.official_year_known(2099)
    assert OFFICIAL.estimated_years(date(2026, 12, 28), date(2099, 1, 5))[-1] == 2099
    assert OFFICIAL.estimated_years(date(2026, 9, 28), date(2026, 10, 9)) == []


def test_today_is_judged_in_the_programmes_time_zone() -> None:
    # 23:30 UTC on 6 December is 07:30 on 7 December in Shanghai: a CI runner's UTC date is
    # the day before.
    moment = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    assert workdays.today_in("Asia/Shanghai", moment) == date(2026, 12, 7)
    assert workdays.today_in("UTC", moment) == date(2026, 12, 6)


def _settings(repo: Path, extra: str) -> None:
    text = (repo / "data/programme.yml").read_text(encoding="utf-8")
    write(repo, "data/programme.yml", text + extra)


def test_settings_defaults_and_values(repo: Path) -> None:
    settings = Programme.load(repo).settings
    assert (settings.notice_days, settings.timezone, settings.closures) == (5, "Asia/Shanghai", ())
    _settings(
        repo,
        "notice_days: 3\ntimezone: Asia/Urumqi\nnotice_contact: 党委工作部\n"
        'closures:\n  - {start: "2026-10-08", end: "2026-10-09", title: 校庆}\n',
    )
    settings = Programme.load(repo).settings
    assert settings.notice_days == 3 and settings.timezone == "Asia/Urumqi"
    assert settings.notice_contact == "党委工作部"
    assert settings.work_calendar.notice_end(date(2026, 9, 28), 5) == date(2026, 10, 12)


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ("timezone: Mars/Olympus\n", "Mars/Olympus"),
        ('closures:\n  - {start: "2026-02-30", title: 校庆}\n', "校庆"),
        ('closures:\n  - {start: "2026-10-09", end: "2026-10-08", title: 校庆}\n', "早于"),
        ("notice_days: -1\n", "notice_days"),
    ],
)
def test_bad_settings_are_named_in_chinese(repo: Path, extra: str, needle: str) -> None:
    _settings(repo, extra)
    with pytest.raises(ConfigError) as info:
        Programme.load(repo)
    assert "data/programme.yml" in str(info.value) and needle in str(info.value)
