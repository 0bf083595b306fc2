"""The storefront a seller shows off: the store's identity on the first screen, prices that fit their
cards, tag pages, the footer, and the seller's colours, font and dark mode from store.yml.

The build checks run everywhere. The browser checks drive Debian's Chromium through Playwright at
320x640, 360x740 (inside TikTok's browser) and 1280x800 on the example store; they are skipped when
Chromium or Playwright is missing, unless LAPAK_REQUIRE_BROWSER=1. Screenshots go to /tmp/lapak-shots/.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from conftest import REPO, THEMES, make_photo, set_theme
from test_shop import browser, tb  # noqa: F401 (fixtures: a browser, or a skip that names why)

from generator.cli import main
from generator.content.brand import contrast, parse_hex, readable
from generator.content.model import Brand
from generator.site.brand import brand_css, dark_palette, palette

TIKTOK = ("Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
          "Chrome/112.0.5615.136 Mobile Safari/537.36 trill_330104 JsSdk/1.0 NetType/4G Channel/googleplay "
          "AppName/musical_ly app_version/33.1.4 ByteLocale/id ByteFullLocale/id Region/ID")


# --------------------------------------------------------------------------- colours


@pytest.mark.parametrize("colour, against", [
    ("#999999", "#ffffff"), ("#ffd400", "#fafaf7"), ("#0f5e4d", "#121614"), ("#e85d9e", "#fff4f8"),
    ("#777777", "#777777"),
])
def test_a_hard_to_read_colour_is_moved_just_far_enough_to_pass_aa(colour, against):
    fixed = readable(colour, against)
    assert contrast(colour, against) < 4.5 <= contrast(fixed, against)
    # just far enough: one step less would fail (it is not simply black or white)
    assert fixed not in ("#000000", "#ffffff") or contrast(colour, against) < 1.5


def test_a_readable_colour_is_kept_and_contrast_matches_wcag():
    assert readable("#0f5e4d", "#fafaf7") == "#0f5e4d"
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # WCAG's well-known AA grey
    assert parse_hex("#ABC") == "#aabbcc" and parse_hex("b4532a") == "#b4532a"
    assert parse_hex("red") is None and parse_hex("#12345") is None and parse_hex(True) is None


def test_every_colour_the_theme_shows_reads_in_light_and_dark():
    for brand in (Brand(), Brand(accent="#ffcc00"), Brand(accent="#b4532a", background="#fff4e6", text="#3b2a20")):
        light = palette(brand)
        for colours in (light, dark_palette(light)):
            for fg, bg in (("ink", "bg"), ("ink", "card"), ("muted", "bg"), ("muted", "card"), ("accent", "bg"),
                           ("accent", "card"), ("on-accent", "accent"), ("sale-ink", "card"), ("on-sale", "sale"),
                           ("muted", "note"), ("accent", "accent-soft"), ("ink", "note")):
                assert contrast(colours[fg], colours[bg]) >= 4.5, (brand, fg, bg, colours)


def test_dark_mode_rules_follow_the_setting_and_fonts_are_system_stacks():
    css = brand_css(Brand(accent="#b4532a"))
    assert "--accent:#b4532a" in css and "@media (prefers-color-scheme:dark)" in css
    assert "@media" not in brand_css(Brand(dark_mode=False)) and "color-scheme:light" in brand_css(Brand())
    assert "@media" not in brand_css(Brand(background="#101010", text="#eeeeee"))  # dark already
    assert "Georgia" in brand_css(Brand(font="serif")) and "ui-rounded" in brand_css(Brand(font="rounded"))
    assert "url(" not in brand_css(Brand(font="rounded"))  # nothing downloaded


# --------------------------------------------------------------------------- store.yml


def _with(store, text: str):
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + text)
    return store.build()


@pytest.mark.parametrize("setting, message", [
    ('colors:\n  accent: merah\n', "store.yml, line 12, field 'colors.accent': \"merah\" is not a colour code; "
                                   "write it like \"#b4532a\""),
    ("colors: \"#b4532a\"\n", "field 'colors': write the colours indented under 'colors:'"),
    ("font: comic\n", "field 'font': \"comic\" is not a font Lapak offers; use system, serif or rounded"),
    ("dark_mode: kadang\n", "field 'dark_mode': \"kadang\""),
    ("cover: sampul.jpg\n", "field 'cover': 'sampul.jpg' was not found next to store.yml"),
    ("cover: store.yml\n", "field 'cover': 'store.yml' is not an image Lapak can use (JPEG, PNG, WebP"),
])
def test_wrong_look_settings_stop_the_build_naming_store_yml_and_the_field(store, setting, message):
    result = _with(store, "language: en\n" + setting)
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_a_colour_that_fails_aa_is_adjusted_with_a_warning_naming_it(store):
    result = _with(store, 'language: en\ncolors:\n  accent: "#ffd400"\n  background: "#fffdf5"\n  warna: x\n')
    assert result.exit_code == 0, result.output
    assert re.search(r"store\.yml, line 12, field 'colors\.accent': the accent \(buttons and links\) colour "
                     r"#ffd400 is hard to read on the background #fffdf5 \(contrast 1\.\d:1, at least 4\.5:1 is "
                     r"needed\), so Lapak uses #[0-9a-f]{6}\. Choose a darker colour", result.output), result.output
    assert "field 'colors.warna': unknown colour 'warna'" in result.output
    css = _store_css(store)
    used = re.search(r"--accent:(#[0-9a-f]{6})", css).group(1)
    assert used != "#ffd400" and contrast(used, "#fffdf5") >= 4.5 and "--bg:#fffdf5" in css


def test_colour_warning_in_bahasa_indonesia(store):
    result = _with(store, 'colors:\n  text: "#cccccc"\n')
    assert result.exit_code == 0
    assert "isian 'colors.text': warna tulisan #cccccc sulit dibaca di atas latar #fafaf7" in result.output
    assert "Pilih warna yang lebih gelap" in result.output


def _store_css(store) -> str:
    href = re.search(r'<link rel="stylesheet" href="/toko/(assets/store\.[0-9a-f]{10}\.css)">', store.page()).group(1)
    return store.page(href)


def test_colours_and_font_go_into_a_hashed_stylesheet_never_inline(store):
    result = _with(store, 'colors:\n  accent: "#8a3b12"\nfont: serif\ndark_mode: false\n')
    assert result.exit_code == 0, result.output
    css = _store_css(store)
    assert "--accent:#8a3b12" in css and "Georgia" in css and "prefers-color-scheme" not in css
    page = store.page()
    assert 'style=' not in page and "<style" not in page
    assert '<meta name="theme-color" content="#8a3b12">' in page


def test_cover_goes_through_the_photo_pipeline_and_the_address_into_the_footer(store):
    make_photo(store.root / "sampul.jpg", size=(2400, 800))
    result = _with(store, "cover: sampul.jpg\naddress: Jl. Sidoluhur 12, Laweyan, Solo\n")
    assert result.exit_code == 0, result.output
    page = store.page()
    cover = re.search(r'<div class="cover"><picture>.*?<img src="/toko/(photos/[^"]+\.webp)"[^>]*fetchpriority="high"',
                      page).group(1)
    assert (store.output / cover).is_file() and not (store.output / "sampul.jpg").exists()  # resized, not copied
    assert "1080w" in page and "2400w" not in page
    foot = page[page.index("<footer"):]
    assert "Jl. Sidoluhur 12, Laweyan, Solo" in foot and "+62 812-3456-7890" in foot
    assert 'href="https://wa.me/6281234567890"' in foot and "https://www.tiktok.com/@tokotes" in foot
    assert "Jl. Sidoluhur" in store.page("kopi-gayo/index.html")  # every page's footer


def test_tags_link_to_tag_pages_with_safe_unique_addresses(store):
    store.product("batik", "title: Kemeja Batik\nprice: 150000\ntags: [Batik, oleh oleh, \"a/../b\", \"🎉\"]")
    store.product("tas", "title: Tas\nprice: 90000\ntags: [batik, oleh-oleh, \"<b>x\"]")
    assert store.build().exit_code == 0
    page = store.page("batik/index.html")
    links = re.findall(r'<a href="/toko/tag/([^"]+)/">#([^<]+)</a>', page)
    assert links == [("batik", "Batik"), ("oleh-oleh", "oleh oleh"), ("a-b", "a/../b"), ("tag", "🎉")]
    tas = re.findall(r'<a href="/toko/tag/([^"]+)/">', store.page("tas/index.html"))
    assert tas == ["batik", "oleh-oleh-2", "b-x"]  # "oleh oleh" and "oleh-oleh" are two tags: two addresses
    batik = store.page("tag/batik/index.html")
    assert "<h1" in batik and "#Batik" in batik and "Kemeja Batik" in batik and "Tas" in batik
    assert "Kopi Gayo" not in batik and "&lt;b&gt;x" in store.page("tag/b-x/index.html")
    sitemap = store.page("sitemap.xml")
    assert "https://contoh.github.io/toko/tag/batik/" in sitemap and "tag/oleh-oleh-2/" in sitemap


def test_the_summary_is_not_printed_twice(store):
    store.product("teh", "title: Teh\nprice: 20000", body="Teh melati wangi.\n\nSeduh 3 menit.")
    store.product("kue", "title: Kue\nprice: 20000\nsummary: Kue basah tiap pagi", body="Resep nenek.")
    assert store.build().exit_code == 0
    main = store.page("teh/index.html").split("<main", 1)[1].split("</main>")[0]
    assert main.count("Teh melati wangi.") == 1
    assert '<p class="summary">Kue basah tiap pagi</p>' in store.page("kue/index.html")
    assert 'class="summary"' not in store.page("teh/index.html")


def test_a_product_without_a_photo_gets_a_placeholder_not_a_letter(store):
    assert store.build().exit_code == 0
    page = store.page()
    card = re.search(r'<span class="no-img" aria-hidden="true">(.*?)</span></span>', page, re.S).group(1)
    assert "<svg" in card and "Foto menyusul" in card and ">K<" not in card


# --------------------------------------------------------------------------- in a real browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


PRICEY = """---
title: Kebaya Sutra Tenun Tangan Edisi Pengantin
price: 99.999.999
variants:
  - name: S
    price: 12.500.000
  - name: L
---
Dibuat sesuai pesanan.
"""


def _serve(tmp_path_factory, name: str, extra: str = "", theme: str = "default"):
    """The example store (with a product at Rp 99.999.999 'mulai') in ``theme``, built and served from a folder."""
    work = tmp_path_factory.mktemp(name)
    store = work / "content"
    shutil.copytree(REPO / "content", store, ignore=shutil.ignore_patterns(".lapak-cache"))
    set_theme(store, theme)
    (store / "products" / "kebaya-sutra.md").write_text(PRICEY, encoding="utf-8")
    if extra:
        (store / "store.yml").write_text((store / "store.yml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    output = work / "output"
    result = CliRunner().invoke(main, ["build", str(store), "--output", str(output), "--base-url", "http://x.test/"])
    assert result.exit_code == 0, result.output
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def served(tmp_path_factory, tb, request):
    """The example store served, in the theme a test parametrizes (``indirect=True``), else its own."""
    server, base = _serve(tmp_path_factory, "front", theme=getattr(request, "param", "default"))
    yield base
    server.shutdown()
    server.server_close()


SCREENS = {
    "320": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
    "360-tiktok": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "user_agent": TIKTOK},
    "1280": {"viewport": {"width": 1280, "height": 800}},
}


def _prices_outside_their_cards(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.card')).flatMap(card => {
        const c = card.getBoundingClientRect();
        return Array.from(card.querySelectorAll('.card-price strong, .card-price .from, .card-price s'))
          .filter(e => { const r = e.getBoundingClientRect();
                         return r.width && (r.left < c.left - 0.5 || r.right > c.right + 0.5 || e.scrollWidth > e.clientWidth + 1); })
          .map(e => card.querySelector('.card-title').textContent + ': ' + e.textContent);
      })""")


# The quality floors hold in every built-in theme; the other browser checks use the example's own.
EVERY_THEME = pytest.mark.parametrize("served", THEMES, indirect=True)
DEFAULT_ONLY = pytest.mark.parametrize("served", ["default"], indirect=True)


@EVERY_THEME
@pytest.mark.parametrize("screen", list(SCREENS))
def test_storefront_fits_every_screen_and_prices_fit_their_cards(tb, browser, served, screen, request):
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    try:
        width = SCREENS[screen]["viewport"]["width"]
        for rel in ("", "kemeja-batik-parang/", "wedang-uwuh/", "tag/batik/", "kategori/fashion/"):
            page.goto(served + rel, wait_until="networkidle")
            tb._no_sideways_scroll(page, width, f"{rel or 'storefront'} at {screen}")
        page.goto(served, wait_until="networkidle")
        assert page.locator(".card", has_text="Rp 12.500.000").count() == 1
        assert not _prices_outside_their_cards(page)
        sort = page.locator("#sort")
        sort.select_option("low")
        assert sort.evaluate("s => s.scrollWidth <= s.clientWidth") and sort.evaluate(
            "s => { const c = document.createElement('canvas').getContext('2d'); c.font = getComputedStyle(s).font;"
            " return c.measureText(s.selectedOptions[0].text).width + 24 <= s.clientWidth; }"), "sort text is cut"
        tb.SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(tb.SHOTS / f"storefront-{request.node.callspec.params['served']}-{screen}.png"))
    finally:
        context.close()


@EVERY_THEME
def test_the_first_screen_in_tiktok_shows_the_store_and_two_cards(tb, browser, served):
    context = browser.new_context(**SCREENS["360-tiktok"])
    page = context.new_page()
    try:
        page.goto(served, wait_until="networkidle")
        assert page.locator("#inapp").is_visible()  # the in-app line is there, and still two cards fit
        assert page.locator("#inapp").bounding_box()["height"] <= 56
        hero = page.locator(".hero")
        assert hero.locator("h1").inner_text() == "Dapur & Kain Bu Sari" and hero.locator(".id-logo").is_visible()
        assert hero.locator(".tagline").is_visible()
        tops = page.evaluate("Array.from(document.querySelectorAll('.card')).map(c => c.getBoundingClientRect().top)")
        assert sum(1 for top in tops if top < 740 - 60) >= 2, tops  # two card tops, with some photo showing
        # the link-in-bio buttons: one row, each one tap away
        bio = page.locator(".bio a")
        assert bio.count() == 6 and len({round(b["y"]) for b in (bio.nth(i).bounding_box() for i in range(6))}) == 1
        assert page.locator(".bio a", has_text="Shopee").get_attribute("href").startswith("https://shopee.co.id/")
        page.locator("#inapp .inapp-x").click()
        page.reload(wait_until="networkidle")
        assert page.locator("#inapp").is_hidden()  # closed stays closed
    finally:
        context.close()


@DEFAULT_ONLY
def test_tags_lead_to_their_page_without_javascript(tb, browser, served):
    context = browser.new_context(java_script_enabled=False, **SCREENS["360-tiktok"])
    page = context.new_page()
    try:
        page.goto(served + "kemeja-batik-parang/", wait_until="networkidle")
        assert page.locator(".summary").count() <= 1
        page.locator(".tags a", has_text="#batik solo").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "#batik solo"
        assert page.locator(".card", has_text="Kemeja Batik Parang").is_visible()
        # variants sit side by side, not one per line
        page.goto(served + "kemeja-batik-parang/", wait_until="networkidle")
        rows = {round(b["y"]) for b in (page.locator(".pill").nth(i).bounding_box()
                                        for i in range(page.locator(".pill").count()))}
        assert len(rows) < page.locator(".pill").count()
    finally:
        context.close()


def _background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@DEFAULT_ONLY
def test_dark_mode_follows_the_phone_unless_turned_off(tb, browser, served, tmp_path_factory):
    light = browser.new_context(color_scheme="light", **SCREENS["360-tiktok"])
    dark = browser.new_context(color_scheme="dark", **SCREENS["360-tiktok"])
    try:
        page = light.new_page()
        page.goto(served, wait_until="networkidle")
        assert _background(page) == "rgb(251, 247, 241)"  # the example store's own background
        page = dark.new_page()
        page.goto(served, wait_until="networkidle")
        assert _background(page) == "rgb(18, 22, 20)"
        ink = page.evaluate("getComputedStyle(document.querySelector('.hero h1')).color")
        assert ink == "rgb(232, 236, 233)"
        tb.SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(tb.SHOTS / "storefront-dark-360.png"))
        server, base = _serve(tmp_path_factory, "light-only", "dark_mode: false\n")
        try:
            page.goto(base, wait_until="networkidle")
            assert _background(page) == "rgb(251, 247, 241)"  # the example store's own background
        finally:
            server.shutdown()
            server.server_close()
    finally:
        light.close()
        dark.close()
