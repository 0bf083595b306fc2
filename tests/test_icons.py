"""Icons: a favicon, an apple-touch-icon and a web manifest from the store's logo, or a plain monogram."""

from __future__ import annotations

import json
import re

from PIL import Image

from conftest import make_photo


def links(html: str) -> dict[str, str]:
    return {rel: href for rel, href in re.findall(r'<link rel="([^"]+)" href="([^"]+)"', html)}


def test_monogram_icons_and_manifest_without_a_logo(store):
    result = store.build("--jobs", "1")
    assert result.exit_code == 0, result.output
    head = links(store.page())
    assert {"icon", "apple-touch-icon", "manifest"} <= set(head), head
    icon = store.output / head["icon"].removeprefix("/toko/")
    apple = store.output / head["apple-touch-icon"].removeprefix("/toko/")
    with Image.open(icon) as im:
        assert im.size == (32, 32) and im.format == "PNG"
    with Image.open(apple) as im:
        assert im.size == (180, 180) and im.mode == "RGB", "iOS paints transparent corners black"
        accent = im.getpixel((5, 5))
        assert accent == (15, 94, 77), f"the theme's accent colour: {accent}"
        letters = im.convert("L").getextrema()
        assert letters[1] > 240, "white initials on the accent colour"
    manifest = json.loads((store.output / head["manifest"].removeprefix("/toko/")).read_text())
    assert manifest["name"] == "Toko Tes" and manifest["start_url"] == "/toko/" and manifest["scope"] == "/toko/"
    assert manifest["theme_color"] == "#0f5e4d"
    for entry in manifest["icons"]:
        path = store.output / entry["src"].removeprefix("/toko/")
        with Image.open(path) as im:
            assert f"{im.width}x{im.height}" == entry["sizes"] and entry["type"] == "image/png"
    assert [(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]] == [
        ("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")]
    with Image.open(store.output / "favicon.ico") as im:
        assert im.format == "ICO" and {(16, 16), (32, 32), (48, 48)} <= set(im.ico.sizes())
    for name in (icon.name, apple.name):
        assert re.fullmatch(r"[\w-]+\.[0-9a-f]{10}\.png", name), name


def test_icons_from_the_logo(store):
    logo = make_photo(store.root / "logo.png", (300, 200), (250, 200, 0))
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + f"logo: {logo.name}\n")
    assert store.build("--jobs", "1").exit_code == 0
    head = links(store.page())
    with Image.open(store.output / head["icon"].removeprefix("/toko/")) as im:
        im = im.convert("RGBA")
        assert im.size == (32, 32)
        assert im.getpixel((16, 16))[:3] == (250, 200, 0), "the logo's colour"
        assert im.getpixel((16, 1))[3] == 0, "a wide logo is centred on a transparent square"
    with Image.open(store.output / head["apple-touch-icon"].removeprefix("/toko/")) as im:
        assert im.mode == "RGB" and im.getpixel((90, 2)) == (255, 255, 255)  # on white, not black
    manifest = json.loads((store.output / head["manifest"].removeprefix("/toko/")).read_text())
    maskable = next(i for i in manifest["icons"] if i.get("purpose") == "maskable")
    with Image.open(store.output / maskable["src"].removeprefix("/toko/")) as im:
        # the logo stays inside the safe circle (the middle 80 %): the edge is plain background
        assert im.convert("RGB").getpixel((256, 40)) == (255, 255, 255)


def test_icons_are_drawn_once_and_follow_the_logo(store):
    assert store.build("--jobs", "1").exit_code == 0
    cache = store.root / ".lapak-cache" / "icons"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    store.product("kopi-gayo", "title: Kopi Gayo\nprice: 90000\n")
    assert store.build("--jobs", "1").exit_code == 0
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before
    old_icon = links(store.page())["icon"]
    make_photo(store.root / "logo.png", (64, 64), (10, 10, 200))
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "logo: logo.png\n")
    assert store.build("--jobs", "1").exit_code == 0
    assert links(store.page())["icon"] != old_icon, "a new logo gives icons under new names"


def test_icons_get_the_long_cache_on_netlify(store):
    from generator.site import hosting

    assert store.build("--jobs", "1").exit_code == 0
    rules = hosting.parse_headers((store.output / "_headers").read_text())
    for rel in ("icon", "apple-touch-icon", "manifest"):
        path = links(store.page())[rel]
        assert hosting.headers_for(rules, path).get("Cache-Control") == [hosting.IMMUTABLE], path
