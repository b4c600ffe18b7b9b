"""How many test cases each tier holds (a parametrised case counts once: it is one behaviour
checked), by collecting the suite without running it.

    .venv/bin/python -m tools.test_tiers            # the counts
    .venv/bin/python -m tools.test_tiers --ids F    # also every case's id into F, one a line

Compare two revisions' --ids files to see that nothing was dropped (`comm -23 before after`)."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections import Counter
from pathlib import Path

import pytest

MARKERS = ("browser", "build", "git")


class _Collected:
    def __init__(self) -> None:
        self.items: list[tuple[str, frozenset[str]]] = []

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            marks = frozenset(m.name for m in item.iter_markers() if m.name in MARKERS)
            self.items.append((item.nodeid, marks))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.test_tiers")
    parser.add_argument("--ids", type=Path, help="write every case's id here")
    args = parser.parse_args(argv)
    collected = _Collected()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider"], plugins=[collected])
    if code != 0:
        sys.stdout.write(out.getvalue())
        return int(code)
    items = collected.items
    tiers = Counter(m for _, marks in items for m in marks)
    fast = sum(1 for _, marks in items if not marks)
    print(f"cases: {len(items)}  fast tier: {fast}", end="")
    print("".join(f"  {m}: {tiers[m]}" for m in MARKERS) + "  (a case may carry two markers)")
    if args.ids:
        args.ids.write_text("".join(f"{nodeid}\n" for nodeid, _ in sorted(items)), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
