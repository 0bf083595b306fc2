"""Turn the store, its products and their photos into pages: strings in, strings out, no file writes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from generator import cache
from generator.errors import LapakError
from generator.i18n import CATEGORY_PATH, HOW_PATH, PAGE_PATH, PAGE_SIZE, TAG_PATH, strings
from generator.messages import define, msg
from generator.media.images import PhotoSet
from generator.content.checkout import human_date, open_vouchers
from generator.content.links import DEFAULT_MESSAGES, fill_template, wa_chat_link, wa_link
from generator.content.ids import feed_id, product_id
from generator.content.model import Product, Sale, Store
from generator.content.money import decimals, discount_percent, format_money
from generator.content.sources import today
from generator.content.storepages import StorePage
from generator.site.brand import theme_colour
from generator.site.shop import find_data, marketplace_links, shop_globals
from generator.content.text import first_paragraph, fold_name, shorten, slugify
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
# A QRIS code on the "how to order" page (320 px wide, less on a narrow phone) and a photo on a store page
# (480 px wide): shown whole, never cropped.
QRIS_SIZES = "(min-width: 400px) 320px, 80vw"
# The storefront's cover picture: across the page (1100 px at most), cropped to a wide band by style.css.
COVER_SIZES = "(min-width: 1100px) 1068px, calc(100vw - 2rem)"
PAGE_PHOTO_SIZES = "(min-width: 520px) 480px, calc(100vw - 2rem)"


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
    pages: list[StorePage] = field(default_factory=list)  # the store's own pages (pages/*.md)
    today: str = ""  # the day the build runs on (ISO): sales open and close by it; "" for today
    tags: list[dict] = field(default_factory=list)  # name, url, count, key, rel (see :func:`tag_index`)
    # Hashed data files the scripts fetch ("search": the search index, "prices": the cart's prices) -> output
    # path. Kept apart from ``assets``, which every page's cache key holds: a price edit re-renders no product page.
    data: dict[str, str] = field(default_factory=dict)
    # What every page's <head> carries that the hosting and feed stages decide (site/pages.add_assets):
    # "csp", the policy _headers sends, as a meta tag; "pixels", the pixel script's tag, or None.
    head: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._category_rel = {c["key"]: c["rel"] for c in self.categories}
        self._tag_url = {t["key"]: t["url"] for t in self.tags}
        self.today = self.today or today()

    @property
    def how_rel(self) -> str:
        """The output path of the "how to order" page (``cara-pesan/``), or "" when the store has none."""
        return HOW_PATH[self.store.language] + "/" if self.store.checkout.shown else ""

    def nav_pages(self) -> list[dict]:
        """The pages linked from the header and the footer (``nav: true``), in menu order."""
        return [{"title": pg.title, "url": self.path(pg.slug + "/")} for pg in self.pages if pg.nav]

    def photo_sizes(self, slot: str, photo: PhotoSet, framed: bool = False) -> str:
        """The ``sizes`` attribute of a photo in ``slot`` (card, product, gallery), from the theme's layout.

        A product page shows its photos whole; a card shows its photo ``framed`` in the card's shape,
        or else (a theme's ``photo_frame: square``) drawn with ``object-fit: cover`` in a square."""
        from generator.media.images import cover_sizes

        options = self.theme.options
        sizes = (options.get("photo_sizes") or {}).get(slot) if isinstance(options.get("photo_sizes"), dict) else None
        sizes = sizes if isinstance(sizes, str) and sizes.strip() else PHOTO_SIZES[slot]
        if slot == "card" and not framed and options.get("photo_frame", "square") == "square":
            return cover_sizes(sizes, photo.width / photo.height)
        return sizes

    def ratio(self, p: Product) -> str:
        """The shape of ``p``'s card photo: its own ``photo_ratio``, else the store's."""
        return p.photo_ratio or self.store.photo_ratio

    def path(self, rel: str = "") -> str:
        """A link inside the site, under the base path: ``/toko/kopi/``."""
        return self.store.base_path + rel

    def absolute(self, rel: str = "") -> str:
        """A full address under ``base_url`` (or the site path when no base_url is set)."""
        return (self.store.base_url + rel) if self.store.base_url else self.path(rel)

    def asset(self, name: str) -> str:
        """The link to a theme static file, with its content hash in the name."""
        return self.path(self.assets[name])

    def tag_url(self, name: str) -> str:
        """The link to a tag's page (``/tag/batik/``), or "" when the tag has none."""
        return self._tag_url.get(fold_name(name), "")

    def category_rel(self, name: str) -> str:
        """The output path of a category's page (``Kue`` and ``kue`` share one)."""
        return self._category_rel.get(fold_name(name)) or category_rel(self.store.language, name)


def category_rel(language: str, name: str) -> str:
    """Where a category's page goes: ``kategori/<slug>/``."""
    return f"{CATEGORY_PATH[language]}/{slugify(name) or 'lain'}/"


def tag_index(store: Store, products: list[Product]) -> list[dict]:
    """The tags with a page each at ``tag/<slug>/``: grouped by folded name (``Batik``/``batik``), each
    named as most products write it, in name order. Two tags whose slugs would meet get ``-2``, ``-3``
    (in name order), so every page has its own address; a tag with no letters or digits is ``tag``, ``tag-2``."""
    groups: dict[str, list[str]] = {}
    for p in products:
        for tag in dict.fromkeys(p.tags):
            if tag.strip():
                groups.setdefault(fold_name(tag), []).append(tag)
    tags, taken = [], set()
    for key in sorted(groups):
        spellings = groups[key]
        name = max(dict.fromkeys(spellings), key=spellings.count)
        base = slugify(name) or "tag"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        rel = f"{TAG_PATH}/{slug}/"
        tags.append({"name": name, "key": key, "rel": rel, "url": store.base_path + rel, "count": len(spellings),
                     "tag": True})
    return tags
def page_rel(language: str, rel: str, n: int) -> str:
    """The output path of page ``n`` of the listing at ``rel``: ``rel`` itself, then ``rel + "halaman/2/"``."""
    return rel if n == 1 else f"{rel}{PAGE_PATH[language]}/{n}/"


def page_count(total: int) -> int:
    """How many numbered pages a listing of ``total`` products takes (one when it is empty)."""
    return max(1, -(-total // PAGE_SIZE))


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
        self.today = site.today

    def money(self, amount: Decimal | None) -> str:
        return format_money(amount, self.store.currency, self.store.language) if amount is not None else ""

    # ----------------------------------------------------------------- prices on the build day

    def offer(self, price: Decimal, compare: Decimal | None, sale: Sale | None,
              day: str | None = None) -> tuple[Decimal, Decimal | None]:
        """What a buyer pays on the build day (or on ``day``) and the price shown struck through beside it."""
        if sale is not None and sale.phase(day or self.today) == "open":
            return sale.price, max(price, compare or price)
        return price, compare

    def _items(self, p: Product) -> list[tuple[Decimal, Decimal | None, Sale | None]]:
        """(usual price, compare-at price, sale) of each variant, or of the product without variants."""
        if p.variants:
            return [(v.price, v.compare_at_price, v.sale) for v in p.variants]
        return [(p.price, p.compare_at_price, p.sale)]

    def _headline(self, p: Product) -> tuple[Decimal, Decimal | None, dict | None]:
        """The cheapest item on the build day: its price then, its struck-through price, and its sale."""
        best = None
        for price, compare, sale in self._items(p):
            now, shown = self.offer(price, compare, sale)
            if best is None or now < best[0]:
                best = (now, shown, self.sale(sale, price))
        return best

    def lowest(self, p: Product) -> Decimal:
        """The lowest price a buyer pays on the build day."""
        return self._headline(p)[0]

    def sale(self, sale: Sale | None, price: Decimal) -> dict | None:
        """A sale as the pages show it: its price, the usual price (shown again when it ends), its days,
        whether it is on (None once it is over)."""
        if sale is None or sale.phase(self.today) == "after":
            return None
        return {"price": self.money(sale.price), "compare": self.money(price),
                "from": sale.start or None, "until": sale.end or None, "active": sale.phase(self.today) == "open"}

    def low(self, stock: int | None, sold_out: bool = False) -> bool:
        """Whether to say "Sisa N": a counted stock at or under the store's ``low_stock``, not sold out."""
        return stock is not None and not sold_out and 0 < stock <= self.store.checkout.low_stock

    def restock(self, p: Product, variant: str = "") -> str:
        """A wa.me link asking to be told when ``p`` (its ``variant``) is back, or "" without a number."""
        if not self.store.whatsapp:
            return ""
        name = f"{p.title} ({variant})" if variant else p.title
        text = self.t["restock_msg"].format(store=self.store.name, product=name, url=self.site.absolute(p.slug + "/"))
        return wa_link(self.store.whatsapp, text)

    def picture(self, path: Path, alt: str, slot: str = "product", ratio: str = "") -> dict:
        """A photo's ``<picture>``: whole, or framed in the card's shape ``ratio`` (when it was made so)."""
        photo = self.site.photos[path]
        framed = photo.card(ratio) if ratio else None
        webp, avif = (framed.webp, framed.avif) if framed else (photo.webp, photo.avif)
        largest = webp[-1]
        return {
            "src": self.site.path("photos/" + largest.name),
            "srcset": ", ".join(f"{self.site.path('photos/' + r.name)} {r.width}w" for r in webp),
            "avif": ", ".join(f"{self.site.path('photos/' + r.name)} {r.width}w" for r in avif),
            "sizes": self.site.photo_sizes(slot, photo, framed is not None),
            "placeholder": f"ph-{photo.colour[1:]}" if photo.colour else "",
            "small": self.site.path("photos/" + webp[0].name),
            "width": largest.width,
            "height": largest.height,
            "alt": alt,
            "large": self.site.path("photos/" + photo.jpeg.name),  # the zoom's no-JavaScript link
            "jpeg": self.site.absolute("photos/" + photo.jpeg.name),
            "jpeg_width": photo.jpeg.width,
            "jpeg_height": photo.jpeg.height,
        }

    def compare(self, p: Product) -> Decimal | None:
        """The price struck through beside the lowest price (the cheapest variant's) on the build day."""
        return self._headline(p)[1]

    def price_text(self, p: Product) -> str:
        amount, lowest = self._price_parts(p)
        return f"{self.t['from']} {amount}" if lowest else amount

    def _price_parts(self, p: Product, day: str | None = None) -> tuple[str, bool]:
        """The card's price on the build day (or ``day``): the lowest amount, and whether it is a "from" price."""
        prices = [self.offer(*item, day=day)[0] for item in self._items(p)]
        return self.money(min(prices)), min(prices) != max(prices)

    def price_steps(self, p: Product) -> str:
        """For a product with variants whose card price changes on a later day (a variant's sale opening or
        closing), each change as ``day|amount|1 when "from"``, joined by ``;``: shop.js shows the one for the
        buyer's date, so a card built before or during the sales is right on every day until the next build."""
        if not p.variants:
            return ""  # one price: its sale window (data-win) says it all
        days = set()
        for v in p.variants:
            if v.sale is not None and v.sale.phase(self.today) != "after":
                if v.sale.start and v.sale.start > self.today:
                    days.add(v.sale.start)
                if v.sale.end:
                    days.add((date.fromisoformat(v.sale.end) + timedelta(days=1)).isoformat())
        steps, last = [], self._price_parts(p)
        for day in sorted(days):
            now = self._price_parts(p, day)
            if now != last:
                steps.append(f"{day}|{now[0]}|{int(now[1])}")
                last = now
        return ";".join(steps)

    def card(self, p: Product) -> dict:
        now, compare, sale = self._headline(p)
        return {
            "title": p.title,
            "url": self.site.path(p.slug + "/"),
            "price": self.price_text(p),
            "compare": self.money(compare) if compare else "",
            "discount": discount_percent(now, compare),
            "sale": sale,
            "stock": p.stock,
            "low": self.low(p.stock, not p.available),
            "available": p.available,
            "photo": self.picture(p.images[0], p.title, "card", self.site.ratio(p)) if p.images else None,
            "ratio": self.site.ratio(p).replace(":", "-"),
            "category": p.category,
            "summary": p.summary,
            # a quick "add" on the card (a theme's partials/card-action.html): only with nothing to choose
            "slug": p.slug,
            "choose": bool(p.variants or p.options),
            "find": find_data(self.site, p, now),  # search, category chips and sorting (find.js)
            "steps": self.price_steps(p),
            "amount": self._price_parts(p)[0],
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
        variants = []
        for v in p.variants:
            now, compare = self.offer(v.price, v.compare_at_price, v.sale)
            gone = v.sold_out or p.sold_out
            variants.append({
                "name": v.name, "price": self.money(now), "compare": self.money(compare),
                "discount": discount_percent(now, compare), "sold_out": gone, "sku": v.sku,
                "stock": v.stock, "low": self.low(v.stock, gone), "sale": self.sale(v.sale, v.price),
                "restock": self.restock(p, v.name) if gone and p.available else "",
            })
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
        now, compare, sale = self._headline(p)
        return {
            "slug": p.slug,
            "title": p.title,
            "url": self.site.path(p.slug + "/"),
            "absolute_url": self.site.absolute(p.slug + "/"),
            "price": self.price_text(p),
            "compare": self.money(compare) if compare else "",
            "discount": discount_percent(now, compare),
            "sale": sale,
            "stock": p.stock,
            "low": self.low(p.stock, not p.available),
            "restock": "" if p.available else self.restock(p),
            "how_to_order": self.site.path(self.site.how_rel) if self.site.how_rel else "",
            "available": p.available,
            "photos": photos,
            "variants": variants,
            "options": [{"name": n, "choices": list(vals)} for n, vals in p.options],
            "category": p.category,
            "category_url": self.site.path(self.site.category_rel(p.category)) if p.category else "",
            "tags": [{"name": tag, "url": self.site.tag_url(tag)} for tag in dict.fromkeys(p.tags) if tag.strip()],
            # the summary under the price, unless it is only the description's first paragraph again
            "summary": p.summary if p.summary != shorten(first_paragraph(p.body_html)) else "",
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

    def _offer(self, price: Decimal, compare: Decimal | None, sale: Sale | None, available: bool, url: str) -> dict:
        now, _ = self.offer(price, compare, sale)
        offer = {"@type": "Offer", "price": _offer_price(now, self.store.currency),
                 "priceCurrency": self.store.currency, "availability": AVAILABILITY[available], "url": url}
        if sale is not None and sale.end and sale.phase(self.today) == "open":
            offer["priceValidUntil"] = sale.end
        return offer

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
        if not p.variants:
            data["sku"] = feed_id(p)  # the catalogue feeds' id, and the pixels' content_ids
            data.update(_identifiers(p.gtin, p.mpn))
        data["brand"] = {"@type": "Brand", "name": p.brand or self.store.name}
        if p.variants:
            data["productGroupID"] = product_id(p)
            data["hasVariant"] = [{
                "@type": "Product", "name": f"{p.title} - {v.name}", "sku": feed_id(p, v), **_identifiers(v.gtin, v.mpn),
                "offers": self._offer(v.price, v.compare_at_price, v.sale, not (v.sold_out or p.sold_out), url),
            } for v in p.variants]
        else:
            data["offers"] = self._offer(p.price, p.compare_at_price, p.sale, p.available, url)
        return data

    def how_to_order(self) -> dict:
        """The "how to order" page: payment (with the QRIS image), delivery, minimum order, vouchers."""
        t, co, lang = self.t, self.store.checkout, self.store.language
        payment = []
        for pay in co.payment:
            image = None
            if pay.image and pay.image in self.site.photos:
                image = self.shown(self.picture(pay.image, t["qris_alt"].format(name=pay.name or self.store.name)),
                                   QRIS_SIZES, 320)
            payment.append({"type": pay.type, "label": t[f"co_type_{pay.type}"], "name": pay.name,
                            "account": pay.account, "holder": pay.holder, "note": pay.note, "image": image})
        delivery = [{"name": d.name, "note": d.note,
                     "fee": t["co_fee_chat"] if d.fee is None else (t["co_free"] if d.fee == 0 else self.money(d.fee))}
                    for d in co.delivery]
        vouchers = []
        for v in open_vouchers(self.store, self.today):
            vouchers.append({
                "code": v.code,
                "text": (t["how_voucher_percent"].format(percent=v.percent) if v.percent is not None
                         else t["how_voucher_amount"].format(amount=self.money(v.amount))),
                "min": t["how_voucher_min"].format(amount=self.money(v.min_order)) if v.min_order else "",
                "until": t["how_voucher_until"].format(day=human_date(v.until, lang)) if v.until else "",
            })
        return {
            "url": self.site.path(self.site.how_rel),
            "steps": t["how_steps"].split("|"),
            "payment": payment,
            "delivery": delivery,
            "free_over": t["how_free_over"].format(amount=self.money(co.free_delivery_over))
            if co.free_delivery_over else "",
            "min_order": t["how_min_order"].format(amount=self.money(co.min_order)) if co.min_order else "",
            "vouchers": vouchers,
        }

    def store_page(self, page: StorePage) -> dict:
        """One of the store's own pages."""
        return {"title": page.title, "url": self.site.path(page.slug + "/"), "body": page.body_html,
                "summary": page.summary,
                "photos": [self.shown(self.picture(path, f"{page.title} ({i + 1})" if len(page.images) > 1 else page.title),
                                      PAGE_PHOTO_SIZES, 480)
                           for i, path in enumerate(page.images) if path in self.site.photos]}

    @staticmethod
    def shown(picture: dict, sizes: str, width: int) -> dict:
        """A picture shown whole at most ``width`` CSS pixels wide: its ``sizes`` and the width and height to show."""
        w = min(width, picture["width"])
        return dict(picture, sizes=sizes, shown_width=w, shown_height=round(w * picture["height"] / picture["width"]))


def template_dirs(store_root: Path, theme: Theme) -> list[Path]:
    """Where templates are looked up, first match wins: the store's own, then the theme's."""
    user = store_root / "templates"
    return ([user] if user.is_dir() else []) + theme.template_dirs


_environments: dict[tuple, object] = {}


@lru_cache(maxsize=None)
def _folder_loader():
    """The loader class (made once, when Jinja is first needed: importing it is not free)."""
    import jinja2

    class FolderLoader(jinja2.FileSystemLoader):
        """A FileSystemLoader that remembers which names it did not find: a card's optional
        ``{% include ... ignore missing %}`` would otherwise look in every folder for every card.
        Its environment lives only while the template files are unchanged (see :func:`_environment`)."""

        def __init__(self, folders: list[str]):
            super().__init__(folders)
            self.missing: set[str] = set()

        def get_source(self, environment, template):
            if template in self.missing:
                raise jinja2.TemplateNotFound(template)
            try:
                return super().get_source(environment, template)
            except jinja2.TemplateNotFound:
                self.missing.add(template)
                raise

    return FolderLoader


@lru_cache(maxsize=None)
def _environment_class():
    """Jinja's Environment, looking up ``page.title`` in a dict without first raising AttributeError."""
    import jinja2

    dict_names = frozenset(dir(dict))

    class Environment(jinja2.Environment):
        """Jinja reads ``x.name`` as ``getattr(x, "name")``, then ``x["name"]``. The views are dicts: the
        first try fails, for every lookup of every page, with an exception, the slow way. A dict's own
        attributes (``items``, ``get``...) are the only ones it has, so for any other name the item is
        what Jinja would return, and it is looked up first. Other objects are left to Jinja."""

        def getattr(self, obj, attribute):
            if type(obj) is dict and attribute not in dict_names:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

        def get_template(self, name, parent=None, globals=None):
            # A template the loader did not find is missing at once: every card includes the optional
            # partials/card-action.html, and Jinja would look it up through three calls each time.
            if isinstance(name, str) and name in getattr(self.loader, "missing", ()):
                raise jinja2.TemplateNotFound(name)
            return super().get_template(name, parent, globals)

    return Environment


def _environment(folders: tuple[str, ...], digest: str):
    """One Jinja environment per set of template files: compiled templates are reused between
    renders while the files are unchanged (a changed file gives a new digest)."""
    import jinja2

    key = (folders, digest)
    env = _environments.get(key)
    if env is None:
        env = _environment_class()(
            loader=_folder_loader()(list(folders)),
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
    """Rendered cards and pages kept between renders (the preview's), by a key of everything they show.

    With ``cards_file`` (the build's ``.lapak-cache/cards.json``) the product cards are also kept
    between builds: a template edit renders every page again, but a card only when ``partials/card.html``
    or a template it uses changed (see :meth:`Renderer.card_html`)."""

    def __init__(self, cards_file: Path | None = None) -> None:
        self.pages: dict[str, bytes] = {}
        self.views: dict[str, dict] = {}
        self.cards: dict[str, object] = {}
        self.used: set[str] = set()
        self.cards_file = cards_file
        self._stored: list[str] | None = None  # the keys the file held, newest first, once read
        self._drawn = False  # whether a card was rendered since the file was read

    def get(self, table: dict, key: str):
        self.used.add(key)
        return table.get(key)

    def stored_card(self, key: str):
        """A card kept by an earlier build, or None (the file is read when first asked)."""
        if self.cards_file is None:
            return None
        if self._stored is None:
            from markupsafe import Markup

            kept = (cache.read_json(self.cards_file) or {}).get("cards")
            self._stored = []
            for entry in kept if isinstance(kept, list) else []:
                if isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry):
                    self.cards.setdefault(entry[0], Markup(entry[1]))
                    self._stored.append(entry[0])
        return self.get(self.cards, key)

    def put_card(self, key: str, html) -> None:
        self.cards[key] = html
        self._drawn = True

    def save_cards(self, limit: int) -> None:
        """Keep the cards in ``cards_file`` when this build drew any: the ones it used first, then the
        file's others (a card an undo brings back), ``limit`` in all. A build that drew none leaves the
        file as it is (the pages it reused show cards it did not look at)."""
        if self.cards_file is None or not self._drawn:
            return
        used = [k for k in self.cards if k in self.used]
        order = list(dict.fromkeys(used + [k for k in self._stored or [] if k in self.cards]))[:limit]
        cache.write_json(self.cards_file, {"cards": [[k, str(self.cards[k])] for k in order]})

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
        self.env = _environment(tuple(str(d) for d in template_dirs(site.store.root, site.theme)), site.templates_digest)
        self.categories = site.categories
        self.tags = site.tags
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
            "store_css": site.path(site.assets["__store_css__"]) if "__store_css__" in site.assets else "",
            # the name a store's own base.html from before store_css still uses: the same stylesheet
            "photo_css": site.path(site.assets["__store_css__"]) if "__store_css__" in site.assets else "",
            "theme_colour": theme_colour(store.brand, str(site.theme.options.get("accent") or "")),
            "contact": self._contact(),
            "icons": {k: site.path(site.assets[f"__{k}__"]) for k in ("icon", "apple_touch_icon", "manifest")
                      if f"__{k}__" in site.assets},
            "theme_options": site.theme.options,
            # a theme's own stylesheets (theme.yml ``stylesheets:``), linked after style.css by base.html
            "theme_css": [site.asset(name) for name in site.theme.stylesheets],
            "extra": store.extra,
            "card": self.card_html,
            "nav_pages": site.nav_pages(),
            "how_to_order": site.path(site.how_rel) if site.how_rel else "",
            "csp": site.head.get("csp", ""),  # the same policy as _headers, for every host
            "pixels": site.head.get("pixels"),
            "privacy_page": next(({"url": site.path(pg.slug + "/"), "title": pg.title} for pg in site.pages
                                  if pg.slug == store.privacy_page), None) if store.privacy_page else None,
        })
        self.memo = memo or RenderMemo()
        self._listings: dict[tuple[str, str], list[Product]] | None = None  # see listed()
        self.product_keys = product_keys or {}
        self._page_keys: dict[str, str] = {}
        self._store_image = self._pick_store_image()
        # Everything every page shows besides its own product and the templates: a page's key is this, the
        # templates and its product's key; a card's is this, the templates it is drawn with, and what it shows.
        self._shared = cache.key("shared", repr(store), site.assets, self.categories, site.theme.options,
                                 [str(f) for f in site.theme.folders], site.dated,
                                 {"": getattr(site.shares[""], "name", "")} if "" in site.shares else {},
                                 site.nav_pages(), site.how_rel, site.tags)
        self.common = cache.key("site", self._shared, site.templates_digest)
        self._card_common: str | None = None

    def _contact(self) -> dict:
        """What the footer says about reaching the store: its WhatsApp number (as people write it) and address."""
        store = self.site.store
        number = ""
        if store.whatsapp:
            import phonenumbers

            number = phonenumbers.format_number(phonenumbers.parse(store.whatsapp, None),
                                                phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return {"whatsapp": number, "address": store.address}

    def cover(self) -> dict | None:
        """The storefront's cover picture (store.yml ``cover``), through the photo pipeline, or None."""
        store = self.site.store
        if not store.cover or store.cover not in self.site.photos:
            return None
        return dict(self.views.picture(store.cover, ""), sizes=COVER_SIZES)

    def page_key(self, p: Product) -> str | None:
        """A key of everything ``p``'s page and card show: its product, photos, share image, the site's common part."""
        found = self._page_keys.get(p.slug)
        if found is None:
            product = self.product_keys.get(p.slug)
            if product is None:
                return None
            share = self.site.shares.get(p.slug)
            # Every file name: a photo's widths and card shapes depend on where else the build shows it.
            photos = tuple(tuple(self.site.photos[i].files) if i in self.site.photos else "" for i in p.images)
            sales = tuple(s.phase(self.site.today) if s else "" for s in [p.sale, *(v.sale for v in p.variants)])
            found = self._page_keys[p.slug] = _page_key(self.common, product, photos, getattr(share, "name", ""),
                                                        sales)
        return found

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
        """The data of a product's card, from the memo when nothing it shows changed; ``card_key`` is a
        key of what the card shows and the templates it is drawn with."""
        key = self.page_key(p)
        view = self.memo.get(self.memo.views, key) if key else None
        if view is None:
            view = self.views.card(p)
            view = dict(view, memo_key=key, card_key=cache.key("card", self.card_common(), view))
            if key:
                self.memo.views[key] = view
        return view

    def card_common(self) -> str:
        """The part of every card's key that is not its product's: the site's, and the templates the card
        is drawn with (``partials/card.html`` and what it includes, imports or extends)."""
        if self._card_common is None:
            self._card_common = cache.key("cards", self._shared, self._card_templates())
        return self._card_common

    def _card_templates(self) -> str:
        """A hash of the card's templates (every template, when one of them names another only as it renders);
        worked out once per environment, which lives as long as the template files are unchanged."""
        found = getattr(self.env, "lapak_card_templates", None)
        if found is None:
            found = self.env.lapak_card_templates = self._walk_card_templates()
        return found

    def _walk_card_templates(self) -> str:
        import jinja2
        import jinja2.meta

        seen: dict[str, list | None] = {}
        todo = ["partials/card.html"]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)
                names = list(jinja2.meta.find_referenced_templates(self.env.parse(source)))
            except jinja2.TemplateNotFound:
                seen[name] = None
                continue
            except jinja2.TemplateSyntaxError:  # reported when it is rendered
                return self.site.templates_digest
            if None in names:
                return self.site.templates_digest
            seen[name] = [filename, source]
            todo.extend(names)
        return cache.key("card-templates", seen)

    def card_html(self, card: dict, eager: bool = False):
        """A product card rendered with ``partials/card.html`` (templates call ``card(p, eager)``), from the
        memo or an earlier build's cards when what it shows and its templates are unchanged."""
        from markupsafe import Markup

        key = f"{card['card_key']}:{bool(eager)}" if card.get("card_key") else None
        hit = (self.memo.get(self.memo.cards, key) or self.memo.stored_card(key)) if key else None
        if hit is None:
            hit = Markup(self.render("partials/card.html", p=card, eager=bool(eager)))
            if key:
                self.memo.put_card(key, hit)
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

    def listed(self, cat: dict | None = None) -> list[Product]:
        """The products of the storefront (``cat`` None) or of a category, in the storefront's order."""
        if cat is None:
            return self.site.products
        if self._listings is None:  # every listing at once, in one pass over the products (asked for often)
            self._listings = {}
            for p in self.site.products:
                if p.category:
                    self._listings.setdefault(("category", fold_name(p.category)), []).append(p)
                for key in dict.fromkeys(map(fold_name, p.tags)):
                    self._listings.setdefault(("tag", key), []).append(p)
        return self._listings.get(("tag" if cat.get("tag") else "category", cat["key"]), [])

    def listing(self, cat: dict | None, n: int = 1) -> str:
        """Page ``n`` of the storefront (``cat`` None), a category or a tag."""
        if cat is None:
            return self.index(n)
        return self.tag(cat, n) if cat.get("tag") else self.category(cat, n)

    def index(self, n: int = 1) -> str:
        """Page ``n`` of the storefront."""
        s = self.site.store
        desc = s.description or s.tagline or s.name
        return self._listing(None, n, s.name + (f" — {s.tagline}" if s.tagline else ""), desc,
                             self.views.t["all_products"])

    def category(self, cat: dict, n: int = 1) -> str:
        """Page ``n`` of a category's page."""
        s = self.site.store
        return self._listing(cat, n, f"{cat['name']} — {s.name}", s.description or s.name, cat["name"])

    def _listing(self, cat: dict | None, n: int, title: str, description: str, heading: str) -> str:
        """One page of a listing: at most PAGE_SIZE cards, links to the other numbered pages."""
        s, t = self.site.store, self.views.t
        listed = self.listed(cat)
        base = cat["url"][len(s.base_path):] if cat else ""
        pages = page_count(len(listed))
        products = [self.card_view(p) for p in listed[(n - 1) * PAGE_SIZE:n * PAGE_SIZE]]
        if n > 1:
            title = f"{title} — {t['page_n'].format(n=n)}"
        page = self._meta(title, description, page_rel(s.language, base, n), self._store_image)
        current = (f"#{cat['name']}" if cat.get("tag") else cat["name"]) if cat else None
        return self.render("index.html", page=page, products=products, total=len(listed), pager=self.pager(base, n, pages),
                           current_category=current, heading=heading, find=self.find_settings(),
                           cover=self.cover() if cat is None and n == 1 else None)

    def pager(self, base: str, n: int, pages: int) -> dict | None:
        """The numbered links of page ``n`` of ``pages``: the first, the last, and two on each side of ``n``."""
        if pages <= 1:
            return None
        lang = self.site.store.language

        def url(k: int) -> str:
            return self.site.path(page_rel(lang, base, k))

        links, last = [], 0
        for k in sorted({1, pages, *range(max(1, n - 2), min(pages, n + 2) + 1)}):
            if k - last > 1:
                links.append({"gap": True})
            links.append({"n": k, "url": url(k), "current": k == n, "gap": False})
            last = k
        return {"n": n, "pages": pages, "links": links, "prev": url(n - 1) if n > 1 else "",
                "next": url(n + 1) if n < pages else ""}

    def find_settings(self) -> dict:
        """What find.js reads from a listing's grid: the search index, the storefront's numbered pages, their size."""
        lang = self.site.store.language
        return {"index": self.site.path(self.site.data["search"]) if "search" in self.site.data else "",
                "home": self.site.path(""), "pages": self.site.path(PAGE_PATH[lang] + "/{n}/"),
                "size": PAGE_SIZE}

    def tag(self, tag: dict, n: int = 1) -> str:
        """Page ``n`` of a tag's page (``/tag/batik/``): the products with that tag, laid out as the storefront."""
        s = self.site.store
        title = f"#{tag['name']}"
        return self._listing(tag, n, f"{title} — {s.name}", s.description or s.name, title)

    def product(self, p: Product) -> str:
        view = self.views.product(p)
        w_h = view["og_image_size"]
        image = {"url": view["og_image"], "width": w_h[0], "height": w_h[1]} if view["og_image"] else self._store_image
        meta = self._meta(f"{p.title} — {self.site.store.name}", p.summary or p.title, p.slug + "/", image, "product")
        return self.render("product.html", page=meta, product=view)

    def how_page(self) -> str:
        """The "how to order" page (plain HTML: it works without JavaScript)."""
        t, s = self.views.t, self.site.store
        meta = self._meta(f"{t['how_title']} — {s.name}", t["how_intro"], self.site.how_rel, self._store_image)
        return self.render("how-to-order.html", page=meta, how=self.views.how_to_order())

    def store_page(self, page: StorePage) -> str:
        """One of the store's own pages (``pages/*.md``)."""
        view = self.views.store_page(page)
        image = self._store_image
        if view["photos"]:
            ph = view["photos"][0]
            image = {"url": ph["jpeg"], "width": ph["jpeg_width"], "height": ph["jpeg_height"]}
        meta = self._meta(f"{page.title} — {self.site.store.name}", page.summary or page.title, page.slug + "/", image)
        return self.render("page.html", page=meta, store_page=view)

    def not_found(self) -> str:
        t = self.views.t
        return self.render("404.html", page=self._meta(f"{t['not_found_title']} — {self.site.store.name}",
                                                       t["not_found_text"], "404.html", self._store_image))


@lru_cache(maxsize=65536)  # the preview asks for every page's key on every save
def _page_key(common: str, product: str, photos: tuple, share: str, sales: tuple[str, ...]) -> str:
    return cache.key("page", common, product, photos, share, sales)


def _identifiers(gtin: str, mpn: str) -> dict:
    """schema.org's barcode and part number of a product or variant, when the seller gave them."""
    return {k: v for k, v in (("gtin", gtin), ("mpn", mpn)) if v}


def asset_name(rel: str, data: bytes) -> str:
    """``style.css`` becomes ``assets/style.1a2b3c4d.css``: the name changes whenever the content does."""
    stem, dot, ext = rel.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:10]
    return f"assets/{stem}.{digest}.{ext}" if dot else f"assets/{rel}.{digest}"
