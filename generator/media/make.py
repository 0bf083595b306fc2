"""Make the media a site needs, on the shared workers: photos, icons, share cards, QR codes.

Each kind is planned in the main process (pure: what to make, named after what it is made
from), looked up in the cache, and only what the cache lacks is made, on the workers. With
``make=False`` (``lapak check``) nothing is written: photos are only decoded, and cards and codes
are only named.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Callable

from generator import cache
from generator.content.sources import Inputs
from generator.errors import Collector
from generator.media import images, qr, share
from generator.messages import msg
from generator.parallel import Progress, Workers

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- photos


def photos(store, theme, products, inputs: Inputs, cache_root: Path, workers: Workers, progress: Progress,
           problems: Collector, make: bool = True, extra=()) -> dict[str, images.PhotoSet]:
    """Every photo of the products and ``extra`` (the store's own: QRIS, pages), by its name relative to
    the store, processed or from the cache.

    A photo whose size and time an earlier read recorded is not read at all; only photos the
    cache lacks are decoded, on the workers.
    """
    rels, settings, needs = images.plan(store, theme, products, problems, extra)
    folder = cache_root / "photos"
    found: dict[str, images.PhotoSet] = {}
    work = []
    for rel in rels:
        path = inputs.path(rel)
        digest = inputs.known(path)
        need = needs.get(rel, images.WHOLE)
        hit = images.cached(folder, images.key_of(digest, settings.params), settings, need) if digest else None
        if hit is not None:
            found[rel] = hit
        else:
            work.append((path, folder, settings, digest, need) if make else (path, folder, settings, need))
    if work:
        progress.start("Photos", len(work))
        try:
            results = workers.map(images.process_one if make else check_photo, work, on_result=progress.advance)
        finally:
            progress.stop()
        for (path, *_), (_, photo, error, stat) in zip(work, results):
            rel = inputs.name(path)
            if stat is not None:
                inputs.record(path, *stat)
            if error:
                problems.error(rel, error)
            else:
                found[rel] = photo
    for rel, photo in found.items():
        warning = images.format_mismatch(Path(rel), photo.format)
        if warning:
            problems.warn(rel, warning)
    return dict(sorted(found.items()))


def check_photo(args: tuple) -> tuple:
    """Worker for ``lapak check``: a photo decoded (the part of processing that can fail), not converted.

    Returns what :func:`images.process_one` returns, with the file names and sizes a build would
    give the photo, so that pages can be rendered.
    """
    import hashlib
    import os

    source, folder, settings, need = args
    try:
        with open(source, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
    except OSError as exc:
        return source, None, f"cannot read the photo ({exc.strerror})", None
    digest = hashlib.sha256(data).hexdigest()
    stat = (digest, st)
    key = images.key_of(digest, settings.params)
    hit = images.cached(folder, key, settings, need)
    if hit is not None:
        return source, hit, None, stat
    try:
        img, fmt, (width, height) = images._decode(data, max(max(settings.widths), images.JPEG_WIDTH))
    except images.PhotoError as exc:
        return source, None, exc.message, stat  # a message: the worker does not know the store's language
    photo = images.photo_set(key, width, height, settings, need, fmt, img.mode == "RGBA")
    return source, photo, None, stat


# --------------------------------------------------------------------------- share cards


def start_cards(planned: dict[str, share.Card], cache_root: Path, workers: Workers, progress: Progress,
                make: bool = True) -> tuple[dict[str, Path], Callable[[], None]]:
    """The share image of each slug ("" for the store), as the cached file it is (or will be) in; the
    cards the cache lacks are drawn on the workers while the caller goes on, until it calls the
    returned function, which waits for them."""
    folder = cache_root / "photos"
    by_name = {card.name: card for card in planned.values()}
    missing = [(card, cache_root) for name, card in sorted(by_name.items()) if not (folder / name).is_file()]
    paths = {slug: folder / card.name for slug, card in planned.items()}
    if not (missing and make):
        return paths, lambda: None
    progress.start("Share images", len(missing))
    job = workers.submit(_save_card, missing, min_items=8, on_result=progress.advance)

    def wait() -> None:
        try:
            job.get()
        finally:
            progress.stop()

    return paths, wait


def _save_card(args: tuple[share.Card, Path]) -> str:
    """Worker: draw one share card into the cache; returns its file name."""
    return share.save_card(*args)


# --------------------------------------------------------------------------- QR codes


QR_INDEX = "index.json"


def start_qr(wanted: list[tuple[str, str]], cache_root: Path, workers: Workers,
             make: bool = True) -> Callable[[], list[tuple[Path, int]]]:
    """Start making the QR codes the cache lacks, one per (address, title); the returned function
    waits for them and gives each code's cached SVG file and side in pixels, in order."""
    folder = cache_root / "qr"
    index = cache.read_json(folder / QR_INDEX) or {}
    keys = [_qr_key(url, title) for url, title in wanted]
    todo = {}
    for k, (url, title) in zip(keys, wanted):
        size = index.get(k)
        if not isinstance(size, int) or not (folder / f"{k}.svg").is_file():
            todo[k] = (url, title, str(folder / f"{k}.svg"))
    job = None
    if todo and make:
        folder.mkdir(parents=True, exist_ok=True)
        job = workers.submit(_save_qr, list(todo.values()), min_items=64)

    def wait() -> list[tuple[Path, int]]:
        if job is not None:
            for k, size in zip(todo, job.get()):
                index[k] = size
            cache.write_json(folder / QR_INDEX, {k: index[k] for k in set(keys) if k in index})
        return [(folder / f"{k}.svg", int(index.get(k, 0))) for k in keys]

    return wait


@lru_cache(maxsize=65536)
def _qr_key(url: str, title: str) -> str:
    """What a code is named after (kept per process: the preview asks for the same codes on every save)."""
    return cache.key("qr", url, title, str(qr.SCALE), str(qr.BORDER))


def _save_qr(args: tuple[str, str, str]) -> int:
    """Worker: draw one QR code into the cache; returns its side in pixels."""
    url, title, target = args
    svg, size = qr.qr_svg(url, title)
    _write_atomic(Path(target), svg.encode("utf-8"))
    return size


def _write_atomic(path: Path, data: bytes) -> None:
    import os

    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- the logo


LOGO_SIZE = 96  # shown at 36-48 CSS pixels; twice that for sharp phone screens


def small_logo(data: bytes, name: str, problems: Collector, file: str) -> bytes | None:
    """The logo as a small PNG (a seller's 512-px logo would weigh more than the whole page), or
    None with a problem recorded when it is not a usable image."""
    import io

    try:
        img = images._open(None, data)
    except images.PhotoError as exc:
        problems.error(file, msg("logo.unusable", name=name, problem=exc.message), "logo")
        return None
    img.thumbnail((LOGO_SIZE, LOGO_SIZE))
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()
