"""Catalogue feeds for Meta (WhatsApp, Instagram, Facebook), Google Merchant Center and TikTok, and what each
platform would reject.

Every platform fetches its feed from the published store on a schedule, so a build updates every
channel. One row per variant (a product without variants is one row), grouped by the product's id,
each with an id that stays the same across builds and renames (:func:`feed_id`); the same id is
the JSON-LD ``sku`` and the pixels' ``content_ids``. The feeds are bytes that depend only on the
site: rows are sorted and nothing carries the time of the build.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from urllib.parse import quote
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from generator.content.ids import feed_id, product_id
from generator.content.model import Sale
from generator.content.money import decimals
from generator.content.text import plain_text, shorten
from generator.errors import Problem
from generator.site.hosting import PIXEL_SCRIPTS
from generator.messages import define, msg

if TYPE_CHECKING:  # pragma: no cover
    from generator.site.render import Site
    from generator.site.writer import SiteFiles

META, GOOGLE, TIKTOK = "feeds/meta.csv", "feeds/google.xml", "feeds/tiktok.csv"
PIXEL_IDS = "feeds/ids.json"  # feed ids and prices by product and variant, for pixels.js
TITLE_LIMIT = 150  # Meta and Google
DESCRIPTION_LIMITS = {"meta": 9999, "google": 5000, "tiktok": 10000}
SHORT_DESCRIPTION = 30  # characters: fewer, and the platforms call the description too short or missing
IMAGE_LIMITS = {"meta": 20, "google": 10, "tiktok": 10}  # additional images, besides image_link
G = "http://base.google.com/ns/1.0"
# Sales run by the store's days; the feeds say which time zone those days are in (WIB for Indonesia).
ZONES = {"ID": "+07:00"}

define({
    "feed.no_photo": (
        "produk tanpa foto ditolak Meta, Google dan TikTok, jadi produk ini tidak masuk katalog (feeds/). "
        "Tambahkan foto di folder produknya",
        "Meta, Google and TikTok refuse a product without a photo, so this product is left out of the "
        "catalogue feeds (feeds/). Add a photo to its folder"),
    "feed.long_title": (
        "judul ini {count} karakter: Meta dan Google menolak judul yang lebih dari {limit} karakter. Persingkat",
        "this title has {count} characters: Meta and Google refuse titles over {limit} characters. Shorten it"),
    "feed.emoji": (
        "TikTok menolak judul dengan emoji, jadi katalog TikTok memakai judul tanpa emoji: \"{title}\"",
        "TikTok refuses titles with emoji, so the TikTok catalogue uses the title without them: \"{title}\""),
    "feed.short_description": (
        "deskripsinya terlalu pendek untuk katalog Meta, Google dan TikTok (di bawah {limit} karakter). "
        "Tulis satu atau dua kalimat tentang produk ini di bawah baris '---' kedua",
        "the description is too short for the Meta, Google and TikTok catalogues (under {limit} characters). "
        "Write a sentence or two about the product below the second '---' line"),
    "feed.same_id": (
        "id katalog '{id}' dipakai dua kali (juga di {other}): platform hanya menyimpan satu. Beri 'sku:' yang "
        "berbeda",
        "the catalogue id '{id}' is used twice (also in {other}): the platforms keep only one. Give one of them "
        "a different 'sku:'"),
})


@dataclass(frozen=True)
class Row:
    """One line of every feed: a product, or one of its variants."""

    id: str
    group: str  # item_group_id: the product's id when it has variants, else ""
    title: str
    description: str  # plain text, not yet cut to a platform's limit
    available: bool
    condition: str
    price: Decimal  # the usual price (the struck-through one while a sale or a discount runs)
    sale_price: Decimal | None
    sale_dates: str  # "2026-12-01T00:00+07:00/2026-12-12T23:59+07:00", or ""
    sale_open: bool  # whether the sale price applies on the build day
    link: str  # the product's page, absolute, without ?src=
    images: tuple[str, ...]  # the 1200-px JPEGs, absolute
    brand: str
    google_category: str
    gtin: str  # the barcode number, or ""
    mpn: str  # the maker's part number, or ""
    size: str
    color: str
    quantity: int | None
    source: str  # the product's file, for warnings


# --------------------------------------------------------------------------- rows

# A variant's name, split at "/", "," or "-", names a size or a colour when a part is one of these.
SIZES = re.compile(r"(?i)^(xxs|xs|s|m|l|xl|xxl|xxxl|[2-6]xl|all ?size|allsize|free ?size|one ?size|"
                   r"\d{1,3}(\.\d)?( ?(cm|mm|ml|l|g|gr|kg|inch|in))?)$")
COLOURS = {
    "hitam", "putih", "merah", "biru", "hijau", "kuning", "ungu", "oranye", "jingga", "coklat", "cokelat", "abu",
    "abu-abu", "pink", "merah muda", "krem", "cream", "navy", "maroon", "tosca", "toska", "emas", "perak", "silver",
    "gold", "black", "white", "red", "blue", "green", "yellow", "purple", "orange", "brown", "grey", "gray", "beige",
    "khaki", "mustard", "olive", "salem", "mint", "lilac", "nude", "army", "dongker", "marun", "magenta", "tan",
}  # a name whose first word is one of these is a colour too: "Hijau Muda", "Biru Dongker"


def _size_colour(name: str) -> tuple[str, str]:
    size = colour = ""
    for part in (s.strip() for s in re.split(r"[/,]", name)):
        if not size and SIZES.match(part):
            size = part
        elif not colour and part and (part.lower() in COLOURS or part.lower().split()[0] in COLOURS):
            colour = part
    return size, colour


def _sale(site: "Site", sale: Sale | None) -> tuple[Decimal | None, str, bool]:
    """A sale as the feeds carry it: its price, its days as an ISO 8601 interval ("" when it has no end), and
    whether it is on on the build day. A sale still to come without an end day waits for the build on its
    first day (the platforms need both ends of a window)."""
    phase = "after" if sale is None else sale.phase(site.today)
    if phase == "after" or (phase == "before" and not sale.end):
        return None, "", False
    zone = ZONES.get(site.store.country, "+00:00")
    dates = f"{sale.start or site.today}T00:00{zone}/{sale.end}T23:59{zone}" if sale.end else ""
    return sale.price, dates, phase == "open"


def rows(site: "Site") -> list[Row]:
    """Every row of the feeds, sorted by group and id: products with a photo and a price, drafts left out."""
    found = []
    for p in site.products:
        if p.draft or not p.images or not all(site.photos.get(i) for i in p.images):
            continue
        images = tuple(site.absolute("photos/" + site.photos[i].jpeg.name) for i in p.images)
        description = plain_text(p.body_html) or p.summary or p.title
        common = dict(description=description, condition=p.condition or "new", link=site.absolute(p.slug + "/"),
                      images=images, brand=p.brand or site.store.name, google_category=p.google_category,
                      source=p.source)
        items = [(v, f"{p.title} ({v.name})", v.price, v.compare_at_price, v.sale, not (v.sold_out or p.sold_out),
                  v.stock) for v in p.variants] or [(None, p.title, p.price, p.compare_at_price, p.sale, p.available,
                                                     p.stock)]
        for v, title, price, compare, sale, available, stock in items:
            if price <= 0:
                continue
            sale_price, dates, sale_open = _sale(site, sale)
            usual = max(price, compare or price)
            if sale_price is None and compare and compare > price:  # a standing discount
                sale_price, sale_open = price, True
            size, colour = _size_colour(v.name) if v is not None else ("", "")
            gtin, mpn = (v.gtin, v.mpn) if v is not None else (p.gtin, p.mpn)  # a variant has its own barcode
            found.append(Row(id=feed_id(p, v), group=product_id(p) if v is not None else "", title=title,
                             available=available, price=usual, sale_price=sale_price, sale_dates=dates,
                             sale_open=sale_open, size=size, color=colour, quantity=stock, gtin=gtin, mpn=mpn,
                             **common))
    found.sort(key=lambda r: (r.group or r.id, r.id))
    return found


# --------------------------------------------------------------------------- the three feeds


def money(amount: Decimal, currency: str) -> str:
    """``150000 IDR``, ``12.50 USD``: the number with '.' as decimal point, a space, the ISO code."""
    return f"{amount:.{decimals(currency)}f} {currency}"


def with_source(url: str, source: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}src={source}"


def strip_emoji(text: str) -> str:
    """``Sambal 🌶️ Pedas`` -> ``Sambal Pedas``: symbols, joiners, variation selectors and skin tones removed."""
    kept = [ch for ch in text if not (unicodedata.category(ch) == "So" or ch in "\u200d\ufe0e\ufe0f"
                                      or 0x1F3FB <= ord(ch) <= 0x1F3FF or 0xE0020 <= ord(ch) <= 0xE007F)]
    return " ".join("".join(kept).split())


def _csv(header: list[str], lines: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(lines)
    return out.getvalue().encode("utf-8")


def meta_csv(site: "Site", feed: list[Row]) -> bytes:
    """``feeds/meta.csv``: Meta Commerce Manager's data feed (WhatsApp, Instagram and Facebook shops)."""
    cur = site.store.currency
    header = ["id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand",
              "sale_price", "sale_price_effective_date", "item_group_id", "additional_image_link"]
    optional = [("google_product_category", lambda r: r.google_category), ("gtin", lambda r: r.gtin),
                ("mpn", lambda r: r.mpn), ("size", lambda r: r.size),
                ("color", lambda r: r.color),
                ("quantity_to_sell_on_facebook", lambda r: "" if r.quantity is None else str(r.quantity))]
    optional = [(name, get) for name, get in optional if any(get(r) for r in feed)]
    lines = []
    for r in feed:
        lines.append([r.id, r.title, shorten(r.description, DESCRIPTION_LIMITS["meta"]),
                      "in stock" if r.available else "out of stock", r.condition, money(r.price, cur),
                      with_source(r.link, "meta"), r.images[0], r.brand,
                      money(r.sale_price, cur) if r.sale_price is not None else "", r.sale_dates, r.group,
                      ",".join(r.images[1:1 + IMAGE_LIMITS["meta"]])] + [get(r) for _, get in optional])
    return _csv(header + [name for name, _ in optional], lines)


def tiktok_csv(site: "Site", feed: list[Row]) -> bytes:
    """``feeds/tiktok.csv``: TikTok's catalogue. TikTok has no sale dates: a sale is there only while it runs."""
    cur = site.store.currency
    header = ["sku_id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand",
              "item_group_id", "sale_price", "additional_image_link"]
    lines = [[r.id, strip_emoji(r.title), shorten(r.description, DESCRIPTION_LIMITS["tiktok"]),
              "in stock" if r.available else "out of stock", r.condition, money(r.price, cur),
              with_source(r.link, "tiktok"), r.images[0], r.brand, r.group,
              money(r.sale_price, cur) if r.sale_price is not None and r.sale_open else "",
              ",".join(r.images[1:1 + IMAGE_LIMITS["tiktok"]])] for r in feed]
    return _csv(header, lines)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold


def google_xml(site: "Site", feed: list[Row]) -> bytes:
    """``feeds/google.xml``: RSS 2.0 with Google's ``g:`` fields, for Merchant Center."""
    cur = site.store.currency
    ET.register_namespace("g", G)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    for tag, text in (("title", site.store.name), ("link", site.absolute("")),
                      ("description", site.store.description or site.store.tagline or site.store.name)):
        ET.SubElement(channel, tag).text = _NOT_XML.sub("", text)
    for r in feed:
        item = ET.SubElement(channel, "item")
        fields = [("id", r.id), ("title", r.title), ("description", shorten(r.description, DESCRIPTION_LIMITS["google"])),
                  ("link", with_source(r.link, "google")), ("image_link", r.images[0]),
                  ("availability", "in_stock" if r.available else "out_of_stock"), ("price", money(r.price, cur)),
                  ("condition", r.condition), ("brand", r.brand)]
        # Google asks for a product's barcode (GTIN) or part number (MPN) and the brand; without either it
        # must be told there is none.
        fields += [(name, value) for name, value in (("gtin", r.gtin), ("mpn", r.mpn)) if value]
        if not (r.gtin or r.mpn):
            fields.append(("identifier_exists", "no"))
        if r.group:
            fields.append(("item_group_id", r.group))
        if r.sale_price is not None:
            fields.append(("sale_price", money(r.sale_price, cur)))
            if r.sale_dates:
                fields.append(("sale_price_effective_date", r.sale_dates))
        fields += [("additional_image_link", url) for url in r.images[1:1 + IMAGE_LIMITS["google"]]]
        fields += [(name, value) for name, value in (("google_product_category", r.google_category),
                                                      ("size", r.size), ("color", r.color)) if value]
        for name, value in fields:
            ET.SubElement(item, f"{{{G}}}{name}").text = _NOT_XML.sub("", value)
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def pixel_ids(site: "Site") -> bytes:
    """``feeds/ids.json`` for pixels.js: by product slug, its ids and the price a buyer pays on the build day,
    ``{slug: {"": [ids..., lowest price], variant: [id, price]}}``."""
    from generator.site.render import Views

    views = Views(site)
    data = {}
    for p in site.products:
        entry = {v.name: [feed_id(p, v), float(views.offer(v.price, v.compare_at_price, v.sale)[0])]
                 for v in p.variants}
        ids = [item[0] for item in entry.values()] or [feed_id(p)]
        entry[""] = [ids, float(views.lowest(p))]
        data[p.slug] = entry
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def publishes(site: "Site") -> bool:
    """Whether the build writes the feeds: with a ``base_url`` (feeds need absolute addresses), unless ``feeds: false``."""
    return bool(site.store.base_url) and site.store.feeds


def add_feeds(site: "Site", files: "SiteFiles") -> None:
    """The three feeds (see :func:`publishes`), and the pixels' ids when a pixel is configured."""
    if publishes(site):
        feed = rows(site)
        files.write(META, meta_csv(site, feed))
        files.write(GOOGLE, google_xml(site, feed))
        files.write(TIKTOK, tiktok_csv(site, feed))
    if site.store.pixels:
        files.write(PIXEL_IDS, pixel_ids(site))


# --------------------------------------------------------------------------- what the platforms would reject


def warnings(site: "Site") -> list[Problem]:
    """What Meta, Google or TikTok would reject, each naming the product's file: when the store says
    ``feeds: true`` (it uses the catalogues). Feeds published by default stay quiet, so a seller who never
    connects a catalogue is not told on every build about platforms they do not use.

    A price of 0, which they refuse too, already stops the build (see money.parse_price)."""
    if not publishes(site) or not site.store.feed_checks:
        return []
    found: list[Problem] = []
    seen: dict[str, str] = {}
    for p in site.products:
        if p.draft:
            continue
        if not p.images:
            found.append(Problem(p.source, msg("feed.no_photo"), "images"))
            continue
        if len(p.title) > TITLE_LIMIT:
            found.append(Problem(p.source, msg("feed.long_title", count=len(p.title), limit=TITLE_LIMIT), "title"))
        if strip_emoji(p.title) != " ".join(p.title.split()):
            found.append(Problem(p.source, msg("feed.emoji", title=strip_emoji(p.title)), "title"))
        if len(plain_text(p.body_html) or p.summary) < SHORT_DESCRIPTION:
            found.append(Problem(p.source, msg("feed.short_description", limit=SHORT_DESCRIPTION)))
        for v in p.variants or [None]:
            key = feed_id(p, v)
            if key in seen:
                found.append(Problem(p.source, msg("feed.same_id", id=key, other=seen[key]), "sku"))
            else:
                seen[key] = p.source
    return found


def pixel_tag(site: "Site") -> dict | None:
    """What pixels.js reads from its script tag's data- attributes, or None without a configured pixel."""
    if not site.store.pixels or "pixels.js" not in site.assets:
        return None
    load = " ".join(PIXEL_SCRIPTS[k].format(id=quote(v, safe="")) for k, v in site.store.pixels)
    return {"src": site.asset("pixels.js"), "ids": site.path(PIXEL_IDS), "currency": site.store.currency,
            "load": load, "meta": "", "tiktok": "", "google": "", **dict(site.store.pixels)}
