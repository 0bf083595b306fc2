"""The plain spreadsheet a seller fills in: one row per product, or per variant with the same name.

Headers in Bahasa Indonesia or English (``nama``/``title``, ``harga``/``price``, ...); their case,
spaces, ``_`` and ``*`` do not matter. ``lapak import --template`` writes an empty one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.content.links import MARKETPLACES
from generator.content.text import fold_name
from generator.errors import Collector, LapakError
from generator.importer import cells
from generator.importer.model import Item, ItemVariant, ReadResult, Table
from generator.importer.tables import UnreadableFile
from generator.importer.text import plain_to_markdown
from generator.messages import define, language, msg

define({
    "import.sheet_missing_column": (
        "{file}: kolom '{column}' tidak ada di baris judul. Tambahkan kolom '{column}' (atau '{english}'); "
        "contohnya ada di templat dari 'lapak import --template'.",
        "{file}: there is no '{english}' column in the header row. Add a '{english}' (or '{column}') column; "
        "the template from 'lapak import --template' shows one.",
    ),
    "import.no_name": (
        "kolom 'nama' kosong. Tulis nama produknya, atau hapus baris ini.",
        "the 'title' column is empty. Write the product's name, or delete this row.",
    ),
    "import.no_price": (
        "kolom 'harga' kosong. Tulis harganya, seperti 150000.",
        "the 'price' column is empty. Write the price, such as 150000.",
    ),
    "import.variant_missing": (
        "ada beberapa baris bernama '{title}', tapi kolom 'varian' di baris ini kosong. Tulis nama "
        "variannya (seperti 'Merah' atau 'XL'), atau beri produk ini nama lain.",
        "several rows are named '{title}', but the 'variant' column of this row is empty. Write the "
        "variant's name (such as 'Red' or 'XL'), or give this product another name.",
    ),
    "import.duplicate_row": (
        "baris ini sama dengan {other} ('{title}'{variant}). Hapus salah satunya.",
        "this row repeats {other} ('{title}'{variant}). Delete one of them.",
    ),
    "import.duplicate_id": (
        "id '{id}' sudah dipakai oleh '{title}' di {other}. Setiap produk perlu id sendiri.",
        "the id '{id}' is already used by '{title}' at {other}. Every product needs an id of its own.",
    ),
    "import.template_exists": (
        "{file} sudah ada; Lapak tidak menimpanya. Pindahkan atau ganti namanya dulu.",
        "{file} already exists; Lapak does not overwrite it. Move or rename it first.",
    ),
})

# Each column: (Indonesian name, English name, other names sellers use). Matched after cells.fold.
COLUMNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "title": ("nama", "title", ("name", "judul", "nama barang")),
    "price": ("harga", "price", ("harga rp", "harga jual")),
    "compare_at_price": ("harga_coret", "compare_at_price", ("harga asli", "harga normal")),
    "category": ("kategori", "category", ()),
    "description": ("deskripsi", "description", ("keterangan",)),
    "images": ("foto", "images", ("image", "photo", "photos", "gambar")),
    "stock": ("stok", "stock", ("jumlah stok",)),
    "sku": ("sku", "sku", ("kode", "kode produk")),
    "variant": ("varian", "variant", ("variasi", "variation")),
    "weight": ("berat", "weight", ("berat gram", "berat g", "weight grams", "weight g")),
    "tags": ("tag", "tags", ("label",)),
    "id": ("id", "id", ()),
    **{key: (key, key, ()) for key in MARKETPLACES},
}
REQUIRED = ("title", "price")
EXAMPLE = {
    "title": "Kopi Arabika Gayo 250 g", "price": "Rp 85.000", "compare_at_price": "Rp 100.000",
    "category": "Kopi", "description": "Biji kopi arabika dari Dataran Tinggi Gayo, sangrai medium.",
    "images": "https://contoh.com/foto/kopi-gayo.jpg", "stock": "25", "sku": "KOPI-GAYO-250",
    "variant": "", "weight": "250", "tags": "kopi, oleh-oleh", "id": "", "shopee": "", "tokopedia": "",
    "tiktok": "",
}
TEMPLATE_NAMES = ("produk.csv", "produk.xlsx")
_TEMPLATE_COLUMNS = ("title", "price", "compare_at_price", "category", "description", "images", "stock", "sku",
                     "variant", "weight", "tags", "shopee", "tokopedia", "tiktok")


def _lookup() -> dict[str, str]:
    names = {}
    for key, (indonesian, english, others) in COLUMNS.items():
        for name in (indonesian, english, *others):
            names[cells.fold(name)] = key
    return names


_NAMES = _lookup()


def _columns(row: tuple[str, ...]) -> dict[str, int]:
    """The known columns of a header row: field key -> column index."""
    found: dict[str, int] = {}
    for name, index in cells.header_map(row).items():
        key = _NAMES.get(name)
        if key and key not in found:
            found[key] = index
    return found


def _header_index(table: Table) -> int | None:
    return next((i for i, row in enumerate(table.rows) if any(row)), None)


@dataclass
class _Row:
    index: int
    title: str
    variant: str
    values: dict[str, str]
    problems: Collector = field(default_factory=Collector)


class SheetReader:
    """The plain spreadsheet: recognised by a name column and at least one other column it knows."""

    name = "Spreadsheet Lapak"
    generic = True  # asked after every marketplace format

    def recognises(self, path: Path, table: Table) -> bool:
        """Whether the first row holds a name header and another header this format knows."""
        index = _header_index(table)
        if index is None:
            return False
        found = _columns(table.rows[index])
        return "title" in found and len(found) >= 2

    def read(self, files: list[tuple[Path, Table]], options: dict) -> ReadResult:
        """Every product in the files; bad rows are left out and named in ``problems``."""
        result = ReadResult(self.name)
        ids: dict[str, str] = {}
        for _path, table in files:
            for item in _read_table(table, options.get("currency", "IDR"), result.problems):
                if item.source_id in ids:
                    result.problems.error(item.where, msg("import.duplicate_id", id=item.source_id,
                                                          title=item.title, other=ids[item.source_id]))
                    continue
                ids[item.source_id] = item.where
                result.items.append(item)
        return result


def _read_table(table: Table, currency: str, problems: Collector) -> list[Item]:
    header = _header_index(table)
    columns = _columns(table.rows[header]) if header is not None else {}
    for key in REQUIRED:
        if key not in columns:
            indonesian, english, _ = COLUMNS[key]
            raise UnreadableFile(msg("import.sheet_missing_column", file=table.path.name, column=indonesian,
                                     english=english))
    groups: dict[str, list[_Row]] = {}
    for index in range(header + 1, len(table.rows)):
        row = table.rows[index]
        if not any(row):
            continue
        values = {key: row[i].strip() for key, i in columns.items()}
        place = cells.where(table, index)
        if not values["title"]:
            problems.error(place, msg("import.no_name"))
            continue
        groups.setdefault(fold_name(values["title"]), []).append(
            _Row(index, values["title"], values.get("variant", ""), values))
    items = []
    for rows in groups.values():
        item = _item(table, rows, currency, problems)
        if item is not None:
            items.append(item)
    return items


def _item(table: Table, rows: list[_Row], currency: str, problems: Collector) -> Item | None:
    """One product from its rows (one row, or one per variant); bad rows are reported and left out."""
    first = rows[0]
    place = cells.where(table, first.index)
    has_variants = any(row.variant for row in rows)
    out = Collector()
    good: list[tuple[_Row, Decimal | None, Decimal | None, int | None]] = []
    seen: dict[str, int] = {}
    for row in rows:
        here = cells.where(table, row.index)
        row_out = Collector()
        key = fold_name(row.variant)
        if has_variants and not row.variant:
            row_out.error(here, msg("import.variant_missing", title=first.title))
        elif key in seen:
            row_out.error(here, msg("import.duplicate_row", other=cells.where(table, seen[key]), title=row.title,
                                    variant=f", {row.variant}" if row.variant else ""))
        price = cells.price(row.values["price"], currency, row_out, here, _shown("price"))
        compare = cells.price(row.values.get("compare_at_price", ""), currency, row_out, here,
                              _shown("compare_at_price"))
        stock = cells.count(row.values.get("stock", ""), row_out, here, _shown("stock"))
        if price is None and not row_out.problems and not (has_variants and good and good[0][1] is not None):
            row_out.error(here, msg("import.no_price"))
        if row_out.problems:
            out.extend(row_out)
            continue
        seen.setdefault(key, row.index)
        good.append((row, price, compare, stock))
    problems.extend(out)
    if not good:
        return None
    fields = _product_fields(table, [r for r, *_ in good], problems)
    if fields is None:
        return None
    if not has_variants:
        _row, price, compare, stock = good[0]
        return Item("sheet", fields["id"], first.title, price=price, compare_at_price=compare, stock=stock,
                    sku=first.values.get("sku", ""), **fields["common"], where=place)
    base = good[0][1]
    variants = tuple(ItemVariant(row.variant, price=price if price is not None else base, compare_at_price=compare,
                                 sku=row.values.get("sku", ""), stock=stock) for row, price, compare, stock in good)
    return Item("sheet", fields["id"], first.title, price=None, variants=variants, **fields["common"], where=place)


def _product_fields(table: Table, rows: list[_Row], problems: Collector) -> dict | None:
    """What belongs to the product as a whole: the first row's, else the first later row that has it."""
    def first_of(key: str) -> tuple[str, _Row]:
        for row in rows:
            if row.values.get(key):
                return row.values[key], row
        return "", rows[0]

    out = Collector()
    weight_text, weight_row = first_of("weight")
    weight = cells.count(weight_text, out, cells.where(table, weight_row.index), _shown("weight"))
    marketplaces = []
    for key in MARKETPLACES:
        text, row = first_of(key)
        url = cells.link(text, out, cells.where(table, row.index), key)
        if url:
            marketplaces.append((key, url))
    images: list[str] = []
    for row in rows:
        images.extend(p for p in cells.split_list(row.values.get("images", "")) if p not in images)
    problems.extend(out)
    if out.problems:
        return None
    tags = tuple(t.strip() for t in first_of("tags")[0].split(",") if t.strip())
    return {
        "id": first_of("id")[0] or rows[0].title,
        "common": dict(description=plain_to_markdown(first_of("description")[0]), category=first_of("category")[0],
                       weight_grams=weight or None, images=tuple(images), marketplaces=tuple(marketplaces),
                       tags=tags),
    }


def _shown(key: str) -> str:
    """A column's name as the seller's language writes it in the template."""
    indonesian, english, _ = COLUMNS[key]
    return indonesian if language() == "id" else english


READER = SheetReader()


def template_rows(lang: str) -> list[list[str]]:
    """The template's header row (in ``lang``) and its example row."""
    header = [COLUMNS[key][0 if lang == "id" else 1] for key in _TEMPLATE_COLUMNS]
    return [header, [EXAMPLE[key] for key in _TEMPLATE_COLUMNS]]


def write_template(folder: Path, lang: str | None = None) -> list[Path]:
    """Write ``produk.csv`` and ``produk.xlsx`` (headers and one example row) into ``folder``.

    Refuses to overwrite either file.
    """
    import openpyxl
    from openpyxl.styles import Font

    from generator.importer.files import write_atomic

    lang = lang or language()
    targets = [folder / name for name in TEMPLATE_NAMES]
    for target in targets:
        if target.exists():
            raise LapakError(msg("import.template_exists", file=str(target)))
    rows = template_rows(lang)
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    write_atomic(targets[0], ("\ufeff" + text.getvalue()).encode("utf-8"))  # the BOM tells Excel it is UTF-8
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Produk"
    for row in rows:
        sheet.append(row)
    for column, name, example in zip(sheet.columns, rows[0], rows[1]):
        column[0].font = Font(bold=True)
        sheet.column_dimensions[column[0].column_letter].width = max(12, min(40, max(len(name), len(example)) + 2))
    data = io.BytesIO()
    workbook.save(data)
    write_atomic(targets[1], data.getvalue())
    return targets
