"""Shopee: the Mass Update export (one file per section) and the mass-upload "Template Dasar".

**Mass Update** (Seller Centre > Produk > Produk Saya > Update Massal > Download): one workbook per
section, ``mass_update_basic_info_….xlsx``, ``…sales_info…``, ``…media_info…``, ``…shipping_info…``
(and ``…dts_info…``). As Shopee writes them, sheet ``Sheet1`` holds:

- a row of stable English keys (``et_title_product_id``, ``et_title_variation_price``, …);
- a row whose first cell names the section (``sales_info``), followed by a hash, the export's
  settings and an id;
- the Indonesian labels (``Kode Produk``, ``Harga``), a row marking ``Wajib`` columns, and help text;
- then the data, one row per product (basic, media) or per variation (sales, shipping).

None of these positions is relied on: the key row is found by its keys, the section by its name
(or, failing that, by the keys only that section has), and the data starts at the first row whose
product id is a number. The files are joined on ``et_title_product_id``, and on
``et_title_variation_id`` for the variations.

**Template Dasar** (Seller Centre > Produk > Tambah Produk Massal > Download template): one sheet
whose first row holds keys written ``key|required|type`` (``ps_product_name|1|0``), then labels and
help text, then the data. Variations of one product are rows that share an
``et_title_variation_integration_no``; the name and description are on the first of them only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Collector
from generator.importer import cells
from generator.importer.marketplace import (
    Layout,
    category_name,
    first_data_row,
    label_row,
    looks_like_number,
    lowest_price_and_stock,
    match_columns,
    missing,
    refuse_missing_columns,
    weight_grams,
    weight_unit,
)
from generator.importer.model import Item, ItemVariant, ReadResult, Table
from generator.importer.text import plain_to_markdown
from generator.messages import define, msg

define({
    "import.shopee.no_product_id": (
        "kolom '{column}' harus berisi kode produk Shopee (angka), bukan \"{value}\". Baris ini dilewati; "
        "unduh ulang file Update Massal bila kolom ini terubah.",
        "column '{column}' must hold the Shopee product id (a number), not \"{value}\". This row was "
        "skipped; download the Mass Update file again if this column was changed.",
    ),
    "import.shopee.duplicate": (
        "produk {product}{variation} sudah ada di {first}. Baris ini dilewati; hapus salah satunya.",
        "product {product}{variation} is already in {first}. This row was skipped; delete one of them.",
    ),
    "import.shopee.variation": (", variasi {variation}", ", variation {variation}"),
    "import.shopee.no_name": (
        "produk {product} tidak punya nama di file mana pun. Sertakan file basic_info atau sales_info "
        "dari Update Massal yang sama.",
        "product {product} has no name in any of the files. Include the basic_info or sales_info file "
        "from the same Mass Update.",
    ),
    "import.shopee.missing_section": (
        "hanya {given} yang diberikan, jadi produk diimpor tanpa {what}. Unduh juga file {section} di "
        "Update Massal, lalu impor semua file sekaligus.",
        "only {given} was given, so the products are imported without {what}. Also download the "
        "{section} file in Mass Update, then import all the files together.",
    ),
    "import.shopee.what_basic_info": ("deskripsi", "descriptions"),
    "import.shopee.what_sales_info": ("harga, stok dan variasi", "prices, stock and variations"),
    "import.shopee.what_media_info": ("foto dan kategori", "photos and categories"),
    "import.shopee.what_shipping_info": ("berat", "weights"),
    "import.shopee.no_shop": (
        "tautan ke Shopee tidak dibuat karena nomor toko (shop id) belum diketahui. Nomor itu adalah angka "
        "pertama sesudah '-i.' di alamat produk Anda mana pun (…-i.123456789.2468…): tambahkan "
        "--shopee-shop 123456789, atau tulis https://shopee.co.id/shop/123456789 di store.yml pada "
        "marketplaces: shopee.",
        "no Shopee links were made because the shop id is not known. It is the first number after '-i.' "
        "in the address of any of your products (…-i.123456789.2468…): add --shopee-shop 123456789, or "
        "write https://shopee.co.id/shop/123456789 in store.yml under marketplaces: shopee.",
    ),
    "import.shopee.no_variations": (
        "semua variasi produk {product} dilewati karena ada kesalahan, jadi produk ini tidak diimpor.",
        "every variation of product {product} was skipped for a mistake, so this product was not imported.",
    ),
    "import.shopee.group_no_name": (
        "baris pertama kelompok variasi '{group}' (kolom '{column}') belum berisi nama produk. Tulis nama "
        "dan deskripsi produk di baris pertama setiap kelompok variasi.",
        "the first row of variation group '{group}' (column '{column}') has no product name. Write the "
        "product's name and description on the first row of each variation group.",
    ),
    "import.shopee.no_name_row": (
        "kolom '{column}' kosong: setiap produk perlu nama. Baris ini dilewati.",
        "column '{column}' is empty: every product needs a name. This row was skipped.",
    ),
    "import.shopee.duplicate_option": (
        "variasi {variation} sudah ada di kelompok '{group}' ({first}). Baris ini dilewati; hapus salah satunya.",
        "variation {variation} is already in group '{group}' ({first}). This row was skipped; delete one of them.",
    ),
    "import.shopee.no_price": (
        "kolom '{column}' kosong: setiap produk dan variasi perlu harga. Baris ini dilewati.",
        "column '{column}' is empty: every product and variation needs a price. This row was skipped.",
    ),
})

SECTIONS = ("basic_info", "sales_info", "media_info", "shipping_info", "dts_info")
_SHOWN_SECTIONS = SECTIONS[:4]  # the four a product needs; dts_info only adds the category again
# Keys only one section has: a file whose section cell was lost is still placed.
_SECTION_KEYS = {
    "sales_info": "et_title_variation_price",
    "media_info": "ps_item_cover_image",
    "shipping_info": "et_title_product_weight",
    "basic_info": "et_title_product_description",
    "dts_info": "et_title_product_dts",
}
_MASS_FIELDS = {
    "product_id": ("et_title_product_id",),
    "name": ("et_title_product_name",),
    "description": ("et_title_product_description",),
    "parent_sku": ("et_title_parent_sku",),
    "variation_id": ("et_title_variation_id",),
    "variation_name": ("et_title_variation_name",),
    "variation_sku": ("et_title_variation_sku",),
    "price": ("et_title_variation_price",),
    "stock": ("et_title_variation_stock",),
    "category": ("et_title_product_category",),
    "cover": ("ps_item_cover_image",),
    "weight": ("et_title_product_weight",),
    "tier1": ("et_title_variation_1",),
    "tier2": ("et_title_variation_2",),
}
_IMAGE_KEY = re.compile(r"ps item image(?: (\d+))?")  # folded: ps_item_image.1, ps_item_image_1
_OPTION_KEY = re.compile(r"et title option (\d+) for variation ([12])")
_OPTION_IMAGE_KEY = re.compile(r"et title option image (\d+) for variation 1")
_TEMPLATE_KEY = re.compile(r"[a-z][\w.]*\|\d+\|\d+")
# An image as Shopee names its files: "id-11134207-7r98o-lstd2u2mjd9n5f", or 32 hexadecimal digits.
_SHOPEE_FILE_ID = re.compile(r"[a-z]{2}-\d{8}-[0-9a-z-]{8,}|[0-9a-f]{32}")
_SHOPEE_FILES = "https://cf.shopee.co.id/file/"


def _photo(text: str) -> str:
    """A photo cell as an address; a bare Shopee file id becomes the address Shopee serves it at."""
    value = text.strip()
    return _SHOPEE_FILES + value if _SHOPEE_FILE_ID.fullmatch(value) else value


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


# Shopee Mass Update --------------------------------------------------------------------------------


@dataclass
class _Sheet:
    """One Mass Update file: its section and layout."""

    section: str
    layout: Layout
    images: list[tuple[int, str]]  # (column, header) of the photo columns, in order
    options: dict[tuple[int, int], int]  # (variation tier, option n) -> column of the option's name
    option_images: dict[int, int]  # option n -> column of its photo (tier 1)
    units: str | None  # the weight unit the labels give


def _mass_layout(table: Table) -> _Sheet | None:
    """The Mass Update layout of ``table``, or None when it is not a Mass Update file."""
    for index, row in enumerate(table.rows[:12]):
        keys = [cells.fold(c) for c in row]
        if "et title product id" not in keys or sum(k.startswith(("et title", "ps ")) for k in keys) < 2:
            continue
        columns = match_columns(row, _MASS_FIELDS)
        section = _section(table, index, keys)
        start = first_data_row(table, index, lambda r, c=columns["product_id"]: r[c].strip().isdigit())
        images = [(i, row[i]) for i, k in enumerate(keys) if _IMAGE_KEY.fullmatch(k)]
        options = {(int(m.group(2)), int(m.group(1))): i for i, k in enumerate(keys) if (m := _OPTION_KEY.fullmatch(k))}
        option_images = {int(m.group(1)): i for i, k in enumerate(keys) if (m := _OPTION_IMAGE_KEY.fullmatch(k))}
        units = None
        if "weight" in columns:
            labels = [r[columns["weight"]] for r in table.rows[index:start] if columns["weight"] < len(r)]
            units = weight_unit(*labels)
        layout = Layout(table, index, columns, start, label_row(table, index, start))
        return _Sheet(section, layout, images, options, option_images, units)
    return None


def _section(table: Table, key_row: int, keys: list[str]) -> str:
    """The section a Mass Update file holds: the cell near the top that names it, else its keys."""
    for row in table.rows[: min(len(table.rows), key_row + 4)]:
        for c in row:
            if c.strip().lower() in SECTIONS:
                return c.strip().lower()
    for section, key in _SECTION_KEYS.items():
        if cells.fold(key) in keys:
            return section
    return "basic_info"


@dataclass
class _Product:
    """What the sections say about one product, joined on its id."""

    id: str
    place: str  # its first row, for messages
    name: str = ""
    description: str = ""
    parent_sku: str = ""
    category: str = ""
    images: list[str] = field(default_factory=list)
    tiers: list[tuple[str, list[str]]] = field(default_factory=list)  # (variation name, its options)
    weight: int | None = None
    variations: list[dict] = field(default_factory=list)
    broken: bool = False  # a variation was skipped for a mistake
    seen: dict[str, str] = field(default_factory=dict)  # section or variation key -> first place


class MassUpdateReader:
    """Shopee's Mass Update export, one file per section, joined on the product id."""

    name = "Shopee Mass Update"

    def recognises(self, path: Path, table: Table) -> bool:
        return _mass_layout(table) is not None

    def read(self, files: list[tuple[Path, Table]], options: dict) -> ReadResult:
        currency = options.get("currency") or "IDR"
        out = Collector()
        sheets = [s for _, table in files if (s := _mass_layout(table)) is not None]
        given = [s for s in SECTIONS if any(sheet.section == s for sheet in sheets)]
        products: dict[str, _Product] = {}
        for section in SECTIONS:  # basic_info first, so its names and order lead
            for sheet in sheets:
                if sheet.section == section:
                    self._read_sheet(sheet, products, currency, out)
        result = ReadResult(format=f"{self.name} ({', '.join(given)})", problems=out)
        shop = str(options.get("shopee_shop") or "").strip()
        for product in products.values():
            item = self._item(product, shop, out)
            if item is not None:
                result.items.append(item)
        self._warn_missing(given, sheets, out)
        if result.items and not shop.isdigit():
            out.warn(sheets[0].layout.table.path.name, msg("import.shopee.no_shop"))
        return result

    def _read_sheet(self, sheet: _Sheet, products: dict[str, _Product], currency: str, out: Collector) -> None:
        layout = sheet.layout
        table = layout.table
        for index, row in layout.data():
            place = cells.where(table, index)
            pid = layout.cell(row, "product_id")
            if not pid.isdigit():
                out.error(place, msg("import.shopee.no_product_id", column=layout.heading("product_id"), value=pid))
                continue
            product = products.setdefault(pid, _Product(pid, place))
            if sheet.section == "sales_info" or (sheet.section == "shipping_info" and layout.cell(row, "variation_id")):
                if not self._variation_row(sheet, product, row, place, currency, out):
                    continue
            elif sheet.section in product.seen:
                out.error(place, msg("import.shopee.duplicate", product=pid, variation="",
                                     first=product.seen[sheet.section]))
                continue
            else:
                product.seen[sheet.section] = place
            self._fill(sheet, product, row, place, out)

    def _variation_row(self, sheet: _Sheet, product: _Product, row: tuple[str, ...], place: str,
                       currency: str, out: Collector) -> bool:
        """Add a sales_info row as a variation, or a shipping_info row's weight to one; False to skip it."""
        layout = sheet.layout
        vid = layout.cell(row, "variation_id")
        key = f"{sheet.section}:{vid}"
        if key in product.seen:
            variation = msg("import.shopee.variation", variation=vid) if vid and vid != "0" else ""
            out.error(place, msg("import.shopee.duplicate", product=product.id, variation=variation,
                                 first=product.seen[key]))
            return False
        product.seen[key] = place
        if sheet.section == "shipping_info":
            return True
        price_text = layout.cell(row, "price")
        price = cells.price(price_text, currency, out, place, layout.heading("price"))
        stock = cells.count(layout.cell(row, "stock"), out, place, layout.heading("stock"))
        bad_stock = layout.cell(row, "stock") and stock is None
        if price is None or bad_stock:
            if not price_text and "price" in layout.columns:
                out.error(place, msg("import.shopee.no_price", column=layout.heading("price")))
            product.broken = True
            return False
        product.variations.append({
            "id": vid, "name": layout.cell(row, "variation_name"), "sku": layout.cell(row, "variation_sku"),
            "price": price, "stock": stock, "place": place,
        })
        return True

    def _fill(self, sheet: _Sheet, product: _Product, row: tuple[str, ...], place: str, out: Collector) -> None:
        """Take what this section's row says about the product (the first section to say it wins)."""
        layout = sheet.layout
        text = lambda f: layout.cell(row, f)  # noqa: E731
        product.name = product.name or text("name")
        product.parent_sku = product.parent_sku or text("parent_sku")
        if sheet.section == "basic_info":
            product.description = product.description or text("description")
        if text("category") and not product.category:
            product.category = category_name(text("category"))
        if sheet.section == "media_info":
            self._media(sheet, product, row)
        if sheet.section == "shipping_info" and product.weight is None:
            product.weight = weight_grams(text("weight"), sheet.units, out, place, layout.heading("weight"))

    def _media(self, sheet: _Sheet, product: _Product, row: tuple[str, ...]) -> None:
        layout = sheet.layout
        cover = layout.cell(row, "cover")
        photos = [_photo(cover)] if cover else []
        photos += [_photo(row[i]) for i, _ in sheet.images if row[i].strip()]
        photos += [_photo(row[i]) for _, i in sorted(sheet.option_images.items()) if row[i].strip()]
        product.images = list(_unique(product.images + photos))
        for tier in (1, 2):
            name = layout.cell(row, f"tier{tier}")
            values = [row[i].strip() for (t, _), i in sorted(sheet.options.items()) if t == tier and row[i].strip()]
            if name or values:
                product.tiers.append((name or f"Variasi {tier}", values))

    def _item(self, product: _Product, shop: str, out: Collector) -> Item | None:
        if not product.name:
            out.error(product.place, msg("import.shopee.no_name", product=product.id))
            return None
        variants = tuple(self._variant(product, v) for v in product.variations)
        if product.broken and not variants:
            out.error(product.place, msg("import.shopee.no_variations", product=product.id))
            return None
        price = stock = None
        sku = product.parent_sku
        if len(variants) == 1 and (not product.variations[0]["id"].strip("0") or not product.variations[0]["name"]):
            price, stock, sku = variants[0].price, variants[0].stock, variants[0].sku or sku
            variants = ()
        elif variants:
            price, stock = lowest_price_and_stock(variants)
        links = (("shopee", f"https://shopee.co.id/product/{shop}/{product.id}"),) if shop.isdigit() else ()
        return Item(
            source="shopee", source_id=product.id, title=product.name, price=price,
            description=plain_to_markdown(product.description), category=product.category, sku=sku,
            stock=stock, weight_grams=product.weight, images=tuple(product.images), variants=variants,
            marketplaces=links, where=product.place,
        )

    def _variant(self, product: _Product, variation: dict) -> ItemVariant:
        values = _split_variation(variation["name"], product.tiers)
        options = tuple(zip((name for name, _ in product.tiers), values)) if len(values) == len(product.tiers) else ()
        return ItemVariant(
            name=" / ".join(values) if options else variation["name"], options=options, price=variation["price"],
            sku=variation["sku"], stock=variation["stock"], source_id=variation["id"],
        )

    def _warn_missing(self, given: list[str], sheets: list[_Sheet], out: Collector) -> None:
        if not sheets:
            return
        shown = ", ".join(given)
        for section in _SHOWN_SECTIONS:
            if section not in given:
                out.warn(sheets[0].layout.table.path.name, msg(
                    "import.shopee.missing_section", given=shown, section=section,
                    what=msg(f"import.shopee.what_{section}")))


def _split_variation(name: str, tiers: list[tuple[str, list[str]]]) -> list[str]:
    """``Merah,XL`` as the option of each variation tier (["Merah", "XL"]), using media_info's lists."""
    name = name.strip()
    if len(tiers) < 2:
        return [name]
    first, second = set(tiers[0][1]), set(tiers[1][1])
    commas = [i for i, c in enumerate(name) if c == ","]
    for i in commas:  # the split whose two halves are options of the two tiers
        left, right = name[:i].strip(), name[i + 1:].strip()
        if left in first and right in second:
            return [left, right]
    if len(commas) == 1:
        left, _, right = name.partition(",")
        return [left.strip(), right.strip()]
    return [name]


# Shopee mass-upload template ("Template Dasar") -----------------------------------------------------

_TEMPLATE_FIELDS = {
    "name": ("ps_product_name",),
    "description": ("ps_product_description",),
    "category": ("ps_category",),
    "parent_sku": ("ps_sku_parent_short",),
    "group": ("et_title_variation_integration_no",),
    "tier1": ("et_title_variation_1",),
    "option1": ("et_title_option_for_variation_1",),
    "option_image": ("et_title_image_per_variation",),
    "tier2": ("et_title_variation_2",),
    "option2": ("et_title_option_for_variation_2",),
    "price": ("ps_price",),
    "stock": ("ps_stock",),
    "sku": ("ps_sku_short",),
    "cover": ("ps_item_cover_image",),
    "weight": ("ps_weight",),
}
_TEMPLATE_REQUIRED = {"name": "ps_product_name", "price": "ps_price"}


def _template_header(table: Table) -> int | None:
    """The row of ``key|required|type`` cells that names ``ps_product_name``, or None."""
    for index, row in enumerate(table.rows[:12]):
        keys = [c.strip() for c in row if _TEMPLATE_KEY.fullmatch(c.strip())]
        if len(keys) >= 3 and any(k.startswith("ps_product_name|") for k in keys):
            return index
    return None


class UploadTemplateReader:
    """Shopee's mass-upload template ("Template Dasar"): rows of one product share an integration number."""

    name = "Shopee Template Dasar"

    def recognises(self, path: Path, table: Table) -> bool:
        return _template_header(table) is not None

    def read(self, files: list[tuple[Path, Table]], options: dict) -> ReadResult:
        currency = options.get("currency") or "IDR"
        out = Collector()
        result = ReadResult(format=self.name, problems=out)
        for _, table in files:
            header = _template_header(table)
            if header is not None:
                result.items.extend(self._read_table(table, header, currency, out))
        return result

    def _read_table(self, table: Table, header: int, currency: str, out: Collector) -> list[Item]:
        row = table.rows[header]
        columns = match_columns(row, _TEMPLATE_FIELDS)
        absent = missing(columns, _TEMPLATE_REQUIRED)
        if absent:
            refuse_missing_columns(table, absent, header)
        start = first_data_row(table, header, lambda r: looks_like_number(r[columns["price"]]))
        layout = Layout(table, header, columns, start, label_row(table, header, start))
        keys = [cells.fold(c.split("|", 1)[0]) for c in row]
        images = [(i, row[i]) for i, k in enumerate(keys) if _IMAGE_KEY.fullmatch(k)]
        units = None
        if "weight" in columns:
            units = weight_unit(*(r[columns["weight"]] for r in table.rows[header:start]))
        groups: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for index, data in layout.data():
            key = layout.cell(data, "group") or f"\0{index}"  # a row without a group is a product by itself
            groups.setdefault(key, []).append((index, data))
        items = []
        for key, rows in groups.items():
            item = self._item(layout, key, rows, images, units, currency, out)
            if item is not None:
                items.append(item)
        return items

    def _item(self, layout: Layout, group: str, rows: list[tuple[int, tuple[str, ...]]],
              images: list[tuple[int, str]], units: str | None, currency: str, out: Collector) -> Item | None:
        table = layout.table
        first_index, first = rows[0]
        place = cells.where(table, first_index)
        name = layout.cell(first, "name")
        if not name:
            if group.startswith("\0"):
                out.error(place, msg("import.shopee.no_name_row", column=layout.heading("name")))
            else:
                out.error(place, msg("import.shopee.group_no_name", group=group, column=layout.heading("name")))
            return None
        tiers = [layout.cell(first, "tier1"), layout.cell(first, "tier2")]
        photos = [_photo(layout.cell(first, "cover"))]
        photos += [_photo(first[i]) for i, _ in images if first[i].strip()]
        variants: list[ItemVariant] = []
        seen: dict[tuple[str, ...], str] = {}
        broken = False
        for index, data in rows:
            row_place = cells.where(table, index)
            values = tuple(layout.cell(data, f"option{n}") for n in (1, 2) if layout.cell(data, f"option{n}"))
            tiers = [t or layout.cell(data, f"tier{n}") for n, t in enumerate(tiers, 1)]
            if values in seen and not group.startswith("\0"):
                out.error(row_place, msg("import.shopee.duplicate_option", variation=" / ".join(values) or "-",
                                         group=group, first=seen[values]))
                continue
            seen[values] = row_place
            price_text = layout.cell(data, "price")
            price = cells.price(price_text, currency, out, row_place, layout.heading("price"))
            stock_text = layout.cell(data, "stock")
            stock = cells.count(stock_text, out, row_place, layout.heading("stock"))
            if price is None or (stock_text and stock is None):
                if not price_text:
                    out.error(row_place, msg("import.shopee.no_price", column=layout.heading("price")))
                broken = True
                continue
            photos.append(_photo(layout.cell(data, "option_image")))
            names = [t or f"Variasi {n}" for n, t in enumerate(tiers, 1)][: len(values)]
            variants.append(ItemVariant(
                name=" / ".join(values), options=tuple(zip(names, values)), price=price,
                sku=layout.cell(data, "sku"), stock=stock,
            ))
        if not variants:
            if broken and not group.startswith("\0"):
                out.error(place, msg("import.shopee.no_variations", product=group))
            return None
        sku = layout.cell(first, "parent_sku")
        if len(variants) == 1 and not variants[0].options:
            price, stock, sku = variants[0].price, variants[0].stock, variants[0].sku or sku
            final: tuple[ItemVariant, ...] = ()
        else:
            price, stock = lowest_price_and_stock(variants)
            final = tuple(variants)
        source_id = group if not group.startswith("\0") else (sku or name)
        return Item(
            source="shopee", source_id=source_id, title=name, price=price,
            description=plain_to_markdown(layout.cell(first, "description")),
            category=category_name(layout.cell(first, "category")), sku=sku, stock=stock,
            weight_grams=weight_grams(layout.cell(first, "weight"), units, out, place, layout.heading("weight")),
            images=_unique(photos), variants=final, where=place,
        )


READERS = [MassUpdateReader(), UploadTemplateReader()]
