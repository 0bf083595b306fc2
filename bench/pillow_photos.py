#!/usr/bin/env python3
"""The practical limit for Lapak's photo step: a plain Pillow script making the same files.

    python bench/pillow_photos.py --src STORE/products --out DIR --procs 2

For every photo under --src (JPEG, PNG, HEIC...): decode once (a JPEG at a reduced DCT scale, as
Lapak does), turn it upright, convert an embedded colour profile to sRGB, then write the same
outputs as Lapak with the same encoder settings: a JPEG at 1200 px, AVIF and WebP at each width,
and a 1200x630 share image (photo, name, price) per photo, plus one for the store. Nothing else:
no hashing, no cache, no pages, no checks, no metadata handling. The settings come from the
command line; bench/photo_bench.py passes Lapak's own (generator/images.py, generator/share.py).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from multiprocessing import Pool

from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps

CFG: dict = {}


def plan(width: int, widths: list[int], close: float) -> list[int]:
    chosen = {w for w in widths if w * close < width}
    chosen.add(min(width, max(widths)))
    return sorted(chosen, reverse=True)


def share(img, out: str, title: str) -> None:
    c = CFG
    canvas = Image.new("RGB", (1200, 630), "#ffffff")
    canvas.paste(ImageOps.fit(img.convert("RGB"), (630, 630), Image.Resampling.LANCZOS), (0, 0))
    d = ImageDraw.Draw(canvas)
    bold = ImageFont.truetype(c["font"], 56)
    d.text((686, 200), title, font=bold, fill="#1d2321")
    d.text((686, 300), "Rp 85.000", font=bold, fill="#0f5e4d")
    d.rounded_rectangle((686, 506, 1144, 574), radius=34, fill="#0b6b3a")
    canvas.save(out, "JPEG", quality=c["share_quality"], optimize=True, progressive=c["share_progressive"])


def process(path: str) -> int:
    c = CFG
    stem = os.path.relpath(path, c["src"]).replace(os.sep, "_").rsplit(".", 1)[0]
    with open(path, "rb") as fh:
        im = Image.open(io.BytesIO(fh.read()))
    if im.format == "JPEG" and im.width > c["jpeg_width"]:
        im.draft(im.mode, (im.width * c["jpeg_width"] // max(im.size), im.height * c["jpeg_width"] // max(im.size)))
    im = ImageOps.exif_transpose(im)
    icc = im.info.get("icc_profile")
    im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
    w = min(im.width, max(c["jpeg_width"], max(c["widths"])))
    im = im.resize((w, round(im.height * w / im.width)), Image.Resampling.LANCZOS)
    if icc:
        alpha = im.getchannel("A") if im.mode == "RGBA" else None
        rgb = ImageCms.profileToProfile(im.convert("RGB"), ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                        ImageCms.createProfile("sRGB"), outputMode="RGB")
        if alpha is not None:
            rgb.putalpha(alpha)
        im = rgb
    total = 0
    jw = min(im.width, c["jpeg_width"])
    flat = im
    if im.mode == "RGBA":
        flat = Image.new("RGB", im.size, "#ffffff")
        flat.paste(im, mask=im.getchannel("A"))
    target = os.path.join(c["out"], f"{stem}-{jw}.jpg")
    flat.save(target, "JPEG", quality=c["jpeg_quality"], optimize=True, progressive=True)
    share(flat, os.path.join(c["out"], f"{stem}-share.jpg"), stem[:24])
    current = im
    for width in plan(im.width, c["widths"], c["close"]):
        current = current.resize((width, round(im.height * width / im.width)), Image.Resampling.LANCZOS)
        current.save(os.path.join(c["out"], f"{stem}-{width}.webp"), "WEBP", quality=c["webp_quality"],
                     method=c["webp_method"])
        if c["avif"]:
            current.save(os.path.join(c["out"], f"{stem}-{width}.avif"), "AVIF", quality=c["avif_quality"],
                         speed=c["avif_speed"], max_threads=1 if c["procs"] > 1 else os.cpu_count())
    for name in os.listdir(c["out"]):
        if name.startswith(stem + "-"):
            total += os.path.getsize(os.path.join(c["out"], name))
    return total


def init(cfg: dict) -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
    CFG.update(cfg)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", required=True, help="a folder searched for photos")
    ap.add_argument("--out", required=True)
    ap.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--widths", default="320,480,720,1080")
    ap.add_argument("--close", type=float, default=1.15)
    ap.add_argument("--jpeg-width", type=int, default=1200)
    ap.add_argument("--jpeg-quality", type=int, default=82)
    ap.add_argument("--webp-quality", type=int, default=75)
    ap.add_argument("--webp-method", type=int, default=4)
    ap.add_argument("--avif-quality", type=int, default=60)
    ap.add_argument("--avif-speed", type=int, default=8)
    ap.add_argument("--no-avif", action="store_true")
    ap.add_argument("--share-quality", type=int, default=85)
    ap.add_argument("--share-progressive", type=int, choices=(0, 1), default=1,
                    help="1: share images as progressive JPEGs (as Lapak saves its own), 0: baseline JPEGs")
    ap.add_argument("--font", required=True, help="the TrueType font for the share images")
    a = ap.parse_args()
    exts = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".avif", ".gif")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(a.src) for f in fs if f.lower().endswith(exts))
    os.makedirs(a.out, exist_ok=True)
    cfg = dict(src=a.src, out=a.out, procs=a.procs, widths=[int(w) for w in a.widths.split(",")], close=a.close,
               jpeg_width=a.jpeg_width, jpeg_quality=a.jpeg_quality, webp_quality=a.webp_quality,
               webp_method=a.webp_method, avif_quality=a.avif_quality, avif_speed=a.avif_speed,
               avif=not a.no_avif, share_quality=a.share_quality,
               share_progressive=bool(a.share_progressive), font=a.font)
    t0 = time.perf_counter()
    if a.procs > 1:
        with Pool(a.procs, initializer=init, initargs=(cfg,)) as pool:
            sizes = list(pool.imap_unordered(process, files))
    else:
        init(cfg)
        sizes = [process(f) for f in files]
    init(cfg)
    share(Image.new("RGB", (630, 630), "#e6f2ee"), os.path.join(a.out, "store-share.jpg"), "Toko")  # the store's
    dt = time.perf_counter() - t0
    print(f"{len(files)} photos, {sum(sizes) / 2**20:.1f} MiB written, {dt:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
