"""The schemas come from the repository `--root` names (or, in a pull-request check, from the base
revision), never from the tool's own checkout or the working directory: pre-commit installs the
package alone and runs it in someone else's checkout."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from clirun import cli_in_process
from factory import ROOT, front, make_repo, render, write
from gitrepo_helpers import commit_on, init

from site_builder.core.programme import ConfigError, Programme
from site_builder.review.gitrepo import check_refs

SCHEMA = "schema/project.schema.json"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return cli_in_process(*args, cwd=cwd)


def retitle(root: Path, title: str) -> None:
    """Give the `category` field another Chinese title in the schema at `root`."""
    path = root / SCHEMA
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["category"]["title"] = title
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")


def test_validate_uses_the_schema_under_root(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    retitle(repo, "仓库里的标题")
    write(repo, "projects/2026/bad.md", render(front(category="servce")))
    elsewhere = tmp_path / "elsewhere"  # a working directory with a schema of its own
    (elsewhere / "schema").mkdir(parents=True)
    (elsewhere / SCHEMA).write_text((ROOT / SCHEMA).read_text(encoding="utf-8"), "utf-8")
    retitle(elsewhere, "工作目录里的标题")

    proc = cli("--root", str(repo), "validate", cwd=elsewhere)
    assert proc.returncode == 1, proc.stderr
    assert "PS201 category\uff08仓库里的标题\uff09" in proc.stdout
    assert "立项方向" not in proc.stdout and "工作目录里的标题" not in proc.stdout


def test_a_missing_schema_is_named_in_chinese(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, "projects/2026/good.md", render(front()))
    (repo / SCHEMA).unlink()
    proc = cli("--root", str(repo), "validate", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{SCHEMA}: 找不到数据格式定义文件" in proc.stderr


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b'{"type": "object",\n  "properties": }', f"{SCHEMA}:2:17: "),
        (b"\xff\xfe\x00", f"{SCHEMA}: "),
        (b"[1, 2]", f"{SCHEMA}: "),
        (b'{"type": "objekt"}', f"{SCHEMA}: "),
    ],
    ids=["syntax", "encoding", "not-an-object", "not-a-schema"],
)
def test_a_broken_schema_is_a_config_error(tmp_path: Path, content: bytes, where: str) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / SCHEMA).write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        Programme.load(repo)
    assert str(caught.value).startswith(where)
    assert "请" in str(caught.value)


def test_the_roster_schema_comes_from_the_root_too(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "schema/roster.schema.json").unlink()
    with pytest.raises(ConfigError, match=r"^schema/roster\.schema\.json: 找不到"):
        Programme.load(repo)


def test_the_same_schema_is_compiled_once(tmp_path: Path) -> None:
    one = Programme.load(make_repo(tmp_path / "one"))
    two = Programme.load(make_repo(tmp_path / "two"))
    assert one.schema is two.schema
    other = make_repo(tmp_path / "other")
    retitle(other, "另一个标题")
    assert Programme.load(other).schema is not one.schema


@pytest.mark.git
def test_the_pull_request_check_reads_the_base_schema(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    retitle(repo, "基线的标题")
    write(repo, "projects/2026/pioneer.md", render(front()))
    init(repo)
    retitle(repo, "拉取请求的标题")
    changed = (repo / SCHEMA).read_text(encoding="utf-8")
    commit_on(
        repo,
        "pr",
        "main",
        {SCHEMA: changed, "projects/2026/pioneer.md": render(front(category="servce"))},
    )
    # The working tree now holds the pull request's schema; the judge must not use it.
    outcome = check_refs(repo, "main", "pr", "site-admin")
    texts = [d.text() for d in outcome.diagnostics if d.code == "PS201"]
    assert texts and all("category\uff08基线的标题\uff09" in t for t in texts), texts
