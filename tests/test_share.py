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


# --------------------------------------------------------------------------- building blocks for workers


def _photo_cache(root: Path) -> list[str]:
    """Two processed photos and a logo in a cache folder, as a build leaves them; returns the photos."""
    make_photo(root / "photos" / "a-1200.jpg", (1200, 900), (220, 30, 30))
    make_photo(root / "photos" / "b-1200.jpg", (1200, 1600), (30, 30, 220))
    make_photo(root / "icons" / "icon-512.png", (512, 512), (15, 94, 77))
    return ["photos/a-1200.jpg", "photos/b-1200.jpg"]


def _cards(photos: list[str]) -> list[share.Card]:
    return [share.Card("product", "Gula Aren Kué Bàli", "Dapur Bu Sari", price="Rp 15.000", button="Pesan via WhatsApp"),
            share.Card("product", "Kopi Gayo", "Dapur Bu Sari", "#7a2e0e", "Rp 85.000", "Rp 100.000", 15,
                       photos=photos[:1], logo="icons/icon-512.png", button="Pesan via WhatsApp"),
            share.Card("store", "Dapur Bu Sari", "Dapur Bu Sari", tagline="Sambal rumahan", photos=tuple(photos),
                       logo="icons/icon-512.png", button="Chat di WhatsApp")]


def test_render_card_gives_the_bytes_save_card_writes(tmp_path):
    photos = _photo_cache(tmp_path)
    for card in _cards(photos):
        data = share.render_card(card, tmp_path)
        assert share.save_card(card, tmp_path) == card.name
        assert (tmp_path / "photos" / card.name).read_bytes() == data
        with Image.open(tmp_path / "photos" / card.name) as im:
            assert im.format == "JPEG" and im.size == (1200, 630)
            assert not im.info.get("progressive") and not im.info.get("progression"), "baseline, not progressive"
    assert not list(tmp_path.rglob("*.tmp")), "no half-written file is left"


def _render_all(args: tuple[list, Path]) -> list[bytes]:
    cards, root = args
    return [share.render_card(c, root) for c in cards] + [c.name.encode() for c in cards]


def test_cards_are_the_same_bytes_in_a_fresh_worker_process(tmp_path):
    """A spawned worker (as on Windows and macOS) gets the cards pickled and draws the same files."""
    import multiprocessing

    photos = _photo_cache(tmp_path)
    cards = _cards(photos)
    here = _render_all((cards, tmp_path))
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        there = pool.map(_render_all, [(cards, tmp_path), (_cards(photos), tmp_path)])
    assert there[0] == here and there[1] == here


def test_drawing_a_card_again_in_the_same_process_gives_the_same_image(tmp_path):
    """What one process keeps between cards (the store's frame, the initials) never shows on another."""
    _photo_cache(tmp_path)
    kopi = share.Card("product", "Kopi", "Toko A", price="Rp 1", button="Pesan via WhatsApp", logo="icons/icon-512.png")
    first = share.draw(kopi, tmp_path).tobytes()
    other = share.draw(share.Card("product", "Teh", "Toko B", "#aa2233", "Rp 2", button="Habis", available=False),
                       tmp_path)
    assert share.draw(kopi, tmp_path).tobytes() == first
    top = (686, 60, 1144, 108)  # the store line: Toko B's initial and name, no logo
    assert other.crop(top).tobytes() != share.draw(kopi, tmp_path).crop(top).tobytes()
    assert other.getpixel((700, 540))[1] < 100, "a sold-out product's button is grey, not its store's green one"
    share._FRAMES.clear()
    share._initial.cache_clear()
    assert share.draw(kopi, tmp_path).tobytes() == first
    assert share.draw(share.Card("product", "Kopi", "Toko A", price="Rp 1"), tmp_path).tobytes() != first


def test_a_changed_logo_is_drawn_even_under_the_same_name(tmp_path):
    make_photo(tmp_path / "icons" / "logo.png", (512, 512), (220, 30, 30))
    card = share.Card("product", "Kopi", "Toko", price="Rp 1", logo="icons/logo.png")
    assert share.draw(card, tmp_path).getpixel((686 + 24, 60 + 24))[0] > 180  # red, in the round logo
    make_photo(tmp_path / "icons" / "logo.png", (512, 512), (30, 30, 220))
    assert share.draw(card, tmp_path).getpixel((686 + 24, 60 + 24))[2] > 180  # now blue


def test_a_store_card_shows_four_photos_decoded_small(tmp_path):
    make_photo(tmp_path / "photos" / "r.jpg", (1200, 900), (220, 30, 30))
    make_photo(tmp_path / "photos" / "g.jpg", (1200, 900), (30, 200, 30))
    card = share.Card("store", "Toko", "Toko", photos=("photos/r.jpg", "photos/g.jpg") * 2)
    img = share.draw(card, tmp_path)
    assert img.getpixel((150, 150))[0] > 180 and img.getpixel((470, 150))[1] > 160
    assert img.getpixel((150, 470))[0] > 180 and img.getpixel((470, 470))[1] > 160
    assert img.getpixel((316, 150)) == (255, 255, 255)  # the line between them


def test_a_missing_photo_says_to_build_again(tmp_path):
    card = share.Card("product", "Kopi", "Toko", photos=("photos/gone.jpg",))
    with pytest.raises(share.LapakError, match="gone.jpg.*build again"):
        share.render_card(card, tmp_path)


@pytest.mark.parametrize("field", [f.name for f in __import__("dataclasses").fields(share.Card)])
def test_every_thing_a_card_shows_is_in_its_name(field):
    import dataclasses

    card = share.Card("product", "Kopi", "Toko", photos=("photos/a.jpg",))
    value = getattr(card, field)
    if isinstance(value, bool):
        changed = not value
    elif isinstance(value, str):
        changed = value + "x"
    elif isinstance(value, tuple):
        changed = value + ("photos/b.jpg",)
    else:
        changed = 7
    assert dataclasses.replace(card, **{field: changed}).name != card.name


def test_a_new_drawing_version_renames_every_card(monkeypatch):
    before = share.Card("product", "Kopi", "Toko").name
    monkeypatch.setattr(share, "VERSION", share.VERSION + 1)
    assert share.Card("product", "Kopi", "Toko").name != before


def test_a_cards_key_is_computed_once(monkeypatch):
    calls = []
    real = share.hashlib.sha256
    monkeypatch.setattr(share.hashlib, "sha256", lambda data=b"": calls.append(1) or real(data))
    card = share.Card("product", "Kopi key-once", "Toko", price="Rp 1")  # a card no other test made
    names = {card.name, card.name, card.key, card.name}
    assert len(names) == 2 and len(calls) == 1


@pytest.mark.parametrize("title", [
    "Kopi", "Kemeja Batik Tulis Lengan Panjang Motif Parang Rusak Barong Asli Solo Premium",
    "Sambal Bawang Pedas Level 5 Ukuran 250 gram", "Supercalifragilisticexpialidocious" * 2,
    "Kain Tenun Ikat Troso Jepara Motif Lurik Warna Alam Handmade Asli Pengrajin Lokal Indonesia Ukuran 2 m"])
@pytest.mark.parametrize("height", [120, 202, 400])
def test_a_name_is_drawn_as_large_as_fits_its_box(title, height):
    width, rows = 458, lambda size: max(1, min(3, height // round(size * 1.2)))
    lines, font = share.fit_lines(title, width, height, (60, 36), 3)
    assert all(font.getlength(line) <= width for line in lines) and 1 <= len(lines)
    if font.size > 36:
        assert len(lines) <= rows(font.size)
    if font.size < 60:  # one size larger would not have fitted
        larger = share._font(share.BOLD, font.size + 2)
        assert len(share.wrap(title, larger, width, 99)) > rows(font.size + 2)


@pytest.mark.parametrize("price", ["Rp 15.000", "mulai Rp 12.500.000", "Rp 1.250.000.000.000 - Rp 2.500.000.000.000"])
def test_a_price_is_drawn_as_large_as_fits(price):
    size = share.largest_size(price, share.BOLD, range(56, 33, -2), 458)
    fits = [s for s in range(56, 33, -2) if share._font(share.BOLD, s).getlength(price) <= 458]
    assert size == (fits[0] if fits else 34)


@pytest.mark.parametrize("name", [share.REGULAR, share.BOLD])
def test_widths_summed_from_letters_equal_the_fonts_own_measure(name):
    # A card wraps its text by these widths: a sum that differed from FreeType's layout by one pixel
    # would let a line run past the card's edge.
    texts = ["Kopi Gayo Arabika 250 gram", "AVATAR To Ty LT Wa Yo P. r,", "Gula Aren Kué Bàli — 1 kg…",
             "Rp 1.250.000", "-17%", "Kemeja Batik Tulis Lengan Panjang", "ÀÉÎÕÜ àéîõü ßçñ", " ", ""]
    for size in (24, 26, 28, 30, 36, 48, 60, 64, 300):
        font = share._font(name, size)
        for text in texts:
            assert share.length(font, text) == font.getlength(text), (size, text)


def test_a_font_laid_out_by_raqm_is_measured_whole():
    from PIL import ImageFont, features

    if not features.check("raqm"):
        pytest.skip("this Pillow has no libraqm")
    font = ImageFont.truetype(str(share.FONTS / share.BOLD), 40, layout_engine=ImageFont.Layout.RAQM)
    for text in ("AVATAR To", "fi ffl Wa"):
        assert share.length(font, text) == font.getlength(text)
