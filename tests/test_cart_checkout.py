"""Closing the sale on the cart page: delivery and its fee, free delivery, payment, voucher, the minimum
order, one message the seller can act on, then how to pay.

A buyer on a 360x740 phone inside TikTok's browser (Debian's Chromium through Playwright), on the
example store built and served under /toko/ (test_shop.py's tools, test_cart.py's helpers).
"""

from __future__ import annotations

import pytest
from test_cart import (CART, KOPI, NASTAR, SAMBAL, WEDANG, order_text, sane, serve_changed, stored,
                       tiktok)
from test_shop import _rp, browser, expect, phone, site, tb  # noqa: F401 (fixtures)

HELLO = "Halo Dapur & Kain Bu Sari, saya mau pesan:"


def lines(*cart) -> list[dict]:
    return [{"s": s, "v": v, "o": o, "q": q} for s, v, o, q in cart]


def choose(page, delivery: str | None = None, payment: str | None = None) -> None:
    if delivery:  # by the option's name (its note may name other things)
        page.locator("#ship .opt b", has_text=delivery).click()
    if payment:
        page.locator("#pay .opt b", has_text=payment).click()


def use_voucher(page, code: str) -> str:
    page.get_by_label("Kode voucher").fill(code)
    page.get_by_role("button", name="Pakai").click()
    return page.locator("#code-note").inner_text()


def test_delivery_payment_voucher_one_message_then_how_to_pay(tb, phone, site):
    p = tiktok(phone)
    p.context.grant_permissions(["clipboard-read", "clipboard-write"])
    stored(p, lines(("kopi-robusta-temanggung", "500 g", [["Gilingan", "Bubuk halus"]], 1),
                    ("sambal-bawang", "", [["Level pedas", "Pedas"]], 2)))
    page = p.go("keranjang/")
    sub = KOPI + 2 * SAMBAL  # Rp 190.000: over the voucher's minimum, under free delivery

    # nothing chosen yet: the button says what is missing instead of sending
    assert page.locator("#cart-wa").get_attribute("href") is None
    assert page.locator("#cart-stop").inner_text() == "Pilih pengiriman"
    page.locator("#cart-wa").click()
    expect(page.locator("#toast")).to_have_text("Pilih pengiriman")
    assert not p.orders

    # every delivery option with its fee, and the free-delivery threshold
    ship = page.locator("#ship")
    assert "Gratis ongkir untuk belanja minimal Rp 300.000" in ship.inner_text()
    assert [t.split("\n")[:2] for t in ship.locator("label").all_inner_texts()] == [
        ["Ambil sendiri", "Gratis"], ["Kurir instan (Solo)", "Rp 15.000"],
        ["JNE / J&T / SiCepat", "ongkir dikonfirmasi via chat"]]
    choose(page, delivery="Kurir instan")
    assert page.locator("#cart-stop").inner_text() == "Pilih cara bayar"
    assert [t.split("\n")[0] for t in page.locator("#pay label").all_inner_texts()] == [
        "Transfer bank BCA", "Transfer bank BRI", "E-wallet GoPay", "QRIS", "Bayar di tempat (COD)"]
    choose(page, payment="Transfer bank BCA")
    assert page.locator("#cart-stop").inner_text() == ""

    # the voucher, typed in small letters
    assert use_voucher(page, "hemat10") == "Voucher HEMAT10 dipakai: hemat Rp 19.000."
    assert page.locator("#code-ok").inner_text() == "Potongan dikonfirmasi penjual."
    off = sub // 10
    assert page.locator("#subtotal").inner_text() == _rp(sub)
    assert page.locator("#discount").inner_text() == "-" + _rp(off)
    assert page.locator("#fee").inner_text() == "Rp 15.000"
    total = sub - off + 15000
    assert page.locator("#total").inner_text() == _rp(total)
    page.get_by_label("Nama").fill("Budi")
    page.get_by_label("Alamat pengiriman").fill("Jl. Mawar 3\nLaweyan, Solo")
    p.shot("cart-checkout-360.png")
    tb._no_sideways_scroll(page, 360, "the cart with checkout")

    href = page.locator("#cart-wa").get_attribute("href")
    assert tb._wa(href)[1] == "\n".join([
        HELLO, "",
        f"1. *Kopi Robusta Temanggung* (500 g, Gilingan: Bubuk halus) — 1 × {_rp(KOPI)} = {_rp(KOPI)}",
        f"2. *Sambal Bawang Bu Sari* (Level pedas: Pedas) — 2 × {_rp(SAMBAL)} = {_rp(2 * SAMBAL)}", "",
        f"Subtotal: {_rp(sub)} (3 barang)",
        f"Voucher HEMAT10: -{_rp(off)} (potongan dikonfirmasi penjual)",
        "Pengiriman: Kurir instan (Solo) (Rp 15.000)",
        f"*Total: {_rp(total)}*",
        "Pembayaran: Transfer bank BCA", "",
        "Nama: Budi", "Alamat: Jl. Mawar 3, Laweyan, Solo", "",
        "via TikTok", "",
        "Link produk:", f"{site['base']}kopi-robusta-temanggung/", f"{site['base']}sambal-bawang/"])

    # sent: WhatsApp opens, and back on the cart page the buyer sees how to pay
    page.locator("#cart-wa").click()
    page.wait_for_url("https://wa.me/**")
    assert p.orders == [href]
    page.go_back(wait_until="networkidle")
    paid = page.locator("#paid")
    expect(paid).to_be_visible()
    text = paid.inner_text()
    assert "Pesanan terkirim. Begini cara membayarnya:" in text and "Transfer bank BCA" in text
    assert "Nomor: 1234567890" in text and "Atas nama: Sari Wulandari" in text
    assert f"Jumlah yang dibayar: {_rp(total)}" in text and "Tunggu balasan kami" in text
    p.shot("cart-paid-360.png")
    paid.get_by_role("button", name="Salin 1234567890").click()
    expect(page.locator("#toast")).to_have_text("Disalin.")
    assert page.evaluate("navigator.clipboard.readText()") == "1234567890"

    # the same order after a reload still shows it; "Kosongkan keranjang" empties the cart, the steps stay
    page.reload(wait_until="networkidle")
    expect(paid).to_be_visible()
    paid.get_by_role("button", name="Kosongkan keranjang").click()
    assert page.locator("#cart-empty").is_visible() and page.locator("#top-cart").is_hidden()
    assert paid.is_visible() and "1234567890" in paid.inner_text()
    page.reload(wait_until="networkidle")
    assert paid.is_hidden()
    p.done("checkout")


def test_a_changed_order_hides_the_old_payment_steps(tb, phone):
    p = tiktok(phone)
    stored(p, lines(("nastar-nanas", "", [], 1)))
    page = p.go("keranjang/")
    choose(page, "Ambil sendiri", "GoPay")
    page.locator("#cart-wa").click()
    page.wait_for_url("https://wa.me/**")
    page.go_back(wait_until="networkidle")
    expect(page.locator("#paid")).to_be_visible()
    assert "Nomor: 0812-3456-7890" in page.locator("#paid").inner_text()
    page.locator("#lines .line [data-step='1']").click()  # one more: the steps were for another total
    assert page.locator("#paid").is_hidden()
    p.done("a changed order")


def test_free_delivery_over_the_threshold(tb, phone):
    p = tiktok(phone)
    stored(p, lines(("nastar-nanas", "", [], 3), ("wedang-uwuh", "", [], 1)))  # Rp 315.000
    page = p.go("keranjang/")
    choose(page, "Kurir instan", "QRIS")
    assert page.locator("#ship label").nth(1).inner_text().split("\n")[1] == "Gratis"
    assert page.locator("#fee").inner_text() == "Gratis"
    sub = 3 * NASTAR + WEDANG
    assert page.locator("#total").inner_text() == _rp(sub)
    rows = order_text(tb, page).split("\n")
    assert "Pengiriman: Kurir instan (Solo) (Gratis)" in rows and f"*Total: {_rp(sub)}*" in rows
    assert "Pembayaran: QRIS" in rows
    # fewer items: under the threshold again, the fee is back
    page.locator("#lines .line").first.locator("[data-step='-1']").click()
    assert page.locator("#fee").inner_text() == "Rp 15.000"
    assert page.locator("#total").inner_text() == _rp(2 * NASTAR + WEDANG + 15000)

    # QRIS: after sending, the code to scan and the amount
    page.locator("#cart-wa").click()
    page.wait_for_url("https://wa.me/**")
    page.go_back(wait_until="networkidle")
    paid = page.locator("#paid")
    expect(paid.locator("img.qris")).to_be_visible()
    assert paid.locator("img.qris").get_attribute("alt") == "QRIS"
    assert f"Jumlah yang dibayar: {_rp(2 * NASTAR + WEDANG + 15000)}" in paid.inner_text()
    assert "Pindai kode QRIS" in paid.inner_text()
    page.wait_for_function("document.querySelector('img.qris').naturalWidth > 0")
    p.done("free delivery and QRIS")


def test_a_fee_worked_out_in_the_chat_and_cash_on_delivery(tb, phone):
    p = tiktok(phone)
    stored(p, lines(("nastar-nanas", "", [], 1)))
    page = p.go("keranjang/")
    choose(page, "JNE", "COD")
    assert page.locator("#fee").inner_text() == "ongkir dikonfirmasi via chat"
    assert page.locator("#total").inner_text() == _rp(NASTAR) + " + ongkir"
    rows = order_text(tb, page).split("\n")
    assert "Pengiriman: JNE / J&T / SiCepat (ongkir dikonfirmasi via chat)" in rows
    assert f"*Total: {_rp(NASTAR)} + ongkir*" in rows and "Pembayaran: Bayar di tempat (COD)" in rows
    page.locator("#cart-wa").click()
    page.wait_for_url("https://wa.me/**")
    page.go_back(wait_until="networkidle")
    text = page.locator("#paid").inner_text()
    assert "Bayar tunai saat pesanan sampai." in text and "Khusus dalam kota Solo" in text
    assert f"Jumlah yang dibayar: {_rp(NASTAR)} + ongkir" in text
    p.done("COD")


def test_the_minimum_order_blocks_sending_with_a_clear_line(tb, phone):
    p = tiktok(phone)
    stored(p, lines(("wedang-uwuh", "", [], 1)))  # Rp 30.000, under the Rp 50.000 minimum
    page = p.go("keranjang/")
    choose(page, "Ambil sendiri", "BCA")
    stop = page.locator("#cart-stop")
    assert stop.inner_text() == "Minimal belanja Rp 50.000. Tambah Rp 20.000 lagi untuk bisa memesan."
    wa = page.locator("#cart-wa")
    assert wa.get_attribute("href") is None and wa.get_attribute("aria-disabled") is not None
    wa.click()
    assert not p.orders and "keranjang" in page.url
    p.shot("cart-minimum-360.png")
    page.locator("#lines .line [data-step='1']").click()  # Rp 60.000
    assert stop.inner_text() == "" and wa.get_attribute("href").startswith("https://wa.me/")
    p.done("minimum order")


@pytest.mark.parametrize("code, nastar, note", [
    ("HEMAT", 1, "Kode voucher itu tidak dikenal."),
    ("hemat10", 1, "Voucher itu berlaku untuk belanja minimal Rp 100.000."),  # Rp 95.000 in the cart
    ("GratisOngkir", 2, "Voucher GRATISONGKIR dipakai: hemat Rp 10.000."),
    ("LEWAT", 1, "Voucher itu sudah berakhir."),
])
def test_voucher_codes_are_checked_in_the_browser(tb, phone, code, nastar, note):
    def with_old_voucher(data):
        data["checkout"]["vouchers"].append({"code": "LEWAT", "percent": 50, "amount": None, "min": None,
                                             "until": "2026-06-14"})  # yesterday, for this buyer's clock
        return data

    p = tiktok(phone)
    serve_changed(p, cart=with_old_voucher)
    stored(p, lines(("nastar-nanas", "", [], nastar)))
    page = p.go("keranjang/")
    choose(page, "Ambil sendiri", "BCA")
    assert use_voucher(page, code) == note
    confirmed = page.locator("#code-ok").inner_text()
    assert confirmed == ("Potongan dikonfirmasi penjual." if code == "GratisOngkir" else "")
    rows = order_text(tb, page).split("\n")
    if code == "GratisOngkir":
        assert f"Voucher GRATISONGKIR: -{_rp(10000)} (potongan dikonfirmasi penjual)" in rows
        assert f"*Total: {_rp(nastar * NASTAR - 10000)}*" in rows
    else:  # a code that does not hold changes nothing in the message
        assert not any(r.startswith("Voucher") for r in rows) and f"*Total: {_rp(nastar * NASTAR)}*" in rows
    p.done("voucher " + code)


def test_a_voucher_that_stops_holding_is_taken_off(tb, phone):
    p = tiktok(phone)
    stored(p, lines(("nastar-nanas", "", [], 2)))
    page = p.go("keranjang/")
    choose(page, "Ambil sendiri", "BCA")
    assert use_voucher(page, "HEMAT10").startswith("Voucher HEMAT10 dipakai: hemat Rp 19.000.")
    page.locator("#lines .line [data-step='-1']").click()  # Rp 95.000: under the voucher's minimum
    assert page.locator("#code-note").inner_text() == "Voucher itu berlaku untuk belanja minimal Rp 100.000."
    assert page.locator("#sum-code").is_hidden() and page.locator("#total").inner_text() == _rp(NASTAR)
    assert "Voucher" not in order_text(tb, page)
    p.done("a voucher that stops holding")


def test_stock_caps_the_quantity_in_the_cart(tb, phone):
    def three_left(data):
        data["products"]["nastar-nanas"]["s"] = 3
        return data

    p = tiktok(phone)
    serve_changed(p, cart=three_left)
    stored(p, lines(("nastar-nanas", "", [], 8)))
    page = p.go("keranjang/")
    line = page.locator("#lines .line")
    assert line.locator("input").input_value() == "3" and line.locator(".line-left").inner_text() == "Stoknya tinggal 3."
    line.locator("[data-step='1']").click()
    assert line.locator("input").input_value() == "3"
    line.locator("input").fill("50")
    assert page.locator("#count").inner_text() == "3 barang"
    assert sane(tb, page) == [{"s": "nastar-nanas", "v": "", "o": [], "q": 3}]
    p.done("stock in the cart")


def test_sale_prices_follow_the_buyers_date_in_the_cart(tb, phone):
    def sale(data):
        data["products"]["nastar-nanas"]["sale"] = {"c": 80000, "from": "2026-06-10", "until": "2026-06-20"}
        data["products"]["wedang-uwuh"]["sale"] = {"c": 20000, "from": "2026-07-01", "until": None}
        kopi = data["products"]["kopi-robusta-temanggung"]["v"]["500 g"]
        kopi[2:] = [None, {"c": 100000, "from": None, "until": "2026-06-14"}]
        return data

    p = tiktok(phone)
    serve_changed(p, cart=sale)
    stored(p, lines(("nastar-nanas", "", [], 1), ("wedang-uwuh", "", [], 1), ("kopi-robusta-temanggung", "500 g", [], 1)))
    page = p.go("keranjang/")  # 15 June: the nastar sale is on, the wedang one not yet, the kopi one is over
    prices = page.locator("#lines .line-price").all_inner_texts()
    assert prices == ["1 × Rp 80.000", "1 × Rp 30.000", "1 × Rp 120.000"]
    assert page.locator("#total").inner_text() == _rp(80000 + WEDANG + KOPI)
    p.done("sales in the cart")


def test_a_long_order_with_checkout_lines_is_shortened_by_whole_lines(tb, phone):
    from generator.site.shop import MAX_WA_LINK

    p = tiktok(phone)
    grinds = ["Biji utuh", "Bubuk kasar (tubruk)", "Bubuk halus"]
    stored(p, [{"s": "kopi-robusta-temanggung", "v": v, "o": [["Gilingan", g]], "q": 1}
               for v in ("250 g", "500 g", "1 kg") for g in grinds] +
           [{"s": "sabun-sereh-kunyit", "v": "", "o": [["Aroma", a]], "q": 1} for a in ("Sereh", "Kunyit", "Kopi")])
    page = p.go("keranjang/")
    choose(page, "JNE", "GoPay")
    page.get_by_label("Alamat pengiriman").fill("Jl. Veteran No. 12, RT 03/RW 05, Kel. Laweyan, Kec. Laweyan, "
                                                "Kota Surakarta, Jawa Tengah 57148")
    href = page.locator("#cart-wa").get_attribute("href")
    assert len(href) <= MAX_WA_LINK
    rows = tb._wa(href)[1].split("\n")
    assert any(r.startswith("…dan ") for r in rows) and "Link produk:" not in rows
    # the sums, the delivery and the payment always stay whole
    assert rows.count("Pengiriman: JNE / J&T / SiCepat (Gratis)") == 1  # over Rp 300.000
    assert "Pembayaran: E-wallet GoPay" in rows and any(r.startswith("Subtotal: ") for r in rows)
    assert page.locator("#cart-short").is_visible()
    p.done("a long order with checkout")


def test_a_store_without_checkout_settings_keeps_the_short_cart(tb, phone):
    from test_cart import no_checkout

    p = tiktok(phone)
    serve_changed(p, cart=no_checkout)
    stored(p, lines(("wedang-uwuh", "", [], 1)))
    page = p.go("keranjang/")
    for part in ("#voucher", "#ship", "#pay", "#cart-how"):
        assert page.locator(part).is_hidden(), part
    assert page.locator("#cart-wa").get_attribute("href") and page.locator("#cart-stop").inner_text() == ""
    p.done("no checkout settings")


ENGLISH = """\
name: Corner Shop
language: en
currency: USD
whatsapp: '+1 202 555 0143'
base_url: https://shop.example/toko/
payment:
  - type: bank
    name: Chase
    account: "123-456"
    holder: Jo Doe
  - type: cod
    note: In town only.
delivery:
  - name: Pickup
    fee: 0
  - name: Courier
    fee: "5.00"
min_order: "20.00"
vouchers:
  - code: SAVE5
    amount: "5.00"
"""


def test_an_english_store_writes_the_order_and_the_steps_in_english(tb, browser, store):
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from test_shop import TIKTOK_ANDROID, Phone, _Handler

    store.write("store.yml", ENGLISH)
    store.product("kopi-gayo", "title: Gayo Coffee\nprice: '12.50'\nstock: 4")
    result = store.build()
    assert result.exit_code == 0, result.output
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(store.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    site = {"base": f"http://127.0.0.1:{port}/toko/", "port": port, "policy": ""}
    p = Phone(tb, browser, site, user_agent=TIKTOK_ANDROID)
    try:
        page = p.go("kopi-gayo/")
        assert page.locator("#left").inner_text() == "Only 4 left" and page.locator("#qty").get_attribute("max") == "4"
        page.locator("#add").click()
        page = p.go("cart/")
        assert page.locator("#cart-stop").inner_text() == "The minimum order is $20.00. Add $7.50 more to order."
        page.locator("#lines .line [data-step='1']").click()
        assert page.locator("#cart-stop").inner_text() == "Choose delivery"
        page.locator("#ship .opt b", has_text="Courier").click()
        page.locator("#pay .opt b", has_text="Chase").click()
        page.get_by_label("Voucher code").fill("save5")
        page.get_by_role("button", name="Apply").click()
        assert page.locator("#code-note").inner_text() == "Voucher SAVE5 applied: you save $5.00."
        assert page.locator("#code-ok").inner_text() == "The seller confirms the discount."
        rows = order_text(tb, page).split("\n")
        assert rows[:3] == ["Hello Corner Shop, I would like to order:", "",
                            "1. *Gayo Coffee* — 2 × $12.50 = $25.00"]
        assert rows[4:9] == ["Subtotal: $25.00 (2 items)",
                             "Voucher SAVE5: -$5.00 (the seller confirms the discount)",
                             "Delivery: Courier ($5.00)", "*Total: $25.00*", "Payment: Bank transfer Chase"]
        assert "via TikTok" in rows
        page.locator("#cart-wa").click()
        page.wait_for_url("https://wa.me/**")
        page.go_back(wait_until="networkidle")
        text = page.locator("#paid").inner_text()
        assert "Order sent. Here is how to pay:" in text and "Number: 123-456" in text and "Name: Jo Doe" in text
        assert "Amount to pay: $25.00" in text
        p.done("an English store")
    finally:
        p.close()
        server.shutdown()
        server.server_close()
