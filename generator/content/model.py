"""The store and its products, as plain frozen data (no I/O here), and their JSON form for the cache."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.content.links import Button

PAYMENT_TYPES = ("bank", "ewallet", "qris", "cod", "other")
# The shapes a card's photo may have, width:height (store.yml's and a product's ``photo_ratio``).
PHOTO_RATIOS = ("1:1", "4:5", "3:4")
DEFAULT_RATIO = "1:1"


def read_ratio(value: object) -> str | None:
    """``photo_ratio`` as written (``4:5``, ``4/5``, ``4 x 5``) as one of :data:`PHOTO_RATIOS`, or None."""
    text = re.sub(r"\s+", "", str(value)).lower().replace("/", ":").replace("x", ":")
    return text if text in PHOTO_RATIOS else None


def ratio_numbers(ratio: str) -> tuple[int, int]:
    """``4:5`` as (4, 5)."""
    w, h = ratio.split(":")
    return int(w), int(h)


@dataclass(frozen=True)
class Payment:
    """One way to pay, shown on the cart and on the "how to order" page, in store.yml's order."""

    type: str  # one of PAYMENT_TYPES
    name: str = ""  # BCA, GoPay ...
    account: str = ""  # the account or phone number, as written
    holder: str = ""
    note: str = ""
    image: str = ""  # a QRIS image, relative to the store folder ("qris.png"), through the photo pipeline


@dataclass(frozen=True)
class Delivery:
    """One way to get the order, with its fee: an amount, 0 (free), or None (worked out in the chat)."""

    name: str
    fee: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Voucher:
    """A code the cart checks in the browser: ``percent`` or ``amount`` off, from ``min_order``, until a day."""

    code: str  # as written; the cart compares codes without regard to capitals
    percent: int | None = None
    amount: Decimal | None = None
    min_order: Decimal | None = None
    until: str = ""  # the last day it works, ISO, or ""


@dataclass(frozen=True)
class Checkout:
    """store.yml's payment, delivery, free delivery, minimum order, stock alert and vouchers."""

    payment: tuple[Payment, ...] = ()
    delivery: tuple[Delivery, ...] = ()
    free_delivery_over: Decimal | None = None
    min_order: Decimal | None = None
    low_stock: int = 5  # "Sisa 3" shows at or under this stock
    vouchers: tuple[Voucher, ...] = ()

    @property
    def shown(self) -> bool:
        """Whether there is anything for the "how to order" page to say."""
        return bool(self.payment or self.delivery or self.free_delivery_over or self.min_order or self.vouchers)


@dataclass(frozen=True)
class Brand:
    """store.yml's look: the seller's colours (``#rrggbb``, already readable), dark mode and font."""

    accent: str = ""  # "" keeps the theme's
    background: str = ""
    text: str = ""
    dark_mode: bool = True  # follow the phone's dark setting (prefers-color-scheme)
    font: str = "system"  # system | serif | rounded


@dataclass(frozen=True)
class Sale:
    """A sale price between two days (either may be left out), applied when a build falls inside."""

    price: Decimal
    start: str = ""  # the first day, ISO, or "" (already on)
    end: str = ""  # the last day, ISO, or "" (no end)

    def phase(self, day: str) -> str:
        """``before``, ``open`` or ``after`` on ``day`` (ISO)."""
        if self.start and day < self.start:
            return "before"
        if self.end and day > self.end:
            return "after"
        return "open"


@dataclass(frozen=True)
class Store:
    """Everything ``store.yml`` says, checked and normalised."""

    root: Path  # the store folder (where store.yml is)
    name: str
    tagline: str = ""
    description: str = ""
    whatsapp: str | None = None  # E.164, such as +6281234567890
    whatsapp_message: str = ""
    base_url: str = ""  # absolute, ends with "/", or "" when not set
    base_path: str = "/"  # the path part of base_url: "/" or "/toko/"
    domain: str = ""  # the store's own domain name (written to CNAME for GitHub Pages), or ""
    language: str = "id"
    currency: str = "IDR"
    country: str = "ID"
    theme: str = "default"
    logo: Path | None = None
    links: tuple[Button, ...] = ()
    marketplaces: tuple[Button, ...] = ()
    utm: tuple[tuple[str, str], ...] = ()  # (utm_source, lapak) ... added to marketplace links
    avif: bool = True  # store.yml 'photos: {avif: false}' publishes WebP and JPEG only
    photo_ratio: str = DEFAULT_RATIO  # the shape of the cards' photos (PHOTO_RATIOS)
    checkout: Checkout = Checkout()
    feeds: bool = True  # store.yml 'feeds: false' publishes no catalogue feeds
    feed_checks: bool = False  # 'feeds: true': the seller uses the catalogues, so builds say what they would refuse
    pixels: tuple[tuple[str, str], ...] = ()  # (platform, id): ("meta", "1234..."), ("tiktok", ...), ("google", ...)
    privacy_page: str = ""  # the slug of a page in pages/ linked from every footer, or ""
    brand: Brand = Brand()
    cover: str = ""  # a wide picture at the top of the storefront, relative to the store folder
    address: str = ""  # the shop's address, shown in the footer
    extra: dict = field(default_factory=dict, hash=False, compare=False)
    # The settings store.yml writes (its top-level keys): a theme's ``defaults:`` fill only the others.
    written: frozenset = field(default=frozenset(), hash=False, compare=False, repr=False)


@dataclass(frozen=True)
class Variant:
    """One buyable version of a product, such as a size."""

    name: str
    price: Decimal
    compare_at_price: Decimal | None = None
    sku: str = ""
    sold_out: bool = False
    stock: int | None = None  # how many are left, when the seller counts them
    sale: Sale | None = None  # its own, or the product's
    gtin: str = ""  # the barcode number (EAN-13, UPC-12, EAN-8, GTIN-14), for the catalogue feeds
    mpn: str = ""  # the maker's part number, for the catalogue feeds


@dataclass(frozen=True)
class Product:
    """One product page, read from ``products/<name>.md`` or ``products/<name>/index.md``."""

    slug: str
    source: str  # path relative to the store folder, for messages
    title: str
    price: Decimal
    compare_at_price: Decimal | None = None
    images: tuple[str, ...] = ()  # photos, relative to the store folder ("products/kopi/1.jpg")
    category: str = ""
    tags: tuple[str, ...] = ()
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()
    variants: tuple[Variant, ...] = ()
    sold_out: bool = False
    marketplaces: tuple[Button, ...] = ()
    whatsapp_message: str = ""
    draft: bool = False
    order: float | None = None
    summary: str = ""
    body_html: str = ""
    sku: str = ""
    date: str = ""  # when it was added, ISO "2024-05-31", or "": for "newest first"
    stock: int | None = None  # how many are left, when the seller counts them
    sale: Sale | None = None
    import_id: str = ""  # the marketplace's id 'lapak import' wrote (front matter 'import: {source, id}')
    brand: str = ""
    condition: str = ""  # new, used or refurbished ("" is new)
    google_category: str = ""  # front matter 'google_product_category'
    photo_ratio: str = ""  # the shape of its card's photo, or "" for the store's
    gtin: str = ""  # the barcode number, for the catalogue feeds (a variant may have its own)
    mpn: str = ""  # the maker's part number, for the catalogue feeds

    @property
    def min_price(self) -> Decimal:
        """The lowest price a buyer can pay (the product's own or its cheapest variant's)."""
        prices = [v.price for v in self.variants] or [self.price]
        return min(prices)

    @property
    def max_price(self) -> Decimal:
        """The highest variant price (the product's own price when it has no variants)."""
        prices = [v.price for v in self.variants] or [self.price]
        return max(prices)

    @property
    def available(self) -> bool:
        """True when a buyer can order it: not sold out, and some variant left when it has variants."""
        if self.sold_out:
            return False
        return not self.variants or any(not v.sold_out for v in self.variants)


def _sale_to_json(sale: Sale | None) -> list | None:
    return None if sale is None else [str(sale.price), sale.start, sale.end]


def _sale_from_json(data) -> Sale | None:
    return None if data is None else Sale(Decimal(str(data[0])), str(data[1]), str(data[2]))


def product_to_json(p: Product) -> dict:
    """A product as JSON for the cache (amounts as text, so nothing is rounded)."""
    def money(v: Decimal | None) -> str | None:
        return None if v is None else str(v)

    return {
        "slug": p.slug, "source": p.source, "title": p.title, "price": money(p.price),
        "compare_at_price": money(p.compare_at_price), "images": list(p.images), "category": p.category,
        "tags": list(p.tags), "options": [[n, list(vals)] for n, vals in p.options],
        "variants": [[v.name, money(v.price), money(v.compare_at_price), v.sku, v.sold_out, v.stock,
                      _sale_to_json(v.sale), v.gtin, v.mpn] for v in p.variants],
        "sold_out": p.sold_out, "marketplaces": [[b.key, b.label, b.url, b.colour] for b in p.marketplaces],
        "whatsapp_message": p.whatsapp_message, "draft": p.draft, "order": p.order, "summary": p.summary,
        "body_html": p.body_html, "sku": p.sku, "date": p.date, "stock": p.stock, "sale": _sale_to_json(p.sale),
        "import_id": p.import_id, "brand": p.brand, "condition": p.condition, "google_category": p.google_category,
        "photo_ratio": p.photo_ratio, "gtin": p.gtin, "mpn": p.mpn,
    }


def product_from_json(d: dict) -> Product:
    """The product :func:`product_to_json` wrote (raises KeyError, TypeError or ValueError when damaged)."""
    def money(v) -> Decimal | None:
        return None if v is None else Decimal(str(v))

    return Product(
        slug=str(d["slug"]), source=str(d["source"]), title=str(d["title"]), price=money(d["price"]),
        compare_at_price=money(d["compare_at_price"]), images=tuple(map(str, d["images"])),
        category=str(d["category"]), tags=tuple(map(str, d["tags"])),
        options=tuple((str(n), tuple(map(str, vals))) for n, vals in d["options"]),
        variants=tuple(Variant(str(n), money(pr), money(c), str(sku), bool(so), _count(st), _sale_from_json(sa),
                               str(gtin), str(mpn))
                       for n, pr, c, sku, so, st, sa, gtin, mpn in d["variants"]),
        sold_out=bool(d["sold_out"]), marketplaces=tuple(Button(*map(str, b)) for b in d["marketplaces"]),
        whatsapp_message=str(d["whatsapp_message"]), draft=bool(d["draft"]), order=d["order"],
        summary=str(d["summary"]), body_html=str(d["body_html"]), sku=str(d["sku"]), date=str(d["date"]),
        stock=_count(d["stock"]), sale=_sale_from_json(d["sale"]), import_id=str(d["import_id"]),
        brand=str(d["brand"]), condition=str(d["condition"]), google_category=str(d["google_category"]),
        photo_ratio=str(d["photo_ratio"]), gtin=str(d["gtin"]), mpn=str(d["mpn"]),
    )


def _count(value) -> int | None:
    return None if value is None else int(value)
