"""The store and its products, as plain frozen data: no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.content.links import Button


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
    extra: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Variant:
    """One buyable version of a product, such as a size."""

    name: str
    price: Decimal
    compare_at_price: Decimal | None = None
    sku: str = ""
    sold_out: bool = False


@dataclass(frozen=True)
class Product:
    """One product page, read from ``products/<name>.md`` or ``products/<name>/index.md``."""

    slug: str
    source: str  # path relative to the store folder, for messages
    title: str
    price: Decimal
    compare_at_price: Decimal | None = None
    images: tuple[Path, ...] = ()
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
