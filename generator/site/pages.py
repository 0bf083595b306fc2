"""Lay out the site as a value: every output path with its bytes, or the cached file that holds them.

Nothing here writes the output folder: ``lapak build`` gives the finished mapping to the writer,
``lapak check`` only looks at it, and ``lapak serve`` keeps it in memory. Product pages are
rendered on the workers and kept in ``.lapak-cache/pages/`` under a key of everything they
show, so a page whose product, photos, share image, templates and site-wide data are unchanged
is never rendered twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import Callable
from html import escape

from generator import cache
from generator.content.checkout import open_vouchers
from generator.content.model import Product
from generator.i18n import CART_PATH, QR_PATH
from generator.media import icons
from generator.media.images import placeholder_css
from generator.media.qr import qr_target
from generator.parallel import Workers
from generator.site.feeds import add_feeds, pixel_tag
from generator.site.hosting import content_security_policy, write_hosting_files
from generator.site.brand import brand_css, theme_colour
from generator.site.render import PAGE_SIZE, Renderer, Site, asset_name, page_count, page_rel
from generator.site.shop import cart_data, json_data, prices_data, search_data
from generator.site.writer import Deferred, SiteFiles


def add_assets(site: Site, files: SiteFiles, static: dict[str, bytes], logo: bytes | None) -> None:
    """The theme's static files (CSS and JS named after their content) and the small logo."""
    for rel, data in static.items():
        data = minified(rel, data)
        name = asset_name(rel, data) if rel.endswith((".css", ".js")) else f"assets/{rel}"
        site.assets[rel] = name
        files.write(name, data)
    if logo is not None:
        site.assets["__logo__"] = asset_name("logo.png", logo)
        files.write(site.assets["__logo__"], logo)
    # What every page's <head> carries: the policy _headers sends (for hosts without it), the pixels' tag.
    site.head["csp"] = content_security_policy(site, meta=True)
    site.head["pixels"] = pixel_tag(site)


def minified(rel: str, data: bytes) -> bytes:
    """A theme's CSS or JavaScript without its comments and spaces (a buyer's phone downloads and parses
    every byte before the first paint); notices written ``/*! ... */`` are kept. Other files as they are."""
    if rel.endswith(".css"):
        import rcssmin

        return rcssmin.cssmin(data, keep_bang_comments=True)
    if rel.endswith(".js"):
        import rjsmin

        return rjsmin.jsmin(data, keep_bang_comments=True)
    return data


def add_icons(site: Site, files: SiteFiles, cache_root: Path, make: bool = True) -> str:
    """The icons and the web manifest, their paths recorded in ``site.assets``; drawn when the cache lacks
    them (unless ``make`` is False). Returns the store's square icon (in the cache) for its share image."""
    from generator.media.share import colour

    store = site.store
    accent = colour(theme_colour(store.brand, str(site.theme.options.get("accent") or "")))  # the seller's, if given
    plan = icons.plan(store, accent, cache_root)
    if make:
        icons.make_missing(plan, store, accent)
    for name in plan.names:
        files.copy(plan.site_name(name), plan.cache / plan.cache_name(name))
    site.assets["__icon__"] = plan.site_name("icon-32")
    site.assets["__apple_touch_icon__"] = plan.site_name("apple-touch-icon")
    for name in icons.ICONS:
        site.assets[f"__{name}__"] = plan.site_name(name)
    data = icons.manifest(store, accent, plan, site.path).encode()
    site.assets["__manifest__"] = asset_name("manifest.webmanifest", data)
    files.write(site.assets["__manifest__"], data)
    return plan.share_icon


def add_photos(site: Site, files: SiteFiles, photo_cache: Path) -> None:
    """Every processed photo file, and the stylesheet with the store's colours and the placeholder colours."""
    for photo in sorted(site.photos.values(), key=lambda ph: ph.key):
        for name in photo.files:
            if f"photos/{name}" not in files.files:
                files.copy(f"photos/{name}", photo_cache / name)
    # The store's colours and font, then the photos' placeholder colours: a stylesheet, not inline
    # styles, since the Content-Security-Policy allows only the site's own files.
    css = (brand_css(site.store.brand, str(site.theme.options.get("accent") or ""))
           + placeholder_css(site.photos.values())).encode()
    site.assets["__store_css__"] = asset_name("store.css", css)
    files.write(site.assets["__store_css__"], css)


def qr_wanted(site: Site) -> list[tuple[str, str, str, str, Product | None]]:
    """The printable QR codes: (file name, title, price, address, product) for the store and each product."""
    store = site.store
    if not store.base_url:
        return []
    # "_store" can never be a product's slug (slugify turns "_" into "-"), so the names never clash.
    from generator.site.render import Views

    views = Views(site)
    entries = [("_store", store.name, "", site.absolute(""), None)]
    return entries + [(p.slug, p.title, views.price_text(p), site.absolute(p.slug + "/"), p) for p in site.products]


def qr_requests(entries) -> list[tuple[str, str]]:
    """What each code encodes and is titled: its page's address with ``?src=qr``, and its name."""
    return [(qr_target(url), title) for _, title, _, url, _ in entries]


PAGES_PER_TASK = 50  # product pages a worker renders per task: a worker holds one task's products


def start_product_pages(renderer: Renderer, files: SiteFiles, workers: Workers, page_cache: "PageCache | None",
                        keep: bool = True) -> Callable[[], None]:
    """Every product page: from ``page_cache`` when nothing it shows changed, else rendered (on the
    workers, while the caller goes on, when there are many). ``page_cache`` None keeps pages in the
    renderer's memo (the preview's); ``keep`` False renders and keeps nothing (``lapak check``).
    The returned function waits for the workers and puts their pages into ``files``."""
    products = renderer.site.products
    todo = []
    for p in products:
        rel = f"{p.slug}/index.html"
        files.claim(rel)  # every path first, so two pages can never share one
        hit = page_cache.get(renderer.page_key(p) or "") if keep and page_cache is not None else None
        if hit is not None:
            files.files[rel] = hit
        else:
            todo.append(p)
    if page_cache is None or workers.jobs < 2 or len(todo) < 64:
        for p in todo:
            html = renderer.product_page(p)
            key = renderer.page_key(p)
            keepable = keep and page_cache is not None and key
            files.files[f"{p.slug}/index.html"] = page_cache.save(key, html) if keepable else html
        return lambda: None
    keys = renderer.product_keys
    shown = {i for p in renderer.site.products for i in p.images}
    batches = [(_batch_site(renderer.site, batch, shown), {p.slug: keys.get(p.slug) for p in batch}, batch,
                str(page_cache.folder) if keep else "")
               for batch in (todo[i:i + PAGES_PER_TASK] for i in range(0, len(todo), PAGES_PER_TASK))]
    job = workers.share(_render_batch, batches)  # this process takes its share once its own pages are done

    def wait() -> None:
        for batch in job.get():
            for slug, name in batch:
                files.files[f"{slug}/index.html"] = page_cache.folder / name
                page_cache.made(page_cache.folder / name)

    return wait


def add_pages(renderer: Renderer, files: SiteFiles, deferred: bool = False,
              page_cache: "PageCache | None" = None) -> int:
    """The storefront, the category and tag pages, the cart, 404, the sitemap and the hosts' files; returns
    how many pages (the product pages and the QR page are added by their own functions).
    ``deferred`` (the preview's): category pages and the cart are rendered when first opened.
    ``page_cache`` (the build's): the pages of listings are kept there, by a key of what they show, and
    taken from there when nothing they show changed; the site holds the file, not the bytes."""
    site = renderer.site
    store = site.store
    add_data(renderer, files)
    files.write("index.html", renderer.index())  # the cover, the search index: always made
    listings = _BigPages(files, deferred, page_cache)
    pages = 1 + _numbered(renderer, listings, None)
    for cat in renderer.categories:
        listings.page(cat["rel"] + "index.html", lambda cat=cat: renderer.category(cat).encode("utf-8"),
                      lambda cat=cat: _listing_key(renderer, cat, 1))
        pages += 1 + _numbered(renderer, listings, cat)
    if store.whatsapp:
        _page(files, CART_PATH[store.language] + "/index.html", lambda: cart_page(renderer).encode("utf-8"),
              cache.key("cart", renderer.common, site.data.get("prices"), _checkout_key(site))
              if deferred else None)
        pages += 1
    if site.how_rel:
        _page(files, site.how_rel + "index.html", lambda: renderer.how_page().encode("utf-8"),
              cache.key("how", renderer.common, _checkout_key(site)) if deferred else None)
        pages += 1
    for tag in renderer.tags:  # numbered like a category: a popular tag may hold most of the catalogue
        listings.page(tag["rel"] + "index.html", lambda tag=tag: renderer.tag(tag).encode("utf-8"),
                      lambda tag=tag: _listing_key(renderer, tag, 1))
        pages += 1 + _numbered(renderer, listings, tag)
    for page in site.pages:
        _page(files, page.slug + "/index.html", lambda page=page: renderer.store_page(page).encode("utf-8"),
              cache.key("store-page", renderer.common, repr(page), [site.photos[i].key for i in page.images
                                                                    if i in site.photos]) if deferred else None)
        pages += 1
    files.write("404.html", renderer.not_found())
    pages += 1
    files.write(".nojekyll", "")
    write_hosting_files(site, files)  # _headers for Netlify, CNAME for a custom domain
    if store.base_url:
        urls = (listing_rels(renderer, None) + [rel for c in renderer.categories for rel in listing_rels(renderer, c)]
                + [rel for t in renderer.tags for rel in listing_rels(renderer, t)]
                + [p.slug + "/" for p in site.products]
                + ([site.how_rel] if site.how_rel else []) + [page.slug + "/" for page in site.pages])
        files.write("sitemap.xml", sitemap(site, urls))
        files.write("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {site.absolute('sitemap.xml')}\n")
    else:
        files.write("robots.txt", "User-agent: *\nAllow: /\n")
    add_feeds(site, files)  # feeds/ for Meta, Google and TikTok; the pixels' ids
    return pages


def add_data(renderer: Renderer, files: SiteFiles) -> None:
    """The hashed files the scripts fetch: the search index (find.js) and the cart's prices (cart.js)."""
    site = renderer.site
    found = {"search": search_data(site, [renderer.views.lowest(p) for p in site.products])}
    if site.store.whatsapp:
        found["prices"] = prices_data(site, lambda p: renderer.views.picture(p.images[0], p.title, "card", site.ratio(p))["small"])
    for name, value in found.items():
        data = json_data(value).encode("utf-8")
        site.data[name] = asset_name(name + ".json", data)
        files.write(site.data[name], data)


def listing_rels(renderer: Renderer, cat: dict | None) -> list[str]:
    """The output paths of every numbered page of the storefront (``cat`` None), a category or a tag."""
    base = cat["rel"] if cat else ""
    count = page_count(len(renderer.listed(cat)))
    return [page_rel(renderer.site.store.language, base, n) for n in range(1, count + 1)]


def _numbered(renderer: Renderer, listings: "_BigPages", cat: dict | None) -> int:
    """Pages 2, 3, ... of the storefront, a category or a tag (page 1 is added by the caller); returns how many."""
    rels = listing_rels(renderer, cat)[1:]
    for n, rel in enumerate(rels, start=2):
        listings.page(rel + "index.html", lambda n=n: renderer.listing(cat, n).encode("utf-8"),
                      lambda n=n: _listing_key(renderer, cat, n))
    return len(rels)


class _BigPages:
    """Where the pages of listings and the QR page go: rendered into the site, left for the preview to
    render when opened (``deferred``), or kept in the build's ``page_cache`` by a key of what they show
    and reused from there (the build holds thousands of them: the site holds their files, not their bytes)."""

    def __init__(self, files: SiteFiles, deferred: bool, page_cache: "PageCache | None"):
        self.files = files
        self.deferred = deferred
        self.cache = None if deferred else page_cache

    def page(self, rel: str, render: Callable[[], bytes], key: Callable[[], str]) -> None:
        if self.cache is None:
            _page(self.files, rel, render, key() if self.deferred else None)
            return
        self.files.claim(rel)
        name = key()
        self.files.files[rel] = self.cache.get(name) or self.cache.save(name, render())


def _listing_key(renderer: Renderer, cat: dict | None, n: int) -> str:
    """A key of everything page ``n`` of a listing shows: its cards, its place among the pages, the search index."""
    listed = renderer.listed(cat)
    shown = listed[(n - 1) * PAGE_SIZE:n * PAGE_SIZE]
    return cache.key("listing", renderer.common, cat, n, len(listed), renderer.site.data.get("search"),
                     [renderer.page_key(p) for p in shown])


def _checkout_key(site: Site) -> list:
    """What the cart and "how to order" pages show beyond the common part: open vouchers, QRIS photos."""
    return [[v.code for v in open_vouchers(site.store, site.today)],
            [site.photos[p.image].key for p in site.store.checkout.payment if p.image in site.photos]]


def _page(files: SiteFiles, rel: str, render: Callable[[], bytes], deferred_key: str | None) -> None:
    """One page: rendered now, or (with a key of its inputs) when it is first asked for."""
    files.claim(rel)
    files.files[rel] = Deferred(deferred_key, render) if deferred_key else render()


def add_qr_page(renderer: Renderer, files: SiteFiles, wanted: list, qr_codes: list[tuple[Path, int]],
                deferred: bool = False, page_cache: "PageCache | None" = None) -> None:
    """``qr/index.html`` and one ``qr/<name>.svg`` per code (drawn by the media stage). ``deferred``
    (the preview's): the page is rendered when it is first opened, not on every save; ``page_cache``
    (the build's): kept there, as the pages of listings are."""
    site = renderer.site
    t = renderer.views.t
    codes = []
    for (name, title, price, url, product), (svg, size) in zip(wanted, qr_codes):
        rel = f"{QR_PATH}/{name}.svg"
        files.copy(rel, svg)
        codes.append({"title": title, "price": price, "src": site.path(rel), "size": size, "file": svg.name,
                      "url": url.split("://", 1)[-1], "store": product is None,
                      "sold_out": product is not None and not product.available})

    def render() -> bytes:
        page = renderer._meta(f"{t['qr_title']} — {site.store.name}", t["qr_intro"], QR_PATH + "/",
                              renderer._store_image)
        return renderer.render("qr.html", page=page, codes=codes).encode("utf-8")

    _BigPages(files, deferred, page_cache).page(f"{QR_PATH}/index.html", render,
                                                lambda: cache.key("qr-page", renderer.common, codes))


def _batch_site(site: Site, batch: list[Product], shown: set[str]) -> Site:
    """What the pages of ``batch`` need of the site: everything but the other products, their photos and
    share images (a worker gets a few products at a time, and holds no more than those)."""
    own = {i for p in batch for i in p.images}
    slugs = {p.slug for p in batch} | {""}
    return dataclasses.replace(site, products=[],
                               photos={k: v for k, v in site.photos.items() if k in own or k not in shown},
                               shares={k: v for k, v in site.shares.items() if k in slugs})


def _render_batch(args: tuple[Site, dict[str, str], list[Product], str]) -> list[tuple[str, str]]:
    """Worker: render some product pages into the page cache; returns (slug, file name) of each."""
    site, keys, products, folder = args
    renderer = Renderer(site, product_keys=keys)
    done = []
    for p in products:
        html = renderer.product(p).encode("utf-8")
        if folder:
            done.append((p.slug, _save(Path(folder), renderer.page_key(p), html).name))
    return done


def _save(folder: Path, key: str, data: bytes) -> Path:
    """Keep a rendered page as ``<key>.<hash of its bytes>.html`` (the hash tells a damaged file).

    Created, never rewritten: a file of that name already holds these bytes, and the published site
    may be linked to it. A damaged one (a build killed while writing it) is replaced by a new file."""
    path = folder / f"{key}.{hashlib.sha256(data).hexdigest()[:16]}.html"
    for _ in range(3):
        try:
            with open(path, "xb") as f:
                f.write(data)
            return path
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            if _intact(path):
                return path
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
    raise OSError(f"cannot keep the page {path.name} in {folder}")


class PageCache:
    """Rendered pages kept between builds in ``folder`` (``.lapak-cache/pages/``), each as
    ``<key>.<hash of its bytes>.html``; the folder is listed once, when a page is first looked for.

    A page is checked against the hash in its name when first used, and its size and modification time
    are then recorded (``index.json``): a later build takes a page whose size and time are as recorded
    without reading it, as the build does with the seller's files."""

    INDEX = "index.json"

    def __init__(self, folder: Path):
        self.folder = folder
        self._names: dict[str, str] | None = None
        self._known: dict | None = None  # name -> [size, mtime_ns], as recorded by an earlier build
        self.checked: dict[str, list[int]] = {}  # the same, for the pages this build uses

    def get(self, key: str) -> Path | None:
        """The cached page with ``key``, or None (none kept, or a damaged one)."""
        if self._names is None:
            try:
                names = os.listdir(self.folder)
            except OSError:
                names = []
            self._names = {n.split(".", 1)[0]: n for n in names if n.endswith(".html") and n.count(".") == 2}
            self._known = cache.read_json(self.folder / self.INDEX) or {}
        name = self._names.get(key)
        if name is None:
            return None
        path = self.folder / name
        try:
            st = os.stat(path)
        except OSError:
            return None
        seen = [st.st_size, st.st_mtime_ns]
        if self._known.get(name) != seen and not _intact(path):
            return None
        self.checked[name] = seen
        return path

    def save(self, key: str, data: bytes) -> Path:
        path = _save(self.folder, key, data)
        self.made(path)
        return path

    def made(self, path: Path) -> None:
        """Record a page this build wrote (here or on a worker) as it is now."""
        try:
            st = os.stat(path)
        except OSError:
            return
        self.checked[path.name] = [st.st_size, st.st_mtime_ns]

    def save_index(self) -> None:
        """Keep the sizes and times of the pages this build used, for the next one."""
        if self.checked and self.checked != self._known:
            cache.write_json(self.folder / self.INDEX, self.checked)


def _intact(path: Path) -> bool:
    """Whether a cached page still holds the bytes its name was made from."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest()[:16] == path.name.split(".")[1]


def cart_page(renderer: Renderer) -> str:
    """The cart page: filled by cart.js from the buyer's saved cart, the data block and the prices file."""
    site = renderer.site
    t = renderer.views.t
    page = renderer._meta(f"{t['cart_title']} — {site.store.name}", t["cart_title"], CART_PATH[site.store.language]
                          + "/", renderer._store_image)
    prices = site.path(site.data["prices"])
    return renderer.render("cart.html", page=page, cart_json=json_data(cart_data(site, prices)), prices=prices)


def sitemap(site: Site, rels: list[str]) -> str:
    """A sitemap.xml listing every page by its absolute address."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(site.absolute(rel), quote=False)}</loc></url>" for rel in rels]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
