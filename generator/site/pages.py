"""Lay out the whole site: assets, photos, pages, sitemap and hosting files, through the writer."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from generator.pipeline import Progress
from generator.site.hosting import write_hosting_files
from generator.media.images import PhotoSet
from generator.content.model import Product, Store
from generator.site.render import RenderMemo, Renderer, Site, asset_name
from generator.site.shop import write_shop_pages
from generator.site.theme import Theme
from generator.site.writer import MemoryWriter, OutputWriter


def render_site(store: Store, theme: Theme, products: list[Product], photos: dict[Path, PhotoSet],
                writer: OutputWriter | MemoryWriter, photo_cache: Path, progress: Progress, jobs: int,
                memo: RenderMemo | None = None) -> dict:
    """Write every file of the site; returns counts for the summary.

    With ``memo`` (the preview server's), a product page or card whose inputs are unchanged since
    the last render is reused instead of rendered again.
    """
    site = Site(store, theme, products, photos)
    for rel, path in theme.static_files().items():
        data = path.read_bytes()
        name = asset_name(rel, data) if rel.endswith((".css", ".js")) else f"assets/{rel}"
        site.assets[rel] = name
        writer.write(name, data)
    if store.logo:
        data = small_logo(store.logo)
        site.assets["__logo__"] = asset_name("logo.png", data)
        writer.write(site.assets["__logo__"], data)
    for photo in sorted(photos.values(), key=lambda ph: ph.key):
        for name in photo.files:
            if f"photos/{name}" not in writer.written:
                writer.copy(f"photos/{name}", photo_cache / name)
    _photo_extras(site, writer, photo_cache, progress, jobs)

    renderer = Renderer(site, memo)
    pages = 1
    if memo is not None:
        pages += _cached_product_pages(renderer, products, writer)
        products_left = []
    else:
        products_left = products
    with _ProductPages(renderer, products_left, writer, jobs) as product_pages:
        # The storefront and the category pages are written while the workers render products.
        writer.write("index.html", renderer.index())
        for cat in renderer.categories:
            writer.write(cat["url"][len(store.base_path):] + "index.html", renderer.category(cat))
            pages += 1
        pages += write_shop_pages(renderer, writer)  # the cart page and the printable QR codes
    pages += product_pages.count
    writer.write("404.html", renderer.not_found())
    pages += 1
    writer.write(".nojekyll", "")
    write_hosting_files(site, writer)  # _headers for Netlify, CNAME for a custom domain
    if store.base_url:
        urls = [""] + [c["url"][len(store.base_path):] for c in renderer.categories] + [p.slug + "/" for p in products]
        writer.write("sitemap.xml", sitemap(site, urls))
        writer.write("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {site.absolute('sitemap.xml')}\n")
    else:
        writer.write("robots.txt", "User-agent: *\nAllow: /\n")
    return {"pages": pages}


def _photo_extras(site: Site, writer, photo_cache: Path, progress: Progress, jobs: int) -> None:
    """Icons and manifest, share images (og:image) and the photos' placeholder colours, through the writer."""
    from generator.media import icons, share
    from generator.media.images import placeholder_css

    from generator.media.images import prune

    make = isinstance(writer, (OutputWriter, MemoryWriter))  # a dry run (lapak check) draws nothing
    icon = icons.add(site, writer, photo_cache.parent, make)
    share.add(site, writer, photo_cache, progress, jobs, make, icon)
    if isinstance(writer, OutputWriter):  # a real build: forget photos unused for a month
        keep = {rel.rsplit("/", 1)[-1] for rel in writer.written if rel.startswith("photos/")}
        prune(photo_cache, keep | {f"{ph.key}.json" for ph in site.photos.values()})
    css = placeholder_css(site.photos.values()).encode()
    if css:  # a stylesheet, not inline styles: the Content-Security-Policy allows only the site's own files
        site.assets["__photos_css__"] = asset_name("photos.css", css)
        writer.write(site.assets["__photos_css__"], css)


_shared: tuple[Renderer, list[Product], OutputWriter] | None = None


def _render_chunk(bounds: tuple[int, int]) -> int:
    """Worker: render and write the product pages ``products[start:stop]``."""
    renderer, products, writer = _shared
    for product in products[bounds[0]:bounds[1]]:
        writer.write_new(f"{product.slug}/index.html", renderer.product(product))
    return bounds[1] - bounds[0]


def _cached_product_pages(renderer: Renderer, products: list[Product], writer) -> int:
    """Render the product pages whose inputs changed; reuse the others from the renderer's memo."""
    memo, photos = renderer.memo, renderer.site.photos
    fresh = {}
    for product in products:
        shots = tuple(photos[p] for p in product.images)
        hit = memo.pages.get(id(product))
        if hit is None or hit[0] is not product or hit[1] != shots:
            hit = (product, shots, renderer.product(product))
        fresh[id(product)] = hit
        writer.write(f"{product.slug}/index.html", hit[2])
    memo.pages = fresh
    return len(products)


class _ProductPages:
    """Render every product page, on all cores when there are many, while the caller goes on."""

    def __init__(self, renderer: Renderer, products: list[Product], writer: OutputWriter, jobs: int):
        self.args = (renderer, products, writer)
        self.jobs = jobs
        self.count = 0
        self.pool = None
        self.pending = None

    def __enter__(self) -> "_ProductPages":
        global _shared
        renderer, products, writer = self.args
        for product in products:  # claim every path first, so two pages can never share one
            writer.claim(f"{product.slug}/index.html")
        _shared = self.args
        if self.jobs < 2 or len(products) < 64 or not writer.parallel:
            self.count = _render_chunk((0, len(products)))
            return self
        import multiprocessing

        renderer.env.get_template("product.html")  # compile once, before the workers are forked
        size = max(16, len(products) // (self.jobs * 8))
        chunks = [(i, min(i + size, len(products))) for i in range(0, len(products), size)]
        self.pool = multiprocessing.get_context("fork").Pool(self.jobs)
        self.pending = self.pool.map_async(_render_chunk, chunks)
        return self

    def __exit__(self, kind, value, tb) -> None:
        global _shared
        try:
            if self.pool is not None:
                if kind is None:
                    self.count = sum(self.pending.get())
                    self.pool.close()
                else:
                    self.pool.terminate()
                self.pool.join()
        finally:
            _shared = None


LOGO_SIZE = 96  # shown at 36-48 CSS pixels; twice that for sharp phone screens


def small_logo(path: Path) -> bytes:
    """The logo as a small PNG: a seller's 512-px logo would weigh more than the whole page."""
    import io

    from generator.media.images import PhotoError, _open

    try:
        img = _open(path, path.read_bytes())
    except (PhotoError, OSError) as exc:
        from generator.errors import LapakError

        raise LapakError(f"store.yml, field 'logo': {path.name}: {exc}") from None
    img.thumbnail((LOGO_SIZE, LOGO_SIZE))
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def sitemap(site: Site, rels: list[str]) -> str:
    """A sitemap.xml listing every page by its absolute address."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(site.absolute(rel))}</loc></url>" for rel in rels]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
