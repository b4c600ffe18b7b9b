"""A command line that starts fast without changing what it does: a command imports only what it
uses (real child processes, their `sys.modules` read back), the parser built for one command
answers exactly as the whole parser does, and the schema cache (core/schemacache.py) is used on a
second run, rebuilt when the schema's bytes change, and ignored, with the same result, when its
file is corrupt, foreign or not the user's own. Speed itself is measured in bench/cli.py."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from factory import ROOT, front, make_repo, render, write

from site_builder import cli
from site_builder.core import fastcheck, programme, schemacache
from site_builder.core.programme import SCHEMA_FILE, ConfigError, Programme

HEAVY = ("PIL", "pypdf", "jinja2", "icalendar", "holidays", "jsonschema", "openpyxl")
# Run the command line, then report which of HEAVY this process imported.
PROBE = """
import json, runpy, sys
sys.argv = ["site_builder", *sys.argv[1:]]
try:
    runpy.run_module("site_builder", run_name="__main__")
except SystemExit as exc:
    code = exc.code
heavy = HEAVY
sys.stderr.write("\\nLOADED=" + json.dumps(sorted(m for m in heavy if m in sys.modules)) + "\\n")
sys.stderr.write("EXIT=" + str(code) + "\\n")
""".replace("HEAVY", repr(HEAVY))


def probe(*args: str, cwd: Path, cache: Path) -> tuple[int, list[str], str, str]:
    """`python -m site_builder ARGS` in a child process: (exit code, heavy modules loaded, stdout,
    stderr without the probe's lines)."""
    env = {**os.environ, "SITE_BUILDER_CACHE": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = done.stderr.rstrip("\n").split("\n")
    assert lines[-2].startswith("LOADED=") and lines[-1].startswith("EXIT="), done.stderr
    stderr = "\n".join(lines[:-2]).rstrip("\n")
    return int(lines[-1][5:]), json.loads(lines[-2][7:]), done.stdout, stderr


def valid_repo(root: Path) -> Path:
    make_repo(root)
    write(root, "projects/2026/study-group.md", render(front("applied")))
    return root


# ------------------------------------------------------------------ what a command imports


@pytest.mark.parametrize("command", ["validate", "check", "new", "approvals"])
def test_a_commands_help_imports_none_of_the_heavy_libraries(tmp_path: Path, command: str) -> None:
    code, loaded, out, _ = probe(command, "--help", cwd=ROOT, cache=tmp_path / "cache")
    assert code == 0 and "用法" in out
    assert loaded == []


def test_validate_imports_only_what_it_uses(tmp_path: Path) -> None:
    """First run (empty cache): jsonschema checks the schemas; the second, cached, needs none
    of the heavy libraries while every file is valid. Same output both times."""
    repo = valid_repo(tmp_path / "repo")
    cache = tmp_path / "cache"
    first = probe("validate", cwd=repo, cache=cache)
    second = probe("validate", cwd=repo, cache=cache)
    assert first[0] == second[0] == 0
    assert "通过" in first[2] and first[2] == second[2] and first[3] == second[3]
    assert first[1] == ["jsonschema"]
    assert second[1] == []


def test_an_invalid_file_brings_jsonschema_in_for_its_message(tmp_path: Path) -> None:
    repo = valid_repo(tmp_path / "repo")
    write(repo, "projects/2026/bad.md", render(front("applied", category="nonsense")))
    cache = tmp_path / "cache"
    cold = probe("validate", cwd=repo, cache=cache)
    warm = probe("validate", cwd=repo, cache=cache)
    assert cold[0] == warm[0] == 1
    assert "PS201" in warm[2] and cold[2] == warm[2]  # the same message, cache or not
    assert "jsonschema" in warm[1] and "PIL" not in warm[1]


# ------------------------------------------------------------------ the parser for one command


def run_main(argv: list[str], *, whole: bool) -> tuple[int, str, str]:
    """cli.main's answer; `whole`: with every command registered (the parser before this change)."""
    out, err = io.StringIO(), io.StringIO()
    real = cli.named_command
    if whole:
        cli.named_command = lambda argv: None  # type: ignore[assignment]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0
    finally:
        cli.named_command = real  # type: ignore[assignment]
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", sorted(cli.NAMES))
def test_one_commands_parser_answers_as_the_whole_parser(name: str) -> None:
    for argv in ([name, "--help"], [name, "--no-such-option"], ["--root", ".", name, "-h"]):
        assert run_main(argv, whole=False) == run_main(argv, whole=True), argv


def test_the_top_level_help_and_a_misspelt_command_still_list_every_command() -> None:
    code, out, _ = run_main(["--help"], whole=False)
    assert code == 0
    for name in cli.NAMES:
        if name != "stage":  # export's former name, an alias argparse does not list
            assert name in out
    code, _, err = run_main(["valdate"], whole=False)
    assert code == 2 and "valdate" in err and "validate" in err and "archive" in err


def test_the_names_table_matches_what_each_module_registers() -> None:
    registered = {}
    for module in cli.COMMANDS:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"site_builder.cli.commands.{module}").register(sub)
        registered |= dict.fromkeys(sub.choices, module)
    assert registered == cli.NAMES


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["validate", "x.md"], "validate"),
        (["--root", "/r", "check", "--base", "b"], "check"),
        (["--root=/r", "form", "x"], "forms"),
        (["--root", "validate", "check"], "check"),  # `validate` is --root's value here
        (["stage"], "export"),
        (["--help"], None),
        (["--ro", "/r", "validate"], None),  # an abbreviated option: the whole parser decides
        (["valdate"], None),
        ([], None),
    ],
)
def test_which_command_a_line_names(argv: list[str], named: str | None) -> None:
    assert cli.named_command(argv) == named


def test_errors_keep_their_exit_codes_and_messages(tmp_path: Path) -> None:
    """ConfigError (1) and PathError (2) are matched without importing their modules first."""
    repo = valid_repo(tmp_path / "repo")
    code, _, err = run_main(["--root", str(repo), "validate", "../outside.md"], whole=False)
    assert code == 2 and err.startswith("用法错误")
    (repo / "data" / "roster.yml").write_text("panel: &x []\n", encoding="utf-8")
    code, _, err = run_main(["--root", str(repo), "validate"], whole=False)
    assert code == 1 and err.startswith("配置文件有误") and "data/roster.yml" in err


# ------------------------------------------------------------------ the schema cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "schema-cache"
    monkeypatch.setenv("SITE_BUILDER_CACHE", str(folder))
    return folder


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every metaschema check made (by the file it names)."""
    made: list[str] = []
    real = programme._check_schema

    def counted(schema: dict, rel: str) -> None:
        made.append(rel)
        real(schema, rel)

    monkeypatch.setattr(programme, "_check_schema", counted)
    return made


RAW = (ROOT / SCHEMA_FILE).read_bytes()
DOCS = [front("applied"), front("applied", category="nonsense"), front("approved"), {"x": 1}]


def validator(raw: bytes = RAW) -> fastcheck.FastValidator:
    return programme.checked_validator(raw, SCHEMA_FILE, json.loads(raw), formats=True)


def verdicts(v: fastcheck.FastValidator) -> list[list[str]]:
    return [sorted(e.message for e in v.iter_errors(doc)) for doc in DOCS]


def test_the_cache_is_used_on_a_second_run(cache: Path, checks: list[str]) -> None:
    first = validator()
    assert checks == [SCHEMA_FILE] and len(list(cache.iterdir())) == 1
    second = validator()
    assert checks == [SCHEMA_FILE]  # no second metaschema check
    assert second.fast and verdicts(first) == verdicts(second)
    assert verdicts(second)[0] == [] and verdicts(second)[1] != []


def test_changed_schema_bytes_are_checked_again(cache: Path, checks: list[str]) -> None:
    validator()
    schema = json.loads(RAW)
    schema["properties"]["category"]["enum"].append("nonsense")
    changed = validator(json.dumps(schema, ensure_ascii=False).encode())
    assert checks == [SCHEMA_FILE, SCHEMA_FILE] and len(list(cache.iterdir())) == 2
    assert verdicts(changed)[1] == []  # the new schema's rule, not the cached old one


def test_another_jsonschema_version_is_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = schemacache.key(RAW)
    real = schemacache._dist_version
    monkeypatch.setattr(
        schemacache, "_dist_version", lambda name: "0.0" if name == "jsonschema" else real(name)
    )
    assert schemacache.key(RAW) != before
    from importlib import metadata

    assert real("jsonschema") == metadata.version("jsonschema")


def _spoil(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "garbage":
        path.write_bytes(b"\x00\xffnot a cache entry" * 10)
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "bad-marshal":  # a correct header and digest around bytes marshal refuses
        body = b"\x7fnonsense"
        head = data[: len(schemacache.MAGIC) + 65]
        path.write_bytes(head + hashlib.sha256(body).digest() + body)
    elif how == "world-writable":
        path.chmod(0o666)


@pytest.mark.parametrize(
    "how", ["garbage", "truncated", "flipped", "empty", "bad-marshal", "world-writable"]
)
def test_a_spoilt_cache_file_is_ignored_with_the_same_result(
    cache: Path, checks: list[str], how: str
) -> None:
    expected = verdicts(validator())
    (entry,) = cache.iterdir()
    _spoil(entry, how)
    again = validator()
    assert checks == [SCHEMA_FILE, SCHEMA_FILE]  # not trusted: checked and compiled again
    assert verdicts(again) == expected
    assert schemacache.read(entry.stem) is not None  # and written whole again
    assert entry.stat().st_mode & 0o777 == 0o600


def test_a_foreign_entry_under_the_right_name_is_ignored(cache: Path, checks: list[str]) -> None:
    """Another key's valid entry copied under this key's name (another schema's check)."""
    validator()
    other = json.loads(RAW)
    other["properties"]["category"]["enum"].append("nonsense")
    validator(json.dumps(other).encode())
    mine = cache / f"{schemacache.key(RAW, b'formats')}.bin"
    (theirs,) = [p for p in cache.iterdir() if p != mine]
    mine.write_bytes(theirs.read_bytes())
    assert verdicts(validator())[1] != []  # this schema's verdict: the foreign one is not used
    assert checks == [SCHEMA_FILE] * 3


def test_an_invalid_schema_is_never_cached_and_says_the_same_each_time(
    cache: Path, tmp_path: Path
) -> None:
    repo = valid_repo(tmp_path / "repo")
    (repo / SCHEMA_FILE).write_text('{"type": 12}', encoding="utf-8")
    messages = []
    for _ in range(2):
        programme._schema_info.cache_clear()
        with pytest.raises(ConfigError) as caught:
            Programme.load(repo)
        messages.append(str(caught.value))
    assert messages[0] == messages[1] and "不是有效的数据格式定义" in messages[0]
    assert not cache.exists() or list(cache.iterdir()) == []


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, checks: list[str]) -> None:
    monkeypatch.setenv("SITE_BUILDER_CACHE", "off")
    assert schemacache.folder() is None
    validator()
    validator()
    assert checks == [SCHEMA_FILE, SCHEMA_FILE]


def test_the_default_place_is_the_users_cache_not_the_repository(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SITE_BUILDER_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert schemacache.folder() == tmp_path / "xdg" / "site_builder"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert schemacache.folder() == Path.home() / ".cache" / "site_builder"


@pytest.mark.parametrize(
    "value",
    [
        "2026-05-08",
        "2026-02-29",
        "2024-02-29",
        "2026-13-01",
        "2026-1-01",
        "20260508",
        "2026-05-08\n",
        "\uff12\uff10\uff12\uff16-05-08",
        "2026-05-08T00:00",
        "",
        20260508,
        None,
    ],
)
def test_the_date_check_is_jsonschemas(value: object) -> None:
    checker = jsonschema.FormatChecker(["date"])
    assert fastcheck.is_date(value) == checker.conforms(value, "date")


def test_the_bench_table_shows_a_missed_goal_as_missed() -> None:
    from bench import cli as cli_bench

    figures = [
        cli_bench.figure("a", "fresh", 2.03, 2.0, {}),
        cli_bench.figure("b", "cached", 1.6, 2.0, {}),
        cli_bench.figure("c", "whole", 0.9, None, {}, " s"),
    ]
    rows = cli_bench.table(figures).splitlines()[2:]
    assert [row.split()[-1] for row in rows] == ["MISSED", "met", "report"]
    assert "2.03" in rows[0] and "≤ 2" in rows[0]
