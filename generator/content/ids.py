"""The ids a product and its variants carry everywhere they are listed: the catalogue feeds, the pixels'
``content_ids`` and the product page's JSON-LD ``sku``. Stable across builds and renames: ``sku`` when
given, else the marketplace's id from ``lapak import``, else the slug; a variant adds its name folded to ASCII."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from generator.content.model import Product, Variant

MAX_ID = 50  # Google's limit for g:id; the other feeds use the same ids


def ascii_fold(text: str) -> str:
    """``Hijau Muda / XL`` -> ``hijau-muda-xl``; a name with no Latin letters or digits -> a short hash."""
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        out.append(ch.lower() if ch.isascii() and ch.isalnum() else "-")
    folded = re.sub(r"-+", "-", "".join(out)).strip("-")
    return folded or hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _limit(value: str) -> str:
    """An id of at most :data:`MAX_ID` characters: a longer one keeps its start and gains a hash of the whole."""
    if len(value) <= MAX_ID:
        return value
    return value[:MAX_ID - 9].rstrip("-") + "-" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:8]


def product_id(p: Product) -> str:
    """The product's own id: its ``sku:``, else its ``import.id``, else its slug."""
    return _limit(" ".join((p.sku or p.import_id or p.slug).split()))


def feed_id(p: Product, v: Variant | None = None) -> str:
    """The id of a feed row: the variant's ``sku:`` when given, else the product's id plus the variant's name."""
    if v is None:
        return product_id(p)
    if v.sku:
        return _limit(" ".join(v.sku.split()))
    return _limit(f"{p.sku or p.import_id or p.slug}-{ascii_fold(v.name)}")
