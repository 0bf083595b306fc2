"""Stock and sales on the product page, the cards and the cart, as a buyer in TikTok's browser sees them
on a 360x740 phone (Debian's Chromium through Playwright).

The example store is built on 1 June 2026 (LAPAK_TODAY) with two sales added: one that starts on
10 June and ends on 20 June, and one on a variant that ran when the page was built and ends on 5 June.
The buyer's clock then moves over those days: the page shows the price of the buyer's day.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from http.server import ThreadingHTTPServer
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from conftest import REPO
from test_cart import CART, order_text, stored
from test_shop import PREFIX, TIKTOK_ANDROID, Phone, _Handler, _rp, browser, expect, tb  # noqa: F401 (fixtures)

from generator.cli import main

BUILT = "2026-06-01"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """content/ with two sales, built on 1 June 2026 and served at http://127.0.0.1:<port>/toko/."""
    work = tmp_path_factory.mktemp("sales")
    store = work / "content"
    shutil.copytree(REPO / "content", store, ignore=shutil.ignore_patterns(".lapak-cache"))
    nastar = store / "products" / "nastar-nanas" / "index.md"
    nastar.write_text(nastar.read_text(encoding="utf-8").replace(
        'compare_at_price: "Rp 110.000"\n',
        'compare_at_price: "Rp 110.000"\nsale:\n  price: "Rp 80.000"\n  from: 2026-06-10\n  until: 2026-06-20\n'),
        encoding="utf-8")
    kemeja = store / "products" / "kemeja-batik-parang" / "index.md"
    kemeja.write_text(kemeja.read_text(encoding="utf-8").replace(
        '    sku: BTK-PRG-XL\n',
        '    sku: BTK-PRG-XL\n    sale:\n      price: "Rp 150.000"\n      until: 2026-06-05\n'), encoding="utf-8")
    output = work / "output"
    output.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(output)))
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}{PREFIX}"
    result = CliRunner().invoke(main, ["build", str(store), "--output", str(output), "--base-url", base],
                                env={"LAPAK_TODAY": BUILT})
    assert result.exit_code == 0, result.output
    policy = re.search(r"Content-Security-Policy: (.+)", (output / "_headers").read_text())
    _Handler.policy = policy.group(1).strip() if policy else ""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"base": base, "port": port, "output": output, "store": store, "policy": _Handler.policy}
    server.shutdown()
    server.server_close()


@pytest.fixture
def buyer(tb, browser, site):
    """A phone in TikTok's browser whose clock says ``day`` (10:00 in Jakarta)."""
    made = []

    def make(day: str = "2026-06-01", **extra) -> Phone:
        p = Phone(tb, browser, site, user_agent=TIKTOK_ANDROID, **extra)
        p.page.clock.set_fixed_time(f"{day}T10:00:00+07:00")
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


def wa_text(tb, page, selector: str = "#wa") -> str:
    return tb._wa(page.locator(selector).get_attribute("href"))[1]


def tap_order(p, page) -> str:
    """Tap the product's own WhatsApp button; the message that opens."""
    page.locator("#wa").click()
    page.wait_for_url("https://wa.me/**")
    return p.tb._wa(p.orders[-1])[1]


# --------------------------------------------------------------------------- stock


def test_low_stock_says_how_many_are_left_and_caps_the_stepper(tb, buyer):
    p = buyer()
    page = p.go("tas-rotan-bulat/")  # stock: 3, low_stock: 5
    assert page.locator("#left").inner_text() == "Sisa 3"
    p.shot("product-low-stock-360.png")
    assert page.locator("#qty").get_attribute("max") == "3"
    plus = page.get_by_role("button", name="Tambah", exact=True)
    for _ in range(5):
        plus.click()
    assert page.locator("#qty").input_value() == "3"
    page.locator("select[data-option]").select_option(label="Hitam")
    page.locator("#add").click()
    assert page.locator("#added").inner_text() == "Masuk keranjang. Stoknya tinggal 3. Lihat keranjang"
    page.locator("#add").click()  # three more cannot join the three in the cart
    assert page.locator("#top-cart .cart-n").inner_text() == "3"
    assert page.evaluate("k => JSON.parse(localStorage.getItem(k))", CART) == [
        {"s": "tas-rotan-bulat", "v": "", "o": [["Warna tali", "Hitam"]], "q": 3}]
    assert "Jumlah: 3" in tap_order(p, page)
    p.done("low stock")


def test_a_variants_stock_follows_the_choice(tb, buyer):
    p = buyer()
    page = p.go("kopi-robusta-temanggung/")  # 1 kg: stock 4
    left, qty = page.locator("#left"), page.locator("#qty")
    assert left.is_hidden() and qty.get_attribute("max") == "99"
    for _ in range(5):
        page.get_by_role("button", name="Tambah", exact=True).click()
    assert qty.input_value() == "6"
    page.locator("label.pill", has_text="1 kg").click()
    assert left.inner_text() == "Sisa 4" and qty.get_attribute("max") == "4" and qty.input_value() == "4"
    page.locator("label.pill", has_text="500 g").click()
    assert left.is_hidden() and qty.get_attribute("max") == "99"
    p.done("a variant's stock")


def test_sold_out_product_and_variant_offer_to_ask_for_a_restock(tb, buyer, site):
    p = buyer()
    page = p.go("kain-tenun-troso/")
    assert page.locator("#wa").count() == 0 and page.locator("#add").count() == 0
    restock = page.get_by_role("link", name="Tanya restock via WhatsApp")
    text = tb._wa(restock.get_attribute("href"))[1]
    assert "Kain Tenun Ikat Troso" in text and "ada lagi" in text and site["base"] + "kain-tenun-troso/" in text
    p.shot("product-sold-out-360.png")
    tb._no_sideways_scroll(page, 360, "a sold-out product")

    page = p.go("kemeja-batik-parang/")  # size S is sold out, the others are not
    line = page.locator(".restock-v")
    assert line.count() == 1 and line.inner_text() == "S: Habis · Tanya restock via WhatsApp"
    text = tb._wa(line.locator("a").get_attribute("href"))[1]
    assert "Kemeja Batik Parang Lengan Pendek (S)" in text
    p.done("restock")


def test_the_how_to_order_page_is_near_the_whatsapp_button(tb, buyer, site):
    p = buyer()
    page = p.go("wedang-uwuh/")
    link = page.locator(".order .how a")
    assert link.inner_text() == "Cara pesan & bayar" and link.get_attribute("href") == PREFIX + "cara-pesan/"
    wa, how = page.locator("#wa").bounding_box(), link.bounding_box()
    assert 0 < how["y"] - (wa["y"] + wa["height"]) < 150, (wa, how)  # just under the buttons
    link.click()
    page.wait_for_url("**/cara-pesan/")
    assert page.locator("h1").inner_text() == "Cara pesan & bayar"
    p.done("how to order")


# --------------------------------------------------------------------------- sales by the buyer's date

NASTAR = {  # the buyer's day: (price, struck price, badge, "ends" line)
    "2026-06-05": ("Rp 95.000", "Rp 110.000", "Hemat 14%", None),  # before the sale: the page as built
    "2026-06-12": ("Rp 80.000", "Rp 95.000", "Promo", None),
    "2026-06-18": ("Rp 80.000", "Rp 95.000", "Promo", "Berakhir dalam 2 hari"),
    "2026-06-20": ("Rp 80.000", "Rp 95.000", "Promo", "Berakhir hari ini"),
    "2026-06-21": ("Rp 95.000", "Rp 110.000", "Hemat 14%", None),  # over: as before it
}


@pytest.mark.parametrize("day", NASTAR)
def test_a_sale_starts_and_ends_by_the_buyers_date(tb, buyer, site, day):
    price, struck, badge, ends = NASTAR[day]
    p = buyer(day)
    page = p.go("nastar-nanas/")
    assert page.locator("#price").inner_text() == price
    assert page.locator(".price s:visible").all_inner_texts() == [struck]
    assert page.locator(".price .badge:visible").all_inner_texts() == [badge]
    if ends:
        expect(page.locator(".ends")).to_have_text(ends)
    else:
        assert page.locator(".ends").is_hidden()
    if day == "2026-06-18":
        p.shot("product-sale-360.png")
        tb._no_sideways_scroll(page, 360, "a product on sale")
    text = tap_order(p, page)  # the message names the price of the day
    assert f"harga {price}" in text or price in text, text
    other = "Rp 80.000" if price == "Rp 95.000" else "Rp 95.000"
    assert other not in text, text

    # the storefront's card and the cart agree
    page = p.go()
    card = page.locator(".card", has_text="Nastar Selai Nanas")
    assert card.locator(".card-price strong").inner_text() == price
    assert card.locator(".badge:visible").all_inner_texts() == (["Promo"] if badge == "Promo" else ["-14%"])
    stored(p, [{"s": "nastar-nanas", "v": "", "o": [], "q": 1}])
    page = p.go("keranjang/")
    assert page.locator("#lines .line-price").inner_text() == "1 × " + price
    p.done("sale on " + day)


def test_a_variants_sale_that_ran_when_the_page_was_built_ends_on_its_day(tb, buyer):
    for day, xl, lowest in (("2026-06-03", "Rp 150.000", "mulai Rp 150.000"),
                            ("2026-06-10", "Rp 195.000", "mulai Rp 185.000")):
        p = buyer(day)
        page = p.go("kemeja-batik-parang/")
        assert page.locator("#price").inner_text() == lowest
        assert page.locator(".price .badge:visible").all_inner_texts() == (["Promo"] if xl == "Rp 150.000" else [])
        pill = page.locator("label.pill", has_text="XL")
        assert pill.inner_text() == f"XL · {xl}"
        pill.click()
        assert page.locator("#price").inner_text() == xl
        page.locator("#add").click()
        assert xl in wa_text(tb, page) and page.locator("#left").inner_text() == "Sisa 2"
        page = p.go("keranjang/")
        assert page.locator("#lines .line-price").inner_text() == "1 × " + xl
        card = p.go().locator(".card", has_text="Kemeja Batik Parang")  # the storefront's card agrees
        assert " ".join(card.locator(".card-price").inner_text().split()) == lowest
        p.done("a variant's sale on " + day)


def test_a_page_without_javascript_shows_the_build_days_price(tb, buyer):
    p = buyer("2026-06-12", java_script_enabled=False)
    page = p.go("nastar-nanas/")  # built on 1 June, before the sale: the usual price, as built
    assert page.locator("#price").inner_text() == "Rp 95.000"
    assert page.locator(".price .badge:visible").all_inner_texts() == ["Hemat 14%"]
    assert "Rp 95.000" in unquote(page.locator("#wa").get_attribute("href"))
    page = p.go("tas-rotan-bulat/")
    assert page.locator("#left").inner_text() == "Sisa 3" and page.locator(".how a").is_visible()
    p.done("no JavaScript")


class Screen(Phone):
    """A browser context of any size (Phone's are phone-sized), with the same watch and WhatsApp stand-in."""

    def __init__(self, tb, browser, site, device: dict, **extra):
        self.tb, self.site, self.orders = tb, site, []
        self.context = browser.new_context(**device, **extra)
        self.page = self.context.new_page()
        self.watch = tb.Watch(self.context, self.page, site["port"])
        self.context.route("https://wa.me/**", self._wa)


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_the_product_and_cart_pages(tb, browser, site, width):
    p = Screen(tb, browser, site, tb.MOBILE, user_agent=TIKTOK_ANDROID) if width == 360 else Screen(
        tb, browser, site, tb.DESKTOP)
    try:
        p.page.clock.set_fixed_time("2026-06-18T10:00:00+07:00")
        stored(p, [{"s": "kopi-robusta-temanggung", "v": "1 kg", "o": [["Gilingan", "Biji utuh"]], "q": 2},
                   {"s": "nastar-nanas", "v": "", "o": [], "q": 1}])
        for rel, name in (("nastar-nanas/", "sale"), ("tas-rotan-bulat/", "stock"),
                          ("kemeja-batik-parang/", "variants"), ("", "storefront")):
            page = p.go(rel)
            tb._load_every_image(page)
            tb._no_sideways_scroll(page, width, name)
            p.shot(f"cart-product-{name}-{width}.png")
        page = p.go("keranjang/")
        page.locator("#ship .opt b", has_text="Kurir instan").click()
        page.locator("#pay .opt b", has_text="QRIS").click()
        page.get_by_label("Kode voucher").fill("HEMAT10")
        page.get_by_role("button", name="Pakai").click()
        tb._load_every_image(page)
        tb._no_sideways_scroll(page, width, "cart")
        p.shot(f"cart-checkout-{width}.png")
        assert order_text(tb, page)
        p.done("screenshots")
    finally:
        p.close()
