"""A corpus of hostile project files, run through the real command line in one go: each is refused
with its file, line and code; no traceback, no hang, nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cases import CORPUS
from factory import write


def test_corpus_is_large_enough() -> None:
    assert sum(1 for v in CORPUS.values() if v[1]) >= 30


def test_every_hostile_file_is_refused_with_file_line_and_code(repo: Path) -> None:
    for name, (content, _, _) in CORPUS.items():
        write(repo, f"projects/2026/{name}.md", content)
    before = sorted(p.relative_to(repo) for p in repo.rglob("*"))
    proc = subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "validate", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr == ""
    report = json.loads(proc.stdout)
    by_file: dict[str, list[dict]] = {}
    for d in report["diagnostics"]:
        by_file.setdefault(d["path"], []).append(d)
    for name, (_, code, line) in CORPUS.items():
        found = by_file.get(f"projects/2026/{name}.md", [])
        if code is None:
            continue
        assert any(d["code"] == code and d["line"] == line for d in found), (
            name,
            code,
            line,
            found,
        )
        for d in found:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in d["message"]), d
    # Nothing was written anywhere.
    assert sorted(p.relative_to(repo) for p in repo.rglob("*")) == before
