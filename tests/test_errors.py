"""One base for every failure the package raises (core/errors.py), each with a stable code; the
command line prints code and Chinese message and exits without a traceback; the MkDocs plugin
reports each failure for what it is."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from factory import ROOT, make_repo, write
from mkdocs.exceptions import PluginError

import site_builder
from site_builder import cli
from site_builder.core.errors import SiteBuilderError
from site_builder.review.gitrepo import GitError
from site_builder.showcase.build import TODAY_ENV, build_date
from site_builder.showcase.plugin import ShowcasePlugin

CODE = re.compile(r"SB[1-7]\d\d")


def exception_classes() -> list[type[BaseException]]:
    """Every exception class defined anywhere in the package (every module imported)."""
    found = []
    for info in pkgutil.walk_packages(site_builder.__path__, "site_builder."):
        if info.name.endswith("__main__"):  # runs the command line when imported
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def test_every_exception_of_the_package_has_the_one_base_and_its_own_code() -> None:
    classes = exception_classes()
    names = {c.__name__ for c in classes}
    assert {"GitError", "ConfigError", "LoadError", "MediaError", "Invalid"} <= names
    assert [c.__name__ for c in classes if not issubclass(c, SiteBuilderError)] == []
    # A file that cannot be read carries its rule's PF code (LoadError and its kinds).
    coded = [
        c
        for c in classes
        if c is not SiteBuilderError and not any(b.__name__ == "LoadError" for b in c.__mro__)
    ]
    for cls in coded:
        assert CODE.fullmatch(cls.code), cls
    codes = [c.code for c in coded]
    assert len(codes) == len(set(codes)), "two kinds of failure share a code"


def test_a_load_error_carries_its_rules_code() -> None:
    from site_builder.core.file_rules import NO_FRONT_MATTER
    from site_builder.core.loader import LoadError

    exc = LoadError(NO_FRONT_MATTER, "\u6ca1\u6709\u9879\u76ee\u4fe1\u606f")
    assert exc.code == NO_FRONT_MATTER.code and exc.report().startswith(exc.code + " ")


# ----------------------------------------------------------------------------- the command line


def test_the_cli_prints_code_and_message_of_any_failure_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from site_builder.cli.commands import codeowners

    def fails(args: object) -> int:
        raise GitError("\u627e\u4e0d\u5230\u63d0\u4ea4 main\u3002")  # 找不到提交 main。

    monkeypatch.setattr(codeowners, "run", fails)
    assert cli.main(["--root", str(ROOT), "codeowners", "--check"]) == 2
    err = capsys.readouterr().err
    assert err == f"{GitError.code} \u627e\u4e0d\u5230\u63d0\u4ea4 main\u3002\n"


def test_a_broken_configuration_names_its_code_and_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, "data/roster.yml", "maintainers: [\n")
    assert cli.main(["--root", str(root), "validate"]) == 1
    err = capsys.readouterr().err
    assert "SB201 data/roster.yml:" in err and "Traceback" not in err


# ----------------------------------------------------------------------------- the plugin


def pre_build(root: Path, today: str | None = None, site_url: str = "https://example.org/"):
    """The plugin's check before a build, for the repository at `root`: the PluginError."""
    plugin = ShowcasePlugin()
    plugin.load_config({"today": today} if today else {})
    config = SimpleNamespace(
        config_file_path=str(root / "mkdocs.yml"),
        site_url=site_url,
        use_directory_urls=True,
        extra={},
    )
    plugin.on_config(config)
    with pytest.raises(PluginError) as caught:
        plugin.on_pre_build(config=config)
    return str(caught.value)


def test_a_bad_today_setting_says_so(tmp_path: Path) -> None:
    message = pre_build(make_repo(tmp_path / "repo"), today="2026-13-40")
    assert message.startswith("SB505 showcase \u63d2\u4ef6\u7684 today")  # 插件的
    assert "YYYY-MM-DD" in message and "2026-13-40" in message


def test_a_bad_today_in_the_environment_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TODAY_ENV, "20261128")
    message = pre_build(make_repo(tmp_path / "repo"))
    assert message.startswith(f"SB505 \u73af\u5883\u53d8\u91cf {TODAY_ENV}")  # 环境变量
    with pytest.raises(SiteBuilderError):
        build_date()


def test_a_broken_roster_is_reported_as_such_not_as_a_date(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, "data/roster.yml", "maintainers: [\n")
    message = pre_build(root, today="2026-11-28")
    assert "\u7acb\u9879\u6d3b\u52a8\u914d\u7f6e\u6709\u8bef" in message  # 立项活动配置有误
    assert "SB201 data/roster.yml:" in message and "today" not in message


def test_a_broken_schema_is_reported_as_such(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, "schema/project.schema.json", '{"type": "object",')
    message = pre_build(root, today="2026-11-28")
    assert "SB201 schema/project.schema.json:" in message and "JSON" in message
    assert "today" not in message


def test_a_missing_site_address_is_reported_with_its_code(tmp_path: Path) -> None:
    message = pre_build(make_repo(tmp_path / "repo"), today="2026-11-28", site_url="")
    assert message.startswith("SB502 ") and "site_url" in message


@pytest.mark.build
def test_a_real_build_with_a_bad_today_stops_with_the_message_and_no_traceback(
    tmp_path: Path,
) -> None:
    from site_helpers import mkdocs_build, site_repo

    root = site_repo(tmp_path / "repo")
    proc = mkdocs_build(root, {TODAY_ENV: "2026-02-30"})
    assert proc.returncode != 0
    assert f"SB505 \u73af\u5883\u53d8\u91cf {TODAY_ENV}" in proc.stderr  # 环境变量
    assert "Traceback" not in proc.stderr and not (root / "site").exists()
