"""Reading a seller's folder: the format, and a clear message for every mistake."""

from __future__ import annotations

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
    assert "4 problems" in out or "5 problems" in out
    assert "products/a.md, line 3, field 'price': \"abc\" is not a price" in out
    assert "products/a.md, line 4, field 'stock'" in out
    assert "products/b.md" in out and "field 'title'" in out and "title: Kopi Gayo" in out
    assert "products/c.md, line 1" in out and "'---'" in out
    assert "products/d.md, line 3: the [ on this line is not closed with ]" in out


def test_two_products_with_one_slug_name_both_files(store):
    store.product("kopi/", "title: Kopi Lain\nprice: 1000\nslug: kopi-gayo")
    out = _problems(store.build())
    assert "products/kopi-gayo.md" in out and "products/kopi/index.md" in out
    assert "kopi-gayo" in out


@pytest.mark.parametrize("front, where, fragment", [
    ("title: A\nprice: 1000\ncompare_at_price: murah", "field 'compare_at_price'", "is not a price"),
    ("title: A\nprice: 1000\nvariants:\n  - name: S\n  - price: 2000", "line 6, field 'variants[2]'",
     "each variant needs a name"),
    ("title: A\nprice: 1000\nvariants:\n  - name: S\n    price: 1.5", "line 6, field 'variants[1].price'",
     "Did you mean Rp 1.500?"),
    ("title: A\nprice: 1000\nmarketplaces:\n  shopee: http://shopee.co.id/a", "line 5, field 'marketplaces.shopee'",
     "https://"),
    ("title: A\nprice: 1000\nmarketplaces:\n  shopee: javascript:alert(1)", "field 'marketplaces.shopee'",
     "https://"),
    ("title: A\nprice: 1000\nimages: [tidak-ada.jpg]", "line 4, field 'images[1]'", "was not found"),
    ("title: A\nprice: 1000\nimages: [../../rahasia.jpg]", "field 'images[1]'", "outside the store folder"),
    ("title: A\nprice: 1000\noptions: Ukuran", "field 'options'", "Ukuran: [S, M, L]"),
    ("title: A\nprice: 1000\nsold_out: mungkin", "field 'sold_out'", "true or false"),
    ("title: A\nprice: 1000\nwhatsapp_message: Halo {nama}", "field 'whatsapp_message'", "unknown placeholder"),
    ("title: A\nprice: 1000\nslug: kategori", "field 'slug'", "used by Lapak"),
    ("title: [A\nprice: 1000", "products/bad.md, line 2", "the [ on this line is not closed with ]"),
    ("title: A\nprice: 1000\ndate: 2024-02-30", "products/bad.md, line 4", '"2024-02-30" is not a date that exists'),
])
def test_product_field_errors(store, front, where, fragment):
    store.product("bad", front)
    out = _problems(store.build())
    assert where in out
    assert fragment in out


def test_product_folder_without_index(store):
    store.write("products/tas/tas.md", "---\ntitle: Tas\nprice: 1\n---\n")
    out = _problems(store.build())
    assert "products/tas" in out and "rename 'tas.md' to index.md" in out


def test_not_utf8(store):
    (store.root / "products" / "latin.md").write_bytes("---\ntitle: Caf\xe9\nprice: 1\n---\n".encode("latin-1"))
    out = _problems(store.build())
    assert "products/latin.md" in out and "UTF-8" in out


@pytest.mark.parametrize("yml, where, fragment", [
    ("tagline: x\n", "store.yml, line 1, field 'name'", "the store needs a name"),
    ("name: T\nwhatsapp: '123'\n", "store.yml, line 2, field 'whatsapp'", '"123" is too short for a WhatsApp number'),
    ("name: T\nbase_url: toko.com\n", "field 'base_url'", "https://name.netlify.app/"),
    ("name: T\nlanguage: fr\n", "field 'language'", "use id or en"),
    ("name: T\ncurrency: RUPIAH\n", "field 'currency'", "three-letter code"),
    ("name: T\nlinks:\n  - label: IG\n    url: http://instagram.com/x\n", "line 4, field 'links[1].url'", "https://"),
    ("name: T\nwhatsapp_message: 'Halo {toko}'\n", "field 'whatsapp_message'", "unknown placeholder"),
    ("name: T\nlogo: logo.png\n", "field 'logo'", "was not found"),
    ("name: [T\n", "store.yml, line 1", "the [ on this line is not closed with ]"),
    ("- name\n", "store.yml, line 1", "'key: value' lines"),
])
def test_store_yml_errors(store, yml, where, fragment):
    store.write("store.yml", yml)
    out = _problems(store.build())
    assert where in out
    assert fragment in out


def test_store_and_product_errors_come_together(store):
    store.write("store.yml", "name: T\nwhatsapp: '123'\n")
    store.product("bad", "title: A\nprice: abc")
    out = _problems(store.build())
    assert "store.yml" in out and "products/bad.md" in out


def test_unknown_keys_warn_with_a_suggestion(store, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")
    store.write("store.yml", "name: T\nwhatsap: '0812-3456-7890'\nbase_url: https://x.id/\n"
                             "marketplaces:\n  shopee: https://shopee.co.id/t\n")
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
def test_a_landline_stops_the_build_naming_its_kind(store, monkeypatch, lang, text):
    monkeypatch.setenv("LAPAK_LANG", lang)
    store.write("store.yml", BASE_STORE.replace('"0812-3456-7890"', '"(0274) 123456"'))
    out = _problems(store.build())
    assert f"store.yml, line 3, field 'whatsapp': {text}" in out


def test_an_unquoted_landline_is_quoted_as_written(store, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")
    store.write("store.yml", "name: T\nwhatsapp: 0274123456\n")  # YAML alone would read an octal number
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
def test_a_misspelled_whatsapp_key_stops_a_store_nobody_could_order_from(store, monkeypatch, key, lang, text):
    monkeypatch.setenv("LAPAK_LANG", lang)
    store.write("store.yml", f"name: T\n{key}: \"0812-3456-7890\"\nbase_url: https://x.id/\n")
    out = _problems(store.build())
    assert f"store.yml, line 2, field '{key}': {text.format(key=key)}" in out
    assert not store.output.exists()


def test_a_misspelled_whatsapp_key_only_warns_when_buyers_can_order_on_a_marketplace(store, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "id")
    store.write("store.yml", "name: T\nwa: '0812-3456-7890'\nmarketplaces:\n  shopee: https://shopee.co.id/t\n")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "store.yml, line 2, field 'wa': pengaturan tidak dikenal, diabaikan. Maksud Anda 'whatsapp'?" in result.output


def test_no_whatsapp_key_at_all_is_still_a_warning(store):
    store.write("store.yml", "name: T\nbase_url: https://x.id/\n")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "no WhatsApp number" in result.output and 'id="wa"' not in store.page("kopi-gayo/index.html")


def test_missing_store_folder_and_store_yml(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "does not exist" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == 1 and "There is no store.yml" in result.output
