"""Colour management for photos: embedded ICC profiles and HEIF colour tags converted to sRGB.

Phones shoot in wider gamuts than sRGB (iPhones in Display P3, cameras in Adobe RGB). Browsers
treat an untagged image as sRGB, and Lapak strips every profile from what it publishes, so the
pixels must be converted: left as they are, wide-gamut colours look dull.

``rgb_profile`` writes a small matrix/curve ICC profile from primaries; it stands in for a HEIF
file's colour tags (nclx) and lets tests make Display P3 and Adobe RGB photos without shipping
profile files.
"""

from __future__ import annotations

import io
import logging
import struct
from functools import lru_cache

log = logging.getLogger(__name__)

D50 = (0.9642, 1.0, 0.8249)
D65_XY = (0.3127, 0.3290)
SRGB_TRC = (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)  # parametric curve type 3

# name: (red, green, blue primaries as (x, y), white point (x, y))
PRIMARIES = {
    "srgb": ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06), D65_XY),
    "display-p3": ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060), D65_XY),
    "adobe-rgb": ((0.64, 0.33), (0.21, 0.71), (0.15, 0.06), D65_XY),
    "bt2020": ((0.708, 0.292), (0.170, 0.797), (0.131, 0.046), D65_XY),
}
# HEIF/AVIF colour tags (ISO/IEC 23091-2): colour primaries code -> PRIMARIES name
NCLX_PRIMARIES = {9: "bt2020", 12: "display-p3"}
NCLX_SDR_TRANSFERS = {1, 6, 13, 14, 15}  # BT.709, BT.601, sRGB, BT.2020 (SDR): near enough to sRGB's curve

_BRADFORD = ((0.8951, 0.2664, -0.1614), (-0.7502, 1.7135, 0.0367), (0.0389, -0.0685, 1.0296))


def _inverse(m):
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return ((
        (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det), (
        (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det), (
        (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det))


def _mul(m, n):
    return tuple(tuple(sum(m[r][k] * n[k][c] for k in range(3)) for c in range(3)) for r in range(3))


def _apply(m, v):
    return tuple(sum(m[r][k] * v[k] for k in range(3)) for r in range(3))


def _xyz(xy):
    x, y = xy
    return (x / y, 1.0, (1 - x - y) / y)


def colorants(name: str):
    """The D50-adapted RGB-to-XYZ matrix of a colour space (columns: red, green, blue), as ICC wants it."""
    red, green, blue, white = PRIMARIES[name]
    cols = [_xyz(red), _xyz(green), _xyz(blue)]
    m = tuple(tuple(cols[c][r] for c in range(3)) for r in range(3))
    s = _apply(_inverse(m), _xyz(white))
    rgb_to_xyz = tuple(tuple(m[r][c] * s[c] for c in range(3)) for r in range(3))
    return _mul(_adaptation(_xyz(white)), rgb_to_xyz)


def _adaptation(src_white):
    lms_src, lms_dst = _apply(_BRADFORD, src_white), _apply(_BRADFORD, D50)
    scale = ((lms_dst[0] / lms_src[0], 0, 0), (0, lms_dst[1] / lms_src[1], 0), (0, 0, lms_dst[2] / lms_src[2]))
    return _mul(_inverse(_BRADFORD), _mul(scale, _BRADFORD))


def _s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _mluc(text: str) -> bytes:
    data = text.encode("utf-16-be")
    return b"mluc" + bytes(4) + struct.pack(">II", 1, 12) + b"enUS" + struct.pack(">II", len(data), 28) + data


def rgb_profile(name: str, gamma: float | None = None, description: str = "") -> bytes:
    """An ICC v4 display profile for the colour space ``name``: sRGB's tone curve, or a plain ``gamma``."""
    matrix = colorants(name)
    if gamma is None:
        trc = b"para" + bytes(4) + struct.pack(">HH", 3, 0) + b"".join(_s15(v) for v in SRGB_TRC)
    else:
        trc = b"para" + bytes(4) + struct.pack(">HH", 0, 0) + _s15(gamma)
    white = _xyz(PRIMARIES[name][3])
    tags = [
        (b"desc", _mluc(description or name)),
        (b"cprt", _mluc("No copyright, use freely")),
        (b"wtpt", b"XYZ " + bytes(4) + b"".join(_s15(v) for v in D50)),
        (b"chad", b"sf32" + bytes(4) + b"".join(_s15(v) for row in _adaptation(white) for v in row)),
        (b"rXYZ", b"XYZ " + bytes(4) + b"".join(_s15(matrix[r][0]) for r in range(3))),
        (b"gXYZ", b"XYZ " + bytes(4) + b"".join(_s15(matrix[r][1]) for r in range(3))),
        (b"bXYZ", b"XYZ " + bytes(4) + b"".join(_s15(matrix[r][2]) for r in range(3))),
        (b"rTRC", trc), (b"gTRC", trc), (b"bTRC", trc),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = [], b""
    for sig, data in tags:
        data += bytes(-len(data) % 4)
        table.append(sig + struct.pack(">II", offset + len(body), len(data)))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x04300000) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2024, 1, 1, 0, 0, 0) + b"acsp" + bytes(24) + struct.pack(">I", 0)
              + b"".join(_s15(v) for v in D50) + bytes(4) + bytes(16) + bytes(28))
    return header + struct.pack(">I", len(tags)) + b"".join(table) + body


@lru_cache(maxsize=1)
def _srgb():
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@lru_cache(maxsize=16)
def _transform(icc: bytes, in_mode: str, out_mode: str):
    """A transform from the profile ``icc`` to sRGB, or None when the profile is sRGB or unusable."""
    from PIL import ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        name = (ImageCms.getProfileDescription(profile) or "").strip()
        if name.lower().startswith("srgb") and in_mode in ("RGB", "RGBA"):
            return None  # already what browsers assume
        return ImageCms.buildTransform(profile, _srgb(), in_mode, out_mode,
                                       renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        log.info("ignoring an unusable colour profile: %s", exc)
        return None


def nclx_profile(nclx: dict | None) -> bytes | None:
    """An ICC profile standing for a HEIF file's colour tags, when they name a gamut wider than sRGB."""
    if not isinstance(nclx, dict):
        return None
    name = NCLX_PRIMARIES.get(nclx.get("color_primaries"))
    if name is None or nclx.get("transfer_characteristics") not in NCLX_SDR_TRANSFERS:
        return None
    return _nclx_icc(name)


@lru_cache(maxsize=4)
def _nclx_icc(name: str) -> bytes:
    return rgb_profile(name)


def to_srgb(img, icc: bytes | None):
    """``img`` (RGB, RGBA, CMYK or L) converted from its profile to sRGB, as RGB or RGBA.

    Without a profile, or with one that cannot be used, the pixels are taken as sRGB already.
    The alpha channel is kept as it is.
    """
    alpha = img.getchannel("A") if img.mode == "RGBA" else None
    colour = img.convert("RGB") if alpha is not None else img
    transform = _transform(icc, colour.mode, "RGB") if icc and colour.mode in ("RGB", "CMYK", "L") else None
    if transform is not None:
        from PIL import ImageCms

        try:
            colour = ImageCms.applyTransform(colour, transform)
        except (ImageCms.PyCMSError, ValueError) as exc:
            log.info("colour conversion failed, pixels kept: %s", exc)
    if colour.mode != "RGB":
        colour = colour.convert("RGB")
    if alpha is not None:
        colour.putalpha(alpha)
    return colour
