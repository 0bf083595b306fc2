"""``lapak check``: everything a build checks (store.yml, theme, products, photos, links, templates), writing nothing.

The same readers as the build are used, so the same mistakes are found with the same messages. Photos
are decoded but not converted: a photo the cache already holds is known good, any other is opened
and read to its end. The pages are rendered in memory, so a theme mistake is found too. Neither the
output folder nor the cache is written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.pipeline import CACHE_DIR, Progress
from generator.content.config_file import CONFIG_NAME, find_config
from generator.errors import Collector, ContentError, LapakError, Problem
from generator.parallel import default_jobs
from generator.content.sources import find_sources
from generator.site.writer import SitePaths


@dataclass
class CheckResult:
    """What a check looked at, for the one-line summary."""

    products: int = 0
    photos: int = 0
    pages: int = 0
    warnings: list[Problem] = field(default_factory=list)
    hosting: list[str] = field(default_factory=list)  # what hosts would refuse (see hosting.limit_warnings)
    seconds: float = 0.0


class DryWriter(SitePaths):
    """Takes every file of the site the way the writer does (same path checks) and keeps only names and sizes."""

    parallel = True  # worker processes may "write": there is nothing to write

    def __init__(self) -> None:
        super().__init__()
        self.sizes: dict[str, int | None] = {}

    def write(self, rel: str, data: str | bytes) -> None:
        self.claim(rel)
        self.sizes[rel] = len(data.encode("utf-8") if isinstance(data, str) else data)

    def write_new(self, rel: str, data: str) -> None:
        if rel not in self.written:
            raise ValueError(f"{rel!r} was not claimed")
        self.sizes[rel] = len(data.encode("utf-8"))

    def copy(self, rel: str, source: Path) -> None:
        self.claim(rel)
        try:
            self.sizes[rel] = source.stat().st_size
        except OSError:  # a photo not in the cache yet: its size is known only after a build
            self.sizes[rel] = None


def check_photo(args: tuple):
    """Worker: (path, PhotoSet or None, error) for one photo, as the build's photo phase, but writing nothing.

    A photo the cache already holds is known good. Any other is decoded (the part of processing
    that can fail), and given the file names and sizes a build would give it, so pages can be rendered.
    """
    from generator.media import images

    source, cache, settings = args
    try:
        data = source.read_bytes()
    except OSError as exc:
        return source, None, f"cannot read the photo ({exc.strerror})"
    key = images.photo_key(data, settings.params)
    hit = images.cached(cache, key, settings)
    if hit is not None:
        return source, hit, None
    try:
        img, fmt, (width, height) = images._decode(data, max(max(settings.widths), images.JPEG_WIDTH))
    except images.PhotoError as exc:
        return source, None, str(exc)
    avif = images.renditions(key, width, height, settings.widths, "avif") if settings.make_avif else ()
    return source, images.PhotoSet(key, width, height, images.renditions(key, width, height, settings.widths, "webp"),
                                   images.jpeg_rendition(key, width, height), avif, "", fmt,
                                   img.mode == "RGBA"), None


def check(source: Path, output: Path | None = None, base_url: str | None = None, drafts: bool = False,
          force: bool = False, jobs: int | None = None) -> CheckResult:
    """Check the store in ``source`` as a build into ``output`` would; raise ContentError listing every problem."""
    from generator.content.catalog import load_catalog, read_cache
    from generator.content.config import load_store
    from generator.site.hosting import limit_warnings
    from generator.site.pages import render_site
    from generator.site.theme import load_theme
    from generator.site.writer import check_output

    started = time.perf_counter()
    jobs = jobs or default_jobs()
    config_path = find_config(source)
    root = config_path.parent.resolve()
    if output is not None:
        check_output(output, root, force)
    problems = Collector()
    sources = find_sources(root, problems)
    store, store_problems = load_store(root, base_url)
    problems.extend(store_problems)
    theme = None
    try:
        theme = load_theme(store.theme, root)
    except LapakError as exc:
        message = str(exc).removeprefix(f"{CONFIG_NAME}, field 'theme': ")
        problems.error(CONFIG_NAME, message, "theme" if message != str(exc) else None)
    cache = root / CACHE_DIR
    products, catalog_out, _ = load_catalog(store, sources, dict(read_cache(cache)), drafts, jobs)
    problems.extend(catalog_out)
    photos = _check_photos(store, theme, products, cache / "photos", jobs, problems)
    problems.raise_if_any()

    writer = DryWriter()
    try:
        counts = render_site(store, theme, products, photos, writer, cache / "photos", Progress(), jobs)
    except ValueError as exc:  # two pages for one file: the build would stop the same way
        raise LapakError(str(exc)) from None
    files = {rel: writer.sizes.get(rel) for rel in writer.written}  # pages made by workers: size unknown
    return CheckResult(products=len(products), photos=len(photos), pages=counts["pages"],
                       warnings=problems.warnings, hosting=limit_warnings(files.items()),
                       seconds=time.perf_counter() - started)


def _check_photos(store, theme, products, cache: Path, jobs: int, problems: Collector) -> dict:
    """The build's photo phase (build._process_photos): the same problems and warnings, nothing written."""
    from generator.media import images

    paths, settings = images.plan(store, theme, products, problems)
    if not paths:
        return {}
    work = [(p, cache, settings) for p in paths]
    if jobs > 1 and len(paths) > 8:
        from generator.parallel import pool_map

        results = pool_map(check_photo, work, jobs)
    else:
        results = [check_photo(w) for w in work]
    photos = {}
    for path, photo, error in results:
        if error:
            problems.error(path.relative_to(store.root).as_posix(), error)
            continue
        photos[path] = photo
        warning = images.format_mismatch(path, photo.format)
        if warning:
            problems.warn(path.relative_to(store.root).as_posix(), warning)
    return dict(sorted(photos.items()))


__all__ = ["CheckResult", "ContentError", "check"]
