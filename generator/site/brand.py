"""The store's colours and font as CSS custom properties, for the generated stylesheet.

The theme's ``style.css`` uses variables (``--accent``, ``--bg``, ``--ink`` ...); this module writes
their values from store.yml's ``colors``, ``font`` and ``dark_mode`` (already made readable by
:mod:`generator.content.brand`) and the theme's ``accent``. The rules go into a hashed file, never
inline: the Content-Security-Policy allows only the site's own stylesheets.
"""

from __future__ import annotations

from generator.content.brand import AA, contrast, luminance, mix, on, parse_hex, readable
from generator.content.model import Brand

LIGHT_BG, LIGHT_INK, DEFAULT_ACCENT = "#fafaf7", "#1d2321", "#0f5e4d"
DARK = {"bg": "#121614", "card": "#1b211e", "ink": "#e8ece9", "line": "#2e3632", "soft": "#232a27",
        "note": "#2b2716", "note-line": "#4d4426", "field": "#161b19"}
SALE, WA = "#b42318", "#0b6b3a"
FONTS = {
    "system": 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
    "serif": 'ui-serif, "Noto Serif", Georgia, Cambria, "Times New Roman", Times, serif',
    "rounded": 'ui-rounded, "SF Pro Rounded", "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, '
               '"Arial Rounded MT", "Arial Rounded MT Bold", Calibri, system-ui, sans-serif',
}


def palette(brand: Brand, theme_accent: str = "") -> dict[str, str]:
    """The light colours: the seller's, else the theme's, each readable where the theme shows it."""
    bg = brand.background or LIGHT_BG
    ink = brand.text or readable(LIGHT_INK, bg)
    card = mix(bg, "#ffffff", 0.7) if luminance(bg) > 0.4 else mix(bg, "#ffffff", 0.06)
    accent = readable(readable(brand.accent or parse_hex(theme_accent) or DEFAULT_ACCENT, bg), card)
    return _derived(bg, card, ink, accent, note=mix(bg, "#ffcc33", 0.16), note_line=mix(bg, "#c9a227", 0.4),
                    field="#ffffff" if luminance(bg) > 0.4 else card)


def dark_palette(light: dict[str, str]) -> dict[str, str]:
    """The colours for a phone in dark mode: a dark background, the accent lightened until it reads."""
    bg, card = DARK["bg"], DARK["card"]
    accent = readable(readable(light["accent"], bg), card)
    return dict(_derived(bg, card, DARK["ink"], accent, note=DARK["note"], note_line=DARK["note-line"],
                         field=DARK["field"]), line=DARK["line"], soft=DARK["soft"])


def _derived(bg: str, card: str, ink: str, accent: str, note: str, note_line: str, field: str) -> dict[str, str]:
    muted = mix(ink, bg, 0.38)
    for surface in (bg, card, note):  # grey text sits on the page, on cards and on notices
        muted = readable(muted, surface)
    # a tint of the accent for tags and chosen variants, faint enough that accent text on it reads
    soft = next(mix(card, accent, share / 100) for share in range(13, -1, -1)
                if contrast(accent, mix(card, accent, share / 100)) >= AA)
    return {
        "bg": bg, "card": card, "ink": ink, "muted": muted, "accent": accent, "on-accent": on(accent),
        "accent-soft": soft, "line": mix(bg, ink, 0.13), "soft": mix(bg, ink, 0.06),
        "sale": SALE, "on-sale": on(SALE), "sale-ink": readable(SALE, card),
        "wa-ink": readable(WA, card), "note": note, "note-line": note_line,
        "field": field,
    }


def _rules(colours: dict[str, str]) -> str:
    return ";".join(f"--{k}:{v}" for k, v in colours.items())


def brand_css(brand: Brand, theme_accent: str = "") -> str:
    """``:root`` rules for the light colours and font, and (unless ``dark_mode: false``, or the seller's
    background is dark already) the same for ``prefers-color-scheme: dark``."""
    light = palette(brand, theme_accent)
    dark_bg = luminance(light["bg"]) < 0.2
    scheme = "dark" if dark_bg else "light"
    css = f":root{{{_rules(light)};--font:{FONTS.get(brand.font, FONTS['system'])};color-scheme:{scheme}}}\n"
    if brand.dark_mode and not dark_bg:
        css += f"@media (prefers-color-scheme:dark){{:root{{{_rules(dark_palette(light))};color-scheme:dark}}}}\n"
    return css


def theme_colour(brand: Brand, theme_accent: str = "") -> str:
    """The colour phones paint their address bar in (``<meta name="theme-color">``): the accent."""
    return palette(brand, theme_accent)["accent"]
