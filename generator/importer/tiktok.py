"""TikTok Shop: the batch upload template and the batch edit export.

TikTok Shop's workbook (Seller Center > Produk > Tambah produk massal / Edit massal) changes with the
category and the region, and we know it only from copies of it: a sheet ``Template`` whose first
row holds keys (``category``, ``brand``, ``product_name``, ``product_description``, ``main_image``,
``image_2`` … ``image_9``, ``property_name_1``, ``property_value_1``, ``property_1_image``,
``property_name_2``, ``property_value_2``, ``parcel_weight``, ``price``, ``quantity``,
``seller_sku``, …), then the names shown to sellers (``Product Name``, ``Main Product Image``,
``Product Image 2``, ``Variation 1``, ``Retail Price (Local Currency)``, ``Quantity``,
``Seller SKU``, ``Package Weight(g)``, ``Product Status``), rows marked Mandatory/Optional and help
text; other versions start with the shown names, in English or Indonesian. The edit export adds
``Product ID`` and ``SKU ID``. Every row is one variant; rows of one product share its id or name.

So columns are matched by any of those names, the header row is the one that names the most of them,
and the data starts at the first row with a price (or a product id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Collector
from generator.importer import cells, tokopedia
from generator.importer.marketplace import (
    Layout,
    category_name,
    description_markdown,
    find_header,
    first_data_row,
    has_shopee_keys,
    is_inactive,
    label_row,
    link_url,
    looks_like_number,
    lowest_price_and_stock,
    missing,
    photos,
    refuse_missing_columns,
    weight_grams,
    weight_unit,
)
from generator.importer.model import Item, ItemVariant, ReadResult, Table
from generator.messages import define, msg

define({
    "import.tiktok.no_name": (
        "kolom '{column}' kosong: setiap produk perlu nama. Baris ini dilewati.",
        "column '{column}' is empty: every product needs a name. This row was skipped.",
    ),
    "import.tiktok.no_price": (
        "kolom '{column}' kosong: setiap produk dan varian perlu harga. Baris ini dilewati.",
        "column '{column}' is empty: every product and variant needs a price. This row was skipped.",
    ),
    "import.tiktok.duplicate_sku": (
        "{what} '{value}' sudah dipakai di {first}. Baris ini dilewati; setiap varian perlu kode sendiri.",
        "{what} '{value}' is already used in {first}. This row was skipped; every variant needs its own code.",
    ),
    "import.tiktok.duplicate_variant": (
        "varian {variation} sudah ada di {first} untuk produk yang sama. Baris ini dilewati; hapus salah satunya.",
        "variant {variation} is already in {first} for the same product. This row was skipped; delete one of them.",
    ),
})

_FIELDS = {
    "product_id": ("product_id", "Product ID", "ID Produk"),
    "sku_id": ("sku_id", "SKU ID", "ID SKU"),
    "category": ("category", "Category", "Kategori"),
    "brand": ("brand", "Brand", "Merek"),
    "name": ("product_name", "Product Name", "Nama Produk"),
    "description": ("product_description", "Product Description", "Deskripsi Produk"),
    "image1": ("main_image", "Main Product Image", "Main Image", "Gambar Produk Utama", "Gambar Utama"),
    **{f"image{n}": (f"image_{n}", f"Product Image {n}", f"Gambar Produk {n}") for n in range(2, 10)},
    "tier1": ("property_name_1", "Variation 1 Name", "Variation Name 1", "Nama Variasi 1"),
    "option1": ("property_value_1", "Variation 1 Value", "Variation 1", "Nilai Variasi 1", "Variasi 1",
                "Variation Option", "Variation", "Variasi"),
    "option_image": ("property_1_image", "Variant Image", "Gambar Varian"),
    "tier2": ("property_name_2", "Variation 2 Name", "Variation Name 2", "Nama Variasi 2"),
    "option2": ("property_value_2", "Variation 2 Value", "Variation 2", "Nilai Variasi 2", "Variasi 2"),
    "price": ("price", "Retail Price (Local Currency)", "Retail Price", "Price", "Harga Ritel (Mata Uang Lokal)",
              "Harga Ritel", "Harga"),
    "quantity": ("quantity", "Quantity", "Kuantitas", "Stok", "Jumlah Stok"),
    "seller_sku": ("seller_sku", "Seller SKU", "SKU Penjual"),
    "weight": ("parcel_weight", "Package Weight", "Berat Paket", "Berat Paket Produk"),
    "status": ("product_status", "Product Status", "Status Produk", "Status"),
    "url": ("product_url", "Product URL", "Product Link", "Tautan Produk", "URL Produk"),
}
# Only TikTok Shop's workbook names these: one of them (besides a product name) marks the format.
_MARKERS = ("image1", "seller_sku", "sku_id", "tier1", "option_image", "weight")
_RETAIL = re.compile(r"(retail price|harga ritel)")
_WEIGHT = re.compile(r"(parcel|package) weight|berat paket")
_WAREHOUSE = re.compile(r"(quantity in|kuantitas di|stok di) .+")
_NO_BRAND = {"no brand", "tidak ada merek", "tanpa merek", "none", "tidak ada"}
_REQUIRED = {"name": "Product Name", "price": "Retail Price (Local Currency)"}


@dataclass(frozen=True)
class _Found:
    header: int
    columns: dict[str, int]
    warehouses: tuple[int, ...]  # "Quantity in <warehouse>" columns, added up


def _header(table: Table) -> _Found | None:
    found = find_header(table, _FIELDS)
    if found is None:
        return None
    index, columns = found
    row = table.rows[index]
    folded = [cells.fold(c) for c in row]
    for i, key in enumerate(folded):  # names with a unit or a warehouse in them
        if "weight" not in columns and _WEIGHT.match(key):
            columns["weight"] = i
        if "price" not in columns and _RETAIL.match(key):
            columns["price"] = i
    warehouses = tuple(i for i, key in enumerate(folded) if _WAREHOUSE.fullmatch(key))
    if "name" not in columns or not any(m in columns for m in _MARKERS) and not warehouses:
        return None
    if has_shopee_keys(table) or tokopedia.recognised_header(table) is not None:
        return None  # Tokopedia's own names (Kategori Kode, Minimum Pemesanan ...) win
    return _Found(index, columns, warehouses)


class TikTokReader:
    """TikTok Shop's batch upload template and batch edit export."""

    name = "TikTok Shop"

    def recognises(self, path: Path, table: Table) -> bool:
        return _header(table) is not None

    def read(self, files: list[tuple[Path, Table]], options: dict) -> ReadResult:
        currency = options.get("currency") or "IDR"
        out = Collector()
        result = ReadResult(format=self.name, problems=out)
        for _, table in files:
            found = _header(table)
            if found is not None:
                result.items.extend(self._read_table(table, found, currency, out))
        return result

    def _read_table(self, table: Table, found: _Found, currency: str, out: Collector) -> list[Item]:
        columns = found.columns
        absent = missing(columns, _REQUIRED)
        if absent:
            refuse_missing_columns(table, absent, found.header)

        def is_data(row: tuple[str, ...]) -> bool:
            pid = row[columns["product_id"]].strip() if "product_id" in columns else ""
            return pid.isdigit() or looks_like_number(row[columns["price"]])

        start = first_data_row(table, found.header, is_data)
        layout = Layout(table, found.header, columns, start, label_row(table, found.header, start))
        units = None
        if "weight" in columns:
            units = weight_unit(*(r[columns["weight"]] for r in table.rows[found.header:layout.start]))
        groups: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        codes: dict[tuple[str, str], str] = {}  # (column, seller sku or sku id) -> first place
        for index, row in layout.data():
            place = cells.where(table, index)
            name = layout.cell(row, "name")
            if not name:
                out.error(place, msg("import.tiktok.no_name", column=layout.heading("name")))
                continue
            if self._repeated(layout, row, place, codes, out):
                continue
            pid = layout.cell(row, "product_id")
            groups.setdefault(f"id:{pid}" if pid else f"name:{cells.fold(name)}", []).append((index, row))
        items = []
        for rows in groups.values():
            item = self._item(layout, rows, found.warehouses, units, currency, out)
            if item is not None:
                items.append(item)
        return items

    def _repeated(self, layout: Layout, row: tuple[str, ...], place: str, codes: dict[tuple[str, str], str],
                  out: Collector) -> bool:
        """Whether the row's SKU ID or Seller SKU is already another row's (reported, then skipped)."""
        for field in ("sku_id", "seller_sku"):
            value = layout.cell(row, field)
            if not value:
                continue
            if (field, value) in codes:
                out.error(place, msg("import.tiktok.duplicate_sku", what=layout.heading(field), value=value,
                                     first=codes[(field, value)]))
                return True
            codes[(field, value)] = place
        return False

    def _item(self, layout: Layout, rows: list[tuple[int, tuple[str, ...]]], warehouses: tuple[int, ...],
              units: str | None, currency: str, out: Collector) -> Item | None:
        table = layout.table
        first_index, first = rows[0]
        place = cells.where(table, first_index)
        tiers = [layout.cell(first, "tier1"), layout.cell(first, "tier2")]
        pictures = photos(layout, first, (f"image{n}" for n in range(1, 10)))
        variants: list[ItemVariant] = []
        seen: dict[tuple[str, ...], str] = {}
        for index, row in rows:
            row_place = cells.where(table, index)
            values = tuple(layout.cell(row, f"option{n}") for n in (1, 2) if layout.cell(row, f"option{n}"))
            tiers = [t or layout.cell(row, f"tier{n}") for n, t in enumerate(tiers, 1)]
            if values in seen:
                out.error(row_place, msg("import.tiktok.duplicate_variant", variation=" / ".join(values) or "-",
                                         first=seen[values]))
                continue
            seen[values] = row_place
            price_text = layout.cell(row, "price")
            price = cells.price(price_text, currency, out, row_place, layout.heading("price"))
            stock, bad_stock = self._stock(layout, row, warehouses, row_place, out)
            if price is None or bad_stock:
                if not price_text:
                    out.error(row_place, msg("import.tiktok.no_price", column=layout.heading("price")))
                continue
            pictures += photos(layout, row, ("option_image",))
            names = [t or f"Variasi {n}" for n, t in enumerate(tiers, 1)][: len(values)]
            variants.append(ItemVariant(
                name=" / ".join(values), options=tuple(zip(names, values)), price=price,
                sku=layout.cell(row, "seller_sku"), stock=stock, source_id=layout.cell(row, "sku_id"),
            ))
        if not variants:
            return None
        name = layout.cell(first, "name")
        link = link_url(layout.cell(first, "url"), out, place, layout.heading("url"))
        brand = re.sub(r"\s*\(\d+\)$|/\d+$|^\d+/", "", layout.cell(first, "brand")).strip()  # "Merek (7012345)"
        common = dict(
            source="tiktok", title=name, description=description_markdown(layout.cell(first, "description")),
            category=category_name(layout.cell(first, "category")),
            weight_grams=weight_grams(layout.cell(first, "weight"), units, out, place, layout.heading("weight")),
            images=tuple(dict.fromkeys(pictures)),
            marketplaces=(("tiktok", link),) if link else (),
            draft=all(is_inactive(layout.cell(row, "status")) for _, row in rows),
            tags=(brand,) if brand and cells.fold(brand) not in _NO_BRAND else (),
            where=place,
        )
        pid = layout.cell(first, "product_id")
        if len(variants) == 1 and not variants[0].options:
            v = variants[0]
            return Item(source_id=pid or v.sku or name, price=v.price, sku=v.sku, stock=v.stock, **common)
        price, stock = lowest_price_and_stock(variants)
        return Item(source_id=pid or name, price=price, stock=stock, variants=tuple(variants), **common)

    def _stock(self, layout: Layout, row: tuple[str, ...], warehouses: tuple[int, ...], place: str,
               out: Collector) -> tuple[int | None, bool]:
        """The row's stock (the Quantity column, or every warehouse's added up), and whether it was bad."""
        header = layout.table.rows[layout.header]
        cells_ = [(layout.columns["quantity"], layout.heading("quantity"))] if "quantity" in layout.columns else []
        cells_ += [(i, header[i]) for i in warehouses]
        total, known, bad = 0, False, False
        for i, column in cells_:
            text = row[i].strip()
            value = cells.count(text, out, place, column)
            if text and value is None:
                bad = True
            elif value is not None:
                total, known = total + value, True
        return (total if known else None), bad


READERS = [TikTokReader()]
