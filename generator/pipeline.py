"""The one pipeline behind ``lapak build``, ``lapak check`` and ``lapak serve``.

    inputs (recorded as read) -> content: store, theme, products, pages -> media: photos, icons, cards, QR
    -> site: views, templates -> {output path: bytes | cached file}

:func:`assemble` runs these steps in order and returns the finished site as a value. It writes
nothing but caches: ``build`` hands the site to the writer, ``check`` reports its problems, and
``serve`` keeps it in memory. Every cached step is keyed by exactly what it read, recorded
when it read it (see :class:`generator.content.sources.Inputs` and :mod:`generator.cache`).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import CACHE_DIR
from generator.content import checkout
from generator.content.catalog import ProductCache, load_catalog
from generator.content.config import load_store
from generator.content.config_file import CONFIG_NAME, find_config
from generator.content.sources import Inputs, check_inside, find_sources, today
from generator.content.storepages import check_addresses, load_pages
from generator.content.storepages import photo_paths as page_photos
from generator.errors import Collector, ContentError, LapakError, Problem
from generator.media import make, share
from generator.media.images import Rendition
from generator.messages import define, msg, set_language
from generator.parallel import Progress, Workers
from generator.site import feeds, pages
from generator.site.render import Renderer, RenderMemo, Site, Views, categorise, tag_index, template_dirs
from generator.site.theme import Theme, ThemeError, builtin_themes_dir, load_theme
from generator.site.writer import PathClash, SiteFiles

MODES = ("build", "check", "serve")

define({
    "pipeline.category_clash": (
        "kategori yang berbeda mendapat alamat yang sama '{rel}' ({files}). Beri salah satu nama yang lain",
        "different categories would get the same address '{rel}' ({files}). Give one of them another name"),
    "pipeline.no_privacy_page": (
        "tidak ada halaman '{slug}' di folder pages/. Tulis pages/{slug}.md (kebijakan privasi toko), atau "
        "tulis nama file halaman yang ada",
        "there is no page '{slug}' in the pages/ folder. Write pages/{slug}.md (the store's privacy policy), or "
        "name a page that exists"),
    "pipeline.page_clash": (
        "dua halaman memakai file yang sama '{rel}': ganti 'slug:' salah satu produk",
        "two pages would use the same file '{rel}': change one product's 'slug:'"),
})


@dataclass
class Assembled:
    """A finished site and what went into it."""

    site: Site
    files: dict[str, bytes | Path]  # output path -> bytes, or the cached file with them
    pages: int
    warnings: list[Problem]
    inputs: Inputs
    parsed: int  # product files parsed afresh (the rest came from the cache)
    timings: dict[str, float] = field(default_factory=dict)


def warm() -> None:
    """Worker start-up: import what the work needs while the main process reads the store."""
    import generator.content.catalog  # noqa: F401  (Markdown, nh3, YAML)
    import generator.media.images  # noqa: F401  (Pillow)
    import generator.site.pages  # noqa: F401  (Jinja)


def assemble(source: Path, *, mode: str = "build", base_url: str | None = None, drafts: bool = False,
             workers: Workers | None = None, progress: Progress | None = None,
             products_cache: ProductCache | None = None, memo: RenderMemo | None = None,
             stat_memo: dict | None = None) -> Assembled:
    """Read the store in ``source`` and make its site; raise ContentError listing every problem.

    ``mode`` is ``build`` (make everything, keep product pages in the cache), ``check`` (decode
    photos, draw nothing, keep nothing) or ``serve`` (keep pages in ``memo``, in memory).
    ``products_cache`` keeps parsed products (by default the store's, written in ``build`` and
    ``serve`` modes), ``stat_memo`` the sizes, times and hashes of files read before.
    """
    assert mode in MODES
    workers = workers or Workers(1)
    progress = progress or Progress()
    making = mode != "check"
    timings: dict[str, float] = {}
    t = time.perf_counter()
    root = find_config(source).parent.resolve()
    cache_root = root / CACHE_DIR
    inputs = Inputs(root, stat_memo)
    problems = Collector()

    # Content: store.yml, the theme, the products, the store's pages; the day sales open and close by.
    day = today()
    store, store_problems = load_store(root, base_url, data=_read(inputs, root / CONFIG_NAME))
    set_language(store.language)  # every message from here on is shown in the store's language
    problems.extend(store_problems)
    theme = _theme(store, root, problems)
    store = theme.store_settings(store)  # the theme's starting values (butik: portrait cards) where store.yml is silent
    static, templates_digest = _theme_files(inputs, store, theme)
    logo = None
    if store.logo is not None:
        logo = make.small_logo(inputs.read(store.logo), store.logo.name, problems, CONFIG_NAME)
    sources = find_sources(inputs, problems)
    if len(sources) >= 64:
        workers.start()  # they import their modules while this process reads the products
    if products_cache is None:
        products_cache = ProductCache(cache_root / "products", write=making)
    products, found, parsed, keys = load_catalog(store, sources, inputs, products_cache, drafts, workers)
    problems.extend(found)
    categories, clashes = categorise(store, products)
    for rel, files in clashes:
        problems.error(files[0], msg("pipeline.category_clash", rel=rel, files=", ".join(files)), "category")
    store_pages = check_addresses(load_pages(inputs, problems, drafts), products, categories, problems)
    if store.privacy_page and not any(page.slug == store.privacy_page for page in store_pages):
        problems.error(CONFIG_NAME, msg("pipeline.no_privacy_page", slug=store.privacy_page), "privacy_page")
    problems.warnings.extend(checkout.date_warnings(store, products, day))
    inputs.dates(checkout.boundaries(store, products), day)  # a build is out of date once a sale starts or ends
    timings["content"] = _lap(t)

    # Media: photos first (a broken photo stops the build before anything is drawn).
    t = time.perf_counter()
    own = checkout.photo_paths(store) + page_photos(store_pages) + ([store.cover] if store.cover else [])
    photos = make.photos(store, theme, products, inputs, cache_root, workers, progress, problems, make=making,
                         extra=own)
    problems.raise_if_any()
    site = Site(store, theme, products, photos, categories=categories, dated=any(p.date for p in products),
                templates_digest=templates_digest, pages=store_pages, today=day, tags=tag_index(store, products))
    problems.warnings.extend(feeds.warnings(site))  # what Meta, Google and TikTok would reject
    files = SiteFiles()
    try:
        # Cards, QR codes and product pages go to the workers together; the main process lays out
        # the storefront and category pages meanwhile. Every name is known before anything is drawn.
        pages.add_assets(site, files, static, logo)
        icon = pages.add_icons(site, files, cache_root, making)
        planned = share.plan(site, Views(site), icon)
        card_files, cards_done = make.start_cards(planned, cache_root, workers, progress, make=making)
        wanted = pages.qr_wanted(site)  # the store's and every product's code
        qr_done = make.start_qr(pages.qr_requests(wanted), cache_root, workers, make=making)
        _add_cards(site, files, planned, card_files)
        pages.add_photos(site, files, cache_root / "photos")
        timings["media"] = _lap(t)

        t = time.perf_counter()
        if mode == "build":  # cards kept between builds: a template edit need not draw them again
            memo = RenderMemo(cache_root / "cards.json")
        renderer = Renderer(site, memo, keys)
        page_cache = pages.PageCache(cache_root / "pages") if mode == "build" else None
        products_done = pages.start_product_pages(renderer, files, workers, page_cache, keep=making)
        count = pages.add_pages(renderer, files, deferred=mode == "serve", page_cache=page_cache) + len(products)
        products_done()  # the product pages no worker has started are rendered here meanwhile
        qr_codes = qr_done()
        cards_done()
        workers.close()  # their work is done: their memory is given back before the QR page is made
        pages.add_qr_page(renderer, files, wanted, qr_codes, deferred=mode == "serve", page_cache=page_cache)
        count += 1
    except PathClash as exc:  # a safety net: reserved slugs and category checks should prevent it
        raise ContentError([Problem(CONFIG_NAME, msg("pipeline.page_clash", rel=exc.rel))]) from None
    if mode == "build":
        memo.save_cards(limit=4 * len(products) + 64)  # the cards of this build and an undo's, with their eager twins
        page_cache.save_index()
    elif memo is not None:
        memo.forget_unused()
    timings["pages"] = _lap(t)
    return Assembled(site, files.files, count, problems.warnings, inputs, parsed, timings)


def _lap(since: float) -> float:
    return time.perf_counter() - since


def _read(inputs: Inputs, path: Path) -> bytes:
    try:
        return inputs.read(path)
    except OSError as exc:
        raise LapakError(f"{CONFIG_NAME}: cannot read it ({exc.strerror or exc})") from None


def _theme(store, root: Path, problems: Collector) -> Theme:
    """The store's theme; a missing one, or a theme folder outside the store, is a problem."""
    try:
        theme = load_theme(store.theme, root)
    except ThemeError as exc:
        problems.error(CONFIG_NAME, exc.message, exc.field)
        return load_theme("default", root)
    builtin = builtin_themes_dir().resolve()
    for folder in theme.folders:
        if not folder.resolve().is_relative_to(builtin):
            check_inside(root, folder, problems, CONFIG_NAME, "theme", None, str(folder.name))
    theme, unknown = theme.with_settings(store.extra if isinstance(store.extra, dict) else {})
    names = ", ".join(sorted(theme.options)) or "-"
    for key in unknown:
        problems.warn(CONFIG_NAME, msg("theme.unknown_option", theme=theme.name, names=names), f"extra.{key}")
    return theme


def _theme_files(inputs: Inputs, store, theme: Theme) -> tuple[dict[str, bytes], str]:
    """The theme's static files (a child theme's file hides its parent's), each read and recorded, and
    a hash of every template the pages may use (the store's own templates/ first)."""
    static: dict[str, bytes] = {}
    for folder in reversed(theme.folders):
        base = folder / "static"
        if base.is_dir():
            for path in inputs.walk(base):
                static[path.relative_to(base).as_posix()] = inputs.read(path)
    for folder in theme.folders:
        if (folder / "theme.yml").is_file():
            inputs.read(folder / "theme.yml")
    h = hashlib.sha256()
    for folder in template_dirs(store.root, theme):
        h.update(f"\0{folder}\0".encode())
        for path in inputs.walk(folder):
            h.update(f"{path.relative_to(folder).as_posix()}\0{inputs.digest(path)}\0".encode())
    inputs.exists(store.root / "templates")  # a templates/ folder added later is seen
    return dict(sorted(static.items())), h.hexdigest()


def _add_cards(site: Site, files: SiteFiles, planned: dict[str, share.Card], paths: dict[str, Path]) -> None:
    """The share image of every product and of the store, in the site and in ``site.shares``."""
    for slug in sorted(planned, key=lambda s: planned[s].name):
        rel = f"photos/{planned[slug].name}"
        if rel not in files.files:
            files.copy(rel, paths[slug])
    site.shares.update({slug: Rendition(card.name, share.WIDTH, share.HEIGHT) for slug, card in planned.items()})
