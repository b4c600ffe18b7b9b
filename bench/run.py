"""`make bench`: build the corpora, measure, print one table of ratios and write bench/out/results.json.

Every ratio is measured in the same run, its two sides interleaved (A, B, A, B, ...): on the
shared 2-core machines the same work takes up to 40 % longer from one run to the next (slow spells
of some seconds), and a ratio of two single runs would measure that. The fast figures (a few
seconds each) take the best of each side. Builds take the median of each side: a 60-second build
always averages over some slow spells while a 20-second one can fall between them, so the best of
each would favour the short one. BENCH_ROUNDS rounds (default 4) each build the 1,000-project site
twice with the plugin and twice staged (A B B A), once the same site with photos (image cache
warm: no photo changed), the first two rounds also the 3,000-project site; fewer
rounds when another would end after BENCH_BUDGET minutes (default 13), so that the bench ends
within 15 minutes.

The search figures (bench/search.py) are measured in Chromium on the 1,000-project site the last
build left.

    python -m bench.run                  # the real figures (about 10 minutes on 2 cores)
    python -m bench.run --quick          # small corpora, to try the harness (figures not comparable)
    python -m bench.run --search-only    # the search figures alone (one build, about 2 minutes)
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench import search
from bench.generate import LATEST, TODAY, generate
from site_builder.cli.commands.check import check_refs
from site_builder.core.loader import FRONT_MATTER_RE
from site_builder.core.programme import Programme
from site_builder.core.tree import discover
from site_builder.rules.validate import validate
from site_builder.showcase.search_index import build_index

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
BIN = Path(sys.executable).parent
LARGE_ROUNDS = 2  # builds of the large site (its ratio has more room than the pair's)
MEDIA_SHARE = 0.2  # public projects with photos in the media corpus
ENV = {**os.environ, "SHOWCASE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


@dataclass
class Figure:
    key: str
    name: str
    value: float
    unit: str
    target: float | None = None  # an upper bound (a lower one with at_least); None: reported
    detail: dict[str, Any] = field(default_factory=dict)
    at_least: bool = False

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return self.value >= self.target if self.at_least else self.value <= self.target

    def row(self) -> list[str]:
        sign = "≥" if self.at_least else "≤"
        target = "—" if self.target is None else f"{sign} {self.target:g}{self.unit}"
        result = {None: "report", True: "pass", False: "FAIL"}[self.ok]
        return [self.name, f"{self.value:.3g}{self.unit}", target, result]


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def interleaved(sides: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Run each side once per round, in turn; return every wall time (seconds)."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, run in sides.items():
            gc.collect()
            start = time.perf_counter()
            result = run()
            times[name].append(time.perf_counter() - start)
            del result
    return times


def run_child(cmd: list[str], cwd: Path, logfile: Path) -> tuple[float, int]:
    """Run a command; return (wall seconds, peak resident memory of the child in KiB)."""
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with logfile.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = logfile.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{tail}")
    return wall, usage.ru_maxrss


def machine() -> dict[str, Any]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = meminfo.read_text().splitlines()[0].split(":", 1)[1].strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.date.today().isoformat(),
    }


# ------------------------------------------------------------------------------ validation


def front_matters(root: Path) -> list[str]:
    texts = []
    for rel in discover(root):
        text = (root / rel).read_bytes().decode("utf-8-sig")
        texts.append(FRONT_MATTER_RE.match(text).group(1))
    return texts


def validation_figure(root: Path, rounds: int) -> Figure:
    programme = Programme.load(root)  # the schema validator is built once, here
    result = validate(root, programme)
    if result.errors or result.warnings:
        raise SystemExit(f"the corpus does not validate cleanly: {result.diagnostics[:5]}")
    n = len(result.files)
    del result
    sources = front_matters(root)

    def bare() -> None:
        for source in sources:
            yaml.load(source, Loader=yaml.CSafeLoader)

    log(f"validation: {n} projects, strict validation vs bare CSafeLoader, {rounds} rounds")
    times = interleaved({"ours": lambda: validate(root, programme), "bare": bare}, rounds)
    ours, base = min(times["ours"]), min(times["bare"])
    return Figure(
        "validation_vs_csafeloader",
        f"strict validation ÷ bare CSafeLoader parse ({n} projects)",
        ours / base,
        "",
        2.0,
        {"validate_best_s": ours, "csafeloader_best_s": base, "times": times},
    )


def check_jsonschema_figure(root: Path, work: Path, cli_rounds: int) -> Figure:
    folder = work / "front-matter"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = []
    for i, source in enumerate(front_matters(root)):
        path = folder / f"{i:05d}.yaml"
        path.write_text(source, encoding="utf-8")
        files.append(str(path))
    schema = root / "schema" / "project.schema.json"
    log(f"check-jsonschema: {len(files)} YAML files against the project schema")
    theirs, _ = run_child(
        [str(BIN / "check-jsonschema"), "--schemafile", str(schema), *files],
        work,
        work / "logs" / "check-jsonschema.log",
    )
    ours_cli = []
    for i in range(cli_rounds):
        wall, _ = run_child(
            [sys.executable, "-m", "site_builder", "--root", str(root), "validate"],
            work,
            work / "logs" / f"validate-cli-{i}.log",
        )
        ours_cli.append(wall)
    ours = min(ours_cli)
    return Figure(
        "validation_vs_check_jsonschema",
        f"our validation ÷ check-jsonschema, both command lines ({len(files)} files)",
        ours / theirs,
        "",
        0.25,
        {"validate_cli_best_s": ours, "check_jsonschema_s": theirs, "validate_cli_times": ours_cli},
    )


# ------------------------------------------------------------------------------ git


def git(root: Path, *args: str) -> str:
    cmd = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    cmd += ["-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args]
    return subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True).stdout


def pr_repository(root: Path) -> tuple[str, str]:
    """Commit the corpus on main, then a panel member's approval of one application on `pr`."""
    shutil.rmtree(root / ".git", ignore_errors=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus")
    git(root, "checkout", "-q", "-b", "pr")
    target = next(
        rel
        for rel in discover(root)
        if rel.startswith(f"projects/{LATEST}/")
        and "\nstage: applied\n" in (root / rel).read_text(encoding="utf-8")
    )
    text = (root / target).read_text(encoding="utf-8")
    approval = (
        f"stage: approved\napproval:\n  date: {LATEST}-05-25\n  decision: approved\n  grant: 1000\n"
        "  opinion: 项目设计完整,同意立项。\n"
    )
    (root / target).write_text(text.replace("stage: applied\n", approval, 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", "approve one application")
    git(root, "repack", "-adq")  # packed, as a clone in CI is
    roster = yaml.safe_load((root / "data/roster.yml").read_text(encoding="utf-8"))
    return target, roster["panel"][1]["login"]


def pr_check_figure(root: Path, rounds: int) -> Figure:
    target, author = pr_repository(root)
    outcome = check_refs(root, "main", "pr", author)
    errors = [d for d in outcome.diagnostics if d.severity == "error"]
    if errors or outcome.files != 1:
        raise SystemExit(f"the pull-request check found problems: {errors[:3]}")

    def full() -> object:
        return validate(root, Programme.load(root))

    log(f"pull-request check of a one-file change ({target}) vs full validation")
    times = interleaved(
        {"check": lambda: check_refs(root, "main", "pr", author), "full": full}, rounds
    )
    check, whole = min(times["check"]), min(times["full"])
    return Figure(
        "pr_check_vs_validation",
        "pull-request check, one-file change ÷ full validation",
        check / whole,
        "",
        0.1,
        {"check_best_s": check, "validate_best_s": whole, "changed": target, "author": author},
    )


# ------------------------------------------------------------------------------ site


def build(root: Path, name: str, work: Path, index: bool = False) -> tuple[float, int]:
    """Build the site; `index`: then run the search index as the plugin does (an exported site
    has no plugin to do it), counted in the wall time."""
    shutil.rmtree(root / "site", ignore_errors=True)
    wall, rss = run_child(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], root, work / "logs" / f"{name}.log"
    )
    if index:
        wall += build_index(root / "site")
    return wall, rss


def site_figures(
    small: Path, large: Path, with_media: Path, work: Path, rounds: int, deadline: float
) -> list[Figure]:
    staged = work / "staged-small"
    shutil.rmtree(staged, ignore_errors=True)
    run_child(
        [
            sys.executable,
            "-m",
            "site_builder",
            "--root",
            str(small),
            "export",
            "--out",
            str(staged),
        ],
        work,
        work / "logs" / "stage.log",
    )
    warm = work / "corpora" / "warm-up"
    generate(warm, 30)
    build(warm, "warm-up", work)  # jieba's dictionary cache and the file cache, once
    log("media corpus: first build (fills the image cache; not measured)")
    build(with_media, "media-first", work)
    walls: dict[str, list[float]] = {
        "plugin-small": [],
        "staged-small": [],
        "media-small": [],
        "plugin-large": [],
    }
    memory: list[int] = []
    longest = 0.0
    for i in range(rounds):
        if i and time.perf_counter() + 1.2 * longest > deadline:
            log(f"time budget: stopping after {i} rounds of site builds")
            break
        log(f"site builds, round {i + 1} of {rounds}")
        round_start = time.perf_counter()
        # A B B A for the pair with the tightest target; the media build (against A) once a
        # round, the large build in the first rounds.
        order = [("plugin-small", small), ("staged-small", staged)]
        middle = [("media-small", with_media)]
        middle += [("plugin-large", large)] if i < LARGE_ROUNDS else []
        for name, root in [*order, *middle, *reversed(order)]:
            index = name == "staged-small"  # the plugin indexes within the build
            wall, rss = build(root, f"{name}-{len(walls[name])}", work, index)
            walls[name].append(wall)
            if name == "plugin-large":
                memory.append(rss)
            log(f"  {name}: {wall:.1f} s, peak {rss / 1024:.0f} MiB")
        longest = max(longest, time.perf_counter() - round_start)
    plugin, plain, big, pictured = (
        statistics.median(walls[k])
        for k in ("plugin-small", "staged-small", "plugin-large", "media-small")
    )
    media_files = json.loads((with_media / "corpus.json").read_text(encoding="utf-8"))[
        "media_files"
    ]
    n_small = count_public(small)
    n_large = count_public(large)
    pages = sorted((p.stat().st_size, p) for p in (small / "site").rglob("*.html"))
    biggest, biggest_path = pages[-1]
    return [
        Figure(
            "plugin_vs_staged",
            f"mkdocs build with the plugin ÷ plain build of the staged pages ({n_small} public)",
            plugin / plain,
            "",
            1.15,
            {"plugin_median_s": plugin, "staged_median_s": plain, "times": walls},
        ),
        Figure(
            "build_media_vs_without",
            f"build with media ({media_files} files, cached) ÷ the same site without media",
            pictured / plugin,
            "",
            1.3,
            {"media_median_s": pictured, "plugin_median_s": plugin, "media_files": media_files},
        ),
        Figure(
            "build_large_vs_small",
            f"build at {n_large} ÷ build at {n_small} public projects",
            big / plugin,
            "",
            3.3,
            {"large_median_s": big, "small_median_s": plugin},
        ),
        Figure(
            "largest_html_kb",
            f"largest HTML page at {n_small} public projects",
            biggest / 1000,
            " KB",
            100,
            {"page": str(biggest_path.relative_to(small / "site")), "html_pages": len(pages)},
        ),
        Figure(
            "peak_memory_large_mb",
            f"peak memory of the {n_large}-project build",
            max(memory) / 1024,
            " MiB",
            None,
            {"rss_kib": memory},
        ),
    ]


# ------------------------------------------------------------------------------ search


def search_figures(root: Path) -> list[Figure]:
    """The search on the built site at `root`, in Chromium (bench/search.py)."""
    n = count_public(root)
    log(f"search: {n} public projects, in Chromium")
    found = search.measure(root / "site")
    words = len(found["word_list"])
    visits = len(found["first_result_s"])
    return [
        Figure(
            "search_precision",
            f"search precision, {words} words drawn with jieba ({n} public)",
            found["precision"],
            "",
            1.0,
            {"words": found["words"], "word_list": found["word_list"]},
            at_least=True,
        ),
        Figure(
            "search_recall",
            f"search recall, the same {words} words",
            found["recall"],
            "",
            1.0,
            at_least=True,
        ),
        Figure(
            "search_first_result_s",
            f"typing at load to the first result, median of {visits} cold visits",
            statistics.median(found["first_result_s"]),
            " s",
            1.0,
            {"seconds": found["first_result_s"], "slowest_s": max(found["first_result_s"])},
        ),
        Figure(
            "search_first_query_kb",
            f"bytes transferred (gzip) for the first query, most of {visits} cold visits",
            max(found["first_query_bytes"]) / 1000,
            " KB",
            300,
            {"bytes": found["first_query_bytes"]},
        ),
        Figure(
            "search_later_query_kb",
            "bytes transferred for a later query on the same page, median",
            statistics.median(found["later_query_bytes"]) / 1000,
            " KB",
            None,
            {"bytes": found["later_query_bytes"]},
        ),
        Figure(
            "search_noise",
            "results that are listings or match only an info table",
            found["noise"],
            "",
            0,
            {"probes": found["probes"], "unwanted": found["unwanted_indexed_pages"]},
        ),
        Figure(
            "search_index_s",
            f"search indexing time ({n} public), median",
            found["index_median_s"],
            " s",
            None,
            {
                "walls": found["index_s"],
                "cpu_s": found["index_cpu_s"],
                "index_files_mb": found["index_files_bytes"] / 1e6,
            },
        ),
        Figure(
            "search_index_cpu_s",
            "search indexing, CPU time (this process and Pagefind), median",
            found["index_cpu_s"],
            " s",
            None,
        ),
    ]


def count_public(root: Path) -> int:
    return json.loads((root / "corpus.json").read_text(encoding="utf-8"))["public"]


# ------------------------------------------------------------------------------ report


def search_only(n_small: int, quick: bool) -> int:
    """Generate the corpus, build its site once (the plugin indexes it) and measure the search;
    the figures go to bench/out/search-results.json."""
    started = time.perf_counter()
    root = OUT / "corpora" / f"public-{n_small}"
    log(f"generating the corpus: {n_small} public projects")
    summary = generate(root, public=n_small).summary()
    (root / "corpus.json").write_text(json.dumps(summary, ensure_ascii=False))
    wall, _ = build(root, "search-only", OUT)
    log(f"  built in {wall:.1f} s")
    figures = search_figures(root)
    print()
    print(table([f.row() for f in figures]))
    path = OUT / "search-results.json"
    results = {
        "quick": quick,
        "machine": machine(),
        "total_s": time.perf_counter() - started,
        "build_s": wall,
        "corpus": summary,
        "figures": [figure_json(f) for f in figures],
    }
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written to {path.relative_to(REPO)}")
    return 1 if any(f.ok is False for f in figures) else 0


def figure_json(f: Figure) -> dict[str, Any]:
    return {
        "key": f.key,
        "figure": f.name,
        "measured": f.value,
        "unit": f.unit.strip(),
        "target": f.target,
        "at_least": f.at_least,
        "pass": f.ok,
        "detail": f.detail,
    }


def table(rows: list[list[str]]) -> str:
    header = ["figure", "measured", "target", "result"]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(4)]
    line = lambda r: "  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmarks (make bench).")
    parser.add_argument("--quick", action="store_true", help="small corpora: try the harness")
    parser.add_argument(
        "--search-only", action="store_true", help="only the search figures (one build)"
    )
    args = parser.parse_args()
    n_validate, n_small, n_large = (600, 100, 300) if args.quick else (5000, 1000, 3000)
    if args.search_only:
        return search_only(n_small, args.quick)
    rounds = int(os.environ.get("BENCH_ROUNDS", "4"))
    started = time.perf_counter()
    deadline = started + 60 * float(os.environ.get("BENCH_BUDGET", "13"))
    OUT.mkdir(parents=True, exist_ok=True)
    work = OUT
    corpora = work / "corpora"
    log(f"generating corpora: {n_validate} projects; {n_small} and {n_large} public projects")
    roots = {
        "validate": corpora / f"projects-{n_validate}",
        "small": corpora / f"public-{n_small}",
        "large": corpora / f"public-{n_large}",
        "media": corpora / f"public-{n_small}-media",
    }
    summaries = {
        "validate": generate(roots["validate"], n_validate).summary(),
        "small": generate(roots["small"], public=n_small).summary(),
        "large": generate(roots["large"], public=n_large).summary(),
        # The small corpus again, a fifth of its public projects with photos.
        "media": generate(roots["media"], public=n_small, media=MEDIA_SHARE).summary(),
    }
    for key, root in roots.items():
        (root / "corpus.json").write_text(json.dumps(summaries[key], ensure_ascii=False))

    figures = [validation_figure(roots["validate"], 4)]
    figures.append(check_jsonschema_figure(roots["validate"], work, 2))
    figures.append(pr_check_figure(roots["validate"], 3))
    # The command line as a person meets it, whole processes (bench/cli.py).
    from bench import cli as cli_bench

    n_cli = 300 if args.quick else 3000
    generate(corpora / f"projects-{n_cli}", n_cli)
    cli = cli_bench.measure(corpora / f"projects-{n_cli}", roots["validate"], work / "cli", 3)
    figures += [Figure(**f) for f in cli]
    figures += site_figures(roots["small"], roots["large"], roots["media"], work, rounds, deadline)
    figures += search_figures(roots["small"])  # on the site the last build left
    total = time.perf_counter() - started

    info = machine()
    rows = [f.row() for f in figures]
    print()
    print(table(rows))
    print()
    for f in figures:
        seconds = {
            k: round(v, 2)
            for k, v in f.detail.items()
            if k.endswith("_s") and isinstance(v, int | float)
        }
        if seconds:
            print(f"  {f.key}: {seconds}")
    print(
        f"\nmachine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}; "
        f"total bench time {total / 60:.1f} min{' (quick: not the real figures)' if args.quick else ''}"
    )
    results = {
        "quick": args.quick,
        "machine": info,
        "total_s": total,
        "corpora": summaries,
        "figures": [figure_json(f) for f in figures],
    }
    path = OUT / "results.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written to {path.relative_to(REPO)}")
    return 1 if any(f.ok is False for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
