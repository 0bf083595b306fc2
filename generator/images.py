"""Photos: plan sizes (pure), process with Pillow (thin I/O), cache results by content hash."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

WIDTHS = (320, 640, 1024)  # WebP widths for the storefront's cards and product pages
SHARE_WIDTH = 1200  # the JPEG used for link previews (og:image)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
MAX_PIXELS = 50_000_000  # refuse larger images: they are not phone photos and would exhaust memory
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "AVIF", "HEIF", "MPO")
PARAMS = f"v1:{WIDTHS}:{SHARE_WIDTH}:{WEBP_QUALITY}:{JPEG_QUALITY}"


@dataclass(frozen=True)
class Rendition:
    """One processed file of a photo, named after its content hash and width."""

    name: str
    width: int
    height: int


@dataclass(frozen=True)
class PhotoSet:
    """Every processed file of one source photo."""

    key: str
    width: int
    height: int
    webp: tuple[Rendition, ...]
    jpeg: Rendition

    @property
    def files(self) -> list[str]:
        """Names of every file this photo needs in the output's photos/ folder."""
        return [r.name for r in self.webp] + [self.jpeg.name]


class PhotoError(Exception):
    """A photo that cannot be used; the message says why, in plain words."""


def plan_widths(width: int, widths: tuple[int, ...] = WIDTHS) -> list[int]:
    """The widths to make for a photo ``width`` pixels wide: never larger than the original."""
    chosen = [w for w in widths if w < width]
    if width <= widths[-1]:
        chosen.append(width)
    else:
        chosen.append(widths[-1])
    return sorted(set(chosen))


def scaled_height(width: int, height: int, new_width: int) -> int:
    """The height that keeps the aspect ratio at ``new_width``."""
    return max(1, round(height * new_width / width))


def photo_key(data: bytes) -> str:
    """The cache key of a photo: its bytes and the processing parameters."""
    return hashlib.sha256(data + PARAMS.encode()).hexdigest()[:20]


def _meta_path(cache: Path, key: str) -> Path:
    return cache / f"{key}.json"


def cached(cache: Path, key: str) -> PhotoSet | None:
    """The processed set for ``key`` if the cache holds all of its files."""
    try:
        meta = json.loads(_meta_path(cache, key).read_text())
        photo = PhotoSet(key, meta["width"], meta["height"], tuple(Rendition(*r) for r in meta["webp"]),
                         Rendition(*meta["jpeg"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return photo if all((cache / n).is_file() for n in photo.files) else None


def process(source: Path, cache: Path) -> PhotoSet:
    """Make the WebP widths and the share JPEG of ``source`` in ``cache``, or reuse them."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise PhotoError(f"cannot read the photo ({exc.strerror})") from None
    key = photo_key(data)
    hit = cached(cache, key)
    if hit is not None:
        return hit
    img = _open(source, data)
    cache.mkdir(parents=True, exist_ok=True)
    width, height = img.size
    webp = []
    for w in plan_widths(width):
        h = scaled_height(width, height, w)
        name = f"{key[:16]}-{w}.webp"
        _save(img.resize((w, h), _lanczos()) if w != width else img, cache / name, "WEBP",
              quality=WEBP_QUALITY, method=4)
        webp.append(Rendition(name, w, h))
    jw = min(width, SHARE_WIDTH)
    jh = scaled_height(width, height, jw)
    flat = _flatten(img.resize((jw, jh), _lanczos()) if jw != width else img)
    jpeg = Rendition(f"{key[:16]}-{jw}.jpg", jw, jh)
    _save(flat, cache / jpeg.name, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    photo = PhotoSet(key, width, height, tuple(webp), jpeg)
    tmp = _meta_path(cache, key).with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"width": width, "height": height, "webp": [list(r.__dict__.values()) for r in webp],
                               "jpeg": list(jpeg.__dict__.values())}))
    os.replace(tmp, _meta_path(cache, key))
    return photo


def _lanczos():
    from PIL import Image

    return Image.Resampling.LANCZOS


def _open(source: Path, data: bytes):
    """Decode a photo, orient it upright and drop its metadata; refuse what is not a usable photo."""
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise PhotoError("the file is empty (0 bytes); copy the photo again")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        _register_heif()
        Image.init()
        with Image.open(io.BytesIO(data), formats=[f for f in FORMATS if f in Image.OPEN]) as img:
            if img.width * img.height > MAX_PIXELS:
                raise PhotoError(f"the photo is too large ({img.width}x{img.height} pixels); "
                                 "use a photo under 50 megapixels")
            img.seek(0)
            img.load()
            img = ImageOps.exif_transpose(img)
    except PhotoError:
        raise
    except UnidentifiedImageError:
        raise PhotoError("this is not a photo Lapak can read (JPEG, PNG, WebP, AVIF, HEIC or GIF); "
                         "open it and save it again as JPEG") from None
    except Image.DecompressionBombError:
        raise PhotoError("the photo is too large; use a photo under 50 megapixels") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise PhotoError(f"the photo is damaged or cut off ({exc}); copy it again from the phone") from None
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):  # 16-bit grey: scale to 8 bits, don't clip
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if img.mode not in ("RGB", "RGBA"):
        img = img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")
    img.info.clear()
    return img


def _flatten(img):
    from PIL import Image

    if img.mode == "RGBA":
        bg = Image.new("RGB", img.size, (255, 255, 255))
        bg.paste(img, mask=img.getchannel("A"))
        return bg
    return img


def _save(img, path: Path, fmt: str, **options) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # two workers may make the same photo
    img.save(tmp, fmt, **options)
    os.replace(tmp, path)


_heif_done = False


def _register_heif() -> None:
    global _heif_done
    if not _heif_done:
        _heif_done = True
        try:
            from pillow_heif import register_heif_opener

            register_heif_opener()
        except ImportError:  # HEIC support is optional
            pass


def process_one(args: tuple[Path, Path]) -> tuple[Path, PhotoSet | None, str | None]:
    """Worker entry: process one photo, returning an error message instead of raising."""
    source, cache = args
    try:
        return source, process(source, cache), None
    except PhotoError as exc:
        return source, None, str(exc)
    except OSError as exc:  # the cache folder could not be written: say so instead of crashing
        return source, None, f"cannot save the processed photo in {cache} ({exc.strerror or exc})"
