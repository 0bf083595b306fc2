"""Shopping inside TikTok's browser: the cart and its one WhatsApp order, search and chips, sharing,
in-app browser help, attribution (?src= and UTM), QR codes, and the JavaScript budget.

The build checks run everywhere. The browser checks drive Debian's Chromium through Playwright on a
360x740 phone screen; they are skipped when /usr/bin/chromium or Playwright is missing, unless
LAPAK_REQUIRE_BROWSER=1 (CI), which fails instead. Screenshots go to /tmp/lapak-shots/.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import threading
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, Store

from generator.cli import main
from generator.content.money import format_money
from generator.site.shop import MAX_WA_LINK, money_spec

JS_BUDGET = 10_000  # all JavaScript one page loads, gzipped (as every host serves it), in bytes: 10 KB
JS_RAW_LIMIT = 30_000  # and as written, so that gzip cannot hide a script growing without bound

VARIANTS = """\
title: Kemeja Batik
price: 150.000
category: Fashion Pria
date: 2024-02-01
options:
  Lengan: [Pendek, Panjang]
variants:
  - name: M
  - name: XL
    price: 165000
  - name: S
    sold_out: true
marketplaces:
  shopee: https://shopee.co.id/tokotes/123?utm_source=punyaku
  tokopedia: https://www.tokopedia.com/tokotes/kemeja
"""


# --------------------------------------------------------------------------- the build


@pytest.fixture
def shop(store: Store) -> Store:
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "utm:\n  source: lapak\n  medium: bio\n")
    store.product("kemeja/", VARIANTS)
    store.product("teh", "title: Teh </script><b>\nprice: 20000\nstock: 0\ncategory: Minuman")
    result = store.build()
    assert result.exit_code == 0, result.output
    return store


def _data(html: str, block_id: str) -> dict:
    text = re.search(rf'<script type="application/json" id="{block_id}">(.*?)</script>', html, re.DOTALL).group(1)
    assert "</" not in text and "<b>" not in text  # nothing in a data block can close it
    return json.loads(text)


def cart_data(output: Path, page: str) -> dict:
    """The cart page's data block with the products of the prices file it names (cart.js fetches that file)."""
    data = _data(page, "cart-data")
    assert re.fullmatch(r"/(toko/)?assets/prices\.[0-9a-f]{10}\.json", data["prices"]), data["prices"]
    prices = (output / re.sub(r"^/(toko/)?", "", data["prices"])).read_text(encoding="utf-8")
    assert "</" not in prices and "<b>" not in prices
    return dict(data, products=json.loads(prices)["products"])


def test_marketplace_links_carry_the_utm_tags_and_nothing_else_does(shop):
    page = shop.page("kemeja/index.html")
    links = dict(re.findall(r'<a class="mp mp-(\w+)" href="([^"]+)" rel="noopener">', page))
    # a tag the seller wrote on a link is kept; the others are added
    assert links["shopee"] == "https://shopee.co.id/tokotes/123?utm_source=punyaku&amp;utm_medium=bio"
    assert links["tokopedia"] == "https://www.tokopedia.com/tokotes/kemeja?utm_source=lapak&amp;utm_medium=bio"
    index = shop.page()
    assert 'href="https://shopee.co.id/tokotes?utm_source=lapak&amp;utm_medium=bio"' in index  # the link-in-bio
    assert 'href="https://www.tiktok.com/@tokotes"' in index  # social links are left alone
    assert "utm_" not in re.search(r'id="wa" href="([^"]+)"', page).group(1)


@pytest.mark.parametrize("utm, message", [
    ("utm:\n  source: toko saya\n", "utm.source"),
    ("utm:\n  sumber: lapak\n", "isian 'utm.sumber': 'sumber' bukan tanda UTM; pakai source, medium, campaign"),
    ("utm:\n  medium: bio\n", "isian 'utm': utm butuh 'source', misalnya 'source: lapak'"),
    ("utm: [lapak]\n", "tulis utm sebagai baris seperti 'source: lapak'"),
    ("language: en\nutm:\n  sumber: lapak\n", "field 'utm.sumber': 'sumber' is not a UTM tag; use source, medium"),
    ("language: en\nutm:\n  source: toko saya\n", '"toko saya" cannot be a UTM tag; use letters, digits'),
])
def test_wrong_utm_settings_stop_the_build_with_a_clear_message(store, utm, message):
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + utm)
    result = store.build()
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert "store.yml" in result.output


def test_short_utm_form_and_no_utm(store):
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "utm: tokotes\n")
    assert store.build().exit_code == 0
    assert 'href="https://shopee.co.id/tokotes?utm_source=tokotes"' in store.page()


def test_product_dates_sort_newest_and_bad_dates_are_reported(shop):
    index = shop.page()
    assert re.search(r'data-date="2024-02-01" data-cat="/toko/kategori/fashion-pria/"', index)
    assert '<option value="new">Terbaru</option>' in index  # offered because a product has a date
    shop.product("teh", "title: Teh\nprice: 20000\ndate: kemarin")
    result = shop.build()
    assert result.exit_code == 1 and "products/teh.md" in result.output and "2024-05-31" in result.output


def test_no_newest_sort_without_dates(store):
    store.product("teh", "title: Teh\nprice: 20000")
    assert store.build().exit_code == 0
    assert 'id="sort"' in store.page() and 'value="new"' not in store.page()


@pytest.mark.parametrize("slug", ["keranjang", "qr"])
def test_the_cart_and_qr_addresses_are_reserved(store, slug):
    store.product(slug, "title: X\nprice: 1000")
    result = store.build()
    assert result.exit_code == 1 and f"alamat '{slug}' dipakai Lapak untuk halamannya sendiri" in result.output


def test_cart_page_carries_current_prices_in_the_smallest_unit(shop):
    page = shop.page("keranjang/index.html")
    assert "keranjang/" not in shop.page("sitemap.xml")  # out of the sitemap, though it may be crawled
    data = cart_data(shop.output, page)
    assert "Kemeja Batik" not in page  # the catalogue is in the prices file, not in the page
    assert f'<link rel="preload" href="{data["prices"]}" as="fetch" crossorigin>' in page  # fetched at once
    assert data["phone"] == "6281234567890" and data["max"] == MAX_WA_LINK
    assert data["home"] == "https://contoh.github.io/toko/"
    kemeja = data["products"]["kemeja"]
    assert kemeja["t"] == "Kemeja Batik" and kemeja["u"] == "https://contoh.github.io/toko/kemeja/"
    # price, sold out, stock, sale: the first two as before issue 12 (see tests/test_checkout_pages.py)
    assert {name: v[:2] for name, v in kemeja["v"].items()} == {"M": [150000, 0], "XL": [165000, 0], "S": [150000, 1]}
    assert data["products"]["teh"]["x"] == 1 and data["products"]["teh"]["t"] == "Teh </script><b>"
    assert data["words"]["msg_hello"] == "Halo Toko Tes, saya mau pesan:"
    # every page knows where the cart is, and the header links to it (shown by shop.js when it has lines)
    settings = _data(shop.page("kemeja/index.html"), "lapak-data")
    assert settings["cart"] == "/toko/keranjang/" and settings["key"] == "lapak:/toko/"
    assert '<a class="top-cart" id="top-cart" href="/toko/keranjang/" hidden>' in shop.page()
    assert "keranjang" not in shop.page("sitemap.xml")


def test_no_cart_without_a_whatsapp_number(store):
    store.write("store.yml", "name: Toko Tes\nbase_url: https://contoh.github.io/toko/\nlanguage: en\n")
    assert store.build().exit_code == 0
    assert not (store.output / "cart").exists() and not (store.output / "keranjang").exists()
    page = store.page("kopi-gayo/index.html")
    assert 'id="add"' not in page and "top-cart" not in page


def test_english_store_has_its_cart_at_cart(store):
    store.write("store.yml", "name: Shop\nlanguage: en\ncurrency: USD\nwhatsapp: '+1 202 555 0143'\n"
                             "base_url: https://shop.example/\n")
    store.product("kopi-gayo", "title: Gayo Coffee\nprice: '12.50'")
    assert store.build().exit_code == 0
    page = store.page("cart/index.html")
    data = cart_data(store.output, page)
    assert data["products"]["kopi-gayo"]["c"] == 1250
    assert data["money"] == {"pre": "$", "post": "", "group": ",", "dec": ".", "places": 2}
    assert "Shopping cart" in page and "Order on WhatsApp" in page


def _js_money(cents: int, spec: dict) -> str:
    """cart.js's money(), step by step, so the format it is given is checked against format_money."""
    s, frac = str(cents), ""
    if spec["places"]:
        s = s.rjust(spec["places"] + 1, "0")
        frac, s = spec["dec"] + s[-spec["places"]:], s[:-spec["places"]]
    s = re.sub(r"\B(?=(\d{3})+$)", spec["group"], s)
    return spec["pre"] + s + frac + spec["post"]


@pytest.mark.parametrize("currency", ["IDR", "USD", "EUR", "JPY", "MYR", "KWD"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_scripts_money_format_matches_the_pages(currency, language):
    spec = money_spec(currency, language)
    places = spec["places"]
    for amount in ("5", "12.5", "999", "1000", "150000", "1234567.891", "100000000"):
        value = Decimal(amount).quantize(Decimal(1).scaleb(-places)) if places else Decimal(amount).quantize(1)
        cents = int(value.scaleb(places))
        assert _js_money(cents, spec) == format_money(value, currency, language), (amount, spec)


def test_qr_page_has_a_code_for_the_store_and_every_product(shop):
    from generator.media.qr import qr_svg

    page = shop.page("qr/index.html")
    assert '<meta name="robots" content="noindex">' in page and "Kode QR" in page
    codes = dict(re.findall(r'<img src="/toko/(qr/[^"]+\.svg)" width="\d+" height="\d+" alt="Kode QR: ([^"]+)">', page))
    assert codes == {"qr/_store.svg": "Toko Tes", "qr/kopi-gayo.svg": "Kopi Gayo", "qr/kemeja.svg": "Kemeja Batik",
                     "qr/teh.svg": "Teh &lt;/script&gt;&lt;b&gt;"}
    assert "mulai Rp 150.000" in page and "contoh.github.io/toko/kemeja/" in page
    # each code opens its page with ?src=qr, so orders from packaging say "via QR"
    for rel, url in (("qr/kemeja.svg", "https://contoh.github.io/toko/kemeja/?src=qr"),
                     ("qr/_store.svg", "https://contoh.github.io/toko/?src=qr")):
        svg = (shop.output / rel).read_text()
        assert svg.startswith("<?xml") and "viewBox" in svg
        assert svg == qr_svg(url, svg.split("<title>")[1].split("</title>")[0])[0]
    assert "qr/" not in shop.page("sitemap.xml")


def test_qr_page_without_base_url_asks_for_it(store):
    store.write("store.yml", "name: Toko Tes\nwhatsapp: '0812-3456-7890'\n")
    assert store.build().exit_code == 0
    assert "tambahkan base_url" in store.page("qr/index.html")
    assert not list((store.output / "qr").glob("*.svg"))


def test_product_links_are_forms_that_in_app_browsers_open(shop):
    for rel in ("index.html", "kemeja/index.html", "keranjang/index.html"):
        page = shop.page(rel)
        assert "target=" not in page  # new windows are blocked or lost in in-app browsers
        assert not re.search(r'href="(whatsapp|intent|shopee|tokopedia):', page)
        for url in re.findall(r'href="(https://wa\.me/[^"]*)"', page):
            assert re.fullmatch(r"https://wa\.me/6281234567890(\?text=[^\s]+)?", url), url


PREFIX = "/toko/"


class _Handler(SimpleHTTPRequestHandler):
    """Serve the output folder under /toko/ only, like a GitHub Pages project site; anything else is 404.

    Every response carries the Content-Security-Policy the build writes for Netlify (``_headers``), so
    an inline script, handler or style, or a request to another host, shows up as a console error.
    """

    policy = ""

    def end_headers(self):
        if self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / ".." / "not-served" / "nothing")
        return super().translate_path("/" + clean[len(PREFIX):])

    def log_message(self, format, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """content/ built (a copy, so the repository gets no cache) and served at http://127.0.0.1:<port>/toko/."""
    work = tmp_path_factory.mktemp("shop")
    store = work / "content"
    shutil.copytree(REPO / "content", store, ignore=shutil.ignore_patterns(".lapak-cache"))
    output = work / "output"
    output.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(output)))
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}{PREFIX}"
    result = CliRunner().invoke(main, ["build", str(store), "--output", str(output), "--base-url", base])
    assert result.exit_code == 0, result.output
    headers = output / "_headers"
    policy = re.search(r"Content-Security-Policy: (.+)", headers.read_text()) if headers.is_file() else None
    _Handler.policy = policy.group(1).strip() if policy else ""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"base": base, "port": port, "output": output, "store": store, "policy": _Handler.policy}
    server.shutdown()
    server.server_close()


def test_javascript_on_every_page_stays_small_hand_written_and_csp_safe(site):
    """Every page: its scripts are its own files, under 10 KB together gzipped; no inline script, handler or style."""
    import gzip

    out = site["output"]
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    seen = set()
    for page in pages:
        html = page.read_text()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL)
        sources = []
        for attrs, body in scripts:
            src = re.search(r'\bsrc="([^"]+)"', attrs)
            if src:
                assert not body.strip() and src.group(1).startswith(PREFIX + "assets/") and " defer" in attrs, (page, attrs)
                sources.append(src.group(1))
            else:  # only data blocks, which a Content-Security-Policy does not run
                assert re.search(r'type="application/(ld\+)?json"', attrs), (page, attrs)
        files = [(out / s.removeprefix(PREFIX)).read_bytes() for s in sources]
        size = sum(len(gzip.compress(f, compresslevel=6, mtime=0)) for f in files)
        assert size < JS_BUDGET, f"{page.relative_to(out)} loads {size} bytes of JavaScript (gzipped): {sources}"
        raw = sum(len(f) for f in files)
        assert raw < JS_RAW_LIMIT, f"{page.relative_to(out)} loads {raw} bytes of JavaScript: {sources}"
        assert not re.search(r"<[^>]+\son[a-z]+=", html), page  # no inline event handlers
        assert not re.search(r"<[^>]+\sstyle=", html) and "<style" not in html, page
        assert "javascript:" not in html
        seen.update(sources)
    assert {re.sub(r"\.[0-9a-f]{10}\.js$", ".js", s.split("/")[-1]) for s in seen} >= {
        "shop.js", "cart.js", "find.js", "buy.js", "lapak.js"}
    for js in (REPO / "themes" / "default" / "static").glob("*.js"):  # hand-written: no bundler, no imports
        text = js.read_text()
        assert "import " not in text and "require(" not in text and "http://" not in text, js
        assert not re.search(r"https?://(?!wa\.me/)[a-z0-9-]+\.[a-z]", text), js  # nothing from other hosts


# --------------------------------------------------------------------------- in a real browser


def _browser_unavailable() -> str | None:
    if not Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing (pip install playwright; do not run 'playwright install')"
    return None


@pytest.fixture(scope="module")
def tb():
    """test_browser.py's helpers (serving under /toko/, Watch, screen checks), once a browser is known to be there."""
    why = _browser_unavailable()
    if why:
        if os.environ.get("LAPAK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"LAPAK_REQUIRE_BROWSER=1 but the browser tests cannot run: {why}", pytrace=False)
        pytest.skip(f"browser tests skipped: {why}")
    import test_browser

    return test_browser


@pytest.fixture(scope="module")
def browser(tb):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(tb.CHROMIUM), args=tb.ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def catalog(site) -> dict[str, dict]:
    """The example store's products, from their files: title, category, tags, date, prices."""
    found = {}
    for md in sorted((site["store"] / "products").glob("*")):
        path = md / "index.md" if md.is_dir() else md
        if path.suffix != ".md" or not path.is_file():
            continue
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if not front.get("draft"):
            found[md.name if md.is_dir() else md.stem] = front
    return found


TIKTOK_ANDROID = ("Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, "
                  "like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 trill_330003 JsSdk/1.0 "
                  "NetType/4G Channel/googleplay AppName/trill app_version/33.0.3 ByteLocale/id-ID "
                  "BytedanceWebview/d8a21c6")
INSTAGRAM_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    "Mobile/15E148 Instagram 326.0.3.30.91 (iPhone12,1; iOS 17_4; id_ID; id; scale=2.00)")


class Phone:
    """A phone-sized browser context on the example store, with its watch for errors and foreign requests."""

    def __init__(self, tb, browser, site, **extra):
        self.tb, self.site = tb, site
        self.context = browser.new_context(**tb.MOBILE, **extra)
        self.page = self.context.new_page()
        self.watch = tb.Watch(self.context, self.page, site["port"])
        self.orders: list[str] = []
        # "Open" WhatsApp without leaving the machine: the wa.me request is answered here and remembered.
        self.context.route("https://wa.me/**", self._wa)

    def _wa(self, route):
        self.orders.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>WhatsApp</title>ok")

    def go(self, rel: str = ""):
        response = self.page.goto(self.site["base"] + rel, wait_until="networkidle")
        assert response.status == 200, rel
        if self.site["policy"]:  # the pages run under the policy they are published with
            assert response.headers["content-security-policy"] == self.site["policy"]
        return self.page

    def shot(self, name: str) -> None:
        self.tb.SHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(self.tb.SHOTS / name), full_page=True)

    def done(self, where: str) -> None:
        self.watch.foreign = [u for u in self.watch.foreign if not u.startswith("https://wa.me/")]
        self.watch.requests = [u for u in self.watch.requests if not u.startswith("https://wa.me/")]
        self.watch.check(where)

    def close(self):
        self.context.close()


@pytest.fixture
def phone(tb, browser, site):
    made = []

    def make(**extra) -> Phone:
        made.append(Phone(tb, browser, site, **extra))
        return made[-1]

    yield make
    for p in made:
        p.close()


def expect(locator):
    """Playwright's waiting assertions (imported only once a browser is known to be there)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def _variant_price(page, title: str, variant: str) -> int:
    """A variant's price from the product page's JSON-LD: a second source for what the cart adds up."""
    data = json.loads(page.locator("script[type='application/ld+json']").inner_text())
    for v in data.get("hasVariant", []):
        if v["name"] == f"{title} - {variant}":
            return int(v["offers"]["price"])
    return int(data["offers"]["price"])


def _rp(amount: int) -> str:
    return format_money(Decimal(amount), "IDR", "id")


def _pick(page, variant: str | None, options: dict[str, str], qty: int = 1) -> None:
    if variant:
        page.locator(f"input[name=variant][value='{variant}']").locator("xpath=ancestor::label[1]").click()
    for name, value in options.items():
        page.locator(f"select[data-option='{name}']").select_option(label=value)
    for _ in range(qty - 1):
        page.get_by_role("button", name="Tambah", exact=True).click()
    assert page.locator("#qty").input_value() == str(qty)


def test_cart_two_products_reload_change_quantity_and_order_on_whatsapp(tb, phone, site, catalog):
    p = phone()
    page = p.go("?src=tiktok")  # the seller's bio link says where the buyer came from
    # a buyer adds a coffee (variant, grind, 2 of them) and a sambal (spice level)
    page = p.go("kopi-robusta-temanggung/")
    kopi = catalog["kopi-robusta-temanggung"]["title"]
    page.locator("#add").click()  # nothing chosen yet: the buyer is told what to choose, nothing is added
    assert page.locator("#added").inner_text() == "Pilih Varian dulu."
    assert page.locator("#top-cart").is_hidden()
    _pick(page, "500 g", {"Gilingan": "Bubuk halus"}, qty=2)
    page.locator("#add").click()
    assert page.locator("#added").inner_text().startswith("Masuk keranjang.")
    assert page.locator("#top-cart .cart-n").inner_text() == "2"
    kopi_price = _variant_price(page, kopi, "500 g")

    page = p.go("sambal-bawang/")
    sambal = catalog["sambal-bawang"]["title"]
    _pick(page, None, {"Level pedas": "Extra pedas"})
    page.locator("#add").click()
    assert page.locator("#top-cart .cart-n").inner_text() == "3"
    sambal_price = _variant_price(page, sambal, "")

    # the header's cart link leads to the cart, which survives a reload (localStorage)
    page.locator("#top-cart").click()
    page.wait_for_url("**/keranjang/")
    page.wait_for_load_state("networkidle")  # leaving before the icon has loaded would cancel it
    page.reload(wait_until="networkidle")
    lines = page.locator("#lines .line")
    assert lines.count() == 2
    assert lines.nth(0).locator(".line-title").inner_text() == kopi
    assert lines.nth(0).locator(".line-opts").inner_text() == "500 g, Gilingan: Bubuk halus"
    assert lines.nth(1).locator(".line-opts").inner_text() == "Level pedas: Extra pedas"
    assert page.locator("#total").inner_text() == _rp(2 * kopi_price + sambal_price)

    # one more sambal with its + button; the line and the total follow
    lines.nth(1).get_by_role("button", name=f"Tambah: {sambal}").click()
    assert lines.nth(1).locator("input").input_value() == "2"
    assert lines.nth(1).locator(".line-sum").inner_text() == _rp(2 * sambal_price)
    total = 2 * kopi_price + 2 * sambal_price
    assert page.locator("#total").inner_text() == _rp(total)
    assert page.locator("#count").inner_text() == "4 barang"

    page.get_by_label("Nama").fill("Budi")
    page.get_by_label("Alamat pengiriman").fill("Jl. Mawar 3\nLaweyan, Solo")
    page.get_by_label("Catatan untuk penjual").fill("Tolong dibungkus rapi")
    # delivery and payment (store.yml): over Rp 300.000 the courier is free
    page.locator("#ship .opt b", has_text="Kurir instan").click()
    page.locator("#pay .opt b", has_text="Transfer bank BCA").click()
    assert page.locator("#fee").inner_text() == "Gratis" and page.locator("#total").inner_text() == _rp(total)
    p.shot("cart-360.png")
    tb._no_sideways_scroll(page, 360, "cart")

    href = page.locator("#cart-wa").get_attribute("href")
    page.locator("#cart-wa").click()  # open the order link
    page.wait_for_url("https://wa.me/**")
    assert p.orders == [href]
    phone_no, text = tb._wa(href)
    assert phone_no == tb.WHATSAPP
    home = site["base"]
    assert text == "\n".join([
        "Halo Dapur & Kain Bu Sari, saya mau pesan:", "",
        f"1. *{kopi}* (500 g, Gilingan: Bubuk halus) — 2 × {_rp(kopi_price)} = {_rp(2 * kopi_price)}",
        f"2. *{sambal}* (Level pedas: Extra pedas) — 2 × {_rp(sambal_price)} = {_rp(2 * sambal_price)}", "",
        f"Subtotal: {_rp(total)} (4 barang)", "Pengiriman: Kurir instan (Solo) (Gratis)", f"*Total: {_rp(total)}*",
        "Pembayaran: Transfer bank BCA", "",
        "Nama: Budi", "Alamat: Jl. Mawar 3, Laweyan, Solo", "Catatan: Tolong dibungkus rapi", "",
        "via TikTok", "",
        "Link produk:", f"{home}kopi-robusta-temanggung/", f"{home}sambal-bawang/",
    ])
    p.done("the cart")


def test_cart_lines_can_be_removed_and_sold_out_ones_are_left_out(tb, phone, site):
    p = phone()
    page = p.go()
    page.evaluate("""c => localStorage.setItem('lapak:/toko/cart', JSON.stringify(c))""", [
        {"s": "kemeja-batik-parang", "v": "S", "o": [], "q": 1},  # sold out since it was added
        {"s": "wedang-uwuh", "v": "", "o": [], "q": 3},
        {"s": "produk-yang-sudah-dihapus", "v": "", "o": [], "q": 1},  # no longer sold: dropped
        {"s": "nastar-nanas", "v": "", "o": [], "q": 1},
    ])
    page = p.go("keranjang/")
    lines = page.locator("#lines .line")
    assert lines.count() == 3
    assert "sudah tidak dijual" in page.locator("#cart-note").inner_text()  # the line that went
    assert "tidak ikut dipesan" in lines.nth(0).locator(".line-price").inner_text()
    page.locator("#ship .opt b", has_text="Ambil sendiri").click()
    page.locator("#pay .opt b", has_text="GoPay").click()
    text = tb._wa(page.locator("#cart-wa").get_attribute("href"))[1]
    assert "Kemeja" not in text and "1. *Wedang Uwuh Celup (isi 10)* — 3 × Rp 30.000 = Rp 90.000" in text
    assert "Subtotal: Rp 185.000 (4 barang)" in text and "*Total: Rp 185.000*" in text
    lines.nth(1).get_by_role("button", name="Hapus: Wedang Uwuh Celup (isi 10)").click()
    assert lines.count() == 2
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Hapus: Nastar Selai Nanas"
    assert page.locator("#total").inner_text() == "Rp 95.000"
    page.get_by_role("button", name="Kosongkan keranjang").click()
    assert page.locator("#cart-empty").is_visible() and page.locator("#cart-main").is_hidden()
    assert page.locator("#top-cart").is_hidden()
    p.done("removing lines")


def _price_on(entry: dict, variant: str, day: str) -> int:
    """What cart.js charges for a product (its variant) on ``day``: the sale's price inside its days."""
    price, sale = (entry["v"][variant][0], entry["v"][variant][3]) if variant else (entry["c"], entry.get("sale"))
    if sale and (sale["from"] or day) <= day <= (sale["until"] or day):
        return sale["c"]
    return price


def test_a_message_too_long_for_a_link_is_shortened_by_whole_lines(tb, phone, site):
    p = phone()
    day = "2026-12-05"  # the buyer's clock: the example store's soap sale has started
    p.page.clock.set_fixed_time(day + "T10:00:00+07:00")
    page = p.go()
    grinds = ["Biji utuh", "Bubuk kasar (tubruk)", "Bubuk halus"]
    cart = [{"s": "kopi-robusta-temanggung", "v": v, "o": [["Gilingan", g]], "q": q}
            for q, (v, g) in enumerate(((v, g) for v in ("250 g", "500 g", "1 kg") for g in grinds), start=1)]
    cart += [{"s": "sambal-bawang", "v": "", "o": [["Level pedas", lv]], "q": 2}
             for lv in ("Sedang", "Pedas", "Extra pedas")]
    cart += [{"s": "sabun-sereh-kunyit", "v": "", "o": [["Aroma", a]], "q": 1} for a in ("Sereh", "Kunyit", "Kopi")]
    page.evaluate("c => localStorage.setItem('lapak:/toko/cart', JSON.stringify(c))", cart)
    page = p.go("keranjang/")
    page.get_by_label("Alamat pengiriman").fill("Jl. Veteran No. 12, RT 03/RW 05, Kel. Laweyan, Kec. Laweyan, "
                                                "Kota Surakarta, Jawa Tengah 57148")
    page.locator("#ship .opt b", has_text="JNE").click()
    page.locator("#pay .opt b", has_text="QRIS").click()
    products = cart_data(site["output"], page.content())["products"]
    expected, total = [], 0
    for n, line in enumerate(cart, start=1):
        product = products[line["s"]]
        stock = product["v"][line["v"]][2] if line["v"] else product["s"]
        line["q"] = min(line["q"], stock or 99)  # no more than the stock (1 kg: 4)
        price = _price_on(product, line["v"], day)
        choice = ", ".join(([line["v"]] if line["v"] else []) + [f"{k}: {v}" for k, v in line["o"]])
        expected.append(f"{n}. *{product['t']}* ({choice}) — {line['q']} × {_rp(price)} = {_rp(line['q'] * price)}")
        total += line["q"] * price
    href = page.locator("#cart-wa").get_attribute("href")
    assert len(href) <= MAX_WA_LINK
    full = len(tb._wa(href)[0]) + len("https://wa.me/?text=") + len(quote("\n".join(expected)))
    assert full > MAX_WA_LINK  # the whole list could never fit
    rows = tb._wa(href)[1].split("\n")
    items = [r for r in rows if re.match(r"\d+\. ", r)]
    # whole lines only: the first lines of the order, each exactly as it would be in the full message
    assert 0 < len(items) < len(cart) and items == expected[:len(items)]
    assert f"…dan {len(cart) - len(items)} produk lain (daftar lengkap menyusul di chat)" in rows
    assert f"Subtotal: {_rp(total)} ({sum(c['q'] for c in cart)} barang)" in rows  # still counts every item
    assert "Pengiriman: JNE / J&T / SiCepat (Gratis)" in rows and f"*Total: {_rp(total)}*" in rows
    assert "Pembayaran: QRIS" in rows  # the sums, delivery and payment always stay
    assert "Link produk:" not in rows and f"Toko: {site['base']}" in rows  # links went first
    assert any(r.startswith("Alamat: Jl. Veteran") for r in rows)  # the buyer's details stay
    assert page.locator("#cart-short").is_visible()
    p.done("a long cart")


def test_search_category_chips_and_sorting_on_the_storefront(tb, phone, site, catalog):
    p = phone()
    page = p.go()
    visible = lambda: page.locator(".card:visible .card-title").all_inner_texts()
    everything = [c["title"] for c in sorted(catalog.values(), key=lambda f: f.get("order", 0))]
    assert visible() == everything

    search = page.get_by_role("searchbox", name="Cari produk")
    search.fill("kopi")  # by name and by tag ("kopi tubruk", "#kopi")
    expected = [c["title"] for c in catalog.values() if "kopi" in c["title"].lower() or
                any("kopi" in t for t in c.get("tags", []))]
    assert sorted(visible()) == sorted(expected) and 0 < len(expected) < len(everything)
    assert page.locator("#found").inner_text() == f"{len(expected)} dari {len(everything)} produk"
    search.fill("#oleh-oleh")
    assert sorted(visible()) == sorted(c["title"] for c in catalog.values() if "oleh-oleh" in c.get("tags", []))
    search.fill("tidak ada yang begini")
    assert visible() == [] and page.locator("#none").is_visible()
    search.fill("")
    assert visible() == everything and page.locator("#found").inner_text() == ""

    chip = page.locator("nav.chips a", has_text="Makanan")
    chip.click()
    makanan = [c["title"] for c in sorted(catalog.values(), key=lambda f: f.get("order", 0))
               if c.get("category") == "Makanan"]
    assert visible() == makanan
    assert page.url == site["base"] + "kategori/makanan/" and chip.get_attribute("aria-current") == "page"
    assert page.locator("#catalog-title").inner_text() == "Makanan"
    p.shot("storefront-chip-360.png")
    page.go_back()
    assert page.url == site["base"] and visible() == everything
    assert page.locator("nav.chips a").first.get_attribute("aria-current") == "page"

    sort = page.get_by_label("Urutkan")
    sort.select_option("low")
    prices = [int(x) for x in page.locator(".card:visible").evaluate_all("cs => cs.map(c => c.dataset.price)")]
    assert prices == sorted(prices) and len(prices) == len(everything)
    sort.select_option("high")
    prices = [int(x) for x in page.locator(".card:visible").evaluate_all("cs => cs.map(c => c.dataset.price)")]
    assert prices == sorted(prices, reverse=True)
    sort.select_option("new")
    newest = [c["title"] for c in sorted(catalog.values(), key=lambda f: str(f.get("date", "")), reverse=True)]
    assert visible() == newest
    sort.select_option("")
    assert visible() == everything
    tb._no_sideways_scroll(page, 360, "storefront with search")
    p.done("search and chips")


def test_every_page_works_without_javascript(tb, phone, site):
    p = phone(java_script_enabled=False)
    page = p.go()
    p.shot("storefront-nojs-360.png")
    assert page.locator(".finder").is_hidden() and page.locator("#sort").is_hidden()
    assert page.locator("[data-share]").is_hidden() and page.locator("#top-cart").is_hidden()
    assert page.locator(".card").count() == page.locator(".card:visible").count() > 0
    href = page.locator("nav.chips a", has_text="Minuman").get_attribute("href")
    page.locator("nav.chips a", has_text="Minuman").click()  # a chip is a link to a plain page
    page.wait_for_url("**" + href)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Minuman"
    page = p.go("kopi-robusta-temanggung/")
    assert page.locator("#wa").is_visible() and tb._wa(page.locator("#wa").get_attribute("href"))[0] == tb.WHATSAPP
    assert page.locator("#add").is_hidden() and page.locator(".qty").is_hidden()
    p.shot("product-nojs-360.png")
    page = p.go("keranjang/")
    assert "Keranjang perlu JavaScript" in page.locator("main").inner_text()
    page = p.go("qr/")
    assert page.locator("img[src$='.svg']").count() == 9
    p.shot("qr-nojs-360.png")
    tb._no_sideways_scroll(page, 360, "QR page without JavaScript")
    p.done("no JavaScript")


TIKTOK_OTHERS = {
    # Android in some regions: the app names itself trill, with no BytedanceWebview token
    "android-trill": ("Mozilla/5.0 (Linux; Android 12; SM-A125F Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, "
                      "like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 trill_330004 JsSdk/1.0 "
                      "NetType/WIFI Channel/googleplay AppName/trill app_version/33.0.4 ByteLocale/id Region/ID"),
    "iphone": ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
               "Mobile/15E148 musical_ly_32.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/id Region/ID"),
}


@pytest.mark.parametrize("name", list(TIKTOK_OTHERS))
def test_other_tiktok_browsers_are_recognised(phone, name):
    p = phone(user_agent=TIKTOK_OTHERS[name])
    page = p.go("")
    banner = page.locator("#inapp")
    assert banner.is_visible() and banner.locator("b").first.text_content() == "TikTok"
    p.done(f"TikTok's browser ({name})")


def test_tiktok_in_app_browser_gets_help_and_its_orders_say_so(tb, phone, site):
    p = phone(user_agent=TIKTOK_ANDROID)
    p.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = p.go("sambal-bawang/")  # no ?src=: the in-app browser itself tells where the buyer is
    banner = page.locator("#inapp")
    assert banner.is_visible() and "Buka di browser" in banner.inner_text()
    assert banner.bounding_box()["height"] <= 56  # one slim line; the rest behind "Kenapa?"
    assert "di dalam TikTok" not in banner.inner_text()
    banner.locator("summary").click()
    assert "di dalam TikTok" in banner.inner_text()
    p.shot("inapp-tiktok-360.png")
    tb._no_sideways_scroll(page, 360, "product page in TikTok")

    page.locator("select[data-option]").select_option(label="Pedas")
    page.locator("#add").click()
    page.locator("#wa").click()  # the product's own button: its message now says where the order came from
    page.wait_for_url("https://wa.me/**")
    text = tb._wa(p.orders[-1])[1]
    assert text.endswith("\nvia TikTok") and "Sambal Bawang Bu Sari" in text and "Level pedas: Pedas" in text
    page = p.go("sambal-bawang/")

    # "open in browser": an Android intent link that carries the cart and the source to the real browser
    opened = page.locator("#inapp-open").evaluate(
        "a => { a.addEventListener('click', e => e.preventDefault()); a.click(); return a.href; }")
    assert opened.startswith("intent://127.0.0.1:") and opened.endswith("#Intent;scheme=http;end")
    handoff = "http://" + opened[len("intent://"):].split("#Intent")[0]
    query = parse_qs(urlsplit(handoff).query)
    assert query["src"] == ["TikTok"] and json.loads(query["cart"][0])[0]["s"] == "sambal-bawang"

    page.locator("#inapp summary").click()
    page.locator("#inapp [data-copy]").click()  # "copy link", behind "Kenapa?": the same address
    expect(page.locator("#toast")).to_have_text("Tautan disalin.")
    assert page.evaluate("navigator.clipboard.readText()") == handoff

    page.get_by_role("button", name="Tutup").click()
    assert banner.is_hidden()
    p.go("")
    assert page.locator("#inapp").is_hidden()  # closed stays closed
    p.done("TikTok's browser")

    # the phone's own browser opens the handed-over address: same source, no help banner, and the cart
    # once the buyer agrees (any page could link here with any cart)
    q = phone()
    page = q.page
    page.goto(handoff, wait_until="networkidle")
    assert page.locator("#top-cart").is_hidden() and page.locator("#inapp").is_hidden()
    assert "cart=" not in page.url
    assert page.locator(".offer").inner_text().startswith("Tautan ini membawa 1 barang.")
    page.get_by_role("button", name="Tambahkan").click()
    assert page.locator("#top-cart .cart-n").inner_text() == "1"
    page.goto(site["base"] + "keranjang/", wait_until="networkidle")
    page.locator("#lines .line [data-step='1']").click()  # 2 × Rp 35.000: over the minimum order
    page.locator("#ship .opt b", has_text="Ambil sendiri").click()
    page.locator("#pay .opt b", has_text="COD").click()
    assert tb._wa(page.locator("#cart-wa").get_attribute("href"))[1].count("via TikTok") == 1
    q.done("the browser after the hand-over")


def test_instagram_on_iphone_opens_safari(tb, phone):
    p = phone(user_agent=INSTAGRAM_IPHONE)
    page = p.go()
    page.locator("#inapp summary").click()
    assert "di dalam Instagram" in page.locator("#inapp").inner_text()
    opened = page.locator("#inapp-open").evaluate(
        "a => { a.addEventListener('click', e => e.preventDefault()); a.click(); return a.href; }")
    assert opened.startswith("x-safari-http://127.0.0.1:") and "src=Instagram" in opened
    p.done("Instagram's browser")


def test_share_uses_web_share_or_copies_the_link(tb, phone, site):
    p = phone()
    p.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = p.go("nastar-nanas/")
    page.get_by_role("button", name="Bagikan produk ini").click()  # no Web Share here: the link is copied
    expect(page.locator("#toast")).to_have_text("Tautan disalin.")
    assert page.evaluate("navigator.clipboard.readText()") == site["base"] + "nastar-nanas/"

    q = phone()
    q.context.add_init_script("navigator.share = d => { window.__shared = d; return Promise.resolve(); };")
    page = q.go()
    page.get_by_role("button", name="Bagikan toko ini").click()
    assert page.evaluate("window.__shared") == {"title": "Dapur & Kain Bu Sari", "url": site["base"]}
    p.done("sharing")
    q.done("sharing with Web Share")


def test_keyboard_alone_adds_to_the_cart_and_changes_it_with_visible_focus(tb, phone):
    p = phone()
    page = p.go("tas-rotan-bulat/")
    page.locator("select[data-option]").focus()
    page.keyboard.press("ArrowDown")  # a native select: the arrow picks the first colour
    assert page.locator("select[data-option]").input_value() != ""
    focused = []
    for _ in range(6):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {id: e.id, text: e.textContent.trim(), outline: s.outlineStyle, width: s.outlineWidth}; }"""))
        if focused[-1]["id"] == "add":
            break
    assert focused[-1]["id"] == "add", focused
    assert all(f["outline"] != "none" and f["width"] != "0px" for f in focused), focused  # focus is visible
    page.keyboard.press("Enter")
    assert page.locator("#added").inner_text().startswith("Masuk keranjang.")
    page.keyboard.press("Tab")  # to "Lihat keranjang"
    page.keyboard.press("Enter")
    page.wait_for_url("**/keranjang/")
    page.wait_for_load_state("networkidle")
    plus = page.get_by_role("button", name="Tambah: Tas Rotan Bulat Anyam Tangan")
    plus.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert page.locator("#lines input").input_value() == "3"
    remove = page.get_by_role("button", name="Hapus: Tas Rotan Bulat Anyam Tangan")
    remove.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "H1" and page.locator("#cart-empty").is_visible()
    # every control of the cart page has a name a screen reader can say
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('button, input, textarea, select, a'))
        .filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length)))
        .map(e => e.outerHTML)""")
    assert not unnamed
    p.done("keyboard")


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_the_shopping_pages(tb, browser, site, width):
    device = tb.MOBILE if width == 360 else tb.DESKTOP
    context = browser.new_context(**device)
    page = context.new_page()
    watch = tb.Watch(context, page, site["port"])
    try:
        page.goto(site["base"], wait_until="networkidle")
        page.evaluate("c => localStorage.setItem('lapak:/toko/cart', JSON.stringify(c))", [
            {"s": "kopi-robusta-temanggung", "v": "1 kg", "o": [["Gilingan", "Biji utuh"]], "q": 1},
            {"s": "nastar-nanas", "v": "", "o": [], "q": 2}])
        for rel, name in (("", "storefront"), ("kemeja-batik-parang/", "product"), ("keranjang/", "cart"),
                          ("qr/", "qr")):
            page.goto(site["base"] + rel, wait_until="networkidle")
            tb._load_every_image(page)
            tb._no_sideways_scroll(page, width, name)
            tb.SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(tb.SHOTS / f"shop-{name}-{width}.png"), full_page=True)
        assert page.locator(".qr-card").count() == 9
        watch.check("shopping pages")
    finally:
        context.close()
