"""Photos as a seller sees them: upright, private, sharp enough, small enough, and refused clearly when broken."""

from __future__ import annotations

import io
import shutil
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageCms
from PIL.TiffImagePlugin import IFDRational

from conftest import make_photo

PRODUCT = """\
title: Kopi Gayo
price: 85000
category: Minuman
"""

BASE_URL = "https://contoh.github.io/toko/"


# --------------------------------------------------------------------------- helpers


class _Tags(HTMLParser):
    """Collect every <img> and <meta> tag of a page, with its attributes and the text of enclosing links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.imgs: list[dict] = []
        self.metas: list[dict] = []
        self._links: list[dict] = []  # open <a> elements: {"text": [...], "imgs": [...]}

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "img":
            a["_link_text"] = None
            self.imgs.append(a)
            if self._links:
                self._links[-1]["imgs"].append(a)
        elif tag == "meta":
            self.metas.append(a)
        elif tag == "a":
            self._links.append({"text": [], "imgs": []})

    def handle_endtag(self, tag):
        if tag == "a" and self._links:
            link = self._links.pop()
            for img in link["imgs"]:
                img["_link_text"] = " ".join("".join(link["text"]).split())

    def handle_data(self, data):
        for link in self._links:
            link["text"].append(data)


def tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def meta(html: str, prop: str) -> str:
    """The content of ``<meta property=prop>`` (or name=prop); fails when missing."""
    for m in tags(html).metas:
        if m.get("property") == prop or m.get("name") == prop:
            return m.get("content", "")
    raise AssertionError(f"no <meta {prop}> in the page")


def local(store, url: str) -> Path:
    """The output file behind a site path (``/toko/photos/x.webp``) or an absolute URL under BASE_URL."""
    if url.startswith(BASE_URL):
        rel = url[len(BASE_URL):]
    else:
        assert url.startswith("/toko/"), url
        rel = url[len("/toko/"):]
    return store.output / rel


def photos(store, suffix: str = "") -> list[Path]:
    return sorted(p for p in (store.output / "photos").iterdir() if p.name.endswith(suffix))


def sizes(paths) -> dict[str, tuple[int, int]]:
    out = {}
    for p in paths:
        with Image.open(p) as im:
            out[p.name] = im.size
    return out


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | None]]:
    """Every file of a folder: relative path -> (size, mtime_ns, bytes of the html pages)."""
    snap = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            rel = p.relative_to(folder).as_posix()
            snap[rel] = (st.st_size, st.st_mtime_ns, p.read_bytes() if rel.endswith(".html") else None)
    return snap


def build_ok(store, *args: str):
    result = store.build("--jobs", "1", *args)
    assert result.exit_code == 0, f"{result.output}\n{result.exc_info!r}"
    assert "Traceback" not in result.output
    return result


def photo_product(store, name: str = "kopi", front: str = PRODUCT, **photos_to_make) -> Path:
    """``products/<name>/index.md`` with the given photos beside it: ``{"1.jpg": (size, colour)}``."""
    folder = store.root / "products" / name
    store.product(name + "/", front)
    for fname, (size, colour) in photos_to_make.items():
        make_photo(folder / fname, size, colour)
    return folder


@pytest.fixture
def kopi_store(store):
    """The conftest store with its product turned into a folder holding one photo (and no other product)."""
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, **{"1.jpg": ((800, 600), (200, 80, 40))})
    return store


def riff_chunks(data: bytes) -> list[bytes]:
    """The chunk names of a WebP file (RIFF container)."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP file"
    names, pos = [], 12
    while pos + 8 <= len(data):
        fourcc, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        names.append(fourcc)
        pos += 8 + size + (size & 1)
    return names


def jpeg_markers(data: bytes) -> list[int]:
    """The marker bytes of a JPEG's header segments (APPn, COM, DQT...), up to the image data."""
    assert data[:2] == b"\xff\xd8", "not a JPEG file"
    markers, pos = [], 2
    while pos + 4 <= len(data):
        assert data[pos] == 0xFF, f"bad JPEG segment at {pos}"
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the image data follows
            break
        pos += 2 + struct.unpack(">H", data[pos + 2:pos + 4])[0]
    return markers


# --------------------------------------------------------------------------- orientation


def test_sideways_phone_photo_comes_out_upright(store):
    """A phone stores a portrait photo as 800x600 with EXIF Orientation=6 ("turn 90° clockwise")."""
    (store.root / "products" / "kopi-gayo.md").unlink()
    folder = photo_product(store)
    stored = Image.new("RGB", (800, 600), (30, 120, 200))
    stored.paste((250, 0, 0), (0, 0, 200, 150))  # a red block in the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(folder / "1.jpg", exif=exif, quality=95)
    build_ok(store)

    files = sizes(photos(store))
    assert files, "no photo was written"
    for name, (w, h) in files.items():
        assert h > w, f"{name} is {w}x{h}: the photo is still lying on its side"
    # Turned clockwise, the stored top-left corner becomes the top-right corner of the upright photo.
    with Image.open(photos(store, ".jpg")[0]) as im:
        im = im.convert("RGB")
        w, h = im.size
        top_right, top_left = im.getpixel((w - 10, 10)), im.getpixel((10, 10))
    assert top_right[0] > 200 and top_right[2] < 60, f"expected red top-right, got {top_right}"
    assert top_left[2] > 150, f"expected blue top-left, got {top_left}"

    # The sizes written into the pages are the real, upright ones (no layout jump, no squashed photo).
    for page in ("kopi/index.html", "index.html"):
        imgs = [i for i in tags(store.page(page)).imgs if "srcset" in i]
        assert imgs, f"no product photo on {page}"
        for img in imgs:
            _check_img_sizes(store, img)
    html = store.page("kopi/index.html")
    jpg = local(store, meta(html, "og:image"))
    with Image.open(jpg) as im:
        assert (int(meta(html, "og:image:width")), int(meta(html, "og:image:height"))) == im.size
        assert im.height > im.width


def _check_img_sizes(store, img: dict) -> None:
    """width/height are the size of the largest srcset file; every srcset width is its file's real width."""
    width, height = int(img["width"]), int(img["height"])
    candidates = {}
    for item in img["srcset"].split(","):
        url, descriptor = item.split()
        with Image.open(local(store, url)) as im:
            assert im.width == int(descriptor.rstrip("w")), f"{url} is {im.size}, srcset says {descriptor}"
            candidates[im.width] = im.size
    assert candidates[max(candidates)] == (width, height), (img, candidates)
    with Image.open(local(store, img["src"])) as im:
        sw, sh = im.size
    assert abs(sw * height - sh * width) <= max(width, height), f"src {img['src']} ({sw}x{sh}) vs {width}x{height}"


# --------------------------------------------------------------------------- metadata


SECRETS = (b"LeakyPhoneCo", b"SpyCam 3000", b"SECRET-FARM-DATUM", b"SecretXmpFarm", b"SecretComment")
LATITUDE = (IFDRational(7, 1), IFDRational(33, 1), IFDRational(4551, 100))
LONGITUDE = (IFDRational(110, 1), IFDRational(49, 1), IFDRational(1234, 100))


def _private_jpeg(path: Path, size=(1600, 1200)) -> bytes:
    img = Image.new("RGB", size, (90, 140, 60))
    exif = Image.Exif()
    exif[0x010F] = "LeakyPhoneCo"  # Make
    exif[0x0110] = "SpyCam 3000"  # Model
    exif[0x0132] = "2024:05:01 10:11:12"  # DateTime
    exif[0x8825] = {1: "S", 2: LATITUDE, 3: "E", 4: LONGITUDE, 0x12: "SECRET-FARM-DATUM"}  # GPS IFD
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="7,33.76S" '
           b'exif:UserComment="SecretXmpFarm"/></rdf:RDF></x:xmpmeta>')
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", exif=exif, icc_profile=icc, xmp=xmp, comment=b"SecretComment", quality=90)
    return path.read_bytes()


def _latitude_bytes() -> list[bytes]:
    nums = [v for r in LATITUDE for v in (r.numerator, r.denominator)]
    return [struct.pack("<6I", *nums), struct.pack(">6I", *nums)]


def test_no_metadata_survives(kopi_store):
    store = kopi_store
    source = _private_jpeg(store.root / "products" / "kopi" / "1.jpg")
    # The test photo really carries everything the output must not.
    with Image.open(io.BytesIO(source)) as src:
        assert src.getexif().get_ifd(0x8825), "the test photo has no GPS"
        assert "icc_profile" in src.info and "xmp" in src.info and "comment" in src.info
    assert all(s in source for s in SECRETS[:4])
    assert any(lat in source for lat in _latitude_bytes()), "latitude bytes not found in the test photo"
    build_ok(store)

    files = photos(store)
    assert {p.suffix for p in files} == {".webp", ".jpg"}
    for f in files:
        data = f.read_bytes()
        with Image.open(f) as im:
            assert not dict(im.getexif()), f"{f.name} still has EXIF: {dict(im.getexif())}"
            for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment"):
                assert key not in im.info, f"{f.name} still has {key!r}"
        for secret in SECRETS:
            assert secret not in data, f"{secret!r} found in {f.name}"
        for lat in _latitude_bytes():
            assert lat not in data, f"the GPS latitude is still inside {f.name}"
        assert b"Exif\x00\x00" not in data and b"ns.adobe.com/xap" not in data and b"x:xmpmeta" not in data
        if f.suffix == ".webp":
            chunks = riff_chunks(data)
            assert b"EXIF" not in chunks and b"XMP " not in chunks, f"{f.name} chunks: {chunks}"
        else:
            markers = jpeg_markers(data)
            assert 0xE1 not in markers, f"{f.name} has an APP1 (EXIF/XMP) segment"
            assert 0xFE not in markers, f"{f.name} has a comment segment"


def test_output_photo_files_are_the_only_copies_of_a_photo(kopi_store):
    """The original (with its metadata) is never copied into the published folder."""
    store = kopi_store
    source = _private_jpeg(store.root / "products" / "kopi" / "1.jpg")
    build_ok(store)
    for f in store.output.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert data != source, f"the original photo was published as {f}"
            assert b"LeakyPhoneCo" not in data, f"camera make published in {f}"


def test_logo_metadata_is_removed(store):
    _private_jpeg(store.root / "logo.jpg", size=(600, 600))
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "logo: logo.jpg\n")
    build_ok(store)
    logos = list((store.output / "assets").glob("logo*"))
    assert logos
    for f in logos:
        data = f.read_bytes()
        for secret in SECRETS:
            assert secret not in data, f"{secret!r} published in {f.name}"
        with Image.open(f) as im:
            assert not dict(im.getexif()) and "xmp" not in im.info, "the logo kept its metadata"
            assert max(im.size) <= 200, f"the logo is published at {im.size}"


def test_broken_logo_is_refused_and_old_output_kept(store):
    build_ok(store)
    before = snapshot(store.output)
    (store.root / "logo.png").write_bytes(b"")
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "logo: logo.png\n")
    result = store.build("--jobs", "1")
    assert result.exit_code == 1 and result.exc_info[0] is SystemExit, result.output
    assert "logo.png" in result.output and "Traceback" not in result.output, result.output
    assert snapshot(store.output) == before


# --------------------------------------------------------------------------- widths


def test_large_photo_gives_three_webp_widths_and_a_share_jpeg(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, **{"1.jpg": ((2000, 1500), (10, 120, 90))})
    build_ok(store)
    webp = sizes(photos(store, ".webp"))
    assert sorted(webp.values()) == [(320, 240), (640, 480), (1024, 768)]
    for name, (w, _) in webp.items():
        assert name.endswith(f"-{w}.webp"), name
    jpg = sizes(photos(store, ".jpg"))
    assert list(jpg.values()) == [(1200, 900)]
    assert list(jpg)[0].endswith("-1200.jpg")
    for f in photos(store):
        with Image.open(f) as im:
            assert im.format == ("WEBP" if f.suffix == ".webp" else "JPEG")


def test_small_photo_is_never_upscaled(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, **{"1.jpg": ((500, 400), (10, 120, 90))})
    build_ok(store)
    webp = sizes(photos(store, ".webp"))
    assert sorted(webp.values()) == [(320, 256), (500, 400)]
    assert list(sizes(photos(store, ".jpg")).values()) == [(500, 400)]
    assert max(w for w, _ in sizes(photos(store)).values()) == 500
    img = next(i for i in tags(store.page("kopi/index.html")).imgs if "srcset" in i)
    assert (img["width"], img["height"]) == ("500", "400")
    assert "1024w" not in img["srcset"] and "640w" not in img["srcset"]


def test_photo_narrower_than_the_smallest_width(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, **{"1.jpg": ((200, 300), (10, 120, 90))})
    build_ok(store)
    assert sorted(sizes(photos(store)).values()) == [(200, 300), (200, 300)]  # one webp, one jpg


# --------------------------------------------------------------------------- transparency


def _transparent_png(path: Path, palette: bool) -> None:
    """Left half fully transparent (black underneath), right half opaque red."""
    img = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    img.paste((220, 20, 20, 255), (200, 0, 400, 300))
    path.parent.mkdir(parents=True, exist_ok=True)
    if palette:
        p = Image.new("P", img.size, 0)
        p.putpalette([0, 0, 0, 220, 20, 20] + [0, 0, 0] * 254)
        p.paste(1, (200, 0, 400, 300))
        p.save(path, transparency=0)
        with Image.open(path) as check:
            assert check.mode == "P" and "transparency" in check.info
    else:
        img.save(path)


@pytest.mark.parametrize("palette", [False, True], ids=["rgba", "palette-trns"])
def test_transparent_png_builds_and_share_jpeg_is_flattened_on_white(store, palette):
    (store.root / "products" / "kopi-gayo.md").unlink()
    folder = photo_product(store)
    _transparent_png(folder / "1.png", palette)
    build_ok(store)

    with Image.open(photos(store, ".jpg")[0]) as im:
        im = im.convert("RGB")
        clear, solid = im.getpixel((20, im.height // 2)), im.getpixel((im.width - 20, im.height // 2))
    assert min(clear) >= 240, f"a transparent pixel came out {clear} in the share JPEG, not white"
    assert solid[0] > 180 and solid[1] < 70, f"the opaque red came out {solid}"
    for f in photos(store, ".webp"):
        with Image.open(f) as im:
            assert im.mode == "RGBA", f"{f.name} lost its transparency ({im.mode})"
            assert im.getpixel((5, im.height // 2))[3] == 0
            assert im.getpixel((im.width - 5, im.height // 2))[3] == 255


def test_half_transparent_png_builds(store):
    """make_photo's PNG with alpha=True: every pixel half transparent."""
    (store.root / "products" / "kopi-gayo.md").unlink()
    folder = photo_product(store)
    make_photo(folder / "1.png", (640, 480), (0, 0, 0), alpha=True)
    build_ok(store)
    with Image.open(photos(store, ".jpg")[0]) as im:
        r, g, b = im.convert("RGB").getpixel((10, 10))
    assert 110 <= r <= 145 and abs(r - g) < 8 and abs(r - b) < 8  # half black over white: mid grey


def test_16_bit_greyscale_png_keeps_its_tones(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    folder = photo_product(store)
    Image.new("I;16", (400, 300), 30000).save(folder / "1.png")  # ~46 % grey
    with Image.open(folder / "1.png") as check:
        assert check.mode.startswith("I;16")
    build_ok(store)
    with Image.open(photos(store, ".jpg")[0]) as im:
        value = im.convert("L").getpixel((10, 10))
    assert 90 <= value <= 150, f"mid grey came out {value}"


# --------------------------------------------------------------------------- alt, width, height


def test_every_img_has_alt_width_and_height(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, "kopi", **{"1.jpg": ((900, 700), (120, 60, 20)), "2.jpg": ((700, 900), (20, 60, 120))})
    photo_product(store, "teh", "title: Teh Tubruk\nprice: 20000\ncategory: Minuman\n",
                  **{"1.png": ((640, 640), (10, 160, 10))})
    store.product("gula", "title: Gula Aren\nprice: 15000\n")  # no photo
    make_photo(store.root / "logo.png", (256, 256), (250, 200, 0))
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "logo: logo.png\n")
    build_ok(store)

    pages = ["index.html", "kategori/minuman/index.html", "kopi/index.html", "teh/index.html", "gula/index.html"]
    product_imgs = 0
    for page in pages:
        for img in tags(store.page(page)).imgs:
            where = f"{page}: {img}"
            assert "alt" in img, f"no alt: {where}"
            assert img.get("width", "").isdigit() and int(img["width"]) > 0, f"no width: {where}"
            assert img.get("height", "").isdigit() and int(img["height"]) > 0, f"no height: {where}"
            if "/assets/logo" in img["src"]:
                # The header logo sits in a link that already says the store's name: an empty alt keeps
                # screen readers from reading the name twice; it must not be the only thing in the link.
                assert img["alt"].strip() or img["_link_text"] == "Toko Tes", where
                continue
            product_imgs += 1
            assert img["alt"].strip(), f"empty alt: {where}"
            _check_img_sizes(store, img)
    assert product_imgs >= 2 + 2 + 1  # storefront cards + category cards + the product pages' photos
    gallery = [i["alt"] for i in tags(store.page("kopi/index.html")).imgs if "srcset" in i]
    assert len(gallery) == 2 and len(set(gallery)) == 2 and all("Kopi Gayo" in a for a in gallery)


# --------------------------------------------------------------------------- refusals


def _truncated_jpeg(path: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 80, 40)).save(buf, "JPEG")
    path.write_bytes(buf.getvalue()[:200])


BREAKAGES = {
    "empty": (lambda folder: (folder / "1.jpg").write_bytes(b""), "products/kopi/1.jpg"),
    "truncated": (lambda folder: _truncated_jpeg(folder / "1.jpg"), "products/kopi/1.jpg"),
    "text": (lambda folder: (folder / "1.jpg").write_text("bukan foto, ini catatan belanja\n"), "products/kopi/1.jpg"),
    "missing-listed": (lambda folder: (folder / "1.jpg").unlink(), "products/kopi/index.md"),
}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("case", list(BREAKAGES))
def test_broken_photo_is_refused_and_old_output_kept(kopi_store, case, jobs):
    store = kopi_store
    folder = store.root / "products" / "kopi"
    make_photo(folder / "2.jpg", (640, 480), (40, 80, 200))
    store.product("kopi/", PRODUCT + "images: [1.jpg, 2.jpg]\n")
    build_ok(store)
    before = snapshot(store.output)
    assert "index.html" in before and any(k.startswith("photos/") for k in before)

    breakage, named = BREAKAGES[case]
    breakage(folder)
    result = store.build("--jobs", jobs)
    assert result.exit_code == 1, result.output
    assert result.exc_info is not None and result.exc_info[0] is SystemExit, f"crashed: {result.exc_info!r}"
    assert "Traceback" not in result.output
    assert named in result.output, result.output
    if case == "missing-listed":
        assert "1.jpg" in result.output and "not found" in result.output
    assert "2.jpg" not in result.output.replace("images: [1.jpg, 2.jpg]", ""), "the good photo was blamed"
    assert snapshot(store.output) == before, "the earlier output was changed by a failed build"
    leftovers = [p.name for p in store.output.parent.iterdir() if "lapak-tmp" in p.name or "lapak-old" in p.name]
    assert not leftovers, leftovers


def test_every_broken_photo_is_named_in_one_build(kopi_store):
    store = kopi_store
    folder = store.root / "products" / "kopi"
    (folder / "1.jpg").write_bytes(b"")
    (folder / "2.jpg").write_text("teks\n")
    _truncated_jpeg(folder / "3.jpg")
    result = store.build("--jobs", "1")
    assert result.exit_code == 1 and result.exc_info[0] is SystemExit, result.output
    for n in ("1", "2", "3"):
        assert f"products/kopi/{n}.jpg" in result.output, result.output
    assert not store.output.exists()


# --------------------------------------------------------------------------- cache


@pytest.fixture
def count_opens(monkeypatch):
    """Count real photo decodes (images._open) during in-process builds with jobs=1."""
    import generator.images as images

    calls: list[str] = []
    real = images._open

    def counting(source, data):
        calls.append(Path(source).name)
        return real(source, data)

    monkeypatch.setattr(images, "_open", counting)
    return calls


def _build(store, **kw):
    from generator.build import build

    return build(store.root, store.output, jobs=1, **kw)


def test_unchanged_photos_are_not_processed_again(kopi_store, count_opens):
    store = kopi_store
    make_photo(store.root / "products" / "kopi" / "2.jpg", (1300, 900), (40, 80, 200))
    first = _build(store)
    assert sorted(count_opens) == ["1.jpg", "2.jpg"] and first.photos == 2
    cache = store.root / ".lapak-cache" / "photos"
    cached_files = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len([n for n in cached_files if n.endswith((".webp", ".jpg"))]) == 4 + 4  # 800 px: 320/640/800 + jpg; 1300 px: 320/640/1024 + jpg

    count_opens.clear()
    again = _build(store)
    assert again.unchanged and count_opens == []

    # The text changes, so pages are rebuilt; the photos come from the cache.
    store.product("kopi/", PRODUCT.replace("85000", "90000"))
    third = _build(store)
    assert not third.unchanged and count_opens == []
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == cached_files
    assert "90.000" in store.page("kopi/index.html")

    # Even with the output folder gone, nothing is decoded again.
    shutil.rmtree(store.output)
    _build(store)
    assert count_opens == []
    assert sorted(p.name for p in photos(store)) == sorted(n for n in cached_files if not n.endswith(".json"))


def test_cli_second_build_keeps_cache_files(kopi_store):
    store = kopi_store
    build_ok(store)
    cache = store.root / ".lapak-cache" / "photos"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert before
    store.product("kopi/", PRODUCT + "summary: Baru.\n")
    result = build_ok(store)
    assert "Nothing changed" not in result.output
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before


def test_changed_photo_gets_a_new_file_name(kopi_store, count_opens):
    store = kopi_store
    _build(store)
    old = {p.name for p in photos(store)}
    page_before = store.page("kopi/index.html")
    assert all(n in page_before for n in old if n.endswith(".webp"))

    make_photo(store.root / "products" / "kopi" / "1.jpg", (800, 600), (20, 200, 40))  # same name, new picture
    count_opens.clear()
    _build(store)
    assert count_opens == ["1.jpg"]
    new = {p.name for p in photos(store)}
    assert new and not (new & old), "a changed photo kept its old file name: browsers and CDNs would show the old one"
    page = store.page("kopi/index.html")
    assert not any(n in page for n in old)
    assert all(n in page for n in new if n.endswith(".webp"))
    with Image.open(photos(store, ".jpg")[0]) as im:
        assert im.convert("RGB").getpixel((5, 5))[1] > 150  # the new, green photo


def test_removed_photo_is_gone_from_the_output(kopi_store):
    store = kopi_store
    make_photo(store.root / "products" / "kopi" / "2.jpg", (1300, 900), (40, 80, 200))
    build_ok(store)
    with_two = {p.name for p in photos(store)}
    assert len(with_two) == 4 + 4  # 1.jpg: 320/640/800 + jpg; 2.jpg: 320/640/1024 + jpg

    (store.root / "products" / "kopi" / "2.jpg").unlink()
    build_ok(store)
    left = {p.name for p in photos(store)}
    assert len(left) == 4 and left < with_two
    gone = with_two - left
    for html in store.output.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not any(n in text for n in gone), f"{html.name} still links a removed photo"


KOPI_WITH_IMAGE = PRODUCT + "images: [kopi.jpg]\n"


def test_replaced_photo_of_single_file_product_is_rebuilt(store):
    """products/kopi.md with 'images: [kopi.jpg]': the photo is not in a product folder, the quick check must see it."""
    store.product("kopi-gayo", KOPI_WITH_IMAGE)
    make_photo(store.root / "products" / "kopi.jpg", (800, 600), (200, 30, 30))
    build_ok(store)
    old = {p.name for p in photos(store)}
    make_photo(store.root / "products" / "kopi.jpg", (900, 600), (30, 30, 200))
    result = build_ok(store)
    assert "Nothing changed" not in result.output
    assert {p.name for p in photos(store)}.isdisjoint(old)


def test_deleted_photo_of_single_file_product_is_refused(store):
    store.product("kopi-gayo", KOPI_WITH_IMAGE)
    make_photo(store.root / "products" / "kopi.jpg", (800, 600), (200, 30, 30))
    build_ok(store)
    (store.root / "products" / "kopi.jpg").unlink()
    result = store.build("--jobs", "1")
    assert result.exit_code == 1 and "kopi.jpg" in result.output, result.output



def test_same_photo_in_two_products_with_parallel_jobs(store, tmp_path):
    import random

    (store.root / "products" / "kopi-gayo.md").unlink()
    noise = Image.frombytes("RGB", (1800, 1200), random.Random(7).randbytes(1800 * 1200 * 3))
    buf = io.BytesIO()
    noise.save(buf, "JPEG", quality=90)
    for name in ("kopi", "teh"):
        photo_product(store, name, PRODUCT.replace("Kopi Gayo", name.title()))
        (store.root / "products" / name / "1.jpg").write_bytes(buf.getvalue())
    for attempt in range(3):
        shutil.rmtree(store.root / ".lapak-cache", ignore_errors=True)
        shutil.rmtree(store.output, ignore_errors=True)
        result = store.build("--jobs", "2")
        assert result.exit_code == 0, f"attempt {attempt + 1}: {result.exc_info!r}"
        assert len(photos(store)) == 4


# --------------------------------------------------------------------------- og:image


def test_og_image_is_an_absolute_https_jpeg_that_exists(kopi_store):
    store = kopi_store
    build_ok(store)
    for page in ("kopi/index.html", "index.html"):
        html = store.page(page)
        url = meta(html, "og:image")
        assert url.startswith(BASE_URL + "photos/") and url.endswith(".jpg"), url
        assert meta(html, "twitter:image") == url
        path = local(store, url)
        assert path.is_file(), f"{url} is not in the output"
        with Image.open(path) as im:
            assert im.format == "JPEG"
            assert im.size == (int(meta(html, "og:image:width")), int(meta(html, "og:image:height")))


def test_og_image_follows_base_url_override(kopi_store):
    store = kopi_store
    build_ok(store, "--base-url", "https://tokoku.netlify.app/")
    url = meta(store.page("kopi/index.html"), "og:image")
    assert url.startswith("https://tokoku.netlify.app/photos/") and url.endswith(".jpg"), url
    assert (store.output / url[len("https://tokoku.netlify.app/"):]).is_file()


def test_og_image_of_product_with_several_photos_is_its_first_photo(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, **{"2.jpg": ((700, 700), (0, 0, 250)), "10.jpg": ((700, 700), (0, 250, 0)),
                            "1.jpg": ((700, 700), (250, 0, 0))})
    build_ok(store)
    html = store.page("kopi/index.html")
    gallery = [i["src"] for i in tags(html).imgs if "srcset" in i]
    assert len(gallery) == 3
    colours = []
    for src in gallery:
        with Image.open(local(store, src)) as im:
            colours.append(max(range(3), key=lambda c: im.convert("RGB").getpixel((5, 5))[c]))
    assert colours == [0, 2, 1], "photos are not in name order 1, 2, 10"
    with Image.open(local(store, meta(html, "og:image"))) as im:
        assert im.convert("RGB").getpixel((5, 5))[0] > 200  # 1.jpg, the red one

