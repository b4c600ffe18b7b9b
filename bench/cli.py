"""The command line as a person meets it: whole processes, measured against the bare work.

- `validate` of N project files ÷ a bare CSafeLoader parse of the same front matter, both whole
  processes (`python -m site_builder validate` against `python bare.py`), once with bytecode and
  the schema cache warm and once from a fresh checkout (a copy of site_builder/ without
  __pycache__, and an empty schema cache, made again before every run);
- the same ratio in process (the work alone, imports and schema loading done), for comparison;
- the pull-request check of a one-file change in a real git repository of M projects, whole
  process, and its start-up: the whole process less the same check run in process.

Each round runs every side once, in turn (interleaved); each figure is the median of its rounds.
`make bench` runs these with the rest (bench/run.py); alone:

    python -m bench.cli               # 3,000 files to validate, 5,000 projects for the check
    python -m bench.cli --quick       # small corpora, to try the harness
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BARE = """\
import sys
from pathlib import Path

import yaml

root = Path(sys.argv[1])
for path in sorted((root / "projects").rglob("*.md")):
    text = path.read_bytes().decode("utf-8-sig")
    front = text.removeprefix("---\\n").split("\\n---\\n", 1)[0]
    yaml.load(front, Loader=yaml.CSafeLoader)
"""


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def wall(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Seconds a whole process takes; it must succeed (exit 0)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds


def interleaved(
    sides: dict[str, Callable[[], float]], rounds: int, before: Callable[[], None] | None = None
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, run in sides.items():
            if before is not None:
                before()
            times[name].append(run())
    return times


def drop_bytecode(tree: Path) -> None:
    """The package as a fresh checkout has it: no bytecode (the next run writes it again)."""
    for cache in list(tree.rglob("__pycache__")):
        shutil.rmtree(cache, ignore_errors=True)


def in_process_validate(root: Path, rounds: int) -> tuple[float, float]:
    """(our validation, bare parse) in this process, medians: the work without the start-up."""
    import yaml

    from site_builder.core.programme import Programme
    from site_builder.rules.validate import validate

    programme = Programme.load(root)
    sources = []
    for path in sorted((root / "projects").rglob("*.md")):
        text = path.read_bytes().decode("utf-8-sig")
        sources.append(text.removeprefix("---\n").split("\n---\n", 1)[0])

    def ours() -> float:
        start = time.perf_counter()
        validate(root, programme)
        return time.perf_counter() - start

    def bare() -> float:
        start = time.perf_counter()
        for source in sources:
            yaml.load(source, Loader=yaml.CSafeLoader)
        return time.perf_counter() - start

    times = interleaved({"ours": ours, "bare": bare}, rounds)
    return statistics.median(times["ours"]), statistics.median(times["bare"])


def validate_figures(root: Path, work: Path, rounds: int) -> list[dict]:
    n = sum(1 for _ in (root / "projects").rglob("*.md"))
    bare_script = work / "bare.py"
    bare_script.write_text(BARE, encoding="utf-8")
    python = sys.executable
    warm_cache = work / "schema-cache-warm"
    fresh_cache = work / "schema-cache-fresh"
    base = {**os.environ, "PYTHONHASHSEED": "0"}
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    env_warm = {**base, "SITE_BUILDER_CACHE": str(warm_cache)}
    env_fresh = {**base, "SITE_BUILDER_CACHE": str(fresh_cache)}
    cmd = [python, "-m", "site_builder", "--root", str(root), "validate"]
    wall(cmd, root, env_warm)  # bytecode and the schema cache, written once

    def fresh() -> float:
        drop_bytecode(REPO / "site_builder")
        shutil.rmtree(fresh_cache, ignore_errors=True)
        return wall(cmd, root, env_fresh)

    log(f"validate, whole processes: {n} files, {rounds} rounds (cached, fresh, bare)")
    times = interleaved(
        {
            "cached": lambda: wall(cmd, root, env_warm),
            "fresh": fresh,
            "bare": lambda: wall([python, str(bare_script), str(root)], root, base),
        },
        rounds,
    )
    cached, cold, bare = (statistics.median(times[k]) for k in ("cached", "fresh", "bare"))
    ours_in, bare_in = in_process_validate(root, rounds)
    detail = {"files": n, "times": times}
    return [
        figure(
            "cli_validate_cached",
            f"validate ÷ bare CSafeLoader, whole processes, {n} files, bytecode and cache warm",
            cached / bare,
            2.0,
            {**detail, "validate_s": cached, "bare_s": bare},
        ),
        figure(
            "cli_validate_fresh",
            f"validate ÷ bare CSafeLoader, whole processes, {n} files, fresh checkout",
            cold / bare,
            2.0,
            {"validate_s": cold, "bare_s": bare},
        ),
        figure(
            "cli_validate_in_process",
            f"validate ÷ bare CSafeLoader, in process (the work alone), {n} files",
            ours_in / bare_in,
            2.0,
            {"validate_s": ours_in, "bare_s": bare_in},
        ),
    ]


def check_figures(root: Path, work: Path, rounds: int) -> list[dict]:
    """The pull-request check of a one-file change in a real git repository (bench/run.py's)."""
    from bench.run import pr_repository
    from site_builder.cli.commands.check import check_refs

    target, author = pr_repository(root)
    env = {**os.environ, "SITE_BUILDER_CACHE": str(work / "schema-cache-warm")}
    cmd = [sys.executable, "-m", "site_builder", "--root", str(root), "check"]
    cmd += ["--base", "main", "--head", "pr", "--author", author]
    wall(cmd, root, env)  # bytecode and the schema cache, written once

    def in_process() -> float:
        start = time.perf_counter()
        outcome = check_refs(root, "main", "pr", author)
        seconds = time.perf_counter() - start
        if outcome.files != 1:
            raise SystemExit(f"the check saw {outcome.files} files, not 1")
        return seconds

    in_process()  # imports and the in-process caches, once
    n = sum(1 for _ in (root / "projects").rglob("*.md"))
    log(f"pull-request check of one file ({target}), {n} projects, {rounds} rounds")
    times = interleaved(
        {
            "whole": lambda: wall(cmd, root, env),
            "in_process": in_process,
            "python": lambda: wall([sys.executable, "-c", "pass"], root, env),
        },
        rounds,
    )
    whole, inner, python = (statistics.median(times[k]) for k in ("whole", "in_process", "python"))
    return [
        figure(
            "cli_check_startup_s",
            f"pull-request check of one file, {n} projects: start-up (whole process − in process)",
            whole - inner,
            0.5,
            {"whole_s": whole, "in_process_s": inner, "python_s": python, "times": times},
            " s",
        ),
        figure(
            "cli_check_whole_s",
            f"pull-request check of one file, {n} projects, whole process",
            whole,
            None,
            {"bare_python_s": python},
            " s",
        ),
    ]


def figure(
    key: str, name: str, value: float, target: float | None, detail: dict, unit: str = ""
) -> dict:
    return {
        "key": key,
        "name": name,
        "value": value,
        "target": target,
        "detail": detail,
        "unit": unit,
    }


def measure(validate_root: Path, check_root: Path, work: Path, rounds: int) -> list[dict]:
    """Every command-line figure, in one run."""
    work.mkdir(parents=True, exist_ok=True)
    return validate_figures(validate_root, work, rounds) + check_figures(check_root, work, rounds)


def table(figures: list[dict]) -> str:
    rows = [["figure", "measured", "goal", "result"]]
    for f in figures:
        goal = "—" if f["target"] is None else f"≤ {f['target']:g}{f['unit']}"
        if f["target"] is None:
            verdict = "report"
        else:
            verdict = "met" if f["value"] <= f["target"] else "MISSED"
        rows.append([f["name"], f"{f['value']:.3g}{f['unit']}", goal, verdict])
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Command-line figures, whole processes.")
    parser.add_argument("--quick", action="store_true", help="small corpora: try the harness")
    parser.add_argument("--rounds", type=int, default=5, help="rounds (medians; at least 3)")
    args = parser.parse_args()
    from bench.generate import generate

    n_validate, n_check = (300, 500) if args.quick else (3000, 5000)
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        log(f"generating corpora: {n_validate} and {n_check} projects")
        generate(work / "validate", n_validate)
        generate(work / "check", n_check)
        figures = measure(work / "validate", work / "check", work, max(3, args.rounds))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(figures))
    for f in figures:
        seconds = {k: round(v, 3) for k, v in f["detail"].items() if k.endswith("_s")}
        print(f"  {f['key']}: {seconds}")
    return 1 if any(f["target"] is not None and f["value"] > f["target"] for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
