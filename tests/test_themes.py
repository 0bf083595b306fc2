"""The built-in themes butik (a portrait grid for fashion) and warung (a dense list with quick add), and
what a theme.yml may declare for them: its own stylesheets and starting values for store.yml settings.

The browser checks drive Debian's Chromium through Playwright on the example store in each theme; they are
skipped like tests/test_browser.py when Chromium or Playwright is missing, unless LAPAK_REQUIRE_BROWSER=1.
The quality floors every theme shares are parametrized in test_storefront.py, test_pages_size.py and
test_zoom.py.
"""

from __future__ import annotations

import re

import pytest

from conftest import BASE_STORE, KOPI, make_photo
from test_shop import browser, tb  # noqa: F401 (fixtures: a browser, or a skip that names why)

SHIRT = """\
title: Kemeja Linen
price: 250000
images: [1.jpg]
"""
SAMBAL = """\
title: Sambal Roa
price: 45000
variants:
  - name: Botol kecil
  - name: Botol besar
    price: 70000
"""
HABIS = """\
title: Keripik Habis
price: 12000
sold_out: true
"""


def _card(html: str, title: str) -> str:
    """The ``<li class="card">`` that shows ``title``."""
    return next(c for c in re.findall(r'<li class="card.*?</li>', html, re.S) if f">{title}<" in c)


def _shirt_store(store, extra: str = "") -> str:
    store.write("store.yml", BASE_STORE + extra)
    make_photo(store.root / "products" / "kemeja-linen" / "1.jpg", size=(900, 1200))
    store.product("kemeja-linen/", SHIRT)
    result = store.build()
    assert result.exit_code == 0, result.output
    return store.page()


# --------------------------------------------------------------------------- butik


def test_butik_cards_are_portrait_unless_the_store_chooses_a_shape(store):
    html = _shirt_store(store, "theme: butik\n")
    card = _card(html, "Kemeja Linen")
    assert "r-3-4" in card
    width, height = map(int, re.search(r'<img src="[^"]+" srcset="[^"]+" sizes="[^"]+" width="(\d+)" height="(\d+)"',
                                       card).groups())
    assert width * 4 == height * 3, (width, height)  # the photo itself is made in the portrait shape
    # the theme's stylesheet comes after style.css and before the store's colours, which win
    sheets = re.findall(r'<link rel="stylesheet" href="[^"]*/assets/(\w+)\.[0-9a-f]+\.css">', html)
    assert sheets[:3] == ["style", "butik", "store"], sheets
    # the store's own photo_ratio wins over the theme's starting value
    html = _shirt_store(store, "theme: butik\nphoto_ratio: \"1:1\"\n")
    assert "r-1-1" in _card(html, "Kemeja Linen") and "r-3-4" not in html
    # and the default theme keeps square cards
    assert "r-1-1" in _card(_shirt_store(store), "Kemeja Linen")


def test_butik_uses_system_fonts_only(store):
    from generator.site.theme import builtin_themes_dir

    for theme in ("butik", "warung"):
        css = (builtin_themes_dir() / theme / "static" / f"{theme}.css").read_text(encoding="utf-8")
        assert "url(" not in css and "@font-face" not in css and "@import" not in css


# --------------------------------------------------------------------------- warung


def test_warung_rows_get_a_quick_add_only_when_there_is_nothing_to_choose(store):
    store.write("store.yml", BASE_STORE + "theme: warung\n")
    store.write("products/kopi-gayo.md", KOPI)
    store.product("sambal-roa", SAMBAL)
    store.product("keripik-habis", HABIS)
    result = store.build()
    assert result.exit_code == 0, result.output
    html = store.page()
    kopi = _card(html, "Kopi Gayo")
    # a button beside the card's link (never inside it), hidden without JavaScript where the row is the link
    assert re.search(r'</a>\s*<button type="button" class="quick js-only" data-add="kopi-gayo"', kopi)
    assert 'data-done="Masuk keranjang."' in kopi and "Tambah ke keranjang: Kopi Gayo" in kopi
    assert re.search(r'<a href="/toko/kopi-gayo/">', kopi)
    sambal = _card(html, "Sambal Roa")
    assert "data-add" not in sambal and re.search(r'<a class="quick quick-choose" href="/toko/sambal-roa/"[^>]*>Pilih</a>', sambal)
    assert "quick" not in _card(html, "Keripik Habis")  # nothing to add when sold out
    assert " style=" not in html and not re.search(r"<script(?![^>]*\b(src|type=\"application/(ld\+)?json\"))", html)


# --------------------------------------------------------------------------- theme.yml


def test_a_theme_default_lapak_cannot_use_is_explained(store):
    store.write("mine/theme.yml", "extends: default\ndefaults:\n  photo_ratio: \"2:3\"\n")
    store.write("store.yml", BASE_STORE + "theme: mine\n")
    result = store.build()
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "theme.yml" in result.output and "photo_ratio: 2:3" in result.output and "photo_ratio" in result.output
    store.write("mine/theme.yml", "extends: default\nstylesheets: [mine.css]\n")
    result = store.build()
    assert result.exit_code != 0 and "mine.css" in result.output and "static/" in result.output
    store.write("mine/static/mine.css", ".card { outline: 1px solid red; }\n")
    result = store.build()
    assert result.exit_code == 0, result.output
    assert re.search(r'assets/mine\.[0-9a-f]+\.css', store.page())


def test_a_theme_default_message_in_english(store, monkeypatch):
    monkeypatch.setenv("LAPAK_LANG", "en")
    store.speak("en")
    store.write("mine/theme.yml", "extends: default\ndefaults:\n  colour: red\n")
    store.write("store.yml", BASE_STORE + "theme: mine\nlanguage: en\n")
    result = store.build()
    assert "cannot be used. A theme can only give a starting value for: photo_ratio" in result.output


# --------------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def site(tb, tmp_path_factory, request):
    """The example store in the theme a test names, served at http://127.0.0.1:<port>/toko/."""
    yield from tb.serve_example(tmp_path_factory, request.param)


@pytest.mark.parametrize("site", ["warung"], indirect=True)
def test_warung_quick_add_puts_the_product_in_the_cart(tb, browser, site):
    context, page, watch = tb._open(browser, site, "", tb.MOBILE)
    try:
        row = page.locator(".card", has_text="Nastar Selai Nanas")
        add = row.locator("button.quick")
        assert add.is_visible() and page.locator("#top-cart").is_hidden()
        box, card = add.bounding_box(), row.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44  # one thumb's tap
        assert card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
        add.click()
        assert page.locator("#toast").inner_text() == "Masuk keranjang."
        add.click()
        assert page.locator("#top-cart .cart-n").inner_text() == "2"
        assert page.url == site["base"]  # still on the list
        tb.SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(tb.SHOTS / "warung-quick-add.png"))
        page.locator("#top-cart").click()
        page.wait_for_selector("#lines li")
        line = page.locator("#lines li", has_text="Nastar Selai Nanas")
        assert line.count() == 1 and line.locator("input").input_value() == "2"
        assert "Rp 190.000" in page.locator(".cart-total").inner_text()
        watch.check("warung quick add")
    finally:
        context.close()
    # Without JavaScript the button is not there, and the row is a link to the product's page.
    context = browser.new_context(java_script_enabled=False, **tb.MOBILE)
    try:
        page = context.new_page()
        page.goto(site["base"], wait_until="networkidle")
        row = page.locator(".card", has_text="Nastar Selai Nanas")
        assert row.locator("button.quick").is_hidden()
        row.locator("a").first.click()
        page.wait_for_url("**/toko/nastar-nanas/")
    finally:
        context.close()


@pytest.mark.parametrize("site", ["butik"], indirect=True)
def test_butik_shows_large_portrait_photos(tb, browser, site):
    for device, columns, least in ((tb.MOBILE, 2, 150), (tb.DESKTOP, 3, 320)):
        context, page, watch = tb._open(browser, site, "", device)
        try:
            boxes = page.evaluate("Array.from(document.querySelectorAll('.card-img')).map(e => {"
                                  " const r = e.getBoundingClientRect(); return [r.left, r.width, r.height]; })")
            assert all(abs(h / w - 4 / 3) < 0.02 and w >= least for _, w, h in boxes), boxes
            assert len({round(x) for x, _, _ in boxes}) == columns, boxes
            # minimal text: the name on one line, the price, nothing else on the card
            assert page.locator(".card .card-body > *").count() == 2 * page.locator(".card").count()
            title = page.locator(".card-title").first
            assert title.evaluate("e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))") == 1
            watch.check("butik storefront")
        finally:
            context.close()


def test_lapak_init_names_every_built_in_theme():
    from conftest import THEMES
    from generator.scaffold import STORE_YML

    for language, text in STORE_YML.items():
        assert all(name in text for name in THEMES), language
        assert "# theme: butik" in text
