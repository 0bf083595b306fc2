"""Link previews: every product and the store get a 1200x630 share image (photo, name, price, store name),
drawn with the shipped font, used as the page's og:image, and drawn again only when what it shows changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import make_photo
from generator.media import share

BASE_URL = "https://contoh.github.io/toko/"


def og(html: str, prop: str = "og:image") -> str:
    m = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]+)">', html)
    assert m, f"no {prop}"
    return m.group(1)


def og_file(store, page: str) -> Path:
    url = og(store.page(page))
    assert url.startswith(BASE_URL + "photos/") and url.endswith("-share.jpg"), url
    return store.output / url[len(BASE_URL):]


@pytest.fixture
def shop(store):
    """Two products: one with a red photo and a discount, one without a photo, sold out."""
    (store.root / "products" / "kopi-gayo.md").unlink()
    store.product("kopi/", "title: Kopi Gayo Arabika\nprice: 85000\ncompare_at_price: 100000\ncategory: Minuman")
    make_photo(store.root / "products" / "kopi" / "1.jpg", (900, 900), (220, 30, 30))
    store.product("gula", "title: Gula Aren Kué Bàli\nprice: 15000\nstock: 0\ncategory: Dapur")
    result = store.build("--jobs", "1")
    assert result.exit_code == 0, result.output
    return store


def test_every_product_page_has_its_own_share_image_as_og_image(shop):
    seen = set()
    for page in ("kopi/index.html", "gula/index.html"):
        html = shop.page(page)
        path = og_file(shop, page)
        assert path.is_file(), path
        with Image.open(path) as im:
            assert im.format == "JPEG" and im.size == (1200, 630)
        assert og(html, "og:image:width") == "1200" and og(html, "og:image:height") == "630"
        assert og(html, "twitter:image") == og(html)
        assert 'name="twitter:card" content="summary_large_image"' in html
        seen.add(path.name)
    assert len(seen) == 2


def test_store_pages_share_the_store_image(shop):
    store_image = og_file(shop, "index.html")
    assert og_file(shop, "kategori/minuman/index.html") == store_image
    assert og_file(shop, "404.html") == store_image
    assert store_image != og_file(shop, "kopi/index.html")
    with Image.open(store_image) as im:
        assert im.size == (1200, 630)
        left = im.convert("RGB").getpixel((100, 100))
    assert left[0] > 180 and left[1] < 80, f"the store's image shows its products' photos: {left}"


def test_share_image_shows_the_photo_and_text(shop):
    with Image.open(og_file(shop, "kopi/index.html")) as im:
        im = im.convert("RGB")
        photo = im.getpixel((300, 300))
        assert photo[0] > 180 and photo[1] < 80, f"the photo is on the left: {photo}"
        text = im.crop((630, 0, 1200, 630))
        colours = text.convert("L").getextrema()
        assert colours[0] < 80 and colours[1] > 240, "the right side holds dark text on white"
        # the order button at the bottom right, in WhatsApp green
        button = im.getpixel((700, 540))
        assert button[1] > button[0] + 40 and button[1] > button[2], button


def test_product_without_photo_gets_a_share_image_too(shop):
    with Image.open(og_file(shop, "gula/index.html")) as im:
        soft = im.convert("RGB").getpixel((40, 40))
    assert soft[0] > 180 and soft[1] > 200, f"a light panel with the initial: {soft}"


def test_share_images_are_drawn_again_only_when_what_they_show_changes(shop):
    kopi, gula = og_file(shop, "kopi/index.html"), og_file(shop, "gula/index.html")
    cache = shop.root / ".lapak-cache" / "photos"
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*-share.jpg")}
    shop.product("gula", "title: Gula Aren Kué Bàli\nprice: 15000\nstock: 0\ncategory: Dapur\nsummary: Baru")
    assert shop.build("--jobs", "1").exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*-share.jpg")} == before  # a summary is not shown

    shop.product("kopi/", "title: Kopi Gayo Arabika\nprice: 95000\ncompare_at_price: 100000\ncategory: Minuman")
    assert shop.build("--jobs", "1").exit_code == 0
    new_kopi = og_file(shop, "kopi/index.html")
    assert new_kopi.name != kopi.name, "a new price gives a new image under a new name"
    assert og_file(shop, "gula/index.html").name == gula.name
    assert not (shop.output / "photos" / kopi.name).exists(), "the old image left the output"
    after = {p.name: p.stat().st_mtime_ns for p in cache.glob("*-share.jpg")}
    assert {n: t for n, t in after.items() if n in before} == before  # nothing else was drawn again


def test_share_images_carry_no_metadata(shop):
    for f in (shop.output / "photos").glob("*-share.jpg"):
        data = f.read_bytes()
        assert b"Exif" not in data[:200] and b"x:xmpmeta" not in data
        with Image.open(f) as im:
            assert not dict(im.getexif()) and "icc_profile" not in im.info


def test_indonesian_text_and_emoji_are_drawn_with_the_shipped_font():
    assert share.clean("Kue\u0301 Lapis  Legit 🎉✨") == "Kué Lapis Legit"  # composed accent, no emoji
    assert share.clean("Soto Bétawi — Spesial “Enak” Rp 25.000") == "Soto Bétawi — Spesial “Enak” Rp 25.000"
    assert all(share.drawable(c) for c in "éèêëáàâçñõüÉÀĞşŁ€–—…")
    assert not any(share.drawable(c) for c in "🎉漢\ue000")
    assert share.initials("  🎉 dapur bu sari") == "DB"


def test_long_names_wrap_and_prices_are_never_cut():
    font = share._font(share.BOLD, 48)
    lines = share.wrap("Kemeja Batik Tulis Lengan Panjang Motif Parang Rusak Barong Asli Solo Premium", font, 458, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 458 for line in lines)
    card = share.Card("product", "Kain", "Toko", price="mulai Rp 12.500.000", button="Pesan via WhatsApp")
    img = share.draw(card, Path("."))
    assert img.size == (1200, 630)


def test_the_font_ships_with_its_licence():
    fonts = share.FONTS
    assert (fonts / share.REGULAR).is_file() and (fonts / share.BOLD).is_file()
    licence = (fonts / "OFL.txt").read_text()
    assert "SIL Open Font License" in licence or "Open Font License" in licence
    assert "PERMISSION & CONDITIONS" in licence
    assert sum((fonts / f).stat().st_size for f in (share.REGULAR, share.BOLD)) < 400_000


def test_card_names_follow_their_content():
    a = share.Card("product", "Kopi", "Toko", price="Rp 1")
    assert a.name == share.Card("product", "Kopi", "Toko", price="Rp 1").name
    assert a.name != share.Card("product", "Kopi", "Toko", price="Rp 2").name
    assert re.fullmatch(r"[0-9a-f]{16}-share\.jpg", a.name)
