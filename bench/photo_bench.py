#!/usr/bin/env python3
"""Photo benchmark: Lapak's photo pipeline against a plain Pillow script making the same files.

    python bench/photo_bench.py                      # 200 phone photos at 12 MP (about 20 minutes on 2 cores)
    python bench/photo_bench.py --photos 20          # a quick run
    python bench/photo_bench.py --keep /tmp/pb       # keep (and reuse) the corpus in /tmp/pb

Generates (not timed) a store of N products with one 4032x3024 photo each: 60 % JPEG (a third of
them stored sideways with an EXIF orientation), 20 % HEIC in Display P3 (some rotated), 10 % PNG
with transparency, 10 % JPEG in Display P3; every photo with camera EXIF and GPS. Then measures,
in one run, each as whole-process wall time:

  lapak cold      python -m generator build STORE --output OUT   (no output, no .lapak-cache)
  pillow          bench/pillow_photos.py: the same decodes, resizes and encodes, nothing else
  lapak warm      the same build again, nothing changed
  lapak edit      one product's price changed: pages and one share image, no photo decoded

Peak memory: the largest resident size of any one process (getrusage of the children) and the
sampled peak of the sum over the whole process tree (main process and workers; shared pages are
counted in each, so this is an upper bound). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing import Pool
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # Lapak's settings are read from this repository's code, and it runs from here

TITLES = ["Kemeja Batik", "Kopi Gayo", "Sambal Bawang", "Tas Rotan", "Kain Tenun", "Keripik Tempe", "Madu Hutan",
          "Sabun Sereh", "Nastar Nanas", "Dompet Kulit", "Piring Keramik", "Teh Tubruk"]
KINDS = ["jpeg", "jpeg-rot6", "jpeg", "jpeg", "jpeg-rot8", "jpeg", "heic-p3", "heic-p3-rot", "png-alpha", "jpeg-p3"]
W, H = 4032, 3024


# --------------------------------------------------------------------------- Lapak's own settings


def lapak_env() -> dict[str, str]:
    """The environment Lapak runs in: this repository first on the import path, whatever is installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def lapak_module(*names: str, prefer: tuple[str, ...] = ()):
    """The module of this repository's ``generator`` package that defines every one of ``names``.

    The modules named in ``prefer`` are tried first, then every module of the package, so the
    benchmark keeps working when the code moves between modules.
    """
    import importlib
    import pkgutil

    import generator

    if not Path(generator.__file__).resolve().is_relative_to(REPO / "generator"):
        sys.exit(f"photo_bench: imported {generator.__file__}, not the code in {REPO}")
    found = [m.name for m in pkgutil.walk_packages(generator.__path__, "generator.")
             if not m.name.endswith("__main__")]  # importing that one would run the command line
    for name in list(prefer) + sorted(found):
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that cannot be imported here is simply not the one
            continue
        if all(hasattr(module, n) for n in names):
            return module
    sys.exit(f"photo_bench: no module of {REPO / 'generator'} defines {', '.join(names)}; "
             "update bench/photo_bench.py to Lapak's new names")


PHOTO_SETTINGS = ("WIDTHS", "CLOSE", "JPEG_WIDTH", "JPEG_QUALITY", "WEBP_QUALITY", "WEBP_METHOD", "AVIF_QUALITY",
                  "AVIF_SPEED")
SHARE_SETTINGS = ("QUALITY", "FONTS", "BOLD")


def photo_settings():
    return lapak_module(*PHOTO_SETTINGS, prefer=("generator.images", "generator.media.images",
                                                 "generator.media.photos"))


def share_settings():
    return lapak_module(*SHARE_SETTINGS, prefer=("generator.share", "generator.media.share",
                                                 "generator.media.cards"))


def share_progressive(work: Path) -> bool:
    """Whether Lapak saves its share images as progressive JPEGs, seen in a one-product build (not timed).

    The baseline then saves its own the same way, so the comparison stays fair when Lapak changes it.
    """
    from PIL import Image

    store, out = work / "probe-store", work / "probe-out"
    shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    (store / "products" / "probe").mkdir(parents=True)
    (store / "store.yml").write_text('name: Toko Bench\nwhatsapp: "0812-3456-7890"\nbase_url: https://bench.example/\n')
    (store / "products" / "probe" / "index.md").write_text("---\ntitle: Kopi Gayo\nprice: 85000\n---\nKopi.\n")
    Image.new("RGB", (1600, 1200), "#a0522d").save(store / "products" / "probe" / "1.jpg", quality=90)
    subprocess.run([sys.executable, "-m", "generator", "build", str(store), "--output", str(out), "--force"],
                   cwd=REPO, env=lapak_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    cards = []
    for path in sorted(out.rglob("*.jp*g")) if out.is_dir() else []:
        with Image.open(path) as im:
            if im.size == (1200, 630):
                cards.append(bool(im.info.get("progressive") or im.info.get("progression")))
    shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    if not cards:
        print("share images: none found in a one-product build; the baseline saves them progressive",
              file=sys.stderr)
        return True
    return any(cards)


# --------------------------------------------------------------------------- corpus (not timed)


def synth(seed: int):
    """A photo-like 12 MP picture: soft colour fields, a few objects, texture and sensor noise."""
    from PIL import Image, ImageChops, ImageDraw, ImageFilter

    rng = random.Random(seed)

    def field(w, h):
        return Image.frombytes("L", (w, h), rng.randbytes(w * h)).resize((W, H), Image.Resampling.BICUBIC)

    img = Image.merge("RGB", [field(8, 6) for _ in range(3)])
    d = ImageDraw.Draw(img)
    for _ in range(6):
        x, y, r = rng.randrange(W), rng.randrange(H), rng.randrange(W // 12, W // 4)
        box = (x - r, y - r, x + r, y + int(r * rng.uniform(0.5, 1.5)))
        (d.ellipse if rng.random() < 0.5 else d.rectangle)(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    img = img.filter(ImageFilter.GaussianBlur(6))
    grain = Image.blend(field(W // 8, H // 8), Image.frombytes("L", (W, H), rng.randbytes(W * H)), 0.4)
    return Image.blend(img, ImageChops.overlay(img, Image.merge("RGB", [grain] * 3)), 0.3)


def _exif(orientation: int = 1):
    from PIL import Image
    from PIL.TiffImagePlugin import IFDRational

    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0132] = "BenchPhone", "Model 12", "2024:05:01 10:00:00"
    exif[0x8825] = {1: "S", 2: (IFDRational(7, 1), IFDRational(33, 1), IFDRational(4551, 100)), 3: "E",
                    4: (IFDRational(110, 1), IFDRational(49, 1), IFDRational(1234, 100))}
    if orientation != 1:
        exif[0x0112] = orientation
    return exif


def make_photo(args: tuple[int, str]) -> int:
    """Write product ``i``'s photo into its folder; returns its size in bytes."""
    i, folder = args
    rgb_profile = lapak_module("rgb_profile", prefer=("generator.colour", "generator.media.colour")).rgb_profile

    kind = KINDS[i % len(KINDS)]
    img = synth(1000 + i)
    p3 = rgb_profile("display-p3", description="Display P3")
    if kind.startswith("jpeg"):
        orientation = {"jpeg-rot6": 6, "jpeg-rot8": 8}.get(kind, 1)
        path = Path(folder) / "1.jpg"
        extra = {"icc_profile": p3} if kind == "jpeg-p3" else {}
        img.save(path, "JPEG", quality=90, exif=_exif(orientation).tobytes(), **extra)
    elif kind.startswith("heic"):
        from pillow_heif import register_heif_opener

        register_heif_opener()
        path = Path(folder) / "1.heic"
        orientation = 6 if kind.endswith("rot") else 1
        img.save(path, "HEIF", quality=60, icc_profile=p3, exif=_exif(orientation).tobytes(),
                 enc_params={"preset": "ultrafast"})
    else:
        from PIL import Image, ImageDraw

        mask = Image.new("L", (W, H), 0)
        ImageDraw.Draw(mask).ellipse((W // 6, H // 8, W * 5 // 6, H * 7 // 8), fill=255)
        img.putalpha(mask)
        path = Path(folder) / "1.png"
        img.save(path, "PNG", compress_level=6)
    return path.stat().st_size


def make_store(store: Path, n: int, jobs: int) -> None:
    marker = store / ".bench-corpus"
    if marker.is_file() and marker.read_text() == f"{n}:{W}x{H}:v1":
        print(f"corpus: reusing {store}", file=sys.stderr)
        return
    shutil.rmtree(store, ignore_errors=True)
    (store / "products").mkdir(parents=True)
    (store / "store.yml").write_text('name: Toko Bench\nwhatsapp: "0812-3456-7890"\n'
                                     "base_url: https://bench.example/\n")
    folders = []
    for i in range(n):
        rng = random.Random(i)
        folder = store / "products" / f"produk-{i:04d}"
        folder.mkdir()
        (folder / "index.md").write_text(f"---\ntitle: {TITLES[i % len(TITLES)]} {i}\nprice: {rng.randrange(10, 500)}000\n"
                                         f"category: {TITLES[i % 4]}\n---\nDeskripsi produk {i}.\n")
        folders.append((i, str(folder)))
    started = time.perf_counter()
    with Pool(jobs) as pool:
        sizes = list(pool.imap_unordered(make_photo, folders))
    marker.write_text(f"{n}:{W}x{H}:v1")
    print(f"corpus: {n} photos, {sum(sizes) / 2**20:.0f} MiB, made in {time.perf_counter() - started:.0f} s "
          "(not timed)", file=sys.stderr)


# --------------------------------------------------------------------------- measuring


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except (OSError, ValueError):
        pass
    return found


def _tree_rss(pid: int) -> int:
    """The summed resident size (bytes) of ``pid``'s descendants (not ``pid`` itself), from /proc."""
    total, todo = 0, _children(pid)
    while todo:
        p = todo.pop()
        total += _rss(p)
        todo += _children(p)
    return total


# Runs the command and reports the peak resident size of its largest process (itself or a worker).
WRAPPER = ("import resource, subprocess, sys\n"
           "code = subprocess.call(sys.argv[1:])\n"
           "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
           "print('MAXRSS', r.ru_maxrss, r.ru_utime + r.ru_stime, file=sys.stderr)\n"
           "sys.exit(code)\n")


def timed(cmd: list[str], cwd: Path) -> dict:
    """Run ``cmd`` (with this repository first on the import path); its wall time, the peak RSS of its
    largest process and of its whole tree."""
    os.sync()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, *cmd], cwd=cwd, env=lapak_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{out}\n{err}")
    usage = next(line.split() for line in err.splitlines() if line.startswith("MAXRSS "))
    return {"seconds": seconds, "cpu_seconds": float(usage[2]), "max_process_mb": int(usage[1]) / 1024,
            "tree_peak_mb": peak[0] / 2**20,
            "output": [line for line in (out + err).strip().splitlines() if not line.startswith("MAXRSS")][-1:]}


def git_describe() -> str:
    try:
        p = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True,
                           text=True, timeout=30)
        return p.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--keep", type=Path, help="work folder to keep and reuse (default: a temporary one)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--rounds", type=int, default=1,
                    help="cold builds and baselines, alternating which goes first; medians are reported")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="lapak-photo-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    store, out, plain = work / "store", work / "out", work / "pillow"
    make_store(store, a.photos, a.jobs)

    images, share = photo_settings(), share_settings()
    progressive = share_progressive(work)

    py = sys.executable
    lapak = [py, "-m", "generator", "build", str(store), "--output", str(out), "--jobs", str(a.jobs), "--force"]
    baseline = [py, str(REPO / "bench" / "pillow_photos.py"), "--src", str(store / "products"), "--out", str(plain),
                "--procs", str(a.jobs), "--widths", ",".join(map(str, images.WIDTHS)), "--close", str(images.CLOSE),
                "--jpeg-width", str(images.JPEG_WIDTH), "--jpeg-quality", str(images.JPEG_QUALITY),
                "--webp-quality", str(images.WEBP_QUALITY), "--webp-method", str(images.WEBP_METHOD),
                "--avif-quality", str(images.AVIF_QUALITY), "--avif-speed", str(images.AVIF_SPEED),
                "--share-quality", str(share.QUALITY), "--share-progressive", str(int(progressive)),
                "--font", str(Path(share.FONTS) / share.BOLD)]
    samples: dict[str, list[dict]] = {"pillow": [], "lapak cold": [], "lapak warm": []}
    for round_ in range(a.rounds):
        order = ["pillow", "lapak cold"] if round_ % 2 == 0 else ["lapak cold", "pillow"]
        for name in order:
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(store / ".lapak-cache", ignore_errors=True)
            shutil.rmtree(plain, ignore_errors=True)
            print(f"round {round_ + 1}: {name}...", file=sys.stderr)
            samples[name].append(timed(baseline if name == "pillow" else lapak, REPO))
            if name == "lapak cold":
                print(f"round {round_ + 1}: lapak warm...", file=sys.stderr)
                samples["lapak warm"].append(timed(lapak, REPO))
    results = {name: sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2] for name, runs in samples.items()}
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(store / ".lapak-cache", ignore_errors=True)
    timed(lapak, REPO)  # the cache and output the edit below starts from (not reported)
    product = store / "products" / "produk-0000" / "index.md"
    text = product.read_text()
    product.write_text(text.replace("price: ", "price: 1", 1))
    try:
        print("timing: lapak edit...", file=sys.stderr)
        results["lapak edit"] = timed(lapak, REPO)
    finally:
        product.write_text(text)
    # What the cold build made (for the reader; where Lapak puts its files does not matter here).
    files = sorted(p.name for p in out.rglob("*") if p.is_file()) if out.is_dir() else []
    made = {ext: sum(1 for f in files if f.endswith(ext) and not f.endswith("-share.jpg"))
            for ext in (".avif", ".webp", ".jpg")}
    made["share"] = sum(1 for f in files if f.endswith("-share.jpg"))

    cold, plain_s, warm = results["lapak cold"]["seconds"], results["pillow"]["seconds"], results["lapak warm"]["seconds"]
    peak = max(r["tree_peak_mb"] for r in results.values() if r is not results["pillow"])
    print(f"\nCommand: {' '.join(sys.argv)}")
    print(f"Lapak: {REPO} at {git_describe()}; share images {'progressive' if progressive else 'baseline'} "
          "JPEG in both")
    print(f"Machine: {os.cpu_count()} CPUs, {a.jobs} jobs, Python {platform.python_version()}, "
          f"Pillow {__import__('PIL').__version__}, pillow-heif {__import__('pillow_heif').__version__}")
    print(f"Corpus: {a.photos} photos at {W}x{H} ({', '.join(sorted(set(KINDS)))}); outputs: {made}\n")
    print("| run | wall time | CPU time | largest process | whole tree (peak) |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['seconds']:.2f} s | {r['cpu_seconds']:.1f} s | {r['max_process_mb']:.0f} MB | "
              f"{r['tree_peak_mb']:.0f} MB |")
    goals = [("cold build / plain Pillow", cold / plain_s, cold / plain_s <= 1.15, "<= 1.15"),
             ("warm rebuild / cold build", warm / cold, warm / cold < 0.02, "< 0.02"),
             ("peak memory of a Lapak build (whole tree)", peak, peak < 500, "< 500 MB")]
    print("\n| goal | value | target | result |")
    print("|---|---|---|---|")
    for name, value, ok, target in goals:
        shown = f"{value:.3f}" if value < 10 else f"{value:.0f} MB"
        print(f"| {name} | {shown} | {target} | {'PASS' if ok else 'FAIL'} |")
    if a.json:
        a.json.write_text(json.dumps({"photos": a.photos, "jobs": a.jobs, "results": results, "samples": samples,
                                      "outputs": made}, indent=1))
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
