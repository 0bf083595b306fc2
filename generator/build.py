"""Run a build's phases in order: config, catalog, photos, pages, write. Nothing half-built is kept."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__, code_digest
from generator.config_file import find_config
from generator.errors import Collector, Problem
from generator.parallel import default_jobs
from generator.sources import find_sources
from generator.writer import OutputWriter, check_output, read_marker

log = logging.getLogger(__name__)

CACHE_DIR = ".lapak-cache"


@dataclass
class BuildResult:
    """What a build did, for the one-line summary."""

    output: Path
    pages: int = 0
    photos: int = 0
    photos_processed: int = 0
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    unchanged: bool = False
    products: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    state: dict = field(default_factory=dict)  # what the quick check of the next build compares

    def lap(self, phase: str, since: float) -> float:
        """Record how long ``phase`` took; returns now, for the next phase."""
        now = time.perf_counter()
        self.timings[phase] = now - since
        return now


class Progress:
    """Receives progress for long phases; the command line shows it with rich."""

    def start(self, label: str, total: int) -> None:  # pragma: no cover - interface
        pass

    def advance(self, n: int = 1) -> None:  # pragma: no cover - interface
        pass

    def stop(self) -> None:  # pragma: no cover - interface
        pass


def _tree_digest(h, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())


def _fingerprint(root: Path, config_path: Path, sources, inputs: dict, options: str) -> str:
    """A hash of everything a build reads: store.yml, products, photos, theme, Lapak itself, options.

    ``inputs`` are what the build recorded besides the products: the theme folders it used and
    the other files it read (photos and logo). A new product file or photo in a product folder is
    seen because the sources are scanned afresh.
    """
    h = hashlib.sha256(f"{code_digest()}\0{options}\0".encode())
    h.update(config_path.read_bytes())
    for s in sources:
        h.update(f"\0{s.rel}\0{s.digest}".encode())
    for name in inputs.get("files", []):  # photos are large: their size and time stand for them
        path = root / name
        try:
            st = path.stat()
        except OSError:
            h.update(f"\0{name}\0missing".encode())
            continue
        h.update(f"\0{name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    for folder in inputs.get("folders", []):
        h.update(f"\0{folder}\0".encode())
        if Path(folder).is_dir():
            _tree_digest(h, Path(folder))
    return h.hexdigest()


def _output_intact(output: Path, state: dict) -> bool:
    files = state.get("files")
    return isinstance(files, list) and all((output / f).is_file() for f in files)


def _state_path(root: Path, output: Path) -> Path:
    """Where the cache keeps what the last build into ``output`` read and wrote (never published)."""
    key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return root / CACHE_DIR / f"build-{key}.json"


def _read_state(path: Path) -> dict:
    import json

    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(path: Path, state: dict, memo: dict, started_wall: float) -> None:
    import json
    import os

    # A file changed within a moment of the build may keep its size and time after a second edit:
    # such entries are not remembered, so the next build reads them again (as git does).
    state["stats"] = {k: v for k, v in memo.items() if v[1] < (started_wall - 2) * 1e9}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, sort_keys=True))
    os.replace(tmp, path)


def build(source: Path, output: Path, base_url: str | None = None, drafts: bool = False, force: bool = False,
          jobs: int | None = None, progress: Progress | None = None) -> BuildResult:
    """Build the store in ``source`` into ``output``; raise ContentError listing every problem."""
    started = time.perf_counter()
    progress = progress or Progress()
    result = BuildResult(output=output)
    config_path = find_config(source)
    root = config_path.parent.resolve()
    check_output(output, root, force)
    options = f"{base_url}\0{drafts}"

    # Quick check: the inputs the build in place recorded are unchanged, so its output is too.
    started_wall = time.time()
    problems = Collector()
    state_path = _state_path(root, output)
    state = _read_state(state_path)
    memo = {k: tuple(v) for k, v in state.get("stats", {}).items()}
    sources = find_sources(root, problems, memo)
    fingerprint = state.get("fingerprint")
    if (not problems.problems and state.get("inputs") and fingerprint
            and read_marker(output).get("fingerprint") == fingerprint and _output_intact(output, state)
            and fingerprint == _fingerprint(root, config_path, sources, state["inputs"], options)):
        result.unchanged = True
        result.pages = state.get("pages", 0)
        result.photos = state.get("photos", 0)
        result.products = state.get("products", 0)
        result.warnings = [Problem(**w) for w in state.get("warnings", [])]
        result.seconds = time.perf_counter() - started
        return result
    result = _full_build(root, config_path, sources, problems, output, base_url, drafts, options,
                         jobs or default_jobs(), progress, result, started, memo)
    _write_state(state_path, result.state, memo, started_wall)
    return result


@dataclass
class Prepared:
    """Everything a site is made from, read and checked: what the pages are rendered from."""

    store: object
    theme: object
    products: list
    photos: dict
    warnings: list[Problem]
    parsed: int  # how many product files were read afresh (the rest came from the cache)


def prepare(root: Path, sources, problems: Collector, base_url: str | None, drafts: bool, jobs: int,
            progress: Progress, product_cache: dict, result: BuildResult | None = None,
            stats: dict | None = None) -> Prepared:
    """Read store.yml, the theme, every product and photo; raise ContentError listing every problem.

    ``stats`` remembers each photo's size, time and hash (the build state's), so an unchanged photo
    is not even read; without it the process keeps its own (the preview server's).
    """
    from generator.catalog import load_catalog
    from generator.config import load_store
    from generator.theme import load_theme

    result = result or BuildResult(output=root)
    t = time.perf_counter()
    store, store_problems = load_store(root, base_url)
    problems.extend(store_problems)
    theme = load_theme(store.theme, root)
    t = result.lap("config", t)
    products, catalog_out, parsed = load_catalog(store, sources, product_cache, drafts, jobs)
    problems.extend(catalog_out)
    t = result.lap("products", t)
    photos = _process_photos(store, products, root / CACHE_DIR / "photos", jobs, progress, problems, theme, stats)
    result.lap("photos", t)
    problems.raise_if_any()
    return Prepared(store, theme, products, photos, problems.warnings, parsed)


def _full_build(root: Path, config_path: Path, sources, problems: Collector, output: Path, base_url: str | None,
                drafts: bool, options: str, jobs: int, progress: Progress, result: BuildResult,
                started: float, memo: dict | None = None) -> BuildResult:
    from generator.catalog import read_cache, write_cache
    from generator.pages import render_site

    cache_dir = root / CACHE_DIR
    product_cache = read_cache(cache_dir)
    before = set(product_cache)
    try:
        site = prepare(root, sources, problems, base_url, drafts, jobs, progress, product_cache, result, memo)
    finally:  # keep what was parsed, even when another file stops the build
        if set(product_cache) != before:
            write_cache(cache_dir, product_cache)
    store, theme = site.store, site.theme
    extra = sorted({p.relative_to(root).as_posix() for p in site.photos} |
                   {p.relative_to(root).as_posix() for s in sources for p in
                    (s.path.parent / n for n in s.folder_images)} |
                   ({store.logo.relative_to(root).as_posix()} if store.logo else set()))
    inputs = {"files": extra, "folders": [str(f) for f in theme.folders] + [str(root / "templates")]}
    t = time.perf_counter()
    writer = OutputWriter(output)
    try:
        files = render_site(store, theme, site.products, site.photos, writer, cache_dir / "photos", progress, jobs)
        t = result.lap("pages", t)
        result.pages = files["pages"]
        result.photos = len(site.photos)
        result.products = len(site.products)
        fingerprint = _fingerprint(root, config_path, sources, inputs, options)
        writer.commit({"generator": f"lapak {__version__}", "fingerprint": fingerprint})
        result.state = {
            "fingerprint": fingerprint, "inputs": inputs, "files": sorted(writer.written), "pages": result.pages,
            "photos": result.photos, "products": result.products, "warnings": [w.__dict__ for w in site.warnings],
        }
    except BaseException:
        writer.abort()
        raise
    result.lap("swap", t)
    result.warnings = site.warnings
    result.seconds = time.perf_counter() - started
    return result


def _process_photos(store, products, cache: Path, jobs: int, progress: Progress, problems: Collector,
                    theme=None, stats: dict | None = None) -> dict:
    """Every photo of the products, processed or found in the cache; a photo whose size and time are
    those the memo remembers is not read at all, and only photos missing from the cache are decoded."""
    from generator import images

    paths, settings = images.plan(store, theme, products, problems)
    if not paths:
        return {}
    memo = images.PROCESS_MEMO if stats is None else stats
    photos, work = {}, []
    for path in paths:
        digest = images.known_digest(path, memo)
        hit = images.cached(cache, images.key_of(digest, settings.params), settings) if digest else None
        if hit is not None:
            photos[path] = hit
        else:
            work.append((path, cache, settings, digest))
    results = []
    if work:
        progress.start("Photos", len(work))
        if jobs > 1 and len(work) > 1:
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(min(jobs, len(work))) as pool:
                results = list(_advancing(pool.imap_unordered(images.process_one, work), progress))
        else:
            results = list(_advancing(map(images.process_one, work), progress))
        progress.stop()
    settled = time.time_ns() - 2_000_000_000  # a file changed this recently may change again unseen
    for path, photo, error, stat in results:
        if stat is not None and (stats is not None or stat[1] < settled):
            memo[str(path)] = stat
        if error:
            problems.error(path.relative_to(store.root).as_posix(), error)
        else:
            photos[path] = photo
    for path, photo in photos.items():
        warning = images.format_mismatch(path, photo.format)
        if warning:
            problems.warn(path.relative_to(store.root).as_posix(), warning)
    return dict(sorted(photos.items()))


def _advancing(results, progress: Progress):
    for r in results:
        progress.advance()
        yield r

