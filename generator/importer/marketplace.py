"""What the Shopee, Tokopedia and TikTok Shop readers share: finding the header row and the first
data row by their content, weights, photo addresses, categories and listing status.

Marketplace exports put one or more header rows (keys, labels, "Wajib", help text) above the data,
and the number of them changes between versions and regions. So nothing here counts rows: the header
row is the one that holds the most of the names a reader knows, and the data starts at the first
row after it that holds what only data holds (a product id, a price).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable

from generator.content.links import LinkError, check_https
from generator.errors import Collector
from generator.importer.cells import fold
from generator.importer.model import ItemVariant, Table
from generator.importer.tables import UnreadableFile
from generator.importer.text import html_to_markdown, plain_to_markdown
from generator.messages import define, msg

define({
    "import.marketplace.bad_weight": (
        "kolom '{column}': \"{value}\" bukan berat. Tulis angka saja, seperti 250.",
        "column '{column}': \"{value}\" is not a weight. Write a number only, such as 250.",
    ),
    "import.marketplace.not_https": (
        "kolom '{column}': \"{value}\" bukan alamat https:// dan dilewati.",
        "column '{column}': \"{value}\" is not an https:// address and was left out.",
    ),
    "import.marketplace.no_rows": (
        "tidak ada baris produk di bawah baris judul kolom. Isi produk mulai baris {row}, atau unduh "
        "ulang ekspornya dari seller centre.",
        "there are no product rows below the header rows. Fill in products from row {row}, or "
        "download the export again from the seller centre.",
    ),
    "import.marketplace.missing_columns": (
        "{file}, lembar '{sheet}': kolom {columns} tidak ada di baris judul (baris {row}), jadi file ini "
        "tidak bisa diimpor. Jangan hapus atau ganti nama kolom template; unduh ulang file-nya dari seller "
        "centre bila perlu.",
        "{file}, sheet '{sheet}': the header row (row {row}) has no column {columns}, so this file cannot be "
        "imported. Do not delete or rename the template's columns; download the file again from the seller "
        "centre if needed.",
    ),
})

_HEADER_SCAN = 12  # header rows sit at the top: this many rows are searched for them
_FRACTION = re.compile(r"\d+[.,]\d*[1-9]\d*")


@dataclass(frozen=True)
class Layout:
    """Where a table's columns are: the header row and each field's column (0-based)."""

    table: Table
    header: int  # index of the header row in table.rows
    columns: dict[str, int]  # field -> column index
    start: int  # index of the first data row
    labels: int | None = None  # a row of names shown to sellers under a row of keys, if any

    def cell(self, row: tuple[str, ...], field: str) -> str:
        """The text of ``field`` in ``row``, or "" when the table has no such column."""
        i = self.columns.get(field)
        return row[i].strip() if i is not None and i < len(row) else ""

    def heading(self, field: str) -> str:
        """The column's name as the seller sees it (its label under a row of keys), for messages."""
        i = self.columns.get(field)
        if i is None:
            return field
        if self.labels is not None and self.table.rows[self.labels][i].strip():
            return self.table.rows[self.labels][i].strip()
        return key_of(self.table.rows[self.header][i]).strip()

    def data(self) -> Iterable[tuple[int, tuple[str, ...]]]:
        """Every data row that holds anything, with its index in table.rows."""
        for index in range(self.start, len(self.table.rows)):
            row = self.table.rows[index]
            if any(c.strip() for c in row):
                yield index, row


def match_columns(row: tuple[str, ...], fields: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Each field whose name (any of its folded aliases) is a header in ``row``, with its column."""
    folded = [fold(key_of(cell)) for cell in row]
    found: dict[str, int] = {}
    for field, aliases in fields.items():
        for alias in aliases:
            key = fold(alias)
            if key in folded:
                found[field] = folded.index(key)
                break
    return found


def key_of(cell: str) -> str:
    """A header cell without the ``|required|type`` that Shopee's upload template adds to its keys."""
    return cell.split("|", 1)[0] if re.fullmatch(r"[\w.]+\|\d+\|\d+", cell.strip()) else cell


def find_header(table: Table, fields: dict[str, tuple[str, ...]]) -> tuple[int, dict[str, int]] | None:
    """The row near the top that names the most of ``fields`` (at least two), with its columns."""
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(table.rows[:_HEADER_SCAN]):
        found = match_columns(row, fields)
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (index, found)
    return best


def first_data_row(table: Table, header: int, is_data: Callable[[tuple[str, ...]], bool]) -> int:
    """The first row after the header rows (labels, "Wajib", help text) that ``is_data`` accepts.

    Every row from there on is data, even a bad one, so that a mistake in it is reported rather
    than skipped as if it were help text. Without such a row, the end of the table.
    """
    for index in range(header + 1, len(table.rows)):
        if is_data(table.rows[index]):
            return index
    return len(table.rows)


_MARKS = {"wajib", "opsional", "wajib bersyarat", "mandatory", "optional", "conditional mandatory", "uneditable"}


def label_row(table: Table, header: int, start: int) -> int | None:
    """The row between a row of keys and the data that names the columns for people, if there is one.

    It is the row with the most short texts that are not marks such as "Wajib" or "Mandatory", and
    only when it names at least half as many columns as the keys row. A header row of names (not
    keys) has none.
    """
    cells_ = [c.strip() for c in table.rows[header] if c.strip()]
    keys = sum(1 for c in cells_ if re.fullmatch(r"[a-z][a-z0-9_./|]*", c))
    if not cells_ or keys * 5 < len(cells_) * 4:
        return None
    best, best_count = None, 0
    for index in range(header + 1, start):
        count = sum(1 for c in table.rows[index] if _is_label(c))
        if count > best_count:
            best, best_count = index, count
    return best if best is not None and best_count * 2 >= keys else None


def _is_label(cell: str) -> bool:
    """A column name for people: short words, not a mark ("Wajib"), key, hash, number or JSON."""
    cell = cell.strip()
    return (0 < len(cell) <= 60 and any(c.isalpha() for c in cell) and "_" not in cell and "{" not in cell
            and not re.fullmatch(r"[0-9a-f]{16,}", cell) and fold(cell) not in _MARKS)


def has_shopee_keys(table: Table) -> bool:
    """Whether the top of ``table`` holds Shopee's column keys (``et_title_…``, ``ps_…|1|0``)."""
    return any(re.match(r"(et_title_|ps_)\w+", c.strip()) for row in table.rows[:_HEADER_SCAN] for c in row)


def looks_like_number(text: str) -> bool:
    """A cell that holds an amount as a seller writes one (``150000``, ``Rp 150.000``, ``150rb``)."""
    return bool(re.fullmatch(r"(?i)\s*(rp\.?|idr)?\s*\d[\d.,]*\s*(rb|ribu|k|jt|juta|,-|\.-)?\s*", text))


def missing(layout_columns: dict[str, int], required: dict[str, str]) -> list[str]:
    """The header names of the ``required`` fields (field -> header as the template writes it) absent."""
    return [name for field, name in required.items() if field not in layout_columns]


def refuse_missing_columns(table: Table, names: list[str], header: int) -> None:
    """Stop at a file that lacks columns its template must have: nothing can be read from it."""
    columns = ", ".join(f"'{n}'" for n in names)
    raise UnreadableFile(msg("import.marketplace.missing_columns", file=table.path.name, sheet=table.sheet,
                             columns=columns, row=header + 1))


def weight_grams(text: str, unit: str | None, out: Collector, place: str, column: str) -> int | None:
    """A weight in grams from a cell in ``unit`` ("g", "kg", "lb", or None when the file does not say).

    Without a unit (neither in the cell nor in the column's labels) a whole number is taken as grams,
    as the Indonesian seller centres show weights, and a number with a fraction (``0.25``) as kilograms.
    """
    value = text.strip().lower().replace(" ", "")
    if not value:
        return None
    m = re.fullmatch(r"(\d+(?:[.,]\d+)?)(g|gr|gram|kg|lb)?", value)
    if not m:
        out.error(place, msg("import.marketplace.bad_weight", column=column, value=text.strip()))
        return None
    number, written = m.groups()
    try:
        amount = Decimal(number.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return None
    unit = {"g": "g", "gr": "g", "gram": "g"}.get(written or "", written) or unit
    if unit is None:
        unit = "kg" if _FRACTION.fullmatch(number) else "g"
    factor = {"g": Decimal(1), "kg": Decimal(1000), "lb": Decimal("453.59237")}[unit]
    grams = int((amount * factor).to_integral_value())
    return grams or None


def weight_unit(*labels: str) -> str | None:
    """The unit a column's header and help texts give its weights in, or None when none says."""
    text = " ".join(labels).lower()
    if re.search(r"\bkg\b|kilogram", text):
        return "kg"
    if re.search(r"\blb\b|pound", text):
        return "lb"
    if re.search(r"\(g\)|\bgr\b|\bgram\b|\bg\b", text):
        return "g"
    return None


def lowest_price_and_stock(variants: tuple[ItemVariant, ...] | list[ItemVariant]) -> tuple[Decimal | None, int | None]:
    """A product's price and stock from its variants': the lowest price, and all their stock (if known)."""
    prices = [v.price for v in variants if v.price is not None]
    stocks = [v.stock for v in variants if v.stock is not None]
    return (min(prices) if prices else None), (sum(stocks) if len(stocks) == len(variants) else None)


def photos(layout: Layout, row: tuple[str, ...], fields: Iterable[str]) -> list[str]:
    """The photo addresses in ``fields`` of ``row``, as written (the photo fetcher checks each)."""
    return [layout.cell(row, f) for f in fields if layout.cell(row, f)]


def link_url(text: str, out: Collector, place: str, column: str) -> str:
    """A marketplace page's address from a cell (http:// made https://); "" with a warning if it is none."""
    url = text.strip()
    if not url:
        return ""
    if url.lower().startswith("http://"):
        url = "https://" + url[len("http://"):]
    try:
        return check_https(url)
    except LinkError:
        out.warn(place, msg("import.marketplace.not_https", column=column, value=url[:80]))
        return ""


def category_name(text: str) -> str:
    """A marketplace category as a store category: its last named level.

    ``100629 - Makanan & Minuman/Makanan Ringan/Keripik`` and ``Makanan Ringan > Keripik (601755)``
    become ``Keripik``; a bare category code (``100629``) becomes "" (it names nothing a buyer reads).
    """
    value = re.sub(r"^\s*\d+\s*-\s*", "", text.strip())
    value = re.sub(r"\s*\(\d+\)\s*$", "", value)
    parts = [p.strip() for p in re.split(r"\s*[/>]\s*", value) if p.strip()]
    if not parts or parts[-1].isdigit():
        return ""
    generic = {"others", "lainnya", "lain-lain", "other"}
    while len(parts) > 1 and parts[-1].casefold() in generic:
        parts.pop()
    return parts[-1]


def is_inactive(text: str) -> bool:
    """A listing status that means "not on sale": Nonaktif, Inactive, Draft(2), Tidak aktif, Diarsipkan."""
    value = fold(text)
    return bool(value) and any(word in value for word in ("nonaktif", "non aktif", "tidak aktif", "inactive",
                                                          "draft", "draf", "arsip", "archived", "unlisted"))



_HTML = re.compile(r"</?(?:p|br|ul|ol|li|div|span|strong|b|em|i|u|h[1-6]|table|img)\b[^>]*>", re.IGNORECASE)


def description_markdown(text: str) -> str:
    """A description as Markdown: HTML (TikTok Shop's rich text) converted, plain text kept line by line."""
    return html_to_markdown(text) if _HTML.search(text) else plain_to_markdown(text)
