#!/usr/bin/env python3
"""Media benchmark: share cards and QR codes drawn in one process, median time per item.

    python bench/media_bench.py --cards 300 --qr 1000
    python bench/media_bench.py --cards 100 --qr 300 --baseline HEAD~3  # against share.py/qr.py of a commit
    python bench/media_bench.py --cards 0 --qr 0 --photo   # one 12-MP photo: AVIF 1 thread vs every core

Generates (not timed) a cache folder with a few processed photos (1200 px JPEGs) and a 512-px
store icon, then, in this one process:

  card: product, no photo     draw + encode N product cards without a photo (the text-only corpus)
  card: product, one photo    N product cards with a photo, a discount and the store's logo
  card: store                 N store cards with four photos and the logo
  qr                          N codes for distinct product addresses (SVG text), no memo

Each item is timed alone (``time.perf_counter``); the table shows the median, the mean and the
output's median size. ``--baseline REV`` loads ``generator/share.py`` and ``generator/qr.py`` as they
were in commit REV and times them too, item by item in turn with today's, so a busy machine slows both
alike; the table then adds the baseline's median and today's speed-up. ``--photo`` also times one 12-MP photo through ``images.process`` and the
AVIF encodes of its widths with one encoder thread against every core. Nothing here is run by the
tests or CI.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WORDS = ["Kemeja", "Batik", "Tulis", "Kopi", "Gayo", "Arabika", "Sambal", "Bawang", "Tas", "Rotan", "Kain", "Tenun",
         "Ikat", "Keripik", "Tempe", "Madu", "Hutan", "Sabun", "Sereh", "Nastar", "Nanas", "Dompet", "Kulit", "Asli",
         "Piring", "Keramik", "Teh", "Tubruk", "Premium", "Spesial", "Lengan", "Panjang", "Motif", "Parang", "Solo",
         "Kué", "Bàli", "Rendang", "Daging", "Sapi", "Gula", "Aren", "Organik", "500", "gram", "Ukuran", "XL"]


def title(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.choice((1, 2, 3, 4, 5, 7, 10))))


def price(rng: random.Random) -> str:
    return f"Rp {rng.randrange(5, 2000) * 1000:,}".replace(",", ".")


def corpus(root: Path, photos: int = 8) -> tuple[list[str], str]:
    """Processed photos (as the photo cache holds them) and a store icon; relative to ``root``."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(7)
    (root / "photos").mkdir(parents=True, exist_ok=True)
    (root / "icons").mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(photos):
        w, h = 1200, (900, 1200, 1600, 675)[i % 4]
        img = Image.merge("RGB", [Image.frombytes("L", (6, 5), rng.randbytes(30)).resize((w, h), Image.BICUBIC)
                                  for _ in range(3)])
        d = ImageDraw.Draw(img)
        for _ in range(5):
            x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(60, 300)
            d.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
        noise = Image.frombytes("L", (w, h), rng.randbytes(w * h)).convert("RGB")
        img = Image.blend(img.filter(ImageFilter.GaussianBlur(3)), noise, 0.08)
        name = f"photos/p{i}-1200.jpg"
        img.save(root / name, "JPEG", quality=82, optimize=True, progressive=True)
        names.append(name)
    icon = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
    ImageDraw.Draw(icon).rounded_rectangle((0, 0, 511, 511), radius=90, fill=(15, 94, 77, 255))
    ImageDraw.Draw(icon).ellipse((120, 120, 392, 392), fill=(255, 220, 120, 255))
    icon.save(root / "icons/icon-512.png")
    return names, "icons/icon-512.png"


def cards(n: int, photos: list[str], icon: str) -> dict[str, list]:
    from generator.media.share import Card

    rng = random.Random(42)
    out = {"product, no photo": [], "product, one photo": [], "store": []}
    for i in range(n):
        out["product, no photo"].append(Card("product", title(rng), "Dapur Bu Sari", "#0f5e4d", price(rng),
                                             button="Pesan via WhatsApp"))
        now = price(rng)
        was = f"Rp {int(now[3:].replace('.', '')) * 2:,}".replace(",", ".")
        out["product, one photo"].append(Card("product", title(rng), "Toko Batik Pak Harjo", "#7a2e0e", now, was, 50,
                                              i % 5 != 0,
                                              "Pesan via WhatsApp" if i % 5 else "Habis",
                                              photos=(photos[i % len(photos)],), logo=icon))
        out["store"].append(Card("store", f"Toko {title(rng)}", "Toko", "#0f5e4d", button="Chat di WhatsApp",
                                 tagline=" ".join(rng.choice(WORDS) for _ in range(rng.randrange(4, 30))),
                                 photos=tuple(photos[(i + k) % len(photos)] for k in range(4)), logo=icon))
    return out


def render(share, card, root: Path) -> bytes:
    """One card's JPEG bytes, drawn and encoded by the ``share`` module given."""
    if hasattr(share, "render_card"):
        return share.render_card(card, root)
    buf = io.BytesIO()  # before render_card existed: the build's own encoding
    share.draw(card, root).save(buf, "JPEG", quality=share.QUALITY, optimize=True, progressive=True)
    return buf.getvalue()


def baseline_modules(rev: str):
    """``generator/share.py`` and ``generator/qr.py`` as they were in commit ``rev``, as fresh modules."""
    import importlib.util
    import subprocess

    mods = []
    for name in ("share", "qr"):
        source = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:generator/{name}.py"], check=True,
                                capture_output=True, text=True).stdout
        spec = importlib.util.spec_from_loader(f"baseline_{name}", loader=None)
        mod = importlib.util.module_from_spec(spec)
        mod.__file__ = str(REPO / "generator" / f"{name}.py")  # its fonts are found beside it
        sys.modules[mod.__name__] = mod
        exec(compile(source, f"{rev}:generator/{name}.py", "exec"), mod.__dict__)
        mods.append(mod)
    return mods


def timed(fns, items) -> list[tuple[list[float], list[int]]]:
    """Each function's time and output size per item; the functions take turns on every item."""
    out = [([], []) for _ in fns]
    for item in items:
        for fn, (times, sizes) in zip(fns, out):
            t0 = time.perf_counter()
            result = fn(item)
            times.append(time.perf_counter() - t0)
            sizes.append(len(result))
    return out


def row(name: str, measured, base=None) -> dict:
    times, sizes = measured
    r = {"what": name, "n": len(times), "median_ms": statistics.median(times) * 1000,
         "mean_ms": statistics.fmean(times) * 1000, "min_ms": min(times) * 1000,
         "median_bytes": int(statistics.median(sizes))}
    if base is not None:
        r["baseline_median_ms"] = statistics.median(base[0]) * 1000
        r["baseline_median_bytes"] = int(statistics.median(base[1]))
    return r


def photo_bench(root: Path) -> list[dict]:
    """One 12-MP photo: the whole ``images.process``, and AVIF encodes with 1 thread vs every core."""
    from PIL import Image

    from generator.media import images

    if not images.avif_supported():
        return [{"what": "12-MP photo: AVIF not supported by this Pillow"}]
    sys.path.insert(0, str(REPO / "bench"))
    from photo_bench import synth

    src = root / "phone.jpg"
    synth(1).save(src, "JPEG", quality=90)
    rows = []
    times = []
    for i in range(3):
        cache = root / f"cache{i}"
        t0 = time.perf_counter()
        images.process(src, cache, images.Settings())
        times.append(time.perf_counter() - t0)
    rows.append({"what": "12-MP photo, images.process (all renditions)", "n": 3,
                 "median_ms": statistics.median(times) * 1000})
    img, _, _ = images._decode(src.read_bytes(), max(images.WIDTHS[-1], images.JPEG_WIDTH))
    sizes = [(w, images.scaled_height(*img.size, w)) for w in images.plan_widths(img.width)]
    scaled = [img.resize(s, Image.Resampling.LANCZOS) for s in sizes]
    for threads in (1, os.cpu_count() or 1):
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            for im in scaled:
                im.save(io.BytesIO(), "AVIF", quality=images.AVIF_QUALITY, speed=images.AVIF_SPEED,
                        max_threads=threads)
            times.append(time.perf_counter() - t0)
        rows.append({"what": f"12-MP photo, AVIF widths {[s[0] for s in sizes]}, max_threads={threads}", "n": 3,
                     "median_ms": statistics.median(times) * 1000})
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cards", type=int, default=300, help="cards of each kind")
    ap.add_argument("--qr", type=int, default=1000, help="QR codes")
    ap.add_argument("--photo", action="store_true", help="also time one 12-MP photo (AVIF threads)")
    ap.add_argument("--baseline", metavar="REV", help="also time share.py and qr.py of this commit")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    from generator.media import qr, share

    old_share, old_qr = baseline_modules(args.baseline) if args.baseline else (None, None)
    rows = []
    with tempfile.TemporaryDirectory(prefix="lapak-media-") as tmp:
        root = Path(tmp)
        photos, icon = corpus(root)
        shares = [share] + ([old_share] if old_share else [])
        for mod in shares:  # warm-up: fonts and the glyph table, untimed
            render(mod, cards(1, photos, icon)["store"][0], root)
        for kind, items in cards(args.cards, photos, icon).items():
            if items:
                got = timed([(lambda c, m=m: render(m, c, root)) for m in shares], items)
                rows.append(row(f"card: {kind}", got[0], got[1] if old_share else None))
        makes = [getattr(m.qr_svg, "__wrapped__", m.qr_svg) for m in [qr] + ([old_qr] if old_qr else [])]  # no memo
        urls = [f"https://dapurbusari.netlify.app/produk-{i}-{title(random.Random(i)).lower().replace(' ', '-')}/"
                f"?src=qr" for i in range(args.qr)]
        if urls:
            for make in makes:
                make(urls[0], "warm-up")
            got = timed([(lambda u, f=f: f(u, "Kopi Gayo")[0].encode()) for f in makes], urls)
            rows.append(row("qr", got[0], got[1] if old_qr else None))
        if args.photo:
            rows += photo_bench(root)

    print(f"`{' '.join([Path(sys.executable).name, *sys.argv])}` — Python {platform.python_version()}, "
          f"{os.cpu_count()} cores\n")
    if args.baseline:
        print(f"| what | n | median ms | baseline ({args.baseline}) median ms | speed-up | median bytes | "
              f"baseline median bytes |\n|---|---|---|---|---|---|---|")
    else:
        print("| what | n | median ms | mean ms | min ms | median bytes |\n|---|---|---|---|---|---|")
    for r in rows:
        if "baseline_median_ms" in r:
            print(f"| {r['what']} | {r['n']} | {r['median_ms']:.2f} | {r['baseline_median_ms']:.2f} | "
                  f"{r['baseline_median_ms'] / r['median_ms']:.1f}x | {r['median_bytes']} | "
                  f"{r['baseline_median_bytes']} |")
        else:
            cells = [f"{r[k]:.2f}" if k in r else "" for k in ("median_ms", "mean_ms", "min_ms")]
            print(f"| {r['what']} | {r.get('n', '')} | {' | '.join(cells)} | {r.get('median_bytes', '')} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
