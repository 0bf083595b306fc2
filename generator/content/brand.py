"""The store's look from ``store.yml``: ``colors``, ``dark_mode`` and ``font``, checked for readability.

Colours are compared as WCAG 2 does (relative luminance, contrast ratio). A colour that would be
hard to read is not refused: it is moved towards black or white just far enough to pass AA
(4.5:1 for text), and the seller hears which colour was changed and to what.
"""

from __future__ import annotations

import re

from generator.content.config_file import CONFIG_NAME
from generator.content.model import Brand
from generator.content.yamlread import Doc
from generator.errors import Collector
from generator.messages import define, msg

AA = 4.5  # WCAG 2 AA for normal text
COLOUR_KEYS = ("accent", "background", "text")
FONTS = ("system", "serif", "rounded")
WHITE, BLACK = "#ffffff", "#000000"

define({
    "brand.colors_mapping": (
        "tulis warna menjorok di bawah 'colors:', misalnya '  accent: \"#b4532a\"' (accent, background, text)",
        "write the colours indented under 'colors:', such as '  accent: \"#b4532a\"' (accent, background, text)"),
    "brand.unknown_colour": (
        "warna '{key}' tidak dikenal, diabaikan; yang ada hanya accent (warna tombol dan tautan), background "
        "(latar) dan text (tulisan)",
        "unknown colour '{key}', ignored; the ones there are: accent (buttons and links), background and text"),
    "brand.bad_colour": (
        '"{value}" bukan kode warna; tulis seperti "#b4532a" (pakai tanda kutip, karena # memulai catatan)',
        '"{value}" is not a colour code; write it like "#b4532a" (in quotes, since # starts a comment)'),
    "brand.adjusted": (
        "warna {what} {value} sulit dibaca di atas {against} {other} (kontras {ratio}:1, perlu paling sedikit "
        "4.5:1), jadi Lapak memakai {fixed}. Pilih warna yang lebih {way} kalau ingin menentukannya sendiri.",
        "the {what} colour {value} is hard to read on the {against} {other} (contrast {ratio}:1, at least 4.5:1 "
        "is needed), so Lapak uses {fixed}. Choose a {way} colour to pick it yourself."),
    "brand.bad_font": ('"{value}" bukan huruf yang tersedia; pakai system, serif atau rounded',
                       '"{value}" is not a font Lapak offers; use system, serif or rounded'),
})

define({  # what each colour is, and which way to move it, inside "brand.adjusted"
    "brand.word_accent": ("aksen (tombol dan tautan)", "accent (buttons and links)"),
    "brand.word_text": ("tulisan", "text"),
    "brand.word_background": ("latar", "background"),
    "brand.way_darker": ("gelap", "darker"),
    "brand.way_lighter": ("terang", "lighter"),
})


def parse_hex(value: object) -> str | None:
    """``#abc``, ``#aabbcc`` or ``aabbcc`` as ``#aabbcc``; None when it is not a colour code."""
    text = str(value).strip().lower() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    text = text if text.startswith("#") else "#" + text
    if re.fullmatch(r"#[0-9a-f]{3}", text):
        return "#" + "".join(c * 2 for c in text[1:])
    return text if re.fullmatch(r"#[0-9a-f]{6}", text) else None


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour (0 black to 1 white)."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, share: float) -> str:
    """``a`` with ``share`` (0 to 1) of ``b`` mixed in."""
    return _hex(x + (y - x) * share for x, y in zip(_rgb(a), _rgb(b)))


def readable(colour: str, against: str, ratio: float = AA) -> str:
    """``colour``, or the nearest colour towards black or white that reaches ``ratio`` against ``against``.

    It moves away from the background's lightness (darker on a light background, lighter on a dark
    one), keeping as much of the colour's hue as it can.
    """
    if contrast(colour, against) >= ratio:
        return colour
    target = BLACK if contrast(BLACK, against) >= contrast(WHITE, against) else WHITE
    for step in range(1, 101):
        moved = mix(colour, target, step / 100)
        if contrast(moved, against) >= ratio:
            return moved
    return target


def on(colour: str) -> str:
    """White or near-black text on ``colour``, whichever reads better (one of them always passes AA)."""
    return WHITE if contrast(WHITE, colour) >= contrast("#111111", colour) else "#111111"


def load_brand(doc: Doc, out: Collector) -> Brand:
    """``colors``, ``dark_mode`` and ``font`` from store.yml, with the seller's colours made readable (and
    a warning naming each colour changed). The theme's own colours are fitted later (site.brand)."""
    data = doc.data
    given = _colours(doc, out)
    background = given.get("background", "")
    text = given.get("text", "")
    page = background or "#fafaf7"
    if text:
        text = _checked(doc, out, "text", text, page, "background")
    elif background:  # the theme's dark text may not suit the seller's background: pick one that does
        text = readable("#1d2321", page)
    accent = given.get("accent", "")
    if accent:
        accent = _checked(doc, out, "accent", accent, page, "background")

    dark_mode = True
    if "dark_mode" in data and data["dark_mode"] is not None:
        if isinstance(data["dark_mode"], bool):
            dark_mode = data["dark_mode"]
        else:
            out.error(CONFIG_NAME, msg("value.yes_no", value=str(data["dark_mode"])), "dark_mode", doc.line("dark_mode"))
    font = str(data.get("font") or "system").strip().lower()
    if font not in FONTS:
        out.error(CONFIG_NAME, msg("brand.bad_font", value=str(data.get("font"))), "font", doc.line("font"))
        font = "system"
    return Brand(accent=accent, background=background, text=text, dark_mode=dark_mode, font=font)


def _colours(doc: Doc, out: Collector) -> dict[str, str]:
    value = doc.data.get("colors")
    if value is None:
        return {}
    if not isinstance(value, dict):
        out.error(CONFIG_NAME, msg("brand.colors_mapping"), "colors", doc.line("colors"))
        return {}
    found = {}
    for key, written in value.items():
        if key not in COLOUR_KEYS:
            out.warn(CONFIG_NAME, msg("brand.unknown_colour", key=str(key)), f"colors.{key}", doc.line("colors", key))
            continue
        if written in (None, ""):
            continue
        colour = parse_hex(written)
        if colour is None:
            out.error(CONFIG_NAME, msg("brand.bad_colour", value=str(written)), f"colors.{key}",
                      doc.line("colors", key))
        else:
            found[key] = colour
    return found


def _checked(doc: Doc, out: Collector, key: str, colour: str, against: str, against_key: str) -> str:
    """``colour`` made readable on ``against``; a warning naming it when it had to change."""
    fixed = readable(colour, against)
    if fixed != colour:
        way = "darker" if luminance(fixed) < luminance(colour) else "lighter"
        out.warn(CONFIG_NAME, msg("brand.adjusted", what=msg(f"brand.word_{key}"), value=colour,
                                  against=msg(f"brand.word_{against_key}"),
                                  other=against, ratio=f"{contrast(colour, against):.1f}", fixed=fixed,
                                  way=msg(f"brand.way_{way}")), f"colors.{key}", doc.line("colors", key))
    return fixed
