"""The shopping layer on top of the pages: cart page, search data on cards, what the scripts are told.

``site`` is always a :class:`generator.site.render.Site` (which renders with these functions).

Everything here is progressive enhancement: the pages work without it (every product keeps its own
WhatsApp button, categories are plain pages), and the scripts that use it (``shop.js``, ``cart.js``,
``find.js`` in the theme's static folder) are hand-written, small, and load nothing from other hosts.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from decimal import Decimal
from typing import TYPE_CHECKING

from generator.i18n import CART_PATH, QR_PATH, strings
from generator.content.checkout import open_vouchers
from generator.content.links import add_utm
from generator.content.money import decimals, format_money
from generator.content.text import fold_name

if TYPE_CHECKING:  # pragma: no cover
    from generator.content.model import Product, Sale

# The longest wa.me address the cart sends. The message rides in the address (wa.me redirects to
# api.whatsapp.com with the text in the query), and every hop must pass it whole: in-app browsers,
# Android's hand-over to the app, proxies and servers on the way. 2,000 characters is the old,
# widely respected safe length for a URL (Internet Explorer stopped at 2,083, the sitemap protocol
# allows 2,048); past it the cart message is shortened (cart.js: whole lines only, never cut inside one).
MAX_WA_LINK = 2000

# How a "?src=" value is named in the order message ("via TikTok"); any other value is shown as written.
SOURCE_NAMES = {"tiktok": "TikTok", "tt": "TikTok", "ig": "Instagram", "instagram": "Instagram", "fb": "Facebook",
                "facebook": "Facebook", "wa": "WhatsApp", "whatsapp": "WhatsApp", "yt": "YouTube",
                "youtube": "YouTube", "qr": "QR", "x": "X", "twitter": "X",
                "meta": "Meta", "google": "Google"}  # meta, google, tiktok: the catalogue feeds' links


def json_data(data: object) -> str:
    """JSON for a ``<script type="application/json">`` data block: no text in it can close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def cents(amount: Decimal, currency: str) -> int:
    """An amount in the currency's smallest written unit (whole Rupiah, US cents), for exact sums in a script."""
    return int(amount.scaleb(decimals(currency)).to_integral_value())


def money_spec(currency: str, language: str) -> dict:
    """How ``format_money`` writes amounts, as parts a script can put together: prefix, grouping, decimals, suffix."""
    places = decimals(currency)
    sample = Decimal("1234567.891").quantize(Decimal(1).scaleb(-places)) if places else Decimal(1234567)
    text = format_money(sample, currency, language)
    m = re.search(r"1(\D*)234(\D*)567(?:(\D+)(\d+))?", text)
    if not m or m.group(1) != m.group(2):  # pragma: no cover - every babel locale groups by three
        raise ValueError(f"cannot read the money format {text!r}")
    return {"pre": text[:m.start()], "post": text[m.end():], "group": m.group(1), "dec": m.group(3) or "",
            "places": places}


@lru_cache(maxsize=16384)  # every product's words, folded again on every preview rebuild otherwise
def fold(text: str) -> str:
    """Lower case without accents: what search compares (find.js folds the query the same way)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def find_data(site, p: Product, price: Decimal | None = None) -> dict:
    """What a card carries for instant search, category chips and sorting (data-* attributes);
    ``price`` is the lowest price on the build day (a sale's), by default the lowest usual price."""
    return {
        "q": fold(" ".join([p.title, *p.tags])),
        "price": cents(p.min_price if price is None else price, site.store.currency),
        "date": p.date,
        "cat": site.path(site.category_rel(p.category)) if p.category else "",  # = its chip's href
    }


def marketplace_links(buttons, utm) -> list:
    """Marketplace buttons with the store's UTM tags on their links (store.yml ``utm``)."""
    if not utm:
        return list(buttons)
    from dataclasses import replace

    return [replace(b, url=add_utm(b.url, utm)) for b in buttons]


def shop_globals(site) -> dict:
    """What every template may use: whether there is a cart, the pages' addresses, the scripts' settings."""
    store = site.store
    lang = store.language
    t = strings(lang)
    cart_rel = CART_PATH[lang] + "/"
    return {
        "cart": bool(store.whatsapp),
        "cart_rel": cart_rel,
        "cart_url": site.path(cart_rel),
        "qr_url": site.path(QR_PATH + "/"),
        "dated": site.dated,
        # shop.js: where the cart is kept (one cart per store, also when stores share a host), the
        # cart page, and the words it adds to a product's WhatsApp message.
        "json": json_data({"key": "lapak:" + store.base_path, "cart": site.path(cart_rel), "via": t["via"],
                           "qty": t["msg_quantity"], "copied": t["copied"], "names": SOURCE_NAMES,
                           # asked before a cart that came in a link is added to the buyer's own
                           **{k: t[k] for k in ("co_merge", "co_merge_yes", "co_merge_no")}}),
    }


def prices_data(site, photo_small) -> dict:
    """The cart's prices file: every product's current prices, stock, options and sales, and its small photo
    (README, "The cart page's data"). Its name changes with its content, so browsers keep it for a year."""
    cur = site.store.currency
    day = site.today
    products = {}
    for p in site.products:
        entry = {"t": p.title, "u": site.absolute(p.slug + "/"), "c": cents(p.price, cur), "s": p.stock,
                 "o": {name: list(values) for name, values in p.options}}
        sale = _sale(p.sale, cur, day)
        if sale is not None:
            entry["sale"] = sale
        if p.variants:
            entry["v"] = {v.name: [cents(v.price, cur), int(v.sold_out or p.sold_out), v.stock, _sale(v.sale, cur, day)]
                          for v in p.variants}
        if p.sold_out:
            entry["x"] = 1
        if p.images:
            entry["i"] = photo_small(p)
        products[p.slug] = entry
    return {"products": products}


def cart_data(site, prices: str) -> dict:
    """The cart page's data block: the message's words, the money format, the store's checkout settings, and
    the address of the prices file (``prices``), which cart.js fetches and keeps for when the buyer is offline."""
    store = site.store
    t = strings(store.language)
    words = {k: t[k] for k in ("msg_hello", "total", "items", "msg_name", "msg_address", "msg_note", "msg_links",
                               "msg_more", "msg_store", "unavailable")}
    words.update({k: v for k, v in t.items() if k.startswith("co_")})
    for key in ("msg_hello", "co_restock_msg"):
        words[key] = words[key].replace("{store}", store.name)
    return {"phone": (store.whatsapp or "").lstrip("+"), "home": site.absolute(""), "max": MAX_WA_LINK,
            "money": money_spec(store.currency, store.language), "words": words, "prices": prices,
            "checkout": checkout_data(site)}


def search_data(site, lowest: list[Decimal]) -> dict:
    """The search index find.js fetches when the buyer first touches the search box: every product in the
    storefront's order (so its numbered page is its place // PAGE_SIZE + 1) as [slug, words, lowest price in
    the smallest unit, category number or -1] and, when any product has a date, its date."""
    cats = [c["url"] for c in site.categories]
    number = {c["key"]: i for i, c in enumerate(site.categories)}
    items = []
    for p, price in zip(site.products, lowest):
        item = [p.slug, fold(" ".join([p.title, *p.tags])), cents(price, site.store.currency),
                number.get(fold_name(p.category), -1) if p.category else -1]
        if site.dated:
            item.append(p.date or "")
        items.append(item)
    return {"cats": cats, "items": items}


def _sale(sale: Sale | None, currency: str, day: str) -> dict | None:
    """A sale for the scripts: its price in the smallest unit and its days (None once it is over)."""
    if sale is None or sale.phase(day) == "after":
        return None
    return {"c": cents(sale.price, currency), "from": sale.start or None, "until": sale.end or None}


def checkout_data(site) -> dict:
    """store.yml's payment, delivery, free delivery, minimum order and vouchers, for the cart page's script."""
    store = site.store
    t = strings(store.language)
    co, cur = store.checkout, store.currency

    def amount(value: Decimal | None) -> int | None:
        return None if value is None else cents(value, cur)

    def image(rel: str) -> str:
        photo = site.photos.get(rel) if rel else None
        return site.path("photos/" + photo.webp[-1].name) if photo is not None else ""

    return {
        "payment": [{"type": p.type, "label": t[f"co_type_{p.type}"], "name": p.name, "account": p.account,
                     "holder": p.holder, "note": p.note, "image": image(p.image)} for p in co.payment],
        "delivery": [{"name": d.name, "fee": amount(d.fee), "note": d.note} for d in co.delivery],
        "free_over": amount(co.free_delivery_over),
        "min_order": amount(co.min_order),
        "vouchers": [{"code": v.code, "percent": v.percent, "amount": amount(v.amount), "min": amount(v.min_order),
                      "until": v.until or None} for v in open_vouchers(store, site.today)],
        "how": site.path(site.how_rel) if site.how_rel else "",
    }
