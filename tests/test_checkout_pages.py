"""What buyers see of the checkout settings: the "how to order" page (without JavaScript), the store's own
pages, sales on the build day, stock, and the cart page's data block as the cart script reads it."""

from __future__ import annotations

import html
import json
import re
import shutil
from urllib.parse import unquote

import pytest

from conftest import BASE_STORE, REPO, Store, english, make_photo
from test_checkout import CONTRACT


@pytest.fixture(autouse=True)
def build_day(monkeypatch):
    """Every build here runs on 1 December 2026, unless a test says otherwise."""
    monkeypatch.setenv("LAPAK_TODAY", "2026-12-01")


@pytest.fixture
def shop(store):
    """The test store with the checkout settings of issue 12 and a QRIS image."""
    store.write("store.yml", BASE_STORE + CONTRACT)
    make_photo(store.root / "qris.png", (400, 400), (20, 20, 20))
    return store


def _data(page: str, element_id: str) -> dict:
    m = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    assert m, element_id
    return json.loads(m.group(1))


def _cart(store: Store, rel: str) -> dict:
    """The cart page's data block, with the products of the prices file it names (which cart.js fetches)."""
    data = _data(store.page(rel), "cart-data")
    prices = store.output / re.sub(r"^/(toko/)?", "", data["prices"])
    return dict(data, products=json.loads(prices.read_text(encoding="utf-8"))["products"])


def _ld(page: str) -> dict:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


def _text(page: str) -> str:
    """The words of a page's <main>, tags removed and spaces squeezed, as a reader without scripts sees them."""
    main = page[page.index("<main"):page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split()).replace(" :", ":").replace(" ,", ",")


def _views(root):
    """The site and its views as ``lapak check`` makes them (nothing written)."""
    from generator.pipeline import assemble
    from generator.site.render import Views

    site = assemble(root, mode="check").site
    return site, Views(site)


def _product(site, slug):
    return next(p for p in site.products if p.slug == slug)


# --------------------------------------------------------------------------- the "how to order" page


def test_how_to_order_page_lists_payment_delivery_minimum_and_vouchers_without_javascript(shop):
    result = shop.build()
    assert result.exit_code == 0, result.output
    page = shop.page("cara-pesan/index.html")
    text = _text(page)
    for words in ("Cara pesan & bayar", "Transfer bank: BCA Nomor: 1234567890 Atas nama: Sari Wulandari",
                  "E-wallet: GoPay Nomor: 0812-3456-7890", "QRIS", "Pindai kode QRIS ini",
                  "Bayar di tempat (COD) Khusus dalam kota Solo",
                  "Ambil sendiri: Gratis Laweyan, Solo. Senin–Sabtu 09.00–17.00", "Kurir instan (Solo): Rp 15.000",
                  "JNE / J&T / SiCepat: ongkir dikonfirmasi via chat", "Minimal belanja Rp 50.000.",
                  "Gratis ongkir untuk belanja minimal Rp 300.000.",
                  "HEMAT10: Diskon 10%, belanja minimal Rp 100.000, berlaku sampai 31 Desember 2026",
                  "GRATISONGKIR: Potongan Rp 10.000"):
        assert words in text, (words, text)
    assert text.index("BCA") < text.index("GoPay") < text.index("QRIS") < text.index("COD")  # store.yml's order
    # The QRIS image went through the photo pipeline: its files are published, shown whole at 320 px.
    img = re.search(r'<img src="(/toko/photos/[^"]+\.webp)"[^>]* width="320" height="320" alt="Kode QRIS Toko Tes"',
                    page)
    assert img and (shop.output / img.group(1)[len("/toko/"):]).is_file()
    # Nothing in it waits for a script: no hidden parts, no script-only parts, no script in the page's body.
    main = page[page.index("<main"):page.index("</main>")]
    assert " hidden" not in main and "js-only" not in main and "<script" not in main
    assert "https://contoh.github.io/toko/cara-pesan/" in shop.page("sitemap.xml")
    assert '<link rel="canonical" href="https://contoh.github.io/toko/cara-pesan/">' in page


def test_product_pages_link_to_the_how_to_order_page(shop):
    shop.product("teh", "title: Teh\nprice: 10000")
    assert shop.build().exit_code == 0
    assert 'href="/toko/cara-pesan/"' in shop.page("teh/index.html")
    site, views = _views(shop.root)
    assert views.product(_product(site, "teh"))["how_to_order"] == "/toko/cara-pesan/"


def test_an_english_store_has_its_page_at_how_to_order(shop):
    shop.write("store.yml", BASE_STORE + "language: en\n" + CONTRACT)
    assert shop.build().exit_code == 0
    text = _text(shop.page("how-to-order/index.html"))
    for words in ("How to order", "Bank transfer: BCA Number: 1234567890 Name: Sari Wulandari",
                  "Cash on delivery (COD)", "JNE / J&T / SiCepat: delivery fee confirmed in the chat",
                  "Ambil sendiri: Free", "The minimum order is Rp 50.000.",
                  "HEMAT10: 10% off, on orders of Rp 100.000 or more, until 31 December 2026"):
        assert words in text, (words, text)
    assert not (shop.output / "cara-pesan").exists()


def test_a_store_without_checkout_settings_has_no_such_page(store):
    assert store.build().exit_code == 0
    assert not (store.output / "cara-pesan").exists()
    assert "cara-pesan" not in store.page() and "cara-pesan" not in store.page("sitemap.xml")
    site, views = _views(store.root)
    assert views.product(site.products[0])["how_to_order"] == ""
    assert _cart(store, "keranjang/index.html")["checkout"]["how"] == ""


def test_an_ended_voucher_is_left_out_and_the_seller_is_told(shop, monkeypatch):
    monkeypatch.setenv("LAPAK_TODAY", "2027-01-05")
    english(shop, monkeypatch)
    result = shop.build()
    assert result.exit_code == 0
    assert ("store.yml, field 'vouchers': the voucher HEMAT10 ended on 31 December 2026, so it is not shown and "
            "cannot be used") in result.output
    assert "HEMAT10" not in shop.page("how-to-order/index.html") and "GRATISONGKIR" in shop.page("how-to-order/index.html")
    codes = [v["code"] for v in _cart(shop, "cart/index.html")["checkout"]["vouchers"]]
    assert codes == ["GRATISONGKIR"]


# --------------------------------------------------------------------------- the store's own pages


def _pages(store: Store) -> None:
    store.write("pages/tentang-kami.md", "---\ntitle: Tentang kami\norder: 2\nnav: true\nimages: [toko.jpg]\n---\n"
                                         "Usaha rumahan sejak **2015**.\n")
    store.write("pages/faq.md", "---\njudul: Tanya jawab\nurutan: 1\nmenu: true\n---\nKirim ke mana saja?\n")
    store.write("pages/syarat.md", "---\ntitle: Syarat & ketentuan\n---\nHarga bisa berubah.\n")
    make_photo(store.root / "pages" / "toko.jpg", (900, 600), (90, 120, 60))


def test_store_pages_are_built_with_their_title_text_photo_and_links(store):
    _pages(store)
    result = store.build()
    assert result.exit_code == 0, result.output
    page = store.page("tentang-kami/index.html")
    assert "<h1>Tentang kami</h1>" in page and "Usaha rumahan sejak <strong>2015</strong>." in page
    assert "<title>Tentang kami — Toko Tes</title>" in page
    img = re.search(r'<img src="(/toko/photos/[^"]+\.webp)"[^>]* width="480" height="320" alt="Tentang kami"', page)
    assert img and (store.output / img.group(1)[len("/toko/"):]).is_file()
    assert "<h1>Tanya jawab</h1>" in store.page("faq/index.html")  # Indonesian field names work too
    assert "<h1>Syarat &amp; ketentuan</h1>" in store.page("syarat/index.html")
    # nav: true pages in the header and the footer, in their order; the others only in the sitemap
    index = store.page()
    nav = re.findall(r'<a href="/toko/(faq|tentang-kami|syarat)/">', index)
    assert nav == ["faq", "tentang-kami", "faq", "tentang-kami"]
    sitemap = store.page("sitemap.xml")
    assert all(f"https://contoh.github.io/toko/{slug}/" in sitemap for slug in ("faq", "tentang-kami", "syarat"))


def test_store_pages_work_without_javascript(store):
    _pages(store)
    assert store.build().exit_code == 0
    main = store.page("faq/index.html")
    main = main[main.index("<main"):main.index("</main>")]
    assert "Kirim ke mana saja?" in main and "<script" not in main and " hidden" not in main


@pytest.mark.parametrize("files, message", [
    ({"pages/kopi-gayo.md": "---\ntitle: Kopi\n---\n"},
     "pages/kopi-gayo.md, field 'slug': this page and the product products/kopi-gayo.md would both be at /kopi-gayo/"),
    ({"pages/a.md": "---\ntitle: A\nslug: info\n---\n", "pages/b.md": "---\ntitle: B\nslug: Info\n---\n"},
     "pages/b.md, field 'slug': two pages would be at /info/: pages/a.md and pages/b.md"),
    ({"pages/keranjang.md": "---\ntitle: Keranjang\n---\n"},
     "pages/keranjang.md, field 'slug': 'keranjang' is used by Lapak for its own pages"),
    ({"pages/x.md": "---\ntitle: X\nslug: cara-pesan\n---\n"},
     "pages/x.md, line 3, field 'slug': 'cara-pesan' is used by Lapak for its own pages"),
    ({"pages/kosong.md": "Tanpa judul.\n"}, "pages/kosong.md, line 1: a store page starts with a line '---'"),
    ({"pages/kosong.md": "---\nnav: ya\n---\n"}, "pages/kosong.md, line 2, field 'title': every page needs a title"),
    ({"pages/foto.md": "---\ntitle: Foto\nimages: [hilang.jpg]\n---\n"},
     "pages/foto.md, line 3, field 'images[1]': the photo 'hilang.jpg' was not found in the pages/ folder"),
])
def test_page_mistakes_and_address_clashes_name_the_files(store, monkeypatch, files, message):
    english(store, monkeypatch)
    for rel, text in files.items():
        store.write(rel, text)
    result = store.build()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message in result.output, result.output


def test_a_product_cannot_take_the_how_to_order_address(store):
    store.product("cara-pesan", "title: Cara Pesan\nprice: 1000")
    result = store.build()
    assert result.exit_code == 1 and "alamat 'cara-pesan' dipakai Lapak untuk halamannya sendiri" in result.output


def test_editing_adding_or_removing_a_page_or_the_qris_image_is_seen_by_the_quick_check(shop):
    _pages(shop)
    assert shop.build().exit_code == 0
    assert "Tidak ada yang berubah" in shop.build().output
    shop.write("pages/tentang-kami.md", "---\ntitle: Tentang kami\nnav: true\n---\nSekarang di Solo.\n")
    result = shop.build()
    assert "Selesai membangun" in result.output and "Sekarang di Solo." in shop.page("tentang-kami/index.html")
    shop.write("pages/baru.md", "---\ntitle: Baru\n---\nHalaman baru.\n")
    assert "Selesai membangun" in shop.build().output and "Halaman baru." in shop.page("baru/index.html")
    (shop.root / "pages" / "baru.md").unlink()
    assert "Selesai membangun" in shop.build().output and not (shop.output / "baru").exists()
    before = re.search(r'src="/toko/photos/([^"]+)"', shop.page("cara-pesan/index.html")).group(1)
    make_photo(shop.root / "qris.png", (400, 400), (200, 30, 30))
    assert "Selesai membangun" in shop.build().output
    after = re.search(r'src="/toko/photos/([^"]+)"', shop.page("cara-pesan/index.html")).group(1)
    assert before != after and (shop.output / "photos" / after).is_file()
    assert "Tidak ada yang berubah" in shop.build().output


# --------------------------------------------------------------------------- sales on the build day


SALE = "title: Teh Melati\nprice: 10000\nsale: {price: 8000, from: 2026-12-06, until: 2026-12-12}"


@pytest.mark.parametrize("day, shown, active, warning", [
    ("2026-11-20", "Rp 10.000", False, None),
    ("2026-12-01", "Rp 10.000", False, "the sale of Teh Melati starts on 6 December 2026: build again on "
                                       "6 December 2026 so the site shows the sale price"),
    ("2026-12-06", "Rp 8.000", True, "the sale of Teh Melati ends after 12 December 2026: build again on "
                                     "13 December 2026 so the sale ends on the site"),
    ("2026-12-13", "Rp 10.000", None, "the sale of Teh Melati ended on 12 December 2026, so the usual price is shown"),
])
def test_a_sale_applies_on_the_days_of_its_window_and_the_build_says_when_to_build_again(
        store, monkeypatch, day, shown, active, warning):
    monkeypatch.setenv("LAPAK_TODAY", day)
    english(store, monkeypatch)
    store.product("teh", SALE)
    result = store.build()
    assert result.exit_code == 0
    if warning:
        assert f"products/teh.md, field 'sale': {warning}" in result.output, result.output
    else:
        assert "Warning" not in result.output
    page = store.page("teh/index.html")
    assert re.search(f'<strong id="price"[^>]*>{shown}</strong>', page)  # [^>]*: the sale's days for shop.js
    offer = _ld(page)["offers"]
    assert offer["price"] == shown[3:].replace(".", "")
    assert offer.get("priceValidUntil") == ("2026-12-12" if active else None)
    site, views = _views(store.root)
    view = views.product(_product(site, "teh"))
    if active is None:  # over: nothing of it is left on the page or in the cart
        assert view["sale"] is None and "sale" not in _cart(store, "cart/index.html")["products"]["teh"]
    else:  # the page carries the window, so the browser can start or end it when the page is older
        assert view["sale"] == {"price": "Rp 8.000", "compare": "Rp 10.000", "from": "2026-12-06",
                                "until": "2026-12-12", "active": active}
        assert (view["compare"], view["discount"]) == (("Rp 10.000", 20) if active else ("", None))
        assert views.card(_product(site, "teh"))["sale"] == view["sale"]
        cart = _cart(store, "cart/index.html")["products"]["teh"]
        assert cart["c"] == 10000 and cart["sale"] == {"c": 8000, "from": "2026-12-06", "until": "2026-12-12"}


def test_the_quick_check_builds_again_once_a_sale_starts_or_ends(store, monkeypatch):
    store.product("teh", SALE)
    monkeypatch.setenv("LAPAK_TODAY", "2026-12-05")
    assert store.build().exit_code == 0
    assert "Tidak ada yang berubah" in store.build().output  # the same day: nothing to do
    monkeypatch.setenv("LAPAK_TODAY", "2026-12-06")
    result = store.build()
    assert "Selesai membangun" in result.output and re.search('<strong id="price"[^>]*>Rp 8.000</strong>',
                                                  store.page("teh/index.html"))
    monkeypatch.setenv("LAPAK_TODAY", "2026-12-12")
    assert "Tidak ada yang berubah" in store.build().output  # still on sale
    monkeypatch.setenv("LAPAK_TODAY", "2026-12-13")
    assert "Selesai membangun" in store.build().output and re.search('<strong id="price"[^>]*>Rp 10.000</strong>',
                                                         store.page("teh/index.html"))


def test_during_a_sale_the_highest_earlier_price_is_struck_and_the_usual_price_comes_back_after(store):
    store.product("teh", 'title: Teh\nprice: 120000\ncompare_at_price: 150000\nsale: {price: 99000, until: 2026-12-31}')
    site, views = _views(store.root)
    view = views.product(_product(site, "teh"))
    assert (view["price"], view["compare"], view["discount"]) == ("Rp 99.000", "Rp 150.000", 34)
    assert view["sale"]["compare"] == "Rp 120.000"  # what the page shows again once the sale ends


def test_a_variant_sale_shows_on_the_variant_and_sorts_the_card_by_the_price_paid(store, monkeypatch):
    monkeypatch.setenv("LAPAK_TODAY", "2026-12-08")
    store.product("kaos", """\
        title: Kaos
        price: 100000
        variants:
          - name: M
          - name: XL
            price: 120000
            sale: {price: 90000, until: 2026-12-31}
        """)
    result = store.build()
    assert result.exit_code == 0 and "Warning" not in result.output and "Peringatan" not in result.output
    site, views = _views(store.root)
    kaos = _product(site, "kaos")
    view = views.product(kaos)
    m, xl = view["variants"]
    assert (m["price"], m["sale"]) == ("Rp 100.000", None)
    assert (xl["price"], xl["compare"], xl["discount"]) == ("Rp 90.000", "Rp 120.000", 25)
    assert xl["sale"]["active"] and view["price"] == "mulai Rp 90.000"
    assert views.card(kaos)["find"]["price"] == 90000  # "lowest price first" sorts by what a buyer pays today
    offers = {v["name"]: v["offers"] for v in _ld(store.page("kaos/index.html"))["hasVariant"]}
    assert offers["Kaos - XL"]["price"] == "90000" and offers["Kaos - XL"]["priceValidUntil"] == "2026-12-31"
    assert "priceValidUntil" not in offers["Kaos - M"]
    cart = _cart(store, "keranjang/index.html")["products"]["kaos"]
    assert cart["v"] == {"M": [100000, 0, None, None], "XL": [120000, 0, None,
                                                             {"c": 90000, "from": None, "until": "2026-12-31"}]}


# --------------------------------------------------------------------------- stock


def test_stock_counts_low_stock_and_restock_links(store):
    store.write("store.yml", BASE_STORE + "low_stock: 3\n")
    store.product("sedikit", "title: Tas Rotan\nprice: 150000\nstock: 3")
    store.product("banyak", "title: Sabun\nprice: 25000\nstock: 4")
    store.product("habis", "title: Kain Tenun\nprice: 275000\nstock: 0")
    store.product("kemeja", """\
        title: Kemeja
        price: 185000
        variants:
          - name: M
            stock: 2
          - name: XL
            stock: 0
          - name: L
        """)
    assert store.build().exit_code == 0
    site, views = _views(store.root)
    sedikit = views.product(_product(site, "sedikit"))
    assert (sedikit["stock"], sedikit["low"], sedikit["restock"]) == (3, True, "")
    assert (views.card(_product(site, "sedikit"))["low"], views.card(_product(site, "sedikit"))["stock"]) == (True, 3)
    assert views.product(_product(site, "banyak"))["low"] is False  # 4 is over low_stock: 3
    habis = views.product(_product(site, "habis"))
    assert habis["available"] is False and habis["low"] is False
    assert habis["restock"].startswith("https://wa.me/6281234567890?text=")
    assert unquote(habis["restock"].split("text=")[1]) == (
        "Halo Toko Tes, apakah Kain Tenun akan ada lagi? Tolong kabari saya kalau sudah tersedia.\n"
        "https://contoh.github.io/toko/habis/")
    m, xl, large = views.product(_product(site, "kemeja"))["variants"]
    assert (m["stock"], m["low"], m["sold_out"], m["restock"]) == (2, True, False, "")
    assert (xl["stock"], xl["sold_out"]) == (0, True)
    assert "apakah Kemeja (XL) akan ada lagi?" in unquote(xl["restock"])
    assert (large["stock"], large["low"]) == (None, False)
    cart = _cart(store, "keranjang/index.html")["products"]
    assert cart["sedikit"]["s"] == 3 and cart["kemeja"]["s"] is None
    assert cart["kemeja"]["v"] == {"M": [185000, 0, 2, None], "XL": [185000, 1, 0, None], "L": [185000, 0, None, None]}


def test_low_stock_zero_turns_the_alert_off(store):
    store.write("store.yml", BASE_STORE + "low_stock: 0\n")
    store.product("sedikit", "title: Tas Rotan\nprice: 150000\nstock: 1")
    site, views = _views(store.root)
    assert views.product(_product(site, "sedikit"))["low"] is False


# --------------------------------------------------------------------------- the cart page's data block


def test_the_cart_data_block_follows_the_checkout_contract(shop):
    shop.product("sambal", """\
        title: Sambal
        price: 35000
        stock: 8
        options:
          Level pedas: [Sedang, Pedas]
        sale: {price: 30000, until: 2026-12-24}
        """)
    assert shop.build().exit_code == 0
    data = _cart(shop, "keranjang/index.html")
    co = data["checkout"]
    assert set(co) == {"payment", "delivery", "free_over", "min_order", "vouchers", "how"}
    bank, ewallet, qris, cod = co["payment"]
    assert bank == {"type": "bank", "label": "Transfer bank", "name": "BCA", "account": "1234567890",
                    "holder": "Sari Wulandari", "note": "", "image": ""}
    assert (ewallet["type"], ewallet["account"], cod["type"], cod["note"]) == (
        "ewallet", "0812-3456-7890", "cod", "Khusus dalam kota Solo")
    assert re.fullmatch(r"/toko/photos/[0-9a-f]+-\d+\.webp", qris["image"])
    assert (shop.output / qris["image"][len("/toko/"):]).is_file()
    assert co["delivery"] == [
        {"name": "Ambil sendiri", "fee": 0, "note": "Laweyan, Solo. Senin–Sabtu 09.00–17.00"},
        {"name": "Kurir instan (Solo)", "fee": 15000, "note": ""},
        {"name": "JNE / J&T / SiCepat", "fee": None, "note": ""},
    ]
    assert (co["free_over"], co["min_order"], co["how"]) == (300000, 50000, "/toko/cara-pesan/")
    assert co["vouchers"] == [
        {"code": "HEMAT10", "percent": 10, "amount": None, "min": 100000, "until": "2026-12-31"},
        {"code": "GRATISONGKIR", "percent": None, "amount": 10000, "min": None, "until": None},
    ]
    sambal = data["products"]["sambal"]
    assert sambal["s"] == 8 and sambal["o"] == {"Level pedas": ["Sedang", "Pedas"]}
    assert sambal["sale"] == {"c": 30000, "from": None, "until": "2026-12-24"}
    assert data["products"]["kopi-gayo"]["o"] == {} and "sale" not in data["products"]["kopi-gayo"]
    words = data["words"]
    from generator.i18n import STRINGS

    assert {k for k in STRINGS["id"] if k.startswith("co_")} <= set(words)
    assert words["co_fee_chat"] == "ongkir dikonfirmasi via chat"
    assert words["co_restock_msg"].startswith("Halo Toko Tes, apakah {product}")
    # every page's settings for shop.js: what it asks before adding a cart that came in a link
    settings = _data(shop.page(), "lapak-data")
    assert settings["co_merge"] == "Tautan ini membawa {n} barang. Tambahkan ke keranjang Anda?"
    assert (settings["co_merge_yes"], settings["co_merge_no"]) == ("Tambahkan", "Abaikan")


def test_cart_amounts_are_in_the_smallest_unit_of_the_currency(store):
    store.write("store.yml", BASE_STORE + "currency: USD\nlanguage: en\ndelivery:\n  - name: Post\n    fee: 4.50\n"
                "min_order: 20\nvouchers:\n  - code: FIVE\n    amount: 5\n")
    store.product("kopi-gayo", "title: Coffee\nprice: 12.50\nsale: {price: 9.99}")
    assert store.build().exit_code == 0
    data = _cart(store, "cart/index.html")
    assert data["checkout"]["delivery"][0]["fee"] == 450 and data["checkout"]["min_order"] == 2000
    assert data["checkout"]["vouchers"][0]["amount"] == 500
    assert data["products"]["kopi-gayo"]["c"] == 1250 and data["products"]["kopi-gayo"]["sale"]["c"] == 999
    assert data["checkout"]["how"] == "/toko/how-to-order/"


# --------------------------------------------------------------------------- the example store and a new store


def test_the_example_store_shows_all_of_it(tmp_path):
    example = Store(tmp_path / "content")
    shutil.copytree(REPO / "content", example.root, ignore=shutil.ignore_patterns(".lapak-cache"))
    example.output = tmp_path / "site"
    result = example.build()
    assert result.exit_code == 0, result.output
    assert "Peringatan" not in result.output and "Warning" not in result.output
    how = _text(example.page("cara-pesan/index.html"))
    assert "Transfer bank: BCA" in how and "GoPay" in how and "Bayar di tempat (COD)" in how
    assert "JNE / J&T / SiCepat: ongkir dikonfirmasi via chat" in how and "HEMAT10" in how
    qris = re.search(r'<img src="/(photos/[^"]+\.webp)"[^>]*alt="Kode QRIS', example.page("cara-pesan/index.html"))
    assert qris and (example.output / qris.group(1)).is_file()
    for slug, title in (("tentang-kami", "Tentang kami"), ("cara-retur", "Cara retur")):
        assert f"<h1>{title}</h1>" in example.page(f"{slug}/index.html")
        assert f'<a href="/{slug}/">{title}</a>' in example.page()
    data = _cart(example, "keranjang/index.html")
    assert [p["type"] for p in data["checkout"]["payment"]] == ["bank", "bank", "ewallet", "qris", "cod"]
    assert data["products"]["sabun-sereh-kunyit"]["sale"]["c"] == 20000
    site, views = _views(example.root)
    assert views.product(_product(site, "tas-rotan-bulat"))["low"] is True
    assert views.product(_product(site, "kain-tenun-troso"))["restock"].startswith("https://wa.me/")


def test_the_checkout_examples_lapak_init_writes_work_when_uncommented(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    folder = tmp_path / "tokoku"
    assert CliRunner().invoke(main, ["init", str(folder), "--yes"]).exit_code == 0
    path = folder / "store.yml"
    lines, on = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        on = on or line.startswith("# payment:")
        if on and (re.match(r"# [a-z_]+:", line) or line.startswith("#   ")):
            line = line[2:]
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    make_photo(folder / "qris.png", (300, 300))
    store = Store(folder)
    store.output = tmp_path / "site"
    result = store.build()
    assert result.exit_code == 0, result.output
    assert not re.search(r"field '(payment|delivery|free_delivery_over|min_order|low_stock|vouchers)", result.output)
    how = _text(store.page("cara-pesan/index.html"))
    assert "Transfer bank: BCA" in how and "HEMAT10: Diskon 10%" in how and "JNE / J&T / SiCepat: ongkir" in how
