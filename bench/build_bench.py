#!/usr/bin/env python3
"""Build-time benchmark: Lapak against Hugo on the same text-only store.

Run on demand (never from the tests):

    python bench/build_bench.py                      # sizes 1000,5000, 5 rounds
    python bench/build_bench.py --sizes 200 --repeat 1   # quick smoke run

For each size it generates a deterministic corpus (no photo files) with the shared
helpers (make_corpus.py, to_lapak.py, prepare.sh hugo), then times whole-process wall
time of four commands, interleaved in every round so machine noise hits all of them:

    lapak cold     rm OUT and STORE/.lapak-cache; python -m generator build STORE --output OUT
    lapak rebuild  the same command again, nothing changed
    hugo cold      rm WORK/out and WORK/resources; hugo --quiet -d out   (cwd WORK)
    hugo rebuild   hugo --quiet -d out again

It prints a markdown table of medians (min/max) and the goal ratios with PASS/FAIL:
Lapak cold / Hugo cold <= 1.0, Lapak rebuild / Hugo rebuild < 0.2, and Lapak cold time
per product at the largest size / at the smallest size <= 1.1 (no worse than linear).

Needs: Python 3.11, PyYAML (for the shared corpus helpers), hugo (apt-get install hugo).
The helpers are found at <repo>/../shared/bench unless --shared DIR says otherwise.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 42
IMAGES_PER_PRODUCT = 1

# Goals (from the project's issue).
GOAL_COLD = 1.0      # Lapak cold / Hugo cold: no slower than Hugo
GOAL_REBUILD = 0.2   # Lapak no-change rebuild / Hugo rebuild: under a fifth (strict)
GOAL_SCALING = 1.1   # Lapak cold per product, largest / smallest size: about linear or better

TOOLS = ("lapak_cold", "lapak_rebuild", "hugo_cold", "hugo_rebuild")
LABELS = {
    "lapak_cold": "Lapak cold",
    "lapak_rebuild": "Lapak no-change rebuild",
    "hugo_cold": "Hugo cold",
    "hugo_rebuild": "Hugo rebuild",
}


class BenchError(Exception):
    pass


def quote(cmd) -> str:
    return " ".join(shlex.quote(str(c)) for c in cmd)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.replace(" ", "").split(",") if s]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes wants comma-separated integers, got {text!r}")
    if not sizes or any(n <= 0 for n in sizes):
        raise argparse.ArgumentTypeError(f"--sizes wants positive integers, got {text!r}")
    return sizes


def find_shared(arg: str | None) -> Path:
    cand = Path(arg) if arg else REPO.parent / "shared" / "bench"
    cand = cand.resolve()
    for d in (cand, cand / "bench"):  # accept either shared/ or shared/bench
        if all((d / f).is_file() for f in ("make_corpus.py", "to_lapak.py", "prepare.sh")):
            return d
    raise BenchError(f"benchmark helpers (make_corpus.py, to_lapak.py, prepare.sh) not found in {cand}; "
                     "pass --shared DIR")


def run(cmd, cwd: Path, what: str, flush: bool = False) -> float:
    """Run cmd, return whole-process wall time in seconds; raise on a non-zero exit.

    flush: first write back dirty pages (untimed), so the previous build's output being flushed
    to disk does not land in this build's time.
    """
    if flush:
        os.sync()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").rstrip()
        out = proc.stdout.decode(errors="replace").rstrip()
        msg = [f"{what} failed with exit status {proc.returncode}", f"  command: {quote(cmd)}", f"  cwd: {cwd}"]
        if out:
            msg += ["  stdout (last 40 lines):"] + ["    " + l for l in out.splitlines()[-40:]]
        msg += ["  stderr:"] + ["    " + l for l in (err.splitlines() or ["(empty)"])]
        raise BenchError("\n".join(msg))
    return dt


def rm(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html")) if out.is_dir() else 0


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Setup:
    """Work dirs for one size; corpus generation and layout are not timed."""

    def __init__(self, base: Path, n: int, shared: Path, lapak_prefix: list[str], hugo: str):
        self.n = n
        self.dir = base / f"n{n}"
        self.corpus = self.dir / "corpus"
        self.store = self.dir / "lapak-store"
        self.lapak_out = self.dir / "lapak-out"
        self.hugo_work = self.dir / "hugo"
        self.shared = shared
        self.lapak_cmd = lapak_prefix + ["build", str(self.store), "--output", str(self.lapak_out)]
        self.hugo_cmd = [hugo, "--quiet", "-d", "out"]

    def prepare(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        stamp_file = self.dir / "corpus.json"
        stamp = {"products": self.n, "seed": SEED, "images_per_product": IMAGES_PER_PRODUCT,
                 "no_photo_files": True, "make_corpus_sha256": sha256(self.shared / "make_corpus.py")}
        try:
            reuse = json.loads(stamp_file.read_text()) == stamp and self.corpus.is_dir()
        except (OSError, ValueError):
            reuse = False
        t0 = time.perf_counter()
        if not reuse:
            rm(stamp_file)
            run([sys.executable, str(self.shared / "make_corpus.py"), "--products", str(self.n),
                 "--images-per-product", str(IMAGES_PER_PRODUCT), "--no-photo-files",
                 "--seed", str(SEED), "--out", str(self.corpus), "--force"], self.dir, "make_corpus.py")
            stamp_file.write_text(json.dumps(stamp, indent=1) + "\n")
        # Re-lay both layouts every time (cheap) so a kept work dir never carries stale state.
        rm(self.store)
        rm(self.lapak_out)
        run([sys.executable, str(self.shared / "to_lapak.py"), str(self.corpus), str(self.store)],
            self.dir, "to_lapak.py")
        run(["sh", str(self.shared / "prepare.sh"), "hugo", str(self.corpus), str(self.hugo_work)],
            self.dir, "prepare.sh hugo")
        print(f"  prepared {self.n} products in {self.dir} "
              f"({'corpus reused, ' if reuse else ''}{time.perf_counter() - t0:.1f}s, not timed)", flush=True)

    # -- timed steps -----------------------------------------------------------
    def lapak_cold(self) -> float:
        rm(self.lapak_out)
        rm(self.store / ".lapak-cache")
        return run(self.lapak_cmd, REPO, "Lapak cold build", flush=True)

    def lapak_rebuild(self) -> float:
        return run(self.lapak_cmd, REPO, "Lapak no-change rebuild", flush=True)

    def hugo_cold(self) -> float:
        rm(self.hugo_work / "out")
        rm(self.hugo_work / "resources")
        return run(self.hugo_cmd, self.hugo_work, "Hugo cold build", flush=True)

    def hugo_rebuild(self) -> float:
        return run(self.hugo_cmd, self.hugo_work, "Hugo rebuild", flush=True)

    def check_outputs(self) -> dict:
        pages = {"lapak": count_pages(self.lapak_out), "hugo": count_pages(self.hugo_work / "out")}
        for tool, outdir in (("lapak", self.lapak_out), ("hugo", self.hugo_work / "out")):
            if pages[tool] == 0:
                raise BenchError(f"{tool} build exited 0 but wrote no .html file under {outdir}")
        return pages


def bench_size(s: Setup, repeat: int, warmup: int) -> tuple[dict, dict]:
    samples: dict[str, list[float]] = {t: [] for t in TOOLS}
    # Untimed warm-up: fills OS caches and Python bytecode caches, and checks every command once.
    for _ in range(warmup):
        s.lapak_cold(); s.lapak_rebuild(); s.hugo_cold(); s.hugo_rebuild()
    pages = s.check_outputs() if warmup else None
    for r in range(repeat):
        # Interleave the tools in every round; alternate which goes first so neither is always
        # the one that runs right after the other's (cache-evicting) build.
        pairs = [("lapak_cold", "lapak_rebuild"), ("hugo_cold", "hugo_rebuild")]
        if r % 2:
            pairs.reverse()
        for cold, rebuild in pairs:
            samples[cold].append(getattr(s, cold)())
            samples[rebuild].append(getattr(s, rebuild)())
        print(f"  round {r + 1}/{repeat}: " + ", ".join(f"{LABELS[t]} {samples[t][-1]:.3f}s" for t in TOOLS),
              flush=True)
    if pages is None:
        pages = s.check_outputs()
    return samples, pages


def summarize(vals: list[float]) -> dict:
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "samples": vals}


def mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def report(results: dict, sizes: list[int]) -> tuple[str, dict]:
    lines = ["### Build times (whole-process wall time, seconds)", "",
             "| products | tool | median | min | max | median ms/product |",
             "|---:|---|---:|---:|---:|---:|"]
    for n in sizes:
        for t in TOOLS:
            st = results[str(n)]["stats"][t]
            lines.append(f"| {n} | {LABELS[t]} | {st['median']:.3f} | {st['min']:.3f} | {st['max']:.3f} "
                         f"| {1000 * st['median'] / n:.3f} |")
    goals: dict = {"per_size": {}, "scaling": None}
    lines += ["", "### Goals (ratios of medians from this run)", "",
              "| products | ratio | value | goal | result |", "|---:|---|---:|---|---|"]
    for n in sizes:
        st = results[str(n)]["stats"]
        cold = st["lapak_cold"]["median"] / st["hugo_cold"]["median"]
        reb = st["lapak_rebuild"]["median"] / st["hugo_rebuild"]["median"]
        goals["per_size"][str(n)] = {
            "cold_ratio": cold, "cold_pass": cold <= GOAL_COLD,
            "rebuild_ratio": reb, "rebuild_pass": reb < GOAL_REBUILD,
        }
        lines.append(f"| {n} | Lapak cold / Hugo cold | {cold:.3f} | <= {GOAL_COLD} | {mark(cold <= GOAL_COLD)} |")
        lines.append(f"| {n} | Lapak rebuild / Hugo rebuild | {reb:.3f} | < {GOAL_REBUILD} "
                     f"| {mark(reb < GOAL_REBUILD)} |")
    lo, hi = min(sizes), max(sizes)
    if lo != hi:
        def per_product(tool, n):
            return results[str(n)]["stats"][tool]["median"] / n
        lap = per_product("lapak_cold", hi) / per_product("lapak_cold", lo)
        hug = per_product("hugo_cold", hi) / per_product("hugo_cold", lo)
        goals["scaling"] = {"small": lo, "large": hi, "lapak_cold_per_product_ratio": lap,
                            "hugo_cold_per_product_ratio": hug, "pass": lap <= GOAL_SCALING}
        lines.append(f"| {hi} vs {lo} | Lapak cold per product, {hi} / {lo} | {lap:.3f} | <= {GOAL_SCALING} "
                     f"| {mark(lap <= GOAL_SCALING)} |")
        lines.append(f"| {hi} vs {lo} | (reference) Hugo cold per product, {hi} / {lo} | {hug:.3f} | — | — |")
    else:
        lines.append(f"| — | Lapak cold per product, large / small | — | <= {GOAL_SCALING} "
                     f"| n/a (needs two sizes) |")
    lines += ["", "Pages written (*.html): " + ", ".join(
        f"{n}: Lapak {results[str(n)]['pages']['lapak']}, Hugo {results[str(n)]['pages']['hugo']}" for n in sizes)]
    return "\n".join(lines), goals


def tool_version(cmd) -> str:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=parse_sizes, default=[1000, 5000],
                    help="comma-separated product counts (default 1000,5000)")
    ap.add_argument("--repeat", type=int, default=5, help="timed rounds per size (default 5)")
    ap.add_argument("--warmup", type=int, default=1,
                    help="untimed rounds per size before timing (default 1; 0 to skip)")
    ap.add_argument("--keep", metavar="DIR",
                    help="work dir to use and keep (a matching corpus in it is reused); default: a temp dir, removed")
    ap.add_argument("--shared", metavar="DIR", help="benchmark helpers dir (default <repo>/../shared/bench)")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    ap.add_argument("--lapak-cmd", metavar="CMD",
                    help="command prefix for Lapak, split like a shell would (default: python -m generator, "
                         "with this interpreter); 'build STORE --output OUT' is appended; cwd is the repo root")
    ap.add_argument("--hugo", default="hugo", help="hugo executable (default: hugo on PATH)")
    a = ap.parse_args(argv)
    if a.repeat < 1:
        ap.error("--repeat must be >= 1")
    if a.warmup < 0:
        ap.error("--warmup must be >= 0")
    sizes = sorted(dict.fromkeys(a.sizes))

    command_line = quote([sys.executable] + sys.argv) if argv is None else quote(["build_bench.py"] + argv)
    lapak_prefix = shlex.split(a.lapak_cmd) if a.lapak_cmd else [sys.executable, "-m", "generator"]
    if not lapak_prefix:
        ap.error("--lapak-cmd is empty")

    try:
        shared = find_shared(a.shared)
        hugo = shutil.which(a.hugo)
        if not hugo:
            raise BenchError(f"hugo not found ({a.hugo!r}); install it with: apt-get install hugo")
        meta = {
            "command_line": command_line,
            "cpu_count": os.cpu_count(),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
            "hugo_version": tool_version([hugo, "version"]),
            "lapak_cmd": quote(lapak_prefix),
            "repo": str(REPO),
            "shared": str(shared),
            "sizes": sizes, "repeat": a.repeat, "warmup": a.warmup, "seed": SEED,
            "images_per_product": IMAGES_PER_PRODUCT, "photo_files": False,
        }
        print(f"command line: {command_line}")
        print(f"os.cpu_count(): {os.cpu_count()}   python {meta['python']}   {meta['hugo_version']}")
        print(f"lapak: {meta['lapak_cmd']} build STORE --output OUT   (cwd {REPO})")
        print(f"hugo:  {hugo} --quiet -d out   (cwd WORK)")

        if a.keep:
            base = Path(a.keep).resolve()
            base.mkdir(parents=True, exist_ok=True)
            cleanup = None
        else:
            base = Path(tempfile.mkdtemp(prefix="lapak-bench-"))
            cleanup = base
        print(f"work dir: {base}{'' if cleanup is None else ' (temporary)'}\n", flush=True)

        results: dict = {}
        try:
            for n in sizes:
                print(f"== {n} products", flush=True)
                s = Setup(base, n, shared, lapak_prefix, hugo)
                s.prepare()
                samples, pages = bench_size(s, a.repeat, a.warmup)
                results[str(n)] = {"stats": {t: summarize(samples[t]) for t in TOOLS}, "pages": pages,
                                   "commands": {"lapak": quote(s.lapak_cmd), "hugo": quote(s.hugo_cmd)}}
        finally:
            if cleanup is not None:
                shutil.rmtree(cleanup, ignore_errors=True)
    except BenchError as e:
        print(f"\nbuild_bench: {e}", file=sys.stderr)
        return 1

    table, goals = report(results, sizes)
    print()
    print(f"Command: `{command_line}`  ")
    print(f"Machine: os.cpu_count() = {os.cpu_count()}, {meta['platform']}, Python {meta['python']}, "
          f"{meta['hugo_version']}  ")
    print(f"Rounds: {a.repeat} timed (+{a.warmup} warm-up) per size, tools interleaved; "
          "compare ratios, absolute times drift between runs and machines.\n")
    print(table)
    if a.json:
        Path(a.json).write_text(json.dumps({"meta": meta, "results": results, "goals": goals}, indent=2) + "\n")
        print(f"\nwrote {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
