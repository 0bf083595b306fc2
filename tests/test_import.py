"""``lapak import``: plain spreadsheets and Shopify's CSV into product files that build, and re-import."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from conftest import REPO, Store
from generator.cli import main
from generator.content.catalog import parse_product
from generator.content.model import Store as StoreConfig
from generator.content.sources import SourceFile
from generator.content.text import markdown_to_html
from generator.importer import files as import_files
from generator.importer.run import run_import
from generator.importer.shopify import READER as SHOPIFY
from generator.importer.text import html_to_markdown, plain_to_markdown
from generator.messages import set_language

EN_STORE = """\
name: Toko Tes
whatsapp: "0812-3456-7890"
base_url: https://contoh.github.io/toko/
language: en
"""


@pytest.fixture(autouse=True)
def _language():
    yield
    set_language(None)  # the command speaks the store's language; leave the next test its own


@pytest.fixture
def shop(tmp_path) -> Store:
    s = Store(tmp_path / "store")
    s.write("store.yml", EN_STORE)
    (s.root / "products").mkdir()
    return s


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8-sig") -> Path:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = sheet
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def run(store: Store, *args: str):
    return CliRunner().invoke(main, ["import", *map(str, args), "--store", str(store.root)])


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def parsed(path: Path, root: Path, currency: str = "IDR"):
    """The product as the site's own reader reads the written file, and the problems it found."""
    rel = path.relative_to(root).as_posix()
    src = SourceFile(rel, path, path.parent.name, ())
    return parse_product(StoreConfig(root, "Toko", currency=currency), src, path.read_text(encoding="utf-8"))


INDONESIAN_ROWS = [
    ["nama", "harga", "harga_coret", "kategori", "deskripsi", "foto", "stok", "sku", "varian", "berat", "shopee",
     "tag"],
    ["Kopi Arabika Gayo", "Rp 85.000", "100.000", "Kopi", "Biji kopi pilihan.\n• Sangrai medium\n• 250 gram",
     "", "12", "KOPI-1", "", "250", "https://shopee.co.id/product/123/456", "kopi, aceh"],
    ["Kaos Batik: Parang #1", "120000", "", "Fashion", "Katun adem", "", "3", "KB-M", "M", "200", "", ""],
    ["Kaos Batik: Parang #1", "125000", "150000", "", "", "", "0", "KB-XL", "XL", "", "", ""],
]


def test_semicolon_csv_in_indonesian_becomes_product_files_that_build(shop):
    path = write_csv(shop.root.parent / "produk.csv", INDONESIAN_ROWS, delimiter=";", encoding="cp1252")
    result = run(shop, path)
    assert result.exit_code == 0, result.output
    assert "produk.csv: recognised as Spreadsheet Lapak" in result.output
    assert "Products: 2 added, 0 updated, 0 unchanged, 0 rows skipped." in result.output

    kopi = shop.root / "products/kopi-arabika-gayo/index.md"
    assert front(kopi) == {
        "title": "Kopi Arabika Gayo", "price": 85000, "compare_at_price": 100000, "category": "Kopi",
        "tags": ["kopi", "aceh"], "sku": "KOPI-1", "stock": 12, "weight": 250,
        "marketplaces": {"shopee": "https://shopee.co.id/product/123/456"},
        "import": {"source": "sheet", "id": "Kopi Arabika Gayo"},
    }
    assert body(kopi) == "Biji kopi pilihan.\n\n- Sangrai medium\n- 250 gram\n"
    kaos = shop.root / "products/kaos-batik-parang-1/index.md"
    assert front(kaos) == {
        "title": "Kaos Batik: Parang #1", "price": 120000, "category": "Fashion", "stock": 3, "weight": 200,
        "variants": [{"name": "M", "price": 120000, "sku": "KB-M", "stock": 3},
                     {"name": "XL", "price": 125000, "compare_at_price": 150000, "sku": "KB-XL", "stock": 0,
                      "sold_out": True}],
        "import": {"source": "sheet", "id": "Kaos Batik: Parang #1"},
    }
    # The store's own reader reads back exactly what was imported, with no problem or warning.
    product, out = parsed(kaos, shop.root)
    assert not out.problems and not out.warnings
    assert product.title == "Kaos Batik: Parang #1" and product.price == Decimal(120000)
    assert [(v.name, v.price, v.compare_at_price, v.sku, v.sold_out) for v in product.variants] == [
        ("M", Decimal(120000), None, "KB-M", False), ("XL", Decimal(125000), Decimal(150000), "KB-XL", True)]
    product, out = parsed(kopi, shop.root)
    assert not out.problems and not out.warnings
    assert "<li>Sangrai medium</li>" in product.body_html

    built = shop.build()
    assert built.exit_code == 0, built.output
    page = shop.page("kopi-arabika-gayo/index.html")
    assert "Kopi Arabika Gayo" in page and "85.000" in page and "https://shopee.co.id/product/123/456" in page
    assert "Parang #1" in shop.page("kaos-batik-parang-1/index.html")


def test_xlsx_with_english_headers_and_numbers(shop):
    path = write_xlsx(shop.root.parent / "products.xlsx", [
        ["Title", "Price", "Compare_At_Price", "Category", "Description", "Stock", "Variant", "Weight", "Tokopedia"],
        ["Sambal Bawang", 35000, 40000.0, "Sambal", "Pedas *banget*", 20, None, 150,
         "https://www.tokopedia.com/toko/sambal"],
    ], sheet="Products")
    result = run(shop, path)
    assert result.exit_code == 0, result.output
    data = front(shop.root / "products/sambal-bawang/index.md")
    assert data["price"] == 35000 and data["compare_at_price"] == 40000 and data["stock"] == 20
    assert data["marketplaces"] == {"tokopedia": "https://www.tokopedia.com/toko/sambal"}
    product, out = parsed(shop.root / "products/sambal-bawang/index.md", shop.root)
    assert not out.problems
    assert product.body_html == "<p>Pedas *banget*</p>"  # the seller's stars stay stars, not bold


def test_reimport_updates_prices_and_stock_and_keeps_the_sellers_edits(shop):
    path = write_csv(shop.root.parent / "produk.csv", INDONESIAN_ROWS)
    assert run(shop, path).exit_code == 0
    kopi = shop.root / "products/kopi-arabika-gayo/index.md"
    edited = kopi.read_text(encoding="utf-8").replace("title: Kopi Arabika Gayo", "title: Kopi Gayo Spesial")
    edited = edited.replace("category: Kopi", "category: Minuman").replace(
        "Biji kopi pilihan.", "Cerita kami: kopi dari kebun keluarga di Takengon.")
    kopi.write_text(edited, encoding="utf-8")

    rows = [list(r) for r in INDONESIAN_ROWS]
    rows[1][1], rows[1][6] = "Rp 90.000", "7"  # the marketplace's new price and stock
    rows[3][1], rows[3][6] = "130000", "4"  # the XL variant's too
    write_csv(path, rows)
    result = run(shop, path)
    assert result.exit_code == 0, result.output
    assert "Products: 0 added, 2 updated, 0 unchanged, 0 rows skipped." in result.output
    data = front(kopi)
    assert data["price"] == 90000 and data["stock"] == 7
    assert data["title"] == "Kopi Gayo Spesial" and data["category"] == "Minuman"
    assert "Cerita kami: kopi dari kebun keluarga di Takengon." in body(kopi)
    xl = front(shop.root / "products/kaos-batik-parang-1/index.md")["variants"][1]
    assert xl["price"] == 130000 and xl["stock"] == 4 and "sold_out" not in xl
    assert shop.build().exit_code == 0

    result = run(shop, path, "--update", "all")
    assert result.exit_code == 0, result.output
    data = front(kopi)
    assert data["title"] == "Kopi Arabika Gayo" and data["category"] == "Kopi"
    assert "Biji kopi pilihan." in body(kopi) and "Cerita kami" not in body(kopi)


def test_reimport_with_nothing_changed_touches_no_file(shop):
    path = write_csv(shop.root.parent / "produk.csv", INDONESIAN_ROWS)
    assert run(shop, path).exit_code == 0
    files = sorted((shop.root / "products").rglob("index.md"))
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    time.sleep(0.01)
    result = run(shop, path)
    assert "Products: 0 added, 0 updated, 2 unchanged, 0 rows skipped." in result.output
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before


def test_unquoted_prices_a_seller_wrote_survive_an_update(shop):
    path = write_csv(shop.root.parent / "produk.csv", [["nama", "harga", "varian", "stok"],
                                                        ["Kopi", "85000", "Biji", "5"], ["Kopi", "86000", "Bubuk", "5"]])
    assert run(shop, path).exit_code == 0
    kopi = shop.root / "products/kopi/index.md"
    # The seller adds a variant by hand, writing its price as Indonesians do: 150.000 means 150000.
    kopi.write_text(kopi.read_text(encoding="utf-8").replace(
        "variants:\n", "variants:\n  - name: Kemasan 1 kg\n    price: 150.000\n"), encoding="utf-8")
    write_csv(path, [["nama", "harga", "varian", "stok"], ["Kopi", "85000", "Biji", "2"],
                     ["Kopi", "86000", "Bubuk", "5"]])
    assert run(shop, path).exit_code == 0
    product, out = parsed(kopi, shop.root)
    assert not out.problems
    assert {v.name: (v.price, v.sold_out) for v in product.variants} == {
        "Biji": (Decimal(85000), False), "Bubuk": (Decimal(86000), False),
        "Kemasan 1 kg": (Decimal(150000), True)}  # not on the marketplace: kept, and sold out


def test_a_sellers_own_file_with_the_same_address_is_never_overwritten(store):
    own = store.root / "products/kopi-gayo.md"
    before = own.read_bytes()
    path = write_csv(store.root.parent / "produk.csv", [["nama", "harga"], ["Kopi Gayo", "99000"]])
    result = CliRunner().invoke(main, ["import", str(path), "--store", str(store.root)], env={"LAPAK_LANG": "id"})
    assert result.exit_code == 0, result.output
    assert own.read_bytes() == before
    new = store.root / "products/kopi-gayo-2/index.md"
    assert front(new)["price"] == 99000
    assert "products/kopi-gayo-2/index.md ('Kopi Gayo'): products/kopi-gayo.md sudah memakai alamat itu" \
        in result.output
    assert store.build().exit_code == 0


def test_products_missing_from_a_new_export_are_reported_and_kept(shop):
    path = write_csv(shop.root.parent / "produk.csv", INDONESIAN_ROWS)
    assert run(shop, path).exit_code == 0
    write_csv(path, INDONESIAN_ROWS[:2])
    result = run(shop, path)
    assert "Not in this export (kept; delete them yourself if you no longer sell them):" in result.output
    assert "products/kaos-batik-parang-1/index.md (title 'Kaos Batik: Parang #1')" in result.output
    assert (shop.root / "products/kaos-batik-parang-1/index.md").is_file()


def test_dry_run_writes_nothing_and_says_what_it_would_do(shop):
    path = write_csv(shop.root.parent / "produk.csv", INDONESIAN_ROWS + [["Teh", "abc"]])
    result = run(shop, path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Trial run: nothing was written." in result.output
    assert "Products: 2 would be added, 0 updated, 0 unchanged, 1 rows skipped." in result.output
    assert "produk.csv, row 5: column 'price': \"abc\" is not a price" in result.output
    assert list((shop.root / "products").iterdir()) == []


def test_bad_rows_are_skipped_and_listed_together_and_good_rows_imported(shop):
    path = write_csv(shop.root.parent / "produk.csv", [
        ["nama", "harga", "stok", "varian", "shopee"],
        ["Kopi", "Rp 85.000", "12", "", ""],
        ["Teh", "gratis", "", "", ""],
        ["", "5000", "", "", ""],
        ["Gula", "12000", "banyak", "", ""],
        ["Kopi", "90000", "1", "", ""],
        ["Madu", "50000", "", "", "shopee.co.id/madu"],
        ["Kaos", "", "", "M", ""],
    ])
    result = run(shop, path)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Products: 1 added, 0 updated, 0 unchanged, 6 rows skipped." in out
    assert "produk.csv, row 3: column 'price': \"gratis\" is not a price" in out
    assert "produk.csv, row 4: the 'title' column is empty." in out
    assert "produk.csv, row 5: column 'stock': \"banyak\" is not a whole number." in out
    assert "produk.csv, row 6: this row repeats produk.csv, row 2 ('Kopi'). Delete one of them." in out
    assert "produk.csv, row 7: column 'shopee': \"shopee.co.id/madu\" is not a complete address" in out
    assert "produk.csv, row 8: the 'price' column is empty." in out
    assert sorted(p.name for p in (shop.root / "products").iterdir()) == ["kopi"]


def test_duplicate_rows_and_ids(shop):
    path = write_csv(shop.root.parent / "produk.csv", [
        ["id", "nama", "harga", "varian"],
        ["A1", "Kaos", "50000", "M"],
        ["A1", "Kaos", "52000", "M"],
        ["A2", "Topi", "30000", ""],
        ["A2", "Tas", "90000", ""],
    ])
    result = run(shop, path)
    assert "produk.csv, row 3: this row repeats produk.csv, row 2 ('Kaos', M). Delete one of them." in result.output
    assert "produk.csv, row 5: the id 'A2' is already used by 'Tas' at produk.csv, row 4." in result.output
    assert sorted(p.name for p in (shop.root / "products").iterdir()) == ["kaos", "topi"]


@pytest.mark.parametrize("content, expected", [
    (b"%PDF-1.7\n" + bytes(200), "this is not a spreadsheet"),
    (b"PK\x03\x04" + bytes(100), "damaged or cut short"),
])
def test_a_file_that_cannot_be_read_stops_the_import_and_nothing_is_written(shop, content, expected):
    good = write_csv(shop.root.parent / "produk.csv", INDONESIAN_ROWS)
    bad = shop.root.parent / "ekspor.xlsx"
    bad.write_bytes(content)
    result = run(shop, good, bad)
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output and "ekspor.xlsx" in result.output and expected in result.output
    assert "Traceback" not in result.output
    assert list((shop.root / "products").iterdir()) == []


def test_an_unrecognised_layout_names_the_formats_tried_and_the_first_row(shop):
    path = write_xlsx(shop.root.parent / "laporan.xlsx", [["Tanggal", "No. Pesanan", "Total"],
                                                            ["2024-01-01", "A1", 150000]])
    result = run(shop, path)
    assert result.exit_code == 1
    assert "Lapak does not recognise what this file holds. Tried:" in result.output
    assert "Shopify CSV" in result.output and "Spreadsheet Lapak" in result.output
    assert "Its first row holds: Tanggal | No. Pesanan | Total." in result.output


def test_a_missing_required_column_is_named(shop):
    path = write_csv(shop.root.parent / "produk.csv", [["nama", "stok"], ["Kopi", "3"]])
    result = run(shop, path)
    assert result.exit_code == 1
    assert "produk.csv: there is no 'price' column in the header row. Add a 'price' (or 'harga') column" \
        in result.output
    assert list((shop.root / "products").iterdir()) == []


def test_template_writes_csv_and_xlsx_that_import_back(shop, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAPAK_LANG", "id")
    result = CliRunner().invoke(main, ["import", "--template"])
    assert result.exit_code == 0, result.output
    assert "Templat ditulis" in result.output
    header = (tmp_path / "produk.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "nama,harga,harga_coret,kategori,deskripsi,foto,stok,sku,varian,berat,tag,shopee,tokopedia,tiktok"
    wb = openpyxl.load_workbook(tmp_path / "produk.xlsx")
    assert [c.value for c in wb.active[1]][:3] == ["nama", "harga", "harga_coret"]
    assert wb.active.max_row == 2
    again = CliRunner().invoke(main, ["import", "--template"])
    assert again.exit_code == 1 and "produk.csv" in again.output
    for name in ("produk.csv", "produk.xlsx"):
        result = run(shop, tmp_path / name, "--no-photos", "--dry-run")
        assert result.exit_code == 0, result.output
        assert "1 would be added" in result.output


def test_update_takes_all_or_nothing(shop):
    path = write_csv(shop.root.parent / "produk.csv", INDONESIAN_ROWS)
    result = CliRunner().invoke(main, ["import", "--store", str(shop.root), "--update", str(path)])
    assert result.exit_code == 0, result.output  # the file after a bare --update is the file, not its value
    result = CliRunner().invoke(main, ["import", str(path), "--store", str(shop.root), "--update", "semua"])
    assert result.exit_code == 2 and "--update only knows 'all'" in result.output


# --------------------------------------------------------------------------- Shopify

SHOPIFY_HEADER = ["Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published", "Option1 Name",
                  "Option1 Value", "Option2 Name", "Option2 Value", "Variant SKU", "Variant Grams",
                  "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Price", "Variant Compare At Price",
                  "Image Src", "Image Position", "Variant Image", "Status"]


def shopify_rows() -> list[list[str]]:
    def row(**cells):
        return [cells.get(h, "") for h in SHOPIFY_HEADER]

    body = ('<p>Kaos <strong>katun combed</strong> &lt;adem&gt;</p><script>alert(1)</script>'
            '<ul><li>Jahitan rapi</li><li onclick="x()">Sablon awet</li></ul>'
            '<p><a href="javascript:alert(1)">klik</a> <a href="https://toko.com/ukuran">tabel ukuran</a></p>'
            '<img src="https://cdn.shopify.com/s/size.jpg" alt="Ukuran">')
    return [SHOPIFY_HEADER,
            row(Handle="kaos-polos", Title="Kaos Polos", **{"Body (HTML)": body}, Vendor="Toko", Type="Kaos",
                Tags="kaos, katun", Published="TRUE", **{"Option1 Name": "Warna", "Option1 Value": "Hitam",
                "Option2 Name": "Ukuran", "Option2 Value": "M", "Variant SKU": "KP-H-M", "Variant Grams": "200",
                "Variant Inventory Tracker": "shopify", "Variant Inventory Qty": "5", "Variant Price": "89000.00",
                "Variant Compare At Price": "120000.00", "Image Src": "https://cdn.shopify.com/s/kaos-1.jpg",
                "Image Position": "1", "Status": "active"}),
            row(Handle="kaos-polos", **{"Option1 Value": "Hitam", "Option2 Value": "L", "Variant SKU": "KP-H-L",
                "Variant Grams": "210", "Variant Inventory Tracker": "shopify", "Variant Inventory Qty": "-2",
                "Variant Price": "95000.00", "Image Src": "https://cdn.shopify.com/s/kaos-2.jpg",
                "Image Position": "2"}),
            row(Handle="kaos-polos", **{"Image Src": "https://cdn.shopify.com/s/kaos-3.jpg", "Image Position": "3"}),
            row(Handle="tumbler", Title="Tumbler 500 ml", **{"Body (HTML)": "<p>Tahan panas.</p>",
                "Option1 Name": "Title", "Option1 Value": "Default Title", "Variant SKU": "TB-1",
                "Variant Grams": "350", "Variant Inventory Tracker": "", "Variant Inventory Qty": "0",
                "Variant Price": "75000", "Status": "draft"}),
            ]


def test_shopify_csv(shop):
    path = write_csv(shop.root.parent / "products_export_1.csv", shopify_rows(), encoding="utf-8")
    result = run(shop, path, "--no-photos")
    assert result.exit_code == 0, result.output
    assert "products_export_1.csv: recognised as Shopify CSV" in result.output
    kaos = shop.root / "products/kaos-polos/index.md"
    assert front(kaos) == {
        "title": "Kaos Polos", "price": 89000, "category": "Kaos", "tags": ["kaos", "katun"], "stock": 5,
        "weight": 200,
        "variants": [{"name": "Hitam / M", "price": 89000, "compare_at_price": 120000, "sku": "KP-H-M", "stock": 5},
                     {"name": "Hitam / L", "price": 95000, "sku": "KP-H-L", "stock": 0, "sold_out": True}],
        "import": {"source": "shopify", "id": "kaos-polos"},
    }
    text = body(kaos)
    assert "<" not in text.replace("&lt;", "")  # no raw HTML
    assert "alert" not in text and "javascript" not in text and "onclick" not in text
    product, out = parsed(kaos, shop.root)
    assert not out.problems and not out.warnings
    html = product.body_html
    assert "<strong>katun combed</strong> &lt;adem&gt;" in html
    assert "<li>Jahitan rapi</li>" in html and "<li>Sablon awet</li>" in html
    assert '<a href="https://toko.com/ukuran" rel="noopener nofollow">tabel ukuran</a>' in html
    assert '<a href="https://cdn.shopify.com/s/size.jpg" rel="noopener nofollow">Ukuran</a>' in html
    assert "klik" in html  # the text of a dangerous link stays, its address does not
    tumbler = front(shop.root / "products/tumbler-500-ml/index.md")
    assert tumbler == {"title": "Tumbler 500 ml", "price": 75000, "sku": "TB-1", "weight": 350, "draft": True,
                       "import": {"source": "shopify", "id": "tumbler"}}  # stock not tracked: none written
    assert shop.build().exit_code == 0


def test_shopify_images_in_order():
    table_rows = shopify_rows()
    from generator.importer.model import Table

    table = Table(Path("products_export.csv"), "products_export", tuple(tuple(r) for r in table_rows))
    assert SHOPIFY.recognises(table.path, table)
    result = SHOPIFY.read([(table.path, table)], {"currency": "IDR"})
    kaos = result.items[0]
    assert kaos.images == ("https://cdn.shopify.com/s/kaos-1.jpg", "https://cdn.shopify.com/s/kaos-2.jpg",
                           "https://cdn.shopify.com/s/kaos-3.jpg")
    assert kaos.variants[0].options == (("Warna", "Hitam"), ("Ukuran", "M"))


def test_shopify_bad_price_and_duplicate_handle_are_named(shop):
    rows = shopify_rows()
    rows[2][SHOPIFY_HEADER.index("Variant Price")] = "sembilan puluh ribu"
    rows.append(list(rows[1]))
    path = write_csv(shop.root.parent / "products_export.csv", rows, encoding="utf-8")
    result = run(shop, path, "--no-photos")
    assert "products_export.csv, row 3: column 'Variant Price': \"sembilan puluh ribu\" is not a price" \
        in result.output
    assert "products_export.csv, row 6: the Handle 'kaos-polos' is already used by the product 'Kaos Polos' at " \
           "products_export.csv, row 2." in result.output
    assert len(front(shop.root / "products/kaos-polos/index.md")["variants"]) == 1


# --------------------------------------------------------------------------- descriptions


def test_plain_text_descriptions_keep_their_lines_and_show_as_typed():
    text = ("KOPI GAYO *premium* [asli] <b>\n# 1 di Aceh\n> siap kirim\n\nKeunggulan:\n• Biji pilihan\n"
            "✅ Sangrai fresh & wangi\n1. Giling\n2. Seduh\nsnake_case _miring_")
    html = markdown_to_html(plain_to_markdown(text))
    assert html == (
        "<p>KOPI GAYO *premium* [asli] &lt;b&gt;<br>\n# 1 di Aceh<br>\n&gt; siap kirim</p>\n"
        "<p>Keunggulan:</p>\n<ul>\n<li>Biji pilihan</li>\n<li>✅ Sangrai fresh &amp; wangi</li>\n</ul>\n"
        "<ol>\n<li>Giling</li>\n<li>Seduh</li>\n</ol>\n<p>snake_case _miring_</p>")


def test_html_descriptions_lose_nothing_a_buyer_reads_and_keep_no_raw_html():
    source = ("<h1>Judul</h1><div>satu</div><div>dua</div><p>Harga &lt;script&gt; &amp; ongkir<br>murah</p>"
              "<table><tr><td>S</td><td>50 cm</td></tr><tr><td>M</td><td>52 cm</td></tr></table>"
              "<style>p{color:red}</style><iframe src='https://x.com'></iframe>")
    markdown = html_to_markdown(source)
    html = markdown_to_html(markdown)
    for words in ("Judul", "satu", "dua", "Harga &lt;script&gt; &amp; ongkir", "murah", "50 cm", "52 cm"):
        assert words in html
    assert "color:red" not in markdown and "iframe" not in markdown and "<" not in markdown.replace("&lt;", "")


# --------------------------------------------------------------------------- interruption


def test_an_interrupted_import_leaves_each_file_old_or_new(shop, monkeypatch):
    path = write_csv(shop.root.parent / "produk.csv", [["nama", "harga"]] + [[f"Produk {i}", "10000"]
                                                                              for i in range(10)])
    assert run(shop, path).exit_code == 0
    files = sorted((shop.root / "products").rglob("index.md"))
    old = {f: f.read_text(encoding="utf-8") for f in files}
    write_csv(path, [["nama", "harga"]] + [[f"Produk {i}", "20000"] for i in range(10)])
    calls = []
    real_replace = os.replace

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 4:
            raise KeyboardInterrupt  # Ctrl-C between writing the 4th file and swapping it in
        real_replace(src, dst)

    monkeypatch.setattr(import_files.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        run_import(shop.root, [path], currency="IDR")
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert text == old[f] or text == old[f].replace("price: 10000", "price: 20000")
    assert sum(f.read_text(encoding="utf-8") != old[f] for f in files) == 3
    assert not [p for p in (shop.root / "products").rglob("*") if p.name.endswith(".tmp")]  # cleaned up


KILL_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from generator.importer.run import run_import
    run_import(Path(sys.argv[1]), [Path(sys.argv[2])], currency="IDR")
""")


def test_killing_the_import_while_it_writes_leaves_every_file_whole(shop):
    count = 1500
    long = "Deskripsi panjang. " * 400  # 7.6 KB a file: a torn write would show
    path = write_csv(shop.root.parent / "produk.csv",
                     [["nama", "harga", "deskripsi"]] + [[f"Produk {i}", "10000", long] for i in range(count)])
    assert run_import(shop.root, [path], currency="IDR").plan.changes
    files = sorted((shop.root / "products").rglob("index.md"))
    old = {f: f.read_bytes() for f in files}
    write_csv(path, [["nama", "harga", "deskripsi"]] + [[f"Produk {i}", "20000", long] for i in range(count)])
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(shop.root), str(path)], env=env)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if sum(f.read_bytes() != old[f] for f in files[:50]) >= 5:
                break
            time.sleep(0.01)
    finally:
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no cleanup runs
        proc.wait()
    changed = 0
    for f in files:
        data = f.read_bytes()
        assert data == old[f] or data == old[f].replace(b"price: 10000", b"price: 20000"), f
        changed += data != old[f]
    assert changed >= 5
    if changed < count:  # killed in the middle: importing again finishes the job
        run_import(shop.root, [path], currency="IDR")
    assert all(b"price: 20000" in f.read_bytes() for f in files)


# --------------------------------------------------------------------------- small pieces


def test_every_import_message_says_the_same_in_both_languages():
    import generator.commands.import_  # noqa: F401 - defines the command's messages
    from generator.messages import catalogue, placeholders

    ours = {k: v for k, v in catalogue().items() if k.startswith("import.")}
    assert len(ours) > 40
    for key, (indonesian, english) in ours.items():
        assert placeholders(indonesian) == placeholders(english), key


@pytest.mark.parametrize("link, shop_id", [
    ("https://shopee.co.id/shop/123456789", "123456789"),
    ("https://shopee.co.id/shop?shopid=42&x=1", "42"),
    ("https://shopee.co.id/Kopi-Gayo-i.987654.24681012141", "987654"),
    ("https://shopee.co.id/dapurbusari", ""),
])
def test_shopee_shop_id_from_store_yml(link, shop_id):
    from generator.content.links import Button
    from generator.importer.run import shopee_shop_id

    assert shopee_shop_id(StoreConfig(Path("."), "Toko", marketplaces=(Button("shopee", "Shopee", link),))) == shop_id


def test_weight_must_be_whole_grams(tmp_path):
    for value, ok in (("250", True), ("0", False), ("-5", False), ("0.5", False), ('"berat"', False)):
        path = tmp_path / "kopi.md"
        path.write_text(f"---\ntitle: Kopi\nprice: 1000\nweight: {value}\nimport: {{source: sheet, id: k}}\n---\n",
                        encoding="utf-8")
        _product, out = parsed(path, tmp_path)
        assert not out.warnings  # neither weight nor import is an unknown field
        assert (not out.problems) == ok, value
        if not ok:
            assert out.problems[0].field == "weight"
            assert "Write the weight in grams as a whole number" in out.problems[0].message.text("en")
