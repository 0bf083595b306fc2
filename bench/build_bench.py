#!/usr/bin/env python3
"""Build-time benchmark: Lapak against Hugo on the same text-only store.

Run on demand (never from the tests):

    python bench/build_bench.py                          # sizes 1000,5000, 5 rounds
    python bench/build_bench.py --sizes 200 --repeat 1   # quick smoke run

For each size it generates a deterministic corpus (no photo files) with the shared
helpers (make_corpus.py, to_lapak.py, prepare.sh hugo), then times whole-process wall
time of five commands, interleaved in every round so machine noise hits all of them:

    lapak cold     rm OUT and STORE/.lapak-cache; python -m generator build STORE --output OUT
    lapak rebuild  the same command again, nothing changed
    lapak theme    a meta tag added to the store's own templates/base.html (a copy of the theme's,
                   present from the start), then the same command: every page is rendered
                   again, share cards and QR codes stay cached; every page is checked for it
    hugo cold      rm WORK/out and WORK/resources; hugo --quiet -d out   (cwd WORK)
    hugo rebuild   hugo --quiet -d out again

Lapak runs from the repository this script sits in (cwd and PYTHONPATH are the repository).
Every Lapak run also records its peak memory: the largest single process (os.wait4's
ru_maxrss) and the summed resident size of the process and all its workers (sampled from
/proc every 50 ms). It prints a markdown table of medians (min/max) and the issue's goals
with PASS/FAIL: Lapak cold / Hugo cold <= 2.5, Lapak theme edit / Hugo cold <= 1.0,
Lapak rebuild / Hugo rebuild <= 0.2, Lapak cold time per product at the largest size / at
the smallest <= 1.1, and peak memory < 300 MB at the largest size.

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
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = 42
IMAGES_PER_PRODUCT = 1

# Goals (from the project's issue).
GOAL_COLD = 2.5      # Lapak cold (pages, share cards, QR codes) / Hugo cold
GOAL_THEME = 1.0     # Lapak theme-edit rebuild / Hugo cold
GOAL_REBUILD = 0.2   # Lapak no-change rebuild / Hugo rebuild
GOAL_SCALING = 1.1   # Lapak cold per product, largest / smallest size: about linear or better
GOAL_MEMORY_MB = 300  # peak memory of a Lapak build (process and workers) at the largest size
MEMORY_SIZE = 5000   # the store size the issue sets the memory bar at

TOOLS = ("lapak_cold", "lapak_rebuild", "lapak_theme", "hugo_cold", "hugo_rebuild")
LAPAK_TOOLS = ("lapak_cold", "lapak_rebuild", "lapak_theme")
LABELS = {
    "lapak_cold": "Lapak cold",
    "lapak_rebuild": "Lapak no-change rebuild",
    "lapak_theme": "Lapak theme-edit rebuild",
    "hugo_cold": "Hugo cold",
    "hugo_rebuild": "Hugo rebuild",
}
# The template the theme-edit measurement changes: every page extends it, so every page must be
# rendered again. It is the store's own override (STORE/templates/), a copy of the theme's.
THEME_TEMPLATE = "base.html"
EDIT_NAME = "lapak-bench-edit"
EDIT_MARK = re.compile(EDIT_NAME + r"""["']?\s+content=["']?(\d+)""")
SAMPLE_SECONDS = 0.05


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


def lapak_env() -> dict[str, str]:
    """The environment Lapak runs in: this repository first on the import path, whatever is installed."""
    env = dict(os.environ)
    # An installed Lapak has its bytecode compiled by pip; so does this one (see compile_lapak), and a
    # PYTHONDONTWRITEBYTECODE set for this shell would otherwise make every run and worker compile it again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def default_template() -> Path:
    """The built-in default theme's base template in this repository (wherever the package keeps it)."""
    for cand in (REPO / "themes" / "default", REPO / "generator" / "themes" / "default"):
        if (cand / "templates" / THEME_TEMPLATE).is_file():
            return cand / "templates" / THEME_TEMPLATE
    found = sorted(p for p in REPO.glob(f"**/themes/default/templates/{THEME_TEMPLATE}") if ".git" not in p.parts)
    if not found:
        raise BenchError(f"the default theme's {THEME_TEMPLATE} was not found in {REPO}: the theme-edit "
                         "measurement copies it into the store")
    return found[0]


def check_lapak_source(python: str) -> str:
    """Fail unless ``python -m generator`` (cwd and env as the timed runs) imports this repository's code."""
    proc = subprocess.run([python, "-c", "import generator; print(generator.__file__)"], cwd=REPO,
                          env=lapak_env(), capture_output=True, text=True)
    found = proc.stdout.strip()
    if proc.returncode != 0 or not found:
        raise BenchError(f"cannot import generator from {REPO}:\n{proc.stderr.strip()}")
    if not Path(found).resolve().is_relative_to(REPO / "generator"):
        raise BenchError(f"python -m generator would run {found}, not the code in {REPO}")
    compile_lapak(python)
    return found


def compile_lapak(python: str) -> None:
    """Compile the repository's code to bytecode once, as ``pip install`` does for a seller's Lapak."""
    subprocess.run([python, "-m", "compileall", "-q", str(REPO / "generator")], env=lapak_env(),
                   stdout=subprocess.DEVNULL, check=True)


# -- running a command and measuring it ------------------------------------------------------------

def _rss(pid: int) -> int:
    """Resident size of one process in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            return next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:")), 0)
    except (OSError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                found += [int(c) for c in fh.read().split()]
    except (OSError, ValueError):
        pass
    return found


def tree_rss(pid: int) -> int:
    """Summed resident size (bytes) of ``pid`` and all its descendants, from /proc."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss(p)
        todo += _children(p)
    return total


class Sampler:
    """Polls the summed resident size of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int):
        self.pid, self.peak = pid, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.enabled = os.path.isdir(f"/proc/{pid}")

    def _run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._done.wait(SAMPLE_SECONDS)

    def __enter__(self) -> "Sampler":
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        if self.enabled:
            self._thread.join()


class Run(dict):
    """One measured command: seconds, largest-process and whole-tree peak memory (MB, or None)."""

    @property
    def seconds(self) -> float:
        return self["seconds"]


def run(cmd, cwd: Path, what: str, flush: bool = False, env: dict | None = None,
        tree: bool = False) -> Run:
    """Run cmd, return its wall time and peak memory; raise on a non-zero exit.

    flush: first write back dirty pages (untimed), so the previous build's output being flushed
    to disk does not land in this build's time. tree: also sample the summed resident size of
    the process and its workers (otherwise only the largest single process is known).
    """
    if flush:
        os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        largest_mb = None
        if hasattr(os, "wait4"):
            with (Sampler(proc.pid) if tree else _nothing()) as sampler:
                _, status, usage = os.wait4(proc.pid, 0)
            dt = time.perf_counter() - t0
            proc.returncode = os.waitstatus_to_exitcode(status)
            largest_mb = usage.ru_maxrss / 1024  # kB on Linux
        else:  # no wait4 (Windows): time only
            sampler = None
            proc.wait()
            dt = time.perf_counter() - t0
        tree_mb = sampler.peak / 2**20 if tree and sampler is not None and sampler.enabled else None
        if proc.returncode != 0:
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode(errors="replace").rstrip()
            stderr = err.read().decode(errors="replace").rstrip()
            msg = [f"{what} failed with exit status {proc.returncode}", f"  command: {quote(cmd)}", f"  cwd: {cwd}"]
            if stdout:
                msg += ["  stdout (last 40 lines):"] + ["    " + l for l in stdout.splitlines()[-40:]]
            msg += ["  stderr:"] + ["    " + l for l in (stderr.splitlines() or ["(empty)"])]
            raise BenchError("\n".join(msg))
    return Run(seconds=dt, largest_mb=largest_mb, tree_mb=tree_mb)


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc) -> None:
        pass


def rm(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def count_files(out: Path) -> dict[str, int]:
    """Files written, by extension (lower case, without the dot)."""
    counts: dict[str, int] = {}
    if out.is_dir():
        for p in out.rglob("*"):
            if p.is_file():
                ext = p.suffix.lower().lstrip(".") or p.name
                counts[ext] = counts.get(ext, 0) + 1
    return dict(sorted(counts.items()))


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
        self.template = self.store / "templates" / THEME_TEMPLATE
        self.template_text = ""
        self.edits = 0
        self.edits_seen = 0

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
        self._complete_store()
        run(["sh", str(self.shared / "prepare.sh"), "hugo", str(self.corpus), str(self.hugo_work)],
            self.dir, "prepare.sh hugo")
        print(f"  prepared {self.n} products in {self.dir} "
              f"({'corpus reused, ' if reuse else ''}{time.perf_counter() - t0:.1f}s, not timed)", flush=True)

    def _complete_store(self) -> None:
        """Everything a seller gets: a base_url (share cards, canonical links) and a WhatsApp number
        (order buttons, QR codes); and the store's own copy of the theme's base template, which the
        theme-edit measurement changes."""
        import yaml

        path = self.store / "store.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        added = {k: v for k, v in (("base_url", "https://toko-contoh.example/"),
                                   ("whatsapp", "+6281234567890")) if not data.get(k)}
        if added:
            data.update(added)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            print(f"  store.yml had no {', '.join(added)}: added", flush=True)
        source = default_template()
        self.template.parent.mkdir(parents=True, exist_ok=True)
        self.template_text = source.read_text(encoding="utf-8")
        self._write_template()

    def _write_template(self) -> int:
        """Write the store's template with the current edit's mark, a meta tag every page shows."""
        mark = f'<meta name="{EDIT_NAME}" content="{self.edits}">'
        text = self.template_text
        text = text.replace("</head>", mark + "\n</head>", 1) if "</head>" in text else text + "\n" + mark + "\n"
        self.template.write_text(text, encoding="utf-8")
        return self.edits

    # -- timed steps -----------------------------------------------------------
    def lapak_cold(self) -> Run:
        rm(self.lapak_out)
        rm(self.store / ".lapak-cache")
        return run(self.lapak_cmd, REPO, "Lapak cold build", flush=True, env=lapak_env(), tree=True)

    def lapak_rebuild(self) -> Run:
        return run(self.lapak_cmd, REPO, "Lapak no-change rebuild", flush=True, env=lapak_env(), tree=True)

    def lapak_theme(self) -> Run:
        """Change the store's base template (a seller's theme edit), rebuild, check it reached every page."""
        self.edits += 1
        edit = self._write_template()
        result = run(self.lapak_cmd, REPO, "Lapak theme-edit rebuild", flush=True, env=lapak_env(), tree=True)
        self._check_edit(edit)  # untimed
        return result

    def _check_edit(self, edit: int) -> None:
        """Every page made from the template shows this edit, none an older one."""
        fresh, stale = 0, []
        for page in sorted(self.lapak_out.rglob("*.html")):
            seen = EDIT_MARK.findall(page.read_text(encoding="utf-8", errors="replace"))
            if str(edit) in seen:
                fresh += 1
            elif seen:
                stale.append(page.relative_to(self.lapak_out).as_posix())
        if stale or fresh < self.n:
            raise BenchError(f"after the theme edit, {fresh} pages show it and {len(stale)} still show an older "
                             f"version{' (for example ' + ', '.join(stale[:5]) + ')' if stale else ''}, "
                             f"for {self.n} products: the rebuild missed the edit")
        self.edits_seen += 1

    def hugo_cold(self) -> Run:
        rm(self.hugo_work / "out")
        rm(self.hugo_work / "resources")
        return run(self.hugo_cmd, self.hugo_work, "Hugo cold build", flush=True)

    def hugo_rebuild(self) -> Run:
        return run(self.hugo_cmd, self.hugo_work, "Hugo rebuild", flush=True)

    def check_outputs(self) -> dict:
        files = {"lapak": count_files(self.lapak_out), "hugo": count_files(self.hugo_work / "out")}
        for tool, outdir in (("lapak", self.lapak_out), ("hugo", self.hugo_work / "out")):
            if not files[tool].get("html"):
                raise BenchError(f"{tool} build exited 0 but wrote no .html file under {outdir}")
        images = sum(files["lapak"].get(e, 0) for e in ("jpg", "jpeg", "png", "webp", "avif", "svg"))
        if images < 2 * self.n:
            print(f"  warning: Lapak wrote {images} image files for {self.n} products; a share card and a "
                  "QR code per product were expected", flush=True)
        return files


def bench_size(s: Setup, repeat: int, warmup: int) -> tuple[dict, dict]:
    samples: dict[str, list[Run]] = {t: [] for t in TOOLS}
    # Untimed warm-up: fills OS caches and Python bytecode caches, and checks every command once.
    for _ in range(warmup):
        for t in TOOLS:
            getattr(s, t)()
    files = s.check_outputs() if warmup else None
    groups = [("lapak_cold", "lapak_rebuild", "lapak_theme"), ("hugo_cold", "hugo_rebuild")]
    for r in range(repeat):
        # Interleave the tools in every round; alternate which goes first so neither is always
        # the one that runs right after the other's (cache-evicting) build.
        for group in (groups if r % 2 == 0 else groups[::-1]):
            for t in group:
                samples[t].append(getattr(s, t)())
        print(f"  round {r + 1}/{repeat}: " + ", ".join(f"{LABELS[t]} {samples[t][-1].seconds:.3f}s" for t in TOOLS),
              flush=True)
    if files is None:
        files = s.check_outputs()
    return samples, files


def summarize(runs: list[Run]) -> dict:
    vals = [r.seconds for r in runs]
    out = {"median": statistics.median(vals), "min": min(vals), "max": max(vals), "samples": vals}
    for key in ("largest_mb", "tree_mb"):
        mem = [r[key] for r in runs if r[key] is not None]
        out[f"peak_{key}"] = max(mem) if mem else None
    return out


def mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def _mb(v: float | None) -> str:
    return "—" if v is None else f"{v:.0f}"


def peak_memory(stats: dict) -> float | None:
    """The peak of every Lapak run at one size: the larger of the sampled tree sum and the largest process."""
    vals = [stats[t][k] for t in LAPAK_TOOLS for k in ("peak_tree_mb", "peak_largest_mb")
            if stats[t][k] is not None]
    return max(vals) if vals else None


def report(results: dict, sizes: list[int]) -> tuple[str, dict]:
    lines = ["### Build times (whole-process wall time, seconds) and peak memory (MB)", "",
             "| products | tool | median | min | max | median ms/product | largest process MB | whole tree MB |",
             "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        for t in TOOLS:
            st = results[str(n)]["stats"][t]
            lines.append(f"| {n} | {LABELS[t]} | {st['median']:.3f} | {st['min']:.3f} | {st['max']:.3f} "
                         f"| {1000 * st['median'] / n:.3f} | {_mb(st['peak_largest_mb'])} | {_mb(st['peak_tree_mb'])} |")
    goals: dict = {"per_size": {}, "scaling": None, "memory": None}
    lines += ["", "### Goals (ratios of medians from this run)", "",
              "| products | measure | value | goal | result |", "|---:|---|---:|---|---|"]
    for n in sizes:
        st = results[str(n)]["stats"]
        cold = st["lapak_cold"]["median"] / st["hugo_cold"]["median"]
        theme = st["lapak_theme"]["median"] / st["hugo_cold"]["median"]
        reb = st["lapak_rebuild"]["median"] / st["hugo_rebuild"]["median"]
        goals["per_size"][str(n)] = {
            "cold_ratio": cold, "cold_pass": cold <= GOAL_COLD,
            "theme_ratio": theme, "theme_pass": theme <= GOAL_THEME,
            "rebuild_ratio": reb, "rebuild_pass": reb <= GOAL_REBUILD,
        }
        lines.append(f"| {n} | Lapak cold / Hugo cold | {cold:.3f} | <= {GOAL_COLD} | {mark(cold <= GOAL_COLD)} |")
        lines.append(f"| {n} | Lapak theme-edit rebuild / Hugo cold | {theme:.3f} | <= {GOAL_THEME} "
                     f"| {mark(theme <= GOAL_THEME)} |")
        lines.append(f"| {n} | Lapak no-change rebuild / Hugo rebuild | {reb:.3f} | <= {GOAL_REBUILD} "
                     f"| {mark(reb <= GOAL_REBUILD)} |")
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
    peak = peak_memory(results[str(hi)]["stats"])
    ok = None if peak is None else peak < GOAL_MEMORY_MB
    goals["memory"] = {"products": hi, "peak_mb": peak, "pass": ok}
    note = "" if hi == MEMORY_SIZE else f" (the bar is set at {MEMORY_SIZE})"
    lines.append(f"| {hi} | Lapak peak memory, process and workers (MB){note} | {_mb(peak)} "
                 f"| < {GOAL_MEMORY_MB} | {mark(ok)} |")
    lines += ["", "Files written (by extension): " + "; ".join(
        f"{n}: Lapak {_files(results[str(n)]['files']['lapak'])}, Hugo {_files(results[str(n)]['files']['hugo'])}"
        for n in sizes)]
    lines.append("Theme edits seen on every page: " + ", ".join(
        f"{n}: {results[str(n)]['theme_edits_seen']}/{results[str(n)]['theme_edits']}" for n in sizes))
    return "\n".join(lines), goals


def _files(counts: dict[str, int]) -> str:
    return " ".join(f"{k} {v}" for k, v in counts.items() if k in ("html", "jpg", "png", "svg", "webp", "avif"))


def tool_version(cmd) -> str:
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def git_describe() -> str:
    try:
        p = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                           text=True, timeout=30)
        return p.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
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
        generator_file = check_lapak_source(sys.executable) if not a.lapak_cmd else "(custom --lapak-cmd)"
        meta = {
            "command_line": command_line,
            "cpu_count": os.cpu_count(),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
            "hugo_version": tool_version([hugo, "version"]),
            "lapak_cmd": quote(lapak_prefix),
            "repo": str(REPO),
            "lapak_commit": git_describe(),
            "generator": generator_file,
            "shared": str(shared),
            "sizes": sizes, "repeat": a.repeat, "warmup": a.warmup, "seed": SEED,
            "images_per_product": IMAGES_PER_PRODUCT, "photo_files": False,
            "memory": "largest process: os.wait4 ru_maxrss; whole tree: sum of VmRSS over the process and "
                      f"its descendants from /proc, sampled every {SAMPLE_SECONDS * 1000:.0f} ms",
        }
        print(f"command line: {command_line}")
        print(f"os.cpu_count(): {os.cpu_count()}   python {meta['python']}   {meta['hugo_version']}")
        print(f"lapak: {meta['lapak_cmd']} build STORE --output OUT   (cwd {REPO}, PYTHONPATH {REPO}; "
              f"{meta['lapak_commit']}; imports {generator_file})")
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
                samples, files = bench_size(s, a.repeat, a.warmup)
                results[str(n)] = {"stats": {t: summarize(samples[t]) for t in TOOLS}, "files": files,
                                   "runs": {t: [dict(r) for r in samples[t]] for t in TOOLS},
                                   "theme_edits": s.edits, "theme_edits_seen": s.edits_seen,
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
    print(f"Lapak: {REPO} at {meta['lapak_commit']}  ")
    print(f"Machine: os.cpu_count() = {os.cpu_count()}, {meta['platform']}, Python {meta['python']}, "
          f"{meta['hugo_version']}  ")
    print(f"Rounds: {a.repeat} timed (+{a.warmup} warm-up) per size, tools interleaved; "
          "compare ratios, absolute times drift between runs and machines.  ")
    print(f"Memory: {meta['memory']}.\n")
    print(table)
    if a.json:
        Path(a.json).write_text(json.dumps({"meta": meta, "results": results, "goals": goals}, indent=2) + "\n")
        print(f"\nwrote {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
