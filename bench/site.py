"""The site's figures (issue 22, the site half), at 1,000 and 5,000 public projects, in one table:

- pages: every kind of page's first-visit transfer (gzip, photos aside) in Chromium from a local
  server that gzips as a web host does, the forms then used (a name typed, the picker used: what
  reading their project list adds), whether any page asks for sitemap.xml, the largest tag page
  and the largest HTML page;
- search: precision and recall on the words drawn from the project pages (bench/search.py), the
  time from typing at load to the first result, unthrottled and on the phone proxy (CPU 4x,
  1.6 Mbps, 150 ms round trip, through the DevTools protocol), the first query's bytes;
- build and preview: `mkdocs build` with the plugin against a plain build of the `export`ed pages
  (with and without Pagefind run after it), both sides interleaved in one run, CPU time (user +
  system of the build and everything it starts: on these shared 2-core machines the wall clock
  swings with the other load, the CPU time hardly does) and wall time; peak memory (the largest
  process: MkDocs or Pagefind); the edit loop under `mkdocs serve` (one project edited → its
  page served with the edit), plugin against plain, interleaved.

    python -m bench.site                      # everything, 1,000 and 5,000 (long)
    python -m bench.site --sizes 1000 --only pages search
    python -m bench.site --table              # the table of bench/out/site-results.json

Each part writes its figures into bench/out/site-results.json as it ends (merged by size), so a
part can be measured again alone; --table prints the one table from what is there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench import search
from bench.generate import generate

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
RESULTS = OUT / "site-results.json"
BIN = Path(sys.executable).parent
ENV = {
    **os.environ,
    "SHOWCASE_TODAY": "2026-11-28",
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONHASHSEED": "0",
}
PHOTOS = re.compile(r"\.(jpe?g|png|webp|gif|avif)$", re.IGNORECASE)
PARTS = ("builds", "pages", "search", "serve")
INDEXED = "\u641c\u7d22\u7d22\u5f15\u5df2\u66f4\u65b0"  # 搜索索引已更新: the plugin's log line


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


# ------------------------------------------------------------------------------ corpora


def corpus(n: int) -> Path:
    root = OUT / "corpora" / f"public-{n}"
    if not (root / "corpus.json").exists():
        log(f"generating the corpus: {n} public projects")
        summary = generate(root, public=n).summary()
        (root / "corpus.json").write_text(json.dumps(summary, ensure_ascii=False))
    return root


def export(root: Path, n: int, name: str = "staged") -> Path:
    staged = OUT / "corpora" / f"{name}-{n}"
    child(
        [sys.executable, "-m", "site_builder", "--root", str(root), "export", "--out", str(staged)],
        OUT,
    )
    return staged


def child(cmd: list[str], cwd: Path) -> dict[str, float]:
    """Run a command to its end: wall and CPU seconds (it and its children), peak memory (MiB,
    its largest process)."""
    log_path = OUT / "logs" / "site-bench.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}: see {log_path}")
    # wait4 reports the child; its own children (Pagefind) are in RUSAGE_CHILDREN's peak.
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,
    }


def mkdocs_build(root: Path) -> dict[str, float]:
    shutil.rmtree(root / "site", ignore_errors=True)
    return child([sys.executable, "-m", "mkdocs", "build", "--strict"], root)


def pagefind(site: Path) -> dict[str, float]:
    return child([sys.executable, "-m", "site_builder.showcase.search_index", str(site)], REPO)


# ------------------------------------------------------------------------------ builds


def builds(n: int, rounds: int) -> dict[str, Any]:
    """Plugin build against the plain build of the exported pages (+ Pagefind), interleaved
    A B B A. The plugin's build is measured in a fresh process each time (its CPU time includes
    its Pagefind child, as does its peak memory: the larger of MkDocs' and Pagefind's)."""
    root = corpus(n)
    staged = export(root, n)
    mkdocs_build(staged)  # warm the file cache once, unmeasured
    sides: dict[str, list[dict[str, float]]] = {"plugin": [], "plain": [], "pagefind": []}
    for i in range(rounds):
        order = ["plugin", "plain"] if i % 2 == 0 else ["plain", "plugin"]
        for side in order:
            if side == "plugin":
                sides["plugin"].append(mkdocs_build(root))
            else:
                sides["plain"].append(mkdocs_build(staged))
                sides["pagefind"].append(pagefind(staged / "site"))
            log(f"  {n}: {side} {sides[side][-1]}")

    def med(side: str, key: str) -> float:
        return statistics.median(m[key] for m in sides[side])

    def peak(side: str) -> float:
        return max(m["rss_mib"] for m in sides[side])

    return {
        "rounds": rounds,
        "runs": sides,
        "plugin_cpu_s": med("plugin", "cpu_s"),
        "plain_cpu_s": med("plain", "cpu_s"),
        "pagefind_cpu_s": med("pagefind", "cpu_s"),
        "plugin_wall_s": med("plugin", "wall_s"),
        "plain_wall_s": med("plain", "wall_s"),
        "pagefind_wall_s": med("pagefind", "wall_s"),
        "plugin_rss_mib": peak("plugin"),
        "plain_rss_mib": peak("plain"),
        "pagefind_rss_mib": peak("pagefind"),
    }


# ------------------------------------------------------------------------------ pages


def sample_pages(site: Path) -> dict[str, str]:
    """A page of every kind: name → address from the site's root."""

    def first(pattern: str) -> str:
        found = sorted(site.glob(pattern))
        return "/" + found[0].parent.relative_to(site).as_posix() + "/" if found else ""

    tag_pages = sorted(site.glob("tags/*/index.html"), key=lambda p: p.stat().st_size)
    years = sorted(site.glob("catalogue/years/*/index.html"))
    newest = sorted(site.glob("projects/*"))[-1].name
    pages = {
        "home": "/",
        "awards": "/awards/",
        "notice": "/notice/",
        "catalogue": "/catalogue/",
        "year listing": "/" + years[-1].parent.relative_to(site).as_posix() + "/",
        "branches": "/catalogue/branches/",
        "units": "/catalogue/units/",
        "tags": "/tags/",
        "largest tag page": "/" + tag_pages[-1].parent.relative_to(site).as_posix() + "/",
        "project": first(f"projects/{newest}/*/index.html"),
        "stats": "/stats/",
        "apply": "/apply/",
        "update": "/update/",
        "panel": "/panel/",
        "signin": "/signin/",
        "guide": "/guide/apply/",
        "rules reference": "/rules-reference/",
        "open data": "/open-data/",
    }
    return {k: v for k, v in pages.items() if v and (site / v.strip("/") / "index.html").exists()}


# A form's first use that needs its project list: a name typed (/apply/), the picker's filter.
FIRST_USE = {"apply": "#f-slug", "update": "#f-filter", "panel": "#f-filter"}


def pages(n: int) -> dict[str, Any]:
    """First-visit transfer of every kind of page (gzip, photos aside), cold, until the network
    is idle; every address any page asked for that it does not show (sitemap.xml)."""
    from playwright.sync_api import sync_playwright

    site = corpus(n) / "site"
    visits: dict[str, Any] = {}
    with search.serve(site) as (base, sent), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=search.CHROMIUM, args=search.ARGS)
        for name, address in sample_pages(site).items():
            context = browser.new_context()
            page = context.new_page()
            sent.clear()
            page.goto(base + address, wait_until="load")
            page.wait_for_load_state("networkidle")
            got = list(sent)
            visits[name] = {
                "address": address,
                "bytes": sum(b for path, b in got if not PHOTOS.search(path)),
                "requests": [path for path, _ in got],
            }
            if name in FIRST_USE:  # then the form used: what reading its project list adds
                with page.expect_response(lambda r: "/api/slim/" in r.url) as read:
                    page.locator(FIRST_USE[name]).click()
                    page.keyboard.type("x")
                read.value.finished()
                deadline = time.monotonic() + 30
                while not any("/api/slim/" in path for path, _ in sent):  # logged after sending
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{address}: the project list was not read on first use")
                    time.sleep(0.05)
                page.wait_for_load_state("networkidle")
                visits[name]["used_bytes"] = sum(b for path, b in sent if not PHOTOS.search(path))
            context.close()
            log(f"  {n}: {name} {address} {visits[name]['bytes'] / 1000:.0f} KB")
        browser.close()
    htmls = sorted((p.stat().st_size, p) for p in site.rglob("*.html") if "pagefind" not in p.parts)
    tags = max(p.stat().st_size for p in site.glob("tags/*/index.html"))
    heaviest = max(visits, key=lambda k: visits[k]["bytes"])
    return {
        "visits": visits,
        "heaviest": heaviest,
        "heaviest_kb": visits[heaviest]["bytes"] / 1000,
        "sitemap_requests": sum(
            path.endswith("sitemap.xml") for v in visits.values() for path in v["requests"]
        ),
        "largest_html_kb": htmls[-1][0] / 1000,
        "largest_html": htmls[-1][1].relative_to(site).as_posix(),
        "largest_tag_page_kb": tags / 1000,
        "forms_kb": max(visits[k]["bytes"] for k in ("apply", "update", "panel") if k in visits)
        / 1000,
        "catalogue_kb": visits["catalogue"]["bytes"] / 1000,
        "forms_used_kb": max(visits[k].get("used_bytes", 0) for k in FIRST_USE if k in visits)
        / 1000,
    }


# ------------------------------------------------------------------------------ search


def search_part(n: int, phone_visits: int) -> dict[str, Any]:
    found = search.measure(corpus(n) / "site", index_rounds=1, phone_visits=phone_visits)
    return {
        "precision": found["precision"],
        "recall": found["recall"],
        "noise": found["noise"],
        "first_result_s": statistics.median(found["first_result_s"]),
        "first_result_all_s": found["first_result_s"],
        "phone_first_result_s": statistics.median(found["phone_first_result_s"]),
        "phone_first_result_all_s": found["phone_first_result_s"],
        "first_query_kb": max(found["first_query_bytes"]) / 1000,
        "later_query_kb": statistics.median(found["later_query_bytes"]) / 1000,
        "words": found["word_list"],
    }


# ------------------------------------------------------------------------------ serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.1)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


class Serve:
    """`mkdocs serve` of `root` on a free port, for the edit loop."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.root = root
        log_path = OUT / "logs" / f"serve-{root.name}.log"
        self.out = log_path.open("wb")
        cmd = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--livereload"]
        cmd += ["-a", f"127.0.0.1:{self.port}"]
        self.proc = subprocess.Popen(
            cmd,
            cwd=root,
            env=ENV,
            stdout=self.out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_logged(self, text: str, count: int, timeout: float = 1200) -> None:
        path = Path(self.out.name)
        start = time.perf_counter()
        while path.read_text(encoding="utf-8", errors="replace").count(text) < count:
            if time.perf_counter() - start > timeout:
                raise SystemExit(f"{path}: {text!r} not logged {count} times")
            time.sleep(0.2)

    def url(self, address: str) -> str:
        return f"http://127.0.0.1:{self.port}{address}"

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(60)
        self.out.close()


def serve_loop(n: int, rounds: int) -> dict[str, Any]:
    """One project edited (a sentence added at the end of its file) → the time until its page,
    fetched every 0.1 s, shows it; the plugin's `mkdocs serve` of the repository against a plain
    `mkdocs serve` of the exported pages (the same edit in the exported page), interleaved."""
    root = corpus(n)
    staged = export(root, n, "staged-serve")  # not the builds' copy: the parts may run at once
    target = sorted((root / "projects").glob("*/*.md"))[-1]
    rel = target.relative_to(root / "projects")
    sources = {"plugin": target, "plain": staged / "docs" / "projects" / rel}
    address = "/projects/" + rel.with_suffix("").as_posix() + "/"
    originals = {k: p.read_text(encoding="utf-8") for k, p in sources.items()}
    servers = {"plugin": Serve(root), "plain": Serve(staged)}
    times: dict[str, list[float]] = {"plugin": [], "plain": []}
    try:
        for server in servers.values():
            wait_for(server.url(address), "</html>", 1200)  # the first build
        for i in range(rounds):
            for side in ("plugin", "plain") if i % 2 == 0 else ("plain", "plugin"):
                marker = f"\u57fa\u51c6\u6807\u8bb0{i}{side}"  # 基准标记
                # The plugin's search index of the previous build (run after its pages are
                # served) ends first: it would take CPU from the build measured next.
                servers["plugin"].wait_logged(INDEXED, 1 + len(times["plugin"]))
                sources[side].write_text(
                    originals[side].rstrip("\n") + f"\n\n{marker}\u3002\n", encoding="utf-8"
                )
                times[side].append(wait_for(servers[side].url(address), marker, 1200))
                log(f"  {n}: serve {side} {times[side][-1]:.1f} s")
    finally:
        for side, path in sources.items():
            path.write_text(originals[side], encoding="utf-8")
        for server in servers.values():
            server.stop()
    return {
        "rounds": rounds,
        "times": times,
        "plugin_s": statistics.median(times["plugin"]),
        "plain_s": statistics.median(times["plain"]),
    }


# ------------------------------------------------------------------------------ the table


def rows(results: dict[str, Any]) -> list[list[str]]:
    """figure, each size's value, goal, met?"""
    sizes = sorted(results, key=int)
    table: list[list[str]] = []

    def row(name: str, part: str, value, goal: str, check) -> None:
        cells, verdicts = [], []
        for size in sizes:
            got = results[size].get(part)
            if not got:
                cells.append("—")
                continue
            v = value(got)
            cells.append(v[0])
            if check is not None:
                verdicts.append(check(v[1]))
        met = "—" if check is None or not verdicts else ("met" if all(verdicts) else "MISSED")
        table.append([name, *cells, goal, met])

    kb = lambda x: (f"{x:.0f} KB", x)  # noqa: E731
    row(
        "heaviest page's first visit (gzip, photos aside)",
        "pages",
        lambda p: (f"{p['heaviest_kb']:.0f} KB ({p['heaviest']})", p["heaviest_kb"]),
        "≤ 200 KB",
        lambda x: x <= 200,
    )
    row(
        "forms' first visit (/apply/ /update/ /panel/, the heaviest)",
        "pages",
        lambda p: kb(p["forms_kb"]),
        "≤ 200 KB",
        lambda x: x <= 200,
    )
    row(
        "forms once used (their project list read), the heaviest",
        "pages",
        lambda p: kb(p.get("forms_used_kb", 0)),
        "reported",
        None,
    )
    row(
        "catalogue's first visit",
        "pages",
        lambda p: kb(p["catalogue_kb"]),
        "≤ 200 KB",
        lambda x: x <= 200,
    )
    row(
        "requests for sitemap.xml, all pages",
        "pages",
        lambda p: (str(p["sitemap_requests"]), p["sitemap_requests"]),
        "0",
        lambda x: x == 0,
    )
    row(
        "largest tag page (HTML)",
        "pages",
        lambda p: kb(p["largest_tag_page_kb"]),
        "≤ 100 KB",
        lambda x: x <= 100,
    )
    row(
        "largest HTML page",
        "pages",
        lambda p: (f"{p['largest_html_kb']:.0f} KB ({p['largest_html']})", p["largest_html_kb"]),
        "reported",
        None,
    )
    row(
        "search precision / recall",
        "search",
        lambda s: (f"{s['precision']:.2f} / {s['recall']:.2f}", min(s["precision"], s["recall"])),
        "1.0 / 1.0",
        lambda x: x >= 1.0,
    )
    row(
        "typed at load → first result, median",
        "search",
        lambda s: (f"{s['first_result_s']:.2f} s", s["first_result_s"]),
        "≤ 1.0 s",
        lambda x: x <= 1.0,
    )
    row(
        "same, phone proxy (CPU 4×, 1.6 Mbps, 150 ms RTT), median",
        "search",
        lambda s: (f"{s['phone_first_result_s']:.2f} s", s["phone_first_result_s"]),
        "≤ 3.0 s",
        lambda x: x <= 3.0,
    )
    row(
        "first query's transfer (gzip), the most of the visits",
        "search",
        lambda s: kb(s["first_query_kb"]),
        "≤ 200 KB",
        lambda x: x <= 200,
    )
    row(
        "build CPU: plugin ÷ (plain + Pagefind)",
        "builds",
        lambda b: ratio(b["plugin_cpu_s"], b["plain_cpu_s"] + b["pagefind_cpu_s"]),
        "≤ 1.1",
        lambda x: x <= 1.1,
    )
    row(
        "build CPU: plugin ÷ plain (no Pagefind on the plain side)",
        "builds",
        lambda b: ratio(b["plugin_cpu_s"], b["plain_cpu_s"]),
        "reported",
        None,
    )
    row(
        "build wall: plugin ÷ (plain + Pagefind)",
        "builds",
        lambda b: ratio(b["plugin_wall_s"], b["plain_wall_s"] + b["pagefind_wall_s"]),
        "reported (load swings it)",
        None,
    )
    row(
        "peak memory: plugin ÷ plain (no Pagefind)",
        "builds",
        lambda b: ratio(b["plugin_rss_mib"], b["plain_rss_mib"], " MiB"),
        "≤ 2.0 (at 5,000)",
        lambda x: x <= 2.0,
    )
    row(
        "peak memory: plugin ÷ (plain + Pagefind)",
        "builds",
        lambda b: ratio(
            b["plugin_rss_mib"], max(b["plain_rss_mib"], b["pagefind_rss_mib"]), " MiB"
        ),
        "reported",
        None,
    )
    row(
        "edit in `mkdocs serve` → page shows it: plugin ÷ plain",
        "serve",
        lambda s: ratio(s["plugin_s"], s["plain_s"]),
        "≤ 1.15",
        lambda x: x <= 1.15,
    )
    return table


def ratio(a: float, b: float, unit: str = " s") -> tuple[str, float]:
    return f"{a / b:.2f} ({a:.1f}{unit} ÷ {b:.1f}{unit})", a / b


def print_table(results: dict[str, Any]) -> None:
    sizes = sorted(results, key=int)
    header = ["figure", *(f"{int(s):,} public" for s in sizes), "goal", "result"]
    body = rows(results)
    width = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    line = lambda r: " | ".join(c.ljust(w) for c, w in zip(r, width, strict=True))  # noqa: E731
    print("| " + line(header) + " |")
    print("| " + " | ".join("-" * w for w in width) + " |")
    for r in body:
        print("| " + line(r) + " |")


def load() -> dict[str, Any]:
    return json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}


def save(size: int, part: str, figures: dict[str, Any]) -> None:
    results = load()
    results.setdefault(str(size), {})[part] = figures
    results[str(size)].setdefault("machine", {})[part] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load": os.getloadavg(),
        "nproc": os.cpu_count(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="The site's figures (issue 22).")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--rounds", type=int, default=2, help="build rounds per side")
    parser.add_argument("--serve-rounds", type=int, default=3)
    parser.add_argument("--phone-visits", type=int, default=4)
    parser.add_argument("--table", action="store_true", help="only print the table")
    args = parser.parse_args()
    if not args.table:
        for n in args.sizes:
            root = corpus(n)
            if "builds" in args.only:
                log(f"builds at {n}, {args.rounds} rounds a side")
                save(n, "builds", builds(n, args.rounds))
            elif {"pages", "search"} & set(args.only) and not (root / "site" / "pagefind").exists():
                mkdocs_build(root)
            if "pages" in args.only:
                log(f"pages at {n}")
                save(n, "pages", pages(n))
            if "search" in args.only:
                log(f"search at {n}")
                save(n, "search", search_part(n, args.phone_visits))
            if "serve" in args.only and n <= 1000:  # the edit loop: at 1,000 (as the issue)
                log(f"edit loop at {n}")
                save(n, "serve", serve_loop(n, args.serve_rounds))
    results = {k: v for k, v in load().items() if k.isdigit()}
    results = {k: results[k] for k in sorted(results, key=int)}
    print()
    print_table(results)
    print(
        f"\n(figures in {RESULTS.relative_to(REPO)}; "
        f"max RSS of this process's children {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
