"""Read a spreadsheet (CSV, XLSX, and what calamine reads) into tables of text cells.

Every cell becomes text the way a seller sees it in Excel: ``150000`` not ``150000.0``, a date as
``2024-05-31``, an empty cell as ``""``. A file that is no spreadsheet, a password-protected or a
damaged workbook is refused with one message that names the file and says what to do.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from decimal import Decimal
from pathlib import Path

from generator.errors import LapakError
from generator.importer.model import Table
from generator.messages import Msg, define, msg

log = logging.getLogger(__name__)

define({
    "import.file_missing": (
        "{file}: file ini tidak ada. Periksa nama dan foldernya.",
        "{file}: there is no such file. Check its name and folder.",
    ),
    "import.file_unreadable": (
        "{file}: file ini tidak bisa dibuka ({reason}).",
        "{file}: this file cannot be opened ({reason}).",
    ),
    "import.not_spreadsheet": (
        "{file}: ini bukan file spreadsheet. Lapak membaca file CSV dan Excel (XLSX): unduh ulang "
        "ekspor produk dari seller centre, atau simpan ulang di Excel/Google Sheets sebagai XLSX atau CSV.",
        "{file}: this is not a spreadsheet. Lapak reads CSV and Excel (XLSX) files: download the product "
        "export from the seller centre again, or save it from Excel or Google Sheets as XLSX or CSV.",
    ),
    "import.encrypted": (
        "{file}: file Excel ini dikunci dengan kata sandi. Buka di Excel, hapus kata sandinya "
        "(File > Info > Proteksi Buku Kerja > Enkripsi dengan Kata Sandi, kosongkan), simpan, lalu impor lagi.",
        "{file}: this Excel file is locked with a password. Open it in Excel, remove the password "
        "(File > Info > Protect Workbook > Encrypt with Password, leave it empty), save it, and import again.",
    ),
    "import.corrupt": (
        "{file}: file Excel ini rusak atau terpotong dan tidak bisa dibaca. Unduh ulang dari seller "
        "centre, atau buka di Excel/Google Sheets dan simpan ulang sebagai XLSX.",
        "{file}: this Excel file is damaged or cut short and cannot be read. Download it again from the "
        "seller centre, or open it in Excel or Google Sheets and save it again as XLSX.",
    ),
    "import.empty_file": (
        "{file}: file ini kosong, tidak ada baris sama sekali.",
        "{file}: this file is empty; it has no rows at all.",
    ),
})


class UnreadableFile(LapakError):
    """A file that cannot be read as a spreadsheet at all; nothing is imported from it."""

    def __init__(self, message: Msg):
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message)


_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls), and every password-protected XLSX
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted XLSX keeps its workbook in
_DELIMITERS = ",;\t|"


def read_tables(path: Path) -> list[Table]:
    """Every sheet of the spreadsheet at ``path`` as rows of text (a CSV is one table).

    Raises :class:`UnreadableFile` for a missing file, a file that is not a spreadsheet, and a
    password-protected or damaged workbook.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(msg("import.file_missing", file=str(path))) from None
    except OSError as exc:
        raise UnreadableFile(msg("import.file_unreadable", file=str(path), reason=exc.strerror or str(exc))) from None
    if not data.strip():
        raise UnreadableFile(msg("import.empty_file", file=str(path)))
    if data.startswith(_ZIP):
        tables = _read_zip(path, data)
    elif data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise UnreadableFile(msg("import.encrypted", file=str(path)))
        tables = _read_calamine(path)  # an old .xls workbook
    else:
        tables = [_read_csv(path, data)]
    if not any(table.rows for table in tables):
        raise UnreadableFile(msg("import.empty_file", file=str(path)))
    return tables


def _read_zip(path: Path, data: bytes) -> list[Table]:
    """An XLSX (or ODS) workbook: openpyxl first, calamine when openpyxl cannot read it."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(msg("import.corrupt", file=str(path))) from None
    if "xl/workbook.xml" in names:
        try:
            return _read_openpyxl(path)
        # openpyxl raises many kinds of error on files other programs wrote oddly (KeyError,
        # TypeError, ValueError, its own); calamine reads many of them, and a file neither reads is
        # refused as damaged below.
        except Exception as exc:  # noqa: BLE001
            log.debug("openpyxl could not read %s (%s); trying calamine", path, exc)
    elif "content.xml" not in names:  # neither XLSX nor OpenDocument: a zip of something else
        raise UnreadableFile(msg("import.not_spreadsheet", file=str(path)))
    return _read_calamine(path)


def _read_openpyxl(path: Path) -> list[Table]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        names = tuple(workbook.sheetnames)
        tables = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some exporters write a wrong size; read the cells that are there
            rows = [tuple(cell_text(v) for v in row) for row in sheet.iter_rows(values_only=True)]
            tables.append(Table(path, sheet.title, _tidy(rows), names))
        return tables
    finally:
        workbook.close()


def _read_calamine(path: Path) -> list[Table]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = tuple(workbook.sheet_names)
        tables = []
        for name in names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            tables.append(Table(path, name, _tidy([tuple(cell_text(v) for v in row) for row in rows]), names))
        return tables
    # calamine raises its own errors (and ValueError, OSError) for anything it cannot read.
    except Exception as exc:  # noqa: BLE001
        log.debug("calamine could not read %s: %s", path, exc)
        raise UnreadableFile(msg("import.corrupt", file=str(path))) from None


def _read_csv(path: Path, data: bytes) -> Table:
    """A CSV in UTF-8 (with or without BOM), or in the Windows code page Excel saves "CSV" in."""
    head = data[:4096]
    if b"\x00" in head:  # binary (a photo, a PDF) or UTF-16: not a CSV Lapak reads
        if not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
            raise UnreadableFile(msg("import.not_spreadsheet", file=str(path)))
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # Excel's "CSV (Comma delimited)" on Windows
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows = [tuple(cell.replace("\r\n", "\n").strip() for cell in row) for row in reader]
    return Table(path, path.stem, _tidy(rows), ())


def _sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV: the one that splits the first lines into the same number of cells."""
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    first = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def cell_text(value: object) -> str:
    """One cell as the seller sees it: whole numbers without ``.0``, dates as ISO, empty as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).replace("\r\n", "\n").strip()


def _tidy(rows: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """Rows of one width, without the empty rows and columns past the last cell that holds text."""
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(row) if v), default=0) for row in rows), default=0)
    return tuple(tuple(row[:width]) + ("",) * (width - len(row)) for row in rows)
