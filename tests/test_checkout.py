"""store.yml's checkout settings and products' sales and stock: what is read, and every mistake's message."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import english, where, BASE_STORE, make_photo
from generator.content.config import load_store
from generator.content.model import Delivery, Payment, Sale, Voucher

CONTRACT = """\
payment:
  - type: bank
    name: BCA
    account: "1234567890"
    holder: Sari Wulandari
  - type: ewallet
    name: GoPay
    account: 0812-3456-7890
  - type: qris
    image: qris.png
  - type: cod
    note: Khusus dalam kota Solo
delivery:
  - name: Ambil sendiri
    fee: 0
    note: Laweyan, Solo. Senin–Sabtu 09.00–17.00
  - name: Kurir instan (Solo)
    fee: "Rp 15.000"
  - name: JNE / J&T / SiCepat
    fee: ongkir
free_delivery_over: "Rp 300.000"
min_order: "Rp 50.000"
low_stock: 3
vouchers:
  - code: HEMAT10
    percent: 10
    min_order: "Rp 100.000"
    until: 2026-12-31
  - code: GRATISONGKIR
    amount: "Rp 10.000"
"""


@pytest.fixture
def en(store, monkeypatch):
    english(store, monkeypatch)


def _problems(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def test_the_store_yml_contract_is_read_as_written(store):
    store.write("store.yml", BASE_STORE + CONTRACT)
    make_photo(store.root / "qris.png", (300, 300))
    shop, found = load_store(store.root)
    assert found.problems == [] and found.warnings == []
    co = shop.checkout
    assert co.payment == (
        Payment("bank", "BCA", "1234567890", "Sari Wulandari"),
        Payment("ewallet", "GoPay", "0812-3456-7890"),
        Payment("qris", image="qris.png"),
        Payment("cod", note="Khusus dalam kota Solo"),
    )
    assert co.delivery == (
        Delivery("Ambil sendiri", Decimal(0), "Laweyan, Solo. Senin–Sabtu 09.00–17.00"),
        Delivery("Kurir instan (Solo)", Decimal(15000)),
        Delivery("JNE / J&T / SiCepat", None),  # worked out in the chat
    )
    assert (co.free_delivery_over, co.min_order, co.low_stock) == (Decimal(300000), Decimal(50000), 3)
    assert co.vouchers == (Voucher("HEMAT10", 10, None, Decimal(100000), "2026-12-31"),
                           Voucher("GRATISONGKIR", None, Decimal(10000)))
    assert co.shown


def test_a_store_without_checkout_settings_has_the_defaults(store):
    shop, found = load_store(store.root)
    assert found.problems == [] and not shop.checkout.shown and shop.checkout.low_stock == 5


def test_a_voucher_code_is_kept_as_written(store):
    store.write("store.yml", BASE_STORE + "vouchers:\n  - code: Hemat-Lebaran_2\n    percent: 5\n")
    shop, found = load_store(store.root)
    assert found.problems == [] and shop.checkout.vouchers[0].code == "Hemat-Lebaran_2"  # the cart ignores capitals


def test_an_account_number_keeps_its_leading_zero_and_dashes(store):
    store.write("store.yml", BASE_STORE + "payment:\n  - type: bank\n    name: BRI\n    account: 0123456789\n")
    shop, found = load_store(store.root)
    assert found.problems == [] and shop.checkout.payment[0].account == "0123456789"  # not YAML's octal 342391


# Each mistake: the store.yml lines after the base, the line (0 = the first of them) and field it is reported
# at, and what the message says (en, id).
MISTAKES = [
    ("payment:\n  - type: kripto\n    name: BTC\n", 1, "payment[1].type",
     '"kripto" is not a kind of payment Lapak knows. Write one of: bank, ewallet, qris, cod, other',
     '"kripto" bukan jenis pembayaran yang dikenal Lapak. Tulis salah satu: bank, ewallet, qris, cod, other'),
    ("payment:\n  - type: transfer\n    name: BCA\n    account: '1'\n", 1, "payment[1].type",
     "Did you mean 'bank'?", "Maksud Anda 'bank'?"),
    ("payment:\n  - name: BCA\n", 1, "payment[1]",
     "this way to pay has no 'type'", "cara bayar ini belum punya 'type'"),
    ("payment:\n  - type: qris\n    image: qris-toko.png\n", 2, "payment[1].image",
     "the image 'qris-toko.png' was not found next to store.yml",
     "gambar 'qris-toko.png' tidak ditemukan di samping store.yml"),
    ("payment:\n  - type: qris\n", 1, "payment[1]",
     "QRIS needs the picture of its code", "QRIS perlu gambar kodenya"),
    ("payment:\n  - type: bank\n    name: BCA\n", 1, "payment[1]",
     "a 'bank' payment needs an 'account'", "cara bayar 'bank' perlu 'account'"),
    ("payment: BCA 1234567890\n", 0, "payment",
     "write 'payment' as a list", "tulis 'payment' sebagai daftar"),
    ("delivery:\n  - fee: 0\n", 1, "delivery[1]",
     "each way of delivery needs a 'name'", "setiap pilihan pengiriman perlu 'name'"),
    ("delivery:\n  - name: Kurir\n    fee: lima ribu\n", 2, "delivery[1].fee",
     "is not a price", "bukan harga"),
    ("min_order: abc\n", 0, "min_order", '"abc" is not a price', '"abc" bukan harga'),
    ("low_stock: banyak\n", 0, "low_stock", '"banyak" is not a stock count', '"banyak" bukan jumlah stok'),
    ("vouchers:\n  - code: HEMAT\n    percent: 10\n    amount: 5000\n", 1, "vouchers[1]",
     "this voucher has both 'percent' and 'amount'", "voucher ini punya 'percent' dan 'amount' sekaligus"),
    ("vouchers:\n  - code: HEMAT\n", 1, "vouchers[1]",
     "this voucher does not say how much it takes off", "voucher ini belum punya besar potongannya"),
    ("vouchers:\n  - code: HEMAT\n    percent: 150\n", 2, "vouchers[1].percent",
     '"150" is not a discount percentage', '"150" bukan persen diskon'),
    ("vouchers:\n  - code: HEMAT 10\n    percent: 10\n", 1, "vouchers[1].code",
     '"HEMAT 10" cannot be a voucher code', '"HEMAT 10" tidak bisa jadi kode voucher'),
    ("vouchers:\n  - code: HEMAT\n    percent: 10\n  - code: hemat\n    amount: 5000\n",
     3, "vouchers[2].code", "the voucher code 'hemat' is already on line {first}",
     "kode voucher 'hemat' sudah ada di baris {first}"),
    ("vouchers:\n  - code: HEMAT\n    percent: 10\n    until: akhir tahun\n", 3, "vouchers[1].until",
     '"akhir tahun" is not a date. Write it as year-month-day', '"akhir tahun" bukan tanggal. Tulis tahun-bulan-tanggal'),
]


@pytest.mark.parametrize("lines, line, field, english, indonesian", MISTAKES)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_each_store_yml_mistake_names_its_line_and_field_in_both_languages(store, monkeypatch, lines, line, field,
                                                                            english, indonesian, lang):
    monkeypatch.setenv("LAPAK_LANG", "id" if lang == "en" else "en")  # the store's language wins
    base = BASE_STORE + f"language: {lang}\n"
    first = base.count("\n")  # the lines before the added ones
    store.write("store.yml", base + lines)
    out = _problems(store.build())
    assert f"store.yml, {where(lang, first + line + 1, field)}: " in out, out
    assert (english if lang == "en" else indonesian).format(first=first + 2) in out, out
    assert "Warning" not in out and "Peringatan" not in out, out


def test_every_checkout_mistake_is_reported_at_once(store, en):
    store.write("store.yml", BASE_STORE + (
        "payment:\n  - type: kripto\n  - type: qris\n    image: tidak-ada.png\n"
        "delivery:\n  - fee: 1000\n"
        "vouchers:\n  - code: A\n    percent: 10\n    amount: 1000\n"
        "min_order: nol\n"))
    store.product("rusak", 'title: Rusak\nprice: 10000\nsale: {price: 9000, from: 2026-12-12, until: 2026-12-01}')
    out = _problems(store.build())
    assert "6 problems" in out, out
    for field in ("payment[1].type", "payment[2].image", "delivery[1]", "vouchers[1]", "min_order", "sale.from"):
        assert f"field '{field}'" in out, field


def test_a_qris_image_outside_the_store_or_not_an_image_is_refused(store, en, tmp_path):
    make_photo(tmp_path / "luar.png", (100, 100))
    store.write("catatan.txt", "bukan gambar")
    store.write("store.yml", BASE_STORE + "payment:\n  - type: qris\n    image: ../luar.png\n"
                "  - type: qris\n    image: catatan.txt\n")
    out = _problems(store.build())
    assert "field 'payment[1].image': '../luar.png' is outside the store folder" in out
    assert "field 'payment[2].image': 'catatan.txt' is not an image Lapak can use" in out


def test_unknown_checkout_fields_and_misspelled_keys_are_warnings_with_suggestions(store, en):
    store.write("store.yml", BASE_STORE + "payment:\n  - type: bank\n    nama: BCA\n    name: BCA\n"
                "    account: '1'\npembayaran: []\nminorder: 5000\n")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert "field 'payment[1].nama': unknown field, ignored. Did you mean 'name'?" in result.output
    assert "field 'pembayaran': unknown setting, ignored. Did you mean 'payment'?" in result.output
    assert "field 'minorder': unknown setting, ignored. Did you mean 'min_order'?" in result.output


@pytest.mark.parametrize("fee, expected", [("0", Decimal(0)), ('"Rp 0"', Decimal(0)), ("gratis", Decimal(0)),
                                           ("ongkir", None), ('"tanya ongkir di chat"', None), ("15rb", Decimal(15000)),
                                           ('"Rp 15.000"', Decimal(15000)), ("15.000", Decimal(15000))])
def test_delivery_fees_free_worked_out_in_the_chat_or_an_amount(store, fee, expected):
    store.write("store.yml", BASE_STORE + f"delivery:\n  - name: Kurir\n    fee: {fee}\n")
    shop, found = load_store(store.root)
    assert found.problems == [] and shop.checkout.delivery[0].fee == expected


# --------------------------------------------------------------------------- sales and stock in products


def test_a_sale_and_stock_are_read_for_products_and_variants(store):
    from generator.content.catalog import parse_product
    from generator.content.sources import SourceFile

    shop, _ = load_store(store.root)
    text = """---
title: Kemeja
price: 150000
stock: 7
sale: {price: "Rp 99.000", from: 2026-12-01, until: 2026-12-12}
variants:
  - name: M
  - name: XL
    price: 180000
    stock: 0
  - name: XXL
    price: 190000
    stock: 2
    sale:
      price: 170000
      until: "2026-12-05"
  - name: S
    price: 90000
---
"""
    src = SourceFile("products/kemeja.md", store.root / "products" / "kemeja.md", "kemeja", ())
    product, found = parse_product(shop, src, text)
    assert found.problems == [] and found.warnings == []
    sale = Sale(Decimal(99000), "2026-12-01", "2026-12-12")
    assert product.stock == 7 and product.sale == sale
    m, xl, xxl, s = product.variants
    assert (m.sale, m.stock, m.sold_out) == (sale, None, False)  # the product's sale lowers M's price
    assert (xl.sale, xl.stock, xl.sold_out) == (sale, 0, True)  # stock: 0 is sold out
    assert xxl.sale == Sale(Decimal(170000), "", "2026-12-05") and xxl.stock == 2
    assert s.sale is None  # Rp 99.000 would not lower Rp 90.000
    assert (sale.phase("2026-11-30"), sale.phase("2026-12-01"), sale.phase("2026-12-12"),
            sale.phase("2026-12-13")) == ("before", "open", "open", "after")


@pytest.mark.parametrize("front, where, english", [
    ("sale: {price: 9000, from: 2026-12-12, until: 2026-12-01}", "line 4, field 'sale.from'",
     "this sale starts (2026-12-12) after it ends (2026-12-01)"),
    ("sale: {from: 2026-12-01}", "line 4, field 'sale'", "this sale has no price"),
    ("sale: {price: murah}", "line 4, field 'sale.price'", '"murah" is not a price'),
    ("sale: {price: 9000, until: besok}", "line 4, field 'sale.until'", '"besok" is not a date'),
    ("sale: 9000", "line 4, field 'sale'", "write 'sale' with its price and days"),
    ("variants:\n  - name: M\n    sale: {price: 9000, from: 2026-12-09, until: 2026-12-08}",
     "line 6, field 'variants[1].sale.from'", "this sale starts (2026-12-09) after it ends (2026-12-08)"),
    ("variants:\n  - name: M\n    stock: -2", "line 6, field 'variants[1].stock'", '"-2" is not a stock count'),
])
def test_sale_and_stock_mistakes_name_their_line_and_field(store, en, front, where, english):
    store.product("teh", "title: Teh\nprice: 10000\n" + front)
    out = _problems(store.build())
    assert f"products/teh.md, {where}: {english}" in out, out


def test_a_sale_price_not_below_the_price_is_a_warning_and_not_shown(store, en):
    store.product("teh", "title: Teh\nprice: 10000\nsale: {price: 12000}")
    result = store.build()
    assert result.exit_code == 0
    assert ("products/teh.md, line 4, field 'sale.price': the sale price Rp 12.000 is not lower than the usual "
            "price Rp 10.000, so this sale is not shown") in result.output
    assert "Rp 12.000" not in store.page("teh/index.html")


def test_the_checkout_messages_say_the_same_thing_in_both_languages():
    import generator.content.checkout  # noqa: F401
    import generator.content.storepages  # noqa: F401
    from generator.messages import catalogue, placeholders

    ours = {k: v for k, v in catalogue().items() if k.split(".")[0] in ("checkout", "sale", "stock", "page")}
    assert len(ours) >= 40
    for key, (indonesian, english) in ours.items():
        assert placeholders(indonesian) == placeholders(english), key
        assert indonesian != english, key
