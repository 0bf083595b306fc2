"""Reading spreadsheets into text tables, and recognising a format from a file's content."""

from __future__ import annotations

import datetime
import zipfile
from dataclasses import dataclass

import openpyxl
import pytest

from generator.importer.formats import find_reader, not_recognised, recognise
from generator.importer.model import ReadResult, Table
from generator.importer.tables import UnreadableFile, cell_text, read_tables


def test_csv_with_bom_and_windows_line_ends(tmp_path):
    path = tmp_path / "produk.csv"
    path.write_bytes("\ufeffnama,harga\r\nKopi Gayo,\"Rp 150.000\"\r\n\"Teh, melati\",20000\r\n".encode("utf-8"))
    (table,) = read_tables(path)
    assert table.rows == (("nama", "harga"), ("Kopi Gayo", "Rp 150.000"), ("Teh, melati", "20000"))
    assert table.sheets == ()


def test_semicolon_csv_from_excel_in_indonesian_locale(tmp_path):
    path = tmp_path / "produk.csv"
    # Excel in Indonesian writes ';' between cells, ',' as the decimal comma, and the Windows code page.
    path.write_bytes("nama;harga;deskripsi\r\nKopi Arabika;150.000;\"Biji kopi; sangrai medium\"\r\n"
                     "Caf\u00e9 Latte;25,5;enak\r\n".encode("cp1252"))
    (table,) = read_tables(path)
    assert table.rows[0] == ("nama", "harga", "deskripsi")
    assert table.rows[1] == ("Kopi Arabika", "150.000", "Biji kopi; sangrai medium")
    assert table.rows[2] == ("Caf\u00e9 Latte", "25,5", "enak")


def test_csv_with_multiline_cells_and_uneven_rows(tmp_path):
    path = tmp_path / "produk.csv"
    path.write_text('nama,deskripsi,harga\nKopi,"baris satu\nbaris dua",150000\nTeh\n\n', encoding="utf-8")
    (table,) = read_tables(path)
    assert table.rows == (("nama", "deskripsi", "harga"), ("Kopi", "baris satu\nbaris dua", "150000"),
                          ("Teh", "", ""))


def test_xlsx_every_sheet_as_text(tmp_path):
    path = tmp_path / "ekspor.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Produk"
    ws.append(["nama", "harga", "stok", "berat", "tanggal", "aktif"])
    ws.append(["Kopi", 150000, 12.0, 0.25, datetime.datetime(2024, 5, 31), True])
    ws.append([None, None, None, None, None, None])
    ws.append(["Teh", 20000.5, None, 1e-05, datetime.date(2024, 1, 2), False])
    wb.create_sheet("Petunjuk").append(["Isi kolom bertanda *"])
    wb.save(path)
    produk, petunjuk = read_tables(path)
    assert produk.sheet == "Produk" and petunjuk.sheet == "Petunjuk"
    assert produk.sheets == ("Produk", "Petunjuk") == petunjuk.sheets
    assert produk.rows == (
        ("nama", "harga", "stok", "berat", "tanggal", "aktif"),
        ("Kopi", "150000", "12", "0.25", "2024-05-31", "TRUE"),
        ("", "", "", "", "", ""),
        ("Teh", "20000.5", "", "0.00001", "2024-01-02", "FALSE"),
    )
    assert petunjuk.rows == (("Isi kolom bertanda *",),)


def test_xlsx_that_openpyxl_cannot_read_falls_back_to_calamine(tmp_path):
    good = tmp_path / "good.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["nama", "harga"])
    wb.active.append(["Kopi", 150000])
    wb.save(good)
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(odd, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/styles.xml":  # a style openpyxl refuses; the cells are fine
                data = (b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b'<cellXfs count="1"><xf numFmtId="abc"/></cellXfs></styleSheet>')
            zout.writestr(info, data)
    with pytest.raises(Exception):
        openpyxl.load_workbook(odd, read_only=True)
    (table,) = read_tables(odd)
    assert table.rows == (("nama", "harga"), ("Kopi", "150000"))


@pytest.mark.parametrize("value, text", [
    (None, ""), (150000, "150000"), (150000.0, "150000"), (12.5, "12.5"), (123456789012.0, "123456789012"),
    (datetime.datetime(2024, 5, 31, 14, 30), "2024-05-31 14:30:00"), (datetime.date(2024, 5, 31), "2024-05-31"),
    ("  Kopi\r\nGayo ", "Kopi\nGayo"), (float("nan"), ""),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


def _refused(path, monkeypatch) -> str:
    monkeypatch.setenv("LAPAK_LANG", "en")
    with pytest.raises(UnreadableFile) as info:
        read_tables(path)
    text = str(info.value)
    assert path.name in text
    return text


def test_photo_is_not_a_spreadsheet(tmp_path, monkeypatch):
    path = tmp_path / "produk.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    assert "not a spreadsheet" in _refused(path, monkeypatch)


def test_zip_of_something_else_is_not_a_spreadsheet(tmp_path, monkeypatch):
    path = tmp_path / "produk.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("foto/1.jpg", b"not really")
    assert "save it from Excel" in _refused(path, monkeypatch)


def test_password_protected_xlsx(tmp_path, monkeypatch):
    # An encrypted XLSX is an OLE compound file holding the workbook in a stream "EncryptedPackage".
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\0") + "EncryptionInfo".encode("utf-16-le").ljust(
        128, b"\0") + "EncryptedPackage".encode("utf-16-le").ljust(128, b"\0")
    path = tmp_path / "mass_update_sales_info.xlsx"
    path.write_bytes(header + directory + bytes(1024))
    text = _refused(path, monkeypatch)
    assert "password" in text and "remove the password" in text


@pytest.mark.parametrize("cut", [100, 2000])
def test_cut_short_xlsx_is_damaged(tmp_path, monkeypatch, cut):
    good = tmp_path / "good.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["nama", "harga"])
    wb.save(good)
    path = tmp_path / "produk.xlsx"
    path.write_bytes(good.read_bytes()[:cut])
    assert "damaged" in _refused(path, monkeypatch)


def test_empty_and_missing_files(tmp_path, monkeypatch):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n")
    assert "empty" in _refused(path, monkeypatch)
    assert "no such file" in _refused(tmp_path / "tidak-ada.csv", monkeypatch)


@dataclass
class _Fake:
    name: str
    header: str
    generic: bool = False

    def recognises(self, path, table: Table) -> bool:
        return bool(table.rows) and self.header in table.rows[0]

    def read(self, files, options) -> ReadResult:
        return ReadResult(self.name)


def test_formats_are_recognised_by_content_specific_before_generic(tmp_path):
    plain = _Fake("Plain spreadsheet", "nama", generic=True)
    toko = _Fake("Tokopedia", "Nama Produk*")
    path = tmp_path / "whatever-name.csv"
    path.write_text("nama,Nama Produk*\nKopi,Kopi\n", encoding="utf-8")
    tables = read_tables(path)
    assert find_reader(tables, [plain, toko]) is toko
    path.write_text("nama,harga\nKopi,1\n", encoding="utf-8")
    assert find_reader(read_tables(path), [plain, toko]) is plain


def test_second_sheet_is_recognised_too(tmp_path):
    path = tmp_path / "template.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Petunjuk"
    wb.active.append(["Cara mengisi"])
    wb.create_sheet("ISI Template Impor Produk").append(["Nama Produk*", "Harga (Rp)*"])
    wb.save(path)
    toko = _Fake("Tokopedia", "Nama Produk*")
    reader, table = recognise(read_tables(path), [toko])
    assert reader is toko and table.sheet == "ISI Template Impor Produk"


def test_unrecognised_says_what_was_tried_and_the_first_row(tmp_path):
    path = tmp_path / "laporan.csv"
    path.write_text("\n\nTanggal,Pesanan,Total,Ongkir\n2024-01-01,3,150000,9000\n", encoding="utf-8")
    tables = read_tables(path)
    readers = [_Fake("Plain spreadsheet", "nama", generic=True), _Fake("Shopify", "Handle")]
    assert find_reader(tables, readers) is None
    message = not_recognised(tables, readers)
    assert message.text("en") == (
        f"{path}: Lapak does not recognise what this file holds. Tried: Shopify, Plain spreadsheet. Its first "
        "row holds: Tanggal | Pesanan | Total | Ongkir. Use the export file exactly as the seller centre gave it "
        "(do not change its header rows), or fill in the template from 'lapak import --template'.")
    assert "Sudah dicoba: Shopify, Plain spreadsheet" in message.text("id")
