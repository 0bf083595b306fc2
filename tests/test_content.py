"""Reading a seller's folder: the format, and a clear message for every mistake."""

from __future__ import annotations

import re

import pytest

from conftest import BASE_STORE
from generator.content.text import slugify


def test_slug_from_file_name_is_lower_case_ascii_with_hyphens(store):
    store.product("Kue Lapis Legit — Spesial 🎉", "title: Kue Lapis\nprice: 50000")
    assert store.build().exit_code == 0
    assert (store.output / "kue-lapis-legit-spesial" / "index.html").is_file()


@pytest.mark.parametrize("name, slug", [
    ("Kue Lapis Legit — Spesial 🎉", "kue-lapis-legit-spesial"),
    ("Café Crème", "cafe-creme"),
    ("  Kopi__Gayo  ", "kopi-gayo"),
    ("🎉", ""),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_folder_product_and_slug_field(store):
    store.product("teh-tubruk/", "title: Teh Tubruk\nprice: 20000\nslug: Teh Hijau Spesial")
    assert store.build().exit_code == 0
    assert "Teh Tubruk" in store.page("teh-hijau-spesial/index.html")


def test_bom_and_crlf_files_are_read(store):
    path = store.root / "products" / "sambal.md"
    path.write_bytes("\ufeff---\r\ntitle: Sambal Bawang\r\nprice: \"Rp 35.000\"\r\n---\r\nPedas **mantap**.\r\n"
                     .encode("utf-8"))
    result = store.build()
    assert result.exit_code == 0, result.output
    page = store.page("sambal/index.html")
    assert "Rp 35.000" in page and "<strong>mantap</strong>" in page


def test_unquoted_thousands_price_is_not_150_rupiah(store):
    store.product("madu", "title: Madu\nprice: 150.000")
    assert store.build().exit_code == 0
    page = store.page("madu/index.html")
    assert "Rp 150.000" in page
    assert "Rp 150<" not in page


def test_drafts_are_left_out_unless_asked(store):
    store.product("rahasia", "title: Produk Rahasia\nprice: 1000\ndraft: true")
    assert store.build().exit_code == 0
    assert not (store.output / "rahasia").exists()
    assert "Produk Rahasia" not in store.page()
    assert store.build("--drafts").exit_code == 0
    assert (store.output / "rahasia" / "index.html").is_file()


def test_order_then_title_sorts_the_storefront(store):
    store.product("a-zebra", "title: Zebra\nprice: 1000\norder: 1")
    store.product("b-apel", "title: Apel\nprice: 1000\norder: 2")
    assert store.build().exit_code == 0
    page = store.page()
    assert page.index("Zebra") < page.index("Apel") < page.index("Kopi Gayo")


def _problems(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def test_every_content_error_is_reported_together(store):
    store.product("a", "title: A\nprice: abc\nstock: -1")
    store.product("b", "price: 5000")
    store.write("products/c.md", "no front matter here\n")
    store.product("d", "title: D\nprice: [1")
    out = _problems(store.build())
    assert re.search(r"\b[45] (problems|masalah)\b", out)
    assert "products/a.md, baris 3, isian 'price': \"abc\" bukan harga" in out
    assert "products/a.md, baris 4, isian 'stock'" in out
    assert "products/b.md" in out and "isian 'title'" in out and "title: Kopi Gayo" in out
    assert "products/c.md, baris 1" in out and "'---'" in out
    assert "products/d.md, baris 3: tanda [ pada baris ini tidak ditutup dengan ]" in out


def test_content_errors_are_in_english_in_an_english_store(store):
    store.write("store.yml", BASE_STORE + "language: en\n")
    store.product("a", "title: A\nprice: abc\nstock: -1")
    store.product("b", "price: 5000")
    out = _problems(store.build())
    assert "products/a.md, line 3, field 'price': \"abc\" is not a price" in out
    assert ("products/a.md, line 4, field 'stock': \"-1\" is not a stock count; write a whole number such as 12 "
            "(0 means sold out)") in out
    assert ("products/b.md, line 2, field 'title': every product needs a title: add a line such as "
            "'title: Kopi Gayo 250 g'") in out


def test_two_products_with_one_slug_name_both_files(store):
    store.product("kopi/", "title: Kopi Lain\nprice: 1000\nslug: kopi-gayo")
    out = _problems(store.build())
    assert "products/kopi-gayo.md" in out and "products/kopi/index.md" in out
    assert "kopi-gayo" in out


@pytest.mark.parametrize("front, where, fragment", [
    ("title: A\nprice: 1000\ncompare_at_price: murah", "isian 'compare_at_price'", "bukan harga"),
    ("title: A\nprice: 1000\nvariants:\n  - name: S\n  - price: 2000", "baris 6, isian 'variants[2]'",
     "setiap varian butuh nama"),
    ("title: A\nprice: 1000\nvariants:\n  - name: S\n    price: 1.5", "baris 6, isian 'variants[1].price'",
     "Maksudnya Rp 1.500?"),
    ("title: A\nprice: 1000\nmarketplaces:\n  shopee: http://shopee.co.id/a", "baris 5, isian 'marketplaces.shopee'",
     "https://"),
    ("title: A\nprice: 1000\nmarketplaces:\n  shopee: javascript:alert(1)", "isian 'marketplaces.shopee'",
     "https://"),
    ("title: A\nprice: 1000\nimages: [tidak-ada.jpg]", "baris 4, isian 'images[1]'",
     "foto 'tidak-ada.jpg' tidak ada di folder yang sama dengan bad.md"),
    ("title: A\nprice: 1000\nimages: [../../rahasia.jpg]", "isian 'images[1]'", "di luar folder toko"),
    ("title: A\nprice: 1000\noptions: Ukuran", "isian 'options'", "Ukuran: [S, M, L]"),
    ("title: A\nprice: 1000\nsold_out: mungkin", "isian 'sold_out'", "tulis true (ya) atau false (tidak)"),
    ("title: A\nprice: 1000\nwhatsapp_message: Halo {nama}", "isian 'whatsapp_message'",
     "Lapak tidak tahu cara mengisi {nama}"),
    ("title: A\nprice: 1000\nslug: kategori", "isian 'slug'", "dipakai Lapak untuk halamannya sendiri"),
    ("title: [A\nprice: 1000", "products/bad.md, baris 2", "tanda [ pada baris ini tidak ditutup dengan ]"),
    ("title: A\nprice: 1000\ndate: 2024-02-30", "products/bad.md, baris 4", '"2024-02-30" bukan tanggal yang ada'),
])
def test_product_field_errors(store, front, where, fragment):
    store.product("bad", front)
    out = _problems(store.build())
    assert where in out
    assert fragment in out


def test_product_folder_without_index(store):
    store.write("products/tas/tas.md", "---\ntitle: Tas\nprice: 1\n---\n")
    out = _problems(store.build())
    assert "products/tas" in out and "ganti nama 'tas.md' menjadi index.md" in out


def test_not_utf8(store):
    (store.root / "products" / "latin.md").write_bytes("---\ntitle: Caf\xe9\nprice: 1\n---\n".encode("latin-1"))
    out = _problems(store.build())
    assert "products/latin.md" in out and "UTF-8" in out


@pytest.mark.parametrize("yml, where, fragment", [
    ("tagline: x\n", "store.yml, baris 1, isian 'name'", "toko butuh nama"),
    ("name: T\nwhatsapp: '123'\n", "store.yml, baris 2, isian 'whatsapp'", '"123" terlalu pendek untuk nomor WhatsApp'),
    ("name: T\nbase_url: toko.com\n", "isian 'base_url'", "https://nama.netlify.app/"),
    ("name: T\nlanguage: fr\n", "isian 'language'", "pakai id atau en"),
    ("name: T\ncurrency: RUPIAH\n", "isian 'currency'", "kode tiga huruf"),
    ("name: T\nlinks:\n  - label: IG\n    url: http://instagram.com/x\n", "baris 4, isian 'links[1].url'",
     "https://"),
    ("name: T\nwhatsapp_message: 'Halo {toko}'\n", "isian 'whatsapp_message'", "Lapak tidak tahu cara mengisi {toko}"),
    ("name: T\nlogo: logo.png\n", "isian 'logo'", "file 'logo.png' tidak ada di folder yang sama dengan store.yml"),
    ("name: [T\n", "store.yml, baris 1", "tanda [ pada baris ini tidak ditutup dengan ]"),
    ("- name\n", "store.yml, baris 1", "baris 'nama: isi'"),
    # the same in a store that speaks English
    ("language: en\ntagline: x\n", "store.yml, line 1, field 'name'", "the store needs a name"),
    ("language: en\nname: T\nbase_url: toko.com\n", "field 'base_url'", "https://name.netlify.app/"),
    ("language: en\nname: T\nwhatsapp_message: 'Halo {toko}'\n", "field 'whatsapp_message'",
     "Lapak cannot fill in {toko}"),
    ("language: en\nname: T\nlogo: logo.png\n", "field 'logo'", "was not found next to store.yml"),
    ("language: en\nname: [T\n", "store.yml, line 2", "the [ on this line is not closed with ]"),
])
def test_store_yml_errors(store, monkeypatch, yml, where, fragment):
    monkeypatch.setenv("LAPAK_LANG", "id")  # a file that cannot be read and names no language is shown in this
    store.write("store.yml", yml)
    out = _problems(store.build())
    assert where in out
    assert fragment in out


def test_store_and_product_errors_come_together(store):
    store.write("store.yml", "name: T\nwhatsapp: '123'\n")
    store.product("bad", "title: A\nprice: abc")
    out = _problems(store.build())
    assert "store.yml" in out and "products/bad.md" in out


def test_unknown_keys_warn_with_a_suggestion(store):
    store.write("store.yml", "name: T\nwhatsap: '0812-3456-7890'\nbase_url: https://x.id/\n"
                             "marketplaces:\n  shopee: https://shopee.co.id/t\nlanguage: en\n")
    store.product("teh", "title: Teh\nprice: 1000\ncatgory: Minuman")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "store.yml, line 2, field 'whatsap': unknown setting, ignored. Did you mean 'whatsapp'?" in result.output
    assert ("products/teh.md, line 4, field 'catgory': unknown field, ignored. Did you mean 'category'?"
            in result.output)


# --------------------------------------------------------------------------- WhatsApp numbers, as a build sees them


def wa_href(store, rel: str = "kopi-gayo/index.html") -> str:
    """The order button's link on a built product page."""
    import re

    return re.search(r'id="wa" href="([^"?]+)', store.page(rel)).group(1)


@pytest.mark.parametrize("line", ['whatsapp: "62812345678"', "whatsapp: 62812345678", "whatsapp: +62812345678",
                                  'whatsapp: "0812-345-678"', 'whatsapp: "+62 812 345 678"', 'whatsapp: "812 345 678"'])
def test_a_number_with_62_and_no_plus_orders_to_the_right_chat(store, line):
    store.write("store.yml", BASE_STORE.replace('whatsapp: "0812-3456-7890"', line))
    result = store.build()
    assert result.exit_code == 0, result.output
    assert wa_href(store) == "https://wa.me/62812345678"
    assert "wa.me/6262" not in store.page()


@pytest.mark.parametrize("lang, text", [
    ("en", '"(0274) 123456" is a landline number (telepon rumah/kantor), not a mobile number, and WhatsApp orders '
           "need a mobile number. Write the mobile number your WhatsApp uses, such as 0812-3456-7890."),
    ("id", '"(0274) 123456" adalah nomor telepon rumah/kantor, bukan nomor HP, dan pesanan WhatsApp butuh nomor HP. '
           "Tulis nomor HP yang dipakai WhatsApp Anda, misalnya 0812-3456-7890."),
])
def test_a_landline_stops_the_build_naming_its_kind(store, lang, text):
    store.write("store.yml", BASE_STORE.replace('"0812-3456-7890"', '"(0274) 123456"') + f"language: {lang}\n")
    out = _problems(store.build())
    where = "line 3, field" if lang == "en" else "baris 3, isian"
    assert f"store.yml, {where} 'whatsapp': {text}" in out


def test_an_unquoted_landline_is_quoted_as_written(store):
    store.write("store.yml", "name: T\nwhatsapp: 0274123456\nlanguage: en\n")  # YAML alone would read an octal number
    out = _problems(store.build())
    assert "store.yml, line 2, field 'whatsapp': \"0274123456\" is a landline number (telepon rumah/kantor)" in out


@pytest.mark.parametrize("key", ["whatsap", "wa", "nomor_wa", "WhatsApp", "no_hp"])
@pytest.mark.parametrize("lang, text", [
    ("en", "'{key}' is not a setting Lapak knows, so this store has no WhatsApp number and no marketplace link: "
           "buyers could not order. Did you mean 'whatsapp'? Write 'whatsapp: \"0812-3456-7890\"'."),
    ("id", "'{key}' bukan pengaturan yang dikenal Lapak, jadi toko ini tidak punya nomor WhatsApp dan tidak punya "
           "tautan marketplace: pembeli tidak bisa memesan. Maksud Anda 'whatsapp'? Tulis "
           "'whatsapp: \"0812-3456-7890\"'."),
])
def test_a_misspelled_whatsapp_key_stops_a_store_nobody_could_order_from(store, key, lang, text):
    store.write("store.yml", f"name: T\n{key}: \"0812-3456-7890\"\nbase_url: https://x.id/\nlanguage: {lang}\n")
    out = _problems(store.build())
    where = "line 2, field" if lang == "en" else "baris 2, isian"
    assert f"store.yml, {where} '{key}': {text.format(key=key)}" in out
    assert not store.output.exists()


def test_a_misspelled_whatsapp_key_only_warns_when_buyers_can_order_on_a_marketplace(store, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")  # the store's language wins
    store.write("store.yml", "name: T\nwa: '0812-3456-7890'\nmarketplaces:\n  shopee: https://shopee.co.id/t\n")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "store.yml, baris 2, isian 'wa': pengaturan tidak dikenal, diabaikan. Maksud Anda 'whatsapp'?" in result.output


def test_no_whatsapp_key_at_all_is_still_a_warning(store):
    store.write("store.yml", "name: T\nbase_url: https://x.id/\n")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "belum ada nomor WhatsApp" in result.output and 'id="wa"' not in store.page("kopi-gayo/index.html")


@pytest.mark.parametrize("lang, missing, no_config", [
    ("en", "does not exist", "There is no store.yml"),
    ("id", "tidak ada. Sebutkan folder yang berisi store.yml", "Tidak ada store.yml di"),
])
def test_missing_store_folder_and_store_yml(tmp_path, monkeypatch, lang, missing, no_config):
    from click.testing import CliRunner

    from generator.cli import main

    monkeypatch.setenv("LAPAK_LANG", lang)  # no store: the computer's language (or LAPAK_LANG) decides
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope")])
    assert result.exit_code == 1 and missing in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 1 and no_config in result.output and "lapak init" in result.output
