"""Link previews: a 1200x630 image per product (photo, name, price, store) and one for the store.

WhatsApp, Facebook, Telegram and X show a page's ``og:image`` when its link is shared. A bare
product photo says nothing about the price or the shop; these cards do. Each card is drawn once
with the fonts shipped in ``generator/fonts/`` and kept in the photo cache, named after a hash of
everything it shows, so a rebuild draws only the cards whose text or photo changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import re
import unicodedata
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from pathlib import Path

from generator.cache import media_versions
from generator.content.money import discount_percent
from generator.errors import LapakError

log = logging.getLogger(__name__)

WIDTH, HEIGHT = SIZE = (1200, 630)
VERSION = 3  # bump when the drawing or the encoding changes, so every card is drawn again
QUALITY = 85
# Baseline JPEG with optimised Huffman tables: a progressive one is about 8 % smaller but takes 2.5 times
# as long to encode, and a link preview is fetched whole by the app's server anyway.
JPEG_OPTIONS = {"quality": QUALITY, "optimize": True}
PANEL = 630  # the photo's square on the left
PAD = 56  # the text column's margins
FONTS = Path(__file__).resolve().parent.parent / "fonts"
REGULAR, BOLD = "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"
INK, MUTED, SALE, WHATSAPP, GREY, PAPER = "#1d2321", "#5b6461", "#b42318", "#0b6b3a", "#4a4f4d", "#ffffff"
DEFAULT_ACCENT = "#0f5e4d"


@dataclass(frozen=True)
class Card:
    """Everything one share image shows; its file name is a hash of these."""

    kind: str  # "product" or "store"
    title: str  # the product's or the store's name
    store: str
    accent: str = DEFAULT_ACCENT
    price: str = ""
    compare: str = ""
    discount: int | None = None
    available: bool = True
    button: str = ""  # "Pesan via WhatsApp", "Habis", "" for none
    tagline: str = ""
    photos: tuple[str, ...] = ()  # processed JPEGs, relative to the cache folder: "photos/<name>.jpg"
    logo: str = ""  # the store's square icon, relative to the cache folder

    @cached_property
    def key(self) -> str:
        """A hash of everything the card shows, the drawing's version, the fonts and the versions of
        Lapak and Pillow that draw it (computed once)."""
        try:
            return _card_key(self, VERSION)
        except TypeError:  # a card built with a list instead of a tuple: not kept, still right
            return _card_key.__wrapped__(self, VERSION)

    @cached_property
    def name(self) -> str:
        """The file name in photos/ (the cache's and the site's)."""
        return f"{self.key}-share.jpg"


@lru_cache(maxsize=16384)
def _card_key(card: Card, version: int) -> str:
    """The key of a card's content (kept per process: the preview plans the same cards on every save)."""
    shown = [[f.name, getattr(card, f.name)] for f in fields(card)]
    data = json.dumps([version, font_digest(), media_versions(), shown], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- planning


def plan(site, views, icon: str = "") -> dict[str, Card]:
    """The card of every product (by slug) and of the store (key ""), from the site's data."""
    store, t = site.store, views.t
    accent = colour(site.theme.options.get("accent"))
    cards = {}
    for p in site.products:
        compare = views.compare(p)
        photo = site.photos.get(p.images[0]) if p.images else None
        button = "" if not store.whatsapp else (t["order_whatsapp"] if p.available else t["sold_out"])
        cards[p.slug] = Card("product", p.title, store.name, accent, views.price_text(p),
                             views.money(compare) if compare else "", discount_percent(views.lowest(p), compare),
                             p.available, button, photos=(f"photos/{photo.jpeg.name}",) if photo else (),
                             logo=icon if store.logo else "")
    firsts = [site.photos[p.images[0]] for p in site.products if p.images and p.images[0] in site.photos]
    cards[""] = Card("store", store.name, store.name, accent, button=t["chat_whatsapp"] if store.whatsapp else "",
                     tagline=store.tagline or store.description,
                     photos=tuple(f"photos/{ph.jpeg.name}" for ph in firsts[:4]), logo=icon)
    return cards


def render_card(card: Card, root: Path) -> bytes:
    """The card as JPEG bytes (nothing is written); ``root`` is the cache folder its photos are in."""
    buf = io.BytesIO()
    draw(card, root).save(buf, "JPEG", **JPEG_OPTIONS)
    return buf.getvalue()


def save_card(card: Card, root: Path) -> str:
    """Draw the card into ``root/photos/<card.name>`` (written whole or not at all); returns the name.

    Pure apart from that file: a worker process may call it with a pickled card.
    """
    from generator.media.images import save_atomic

    save_atomic(draw(card, root), root / "photos" / card.name, "JPEG", **JPEG_OPTIONS)
    return card.name


# --------------------------------------------------------------------------- drawing
#
# A product card is three layers: a frame that every card of the store shares (the store's logo and
# name at the top, the order button at the bottom; drawn once per process and copied), the panel on
# the left (the photo, or the name's initial), and the product's name and price.

LOGO = 48  # the store's round logo at the top of a product's card
STORE_LINE_TOP = PAD + 4
BUTTON_HEIGHT = 68
BUTTON_TOP = HEIGHT - PAD - BUTTON_HEIGHT


def draw(card: Card, root: Path):
    """The card as a 1200x630 RGB image; ``root`` is the cache folder its photos are in."""
    from PIL import Image, ImageDraw

    if card.kind == "store":
        canvas = Image.new("RGB", SIZE, PAPER)
        _photo_panel(canvas, card, root)
        _store_text(canvas, ImageDraw.Draw(canvas), card, root)
        return canvas
    canvas = _product_frame(card, root).copy()
    _photo_panel(canvas, card, root)
    _product_text(ImageDraw.Draw(canvas), card)
    return canvas


_FRAMES: dict[tuple, object] = {}  # the frames this process drew: a few, 2 MB each
FRAMES_KEPT = 8


def _product_frame(card: Card, root: Path):
    """The parts every product card of a store shares: white, with the store line and the order button.

    Drawn once per process for each store, button and logo, and kept: the cards of one store differ
    here only in the button's state. The logo is known by its bytes, so a changed logo is never reused.
    """
    from PIL import Image, ImageDraw

    logo = None
    if card.logo:
        try:
            logo = (root / card.logo).read_bytes()
        except OSError:
            log.info("no icon for the store's logo on a share image")
    key = (card.store, card.accent, card.button, card.available, hashlib.sha256(logo).digest() if logo else None)
    frame = _FRAMES.get(key)
    if frame is None:
        frame = Image.new("RGB", SIZE, PAPER)
        d = ImageDraw.Draw(frame)
        x, width = PANEL + PAD, WIDTH - PANEL - 2 * PAD
        _store_line(frame, d, card.store, card.accent, logo, x, STORE_LINE_TOP, width)
        if card.button:
            _button(d, card.button, card.available, x, width)
        while len(_FRAMES) >= FRAMES_KEPT:
            _FRAMES.pop(next(iter(_FRAMES), None), None)  # the oldest
        _FRAMES[key] = frame
    return frame


def _fitted(path: Path, size: tuple[int, int]):
    """The photo at ``path`` cropped to fill ``size``, decoded at the smallest scale that still covers it."""
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as img:
            cover = max(size[0] / img.width, size[1] / img.height)
            img.draft("RGB", (math.ceil(img.width * cover), math.ceil(img.height * cover)))  # JPEG: 1/2, 1/4...
            rgb = img if img.mode == "RGB" else img.convert("RGB")
            return ImageOps.fit(rgb, size, Image.Resampling.LANCZOS)
    except OSError as exc:
        raise LapakError(f"the processed photo {path.name} is missing from the cache ({exc}); build again") from None


def _photo_panel(canvas, card: Card, root: Path) -> None:
    """The left square: the product's photo, up to four products' photos, or a big initial."""
    from PIL import ImageDraw

    if not card.photos:
        canvas.paste(mix(card.accent, PAPER, 0.86), (0, 0, PANEL, HEIGHT))
        letter = initials(card.title, 1)
        if letter:
            tile, corner = _initial(letter, card.accent)
            canvas.paste(tile, corner)
        return
    half = PANEL // 2
    count = min(4, len(card.photos))
    boxes = {1: [(0, 0, PANEL, HEIGHT)], 2: [(0, 0, half, HEIGHT), (half, 0, PANEL, HEIGHT)],
             3: [(0, 0, half, HEIGHT), (half, 0, PANEL, HEIGHT // 2), (half, HEIGHT // 2, PANEL, HEIGHT)],
             4: [(0, 0, half, HEIGHT // 2), (half, 0, PANEL, HEIGHT // 2), (0, HEIGHT // 2, half, HEIGHT),
                 (half, HEIGHT // 2, PANEL, HEIGHT)]}[count]
    tiles = [_fitted(root / rel, (x1 - x0, y1 - y0)) for rel, (x0, y0, x1, y1) in zip(card.photos, boxes)]
    for tile, (x0, y0, _, _) in zip(tiles, boxes):
        canvas.paste(tile, (x0, y0))
    if count > 1:  # thin paper-coloured lines between the photos
        d = ImageDraw.Draw(canvas)
        d.line((half, 0, half, HEIGHT), fill=PAPER, width=4)
        if count >= 3:
            d.line((half if count == 3 else 0, HEIGHT // 2, PANEL, HEIGHT // 2), fill=PAPER, width=4)


@lru_cache(maxsize=32)
def _initial(letter: str, accent: str):
    """The big initial on the panel's colour, cut to the pixels it covers (about 200 KB), and where it goes."""
    from PIL import Image, ImageChops, ImageDraw

    soft = mix(accent, PAPER, 0.86)
    panel = Image.new("RGB", (PANEL, HEIGHT), soft)
    ImageDraw.Draw(panel).text((PANEL // 2, HEIGHT // 2), letter, font=_font(BOLD, 300), fill=accent, anchor="mm")
    box = ImageChops.difference(panel, Image.new("RGB", panel.size, soft)).getbbox() or (0, 0, 1, 1)
    return panel.crop(box), box[:2]


def _product_text(d, card: Card) -> None:
    x, width = PANEL + PAD, WIDTH - PANEL - 2 * PAD
    bottom = BUTTON_TOP - 28 if card.button else HEIGHT - PAD
    compare_font = _font(REGULAR, 30)
    price = clean(card.price)
    price_font = _font(BOLD, largest_size(price, BOLD, range(56, 33, -2), width))  # made smaller, never cut
    price = fit_text(price, price_font, width)
    price_h = 70 + (46 if card.compare else 0)
    title_top = STORE_LINE_TOP + LOGO + 34
    lines, font = fit_lines(clean(card.title), width, bottom - title_top - price_h - 18, (60, 36), 3)
    step = round(font.size * 1.2)
    block = len(lines) * step + 18 + price_h
    title_top += max(0, (bottom - title_top - block) // 2)  # a short name sits in the middle
    for i, line in enumerate(lines):
        d.text((x, title_top + i * step), line, font=font, fill=INK, anchor="la")
    y = title_top + len(lines) * step + 18
    d.text((x, y), price, font=price_font, fill=card.accent, anchor="la")
    if card.compare:
        y += 76
        compare = clean(card.compare)
        d.text((x, y), compare, font=compare_font, fill=MUTED, anchor="la")
        struck = length(compare_font, compare)
        mid = y + 21
        d.line((x - 2, mid, x + struck + 2, mid), fill=MUTED, width=3)
        if card.discount:
            badge = f"-{card.discount}%"
            bfont = _font(BOLD, 26)
            bx = x + struck + 20
            bw = length(bfont, badge) + 28
            d.rounded_rectangle((bx, y - 2, bx + bw, y + 42), radius=22, fill=SALE)
            d.text((bx + bw / 2, y + 20), badge, font=bfont, fill=PAPER, anchor="mm")


def _store_text(canvas, d, card: Card, root: Path) -> None:
    from PIL import Image, ImageDraw

    x, width = PANEL + PAD, WIDTH - PANEL - 2 * PAD
    y = PAD + 8
    size = 112
    if card.logo:
        try:
            with Image.open(root / card.logo) as icon:
                icon = icon.convert("RGBA").resize((size, size), Image.Resampling.LANCZOS)
            mask = Image.new("L", (size, size), 0)
            ImageDraw.Draw(mask).rounded_rectangle((0, 0, size - 1, size - 1), radius=26, fill=255)
            canvas.paste(icon, (x, y), _combine(mask, icon.getchannel("A")))
            y += size + 36
        except OSError:
            log.info("no icon for the store's share image")
    bottom = HEIGHT - PAD
    if card.button:
        bottom = _button(d, card.button, card.available, x, width) - 28
    lines, font = fit_lines(clean(card.title), width, bottom - y - 40, (64, 40), 3)
    step = round(font.size * 1.18)
    for i, line in enumerate(lines):
        d.text((x, y + i * step), line, font=font, fill=INK, anchor="la")
    y += len(lines) * step + 16
    if card.tagline and bottom - y > 40:
        tfont = _font(REGULAR, 30)
        room = max(1, min(3, (bottom - y) // 40))
        for i, line in enumerate(wrap(clean(card.tagline), tfont, width, room)):
            d.text((x, y + i * 40), line, font=tfont, fill=MUTED, anchor="la")


def _combine(a, b):
    from PIL import ImageChops

    return ImageChops.multiply(a, b)


def _store_line(canvas, d, store: str, accent: str, logo: bytes | None, x: int, y: int, width: int) -> int:
    """The store's logo (or initial) in a circle and its name: the top of a product's card. Returns its bottom."""
    from PIL import Image, ImageDraw

    size = LOGO
    icon = None
    if logo:
        try:
            with Image.open(io.BytesIO(logo)) as img:
                icon = img.convert("RGBA").resize((size * 2, size * 2), Image.Resampling.LANCZOS)
        except OSError:
            log.info("no icon for the store's logo on a share image")
    if icon is not None:
        mask = Image.new("L", icon.size, 0)
        ImageDraw.Draw(mask).ellipse((0, 0, icon.width - 1, icon.height - 1), fill=255)
        mask = _combine(mask, icon.getchannel("A")).resize((size, size), Image.Resampling.LANCZOS)
        canvas.paste(icon.resize((size, size), Image.Resampling.LANCZOS), (x, y), mask)
    else:
        d.ellipse((x, y, x + size, y + size), fill=accent)
        letter = initials(store, 1)
        if letter:
            d.text((x + size / 2, y + size / 2), letter, font=_font(BOLD, 24), fill=PAPER, anchor="mm")
    font = _font(BOLD, 28)
    d.text((x + size + 16, y + size / 2), fit_text(clean(store), font, width - size - 16), font=font,
           fill=MUTED, anchor="lm")
    return y + size


def _button(d, text: str, available: bool, x: int, width: int) -> int:
    """The order button at the bottom (grey when sold out); returns its top."""
    top, height = BUTTON_TOP, BUTTON_HEIGHT
    fill = WHATSAPP if available else GREY
    d.rounded_rectangle((x, top, x + width, top + height), radius=height // 2, fill=fill)
    font = _font(BOLD, 28)
    d.text((x + width / 2, top + height / 2), fit_text(clean(text), font, width - 48), font=font,
           fill=PAPER, anchor="mm")
    return top


# --------------------------------------------------------------------------- text
#
# Text widths grow in proportion to the font size (raqm's unhinted advances: within 0.1 % from 34
# to 64 px), so a width measured at one size tells which other sizes can be skipped unmeasured.


def length(font, text: str) -> float:
    """How wide ``text`` is drawn in ``font``: the same number as ``font.getlength(text)``, found as the sum of
    its characters' advances, each measured once per font (a card measures its words dozens of times while
    wrapping them, and FreeType lays out the whole string on each call). Basic layout adds advances exactly
    unless the font has a 'kern' table; :func:`_advances` checks that once and measures whole strings if so."""
    table = _advances(font)
    if table is None:
        return font.getlength(text)
    try:
        return sum(table[ch] for ch in text)
    except KeyError:
        for ch in text:
            if ch not in table:
                table[ch] = font.getlength(ch)
        return sum(table[ch] for ch in text)


_ADVANCES: dict[tuple, dict[str, float] | None] = {}


def _advances(font) -> dict[str, float] | None:
    """The advances of ``font``'s characters measured so far, or None when its widths are not sums: laid out
    by libraqm (ligatures, kerning), or with a 'kern' table that tightens pairs such as "AV" and "To"."""
    from PIL import ImageFont

    key = (font.path, font.size, font.index, font.layout_engine)
    if key not in _ADVANCES:
        additive = font.layout_engine == ImageFont.Layout.BASIC and all(
            font.getlength(pair) == font.getlength(pair[0]) + font.getlength(pair[1])
            for pair in ("AV", "To", "Ty", "LT", "Wa", "Yo", "P.", "r,", "AT", "VA"))
        _ADVANCES[key] = {} if additive else None
    return _ADVANCES[key]


def clean(text: str) -> str:
    """Text the fonts can draw: composed accents, no emoji or other scripts, single spaces."""
    text = unicodedata.normalize("NFC", str(text))
    kept = "".join(ch if ch.isspace() or drawable(ch) else " " for ch in text)
    return re.sub(r"\s+", " ", kept).strip()


@lru_cache(maxsize=4096)
def drawable(ch: str) -> bool:
    """Whether the fonts have a glyph for ``ch`` (a missing one renders as the 'missing' box)."""
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return False
    return _glyph(ch) != _glyph("\ue000")  # a private-use character: never in the fonts


@lru_cache(maxsize=4096)
def _glyph(ch: str) -> bytes:
    """``ch`` drawn small: a character the fonts lack comes out as the same 'missing' box as any other."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (40, 40))
    ImageDraw.Draw(img).text((8, 4), ch, font=_font(BOLD, 20), fill=255)
    return img.tobytes()


def initials(name: str, count: int = 2) -> str:
    """Up to ``count`` capital initials of the first words of ``name`` that the font can draw."""
    words = [w for w in clean(name).split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:count]).upper()


def wrap(text: str, font, width: float, max_lines: int) -> list[str]:
    """``text`` in lines no wider than ``width``; the last kept line ends with '…' when text is left."""
    words = text.split()
    whole = " ".join(words)
    if length(font, whole) <= width:  # every shorter start of it fits too: one line
        return [whole] if words else []
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if length(font, candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while length(font, word) > width:  # a word longer than a line is cut
            cut = max(1, _longest(len(word), lambda n: length(font, word[:n]) <= width))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit_text(lines[-1] + " …", font, width, force=True)
    return lines


def fit_text(text: str, font, width: float, force: bool = False) -> str:
    """``text`` shortened with '…' until it fits ``width`` (``force``: it already lost its end)."""
    if not force and length(font, text) <= width:
        return text
    text = text.removesuffix(" …").removesuffix("…")
    keep = _longest(len(text), lambda n: length(font, text[:n].rstrip() + "…") <= width)
    return text[:keep].rstrip(" ,.-–—") + "…"


def _longest(n: int, fits) -> int:
    """The largest ``k`` in 0..n for which ``fits(k)`` holds, for a ``fits`` true up to some point (0: none)."""
    lo, hi = 0, n  # fits(lo) is taken as true; the answer is in lo..hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def largest_size(text: str, name: str, sizes: range, width: float) -> int:
    """The first of ``sizes`` (largest first) at which ``text`` fits ``width`` on one line, else the last."""
    sizes = list(sizes)
    whole = length(_font(name, sizes[0]), text)
    if whole <= width:
        return sizes[0]
    guess = sizes[0] * width / whole  # the size at which it would just fit
    i = min(range(len(sizes)), key=lambda k: (abs(sizes[k] - guess), k))

    def fits(k: int) -> bool:
        return length(_font(name, sizes[k]), text) <= width

    if fits(i):
        while i > 1 and fits(i - 1):
            i -= 1
    else:
        while i + 1 < len(sizes):
            i += 1
            if fits(i):
                break
    return sizes[i]


def fit_lines(text: str, width: float, height: float, sizes: tuple[int, int], max_lines: int):
    """The largest bold size (from ``sizes[0]`` down to ``sizes[1]``) at which ``text`` fits the box."""
    big, small = sizes

    def rows(size: int) -> int:
        return max(1, min(max_lines, int(height // round(size * 1.2))))

    first = _font(BOLD, big)
    joined = " ".join(text.split())
    whole = length(first, joined)
    if whole <= width:  # one line at the largest size
        return [joined] if joined else [], first
    space = length(first, " ")
    for size in range(big, small - 1, -2):
        # Lines that fit hold the whole text but the spaces at their breaks: a size at which the text
        # is wider than that (with 1 % to spare) cannot fit, and is skipped without wrapping it.
        if (whole - (rows(size) - 1) * space) * size / big > rows(size) * width * 1.01:
            continue
        font = _font(BOLD, size)
        lines = wrap(text, font, width, 99)
        if len(lines) <= rows(size):
            return lines, font
    font = _font(BOLD, small)
    return wrap(text, font, width, rows(small)), font


@lru_cache(maxsize=128)
def _font(name: str, size: int):
    """One of the bundled fonts at ``size``, loaded once per process. Laid out by FreeType alone, not by
    libraqm: the text is Latin (``clean`` keeps only what the fonts draw), it is several times faster, and a
    card comes out the same whether or not the machine has libraqm."""
    from PIL import ImageFont

    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1)
def font_digest() -> str:
    """A hash of the fonts, so new fonts redraw every card."""
    h = hashlib.sha256()
    for name in (REGULAR, BOLD):
        h.update((FONTS / name).read_bytes())
    return h.hexdigest()[:12]


# --------------------------------------------------------------------------- colours


def colour(value) -> str:
    """A theme colour as ``#rrggbb``; the default accent when it is not one."""
    text = str(value or "").strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        return text.lower()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", text):
        return "#" + "".join(c * 2 for c in text[1:]).lower()
    return DEFAULT_ACCENT


def mix(a: str, b: str, amount: float) -> str:
    """``a`` moved ``amount`` of the way towards ``b``."""
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(ca, cb))
