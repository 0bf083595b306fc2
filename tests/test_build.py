"""What a build produces: pages, links, head tags, safety, determinism, and the output folder's care."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import REPO, Store, make_photo

VARIANTS = """\
title: Kemeja Batik
price: 150.000
compare_at_price: "Rp 200.000"
category: Fashion Pria
options:
  Lengan: [Pendek, Panjang]
variants:
  - name: M
  - name: XL
    price: 165000
  - name: S
    sold_out: true
marketplaces:
  shopee: https://shopee.co.id/tokotes/123
  tokopedia: https://www.tokopedia.com/tokotes/kemeja
"""


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', html)


@pytest.fixture
def built(store: Store) -> Store:
    store.product("kemeja/", VARIANTS, "Batik tulis **halus**.\n\nDijahit rapi.")
    make_photo(store.root / "products" / "kemeja" / "1.jpg", (1200, 1200))
    store.product("teh", 'title: Teh "Tubruk" </script><b>\nprice: 20000\nstock: 0\ncategory: Minuman')
    result = store.build()
    assert result.exit_code == 0, result.output
    return store


def test_storefront_lists_every_product_with_price_discount_and_sold_out(built):
    page = built.page()
    assert "Kopi Gayo" in page and "Rp 85.000" in page
    # "mulai" apart from the amount, so that a narrow card can wrap before it (partials/card.html)
    assert "Kemeja Batik" in page and "mulai</span> <strong>Rp 150.000</strong>" in page
    assert "Rp 200.000" in page and "-25%" in page
    assert 'Teh &#34;Tubruk&#34; &lt;/script&gt;&lt;b&gt;' in page and "Habis" in page
    # categories a buyer can open without JavaScript
    assert '<a href="/toko/kategori/minuman/"' in page
    minuman = built.page("kategori/minuman/index.html")
    assert "Teh" in minuman and "Kemeja Batik" not in minuman


def test_product_page_has_whatsapp_order_with_the_product_price_and_url(built):
    page = built.page("kemeja/index.html")
    href = re.search(r'id="wa" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    parts = urlsplit(href)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/6281234567890")
    text = parse_qs(parts.query)["text"][0]
    assert text.startswith("Halo Toko Tes, saya mau pesan:")
    assert "*Kemeja Batik*" in text and "Harga: mulai Rp 150.000" in text
    assert "https://contoh.github.io/toko/kemeja/" in text
    # the picker: every variant with its price, the sold-out one disabled, and the option
    assert 'value="XL" data-price="Rp 165.000"' in page
    assert re.search(r'value="S" data-price="Rp 150.000" disabled', page)
    assert '<select name="Lengan"' in page and "<option>Panjang</option>" in page
    # the template the picker fills in stays in the store's words
    assert 'data-template="Halo Toko Tes, saya mau pesan:\n*Kemeja Batik*\nPilihan: {variant}' in page


def test_sold_out_product_has_no_order_button(built):
    page = built.page("teh/index.html")
    assert 'id="wa"' not in page and "Habis" in page


def test_marketplace_buttons_are_https_and_noopener(built):
    page = built.page("kemeja/index.html")
    buttons = re.findall(r'<a class="mp mp-(\w+)" href="([^"]+)" rel="noopener">([^<]+)</a>', page)
    assert buttons == [("shopee", "https://shopee.co.id/tokotes/123", "Beli di Shopee"),
                       ("tokopedia", "https://www.tokopedia.com/tokotes/kemeja", "Beli di Tokopedia")]


def test_head_tags_for_link_previews(built):
    page = built.page("kemeja/index.html")
    assert "<title>Kemeja Batik — Toko Tes</title>" in page
    assert '<link rel="canonical" href="https://contoh.github.io/toko/kemeja/">' in page
    assert '<meta name="description" content="Batik tulis halus.">' in page
    og = re.search(r'<meta property="og:image" content="([^"]+)">', page).group(1)
    assert og.startswith("https://contoh.github.io/toko/photos/") and og.endswith(".jpg")
    assert (built.output / og.removeprefix("https://contoh.github.io/toko/")).is_file()
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    index = built.page()
    assert '<meta property="og:image" content="https://contoh.github.io/toko/photos/' in index


def test_json_ld_product_group_with_offers(built):
    page = built.page("kemeja/index.html")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "ProductGroup" and data["name"] == "Kemeja Batik"
    offers = {v["name"]: v["offers"] for v in data["hasVariant"]}
    assert offers["Kemeja Batik - XL"] == {"@type": "Offer", "price": "165000", "priceCurrency": "IDR",
                                          "availability": "https://schema.org/InStock",
                                          "url": "https://contoh.github.io/toko/kemeja/"}
    assert offers["Kemeja Batik - S"]["availability"] == "https://schema.org/OutOfStock"


def test_json_ld_cannot_be_closed_by_product_text(built):
    page = built.page("teh/index.html")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "</script" not in script and "<b>" not in script
    data = json.loads(script)
    assert data["@type"] == "Product" and data["name"] == 'Teh "Tubruk" </script><b>'
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert data["offers"]["price"] == "20000"


def test_markdown_is_sanitised(store):
    store.product("jahat", "title: Jahat\nprice: 1000", (
        "Hai <script>alert(1)</script> <img src=x onerror=alert(2)> <iframe src=https://evil.example></iframe>\n\n"
        "[klik](javascript:alert(3)) <a href=\"https://ok.example\" onclick=\"alert(4)\">ok</a>\n\n"
        "<div style=\"position:fixed\" onmouseover=\"alert(5)\">x</div>\n\n# Judul"))
    assert store.build().exit_code == 0
    page = store.page("jahat/index.html")
    body = page.split('<section class="desc">')[1]
    for bad in ("<script>alert", "onerror", "<iframe", "javascript:", "onclick", "onmouseover", "position:fixed"):
        assert bad not in body, bad
    assert '<a href="https://ok.example" rel="noopener nofollow">ok</a>' in body
    assert "<h2>Judul</h2>" in body and page.count("<h1>") == 1


def test_sitemap_robots_404_and_nojekyll(built):
    sitemap = built.page("sitemap.xml")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert "https://contoh.github.io/toko/" in locs and "https://contoh.github.io/toko/kemeja/" in locs
    assert "https://contoh.github.io/toko/kategori/minuman/" in locs
    assert all(loc.startswith("https://contoh.github.io/toko/") for loc in locs)
    assert "Sitemap: https://contoh.github.io/toko/sitemap.xml" in built.page("robots.txt")
    assert (built.output / ".nojekyll").is_file()
    assert "Halaman tidak ditemukan" in built.page("404.html")
    assert 'href="/toko/"' in built.page("404.html")


def test_every_internal_link_is_under_the_base_path(built):
    for rel in ("index.html", "kemeja/index.html", "kategori/minuman/index.html", "404.html"):
        for url in hrefs(built.page(rel)):
            if url.startswith("https://contoh.github.io/toko/"):  # canonical and share-image addresses
                url = url.removeprefix("https://contoh.github.io")
            if url.startswith("https://"):
                assert urlsplit(url).hostname in {"wa.me", "shopee.co.id", "www.tokopedia.com", "www.tiktok.com"}
            elif url == "#main":
                continue
            else:
                assert url.startswith("/toko/"), (rel, url)
                target = built.output / url.removeprefix("/toko/")
                assert target.is_file() or (target / "index.html").is_file(), url


def test_base_url_flag_overrides_store_yml(store):
    assert store.build("--base-url", "https://tokoku.netlify.app").exit_code == 0
    page = store.page("kopi-gayo/index.html")
    assert '<link rel="canonical" href="https://tokoku.netlify.app/kopi-gayo/">' in page
    assert 'href="/assets/style.' in page


def test_english_store_and_other_currency(store):
    store.write("store.yml", "name: Shop\nlanguage: en\ncurrency: USD\nwhatsapp: '+1 202 555 0143'\n"
                             "base_url: https://shop.example/\n")
    store.product("kopi-gayo", "title: Gayo Coffee\nprice: '12.50'\ncategory: Drinks")
    assert store.build().exit_code == 0
    page = store.page("kopi-gayo/index.html")
    assert "$12.50" in page and "Order on WhatsApp" in page and '<html lang="en">' in page
    assert "Hello%20Shop%2C%20I%20would%20like%20to%20order" in page
    assert (store.output / "category" / "drinks" / "index.html").is_file()


def test_same_input_gives_byte_identical_output(built, tmp_path):
    first = files(built.output)
    other = Store(built.root)
    other.output = tmp_path / "again"
    import shutil

    shutil.rmtree(built.root / ".lapak-cache")
    assert other.build("--jobs", "1").exit_code == 0
    assert files(other.output) == first


def test_unchanged_rebuild_is_skipped_and_a_change_is_seen(built):
    before = files(built.output)
    result = built.build()
    assert result.exit_code == 0 and "Tidak ada yang berubah" in result.output  # the store speaks Indonesian
    assert files(built.output) == before
    built.product("teh", "title: Teh Melati\nprice: 21000\ncategory: Minuman")
    result = built.build()
    assert "Selesai membangun 3 produk" in result.output
    assert "Teh Melati" in built.page() and "Rp 21.000" in built.page("teh/index.html")


def test_a_failed_build_leaves_the_previous_output_exactly_as_it_was(built):
    before = files(built.output)
    built.product("rusak", "title: Rusak\nprice: gratis")
    result = built.build()
    assert result.exit_code == 1 and "products/rusak.md" in result.output
    assert files(built.output) == before
    assert not list(built.output.parent.glob(".output.lapak-*"))


def test_an_interrupted_build_leaves_the_previous_output(built, monkeypatch):
    from generator.commands import build as build_module
    from generator.site.render import Renderer

    before = files(built.output)
    built.product("baru", "title: Baru\nprice: 1000")

    def interrupted(self, product):
        raise KeyboardInterrupt

    monkeypatch.setattr(Renderer, "product", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_module.build(built.root, built.output, jobs=1)
    assert files(built.output) == before
    assert not list(built.output.parent.glob(".output.lapak-*"))


def test_output_may_not_be_or_contain_the_store(store):
    result = store.build("--output", str(store.root))
    assert result.exit_code == 1 and "adalah folder toko itu sendiri" in result.output
    result = store.build("--output", str(store.root.parent))
    assert result.exit_code == 1 and "berisi folder toko" in result.output
    result = store.build("--output", str(store.root / "products" / "out"))
    assert result.exit_code == 1 and "berada di dalam folder products/ toko" in result.output
    assert (store.root / "products" / "kopi-gayo.md").is_file()


def test_a_folder_lapak_did_not_make_is_refused_unless_forced(store):
    store.output.mkdir()
    (store.output / "penting.txt").write_text("jangan dihapus")
    result = store.build()
    assert result.exit_code == 1 and "--force" in result.output and "Traceback" not in result.output
    assert (store.output / "penting.txt").read_text() == "jangan dihapus"
    assert store.build("--force").exit_code == 0
    assert not (store.output / "penting.txt").exists()
    assert store.build().exit_code == 0  # now it is Lapak's own


def test_output_inside_the_store_folder_is_fine_and_not_read_as_content(store):
    result = store.build("--output", str(store.root / "output"))
    assert result.exit_code == 0, result.output
    assert (store.root / "output" / "kopi-gayo" / "index.html").is_file()


def test_a_broken_theme_template_names_the_file_and_line(store):
    store.write("store.yml", "name: T\ntheme: tema\n")
    store.write("tema/templates/product.html", "{% extends 'base.html' %}\n{% block main %}\n{{ product.nope }}\n"
                                               "{% endblock %}\n")
    result = store.build()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "product.html, baris 3: template ini gagal dibuat menjadi halaman" in result.output
    store.write("tema/templates/product.html", "{% extends 'base.html' %}\n{% block main %}{{ product.title }}"
                                               "{% endblock %}\n")
    assert store.build().exit_code == 0
    assert "Kopi Gayo" in store.page("kopi-gayo/index.html")


def test_unknown_theme(store):
    store.write("store.yml", "name: T\ntheme: tidak-ada\n")
    result = store.build()
    assert result.exit_code == 1 and "tidak ada tema 'tidak-ada'" in result.output and "default" in result.output
    store.speak("en")
    result = store.build()
    assert result.exit_code == 1 and "store.yml, field 'theme': there is no theme 'tidak-ada'" in result.output


def test_example_store_builds_small_and_self_contained(tmp_path):
    example = Store(REPO / "content")
    example.output = tmp_path / "site"
    result = example.build()
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    out = example.output
    own = {"kategori", "keranjang", "qr", "cara-pesan"} | {p.stem for p in (REPO / "content" / "pages").glob("*.md")}
    products = sorted(p.parent.name for p in out.glob("*/index.html") if p.parent.name not in own)
    assert 6 <= len(products) <= 10
    index = (out / "index.html").read_text()
    css_js = [out / u.lstrip("/") for u in hrefs(index) if u.endswith((".css", ".js"))]
    weight = len(index.encode()) + sum(p.stat().st_size for p in css_js)
    assert weight < 60_000, f"storefront HTML+CSS+JS is {weight} bytes"
    for page in out.rglob("*.html"):
        for url in hrefs(page.read_text()):
            assert url.startswith(("/", "https://", "#")), (page, url)
    # no photo keeps its metadata, every product page has an order button or is sold out
    for product in products:
        html = (out / product / "index.html").read_text()
        assert 'id="wa" href="https://wa.me/' in html or "Habis" in html, product


def test_a_theme_edit_or_a_changed_photo_is_not_missed_by_the_quick_check(store):
    store.write("store.yml", BASE_THEMED)
    store.write("tema/templates/product.html", "{% extends 'base.html' %}{% block main %}v1 {{ product.title }}"
                                               "{% endblock %}")
    store.product("kopi-gayo", "title: Kopi Gayo\nprice: 85000\nimages: [../shared/kopi.jpg]")
    make_photo(store.root / "shared" / "kopi.jpg", (400, 400), (10, 10, 10))
    assert store.build().exit_code == 0
    assert "v1 Kopi Gayo" in store.page("kopi-gayo/index.html")
    first_photos = sorted(p.name for p in (store.output / "photos").iterdir())

    store.write("tema/templates/product.html", "{% extends 'base.html' %}{% block main %}v2 {{ product.title }}"
                                               "{% endblock %}")
    result = store.build()
    assert "Selesai membangun" in result.output and "v2 Kopi Gayo" in store.page("kopi-gayo/index.html")

    make_photo(store.root / "shared" / "kopi.jpg", (400, 400), (250, 250, 250))
    result = store.build()
    assert "Selesai membangun" in result.output
    assert sorted(p.name for p in (store.output / "photos").iterdir()) != first_photos


BASE_THEMED = "name: Toko Tes\ntheme: tema\nbase_url: https://contoh.github.io/toko/\n"


def test_a_partial_in_the_store_templates_folder_overrides_the_theme_and_removing_it_goes_back(store):
    """templates/partials/card.html in the store folder replaces the theme's card, on every page showing
    cards; removed again (the file, or the whole folder), the theme's card is back, and the quick
    "nothing changed" check sees each step."""
    import shutil

    store.product("teh", "title: Teh Melati\nprice: 15000\ncategory: Minuman")
    assert store.build().exit_code == 0
    theme_storefront = store.page()
    assert "Tidak ada yang berubah" in store.build().output

    card = (REPO / "themes" / "default" / "templates" / "partials" / "card.html").read_text(encoding="utf-8")
    title = '<span class="card-title">{{ p.title }}</span>'
    assert title in card
    own = store.write("templates/partials/card.html",
                      card.replace(title, '<span class="card-title">{{ p.title }} <em class="laris">Terlaris</em></span>'))
    result = store.build()
    assert result.exit_code == 0 and "Tidak ada yang berubah" not in result.output, result.output
    for page in ("index.html", "kategori/minuman/index.html"):
        html = store.page(page)
        assert html.count('<em class="laris">Terlaris</em>') == html.count('class="card-title"') >= 1, page
    assert "Terlaris" not in store.page("kopi-gayo/index.html")  # the product page shows no card
    assert "Tidak ada yang berubah" in store.build().output

    own.unlink()  # templates/partials/ stays, empty
    result = store.build()
    assert result.exit_code == 0 and "Tidak ada yang berubah" not in result.output, result.output
    assert store.page() == theme_storefront
    assert "Tidak ada yang berubah" in store.build().output

    store.write("templates/partials/card.html", card.replace(title, '<span class="card-title">{{ p.title }}!</span>'))
    assert store.build().exit_code == 0 and "Kopi Gayo!" in store.page()
    shutil.rmtree(store.root / "templates")
    result = store.build()
    assert result.exit_code == 0 and "Tidak ada yang berubah" not in result.output
    assert store.page() == theme_storefront


def test_a_partial_the_theme_includes_only_if_present_is_seen_once_added_and_gone_once_removed(store):
    """The default card includes partials/card-action.html only when a theme or the store has one
    (``ignore missing``); templates that were missing are remembered, but only while no template
    file changes: adding one to the store's templates/ shows it on every card, removing it takes it away."""
    store.product("teh", "title: Teh Melati\nprice: 15000")
    assert store.build().exit_code == 0
    assert "own-action" not in store.page()
    action = store.write("templates/partials/card-action.html", '<b class="own-action">+</b>')
    assert store.build().exit_code == 0
    html = store.page()
    assert html.count('<b class="own-action">+</b>') == html.count('class="card-title"') >= 2
    action.unlink()
    assert store.build().exit_code == 0
    assert "own-action" not in store.page()


def test_no_local_path_is_published(built):
    local = str(built.root.parent)
    for path in built.output.rglob("*"):
        if path.is_file():
            assert local.encode() not in path.read_bytes(), path


def test_cards_are_kept_between_builds_and_drawn_again_when_a_template_they_use_changes(store):
    """A template edit renders every page again, but a product card again only when partials/card.html or a
    template it includes changed: a base.html edit keeps them, an edit of a partial the card includes shows."""
    store.product("teh", "title: Teh Melati\nprice: 15000\ncategory: Minuman")
    card = (REPO / "themes" / "default" / "templates" / "partials" / "card.html").read_text(encoding="utf-8")
    title = '<span class="card-title">{{ p.title }}</span>'
    store.write("templates/partials/card.html",
                card.replace(title, title + '{% include "partials/pita.html" %}'))
    store.write("templates/partials/pita.html", '<em class="pita">Baru</em>')
    base = (REPO / "themes" / "default" / "templates" / "base.html").read_text(encoding="utf-8")
    store.write("templates/base.html", base)
    assert store.build().exit_code == 0
    kept = store.root / ".lapak-cache" / "cards.json"
    cards = kept.read_bytes()
    assert store.page().count('<em class="pita">Baru</em>') == store.page().count('class="card-title"') >= 2

    store.write("templates/base.html", base.replace("<head>", '<head>\n<meta name="versi" content="2">', 1))
    assert store.build().exit_code == 0
    assert 'name="versi" content="2"' in store.page() and "Baru" in store.page()
    assert kept.read_bytes() == cards  # not one card drawn again

    store.write("templates/partials/pita.html", '<em class="pita">Laris</em>')
    assert store.build().exit_code == 0
    html = store.page()
    assert "Baru" not in html and html.count('<em class="pita">Laris</em>') == html.count('class="card-title"')
    assert "Laris" in store.page("kategori/minuman/index.html")


def test_a_damaged_card_cache_is_ignored(store):
    store.product("teh", "title: Teh Melati\nprice: 15000")
    assert store.build().exit_code == 0
    want = store.page()
    (store.root / ".lapak-cache" / "cards.json").write_text('{"x": 1, "y": [', encoding="utf-8")
    store.write("templates/base.html", (REPO / "themes" / "default" / "templates" / "base.html")
                .read_text(encoding="utf-8"))  # the same template, from the store: every page made again
    result = store.build()
    assert result.exit_code == 0, result.output
    assert store.page() == want


def test_a_kept_page_damaged_in_place_is_made_again(store):
    """Pages kept in .lapak-cache/pages/ are taken by their recorded size and time; a page whose bytes
    changed under the same size (a disk error, another program) is seen by its new time and made again."""
    store.product("teh", "title: Teh Melati\nprice: 15000")
    assert store.build().exit_code == 0
    want = store.page("teh/index.html")
    pages = store.root / ".lapak-cache" / "pages"
    for path in pages.glob("*.html"):
        data = path.read_bytes()
        path.unlink()  # the output links to the old file: write a new one under the same name
        path.write_bytes(data.replace(b"Teh Melati", b"Teh Rusak!"))
    store.product("kue", "title: Kue Lapis\nprice: 20000")  # an edit, so the build does not stop at "nothing changed"
    result = store.build()
    assert result.exit_code == 0, result.output
    assert store.page("teh/index.html") == want and "Teh Rusak!" not in store.page()


def test_a_build_that_shows_few_cards_keeps_the_others(store):
    """A description edit makes the storefront's first page (made on every build) and the page showing
    that product again, and so looks at their cards only; the other pages' cards stay kept for the next
    template edit, which then draws none of them again."""
    for i in range(80):  # three numbered pages of 36
        store.product(f"produk-{i:02d}", f"title: Produk {i:02d}\nprice: {1000 + i}")
    base = (REPO / "themes" / "default" / "templates" / "base.html").read_text(encoding="utf-8")
    store.write("templates/base.html", base)
    assert store.build().exit_code == 0
    store.product("produk-79", "title: Produk 79\nprice: 1079", "Deskripsi yang baru.")  # its card too (search text)
    assert store.build().exit_code == 0 and "Deskripsi yang baru." in store.page("produk-79/index.html")
    kept = store.root / ".lapak-cache" / "cards.json"
    cards = kept.read_bytes()
    store.write("templates/base.html", base.replace("<head>", '<head>\n<meta name="versi" content="2">', 1))
    assert store.build().exit_code == 0
    assert 'name="versi" content="2"' in store.page("halaman/2/index.html")
    assert kept.read_bytes() == cards  # every card kept, none drawn again
