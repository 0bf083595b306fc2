"""Tokopedia: the "Tambah Sekaligus" template and the "Ubah Sekaligus" export.

As Tokopedia writes the workbook (Seller > Produk > Tambah Produk > Tambah Sekaligus, or Daftar
Produk > Ubah Sekaligus > Download), the sheet ``ISI Template Impor Produk`` holds a hidden first
row, the column names on row 2 (``Pesan Error``, ``Nama Produk*``, ``Deskripsi Produk``,
``Kategori Kode*``, ``Berat* (Gram)``, ``Minimum Pemesanan*``, ``Nomor Etalase``, ``Kondisi*``,
``Gambar 1*`` … ``Gambar 5`` or ``Foto Produk 1*`` …, ``SKU Name``, ``Status*``, ``Jumlah Stok*``,
``Harga (Rp)*``), help text on row 3 and products from row 4. The export for editing adds
``Product ID`` and ``URL``. Rows of one product (its variants) share its name.

The header row is found by its names and the data by its prices, not by row numbers; columns are
matched by name, with or without the ``*`` and in either spelling Tokopedia has used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import Collector
from generator.importer import cells
from generator.importer.marketplace import (
    Layout,
    category_name,
    find_header,
    first_data_row,
    has_shopee_keys,
    is_inactive,
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
from generator.importer.text import plain_to_markdown
from generator.messages import define, msg

define({
    "import.tokopedia.no_name": (
        "kolom '{column}' kosong: setiap produk perlu nama. Baris ini dilewati.",
        "column '{column}' is empty: every product needs a name. This row was skipped.",
    ),
    "import.tokopedia.no_price": (
        "kolom '{column}' kosong: setiap produk perlu harga. Baris ini dilewati.",
        "column '{column}' is empty: every product needs a price. This row was skipped.",
    ),
    "import.tokopedia.duplicate": (
        "baris ini sama dengan {first} ({what}). Baris ini dilewati; hapus salah satunya, atau beri "
        "setiap varian SKU sendiri di kolom '{column}'.",
        "this row repeats {first} ({what}). This row was skipped; delete one of them, or give each "
        "variant its own SKU in column '{column}'.",
    ),
    "import.tokopedia.duplicate_id": (
        "Product ID {id} sudah dipakai produk lain di {first} ('{name}'). Baris ini dilewati; "
        "unduh ulang file Ubah Sekaligus bila kolom ini terubah.",
        "Product ID {id} is already used by another product in {first} ('{name}'). This row was skipped; "
        "download the Ubah Sekaligus file again if this column was changed.",
    ),
    "import.tokopedia.not_tokopedia_url": (
        "kolom '{column}': \"{value}\" bukan alamat produk Tokopedia, jadi tidak dipakai sebagai tautan.",
        "column '{column}': \"{value}\" is not a Tokopedia product address, so it is not used as a link.",
    ),
})

_FIELDS = {
    "name": ("Nama Produk", "Nama Produk*"),
    "description": ("Deskripsi Produk",),
    "category_code": ("Kategori Kode", "Kode Kategori"),
    "category": ("Kategori", "Nama Kategori", "Etalase", "Nama Etalase"),
    "weight": ("Berat (Gram)", "Berat* (Gram)", "Berat"),
    "sku": ("SKU Name", "SKU", "Nama SKU"),
    "status": ("Status",),
    "stock": ("Jumlah Stok", "Stok"),
    "price": ("Harga (Rp)", "Harga"),
    "product_id": ("Product ID", "ID Produk"),
    "url": ("URL", "Link Produk", "URL Produk"),
    "variant": ("Nama Varian", "Varian", "Variasi"),
    "error": ("Pesan Error",),
    "min_order": ("Minimum Pemesanan",),
    "condition": ("Kondisi",),
}
_IMAGES = tuple((f"image{n}", (f"Gambar {n}", f"Foto Produk {n}", f"Gambar Produk {n}")) for n in range(1, 11))
_ALL_FIELDS = {**_FIELDS, **dict(_IMAGES)}
# Names only Tokopedia's template has; two of them (with a product name) mark the format.
_MARKERS = ("category_code", "min_order", "condition", "error", "image1")
_SHEET = "isi template impor produk"
_REQUIRED = {"name": "Nama Produk*", "price": "Harga (Rp)*"}


def recognised_header(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row and columns of a Tokopedia sheet, or None when ``table`` is not one."""
    if has_shopee_keys(table):  # Shopee's files name some of the same columns, under their keys
        return None
    found = find_header(table, _ALL_FIELDS)
    if found is None or "name" not in found[1]:
        return None
    index, columns = found
    markers = sum(m in columns for m in _MARKERS)
    if table.sheet.strip().lower() == _SHEET or markers >= 2:
        return found
    return None


@dataclass
class _Group:
    """Rows of one product: one row, or its variants' rows."""

    key: str
    name: str
    product_id: str
    rows: list[tuple[int, tuple[str, ...]]]


class TokopediaReader:
    """Tokopedia's "Tambah/Ubah Sekaligus" workbook."""

    name = "Tokopedia Tambah/Ubah Sekaligus"

    def recognises(self, path: Path, table: Table) -> bool:
        return recognised_header(table) is not None

    def read(self, files: list[tuple[Path, Table]], options: dict) -> ReadResult:
        currency = options.get("currency") or "IDR"
        out = Collector()
        result = ReadResult(format=self.name, problems=out)
        for _, table in files:
            found = recognised_header(table)
            if found is not None:
                result.items.extend(self._read_table(table, *found, currency, out))
        return result

    def _read_table(self, table: Table, header: int, columns: dict[str, int], currency: str,
                    out: Collector) -> list[Item]:
        absent = missing(columns, _REQUIRED)
        if absent:
            refuse_missing_columns(table, absent, header)

        def is_data(row: tuple[str, ...]) -> bool:
            pid = row[columns["product_id"]].strip() if "product_id" in columns else ""
            return pid.isdigit() or looks_like_number(row[columns["price"]])

        layout = Layout(table, header, columns, first_data_row(table, header, is_data))
        units = weight_unit(*(r[columns["weight"]] for r in table.rows[header:layout.start])) \
            if "weight" in columns else None
        items = []
        for group in self._groups(layout, out):
            item = self._item(layout, group, units, currency, out)
            if item is not None:
                items.append(item)
        return items

    def _groups(self, layout: Layout, out: Collector) -> list[_Group]:
        """The rows by product: the same Product ID, or (without ids) the same name."""
        groups: dict[str, _Group] = {}
        ids: dict[str, tuple[str, str]] = {}  # product id -> (name, first place)
        for index, row in layout.data():
            place = cells.where(layout.table, index)
            name = layout.cell(row, "name")
            if not name:
                out.error(place, msg("import.tokopedia.no_name", column=layout.heading("name")))
                continue
            pid = layout.cell(row, "product_id")
            if pid and pid in ids and ids[pid][0] != name:
                out.error(place, msg("import.tokopedia.duplicate_id", id=pid, first=ids[pid][1], name=ids[pid][0]))
                continue
            ids.setdefault(pid, (name, place))
            key = f"id:{pid}" if pid else f"name:{cells.fold(name)}"
            groups.setdefault(key, _Group(key, name, pid, [])).rows.append((index, row))
        return list(groups.values())

    def _item(self, layout: Layout, group: _Group, units: str | None, currency: str,
              out: Collector) -> Item | None:
        table = layout.table
        first_index, first = group.rows[0]
        place = cells.where(table, first_index)
        variants: list[ItemVariant] = []
        seen: dict[str, str] = {}
        for index, row in group.rows:
            row_place = cells.where(table, index)
            label = layout.cell(row, "variant") or layout.cell(row, "sku")
            if len(group.rows) > 1:
                what = label or group.name
                if what in seen:
                    out.error(row_place, msg("import.tokopedia.duplicate", first=seen[what], what=what,
                                             column=layout.heading("sku") if "sku" in layout.columns else "SKU Name"))
                    continue
                seen[what] = row_place
            price_text = layout.cell(row, "price")
            price = cells.price(price_text, currency, out, row_place, layout.heading("price"))
            stock_text = layout.cell(row, "stock")
            stock = cells.count(stock_text, out, row_place, layout.heading("stock"))
            if price is None or (stock_text and stock is None):
                if not price_text:
                    out.error(row_place, msg("import.tokopedia.no_price", column=layout.heading("price")))
                continue
            variants.append(ItemVariant(name=label or group.name, price=price, sku=layout.cell(row, "sku"),
                                        stock=stock))
        if not variants:
            return None
        pictures = photos(layout, first, (field for field, _ in _IMAGES))
        link = self._link(layout, first, place, out)
        category = layout.cell(first, "category")
        condition = layout.cell(first, "condition")
        common = dict(
            source="tokopedia", title=group.name,
            description=plain_to_markdown(layout.cell(first, "description")),
            category=category_name(category) if category else "",
            weight_grams=weight_grams(layout.cell(first, "weight"), units, out, place, layout.heading("weight")),
            images=tuple(dict.fromkeys(pictures)),
            marketplaces=(("tokopedia", link),) if link else (),
            draft=all(is_inactive(layout.cell(row, "status")) for _, row in group.rows),
            tags=(condition,) if cells.fold(condition) in ("bekas", "used") else (),  # kept for buyers to see
            where=place,
        )
        if len(variants) == 1:
            v = variants[0]
            return Item(source_id=group.product_id or v.sku or group.name, price=v.price, sku=v.sku,
                        stock=v.stock, **common)
        price, stock = lowest_price_and_stock(variants)
        return Item(source_id=group.product_id or group.name, price=price, stock=stock, variants=tuple(variants),
                    **common)

    def _link(self, layout: Layout, row: tuple[str, ...], place: str, out: Collector) -> str:
        url = link_url(layout.cell(row, "url"), out, place, layout.heading("url"))
        host = url.split("/")[2].lower() if url.count("/") >= 2 else ""
        if url and not (host == "tokopedia.com" or host.endswith(".tokopedia.com") or host == "tokopedia.link"):
            out.warn(place, msg("import.tokopedia.not_tokopedia_url", column=layout.heading("url"), value=url))
            return ""
        return url


READERS = [TokopediaReader()]
