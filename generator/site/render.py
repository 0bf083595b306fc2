"""Turn the store, its products and their photos into pages: strings in, strings out, no file writes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator import cache
from generator.errors import LapakError
from generator.i18n import CATEGORY_PATH, strings
from generator.messages import define, msg
from generator.media.images import PhotoSet
from generator.content.links import DEFAULT_MESSAGES, fill_template, wa_chat_link, wa_link
from generator.content.model import Product, Store
from generator.content.money import decimals, discount_percent, format_money
from generator.site.shop import find_data, marketplace_links, shop_globals
from generator.content.text import fold_name, slugify
from generator.site.theme import Theme

define({
    "template.syntax": (
        "template tema {file}, baris {line}: penulisan template ini salah ({detail}). Perbaiki baris itu, atau "
        "hapus file itu supaya template bawaan yang dipakai.",
        "theme template {file}, line {line}: this template is not written correctly ({detail}). Fix that line, "
        "or remove the file so the built-in template is used."),
    "template.failed": (
        "template tema {where}: template ini gagal dibuat menjadi halaman ({detail}). Perbaiki template itu, "
        "atau hapus file itu supaya template bawaan yang dipakai.",
        "theme template {where}: this template could not be turned into a page ({detail}). Fix the template, "
        "or remove the file so the built-in template is used."),
    "template.at": ("{file}, baris {line}", "{file}, line {line}"),
})

AVAILABILITY = {True: "https://schema.org/InStock", False: "https://schema.org/OutOfStock"}
# How wide the default theme (style.css) shows a photo, for the ``sizes`` attribute: cards in 2
# columns on a phone, 3 from 700 px, 4 of 255 px from 1100 px; the product photo across the phone
# (86 % when a second photo peeks in) and 480 px from 900 px. A theme sets its own in theme.yml.
PHOTO_SIZES = {
    "card": "(min-width: 1100px) 255px, (min-width: 700px) calc(33.3vw - 1.4rem), calc(50vw - 1.4rem)",
    "product": "(min-width: 900px) 480px, calc(100vw - 2rem)",
    "gallery": "(min-width: 900px) 480px, calc(86vw - 1.7rem)",
}


@dataclass
class Site:
    """What every page may link to: the store, its categories, assets and photos."""

    store: Store
    theme: Theme
    products: list[Product]
    photos: dict[str, PhotoSet]  # by the photo's name relative to the store folder
    assets: dict[str, str] = field(default_factory=dict)  # static path -> output path (hashed)
    shares: dict[str, object] = field(default_factory=dict)  # product slug ("" for the store) -> share image
    categories: list[dict] = field(default_factory=list)  # name, url, count, key (see :func:`categorise`)
    dated: bool = False  # whether any product has a date (the "newest" sort)
    templates_digest: str = ""  # a hash of every template file, recorded when the build read them

    def __post_init__(self) -> None:
        self._category_rel = {c["key"]: c["rel"] for c in self.categories}

    def photo_sizes(self, slot: str, photo: PhotoSet) -> str:
        """The ``sizes`` attribute of a photo in ``slot`` (card, product, gallery), from the theme's layout."""
        from generator.media.images import cover_sizes

        options = self.theme.options
        sizes = (options.get("photo_sizes") or {}).get(slot) if isinstance(options.get("photo_sizes"), dict) else None
        sizes = sizes if isinstance(sizes, str) and sizes.strip() else PHOTO_SIZES[slot]
        if options.get("photo_frame", "square") == "square":  # object-fit: cover in a square frame
            return cover_sizes(sizes, photo.width / photo.height)
        return sizes

    def path(self, rel: str = "") -> str:
        """A link inside the site, under the base path: ``/toko/kopi/``."""
        return self.store.base_path + rel

    def absolute(self, rel: str = "") -> str:
        """A full address under ``base_url`` (or the site path when no base_url is set)."""
        return (self.store.base_url + rel) if self.store.base_url else self.path(rel)

    def asset(self, name: str) -> str:
        """The link to a theme static file, with its content hash in the name."""
        return self.path(self.assets[name])

    def category_rel(self, name: str) -> str:
        """The output path of a category's page (``Kue`` and ``kue`` share one)."""
        return self._category_rel.get(fold_name(name)) or category_rel(self.store.language, name)


def category_rel(language: str, name: str) -> str:
    """Where a category's page goes: ``kategori/<slug>/``."""
    return f"{CATEGORY_PATH[language]}/{slugify(name) or 'lain'}/"


def categorise(store: Store, products: list[Product]) -> tuple[list[dict], list[tuple[str, list[str]]]]:
    """The categories, grouped by their folded name (``Kue``/``kue``, NFC/NFD), each named as most
    products write it; and the clashes: two different names that would get the same page."""
    groups: dict[str, list[Product]] = {}
    for p in products:
        if p.category:
            groups.setdefault(fold_name(p.category), []).append(p)
    categories, by_rel = [], {}
    for key, members in groups.items():
        spellings = [p.category for p in members]
        name = max(dict.fromkeys(spellings), key=spellings.count)  # the most common; the first on a tie
        rel = category_rel(store.language, name)
        by_rel.setdefault(rel, []).append((name, members))
        categories.append({"name": name, "key": key, "rel": rel, "url": store.base_path + rel,
                           "count": len(members)})
    clashes = [(rel, [p.source for _, members in found for p in members[:1]])
               for rel, found in by_rel.items() if len(found) > 1]
    categories.sort(key=lambda c: (c["name"].lower(), c["key"]))
    return categories, clashes


def json_ld(data: dict) -> str:
    """JSON for a ``<script type="application/ld+json">``: no text can close the script tag."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _offer_price(amount: Decimal, currency: str) -> str:
    places = decimals(currency)
    return f"{amount:.{places}f}"


class Views:
    """Build the plain data templates see for a product, a card and the store."""

    def __init__(self, site: Site):
        self.site = site
        self.store = site.store
        self.t = strings(self.store.language)

    def money(self, amount: Decimal | None) -> str:
        return format_money(amount, self.store.currency, self.store.language) if amount is not None else ""

    def picture(self, path: Path, alt: str, slot: str = "product") -> dict:
        photo = self.site.photos[path]
        largest = photo.webp[-1]
        return {
            "src": self.site.path("photos/" + largest.name),
            "srcset": ", ".join(f"{self.site.path('photos/' + r.name)} {r.width}w" for r in photo.webp),
            "avif": ", ".join(f"{self.site.path('photos/' + r.name)} {r.width}w" for r in photo.avif),
            "sizes": self.site.photo_sizes(slot, photo),
            "placeholder": f"ph-{photo.colour[1:]}" if photo.colour else "",
            "small": self.site.path("photos/" + photo.webp[0].name),
            "width": largest.width,
            "height": largest.height,
            "alt": alt,
            "jpeg": self.site.absolute("photos/" + photo.jpeg.name),
            "jpeg_width": photo.jpeg.width,
            "jpeg_height": photo.jpeg.height,
        }

    @staticmethod
    def compare(p: Product) -> Decimal | None:
        """The price before discount shown beside the lowest price (the cheapest variant's)."""
        return p.compare_at_price if not p.variants else min(p.variants, key=lambda v: v.price).compare_at_price

    def price_text(self, p: Product) -> str:
        if p.min_price != p.max_price:
            return f"{self.t['from']} {self.money(p.min_price)}"
        return self.money(p.min_price)

    def card(self, p: Product) -> dict:
        compare = self.compare(p)
        return {
            "title": p.title,
            "url": self.site.path(p.slug + "/"),
            "price": self.price_text(p),
            "compare": self.money(compare) if compare else "",
            "discount": discount_percent(p.min_price, compare),
            "available": p.available,
            "photo": self.picture(p.images[0], p.title, "card") if p.images else None,
            "category": p.category,
            "summary": p.summary,
            "find": find_data(self.site, p),  # search, category chips and sorting (find.js)
        }

    def message(self, p: Product, variant: str, price: str) -> str:
        template = p.whatsapp_message or self.store.whatsapp_message or DEFAULT_MESSAGES[self.store.language]
        return fill_template(template, {
            "store": self.store.name, "product": p.title, "variant": variant, "price": price,
            "url": self.site.absolute(p.slug + "/"),
        })

    def product(self, p: Product) -> dict:
        t = self.t
        slot = "gallery" if len(p.images) > 1 else "product"
        photos = [self.picture(path, f"{t['photo_of']} {p.title}" + (f" ({i + 1})" if i else ""), slot)
                  for i, path in enumerate(p.images)]
        variants = [{
            "name": v.name, "price": self.money(v.price), "compare": self.money(v.compare_at_price),
            "discount": discount_percent(v.price, v.compare_at_price), "sold_out": v.sold_out or p.sold_out,
            "sku": v.sku,
        } for v in p.variants]
        needs_choice = bool(p.variants or p.options)
        wa = None
        if self.store.whatsapp:
            default_variant = t["no_choice"] if needs_choice else ""
            wa = {
                "href": wa_link(self.store.whatsapp, self.message(p, default_variant, self.price_text(p))),
                "phone": self.store.whatsapp.lstrip("+"),
                # For the picker's script: the message with {variant} and {price} still to fill.
                "template": self.message(p, "{variant}", "{price}") if needs_choice else "",
            }
        compare = self.compare(p)
        return {
            "slug": p.slug,
            "title": p.title,
            "url": self.site.path(p.slug + "/"),
            "absolute_url": self.site.absolute(p.slug + "/"),
            "price": self.price_text(p),
            "compare": self.money(compare) if compare else "",
            "discount": discount_percent(p.min_price, compare),
            "available": p.available,
            "photos": photos,
            "variants": variants,
            "options": [{"name": n, "choices": list(vals)} for n, vals in p.options],
            "category": p.category,
            "category_url": self.site.path(self.site.category_rel(p.category)) if p.category else "",
            "tags": list(p.tags),
            "summary": p.summary,
            "body": p.body_html,
            "whatsapp": wa,
            "marketplaces": marketplace_links(p.marketplaces, self.store.utm),
            "json_ld": json_ld(self.product_ld(p, photos)),
            "og_image": self._share_url(p.slug) or (photos[0]["jpeg"] if photos else None),
            "og_image_size": self._share_size(p.slug) or ((photos[0]["jpeg_width"], photos[0]["jpeg_height"])
                                                          if photos else None),
        }

    def _share_url(self, slug: str) -> str | None:
        share = self.site.shares.get(slug)
        return self.site.absolute("photos/" + share.name) if share is not None else None

    def _share_size(self, slug: str) -> tuple[int, int] | None:
        share = self.site.shares.get(slug)
        return (share.width, share.height) if share is not None else None

    def _offer(self, price: Decimal, available: bool, url: str) -> dict:
        return {"@type": "Offer", "price": _offer_price(price, self.store.currency),
                "priceCurrency": self.store.currency, "availability": AVAILABILITY[available], "url": url}

    def product_ld(self, p: Product, photos: list[dict]) -> dict:
        url = self.site.absolute(p.slug + "/")
        data: dict = {"@context": "https://schema.org", "@type": "ProductGroup" if p.variants else "Product",
                      "name": p.title, "url": url}
        if p.summary:
            data["description"] = p.summary
        if photos:
            data["image"] = [ph["jpeg"] for ph in photos]
        if p.category:
            data["category"] = p.category
        if p.sku:
            data["sku"] = p.sku
        data["brand"] = {"@type": "Brand", "name": self.store.name}
        if p.variants:
            data["productGroupID"] = p.sku or p.slug
            data["hasVariant"] = [{
                "@type": "Product", "name": f"{p.title} - {v.name}", **({"sku": v.sku} if v.sku else {}),
                "offers": self._offer(v.price, not (v.sold_out or p.sold_out), url),
            } for v in p.variants]
        else:
            data["offers"] = self._offer(p.price, p.available, url)
        return data


def template_dirs(site: Site) -> list[Path]:
    """Where templates are looked up, first match wins: the store's own, then the theme's."""
    user = site.store.root / "templates"
    return ([user] if user.is_dir() else []) + site.theme.template_dirs


_environments: dict[tuple, object] = {}


def _environment(folders: tuple[str, ...], digest: str):
    """One Jinja environment per set of template files: compiled templates are reused between
    renders while the files are unchanged (a changed file gives a new digest)."""
    import jinja2

    key = (folders, digest)
    env = _environments.get(key)
    if env is None:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(list(folders)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # the digest above stands for the files' contents
        )
        _environments.clear()
        _environments[key] = env
    return env


class RenderMemo:
    """Rendered cards and pages kept between renders (the preview's), by a key of everything they show."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.views: dict[str, dict] = {}
        self.cards: dict[str, object] = {}
        self.used: set[str] = set()

    def get(self, table: dict, key: str):
        self.used.add(key)
        return table.get(key)

    def forget_unused(self) -> None:
        """Drop what the last render did not use (edited products, a changed theme)."""
        for table in (self.pages, self.views, self.cards):
            for key in [k for k in table if k not in self.used]:
                del table[key]
        self.used = set()


class Renderer:
    """Render every page of a site with the theme's templates."""

    def __init__(self, site: Site, memo: RenderMemo | None = None, product_keys: dict[str, str] | None = None):
        self.site = site
        self.views = Views(site)
        store = site.store
        self.env = _environment(tuple(str(d) for d in template_dirs(site)), site.templates_digest)
        self.categories = site.categories
        self.env.globals.update({
            "store": store,
            "t": self.views.t,
            "lang": store.language,
            "path": site.path,
            "absolute": site.absolute,
            "asset": site.asset,
            "categories": self.categories,
            "links": list(store.links),
            "store_marketplaces": marketplace_links(store.marketplaces, store.utm),
            "shop": shop_globals(site),
            "whatsapp_chat": wa_chat_link(store.whatsapp) if store.whatsapp else "",
            "logo": site.path(site.assets["__logo__"]) if "__logo__" in site.assets else "",
            "photo_css": site.path(site.assets["__photos_css__"]) if "__photos_css__" in site.assets else "",
            "icons": {k: site.path(site.assets[f"__{k}__"]) for k in ("icon", "apple_touch_icon", "manifest")
                      if f"__{k}__" in site.assets},
            "theme_options": site.theme.options,
            "extra": store.extra,
            "card": self.card_html,
        })
        self.memo = memo or RenderMemo()
        self.product_keys = product_keys or {}
        self._page_keys: dict[str, str] = {}
        self._store_image = self._pick_store_image()
        # Everything every page shows besides its own product: a page's key is this and its product's.
        self.common = cache.key("site", repr(store), site.assets, self.categories, site.theme.options,
                                [str(f) for f in site.theme.folders], site.templates_digest, site.dated,
                                {k: getattr(v, "name", "") for k, v in sorted(site.shares.items()) if k == ""})

    def page_key(self, p: Product) -> str | None:
        """A key of everything ``p``'s page and card show: its product, photos, share image, the site's common part."""
        found = self._page_keys.get(p.slug)
        if found is None:
            product = self.product_keys.get(p.slug)
            if product is None:
                return None
            share = self.site.shares.get(p.slug)
            photos = [self.site.photos[i].key if i in self.site.photos else "" for i in p.images]
            found = self._page_keys[p.slug] = cache.key("page", self.common, product, photos,
                                                         getattr(share, "name", ""))
        return found

    def template_dirs(self) -> list[Path]:
        """Where templates are looked up, first match wins: the store's own, then the theme's."""
        user = self.site.store.root / "templates"
        return ([user] if user.is_dir() else []) + self.site.theme.template_dirs

    def _pick_store_image(self) -> dict | None:
        if "" in self.site.shares:  # the store's share image: its name, photos and a button
            url, (w, h) = self.views._share_url(""), self.views._share_size("")
            return {"url": url, "width": w, "height": h}
        for p in self.site.products:
            if p.images:
                ph = self.views.picture(p.images[0], p.title)
                return {"url": ph["jpeg"], "width": ph["jpeg_width"], "height": ph["jpeg_height"]}
        return None

    def _meta(self, title: str, description: str, rel: str, image: dict | None, kind: str = "website") -> dict:
        return {"title": title, "description": description, "canonical": self.site.absolute(rel) if
                self.site.store.base_url else "", "image": image, "type": kind}

    def render(self, template: str, **context) -> str:
        """Render one template; a mistake in a theme's template is reported with its file and line."""
        import jinja2

        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise LapakError(msg("template.syntax", file=str(exc.filename or exc.name), line=exc.lineno,
                                 detail=str(exc.message))) from None
        except jinja2.TemplateError as exc:
            import traceback

            where = next((msg("template.at", file=Path(fr.filename).name, line=fr.lineno) for fr in
                          reversed(traceback.extract_tb(exc.__traceback__)) if fr.filename.endswith(".html")),
                         template)
            raise LapakError(msg("template.failed", where=where, detail=str(exc))) from None

    def card_view(self, p: Product) -> dict:
        """The data of a product's card, from the memo when nothing it shows changed."""
        key = self.page_key(p)
        view = self.memo.get(self.memo.views, key) if key else None
        if view is None:
            view = dict(self.views.card(p), memo_key=key)
            if key:
                self.memo.views[key] = view
        return view

    def card_html(self, card: dict, eager: bool = False):
        """A product card rendered with ``partials/card.html`` (templates call ``card(p, eager)``)."""
        from markupsafe import Markup

        key = f"{card['memo_key']}:{bool(eager)}" if card.get("memo_key") else None
        hit = self.memo.get(self.memo.cards, key) if key else None
        if hit is None:
            hit = Markup(self.render("partials/card.html", p=card, eager=bool(eager)))
            if key:
                self.memo.cards[key] = hit
        return hit

    def product_page(self, p: Product) -> bytes:
        """A product's page as bytes, from the memo when nothing it shows changed."""
        key = self.page_key(p)
        hit = self.memo.get(self.memo.pages, key) if key else None
        if hit is None:
            hit = self.product(p).encode("utf-8")
            if key:
                self.memo.pages[key] = hit
        return hit

    def index(self) -> str:
        s = self.site.store
        cards = [self.card_view(p) for p in self.site.products]
        desc = s.description or s.tagline or s.name
        return self.render("index.html", page=self._meta(s.name + (f" — {s.tagline}" if s.tagline else ""), desc,
                                                           "", self._store_image),
                           products=cards, current_category=None, heading=self.views.t["all_products"])

    def category(self, cat: dict) -> str:
        s = self.site.store
        products = [self.card_view(p) for p in self.site.products
                    if p.category and fold_name(p.category) == cat["key"]]
        rel = cat["url"][len(s.base_path):]
        return self.render("index.html", page=self._meta(f"{cat['name']} — {s.name}", s.description or s.name, rel,
                                                           self._store_image),
                           products=products, current_category=cat["name"], heading=cat["name"])

    def product(self, p: Product) -> str:
        view = self.views.product(p)
        w_h = view["og_image_size"]
        image = {"url": view["og_image"], "width": w_h[0], "height": w_h[1]} if view["og_image"] else self._store_image
        meta = self._meta(f"{p.title} — {self.site.store.name}", p.summary or p.title, p.slug + "/", image, "product")
        return self.render("product.html", page=meta, product=view)

    def not_found(self) -> str:
        t = self.views.t
        return self.render("404.html", page=self._meta(f"{t['not_found_title']} — {self.site.store.name}",
                                                       t["not_found_text"], "404.html", self._store_image))


def asset_name(rel: str, data: bytes) -> str:
    """``style.css`` becomes ``assets/style.1a2b3c4d.css``: the name changes whenever the content does."""
    stem, dot, ext = rel.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:10]
    return f"assets/{stem}.{digest}.{ext}" if dot else f"assets/{rel}.{digest}"
