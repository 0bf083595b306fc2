"""Run a build's phases in order: config, catalog, photos, pages, write. Nothing half-built is kept."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__, code_digest
from generator.catalog import find_sources, load_catalog
from generator.config import find_config, load_store
from generator.errors import Collector, Problem
from generator.parallel import default_jobs
from generator.theme import load_theme
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


def _fingerprint(store_yml: Path, theme_digest: str, sources, images: list[Path], options: str,
                 user_templates: Path) -> str:
    h = hashlib.sha256(f"{code_digest()}\0{options}\0{theme_digest}\0".encode())
    h.update(store_yml.read_bytes())
    for s in sources:
        h.update(f"\0{s.rel}\0{s.digest}".encode())
    for path in images:  # photos change rarely and are large: their size and time stand for them here
        st = path.stat()
        h.update(f"\0{path}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    if user_templates.is_dir():
        for path in sorted(user_templates.rglob("*")):
            if path.is_file():
                h.update(path.read_bytes())
    return h.hexdigest()


def _output_intact(output: Path, marker: dict) -> bool:
    files = marker.get("files")
    return isinstance(files, list) and all((output / f).is_file() for f in files)


def _peek(config_path: Path) -> dict:
    """store.yml read without checking anything (for the quick check); {} when it cannot be read."""
    import yaml

    try:
        data = yaml.load(config_path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def build(source: Path, output: Path, base_url: str | None = None, drafts: bool = False, force: bool = False,
          jobs: int | None = None, progress: Progress | None = None) -> BuildResult:
    """Build the store in ``source`` into ``output``; raise ContentError listing every problem."""
    started = time.perf_counter()
    progress = progress or Progress()
    jobs = jobs or default_jobs()
    result = BuildResult(output=output)
    config_path = find_config(source)
    root = config_path.parent.resolve()
    check_output(output, root, force)

    # Quick check: the same inputs as the build already in place give the same output.
    problems = Collector()
    sources = find_sources(root, problems)
    peek = _peek(config_path)
    theme = load_theme(str(peek.get("theme") or "default"), root)
    fingerprint = _fingerprint(config_path, theme.digest(), sources, _candidate_images(root, sources, peek),
                               f"{base_url}\0{drafts}", root / "templates")
    marker = read_marker(output)
    if not problems.problems and marker.get("fingerprint") == fingerprint and _output_intact(output, marker):
        result.unchanged = True
        result.pages = marker.get("pages", 0)
        result.photos = marker.get("photos", 0)
        result.products = marker.get("products", 0)
        result.warnings = [Problem(**w) for w in marker.get("warnings", [])]
        result.seconds = time.perf_counter() - started
        return result

    store, store_problems = load_store(source, base_url)
    problems.extend(store_problems)
    if store.theme != theme.name:
        theme = load_theme(store.theme, root)
    cache_dir = root / CACHE_DIR
    t = result.lap("check", started)
    products, catalog_out = load_catalog(store, sources, cache_dir, drafts, jobs)
    problems.extend(catalog_out)
    t = result.lap("products", t)
    photos = _process_photos(store, products, cache_dir / "photos", jobs, progress, problems, result)
    t = result.lap("photos", t)
    problems.raise_if_any()

    from generator.pages import render_site

    writer = OutputWriter(output)
    try:
        files = render_site(store, theme, products, photos, writer, cache_dir / "photos", progress, jobs)
        t = result.lap("pages", t)
        result.pages = files["pages"]
        result.photos = len(photos)
        result.products = len(products)
        writer.commit({
            "fingerprint": fingerprint, "files": sorted(writer.written), "pages": result.pages,
            "photos": result.photos, "products": result.products,
            "warnings": [w.__dict__ for w in problems.warnings], "generator": f"lapak {__version__}",
        })
    except BaseException:
        writer.abort()
        raise
    result.lap("swap", t)
    result.warnings = problems.warnings
    result.seconds = time.perf_counter() - started
    return result


def _candidate_images(root: Path, sources, peek: dict) -> list[Path]:
    """Every photo in a product folder, and the logo: what the quick check looks at."""
    paths = [s.path.parent / n for s in sources for n in s.folder_images]
    logo = root / str(peek.get("logo") or "")
    if peek.get("logo") and logo.is_file():
        paths.append(logo)
    return paths


def _process_photos(store, products, cache: Path, jobs: int, progress: Progress, problems: Collector,
                    result: BuildResult) -> dict:
    from generator.images import process_one

    paths = sorted({path for p in products for path in p.images})
    if not paths:
        return {}
    work = [(path, cache) for path in paths]
    photos = {}
    progress.start("Photos", len(work))
    if jobs > 1 and len(work) > 1:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(jobs, len(work))) as pool:
            results = list(_advancing(pool.imap(process_one, work), progress))
    else:
        results = list(_advancing(map(process_one, work), progress))
    progress.stop()
    for path, photo, error in results:
        if error:
            problems.error(path.relative_to(store.root).as_posix(), error)
        else:
            photos[path] = photo
    return photos


def _advancing(results, progress: Progress):
    for r in results:
        progress.advance()
        yield r

