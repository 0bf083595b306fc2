"""Photos: plan sizes (pure), process with Pillow (thin I/O), cache results by content hash.

A seller's photo (JPEG, PNG, WebP, AVIF, HEIC or GIF, any size a phone makes) is decoded once,
turned upright, converted to sRGB, and written in the theme's widths as AVIF and WebP, plus one
JPEG for crawlers, into ``<store>/.lapak-cache/photos/``. Every file is named after a hash of the
photo's bytes and of the settings below, so a rebuild finds it again without decoding anything,
and hosts may keep it forever. No metadata (EXIF, GPS, XMP, maker notes, profiles) is written.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.messages import Msg, define, msg, t

log = logging.getLogger(__name__)

# Widths fitted to the default theme (style.css): cards are about 160-255 CSS px wide (2 columns on
# a phone, 3 on a tablet, 4 on a desktop), the product photo about 330-400 CSS px on a phone and
# 480 px on a desktop. At 2-3 device pixels per CSS pixel: 320 and 480 for cards, 720 and 1080 for
# the product page. A theme may set its own with ``photo_widths`` in theme.yml.
WIDTHS = (320, 480, 720, 1080)
JPEG_WIDTH = 1200  # the JPEG for crawlers and schema.org (and the source of share images)
AVIF_QUALITY = 60  # libavif 0-100: about WebP 75's fidelity at 20-30 % fewer bytes
AVIF_SPEED = 8  # libaom effort (0 slowest..10): 6 saves ~3 % more bytes for 2-4x the time
# libaom's output depends on its thread count, so it always gets one: a photo's files are then the
# same whatever the number of workers or cores. A build keeps the cores busy with one photo each.
AVIF_THREADS = 1
WEBP_QUALITY = 75
WEBP_METHOD = 4
JPEG_QUALITY = 82
CLOSE = 1.15  # a planned width this close to the photo's own width is replaced by the photo's width
MAX_PIXELS = 50_000_000  # well below Pillow's 89 MP: larger is not a phone photo and would exhaust memory
FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "AVIF", "HEIF")  # the only decoders a photo may reach
# A card shows a product's first photo in the store's ``photo_ratio``: made at the widths up to CARD_MAX
# (cards are 160-255 CSS px wide), cropped around the centre, or padded when the crop would cut away more
# than MAX_CROP of the photo. Such a photo is shown whole only on its product page, so it is made whole
# only at the widths above CARD_MAX (unless it is shown whole elsewhere too, such as on a store page).
CARD_MAX = 480
MAX_CROP = 0.3
VERSION = 3  # bump when the processing changes, so every photo is made again
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF", ".avif": "AVIF",
              ".heic": "HEIF", ".heif": "HEIF"}
FORMAT_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "AVIF": "AVIF",
                "HEIF": "HEIC"}

define({
    "photo.theme": ("tema '{name}'", "theme '{name}'"),
    "photo.bad_widths": (
        "photo_widths harus berupa daftar berisi paling banyak 8 lebar dalam piksel, masing-masing antara 16 dan "
        "4096, misalnya [320, 480, 720, 1080], bukan {value}",
        "photo_widths must be a list of up to 8 widths in pixels between 16 and 4096, "
        "such as [320, 480, 720, 1080], not {value}"),
    "photo.misnamed": (
        "file ini sebenarnya gambar {real}, padahal namanya berakhiran {suffix}; tetap dipakai. Ganti namanya "
        "menjadi {name} supaya program lain juga bisa membukanya",
        "this file is really a {real} image, although its name ends in {suffix}; it was used anyway. "
        "Rename it to {name} so other programs open it too"),
    "photo.unreadable": ("foto ini tidak bisa dibaca ({reason})", "cannot read the photo ({reason})"),
    "photo.empty": ("file ini kosong (0 byte); salin lagi fotonya",
                    "the file is empty (0 bytes); copy the photo again"),
    "photo.too_large": (
        "foto ini terlalu besar; Lapak menerima foto sampai {limit} megapiksel. Perkecil fotonya (foto dari HP "
        "biasanya 12 megapiksel), lalu simpan lagi",
        "the photo is too large; Lapak takes photos up to {limit} megapixels. "
        "Make it smaller (a phone photo is 12) and save it again"),
    "photo.too_large_size": (
        "foto ini terlalu besar ({width}x{height} piksel); Lapak menerima foto sampai {limit} megapiksel. "
        "Perkecil fotonya (foto dari HP biasanya 12 megapiksel), lalu simpan lagi",
        "the photo is too large ({width}x{height} pixels); Lapak takes photos up to {limit} megapixels. "
        "Make it smaller (a phone photo is 12) and save it again"),
    "photo.no_memory": (
        "foto ini terlalu besar untuk memori komputer ini; perkecil fotonya, lalu simpan lagi",
        "the photo is too large for this computer's memory; make it smaller and save it again"),
    "photo.damaged": ("foto ini rusak atau terpotong ({detail}); salin lagi dari HP",
                      "the photo is damaged or cut off ({detail}); copy it again from the phone"),
    "photo.incomplete": ("file {kind} ini tidak utuh", "not a complete {kind} file"),
    "photo.no_heic": (
        "ini foto HEIC, tetapi dukungan HEIC belum terpasang; jalankan 'pip install pillow-heif', atau simpan "
        "fotonya sebagai JPEG",
        "this is a HEIC photo, but HEIC support is not installed; run 'pip install pillow-heif' or save the "
        "photo as JPEG"),
    "photo.no_avif": (
        "ini foto AVIF, tetapi Lapak di komputer ini tidak bisa membaca AVIF; perbarui Pillow "
        "('pip install -U pillow'), atau simpan fotonya sebagai JPEG",
        "this is an AVIF photo, but this installation cannot read AVIF; update Pillow ('pip install -U pillow') "
        "or save the photo as JPEG"),
    "photo.is_kind": (
        "file ini adalah {kind}; Lapak menerima foto JPEG, PNG, WebP, AVIF, HEIC atau GIF: buka file itu, "
        "lalu simpan lagi sebagai JPEG",
        "this file is {kind}; Lapak takes JPEG, PNG, WebP, AVIF, HEIC or GIF photos: open it and save it again "
        "as JPEG"),
    "photo.not_photo": (
        "ini bukan foto yang bisa dibaca Lapak; Lapak menerima foto JPEG, PNG, WebP, AVIF, HEIC atau GIF: buka "
        "file itu, lalu simpan lagi sebagai JPEG",
        "this is not a photo Lapak can read; Lapak takes JPEG, PNG, WebP, AVIF, HEIC or GIF photos: open it and "
        "save it again as JPEG"),
    # What a file that is not a photo looks like ("this file is ..."), by its first bytes.
    "photo.kind.video": ("video (MP4 atau MOV), bukan foto", "a video (MP4 or MOV), not a photo"),
    "photo.kind.pdf": ("dokumen PDF", "a PDF document"),
    "photo.kind.zip": ("arsip ZIP (atau dokumen Office)", "a ZIP archive (or an Office document)"),
    "photo.kind.tiff": ("gambar TIFF, yang tidak diterbitkan Lapak", "a TIFF image, which Lapak does not publish"),
    "photo.kind.bmp": ("gambar BMP, yang tidak diterbitkan Lapak", "a BMP image, which Lapak does not publish"),
    "photo.kind.psd": ("file Photoshop (PSD)", "a Photoshop file (PSD)"),
    "photo.kind.sound": ("file suara atau video", "a sound or video file"),
    "photo.kind.web": (
        "halaman web atau gambar SVG, bukan foto (mungkin yang tersimpan adalah halaman webnya, bukan fotonya)",
        "a web page or an SVG drawing, not a photo (perhaps the page was saved instead of the photo)"),
    "photo.kind.text": ("file teks", "a text file"),
    "photo.cache_write": ("foto yang sudah diolah tidak bisa disimpan di {folder} ({reason})",
                          "cannot save the processed photo in {folder} ({reason})"),
})


@dataclass(frozen=True)
class Settings:
    """What a store asks of its photos: the widths (from the theme) and whether to make AVIF."""

    widths: tuple[int, ...] = WIDTHS
    avif: bool = True

    @property
    def params(self) -> str:
        """Everything that changes the processed files, for the cache key (AVIF on or off does not)."""
        return (f"v{VERSION}:{self.widths}:{JPEG_WIDTH}:{AVIF_QUALITY}/{AVIF_SPEED}/t{AVIF_THREADS}:"
                f"{WEBP_QUALITY}/{WEBP_METHOD}:{JPEG_QUALITY}:{CLOSE}:{_encoders()}")

    @property
    def make_avif(self) -> bool:
        return self.avif and avif_supported()


def _encoders() -> str:
    """Lapak's and the image libraries' versions: new encoders make every photo again."""
    from generator.cache import media_versions

    return media_versions()


DEFAULT = Settings()


def plan(store, theme, products, problems, extra=()) -> tuple[list[str], "Settings", dict[str, "Need"]]:
    """The photos a build needs (relative to the store folder), in order, the settings to make them
    with (a theme's unusable ``photo_widths`` is reported as a problem and the defaults are used), and
    how each is shown (:func:`needs`). ``extra`` are the store's own pictures (a QRIS code, the photos
    of its pages)."""
    paths = sorted({path for p in products for path in p.images} | set(extra))
    settings, bad = settings_for(getattr(store, "avif", True), theme.options if theme else {})
    if bad and paths:
        problems.error(t("photo.theme", name=theme.name), bad, "photo_widths")
    return paths, settings, needs(store, products, extra)


def needs(store, products, extra=()) -> dict[str, "Need"]:
    """How each photo is shown: a product's first photo in its card's shape (the product's
    ``photo_ratio``, else the store's), and whole at a card's width when anything else shows it so."""
    ratios: dict[str, set[str]] = {}
    small: set[str] = set(extra)
    for p in products:
        for i, path in enumerate(p.images):
            if i == 0:
                ratios.setdefault(path, set()).add(p.photo_ratio or store.photo_ratio)
            else:
                small.add(path)
    paths = set(ratios) | small
    return {path: Need(tuple(sorted(ratios.get(path, ()))), path in small or path not in ratios) for path in paths}


def settings_for(avif: bool, theme_options: dict) -> tuple[Settings, Msg | None]:
    """The store's settings: AVIF from store.yml, widths from the theme (``photo_widths``).

    Returns the settings and, when the theme's widths are not usable, why (the defaults are used).
    """
    value = (theme_options or {}).get("photo_widths")
    if value is None:
        return Settings(avif=avif), None
    if (isinstance(value, list) and value and len(value) <= 8
            and all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 4096 for w in value)):
        return Settings(widths=tuple(sorted(set(value))), avif=avif), None
    return Settings(avif=avif), msg("photo.bad_widths", value=repr(value))


@dataclass(frozen=True)
class Rendition:
    """One processed file of a photo, named after its content hash and width."""

    name: str
    width: int
    height: int


@dataclass(frozen=True)
class Need:
    """How a build shows a photo: the card shapes it is framed in, and whether it is shown whole at a
    card's width anywhere (a store page, a QRIS code, a product's second photo)."""

    ratios: tuple[str, ...] = ()
    small: bool = True


WHOLE = Need()


@dataclass(frozen=True)
class CardSet:
    """A photo framed in a card's shape (``ratio``, such as ``4:5``): cropped or padded, never stretched."""

    ratio: str
    key: str
    fit: str  # "crop" or "pad"
    webp: tuple[Rendition, ...]
    avif: tuple[Rendition, ...] = ()

    @property
    def width(self) -> int:
        return self.webp[-1].width

    @property
    def height(self) -> int:
        return self.webp[-1].height


@dataclass(frozen=True)
class PhotoSet:
    """Every processed file of one source photo."""

    key: str
    width: int
    height: int
    webp: tuple[Rendition, ...]
    jpeg: Rendition
    avif: tuple[Rendition, ...] = ()
    colour: str = ""  # placeholder colour, "#abc" (none for photos with transparent parts)
    format: str = ""  # what the file really is (JPEG, PNG, HEIF...), whatever its name says
    alpha: bool = field(default=False, compare=False)
    cards: tuple[CardSet, ...] = ()

    @property
    def files(self) -> list[str]:
        """Names of every file this photo needs in the output's photos/ folder."""
        framed = [r.name for c in self.cards for r in (*c.avif, *c.webp)]
        return [r.name for r in self.avif] + [r.name for r in self.webp] + [self.jpeg.name] + framed

    def card(self, ratio: str) -> CardSet | None:
        """The photo framed in ``ratio`` (made when the build asked for it)."""
        return next((c for c in self.cards if c.ratio == ratio), None)


class PhotoError(Exception):
    """A photo that cannot be used; ``message`` says why, in plain words (in the language shown)."""

    def __init__(self, message: Msg):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- planning (pure)


def plan_widths(width: int, widths: tuple[int, ...] = WIDTHS) -> list[int]:
    """The widths to make for a photo ``width`` pixels wide: never larger than the original, and
    no width so close to the original's that the two files would look the same."""
    chosen = {w for w in widths if w * CLOSE < width}
    chosen.add(min(width, max(widths)))
    return sorted(chosen)


def scaled_height(width: int, height: int, new_width: int) -> int:
    """The height that keeps the aspect ratio at ``new_width``."""
    return max(1, round(height * new_width / width))


def key_of(digest: str, params: str = DEFAULT.params) -> str:
    """The cache key of a photo from the hash of its bytes and the processing parameters."""
    return hashlib.sha256(f"{digest}\0{params}".encode()).hexdigest()[:20]


def photo_key(data: bytes, params: str = DEFAULT.params) -> str:
    """The cache key of a photo: its bytes and the processing parameters."""
    return key_of(hashlib.sha256(data).hexdigest(), params)


def file_name(key: str, width: int, ext: str) -> str:
    return f"{key[:16]}-{width}.{ext}"


def renditions(key: str, width: int, height: int, widths: tuple[int, ...], ext: str) -> tuple[Rendition, ...]:
    return tuple(Rendition(file_name(key, w, ext), w, scaled_height(width, height, w))
                 for w in plan_widths(width, widths))


def jpeg_rendition(key: str, width: int, height: int) -> Rendition:
    jw = min(width, JPEG_WIDTH)
    return Rendition(file_name(key, jw, "jpg"), jw, scaled_height(width, height, jw))


def card_widths(widths: tuple[int, ...]) -> tuple[int, ...]:
    """The widths a card photo is made at: those up to CARD_MAX (the smallest when none is)."""
    return tuple(w for w in widths if w <= CARD_MAX) or (min(widths),)


def whole_widths(widths: tuple[int, ...], need: Need) -> tuple[int, ...]:
    """The widths a photo is made whole at: every width, or only those above CARD_MAX for a photo shown
    at a card's width only in a card (the largest width when none is above)."""
    if need.small or not need.ratios:
        return widths
    return tuple(w for w in widths if w > CARD_MAX) or (max(widths),)


def frame(width: int, height: int, ratio: str) -> tuple[str, tuple[int, int], tuple[int, int, int, int]]:
    """How a ``width`` x ``height`` photo fits a frame of ``ratio``: ("crop", the part kept's size, its box)
    when the centred crop keeps at least 1 - MAX_CROP of the photo, else ("pad", the padded size, where
    the whole photo sits in it). Never stretched."""
    from generator.content.model import ratio_numbers

    rw, rh = ratio_numbers(ratio)
    if width * rh > height * rw:  # wider than the frame: the sides go
        kept = max(1, min(width, round(height * rw / rh)))
        lost, box = 1 - kept / width, ((width - kept) // 2, 0, (width - kept) // 2 + kept, height)
        size, padded = (kept, height), (width, max(height, round(width * rh / rw)))
    else:  # taller than the frame (or just as tall): the top and bottom go
        kept = max(1, min(height, round(width * rh / rw)))
        lost, box = 1 - kept / height, (0, (height - kept) // 2, width, (height - kept) // 2 + kept)
        size, padded = (width, kept), (max(width, round(height * rw / rh)), height)
    if lost <= MAX_CROP + 1e-9:
        return "crop", size, box
    left, top = (padded[0] - width) // 2, (padded[1] - height) // 2
    return "pad", padded, (left, top, left + width, top + height)


def card_key(key: str, ratio: str) -> str:
    """The cache key of a photo framed in ``ratio``: the photo's key, the shape and the framing rule."""
    return hashlib.sha256(f"{key}\0card\0{ratio}\0{MAX_CROP}\0{CARD_MAX}".encode()).hexdigest()[:20]


def card_set(key: str, width: int, height: int, ratio: str, widths: tuple[int, ...], avif: bool) -> CardSet:
    """The files of a ``width`` x ``height`` photo framed in ``ratio`` (pure: names and sizes only)."""
    from generator.content.model import ratio_numbers

    rw, rh = ratio_numbers(ratio)
    fit, (fw, _), _ = frame(width, height, ratio)
    ck = card_key(key, ratio)
    sizes = [(w, max(1, round(w * rh / rw))) for w in plan_widths(fw, card_widths(widths))]
    webp = tuple(Rendition(file_name(ck, w, "webp"), w, h) for w, h in sizes)
    avifs = tuple(Rendition(file_name(ck, w, "avif"), w, h) for w, h in sizes) if avif else ()
    return CardSet(ratio, ck, fit, webp, avifs)


def photo_set(key: str, width: int, height: int, settings: "Settings", need: Need = WHOLE, fmt: str = "",
              alpha: bool = False, colour: str = "") -> PhotoSet:
    """Every file a photo of this size needs for ``need`` (pure: names and sizes, nothing is read)."""
    widths = tuple(sorted(settings.widths))
    whole = whole_widths(widths, need)
    avif = settings.make_avif
    cards = tuple(card_set(key, width, height, r, widths, avif) for r in sorted(set(need.ratios)))
    return PhotoSet(key, width, height, renditions(key, width, height, whole, "webp"),
                    jpeg_rendition(key, width, height),
                    renditions(key, width, height, whole, "avif") if avif else (), colour, fmt, alpha, cards)


def placeholder_colour(rgb: tuple[int, int, int]) -> str:
    """A colour as 12-bit CSS hex (``#a3c``): plenty for a placeholder, and few distinct classes."""
    return "#" + "".join("0123456789abcdef"[min(15, round(c / 17))] for c in rgb[:3])


def cover_sizes(sizes: str, aspect: float) -> str:
    """``sizes`` for a photo shown with ``object-fit: cover`` in a square frame: a wide photo
    (``aspect`` = width / height > 1) is drawn that much wider than its frame."""
    if aspect <= 1.01:
        return sizes
    factor = round(aspect, 3)
    parts = []
    for part in _top_level_split(sizes):
        part = part.strip()
        if part.endswith(")"):  # a calc()/min()/max() length after an optional media condition
            start = max(part.rfind(f) for f in ("calc(", "min(", "max(", "clamp("))
            start = _outermost(part, start)
        else:
            start = part.rfind(" ") + 1
        media, length = part[:start].strip(), part[start:].strip()
        parts.append(f"{media} {_scaled_length(length, factor)}".strip())
    return ", ".join(parts)


def _top_level_split(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return parts + [current]


def _outermost(text: str, start: int) -> int:
    """The start of the function call that ends ``text`` (the outermost one containing ``start``)."""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += (text[i] == ")") - (text[i] == "(")
        if depth == 0:
            j = i
            while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "-"):
                j -= 1
            return j
    return max(0, start)


def _scaled_length(length: str, factor: float) -> str:
    import re

    m = re.fullmatch(r"(\d+(?:\.\d+)?)(px|vw)", length)
    if m:
        value = float(m[1]) * factor
        return f"{round(value)}px" if m[2] == "px" else f"{value:.4g}vw"
    inner = length[5:-1] if length.startswith("calc(") and length.endswith(")") else length
    return f"calc(({inner}) * {factor:g})"


def placeholder_css(photos) -> str:
    """One rule per placeholder colour: ``img.ph-a3c{background:#a3c}``, shown while a photo loads."""
    colours = sorted({ph.colour for ph in photos if getattr(ph, "colour", "")})
    return "".join(f"img.ph-{c[1:]}{{background:{c}}}\n" for c in colours)


def format_mismatch(path: Path, fmt: str) -> Msg | None:
    """A warning when a photo's name says one format and its bytes another (it is used anyway)."""
    named = EXTENSIONS.get(path.suffix.lower())
    if not fmt or named is None or FORMAT_NAMES.get(named) == FORMAT_NAMES.get(fmt):
        return None
    real = FORMAT_NAMES.get(fmt, fmt)
    ext = {"JPEG": ".jpg", "PNG": ".png", "WebP": ".webp", "GIF": ".gif", "AVIF": ".avif", "HEIC": ".heic"}[real]
    return msg("photo.misnamed", real=real, suffix=path.suffix, name=path.stem + ext)


# --------------------------------------------------------------------------- cache


def _meta_path(cache: Path, key: str) -> Path:
    return cache / f"{key}.json"


def _read_meta(cache: Path, key: str) -> dict | None:
    try:
        meta = json.loads(_meta_path(cache, key).read_text())
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and meta.get("v") == VERSION else None


def cached(cache: Path, key: str, settings: Settings | None = None, need: Need = WHOLE) -> PhotoSet | None:
    """The processed set for ``key`` if the cache holds every file ``need`` asks for (AVIF too, when wanted)."""
    settings = settings or Settings(avif=False)
    meta = _read_meta(cache, key)
    if meta is None:
        return None
    try:
        photo = photo_set(key, int(meta["width"]), int(meta["height"]), settings, need, str(meta.get("format", "")),
                          bool(meta.get("alpha", False)), str(meta.get("colour", "")))
    except (KeyError, TypeError, ValueError):
        return None
    return photo if all((cache / n).is_file() for n in photo.files) else None


# --------------------------------------------------------------------------- processing


def process(source: Path, cache: Path, settings: Settings = DEFAULT, digest: str | None = None,
            need: Need = WHOLE) -> PhotoSet:
    """Make the widths (AVIF and WebP), the card shapes ``need`` asks for and the JPEG of ``source`` in
    ``cache``, or reuse them."""
    photo, _ = _process(source, cache, settings, digest, need)
    return photo


def _process(source: Path, cache: Path, settings: Settings, digest: str | None, need: Need = WHOLE):
    if digest is not None:
        hit = cached(cache, key_of(digest, settings.params), settings, need)
        if hit is not None:
            return hit, None
    try:
        with open(source, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
    except OSError as exc:
        raise PhotoError(unreadable(exc)) from None
    digest = hashlib.sha256(data).hexdigest()
    stat = (digest, st)
    key = key_of(digest, settings.params)
    hit = cached(cache, key, settings, need)
    if hit is not None:
        return hit, stat
    return _make(source, data, key, cache, settings, need), stat


def _make(source: Path, data: bytes, key: str, cache: Path, settings: Settings, need: Need = WHOLE) -> PhotoSet:
    widths = tuple(sorted(settings.widths))
    base_width = max(widths[-1], JPEG_WIDTH)
    img, fmt, (width, height) = _decode(data, base_width)
    del data
    alpha = img.mode == "RGBA"
    colour = "" if alpha else _dominant(img)
    photo = photo_set(key, width, height, settings, need, fmt, alpha, colour)
    webp, avifs, jpeg = photo.webp, photo.avif, photo.jpeg
    cache.mkdir(parents=True, exist_ok=True)

    # Largest first, each width made from the one before: every resize works on few pixels.
    current = widest = img
    jobs = sorted({r.width: r.height for r in (*webp, jpeg)}.items(), reverse=True)
    for w, h in jobs:
        if current.size != (w, h):
            current = current.resize((w, h), _lanczos())
            if widest is img:
                widest = current  # the card shapes are cut from this, not from the decoded photo: far fewer pixels
        if w == jpeg.width:
            _save(_flatten(current), cache / jpeg.name, "JPEG", quality=JPEG_QUALITY, optimize=True,
                  progressive=True)
        for r in webp:
            if r.width == w:
                _save(current, cache / r.name, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
        for r in avifs:
            if r.width == w:
                _save(current, cache / r.name, "AVIF", quality=AVIF_QUALITY, speed=AVIF_SPEED,
                      max_threads=AVIF_THREADS)
    for card in photo.cards:
        _make_card(widest if widest.width >= card.webp[-1].width else img, card, cache)
    # What the photo is; which files it has follows from it (photo_set), and each is checked on disk.
    meta = {"v": VERSION, "width": width, "height": height, "format": fmt, "alpha": alpha, "colour": colour}
    tmp = _meta_path(cache, key).with_name(f"{key}.json.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(meta, sort_keys=True))
    os.replace(tmp, _meta_path(cache, key))  # written last: an entry without it is made again
    return photo


def _make_card(img, card: CardSet, cache: Path) -> None:
    """Save ``img`` framed in ``card``'s shape at each of its widths: the centre cropped out, or the
    whole photo padded with its edges' colour (transparent for a photo with transparent parts)."""
    from PIL import ImageOps

    if all((cache / r.name).is_file() for r in (*card.webp, *card.avif)):
        return
    if img.mode not in ("RGB", "RGBA"):
        img = img.convert("RGB")
    largest = card.webp[-1]
    fit, _, box = frame(img.width, img.height, card.ratio)
    if fit == "crop":
        current = img.resize((largest.width, largest.height), _lanczos(), box=box)
    else:
        current = ImageOps.pad(img, (largest.width, largest.height), _lanczos(), _edge_colour(img), (0.5, 0.5))
    for r in reversed(card.webp):
        if current.size != (r.width, r.height):
            current = current.resize((r.width, r.height), _lanczos())
        _save(current, cache / r.name, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
        for a in card.avif:
            if a.width == r.width:
                _save(current, cache / a.name, "AVIF", quality=AVIF_QUALITY, speed=AVIF_SPEED,
                      max_threads=AVIF_THREADS)


def _edge_colour(img) -> tuple[int, ...]:
    """The mean colour of a photo's edges, to pad it with; transparent for a photo with transparent parts."""
    from PIL import Image

    if img.mode == "RGBA":
        return (0, 0, 0, 0)
    small = img.resize((8, 8), Image.Resampling.BOX)
    edge = [small.getpixel((x, y)) for x in range(8) for y in range(8) if x in (0, 7) or y in (0, 7)]
    return tuple(round(sum(px[i] for px in edge) / len(edge)) for i in range(3))


def _dominant(img) -> str:
    """The most common colour of a small copy of the photo, for the placeholder."""
    from PIL import Image

    small = img.convert("RGB").resize((24, 24), Image.Resampling.BOX)
    quant = small.quantize(colors=4, method=Image.Quantize.MEDIANCUT)
    _, index = max(quant.getcolors())  # (count, palette index) of the most common colour
    palette = quant.getpalette()
    return placeholder_colour(tuple(palette[index * 3:index * 3 + 3]))


def _lanczos():
    from PIL import Image

    return Image.Resampling.LANCZOS


def _flatten(img):
    """The photo on white, for JPEG (which has no transparency)."""
    from PIL import Image

    if img.mode == "RGBA":
        bg = Image.new("RGB", img.size, (255, 255, 255))
        bg.paste(img, mask=img.getchannel("A"))
        return bg
    return img


def _save(img, path: Path, fmt: str, **options) -> None:
    """Save a processed file unless an earlier run made it (only AVIF was missing, say)."""
    if not path.is_file():
        save_atomic(img, path, fmt, **options)


def save_atomic(img, path: Path, fmt: str, **options) -> None:
    """Write through a temporary name: a half-written file never carries a real name. The folder is made
    when it is missing (asking first would cost a call per file, and a build writes thousands)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two workers may make the same photo
    try:
        try:
            img.save(tmp, fmt, **options)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            img.save(tmp, fmt, **options)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- decoding


_ORIENTATION = {  # EXIF orientation -> the transposes that make the photo upright
    2: ("FLIP_LEFT_RIGHT",), 3: ("ROTATE_180",), 4: ("FLIP_TOP_BOTTOM",), 5: ("TRANSPOSE",),
    6: ("ROTATE_270",), 7: ("TRANSVERSE",), 8: ("ROTATE_90",),
}


def _open(source: Path, data: bytes):
    """Decode a whole photo, upright, in sRGB, without metadata (RGB or RGBA); refuse what is not usable."""
    img, _, _ = _decode(data, None)
    return img


def _decode(data: bytes, largest: int | None):
    """Decode ``data`` into an upright sRGB image no wider than ``largest`` (when given).

    Returns (image, real format, (width, height) of the whole upright photo). A JPEG is decoded
    straight at a reduced scale when the photo is much larger than needed, which is 3-4 times faster
    and needs a quarter of the memory.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    if not data:
        raise PhotoError(msg("photo.empty"))
    _register_heif()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=allowed_formats())
    except UnidentifiedImageError:
        raise PhotoError(not_a_photo(data)) from None
    except Image.DecompressionBombError:
        raise PhotoError(_too_large()) from None
    except Exception as exc:  # noqa: BLE001 - any decoder's complaint means the file is damaged
        raise PhotoError(_damaged(exc)) from None
    try:
        w, h = img.size
        if w * h > MAX_PIXELS:
            raise PhotoError(_too_large(w, h))
        fmt = img.format or ""
        if fmt == "PNG":  # check every chunk's checksum: damaged pixels would otherwise decode silently
            img.verify()
            img = Image.open(io.BytesIO(data), formats=["PNG"])
        # HEIF decoders already apply the file's rotation: its EXIF orientation only describes it.
        orientation = 1 if fmt == "HEIF" else _orientation(img)
        upright = (h, w) if orientation in (5, 6, 7, 8) else (w, h)
        if largest and fmt in ("JPEG", "MPO") and upright[0] > largest:
            scale = largest / upright[0]
            img.draft(img.mode, (math.ceil(w * scale), math.ceil(h * scale)))  # never below what is needed
        img.load()
        icc = img.info.get("icc_profile") or None
        if not icc and fmt == "HEIF":
            from generator.media.colour import nclx_profile

            icc = nclx_profile(img.info.get("nclx_profile"))
        out = _workable(img)
    except PhotoError:
        raise
    except Exception as exc:  # noqa: BLE001 - truncated, corrupt, or a decoder's own error
        raise PhotoError(_damaged(exc)) from None
    out.info.clear()
    if largest and upright[0] > largest:
        size = (largest, scaled_height(*upright, largest))
        out = out.resize(size if orientation not in (5, 6, 7, 8) else size[::-1], _lanczos())
    for method in _ORIENTATION.get(orientation, ()):
        out = out.transpose(getattr(Image.Transpose, method))
    from generator.media.colour import to_srgb

    out = to_srgb(out, icc)
    if out.mode == "RGBA" and out.getchannel("A").getextrema()[0] == 255:
        out = out.convert("RGB")  # an alpha channel with nothing transparent only costs bytes
    out.info.clear()
    return out, fmt, upright


def _orientation(img) -> int:
    try:
        value = img.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block: take the photo as it is stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _workable(img):
    """The decoded image in a mode that can be resized and colour-converted: RGB, RGBA, CMYK or L."""
    mode = img.mode
    if mode in ("RGB", "L") and "transparency" in img.info:  # a PNG with one transparent colour
        return img.convert("RGBA")
    if mode in ("RGB", "RGBA", "CMYK", "L"):
        return img.copy() if img.readonly else img
    if mode.startswith("I;16") or mode in ("I", "F"):  # 16-bit grey: scale to 8 bits, don't clip
        return img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode == "1":
        return img.convert("L")
    if mode in ("LA", "La", "PA", "RGBa") or "transparency" in img.info:
        return img.convert("RGBA")
    return img.convert("RGB")  # P, RGBX, YCbCr, LAB, HSV...


def unreadable(exc: OSError) -> Msg:
    """Why a photo could not be read from the disk."""
    return msg("photo.unreadable", reason=str(exc.strerror or exc))


def _too_large(w: int | None = None, h: int | None = None) -> Msg:
    limit = MAX_PIXELS // 1_000_000
    return msg("photo.too_large_size", width=w, height=h, limit=limit) if w else msg("photo.too_large", limit=limit)


def _damaged(exc: BaseException) -> Msg:
    if isinstance(exc, MemoryError):
        return msg("photo.no_memory")
    detail = str(exc).strip() or type(exc).__name__
    return msg("photo.damaged", detail=detail)


def not_a_photo(data: bytes) -> Msg:
    """Why ``data`` is not a photo Lapak reads: what it looks like, and what to do."""
    head = data[:64]
    kind = None
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        heif, avif = brand in (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"hevc", b"hevx"), \
            brand in (b"avif", b"avis")
        readable = allowed_formats()
        if (heif and "HEIF" in readable) or (avif and "AVIF" in readable):
            return msg("photo.damaged", detail=msg("photo.incomplete", kind="HEIC" if heif else "AVIF"))
        if heif:
            return msg("photo.no_heic")
        if avif:
            return msg("photo.no_avif")
        kind = "video"
    elif head.startswith(b"%PDF"):
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        kind = "zip"
    elif head.startswith((b"II*\x00", b"MM\x00*")):
        kind = "tiff"
    elif head.startswith(b"BM"):
        kind = "bmp"
    elif head.startswith(b"8BPS"):
        kind = "psd"
    elif head.startswith(b"RIFF") and head[8:12] != b"WEBP":
        kind = "sound"
    elif head.lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml", b"<svg")):
        kind = "web"
    elif all(32 <= b < 127 or b in b"\r\n\t" for b in head):
        kind = "text"
    return msg("photo.is_kind", kind=msg(f"photo.kind.{kind}")) if kind else msg("photo.not_photo")


def allowed_formats() -> list[str]:
    from PIL import Image

    Image.init()
    return [f for f in FORMATS if f in Image.OPEN]


def avif_supported() -> bool:
    """Whether this Pillow can write AVIF (Pillow 11.3 and newer include it)."""
    global _avif
    if _avif is None:
        try:
            from PIL import features

            _avif = bool(features.check("avif"))
        except Exception:  # noqa: BLE001 - an old Pillow without the feature name
            _avif = False
    return _avif


_avif: bool | None = None
_heif_done = False


def _register_heif() -> None:
    global _heif_done
    if not _heif_done:
        _heif_done = True
        try:
            from pillow_heif import register_heif_opener

            # Only the main picture: no thumbnails, depth maps or auxiliary images are decoded.
            register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
        except ImportError:  # HEIC support is optional: such photos are refused with a clear message
            pass
        except TypeError:  # an older pillow-heif without those options
            from pillow_heif import register_heif_opener

            register_heif_opener()


def process_one(args: tuple) -> tuple[Path, PhotoSet | None, Msg | None, tuple | None]:
    """Worker entry: process one photo, returning an error message instead of raising.

    The message is a :class:`Msg`, not text: a worker does not know the store's language.

    Returns (source, photo, error, (digest, os.stat_result) of the file read, or None).
    """
    source, cache, *rest = args
    settings = rest[0] if rest else DEFAULT
    digest = rest[1] if len(rest) > 1 else None
    need = rest[2] if len(rest) > 2 else WHOLE
    try:
        photo, stat = _process(source, cache, settings, digest, need)
        return source, photo, None, stat
    except PhotoError as exc:
        return source, None, exc.message, None
    except OSError as exc:  # the cache folder could not be written: say so instead of crashing
        return source, None, msg("photo.cache_write", folder=str(cache), reason=str(exc.strerror or exc)), None


PRUNE_DAYS = 30  # cache files unused by a build and untouched this long are deleted


def prune(cache: Path, keep: set[str], days: int = PRUNE_DAYS) -> int:
    """Delete cached files that the current build does not use and nobody wrote for ``days`` days.

    A photo replaced or removed recently is kept a while (it may come back: an undo, another
    output folder); the cache does not grow for ever. Returns how many files were deleted.
    """
    import time

    cutoff = time.time() - days * 86400
    removed = 0
    try:
        entries = list(os.scandir(cache))
    except OSError:
        return 0
    for entry in entries:
        if entry.name in keep or not entry.is_file():
            continue
        try:
            if entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed
