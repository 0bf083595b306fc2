"""Shopify's product CSV (which many other tools export too): one row per variant, grouped by Handle.

The first row of a product holds its Title, Body (HTML), Type, Tags and option names; the rows
after it hold more variants, more images (rows with only ``Image Src``), or both. A product with
one variant has ``Option1 Value`` "Default Title".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Collector
from generator.importer import cells
from generator.importer.model import Item, ItemVariant, ReadResult, Table
from generator.importer.tables import UnreadableFile
from generator.importer.text import html_to_markdown
from generator.messages import define, msg

define({
    "import.shopify_missing_column": (
        "{file}: kolom '{column}' tidak ada. Ekspor ulang produk dari Shopify (Products > Export, "
        "format CSV) tanpa mengubah baris judulnya.",
        "{file}: there is no '{column}' column. Export the products from Shopify again (Products > Export, "
        "as CSV) without changing its header row.",
    ),
    "import.shopify_no_title": (
        "baris pertama produk '{handle}' tidak punya Title. Ekspor ulang dari Shopify.",
        "the first row of the product '{handle}' has no Title. Export it from Shopify again.",
    ),
    "import.shopify_duplicate_handle": (
        "Handle '{handle}' sudah dipakai oleh produk '{title}' di {other}. Setiap produk perlu Handle sendiri.",
        "the Handle '{handle}' is already used by the product '{title}' at {other}. Every product needs a "
        "Handle of its own.",
    ),
    "import.shopify_no_price": (
        "kolom 'Variant Price' kosong. Isi harganya di Shopify, lalu ekspor ulang.",
        "the 'Variant Price' column is empty. Fill in the price in Shopify, then export again.",
    ),
    "import.shopify_duplicate_variant": (
        "varian '{variant}' dari '{title}' sudah ada di {other}. Hapus salah satunya.",
        "the variant '{variant}' of '{title}' is already at {other}. Delete one of them.",
    ),
})

_DEFAULT_TITLE = "default title"
_NEEDED = {"handle": "Handle", "title": "Title", "variant price": "Variant Price"}


@dataclass
class _Product:
    handle: str
    first: int  # the row of its Title
    title: str = ""
    body: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    draft: bool = False
    option_names: tuple[str, str, str] = ("", "", "")
    images: list[tuple[float, int, str]] = field(default_factory=list)  # (position, row, address)
    variants: list[tuple[int, ItemVariant, int | None]] = field(default_factory=list)  # (row, variant, grams)


class ShopifyReader:
    """Shopify's product CSV: recognised by its Handle, Title and Variant Price (or Body (HTML)) headers."""

    name = "Shopify CSV"

    def recognises(self, path: Path, table: Table) -> bool:
        """Whether the first row holds Shopify's headers."""
        if not table.rows:
            return False
        found = cells.header_map(table.rows[0])
        return "handle" in found and "title" in found and ("variant price" in found or "body html" in found)

    def read(self, files: list[tuple[Path, Table]], options: dict) -> ReadResult:
        """Every product in the files, its variants and images; bad rows are left out and named."""
        result = ReadResult(self.name)
        seen: dict[str, tuple[str, str]] = {}
        for _path, table in files:
            for item in _read_table(table, options.get("currency", "IDR"), result.problems):
                if item.source_id in seen:
                    title, other = seen[item.source_id]
                    result.problems.error(item.where, msg("import.shopify_duplicate_handle", handle=item.source_id,
                                                          title=title, other=other))
                    continue
                seen[item.source_id] = (item.title, item.where)
                result.items.append(item)
        return result


def _read_table(table: Table, currency: str, problems: Collector) -> list[Item]:
    columns = cells.header_map(table.rows[0])
    for key, header in _NEEDED.items():
        if key not in columns:
            raise UnreadableFile(msg("import.shopify_missing_column", file=table.path.name, column=header))

    def cell(row: tuple[str, ...], name: str) -> str:
        i = columns.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    products: list[_Product] = []
    by_handle: dict[str, _Product] = {}
    for index in range(1, len(table.rows)):
        row = table.rows[index]
        handle = cell(row, "handle")
        if not handle:
            continue
        place = cells.where(table, index)
        product = by_handle.get(handle)
        title = cell(row, "title")
        if product is None or (title and product.title):
            if product is not None:  # the same Handle starts a second product further down
                problems.error(place, msg("import.shopify_duplicate_handle", handle=handle, title=product.title,
                                          other=cells.where(table, product.first)))
                continue
            if not title:
                problems.error(place, msg("import.shopify_no_title", handle=handle))
                continue
            product = _Product(handle, index, title=title, body=cell(row, "body html"),
                               category=cell(row, "type") or cell(row, "product category").split(">")[-1].strip(),
                               tags=tuple(t.strip() for t in cell(row, "tags").split(",") if t.strip()),
                               draft=cell(row, "status").lower() in ("draft", "archived")
                               or cell(row, "published").lower() == "false",
                               option_names=tuple(cell(row, f"option{n} name") for n in (1, 2, 3)))
            by_handle[handle] = product
            products.append(product)
        image = cell(row, "image src")
        if image:
            position = cell(row, "image position")
            product.images.append((float(position) if position.replace(".", "", 1).isdigit() else 1e9, index, image))
        variant_image = cell(row, "variant image")
        if variant_image:
            product.images.append((2e9, index, variant_image))
        if cell(row, "variant price") or cell(row, "option1 value") or cell(row, "variant sku"):
            _add_variant(product, row, index, cell, columns, currency, table, problems)
    return [item for item in (_item(p, table) for p in products) if item is not None]


def _add_variant(product: _Product, row, index: int, cell, columns: dict, currency: str, table: Table,
                 problems: Collector) -> None:
    place = cells.where(table, index)
    out = Collector()
    price = cells.price(cell(row, "variant price"), currency, out, place, "Variant Price")
    compare = cells.price(cell(row, "variant compare at price"), currency, out, place, "Variant Compare At Price")
    if price is None and not out.problems:
        out.error(place, msg("import.shopify_no_price"))
    stock = None
    tracked = "variant inventory tracker" not in columns or cell(row, "variant inventory tracker")
    qty = cell(row, "variant inventory qty")
    if tracked and qty:
        stock = 0 if qty.startswith("-") and qty[1:].isdigit() else cells.count(qty, out, place, "Variant Inventory Qty")
    grams_text = cell(row, "variant grams").split(".")[0]
    grams = cells.count(grams_text, out, place, "Variant Grams")
    values = tuple(cell(row, f"option{n} value") for n in (1, 2, 3))
    options = tuple((name or f"Option{n}", value) for n, (name, value) in
                    enumerate(zip(product.option_names, values), 1) if value)
    name = " / ".join(value for _, value in options)
    if name.casefold() == _DEFAULT_TITLE:
        name, options = "", ()
    for other_index, other, _ in product.variants:
        if other.name.casefold() == name.casefold():
            out.error(place, msg("import.shopify_duplicate_variant", variant=name or "Default Title",
                                 title=product.title, other=cells.where(table, other_index)))
            break
    problems.extend(out)
    if out.problems:
        return
    variant = ItemVariant(name, options, price, compare, cell(row, "variant sku"), stock,
                          cell(row, "variant id") or "")
    product.variants.append((index, variant, grams or None))


def _item(product: _Product, table: Table) -> Item | None:
    if not product.variants:
        return None  # every variant row was bad (and reported), or the product has no price at all
    images: list[str] = []
    for _pos, _row, url in sorted(product.images, key=lambda x: (x[0], x[1])):
        for part in cells.split_list(url):
            if part not in images:
                images.append(part)
    weight = next((grams for _, _, grams in product.variants if grams), None)
    common = dict(description=html_to_markdown(product.body) if product.body else "", category=product.category,
                  tags=product.tags, images=tuple(images), weight_grams=weight, draft=product.draft,
                  where=cells.where(table, product.first))
    variants = [v for _, v, _ in product.variants]
    if len(variants) == 1 and not variants[0].name:
        only = variants[0]
        return Item("shopify", product.handle, product.title, price=only.price,
                    compare_at_price=only.compare_at_price, sku=only.sku, stock=only.stock, **common)
    return Item("shopify", product.handle, product.title, price=None, variants=tuple(variants), **common)


READER = ShopifyReader()

