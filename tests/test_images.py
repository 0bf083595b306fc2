"""Photos as a seller sees them: any kind a phone makes is taken, comes out upright, in true colours,
private, small, in AVIF and WebP with a JPEG for crawlers, is processed once, and is refused clearly
when broken."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageOps
from PIL.TiffImagePlugin import IFDRational

from conftest import make_photo, where
from generator.media import images
from generator.media.colour import rgb_profile

PRODUCT = """\
title: Kopi Gayo
price: 85000
category: Minuman
"""

BASE_URL = "https://contoh.github.io/toko/"
P3 = rgb_profile("display-p3", description="Display P3")
ADOBE = rgb_profile("adobe-rgb", gamma=563 / 256, description="Adobe RGB (1998)")

needs_heif = pytest.mark.skipif(not __import__("importlib").util.find_spec("pillow_heif"), reason="needs pillow-heif")
needs_avif = pytest.mark.skipif(not images.avif_supported(), reason="this Pillow cannot write AVIF")


# --------------------------------------------------------------------------- helpers


class _Tags(HTMLParser):
    """Collect every <img>, <source> and <meta> tag of a page, with the text of enclosing links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.imgs: list[dict] = []
        self.metas: list[dict] = []
        self.pictures: list[dict] = []  # {"sources": [...], "img": {...}}
        self._links: list[dict] = []  # open <a> elements: {"text": [...], "imgs": [...]}
        self._picture: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "img":
            a["_link_text"] = None
            self.imgs.append(a)
            if self._links:
                self._links[-1]["imgs"].append(a)
            if self._picture is not None:
                self._picture["img"] = a
        elif tag == "picture":
            self._picture = {"sources": [], "img": None}
            self.pictures.append(self._picture)
        elif tag == "source" and self._picture is not None:
            self._picture["sources"].append(a)
        elif tag == "meta":
            self.metas.append(a)
        elif tag == "a":
            self._links.append({"text": [], "imgs": []})

    def handle_endtag(self, tag):
        if tag == "a" and self._links:
            link = self._links.pop()
            for img in link["imgs"]:
                img["_link_text"] = " ".join("".join(link["text"]).split())
        elif tag == "picture":
            self._picture = None

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


def card_names(store) -> set[str]:
    """The files of the photos the storefront's cards show (each product's first photo, in the card's shape)."""
    import re

    return set(re.findall(r"photos/([0-9a-f]+-\d+\.(?:webp|avif))", store.page("index.html")))


def photos(store, suffix: str = "", cards: bool = False) -> list[Path]:
    """The output's processed photos (not the share images), optionally of one file type; the cards'
    framed photos only with ``cards``."""
    skip = set() if cards else card_names(store)
    return sorted(p for p in (store.output / "photos").iterdir()
                  if p.name.endswith(suffix) and not p.name.endswith("-share.jpg") and p.name not in skip)


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


@pytest.fixture
def empty_kopi(store):
    """The conftest store with an empty product folder ``products/kopi/`` to put photos in."""
    (store.root / "products" / "kopi-gayo.md").unlink()
    return photo_product(store)


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


def isobmff_boxes(data: bytes) -> list[bytes]:
    """Every box type in an AVIF/HEIF file (top level, and inside meta/iinf/iprp/ipco)."""
    found = []

    def walk(pos: int, end: int, depth: int):
        while pos + 8 <= end:
            size, kind = struct.unpack(">I", data[pos:pos + 4])[0], data[pos + 4:pos + 8]
            header = 8
            if size == 1:
                size, header = struct.unpack(">Q", data[pos + 8:pos + 16])[0], 16
            elif size == 0:
                size = end - pos
            found.append(kind)
            if kind in (b"meta", b"iprp", b"ipco", b"iinf", b"dinf") and depth < 4:
                start = pos + header + (4 if kind in (b"meta", b"iinf") else 0)
                if kind == b"iinf":
                    start += 2
                walk(start, pos + size, depth + 1)
            if size < header:
                break
            pos += size

    walk(0, len(data), 0)
    return found


def png_16bit_rgb(path: Path, size: tuple[int, int], rgb16: tuple[int, int, int]) -> None:
    """A 16-bit-per-channel RGB PNG (Pillow cannot write one itself)."""
    w, h = size
    raw = b"".join(b"\x00" + struct.pack(">HHH", *rgb16) * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def save_heic(img: Image.Image, path: Path, **options) -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    img.save(path, "HEIF", quality=90, **options)


def pixel(path: Path, xy=(10, 10)) -> tuple[int, ...]:
    with Image.open(path) as im:
        return im.convert("RGB").getpixel(xy)


def close_to(a, b, tolerance: int = 10) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


# --------------------------------------------------------------------------- every kind of input


def _marked(size=(800, 600), colour=(30, 120, 200)) -> Image.Image:
    """A photo with a red block in its top-left corner, to see where that corner ends up."""
    img = Image.new("RGB", size, colour)
    img.paste((250, 0, 0), (0, 0, size[0] // 4, size[1] // 4))
    return img


INPUTS = {
    "jpeg": ("1.jpg", lambda p: _marked().save(p, "JPEG", quality=92)),
    "png": ("1.png", lambda p: _marked().save(p, "PNG")),
    "webp": ("1.webp", lambda p: _marked().save(p, "WEBP", quality=92)),
    "avif": ("1.avif", lambda p: _marked().save(p, "AVIF", quality=90)),
    "heic": ("1.heic", lambda p: save_heic(_marked(), p)),
    "gif": ("1.gif", lambda p: _marked().quantize(16).save(
        p, "GIF", save_all=True, append_images=[Image.new("P", (800, 600), 0)], duration=100, loop=0)),
}


@pytest.mark.parametrize("kind", list(INPUTS))
def test_every_kind_of_photo_becomes_avif_webp_and_jpeg(empty_kopi, store, kind):
    if kind == "heic" and not __import__("importlib").util.find_spec("pillow_heif"):
        pytest.skip("needs pillow-heif")
    if kind == "avif" and not images.avif_supported():
        pytest.skip("this Pillow cannot read AVIF")
    name, make = INPUTS[kind]
    make(empty_kopi / name)
    build_ok(store)
    formats = {}
    for f in photos(store):
        with Image.open(f) as im:
            formats.setdefault(im.format, []).append(im.size)
            top_left, middle = im.convert("RGB").getpixel((3, 3)), im.convert("RGB").getpixel((im.width // 2,
                                                                                               im.height // 2))
        assert top_left[0] > 200 and top_left[2] < 70, f"{kind} -> {f.name}: the red corner is {top_left}"
        assert close_to(middle, (30, 120, 200), 14), f"{kind} -> {f.name}: the blue is {middle}"
    # Whole at the product page's widths (up to the photo's own); the card's 320 and 480 are square.
    expected_avif = [(800, 600)] if images.avif_supported() else []
    assert sorted(formats.get("AVIF", [])) == expected_avif
    assert sorted(formats["WEBP"]) == [(800, 600)]
    assert formats["JPEG"] == [(800, 600)]  # the whole photo, for crawlers: never upscaled to 1200
    assert sorted(sizes(store.output / "photos" / n for n in card_names(store)).values()) == \
        sorted([(320, 320), (480, 480)] * (2 if images.avif_supported() else 1))


def test_animated_gif_gives_its_first_frame(empty_kopi, store):
    first = Image.new("RGB", (400, 300), (250, 0, 0)).quantize(4)
    second = Image.new("RGB", (400, 300), (0, 0, 250)).quantize(4)
    first.save(empty_kopi / "1.gif", save_all=True, append_images=[second], duration=200, loop=0)
    build_ok(store)
    for f in photos(store):
        assert pixel(f)[0] > 200 and pixel(f)[2] < 60, f"{f.name} is not the first (red) frame"


@pytest.mark.parametrize("mode", ["L", "1", "P", "LA", "I;16", "RGB16", "CMYK"])
def test_every_pixel_mode_is_taken(empty_kopi, store, mode):
    path = empty_kopi / ("1.jpg" if mode == "CMYK" else "1.png")
    expected = {
        "L": (128, 128, 128), "1": (255, 255, 255), "P": (200, 40, 40), "LA": (128, 128, 128),
        "I;16": (117, 117, 117), "RGB16": (195, 39, 117), "CMYK": (255, 0, 0),
    }[mode]
    if mode == "RGB16":
        png_16bit_rgb(path, (400, 300), (50000, 10000, 30000))
    elif mode == "P":
        Image.new("RGB", (400, 300), (200, 40, 40)).quantize(8).save(path)
    elif mode == "LA":
        Image.new("LA", (400, 300), (128, 255)).save(path)
    elif mode == "I;16":
        Image.new("I;16", (400, 300), 30000).save(path)
    elif mode == "CMYK":
        Image.new("CMYK", (400, 300), (0, 255, 255, 0)).save(path, "JPEG", quality=95)
    else:
        Image.new(mode, (400, 300), 128 if mode == "L" else 1).save(path)
    build_ok(store)
    files = photos(store)
    assert {f.suffix for f in files} >= {".webp", ".jpg"}
    for f in files:
        got = pixel(f)
        assert close_to(got, expected, 12), f"{mode} -> {f.name}: {got}, expected about {expected}"


# --------------------------------------------------------------------------- orientation


def test_sideways_phone_photo_comes_out_upright(store):
    """A phone stores a portrait photo as 800x600 with EXIF Orientation=6 ("turn 90° clockwise")."""
    (store.root / "products" / "kopi-gayo.md").unlink()
    folder = photo_product(store)
    exif = Image.Exif()
    exif[0x0112] = 6
    _marked().save(folder / "1.jpg", exif=exif, quality=95)
    build_ok(store)

    files = sizes(photos(store))
    assert files, "no photo was written"
    for name, (w, h) in files.items():
        assert h > w, f"{name} is {w}x{h}: the photo is still lying on its side"
    # Turned clockwise, the stored top-left corner becomes the top-right corner of the upright photo.
    for f in photos(store):
        with Image.open(f) as im:
            im = im.convert("RGB")
            w, h = im.size
            top_right, top_left = im.getpixel((w - 5, 5)), im.getpixel((5, 5))
        assert top_right[0] > 200 and top_right[2] < 60, f"{f.name}: expected red top-right, got {top_right}"
        assert top_left[2] > 150, f"{f.name}: expected blue top-left, got {top_left}"

    # The sizes written into the pages are the real, upright ones (no layout jump, no squashed photo).
    for page in ("kopi/index.html", "index.html"):
        imgs = [i for i in tags(store.page(page)).imgs if "srcset" in i]
        assert imgs, f"no product photo on {page}"
        for img in imgs:
            _check_img_sizes(store, img)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_each_exif_orientation_is_applied_once(tmp_path, orientation):
    stored = _marked((80, 60))
    exif = Image.Exif()
    exif[0x0112] = orientation
    source = tmp_path / "1.jpg"
    stored.save(source, exif=exif, quality=95)
    expected = ImageOps.exif_transpose(Image.open(source)).convert("RGB")
    photo = images.process(source, tmp_path / "cache", images.Settings(avif=False))
    assert (photo.width, photo.height) == expected.size
    with Image.open(tmp_path / "cache" / photo.jpeg.name) as out:
        out = out.convert("RGB")
        assert out.size == expected.size
        for xy in ((2, 2), (out.width - 3, 2), (2, out.height - 3), (out.width - 3, out.height - 3)):
            assert close_to(out.getpixel(xy), expected.getpixel(xy), 40), (orientation, xy)


@needs_heif
def test_heic_rotation_is_applied_once(empty_kopi, store):
    """HEIC decoders turn the picture themselves; the EXIF orientation must not turn it a second time."""
    exif = Image.Exif()
    exif[0x0112] = 6
    save_heic(_marked(), empty_kopi / "1.heic", exif=exif.tobytes())
    build_ok(store)
    for f in photos(store):
        with Image.open(f) as im:
            im = im.convert("RGB")
            assert im.height > im.width, f"{f.name} is {im.size}: not upright"
            assert im.getpixel((im.width - 4, 4))[0] > 200, f"{f.name}: the red corner is not top-right"


@needs_avif
def test_avif_rotation_is_applied_once(empty_kopi, store):
    exif = Image.Exif()
    exif[0x0112] = 6
    _marked().save(empty_kopi / "1.avif", "AVIF", exif=exif.tobytes(), quality=90)
    build_ok(store)
    for f in photos(store):
        with Image.open(f) as im:
            im = im.convert("RGB")
            assert im.height > im.width and im.getpixel((im.width - 4, 4))[0] > 200, f.name


# --------------------------------------------------------------------------- colour


def _expected_srgb(rgb: tuple[int, int, int], profile: bytes) -> tuple[int, int, int]:
    src = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    out = ImageCms.profileToProfile(Image.new("RGB", (1, 1), rgb), src, ImageCms.createProfile("sRGB"))
    return out.getpixel((0, 0))


@pytest.mark.parametrize("profile_name", ["display-p3", "adobe-rgb"])
def test_wide_gamut_photo_is_converted_to_srgb(empty_kopi, store, profile_name):
    profile = {"display-p3": P3, "adobe-rgb": ADOBE}[profile_name]
    colour = (200, 60, 60)
    Image.new("RGB", (400, 300), colour).save(empty_kopi / "1.jpg", quality=98, icc_profile=profile)
    build_ok(store)
    expected = _expected_srgb(colour, profile)
    assert not close_to(expected, colour, 8), "the test colour must look different in sRGB"
    for f in photos(store):
        got = pixel(f)
        assert close_to(got, expected, 6), f"{f.name}: {got}, expected the sRGB {expected} (not {colour})"
        with Image.open(f) as im:
            assert "icc_profile" not in im.info, f"{f.name} kept a colour profile"


@needs_heif
def test_iphone_heic_in_display_p3_is_converted(empty_kopi, store):
    colour = (60, 170, 80)
    save_heic(Image.new("RGB", (400, 300), colour), empty_kopi / "1.heic", icc_profile=P3)
    build_ok(store)
    expected = _expected_srgb(colour, P3)
    for f in photos(store):
        assert close_to(pixel(f), expected, 8), f"{f.name}: {pixel(f)} instead of about {expected}"


def test_heif_colour_tags_for_p3_are_understood():
    from generator.media.colour import nclx_profile

    assert nclx_profile({"color_primaries": 12, "transfer_characteristics": 13}) is not None
    assert nclx_profile({"color_primaries": 1, "transfer_characteristics": 13}) is None  # sRGB already
    assert nclx_profile({"color_primaries": 9, "transfer_characteristics": 16}) is None  # HDR (PQ): left alone
    assert nclx_profile(None) is None


def test_a_broken_colour_profile_is_ignored_not_fatal(empty_kopi, store):
    Image.new("RGB", (400, 300), (10, 150, 90)).save(empty_kopi / "1.jpg", quality=95, icc_profile=b"not a profile")
    build_ok(store)
    assert close_to(pixel(photos(store, ".jpg")[0]), (10, 150, 90), 6)


# --------------------------------------------------------------------------- metadata


SECRETS = (b"LeakyPhoneCo", b"SpyCam 3000", b"SECRET-FARM-DATUM", b"SecretXmpFarm", b"SecretComment")
LATITUDE = (IFDRational(7, 1), IFDRational(33, 1), IFDRational(4551, 100))
LONGITUDE = (IFDRational(110, 1), IFDRational(49, 1), IFDRational(1234, 100))
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="7,33.76S" '
       b'exif:UserComment="SecretXmpFarm"/></rdf:RDF></x:xmpmeta>')


def _private_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "LeakyPhoneCo"  # Make
    exif[0x0110] = "SpyCam 3000"  # Model
    exif[0x0132] = "2024:05:01 10:11:12"  # DateTime
    exif[0x8825] = {1: "S", 2: LATITUDE, 3: "E", 4: LONGITUDE, 0x12: "SECRET-FARM-DATUM"}  # GPS IFD
    exif.get_ifd(0x8769)[0x927C] = b"SecretComment maker note"  # MakerNote, in the Exif IFD
    return exif


def _private_jpeg(path: Path, size=(1600, 1200)) -> bytes:
    img = Image.new("RGB", size, (90, 140, 60))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", exif=_private_exif(), icc_profile=icc, xmp=XMP, comment=b"SecretComment", quality=90)
    return path.read_bytes()


def _latitude_bytes() -> list[bytes]:
    nums = [v for r in LATITUDE for v in (r.numerator, r.denominator)]
    return [struct.pack("<6I", *nums), struct.pack(">6I", *nums)]


def _assert_no_metadata(f: Path) -> None:
    data = f.read_bytes()
    with Image.open(f) as im:
        assert not dict(im.getexif()), f"{f.name} still has EXIF: {dict(im.getexif())}"
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
            assert key not in im.info, f"{f.name} still has {key!r}"
    for secret in SECRETS:
        assert secret not in data, f"{secret!r} found in {f.name}"
    for lat in _latitude_bytes():
        assert lat not in data, f"the GPS latitude is still inside {f.name}"
    assert b"Exif\x00\x00" not in data and b"ns.adobe.com/xap" not in data and b"x:xmpmeta" not in data
    if f.suffix == ".webp":
        chunks = riff_chunks(data)
        assert b"EXIF" not in chunks and b"XMP " not in chunks and b"ICCP" not in chunks, f"{f.name}: {chunks}"
    elif f.suffix == ".jpg":
        markers = jpeg_markers(data)
        assert 0xE1 not in markers, f"{f.name} has an APP1 (EXIF/XMP) segment"
        assert 0xE2 not in markers, f"{f.name} has an APP2 (ICC) segment"
        assert 0xFE not in markers, f"{f.name} has a comment segment"
    elif f.suffix == ".avif":
        boxes = isobmff_boxes(data)
        assert b"Exif" not in data and b"mime" not in boxes, f"{f.name}: {boxes}"


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
    assert {p.suffix for p in files} == ({".avif", ".webp", ".jpg"} if images.avif_supported() else {".webp", ".jpg"})
    for f in [*files, *(store.output / "photos").glob("*-share.jpg")]:
        _assert_no_metadata(f)


@needs_heif
def test_no_metadata_survives_from_heic(empty_kopi, store):
    save_heic(Image.new("RGB", (900, 700), (90, 140, 60)), empty_kopi / "1.heic", exif=_private_exif().tobytes(),
              xmp=XMP)
    with Image.open(empty_kopi / "1.heic") as src:
        assert src.info.get("exif") and src.info.get("xmp"), "the test HEIC has no metadata"
    build_ok(store)
    for f in (store.output / "photos").iterdir():
        _assert_no_metadata(f)


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
    logos = list((store.output / "assets").glob("*.png")) + [store.output / "favicon.ico"]
    assert any(f.name.startswith("logo") for f in logos)
    for f in logos:
        data = f.read_bytes()
        for secret in SECRETS:
            assert secret not in data, f"{secret!r} published in {f.name}"
        with Image.open(f) as im:
            assert not dict(im.getexif()) and "xmp" not in im.info, f"{f.name} kept the logo's metadata"
            if f.name.startswith("logo"):
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


# --------------------------------------------------------------------------- widths and markup


def test_phone_photo_gives_the_theme_widths_in_avif_and_webp_and_one_jpeg(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, **{"1.jpg": ((2000, 1500), (10, 120, 90))})
    build_ok(store)
    expected = [(720, 540), (1080, 810)]  # whole on the product page; its card has its own (below)
    webp = sizes(photos(store, ".webp"))
    assert sorted(webp.values()) == expected
    for name, (w, _) in webp.items():
        assert name.endswith(f"-{w}.webp"), name
    if images.avif_supported():
        assert sorted(sizes(photos(store, ".avif")).values()) == expected
    jpg = sizes(photos(store, ".jpg"))
    assert list(jpg.values()) == [(1200, 900)]
    assert list(jpg)[0].endswith("-1200.jpg")
    for f in photos(store, cards=True):
        with Image.open(f) as im:
            assert im.format == {".webp": "WEBP", ".avif": "AVIF", ".jpg": "JPEG"}[f.suffix]
    assert sorted(set(sizes(store.output / "photos" / n for n in card_names(store)).values())) == \
        [(320, 320), (480, 480)]


def test_small_photo_is_never_upscaled(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, **{"1.jpg": ((500, 400), (10, 120, 90))})
    build_ok(store)
    webp = sizes(photos(store, ".webp"))
    assert sorted(webp.values()) == [(500, 400)]
    assert list(sizes(photos(store, ".jpg")).values()) == [(500, 400)]
    assert max(w for w, _ in sizes(photos(store, cards=True)).values()) == 500
    # The card: the square middle (400 px), at 320 and at its own 400 (480 would be an upscale).
    assert sorted(set(sizes(store.output / "photos" / n for n in card_names(store)).values())) == \
        [(320, 320), (400, 400)]
    img = next(i for i in tags(store.page("kopi/index.html")).imgs if "srcset" in i)
    assert (img["width"], img["height"]) == ("500", "400")
    assert "1080w" not in img["srcset"] and "720w" not in img["srcset"]


def test_photo_narrower_than_the_smallest_width(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, **{"1.jpg": ((200, 300), (10, 120, 90))})
    build_ok(store)
    assert set(sizes(photos(store)).values()) == {(200, 300)}
    assert len(photos(store)) == (3 if images.avif_supported() else 2)  # one avif, one webp, one jpg
    # A square crop would cut away a third: the card pads it to 300x300 instead, never enlarging it.
    assert set(sizes(store.output / "photos" / n for n in card_names(store)).values()) == {(300, 300)}


def test_plan_widths_never_upscales_and_skips_near_duplicates():
    assert images.plan_widths(4032) == [320, 480, 720, 1080]
    assert images.plan_widths(1100) == [320, 480, 720, 1080]
    assert images.plan_widths(800) == [320, 480, 800]
    assert images.plan_widths(330) == [330]
    assert images.plan_widths(100) == [100]
    for w in range(50, 3000, 37):
        plan = images.plan_widths(w)
        assert max(plan) <= w and plan == sorted(set(plan))


def test_picture_markup_avif_source_sizes_and_loading(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, "kopi", **{"1.jpg": ((1600, 1200), (120, 60, 20)), "2.jpg": ((900, 1200), (20, 60, 120))})
    photo_product(store, "teh", "title: Teh Tubruk\nprice: 20000\ncategory: Minuman\n",
                  **{"1.png": ((640, 640), (10, 160, 10))})
    build_ok(store)
    for page in ("index.html", "kategori/minuman/index.html", "kopi/index.html"):
        found = tags(store.page(page))
        assert found.pictures and all(p["img"] for p in found.pictures), page
        eager = [p for p in found.pictures if p["img"].get("fetchpriority") == "high"]
        assert len(eager) == 1 and eager[0] is found.pictures[0], f"{page}: only the first photo loads first"
        assert "loading" not in eager[0]["img"]
        assert all(p["img"].get("loading") == "lazy" and "fetchpriority" not in p["img"]
                   for p in found.pictures[1:]), page
        for pic in found.pictures:
            img = pic["img"]
            assert img["sizes"] and "width" in img and "height" in img, img
            _check_img_sizes(store, img)
            if images.avif_supported():
                (source,) = pic["sources"]
                assert source["type"] == "image/avif" and source["sizes"] == img["sizes"]
                avif = [u.split()[0] for u in source["srcset"].split(",")]
                webp = [u.split()[0] for u in img["srcset"].split(",")]
                assert [a.removesuffix(".avif") for a in avif] == [w.removesuffix(".webp") for w in webp]
                assert all(local(store, u).is_file() for u in avif)
    cards = tags(store.page("index.html")).pictures
    kopi_card = next(p for p in cards if "Kopi" in p["img"]["alt"])
    teh_card = next(p for p in cards if "Teh" in p["img"]["alt"])
    # The cards' photos are made square (the store's photo_ratio): drawn exactly as wide as their frame.
    assert "255px" in teh_card["img"]["sizes"] and "255px" in kopi_card["img"]["sizes"]
    assert "50vw - 1.4rem" in teh_card["img"]["sizes"]
    assert (kopi_card["img"]["width"], kopi_card["img"]["height"]) == ("480", "480")
    gallery = tags(store.page("kopi/index.html")).pictures
    assert "86vw" in gallery[0]["img"]["sizes"] and "480px" in gallery[1]["img"]["sizes"]


def test_avif_can_be_turned_off_in_store_yml(kopi_store):
    store = kopi_store
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "photos:\n  avif: false\n")
    build_ok(store)
    assert not photos(store, ".avif") and photos(store, ".webp")
    assert "image/avif" not in store.page("kopi/index.html") and "image/avif" not in store.page()
    webp_before = {f.name: f.stat().st_mtime_ns for f in (store.root / ".lapak-cache" / "photos").glob("*.webp")}

    if images.avif_supported():  # turned on again: the AVIF files are added, the WebP ones are kept
        store.write("store.yml", store.root.joinpath("store.yml").read_text().replace("avif: false", "avif: true"))
        build_ok(store)
        assert photos(store, ".avif") and "image/avif" in store.page("kopi/index.html")
        after = {f.name: f.stat().st_mtime_ns for f in (store.root / ".lapak-cache" / "photos").glob("*.webp")}
        assert after == webp_before


def test_a_wrong_photos_setting_is_reported(kopi_store):
    store = kopi_store
    config = store.root.joinpath("store.yml").read_text()
    store.write("store.yml", config + "photos:\n  avif: mungkin\n")
    result = store.build("--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "store.yml" in result.output and "photos.avif" in result.output
    assert "tulis true (ya) atau false (tidak)" in result.output
    store.write("store.yml", config + "photos:\n  mutu: 9\n")
    result = build_ok(store)  # an unknown photo setting is only a warning
    assert "photos.mutu" in result.output and "avif" in result.output


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
def test_transparent_png_keeps_alpha_and_the_jpeg_is_flattened_on_white(store, palette):
    (store.root / "products" / "kopi-gayo.md").unlink()
    folder = photo_product(store)
    _transparent_png(folder / "1.png", palette)
    build_ok(store)

    with Image.open(photos(store, ".jpg")[0]) as im:
        im = im.convert("RGB")
        clear, solid = im.getpixel((20, im.height // 2)), im.getpixel((im.width - 20, im.height // 2))
    assert min(clear) >= 240, f"a transparent pixel came out {clear} in the JPEG, not white"
    assert solid[0] > 180 and solid[1] < 70, f"the opaque red came out {solid}"
    for f in photos(store, ".webp") + photos(store, ".avif"):
        with Image.open(f) as im:
            assert im.mode == "RGBA", f"{f.name} lost its transparency ({im.mode})"
            assert im.getpixel((5, im.height // 2))[3] == 0
            assert im.getpixel((im.width - 5, im.height // 2))[3] == 255
    # No placeholder colour behind a transparent photo: it would show through.
    img = next(i for i in tags(store.page("kopi/index.html")).imgs if "srcset" in i)
    assert "class" not in img


def test_half_transparent_png_builds(store):
    """make_photo's PNG with alpha=True: every pixel half transparent."""
    (store.root / "products" / "kopi-gayo.md").unlink()
    folder = photo_product(store)
    make_photo(folder / "1.png", (640, 480), (0, 0, 0), alpha=True)
    build_ok(store)
    with Image.open(photos(store, ".jpg")[0]) as im:
        r, g, b = im.convert("RGB").getpixel((10, 10))
    assert 110 <= r <= 145 and abs(r - g) < 8 and abs(r - b) < 8  # half black over white: mid grey


def test_an_alpha_channel_with_nothing_transparent_is_dropped(empty_kopi, store):
    Image.new("RGBA", (400, 300), (10, 120, 200, 255)).save(empty_kopi / "1.png")
    build_ok(store)
    for f in photos(store):
        with Image.open(f) as im:
            assert im.mode == "RGB", f"{f.name} kept a useless alpha channel"


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


# --------------------------------------------------------------------------- placeholders


def test_placeholder_colour_is_in_a_hashed_stylesheet_not_inline(kopi_store):
    import hashlib
    import re

    store = kopi_store
    build_ok(store)
    page = store.page("kopi/index.html")
    img = next(i for i in tags(page).imgs if "srcset" in i)
    assert img.get("class", "").startswith("ph-"), img
    href = re.search(r'<link rel="stylesheet" href="(/toko/assets/store\.[0-9a-f]{10}\.css)">', page).group(1)
    css = local(store, href).read_bytes()
    assert local(store, href).name.split(".")[1] == hashlib.sha256(css).hexdigest()[:10]
    colour = img["class"].removeprefix("ph-")
    assert f"img.ph-{colour}{{background:#{colour}}}".encode() in css
    # The photo is (200, 80, 40): its placeholder is that colour, to 4 bits a channel.
    assert colour == "c52", colour
    for html in store.output.rglob("*.html"):
        assert " style=" not in html.read_text(), f"an inline style in {html.name}: the CSP forbids it"
    assert "ph-c52" in store.page("index.html")  # the storefront's card too


def test_placeholder_colour_is_the_dominant_one():
    img = Image.new("RGB", (100, 100), (250, 250, 250))
    img.paste((10, 40, 200), (0, 0, 30, 30))  # a small blue patch on a white background
    assert images._dominant(img) == "#fff"
    assert images.placeholder_colour((200, 80, 40)) == "#c52"


# --------------------------------------------------------------------------- alt, width, height


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
                # The storefront's hero logo sits beside the store's name in the heading: decorative too.
                assert img["alt"].strip() or img["_link_text"] == "Toko Tes" or img.get("class") == "id-logo", where
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


def _corrupt_png(path: Path) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 80, 40)).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    data[60:90] = b"\x00" * 30  # inside the compressed pixels: the checksum and the stream break
    path.write_bytes(bytes(data))


def _truncated_heic(path: Path) -> None:
    save_heic(Image.new("RGB", (640, 480), (20, 90, 160)), path.with_name("full.heic"))
    data = path.with_name("full.heic").read_bytes()
    path.with_name("full.heic").unlink()
    path.write_bytes(data[: len(data) // 2])


BREAKAGES = {
    "empty": (lambda folder: (folder / "1.jpg").write_bytes(b""), "products/kopi/1.jpg",
              "file ini kosong (0 byte); salin lagi fotonya"),
    "truncated": (lambda folder: _truncated_jpeg(folder / "1.jpg"), "products/kopi/1.jpg", "rusak atau terpotong"),
    "corrupt-png": (lambda folder: (folder / "1.jpg").unlink() or _corrupt_png(folder / "1.png"),
                    "products/kopi/1.png", "rusak atau terpotong"),
    "text": (lambda folder: (folder / "1.jpg").write_text("bukan foto, ini catatan belanja\n"), "products/kopi/1.jpg",
             "file ini adalah file teks; Lapak menerima foto JPEG"),
    "pdf-named-jpg": (lambda folder: (folder / "1.jpg").write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n"),
                      "products/kopi/1.jpg", "PDF"),
    "tiff-named-jpg": (lambda folder: Image.new("RGB", (50, 50)).save(folder / "1.jpg", "TIFF"),
                       "products/kopi/1.jpg", "TIFF"),
    "video-named-heic": (lambda folder: (folder / "1.jpg").unlink() or (folder / "1.heic").write_bytes(
        b"\x00\x00\x00\x18ftypqt  \x00\x00\x02\x00qt  \x00\x00\x00\x08wide"), "products/kopi/1.heic", "video"),
    "too-many-pixels": (lambda folder: Image.new("1", (8000, 7000)).save(folder / "1.jpg", "PNG"),
                        "products/kopi/1.jpg", "terlalu besar (8000x7000 piksel)"),
    "missing-listed": (lambda folder: (folder / "1.jpg").unlink(), "products/kopi/index.md",
                       "foto '1.jpg' tidak ada di folder yang sama dengan index.md"),
}


@pytest.mark.parametrize("case, jobs", [(case, "1") for case in BREAKAGES]
                         + [(case, "2") for case in ("empty", "truncated", "text")])  # the workers' path too
def test_broken_photo_is_refused_and_old_output_kept(kopi_store, case, jobs):
    store = kopi_store
    folder = store.root / "products" / "kopi"
    make_photo(folder / "2.jpg", (640, 480), (40, 80, 200))
    images_line = "images: [1.jpg, 2.jpg]\n"
    store.product("kopi/", PRODUCT + images_line)
    build_ok(store)
    before = snapshot(store.output)
    assert "index.html" in before and any(k.startswith("photos/") for k in before)

    breakage, named, said = BREAKAGES[case]
    breakage(folder)
    if named.endswith(("1.png", "1.heic")):
        store.product("kopi/", PRODUCT + images_line.replace("1.jpg", named.rsplit("/", 1)[1]))
    result = store.build("--jobs", jobs)
    assert result.exit_code == 1, result.output
    assert result.exc_info is not None and result.exc_info[0] is SystemExit, f"crashed: {result.exc_info!r}"
    assert "Traceback" not in result.output
    assert named in result.output, result.output
    assert said in result.output, result.output
    assert "2.jpg" not in result.output.replace("1.jpg, 2.jpg", "").replace("1.png, 2.jpg", "").replace(
        "1.heic, 2.jpg", ""), "the good photo was blamed"
    assert snapshot(store.output) == before, "the earlier output was changed by a failed build"
    leftovers = [p.name for p in store.output.parent.iterdir() if "lapak-tmp" in p.name or "lapak-old" in p.name]
    assert not leftovers, leftovers


@needs_heif
def test_truncated_heic_is_refused(empty_kopi, store):
    _truncated_heic(empty_kopi / "1.heic")
    result = store.build("--jobs", "1")
    assert result.exit_code == 1 and "products/kopi/1.heic" in result.output, result.output
    assert "foto ini rusak atau terpotong (file HEIC ini tidak utuh)" in result.output, result.output


@pytest.mark.parametrize("data, english, indonesian", [
    (b"", "the file is empty (0 bytes); copy the photo again", "file ini kosong (0 byte); salin lagi fotonya"),
    (b"%PDF-1.4\n" + bytes(60), "this file is a PDF document; Lapak takes JPEG, PNG, WebP, AVIF, HEIC or GIF "
     "photos: open it and save it again as JPEG", "file ini adalah dokumen PDF; Lapak menerima foto JPEG, PNG, "
     "WebP, AVIF, HEIC atau GIF: buka file itu, lalu simpan lagi sebagai JPEG"),
    (b"\x00\x00\x00\x18ftypqt  " + bytes(60), "this file is a video (MP4 or MOV), not a photo; Lapak takes",
     "file ini adalah video (MP4 atau MOV), bukan foto; Lapak menerima"),
    (bytes([0x80, 1, 2, 3]) * 20, "this is not a photo Lapak can read; Lapak takes",
     "ini bukan foto yang bisa dibaca Lapak; Lapak menerima"),
])
def test_a_file_that_is_not_a_usable_photo_is_explained_in_both_languages(data, english, indonesian):
    with pytest.raises(images.PhotoError) as caught:
        images._decode(data, None)
    assert caught.value.message.text("en").startswith(english)
    assert caught.value.message.text("id").startswith(indonesian)


def test_a_photo_error_from_a_worker_is_a_message_not_text(tmp_path):
    """A worker does not know the store's language: it hands back the message, shown later in it."""
    (tmp_path / "1.jpg").write_bytes(b"")
    _, photo, error, _ = images.process_one((tmp_path / "1.jpg", tmp_path / "cache"))
    assert photo is None and error.text("id") == "file ini kosong (0 byte); salin lagi fotonya"
    assert error.text("en") == "the file is empty (0 bytes); copy the photo again"


def test_pixel_limit_is_well_below_pillows():
    assert images.MAX_PIXELS <= Image.MAX_IMAGE_PIXELS * 0.6 or images.MAX_PIXELS <= 60_000_000


def test_only_allowed_decoders_are_used():
    assert set(images.allowed_formats()) <= {"JPEG", "MPO", "PNG", "WEBP", "GIF", "AVIF", "HEIF"}
    for name, data in (("bmp", b"BM" + bytes(60)), ("psd", b"8BPS" + bytes(60)), ("zip", b"PK\x03\x04" + bytes(60))):
        with pytest.raises(images.PhotoError):
            images._decode(data, None)


def test_a_photo_named_like_another_format_is_used_with_a_warning(empty_kopi, store):
    Image.new("RGB", (400, 300), (10, 120, 200)).save(empty_kopi / "1.jpg", "PNG")  # a PNG named .jpg
    result = build_ok(store)
    assert ("products/kopi/1.jpg: file ini sebenarnya gambar PNG, padahal namanya berakhiran .jpg; tetap dipakai. "
            "Ganti namanya menjadi 1.png") in result.output
    assert photos(store, ".webp")


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


def test_a_failure_while_writing_leaves_no_half_written_photo(kopi_store, monkeypatch):
    """A crash in the middle of an encode (disk full, Ctrl-C): no file under its real name, no output."""
    store = kopi_store
    real_save = Image.Image.save
    calls = []

    def failing(self, fp, format=None, **params):
        calls.append(format)
        if len(calls) == 3:
            Path(fp).write_bytes(b"half a photo")
            raise OSError(28, "No space left on device")
        return real_save(self, fp, format, **params)

    monkeypatch.setattr(Image.Image, "save", failing)
    result = store.build("--jobs", "1")
    assert result.exit_code == 1 and "products/kopi/1.jpg" in result.output, result.output
    assert "No space left" in result.output
    cache = store.root / ".lapak-cache" / "photos"
    for f in cache.iterdir():
        assert not f.name.endswith(".tmp"), f"a temporary file was left: {f.name}"
        assert f.suffix != ".json", "the photo was recorded as made"
        assert f.read_bytes() != b"half a photo", f"{f.name} is half written"
    assert not store.output.exists()
    monkeypatch.setattr(Image.Image, "save", real_save)
    build_ok(store)  # and the next build makes it whole
    for f in photos(store):
        with Image.open(f) as im:
            im.load()


# --------------------------------------------------------------------------- cache


@pytest.fixture
def count_decodes(monkeypatch):
    """Count real photo decodes (images._make) during in-process builds with jobs=1."""
    calls: list[str] = []
    real = images._make

    def counting(source, *args, **kw):
        calls.append(Path(source).name)
        return real(source, *args, **kw)

    monkeypatch.setattr(images, "_make", counting)
    return calls


@pytest.fixture
def count_reads(monkeypatch):
    """Count photos handed to the photo worker (which reads and hashes the file)."""
    calls: list[str] = []
    real = images.process_one

    def counting(args):
        calls.append(Path(args[0]).name)
        return real(args)

    monkeypatch.setattr(images, "process_one", counting)
    return calls


def _build(store, **kw):
    from generator.commands.build import build

    return build(store.root, store.output, jobs=1, **kw)


def _settle(store, monkeypatch) -> None:
    """Date every photo 10 s back: a build trusts a file's stamp (size, times, file number) only once it has
    settled. Setting a time is itself a change (of the change time, which cannot be set), so the build is
    also told that a file settles at once."""
    import os
    import time

    from generator.content import sources

    past = time.time_ns() - 10_000_000_000
    for p in (store.root / "products").rglob("*"):
        if p.suffix in (".jpg", ".png", ".md"):
            os.utime(p, ns=(past, past))
    monkeypatch.setattr(sources, "SETTLE_NS", 0)


def _renditions(cache: Path) -> dict[str, int]:
    """The processed photos in the cache (not the share images), with their modification times."""
    return {p.name: p.stat().st_mtime_ns for p in cache.iterdir()
            if p.suffix in (".avif", ".webp", ".jpg") and not p.name.endswith("-share.jpg")}


def _per_photo(avif: bool = images.avif_supported()) -> dict[int, int]:
    """How many files a photo makes: 800 px wide as a product's first photo (whole above the cards'
    widths, square for its card), 1300 px as its second (whole at every width); AVIF (when on), WebP, a JPEG."""
    settings = images.Settings(avif=avif)
    first = images.photo_set("k", 800, 600, settings, images.Need(("1:1",), False))
    second = images.photo_set("k", 1300, 900, settings)
    assert len(first.cards) == 1 and len(first.webp) == 1 and len(second.webp) == 4
    return {800: len(first.files), 1300: len(second.files)}


def test_unchanged_photos_are_not_processed_again(kopi_store, count_decodes, count_reads, monkeypatch):
    store = kopi_store
    make_photo(store.root / "products" / "kopi" / "2.jpg", (1300, 900), (40, 80, 200))
    _settle(store, monkeypatch)
    first = _build(store)
    assert sorted(count_decodes) == ["1.jpg", "2.jpg"] and first.photos == 2
    cache = store.root / ".lapak-cache" / "photos"
    cached_files = _renditions(cache)
    assert len(cached_files) == _per_photo()[800] + _per_photo()[1300]

    count_decodes.clear()
    count_reads.clear()
    again = _build(store)
    assert again.unchanged and count_decodes == [] and count_reads == []

    # The text changes, so pages are rebuilt; the photos come from the cache, not even read again.
    store.product("kopi/", PRODUCT.replace("85000", "90000"))
    third = _build(store)
    assert not third.unchanged and count_decodes == [] and count_reads == []
    assert _renditions(cache) == cached_files
    assert "90.000" in store.page("kopi/index.html")

    # Even with the output folder gone, nothing is decoded again.
    shutil.rmtree(store.output)
    _build(store)
    assert count_decodes == []
    assert sorted(p.name for p in photos(store, cards=True)) == sorted(cached_files)


def test_a_photo_touched_but_unchanged_is_read_not_decoded(kopi_store, count_decodes, count_reads, monkeypatch):
    store = kopi_store
    _settle(store, monkeypatch)
    _build(store)
    count_decodes.clear()
    count_reads.clear()
    photo = store.root / "products" / "kopi" / "1.jpg"
    photo.write_bytes(photo.read_bytes())  # a new time, the same bytes
    assert _build(store).unchanged  # its bytes were hashed again, and found the same
    assert count_reads == [] and count_decodes == []
    store.product("kopi/", PRODUCT + "summary: Baru.\n")  # something else changed: the photo is not decoded
    assert not _build(store).unchanged
    assert count_decodes == []


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


def test_changed_photo_is_the_only_one_processed_and_gets_a_new_file_name(kopi_store, count_decodes):
    store = kopi_store
    make_photo(store.root / "products" / "kopi" / "2.jpg", (1300, 900), (40, 80, 200))
    _build(store)
    old = {p.name for p in photos(store, cards=True)}
    page_before = store.page("kopi/index.html")
    assert all(n in page_before for n in old if n.endswith(".webp") and n not in card_names(store))

    make_photo(store.root / "products" / "kopi" / "1.jpg", (800, 600), (20, 200, 40))  # same name, new picture
    count_decodes.clear()
    _build(store)
    assert count_decodes == ["1.jpg"]
    new = {p.name for p in photos(store, cards=True)}
    assert len(new - old) == _per_photo()[800] and len(old - new) == _per_photo()[800]
    assert new & old, "the unchanged photo kept its files"
    page, storefront = store.page("kopi/index.html"), store.page("index.html")
    assert not any(n in page or n in storefront for n in old - new), \
        "a changed photo kept its old name: browsers would show the old one"
    assert all(n in page or n in card_names(store) for n in new if n.endswith(".webp"))
    first_jpeg = next(f for f in photos(store, "-800.jpg"))
    assert pixel(first_jpeg, (5, 5))[1] > 150  # the new, green photo


def test_removed_photo_is_gone_from_the_output(kopi_store):
    store = kopi_store
    make_photo(store.root / "products" / "kopi" / "2.jpg", (1300, 900), (40, 80, 200))
    build_ok(store)
    with_two = {p.name for p in photos(store, cards=True)}
    assert len(with_two) == _per_photo()[800] + _per_photo()[1300]

    (store.root / "products" / "kopi" / "2.jpg").unlink()
    build_ok(store)
    left = {p.name for p in photos(store, cards=True)}
    assert len(left) == _per_photo()[800] and left < with_two
    gone = with_two - left
    for html in store.output.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not any(n in text for n in gone), f"{html.name} still links a removed photo"
    assert not any((store.output / "photos" / n).exists() for n in gone)


def test_the_cache_forgets_photos_unused_for_a_month(kopi_store):
    import os
    import time

    store = kopi_store
    make_photo(store.root / "products" / "kopi" / "2.jpg", (1300, 900), (40, 80, 200))
    build_ok(store)
    cache = store.root / ".lapak-cache" / "photos"
    two = {p.name for p in photos(store) if p.name.endswith(("-1080.webp", "-1080.avif"))}
    two_key = next(iter(two))[:16]
    (store.root / "products" / "kopi" / "2.jpg").unlink()
    build_ok(store)
    assert any(p.name.startswith(two_key) for p in cache.iterdir()), "kept for a while: it may come back"

    month_ago = time.time() - 31 * 86400
    for p in cache.iterdir():  # everything is old now, the photo in use too
        os.utime(p, (month_ago, month_ago))
    store.product("kopi/", PRODUCT.replace("85000", "86000"))
    build_ok(store)
    left = {p.name for p in cache.iterdir()}
    assert not any(n.startswith(two_key) for n in left), "the photo unused for a month was forgotten"
    assert {p.name for p in photos(store)} <= left, "the photo in use stays"
    assert any(n.endswith(".json") for n in left)


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
    for attempt in range(2):
        shutil.rmtree(store.root / ".lapak-cache", ignore_errors=True)
        shutil.rmtree(store.output, ignore_errors=True)
        result = store.build("--jobs", "2")
        assert result.exit_code == 0, f"attempt {attempt + 1}: {result.exc_info!r}"
        expected = images.photo_set("k", 1800, 1200, images.Settings(), images.Need(("1:1",), False))
        assert len(photos(store, cards=True)) == len(expected.files)


def _textured(path: Path, size=(900, 600)) -> Path:
    """A photo with detail everywhere (a flat colour would encode alike with any number of threads)."""
    import random

    rng = random.Random(3)
    base = Image.merge("RGB", [Image.frombytes("L", (6, 4), rng.randbytes(24)).resize(size, Image.Resampling.BICUBIC)
                               for _ in range(3)])
    Image.blend(base, Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3)), 0.15).save(path, quality=90)
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@needs_avif
def test_photo_files_are_the_same_whatever_the_number_of_workers_or_cores(tmp_path, monkeypatch):
    """`lapak build -j 1` and `-j 2`, a laptop and a 16-core CI runner publish the same bytes for every file."""
    import multiprocessing
    import os

    source = _textured(tmp_path / "1.jpg")
    settings, _ = images.settings_for(True, {})  # what a build uses, whatever its number of workers
    for cores in (1, 16):  # -j 1: the photo is made in the build's own process
        monkeypatch.setattr(os, "cpu_count", lambda: cores)
        if hasattr(os, "sched_getaffinity"):
            monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
        images.process(source, tmp_path / f"cores-{cores}", settings)
    monkeypatch.undo()
    with multiprocessing.get_context("spawn").Pool(2) as pool:  # -j 2: in worker processes
        results = pool.map(images.process_one, [(source, tmp_path / f"worker-{i}", settings) for i in (1, 2)])
    assert [error for _, _, error, _ in results] == [None, None]
    alone = _files(tmp_path / "cores-1")
    assert {name.rsplit(".", 1)[1] for name in alone} == {"avif", "webp", "jpg", "json"}
    assert len([n for n in alone if n.endswith(".avif")]) == len(images.plan_widths(900))
    for other in ("cores-16", "worker-1", "worker-2"):
        assert _files(tmp_path / other) == alone, other


def test_photos_are_processed_on_every_core_with_a_progress_count(store, monkeypatch):
    from generator.parallel import Progress
    from generator.errors import Collector

    (store.root / "products" / "kopi-gayo.md").unlink()
    for i in range(4):
        photo_product(store, f"p{i}", PRODUCT.replace("Kopi Gayo", f"Kopi {i}"),
                      **{"1.jpg": ((600, 400), (20 * i, 80, 40))})

    class Recorder(Progress):
        def __init__(self):
            self.events = []

        def start(self, label, total):
            self.events.append(("start", label, total))

        def advance(self, n=1):
            self.events.append(("advance", n))

        def stop(self):
            self.events.append(("stop",))

    import multiprocessing

    pools = []
    real_context = multiprocessing.get_context

    def spying(method=None):
        ctx = real_context(method)
        real_pool = ctx.Pool

        def pool(processes=None, *a, **kw):
            pools.append(processes)
            return real_pool(processes, *a, **kw)

        ctx.Pool = pool
        return ctx

    monkeypatch.setattr(multiprocessing, "get_context", spying)
    from generator.content.catalog import ProductCache, load_catalog
    from generator.content.config import load_store
    from generator.content.sources import Inputs, find_sources
    from generator.media import make
    from generator.parallel import Workers

    shop, _ = load_store(store.root)
    inputs = Inputs(shop.root)
    products, _, _, _ = load_catalog(shop, find_sources(inputs, Collector()), inputs, ProductCache(None), False)
    progress = Recorder()
    with Workers(2) as workers:
        found = make.photos(shop, None, products, inputs, store.root / ".lapak-cache", workers, progress, Collector())
    assert len(found) == 4 and pools == [2]
    assert progress.events[0] == ("start", "Photos", 4) and progress.events[-1] == ("stop",)
    assert sum(e[1] for e in progress.events if e[0] == "advance") == 4


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


def test_og_image_of_product_with_several_photos_shows_its_first_photo(store):
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
    assert pixel(local(store, meta(html, "og:image")), (5, 5))[0] > 200  # 1.jpg, the red one


# --------------------------------------------------------------------------- card shapes (photo_ratio)


def _card(store, title: str) -> dict:
    """The <img> of the storefront card whose photo shows ``title``."""
    return next(p["img"] for p in tags(store.page("index.html")).pictures if title in p["img"]["alt"])


def _card_frame(store, title: str) -> str:
    """The class of the card's photo frame (``card-img r-4-5``)."""
    import re

    html = store.page("index.html")
    at = html.index(f'alt="{title}"')
    return re.findall(r'<span class="(card-img[^"]*)"', html[:at])[-1]


def test_frame_crops_around_the_centre_or_pads_never_stretches():
    assert images.frame(800, 600, "1:1") == ("crop", (600, 600), (100, 0, 700, 600))  # loses 25 %
    assert images.frame(600, 800, "4:5") == ("crop", (600, 750), (0, 25, 600, 775))
    assert images.frame(900, 1200, "3:4") == ("crop", (900, 1200), (0, 0, 900, 1200))  # already 3:4
    # A wide 16:9 photo would lose 44 % to a square: it is padded above and below instead.
    assert images.frame(1600, 900, "1:1") == ("pad", (1600, 1600), (0, 350, 1600, 1250))
    assert images.frame(1000, 1000, "3:4") == ("crop", (750, 1000), (125, 0, 875, 1000))
    for w, h in ((4032, 3024), (3024, 4032), (1080, 1920), (1920, 1080), (500, 500), (37, 1000)):
        for ratio in ("1:1", "4:5", "3:4"):
            fit, size, (left, top, right, bottom) = images.frame(w, h, ratio)
            if fit == "crop":
                assert size == (right - left, bottom - top) and size[0] <= w and size[1] <= h
                assert abs(left - (w - right)) <= 1 and abs(top - (h - bottom)) <= 1  # centred
            else:
                assert (right - left, bottom - top) == (w, h)  # the whole photo, at its own size
            rw, rh = map(int, ratio.split(":"))
            assert abs(size[0] * rh - size[1] * rw) <= max(rw, rh), (w, h, ratio, size)


def test_store_photo_ratio_makes_portrait_cards_cropped_around_the_centre(empty_kopi, store):
    # 1000x1000 with red bands at the far left and right: a 4:5 card keeps the middle 800, which is green.
    img = Image.new("RGB", (1000, 1000), (30, 160, 60))
    img.paste((230, 20, 20), (0, 0, 80, 1000))
    img.paste((230, 20, 20), (920, 0, 1000, 1000))
    img.save(empty_kopi / "1.jpg", quality=95)
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "photo_ratio: 4:5\n")
    build_ok(store)
    card = _card(store, "Kopi Gayo")
    assert (card["width"], card["height"]) == ("480", "600")  # the layout knows the shape before it loads
    _check_img_sizes(store, card)
    assert _card_frame(store, "Kopi Gayo") == "card-img r-4-5"
    for name in card_names(store):
        with Image.open(store.output / "photos" / name) as im:
            w, h = im.size
            assert w * 5 == h * 4, f"{name} is {im.size}, not 4:5"
            im = im.convert("RGB")
            for xy in ((2, 2), (w - 3, h // 2), (w // 2, h - 3)):
                assert close_to(im.getpixel(xy), (30, 160, 60), 30), f"{name}: {xy} is {im.getpixel(xy)}"
    # The product page shows the whole photo: square, with both red bands.
    page_img = next(i for i in tags(store.page("kopi/index.html")).imgs if "srcset" in i)
    assert page_img["width"] == page_img["height"]
    with Image.open(local(store, page_img["src"])) as im:
        im = im.convert("RGB")
        assert im.getpixel((3, 300))[0] > 200 and im.getpixel((im.width - 3, 300))[0] > 200


def test_a_wide_photo_is_padded_not_stretched(empty_kopi, store):
    # 1600x900: red left half, blue right half. A square would cut away 44 %, so the card pads it.
    # (So is a landscape 4:3 photo in a 4:5 card, which would lose 40 %.)
    assert images.frame(800, 600, "4:5")[0] == "pad"
    img = Image.new("RGB", (1600, 900), (220, 30, 30))
    img.paste((30, 30, 220), (800, 0, 1600, 900))
    img.save(empty_kopi / "1.jpg", quality=95)
    build_ok(store)
    webp = [n for n in card_names(store) if n.endswith("-480.webp")]
    assert len(webp) == 1
    with Image.open(store.output / "photos" / webp[0]) as im:
        assert im.size == (480, 480)
        im = im.convert("RGB")
        # The whole photo, 480x270, in the middle (rows 105 to 375), undistorted; bars of its edges' colour.
        assert close_to(im.getpixel((100, 240)), (220, 30, 30), 30) and close_to(im.getpixel((380, 240)), (30, 30, 220), 30)
        assert close_to(im.getpixel((100, 112)), (220, 30, 30), 30) and close_to(im.getpixel((100, 368)), (220, 30, 30), 30)
        bar = im.getpixel((240, 40))
        assert close_to(bar, im.getpixel((240, 440)), 6), "the bars above and below are alike"
        assert not close_to(bar, (220, 30, 30), 40) and not close_to(bar, (30, 30, 220), 40), bar


def test_a_product_photo_ratio_overrides_the_store(store):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, "kopi", **{"1.jpg": ((1200, 1600), (10, 120, 90))})
    photo_product(store, "kebaya", "title: Kebaya Encim\nprice: 350000\nphoto_ratio: '3:4'\n",
                  **{"1.jpg": ((1200, 1600), (120, 20, 90))})
    build_ok(store)
    assert (_card(store, "Kopi")["width"], _card(store, "Kopi")["height"]) == ("480", "480")
    kebaya = _card(store, "Kebaya Encim")
    assert (kebaya["width"], kebaya["height"]) == ("480", "640")  # a 3:4 photo in a 3:4 card: nothing cut
    _check_img_sizes(store, kebaya)
    assert _card_frame(store, "Kebaya Encim") == "card-img r-3-4" and _card_frame(store, "Kopi Gayo") == "card-img r-1-1"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_photo_ratio_lapak_does_not_know_is_explained(store, lang):
    store.write("store.yml", store.root.joinpath("store.yml").read_text() + f"language: {lang}\nphoto_ratio: 16:9\n")
    result = store.build("--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "store.yml" in result.output and "photo_ratio" in result.output and '"16:9"' in result.output
    assert ("1:1 (square), 4:5 or 3:4" if lang == "en" else "1:1 (persegi), 4:5 atau 3:4") in result.output
    store.write("store.yml", store.root.joinpath("store.yml").read_text().replace("16:9", "'4:5'"))
    store.product("kopi-gayo", "title: Kopi Gayo\nprice: 85000\nphoto_ratio: bulat\n")
    result = store.build("--jobs", "1")
    assert result.exit_code == 1, result.output
    line = where(lang, 4, "photo_ratio")
    assert "products/kopi-gayo.md" in result.output and line in result.output, result.output
    assert ("uses the shape in store.yml" if lang == "en" else "memakai bentuk dari store.yml") in result.output


def test_photo_ratio_is_read_as_written():
    from generator.content.model import read_ratio

    assert [read_ratio(v) for v in ("1:1", "4:5", " 3 : 4 ", "4/5", "3x4")] == ["1:1", "4:5", "3:4", "4:5", "3:4"]
    assert [read_ratio(v) for v in ("16:9", "5:4", "245", "", "kotak")] == [None] * 5


def test_changing_the_ratio_makes_only_the_cards_it_affects(store, count_decodes):
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, "kopi", **{"1.jpg": ((1200, 900), (10, 120, 90)), "2.jpg": ((900, 900), (90, 20, 90))})
    photo_product(store, "teh", "title: Teh Tubruk\nprice: 20000\nphoto_ratio: 1:1\n",
                  **{"1.jpg": ((1200, 900), (120, 20, 10))})
    _build(store)
    cache = store.root / ".lapak-cache" / "photos"
    before = _renditions(cache)
    kopi_card, teh_card = _card(store, "Kopi")["src"], _card(store, "Teh")["src"]
    product_page = store.page("kopi/index.html")

    store.write("store.yml", store.root.joinpath("store.yml").read_text() + "photo_ratio: 4:5\n")
    count_decodes.clear()
    _build(store)
    after = _renditions(cache)
    made = sorted(set(after) - set(before))
    assert count_decodes == ["1.jpg"], "only the photo whose card changed shape is decoded"
    assert made and all(n.split("-")[0] == _card(store, "Kopi")["src"].split("/")[-1].split("-")[0] for n in made)
    assert all(after[n] == before[n] for n in before), "no other file is made again"
    assert _card(store, "Kopi")["src"] != kopi_card and _card(store, "Teh")["src"] == teh_card
    assert (_card(store, "Kopi")["width"], _card(store, "Kopi")["height"]) == ("480", "600")
    # The product page shows whole photos: the shape of the card does not change it.
    assert store.page("kopi/index.html") == product_page

    store.write("store.yml", store.root.joinpath("store.yml").read_text().replace("photo_ratio: 4:5\n", ""))
    count_decodes.clear()
    _build(store)
    assert count_decodes == [] and _card(store, "Kopi")["src"] == kopi_card  # back: the old card files, kept


def test_a_photo_shown_whole_elsewhere_keeps_its_small_widths(store):
    """The first photo of one product that is also the second of another is shown whole at small widths too."""
    (store.root / "products" / "kopi-gayo.md").unlink()
    folder = photo_product(store, "kopi", **{"1.jpg": ((1600, 1200), (10, 120, 90))})
    photo_product(store, "paket", "title: Paket Kopi\nprice: 150000\nimages: [1.jpg, ../kopi/1.jpg]\n",
                  **{"1.jpg": ((1600, 1200), (200, 120, 90))})
    assert folder.is_dir()
    build_ok(store)
    gallery = tags(store.page("paket/index.html")).pictures
    second = gallery[1]["img"]
    assert "320w" in second["srcset"] and "1080w" in second["srcset"]
    _check_img_sizes(store, second)
    first = gallery[0]["img"]
    assert "320w" not in first["srcset"] and "720w" in first["srcset"]


def test_a_photo_no_longer_shown_whole_elsewhere_leaves_no_dead_link(store):
    """A product's first photo that stops being another product's second photo loses its small whole
    widths: the first product's page, cached or not, links only files the output has."""
    (store.root / "products" / "kopi-gayo.md").unlink()
    photo_product(store, "kopi", **{"1.jpg": ((1600, 1200), (10, 120, 90))})
    paket = photo_product(store, "paket", "title: Paket Kopi\nprice: 150000\nimages: [1.jpg, ../kopi/1.jpg]\n",
                          **{"1.jpg": ((1600, 1200), (200, 120, 90))})
    build_ok(store)
    assert "320w" in tags(store.page("paket/index.html")).pictures[1]["img"]["srcset"]
    (paket / "index.md").write_text("---\ntitle: Paket Kopi\nprice: 150000\nimages: [1.jpg]\n---\nPaket.\n")
    build_ok(store)
    for page in ("kopi/index.html", "paket/index.html", "index.html"):
        for pic in tags(store.page(page)).pictures:
            for srcset in [pic["img"]["srcset"]] + [s["srcset"] for s in pic["sources"]]:
                for url in srcset.split(","):
                    assert local(store, url.split()[0]).is_file(), f"{page} links a missing {url}"
