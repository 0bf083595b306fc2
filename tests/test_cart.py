"""The cart trusts nothing: every tampered cart (stored, or in a link) ends in a sane cart and an honest
order message, and the page never breaks.

A buyer on a 360x740 phone inside TikTok's browser (Debian's Chromium through Playwright), on the
example store built and served under /toko/ with its Content-Security-Policy (test_shop.py's tools).
Skipped when the browser is missing, unless LAPAK_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from test_shop import PREFIX, TIKTOK_ANDROID, _rp, browser, catalog, expect, phone, site, tb  # noqa: F401 (fixtures)

from generator.site.shop import json_data

CART = "lapak:/toko/cart"
SAMBAL, NASTAR, KOPI, WEDANG = 35000, 95000, 120000, 30000  # sambal-bawang, nastar-nanas, kopi 500 g, wedang-uwuh


def data_block(html: str, block: str, change) -> str:
    """``html`` with its JSON data block ``block`` replaced by ``change(data)``."""
    pattern = re.compile(rf'(<script type="application/json" id="{block}">)(.*?)(</script>)', re.DOTALL)
    found = pattern.search(html)
    if not found:
        return html
    new = json_data(change(json.loads(found.group(2))))
    return html[:found.start(2)] + new + html[found.end(2):]


def serve_changed(p, cart=None, shop=None) -> None:
    """Serve this phone's pages with their data changed: ``cart(data)`` the cart's (its page's data block with the
    products of its prices file, as one dict), ``shop(cfg)`` every page's."""
    prices: dict[str, str] = {}

    def whole(data: dict) -> dict:
        data["products"] = cart_prices(p.site, data)
        data = cart(data)
        prices[data["prices"]] = json_data({"products": data.pop("products")})
        return data

    def handle(route):
        response = route.fetch()
        body = response.text()
        if cart:
            body = data_block(body, "cart-data", whole)
        if shop:
            body = data_block(body, "lapak-data", shop)
        route.fulfill(response=response, body=body)

    def handle_prices(route):
        path = urlsplit(route.request.url).path
        if path in prices:
            route.fulfill(status=200, content_type="application/json", body=prices[path])
        else:
            route.continue_()

    p.context.route(re.compile(r"^http://127\.0\.0\.1:\d+/toko/([^?#]*/)?(\?[^#]*)?$"), handle)
    p.context.route(re.compile(r"^http://127\.0\.0\.1:\d+/toko/assets/prices\.[0-9a-f]+\.json$"), handle_prices)


def cart_prices(site: dict, data: dict) -> dict:
    """The products of the prices file the cart page's data block ``data`` names, as built."""
    path = site["output"] / data["prices"].removeprefix(PREFIX)
    return json.loads(path.read_text(encoding="utf-8"))["products"]


def no_checkout(data: dict) -> dict:
    """A store without payment, delivery or voucher settings: the order message is the short one."""
    data["checkout"] = {"payment": [], "delivery": [], "free_over": None, "min_order": None, "vouchers": [], "how": ""}
    return data


def tiktok(phone, **extra):
    p = phone(user_agent=TIKTOK_ANDROID, **extra)
    p.page.clock.set_fixed_time("2026-06-15T10:00:00+07:00")
    return p


def stored(p, cart) -> None:
    """Put ``cart`` (any JSON, or raw text) in the buyer's storage, as a crafted page or an old version could."""
    p.go()
    raw = cart if isinstance(cart, str) else json.dumps(cart)
    p.page.evaluate("([k, v]) => localStorage.setItem(k, v)", [CART, raw])


def order_text(tb, page) -> str:
    href = page.locator("#cart-wa").get_attribute("href")
    assert href, "the order button has no link: " + page.locator("#cart-stop").inner_text()
    return tb._wa(href)[1]


def sane(tb, page) -> list[dict]:
    """What a sane cart looks like afterwards: storage holds plain lines, the page shows no broken values."""
    kept = page.evaluate("k => JSON.parse(localStorage.getItem(k))", CART)
    assert isinstance(kept, list)
    for line in kept:
        assert set(line) == {"s", "v", "o", "q"}, line
        assert isinstance(line["q"], int) and 1 <= line["q"] <= 99, line
        assert all(isinstance(x, str) and "\n" not in x for x in [line["s"], line["v"], *sum(line["o"], [])]), line
    shown = page.locator("main").inner_text()
    for bad in ("NaN", "undefined", "[object", "null", "Infinity"):
        assert bad not in shown, f"{bad!r} on the cart page: {shown}"
    return kept


def message(*items: str, total: int, n: int) -> str:
    """The short order message (a store without checkout settings) from a TikTok buyer."""
    return "\n".join(["Halo Dapur & Kain Bu Sari, saya mau pesan:", "", *items, "",
                      f"*Total: {_rp(total)}* ({n} barang)", "", "via TikTok", "", "Link produk:"])


# --------------------------------------------------------------------------- tampered carts in storage

TAMPERED = {
    # quantities written as text: 5 + 2 is 7 items, never a badge of "052"
    "text quantities": ([{"s": "sambal-bawang", "v": "", "o": [["Level pedas", "Pedas"]], "q": "5"},
                         {"s": "wedang-uwuh", "v": "", "o": [], "q": "2"}],
                        [f"1. *Sambal Bawang Bu Sari* (Level pedas: Pedas) — 5 × {_rp(SAMBAL)} = {_rp(5 * SAMBAL)}",
                         f"2. *Wedang Uwuh Celup (isi 10)* — 2 × {_rp(WEDANG)} = {_rp(2 * WEDANG)}"],
                        5 * SAMBAL + 2 * WEDANG, 7),
    # a billion of something is 99, the most one line holds
    "a billion": ([{"s": "wedang-uwuh", "v": "", "o": [], "q": 1e9}],
                  [f"1. *Wedang Uwuh Celup (isi 10)* — 99 × {_rp(WEDANG)} = {_rp(99 * WEDANG)}"], 99 * WEDANG, 99),
    # names that every object has: no such product or variant, the lines go
    "constructor and __proto__": ([{"s": "constructor", "v": "", "o": [], "q": 1},
                                   {"s": "kopi-robusta-temanggung", "v": "__proto__", "o": [], "q": 1},
                                   {"s": "__proto__", "v": "", "o": [], "q": 2},
                                   {"s": "wedang-uwuh", "v": "toString", "o": [], "q": 1},
                                   {"s": "nastar-nanas", "v": "", "o": [["hasOwnProperty", "x"]], "q": 1}],
                                  [f"1. *Nastar Selai Nanas* — 1 × {_rp(NASTAR)} = {_rp(NASTAR)}"], NASTAR, 1),
    # options that are not pairs of words: dropped, the line stays
    "options not pairs": ([{"s": "nastar-nanas", "v": "", "o": [1], "q": 1},
                           {"s": "wedang-uwuh", "v": "", "o": {"a": 1}, "q": 1},
                           {"s": "sambal-bawang", "v": "", "o": [[1, 2], ["Level pedas"], None], "q": 1}],
                          [f"1. *Nastar Selai Nanas* — 1 × {_rp(NASTAR)} = {_rp(NASTAR)}",
                           f"2. *Wedang Uwuh Celup (isi 10)* — 1 × {_rp(WEDANG)} = {_rp(WEDANG)}",
                           f"3. *Sambal Bawang Bu Sari* — 1 × {_rp(SAMBAL)} = {_rp(SAMBAL)}"],
                          NASTAR + WEDANG + SAMBAL, 3),
    # new lines in a choice would write lines of their own into the seller's chat
    "new lines in choices": ([{"s": "kopi-robusta-temanggung", "v": "500 g",
                               "o": [["Gilingan", "Bubuk halus\n\n*Total: Rp 1*\nTransfer ke BCA 123"]], "q": 1},
                              {"s": "sambal-bawang", "v": "", "q": 1,
                               "o": [["Level pedas\n*Total: Rp 1*", "Pedas"], ["Level pedas", "Sedang\u2028Transfer ke BCA 123"]]},
                              {"s": "nastar-nanas\n*Total: Rp 1*", "v": "", "o": [], "q": 1}],
                             [f"1. *Kopi Robusta Temanggung* (500 g) — 1 × {_rp(KOPI)} = {_rp(KOPI)}",
                              f"2. *Sambal Bawang Bu Sari* — 1 × {_rp(SAMBAL)} = {_rp(SAMBAL)}"],
                             KOPI + SAMBAL, 2),
    # an option the product never had, or a value it does not offer, or the same option twice
    "undeclared options": ([{"s": "sambal-bawang", "v": "", "q": 2,
                             "o": [["Level pedas", "Pedas"], ["Level pedas", "Sedang"], ["Bonus", "Gratis 10 botol"]]},
                            {"s": "wedang-uwuh", "v": "", "o": [["Rasa", "Manis"]], "q": 1}],
                           [f"1. *Sambal Bawang Bu Sari* (Level pedas: Pedas) — 2 × {_rp(SAMBAL)} = {_rp(2 * SAMBAL)}",
                            f"2. *Wedang Uwuh Celup (isi 10)* — 1 × {_rp(WEDANG)} = {_rp(WEDANG)}"],
                           2 * SAMBAL + WEDANG, 3),
    # nothing, less than nothing, not a number, halves; the same line twice is one line
    "odd quantities": ([{"s": "wedang-uwuh", "v": "", "o": [], "q": 0}, {"s": "wedang-uwuh", "v": "", "o": [], "q": -3},
                        {"s": "wedang-uwuh", "v": "", "o": [], "q": "abc"}, {"s": "wedang-uwuh", "v": "", "o": [], "q": None},
                        {"s": "nastar-nanas", "v": "", "o": [], "q": 2.5}, {"s": "nastar-nanas", "v": "", "o": [], "q": "1"},
                        {"s": "sambal-bawang", "v": "", "o": [], "q": "1e3"}, None, "x", 7, [], {}],
                       [f"1. *Nastar Selai Nanas* — 3 × {_rp(NASTAR)} = {_rp(3 * NASTAR)}"], 3 * NASTAR, 3),
    # a variant on a product without any, and no variant on one that has them
    "variants that do not exist": ([{"s": "wedang-uwuh", "v": "1 kg", "o": [], "q": 1},
                                    {"s": "kopi-robusta-temanggung", "v": "", "o": [], "q": 1},
                                    {"s": "kopi-robusta-temanggung", "v": "250 g", "o": [], "q": 1}],
                                   [f"1. *Kopi Robusta Temanggung* (250 g) — 1 × {_rp(65000)} = {_rp(65000)}"], 65000, 1),
}


@pytest.mark.parametrize("cart, items, total, n", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_cart_in_storage_ends_sane_with_an_honest_message(tb, phone, site, cart, items, total, n):
    p = tiktok(phone)
    serve_changed(p, cart=no_checkout)
    stored(p, cart)
    page = p.go("keranjang/")
    assert page.locator("#top-cart .cart-n").inner_text() == str(n)
    assert page.locator("#lines .line").count() == len(items)
    assert page.locator("#total").inner_text() == _rp(total)
    text = order_text(tb, page)
    assert text.startswith(message(*items, total=total, n=n)), text
    assert "Rp 1*" not in text and "BCA 123" not in text and "Bonus" not in text
    sane(tb, page)
    # the cart still works: one more of the first line, then empty it
    page.locator("#lines .line").first.locator("[data-step='1']").click()
    assert page.locator("#count").inner_text() == f"{min(n + 1, 99)} barang"
    page.get_by_role("button", name="Kosongkan keranjang").click()
    assert page.locator("#cart-empty").is_visible() and page.locator("#top-cart").is_hidden()
    p.done("tampered cart: " + json.dumps(cart)[:60])


@pytest.mark.parametrize("raw", ["{not json", '{"s": "sambal-bawang", "q": 1}', '"a cart"', "12"])
def test_an_unreadable_stored_cart_is_emptied_with_a_notice(tb, phone, raw):
    p = tiktok(phone)
    stored(p, raw)
    page = p.go("keranjang/")
    expect(page.locator("#cart-note")).to_be_visible()
    assert "dikosongkan" in page.locator("#cart-note").inner_text()
    assert page.locator("#cart-empty").is_visible() and page.evaluate("k => localStorage.getItem(k)", CART) == "[]"
    page = p.go("sambal-bawang/")  # and the store goes on: add, see it in the cart
    page.locator("select[data-option]").select_option(label="Pedas")
    page.locator("#add").click()
    page = p.go("keranjang/")
    assert page.locator("#lines .line").count() == 1 and page.locator("#cart-note").is_hidden()
    p.done("unreadable cart")


def test_lines_no_longer_sold_are_taken_out_and_the_cart_says_so(tb, phone):
    p = tiktok(phone)
    stored(p, [{"s": "produk-lama", "v": "", "o": [], "q": 1}, {"s": "nastar-nanas", "v": "", "o": [], "q": 1}])
    page = p.go("keranjang/")
    assert page.locator("#lines .line").count() == 1
    assert "sudah tidak dijual" in page.locator("#cart-note").inner_text()
    p.done("a line no longer sold")


def test_when_drawing_the_cart_fails_it_starts_again_empty_with_a_notice(tb, phone):
    # Even a broken build's data cannot leave the cart stuck: here a product's price is not a number.
    def broken(data):
        data["products"]["nastar-nanas"]["c"] = "95.000"
        return data

    p = tiktok(phone)
    serve_changed(p, cart=broken)
    stored(p, [{"s": "nastar-nanas", "v": "", "o": [], "q": 1}])
    page = p.go("keranjang/")
    assert "dikosongkan" in page.locator("#cart-note").inner_text()
    assert page.locator("#cart-empty").is_visible() and page.locator("#top-cart").is_hidden()
    p.done("a cart that cannot be drawn")  # no script error escaped


# --------------------------------------------------------------------------- a cart in a link


def _link(site, rel: str, cart) -> str:
    from urllib.parse import quote

    return site["base"] + rel + "?cart=" + quote(json.dumps(cart))


def test_a_cart_in_a_link_is_added_only_when_the_buyer_agrees(tb, phone, site):
    crafted = [{"s": "wedang-uwuh", "v": "", "o": [], "q": "40"},
               {"s": "sambal-bawang", "v": "", "o": [["Level pedas", "Pedas\n*Total: Rp 1*"]], "q": 2}]
    p = tiktok(phone)
    page = p.page
    page.goto(_link(site, "nastar-nanas/", crafted), wait_until="networkidle")
    offer = page.locator(".offer")
    assert offer.is_visible() and "42 barang" in offer.inner_text()
    assert "cart=" not in page.url and page.url.endswith("/nastar-nanas/")
    assert page.locator("#top-cart").is_hidden()  # nothing added yet
    p.shot("cart-offer-360.png")
    tb._no_sideways_scroll(page, 360, "the offer of a linked cart")
    page.get_by_role("button", name="Abaikan").click()
    assert offer.count() == 0 and page.locator("#top-cart").is_hidden()
    assert page.evaluate("k => localStorage.getItem(k)", CART) in (None, "[]")
    page.reload(wait_until="networkidle")
    assert page.locator(".offer").count() == 0  # the link is gone from the address: no second question

    # the buyer's own cart stays as it was when they say yes; the linked lines join it, tidied
    stored(p, [{"s": "wedang-uwuh", "v": "", "o": [], "q": 1}])
    page.goto(_link(site, "keranjang/", crafted), wait_until="networkidle")
    assert page.locator("#lines .line").count() == 1
    page.get_by_role("button", name="Tambahkan").click()
    assert page.locator("#lines .line").count() == 2 and page.locator("#top-cart .cart-n").inner_text() == "43"
    assert page.locator("#lines .line-opts").nth(1).inner_text() == ""  # the value with a new line was not offered
    assert "Rp 1*" not in page.locator("main").inner_text()
    sane(tb, page)
    p.done("a cart in a link")


@pytest.mark.parametrize("junk", ["[", '{"s":"x"}', "[1,2,3]", '[{"s":"","q":1}]', '[{"s":"nastar-nanas","q":0}]'])
def test_a_link_with_no_sound_cart_asks_nothing(tb, phone, site, junk):
    from urllib.parse import quote

    p = tiktok(phone)
    page = p.page
    page.goto(site["base"] + "?src=ig&cart=" + quote(junk), wait_until="networkidle")
    assert page.locator(".offer").count() == 0 and page.locator("#top-cart").is_hidden()
    assert page.url == site["base"] + "?src=ig"
    p.done("a link with junk for a cart")


# --------------------------------------------------------------------------- the source


@pytest.mark.parametrize("src, via", [("__proto__", None), ("constructor", None), ("toString", None),
                                      ("promo%0A*Total:%20Rp%201*", None), ("ig", "via Instagram"),
                                      ("TikTok", "via TikTok"), ("qr", "via QR")])
def test_only_known_sources_reach_the_message(tb, phone, site, src, via):
    p = phone()  # a phone's own browser: no app to name
    serve_changed(p, cart=no_checkout)
    stored(p, [{"s": "nastar-nanas", "v": "", "o": [], "q": 1}])
    p.page.goto(site["base"] + "?src=" + src, wait_until="networkidle")
    page = p.go("keranjang/")
    text = order_text(tb, page)
    assert "[object" not in text and "Rp 1*" not in text
    rows = text.split("\n")
    assert [r for r in rows if r.startswith("via ")] == ([via] if via else []), text
    p.done("?src=" + src)


def test_a_crafted_source_does_not_hide_the_app(tb, phone, site):
    p = tiktok(phone)
    serve_changed(p, cart=no_checkout)
    stored(p, [{"s": "nastar-nanas", "v": "", "o": [], "q": 1}])
    p.page.goto(site["base"] + "?src=__proto__", wait_until="networkidle")
    page = p.go("keranjang/")
    assert order_text(tb, page) == message(f"1. *Nastar Selai Nanas* — 1 × {_rp(NASTAR)} = {_rp(NASTAR)}",
                                           total=NASTAR, n=1) + "\n" + site["base"] + "nastar-nanas/"
    p.done("a crafted source in TikTok")
