"""The marketplace readers: Shopee Mass Update and Template Dasar, Tokopedia, TikTok Shop.

Each fixture file is built by tests/fixtures_marketplaces.py after the real layout (sources named
there); each test reads it the way ``lapak import`` does (read_tables, then the format recognised from
the content) and checks the products a seller would get, or the problem they would be told about.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import fixtures_marketplaces as F
from conftest import Store
from generator.cli import main
from generator.content.text import markdown_to_html
from generator.errors import Collector
from generator.importer.formats import READERS, recognise
from generator.importer.marketplace import category_name, weight_grams, weight_unit
from generator.importer.model import Item, ReadResult
from generator.importer.photos import Fetcher
from generator.importer.run import run_import
from generator.importer.shopee import MassUpdateReader, UploadTemplateReader
from generator.importer.tables import UnreadableFile, read_tables
from generator.importer.tiktok import TikTokReader
from generator.importer.tokopedia import TokopediaReader
from generator.messages import catalogue, placeholders, set_language

OPTIONS = {"currency": "IDR", "shopee_shop": "", "store_dir": Path(".")}


def read(*paths: Path, **options) -> ReadResult:
    """Recognise every file as ``lapak import`` does and read them together with their one reader."""
    found = []
    for path in paths:
        hit = recognise(read_tables(path))
        assert hit is not None, f"{path.name} was not recognised"
        found.append(hit)
    readers = {type(reader) for reader, _ in found}
    assert len(readers) == 1, readers
    reader = found[0][0]
    return reader.read([(table.path, table) for _, table in found], {**OPTIONS, **options})


def by_title(result: ReadResult) -> dict[str, Item]:
    return {item.title: item for item in result.items}


def texts(problems, lang: str = "en") -> list[str]:
    return [f"{p.file}: {p.message.text(lang) if hasattr(p.message, 'text') else p.message}" for p in problems]


def only(problems, lang: str = "en") -> str:
    (text,) = texts(problems, lang)
    return text


# Shopee Mass Update ---------------------------------------------------------------------------------


def test_shopee_mass_update_joins_the_four_sections(tmp_path):
    result = read(*F.shopee_mass_update_all(tmp_path), shopee_shop="987654321")
    assert result.problems.problems == [] and result.problems.warnings == []
    assert result.format == "Shopee Mass Update (basic_info, sales_info, media_info, shipping_info)"
    assert [i.title for i in result.items] == [
        "Keripik Tempe Sagu Original 250gr", "Kaos Polos Cotton Combed 30s", "Sambal Bawang Bu Rudy 150ml"]
    keripik, kaos, sambal = result.items

    assert (keripik.source, keripik.source_id) == ("shopee", F.KERIPIK)
    assert keripik.price == Decimal(25000) and keripik.stock == 40 and keripik.variants == ()
    assert keripik.sku == "KTS-250" and keripik.weight_grams == 300 and keripik.category == "Keripik"
    assert keripik.images == (F.CDN + "id-11134207-7r98o-keripik-cover", F.CDN + "id-11134207-7r98o-keripik-2",
                              F.CDN + "id-11134207-7r98o-keripik-3")  # a bare file id becomes its address
    assert keripik.marketplaces == (("shopee", f"https://shopee.co.id/product/987654321/{F.KERIPIK}"),)
    assert "Row 7" not in keripik.where and "row 7" in keripik.where and "Sheet1" in keripik.where

    # variations: "Hitam,M" split by media_info's two variation tiers; prices, stock, ids per variation
    assert [v.name for v in kaos.variants] == ["Hitam / M", "Hitam / L", "Putih / M", "Putih / L"]
    assert kaos.variants[1].options == (("Warna", "Hitam"), ("Ukuran", "L"))
    assert [v.price for v in kaos.variants] == [Decimal(55000), Decimal(59000), Decimal(55000), Decimal(59000)]
    assert [v.stock for v in kaos.variants] == [10, 0, 7, 3] and kaos.stock == 20
    assert [v.sku for v in kaos.variants] == ["KP30-HT-M", "KP30-HT-L", "KP30-PT-M", "KP30-PT-L"]
    assert kaos.variants[0].source_id == "150000001"
    assert kaos.price == Decimal(55000) and kaos.sku == "KP30" and kaos.category == "Kaos"
    assert kaos.images[-2:] == (F.CDN + "id-kaos-hitam", F.CDN + "id-kaos-putih")  # the variations' photos too

    assert sambal.stock == 0 and sambal.price == Decimal(35000) and sambal.sku == "SBR-150"


def test_shopee_description_reads_as_the_seller_typed_it(tmp_path):
    keripik = read(*F.shopee_mass_update_all(tmp_path)).items[0]
    page = markdown_to_html(keripik.description)
    assert "<p>Keripik tempe sagu khas Malang, renyah dan gurih 😋</p>" in page
    assert "<li>Tanpa pengawet</li>" in page and "<li>Digoreng dengan minyak baru</li>" in page
    assert "Halal MUI" in page
    assert "Isi 250gr *tanpa MSG*<br" in page  # stars stay stars, the line break stays
    assert "==========" in page and "<h1" not in page and "<h2" not in page
    assert "Simpan di tempat kering" in page and "Tutup rapat setelah dibuka" in page
    assert "\r" not in keripik.description and "_x000D_" not in keripik.description


def test_shopee_variation_names_split_by_the_options_media_info_lists(tmp_path):
    """Shopee writes "Merah, Putih,XL" for option "Merah, Putih" of the first tier and "XL" of the second."""
    kaos = dict(F.SHOPEE_PRODUCTS[1])
    kaos["tiers"] = [("Warna", ["Merah, Putih", "Hitam"]), ("Ukuran", ["XL", "S, M"])]
    kaos["variations"] = [{**kaos["variations"][0], "name": "Merah, Putih,XL"},
                          {**kaos["variations"][1], "name": "Hitam,S, M"}]
    result = read(F.shopee_mass_update(tmp_path, "sales_info", products=[kaos]),
                  F.shopee_mass_update(tmp_path, "media_info", products=[kaos]))
    (item,) = result.items
    assert [v.options for v in item.variants] == [(("Warna", "Merah, Putih"), ("Ukuran", "XL")),
                                                 (("Warna", "Hitam"), ("Ukuran", "S, M"))]
    assert [v.name for v in item.variants] == ["Merah, Putih / XL", "Hitam / S, M"]


def test_shopee_mass_update_by_content_whatever_the_names_and_order(tmp_path):
    paths = F.shopee_mass_update_all(tmp_path)
    renamed = []
    for n, path in enumerate(reversed(paths)):
        renamed.append(path.rename(tmp_path / f"tokopedia export ({n}).xlsx"))
    result = read(*renamed, shopee_shop="987654321")
    assert [i.title for i in result.items][0] == "Keripik Tempe Sagu Original 250gr"  # basic_info leads
    assert by_title(result)["Kaos Polos Cotton Combed 30s"].variants[0].name == "Hitam / M"
    assert result.problems.problems == []


def test_shopee_mass_update_header_rows_found_by_content(tmp_path):
    """Two more rows above the keys and a second help row: the same products."""
    path = F.shopee_mass_update(tmp_path, "sales_info")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Sheet1"]
    ws.insert_rows(1, 2)
    ws["A1"] = "Update Massal - Informasi Penjualan"
    ws.insert_rows(9)
    ws["G9"] = "Harga harus lebih tinggi dari harga modal."
    wb.save(path)
    result = read(path)
    assert [(i.title, i.price) for i in result.items] == [
        ("Keripik Tempe Sagu Original 250gr", Decimal(25000)), ("Kaos Polos Cotton Combed 30s", Decimal(55000)),
        ("Sambal Bawang Bu Rudy 150ml", Decimal(35000))]
    assert result.problems.problems == []


def test_shopee_section_known_by_its_keys_when_its_name_cell_is_gone(tmp_path):
    import openpyxl

    paths = F.shopee_mass_update_all(tmp_path)
    for path in paths:
        wb = openpyxl.load_workbook(path)
        wb["Sheet1"]["A2"] = None
        wb.save(path)
    result = read(*paths)
    assert result.format == "Shopee Mass Update (basic_info, sales_info, media_info, shipping_info)"
    assert by_title(result)["Kaos Polos Cotton Combed 30s"].variants[3].name == "Putih / L"


def test_shopee_files_as_shopee_writes_them_with_their_pane_setting(tmp_path):
    paths = F.shopee_mass_update_all(tmp_path, quirks=True)
    result = read(*paths)
    assert len(result.items) == 3 and result.problems.problems == []


def test_shopee_one_section_imports_what_it_holds_and_says_what_is_missing(tmp_path):
    result = read(F.shopee_mass_update(tmp_path, "sales_info"))
    assert result.format == "Shopee Mass Update (sales_info)"
    kaos = by_title(result)["Kaos Polos Cotton Combed 30s"]
    assert [v.name for v in kaos.variants] == ["Hitam,M", "Hitam,L", "Putih,M", "Putih,L"]  # as Shopee wrote them
    assert kaos.description == "" and kaos.images == ()
    warnings = texts(result.problems.warnings)
    assert any("without descriptions" in w and "basic_info" in w for w in warnings)
    assert any("without photos and categories" in w and "media_info" in w for w in warnings)
    assert any("without weights" in w and "shipping_info" in w for w in warnings)
    assert any("--shopee-shop" in w for w in warnings)  # and no links, without the shop id
    assert all(item.marketplaces == () for item in result.items)
    id_warnings = texts(result.problems.warnings, "id")
    assert any("tanpa foto dan kategori" in w and "Unduh juga file media_info" in w for w in id_warnings)


def test_shopee_media_only_has_photos_but_no_prices(tmp_path):
    result = read(F.shopee_mass_update(tmp_path, "media_info"))
    keripik = result.items[0]
    assert keripik.price is None and keripik.images[0].startswith(F.CDN) and keripik.category == "Keripik"
    assert any("prices, stock and variations" in w for w in texts(result.problems.warnings))


def test_shopee_bad_price_and_stock_rows_are_skipped_and_named(tmp_path):
    def edit(rows, keys):
        rows[2][keys.index("et_title_variation_price")] = "abc"  # Kaos Hitam,L: sheet row 9
        rows[3][keys.index("et_title_variation_stock")] = "lima"  # Kaos Putih,M: row 10
        rows[5][keys.index("et_title_variation_price")] = None  # Sambal: row 12, nothing else to import

    files = F.shopee_mass_update_all(tmp_path)
    files[1] = F.shopee_mass_update(tmp_path, "sales_info", edit=edit)
    result = read(*files)
    kaos = by_title(result)["Kaos Polos Cotton Combed 30s"]
    assert [v.name for v in kaos.variants] == ["Hitam / M", "Putih / L"]  # the good rows are kept
    assert "Sambal Bawang Bu Rudy 150ml" not in by_title(result)
    errors = texts(result.problems.problems)
    name = files[1].name
    assert any(e.startswith(f"{name}, sheet 'Sheet1', row 9: column 'Harga'") and '"abc" is not a price' in e
               for e in errors)
    assert any(e.startswith(f"{name}, sheet 'Sheet1', row 10: column 'Stok'") and '"lima"' in e for e in errors)
    assert any(e.startswith(f"{name}, sheet 'Sheet1', row 12: column 'Harga' is empty") for e in errors)
    assert any(f"product {F.SAMBAL}" in e and "every variation" in e for e in errors)
    assert any("row 9: kolom 'Harga': \"abc\" bukan harga" in e for e in texts(result.problems.problems, "id"))


def test_shopee_duplicate_ids_are_refused_naming_both_rows(tmp_path):
    def twice(rows, keys):
        rows.append(list(rows[0]))  # the Keripik again, at row 10

    def variation_twice(rows, keys):
        rows.insert(2, list(rows[1]))  # Kaos Hitam,M again, at row 9

    files = [F.shopee_mass_update(tmp_path, "basic_info", edit=twice),
             F.shopee_mass_update(tmp_path, "sales_info", edit=variation_twice)]
    result = read(*files)
    errors = texts(result.problems.problems)
    assert any(e.startswith(f"{files[0].name}, sheet 'Sheet1', row 10: product {F.KERIPIK} is already in "
                            f"{files[0].name}, sheet 'Sheet1', row 7") for e in errors)
    assert any(f"row 9: product {F.KAOS}, variation 150000001 is already in" in e and "row 8" in e for e in errors)
    assert len(by_title(result)["Kaos Polos Cotton Combed 30s"].variants) == 4
    assert len(result.items) == 3


def test_shopee_row_without_a_product_id(tmp_path):
    def edit(rows, keys):
        rows[1][0] = "lihat catatan"

    result = read(F.shopee_mass_update(tmp_path, "basic_info", edit=edit))
    assert [i.title for i in result.items] == ["Keripik Tempe Sagu Original 250gr", "Sambal Bawang Bu Rudy 150ml"]
    assert "row 8: column 'Kode Produk' must hold the Shopee product id" in only(result.problems.problems)


# Shopee Template Dasar ------------------------------------------------------------------------------


def test_shopee_template_groups_variations_by_integration_number(tmp_path):
    result = read(F.shopee_template(tmp_path))
    assert result.format == "Shopee Template Dasar" and result.problems.problems == []
    kopi, gula = result.items
    assert kopi.title == "Kopi Bubuk Robusta Temanggung" and kopi.source_id == "KOPI-RB"
    assert [(v.name, v.price, v.stock, v.sku) for v in kopi.variants] == [
        ("250 g", Decimal(45000), 12, "KOPI-RB-250"), ("500 g", Decimal(85000), 5, "KOPI-RB-500"),
        ("1 kg", Decimal(160000), 0, "KOPI-RB-1000")]
    assert kopi.variants[0].options == (("Berat", "250 g"),)
    assert kopi.price == Decimal(45000) and kopi.stock == 17 and kopi.sku == "KOPI-RB"
    assert kopi.weight_grams == 300  # "Berat (kg)": 0.3
    assert kopi.images == ("https://contoh-toko.example/foto/kopi-1.jpg", "https://contoh-toko.example/foto/kopi-2.jpg")
    assert "<li>Sangrai medium</li>" in markdown_to_html(kopi.description)
    assert kopi.category == ""  # a bare category code names nothing a buyer reads
    assert (gula.title, gula.price, gula.stock, gula.sku, gula.variants, gula.weight_grams) == (
        "Gula Aren Cair 500ml", Decimal(30000), 20, "GA-500", (), 600)


def test_shopee_template_mistakes(tmp_path):
    rows = [dict(r) for r in F.TEMPLATE_ROWS]
    rows.insert(2, dict(rows[1]))  # "500 g" twice in the KOPI-RB group: row 9
    rows[3]["ps_price"] = "Rp 160.000,5"  # row 10
    rows.append({"et_title_variation_integration_no": "TEH", "et_title_option_for_variation_1": "Melati",
                 "ps_price": 15000})  # a group whose first row has no name: row 12
    result = read(F.shopee_template(tmp_path, rows))
    errors = texts(result.problems.problems)
    assert any("row 9: variation 500 g is already in group 'KOPI-RB'" in e for e in errors)
    assert any("row 10: column 'Harga'" in e and "decimals" in e for e in errors)
    assert any("row 12: the first row of variation group 'TEH'" in e for e in errors)
    assert [v.name for v in by_title(result)["Kopi Bubuk Robusta Temanggung"].variants] == ["250 g", "500 g"]


def test_shopee_template_without_its_price_column(tmp_path):
    with pytest.raises(UnreadableFile) as caught:
        read(F.shopee_template(tmp_path, drop=("ps_price",)))
    assert "Shopee_mass_upload_basic_template.xlsx, sheet 'Template': the header row (row 1) has no column " \
           "'ps_price', so this file cannot be imported" in caught.value.message.text("en")
    assert "Jangan hapus atau ganti nama kolom" in caught.value.message.text("id")


# Tokopedia ------------------------------------------------------------------------------------------


def test_tokopedia_template(tmp_path):
    result = read(F.tokopedia_template(tmp_path))
    assert result.format == "Tokopedia Tambah/Ubah Sekaligus" and result.problems.problems == []
    madu, tas, tenun = result.items
    assert (madu.source, madu.title, madu.price, madu.stock, madu.sku, madu.weight_grams) == (
        "tokopedia", "Madu Hutan Sumbawa 500ml", Decimal(120000), 15, "MADU-500", 700)
    assert madu.images == ("https://images.tokopedia.net/img/madu-1.jpg", "https://images.tokopedia.net/img/madu-2.jpg")
    assert madu.draft is False and madu.marketplaces == () and madu.category == ""
    assert "✅ Tanpa campuran" in madu.description or "Tanpa campuran" in markdown_to_html(madu.description)
    assert "sheet 'ISI Template Impor Produk', row 4" in madu.where  # after the hidden row, names, help
    assert [(v.name, v.price, v.stock) for v in tas.variants] == [
        ("TAS-MERAH", Decimal(175000), 4), ("TAS-HIJAU", Decimal(185000), 2)]
    assert tas.price == Decimal(175000) and tas.stock == 6
    assert tenun.draft is True and tenun.tags == ("Bekas",)  # Nonaktif: a draft; Bekas: buyers see it


def test_tokopedia_edit_export_links_and_ids(tmp_path):
    result = read(F.tokopedia_edit(tmp_path))
    madu, tenun = result.items
    assert madu.source_id == "2098765432" and madu.price == Decimal(125000) and madu.stock == 12
    assert madu.marketplaces == (("tokopedia", "https://www.tokopedia.com/tokomadu/madu-hutan-sumbawa-500ml"),)
    assert tenun.draft is True and tenun.stock == 0


def test_tokopedia_mistakes(tmp_path):
    rows = [dict(r) for r in F.TOKOPEDIA_EDIT_ROWS]
    rows.append({**rows[0], "Nama Produk*": "Madu Lain"})  # the same Product ID under another name: row 6
    rows.append({**rows[1], "Product ID": 2098765499, "Harga (Rp)*": "seratus ribu"})  # row 7
    rows.append({**rows[1], "Product ID": None, "Nama Produk*": None})  # row 8
    rows[0]["URL"] = "https://shopee.co.id/tokomadu/1"
    result = read(F.tokopedia_edit(tmp_path, rows))
    errors = texts(result.problems.problems)
    assert any("row 6: Product ID 2098765432 is already used by another product" in e and "'Madu Hutan" in e
               for e in errors)
    assert any("row 7: column 'Harga (Rp)*'" in e and "seratus ribu" in e for e in errors)
    assert any("row 8: column 'Nama Produk*' is empty" in e for e in errors)
    assert any("is not a Tokopedia product address" in w for w in texts(result.problems.warnings))
    assert [i.title for i in result.items] == ["Madu Hutan Sumbawa 500ml", "Kain Tenun Ikat Sumba"]
    assert result.items[0].marketplaces == ()


def test_tokopedia_rows_of_one_product_need_something_to_tell_them_apart(tmp_path):
    rows = [dict(F.TOKOPEDIA_ROWS[0]), {**F.TOKOPEDIA_ROWS[0], "SKU Name": None},
            {**F.TOKOPEDIA_ROWS[0], "SKU Name": None}]
    rows[0]["SKU Name"] = None
    result = read(F.tokopedia_template(tmp_path, rows))
    errors = texts(result.problems.problems)
    assert len(errors) == 2 and all("repeats" in e and "its own SKU" in e for e in errors)
    assert "row 5" in errors[0] and "row 6" in errors[1]
    assert [(i.title, i.variants) for i in result.items] == [("Madu Hutan Sumbawa 500ml", ())]


def test_tokopedia_without_a_price_column(tmp_path):
    columns = [c for c in F.TOKOPEDIA_COLUMNS if c != "Harga (Rp)*"]
    with pytest.raises(UnreadableFile) as caught:
        read(F.tokopedia_template(tmp_path, columns=columns))
    assert "sheet 'ISI Template Impor Produk': the header row (row 2) has no column 'Harga (Rp)*'" \
           in caught.value.message.text("en")


# TikTok Shop ----------------------------------------------------------------------------------------


def test_tiktok_batch_template(tmp_path):
    result = read(F.tiktok_template(tmp_path))
    assert result.format == "TikTok Shop" and result.problems.problems == []
    pashmina, serum = result.items
    assert (pashmina.source, pashmina.source_id) == ("tiktok", "Pashmina Ceruty Babydoll")
    assert pashmina.category == "Pashmina"
    assert [(v.name, v.options, v.price, v.stock, v.sku) for v in pashmina.variants] == [
        ("Mocca", (("Warna", "Mocca"),), Decimal(39000), 25, "PSM-MOC"),
        ("Hitam", (("Warna", "Hitam"),), Decimal(39000), 0, "PSM-HTM")]
    assert pashmina.images == ("https://p16-oec-va.ibyteimg.com/tos/pashmina-1.jpg",
                               "https://p16-oec-va.ibyteimg.com/tos/pashmina-2.jpg",
                               "https://p16-oec-va.ibyteimg.com/tos/pashmina-mocca.jpg",
                               "https://p16-oec-va.ibyteimg.com/tos/pashmina-hitam.jpg")
    page = markdown_to_html(pashmina.description)  # TikTok's rich text, as Markdown
    assert "<strong>tidak menerawang</strong>" in page and "<li>Ukuran 180 x 75 cm</li>" in page
    assert "<p>" not in pashmina.description and pashmina.weight_grams == 150 and pashmina.tags == ()
    assert pashmina.draft is False and "row 6" in pashmina.where
    assert (serum.price, serum.stock, serum.sku, serum.draft, serum.tags) == (
        Decimal(89000), 30, "SRM-VC20", True, ("Glowing",))
    assert "Serum wajah.<br" in markdown_to_html(serum.description)


def test_tiktok_indonesian_headers(tmp_path):
    rows = [
        ["Makanan & Minuman/Camilan/Keripik", "", "Keripik Pisang Lampung", "Manis gurih",
         "https://contoh.example/pisang.jpg", "", "Rasa", "Coklat", "Ukuran", "250 g", "260", "Rp 22.000", "10",
         "KPL-CK-250", "Aktif"],
        ["Makanan & Minuman/Camilan/Keripik", "", "Keripik Pisang Lampung", "", "", "", "Rasa", "Original", "Ukuran",
         "250 g", "260", "Rp 20.000", "8", "KPL-OR-250", "Aktif"],
    ]
    result = read(F.tiktok_indonesian(tmp_path, rows))
    (item,) = result.items
    assert [(v.name, v.options, v.price) for v in item.variants] == [
        ("Coklat / 250 g", (("Rasa", "Coklat"), ("Ukuran", "250 g")), Decimal(22000)),
        ("Original / 250 g", (("Rasa", "Original"), ("Ukuran", "250 g")), Decimal(20000))]
    assert item.stock == 18 and item.weight_grams == 260 and item.category == "Keripik"
    assert "row 3" in item.where  # the "Wajib" row is no product


def test_tiktok_2023_template_writes_ids_before_names(tmp_path):
    """The 2023 template's example: category "0123345/Decorative Lights", brand "ORAIMO/0123327"."""
    rows = [{"category": "0123345/Decorative Lights", "brand": "ORAIMO/0123327", "product_name": "Lampu Tidur LED",
             "product_description": "Lampu tidur.", "main_image": "https://contoh.example/lampu.jpg",
             "price": 49000, "quantity": 3, "seller_sku": "LMP-01"}]
    (item,) = read(F.tiktok_template(tmp_path, rows)).items
    assert (item.category, item.tags) == ("Decorative Lights", ("ORAIMO",))


def test_tiktok_edit_export_adds_up_warehouses(tmp_path):
    rows = [
        # ids as text, as the export writes them (a 19-digit number would lose digits in Excel)
        ["1729384756102938475", "Fashion Muslim/Hijab", "Bergo Instan Jersey", "1729384756102938001", "Hitam",
         35000, "BRG-HTM", 4, 6],
        ["1729384756102938475", "Fashion Muslim/Hijab", "Bergo Instan Jersey", "1729384756102938002", "Navy",
         35000, "BRG-NVY", 0, 2],
    ]
    result = read(F.tiktok_edit(tmp_path, rows))
    (item,) = result.items
    assert item.source_id == "1729384756102938475"
    assert [(v.name, v.stock, v.source_id) for v in item.variants] == [
        ("Hitam", 10, "1729384756102938001"), ("Navy", 2, "1729384756102938002")]
    assert item.stock == 12 and item.category == "Hijab"


def test_tiktok_mistakes(tmp_path):
    rows = [dict(r) for r in F.TIKTOK_ROWS]
    rows.append({**rows[2], "property_value_1": "Isi ulang"})  # Seller SKU SRM-VC20 again: row 9
    rows.append({**rows[0], "seller_sku": "PSM-MOC2"})  # Mocca twice: row 10
    rows.append({**rows[2], "product_name": "Toner", "seller_sku": "TNR", "price": "89.000,50"})  # row 11
    result = read(F.tiktok_template(tmp_path, rows))
    errors = texts(result.problems.problems)
    assert any("row 9: Seller SKU 'SRM-VC20' is already used in" in e and "row 8" in e for e in errors)
    assert any("row 10: variant Mocca is already in" in e and "row 6" in e for e in errors)
    assert any("row 11: column 'Retail Price (Local Currency)'" in e for e in errors)  # named as sellers see it
    assert [i.title for i in result.items] == ["Pashmina Ceruty Babydoll", "Serum Vitamin C 20ml"]


def test_tiktok_without_a_price_column(tmp_path):
    with pytest.raises(UnreadableFile) as caught:
        read(F.tiktok_template(tmp_path, drop=("price",)))
    assert "has no column 'Retail Price (Local Currency)'" in caught.value.message.text("en")


# Shared helpers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("100629 - Makanan & Minuman/Makanan Ringan/Keripik", "Keripik"),
    ("101853 - Sports & Outdoors/Basketball/Others", "Basketball"),
    ("Makanan Ringan > Keripik (601755)", "Keripik"),
    ("0123345/Decorative Lights", "Decorative Lights"),
    ("100629", ""),
    ("", ""),
])
def test_category_is_the_last_named_level(text, expected):
    assert category_name(text) == expected


@pytest.mark.parametrize("text, unit, grams", [
    ("300", "g", 300), ("0.3", "kg", 300), ("1,5", "kg", 1500), ("250", None, 250), ("0.25", None, 250),
    ("2", "lb", 907), ("500 gr", "kg", 500), ("1kg", None, 1000), ("", "g", None),
])
def test_weights_in_grams(text, unit, grams):
    out = Collector()
    assert weight_grams(text, unit, out, "here", "Berat") == grams and out.problems == []


def test_a_weight_that_is_no_number_is_named():
    out = Collector()
    assert weight_grams("sekitar 1 kg", None, out, "produk.xlsx, sheet 'Sheet1', row 9", "Berat") is None
    assert only(out.problems) == ("produk.xlsx, sheet 'Sheet1', row 9: column 'Berat': \"sekitar 1 kg\" is not "
                                  "a weight. Write a number only, such as 250.")


@pytest.mark.parametrize("labels, unit", [
    (("et_title_product_weight", "Berat (gr)"), "g"), (("ps_weight|1|1", "Berat (kg)"), "kg"),
    (("parcel_weight", "Package Weight(g)"), "g"), (("Package Weight(lb)",), "lb"), (("Berat",), None),
])
def test_weight_unit_from_the_labels(labels, unit):
    assert weight_unit(*labels) == unit


# Recognition and messages ---------------------------------------------------------------------------


def fixtures(folder: Path) -> list[tuple[type, Path]]:
    return [
        (MassUpdateReader, F.shopee_mass_update(folder, "media_info")),
        (MassUpdateReader, F.shopee_mass_update(folder, "sales_info")),
        (UploadTemplateReader, F.shopee_template(folder)),
        (TokopediaReader, F.tokopedia_template(folder)),
        (TokopediaReader, F.tokopedia_edit(folder)),
        (TikTokReader, F.tiktok_template(folder)),
        (TikTokReader, F.tiktok_indonesian(folder, [["Kategori", "", "Teh", "", "", "", "", "", "", "", "100",
                                                     "5000", "1", "T", ""]])),
        (TikTokReader, F.tiktok_edit(folder, [[1, "Kategori", "Teh", 2, "", 5000, "T", 1, 1]])),
    ]


def test_each_format_is_recognised_by_its_own_reader_only(tmp_path):
    mine = {MassUpdateReader, UploadTemplateReader, TokopediaReader, TikTokReader}
    readers = [r for r in READERS if type(r) in mine]
    assert {type(r) for r in readers} == mine
    for expected, path in fixtures(tmp_path):
        tables = read_tables(path)
        assert type(recognise(tables)[0]) is expected, path.name
        claimed = {type(r) for r in readers for t in tables if r.recognises(t.path, t)}
        assert claimed == {expected}, path.name


def test_the_data_sheet_need_not_be_the_first(tmp_path):
    for path in (F.shopee_template(tmp_path), F.tokopedia_template(tmp_path), F.tiktok_template(tmp_path)):
        tables = read_tables(path)
        assert tables[0].sheet in ("Panduan", "Petunjuk", "Instruction")
        assert recognise(tables)[1].sheet in ("Template", "ISI Template Impor Produk")


@pytest.mark.parametrize("prefix", ["import.shopee.", "import.tokopedia.", "import.tiktok.", "import.marketplace."])
def test_messages_in_both_languages(prefix):
    entries = {k: v for k, v in catalogue().items() if k.startswith(prefix)}
    assert entries
    for key, (indonesian, english) in entries.items():
        assert placeholders(indonesian) == placeholders(english), key
        assert indonesian != english, key


# End to end: `lapak import` into a store that then builds ------------------------------------------

MARKETPLACE_STORE = """\
name: Toko Tes
whatsapp: "0812-3456-7890"
base_url: https://contoh.github.io/toko/
language: en
marketplaces:
  shopee: https://shopee.co.id/shop/987654321
"""


@pytest.fixture
def shop(tmp_path) -> Store:
    s = Store(tmp_path / "store")
    s.write("store.yml", MARKETPLACE_STORE)
    (s.root / "products").mkdir()
    yield s
    set_language(None)  # the command speaks the store's language; leave the next test its own


def run_import_command(shop: Store, *args) -> object:
    return CliRunner().invoke(main, ["import", *map(str, args), "--store", str(shop.root)])


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.mark.parametrize("build_files, fmt, product, expected, page_text", [
    (F.shopee_mass_update_all, "Shopee Mass Update (basic_info, sales_info, media_info, shipping_info)",
     "kaos-polos-cotton-combed-30s",
     {"title": "Kaos Polos Cotton Combed 30s", "price": 55000, "category": "Kaos", "sku": "KP30", "stock": 20,
      "weight": 200, "marketplaces": {"shopee": f"https://shopee.co.id/product/987654321/{F.KAOS}"},
      "import": {"source": "shopee", "id": F.KAOS}},
     "Putih / L"),
    (lambda d: [F.shopee_template(d)], "Shopee Template Dasar", "kopi-bubuk-robusta-temanggung",
     {"title": "Kopi Bubuk Robusta Temanggung", "price": 45000, "sku": "KOPI-RB", "stock": 17, "weight": 300},
     "1 kg"),
    (lambda d: [F.tokopedia_template(d)], "Tokopedia Tambah/Ubah Sekaligus", "kain-tenun-ikat-sumba",
     {"title": "Kain Tenun Ikat Sumba", "price": 1250000, "tags": ["Bekas"], "draft": True, "weight": 450},
     None),
    (lambda d: [F.tokopedia_edit(d)], "Tokopedia Tambah/Ubah Sekaligus", "madu-hutan-sumbawa-500ml",
     {"title": "Madu Hutan Sumbawa 500ml", "price": 125000, "stock": 12,
      "marketplaces": {"tokopedia": "https://www.tokopedia.com/tokomadu/madu-hutan-sumbawa-500ml"},
      "import": {"source": "tokopedia", "id": "2098765432"}},
     "125.000"),
    (lambda d: [F.tiktok_template(d)], "TikTok Shop", "pashmina-ceruty-babydoll",
     {"title": "Pashmina Ceruty Babydoll", "price": 39000, "category": "Pashmina", "stock": 25, "weight": 150},
     "Mocca"),
])
def test_each_format_imports_into_a_store_that_builds(shop, tmp_path, build_files, fmt, product, expected,
                                                      page_text):
    files = build_files(tmp_path / "downloads")
    result = run_import_command(shop, *files, "--no-photos")
    assert result.exit_code == 0, result.output
    assert f"recognised as {fmt}" in result.output
    assert "0 rows skipped" in result.output
    written = front(shop.root / "products" / product / "index.md")
    assert {k: written.get(k) for k in expected} == expected
    built = shop.build("--drafts")
    assert built.exit_code == 0, built.output
    page = shop.page(f"{product}/index.html")
    assert expected["title"] in page
    if page_text:
        assert page_text in page


def test_shopee_photos_fetched_and_shown_and_a_reimport_keeps_the_sellers_edits(shop, tmp_path):
    from test_import_photos import PhotoServer

    server = PhotoServer()
    try:
        products = [dict(p) for p in F.SHOPEE_PRODUCTS[:2]]
        products[0]["images"] = [server.url("/kopi-1.jpg"), server.url("/kopi-2.jpg")]
        products[1]["images"] = [server.url("/teh.jpg")]
        products[1].pop("option_images")
        downloads = tmp_path / "downloads"
        files = F.shopee_mass_update_all(downloads, products=products)
        fetcher = Fetcher(timeout=2.0, retries=2, backoff=0.01, allow_local=(server.origin,))
        result = run_import(shop.root, files, currency="IDR", shopee_shop="987654321", fetcher=fetcher)
        assert result.skipped == [] and len(result.of("add")) == 2
        assert result.photos.fetched == 3 and result.photos.warnings == []
        folder = shop.root / "products" / "keripik-tempe-sagu-original-250gr"
        assert sorted(p.name for p in folder.iterdir() if p.name != "index.md") == ["1.jpg", "2.png"]

        # The seller edits the description; Shopee's price changes; the next import keeps the edit.
        index = folder / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("renyah dan gurih", "renyah sekali"),
                         encoding="utf-8")

        def dearer(rows, keys):
            rows[0][keys.index("et_title_variation_price")] = 27500

        F.shopee_mass_update(downloads, "sales_info", products=products, edit=dearer)
        again = run_import(shop.root, files, currency="IDR", shopee_shop="987654321", fetcher=fetcher)
        assert [c.rel for c in again.of("update")] == ["products/keripik-tempe-sagu-original-250gr/index.md"]
        text = index.read_text(encoding="utf-8")
        assert front(index)["price"] == 27500 and "renyah sekali" in text
    finally:
        server.close()
    built = shop.build()
    assert built.exit_code == 0, built.output
    page = shop.page("keripik-tempe-sagu-original-250gr/index.html")
    assert "27.500" in page and "<picture" in page and "renyah sekali" in page


def test_a_file_missing_a_required_column_stops_the_import(shop, tmp_path):
    path = F.tiktok_template(tmp_path, drop=("price",))
    result = run_import_command(shop, path)
    assert result.exit_code == 1
    assert "has no column 'Retail Price (Local Currency)'" in " ".join(result.output.split())
    assert list((shop.root / "products").iterdir()) == []
