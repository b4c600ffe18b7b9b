"""The command line as a person meets it: whole processes, measured against the bare work.

- `validate` of N project files ÷ a bare CSafeLoader parse of the same front matter, both whole
  processes (`python -m site_builder validate` against `python bare.py`), once with bytecode and
  the schema cache warm and once as from a fresh checkout (site_builder's __pycache__ folders
  removed and the schema cache emptied before every such run; the installed packages keep their
  bytecode, as after `pip install`);
- the same ratio in process (the work alone, imports and schema loading done), for comparison;
- the pull-request check of a one-file change in a real git repository of M projects, whole
  process, and its start-up: the whole process less the same check run in process, in wall time
  and in CPU time (on a loaded machine the wall clock also counts the waits for a core).

Each round runs every side once, in turn (interleaved); each figure is the median of its rounds.
`make bench` runs these with the rest (bench/run.py); alone:

    python -m bench.cli               # 3,000 files to validate, 5,000 projects for the check
    python -m bench.cli --quick       # small corpora, to try the harness
    python -m bench.cli --part check  # one half (validate or check)
"""

from __future__ import annotations

import argparse
import os
import resource
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


def interleaved(sides: dict[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Each side once per round, in turn; every side's seconds."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, run in sides.items():
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


def run_child(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a whole process, the programs it waited for (git)
    included; it must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else b""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime


def cpu_now() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def check_figures(root: Path, work: Path, rounds: int) -> list[dict]:
    """The pull-request check of a one-file change in a real git repository (bench/run.py's).
    Wall time is what a person waits; CPU time (the check's git commands included) is shown
    beside it because on a loaded machine the wall clock also counts the waits for a core."""
    from bench.run import pr_repository
    from site_builder.cli.commands.check import check_refs

    target, author = pr_repository(root)
    env = {**os.environ, "SITE_BUILDER_CACHE": str(work / "schema-cache-warm")}
    cmd = [sys.executable, "-m", "site_builder", "--root", str(root), "check"]
    cmd += ["--base", "main", "--head", "pr", "--author", author]
    run_child(cmd, root, env)  # bytecode and the schema cache, written once
    cpu: dict[str, list[float]] = {"whole": [], "in_process": [], "python": []}

    def whole() -> float:
        seconds, used = run_child(cmd, root, env)
        cpu["whole"].append(used)
        return seconds

    def python() -> float:
        seconds, used = run_child([sys.executable, "-c", "pass"], root, env)
        cpu["python"].append(used)
        return seconds

    def in_process() -> float:
        start, used = time.perf_counter(), cpu_now()
        outcome = check_refs(root, "main", "pr", author)
        seconds = time.perf_counter() - start
        cpu["in_process"].append(cpu_now() - used)
        if outcome.files != 1:
            raise SystemExit(f"the check saw {outcome.files} files, not 1")
        return seconds

    in_process()  # imports and the in-process caches, once
    cpu["in_process"].clear()
    n = sum(1 for _ in (root / "projects").rglob("*.md"))
    log(f"pull-request check of one file ({target}), {n} projects, {rounds} rounds")
    times = interleaved({"whole": whole, "in_process": in_process, "python": python}, rounds)
    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    where = f"{n} projects, load average {load:.1f} on {os.cpu_count()} cores"
    return [
        figure(
            "cli_check_startup_s",
            f"pull-request check of one file ({where}): start-up, wall (whole − in process)",
            med["whole"] - med["in_process"],
            0.5,
            {
                "whole_s": med["whole"],
                "in_process_s": med["in_process"],
                "python_s": med["python"],
                "times": times,
            },
            " s",
        ),
        figure(
            "cli_check_startup_cpu_s",
            "the same start-up in CPU time (whole − in process)",
            med_cpu["whole"] - med_cpu["in_process"],
            0.5,
            {
                "whole_cpu_s": med_cpu["whole"],
                "in_process_cpu_s": med_cpu["in_process"],
                "python_cpu_s": med_cpu["python"],
                "cpu": cpu,
            },
            " s",
        ),
        figure(
            "cli_check_whole_s",
            "pull-request check of one file, whole process, wall",
            med["whole"],
            None,
            {"bare_python_s": med["python"]},
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
    parser.add_argument(
        "--part", choices=("all", "validate", "check"), default="all", help="which figures"
    )
    args = parser.parse_args()
    from bench.generate import generate

    n_validate, n_check = (300, 500) if args.quick else (3000, 5000)
    work = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        rounds = max(3, args.rounds)
        figures = []
        if args.part in ("all", "validate"):
            log(f"generating a corpus of {n_validate} projects")
            generate(work / "validate", n_validate)
            figures += validate_figures(work / "validate", work, rounds)
        if args.part in ("all", "check"):
            log(f"generating a corpus of {n_check} projects")
            generate(work / "check", n_check)
            figures += check_figures(work / "check", work, rounds)
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
