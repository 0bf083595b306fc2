#!/usr/bin/env python3
"""Quality bars for the example store: Lighthouse scores and the W3C Nu HTML checker.

    python3 bench/quality.py            # install the tools if needed, build, serve, measure
    python3 bench/quality.py --json out.json
    python3 bench/quality.py --theme warung   # the example store in another built-in theme

What it does, and nothing else:

1. ``npm install --prefix bench/.npm lighthouse@12.2.3 vnu-jar`` when they are not there yet (the
   folder is git-ignored; nothing is installed globally). Lighthouse runs on Node 20 with Debian's
   Chromium (``CHROME_PATH=/usr/bin/chromium``); vnu runs on the installed Java.
2. Builds ``content/`` (with ``--theme NAME``: a copy of it whose store.yml says ``theme: NAME``) into a temporary folder with ``--base-url http://127.0.0.1:<port>/`` and
   serves it from 127.0.0.1 (a plain static server, like a host would).
3. Runs Lighthouse with its default mobile preset (a mid-range phone, throttled 4G, the same audit
   set PageSpeed Insights uses) on the storefront and a product page, three times each, and keeps
   the median run by performance, as Lighthouse's own guidance suggests for noisy machines. Prints
   the four category scores; the bar is 95 in each.
4. Runs vnu on every built HTML page and prints each error.

Exit status: 0 when every bar is met, 1 otherwise. Not a test: run it by hand (see bench/README.md).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NPM_DIR = REPO / "bench" / ".npm"
LIGHTHOUSE_VERSION = "12.2.3"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BAR = 95
# Categories a page is not scored in, and why (none: every page is held to every bar).
NOT_SCORED: dict[str, dict[str, str]] = {}
PAGES = {"storefront": "", "product page": "kopi-robusta-temanggung/", "cart": "keranjang/",
         "how to order": "cara-pesan/"}


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("$", shlex.join(cmd), flush=True)
    return subprocess.run(cmd, check=False, **kw)


def install(npm_dir: Path) -> tuple[Path, Path]:
    """Lighthouse's CLI and vnu.jar under ``npm_dir``, installed there first when missing."""
    lh = npm_dir / "node_modules" / "lighthouse" / "cli" / "index.js"
    vnu = npm_dir / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    pkg = npm_dir / "node_modules" / "lighthouse" / "package.json"
    version = json.loads(pkg.read_text())["version"] if pkg.is_file() else None
    if version != LIGHTHOUSE_VERSION or not vnu.is_file():
        npm_dir.mkdir(parents=True, exist_ok=True)
        result = run(["npm", "install", "--prefix", str(npm_dir), "--no-audit", "--no-fund",
                      f"lighthouse@{LIGHTHOUSE_VERSION}", "vnu-jar"])
        if result.returncode:
            sys.exit("npm install failed")
    return lh, vnu


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # Lighthouse drops connections it no longer needs
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(folder: Path) -> tuple[ThreadingHTTPServer, int]:
    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def example_store(work: Path, theme: str | None, source: Path | None = None) -> Path:
    """The example store (or ``source``), or a copy of it in ``work`` that uses ``theme`` (the original is
    not touched)."""
    if not theme:
        return source or REPO / "content"
    store = work / "store"
    shutil.copytree(source or REPO / "content", store, ignore=shutil.ignore_patterns(".lapak-cache"))
    config = store / "store.yml"
    lines = [ln for ln in config.read_text(encoding="utf-8").splitlines() if not ln.startswith("theme:")]
    config.write_text("\n".join(lines + [f"theme: {theme}", ""]), encoding="utf-8")
    return store


def build(store: Path, output: Path, base: str) -> None:
    result = run([sys.executable, "-m", "generator", "build", str(store), "--output", str(output),
                  "--base-url", base, "--force"], cwd=REPO)
    if result.returncode:
        sys.exit("the example store did not build")


def lighthouse(lh: Path, url: str, out: Path, runs: int) -> dict:
    """Scores (0-100) of the median run by performance, and every run's scores."""
    env = dict(os.environ, CHROME_PATH=CHROME)
    results = []
    for i in range(runs):
        report = out.with_name(f"{out.stem}-{i + 1}.json")
        cmd = ["node", str(lh), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
        result = run(cmd, env=env)
        if result.returncode or not report.is_file():
            sys.exit(f"lighthouse failed on {url}")
        data = json.loads(report.read_text())
        scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
        failing = {c: [a for a in data["categories"][c]["auditRefs"] if a["weight"] and
                       (data["audits"][a["id"]]["score"] or 0) < 1] for c in CATEGORIES}
        results.append({"scores": scores, "report": str(report),
                        "not_perfect": {c: [a["id"] for a in refs] for c, refs in failing.items() if refs},
                        "metrics": {k: data["audits"][k]["displayValue"] for k in
                                    ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                                     "cumulative-layout-shift", "speed-index") if k in data["audits"]}})
    ranked = sorted(results, key=lambda r: r["scores"]["performance"])
    median = ranked[len(ranked) // 2]
    return {**median, "runs": [r["scores"] for r in results],
            "median_performance": statistics.median(r["scores"]["performance"] for r in results)}


def vnu_check(vnu: Path, folder: Path) -> tuple[list[dict], int]:
    pages = sorted(str(p) for p in folder.rglob("*.html"))
    result = run(["java", "-jar", str(vnu), "--errors-only", "--format", "json", *pages],
                 capture_output=True, text=True)
    messages = json.loads(result.stderr or "{}").get("messages", []) if result.stderr.strip().startswith("{") else []
    if result.returncode and not messages:
        sys.exit(f"vnu failed:\n{result.stderr}")
    for m in messages:
        m["url"] = m.get("url", "").replace(f"file:{folder}", "")
    return [m for m in messages if m.get("type") == "error"], len(pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is kept)")
    parser.add_argument("--npm-dir", type=Path, default=NPM_DIR, help="where lighthouse and vnu-jar are installed")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the built site and the reports")
    parser.add_argument("--theme", help="build the example store with this theme (default: the one store.yml names)")
    parser.add_argument("--store", type=Path, help="measure this store folder instead of the example store, such as "
                        "the 1,000-product corpus of build_bench.py (its first product stands for the product page)")
    args = parser.parse_args()

    lh, vnu = install(args.npm_dir)
    work = Path(tempfile.mkdtemp(prefix="lapak-quality-"))
    site = work / "site"
    server, port = serve(site)
    base = f"http://127.0.0.1:{port}/"
    ok = True
    report: dict = {"lighthouse": LIGHTHOUSE_VERSION, "chrome": CHROME, "chrome_flags": CHROME_FLAGS,
                    "theme": args.theme or "(store.yml's)", "pages": {}}
    try:
        build(example_store(work, args.theme, args.store), site, base)
        pages = {name: rel for name, rel in PAGES.items() if (site / rel / "index.html").is_file()}
        if "product page" not in pages:  # another store: its first product
            first = sorted(p.parent.name for p in site.glob("*/index.html")
                           if re.search(r'"@type":\s*"Product', p.read_text(encoding="utf-8")))
            if first:
                pages["product page"] = first[0] + "/"
        print(f"\nLighthouse {LIGHTHOUSE_VERSION}, mobile preset, {args.runs} runs per page, Chromium {CHROME}"
              + (f", theme {args.theme}" if args.theme else ""))
        for name, rel in pages.items():
            result = lighthouse(lh, base + rel, work / f"lh-{name.replace(' ', '-')}.json", args.runs)
            report["pages"][name] = {"url": base + rel, **result}
        print("\n| page | " + " | ".join(CATEGORIES) + " |")
        print("|---|" + "---|" * len(CATEGORIES))
        for name, r in report["pages"].items():
            skip = NOT_SCORED.get(name, {})
            print(f"| {name} | " + " | ".join(f"{r['scores'][c]} (not scored: {skip[c]})" if c in skip
                                                else str(r["scores"][c]) for c in CATEGORIES) + " |")
            ok &= all(r["scores"][c] >= BAR for c in CATEGORIES if c not in skip)
        for name, r in report["pages"].items():
            print(f"\n{name}: runs {r['runs']}; metrics of the median run: {r['metrics']}")
            if r["not_perfect"]:
                print(f"  audits below 100: {r['not_perfect']}")

        errors, count = vnu_check(vnu, site)
        report["vnu"] = {"pages": count, "errors": errors}
        print(f"\nW3C Nu checker (vnu-jar): {count} pages, {len(errors)} errors")
        for m in errors:
            print(f"  {m['url']}:{m.get('lastLine', '?')}: {m['message']}")
        ok &= not errors
    finally:
        server.shutdown()
        server.server_close()
        if args.json:
            args.json.write_text(json.dumps(report, indent=2))
        if args.keep:
            print(f"\nkept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("\nPASS: every bar is met" if ok else f"\nFAIL: a score under {BAR} or an HTML error (above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
