"""Which format a spreadsheet is in, recognised from its content (never from its file name).

``READERS`` lists every format Lapak imports. A reader module adds its readers by a line at the
bottom of this file; :func:`find_reader` asks the specific formats first and the generic plain
spreadsheet (a reader with ``generic = True``) last, so a marketplace export is never taken for a
plain sheet whatever the order of the lines.

The ``options`` a reader's ``read`` gets: ``currency`` (the store's, such as "IDR"), ``shopee_shop``
(the Shopee shop id, or ""), and ``store_dir`` (the store folder, a Path).
"""

from __future__ import annotations

from generator.importer.model import Reader, Table
from generator.messages import Msg, define, msg

define({
    "import.unrecognised": (
        "{file}: Lapak tidak mengenali isi file ini. Sudah dicoba: {tried}. Baris pertamanya berisi: {first}. "
        "Pakai file ekspor asli dari seller centre (jangan ubah baris judul kolomnya), atau isi templat "
        "dari 'lapak import --template'.",
        "{file}: Lapak does not recognise what this file holds. Tried: {tried}. Its first row holds: {first}. "
        "Use the export file exactly as the seller centre gave it (do not change its header rows), or fill "
        "in the template from 'lapak import --template'.",
    ),
    "import.first_row_empty": ("(kosong)", "(nothing)"),
})

READERS: list[Reader] = []
_SHOWN_CELLS = 8  # of the first row, in the message for a file no reader recognises


def _ordered(readers: list[Reader]) -> list[Reader]:
    """The specific formats first, then the generic ones, each in the order given."""
    return sorted(readers, key=lambda r: bool(getattr(r, "generic", False)))


def recognise(tables: list[Table], readers: list[Reader] | None = None) -> tuple[Reader, Table] | None:
    """The first reader that recognises one of the file's sheets, with that sheet; None if none does."""
    for reader in _ordered(READERS if readers is None else readers):
        for table in tables:
            if table.rows and reader.recognises(table.path, table):
                return reader, table
    return None


def find_reader(tables: list[Table], readers: list[Reader] | None = None) -> Reader | None:
    """The reader for a file's tables (every sheet of it), or None when no format fits."""
    found = recognise(tables, readers)
    return found[0] if found else None


def not_recognised(tables: list[Table], readers: list[Reader] | None = None) -> Msg:
    """The message for a file no reader recognises: the formats tried and what its first row holds."""
    readers = _ordered(READERS if readers is None else readers)
    tried = ", ".join(r.name for r in readers) or "-"
    first_row: tuple[str, ...] = ()
    for table in tables:
        first_row = next((row for row in table.rows if any(row)), ())
        if first_row:
            break
    cells = [c for c in first_row if c][:_SHOWN_CELLS]
    first = " | ".join(_short(c) for c in cells) if cells else msg("import.first_row_empty")
    if len([c for c in first_row if c]) > _SHOWN_CELLS:
        first = f"{first} | ..."
    path = tables[0].path if tables else ""
    return msg("import.unrecognised", file=str(path), tried=tried, first=first)


def _short(cell: str) -> str:
    cell = " ".join(cell.split())
    return cell if len(cell) <= 40 else cell[:37] + "..."


# The readers, one line per module (the order does not matter; see the docstring).
from generator.importer import sheet, shopee, shopify, tiktok, tokopedia  # noqa: E402

READERS += [shopify.READER, sheet.READER, *shopee.READERS, *tokopedia.READERS, *tiktok.READERS]
