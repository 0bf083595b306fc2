"""Any catalogue size (issue 14): numbered pages, a search index, a cart that fetches its prices.

A generated store of 1,000 products (no photos, so it builds in seconds) is built once and served
under /toko/ with its Content-Security-Policy. The build checks always run; the browser checks drive
Debian's Chromium through Playwright (skipped without it, unless LAPAK_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import functools
import gzip
import json
import random
import re
import threading
from collections import Counter
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import THEMES, copy_store, set_theme
from test_shop import PREFIX, TIKTOK_ANDROID, Phone, _Handler, _rp, browser, expect, site, tb  # noqa: F401 (fixtures)

from generator.cli import main
from generator.site.render import PAGE_SIZE

MAX_PAGE = 60_000  # bytes of HTML, uncompressed: the storefront, a category page, the cart page
MAX_INDEX_GZ = 40_000  # the search index, gzipped, per 1,000 products
CART = "lapak:/toko/cart"


def write_store(root: Path, n: int, language: str = "id", seed: int = 14) -> None:
    """A deterministic store of ``n`` products without photos: six categories, tags, dates, some variants."""
    rng = random.Random(seed)
    first = ["Keripik", "Sambal", "Kopi", "Teh", "Kain", "Tas", "Sabun", "Kue", "Madu", "Batik", "Dompet", "Lilin"]
    second = ["Pedas", "Manis", "Tenun", "Rotan", "Sereh", "Nanas", "Hutan", "Tulis", "Kulit", "Jahe", "Gula Aren"]
    places = ["Solo", "Garut", "Toraja", "Troso", "Lasem", "Temanggung", "Bali", "Lombok", "Aceh", "Flores"]
    cats = ["Makanan", "Minuman", "Fashion", "Kerajinan", "Perawatan", "Rumah"]
    root.mkdir(parents=True, exist_ok=True)
    (root / "store.yml").write_text(f"name: Toko Besar\nwhatsapp: '0812-3456-7890'\nlanguage: {language}\n"
                                    "base_url: https://contoh.github.io/toko/\n", encoding="utf-8")
    (root / "products").mkdir(exist_ok=True)
    for i in range(n):
        price = rng.randrange(5, 2000) * 1000
        front = [f"title: {rng.choice(first)} {rng.choice(second)} {rng.choice(places)} {i + 1}", f"price: {price}",
                 f"category: {rng.choice(cats)}", f"tags: [{rng.choice(places).lower()}, oleh-oleh]",
                 f"date: 2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"]
        if i % 7 == 0:
            front += ["variants:", "  - name: Kecil", "  - name: Besar", f"    price: {price + 20000}"]
        if i % 11 == 0:
            front.append(f"compare_at_price: {price + 15000}")
        text = "---\n" + "\n".join(front) + "\n---\nDeskripsi singkat.\n"
        (root / "products" / f"p{i + 1:05d}.md").write_text(text, encoding="utf-8")


def build(root: Path, output: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["build", str(root), "--output", str(output), *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The 1,000-product store, built for https://contoh.github.io/toko/ (and, for the browser, served)."""
    work = tmp_path_factory.mktemp("big")
    write_store(work / "store", 1000)
    build(work / "store", work / "out")
    return work


def html(folder: Path, rel: str) -> str:
    return (folder / rel).read_text(encoding="utf-8")


def cards(page: str) -> list[str]:
    """The product addresses of a listing page's cards, in order."""
    grid = page.split('id="grid"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<li class="card[^"]*"[^>]*>\s*<a href="([^"]+)"', grid)


def index_of(out: Path, page: str) -> dict:
    rel = re.search(r'data-index="/toko/(assets/search\.[0-9a-f]{10}\.json)"', page).group(1)
    return json.loads(html(out, rel))


# --------------------------------------------------------------------------- the build


def test_every_product_is_on_exactly_one_numbered_page_with_links_both_ways(big):
    out = big / "out"
    pages = [html(out, "index.html")] + [html(out, f"halaman/{n}/index.html") for n in range(2, 29)]
    assert not (out / "halaman" / "29").exists() and not (out / "halaman" / "1").exists()
    listed = [c for page in pages for c in cards(page)]
    assert [len(cards(p)) for p in pages] == [PAGE_SIZE] * 27 + [1000 - 27 * PAGE_SIZE]
    assert len(listed) == 1000 and not [c for c, k in Counter(listed).items() if k > 1]
    five = pages[4]
    assert '<link rel="canonical" href="https://contoh.github.io/toko/halaman/5/">' in five
    assert '<link rel="prev" href="/toko/halaman/4/">' in five and '<link rel="next" href="/toko/halaman/6/">' in five
    assert "<title>Toko Besar — Halaman 5</title>" in five
    pager = five.split('<nav class="pager"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r">(\d+)</a>", pager) == ["1", "3", "4", "5", "6", "7", "28"]  # the first, the last, 2 each side
    assert '<a href="/toko/halaman/5/" aria-current="page">5</a>' in pager and "Berikutnya" in pager
    assert 'rel="prev"' not in pages[0] and 'rel="next"' not in pages[-1]
    # a category's own numbered pages, also in the sitemap
    cat = html(out, "kategori/makanan/index.html")
    assert '<link rel="next" href="/toko/kategori/makanan/halaman/2/">' in cat
    makanan = int(re.search(r'data-total="(\d+)"', cat).group(1))
    last = -(-makanan // PAGE_SIZE)
    assert (out / f"kategori/makanan/halaman/{last}/index.html").is_file()
    assert not (out / f"kategori/makanan/halaman/{last + 1}").exists()
    sitemap = html(out, "sitemap.xml")
    for rel in ("halaman/28/", "halaman/2/", f"kategori/makanan/halaman/{last}/"):
        assert f"<loc>https://contoh.github.io/toko/{rel}</loc>" in sitemap
    headers = html(out, "_headers")
    assert "/toko/halaman/:n\n  Cache-Control: public, max-age=300" in headers
    assert "/toko/kategori/:page/halaman/:n/index.html\n  Cache-Control: public, max-age=300" in headers


def card_bytes(page: str) -> list[int]:
    grid = page.split('id="grid"', 1)[1].split("</ul>", 1)[0]
    return [len(c.encode()) for c in re.findall(r'<li class="card.*?</li>', grid, re.DOTALL)]


def test_pages_stay_small_at_any_catalogue_size(big, site, tmp_path):
    """At 1,000 products the storefront, a category and the cart are under 60 KB each; what a page holds
    besides its cards does not grow with the catalogue (against 400 products), and a page of cards with
    photos fits too."""
    out = big / "out"
    rels = ("index.html", "kategori/makanan/index.html", "halaman/14/index.html", "keranjang/index.html")
    sizes = {rel: len((out / rel).read_bytes()) for rel in rels}
    assert max(sizes.values()) <= MAX_PAGE, sizes
    write_store(tmp_path / "small", 400)
    build(tmp_path / "small", tmp_path / "out")
    for rel in ("index.html", "kategori/makanan/index.html", "keranjang/index.html"):
        small = html(tmp_path / "out", rel)
        frame = len(small.encode()) - (sum(card_bytes(small)) if "grid" in small else 0)
        big_frame = sizes[rel] - (sum(card_bytes(html(out, rel))) if "grid" in small else 0)
        assert abs(big_frame - frame) < 400, (rel, big_frame, frame)  # only the page numbers differ
    # The example store's largest card (with its photo's srcset) times a full page still fits.
    largest = max(card_bytes(html(site["output"], "index.html")))
    for rel in rels[:3]:
        page = html(out, rel)
        assert len(card_bytes(page)) == PAGE_SIZE
        assert sizes[rel] - sum(card_bytes(page)) + PAGE_SIZE * largest <= MAX_PAGE, (rel, largest, sizes[rel])
    tag = html(out, "tag/oleh-oleh/index.html")  # every product has this tag: numbered like a category
    assert len(tag.encode()) <= MAX_PAGE and len(card_bytes(tag)) == PAGE_SIZE
    last = html(out, f"tag/oleh-oleh/halaman/{-(-1000 // PAGE_SIZE)}/index.html")
    assert len(card_bytes(last)) == 1000 - (-(-1000 // PAGE_SIZE) - 1) * PAGE_SIZE
    assert sizes["keranjang/index.html"] <= 15_000  # the catalogue is in the prices file, not in the page
    assert "Keripik" not in html(out, "keranjang/index.html")


def test_the_search_index_covers_the_catalogue_in_under_40_kb_gzipped(big):
    out = big / "out"
    page = html(out, "index.html")
    index = index_of(out, page)
    raw = (out / re.search(r'data-index="/toko/([^"]+)"', page).group(1)).read_bytes()
    assert len(gzip.compress(raw, 9)) <= MAX_INDEX_GZ
    assert len(index["items"]) == 1000
    # in the storefront's order, so a product's numbered page is its place // PAGE_SIZE + 1
    five = cards(html(out, "halaman/5/index.html"))
    assert [f"/toko/{it[0]}/" for it in index["items"][4 * PAGE_SIZE:5 * PAGE_SIZE]] == five
    slug, words, price, cat, date = index["items"][0]
    assert words == words.lower() and "oleh-oleh" in words and isinstance(price, int) and re.fullmatch(r"2026-\d\d-\d\d", date)
    assert index["cats"][cat].startswith("/toko/kategori/")
    # the data files are named after their content and kept for a year
    headers = html(out, "_headers")
    for rel in re.findall(r"/toko/assets/(?:search|prices)\.[0-9a-f]{10}\.json", page + html(out, "keranjang/index.html")):
        assert f"{rel}\n  Cache-Control: public, max-age=31536000, immutable" in headers


def test_numbered_pages_are_kept_between_builds_by_what_they_show(tmp_path):
    """Pages of listings are kept between builds by what they show. A product's description edited leaves
    every numbered page without its card the same file as before; a price edited on page 2 is on page 2
    and on its category's pages at once; and the site equals a fresh build of the same store."""
    import filecmp
    import shutil

    write_store(tmp_path / "store", 120)
    out = tmp_path / "out"
    build(tmp_path / "store", out)
    listings = [p for p in out.rglob("index.html") if "halaman" in p.parts or "kategori" in p.parts]
    before = {p: p.stat().st_ino for p in listings}
    slug = cards(html(out, "halaman/2/index.html"))[5].strip("/").rsplit("/", 1)[-1]
    source = tmp_path / "store" / "products" / f"{slug}.md"
    text = source.read_text(encoding="utf-8")

    source.write_text(text.replace("Deskripsi singkat.", "Deskripsi yang lebih panjang."), encoding="utf-8")
    build(tmp_path / "store", out)
    assert "Deskripsi yang lebih panjang." in html(out, f"{slug}/index.html")
    showing = {p for p in listings if any(a.endswith(f"/{slug}/") for a in cards(p.read_text(encoding="utf-8")))}
    assert 1 < len(showing) < len(listings) - 5
    assert {p: p.stat().st_ino for p in listings if p not in showing} == {p: i for p, i in before.items()
                                                                           if p not in showing}  # reused

    source.write_text(re.sub(r"price: \d+", "price: 4321000", text, count=1), encoding="utf-8")
    build(tmp_path / "store", out)
    assert "Rp 4.321.000" in html(out, "halaman/2/index.html")
    category = re.search(r"category: (\w+)", text).group(1).lower()
    assert any("Rp 4.321.000" in p.read_text(encoding="utf-8") for p in (out / "kategori" / category).rglob("*.html"))

    shutil.copytree(tmp_path / "store", tmp_path / "fresh", ignore=shutil.ignore_patterns(".lapak-cache"))
    build(tmp_path / "fresh", tmp_path / "fresh-out")
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    right = sorted(p.relative_to(tmp_path / "fresh-out").as_posix() for p in (tmp_path / "fresh-out").rglob("*")
                   if p.is_file())
    assert left == right
    _, mismatch, errors = filecmp.cmpfiles(out, tmp_path / "fresh-out", left, shallow=False)
    assert not mismatch and not errors, mismatch[:5]


def test_an_english_store_numbers_its_pages_under_page(tmp_path):
    write_store(tmp_path / "en", PAGE_SIZE + 1, language="en")
    build(tmp_path / "en", tmp_path / "out")
    out = tmp_path / "out"
    assert len(cards(html(out, "page/2/index.html"))) == 1 and not (out / "halaman").exists()
    two = html(out, "page/2/index.html")
    assert "<title>Toko Besar — Page 2</title>" in two and '<link rel="prev" href="/toko/">' in two
    assert "Previous" in two and 'aria-label="Product pages"' in two


def test_a_small_store_has_one_page_and_no_page_links(tmp_path):
    write_store(tmp_path / "s", PAGE_SIZE)
    build(tmp_path / "s", tmp_path / "out")
    page = html(tmp_path / "out", "index.html")
    assert len(cards(page)) == PAGE_SIZE and 'class="pager"' not in page and 'rel="next"' not in page
    assert not (tmp_path / "out" / "halaman").exists()


# --------------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def served(big, tb, request):
    """The 1,000-product store rebuilt for its test address and served at http://127.0.0.1:<port>/toko/, in
    the theme a test parametrizes (``indirect=True``), else the default."""
    theme = getattr(request, "param", "default")
    store = big / "store"
    if theme != "default":
        store = copy_store(store, big / f"store-{theme}")
        set_theme(store, theme)
    out = big / f"served-{theme}"
    out.mkdir()

    class Handler(_Handler):
        pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(out)))
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}{PREFIX}"
    build(store, out, "--base-url", base)
    Handler.policy = re.search(r"Content-Security-Policy: (.+)", html(out, "_headers")).group(1).strip()
    assert "connect-src 'self'" in Handler.policy
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"base": base, "port": port, "output": out, "policy": Handler.policy}
    server.shutdown()
    server.server_close()


@pytest.fixture
def shopper(tb, browser, served):
    made = []

    def make(**extra) -> Phone:
        made.append(Phone(tb, browser, served, user_agent=TIKTOK_ANDROID, **extra))
        return made[-1]

    yield make
    for p in made:
        p.close()


def shown_cards(page) -> list[str]:
    # each card's own link (a theme may put another beside it: warung's "choose")
    return page.eval_on_selector_all("#grid > li:not([hidden]) > a:first-child", "as => as.map(a => a.getAttribute('href'))")


# The quality floors hold in every built-in theme (one build of the big store each); the rest use the default.
EVERY_THEME = pytest.mark.parametrize("served", THEMES, indirect=True)
DEFAULT_ONLY = pytest.mark.parametrize("served", ["default"], indirect=True)


@EVERY_THEME
def test_page_two_is_reachable_without_javascript(shopper, served):
    p = shopper(java_script_enabled=False)
    page = p.go()
    assert len(shown_cards(page)) == PAGE_SIZE
    page.locator(".pager-next").click()
    page.wait_for_url("**/toko/halaman/2/")
    two = cards(html(served["output"], "halaman/2/index.html"))
    assert shown_cards(page) == two and page.locator("#grid > li").first.is_visible()
    page.locator(".pager a", has_text="28").click()
    page.wait_for_url("**/toko/halaman/28/")
    assert len(shown_cards(page)) == 1000 - 27 * PAGE_SIZE
    p.done("numbered pages without JavaScript")


@EVERY_THEME
def test_scrolling_appends_the_next_pages_once_and_the_address_follows(shopper, served):
    p = shopper()
    page = p.go()
    out = served["output"]
    want = cards(html(out, "index.html")) + cards(html(out, "halaman/2/index.html")) + cards(html(out, "halaman/3/index.html"))
    for n in (2, 3):
        page.mouse.wheel(0, 30000)
        expect(page.locator("#grid > li")).to_have_count(n * PAGE_SIZE)
    page.wait_for_timeout(300)  # a second request for the same page would add its cards now
    got = shown_cards(page)
    assert got[:3 * PAGE_SIZE] == want and len(got) == len(set(got))
    page.evaluate("() => document.querySelectorAll('#grid > li')[%d].scrollIntoView()" % (2 * PAGE_SIZE + 3))
    page.wait_for_url("**/toko/halaman/3/")
    # Back from a product returns to that numbered page
    page.locator("#grid > li").nth(2 * PAGE_SIZE + 3).locator("a").first.click()
    page.wait_for_url(re.compile(r".*/toko/p\d+/$"))
    page.go_back()
    page.wait_for_url("**/toko/halaman/3/")
    assert want[2 * PAGE_SIZE + 3] in shown_cards(page)
    p.shot("size-scrolled.png")
    p.done("infinite scroll")


@EVERY_THEME
def test_search_finds_a_product_on_page_five(shopper, served):
    p = shopper()
    page = p.go()
    index = index_of(served["output"], html(served["output"], "index.html"))
    slug, words = index["items"][4 * PAGE_SIZE + 7][:2]
    assert f"/toko/{slug}/" not in shown_cards(page)
    with page.expect_request(re.compile(r".*/assets/search\.[0-9a-f]{10}\.json$")):
        page.locator("#q").focus()  # the index comes on the first touch of the search box
    number = re.search(r"\d+", words).group()  # each generated title ends with its own number
    page.locator("#q").fill(f"{words.split()[0]} {number}")
    card = page.locator(f'#grid > li:not([hidden]) a[href="/toko/{slug}/"]')
    card.wait_for()
    assert shown_cards(page) == [f"/toko/{slug}/"]
    assert "1 dari 1000 produk" in page.locator("#found").inner_text()
    page.locator("#q").fill("")
    expect(page.locator("#grid > li:not([hidden])")).to_have_count(PAGE_SIZE)
    assert shown_cards(page) == cards(html(served["output"], "index.html"))
    p.shot("size-search.png")
    p.done("search over the whole catalogue")


@DEFAULT_ONLY
def test_sorting_and_chips_work_over_the_whole_catalogue(shopper, served):
    p = shopper()
    page = p.go()
    index = index_of(served["output"], html(served["output"], "index.html"))
    cheapest = sorted(range(1000), key=lambda i: (index["items"][i][2], i))
    page.locator("#sort").select_option("low")
    first = f"/toko/{index['items'][cheapest[0]][0]}/"
    expect(page.locator("#grid > li a").first).to_have_attribute("href", first)
    expect(page.locator("#grid > li:not([hidden])")).to_have_count(PAGE_SIZE)
    assert shown_cards(page)[:5] == [f"/toko/{index['items'][i][0]}/" for i in cheapest[:5]]
    page.locator("#sort").select_option("")
    page.locator(".chips a", has_text="Rumah").click()
    page.wait_for_url("**/toko/kategori/rumah/")
    rumah = index["cats"].index("/toko/kategori/rumah/")
    want = [f"/toko/{it[0]}/" for it in index["items"] if it[3] == rumah]
    expect(page.locator("#grid > li a").first).to_have_attribute("href", want[0])
    expect(page.locator("#grid > li:not([hidden])")).to_have_count(PAGE_SIZE)
    assert shown_cards(page) == want[:PAGE_SIZE]
    p.done("sorting and chips")


def _buy(p, slug: str, q: int = 2) -> None:
    p.go()
    p.page.evaluate("([k, v]) => localStorage.setItem(k, v)", [CART, json.dumps([{"s": slug, "v": "", "o": [], "q": q}])])


@DEFAULT_ONLY
def test_the_cart_totals_and_sends_with_the_prices_file_and_offline_from_the_last_copy(shopper, served):
    index = index_of(served["output"], html(served["output"], "index.html"))
    prices = json.loads(next((served["output"] / "assets").glob("prices.*.json")).read_text())["products"]
    slug = next(s for s, e in prices.items() if "v" not in e and "sale" not in e)
    price = prices[slug]["c"]
    assert slug in {it[0] for it in index["items"]}
    p = shopper()
    _buy(p, slug)
    page = p.go("keranjang/")
    assert page.locator("#lines .line").count() == 1
    assert page.locator("#total").inner_text() == _rp(2 * price)
    page.locator("#cart-wa").click()
    assert len(p.orders) == 1 and _rp(2 * price) in p.tb._wa(p.orders[0])[1] and prices[slug]["t"] in p.tb._wa(p.orders[0])[1]
    assert page.locator("#cart-offline").is_hidden()
    p.done("the cart with its prices file")

    # Offline: the prices file cannot be fetched, the copy kept from the last visit is used, and says so.
    p.context.route(re.compile(r".*/assets/prices\.[0-9a-f]+\.json$"), lambda route: route.abort("internetdisconnected"))
    page = p.go("keranjang/")
    assert page.locator("#cart-offline").inner_text() == "Tidak ada sambungan internet: harga dari kunjungan terakhir Anda."
    assert page.locator("#total").inner_text() == _rp(2 * price) and page.locator("#cart-wa").get_attribute("href")

    # Never online before: nothing is drawn, the buyer is told, and the cart is kept as it was.
    fresh = shopper()
    _buy(fresh, slug, 3)
    fresh.context.route(re.compile(r".*/assets/prices\.[0-9a-f]+\.json$"), lambda route: route.abort("internetdisconnected"))
    page = fresh.go("keranjang/")
    page.locator("#cart-note").wait_for()
    assert "Harga belum bisa dimuat" in page.locator("#cart-note").inner_text()
    assert page.locator("#cart-empty").is_hidden() and page.locator("#lines .line").count() == 0
    kept = page.evaluate("k => JSON.parse(localStorage.getItem(k))", CART)
    assert kept == [{"s": slug, "v": "", "o": [], "q": 3}]

    # A damaged copy (an entry without a sound price) is no copy: the cart is kept, never emptied by it.
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", ["lapak:/toko/prices", json.dumps({slug: {"t": "X", "u": "/", "c": "9"}})])
    page = fresh.go("keranjang/")
    page.locator("#cart-note").wait_for()
    assert "Harga belum bisa dimuat" in page.locator("#cart-note").inner_text()
    assert page.evaluate("k => JSON.parse(localStorage.getItem(k))", CART) == [{"s": slug, "v": "", "o": [], "q": 3}]


def test_the_preview_makes_numbered_pages_when_opened_and_as_built(tmp_path):
    from generator.preview import Preview
    from generator.site.writer import Deferred

    write_store(tmp_path / "s", 250)  # 7 pages; each category over one page
    build(tmp_path / "s", tmp_path / "out")
    snapshot = Preview(tmp_path / "s", report=lambda line: None).rebuild()
    for rel in ("halaman/3/index.html", "kategori/makanan/halaman/2/index.html"):
        made = snapshot.files[rel]
        assert isinstance(made, Deferred)  # seldom opened: rendered on request, not on every save
        assert bytes(made) == (tmp_path / "out" / rel).read_bytes()
    assert "halaman/7/index.html" in snapshot.files and "halaman/8/index.html" not in snapshot.files
