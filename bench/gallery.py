#!/usr/bin/env python3
"""Screenshots of every built-in theme, made from the example store, for docs/themes.md.

    python3 bench/gallery.py              # every theme in themes/, into docs/gallery/
    python3 bench/gallery.py --theme butik --out /tmp/shots

For each theme it builds ``content/`` with ``theme: <name>`` (a copy of the store in a temporary
folder; the example store itself is not touched), serves the result from 127.0.0.1 and takes, with
Playwright driving Debian's Chromium (/usr/bin/chromium, never a downloaded browser):

- the storefront (its top, and scrolled to its products) and a product page on a phone, 360x740, with
  a TikTok in-app browser's user agent (where most buyers arrive from a bio link);
- the same three on a desktop, 1280x800.

Each picture is then made small for the repository (``shrink``: 256 colours, and a desktop picture
scaled down while it stays over ~150 KB, never below 960 px wide).

The files are ``docs/gallery/<theme>-<store|grid|product>-<phone|desktop>.png``, and docs/themes.md shows them, so the
gallery is made again from the code whenever a theme changes and never goes stale. Not a test: run it
by hand after changing a theme, and commit the pictures.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
TIKTOK_UA = ("Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
             "Chrome/112.0.5615.136 Mobile Safari/537.36 trill_330104 JsSdk/1.0 NetType/4G Channel/googleplay "
             "AppName/musical_ly app_version/33.1.4 ByteLocale/id ByteFullLocale/id Region/ID")
DEVICES = {
    "phone": {"viewport": {"width": 360, "height": 740}, "user_agent": TIKTOK_UA, "device_scale_factor": 1,
              "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1},
}
# name -> (page, what to scroll to the top first: the storefront's grid shows the theme's cards)
PAGES = {"store": ("", None), "grid": ("", "#catalog-title"), "product": ("kemeja-batik-parang/", None)}
MAX_BYTES = 150_000  # per picture, in the repository
MIN_WIDTH = 960  # a desktop picture is never scaled below this: its text must stay readable


def shrink(path: Path) -> None:
    """Rewrite the PNG at ``path`` with 256 colours, scaled down (wide pictures only) until it is small enough."""
    from PIL import Image

    with Image.open(path) as shot:
        original = shot.convert("RGB")
    width = original.width
    while True:
        img = original if width == original.width else original.resize(
            (width, round(original.height * width / original.width)), Image.LANCZOS)
        img.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
        smaller = int(width * 0.9)
        if path.stat().st_size <= MAX_BYTES or smaller < MIN_WIDTH:
            return
        width = smaller


def themes() -> list[str]:
    return sorted(p.name for p in (REPO / "themes").iterdir() if (p / "theme.yml").is_file())


def build(theme: str, work: Path) -> Path:
    """The example store built with ``theme`` into ``work/site``."""
    store = work / "store"
    shutil.copytree(REPO / "content", store, ignore=shutil.ignore_patterns(".lapak-cache"))
    config = store / "store.yml"
    lines = [ln for ln in config.read_text(encoding="utf-8").splitlines() if not ln.startswith("theme:")]
    config.write_text("\n".join(lines + [f"theme: {theme}", ""]), encoding="utf-8")
    site = work / "site"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    subprocess.run([sys.executable, "-m", "generator", "build", str(store), "--output", str(site)],
                   cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    return site


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def shoot(site: Path, theme: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    made = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROME, args=CHROME_ARGS)
            for device, options in DEVICES.items():
                context = browser.new_context(**options)
                page = context.new_page()
                for name, (rel, anchor) in PAGES.items():
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/{rel}", wait_until="load")
                    if anchor:
                        page.eval_on_selector(anchor, "e => window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 8)")
                    page.wait_for_timeout(400)  # lazy photos decoded
                    path = out / f"{theme}-{name}-{device}.png"
                    page.screenshot(path=str(path))
                    shrink(path)
                    made.append(path)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--theme", action="append", help="a theme to show (default: every built-in theme)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "gallery", help="where the PNG files go")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for theme in args.theme or themes():
        with tempfile.TemporaryDirectory(prefix="lapak-gallery-") as tmp:
            for path in shoot(build(theme, Path(tmp)), theme, args.out):
                print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
