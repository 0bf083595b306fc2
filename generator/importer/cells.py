"""What every reader needs from a table's cells: headers by name, prices, counts, and where a row is."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from generator.content.money import PriceError, parse_price
from generator.errors import Collector
from generator.importer.model import Table
from generator.messages import define, msg, t

define({
    "import.where_sheet_row": ("{file}, lembar '{sheet}', baris {row}", "{file}, sheet '{sheet}', row {row}"),
    "import.where_row": ("{file}, baris {row}", "{file}, row {row}"),
    "import.bad_price": ("kolom '{column}': {problem}", "column '{column}': {problem}"),
    "import.bad_count": (
        "kolom '{column}': \"{value}\" bukan angka bulat. Tulis angka saja, seperti 12.",
        "column '{column}': \"{value}\" is not a whole number. Write digits only, such as 12.",
    ),
})

_SEPARATORS = re.compile(r"[\s_\-/().:]+")
_GROUPED = re.compile(r"\d{1,3}([.,]\d{3})+")


def fold(header: str) -> str:
    """A header as a key to match on: lower case, no accents, ``*`` or brackets, one space between words.

    ``"Harga (Rp)*"`` and ``"harga rp"`` fold to the same key.
    """
    text = unicodedata.normalize("NFKD", header)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("*", " ").lower()
    return " ".join(_SEPARATORS.sub(" ", text).split())


def header_map(row: tuple[str, ...]) -> dict[str, int]:
    """Each folded header of ``row`` with its column index (the first one, when a header repeats)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        key = fold(cell)
        if key and key not in found:
            found[key] = i
    return found


def where(table: Table, index: int) -> str:
    """Where row ``index`` (0-based in ``table.rows``) is, as a seller finds it: file, sheet, row."""
    if table.sheets:
        return t("import.where_sheet_row", file=table.path.name, sheet=table.sheet, row=index + 1)
    return t("import.where_row", file=table.path.name, row=index + 1)


def price(text: str, currency: str, out: Collector, place: str, column: str) -> Decimal | None:
    """The price in a cell, or None when it is empty; a cell that is not a price is an error at ``place``."""
    text = text.strip()
    if not text:
        return None
    try:
        return parse_price(_plain_number(text), currency)
    except PriceError as exc:
        out.error(place, msg("import.bad_price", column=column, problem=exc.msg))
        return None


def count(text: str, out: Collector, place: str, column: str) -> int | None:
    """A whole number (stock, weight) in a cell, or None when it is empty; anything else is an error."""
    text = text.strip().replace(" ", "")
    if not text:
        return None
    if _GROUPED.fullmatch(text):  # 1.000 or 1,000
        text = re.sub(r"[.,]", "", text)
    elif re.fullmatch(r"\d+[.,]0+", text):  # 12.0 from a sheet that stored a number as text
        text = re.split(r"[.,]", text)[0]
    if not text.isdigit() or not text.isascii():
        out.error(place, msg("import.bad_count", column=column, value=text))
        return None
    return int(text)


def _plain_number(text: str) -> str:
    """A price a spreadsheet wrote as ``150000.0`` (a number stored as text) without its ``.0``."""
    m = re.fullmatch(r"(\d+)[.,]0{1,2}", text)
    return m.group(1) if m else text


def split_list(text: str) -> tuple[str, ...]:
    """Photo names or addresses separated by spaces, new lines or ``;``, in order, each once.

    A comma separates only when a space follows it: addresses may hold commas (``w_100,h_100``).
    """
    seen: list[str] = []
    for part in re.split(r"(?:\s|;|,(?=\s))+", text.strip()):
        if part and part not in seen:
            seen.append(part)
    return tuple(seen)


define({
    "import.bad_link": (
        "kolom '{column}': \"{value}\" bukan alamat lengkap yang diawali https://. Salin alamat "
        "halaman produknya dari browser.",
        "column '{column}': \"{value}\" is not a complete address that starts with https://. Copy the "
        "product page's address from the browser.",
    ),
})


def link(text: str, out: Collector, place: str, column: str) -> str | None:
    """An https address in a cell, or None when it is empty; anything else is an error at ``place``."""
    from generator.content.links import LinkError, check_https

    text = text.strip()
    if not text:
        return None
    try:
        return check_https(text)
    except LinkError:
        out.error(place, msg("import.bad_link", column=column, value=text[:80]))
        return None
