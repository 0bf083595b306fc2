"""Icons: favicon, apple-touch-icon and a web manifest, from the store's logo or a plain monogram.

The icons are drawn once into ``.lapak-cache/icons/``, named after a hash of what they are made
from (the logo's bytes, or the store's initials and the theme's accent colour), and given to the
writer under content-hashed names.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.media.images import save_atomic
from generator.messages import define, msg

VERSION = 1
# output name -> (size in pixels, kind): "any" keeps the logo's transparency, "opaque" is on white
# (iOS paints transparent parts black), "maskable" keeps the logo inside the safe circle.
ICONS = {
    "icon-32": (32, "any"),
    "apple-touch-icon": (180, "opaque"),
    "icon-192": (192, "any"),
    "icon-512": (512, "any"),
    "icon-maskable-512": (512, "maskable"),
}
FAVICON_SIZES = (16, 32, 48)
BACKGROUND = "#fafaf7"  # the default theme's page colour, for the manifest's splash screen

define({
    "logo.unreadable": ("logo {name} tidak bisa dibaca ({reason})", "cannot read the logo {name} ({reason})"),
    "logo.unusable": ("logo {name} tidak bisa dipakai: {problem}", "the logo {name} cannot be used: {problem}"),
})


@dataclass(frozen=True)
class IconSet:
    """The icons of one store: cache files and the site paths they are published at."""

    key: str
    cache: Path  # .lapak-cache/icons/

    def cache_name(self, name: str) -> str:
        return f"{self.key}-{name}.{'ico' if name == 'favicon' else 'png'}"

    def site_name(self, name: str) -> str:
        """``assets/icon-192.1a2b3c4d5e.png``; the favicon keeps the name browsers ask for."""
        return "favicon.ico" if name == "favicon" else f"assets/{name}.{self.key[:10]}.png"

    @property
    def names(self) -> list[str]:
        return [*ICONS, "favicon"]

    @property
    def share_icon(self) -> str:
        """The square 512-pixel icon, relative to the cache folder (for the store's share image)."""
        return f"icons/{self.cache_name('icon-512')}"


def plan(store, accent: str, cache_root: Path) -> IconSet:
    """The icons the store needs, named after their inputs (nothing is drawn here)."""
    from generator.media.share import font_digest, initials

    if store.logo:
        try:
            source = "logo:" + hashlib.sha256(store.logo.read_bytes()).hexdigest()
        except OSError as exc:
            raise _logo_problem(msg("logo.unreadable", name=store.logo.name, reason=str(exc.strerror or exc))) from None
    else:
        source = f"monogram:{initials(store.name)}:{accent}:{font_digest()}"
    key = hashlib.sha256(f"{VERSION}\0{source}".encode()).hexdigest()[:16]
    return IconSet(key, cache_root / "icons")


def make_missing(icons: IconSet, store, accent: str) -> None:
    """Draw the icons the cache does not hold yet."""
    if all((icons.cache / icons.cache_name(n)).is_file() for n in icons.names):
        return
    base = _logo_square(store.logo) if store.logo else None
    icons.cache.mkdir(parents=True, exist_ok=True)
    for name, (size, kind) in ICONS.items():
        img = _from_logo(base, size, kind) if base is not None else monogram(store.name, accent, size, kind)
        save_atomic(img, icons.cache / icons.cache_name(name), "PNG", optimize=True)
    big = _from_logo(base, 256, "any") if base is not None else monogram(store.name, accent, 256, "any")
    save_atomic(big, icons.cache / icons.cache_name("favicon"), "ICO", sizes=[(s, s) for s in FAVICON_SIZES])


def manifest(store, accent: str, icons: IconSet, path) -> str:
    """The web manifest: the store's name, colours and icons, for 'Add to Home screen'."""
    data = {
        "name": store.name,
        "short_name": store.name if len(store.name) <= 12 else store.name.split()[0][:12],
        "lang": store.language,
        "start_url": store.base_path,
        "scope": store.base_path,
        "display": "minimal-ui",
        "background_color": BACKGROUND,
        "theme_color": accent,
        "icons": [
            {"src": path(icons.site_name("icon-192")), "sizes": "192x192", "type": "image/png"},
            {"src": path(icons.site_name("icon-512")), "sizes": "512x512", "type": "image/png"},
            {"src": path(icons.site_name("icon-maskable-512")), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- drawing


def _logo_square(path: Path):
    """The logo, upright and in sRGB, centred on a transparent square."""
    from PIL import Image

    from generator.media.images import PhotoError, _open

    try:
        img = _open(path, path.read_bytes()).convert("RGBA")
    except PhotoError as exc:
        raise _logo_problem(msg("logo.unusable", name=path.name, problem=exc.message)) from None
    except OSError as exc:
        raise _logo_problem(msg("logo.unreadable", name=path.name, reason=str(exc.strerror or exc))) from None
    img.thumbnail((1024, 1024), Image.Resampling.LANCZOS)
    side = max(img.size)
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(img, ((side - img.width) // 2, (side - img.height) // 2))
    return square


def _logo_problem(message) -> ContentError:
    """A logo that cannot be used, reported as store.yml's 'logo' field."""
    return ContentError([Problem("store.yml", message, "logo")])


def _from_logo(square, size: int, kind: str):
    from PIL import Image

    if kind == "any":
        return square.resize((size, size), Image.Resampling.LANCZOS)
    inner = round(size * (0.62 if kind == "maskable" else 0.86))
    canvas = Image.new("RGBA", (size, size), (255, 255, 255, 255))
    logo = square.resize((inner, inner), Image.Resampling.LANCZOS)
    canvas.alpha_composite(logo, ((size - inner) // 2, (size - inner) // 2))
    return canvas.convert("RGB")


def monogram(name: str, accent: str, size: int, kind: str = "any"):
    """The store's initials in white on its accent colour: a rounded square (a full one when opaque)."""
    from PIL import Image, ImageDraw

    from generator.media.share import BOLD, _font, initials

    scale = 4 if size < 128 else 1  # small icons are drawn large and reduced: smooth edges
    big = size * scale
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if kind == "any":
        d.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(big * 0.22), fill=accent)
    else:
        d.rectangle((0, 0, big, big), fill=accent)
    letters = initials(name)
    if letters:
        share = {1: 0.56, 2: 0.42}[len(letters)] * (0.75 if kind == "maskable" else 1)
        font = _font(BOLD, max(8, round(big * share)))
        d.text((big / 2, big / 2), letters, font=font, fill="#ffffff", anchor="mm")
    if scale > 1:
        img = img.resize((size, size), Image.Resampling.LANCZOS)
    return img if kind == "any" else img.convert("RGB")
